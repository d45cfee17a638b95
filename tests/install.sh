# `cmake --install` gives a relocatable tree: the installed binary finds its
# shaders, fonts and session from PREFIX/share/wellspring, even after the
# prefix is moved, and without the source tree.
source "$(dirname "$0")/lib.sh"
build=$(dirname "$(readlink -f "${1}")")
cmake --install "$build" --prefix "$SCRATCH/prefix" > "$SCRATCH/install.log" || fail "cmake --install failed"
[ -x "$SCRATCH/prefix/bin/wellspring" ] || fail "no bin/wellspring after install"
for f in shaders/scene.frag fonts/Lato-Medium.ttf audio/fountain.ogg audio/fountain.timeline; do
    [ -f "$SCRATCH/prefix/share/wellspring/$f" ] || fail "install lacks share/wellspring/$f"
done
# The files that start the program name it by its installed path: the prefix
# given at install time, not a fixed /usr/bin.
check_starters() { # ROOT PREFIX: files under ROOT/PREFIX must name PREFIX/bin/wellspring
    local r=$1$2 bin=$2/bin/wellspring
    grep -qx "ExecStart=$bin --kiosk" "$r/lib/systemd/system/wellspring-kiosk.service" || fail "the systemd unit does not start $bin: $(grep ExecStart "$r/lib/systemd/system/wellspring-kiosk.service")"
    grep -qx "ExecStart=/usr/bin/cage -- /usr/bin/env SDL_VIDEODRIVER=wayland $bin --kiosk" "$r/lib/systemd/system/wellspring-kiosk-cage.service" || fail "the cage unit does not start $bin: $(grep ExecStart "$r/lib/systemd/system/wellspring-kiosk-cage.service")"
    [ -x "$r/libexec/xsecurelock/saver_wellspring" ] && sh -n "$r/libexec/xsecurelock/saver_wellspring" || fail "the xsecurelock saver is not an executable shell script"
    grep -qx "exec \"$bin\" \"\$@\"" "$r/libexec/xsecurelock/saver_wellspring" || fail "the xsecurelock saver does not run $bin"
    grep -qF "GL:  $bin -root" "$r/share/wellspring/xscreensaver.snippet" || fail "the xscreensaver snippet does not run $bin"
    grep -qx "Exec=$bin %f" "$r/share/applications/wellspring.desktop" || fail "the desktop entry does not run $bin"
    if grep -l '@WS_BIN@\|/usr/bin/wellspring' "$r/lib/systemd/system/wellspring-kiosk.service" "$r/lib/systemd/system/wellspring-kiosk-cage.service" "$r/libexec/xsecurelock/saver_wellspring" \
        "$r/share/wellspring/xscreensaver.snippet" "$r/share/applications/wellspring.desktop" > "$SCRATCH/stale.txt"; then
        [ "$2" = /usr ] || fail "a placeholder or /usr/bin left in: $(cat "$SCRATCH/stale.txt")"
    fi
}
check_starters "" "$SCRATCH/prefix"
DESTDIR=$SCRATCH/destdir cmake --install "$build" --prefix /opt/ws > "$SCRATCH/install-opt.log" || fail "cmake --install with DESTDIR failed"
check_starters "$SCRATCH/destdir" /opt/ws
pass "the systemd unit, saver, snippet and desktop entry name PREFIX/bin/wellspring ($SCRATCH/prefix, DESTDIR + /opt/ws)"
mv "$SCRATCH/prefix" "$SCRATCH/moved"
inst=$SCRATCH/moved/bin/wellspring
[ -n "${WS_TEST_PRELOAD:-}" ] && inst_run() { LD_PRELOAD="$WS_TEST_PRELOAD" "$inst" "$@"; } || inst_run() { "$inst" "$@"; }
inst_run --version | grep -q '^wellspring ' || fail "installed --version"
# Hide the source tree from the installed binary's search: only the prefix counts.
SDL_VIDEODRIVER=offscreen inst_run --verbose --screenshot 4:00 "$SCRATCH/inst.png" --size 320x180 2> "$SCRATCH/err.txt" || fail "installed screenshot: $(cat "$SCRATCH/err.txt")"
check_num "$(img_fx "$SCRATCH/inst.png" mean) > 0.03" || fail "installed screenshot is blank"
grep -q "data folder $SCRATCH/moved/bin/../share/wellspring" "$SCRATCH/err.txt" || fail "installed binary did not use its own data: $(grep 'data folder' "$SCRATCH/err.txt")"
pass "installed tree moved elsewhere still renders from its own data"
