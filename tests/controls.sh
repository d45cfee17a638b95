# The controls as a user presses them, in a real X window under Xvfb:
# Space pauses (and a paused session uses next to no CPU), Space resumes,
# Right seeks forward 10 s, C hides the captions, Up/Down change the volume,
# Esc quits with exit 0.
source "$(dirname "$0")/lib.sh"
require_tools xdotool

cat > "$SCRATCH/drive.sh" <<'DRIVE'
set -u
source "$WAIT_LIB"
"$WS" --windowed=320x180 --verbose 2> "$SCRATCH/log.txt" &
pid=$!
win=$(wait_for_window "$pid") || { echo "no window"; kill "$pid"; exit 1; }
wait_for_log "$SCRATCH/log.txt" 'first frame up' || { kill "$pid"; exit 1; }
# Each key, then the log line it must cause (at most 30 s on a loaded machine).
key() { xdotool key --window "$win" "$1"; wait_for_log "$SCRATCH/log.txt" "$2" 30; }
ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
key space 'paused at'
c0=$(ticks); sleep 3; c1=$(ticks)
echo "paused_ticks $((c1 - c0))" > "$SCRATCH/cpu.txt"
key space 'resumed at'
key Right 'seek to'
key c 'captions off'
key Up 'volume 100'
key Down 'volume 90'
xdotool key --window "$win" Escape
wait_for_exit "$pid" 30
wait "$pid"
echo "exit $?" >> "$SCRATCH/cpu.txt"
DRIVE
export WS SCRATCH
SDL_AUDIODRIVER=dummy under_xvfb bash "$SCRATCH/drive.sh" || fail "driving the window failed: $(tail -5 "$SCRATCH/log.txt")"

grep -q 'exit 0' "$SCRATCH/cpu.txt" || fail "Esc did not exit 0: $(cat "$SCRATCH/cpu.txt")"
for want in 'paused at' 'resumed at' 'seek to' 'captions off' 'volume 100' 'volume 90'; do
    grep -q "\[player\] $want" "$SCRATCH/log.txt" || fail "no '$want' in the log: $(grep player "$SCRATCH/log.txt")"
done
pass "Space, Right, C, Up, Down and Esc act as documented"
t=$(awk '{ print $2 }' "$SCRATCH/cpu.txt" | head -1)
hz=$(getconf CLK_TCK)
# Paused for 3 s: less than 5% of one core (the renderer sleeps on events).
check_num "$t < 0.05 * 3 * $hz" || fail "a paused session used $t ticks of CPU in 3 s"
pass "paused session used $t CPU ticks in 3 s (of $((3 * hz)) for one busy core)"
