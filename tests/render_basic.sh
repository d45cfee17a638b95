# Headless rendering: a frame is not blank, and the same command twice gives
# byte-identical files, through EGL (offscreen driver) and through Xvfb.
source "$(dirname "$0")/lib.sh"

shot_offscreen --screenshot 5:12.500 "$SCRATCH/a.png" --size 320x180 || fail "offscreen screenshot exited $?"
shot_offscreen --screenshot 312.5 "$SCRATCH/b.png" --size 320x180 || fail "second offscreen screenshot"
[ "$("$IM" "$SCRATCH/a.png" -format '%wx%h' info:)" = 320x180 ] || fail "screenshot is not 320x180"
cmp -s "$SCRATCH/a.png" "$SCRATCH/b.png" || fail "two renders of t = 312.5 s differ"
pass "two offscreen renders of t = 312.5 s are byte-identical"

# Not blank: the frame has the night-sky gradient, top darker than bottom,
# and is neither black nor flat.
mean=$(img_fx "$SCRATCH/a.png" mean)
sd=$(img_fx "$SCRATCH/a.png" standard_deviation)
top=$(img_fx "$SCRATCH/a.png" mean 320x20+0+0)
bottom=$(img_fx "$SCRATCH/a.png" mean 320x20+0+160)
check_num "$mean > 0.03" || fail "frame is (nearly) black: mean $mean"
check_num "$sd > 0.005" || fail "frame is flat: standard deviation $sd"
check_num "$bottom > $top" || fail "no sky gradient: top $top, bottom $bottom"
pass "frame is not blank (mean $mean, sd $sd, top $top < bottom $bottom)"

# The first frames fade in from black.
shot_offscreen --screenshot 0 "$SCRATCH/t0.png" --size 320x180 || fail "screenshot at t = 0"
check_num "$(img_fx "$SCRATCH/t0.png" maxima) < 0.02" || fail "t = 0 is not black (no fade-in)"
pass "t = 0 is black (fade in)"

# Xvfb gives the same picture size and is deterministic too.
under_xvfb "$WS" --screenshot 312.5 "$SCRATCH/x1.png" --size 320x180 || fail "Xvfb screenshot"
under_xvfb "$WS" --screenshot 312.5 "$SCRATCH/x2.png" --size 320x180 || fail "second Xvfb screenshot"
cmp -s "$SCRATCH/x1.png" "$SCRATCH/x2.png" || fail "two Xvfb renders differ"
check_num "$(img_fx "$SCRATCH/x1.png" mean) > 0.03" || fail "Xvfb frame is blank"
pass "Xvfb renders are byte-identical and not blank"

# --render writes numbered frames at exact times: 0.5 s at 10 fps = 6 frames,
# and its frame for t = 1.0 equals a screenshot of t = 1.0.
shot_offscreen --render "$SCRATCH/frames" --from 0.5 --to 1.0 --fps 10 --size 160x90 || fail "--render"
n=$(ls "$SCRATCH/frames" | wc -l)
[ "$n" = 6 ] || fail "--render wrote $n frames, expected 6"
shot_offscreen --screenshot 1.0 "$SCRATCH/one.png" --size 160x90
cmp -s "$SCRATCH/frames/frame-000005.png" "$SCRATCH/one.png" || fail "frame 5 of a render differs from a lone screenshot of the same time"
pass "--render wrote 6 frames; a frame after a sequence equals the same frame alone"
