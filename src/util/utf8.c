#include "util/utf8.h"

size_t utf8_decode(const char *s, size_t len, uint32_t *cp, int *valid)
{
    const unsigned char *p = (const unsigned char *)s;
    if (len == 0) {
        *cp = UTF8_REPLACEMENT;
        if (valid)
            *valid = 0;
        return 0;
    }
    unsigned char c = p[0];
    size_t need;
    uint32_t v;
    unsigned char lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
    if (c < 0x80) {
        *cp = c;
        if (valid)
            *valid = 1;
        return 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
        v = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        v = c & 0x0Fu;
        if (c == 0xE0)
            lo = 0xA0; /* overlong */
        else if (c == 0xED)
            hi = 0x9F; /* surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        v = c & 0x07u;
        if (c == 0xF0)
            lo = 0x90; /* overlong */
        else if (c == 0xF4)
            hi = 0x8F; /* above U+10FFFF */
    } else {
        goto bad1;
    }
    for (size_t i = 1; i <= need; i++) {
        if (i >= len) {
            *cp = UTF8_REPLACEMENT;
            if (valid)
                *valid = 0;
            return i;
        }
        unsigned char b = p[i];
        unsigned char blo = i == 1 ? lo : 0x80, bhi = i == 1 ? hi : 0xBF;
        if (b < blo || b > bhi) {
            *cp = UTF8_REPLACEMENT;
            if (valid)
                *valid = 0;
            return i;
        }
        v = (v << 6) | (b & 0x3Fu);
    }
    *cp = v;
    if (valid)
        *valid = 1;
    return need + 1;
bad1:
    *cp = UTF8_REPLACEMENT;
    if (valid)
        *valid = 0;
    return 1;
}

size_t utf8_encode(uint32_t cp, char out[4])
{
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
        cp = UTF8_REPLACEMENT;
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

int utf8_valid(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        int ok;
        i += utf8_decode(s + i, len - i, &cp, &ok);
        if (!ok)
            return 0;
    }
    return 1;
}

size_t utf8_count(const char *s, size_t len)
{
    size_t i = 0, n = 0;
    while (i < len) {
        /* ASCII, one code point per byte, without a call per byte: the
         * caption layout counts (and its test font measures) every line it
         * tries. */
        if ((unsigned char)s[i] < 0x80) {
            i++;
            n++;
            continue;
        }
        uint32_t cp;
        i += utf8_decode(s + i, len - i, &cp, NULL);
        n++;
    }
    return n;
}

size_t utf8_repaired_size(size_t len)
{
    /* Each input byte yields at most 3 output bytes (a lone bad byte becomes
     * U+FFFD); well-formed sequences copy 1:1. */
    return len * 3 + 1;
}

size_t utf8_repair(const char *s, size_t len, char *dst, size_t *invalid)
{
    size_t i = 0, o = 0, bad = 0;
    while (i < len) {
        uint32_t cp;
        int ok;
        size_t n = utf8_decode(s + i, len - i, &cp, &ok);
        if (ok) {
            for (size_t k = 0; k < n; k++)
                dst[o++] = s[i + k];
        } else {
            o += utf8_encode(UTF8_REPLACEMENT, dst + o);
            bad++;
        }
        i += n;
    }
    dst[o] = '\0';
    if (invalid)
        *invalid = bad;
    return o;
}

size_t utf8_truncate(const char *s, size_t len, size_t max_bytes)
{
    if (len <= max_bytes)
        return len;
    size_t n = max_bytes;
    /* Back up over at most three continuation bytes to the lead byte of the
     * code point that straddles the limit, and cut before it. */
    for (int k = 0; k < 3 && n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80; k++)
        n--;
    return n;
}
