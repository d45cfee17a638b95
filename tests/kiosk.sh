# Kiosk mode in a real X window: it loops (fade out, a dark rest, fade in),
# ignores ordinary keys and closing, and ends only when Esc is held for 3 s.
source "$(dirname "$0")/lib.sh"
command -v xdotool > /dev/null || fail "xdotool is missing (tools/deps.sh --test installs it)"
cat > "$SCRATCH/drive.sh" <<'DRIVE'
set -u
# 60x clock: a 10-minute session takes 10 s; the rest is 120 session-seconds = 2 s.
"$WS" --kiosk --windowed=320x180 --mute --clock-rate 60 --rest 120 --verbose 2> "$SCRATCH/log.txt" &
pid=$!
for i in $(seq 50); do win=$(xdotool search --pid "$pid" 2>/dev/null | head -1); [ -n "$win" ] && break; sleep 0.2; done
[ -n "$win" ] || { echo "no window"; kill "$pid"; exit 1; }
sleep 1
xdotool key --window "$win" space q Right c
sleep 0.5
xdotool key --window "$win" XF86AudioPlay; sleep 0.5; xdotool key --window "$win" XF86AudioPlay
xdotool keydown --window "$win" Escape; sleep 0.5; xdotool keyup --window "$win" Escape
sleep 14
kill -0 "$pid" || { echo "kiosk ended early"; exit 1; }
xdotool keydown --window "$win" Escape; sleep 3.6; xdotool keyup --window "$win" Escape
sleep 1
if kill -0 "$pid" 2>/dev/null; then echo "exit chord did not end the kiosk"; kill "$pid"; exit 1; fi
wait "$pid"; echo "exit $?" > "$SCRATCH/exit.txt"
DRIVE
export WS SCRATCH
SDL_AUDIODRIVER=dummy under_xvfb bash "$SCRATCH/drive.sh" || fail "kiosk drive: $(tail -3 "$SCRATCH/log.txt")"
grep -q 'exit 0' "$SCRATCH/exit.txt" || fail "kiosk did not exit 0: $(cat "$SCRATCH/exit.txt")"
grep -Eq '\[player\] (captions|volume|seek to [1-9])' "$SCRATCH/log.txt" && fail "kiosk obeyed an ordinary key"
# Space must not pause; the remote's Play key pauses and resumes (no --lock-input).
[ "$(grep -c '\[player\] paused at' "$SCRATCH/log.txt")" = 1 ] && [ "$(grep -c '\[player\] resumed at' "$SCRATCH/log.txt")" = 1 ] \
    || fail "kiosk play/pause: $(grep -E 'paused|resumed' "$SCRATCH/log.txt")"
grep -q '\[soak\] loop 1' "$SCRATCH/log.txt" || fail "kiosk did not loop"
grep -q 'exit chord' "$SCRATCH/log.txt" || fail "no exit chord logged"
pass "kiosk loops, ignores keys and a short Esc, obeys the remote's Play, exits 0 on Esc held 3 s"
