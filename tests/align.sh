# The aligner (issue 18): `wellspring --align NARRATION TRANSCRIPT.txt`.
# Accuracy: each cue's start against the true phrase onset, printed as
# median / 95th percentile / max error and held to 80 / 250 / 500 ms:
#  - the default session (festival's HTS voice "slt", the voice most like a
#    person's on this machine, over its ambient bed): its captions are exact
#    and start CUE_LEAD_MS = 200 ms before each onset (tools/make-session.sh);
#  - espeak-ng narrations built phrase by phrase, so the onsets are known to
#    the sample, in German and Spanish (over a noise bed) and English with
#    2 s of silence cut into two phrases, each in another voice and speed
#    than the aligner's own.
# Then: a wrong transcript is refused (exit 2, the weakest phrases named),
# the output checks clean, nothing is overwritten without --force, and bad
# input gets one line and exit 2.
source "$(dirname "$0")/lib.sh"
require_tools espeak-ng sox
ROOT=$(cd "$(dirname "$0")/.." && pwd)
MAKE="$(dirname "$0")/support/align_narration.sh"
ERRS="$(dirname "$0")/support/align_errors.awk"

# judge NAME FIGURES: "n N median S p95 S max S worst K" within the bounds.
judge() {
    read -r _ n _ med _ p95 _ max _ worst <<<"$2"
    echo "     $1: $n cues, start error median ${med}s, p95 ${p95}s, max ${max}s (worst: cue $worst)"
    check_num "$med <= 0.080 && $p95 <= 0.250 && $max <= 0.500" || fail "$1: start errors over 80/250/500 ms: $2"
}

# 1. The default session, its text taken from its own captions (one paragraph per cue).
awk 'BEGIN { RS = ""; FS = "\n" } NR > 1 { t = $2; for (i = 3; i <= NF; i++) t = t " " $i; print t "\n" }' \
    "$ROOT/audio/fountain.vtt" > "$SCRATCH/fountain.txt"
"$WS" --align "$ROOT/audio/fountain.ogg" "$SCRATCH/fountain.txt" -o "$SCRATCH/fountain.vtt" \
    2> "$SCRATCH/fountain.log" || fail "--align fountain: $(cat "$SCRATCH/fountain.log")"
grep -E '^wellspring: aligned 83 cues to 9:50 of audio in [0-9.]+ s \([0-9]+x real time\), median confidence' \
    "$SCRATCH/fountain.log" > /dev/null || fail "no summary line: $(cat "$SCRATCH/fountain.log")"
echo "     $(tail -1 "$SCRATCH/fountain.log")"
judge "default session (festival HTS slt + ambient bed)" \
    "$(awk -v lead=0.2 -f "$ERRS" "$ROOT/audio/fountain.vtt" "$SCRATCH/fountain.vtt")"
"$WS" --check "$SCRATCH/fountain.vtt" > "$SCRATCH/check.out" 2> "$SCRATCH/check.err" || fail "--check: $(cat "$SCRATCH/check.err")"
grep -q ' 0 warnings, 0 errors$' "$SCRATCH/check.out" || fail "--check is not clean: $(cat "$SCRATCH/check.err")"
pass "the default session aligns within 80/250/500 ms and checks clean"

# 2. espeak-ng narrations in three languages.
cat > "$SCRATCH/de.phrases" <<'TXT'
Willkommen. Nimm dir diese Minuten ganz für dich.
Setz dich bequem hin und lass den Atem fließen.
Richte deine Aufmerksamkeit sanft auf dein Herz.
Stell dir eine kleine Quelle in deiner Brust vor.
Sie sprudelt leise und erneuert sich mit jedem Atemzug.
Die Wärme fließt in die Arme und in die Hände.
Sie strömt hinab durch die Beine bis zu den Zehen.
Wenn du bereit bist, öffne langsam die Augen.
TXT
cat > "$SCRATCH/es.phrases" <<'TXT'
Bienvenido. Estos minutos son solo para ti.
Siéntate cómodamente y deja que la respiración fluya.
Lleva tu atención con suavidad hacia el corazón.
Imagina una pequeña fuente en el centro de tu pecho.
Brota en silencio y se renueva con cada respiración.
El calor se mueve hacia los brazos y las manos.
Cuando estés listo, abre despacio los ojos.
TXT
cat > "$SCRATCH/en.phrases" <<'TXT'
Welcome. Let this be a few quiet minutes for yourself.
Settle into a comfortable position, and let your breath find its own pace.
Bring your attention to your heart, || and breathe gently through it.
Imagine a small fountain at your heart, bubbling up and renewing itself.
Now let that warmth move into the body, || into the arms and hands.
It flows down through the legs, to the fingertips and the toes.
When you are ready, come back to the room and open your eyes.
TXT
bash "$MAKE" "$SCRATCH/de" de+f2 130 0 1 < "$SCRATCH/de.phrases"
bash "$MAKE" "$SCRATCH/es" es+m3 120 0 1 < "$SCRATCH/es.phrases"
bash "$MAKE" "$SCRATCH/en" en-gb+f4 135 2000 0 < "$SCRATCH/en.phrases"
for l in de es en; do
    "$WS" --align "$SCRATCH/$l.wav" "$SCRATCH/$l.txt" --lang "$l" 2> "$SCRATCH/$l.log" ||
        fail "--align $l: $(cat "$SCRATCH/$l.log")"
    [ -f "$SCRATCH/$l.vtt" ] || fail "--align wrote no $l.vtt beside the narration"
    echo "     $(tail -1 "$SCRATCH/$l.log")"
    judge "espeak-ng $l" "$(awk -f "$ERRS" "$SCRATCH/$l.onsets" "$SCRATCH/$l.vtt")"
done
pass "espeak-ng narrations in German, Spanish and English (2 s cut into two phrases) align"

# 3. The wrong transcript: refused, exit 2, the weakest phrases named, nothing written.
set +e
"$WS" --align "$SCRATCH/en.wav" "$SCRATCH/de.txt" --lang de -o "$SCRATCH/wrong.vtt" 2> "$SCRATCH/wrong.log"
rc=$?
set -e
[ "$rc" = 2 ] || fail "a wrong transcript exits $rc, not 2: $(cat "$SCRATCH/wrong.log")"
grep -q 'does not match' "$SCRATCH/wrong.log" && grep -q 'least confident phrases' "$SCRATCH/wrong.log" ||
    fail "the mismatch is not reported: $(cat "$SCRATCH/wrong.log")"
[ ! -e "$SCRATCH/wrong.vtt" ] || fail "a wrong transcript was written out"
awk 'BEGIN { RS = ""; FS = "\n" } NR > 1 { print $2 "\n" }' "$ROOT/audio/fountain.vtt" | head -40 > "$SCRATCH/other.txt"
set +e
"$WS" --align "$SCRATCH/en.wav" "$SCRATCH/other.txt" -o "$SCRATCH/wrong2.vtt" 2> "$SCRATCH/wrong2.log"
rc=$?
set -e
[ "$rc" = 2 ] || fail "another English text exits $rc, not 2: $(cat "$SCRATCH/wrong2.log")"
sed -n 1p "$SCRATCH/wrong2.log" | sed 's/^/     /'
pass "a transcript of another recording is refused with exit 2 and its weakest phrases"

# 4. Files and bad input.
expect2() { # expect2 WHAT PATTERN ARGS...: exit 2 and one line matching PATTERN
    local what=$1 pat=$2; shift 2
    set +e; "$WS" "$@" > /dev/null 2> "$SCRATCH/bad.log"; local rc=$?; set -e
    [ "$rc" = 2 ] || fail "$what: exit $rc, not 2: $(cat "$SCRATCH/bad.log")"
    [ "$(wc -l < "$SCRATCH/bad.log")" = 1 ] && grep -q "$pat" "$SCRATCH/bad.log" ||
        fail "$what: not one clear line: $(cat "$SCRATCH/bad.log")"
}
expect2 "an existing output" "exists; not overwritten" --align "$SCRATCH/en.wav" "$SCRATCH/en.txt"
printf '# only a comment\n[pause]\n\n' > "$SCRATCH/empty.txt"
expect2 "an empty transcript" "no words to align" --align "$SCRATCH/en.wav" "$SCRATCH/empty.txt" -o "$SCRATCH/x.vtt"
expect2 "an unknown language" "speaks no language 'qq'" --align "$SCRATCH/en.wav" "$SCRATCH/en.txt" --lang qq -o "$SCRATCH/x.vtt"
printf 'not audio at all\n' > "$SCRATCH/junk.ogg"
expect2 "undecodable audio" "cannot read the narration" --align "$SCRATCH/junk.ogg" "$SCRATCH/en.txt" -o "$SCRATCH/x.vtt"
expect2 "no transcript" "needs NARRATION TRANSCRIPT" --align "$SCRATCH/en.wav"
before=$(md5sum < "$SCRATCH/en.vtt")
"$WS" --align "$SCRATCH/en.wav" "$SCRATCH/en.txt" --force 2> /dev/null || fail "--force did not replace en.vtt"
[ "$(md5sum < "$SCRATCH/en.vtt")" = "$before" ] || fail "the same input aligned twice differs"
pass "bad input: one line and exit 2; --force replaces; the same input gives the same file"
