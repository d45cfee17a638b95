# Shared helpers for Wellspring's script tests. Each test is run by ctest as
#   bash tests/NAME.sh PATH/TO/wellspring SCRATCH_DIR
# and sources this file. Not a test itself.
set -euo pipefail

WS=${1:?usage: $0 path/to/wellspring scratch-dir}
SCRATCH=${2:?usage: $0 path/to/wellspring scratch-dir}/$(basename "$0" .sh)
rm -rf "$SCRATCH"
mkdir -p "$SCRATCH"
# A user's own config file must not change what the tests see.
export XDG_CONFIG_HOME="$SCRATCH/config"
# Sanitizer builds preload a shim into Wellspring only (see tools/check.sh),
# never into the shell or the tools the tests use.
if [ -n "${WS_TEST_PRELOAD:-}" ]; then
    printf '#!/bin/sh\nLD_PRELOAD="%s" exec "%s" "$@"\n' "$WS_TEST_PRELOAD" "$WS" > "$SCRATCH/wellspring"
    chmod +x "$SCRATCH/wellspring"
    WS=$SCRATCH/wellspring
fi
# ImageMagick by its full Debian path: the first `convert` on PATH may be a stand-in.
IM=/usr/bin/convert

fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok   $*"; }

# Renders a screenshot headless through EGL (no X server).
shot_offscreen() { SDL_VIDEODRIVER=offscreen "$WS" "$@"; }

# Runs a command under a private Xvfb and returns its status. The display
# number is picked at random from 100-999 (another if Xvfb finds it taken)
# and Xvfb says when it accepts clients (-displayfd), so two tests never
# share a server, and a number is rarely reused just as another test's
# server shuts down on it. Not xvfb-run -a: it guesses a free number from
# lock files, and two tests starting at once (ctest -j2) could pick the same
# one; the loser then drew on the winner's server and lost its display when
# the winner's test ended. Neither -displayfd alone: it counts up from 0, so
# a number freed a moment ago came straight back, and a client then could
# not open it (seen under load: "DISPLAY ':0' cannot be opened").
under_xvfb() {
    local numfile xpid n tries rc=0 deadline
    numfile=$(mktemp "${TMPDIR:-/tmp}/ws-xvfb.XXXXXX")
    for tries in 1 2 3 4 5 6 7 8; do
        n=$(( 100 + (RANDOM * 32768 + RANDOM) % 900 ))
        : > "$numfile"
        Xvfb ":$n" -displayfd 5 -screen 0 1920x1080x24 -nolisten tcp 5> "$numfile" > /dev/null 2>&1 &
        xpid=$!
        deadline=$(( $(date +%s) + 60 ))
        until grep -q '^[0-9][0-9]*$' "$numfile" 2> /dev/null; do
            kill -0 "$xpid" 2> /dev/null || break  # taken: try another number
            [ "$(date +%s)" -lt "$deadline" ] || { kill "$xpid" 2> /dev/null; break; }
            sleep 0.05
        done
        grep -q '^[0-9][0-9]*$' "$numfile" 2> /dev/null && break
        wait "$xpid" 2> /dev/null || true
        xpid=
    done
    rm -f "$numfile"
    [ -n "$xpid" ] || { echo "under_xvfb: Xvfb did not start" >&2; return 1; }
    DISPLAY=":$n" "$@" || rc=$?
    kill "$xpid" 2> /dev/null || true
    wait "$xpid" 2> /dev/null || true
    return "$rc"
}

# Prints an fx expression evaluated over an image (or a crop of it: GEOM like 100x20+0+150).
img_fx() { # FILE EXPR [GEOM]
    if [ -n "${3:-}" ]; then
        "$IM" "$1" -crop "$3" +repage -format "%[fx:$2]" info:
    else
        "$IM" "$1" -format "%[fx:$2]" info:
    fi
}

# True when awk says the comparison holds, e.g. check_num "$x > 0.02".
# Fails, naming the first missing one, unless every TOOL is on PATH.
require_tools() { # TOOL...
    local tool
    for tool; do
        command -v "$tool" > /dev/null || fail "$tool is missing (tools/deps.sh --test installs it)"
    done
}
check_num() { awk "BEGIN { exit !($1) }"; }

# Waiting for events, not fixed sleeps (wait_for_log, wait_for_window,
# wait_for_exit): in tests/support/wait.sh, so the drive scripts that run
# under Xvfb can source it too ("source \"$WAIT_LIB\"").
export WAIT_LIB="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/support/wait.sh"
source "$WAIT_LIB"

# True when this is the sanitizer build (tools/check.sh sets WS_TEST_PRELOAD).
sanitizer_build() { [ -n "${WS_TEST_PRELOAD:-}" ]; }
