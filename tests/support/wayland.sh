# A private home for Wellspring under a headless Wayland compositor, for
# tests/wayland.sh (cage) and tests/wayland_saver.sh (sway); sourced after
# tests/lib.sh. Not a test itself.
# Wayland compositors refuse to run as root (cage) or warn against it, so
# as root the compositor runs as a throwaway system user, wellspring-test
# (made here if missing), on copies of the program and its data in a
# private folder under /tmp, readable by that user.
#
# wl_prepare sets:
#   RUN      the private folder: RUN/wellspring, RUN/data, RUN/xdg (the
#            runtime dir), RUN/out (logs, writable by the user);
#   AS_USER  the command prefix that runs as that user (empty if not root);
#   PRELOAD  the sanitizer build's preload list, pointing into RUN;
#   WL_ENV   the clean environment every compositor is started with
#            (headless backend, software renderer, no input devices).
# and removes RUN when the test exits (after wl_cleanup_hook, if defined).
wl_prepare() {
    RUN=$(mktemp -d /tmp/wellspring-wayland.XXXXXX)
    trap wl_cleanup EXIT
    chmod 755 "$RUN"
    local data lib
    data=$(cd "$(dirname "$0")/.." && pwd)
    mkdir -p "$RUN/data" "$RUN/xdg" "$RUN/out"
    cp -r "$data/shaders" "$data/fonts" "$data/audio" "$RUN/data/"
    cp "$1" "$RUN/wellspring"
    PRELOAD=
    if sanitizer_build; then
        # The preload list names files in the build folder: copy them along.
        for lib in ${WS_TEST_PRELOAD//:/ }; do
            cp "$lib" "$RUN/"
            PRELOAD+="${PRELOAD:+:}$RUN/$(basename "$lib")"
        done
    fi
    AS_USER=()
    if [ "$(id -u)" = 0 ]; then
        # Two tests may make the user at once: one of them wins.
        id wellspring-test > /dev/null 2>&1 ||
            useradd --system --no-create-home --shell /usr/sbin/nologin wellspring-test 2> /dev/null ||
            id wellspring-test > /dev/null
        chown -R wellspring-test "$RUN"
        AS_USER=(runuser -u wellspring-test --)
    fi
    chmod 700 "$RUN/xdg"
    WL_ENV=(env -i PATH="$PATH" HOME="$RUN" XDG_RUNTIME_DIR="$RUN/xdg"
        WLR_BACKENDS=headless WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1 WLR_HEADLESS_OUTPUTS=1
        ASAN_OPTIONS="${ASAN_OPTIONS:-}" LSAN_OPTIONS="${LSAN_OPTIONS:-}" UBSAN_OPTIONS="${UBSAN_OPTIONS:-}")
}

wl_cleanup() {
    if declare -F wl_cleanup_hook > /dev/null; then wl_cleanup_hook || true; fi
    # Whatever a failed test left running from the private folder (the
    # program, an idle daemon's children): the folder's name is unique.
    pkill -KILL -f "$RUN/" 2> /dev/null || true
    rm -rf "$RUN"
}

# Runs a Wayland client as the compositor's user, on its display.
wl_client() { # DISPLAY_NAME COMMAND...
    local name=$1
    shift
    "${AS_USER[@]}" env XDG_RUNTIME_DIR="$RUN/xdg" WAYLAND_DISPLAY="$name" "$@"
}

# Captures the compositor's output (grim) into SCRATCH/shot.png until the
# scene is on it, for up to SECONDS: the night sky fills the top of the
# screen (a black screen is the failure these tests stand for), and with
# "caption", white caption text near the bottom. Fails if it never is, or
# if the output is not the whole 1280x720 screen. Sets $sky.
wl_wait_for_scene() { # DISPLAY_NAME SECONDS [caption]
    local deadline=$(( $(date +%s) + $2 )) skies="" text=1 size
    while :; do
        wl_client "$1" grim "$RUN/out/shot.png" || fail "grim could not capture the compositor's output"
        cp "$RUN/out/shot.png" "$SCRATCH/shot.png"
        sky=$(img_fx "$SCRATCH/shot.png" mean 1280x300+0+0)
        [ "${3:-}" != caption ] || text=$(img_fx "$SCRATCH/shot.png" maxima 1280x130+0+590)
        skies+=" $sky"
        check_num "$sky > 0.04 && $text > 0.8" && break
        [ "$(date +%s)" -lt "$deadline" ] ||
            fail "the screen stays black${3:+, or has no caption} (top's mean:$skies; brightest caption pixel $text)"
        sleep 0.2
    done
    size=$("$IM" "$SCRATCH/shot.png" -format '%wx%h' info:)
    [ "$size" = 1280x720 ] || fail "the compositor's output shows $size, not the full 1280x720 screen"
}
