#!/usr/bin/env bash
# Runs Wellspring's benchmark and xscreensaver's flurry (`flurry -root
# -preset classic`, Debian package xscreensaver-gl-extra) one after the other
# under the same Xvfb at the same size, and prints both frame rates and the
# CPU used (the program plus Xvfb), so the two can be compared on one machine
# in one run: Wellspring flat out (what the machine can draw), flurry, and
# Wellspring again paced at flurry's frame rate (the CPU each needs for the
# same frames). Wellspring also runs flat out on its OpenGL ES path (--gl
# es), right after the GL 3.3 core run, so the two paths compare in one run.
#   tools/bench-vs-flurry.sh [BUILD_DIR] [WxH] [SECONDS]
# Flurry does not report its frame rate; Mesa's GALLIUM_HUD counts its frames.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
size=${2:-1920x1080}
secs=${3:-26}
flurry=/usr/libexec/xscreensaver/flurry
if [ ! -x "$flurry" ]; then
    SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get install -y -qq xscreensaver-gl-extra xvfb xauth > /dev/null
fi
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$tmp"' EXIT
w=${size%x*}; h=${size#*x}
disp=:$(( 90 + RANDOM % 100 ))
Xvfb "$disp" -screen 0 "${w}x${h}x24" -nolisten tcp > /dev/null 2>&1 &
xvfb=$!
sleep 1
export DISPLAY=$disp

ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)

# Wellspring: its own figures, plus Xvfb's CPU over the same run. Sets
# ws_fps and ws_cpu; the report goes to $tmp/ws-NAME.txt.
wellspring() { # NAME [ARGS...]
    local name=$1; shift
    local x0 x1 t0 t1 json ws_cpu_frame
    x0=$(ticks "$xvfb")
    t0=$(date +%s.%N)
    "$build/wellspring" --benchmark --size "$size" --seconds "$secs" "$@" > "$tmp/ws-$name.txt"
    t1=$(date +%s.%N)
    x1=$(ticks "$xvfb")
    json=$(grep '^{' "$tmp/ws-$name.txt")
    ws_fps=$(echo "$json" | sed 's/.*"fps":\([0-9.]*\).*/\1/')
    ws_cpu_frame=$(echo "$json" | sed 's/.*"cpu_ms_per_frame":\([0-9.]*\).*/\1/')
    # The program's share from its measured phases (CPU per frame x frame
    # rate: the warm-up, loop and idle parts of the run are left out), Xvfb's
    # over the whole run.
    ws_cpu=$(awk -v fps="$ws_fps" -v c="$ws_cpu_frame" -v x="$((x1 - x0))" -v hz="$hz" \
        -v t="$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" \
        'BEGIN { printf "%.0f", 100 * (c * fps / 1000 + x / hz / t) }')
}

# Flat out: what the machine can draw, on GL 3.3 core, then on GLES 3.0.
wellspring flat --gl core
flat_fps=$ws_fps flat_cpu=$ws_cpu
wellspring es --gl es
es_fps=$ws_fps es_cpu=$ws_cpu

# Flurry: frames counted by the HUD, CPU from /proc.
mkdir -p "$tmp/hud"
GALLIUM_HUD=simple,fps GALLIUM_HUD_DUMP_DIR="$tmp/hud" GALLIUM_HUD_VISIBLE=false \
    "$flurry" -root -preset classic > /dev/null 2>&1 &
fl=$!
sleep 2
f0=$(ticks "$fl"); x0=$(ticks "$xvfb")
sleep "$secs"
f1=$(ticks "$fl"); x1=$(ticks "$xvfb")
kill "$fl"; wait "$fl" 2>/dev/null || true
fl_fps=$(awk 'NR > 2 { s += $1; n++ } END { if (n) printf "%.1f", s / n; else print "?" }' "$tmp/hud/fps" 2>/dev/null || echo "?")
fl_cpu=$(awk -v a="$((f1 - f0 + x1 - x0))" -v hz="$hz" -v t="$secs" 'BEGIN { printf "%.0f", 100 * a / hz / t }')

# Paced at flurry's frame rate (as the player paces with --fps): the CPU
# each program needs for the same number of frames.
paced_fps=$(awk -v f="$fl_fps" 'BEGIN { f += 0; print (f >= 1 && f <= 240) ? f : "" }')
if [ -n "$paced_fps" ]; then
    wellspring paced --fps "$paced_fps"
fi

echo "at $size under Xvfb (llvmpipe), $secs s each:"
printf '  %-12s %6s fps   CPU %4s%% of one core (program + Xvfb)   drawing flat out\n' \
    wellspring "$flat_fps" "$flat_cpu"
printf '  %-12s %6s fps   CPU %4s%% of one core (program + Xvfb)   drawing flat out on OpenGL ES (%s of the GL 3.3 rate)\n' \
    "wellspring" "$es_fps" "$es_cpu" "$(awk -v a="$es_fps" -v b="$flat_fps" 'BEGIN { printf("%.0f%%", (b > 0 ? 100 * a / b : 0)) }')"
printf '  %-12s %6s fps   CPU %4s%% of one core (program + Xvfb)\n' flurry "$fl_fps" "$fl_cpu"
if [ -n "$paced_fps" ]; then
    printf '  %-12s %6s fps   CPU %4s%% of one core (program + Xvfb)   paced at flurry'"'"'s rate (--fps %s)\n' \
        wellspring "$ws_fps" "$ws_cpu" "$paced_fps"
fi
echo "Wellspring flat out:"
sed 's/^/  /' "$tmp/ws-flat.txt"
echo "Wellspring flat out on OpenGL ES (--gl es):"
sed 's/^/  /' "$tmp/ws-es.txt"
if [ -n "$paced_fps" ]; then
    echo "Wellspring at --fps $paced_fps:"
    sed 's/^/  /' "$tmp/ws-paced.txt"
fi
