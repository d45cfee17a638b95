# Faults a kiosk must survive (issue 7's table), each as a user would meet it.
source "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/.." && pwd)
run_session() { # SECONDS ARGS...: a short windowed session on dummy audio, stderr kept
    local secs=$1; shift
    SDL_AUDIODRIVER=dummy SDL_VIDEODRIVER=offscreen timeout --preserve-status -k 10 -s TERM "$secs" "$WS" --windowed=320x180 "$@"
}

# Truncated narration: the visuals and captions go on, one warning.
mkdir -p "$SCRATCH/cut"
head -c 300000 "$ROOT/audio/fountain.ogg" > "$SCRATCH/cut/s.ogg"
cp "$ROOT/audio/fountain.vtt" "$SCRATCH/cut/s.vtt"
cp "$ROOT/audio/fountain.timeline" "$SCRATCH/cut/s.timeline"
run_session 13 "$SCRATCH/cut/s.ogg" --start 32 --verbose 2> "$SCRATCH/cut.txt" || fail "truncated audio: bad exit (status $?)"
[ "$(grep -c 'warning \[audio\]' "$SCRATCH/cut.txt")" = 1 ] || fail "truncated audio: expected one warning: $(grep warning "$SCRATCH/cut.txt")"
grep -q 'caption 5 due 34.8000' "$SCRATCH/cut.txt" || fail "truncated audio: captions stopped"
pass "truncated narration: one warning, captions go on"

# The audio device pulled out mid-session (the event SDL sends, injected by
# the WELLSPRING_TEST_UNPLUG_AT test aid): reopened, one warning, and the
# clock goes on without a jump back (captions keep their times).
WELLSPRING_TEST_UNPLUG_AT=4 run_session 10 --verbose 2> "$SCRATCH/unplug.txt" || fail "unplug: bad exit (status $?)"
[ "$(grep -c 'warning \[audio\]' "$SCRATCH/unplug.txt")" = 1 ] || fail "unplug: expected one warning: $(grep audio "$SCRATCH/unplug.txt")"
grep -q 'audio device removed; reopened' "$SCRATCH/unplug.txt" || fail "unplug: not reopened: $(grep audio "$SCRATCH/unplug.txt")"
line=$(grep 'caption 1 due 6.8130' "$SCRATCH/unplug.txt") || fail "unplug: no caption after the reopen"
echo "$line" | awk '{ d = $13 - $7; if (d < 0) d = -d; exit !(d < 0.1 && $13 > 0) }' || fail "unplug: audio position off after reopen: $line"
pass "audio device removed: reopened, one warning, captions still on the audio's time"

# The only audio device pulled out, and back 4 s later (opens fail in
# between: WELLSPRING_TEST_AUDIO_GONE_FOR): silent on the clock meanwhile,
# then the sound is taken back at the clock's position, never behind it.
WELLSPRING_TEST_UNPLUG_AT=4 WELLSPRING_TEST_AUDIO_GONE_FOR=4 run_session 18 --verbose 2> "$SCRATCH/replug.txt" ||
    fail "replug: bad exit (status $?)"
grep -q 'audio device removed, and no other opens' "$SCRATCH/replug.txt" || fail "replug: the loss was not reported: $(grep audio "$SCRATCH/replug.txt")"
back=$(grep 'an audio device is back; reopened' "$SCRATCH/replug.txt") || fail "replug: never reattached: $(grep audio "$SCRATCH/replug.txt")"
[ "$(grep -c 'warning \[audio\]' "$SCRATCH/replug.txt")" = 2 ] || fail "replug: expected two warnings (lost, back)"
# Every caption shown at a later clock than the one before: no jump back.
grep 'sync\] caption' "$SCRATCH/replug.txt" | awk '{ if (NR > 1 && $11 <= prev) exit 1; prev = $11 }' ||
    fail "replug: the clock went back: $(grep 'sync\] caption' "$SCRATCH/replug.txt")"
line=$(grep 'caption 2 due 14.9470' "$SCRATCH/replug.txt") || fail "replug: no caption after the device came back"
echo "$line" | awk '{ d = $13 - $7; if (d < 0) d = -d; exit !(d < 0.1 && $13 > 0) }' || fail "replug: audio position off after reattaching: $line"
pass "the only audio device gone for 4 s: silent meanwhile, then ${back##*; }"

# SIGHUP reloads the session's files in place (kiosk operators edit captions
# or choreography without a restart); a broken edit keeps the old files.
mkdir -p "$SCRATCH/hup"
ln -sf "$ROOT/audio/fountain.ogg" "$SCRATCH/hup/s.ogg"
cp "$ROOT/audio/fountain.vtt" "$ROOT/audio/fountain.timeline" "$SCRATCH/hup/"
mv "$SCRATCH/hup/fountain.vtt" "$SCRATCH/hup/s.vtt"; mv "$SCRATCH/hup/fountain.timeline" "$SCRATCH/hup/s.timeline"
SDL_AUDIODRIVER=dummy SDL_VIDEODRIVER=offscreen "$WS" --windowed=320x180 "$SCRATCH/hup/s.ogg" --verbose 2> "$SCRATCH/hup.txt" &
pid=$!
trap 'kill -9 "$pid" 2>/dev/null || true' EXIT
# The first caption is up (2.8 s): the second (6.8 s) gets new words.
wait_for_log "$SCRATCH/hup.txt" 'caption 0 due 2.8000' || fail "SIGHUP: the session showed no caption"
sed -i 's/^Most of us speak to ourselves more harshly than we would speak to anyone else.$/Reloaded words, kind and new./' "$SCRATCH/hup/s.vtt"
kill -HUP "$pid" 2>/dev/null || true
wait_for_log "$SCRATCH/hup.txt" 'reloaded .*hup/s \(SIGHUP\)' || fail "SIGHUP: no reload: $(grep session "$SCRATCH/hup.txt")"
echo "this is not a timeline" > "$SCRATCH/hup/s.timeline"
kill -HUP "$pid" 2>/dev/null || true
wait_for_log "$SCRATCH/hup.txt" 'using a derived choreography' || fail "SIGHUP with a broken timeline: no fallback warning"
wait_for_log "$SCRATCH/hup.txt" 'caption 1 due 6.8130' || fail "SIGHUP: captions stopped after the reload"
kill -0 "$pid" 2>/dev/null || fail "SIGHUP: the session died"
kill -TERM "$pid"
wait "$pid" || fail "SIGHUP: the session did not end cleanly"
# The renderer drew the new words, and never the old ones after the reload.
sed -n '/reloaded .*(SIGHUP)/,$p' "$SCRATCH/hup.txt" > "$SCRATCH/hup-after.txt"
grep -q 'line ready to draw: Reloaded words, kind and new.' "$SCRATCH/hup-after.txt" ||
    fail "SIGHUP: the new caption text was not drawn: $(grep 'line ready' "$SCRATCH/hup-after.txt" | head -3)"
grep -q 'line ready to draw: Most of us' "$SCRATCH/hup-after.txt" && fail "SIGHUP: the old caption text was drawn after the reload"
pass "SIGHUP reloads the session's files: the edited caption is drawn with its new words; the show goes on"

# Corrupt narration (not audio at all): one warning, the show goes on.
mkdir -p "$SCRATCH/bad"
head -c 20000 /dev/urandom > "$SCRATCH/bad/s.ogg"
cp "$ROOT/audio/fountain.vtt" "$SCRATCH/bad/s.vtt"
run_session 5 "$SCRATCH/bad/s.ogg" --verbose 2> "$SCRATCH/bad.txt" || fail "corrupt audio: bad exit (status $?)"
[ "$(grep -c 'warning \[audio\]' "$SCRATCH/bad.txt")" = 1 ] || fail "corrupt audio: expected one warning: $(grep warning "$SCRATCH/bad.txt")"
grep -q 'caption 0 due 2.8000' "$SCRATCH/bad.txt" || fail "corrupt audio: no captions on the wall clock"
pass "corrupt narration: one warning, captions on the wall clock"

# Empty, binary and missing caption files: the session plays without
# captions; --check says what is wrong and exits 2.
printf '' > "$SCRATCH/empty.vtt"
head -c 4000 /dev/urandom > "$SCRATCH/binary.vtt"
for f in empty binary; do
    run_session 3 --captions "$SCRATCH/$f.vtt" 2> "$SCRATCH/$f.txt" || fail "$f caption file: the session did not play (status $?)"
    grep -q "warning \[captions\]" "$SCRATCH/$f.txt" || fail "$f caption file: no warning"
    set +e; "$WS" --check "$SCRATCH/$f.vtt" > /dev/null 2> "$SCRATCH/$f-check.txt"; rc=$?; set -e
    [ "$rc" = 2 ] || fail "--check on a $f caption file exited $rc"
    grep -q "$SCRATCH/$f.vtt:[0-9]*:[0-9]*: error:" "$SCRATCH/$f-check.txt" || fail "--check on a $f file: no file:line:col error: $(cat "$SCRATCH/$f-check.txt")"
done
set +e; "$WS" --captions "$SCRATCH/nope.vtt" --mute 2> "$SCRATCH/nope.txt"; rc=$?; set -e
[ "$rc" = 2 ] && grep -q 'nope.vtt' "$SCRATCH/nope.txt" || fail "missing --captions file: exit $rc"
pass "empty/binary caption files: played without captions, --check exits 2 with file:line:col; missing file: exit 2"

# Data folder damage: a copy of the data without fonts falls back to a
# system font; without shaders, or with a shader that does not compile, the
# program exits 3 naming the shader (and the driver's log).
mkdir -p "$SCRATCH/data"
cp -r "$ROOT/shaders" "$ROOT/audio" "$SCRATCH/data/"
WELLSPRING_DATA="$SCRATCH/data" SDL_VIDEODRIVER=offscreen "$WS" --screenshot 4 "$SCRATCH/nofont.png" --size 320x180 2> "$SCRATCH/nofont.txt" || fail "missing fonts: no picture"
grep -q 'using DejaVu Sans' "$SCRATCH/nofont.txt" || fail "missing fonts: no fallback warning"
SDL_VIDEODRIVER=offscreen "$WS" --no-captions --screenshot 4 "$SCRATCH/nocap.png" --size 320x180
cmp -s "$SCRATCH/nofont.png" "$SCRATCH/nocap.png" && fail "missing fonts: no captions drawn with the fallback font"
pass "missing fonts: fallback font, captions still drawn"
echo "this is not GLSL" > "$SCRATCH/data/shaders/tonemap.frag"
set +e
WELLSPRING_DATA="$SCRATCH/data" SDL_VIDEODRIVER=offscreen "$WS" --screenshot 4 "$SCRATCH/x.png" 2> "$SCRATCH/broken.txt"; rc=$?
set -e
[ "$rc" = 3 ] || fail "broken shader exited $rc"
grep -q "shaders/tonemap.frag does not compile: .*error" "$SCRATCH/broken.txt" || fail "broken shader: no path or driver log: $(cat "$SCRATCH/broken.txt")"
rm -rf "$SCRATCH/data/shaders"
set +e
WELLSPRING_DATA="$SCRATCH/data" SDL_VIDEODRIVER=offscreen "$WS" --screenshot 4 "$SCRATCH/x.png" 2> "$SCRATCH/noshaders.txt"; rc=$?
set -e
[ "$rc" = 3 ] && grep -q 'shaders/scene.frag' "$SCRATCH/noshaders.txt" || fail "missing shaders: exit $rc: $(cat "$SCRATCH/noshaders.txt")"
pass "broken shader and missing shaders: exit 3 naming the file (and the driver's log)"

# A window resized mid-session keeps rendering at the new size.
require_tools xdotool
cat > "$SCRATCH/resize.sh" <<'DRIVE'
source "$WAIT_LIB"
"$WS" --windowed=320x180 --mute --verbose 2> "$SCRATCH/resize.txt" &
pid=$!
win=$(wait_for_window "$pid")
wait_for_log "$SCRATCH/resize.txt" 'first frame up'
xdotool windowsize "$win" 480 270
wait_for_log "$SCRATCH/resize.txt" 'render targets 480x270'; sleep 1
xwd -silent -id "$win" > "$SCRATCH/resized.xwd"
kill -TERM "$pid"; wait "$pid"
DRIVE
export WS SCRATCH
under_xvfb bash "$SCRATCH/resize.sh" || fail "resize session failed"
grep -q 'render targets 480x270' "$SCRATCH/resize.txt" || fail "no render targets at the new size: $(grep 'render targets' "$SCRATCH/resize.txt")"
"$IM" "$SCRATCH/resized.xwd" "$SCRATCH/resized.png"
[ "$("$IM" "$SCRATCH/resized.png" -format '%wx%h' info:)" = 480x270 ] || fail "window is not 480x270"
check_num "$(img_fx "$SCRATCH/resized.png" mean 100x60+380+210) > 0.02" || fail "the resized window's new area is not drawn"
pass "resized window renders at 480x270"
