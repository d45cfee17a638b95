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
       bound = frame > 1.0 / 60 ? frame : 1.0 / 60; if (bound > 0.033) bound = 0.033;
       if (audio < 0) { print "no audio position: " $0; bad = 1 }
       else if (d > bound) { print "off by " d " s (frame " frame " s): " $0; bad = 1 }
       if (d > worst) worst = d }
     END { printf "     worst caption/audio offset %.1f ms over %d changes\n", worst * 1000, NR; exit bad }' \
    "$SCRATCH/sync.txt" || fail "a caption change is more than one frame (at most 33 ms) from its cue time"
pass "$n caption changes within one frame (at most 33 ms) of the audio position"

# No such audio driver: one warning, and the session runs on the wall clock.
SDL_AUDIODRIVER=nosuch SDL_VIDEODRIVER=offscreen timeout --preserve-status -k 10 -s TERM 5 \
    "$WS" --windowed=320x180 --verbose 2> "$SCRATCH/noaudio.txt" || fail "session without audio exited badly (status $?)"
w=$(grep -c 'warning \[audio\]' "$SCRATCH/noaudio.txt" || true)
[ "$w" = 1 ] || fail "expected one audio warning without a device, got $w: $(grep audio "$SCRATCH/noaudio.txt")"
grep -q 'caption 0 due 2.8000' "$SCRATCH/noaudio.txt" || fail "captions did not run on the wall clock without audio"
pass "no audio device: one warning, captions on the wall clock"

# The independent reference. A narration of four spoken phrases (espeak-ng)
# with 1.7 s of digital silence around each, and captions whose cues start
# where each phrase's sound starts. It plays through SDL's disk driver, which
# writes every sample it is given to a file and paces itself at real time;
# when the program logs a caption change, the test reads how far the file
# has got (tests/support/sizetag.c, at once, without a fork). The sound there must be the phrase's onset, within 50 ms.
SIZETAG="$(dirname "$(readlink -f "$1")")/ws_sizetag"
[ -x "$SIZETAG" ] || fail "no $SIZETAG (built with the tests)"
require_tools espeak-ng sox
mkdir -p "$SCRATCH/disk"
i=0
for phrase in "Breathe in slowly." "Let the light rise." "Rest here a while." "Now open your eyes."; do
    espeak-ng -s 140 -w "$SCRATCH/disk/p$i.wav" "$phrase"
    # Trim the synthesizer's own quiet edges, so each phrase starts with sound.
    sox "$SCRATCH/disk/p$i.wav" -r 48000 -c 2 "$SCRATCH/disk/q$i.wav" \
        silence 1 0.005 0.5% reverse silence 1 0.005 0.5% reverse
    i=$((i + 1))
done
sox -n -r 48000 -c 2 "$SCRATCH/disk/gap.wav" trim 0 1.7
d=$SCRATCH/disk
sox "$d/gap.wav" "$d/q0.wav" "$d/gap.wav" "$d/q1.wav" "$d/gap.wav" "$d/q2.wav" "$d/gap.wav" "$d/q3.wav" "$d/gap.wav" "$d/s.wav"
# Onsets by energy: 5 ms windows; an onset is the first window above -40 dBFS
# after at least 0.5 s below -50 dBFS. The same detector reads the narration
# (for the cue times) and the played file, so its own bias cancels.
onsets() { # SOX-INPUT-ARGS...: prints onset times in seconds, one a line
    sox "$@" -t dat -c 1 - | awk '
        /^;/ { next }
        { if (n == 0) t0 = $1; sum += $2 * $2; n++
          if (n == 240) {
              rms = sqrt(sum / n)
              if (rms < 0.00316) quiet += 0.005
              else { if (rms > 0.01 && quiet >= 0.5) printf "%.4f\n", t0; quiet = 0 }
              sum = 0; n = 0 } }'
}
onsets "$d/s.wav" > "$d/cues.txt"
[ "$(wc -l < "$d/cues.txt")" = 4 ] || fail "the test narration has $(wc -l < "$d/cues.txt") onsets, not 4"
awk 'function ts(x) { return sprintf("%02d:%06.3f", int(x / 60), x - 60 * int(x / 60)) }
     BEGIN { print "WEBVTT\n" }
     { printf "%s --> %s\nPhrase %d\n\n", ts($1), ts($1 + 1.2), NR }' "$d/cues.txt" > "$d/s.vtt"
raw=$d/played.raw
rm -f "$raw"
set +e
# The derived choreography runs longer than the narration: SIGTERM at 16 s
# (the last phrase starts at about 13 s), and the exit must be 0.
SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE="$raw" SDL_VIDEODRIVER=offscreen timeout --preserve-status -s TERM 16 \
    "$WS" --windowed=320x180 --verbose "$d/s.wav" 2>&1 > /dev/null |
    "$SIZETAG" "$raw" '[sync] caption' > "$d/log.txt"
rc=${PIPESTATUS[0]}
set -e
[ "$rc" = 0 ] || fail "the disk-audio session exited $rc: $(tail -3 "$d/log.txt")"
fmt=$(grep -o 'disk at [0-9]* Hz, [0-9]* channels, [0-9]*-frame buffer' "$d/log.txt") ||
    fail "the disk audio driver was not used: $(grep audio "$d/log.txt")"
rate=$(echo "$fmt" | awk '{ print $3 }'); ch=$(echo "$fmt" | awk '{ print $5 }'); buf=$(echo "$fmt" | awk '{ print $7 + 0 }')
onsets -t raw -r "$rate" -e signed -b 16 -c "$ch" "$raw" > "$d/played.txt"
[ "$(wc -l < "$d/played.txt")" = 4 ] || fail "the played file has $(wc -l < "$d/played.txt") phrase onsets, not 4"
# SDL's disk driver writes a buffer, then waits as long as it lasts: while
# the file is N frames long, frames N - buffer .. N are being played; the
# middle of that buffer stands for "now" (+-half a buffer, 11 ms at 48 kHz).
# The caption is drawn at the first frame whose clock is past the cue; going
# back by that overshoot gives what was playing when the clock said "cue".
grep '^bytes' "$d/log.txt" | awk -v rate="$rate" -v ch="$ch" -v buf="$buf" -v list="$d/played.txt" '
    BEGIN { while ((getline x < list) > 0) on[++k] = x }
    { at = ($2 / (2 * ch) - buf / 2) / rate - ($13 - $9); best = 1e9
      for (j = 1; j <= k; j++) { e = at - on[j]; if (e < 0) e = -e; if (e < best) { best = e; bj = j } }
      printf "     caption %s (cue at %s s in the narration): playing %.3f s of the file, its phrase onset at %.3f s: %+.1f ms\n", $7, $9, at, on[bj], (at - on[bj]) * 1000
      if (best > 0.05) bad = 1; n++ }
    END { if (n != 4) { print "     " n " caption changes, not 4"; bad = 1 }; exit bad }' ||
    fail "the sound at a caption's appearance is not its phrase's onset (within 50 ms)"
pass "disk audio: each of 4 captions appears within 50 ms of its phrase's onset in what was played"
