# Audio/caption sync: the default session plays through SDL's dummy audio
# driver (a device that consumes samples at real-time pace); at --verbose the
# program logs, for each caption change, the audio device's own position at
# that frame. Every change must be within one frame of its cue time: one
# 60 Hz frame, or the frame actually being drawn when the machine is slower
# than that (a caption cannot change between frames).
# Also: no audio device at all plays on the wall clock with one warning.
source "$(dirname "$0")/lib.sh"

SDL_AUDIODRIVER=dummy SDL_VIDEODRIVER=offscreen timeout --preserve-status -k 10 -s TERM 17 \
    "$WS" --windowed=320x180 --verbose 2> "$SCRATCH/log.txt" || fail "session exited badly (status $?)"
grep '\[sync\]' "$SCRATCH/log.txt" > "$SCRATCH/sync.txt" || fail "no caption changes logged: $(tail -3 "$SCRATCH/log.txt")"
n=$(wc -l < "$SCRATCH/sync.txt")
[ "$n" -ge 3 ] || fail "only $n caption changes in 17 s (expected the cues at 2.8, 6.8 and 14.9 s)"
awk '{ due = $7; audio = $13; frame = $15; d = audio - due; if (d < 0) d = -d;
       bound = frame > 1.0 / 60 ? frame : 1.0 / 60;
       if (audio < 0) { print "no audio position: " $0; bad = 1 }
       else if (d > bound) { print "off by " d " s (frame " frame " s): " $0; bad = 1 }
       if (d > worst) worst = d }
     END { printf "     worst caption/audio offset %.1f ms over %d changes\n", worst * 1000, NR; exit bad }' \
    "$SCRATCH/sync.txt" || fail "a caption change is more than one frame from its cue time"
pass "$n caption changes within one frame of the audio position"

# No such audio driver: one warning, and the session runs on the wall clock.
SDL_AUDIODRIVER=nosuch SDL_VIDEODRIVER=offscreen timeout --preserve-status -k 10 -s TERM 5 \
    "$WS" --windowed=320x180 --verbose 2> "$SCRATCH/noaudio.txt" || fail "session without audio exited badly (status $?)"
w=$(grep -c 'warning \[audio\]' "$SCRATCH/noaudio.txt" || true)
[ "$w" = 1 ] || fail "expected one audio warning without a device, got $w: $(grep audio "$SCRATCH/noaudio.txt")"
grep -q 'caption 0 due 2.8000' "$SCRATCH/noaudio.txt" || fail "captions did not run on the wall clock without audio"
pass "no audio device: one warning, captions on the wall clock"
