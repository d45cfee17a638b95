#include "library/playlist.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/utf8.h"

/* The parse's state between lines: a pending #EXTINF and the count. */
typedef struct {
    const char *base;
    const playlist_sink *sink;
    char title[PLAYLIST_TITLE_MAX];
    double duration;
    int pending; /* an #EXTINF waits for its entry */
    long count;
    int stop;
} parse_state;

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static void warn(parse_state *st, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void warn(parse_state *st, int line, const char *fmt, ...)
{
    if (!st->sink->warn)
        return;
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    st->sink->warn(st->sink->user, line, msg);
}

/* A short, printable excerpt of a line for a warning (control bytes as
 * '?', cut on a code point boundary). */
static const char *excerpt(const char *s, size_t n, char out[72])
{
    size_t k = utf8_truncate(s, n, 60), i;
    for (i = 0; i < k; i++)
        out[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7F ? '?' : s[i];
    snprintf(out + i, 72 - i, "%s", k < n ? "..." : "");
    return out;
}

size_t playlist_clean_text(const char *s, size_t len, char *out, size_t outsize)
{
    if (outsize == 0)
        return 0;
    char *fixed = malloc(utf8_repaired_size(len));
    if (!fixed) {
        out[0] = '\0';
        return 0;
    }
    size_t n = utf8_repair(s, len, fixed, NULL), k = 0;
    int space = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)fixed[i];
        if (c <= 0x20 || c == 0x7F) {
            space = k > 0;
            continue;
        }
        if (space)
            fixed[k++] = ' ';
        fixed[k++] = (char)c;
        space = 0;
    }
    k = utf8_truncate(fixed, k, outsize - 1);
    while (k > 0 && fixed[k - 1] == ' ')
        k--;
    memcpy(out, fixed, k);
    out[k] = '\0';
    free(fixed);
    return k;
}

int playlist_join(const char *dir, const char *rel, char *out, size_t outsize)
{
    size_t d = dir && rel[0] != '/' ? strlen(dir) : 0;
    while (d > 1 && dir[d - 1] == '/')
        d--;
    int n = d == 0   ? snprintf(out, outsize, "%s", rel)
            : d == 1 && dir[0] == '/' ? snprintf(out, outsize, "/%s", rel)
                                      : snprintf(out, outsize, "%.*s/%s", (int)d, dir, rel);
    return n < 0 || (size_t)n >= outsize ? -1 : 0;
}

/* "#EXTINF:SECONDS[ key="v,alue" ...],TITLE" (line NUL-terminated). */
static void read_extinf(parse_state *st, const char *s)
{
    char *end;
    double d = strtod(s, &end);
    st->duration = end != s && isfinite(d) && d > 0.0 ? d : 0.0;
    int quoted = 0;
    const char *p = end;
    for (; *p && (quoted || *p != ','); p++)
        if (*p == '"')
            quoted = !quoted;
    const char *title = *p == ',' ? p + 1 : p;
    playlist_clean_text(title, strlen(title), st->title, sizeof st->title);
    st->pending = 1;
}

static int hex(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* Percent-decodes s in place ("%20" -> ' '; a '%' not followed by two
 * hex digits stays). Returns -1 when it decodes to a NUL byte. */
static int percent_decode(char *s)
{
    char *w = s;
    for (const char *r = s; *r; r++) {
        int hi = r[0] == '%' ? hex(r[1]) : -1, lo = hi >= 0 ? hex(r[2]) : -1;
        if (lo < 0) {
            *w++ = *r;
            continue;
        }
        if (hi == 0 && lo == 0)
            return -1;
        *w++ = (char)(hi * 16 + lo);
        r += 2;
    }
    *w = '\0';
    return 0;
}

/* The length of a URL scheme followed by "://" at s, or 0. */
static size_t url_scheme(const char *s)
{
    size_t i = 0;
    if (!isalpha((unsigned char)s[0]))
        return 0;
    while (isalnum((unsigned char)s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.')
        i++;
    return strncmp(s + i, "://", 3) == 0 ? i : 0;
}

/* An entry line (NUL-terminated, trimmed, not a comment). */
static void read_entry(parse_state *st, char *s, size_t n, int line)
{
    char ex[72];
    const char *url = s;
    size_t scheme = url_scheme(s);
    if (scheme) {
        if (scheme != 4 || strncasecmp(s, "file", 4) != 0) {
            warn(st, line, "%s: a URL; Wellspring plays files on this machine, skipped",
                 excerpt(s, n, ex));
            return;
        }
        s += 7;
        if (strncasecmp(s, "localhost/", 10) == 0)
            s += 9;
        if (s[0] != '/' || percent_decode(s) < 0) {
            warn(st, line, "%s: not a file:///PATH URL Wellspring can follow; skipped",
                 excerpt(url, n, ex));
            return;
        }
    }
    char path[PLAYLIST_PATH_MAX];
    if (playlist_join(st->base, s, path, sizeof path) < 0) {
        warn(st, line, "%s: the path is too long; skipped", excerpt(s, strlen(s), ex));
        return;
    }
    playlist_item it = {path, st->pending ? st->title : "", st->pending ? st->duration : 0.0,
                        line};
    st->count++;
    st->stop = st->sink->item && st->sink->item(st->sink->user, &it) != 0;
}

static void read_line(parse_state *st, const char *a, size_t n, int line)
{
    while (n > 0 && is_blank(a[0]))
        a++, n--;
    while (n > 0 && is_blank(a[n - 1]))
        n--;
    if (n == 0)
        return;
    char ex[72];
    if (n > PLAYLIST_LINE_MAX || memchr(a, '\0', n)) {
        if (n > PLAYLIST_LINE_MAX)
            warn(st, line, "%s: a line longer than %d bytes; skipped", excerpt(a, n, ex),
                 PLAYLIST_LINE_MAX);
        else
            warn(st, line, "%s: a NUL byte in the line; skipped", excerpt(a, n, ex));
        st->pending = 0;
        return;
    }
    char s[PLAYLIST_LINE_MAX + 1];
    memcpy(s, a, n);
    s[n] = '\0';
    if (s[0] == '#') {
        if (strncasecmp(s, "#EXTINF:", 8) == 0)
            read_extinf(st, s + 8);
        return; /* #EXTM3U, other directives and comments */
    }
    read_entry(st, s, n, line);
    st->pending = 0;
}

long playlist_parse(const char *buf, size_t len, const char *base_dir, const playlist_sink *sink)
{
    parse_state st = {.base = base_dir && base_dir[0] ? base_dir : NULL, .sink = sink};
    const unsigned char *u = (const unsigned char *)buf;
    if (len > PLAYLIST_MAX_BYTES) {
        warn(&st, 0, "larger than %u MB; not read as a playlist", PLAYLIST_MAX_BYTES >> 20);
        return -1;
    }
    if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        warn(&st, 0, "UTF-16 text; save the playlist as UTF-8 (an .m3u8)");
        return -1;
    }
    size_t p = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    for (int line = 1; p < len && !st.stop; line++) {
        const char *nl = memchr(buf + p, '\n', len - p);
        size_t e = nl ? (size_t)(nl - buf) : len;
        read_line(&st, buf + p, e - p, line);
        p = e + 1;
    }
    return st.count;
}
