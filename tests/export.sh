# Export for smart TVs: 5 s of the default session at 320x180 becomes an MP4
# with the narration; ffprobe confirms the duration, the size and the audio
# stream. Without ffmpeg, one clear line and exit 1.
source "$(dirname "$0")/lib.sh"
command -v ffprobe > /dev/null || fail "ffprobe is missing (tools/deps.sh --test installs ffmpeg)"
SDL_VIDEODRIVER=offscreen "$WS" --export "$SCRATCH/five.mp4" --from 3:00 --to 3:05 --size 320x180 \
    2> "$SCRATCH/log.txt" || fail "export failed: $(tail -2 "$SCRATCH/log.txt")"
grep -q 'export \[=*\] 150/150 frames' "$SCRATCH/log.txt" || fail "no progress bar: $(head -c 300 "$SCRATCH/log.txt")"
probe=$(ffprobe -v error -show_entries stream=codec_type,width,height,duration -of csv=p=0 "$SCRATCH/five.mp4")
echo "$probe" | sed 's/^/     /'
echo "$probe" | grep -Eq '^video,320,180,(4\.9[0-9]*|5\.0[0-9]*)$' || fail "video stream is not 320x180, 5 s"
echo "$probe" | grep -Eq '^audio,(,,)?(4\.9[0-9]*|5\.0[0-9]*)$' || fail "no 5 s audio stream"
pass "exported 5 s at 320x180 with the narration"

mkdir -p "$SCRATCH/nopath"
set +e
PATH="$SCRATCH/nopath" SDL_VIDEODRIVER=offscreen "$WS" --export "$SCRATCH/x.mp4" --to 1 2> "$SCRATCH/noff.txt"; rc=$?
set -e
[ "$rc" = 1 ] || fail "without ffmpeg: exit $rc"
[ "$(wc -l < "$SCRATCH/noff.txt")" = 1 ] && grep -q 'ffmpeg is not installed' "$SCRATCH/noff.txt" || fail "without ffmpeg: $(cat "$SCRATCH/noff.txt")"
pass "without ffmpeg: one clear line, exit 1"

# A whole session of one's own, exported with no --to: the video lasts the
# narration plus the end card (not the default session's 10 minutes), the
# narration is padded with silence to the same length, the last frame is
# black (faded out after the card), and Wellspring exits 0 (ffmpeg used to
# stop at the end of the audio and SIGPIPE killed it with 141).
require_tools espeak-ng
PHRASES="Welcome, and breathe.|Imagine a fountain at your heart.|Let the warmth fill the body.|Now come back and open your eyes." \
    bash "$(dirname "$0")/support/narration.sh" "$SCRATCH/own" 20 mp3 vtt > "$SCRATCH/own.len"
len=$(cat "$SCRATCH/own.len")
last_end=$(grep -- '-->' "$SCRATCH/own.vtt" | tail -1 | awk '{ split($3, t, ":"); print t[1] * 3600 + t[2] * 60 + t[3] }')
set +e
SDL_VIDEODRIVER=offscreen "$WS" --export "$SCRATCH/own.mp4" --size 160x90 --fps 10 "$SCRATCH/own.mp3" \
    2> "$SCRATCH/own.log"; rc=$?
set -e
[ "$rc" = 0 ] || fail "whole-session export exited $rc: $(tail -3 "$SCRATCH/own.log")"
[ ! -e "$SCRATCH/own.mp4.partial" ] || fail "the partial file was left behind"
probe=$(ffprobe -v error -show_entries stream=codec_type,duration -of csv=p=0 "$SCRATCH/own.mp4")
echo "$probe" | sed 's/^/     /'
vdur=$(echo "$probe" | awk -F, '$1 == "video" { print $2 }')
adur=$(echo "$probe" | awk -F, '$1 == "audio" { print $2 }')
# expected: the card 0.7 s after the last word, then 12.5 s to black
want=$(awk -v e="$last_end" -v l="$len" 'BEGIN { c = e + 0.7; if (c > l) c = l; d = c + 12.5; if (d < l) d = l; print d }')
awk -v v="$vdur" -v w="$want" 'BEGIN { exit !(v > w - 0.15 && v < w + 0.15) }' ||
    fail "video lasts $vdur s, expected the narration ($len s) plus the end card: $want s"
awk -v a="$adur" -v v="$vdur" 'BEGIN { exit !(a > v - 0.1 && a < v + 0.1) }' ||
    fail "audio lasts $adur s, video $vdur s: the narration is not padded to the video"
ffmpeg -v error -sseof -0.3 -i "$SCRATCH/own.mp4" -frames:v 1 -y "$SCRATCH/own-last.png"
ffmpeg -v error -ss "$(awk -v w="$want" 'BEGIN { print w - 6.5 }')" -i "$SCRATCH/own.mp4" -frames:v 1 -y "$SCRATCH/own-card.png"
last_mean=$(/usr/bin/convert "$SCRATCH/own-last.png" -colorspace Gray -format '%[fx:mean]' info:)
card_max=$(/usr/bin/convert "$SCRATCH/own-card.png" -colorspace Gray -format '%[fx:maxima]' info:)
awk -v m="$last_mean" 'BEGIN { exit !(m < 0.01) }' || fail "the last frame is not black (mean $last_mean)"
awk -v m="$card_max" 'BEGIN { exit !(m > 0.5) }' || fail "no end card 6.5 s before the end (brightest $card_max)"
pass "a whole 20 s session exported: $vdur s of video and $adur s of audio (narration $len s), black at the end, exit 0"

# Waits until FILE holds a line matching PATTERN, at most SECONDS.
wait_for_file_text() {
    local file=$1 pattern=$2 deadline=$((SECONDS + $3))
    until grep -q -- "$pattern" "$file" 2> /dev/null; do
        [ "$SECONDS" -lt "$deadline" ] || return 1
        sleep 0.05
    done
}

# Interrupted (SIGINT once the progress bar shows): exit 130, and neither the
# video nor its partial file is left.
SDL_VIDEODRIVER=offscreen "$WS" --export "$SCRATCH/cut.mp4" --size 160x90 --fps 10 "$SCRATCH/own.mp3" \
    2> "$SCRATCH/cut.log" &
pid=$!
wait_for_file_text "$SCRATCH/cut.log" 'export \[' 60 || fail "no progress from the export to interrupt"
kill -INT "$pid"
set +e
wait "$pid"; rc=$?
set -e
[ "$rc" = 130 ] || fail "an interrupted export exited $rc, expected 130"
[ ! -e "$SCRATCH/cut.mp4" ] && [ ! -e "$SCRATCH/cut.mp4.partial" ] || fail "an interrupted export left a file: $(ls "$SCRATCH" | grep cut)"
pass "SIGINT during an export: exit 130, no partial file"

# ffmpeg that fails part-way: one clear line and exit 1, never SIGPIPE (141).
mkdir -p "$SCRATCH/badff"
cat > "$SCRATCH/badff/ffmpeg" <<'SH'
#!/bin/sh
head -c 100000 > /dev/null
echo "ffmpeg: disk full (test)" >&2
exit 1
SH
chmod +x "$SCRATCH/badff/ffmpeg"
set +e
PATH="$SCRATCH/badff:$PATH" SDL_VIDEODRIVER=offscreen "$WS" --export "$SCRATCH/bad.mp4" --size 160x90 \
    --to 5 "$SCRATCH/own.mp3" 2> "$SCRATCH/bad.log"; rc=$?
set -e
[ "$rc" = 1 ] || fail "a failing ffmpeg: exit $rc, expected 1 ($(tail -2 "$SCRATCH/bad.log"))"
grep -q 'ffmpeg stopped taking frames' "$SCRATCH/bad.log" || fail "a failing ffmpeg: no clear line: $(cat "$SCRATCH/bad.log")"
[ ! -e "$SCRATCH/bad.mp4" ] && [ ! -e "$SCRATCH/bad.mp4.partial" ] || fail "a failed export left a file"
pass "ffmpeg failing part-way: one clear line, exit 1, no file"
