/* encode_util.h: test helper that saves UTF-8 text the way other editors
 * do (UTF-16 or UTF-32, either byte order, with the byte order mark). */
#ifndef WS_TEST_ENCODE_UTIL_H
#define WS_TEST_ENCODE_UTIL_H

#include "util/utf8.h"

#include <stdint.h>
#include <string.h>

static void put_unit(char **o, uint32_t u, int bytes, int le)
{
    for (int k = 0; k < bytes; k++) {
        int shift = le ? 8 * k : 8 * (bytes - 1 - k);
        *(*o)++ = (char)((u >> shift) & 0xFF);
    }
}

/* Writes BOM + text in UTF-16 (bytes 2) or UTF-32 (bytes 4) to out, which
 * needs 4 * (strlen(utf8) + 1) bytes. Returns the length. */
static size_t encode_utf(const char *utf8, int bytes, int le, char *out)
{
    char *o = out;
    put_unit(&o, 0xFEFF, bytes, le);
    size_t n = strlen(utf8), i = 0;
    while (i < n) {
        uint32_t cp;
        i += utf8_decode(utf8 + i, n - i, &cp, NULL);
        if (bytes == 2 && cp >= 0x10000) {
            put_unit(&o, 0xD800 + ((cp - 0x10000) >> 10), 2, le);
            put_unit(&o, 0xDC00 + ((cp - 0x10000) & 0x3FF), 2, le);
        } else {
            put_unit(&o, cp, bytes, le);
        }
    }
    return (size_t)(o - out);
}

#endif
