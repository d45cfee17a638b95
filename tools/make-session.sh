#!/usr/bin/env bash
# make-session.sh: build a Wellspring guided session from its plain-text script.
#
#   tools/make-session.sh [audio/NAME.script]      (default: audio/fountain.script)
#
# Reads NAME.script (format documented in its header) and writes, beside it:
#   NAME.ogg       narration (festival, HTS voice cmu_us_slt_arctic_hts, slowed with
#                  the HTS speed parameter) over a soft ambient bed (sox drone + water),
#                  loudness-normalised to -16 LUFS / <= -1.5 dBTP in two loudnorm passes,
#                  Ogg Vorbis mono.
#   NAME.vtt       WebVTT captions, one cue per phrase (or per merged pair), timed
#                  from the measured length of each synthesised clip.
#   NAME.timeline  only the block between "# BEGIN PHASES" and "# END PHASES" is
#                  rewritten with the real phase start times; the rest of the file
#                  belongs to the choreography and is preserved.
#
# Everything is offline and deterministic: the same script gives the same .vtt and
# phase block (festival's HTS synthesis is deterministic and sox runs with -R).
# Missing tools are installed with apt-get (Debian/Ubuntu).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SCRIPT=${1:-$ROOT/audio/fountain.script}
[[ -f $SCRIPT ]] || { echo "make-session: no such script: $SCRIPT" >&2; exit 1; }
BASE=${SCRIPT%.script}
OUT_OGG=$BASE.ogg
OUT_VTT=$BASE.vtt
OUT_TL=$BASE.timeline

# ---- tunables --------------------------------------------------------------
SR=44100            # working and output sample rate
HTS_SPEED=0.75      # HTS engine -r: < 1 speaks more slowly (0.75 = about 4/3 longer)
VOICE=voice_cmu_us_slt_arctic_hts
VOICE_DIR=/usr/share/festival/voices/us/cmu_us_slt_arctic_hts
CLIP_I=-24          # every phrase is brought to this loudness (LUFS) before mixing
TRIM_DB=-48         # clip edges quieter than this (dBFS) are trimmed as silence
CUE_LEAD_MS=200     # a cue appears this long before the speech onset (<= 300)
CUE_LINGER_MS=800   # and stays this long after the speech ends
CUE_GAP_MS=100      # minimum gap between one cue's end and the next cue's start
CUE_MIN_MS=1000     # shortest cue (readers need >= 0.83 s)
MAX_WPM=180         # reading speed limit per cue
LATE_MAX_S=3        # a phase may start at most this late after its target
BED_BELOW_DB=21     # ambient bed loudness below the voice (LU)
TARGET_I=-16        # integrated loudness, LUFS
TARGET_TP=-2.5      # true peak given to loudnorm; the encoded file must stay <= -1.5
LIMIT_TP=-1.5
FADE_IN_S=3
FADE_OUT_S=7
VORBIS_Q=3
MAX_BYTES=$((6 * 1024 * 1024))

log() { printf 'make-session: %s\n' "$*" >&2; }
die() { printf 'make-session: error: %s\n' "$*" >&2; exit 1; }

# ---- tools -------------------------------------------------------------------
ensure_tools() {
    local pkgs=()
    command -v festival >/dev/null || pkgs+=(festival)
    [[ -d $VOICE_DIR ]] || pkgs+=(festvox-us-slt-hts)
    { command -v sox >/dev/null && command -v soxi >/dev/null; } || pkgs+=(sox)
    { command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null; } || pkgs+=(ffmpeg)
    command -v awk >/dev/null || pkgs+=(mawk)
    ((${#pkgs[@]} == 0)) && return 0
    log "installing missing tools: ${pkgs[*]}"
    local sudo=()
    if [[ $(id -u) -ne 0 ]]; then sudo=(sudo); fi
    "${sudo[@]}" apt-get update
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y "${pkgs[@]}"
}

# Integrated loudness (LUFS) of a file, from ffmpeg's ebur128 summary.
measure_i() {
    ffmpeg -hide_banner -nostats -i "$1" -af ebur128 -f null - 2>&1 |
        awk '/Integrated loudness:/ {f=1} f && $1 == "I:" {print $2; exit}'
}

# "I LRA TP" of a file (ebur128 with true-peak metering).
measure_all() {
    ffmpeg -hide_banner -nostats -i "$1" -af ebur128=peak=true -f null - 2>&1 |
        awk '/Summary:/ {s=1} s && $1 == "I:" {i=$2} s && $1 == "LRA:" {l=$2}
             s && /True peak:/ {t=1} t && $1 == "Peak:" {p=$2; t=0}
             END {print i, l, p}'
}

# Value of a field in loudnorm's JSON report.
json_field() { awk -v k="\"$1\"" -F' : ' '$1 ~ k {gsub(/[",[:space:]]/, "", $2); print $2}'; }

start_s=$(date +%s)
ensure_tools

TMP=$(mktemp -d "${TMPDIR:-/tmp}/make-session.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# ---- 1. parse the script -----------------------------------------------------
# items.tsv:  P name target_s | Q pause_s | S index merge pause_s words text | E target_s
awk -v OFS='\t' '
function fail(msg) { printf "%s:%d: error: %s\n", FILENAME, FNR, msg > "/dev/stderr"; bad = 1; exit 1 }
function trim(s) { sub(/^[ \t\r]+/, "", s); sub(/[ \t\r]+$/, "", s); return s }
function tsec(s,   a) {
    if (s ~ /^[0-9]+(\.[0-9]+)?$/) return s + 0
    if (s ~ /^[0-9]+:[0-5][0-9](\.[0-9]+)?$/) { split(s, a, ":"); return a[1] * 60 + a[2] }
    return -1
}
{ line = $0; sub(/\r$/, "", line) }
line ~ /^[ \t]*$/ { next }
line ~ /^##[ \t]/ {
    n = split(trim(substr(line, 3)), f, /[ \t]+/)
    if (f[1] == "phase") {
        if (n != 3) fail("expected \"## phase NAME M:SS\"")
        if (f[2] !~ /^[a-z0-9-]+$/) fail("phase name \"" f[2] "\" must be [a-z0-9-]+")
        if (f[2] in seen) fail("phase \"" f[2] "\" appears twice")
        t = tsec(f[3]); if (t < 0) fail("bad time \"" f[3] "\" (use M:SS)")
        if (t < last_t) fail("phase \"" f[2] "\" starts before the previous phase")
        if (ended) fail("phase after \"## end\"")
        seen[f[2]] = 1; last_t = t; nphase++; prev = "P"
        print "P", f[2], t; next
    }
    if (f[1] == "end") {
        if (n != 2) fail("expected \"## end M:SS\"")
        t = tsec(f[2]); if (t < 0) fail("bad time \"" f[2] "\"")
        ended = 1; print "E", t; next
    }
    fail("unknown directive (expected \"## phase NAME M:SS\" or \"## end M:SS\")")
}
line ~ /^#/ { next }
{
    if (!nphase) fail("text before the first \"## phase\" line")
    if (ended) fail("text after \"## end\"")
    p = index(line, "|"); if (!p) fail("missing \"| PAUSE\" after the phrase")
    text = trim(substr(line, 1, p - 1)); pause = trim(substr(line, p + 1))
    if (pause !~ /^[0-9]+(\.[0-9]+)?$/) fail("pause \"" pause "\" is not a number of seconds")
    if (text == "") { print "Q", pause; prev = "Q"; next }
    merge = 0
    if (substr(text, 1, 1) == "+") {
        merge = 1; text = trim(substr(text, 2))
        if (prev != "S") fail("\"+\" must follow a phrase in the same phase")
        if (prev_pause > 1.5) fail("the pause before a merged phrase must be <= 1.5 s")
    }
    if (text ~ /["\\|#]/) fail("phrases may not contain \", \\, | or #")
    if (pause + 0 < 0.3) fail("pause must be at least 0.3 s")
    nw = split(text, w, /[ \t]+/)
    if (nw < 3 || nw > 12) fail("a phrase needs 3 to 12 words (this one has " nw ")")
    gsub(/[ \t]+/, " ", text)
    nphr++; print "S", nphr, merge, pause, nw, text; prev = "S"; prev_pause = pause
}
END {
    if (bad) exit 1
    if (!nphase || !nphr) { printf "%s: error: no phases or no phrases\n", FILENAME > "/dev/stderr"; exit 1 }
    if (!ended) { printf "%s: error: missing \"## end M:SS\"\n", FILENAME > "/dev/stderr"; exit 1 }
}' "$SCRIPT" >"$TMP/items.tsv"

nphr=$(awk -F'\t' '$1 == "S"' "$TMP/items.tsv" | wc -l)
nwords=$(awk -F'\t' '$1 == "S" {n += $5} END {print n + 0}' "$TMP/items.tsv")
log "script: $nphr phrases, $nwords words"

# ---- 2. synthesise every phrase in one festival run ----------------------------
mkdir -p "$TMP/raw" "$TMP/clip"
{
    printf '(%s)\n' "$VOICE"
    # HTS voices ignore Duration_Stretch; the engine speed "-r" slows them down.
    printf '(set! hts_engine_params (append cmu_us_slt_arctic_hts::hts_engine_params (list (list "-r" %s))))\n' "$HTS_SPEED"
    awk -F'\t' -v dir="$TMP/raw" '$1 == "S" {
        printf "(set! utt (Utterance Text \"%s\"))\n(utt.synth utt)\n(utt.save.wave utt \"%s/%03d.wav\" (quote riff))\n", $6, dir, $2
    }' "$TMP/items.tsv"
} >"$TMP/synth.scm"
festival -b "$TMP/synth.scm" >"$TMP/festival.log" 2>&1 || { cat "$TMP/festival.log" >&2; die "festival failed"; }

# Trim the synthesiser's own leading/trailing silence (so the clip starts at the
# speech onset), remove DC, resample, and fade both ends so nothing clicks.
: >"$TMP/lengths"
for ((i = 1; i <= nphr; i++)); do
    raw=$(printf '%s/raw/%03d.wav' "$TMP" "$i")
    clip=$(printf '%s/clip/%03d.wav' "$TMP" "$i")
    [[ -s $raw ]] || { cat "$TMP/festival.log" >&2; die "festival wrote no audio for phrase $i"; }
    # A gentle 2:1 compressor on the loudest syllables keeps the final limiter idle.
    sox "$raw" -b 32 -e floating-point "$TMP/clip.wav" highpass 60 \
        silence 1 0.01 "${TRIM_DB}d" reverse silence 1 0.01 "${TRIM_DB}d" reverse \
        compand 0.005,0.12 6:-70,-70,-24,-24,0,-12 \
        fade q 0.02 reverse fade q 0.08 reverse rate -v "$SR"
    # Even out the level from phrase to phrase (the synthesiser varies by up to 7 dB).
    g=$(awk -v i="$(measure_i "$TMP/clip.wav")" -v t="$CLIP_I" \
        'BEGIN {g = t - i; if (g > 6) g = 6; if (g < -6) g = -6; printf "%.2f", g}')
    sox "$TMP/clip.wav" "$clip" gain "$g"
    printf '%d %s\n' "$i" "$(soxi -s "$clip")" >>"$TMP/lengths"
done

# ---- 3. lay the clips out on the time line ---------------------------------------
# Everything is done in samples (exact), then converted to milliseconds for the cues.
awk -F'\t' -v OFS='\t' -v sr="$SR" -v late="$LATE_MAX_S" -v dir="$TMP" \
    -v lead="$CUE_LEAD_MS" -v linger="$CUE_LINGER_MS" -v gap="$CUE_GAP_MS" \
    -v minms="$CUE_MIN_MS" -v maxwpm="$MAX_WPM" -v script="$SCRIPT" '
function ms(samples) { return int(samples * 1000 / sr + 0.5) }
function stamp(t,   h, m, s) {
    h = int(t / 3600000); t -= h * 3600000; m = int(t / 60000); t -= m * 60000
    s = int(t / 1000); t -= s * 1000
    return sprintf("%02d:%02d:%02d.%03d", h, m, s, t)
}
function mmss(t,   m) { m = int(t / 60000); return sprintf("%d:%06.3f", m, (t - m * 60000) / 1000) }
function need_ms(words) { return int(words * 60000 / maxwpm) + 1 }
FNR == NR { split($0, a, " "); len[a[1]] = a[2]; next }
$1 == "P" {
    target = int($3 * sr + 0.5)
    if (np) plen[np] = cur - pstart[np]
    if (cur < target) { padded[np + 1] = target - cur; cur = target }
    if (cur > target + late * sr) {
        printf "%s: error: phase \"%s\" would start at %s, more than %d s after its target %s; shorten the pauses before it\n",
            script, $2, mmss(ms(cur)), late, mmss(ms(target)) > "/dev/stderr"
        late_err = 1
    }
    np++; pname[np] = $2; pstart[np] = cur; ptarget[np] = target; next
}
$1 == "Q" { cur += int($2 * sr + 0.5); next }
$1 == "S" {
    i = $2; onset[i] = cur; cur += len[i]; send[i] = cur; spoken += len[i]
    cur += int($4 * sr + 0.5)
    if ($3 == 1) { cue_end_i[nc] = i; ctext[nc] = ctext[nc] " " $6; cwords[nc] += $5 }
    else { nc++; cue_first[nc] = i; cue_end_i[nc] = i; ctext[nc] = $6; cwords[nc] = $5 }
    last = i; next
}
$1 == "E" { endt = int($2 * sr + 0.5); next }
END {
    if (bad) exit 1
    plen[np] = cur - pstart[np]
    for (p = 1; p <= np; p++)
        printf "make-session:   phase %-13s target %7.2f  starts %7.2f  (waited %5.2f s)  own length %6.2f s\n",
            pname[p], ptarget[p] / sr, pstart[p] / sr, padded[p] / sr, plen[p] / sr > "/dev/stderr"
    if (late_err) exit 1
    total = cur > endt ? cur : endt
    # segments: silence before the first clip, then each clip padded up to the next onset
    print "0", onset[1] > (dir "/segments")
    for (i = 1; i <= last; i++) print i, ((i < last) ? onset[i + 1] : total) - send[i] > (dir "/segments")
    for (p = 1; p <= np; p++) print pname[p], pstart[p], ptarget[p], padded[p] + 0 > (dir "/phases")
    # cues, in milliseconds
    for (c = 1; c <= nc; c++) {
        on = ms(onset[cue_first[c]]); so[c] = on; se[c] = ms(send[cue_end_i[c]])
        st[c] = on - lead; if (st[c] < 0) st[c] = 0
        if (c > 1 && st[c] < se[c - 1] + gap) st[c] = se[c - 1] + gap
    }
    tot = ms(total)
    for (c = 1; c <= nc; c++) {
        lim = (c < nc) ? st[c + 1] - gap : tot
        en[c] = se[c] + linger
        need = need_ms(cwords[c]); if (need < minms) need = minms
        if (en[c] - st[c] < need) en[c] = st[c] + need
        if (en[c] > lim) en[c] = lim
        if (en[c] - st[c] < need) {           # still too fast: show it earlier (<= 300 ms)
            e = so[c] - 300; if (c > 1 && e < en[c - 1] + gap) e = en[c - 1] + gap
            if (e < 0) e = 0
            st[c] = en[c] - need; if (st[c] < e) st[c] = e
        }
        if (en[c] - st[c] < need || en[c] <= se[c] - 1) {
            printf "%s: error: caption \"%s\" cannot be shown long enough (%d words in %.2f s); lengthen the pause after it\n",
                script, ctext[c], cwords[c], (en[c] - st[c]) / 1000 > "/dev/stderr"
            bad = 1; exit 1
        }
    }
    print "WEBVTT\n" > (dir "/out.vtt")
    for (c = 1; c <= nc; c++) printf "%s --> %s\n%s\n\n", stamp(st[c]), stamp(en[c]), ctext[c] > (dir "/out.vtt")
    print "# BEGIN PHASES (generated from " substr(script, match(script, /[^\/]*$/)) ")" > (dir "/phase_block")
    for (p = 1; p <= np; p++) printf "phase %s %s\n", pname[p], mmss(ms(pstart[p])) > (dir "/phase_block")
    # the end card comes 0.7 s after the last caption ends (src/session/timeline_derive.h)
    printf "phase end %s\n", mmss(en[nc] + 700) > (dir "/phase_block")
    print "# END PHASES" > (dir "/phase_block")
    printf "%d %d %d %d\n", total, spoken, nc, np > (dir "/totals")
}' "$TMP/lengths" "$TMP/items.tsv"

read -r total_samples spoken_samples ncues nphases <"$TMP/totals"
total_s=$(awk -v t="$total_samples" -v sr="$SR" 'BEGIN {printf "%.3f", t / sr}')
log "layout: $total_s s, speech $(awk -v a="$spoken_samples" -v b="$total_samples" 'BEGIN {printf "%.1f%%", 100 * a / b}'), $ncues cues, $nphases phases"

# ---- 4. the voice track ------------------------------------------------------------
mkdir -p "$TMP/seg"
seglist=()
while read -r idx pad; do
    seg=$(printf '%s/seg/%03d.wav' "$TMP" "$idx")
    if [[ $idx == 0 ]]; then
        ((pad > 0)) || continue
        sox -r "$SR" -c 1 -n -b 32 -e floating-point "$seg" trim 0 "${pad}s"
    else
        sox "$(printf '%s/clip/%03d.wav' "$TMP" "$idx")" "$seg" pad 0 "${pad}s"
    fi
    seglist+=("$seg")
done <"$TMP/segments"
sox "${seglist[@]}" "$TMP/voice.wav"
got=$(soxi -s "$TMP/voice.wav")
[[ $got == "$total_samples" ]] || die "voice track has $got samples, expected $total_samples"

# ---- 5. the ambient bed: a low drone and a gentle water texture ----------------------
# Drone: A2, E3 and a slightly detuned A3 (a slow 0.4 Hz beat), breathing very slowly.
sox -R -r "$SR" -c 3 -n -b 32 -e floating-point "$TMP/drone.wav" \
    synth "${total_samples}s" sine 110 sine 164.81 sine 220.4 \
    remix - tremolo 0.05 40 lowpass 600 gain -n -12
# Water: filtered noise with slow, overlapping swells, like a small spring nearby.
sox -R -r "$SR" -c 2 -n -b 32 -e floating-point "$TMP/water.wav" \
    synth "${total_samples}s" pinknoise brownnoise \
    remix - highpass 180 lowpass 2200 equalizer 700 1.5q -4 \
    tremolo 0.09 45 tremolo 0.23 35 tremolo 0.61 20 gain -n -12
sox -m -v 1 "$TMP/drone.wav" -v 0.7 "$TMP/water.wav" "$TMP/bed_raw.wav"
voice_i=$(measure_i "$TMP/voice.wav")
bed_i=$(measure_i "$TMP/bed_raw.wav")
bed_gain=$(awk -v v="$voice_i" -v b="$bed_i" -v d="$BED_BELOW_DB" 'BEGIN {printf "%.2f", v - d - b}')
sox "$TMP/bed_raw.wav" "$TMP/bed.wav" gain "$bed_gain"
bed_after=$(measure_i "$TMP/bed.wav")
log "voice $voice_i LUFS, bed $bed_after LUFS ($(awk -v v="$voice_i" -v b="$bed_after" 'BEGIN {printf "%.1f", v - b}') LU below the voice)"

# ---- 6. mix, fade the ends, normalise in two loudnorm passes, encode -----------------
fade_out_start=$(awk -v t="$total_samples" -v sr="$SR" 'BEGIN {printf "%.3f", t / sr}')
sox -m -v 1 "$TMP/voice.wav" -v 1 "$TMP/bed.wav" "$TMP/mix.wav" \
    fade q "$FADE_IN_S" "$fade_out_start" "$FADE_OUT_S"

# loudnorm stays linear (one gain for the whole file) only if the gain it needs does not
# push the true peak above the target. Speech is peaky, so bring the mix to the
# target level and let a transparent limiter take the few peaks that stick out.
mix_i=$(measure_i "$TMP/mix.wav")
pre_gain=$(awk -v i="$mix_i" -v t="$TARGET_I" 'BEGIN {printf "%.2f", t - i}')
ffmpeg -hide_banner -nostats -loglevel error -y -i "$TMP/mix.wav" \
    -af "volume=${pre_gain}dB,aresample=176400,alimiter=limit=0.668:level=disabled:attack=3:release=60:asc=1:latency=1,aresample=$SR" \
    -c:a pcm_f32le "$TMP/limited.wav"

LN="I=$TARGET_I:TP=$TARGET_TP:LRA=50"
ffmpeg -hide_banner -nostats -i "$TMP/limited.wav" -af "loudnorm=$LN:print_format=json" -f null - 2>"$TMP/pass1.log"
sed -n '/^{/,/^}/p' "$TMP/pass1.log" >"$TMP/pass1.json"
m_i=$(json_field input_i <"$TMP/pass1.json"); m_tp=$(json_field input_tp <"$TMP/pass1.json")
m_lra=$(json_field input_lra <"$TMP/pass1.json"); m_th=$(json_field input_thresh <"$TMP/pass1.json")
m_off=$(json_field target_offset <"$TMP/pass1.json")
[[ -n $m_i && -n $m_tp && -n $m_lra && -n $m_th && -n $m_off ]] || { cat "$TMP/pass1.log" >&2; die "loudnorm pass 1 gave no measurement"; }
log "loudnorm pass 1: I=$m_i LRA=$m_lra TP=$m_tp thresh=$m_th offset=$m_off"
ffmpeg -hide_banner -nostats -y -i "$TMP/limited.wav" \
    -af "loudnorm=$LN:measured_I=$m_i:measured_TP=$m_tp:measured_LRA=$m_lra:measured_thresh=$m_th:offset=$m_off:linear=true:print_format=json" \
    -ar "$SR" -c:a pcm_f32le "$TMP/norm.wav" 2>"$TMP/pass2.log"
ntype=$(sed -n '/^{/,/^}/p' "$TMP/pass2.log" | json_field normalization_type)
log "loudnorm pass 2: normalization_type=$ntype"
[[ $ntype == linear ]] || log "warning: loudnorm fell back to dynamic mode"

ffmpeg -hide_banner -nostats -loglevel error -y -i "$TMP/norm.wav" \
    -ac 1 -ar "$SR" -c:a libvorbis -q:a "$VORBIS_Q" -map_metadata -1 \
    -fflags +bitexact -flags:a +bitexact "$TMP/out.ogg"

# ---- 7. check the result, then put the files in place ---------------------------------
read -r f_i f_lra f_tp < <(measure_all "$TMP/out.ogg")
size=$(stat -c %s "$TMP/out.ogg")
log "encoded: I=$f_i LUFS  LRA=$f_lra LU  TP=$f_tp dBTP  size=$size bytes"
awk -v i="$f_i" -v t="$TARGET_I" 'BEGIN {exit !(i - t <= 1 && t - i <= 1)}' || die "integrated loudness $f_i is not within 1 LU of $TARGET_I"
awk -v p="$f_tp" -v l="$LIMIT_TP" 'BEGIN {exit !(p <= l)}' || die "true peak $f_tp dBTP is above $LIMIT_TP"
((size < MAX_BYTES)) || die "encoded file is $size bytes (limit $MAX_BYTES)"

# Timeline: replace the phase block, keep everything else; create the file if needed.
if [[ -f $OUT_TL ]] && grep -q '^# BEGIN PHASES' "$OUT_TL"; then
    grep -q '^# END PHASES' "$OUT_TL" || die "$OUT_TL has '# BEGIN PHASES' but no '# END PHASES'"
    awk -v blk="$TMP/phase_block" '
        /^# BEGIN PHASES/ { while ((getline l < blk) > 0) print l; skip = 1; next }
        skip && /^# END PHASES/ { skip = 0; next }
        !skip { print }' "$OUT_TL" >"$TMP/out.timeline"
elif [[ -f $OUT_TL ]]; then
    # no block yet: put it after the optional version line, before any key uses a phase
    awk -v blk="$TMP/phase_block" '
        function put() { while ((getline l < blk) > 0) print l; done = 1 }
        NR == 1 && /^wellspring-timeline/ { print; put(); next }
        NR == 1 { put() }
        { print }
        END { if (!done) put() }' "$OUT_TL" >"$TMP/out.timeline"
else
    cp "$TMP/phase_block" "$TMP/out.timeline"
fi

cp "$TMP/out.ogg" "$OUT_OGG"
cp "$TMP/out.vtt" "$OUT_VTT"
cp "$TMP/out.timeline" "$OUT_TL"
log "wrote $OUT_OGG, $OUT_VTT, $OUT_TL ($(($(date +%s) - start_s)) s)"
