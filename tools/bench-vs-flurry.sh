#!/usr/bin/env bash
# Runs Wellspring's benchmark and xscreensaver's flurry (`flurry -root
# -preset classic`, Debian package xscreensaver-gl-extra) one after the other
# under the same Xvfb at the same size, and prints both frame rates and the
# CPU used (the program plus Xvfb), so the two can be compared on one machine
# in one run.
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

# Wellspring: its own figures, plus Xvfb's CPU over the same run.
x0=$(ticks "$xvfb")
t0=$(date +%s.%N)
"$build/wellspring" --benchmark --size "$size" --seconds "$secs" > "$tmp/ws.txt"
t1=$(date +%s.%N)
x1=$(ticks "$xvfb")
json=$(grep '^{' "$tmp/ws.txt")
ws_fps=$(echo "$json" | sed 's/.*"fps":\([0-9.]*\).*/\1/')
ws_cpu_frame=$(echo "$json" | sed 's/.*"cpu_ms_per_frame":\([0-9.]*\).*/\1/')
# The program's share from its measured phases (CPU per frame x frame rate:
# the warm-up, loop and idle parts of the run are left out), Xvfb's over the
# whole run.
ws_cpu=$(awk -v fps="$ws_fps" -v c="$ws_cpu_frame" -v x="$((x1 - x0))" -v hz="$hz" -v t="$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" \
    'BEGIN { printf "%.0f", 100 * (c * fps / 1000 + x / hz / t) }')

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

echo "at $size under Xvfb (llvmpipe), $secs s each:"
printf '  %-12s %6s fps   CPU %s%% of one core (program + Xvfb)\n' wellspring "$ws_fps" "$ws_cpu"
printf '  %-12s %6s fps   CPU %s%% of one core (program + Xvfb)\n' flurry "$fl_fps" "$fl_cpu"
sed 's/^/  /' "$tmp/ws.txt"
