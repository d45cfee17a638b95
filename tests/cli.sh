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

# Mesa can pretend to offer only OpenGL 3.0 and OpenGL ES 2.0: neither
# context Wellspring draws with (3.3 core, ES 3.0). We must say so, naming
# both versions there are, and exit 3.
set +e
MESA_GL_VERSION_OVERRIDE=3.0 MESA_GLES_VERSION_OVERRIDE=2.0 SDL_VIDEODRIVER=offscreen \
    "$WS" --screenshot 1 "$SCRATCH/no.png" 2> "$SCRATCH/err.txt"; rc=$?
set -e
[ "$rc" = 3 ] || fail "no GL 3.3 and no GLES 3.0: exited $rc, expected 3"
grep -q "OpenGL 3.3 core or OpenGL ES 3.0" "$SCRATCH/err.txt" && grep -q "OpenGL 3.0 Mesa" "$SCRATCH/err.txt" \
    && grep -q "OpenGL ES 2.0 Mesa" "$SCRATCH/err.txt" \
    || fail "message does not name what is needed and both of the driver's versions: $(cat "$SCRATCH/err.txt")"
[ "$(wc -l < "$SCRATCH/err.txt")" = 1 ] || fail "no GL: not one line: $(cat "$SCRATCH/err.txt")"
[ ! -e "$SCRATCH/no.png" ] || fail "wrote a picture without GL 3.3 or GLES 3.0"
pass "no GL 3.3 and no GLES 3.0: exit 3 naming both of the driver's versions"

# A running session exits 0 within 200 ms of SIGTERM or SIGINT (README,
# Reliability). Timed 2 s after the first frame (the session is running and
# software GL has compiled the first shader variants: a compile in progress
# is finished first, which on a loaded machine takes longer), with one retry
# for a machine that stalled the test itself. The clock is bash's own
# (stamp_ms), so no process start is timed with it.
# In the sanitizer build the process's end is the instrument's, not
# Wellspring's: LeakSanitizer's scan (off for these runs only; every other
# test keeps it), and the kernel freeing AddressSanitizer's shadow memory
# and quarantine after main returns, 90-470 ms on a busy 2-core machine
# against 25-70 ms for the normal build. There the 200 ms are asserted on
# Wellspring's own shutdown, the "stopped N ms after SIGTERM" line it writes
# last at --verbose (signal to windows, GL, audio and SDL closed), and the
# whole exit only within 2 s.
pid=
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null' EXIT   # never leave a session behind
term_ms() { # SIG: prints the milliseconds from the signal to the exit; fails on a bad exit
    ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" SDL_VIDEODRIVER=offscreen \
        "$WS" --windowed=320x180 --mute --verbose 2> "$SCRATCH/term.txt" &
    pid=$!
    wait_for_log "$SCRATCH/term.txt" 'first frame up' || fail "SIG$1: the session never drew a frame"
    sleep 2
    kill -0 "$pid" 2>/dev/null || fail "session died before SIG$1"
    local t0 t1 rc own
    stamp_ms t0
    kill -"$1" "$pid"
    set +e
    wait "$pid"; rc=$?
    set -e
    stamp_ms t1
    pid=
    [ "$rc" = 0 ] || fail "SIG$1: exit $rc"
    own=$(sed -n "s/.*\\[main\\] stopped \\([0-9]*\\) ms after SIG$1\$/\\1/p" "$SCRATCH/term.txt")
    [ -n "$own" ] || fail "SIG$1: no 'stopped N ms after SIG$1' line at --verbose"
    if sanitizer_build; then
        [ $((t1 - t0)) -lt 2000 ] || fail "SIG$1: the sanitizer build's process took $((t1 - t0)) ms to end"
        echo "$own"
    else
        echo $((t1 - t0))
    fi
}
what="exit 0"
sanitizer_build && what="Wellspring's own shutdown (sanitizer build)"
for sig in TERM INT; do
    ms=$(term_ms "$sig")
    if [ "$ms" -ge 200 ]; then
        echo "note: SIG$sig: $what took $ms ms; once more"
        ms=$(term_ms "$sig")
    fi
    [ "$ms" -lt 200 ] || fail "SIG$sig: $what took $ms ms (README: within 200 ms)"
    pass "SIG$sig: $what in $ms ms"
done

# No display server at all (no X, no Wayland, no DRM device): the player and
# the kiosk do not fall back to SDL's offscreen driver and play into nothing;
# they say what they looked for in one line and exit 1 within a second.
# --list-displays says so too instead of listing a made-up display; a
# screenshot still renders offscreen.
nodisplay() { env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER "$@"; }
[ -e /dev/dri ] && echo "note: this machine has /dev/dri; the no-display checks assume KMS/DRM is not usable"
for args in "--mute" "--kiosk --mute" "--list-displays"; do
    stamp_ms t0
    set +e
    nodisplay timeout -s KILL 10 "$WS" $args > "$SCRATCH/nd-out.txt" 2> "$SCRATCH/nd.txt"; rc=$?
    set -e
    stamp_ms t1; ms=$((t1 - t0))
    [ "$rc" = 1 ] || fail "no display server, $args: exit $rc, not 1: $(cat "$SCRATCH/nd.txt")"
    [ "$ms" -lt 1000 ] || fail "no display server, $args: took $ms ms to give up"
    # Our own lines (libwayland may add one of its own about XDG_RUNTIME_DIR).
    grep '^wellspring:' "$SCRATCH/nd.txt" > "$SCRATCH/nd-own.txt" || true
    [ "$(wc -l < "$SCRATCH/nd-own.txt")" = 1 ] || fail "no display server, $args: not one line: $(cat "$SCRATCH/nd.txt")"
    for what in DISPLAY WAYLAND_DISPLAY /dev/dri; do
        grep -q "$what" "$SCRATCH/nd-own.txt" || fail "no display server, $args: the message does not name $what: $(cat "$SCRATCH/nd-own.txt")"
    done
    [ ! -s "$SCRATCH/nd-out.txt" ] || fail "no display server, $args: printed $(cat "$SCRATCH/nd-out.txt")"
    pass "no display server, $args: exit 1 in $ms ms: $(cat "$SCRATCH/nd-own.txt")"
done
nodisplay "$WS" --screenshot 4 "$SCRATCH/nd.png" --size 160x90 2> /dev/null || fail "no display server: a screenshot failed"
pass "no display server: --screenshot still renders offscreen"
# SDL_VIDEODRIVER=offscreen set by the user is a choice: honoured, with a warning.
SDL_VIDEODRIVER=offscreen "$WS" --list-displays > "$SCRATCH/off.txt" 2> "$SCRATCH/off-err.txt" ||
    fail "SDL_VIDEODRIVER=offscreen --list-displays: exit $?"
grep -q 'warning \[video\] SDL_VIDEODRIVER=offscreen' "$SCRATCH/off-err.txt" || fail "no warning for the offscreen driver"
head -1 "$SCRATCH/off.txt" | grep -q '^# index' || fail "--list-displays has no header line: $(cat "$SCRATCH/off.txt")"
pass "SDL_VIDEODRIVER=offscreen given by the user: honoured with a warning; --list-displays has a header"

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
