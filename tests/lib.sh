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

# Runs a command under a private Xvfb and returns its status. Xvfb picks a
# free display itself (-displayfd) and writes its number once it accepts
# clients. Not xvfb-run -a: it guesses a free number from lock files, so two
# tests starting at once (ctest -j2) can pick the same one; the loser then
# draws on the winner's server and loses its display when the winner's test
# ends (seen in CI as a kiosk that vanished before its window appeared).
under_xvfb() {
    local numfile xpid n rc=0 deadline=$(( $(date +%s) + 60 ))
    numfile=$(mktemp "${TMPDIR:-/tmp}/ws-xvfb.XXXXXX")
    Xvfb -displayfd 5 -screen 0 1920x1080x24 -nolisten tcp 5> "$numfile" > /dev/null 2>&1 &
    xpid=$!
    until grep -q '^[0-9][0-9]*$' "$numfile" 2> /dev/null; do
        if ! kill -0 "$xpid" 2> /dev/null || [ "$(date +%s)" -ge "$deadline" ]; then
            echo "under_xvfb: Xvfb did not start" >&2
            kill "$xpid" 2> /dev/null || true
            rm -f "$numfile"
            return 1
        fi
        sleep 0.05
    done
    n=$(head -n 1 "$numfile")
    rm -f "$numfile"
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
check_num() { awk "BEGIN { exit !($1) }"; }

# Waiting for events, not fixed sleeps (wait_for_log, wait_for_window,
# wait_for_exit): in tests/support/wait.sh, so the drive scripts that run
# under Xvfb can source it too ("source \"$WAIT_LIB\"").
export WAIT_LIB="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/support/wait.sh"
source "$WAIT_LIB"

# True when this is the sanitizer build (tools/check.sh sets WS_TEST_PRELOAD).
sanitizer_build() { [ -n "${WS_TEST_PRELOAD:-}" ]; }
