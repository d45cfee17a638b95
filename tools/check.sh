#!/usr/bin/env bash
# Builds Wellspring twice and runs the whole test suite on each build:
#   build/       -Wall -Wextra -Werror, RelWithDebInfo
#   build-asan/  the same under AddressSanitizer + UBSan + LeakSanitizer
# Exits non-zero on the first failure. Run tools/deps.sh --test first.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWS_WERROR=ON
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"

cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DWS_WERROR=ON -DWS_SANITIZE=ON
cmake --build build-asan -j"$jobs"
# Mesa and the X/EGL stacks keep some allocations for the life of the
# process; tests/lsan.supp lists each suppressed library with its reason.
# dlclose is made a no-op (tests/support/nodlclose.c) so those leaks keep
# their library names; the ASan runtime must come first in the preload list.
cc -shared -fPIC -O2 -o build-asan/nodlclose.so tests/support/nodlclose.c
export WS_TEST_PRELOAD="$(cc -print-file-name=libasan.so):$PWD/build-asan/nodlclose.so"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan --output-on-failure -j"$jobs"
echo "check: all tests passed in both builds"
