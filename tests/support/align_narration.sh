#!/usr/bin/env bash
# align_narration.sh: a narration built from phrases spoken by espeak-ng, with
# its exact phrase onsets, for the aligner's accuracy tests (tests/align.sh).
#
#   tests/support/align_narration.sh OUT_BASE VOICE SPEED GAP_MS BED < PHRASES
#
# PHRASES: one phrase per line; "||" inside a phrase cuts GAP_MS of silence
# into the middle of it (a speaker who stops mid-sentence). Writes
# OUT_BASE.wav (1.5 s of silence, the phrases with 1.2 .. 3.4 s pauses
# between them, 2 s of silence; over a quiet noise bed when BED is 1),
# OUT_BASE.txt (the transcript: the phrases, one paragraph each, without
# the "||") and OUT_BASE.onsets (each phrase's speech onset in seconds, to
# the sample). VOICE and SPEED are espeak-ng's -v and -s.
set -euo pipefail
base=$1 voice=$2 speed=$3 gap_ms=$4 bed=$5
rate=22050
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trim() { sox "$1" -r $rate -c 1 "$2" silence 1 0.005 -50d reverse silence 1 0.005 -50d reverse; }
i=0 t=1.5 parts=() ; : >"$base.txt"; : >"$base.onsets"
sox -n -r $rate -c 1 "$tmp/lead.wav" trim 0 1.5
parts+=("$tmp/lead.wav")
while IFS= read -r line; do
    [ -n "$line" ] || continue
    i=$((i + 1))
    pieces=()
    IFS='|' read -r -a halves <<<"${line//||/|}"
    for h in "${!halves[@]}"; do
        espeak-ng -v "$voice" -s "$speed" -w "$tmp/raw.wav" "${halves[$h]}"
        trim "$tmp/raw.wav" "$tmp/p${i}_$h.wav"
        if [ "$h" -gt 0 ]; then
            sox -n -r $rate -c 1 "$tmp/mid${i}_$h.wav" trim 0 "$(awk -v g="$gap_ms" 'BEGIN {print g / 1000}')"
            pieces+=("$tmp/mid${i}_$h.wav")
        fi
        pieces+=("$tmp/p${i}_$h.wav")
    done
    sox "${pieces[@]}" "$tmp/p$i.wav"
    echo "$t" >>"$base.onsets"
    printf '%s\n\n' "${line//||/}" | sed 's/  */ /g' >>"$base.txt"
    len=$(soxi -D "$tmp/p$i.wav")
    pause=$(awk -v i="$i" 'BEGIN {print 1.2 + (i * 7 % 12) * 0.2}')
    sox -n -r $rate -c 1 "$tmp/g$i.wav" trim 0 "$pause"
    parts+=("$tmp/p$i.wav" "$tmp/g$i.wav")
    t=$(awk -v a="$t" -v b="$len" -v c="$pause" 'BEGIN {printf "%.6f", a + b + c}')
done
sox -n -r $rate -c 1 "$tmp/tail.wav" trim 0 2
parts+=("$tmp/tail.wav")
sox "${parts[@]}" "$tmp/voice.wav"
if [ "$bed" = 1 ]; then
    len=$(soxi -D "$tmp/voice.wav")
    sox -R -n -r $rate -c 1 "$tmp/bed.wav" synth "$len" pinknoise lowpass 1500 gain -n -32
    sox -m "$tmp/voice.wav" "$tmp/bed.wav" "$base.wav"
else
    cp "$tmp/voice.wav" "$base.wav"
fi
