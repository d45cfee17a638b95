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
