# A FILE that is neither a narration nor captions is refused at once with
# one line that says what it is and what Wellspring plays (exit 2), instead
# of playing ten silent minutes.
source "$(dirname "$0")/lib.sh"
d=$SCRATCH/files
mkdir -p "$d/sessions"
printf 'Buy milk.\nCall the plumber.\n' > "$d/notes.txt"
printf '#EXTM3U\n#EXTINF:600,Calm\ncalm.ogg\n' > "$d/calm.m3u"
printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR' > "$d/cover.png"
: > "$d/empty.ogg"
for c in "notes.txt:a text file" "cover.png:an image" "empty.ogg:an empty file"; do
    f=$d/${c%%:*}; what=${c#*:}
    set +e
    SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy timeout 20 "$WS" --windowed=160x90 "$f" > "$SCRATCH/out.txt" 2> "$SCRATCH/err.txt"; rc=$?
    set -e
    [ "$rc" = 2 ] || fail "${c%%:*}: exit $rc, expected 2: $(cat "$SCRATCH/err.txt")"
    [ "$(wc -l < "$SCRATCH/err.txt")" = 1 ] || fail "${c%%:*}: not one line: $(cat "$SCRATCH/err.txt")"
    grep -qF "$f: $what, not a narration; Wellspring plays OGG, Opus, MP3, FLAC or WAV narrations, or .vtt/.srt captions" "$SCRATCH/err.txt" \
        || fail "${c%%:*}: message: $(cat "$SCRATCH/err.txt")"
done
pass "text, image and empty file refused: exit 2, one line: $(cat "$SCRATCH/err.txt")"
# A folder or playlist is a library; one with no session in it is refused
# (the default session does not make up for it): exit 2.
for f in "$d/sessions" "$d/calm.m3u"; do
    set +e
    SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy timeout 20 "$WS" --windowed=160x90 "$f" > "$SCRATCH/out.txt" 2> "$SCRATCH/err.txt"; rc=$?
    set -e
    [ "$rc" = 2 ] && grep -qF "no sessions to play in $f" "$SCRATCH/err.txt" || fail "$f: exit $rc: $(cat "$SCRATCH/err.txt")"
done
grep -q 'calm.ogg' "$SCRATCH/err.txt" || fail "the playlist's missing entry is not named: $(cat "$SCRATCH/err.txt")"
pass "a folder and a playlist with no sessions: exit 2, the missing entry named"

set +e
SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy timeout 20 "$WS" --windowed=160x90 --mute --start 99:00 > "$SCRATCH/out.txt" 2> "$SCRATCH/err.txt"; rc=$?
set -e
[ "$rc" = 2 ] && [ "$(wc -l < "$SCRATCH/err.txt")" = 1 ] && grep -q -- "--start 01:39:00.000 is past the end of the session, which lasts" "$SCRATCH/err.txt" \
    || fail "--start past the end: exit $rc: $(cat "$SCRATCH/err.txt")"
pass "--start past the end: exit 2, one line"
ln -sf "$(cd "$(dirname "$0")/.." && pwd)/audio/fountain.ogg" "$SCRATCH/quiet.ogg"
SDL_VIDEODRIVER=offscreen "$WS" --screenshot 1 "$SCRATCH/quiet.png" --size 64x64 --lang de "$SCRATCH/quiet.ogg" 2> "$SCRATCH/err.txt" \
    || fail "a narration without captions: $(cat "$SCRATCH/err.txt")"
[ "$(grep -c 'no caption file beside' "$SCRATCH/err.txt")" = 1 ] && grep -qF "info [captions] no caption file beside $SCRATCH/quiet.ogg (looked for quiet.de.vtt, quiet.de.srt, quiet.vtt and quiet.srt)" "$SCRATCH/err.txt" \
    || fail "no line naming the caption files looked for: $(cat "$SCRATCH/err.txt")"
pass "no captions: one info line names the files looked for"
