# The player's aligner hook (issue 18): a narration with only NAME.txt
# beside it plays with captions timed by the aligner; the first start
# aligns and caches the WebVTT under $XDG_CACHE_HOME/wellspring/, the
# second start reads the cache (its log line says so), and the fitted
# choreography follows those cues.
source "$(dirname "$0")/lib.sh"
require_tools espeak-ng sox
export XDG_CACHE_HOME="$SCRATCH/cache"
printf '%s\n' "Welcome. Let this be a few quiet minutes for yourself." \
    "Settle into a comfortable position, and let your breath find its own pace." \
    "Bring your attention to your heart, and breathe gently through it." \
    "When you are ready, come back to the room and open your eyes." |
    bash "$(dirname "$0")/support/align_narration.sh" "$SCRATCH/talk" en+m2 140 0 0
rm "$SCRATCH/talk.onsets"
# 4.5 s lies inside the first phrase (1.5 s to about 5 s) or just after it,
# while its cue is up.
shot_offscreen --screenshot 4.5 "$SCRATCH/first.png" --size 640x360 "$SCRATCH/talk.wav" 2> "$SCRATCH/first.log" ||
    fail "the first start failed: $(cat "$SCRATCH/first.log")"
grep -q 'info \[align\] aligned 4 cues in .*cached as' "$SCRATCH/first.log" ||
    fail "the first start did not align: $(cat "$SCRATCH/first.log")"
grep -q 'fitted [0-9]* phases to the captions' "$SCRATCH/first.log" ||
    fail "the choreography was not fitted to the aligned captions: $(cat "$SCRATCH/first.log")"
[ "$(ls "$XDG_CACHE_HOME/wellspring/" | grep -c '\.vtt$')" = 1 ] || fail "no cached WebVTT in $XDG_CACHE_HOME/wellspring"
"$WS" --check "$XDG_CACHE_HOME"/wellspring/*.vtt > "$SCRATCH/check.out" 2>&1 || fail "the cached captions do not check"
pass "the first start aligns talk.txt, caches the captions and fits the choreography to them"

shot_offscreen --screenshot 4.5 "$SCRATCH/second.png" --size 640x360 "$SCRATCH/talk.wav" 2> "$SCRATCH/second.log" ||
    fail "the second start failed: $(cat "$SCRATCH/second.log")"
grep -q 'info \[align\] captions for .*talk.txt from the cache' "$SCRATCH/second.log" ||
    fail "the second start did not use the cache: $(cat "$SCRATCH/second.log")"
grep -q 'aligned .* cues in' "$SCRATCH/second.log" && fail "the second start aligned again"
pass "the second start reads the cache"

# Captions show: the caption band differs from the same frame without them.
shot_offscreen --no-captions --screenshot 4.5 "$SCRATCH/bare.png" --size 640x360 "$SCRATCH/talk.wav" 2> /dev/null
diff=$("$IM" "$SCRATCH/second.png" "$SCRATCH/bare.png" -compose difference -composite \
    -crop 640x60+0+285 +repage -format '%[fx:mean]' info:)
check_num "$diff > 0.005" || fail "no caption in the lower band at 4.5 s (diff $diff)"
pass "the aligned captions show (caption band differs by $diff)"

# An edited transcript is aligned again (a new cache entry).
printf '\n[pause]\n# a note\n' >> "$SCRATCH/talk.txt"
shot_offscreen --screenshot 4.5 "$SCRATCH/third.png" --size 320x180 "$SCRATCH/talk.wav" 2> "$SCRATCH/third.log" ||
    fail "the third start failed"
grep -q 'aligned 4 cues in' "$SCRATCH/third.log" || fail "an edited transcript did not align again: $(cat "$SCRATCH/third.log")"
pass "an edited transcript aligns again"

# NAME.LANG.txt is found first for --lang LANG, as NAME.LANG.vtt is.
mv "$SCRATCH/talk.txt" "$SCRATCH/talk.en.txt"
shot_offscreen --lang en --screenshot 4.5 "$SCRATCH/lang.png" --size 320x180 "$SCRATCH/talk.wav" 2> "$SCRATCH/lang.log" ||
    fail "the --lang start failed: $(cat "$SCRATCH/lang.log")"
grep -Eq '(timing|captions for) .*talk\.en\.txt' "$SCRATCH/lang.log" || fail "--lang en did not find talk.en.txt: $(cat "$SCRATCH/lang.log")"
pass "--lang en times talk.en.txt"

# The interactive player opens its window first and times a new transcript
# behind a calm card with its progress (two minutes of the default session:
# more than a moment to align), then plays with the captions; ending it
# while the card is up exits 0 at once, and a half-written result never
# becomes a cache entry (one that finished just then may stay, whole).
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# The whole default narration (590 s) and all its cues: on a quiet machine
# 120 s of it aligned in 1.0 s, so the card, which waits 0.6 s before it
# shows, was gone before the window was read (the scene and its first
# caption were read instead).
sox "$ROOT/audio/fountain.ogg" "$SCRATCH/long.ogg"
awk 'BEGIN { RS = ""; FS = "\n" } NR > 1 { t = $2; for (i = 3; i <= NF; i++) t = t " " $i; print t "\n" }' \
    "$ROOT/audio/fountain.vtt" > "$SCRATCH/long.txt"
cat > "$SCRATCH/drive.sh" <<'DRIVE'
source "$WAIT_LIB"
export XDG_CACHE_HOME="$SCRATCH/card-cache"
"$WS" --windowed=640x360 --mute --verbose "$SCRATCH/long.ogg" 2> "$SCRATCH/card.log" & a=$!
w=$(wait_for_window "$a") || exit 1
wait_for_log "$SCRATCH/card.log" 'showing the progress card' || exit 1
# The card fades in over 0.8 s: look until its text is bright, for up to 5 s.
wait_for_bright "$w" "$SCRATCH/card.xwd" 640x60+0+290 0.6 || true # judged below
wait_for_log "$SCRATCH/card.log" 'reloaded .* \(captions timed\)' 400 || exit 1
wait_for_log "$SCRATCH/card.log" 'first frame up' || exit 1
kill -TERM "$a"; wait "$a"; echo "exit $?" > "$SCRATCH/card.exit"

export XDG_CACHE_HOME="$SCRATCH/quit-cache"
"$WS" --windowed=640x360 --mute --verbose "$SCRATCH/long.ogg" 2> "$SCRATCH/quit.log" & a=$!
wait_for_log "$SCRATCH/quit.log" 'showing the progress card' || exit 1
kill -TERM "$a"; wait "$a"; echo "exit $?" > "$SCRATCH/quit.exit"
DRIVE
export WS SCRATCH
SDL_AUDIODRIVER=dummy under_xvfb bash "$SCRATCH/drive.sh" || fail "the card drive failed: $(tail -n 5 "$SCRATCH/card.log" "$SCRATCH/quit.log" 2>&1)"
"$IM" "$SCRATCH/card.xwd" "$SCRATCH/card.png"
# The card: bright text in the lower band, on the dark sky of the start.
band=$(img_fx "$SCRATCH/card.png" maxima 640x60+0+290)
sky=$(img_fx "$SCRATCH/card.png" mean 640x250+0+20)
check_num "$band > 0.6 && $sky < 0.1" || fail "no progress card on the dark sky (text max $band, sky mean $sky)"
grep -q 'exit 0' "$SCRATCH/card.exit" || fail "the player did not exit 0 after the card: $(cat "$SCRATCH/card.exit")"
grep -q 'fitted [0-9]* phases to the captions' "$SCRATCH/card.log" || fail "the choreography did not follow the timed captions"
pass "the player shows a progress card while it times the transcript (text max $band, sky $sky), then plays with the captions"
grep -q 'exit 0' "$SCRATCH/quit.exit" || fail "SIGTERM during the card: $(cat "$SCRATCH/quit.exit")"
grep -q 'ended while timing the captions' "$SCRATCH/quit.log" || fail "no log of the abandoned alignment"
for f in "$SCRATCH"/quit-cache/wellspring/*; do
    [ -e "$f" ] || continue
    case $f in *.vtt) "$WS" --check "$f" > /dev/null 2>&1 || fail "an abandoned alignment left a broken cache entry: $f" ;;
               *.tmp[0-9]*) ;; # cut off while writing: never read as an entry
               *) fail "an abandoned alignment left an unknown file: $f" ;; esac
done
pass "SIGTERM while the card is up exits 0, and no half-written result becomes a cache entry"
