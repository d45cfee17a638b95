# The Debian package: CPack builds a .deb with its dependencies; unpacked
# into a scratch root, the installed wellspring reports its version, renders
# a headless screenshot from the installed data, and ships its man page,
# desktop entry, systemd unit and screensaver files, which name the program
# as /usr/bin/wellspring.
source "$(dirname "$0")/lib.sh"
build=$(dirname "$(readlink -f "$1")")
(cd "$build" && cpack -G DEB -B "$SCRATCH/cpack" > "$SCRATCH/cpack.log" 2>&1) || fail "cpack failed: $(tail -5 "$SCRATCH/cpack.log")"
deb=$(ls "$SCRATCH"/cpack/wellspring_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || fail "no .deb made"
dpkg-deb -I "$deb" > "$SCRATCH/info.txt"
for dep in libsdl2-2.0-0 libsdl2-ttf-2.0-0 libsdl2-mixer-2.0-0 libglew2.2 libinih1; do
    grep -q "Depends:.*$dep" "$SCRATCH/info.txt" || fail "the package does not depend on $dep"
done
dpkg-deb -x "$deb" "$SCRATCH/root"
r=$SCRATCH/root/usr
for f in bin/wellspring share/man/man1/wellspring.1 share/applications/wellspring.desktop \
         lib/systemd/system/wellspring-kiosk.service lib/systemd/system/wellspring-kiosk-cage.service \
         libexec/xsecurelock/saver_wellspring \
         share/wellspring/xscreensaver.snippet \
         share/wellspring/shaders/scene.frag share/wellspring/audio/fountain.ogg share/wellspring/fonts/Lato-Medium.ttf; do
    [ -e "$r/$f" ] || fail "the package lacks /usr/$f"
done
# The files that start the program name it where the package puts it.
grep -qx 'ExecStart=/usr/bin/wellspring --kiosk' "$r/lib/systemd/system/wellspring-kiosk.service" || fail "the packaged unit does not start /usr/bin/wellspring"
grep -qx 'exec "/usr/bin/wellspring" "$@"' "$r/libexec/xsecurelock/saver_wellspring" && [ -x "$r/libexec/xsecurelock/saver_wellspring" ] || fail "the packaged xsecurelock saver does not run /usr/bin/wellspring"
grep -qF 'GL:  /usr/bin/wellspring -root' "$r/share/wellspring/xscreensaver.snippet" || fail "the packaged xscreensaver snippet does not run /usr/bin/wellspring"
grep -qx 'Exec=/usr/bin/wellspring %f' "$r/share/applications/wellspring.desktop" || fail "the packaged desktop entry does not run /usr/bin/wellspring"
inst() { if [ -n "${WS_TEST_PRELOAD:-}" ]; then LD_PRELOAD="$WS_TEST_PRELOAD" "$r/bin/wellspring" "$@"; else "$r/bin/wellspring" "$@"; fi; }
inst --version | grep -q '^wellspring [0-9]' || fail "installed --version"
SDL_VIDEODRIVER=offscreen inst --verbose --screenshot 4:00 "$SCRATCH/pkg.png" --size 320x180 2> "$SCRATCH/err.txt" || fail "installed screenshot: $(tail -2 "$SCRATCH/err.txt")"
grep -q "data folder $r/bin/../share/wellspring" "$SCRATCH/err.txt" || fail "the packaged binary did not use the packaged data"
check_num "$(img_fx "$SCRATCH/pkg.png" mean) > 0.03" || fail "packaged screenshot is blank"
grep -q 'no\\-captions' "$r/share/man/man1/wellspring.1" && grep -q 'EXIT STATUS' "$r/share/man/man1/wellspring.1" || fail "man page incomplete"
pass "$(basename "$deb"): depends on its libraries, unpacks, runs and renders from its own data"
