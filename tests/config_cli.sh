# The command line and the config file as a user meets them: a misspelt
# option gets a "did you mean"; a config file's bad line is named FILE:LINE
# and stops an interactive start (exit 2, one line) but never --help or
# --version; in kiosk and screensaver modes (from the command line or from
# the file) it is one warning and the rest of the file applies.
source "$(dirname "$0")/lib.sh"
conf=$XDG_CONFIG_HOME/wellspring/wellspring.conf
mkdir -p "$(dirname "$conf")"

# Runs wellspring, keeping stderr in $SCRATCH/err.txt and the exit code in $rc.
run() { set +e; SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy "$WS" "$@" > "$SCRATCH/out.txt" 2> "$SCRATCH/err.txt"; rc=$?; set -e; }
one_line() { [ "$(wc -l < "$SCRATCH/err.txt")" = 1 ] || fail "$1: stderr has $(wc -l < "$SCRATCH/err.txt") lines: $(cat "$SCRATCH/err.txt")"; }

run --windowd
[ "$rc" = 2 ] || fail "--windowd exited $rc, expected 2"
one_line "--windowd"
grep -q "unknown option '--windowd'; did you mean '--windowed'?" "$SCRATCH/err.txt" || fail "no hint: $(cat "$SCRATCH/err.txt")"
pass "misspelt option: exit 2, one line: $(cat "$SCRATCH/err.txt")"

printf 'mute = true\n# the size of the words\ncaptionsize = 0.9\nsize = 96x54\nthis is not a key\n' > "$conf"
run --version
[ "$rc" = 0 ] && grep -q '^wellspring ' "$SCRATCH/out.txt" || fail "--version with a broken config: exit $rc: $(cat "$SCRATCH/err.txt")"
run --help
[ "$rc" = 0 ] && grep -q -- '--windowed' "$SCRATCH/out.txt" || fail "--help with a broken config: exit $rc"
pass "--help and --version exit 0 despite a broken config file"

run --screenshot 1 "$SCRATCH/no.png"
[ "$rc" = 2 ] || fail "broken config, interactive: exit $rc, expected 2"
one_line "broken config"
grep -qF "wellspring: $conf:3: unknown key 'captionsize' (did you mean 'caption-size'?)" "$SCRATCH/err.txt" \
    || fail "config error does not name FILE:LINE and the key: $(cat "$SCRATCH/err.txt")"
[ ! -e "$SCRATCH/no.png" ] || fail "a picture was written despite the config error"
grep -q -- "--help" "$SCRATCH/err.txt" && fail "a config error is not the command line's: no hint to try --help"
pass "broken config, interactive: exit 2, one line: $(cat "$SCRATCH/err.txt")"

# Kiosk from the command line: warnings, then the rest of the file applies
# (size = 96x54 sets the screenshot's size).
run --kiosk --screenshot 1 "$SCRATCH/kiosk.png"
[ "$rc" = 0 ] || fail "kiosk with a broken config: exit $rc: $(cat "$SCRATCH/err.txt")"
grep -qF "$conf:3: unknown key 'captionsize'" "$SCRATCH/err.txt" && grep -qF "$conf:5: cannot read this line" "$SCRATCH/err.txt" \
    || fail "kiosk: no warnings naming the bad lines: $(cat "$SCRATCH/err.txt")"
[ "$("$IM" "$SCRATCH/kiosk.png" -format '%wx%h' info:)" = 96x54 ] || fail "kiosk: the config's good lines were not applied"
pass "kiosk: a bad config line is a warning and the rest applies"

# Kiosk from the file itself, and a real kiosk coming up and running.
printf 'captionsize = 0.9\nkiosk = true\n' > "$conf"
SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy "$WS" --windowed=160x90 --mute 2> "$SCRATCH/err.txt" &
pid=$!
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null' EXIT
sleep 2
kill -0 "$pid" 2>/dev/null || fail "kiosk (from the config file) did not come up: $(cat "$SCRATCH/err.txt")"
kill -TERM "$pid"
set +e; wait "$pid"; rc=$?; set -e
pid=
[ "$rc" = 0 ] || fail "kiosk from the config file: exit $rc"
grep -qF "$conf:1: unknown key 'captionsize'" "$SCRATCH/err.txt" || fail "kiosk from the file: no warning: $(cat "$SCRATCH/err.txt")"
pass "kiosk = true in the file: the bad line is a warning and the kiosk runs"
