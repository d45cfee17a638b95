/* What the library's files share; for src/library/ only. */
#ifndef WS_LIBRARY_INTERNAL_H
#define WS_LIBRARY_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

/* The code point at s[*i] (len bytes in all), advanced past, in lower case
 * where it is an ASCII or Latin-1 capital. */
uint32_t library_fold_at(const char *s, size_t len, size_t *i);

#endif
