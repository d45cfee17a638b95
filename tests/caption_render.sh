# Captions as a viewer sees them in the default session (first cue 2.8 s to
# 5.813 s, the second from 6.813 s): text pixels only inside a cue's time and
# only in the caption band below the figure, fading in, never over the figure.
source "$(dirname "$0")/lib.sh"
SZ=640x360

both() { # TIME NAME: the frame with and without captions
    shot_offscreen --screenshot "$1" "$SCRATCH/$2.png" --size $SZ || fail "screenshot at $1"
    shot_offscreen --no-captions --screenshot "$1" "$SCRATCH/$2-bare.png" --size $SZ || fail "bare screenshot at $1"
}
# Mean difference the captions make inside a region (GEOM) of the frame.
cap_diff() { # NAME GEOM
    "$IM" "$SCRATCH/$1.png" "$SCRATCH/$1-bare.png" -compose difference -composite \
        -crop "$2" +repage -format '%[fx:mean]' info:
}
FULL=640x360+0+0
BAND=640x54+0+288           # 80% to 95% of the height
ABOVE=640x288+0+0           # everything above the band: the figure's space

both 2.0 before
cmp -s "$SCRATCH/before.png" "$SCRATCH/before-bare.png" || fail "text pixels before the first cue"
both 6.5 gap
cmp -s "$SCRATCH/gap.png" "$SCRATCH/gap-bare.png" || fail "text pixels between cues (6.5 s)"
pass "no caption pixels outside cues (2.0 s, 6.5 s)"

both 4.0 inside
band=$(cap_diff inside "$BAND")
above=$(cap_diff inside "$ABOVE")
check_num "$band > 0.005" || fail "no caption in the band during the first cue (diff $band)"
check_num "$above == 0" || fail "caption pixels above the caption band (diff $above)"
pass "caption drawn in the band during a cue (diff $band), none above it"

both 2.9 fadein
both 3.5 full
early=$(cap_diff fadein "$BAND")
late=$(cap_diff full "$BAND")
check_num "$early > 0 && $early < 0.6 * $late" || fail "caption does not fade in ($early at 0.1 s vs $late at 0.7 s)"
pass "caption fades in ($early at 0.1 s into the cue, $late at 0.7 s)"

# A portrait signage screen keeps the captions below the figure too.
shot_offscreen --screenshot 4.0 "$SCRATCH/p.png" --size 360x640 || fail "portrait"
shot_offscreen --no-captions --screenshot 4.0 "$SCRATCH/p-bare.png" --size 360x640 || fail "portrait bare"
WELLSPRING_DEBUG_VIEW=mask shot_offscreen --no-captions --screenshot 4.0 "$SCRATCH/p-mask.png" --size 360x640 || fail "portrait mask"
"$IM" "$SCRATCH/p-mask.png" -colorspace gray -threshold 50% "$SCRATCH/p-mask.png"
overlap=$("$IM" "$SCRATCH/p.png" "$SCRATCH/p-bare.png" -compose difference -composite -threshold 1% \
    "$SCRATCH/p-mask.png" -compose multiply -composite -format '%[fx:maxima]' info:)
check_num "$overlap == 0" || fail "portrait caption overlaps the figure"
check_num "$(img_fx "$SCRATCH/p.png" mean) != $(img_fx "$SCRATCH/p-bare.png" mean)" || fail "no caption on the portrait screen"
pass "portrait 9:16: caption present and clear of the figure"

# --safe-area 70 (a TV that overscans): the caption stays inside the middle
# 70%, so its lowest pixel is above 85% of the height.
shot_offscreen --safe-area 70 --screenshot 4.0 "$SCRATCH/sa.png" --size $SZ || fail "safe-area screenshot"
box=$("$IM" "$SCRATCH/sa.png" "$SCRATCH/inside-bare.png" -compose difference -composite -threshold 1% -trim -format '%h %Y' info:)
read -r bh by <<< "${box//+/ }"
check_num "$by + $bh <= 0.85 * 360 && $by + $bh > 0.6 * 360" || fail "caption with --safe-area 70 reaches row $((by + bh)) of 360"
pass "--safe-area 70 keeps the caption inside (lowest row $((by + bh)) of 360)"

# The end card shows whether or not captions are on (with --no-captions, or a
# session without captions, nothing else had opened the font and the card
# was silently missing).
shot_offscreen --no-captions --screenshot 592 "$SCRATCH/card.png" --size $SZ || fail "card screenshot"
WELLSPRING_DEBUG_SET="endcard=0" shot_offscreen --no-captions --screenshot 592 "$SCRATCH/card-bare.png" --size $SZ ||
    fail "bare card screenshot"
card=$(cap_diff card "$BAND")
check_num "$card > 0.005" || fail "no end card in the band at 9:52 with --no-captions (diff $card)"
pass "the end card shows with --no-captions (diff $card in the band)"
