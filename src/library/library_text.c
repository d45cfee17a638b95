/* The library's text rules: titles from file names, descriptions from
 * transcripts, and the natural order of names (library.h says what each
 * promises). */
#include "library/library.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "captions/text_decode.h"
#include "library/internal.h"
#include "library/playlist.h"
#include "util/utf8.h"

/* ---- letters and case ------------------------------------------------ */

static int is_upper(uint32_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7);
}

static int is_lower(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 0xE0 && c <= 0xFE && c != 0xF7);
}

uint32_t library_fold_at(const char *s, size_t len, size_t *i)
{
    uint32_t c;
    *i += utf8_decode(s + *i, len - *i, &c, NULL);
    return is_upper(c) ? c + 0x20 : c;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* ---- titles from names ----------------------------------------------- */

/* How many bytes of a leading track number (digits and the separators
 * after them) to drop from name[0..n); 0 when it is not one. */
static size_t track_number(const char *s, size_t n)
{
    size_t d = 0;
    while (d < n && is_digit(s[d]))
        d++;
    if (d == 0 || d > 3)
        return 0;
    int padded = s[0] == '0' && d >= 2, marked = 0, space = 0, dash = 0;
    size_t e = d;
    for (; e < n && strchr(" ._-)", s[e]); e++) {
        marked |= s[e] == '.' || s[e] == '_' || s[e] == ')';
        space |= s[e] == ' ';
        dash |= s[e] == '-';
    }
    if (e == n || is_digit(s[e]) || e == d)
        return 0;
    return padded || marked || (space && dash) ? e : 0;
}

size_t library_title_from_name(const char *path, char *out, size_t outsize)
{
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    const char *dot = strrchr(name, '.');
    size_t n = dot && dot > name ? (size_t)(dot - name) : strlen(name);
    size_t skip = track_number(name, n);
    char *t = calloc(n + 1, 1);
    if (!t || outsize == 0) {
        free(t);
        return outsize ? (out[0] = '\0', 0) : 0;
    }
    size_t k = 0;
    for (size_t i = skip; i < n; i++)
        t[k++] = name[i] == '-' || name[i] == '_' ? ' ' : name[i];
    size_t len = playlist_clean_text(t, k, out, outsize);
    if (len == 0) /* "---.mp3": keep the name as it was */
        len = playlist_clean_text(name, n ? n : strlen(name), out, outsize);
    if (len == 0 && name[0]) /* nothing printable in it at all */
        len = playlist_clean_text("Untitled", 8, out, outsize);
    free(t);
    int lower = 1;
    for (size_t i = 0; i < len && lower;) {
        uint32_t c;
        i += utf8_decode(out + i, len - i, &c, NULL);
        lower = !is_upper(c);
    }
    uint32_t first;
    size_t w = len ? utf8_decode(out, len, &first, NULL) : 0;
    if (lower && w && is_lower(first)) {
        char enc[4];
        /* Latin-1 capitals are 0x20 below their small letters and encode
         * in as many bytes, so this rewrites the first letter in place. */
        if (utf8_encode(first - 0x20, enc) == w)
            memcpy(out, enc, w);
    }
    return len;
}

/* ---- descriptions from transcripts ------------------------------------ */

/* Room for the paragraph a first sentence is looked for in. */
#define DESCRIBE_SCAN 1024

/* The transcript's text as UTF-8 (BOM skipped, damage repaired); NULL
 * when out of memory. */
static char *decode(const char *data, size_t len, size_t *out_len)
{
    text_guess g = text_detect(data, len);
    if (g.encoding != TEXT_ENCODING_UTF8)
        return text_to_utf8(data, len, g.encoding, out_len, NULL);
    char *u = malloc(utf8_repaired_size(len - g.bom));
    if (u)
        *out_len = utf8_repair(data + g.bom, len - g.bom, u, NULL);
    return u;
}

/* Appends line a[0..n) to acc without stage directions, white space as
 * single spaces. */
static void append_line(char *acc, size_t *k, const char *a, size_t n)
{
    int depth = 0;
    for (size_t i = 0; i < n && *k < DESCRIBE_SCAN; i++) {
        unsigned char c = (unsigned char)a[i];
        if (c == '[' || (c == ']' && depth > 0)) {
            depth += c == '[' ? 1 : -1;
            continue;
        }
        if (depth > 0)
            continue;
        if (c <= 0x20 || c == 0x7F) {
            if (*k > 0 && acc[*k - 1] != ' ')
                acc[(*k)++] = ' ';
            continue;
        }
        acc[(*k)++] = (char)c;
    }
    if (*k > 0 && *k < DESCRIBE_SCAN && acc[*k - 1] != ' ')
        acc[(*k)++] = ' ';
}

/* The first paragraph with text, comments left out, into acc. */
static size_t first_paragraph(const char *t, size_t len, char *acc)
{
    size_t k = 0;
    for (size_t p = 0; p < len && k < DESCRIBE_SCAN;) {
        const char *nl = memchr(t + p, '\n', len - p);
        size_t e = nl ? (size_t)(nl - t) : len, lead = p;
        while (lead < e && (t[lead] == ' ' || t[lead] == '\t' || t[lead] == '\r'))
            lead++;
        if (lead == e && k > 0)
            break; /* a blank line ends the paragraph */
        if (lead < e && t[lead] != '#')
            append_line(acc, &k, t + lead, e - lead);
        p = e + 1;
    }
    return k;
}

/* Where the first sentence of acc[0..k) ends (k when it runs on). */
static size_t sentence_end(const char *acc, size_t k)
{
    for (size_t i = 0; i < k; i++) {
        size_t j = i;
        if (acc[j] == '.' || acc[j] == '!' || acc[j] == '?')
            j++;
        else if (k - j >= 3 && memcmp(acc + j, "\xE2\x80\xA6", 3) == 0)
            j += 3;
        else
            continue;
        while (j < k && strchr(".!?\"')", acc[j]))
            j++;
        if (j + 3 <= k && (memcmp(acc + j, "\xE2\x80\x9D", 3) == 0 ||
                           memcmp(acc + j, "\xE2\x80\x99", 3) == 0))
            j += 3;
        if (j == k || acc[j] == ' ')
            return j;
        i = j - 1;
    }
    return k;
}

size_t library_describe_text(const char *text, size_t len, char *out, size_t outsize)
{
    if (outsize == 0)
        return 0;
    out[0] = '\0';
    size_t ulen = 0;
    char *t = decode(text, len, &ulen);
    char acc[DESCRIBE_SCAN];
    size_t k = t ? first_paragraph(t, ulen, acc) : 0;
    free(t);
    k = utf8_truncate(acc, k, k); /* a code point cut at the scan's end */
    k = sentence_end(acc, k);
    while (k > 0 && acc[k - 1] == ' ')
        k--;
    if (utf8_count(acc, k) > LIBRARY_DESCRIPTION_CHARS) {
        /* Room for LIBRARY_DESCRIPTION_CHARS - 1 code points, then "…". */
        size_t cut = 0;
        for (int n = 0; n < LIBRARY_DESCRIPTION_CHARS - 1; n++)
            cut += utf8_decode(acc + cut, k - cut, &(uint32_t){0}, NULL);
        size_t at = cut;
        while (at > 0 && acc[at] != ' ')
            at--;
        if (at > cut / 2)
            cut = at; /* at a word's end, unless that loses half of it */
        while (cut > 0 && strchr(" ,;:-", acc[cut - 1]))
            cut--;
        memcpy(acc + cut, "\xE2\x80\xA6", 3);
        k = cut + 3;
    }
    return playlist_clean_text(acc, k, out, outsize);
}

size_t library_describe(const char *narration, char *out, size_t outsize)
{
    if (outsize)
        out[0] = '\0';
    const char *slash = strrchr(narration, '/');
    const char *dot = strrchr(narration, '.');
    size_t base = dot && (!slash || dot > slash + 1) ? (size_t)(dot - narration) : strlen(narration);
    char path[4200];
    if ((size_t)snprintf(path, sizeof path, "%.*s.txt", (int)base, narration) >= sizeof path)
        return 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    char *buf = malloc(LIBRARY_TRANSCRIPT_READ);
    size_t n = buf ? fread(buf, 1, LIBRARY_TRANSCRIPT_READ, f) : 0;
    if (n == LIBRARY_TRANSCRIPT_READ && fgetc(f) != EOF) {
        /* A longer file: end at a line break, not inside a character. */
        size_t e = n;
        while (e > 0 && buf[e - 1] != '\n')
            e--;
        n = e > 0 ? e : n;
    }
    fclose(f);
    size_t len = buf ? library_describe_text(buf, n, out, outsize) : 0;
    free(buf);
    return len;
}

/* ---- natural order ---------------------------------------------------- */

/* The digit run at s[*i] compared as a number with the one at t[*j]. */
static int compare_numbers(const char *s, size_t *i, const char *t, size_t *j)
{
    while (s[*i] == '0' && is_digit(s[*i + 1]))
        (*i)++;
    while (t[*j] == '0' && is_digit(t[*j + 1]))
        (*j)++;
    size_t a = *i, b = *j;
    while (is_digit(s[*i]))
        (*i)++;
    while (is_digit(t[*j]))
        (*j)++;
    if (*i - a != *j - b)
        return *i - a < *j - b ? -1 : 1;
    int c = memcmp(s + a, t + b, *i - a);
    return c < 0 ? -1 : c > 0;
}

int library_natural_compare(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), i = 0, j = 0;
    while (i < la && j < lb) {
        if (is_digit(a[i]) && is_digit(b[j])) {
            int c = compare_numbers(a, &i, b, &j);
            if (c)
                return c;
            continue;
        }
        uint32_t x = library_fold_at(a, la, &i), y = library_fold_at(b, lb, &j);
        if (x != y)
            return x < y ? -1 : 1;
    }
    if (i < la || j < lb)
        return i < la ? 1 : -1;
    int c = strcmp(a, b);
    return c < 0 ? -1 : c > 0;
}
