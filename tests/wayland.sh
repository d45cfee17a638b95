# Native Wayland, as a kiosk runs it: Wellspring inside cage (a kiosk
# compositor, here headless with its software renderer) through SDL's own
# Wayland driver, not Xwayland. What cage shows is captured with grim (the
# compositor's screencopy), so the test sees what a TV would: the scene, not
# the black screen SDL left when it switched to libdecor on cage's
# request for client-side decorations (Wellspring turns that off).
# cage refuses to run as root: see tests/support/wayland.sh.
source "$(dirname "$0")/lib.sh"
require_tools cage grim Xwayland runuser

source "$(dirname "$0")/support/wayland.sh"
cage_pid=
wl_cleanup_hook() {
    [ -z "$cage_pid" ] || kill "$cage_pid" 2> /dev/null || true
    cp "$RUN/out/ws.txt" "$SCRATCH/ws.txt" 2> /dev/null || true
}
wl_prepare "$1"

# The headless compositor, one 1280x720 output, pixman (no GPU), no input
# devices; cage ends when its one client ends.
"${AS_USER[@]}" "${WL_ENV[@]}" \
    cage -- env SDL_VIDEODRIVER=wayland WELLSPRING_DATA="$RUN/data" LD_PRELOAD="$PRELOAD" \
    sh -c "exec '$RUN/wellspring' --mute --verbose 2> '$RUN/out/ws.txt'; " \
    > "$SCRATCH/cage.txt" 2>&1 &
cage_pid=$!
wait_for_log "$RUN/out/ws.txt" 'first frame up' ||
    fail "no first frame under cage: $(tail -n 5 "$RUN/out/ws.txt" "$SCRATCH/cage.txt" 2>&1)"
grep -q 'video driver wayland' "$RUN/out/ws.txt" || fail "not on SDL's Wayland driver: $(grep 'video driver' "$RUN/out/ws.txt")"
# What cage shows, captured until the scene is there (the session fades in
# from black over its first seconds), for up to 20 s: the night sky fills
# the screen (a black screen is the failure this test stands for), and by
# the first caption (2.8 s) its white text.
wait_for_log "$RUN/out/ws.txt" 'caption 0 due' || fail "the first caption never came"
wl_wait_for_scene wayland-0 20 caption
pass "cage + SDL's Wayland driver: full screen, the scene (sky $sky) and the caption"

# SIGTERM ends it cleanly there too, and cage with it.
wellspring_pid=$(pgrep -f "^$RUN/wellspring" | head -1)
[ -n "$wellspring_pid" ] || fail "cannot find Wellspring's process under cage"
kill -TERM "$wellspring_pid"
wait_for_exit "$cage_pid" 30 || fail "cage (and Wellspring in it) did not end after SIGTERM"
set +e
wait "$cage_pid"; rc=$?
set -e
cage_pid=
grep -q 'stopped [0-9]* ms after SIGTERM' "$RUN/out/ws.txt" || fail "Wellspring did not stop cleanly: $(tail -3 "$RUN/out/ws.txt")"
pass "SIGTERM ends Wellspring under cage ($(grep -o 'stopped [0-9]* ms' "$RUN/out/ws.txt")), cage exit $rc"
