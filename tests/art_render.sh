# The art direction, measured at --quality high, 1920x1080 (the issue-20 art
# pass), in frames of the default session:
#   - in every phase from the fountain on, the head stays in view: the mean
#     luminance of a box round the head is below 0.25, and the edge contrast
#     along the head's contour (the difference of the mean luminance a few
#     pixels inside and a few outside, either way round) is above its value
#     in the settle phase, before any fountain;
#   - the fountain's crown never sums to the tone map's white over more than
#     0.2% of the frame;
#   - at t = 450 s the torso is bright and the knees are lit;
#   - no dark blotches in the glow: within the lit silhouette (away from its
#     rim and the heart's core), no patch is more than 30% darker than its
#     surroundings (the glow alone, particles pinned off, once it has filled
#     the body and outside the resistance phase's deliberate hold-back).
# Where the head is comes from the silhouette itself (WELLSPRING_DEBUG_VIEW=
# mask): the figure is 3.9 head heights tall from the top of its head.
source "$(dirname "$0")/lib.sh"
TL="$(dirname "$0")/../audio/fountain.timeline"
SZ=1920x1080
FRAME_PX=$((1920 * 1080))

phase() { # NAME -> start seconds
    awk -v n="$1" '$1 == "phase" && $2 == n { split($3, p, ":"); print (length(p) == 2 ? p[1] * 60 + p[2] : p[1]) }' "$TL"
}
at() { awk "BEGIN { print $1 }"; }
render() { # TIME NAME [ENV...]
    local t=$1 name=$2
    shift 2
    env "$@" SDL_VIDEODRIVER=offscreen "$WS" --no-captions --quality high --size $SZ \
        --screenshot "$t" "$SCRATCH/$name.png" || fail "render at $t s"
}
luma() { "$IM" "$1" -grayscale Rec709Luma "$2"; }
mean_in() { # IMAGE MASK -> mean of IMAGE where MASK is white
    "$IM" "$1" "$2" -compose multiply -composite "$2" -format '%[fx:mean]\n' info: |
        awk 'NR == 1 { s = $1 } NR == 2 { print (s / ($1 > 0 ? $1 : 1)) }'
}

# --- Where the figure is -------------------------------------------------
render 10 mask WELLSPRING_DEBUG_VIEW=mask
"$IM" "$SCRATCH/mask.png" -colorspace gray -threshold 50% "$SCRATCH/mask.png"
read -r bw bh bx by < <("$IM" "$SCRATCH/mask.png" -format '%@\n' info: | tr 'x+' '  ')
[ -n "$bh" ] && [ "$bh" -gt 100 ] || fail "no silhouette in the mask render"
H=$(at "$bh / 3.9")                         # one head height in pixels
cx=$(at "$bx + $bw / 2")
geom() { # X0 Y0 X1 Y1 (pixels) -> WxH+X+Y
    awk -v a="$1" -v b="$2" -v c="$3" -v d="$4" 'BEGIN { printf "%dx%d+%d+%d", c - a, d - b, a, b }'
}
HEAD=$(geom "$(at "$cx - 0.5 * $H")" "$by" "$(at "$cx + 0.5 * $H")" "$(at "$by + $H")")
CROWN=$(geom "$(at "$cx - 1.3 * $H")" "$(at "$by - 0.4 * $H")" "$(at "$cx + 1.3 * $H")" "$(at "$by + 1.3 * $H")")
echo "     head height $H px; head box $HEAD; crown $CROWN"
# The head's contour, a few pixels each side of it, inside the head box.
"$IM" "$SCRATCH/mask.png" -crop "$HEAD" +repage "$SCRATCH/head.png"
"$IM" "$SCRATCH/head.png" \( +clone -morphology Erode Disk:1 \) \( -clone 0 -morphology Erode Disk:6 \) \
    -delete 0 -compose minus_src -composite "$SCRATCH/ring_in.png"
"$IM" "$SCRATCH/head.png" \( +clone -morphology Dilate Disk:6 \) \( -clone 0 -morphology Dilate Disk:1 \) \
    -delete 0 -compose minus_src -composite "$SCRATCH/ring_out.png"

head_contrast() { # FRAME -> |mean luminance just inside the head's contour less just outside|
    luma "$1" "$SCRATCH/l.png"
    "$IM" "$SCRATCH/l.png" -crop "$HEAD" +repage "$SCRATCH/lh.png"
    local in out
    in=$(mean_in "$SCRATCH/lh.png" "$SCRATCH/ring_in.png")
    out=$(mean_in "$SCRATCH/lh.png" "$SCRATCH/ring_out.png")
    awk -v a="$in" -v b="$out" 'BEGIN { d = a - b; print (d < 0 ? -d : d) }'
}

# --- The settle phase: the head's contrast before any fountain -----------
settle=$(phase settle); heart_breath=$(phase heart-breath)
[ -n "$settle" ] && [ -n "$heart_breath" ] || fail "phases missing from $TL"
render "$(at "$settle + 0.75 * ($heart_breath - $settle)")" settle
base_contrast=$(head_contrast "$SCRATCH/settle.png")
echo "     settle phase: head contour contrast $base_contrast"

# --- Every phase from the fountain on -----------------------------------
mapfile -t names < <(awk '$1 == "phase" { print $2 }' "$TL")
from=-1
bad=()
for ((i = 0; i < ${#names[@]} - 1; i++)); do
    [ "${names[$i]}" = fountain ] && from=$i
    [ "$from" -ge 0 ] || continue
    a=$(phase "${names[$i]}"); b=$(phase "${names[$((i + 1))]}")
    times=("$(at "$a + 0.6 * ($b - $a)")")
    [ "${names[$i]}" = resistance ] && times+=(450)
    for t in "${times[@]}"; do
        name=$(printf 'p%02d-%s' "$i" "$t")
        render "$t" "$name"
        f="$SCRATCH/$name.png"
        head=$("$IM" "$f" -crop "$HEAD" +repage -grayscale Rec709Luma -format '%[fx:mean]' info:)
        contrast=$(head_contrast "$f")
        # Pixels at the tone map's white: its ceiling is 0.80 linear, 231 in
        # 8 bits; 229 allows for the dither.
        white=$("$IM" "$f" -crop "$CROWN" +repage -channel RGB -separate -evaluate-sequence max \
            -threshold 89.7% -format "%[fx:mean * w * h / $FRAME_PX]" info:)
        printf '     %-13s t=%-6s head box %.3f  contour contrast %.3f  crown at white %.5f of the frame\n' \
            "${names[$i]}" "$t" "$head" "$contrast" "$white"
        check_num "$head < 0.25" || bad+=("head box mean $head at $t s (${names[$i]})")
        check_num "$contrast > $base_contrast" ||
            bad+=("head contour contrast $contrast at $t s (${names[$i]}), not above the settle phase's $base_contrast")
        check_num "$white <= 0.002" || bad+=("crown at white over $white of the frame at $t s")
    done
done
[ "$from" -ge 0 ] || fail "no fountain phase in $TL"
[ ${#bad[@]} -gt 0 ] || pass "head in view and crown below white in every phase from the fountain on"
failed=${#bad[@]}

# --- t = 450: the torso bright, the knees lit ---------------------------
f=$(ls "$SCRATCH"/p*-450.png)
box() { # CX CY SIZE (head heights, from the head top and centre line) -> geometry
    local x y s
    x=$(at "$cx + $1 * $H"); y=$(at "$by + $2 * $H"); s=$(at "$3 * $H")
    geom "$(at "$x - $s / 2")" "$(at "$y - $s / 2")" "$(at "$x + $s / 2")" "$(at "$y + $s / 2")"
}
lum() { "$IM" "$1" -crop "$2" +repage -grayscale Rec709Luma -format '%[fx:mean]' info:; }
warm() { "$IM" "$1" -crop "$2" +repage -format '%[fx:mean.r - mean.b]' info:; }
torso=$(lum "$f" "$(box 0 2.30 0.3)")
kl=$(lum "$f" "$(box -1.80 3.55 0.2)"); kr=$(lum "$f" "$(box 1.80 3.55 0.2)")
kl0=$(lum "$SCRATCH/settle.png" "$(box -1.80 3.55 0.2)")
wl=$(warm "$f" "$(box -1.80 3.55 0.2)"); wr=$(warm "$f" "$(box 1.80 3.55 0.2)")
echo "     t=450: torso $torso; knees $kl, $kr (settle phase $kl0), warmth $wl, $wr"
check_num "$torso > 0.45" || bad+=("the torso is not bright at 450 s ($torso)")
check_num "$kl > 0.18 && $kr > 0.18 && $kl > 2 * $kl0 && $kr > 2 * $kl0 && $wl > 0.05 && $wr > 0.05" ||
    bad+=("the knees are not lit at 450 s (luminance $kl, $kr against $kl0 unlit; warmth $wl, $wr)")
[ ${#bad[@]} -gt "$failed" ] || pass "at 450 s the torso is bright ($torso) and the knees lit ($kl, $kr)"
failed=${#bad[@]}

# --- No dark blotches in the glow ---------------------------------------
# Local (blur 4 px) against surroundings (blur 40 px), at a quarter size, in
# the silhouette less 10 px at its rim and the heart's core (0.6 H round it).
hy=$(at "$by + 1.77 * $H")
"$IM" "$SCRATCH/mask.png" -morphology Erode Disk:10 -fill black \
    -draw "circle $cx,$hy $cx,$(at "$hy + 0.6 * $H")" -resize 25% -threshold 99% "$SCRATCH/lit.png"
only_glow=WELLSPRING_DEBUG_SET=fountain.rate=0,bubbles=0,dust=0,drift=0,well.rise=0,loved.stream=0
for t in "$(at "$(phase rest) + 18")" "$(at "$(phase always) + 18")"; do
    render "$t" "glow-$t" "$only_glow"
    worst=$("$IM" "$SCRATCH/glow-$t.png" -grayscale Rec709Luma -resize 25% \
        \( +clone -blur 0x1 \) \( -clone 0 -blur 0x10 \) -delete 0 -compose divide_src -composite \
        \( "$SCRATCH/lit.png" -negate \) -compose lighten -composite -format '%[fx:minima]' info:)
    echo "     t=$t: darkest patch of the glow is $worst of its surroundings"
    check_num "$worst > 0.7" || bad+=("a dark blotch in the glow at $t s: a patch at $worst of its surroundings")
done
[ ${#bad[@]} -gt "$failed" ] || pass "no patch of the glow more than 30% darker than its surroundings"
# Every failure at once: one look at the log says what the picture lacks.
[ ${#bad[@]} -eq 0 ] || fail "$(printf '%s; ' "${bad[@]}")"
