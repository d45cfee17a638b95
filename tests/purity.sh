# The pure code (CMakeLists.txt's list, written to pure-sources.txt) needs no
# SDL, GL or other platform header: each file compiles on its own with only
# src/ and the pure libraries' include paths (cglm, inih), and none includes
# a platform header by name (GL's headers sit on the default path, so the
# compile alone would not see them).
source "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/.." && pwd)
list=$(dirname "$1")/pure-sources.txt   # beside the binary ctest names ($WS may be a wrapper)
[ -s "$list" ] || fail "no $list: CMake writes it when it configures"
n=0
flags=$(pkg-config --cflags cglm inih)
while read -r f; do
    [ -n "$f" ] || continue
    if grep -nE '^\s*#\s*include\s*[<"](SDL|GL/|EGL/|sndfile|png|X11/)' "$root/src/$f"; then
        fail "src/$f is pure but includes a platform header"
    fi
    # shellcheck disable=SC2086
    cc -std=c11 -D_POSIX_C_SOURCE=200809L -fsyntax-only -I"$root/src" $flags "$root/src/$f" 2> "$SCRATCH/err" ||
        fail "src/$f does not compile without the platform's include paths: $(head -3 "$SCRATCH/err")"
    n=$((n + 1))
done < "$list"
[ "$n" -gt 20 ] || fail "only $n pure files listed"
pass "$n pure files compile without SDL's include path and include no platform header"
