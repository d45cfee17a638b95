/* fuzz_require: the check every harness makes of a promise. A broken one
 * is printed with its place and aborts, so libFuzzer reports it as a crash
 * and keeps the input. Header-only, as each harness is built alone
 * (tools/fuzz.sh). */
#ifndef WS_FUZZ_REQUIRE_H
#define WS_FUZZ_REQUIRE_H

#include <stdio.h>
#include <stdlib.h>

#define FUZZ_REQUIRE(cond)                                                          \
    do {                                                                            \
        if (!(cond)) {                                                              \
            fprintf(stderr, "fuzz: broken promise at %s:%d: %s\n", __FILE__,        \
                    __LINE__, #cond);                                               \
            abort();                                                                \
        }                                                                           \
    } while (0)

#endif
