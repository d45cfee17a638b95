# The player's aligner hook (issue 18): a narration with only NAME.txt
# beside it plays with captions timed by the aligner; the first start
# aligns and caches the WebVTT under $XDG_CACHE_HOME/wellspring/, the
# second start reads the cache (its log line says so), and the fitted
# choreography follows those cues.
source "$(dirname "$0")/lib.sh"
command -v espeak-ng > /dev/null && command -v sox > /dev/null ||
    fail "espeak-ng or sox is missing (tools/deps.sh --test installs them)"
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
