# Kiosk mode in a real X window: it loops (fade out, a dark rest, fade in),
# ignores ordinary keys and closing, and ends only when Esc is held for 3 s,
# in every state: playing, dark outside the display hours (--schedule), and
# dark after the sleep timer (--sleep-after).
# Every wait is for the event itself (a window, a log line, the exit),
# bounded by a generous timeout, so a loaded machine is slower, not wrong.
source "$(dirname "$0")/lib.sh"
require_tools xdotool
cat > "$SCRATCH/drive.sh" <<'DRIVE'
set -u
source "$WAIT_LIB"
# Holds Esc for 4 s (the chord is 3 s; the extra second is for a loaded
# machine that reads the key late), then waits up to 10 s for the exit.
chord() { # PID WINDOW
    xdotool keydown --window "$2" Escape; sleep 4
    # The window is gone once the chord has worked: X then reports a bad
    # window for the key-up, which is expected.
    xdotool keyup --window "$2" Escape 2> /dev/null
    wait_for_exit "$1" 10
}
# Ends the drive with MESSAGE, the end of LOG and how the process ended
# (killed here if it still runs), so that a failure says which step failed.
die() { # MESSAGE PID LOG
    local rc
    kill -0 "$2" 2> /dev/null && kill "$2"
    wait "$2"; rc=$?
    echo "$1 (wellspring exit status $rc; the end of its log follows)"
    tail -15 "$3"
    exit 1
}
# 60x clock: a 10-minute session takes 10 s; the rest is 120 session-seconds = 2 s.
"$WS" --kiosk --windowed=320x180 --mute --clock-rate 60 --rest 120 --verbose 2> "$SCRATCH/log.txt" &
pid=$!
win=$(wait_for_window "$pid") || die "no window" "$pid" "$SCRATCH/log.txt"
wait_for_log "$SCRATCH/log.txt" 'first frame up' || die "no first frame" "$pid" "$SCRATCH/log.txt"
xdotool key --window "$win" space q Right c
xdotool key --window "$win" XF86AudioPlay
wait_for_log "$SCRATCH/log.txt" '\[player\] paused at' 30 || die "the remote's Play did not pause" "$pid" "$SCRATCH/log.txt"
xdotool key --window "$win" XF86AudioPlay
wait_for_log "$SCRATCH/log.txt" '\[player\] resumed at' 30 || die "the remote's Play did not resume" "$pid" "$SCRATCH/log.txt"
xdotool keydown --window "$win" Escape; sleep 0.5; xdotool keyup --window "$win" Escape
wait_for_log "$SCRATCH/log.txt" '\[soak\] loop 1' 120 || die "kiosk did not loop" "$pid" "$SCRATCH/log.txt"
kill -0 "$pid" || die "kiosk ended early" "$pid" "$SCRATCH/log.txt"
chord "$pid" "$win" || die "exit chord did not end the kiosk" "$pid" "$SCRATCH/log.txt"
wait "$pid"; echo "exit $?" > "$SCRATCH/exit.txt"

# Dark outside the display hours (03:00 with hours 08:00-22:00): the chord
# still ends it.
WELLSPRING_TEST_WALL_TIME=1764039600 TZ=UTC "$WS" --kiosk --windowed=320x180 --mute \
    --schedule 08:00-22:00 --verbose 2> "$SCRATCH/night.txt" &
pid=$!
win=$(wait_for_window "$pid") || die "no window (outside the display hours)" "$pid" "$SCRATCH/night.txt"
wait_for_log "$SCRATCH/night.txt" 'outside the display hours' || die "not dark outside the display hours" "$pid" "$SCRATCH/night.txt"
chord "$pid" "$win" || die "exit chord did not end the kiosk outside its hours" "$pid" "$SCRATCH/night.txt"
wait "$pid"; echo "night exit $?" >> "$SCRATCH/exit.txt"

# Dark after the sleep timer (0.05 min = 3 s): the chord still ends it.
"$WS" --kiosk --windowed=320x180 --mute --sleep-after 0.05 --verbose 2> "$SCRATCH/slept.txt" &
pid=$!
win=$(wait_for_window "$pid") || die "no window (sleep timer)" "$pid" "$SCRATCH/slept.txt"
wait_for_log "$SCRATCH/slept.txt" 'sleep timer: .* minutes are up' || die "the sleep timer did not run out" "$pid" "$SCRATCH/slept.txt"
chord "$pid" "$win" || die "exit chord did not end the kiosk after its sleep timer" "$pid" "$SCRATCH/slept.txt"
wait "$pid"; echo "slept exit $?" >> "$SCRATCH/exit.txt"
DRIVE
export WS SCRATCH
SDL_AUDIODRIVER=dummy under_xvfb bash "$SCRATCH/drive.sh" > "$SCRATCH/drive.txt" 2>&1 || fail "kiosk drive: $(cat "$SCRATCH/drive.txt")"
grep -q '^exit 0' "$SCRATCH/exit.txt" || fail "kiosk did not exit 0: $(cat "$SCRATCH/exit.txt")"
grep -Eq '\[player\] (captions|volume|seek to [1-9])' "$SCRATCH/log.txt" && fail "kiosk obeyed an ordinary key"
# Space must not pause; the remote's Play key pauses and resumes (no --lock-input).
[ "$(grep -c '\[player\] paused at' "$SCRATCH/log.txt")" = 1 ] && [ "$(grep -c '\[player\] resumed at' "$SCRATCH/log.txt")" = 1 ] \
    || fail "kiosk play/pause: $(grep -E 'paused|resumed' "$SCRATCH/log.txt")"
grep -q '\[soak\] loop 1' "$SCRATCH/log.txt" || fail "kiosk did not loop"
grep -q 'exit chord' "$SCRATCH/log.txt" || fail "no exit chord logged"
pass "kiosk loops, ignores keys and a short Esc, obeys the remote's Play, exits 0 on Esc held 3 s"
grep -q 'night exit 0' "$SCRATCH/exit.txt" && grep -q 'exit chord' "$SCRATCH/night.txt" ||
    fail "dark outside the display hours: $(cat "$SCRATCH/exit.txt")"
grep -q 'slept exit 0' "$SCRATCH/exit.txt" && grep -q 'exit chord' "$SCRATCH/slept.txt" ||
    fail "dark after the sleep timer: $(cat "$SCRATCH/exit.txt")"
pass "the exit chord ends a dark kiosk too (outside --schedule hours, after --sleep-after)"
