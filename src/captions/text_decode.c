#include "captions/text_decode.h"

#include "util/utf8.h"

#include <stdlib.h>
#include <string.h>

/* Windows-1252's 0x80..0x9F; 0 where it defines nothing. */
static const uint16_t cp1252_c1[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

uint32_t text_cp1252(unsigned char b)
{
    if (b >= 0x80 && b <= 0x9F)
        return cp1252_c1[b - 0x80];
    return b;
}

static int starts(const char *data, size_t len, const char *bom, size_t n)
{
    return len >= n && memcmp(data, bom, n) == 0;
}

/* Rules 2-4 for data without a BOM (or with a UTF-8 one). */
static void guess_unmarked(const char *data, size_t len, text_guess *g)
{
    size_t good = 0, bad = 0, i = g->bom;
    int undefined = 0;
    while (i < len) {
        uint32_t cp;
        int ok;
        size_t k = utf8_decode(data + i, len - i, &cp, &ok);
        if (!ok) {
            if (bad++ == 0)
                g->first_bad = i;
        } else if (k > 1) {
            good++;
        }
        for (size_t j = i; j < i + k; j++)
            if (text_cp1252((unsigned char)data[j]) == 0 && data[j] != '\0')
                undefined = 1;
        i += k;
    }
    g->valid_utf8 = bad == 0;
    if (bad > 0 && g->bom == 0 && !undefined && good <= bad)
        g->encoding = TEXT_ENCODING_CP1252;
}

text_guess text_detect(const char *data, size_t len)
{
    text_guess g = {TEXT_ENCODING_UTF8, 0, 1, 0};
    if (!data)
        return g;
    if (starts(data, len, "\xEF\xBB\xBF", 3)) {
        g.bom = 3;
    } else if (starts(data, len, "\xFF\xFE\x00\x00", 4)) {
        g.encoding = TEXT_ENCODING_UTF32LE;
        g.bom = 4;
    } else if (starts(data, len, "\x00\x00\xFE\xFF", 4)) {
        g.encoding = TEXT_ENCODING_UTF32BE;
        g.bom = 4;
    } else if (starts(data, len, "\xFF\xFE", 2)) {
        g.encoding = TEXT_ENCODING_UTF16LE;
        g.bom = 2;
    } else if (starts(data, len, "\xFE\xFF", 2)) {
        g.encoding = TEXT_ENCODING_UTF16BE;
        g.bom = 2;
    }
    if (g.encoding == TEXT_ENCODING_UTF8)
        guess_unmarked(data, len, &g);
    return g;
}

/* The next code point of data[*i..len) in a UTF-16 or UTF-32 encoding, or
 * U+FFFD (counted) for ill-formed units. Advances *i by at least one byte. */
static uint32_t next_unit(const unsigned char *d, size_t len, size_t *i, size_t unit, int le)
{
    if (*i + unit > len) {
        *i = len;
        return 0x110000; /* a partial unit at the end */
    }
    const unsigned char *p = d + *i;
    *i += unit;
    if (unit == 4)
        return le ? (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
                        (uint32_t)p[3] << 24
                  : (uint32_t)p[3] | (uint32_t)p[2] << 8 | (uint32_t)p[1] << 16 |
                        (uint32_t)p[0] << 24;
    return le ? (uint32_t)(p[0] | p[1] << 8) : (uint32_t)(p[1] | p[0] << 8);
}

static uint32_t next_utf16(const unsigned char *d, size_t len, size_t *i, int le)
{
    uint32_t u = next_unit(d, len, i, 2, le);
    if (u < 0xD800 || u > 0xDFFF)
        return u;
    if (u >= 0xDC00)
        return 0x110000; /* a low surrogate first */
    size_t j = *i;
    uint32_t lo = next_unit(d, len, &j, 2, le);
    if (lo < 0xDC00 || lo > 0xDFFF)
        return 0x110000; /* unpaired: the next unit is read afresh */
    *i = j;
    return 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
}

char *text_to_utf8(const char *data, size_t len, text_encoding encoding, size_t *out_len,
                   size_t *replaced)
{
    if (encoding == TEXT_ENCODING_UTF8 || (!data && len))
        return NULL;
    /* At most 3 bytes of UTF-8 per input byte (Windows-1252's worst case). */
    if (len > (((size_t)-1) - 8) / 3)
        return NULL;
    char *out = malloc(len * 3 + 8);
    if (!out)
        return NULL;
    const unsigned char *d = (const unsigned char *)data;
    size_t i = 0, o = 0, bad = 0;
    int le = encoding == TEXT_ENCODING_UTF16LE || encoding == TEXT_ENCODING_UTF32LE;
    if (encoding != TEXT_ENCODING_CP1252)
        i = encoding == TEXT_ENCODING_UTF16LE || encoding == TEXT_ENCODING_UTF16BE ? 2 : 4;
    if (i > len)
        i = len;
    while (i < len) {
        uint32_t cp;
        if (encoding == TEXT_ENCODING_CP1252)
            cp = text_cp1252(d[i++]);
        else if (encoding == TEXT_ENCODING_UTF16LE || encoding == TEXT_ENCODING_UTF16BE)
            cp = next_utf16(d, len, &i, le);
        else
            cp = next_unit(d, len, &i, 4, le);
        if ((cp == 0 && (encoding == TEXT_ENCODING_CP1252 && d[i - 1] != 0)) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF)) {
            cp = UTF8_REPLACEMENT;
            bad++;
        }
        o += utf8_encode(cp, out + o);
    }
    out[o] = '\0';
    if (out_len)
        *out_len = o;
    if (replaced)
        *replaced = bad;
    return out;
}

size_t text_prefix_utf8(const char *data, size_t len, char *out, size_t out_size)
{
    if (!out || out_size == 0)
        return 0;
    text_guess g = text_detect(data, len > 64 ? 64 : len);
    size_t n = 0;
    if (g.encoding == TEXT_ENCODING_UTF8) {
        size_t avail = len - g.bom;
        n = avail < out_size - 1 ? avail : out_size - 1;
        if (n)
            memcpy(out, data + g.bom, n);
    } else {
        size_t m = 0, take = len > 64 ? 64 : len;
        char *dec = text_to_utf8(data, take, g.encoding, &m, NULL);
        n = dec ? (m < out_size - 1 ? m : out_size - 1) : 0;
        if (n)
            memcpy(out, dec, n);
        free(dec);
    }
    out[n] = '\0';
    return n;
}

const char *text_encoding_name(text_encoding encoding)
{
    switch (encoding) {
    case TEXT_ENCODING_UTF16LE:
        return "UTF-16 LE";
    case TEXT_ENCODING_UTF16BE:
        return "UTF-16 BE";
    case TEXT_ENCODING_UTF32LE:
        return "UTF-32 LE";
    case TEXT_ENCODING_UTF32BE:
        return "UTF-32 BE";
    case TEXT_ENCODING_CP1252:
        return "Windows-1252";
    default:
        return "UTF-8";
    }
}
