# Soak on the real clock: the default session plays at 160x90 for its whole
# length (about 10 minutes) on SDL's dummy audio driver, with the narration
# driving the clock as in use, then on across the loop point into the next
# pass. The accelerated soak (soak.sh) skips most frames; this one draws
# them all. At the loop point and after it, nothing has been made again:
# the GL objects made over the run (not only those alive) stay as they were,
# apart from the next pass's caption lines.
# Normal build only (exit 77, a skip, in the sanitizer build: ten minutes of
# real time there prove nothing more than here, and take a core away).
source "$(dirname "$0")/lib.sh"
sanitizer_build && { echo "skip: the real-clock soak runs in the normal build only"; exit 77; }
SDL_AUDIODRIVER=dummy SDL_VIDEODRIVER=offscreen "$WS" --windowed=160x90 --loop --quality low \
    --verbose 2> "$SCRATCH/log.txt" &
pid=$!
trap 'kill -9 "$pid" 2>/dev/null || true' EXIT
t0=$(date +%s)
wait_for_log "$SCRATCH/log.txt" '\[soak\] loop 1:' 720 || fail "the session did not reach its end in 12 minutes"
dt=$(( $(date +%s) - t0 ))
# A while into the next pass: its second caption (6.8 s) shown again.
deadline=$(( $(date +%s) + 60 ))
until [ "$(grep -c '\[sync\] caption 1 due 6.8130' "$SCRATCH/log.txt")" -ge 2 ]; do
    [ "$(date +%s)" -lt "$deadline" ] || fail "the second pass shows no captions"
    sleep 0.2
done
sleep 1
kill -TERM "$pid"
set +e
wait "$pid"; rc=$?
set -e
[ "$rc" = 0 ] || fail "the real-clock soak exited $rc: $(tail -3 "$SCRATCH/log.txt")"
[ "$(grep -c '\[sync\] caption 1 due 6.8130' "$SCRATCH/log.txt")" = 2 ] || fail "caption 1 was not shown in both passes"
# Known warnings: the offscreen driver (chosen here), and the default
# session's timeline running 9 s past its narration (noted, not this test's).
grep 'warning' "$SCRATCH/log.txt" | grep -v 'SDL_VIDEODRIVER=offscreen' | grep -v 'the narration ended at' > "$SCRATCH/warnings.txt" &&
    fail "warnings during the soak: $(cat "$SCRATCH/warnings.txt")"
one=$(grep '\[soak\] loop 1:' "$SCRATCH/log.txt" | sed 's/.*loop 1: //')
end=$(grep '\[soak\] loop -1:' "$SCRATCH/log.txt" | sed 's/.*loop -1: //')
echo "     end of pass 1 ($dt s): $one"
echo "     at exit:               $end"
made() { echo "$1" | sed 's/.*made so far: //; s/(+[0-9]* caption lines) //'; }
[ -n "$end" ] && [ "$(made "$one")" = "$(made "$end")" ] ||
    fail "GL objects were made again across the loop point: $(made "$one") -> $(made "$end")"
# Caption lines: each made once as its cue comes, so a pass makes about two
# per cue at most (the same bound as soak.sh), not one a frame.
cues=$("$WS" --check "$(cd "$(dirname "$0")/.." && pwd)/audio/fountain.vtt" 2> /dev/null | grep -c ' --> ')
lines=$(echo "$one" | sed 's/.*made so far: textures [0-9]* (+\([0-9]*\) caption lines).*/\1/')
[ "$lines" -le $((cues * 22 / 10)) ] ||
    fail "$lines caption-line textures were made in one pass of $cues cues (at most $((cues * 22 / 10)))"
pass "the default session on the real clock ($dt s) and into its next pass: no GL object made again, exit 0"
