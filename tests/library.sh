# A studio's library (issue 19): a folder of three narrations of different
# lengths (espeak-ng) opens the menu; the remote's keys (xdotool) select and
# play the second session, Back keeps where it stopped and returns to the
# menu, which then offers to continue; a kiosk over the folder plays all
# three in order with rests between them, twice round; and the command
# line's library cases (--session, --no-default, an empty folder, a
# playlist with a missing entry, --export) behave. Every step is checked by
# the log, and the menu's steps by the picture too.
source "$(dirname "$0")/lib.sh"
require_tools espeak-ng sox xdotool
S=$SCRATCH/studio
mkdir -p "$S"
espeak-ng -v en+m2 -s 140 -w "$S/b.wav" "This is a body scan. Notice your feet, your legs, and your hands. Rest here for a while, and let them be heavy."
espeak-ng -v en+f3 -s 130 -w "$S/e.wav" "Welcome to this evening calm. Let the day settle, and breathe out slowly."
espeak-ng -v en+f2 -s 150 -w "$S/m.wav" "Good morning. A short practice."
sox "$S/b.wav" "$S/01_Body_Scan.ogg" && sox "$S/e.wav" "$S/evening-calm.ogg"
# One with a title tag, as a studio's exported MP3 has: the menu shows it.
ffmpeg -loglevel error -i "$S/m.wav" -metadata title="Morning light" -metadata artist="Studio Quiet" "$S/morning.mp3"
rm "$S"/*.wav
echo "Welcome to this evening calm. Let the day settle, and breathe out slowly." > "$S/evening-calm.txt"
export XDG_STATE_HOME="$SCRATCH/state" XDG_CACHE_HOME="$SCRATCH/cache"

cat > "$SCRATCH/drive.sh" <<'DRIVE'
source "$WAIT_LIB"
L=$SCRATCH/menu.log
step() { echo "$1" > "$SCRATCH/step.txt"; }
shot() { xwd -silent -id "$w" > "$SCRATCH/$1.xwd"; }
# Waits for the menu to come to rest for the Nth time (its log line), then
# reads the window until two reads agree (the shown frame can lag the log).
settle() { # NAME N
    wait_for_count "$L" '\[menu\] menu settled' "$2" || return 1
    local i prev=
    for i in $(seq 1 50); do
        shot "$1"; local sum; sum=$(md5sum < "$SCRATCH/$1.xwd")
        [ "$sum" = "$prev" ] && return 0
        prev=$sum; sleep 0.1
    done
}
"$WS" --windowed=1280x720 --no-default --verbose "$SCRATCH/studio" 2> "$L" & a=$!
step "the window"; w=$(wait_for_window "$a") || exit 1
step "the menu"; wait_for_log "$L" '\[menu\] menu up' || exit 1
settle list1 1 || exit 1
xdotool key --window "$w" Down
step "Down"; wait_for_log "$L" 'selected 2: "Evening calm"' || exit 1
settle list2 2 || exit 1
xdotool key --window "$w" Return
step "OK plays the second"; wait_for_log "$L" 'playing 2, "Evening calm", from 0.0 s' 120 || exit 1
step "its first caption"; wait_for_log "$L" '\[sync\] caption 0 due' || exit 1
xdotool key --window "$w" Up
step "the overlay says Esc goes to the menu"; wait_for_log "$L" 'overlay shown: .*Esc menu$' || exit 1
xdotool key --window "$w" Escape
step "Back stops it"; wait_for_log "$L" 'stopped "Evening calm" at [0-9.]* s' || exit 1
wait_for_log "$L" 'menu open, 3 sessions, "Evening calm" selected' || exit 1
wait_for_count "$L" '\[menu\] menu settled' 3 || exit 1
xdotool key --window "$w" Return
step "the resume offer"; wait_for_log "$L" 'offering to continue "Evening calm" from' || exit 1
settle offer 4 || exit 1
xdotool key --window "$w" Return
step "Continue"; wait_for_log "$L" 'playing 2, "Evening calm", from [0-9]*\.[0-9] s' || exit 1
step "the session's end"; wait_for_log "$L" '"Evening calm" ended' 120 || exit 1
step "the menu with the next selected"; wait_for_log "$L" 'menu open, 3 sessions, "Morning light" selected' || exit 1
xdotool key --window "$w" Escape
step "Back leaves"; wait_for_exit "$a" 30 || exit 1
wait "$a"; echo "exit $?" > "$SCRATCH/menu.exit"
step "done"
DRIVE
export WS SCRATCH
SDL_AUDIODRIVER=dummy under_xvfb bash "$SCRATCH/drive.sh" ||
    fail "menu drive stopped at: $(cat "$SCRATCH/step.txt"): $(tail -n 8 "$SCRATCH/menu.log")"
grep -q 'exit 0' "$SCRATCH/menu.exit" || fail "leaving the menu: $(cat "$SCRATCH/menu.exit")"
for s in list1 list2 offer; do "$IM" "$SCRATCH/$s.xwd" "$SCRATCH/$s.png"; done
# The list at 1280x720: rows of 62 px from y 185; titles from x 104. Each
# row's title is bright text; the selected row sits on a warm highlight.
ROW1=460x50+90+190 ROW2=460x50+90+250 ROW3=460x50+90+308
for r in $ROW1 $ROW2 $ROW3; do
    check_num "$(img_fx "$SCRATCH/list1.png" maxima "$r") > 0.5" || fail "a title is not readable in row $r"
done
h1=$(img_fx "$SCRATCH/list1.png" mean "$ROW1") h2=$(img_fx "$SCRATCH/list1.png" mean "$ROW2")
k1=$(img_fx "$SCRATCH/list2.png" mean "$ROW1") k2=$(img_fx "$SCRATCH/list2.png" mean "$ROW2")
check_num "$h1 > $h2 * 1.3 && $k2 > $k1 * 1.3" ||
    fail "the highlight did not move with Down (row 1 $h1 -> $k1, row 2 $h2 -> $k2)"
pass "the menu lists the titles readably and the highlight follows Down (row means $h1/$h2 -> $k1/$k2)"
grep -q 'playing 2, "Evening calm", from 0.0 s' "$SCRATCH/menu.log" || fail "OK did not play the second session"
grep -q 'debug \[menu\] 3. Morning light ([0-9]* s): Studio Quiet' "$SCRATCH/menu.log" ||
    fail "the MP3's title and artist tags are not in the menu: $(grep 'debug \[menu\]' "$SCRATCH/menu.log" | head -3)"
at=$(sed -n 's/.*stopped "Evening calm" at \([0-9.]*\) s.*/\1/p' "$SCRATCH/menu.log" | head -1)
from=$(sed -n 's/.*playing 2, "Evening calm", from \([0-9.]*\) s.*/\1/p' "$SCRATCH/menu.log" | tail -1)
check_num "$at > 0 && $from == $at" || fail "continued from $from, stopped at $at"
# The resume file is in XDG_STATE_HOME; a session that played to its end
# is forgotten there.
grep -q '^wellspring-resume' "$SCRATCH/state/wellspring/resume" || fail "no resume file in XDG_STATE_HOME"
grep -q 'evening-calm.ogg' "$SCRATCH/state/wellspring/resume" && fail "a finished session is still in the resume file"
d=$("$IM" "$SCRATCH/list2.png" "$SCRATCH/offer.png" -compose difference -composite -crop 460x120+90+185 +repage -format '%[fx:mean]' info:)
check_num "$d > 0.01" || fail "the resume offer looks like the list (difference $d)"
pass "OK plays session 2; Back stops it at $at s and the menu offers to continue; Continue plays from $from s; at its end the menu returns with the next selected; tags give a title"

# A kiosk over the folder: all three in order, a dark rest between them, twice round.
cat > "$SCRATCH/kiosk.sh" <<'DRIVE'
source "$WAIT_LIB"
"$WS" --kiosk --windowed=320x180 --mute --clock-rate 10 --rest 5 --no-default --verbose "$SCRATCH/studio" 2> "$SCRATCH/kiosk.log" &
k=$!
wait_for_count "$SCRATCH/kiosk.log" 'kiosk: session' 6 240 || { kill "$k"; exit 1; }
kill -TERM "$k"; wait "$k"
DRIVE
SDL_AUDIODRIVER=dummy under_xvfb bash "$SCRATCH/kiosk.sh" ||
    fail "the kiosk did not go round twice and exit 0: $(grep -E 'kiosk:|resting|error' "$SCRATCH/kiosk.log")"
order=$(sed -n 's/.*kiosk: session \([0-9]\).*/\1/p' "$SCRATCH/kiosk.log" | head -6 | tr -d '\n')
[ "$order" = 231231 ] || fail "kiosk order $order, not 231231 (after 1)"
rests=$(grep -c 'resting 5 s in the dark' "$SCRATCH/kiosk.log")
[ "$rests" -ge 6 ] || fail "only $rests rests for 6 changes"
pass "a kiosk plays the folder in order with a dark rest between sessions, twice round (1 then $order)"

# --schedule naming a session per range: at 03:00 (the test clock) the
# range 02:00-04:00 names morning.ogg, so the kiosk plays it, and again.
cat > "$SCRATCH/sched.sh" <<'DRIVE'
source "$WAIT_LIB"
WELLSPRING_TEST_WALL_TIME=1764039600 TZ=UTC "$WS" --kiosk --windowed=320x180 --mute --clock-rate 10 --rest 2 \
    --no-default --schedule '02:00-04:00=morning.mp3,04:00-06:00=01_Body_Scan.ogg' --verbose \
    "$SCRATCH/studio" 2> "$SCRATCH/sched.log" &
k=$!
wait_for_count "$SCRATCH/sched.log" 'kiosk: session' 3 120 || { kill "$k"; exit 1; }
kill -TERM "$k"; wait "$k"
DRIVE
SDL_AUDIODRIVER=dummy under_xvfb bash "$SCRATCH/sched.sh" ||
    fail "the scheduled kiosk: $(grep -E 'kiosk:|schedule|error' "$SCRATCH/sched.log")"
order=$(sed -n 's/.*kiosk: session \([0-9]\).*/\1/p' "$SCRATCH/sched.log" | head -3 | tr -d '\n')
[ "$order" = 333 ] || fail "the scheduled kiosk played $order, not 333: $(grep -E 'kiosk:|schedule' "$SCRATCH/sched.log")"
grep -q 'kiosk: session 3, "Morning" (--schedule)' "$SCRATCH/sched.log" || fail "the first session was not the schedule's"
pass "--schedule 02:00-04:00=morning.mp3: at 03:00 the kiosk plays that session, and again ($order)"

# The command line.
shot_offscreen --no-default --session 3 --screenshot 1 "$SCRATCH/s3.png" --size 320x180 "$S" 2> "$SCRATCH/s3.log" ||
    fail "--session 3: $(cat "$SCRATCH/s3.log")"
grep -q 'starting with 3, "Morning"' "$SCRATCH/s3.log" || fail "--session 3 did not pick the third: $(cat "$SCRATCH/s3.log")"
shot_offscreen --session evening --screenshot 1 "$SCRATCH/s2.png" --size 320x180 "$S" 2> "$SCRATCH/s2.log" ||
    fail "--session evening: $(cat "$SCRATCH/s2.log")"
grep -q 'starting with 2, "Evening calm"' "$SCRATCH/s2.log" || fail "--session by title: $(cat "$SCRATCH/s2.log")"
set +e
shot_offscreen --no-default --session Wellspring --screenshot 1 "$SCRATCH/x.png" "$S" 2> "$SCRATCH/nodef.log"; rc=$?
set -e
[ $rc = 2 ] && grep -q "Morning" "$SCRATCH/nodef.log" || fail "--no-default still had the default session (exit $rc): $(cat "$SCRATCH/nodef.log")"
shot_offscreen --session Wellspring --screenshot 1 "$SCRATCH/def.png" --size 320x180 "$S" 2> "$SCRATCH/def.log" ||
    fail "the default session is not in the library: $(cat "$SCRATCH/def.log")"
grep -q '4 sessions; starting with 4, "Wellspring"' "$SCRATCH/def.log" || fail "the default session is not last: $(cat "$SCRATCH/def.log")"
pass "--session N and TITLE pick a session; the default session is last, and --no-default leaves it out"
mkdir -p "$SCRATCH/empty"
set +e
"$WS" --no-default "$SCRATCH/empty" 2> "$SCRATCH/empty.log"; rc=$?
set -e
[ $rc = 2 ] && grep -q 'no sessions to play' "$SCRATCH/empty.log" || fail "an empty library: exit $rc, $(cat "$SCRATCH/empty.log")"
printf '\xef\xbb\xbf#EXTM3U\r\n#EXTINF:12,Morning practice\r\nstudio/morning.mp3\r\nstudio/gone.ogg\r\n# a note\r\nstudio/01_Body_Scan.ogg\r\n' > "$SCRATCH/list.m3u8"
shot_offscreen --no-default --session 2 --screenshot 1 "$SCRATCH/pl.png" --size 320x180 "$SCRATCH/list.m3u8" 2> "$SCRATCH/pl.log" ||
    fail "a playlist: $(cat "$SCRATCH/pl.log")"
grep -q 'gone.ogg' "$SCRATCH/pl.log" && grep -q '2 sessions; starting with 2, "Body Scan"' "$SCRATCH/pl.log" ||
    fail "the playlist's missing entry: $(cat "$SCRATCH/pl.log")"
grep -q 'Morning practice' "$SCRATCH/pl.log" || shot_offscreen --no-default --session 'morning practice' --screenshot 1 "$SCRATCH/pl1.png" --size 320x180 "$SCRATCH/list.m3u8" 2> /dev/null ||
    fail "the playlist's #EXTINF title is not a title"
set +e
shot_offscreen --export "$SCRATCH/x.mp4" "$S" 2> "$SCRATCH/export.log"; rc=$?
set -e
[ $rc = 2 ] && grep -q -- '--session' "$SCRATCH/export.log" || fail "--export with a library: exit $rc, $(cat "$SCRATCH/export.log")"
pass "an empty library exits 2; a playlist (BOM, CRLF, #EXTINF) skips a missing entry with a warning; --export needs --session"
