# Bounded waits for events (a log line, a window, an exit) for the script
# tests and their drive scripts; sourced by tests/lib.sh. Not a test itself.
# Waits until FILE has a line matching the extended regex PATTERN; fails
# after TIMEOUT seconds (default 60: generous, for a loaded machine running a
# sanitizer build). Waiting for the event itself, never a fixed sleep.
wait_for_log() { # FILE PATTERN [TIMEOUT]
    local deadline=$(( $(date +%s) + ${3:-60} ))
    until grep -Eq -- "$2" "$1" 2>/dev/null; do
        [ "$(date +%s)" -lt "$deadline" ] || { echo "wait_for_log: no '$2' in $1 after ${3:-60} s" >&2; return 1; }
        sleep 0.1
    done
}

# Waits until FILE has at least N lines matching PATTERN (a step that
# logs the same line again).
wait_for_count() { # FILE PATTERN N [TIMEOUT]
    local deadline=$(( $(date +%s) + ${4:-60} ))
    until [ "$(grep -Ec -- "$2" "$1" 2>/dev/null)" -ge "$3" ]; do
        [ "$(date +%s)" -lt "$deadline" ] || { echo "wait_for_count: fewer than $3 '$2' in $1 after ${4:-60} s" >&2; return 1; }
        sleep 0.1
    done
}

# Prints the first X window of process PID once it exists (under Xvfb);
# fails after TIMEOUT seconds (default 60).
wait_for_window() { # PID [TIMEOUT]
    local deadline=$(( $(date +%s) + ${2:-60} )) w
    while :; do
        w=$(xdotool search --pid "$1" 2>/dev/null | head -1)
        [ -n "$w" ] && { echo "$w"; return 0; }
        kill -0 "$1" 2>/dev/null || { echo "wait_for_window: process $1 is gone" >&2; return 1; }
        [ "$(date +%s)" -lt "$deadline" ] || { echo "wait_for_window: no window for $1 after ${2:-60} s" >&2; return 1; }
        sleep 0.1
    done
}

# Waits until process PID has ended; fails after TIMEOUT seconds (default 60).
wait_for_exit() { # PID [TIMEOUT]
    local deadline=$(( $(date +%s) + ${2:-60} ))
    while kill -0 "$1" 2>/dev/null; do
        [ "$(date +%s)" -lt "$deadline" ] || return 1
        sleep 0.1
    done
}

# Reads X window WINDOW into FILE (xwd) until the brightest pixel of the
# crop GEOM (like 320x42+32+18) is above MIN, for up to TRIES tenths of a
# second (default 50): the frame a log line announced may not be on screen
# yet. Fails when it never is.
wait_for_bright() { # WINDOW FILE GEOM MIN [TRIES]
    local i m
    for i in $(seq 1 "${5:-50}"); do
        xwd -silent -id "$1" > "$2"
        m=$(/usr/bin/convert "$2" -crop "$3" +repage -format '%[fx:maxima]' info:)
        awk "BEGIN { exit !($m > $4) }" && return 0
        sleep 0.1
    done
    return 1
}

# stamp_ms VAR: sets VAR to the wall clock in milliseconds, read by bash
# itself ($EPOCHREALTIME): no date process is started, so on a busy machine
# a fork and an exec are not counted in what a test times.
stamp_ms() { local t=${EPOCHREALTIME/./}; printf -v "$1" '%d' $(( 10#$t / 1000 )); }
