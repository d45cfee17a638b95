# The command line a user meets first: --help, --version, bad options, a
# missing OpenGL 3.3, and a clean exit on SIGTERM/SIGINT.
source "$(dirname "$0")/lib.sh"

"$WS" --help > "$SCRATCH/help.txt" || fail "--help exited $?"
grep -q -- '--screenshot' "$SCRATCH/help.txt" || fail "--help does not list --screenshot"
pass "--help exits 0"
v=$("$WS" --version) || fail "--version exited $?"
echo "$v" | grep -Eq '^wellspring [0-9]+\.[0-9]+\.[0-9]+$' || fail "--version printed '$v'"
pass "--version exits 0: $v"

set +e
"$WS" --frobnicate > "$SCRATCH/out.txt" 2> "$SCRATCH/err.txt"; rc=$?
set -e
[ "$rc" = 2 ] || fail "unknown option exited $rc, expected 2"
[ "$(wc -l < "$SCRATCH/err.txt")" = 1 ] || fail "unknown option printed more than one line"
grep -q "unknown option '--frobnicate'" "$SCRATCH/err.txt" || fail "message does not name the option"
grep -q -- "--help" "$SCRATCH/err.txt" || fail "message has no hint to try --help"
pass "unknown option: exit 2, one line: $(cat "$SCRATCH/err.txt")"

set +e
"$WS" --screenshot soon x.png 2> "$SCRATCH/err.txt"; rc=$?
set -e
[ "$rc" = 2 ] && [ "$(wc -l < "$SCRATCH/err.txt")" = 1 ] || fail "malformed time: exit $rc"
pass "malformed time: exit 2, one line"

# Mesa can pretend to offer only OpenGL 3.0: we must say so and exit 3.
set +e
MESA_GL_VERSION_OVERRIDE=3.0 SDL_VIDEODRIVER=offscreen "$WS" --screenshot 1 "$SCRATCH/no.png" 2> "$SCRATCH/err.txt"; rc=$?
set -e
[ "$rc" = 3 ] || fail "missing GL 3.3 exited $rc, expected 3"
grep -q "OpenGL 3.3" "$SCRATCH/err.txt" && grep -q "3.0 Mesa" "$SCRATCH/err.txt" || fail "message does not name the driver's version: $(cat "$SCRATCH/err.txt")"
[ ! -e "$SCRATCH/no.png" ] || fail "wrote a picture without GL 3.3"
pass "no GL 3.3: exit 3 naming the driver's version"

# A running session exits 0 within 200 ms of SIGTERM or SIGINT.
pid=
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null' EXIT   # never leave a session behind
for sig in TERM INT; do
    SDL_VIDEODRIVER=offscreen "$WS" --windowed=320x180 --mute &
    pid=$!
    sleep 1.5
    kill -0 "$pid" 2>/dev/null || fail "session died before SIG$sig"
    t0=$(date +%s%N)
    kill -"$sig" "$pid"
    set +e
    wait "$pid"; rc=$?
    set -e
    ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    pid=
    [ "$rc" = 0 ] || fail "SIG$sig: exit $rc"
    [ "$ms" -lt 200 ] || echo "note: SIG$sig exit took $ms ms (machine busy?)"
    [ "$ms" -lt 1000 ] || fail "SIG$sig: exit took $ms ms"
    pass "SIG$sig: exit 0 in $ms ms"
done

# The man page comes from the same option table as --help: every option in
# one is in the other, and it documents the exit codes.
"$WS" --man > "$SCRATCH/man.1" || fail "--man exited $?"
for opt in $(grep -oE '^  --[a-z-]+' "$SCRATCH/help.txt"); do
    grep -qF -- "$(echo "$opt" | sed 's/-/\\-/g')" "$SCRATCH/man.1" || fail "the man page lacks $opt"
done
grep -q '^.SH EXIT STATUS' "$SCRATCH/man.1" || fail "the man page has no exit codes"
pass "the man page lists all $(grep -cE '^  --' "$SCRATCH/help.txt") options and the exit codes"

# --benchmark prints its table and one JSON line with every figure (the
# figures themselves are measured, never asserted: this machine is shared).
SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy "$WS" --benchmark --seconds 2 --size 160x90 \
    --particles 4000 > "$SCRATCH/bench.txt" 2> /dev/null || fail "--benchmark exited $?"
json=$(grep '^{' "$SCRATCH/bench.txt") || fail "--benchmark printed no JSON line"
for key in fps p50_ms p95_ms p99_ms max_ms cpu_ms_per_frame peak_rss_mb startup_ms \
           caption_change_max_ms gpu_p50_ms loop_max_ms idle_cpu_pct quality; do
    echo "$json" | grep -q "\"$key\":" || fail "--benchmark JSON lacks $key: $json"
done
frames=$(echo "$json" | sed 's/.*"frames":\([0-9]*\).*/\1/')
loop=$(echo "$json" | sed 's/.*"loop_frames":\([0-9]*\).*/\1/')
[ "$frames" -gt 0 ] && [ "$loop" -gt 0 ] || fail "--benchmark drew no frames ($frames, loop $loop)"
echo "$json" | grep -q '"quality":"auto [0-9.]*x 4000 particles"' || fail "--particles 4000 not honoured: $json"
echo "$json" | grep -Eq '"gpu_pass_ms":\{"scene":[0-9.]+,"particles":[0-9.]+,"bloom":[0-9.]+,"tonemap":[0-9.]+,"upscale":[0-9.]+,"captions":[0-9.]+\}' ||
    fail "--benchmark JSON lacks the passes' GPU times: $json"
echo "$json" | grep -Eq '"player_pace_fps":[0-9.]+\}$' || fail "--benchmark JSON lacks the player's pace: $json"
pass "--benchmark: $frames frames, $loop across the loop point, all figures in the JSON"
