# The OpenGL ES 3.0 path (Raspberry Pi class boards): picked by itself where
# desktop OpenGL 3.3 core is missing, forced with --gl es, and drawing the
# same picture as the GL 3.3 core path. Mesa's llvmpipe offers both context
# types; MESA_GL_VERSION_OVERRIDE=3.1 caps its desktop GL as a Pi's V3D
# driver does. (The render tests run again on this path as NAME_gles.)
source "$(dirname "$0")/lib.sh"
require_tools xev xprop

# The same frame on both paths, at phases that show every layer: the rim and
# heart (30), the fountain's start (151), the loved one and the glow (290),
# the body lit (450), the end card (598). Threshold: RMSE 0.004 of full
# scale, one 8-bit step. The two paths run the same shaders on the same
# rasterizer, and measured 0.0002-0.0006 here (float rounding in different
# compiled code, and the dither); a real difference is larger: the GLES
# fallback to 10-bit targets (no float render targets) measures 0.0087, and
# a missing layer far more.
for t in 30 151 290 450 598; do
    shot_offscreen --gl core --screenshot "$t" "$SCRATCH/core-$t.png" --size 640x360 2> "$SCRATCH/core.txt" \
        || fail "--gl core at $t: $(cat "$SCRATCH/core.txt")"
    shot_offscreen --gl es --verbose --screenshot "$t" "$SCRATCH/es-$t.png" --size 640x360 2> "$SCRATCH/es.txt" \
        || fail "--gl es at $t: $(tail -3 "$SCRATCH/es.txt")"
    grep -q 'ES 3.0 context' "$SCRATCH/es.txt" || fail "--gl es did not log an ES context"
    rmse=$({ /usr/bin/compare -metric RMSE "$SCRATCH/core-$t.png" "$SCRATCH/es-$t.png" null: 2>&1 || true; } | sed 's/.*(\(.*\))/\1/')
    check_num "$rmse < 0.004" || fail "t = $t: the GLES frame differs from the GL 3.3 one by RMSE $rmse (limit 0.004)"
    pass "t = $t: GLES and GL 3.3 frames agree (RMSE $rmse)"
done

# Desktop GL capped at 3.1 (a Raspberry Pi): the ES context is chosen by
# itself, logged, and the picture is the same.
MESA_GL_VERSION_OVERRIDE=3.1 shot_offscreen --verbose --screenshot 450 "$SCRATCH/pi-450.png" --size 640x360 \
    2> "$SCRATCH/pi.txt" || fail "GL capped at 3.1: $(tail -3 "$SCRATCH/pi.txt")"
grep -q 'no OpenGL 3.3 core context' "$SCRATCH/pi.txt" || fail "GL capped at 3.1: the core context did not fail first"
grep -q 'ES 3.0 context' "$SCRATCH/pi.txt" || fail "GL capped at 3.1: no ES context logged"
rmse=$({ /usr/bin/compare -metric RMSE "$SCRATCH/core-450.png" "$SCRATCH/pi-450.png" null: 2>&1 || true; } | sed 's/.*(\(.*\))/\1/')
check_num "$rmse < 0.004" || fail "GL capped at 3.1: the picture differs (RMSE $rmse)"
pass "desktop GL capped at 3.1: OpenGL ES picked by itself, same picture (RMSE $rmse)"

# On such a board the first window (made for GL 3.3) is closed and another
# made for ES; it must never be shown: under X, exactly one top-level window
# is mapped before the first frame (xev reports each map on the root).
cat > "$SCRATCH/drive.sh" <<'DRIVE'
source "$WAIT_LIB"
xev -root -event substructure -event property > "$SCRATCH/xev.txt" 2>&1 & x=$!
# xev listens once it reports a property change on the root.
until grep -q PropertyNotify "$SCRATCH/xev.txt"; do
    xprop -root -f WS_TEST 8s -set WS_TEST ready
    kill -0 "$x" || exit 1
    sleep 0.05
done
MESA_GL_VERSION_OVERRIDE=3.1 "$WS" --windowed=640x360 --mute --verbose 2> "$SCRATCH/map.txt" & a=$!
wait_for_log "$SCRATCH/map.txt" 'first frame up' || exit 1
kill -TERM "$a"; wait_for_exit "$a" || exit 1
kill "$x"
DRIVE
export WS SCRATCH
under_xvfb bash "$SCRATCH/drive.sh" || fail "the window-map check did not run: $(tail -3 "$SCRATCH/map.txt")"
grep -q 'ES 3.0 context' "$SCRATCH/map.txt" || fail "GL capped at 3.1 under X: no ES context"
maps=$(grep -c '^MapNotify' "$SCRATCH/xev.txt" || true)
[ "$maps" = 1 ] || fail "GL capped at 3.1 under X: $maps windows were shown before the first frame (a window shown and closed)"
pass "GL capped at 3.1 under X: one window shown, the ES one (the GL 3.3 try stays hidden)"

# --gl core where only ES is left: exit 3, naming what the driver has.
set +e
MESA_GL_VERSION_OVERRIDE=3.1 shot_offscreen --gl core --screenshot 1 "$SCRATCH/no.png" 2> "$SCRATCH/err.txt"; rc=$?
set -e
[ "$rc" = 3 ] || fail "--gl core without GL 3.3: exit $rc, expected 3"
grep -q -- "--gl core" "$SCRATCH/err.txt" && grep -q "OpenGL ES 3" "$SCRATCH/err.txt" \
    || fail "--gl core without GL 3.3: the message does not say what was asked and what is there: $(cat "$SCRATCH/err.txt")"
[ ! -e "$SCRATCH/no.png" ] || fail "--gl core without GL 3.3 wrote a picture"
pass "--gl core without GL 3.3: exit 3, naming the ES version there is"

# The benchmark names the context it ran on.
shot_offscreen --gl es --benchmark --seconds 2 --size 320x180 > "$SCRATCH/bench.txt" 2> /dev/null \
    || fail "--gl es --benchmark failed"
grep -q '(--gl es)' "$SCRATCH/bench.txt" && grep -q '"gl":"es"' "$SCRATCH/bench.txt" \
    || fail "--benchmark does not name the ES context: $(head -1 "$SCRATCH/bench.txt")"
pass "--benchmark names the context: $(head -1 "$SCRATCH/bench.txt" | sed 's/.*, //')"
