#!/usr/bin/env bash
# test_session_files.sh: checks the committed default session (audio/fountain.*)
# against its script, so that the voice, the captions and the choreography agree.
#
#   tests/test_session_files.sh [WELLSPRING_BINARY (unused)] [SCRATCH_DIR]
#
# Checks: the audio's length matches the last caption (within the final silence);
# every cue lies inside the audio, is at least 0.83 s long, reads at <= 180 words
# per minute and does not overlap the next; the cue texts are the script's phrases
# in order (merged "+" phrases joined by a space); the timeline's phase marks are
# the script's phases, in order, near their target times, and each phase's first
# caption starts with its narration; loudness is -16 +/- 1 LUFS with a true peak of
# at most -1.5 dBTP; the file is under 6 MB. Needs ffmpeg/ffprobe (the README's
# test command installs them). Exits nonzero with a message on the first failure
# of each kind (all kinds are checked).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SCRATCH=${2:-${TMPDIR:-/tmp}}
mkdir -p "$SCRATCH"
NAME=fountain
SCRIPT=$ROOT/audio/$NAME.script
OGG=$ROOT/audio/$NAME.ogg
VTT=$ROOT/audio/$NAME.vtt
TL=$ROOT/audio/$NAME.timeline

MAX_WPM=180
MIN_CUE_S=0.83
MAX_LEAD_S=0.3       # a cue may appear at most this long before its speech
LATE_MAX_S=3         # a phase may start at most this long after its target
TAIL_EXTRA_S=5       # audio after the last cue: at most the last pause plus this
TARGET_I=-16
MAX_TP=-1.5
MAX_BYTES=6000000

failures=0
fail() { printf 'FAIL: %s\n' "$*" >&2; failures=$((failures + 1)); }

for f in "$SCRIPT" "$OGG" "$VTT" "$TL"; do
    [[ -f $f ]] || { echo "FAIL: missing $f" >&2; exit 1; }
done
for t in ffmpeg ffprobe awk; do
    command -v "$t" >/dev/null || { echo "FAIL: $t is required (apt-get install ffmpeg)" >&2; exit 1; }
done

# ---- the script: expected cues and phases --------------------------------------------
# cues.exp:   index<TAB>text
# phases.exp: name<TAB>target_s<TAB>first_cue_index<TAB>silence_before_first_phrase_s
# tail.exp:   last_pause_s<TAB>end_target_s
awk -F'|' -v dir="$SCRATCH" '
function trim(s) { sub(/^[ \t\r]+/, "", s); sub(/[ \t\r]+$/, "", s); return s }
function tsec(s,   a) { if (s ~ /:/) { split(s, a, ":"); return a[1] * 60 + a[2] } return s + 0 }
{ line = $0; sub(/\r$/, "", line) }
line ~ /^##[ \t]+phase[ \t]/ { split(trim(substr(line, 3)), f, /[ \t]+/)
    np++; name[np] = f[2]; target[np] = tsec(f[3]); first[np] = 0; lead[np] = 0; next }
line ~ /^##[ \t]+end[ \t]/ { split(trim(substr(line, 3)), f, /[ \t]+/); endt = tsec(f[2]); next }
line ~ /^#/ || line ~ /^[ \t]*$/ { next }
{
    p = index(line, "|"); text = trim(substr(line, 1, p - 1)); pause = trim(substr(line, p + 1)) + 0
    if (text == "") { if (!first[np]) lead[np] += pause; next }
    if (substr(text, 1, 1) == "+") { cue[nc] = cue[nc] " " trim(substr(text, 2)) }
    else { nc++; cue[nc] = text; if (!first[np]) first[np] = nc }
    gsub(/[ \t]+/, " ", cue[nc]); lastpause = pause
}
END {
    for (c = 1; c <= nc; c++) printf "%d\t%s\n", c, cue[c] > (dir "/cues.exp")
    for (p = 1; p <= np; p++) printf "%s\t%.3f\t%d\t%.3f\n", name[p], target[p], first[p], lead[p] > (dir "/phases.exp")
    printf "%.3f\t%.3f\n", lastpause, endt > (dir "/tail.exp")
}' "$SCRIPT"

# ---- the captions ----------------------------------------------------------------------
# cues.got: index<TAB>start_s<TAB>end_s<TAB>text
awk -v dir="$SCRATCH" '
function secs(t,   a, n) { n = split(t, a, ":"); return (n == 3) ? a[1] * 3600 + a[2] * 60 + a[3] : a[1] * 60 + a[2] }
{ sub(/\r$/, "") }
NR == 1 { if ($0 !~ /^WEBVTT/) { print "FAIL: " FILENAME " does not start with WEBVTT" > "/dev/stderr"; bad = 1 } next }
/-->/ { n++; st[n] = secs($1); en[n] = secs($3); txt[n] = ""; intext = 1; next }
/^$/ { intext = 0; next }
intext { txt[n] = (txt[n] == "") ? $0 : txt[n] " " $0 }
END { for (i = 1; i <= n; i++) printf "%d\t%.3f\t%.3f\t%s\n", i, st[i], en[i], txt[i] > (dir "/cues.got"); exit bad }
' "$VTT" || fail "bad caption file"
touch "$SCRATCH/cues.got"

ncues=$(wc -l <"$SCRATCH/cues.got")
((ncues > 0)) || fail "no cues in $VTT"

# cue text equals the script
if ! diff <(cut -f2 "$SCRATCH/cues.exp") <(cut -f4 "$SCRATCH/cues.got") >"$SCRATCH/cues.diff"; then
    fail "caption text differs from the script's phrases ($VTT vs $SCRIPT):"
    head -20 "$SCRATCH/cues.diff" >&2
fi

# ---- audio length, cue placement, reading speed ---------------------------------------
dur=$(ffprobe -v error -show_entries format=duration -of default=nw=1:nk=1 "$OGG")
[[ $dur =~ ^[0-9.]+$ ]] || { echo "FAIL: ffprobe could not read the duration of $OGG" >&2; exit 1; }
read -r last_pause end_target <"$SCRATCH/tail.exp"

awk -F'\t' -v dur="$dur" -v maxwpm="$MAX_WPM" -v mincue="$MIN_CUE_S" \
    -v lastpause="$last_pause" -v endt="$end_target" -v extra="$TAIL_EXTRA_S" '
function bad(msg) { print "FAIL: " msg > "/dev/stderr"; nbad++ }
{
    i = $1; s = $2; e = $3; t = $4; d = e - s
    if (s < 0 || e > dur + 0.001) bad(sprintf("cue %d (%.3f-%.3f) lies outside the audio (0-%.3f)", i, s, e, dur))
    if (d < mincue) bad(sprintf("cue %d lasts %.3f s (< %.2f s): %s", i, d, mincue, t))
    if (NR > 1 && s < pe) bad(sprintf("cue %d starts at %.3f, before cue %d ends (%.3f)", i, s, i - 1, pe))
    nw = split(t, w, /[ \t]+/)
    if (d > 0 && nw / d * 60 > maxwpm + 0.01) bad(sprintf("cue %d reads at %.0f wpm (> %d): %s", i, nw / d * 60, maxwpm, t))
    pe = e; last = e
}
END {
    tail = dur - last
    if (tail < 0) bad(sprintf("the last cue ends at %.3f, after the audio (%.3f)", last, dur))
    if (tail > lastpause + extra) bad(sprintf("the audio runs %.1f s past the last cue (last pause %.1f s)", tail, lastpause))
    if (dur < endt - 0.1) bad(sprintf("the audio (%.3f s) is shorter than the script'"'"'s end time %.3f", dur, endt))
    exit nbad > 0
}' "$SCRATCH/cues.got" || fail "caption timing"

# ---- phases: timeline vs script vs captions ----------------------------------------------
awk '{ sub(/\r$/, ""); sub(/#.*/, "") } $1 == "phase" { print $2 "\t" $3 }' "$TL" >"$SCRATCH/phases.got"
awk -F'\t' -v late="$LATE_MAX_S" -v maxlead="$MAX_LEAD_S" -v expf="$SCRATCH/phases.exp" -v cues="$SCRATCH/cues.got" '
function bad(msg) { print "FAIL: " msg > "/dev/stderr"; nbad++ }
function tsec(s,   a, n) { n = split(s, a, ":"); return (n == 3) ? a[1] * 3600 + a[2] * 60 + a[3] : (n == 2) ? a[1] * 60 + a[2] : s + 0 }
BEGIN {
    while ((getline l < expf) > 0) { split(l, f, "\t"); ne++; en[ne] = f[1]; et[ne] = f[2]; ec[ne] = f[3]; el[ne] = f[4] }
    while ((getline l < cues) > 0) { split(l, f, "\t"); cs[f[1]] = f[2]; ce[f[1]] = f[3]; if (f[1] + 0 > lastc) lastc = f[1] + 0 }
}
$1 == "end" {
    # the end card: 0.7 s after the last caption ends (src/session/timeline_derive.h)
    ended = 1
    if (tsec($2) < ce[lastc] + 0.7 - 0.002 || tsec($2) > ce[lastc] + 0.7 + 0.002)
        bad(sprintf("phase end at %.3f: expected 0.7 s after the last caption ends (%.3f)", tsec($2), ce[lastc]))
    next
}
{
    n++; gt = tsec($2)
    if (n > ne) { bad("timeline has an extra phase " $1); next }
    if ($1 != en[n]) { bad(sprintf("phase %d is %s in the timeline but %s in the script", n, $1, en[n])); next }
    if (gt < et[n] - 0.001 || gt > et[n] + late)
        bad(sprintf("phase %s starts at %.3f, target %.3f (allowed up to %d s late)", $1, gt, et[n], late))
    if (ec[n] > 0) {
        onset = gt + el[n]; s = cs[ec[n]]
        if (s == "") bad(sprintf("phase %s: its first cue (%d) is missing", $1, ec[n]))
        else if (s > onset + 0.001 || s < onset - maxlead - 0.001)
            bad(sprintf("phase %s at %.3f: its first words (cue %d) show at %.3f, expected %.3f (up to %.1f s earlier)", $1, gt, ec[n], s, onset, maxlead))
    }
}
END { if (n < ne) bad(sprintf("timeline has %d phases, the script %d", n, ne)); if (!ended) bad("timeline has no end phase"); exit nbad > 0 }' "$SCRATCH/phases.got" || fail "phase marks"

# ---- loudness and size --------------------------------------------------------------------
read -r li lra tp < <(ffmpeg -hide_banner -nostats -i "$OGG" -af ebur128=peak=true -f null - 2>&1 |
    awk '/Summary:/ {s=1} s && $1 == "I:" {i=$2} s && $1 == "LRA:" {l=$2}
         s && /True peak:/ {t=1} t && $1 == "Peak:" {p=$2; t=0} END {print i, l, p}')
[[ -n ${tp:-} ]] || { echo "FAIL: ffmpeg could not measure the loudness of $OGG" >&2; exit 1; }
awk -v i="$li" -v t="$TARGET_I" 'BEGIN {exit !(i - t <= 1 && t - i <= 1)}' ||
    fail "integrated loudness $li LUFS is not within 1 LU of $TARGET_I"
awk -v p="$tp" -v m="$MAX_TP" 'BEGIN {exit !(p <= m)}' || fail "true peak $tp dBTP is above $MAX_TP dBTP"
size=$(wc -c <"$OGG")
((size < MAX_BYTES)) || fail "$OGG is $size bytes (limit $MAX_BYTES)"

if ((failures)); then
    echo "test_session_files: $failures check(s) failed" >&2
    exit 1
fi
printf 'test_session_files: ok (%.1f s, %d cues, I=%s LUFS, LRA=%s LU, TP=%s dBTP, %d bytes)\n' \
    "$dur" "$ncues" "$li" "$lra" "$tp" "$size"
