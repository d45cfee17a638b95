# The scene as a viewer sees it, measured in rendered pictures of the default
# session at 320x180:
#   - no fountain particles before the fountain phase, jets rising from the
#     heart during it;
#   - the glow's coverage of the silhouette grows through the body phase and
#     covers 95% or more by its end; the torso is lit before the hands;
#   - light lies outside the silhouette while radiating;
#   - a frame with particles is identical alone and after a sequence;
#   - the scene's per-part shader variants (software GL) draw the same
#     picture as the one program holding every part.
source "$(dirname "$0")/lib.sh"
TL="$(dirname "$0")/../audio/fountain.timeline"
SZ=320x180

phase() { # NAME -> start seconds
    awk -v n="$1" '$1 == "phase" && $2 == n { split($3, p, ":"); print (length(p) == 2 ? p[1] * 60 + p[2] : p[1]) }' "$TL"
}
shot() { shot_offscreen --screenshot "$1" "$SCRATCH/$2.png" --size $SZ || fail "screenshot at $1"; }
at() { awk "BEGIN { print $1 }"; }

# The silhouette's pixels (test aid: the bare mask).
WELLSPRING_DEBUG_VIEW=mask shot_offscreen --no-captions --screenshot 10 "$SCRATCH/mask.png" --size $SZ || fail "mask"
"$IM" "$SCRATCH/mask.png" -colorspace gray -threshold 50% "$SCRATCH/mask.png"
mask_mean=$(img_fx "$SCRATCH/mask.png" mean)
check_num "$mask_mean > 0.05 && $mask_mean < 0.4" || fail "silhouette mask covers $mask_mean of the frame"

# Fraction of the silhouette the glow lights: the frame against the same
# frame with the glow pinned off (test aid; every other layer, particles
# included, is identical because a frame is a pure function of t).
glow_cover() { # FRAME.png TIME
    WELLSPRING_DEBUG_SET=glow=0 shot_offscreen --screenshot "$2" "$SCRATCH/noglow.png" --size $SZ || fail "no-glow render"
    # Lit: the glow visibly adds light, or the pixel is already bright (under
    # the heart light and the fountain's core the tone map's shoulder leaves
    # the glow little room to show).
    "$IM" "$1" "$SCRATCH/noglow.png" -compose minus_src -composite "$1" \
        -fx '(u.r > 0.03) || (v.r > 0.45)' \
        "$SCRATCH/mask.png" -compose multiply -composite -format "%[fx:mean / $mask_mean]" info:
}

fountain=$(phase fountain); body=$(phase body); resistance=$(phase resistance)
radiate=$(phase radiate); rest=$(phase rest)
[ -n "$fountain" ] && [ -n "$body" ] && [ -n "$radiate" ] || fail "phases missing from $TL"

# Above the heart, over the head (figure space y 0.10..0.30, |x| < 0.12):
# 38x36 px at 320x180. Between the heart and the chin, where the jets rise
# (y 0.32..0.42, |x| < 0.12): 43x18 px.
ABOVE=38x36+141+18
JETS=43x18+138+58
shot "$(at "$fountain - 8")" before
shot "$(at "$fountain + 45")" during
before_max=$(img_fx "$SCRATCH/before.png" maxima "$ABOVE")
during_max=$(img_fx "$SCRATCH/during.png" maxima "$JETS")
during_mean=$(img_fx "$SCRATCH/during.png" mean "$JETS")
before_mean=$(img_fx "$SCRATCH/before.png" mean "$JETS")
check_num "$before_max < 0.35" || fail "bright particles above the heart before the fountain phase (max $before_max)"
check_num "$during_max > 0.75 && $during_mean > $before_mean + 0.06" || fail "no fountain rising from the heart during the fountain phase (max $during_max, mean $during_mean vs $before_mean)"
pass "fountain: none above the heart before ($before_max), particles during (max $during_max)"

prev=-1
for dt in 2 30 60 90 118; do
    t=$(at "$body + $dt")
    shot "$t" "body$dt"
    c=$(glow_cover "$SCRATCH/body$dt.png" "$t")
    echo "     glow covers $c of the silhouette at body+$dt s"
    check_num "$c >= $prev - 0.01" || fail "glow coverage fell from $prev to $c at body+$dt"
    prev=$c
done
check_num "$(glow_cover "$SCRATCH/body2.png" "$(at "$body + 2")") < 0.3" || fail "the glow already covers the body at the start of its phase"
shot "$resistance" endbody
end_cover=$(glow_cover "$SCRATCH/endbody.png" "$resistance")
check_num "$end_cover >= 0.95" || fail "glow covers only $end_cover of the silhouette when the body phase ends"
pass "glow grows through the body phase and covers $end_cover by its end"

# Torso (figure space 0, 0.53) and the left hand (-0.28, 0.65) at body+40 s.
warm_at() { "$IM" "$1" -crop 3x3+$2+$3 +repage -format '%[fx:mean.r - mean.b]' info:; }
shot "$(at "$body + 40")" body40
torso=$(warm_at "$SCRATCH/body40.png" 159 94)
hand=$(warm_at "$SCRATCH/body40.png" 109 116)
check_num "$torso > 0.05 && $hand < 0.0" || fail "torso not lit before the hands (torso r-b $torso, hand r-b $hand)"
pass "torso lit before the hands (r-b torso $torso, hand $hand)"

# Radiance: the frame's edges, outside the silhouette, brighten while radiating.
EDGE=40x180+0+0
shot "$(at "$rest + 15")" rest
shot "$(at "$radiate + 30")" radiate
e0=$(img_fx "$SCRATCH/rest.png" mean "$EDGE")
e1=$(img_fx "$SCRATCH/radiate.png" mean "$EDGE")
check_num "$e1 > $e0 + 0.008" || fail "no light at the frame's edge while radiating ($e1 vs $e0)"
pass "radiating lights the edges outside the figure ($e0 -> $e1)"

# Determinism with particles in flight: frame alone == frame after a sequence.
t=$(at "$fountain + 45")
shot_offscreen --render "$SCRATCH/seq" --from "$(at "$t - 0.4")" --to "$t" --fps 5 --size $SZ || fail "--render"
cmp -s "$SCRATCH/seq/frame-000002.png" "$SCRATCH/during.png" || fail "frame at $t differs after a sequence"
pass "fountain frame identical alone and after a sequence"

# Part variants: at moments showing each combination of the optional parts
# the default session has (none; the well; well and glow; the loved one;
# well and loved one; well, glow and radiance), the variant's picture is the
# all-parts program's, to within one 8-bit step (the compiler may order the
# arithmetic differently).
for t in 100 290 400 200 250 520; do
    shot_offscreen --no-captions --screenshot "$t" "$SCRATCH/variant.png" --size $SZ || fail "variant render at $t"
    WELLSPRING_DEBUG_VIEW=all-parts shot_offscreen --no-captions --screenshot "$t" "$SCRATCH/all.png" --size $SZ ||
        fail "all-parts render at $t"
    worst=$("$IM" "$SCRATCH/variant.png" "$SCRATCH/all.png" -compose difference -composite \
        -format "%[fx:maxima * 255]" info:)
    check_num "$worst <= 1" || fail "at $t s the part variant differs from the all-parts program by $worst"
done
pass "part variants draw what the all-parts program draws (6 combinations)"
