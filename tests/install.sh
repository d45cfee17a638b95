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
mv "$SCRATCH/prefix" "$SCRATCH/moved"
inst=$SCRATCH/moved/bin/wellspring
[ -n "${WS_TEST_PRELOAD:-}" ] && inst_run() { LD_PRELOAD="$WS_TEST_PRELOAD" "$inst" "$@"; } || inst_run() { "$inst" "$@"; }
inst_run --version | grep -q '^wellspring ' || fail "installed --version"
# Hide the source tree from the installed binary's search: only the prefix counts.
SDL_VIDEODRIVER=offscreen inst_run --verbose --screenshot 4:00 "$SCRATCH/inst.png" --size 320x180 2> "$SCRATCH/err.txt" || fail "installed screenshot: $(cat "$SCRATCH/err.txt")"
check_num "$(img_fx "$SCRATCH/inst.png" mean) > 0.03" || fail "installed screenshot is blank"
grep -q "data folder $SCRATCH/moved/bin/../share/wellspring" "$SCRATCH/err.txt" || fail "installed binary did not use its own data: $(grep 'data folder' "$SCRATCH/err.txt")"
pass "installed tree moved elsewhere still renders from its own data"
