# The screensaver on native Wayland, started the way a Wayland desktop
# starts one: swayidle (the idle daemon of sway and labwc desktops) runs
# `wellspring --screensaver` once the seat has been idle, here under sway
# with its headless backend and software renderer, through SDL's own
# Wayland driver. A key pressed on a virtual keyboard (wtype) must end it
# with exit 0, as a key does on X. What sway shows while it runs is
# captured with grim: the full screen and the scene.
source "$(dirname "$0")/lib.sh"
require_tools sway swayidle wtype grim runuser
source "$(dirname "$0")/support/wayland.sh"
sway_pid=
wl_cleanup_hook() {
    [ -z "$sway_pid" ] || kill "$sway_pid" 2> /dev/null || true
    [ -z "$sway_pid" ] || wait_for_exit "$sway_pid" 10 || true
    cp "$RUN/out/"*.txt "$SCRATCH/" 2> /dev/null || true
}
wl_prepare "$1"
log=$RUN/out/ws.txt

# In the sanitizer build the saver keeps ASan and UBSan but not the leak
# check: SDL 2.26's Wayland input code does not free what it makes for a
# keyboard that appears while it runs (the virtual keyboard here; a USB
# keyboard plugged in on a real desk): 906 bytes in 4 allocations from
# SDL and libwayland-client, whose stacks end in SDL with no symbol, so no
# suppression can name a function (tests/lsan.supp never names a whole
# library). Wellspring's own leaks in the screensaver are checked in the
# same build by tests/screensaver.sh (X) and on Wayland by tests/wayland.sh.
saver_asan=${ASAN_OPTIONS:-}
! sanitizer_build || saver_asan=${saver_asan:+$saver_asan:}detect_leaks=0
# The saver as the idle daemon runs it. It appends its log and then its exit
# status; it runs once, so swayidle's next idle timeout starts nothing.
cat > "$RUN/saver.sh" << EOF
#!/bin/sh
[ -e '$RUN/out/started' ] && exit 0
touch '$RUN/out/started'
SDL_VIDEODRIVER=wayland WELLSPRING_DATA='$RUN/data' LD_PRELOAD='$PRELOAD' ASAN_OPTIONS='$saver_asan' \\
    '$RUN/wellspring' --screensaver --verbose 2>> '$log'
echo "exit \$?" >> '$log'
EOF
cat > "$RUN/sway.conf" << EOF
output HEADLESS-1 resolution 1280x720
exec swayidle -w timeout 1 'sh $RUN/saver.sh' > '$RUN/out/swayidle.txt' 2>&1
EOF
chmod 755 "$RUN/saver.sh"
chmod 644 "$RUN/sway.conf"

"${AS_USER[@]}" "${WL_ENV[@]}" sway -c "$RUN/sway.conf" > "$RUN/out/sway.txt" 2>&1 &
sway_pid=$!
wait_for_log "$log" 'first frame up' 90 ||
    fail "swayidle never started the screensaver, or it drew no frame: $(tail -n 5 "$log" "$RUN/out/sway.txt" "$RUN/out/swayidle.txt" 2>&1)"
grep -q 'video driver wayland' "$log" || fail "not on SDL's Wayland driver: $(grep 'video driver' "$log")"
display=$(cd "$RUN/xdg" && ls | grep -E '^wayland-[0-9]+$' | head -1)
[ -n "$display" ] || fail "sway made no Wayland socket"

# What sway shows: the whole screen, the night sky (not a black screen).
wl_wait_for_scene "$display" 30
pass "swayidle started the screensaver under sway on SDL's Wayland driver: full screen, the scene (sky $sky)"

# A key ends it. The virtual keyboard is held for a second before its key:
# like a keyboard plugged in, it is a new device that SDL binds first.
! grep -q 'screensaver ends' "$log" || fail "the screensaver ended before any key"
wl_client "$display" wtype -s 1000 -k space || fail "wtype could not type on sway"
wait_for_log "$log" 'input: the screensaver ends' 30 || fail "a key did not end the screensaver: $(tail -3 "$log")"
wait_for_log "$log" '^exit [0-9]+' 30 || fail "the screensaver did not exit after the key"
status=$(grep -Eo '^exit [0-9]+' "$log" | tail -1)
[ "$status" = "exit 0" ] || fail "the screensaver ended with $status: $(tail -n 5 "$log")"
pass "a key on Wayland ends the screensaver, exit 0"
