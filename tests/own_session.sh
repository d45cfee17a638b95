# A studio's own session, as a new user makes one: a narration spoken by
# espeak-ng with captions beside it, or without. The show fits the narration:
# its length is the narration's plus the end card (never the default
# session's ten minutes), its choreography is fitted to it, phase changes
# land in the voice's pauses, and --check on a hand-written timeline warns
# about the traps that parse cleanly.
source "$(dirname "$0")/lib.sh"
require_tools espeak-ng
NARRATE="$(dirname "$0")/support/narration.sh"
secs() { awk -F: '{ print $1 * 3600 + $2 * 60 + $3 }'; }

# 90 s with captions (SRT, MP3): 6 phases fitted inside the voice, the card
# 0.7 s after the last word, the whole show 12.5 s longer than that.
bash "$NARRATE" "$SCRATCH/calm" 90 mp3 srt > /dev/null
"$WS" --check "$SCRATCH/calm.mp3" > "$SCRATCH/calm.check" 2> "$SCRATCH/calm.err" || fail "--check calm.mp3: $(cat "$SCRATCH/calm.err")"
grep -q '^choreography: fitted to this session$' "$SCRATCH/calm.check" || fail "not fitted: $(cat "$SCRATCH/calm.check")"
phases=$(grep -c $'\tphase ' "$SCRATCH/calm.check")
[ "$phases" = 7 ] || fail "a 90 s session should have 6 phases and the card mark, has $phases"
last_word=$(grep -- '-->' "$SCRATCH/calm.srt" | tail -1 | awk '{ print $3 }' | tr , . | secs)
length=$(sed -n 's/^session: \(.*\) long$/\1/p' "$SCRATCH/calm.check" | secs)
card=$(awk -F'\t' '$2 == "phase end" { print $1 }' "$SCRATCH/calm.check" | secs)
check_num "$card > $last_word && $card < $last_word + 1" || fail "the end card at $card s, the last word ends at $last_word s"
check_num "$length > 89.9 && $length < 90 + 13" || fail "a 90 s narration plays $length s"
for p in fountain body radiate; do
    t=$(awk -F'\t' -v p="phase $p" '$2 == p { print $1 }' "$SCRATCH/calm.check" | secs)
    check_num "$t > 5 && $t < $last_word - 5" || fail "phase $p at $t s is not while the voice speaks (last word $last_word s)"
done
pass "90 s with captions: $phases marks fitted, the card at $card s, $length s in all"

# Seen: the fountain and the glow on screen while the voice speaks.
body=$(awk -F'\t' '$2 == "phase body" { print $1 }' "$SCRATCH/calm.check" | secs)
at=$(awk -v b="$body" -v w="$last_word" 'BEGIN { print b + 0.8 * (w - b) }')
shot_offscreen --no-captions --screenshot "$at" "$SCRATCH/glow.png" --size 320x180 "$SCRATCH/calm.mp3" 2> /dev/null
WELLSPRING_DEBUG_SET="glow=0" shot_offscreen --no-captions --screenshot "$at" "$SCRATCH/noglow.png" --size 320x180 "$SCRATCH/calm.mp3" 2> /dev/null
glow=$("$IM" "$SCRATCH/glow.png" "$SCRATCH/noglow.png" -compose difference -composite -format '%[fx:mean]' info:)
check_num "$glow > 0.01" || fail "no body glow at $at s, before the last word (diff $glow)"
pass "the body glow shows at $at s, while the voice speaks (diff $glow)"

# No captions (WAV): fitted to the audio; every phase change lands in a
# pause of the voice (between the phrases the captions would have timed).
bash "$NARRATE" "$SCRATCH/quiet" 70 wav vtt > /dev/null
mv "$SCRATCH/quiet.vtt" "$SCRATCH/quiet.cues"
"$WS" --check "$SCRATCH/quiet.wav" > "$SCRATCH/quiet.check" 2> /dev/null || fail "--check quiet.wav"
grep -q '^captions: none$' "$SCRATCH/quiet.check" || fail "captions found: $(cat "$SCRATCH/quiet.check")"
[ "$(grep -c $'\tphase ' "$SCRATCH/quiet.check")" = 7 ] || fail "a 70 s session should have 6 phases and the card mark"
grep -- '-->' "$SCRATCH/quiet.cues" | awk '{ print $1, $3 }' | while read -r s e; do
    echo "$(echo "$s" | secs) $(echo "$e" | secs)"; done > "$SCRATCH/quiet.spoken"
awk -F'\t' '$2 ~ /^phase / && $2 != "phase welcome" && $2 != "phase end" { print $1, substr($2, 7) }' "$SCRATCH/quiet.check" |
while read -r t name; do
    t=$(echo "$t" | secs)
    if awk -v t="$t" '$1 - 0.05 < t && t < $2 + 0.05 { found = 1 } END { exit !found }' "$SCRATCH/quiet.spoken"; then
        fail "phase $name at $t s lands mid-phrase"
    fi
done
pass "70 s without captions (2/3 of it speech): 6 phases, each change in a pause of the voice"

# A hand-written timeline with a lone late key: --check warns (exit 0: a
# warning, not an error), naming the line.
cp "$SCRATCH/calm.mp3" "$SCRATCH/mine.mp3"
cp "$SCRATCH/calm.srt" "$SCRATCH/mine.srt"
printf 'phase welcome 0\nphase return 1:20\nwelcome fade 0\nwelcome+3 fade 1\nreturn+5 endcard 1\n' > "$SCRATCH/mine.timeline"
"$WS" --check "$SCRATCH/mine.timeline" > "$SCRATCH/mine.out" 2> "$SCRATCH/mine.err" || fail "--check mine.timeline failed"
grep -q 'mine.timeline:5:1: warning: the first key of endcard' "$SCRATCH/mine.err" || fail "no warning for the lone endcard key: $(cat "$SCRATCH/mine.err")"
grep -q 'warning: the end card shows at .* over the caption at' "$SCRATCH/mine.err" || fail "no warning for the card over captions"
pass "--check warns about a lone late key and a card over the captions"
