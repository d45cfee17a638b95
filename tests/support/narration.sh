#!/usr/bin/env bash
# narration.sh: a test narration of about N seconds, spoken by espeak-ng, with
# its captions, as a studio's own recording would come.
#
#   tests/support/narration.sh OUT_BASE SECONDS [mp3|ogg|wav] [vtt|srt|none]
#
# Writes OUT_BASE.EXT (the narration: phrases with pauses between them that
# grow or shrink so the whole lasts about SECONDS) and, unless "none",
# OUT_BASE.vtt or OUT_BASE.srt with one cue per phrase, timed from the
# measured length of each spoken phrase. The phrases follow the arc of the
# default session in a few original sentences, so a fitted choreography has
# keywords to find; PHRASES="one|two|three" speaks others instead. Prints the
# narration's length in seconds.
set -euo pipefail
base=$1 secs=$2 ext=${3:-mp3} capfmt=${4:-vtt}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

phrases=(
  "Welcome. Let this be a few quiet minutes for yourself."
  "Settle into a comfortable position, and let your breath find its own pace."
  "Bring your attention to your heart, and breathe gently through it."
  "Imagine a small fountain at your heart, bubbling up and renewing itself."
  "Feel its warmth, fresh and clear, rising and falling back."
  "Now let that warmth move into the body, into the arms and hands."
  "It flows down through the legs, to the fingertips and the toes."
  "Offer it outward now, radiating from your heart to anyone you like."
  "This spring is always there for you, and it never runs dry."
  "When you are ready, come back to the room and open your eyes."
)
if [ -n "${PHRASES:-}" ]; then
    IFS='|' read -r -a phrases <<<"$PHRASES"
fi
n=${#phrases[@]}
rate=22050
spoken=0
for i in "${!phrases[@]}"; do
    espeak-ng -s 140 -w "$tmp/p$i.raw.wav" "${phrases[$i]}"
    sox "$tmp/p$i.raw.wav" -r $rate -c 1 "$tmp/p$i.wav"
    len=$(soxi -D "$tmp/p$i.wav")
    spoken=$(awk -v a="$spoken" -v b="$len" 'BEGIN {print a + b}')
done
# the silence: 1 s before the first phrase and after the last, the rest shared
pause=$(awk -v t="$secs" -v s="$spoken" -v n="$n" 'BEGIN {p = (t - s - 2) / (n - 1); if (p < 0.8) p = 0.8; print p}')
t=1.0
parts=()
sox -n -r $rate -c 1 "$tmp/lead.wav" trim 0 1.0
sox -n -r $rate -c 1 "$tmp/gap.wav" trim 0 "$pause"
parts+=("$tmp/lead.wav")
cues=()
for i in "${!phrases[@]}"; do
    len=$(soxi -D "$tmp/p$i.wav")
    end=$(awk -v a="$t" -v b="$len" 'BEGIN {print a + b}')
    cues+=("$t $end")
    parts+=("$tmp/p$i.wav")
    if [ "$i" -lt $((n - 1)) ]; then
        parts+=("$tmp/gap.wav")
        t=$(awk -v a="$end" -v b="$pause" 'BEGIN {print a + b}')
    fi
done
parts+=("$tmp/lead.wav")
sox "${parts[@]}" "$tmp/all.wav"
case $ext in
    wav) cp "$tmp/all.wav" "$base.wav" ;;
    *) ffmpeg -loglevel error -y -i "$tmp/all.wav" "$base.$ext" ;;
esac
stamp() { awk -v t="$1" -v sep="$2" 'BEGIN {ms = int(t * 1000 + 0.5); h = int(ms / 3600000); ms -= h * 3600000;
    m = int(ms / 60000); ms -= m * 60000; s = int(ms / 1000); ms -= s * 1000;
    printf "%02d:%02d:%02d%s%03d", h, m, s, sep, ms}'; }
case $capfmt in
    vtt)
        { echo WEBVTT; echo
          for i in "${!phrases[@]}"; do
              read -r s e <<<"${cues[$i]}"
              echo "$(stamp "$s" .) --> $(stamp "$e" .)"; echo "${phrases[$i]}"; echo
          done; } >"$base.vtt" ;;
    srt)
        { for i in "${!phrases[@]}"; do
              read -r s e <<<"${cues[$i]}"
              echo $((i + 1)); echo "$(stamp "$s" ,) --> $(stamp "$e" ,)"; echo "${phrases[$i]}"; echo
          done; } >"$base.srt" ;;
esac
soxi -D "$tmp/all.wav"
