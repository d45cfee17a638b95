#include "captions/vtt_text.h"

#include "captions/html_entities.h"
#include "captions/text_decode.h"
#include "util/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_alnum(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
static int hex_value(char c)
{
    if (is_digit(c))
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* ---- character references ------------------------------------------- */

/* Byte order of a table name against s[0..n). */
static int name_cmp(const char *name, const char *s, size_t n)
{
    size_t i = 0;
    for (; i < n && name[i]; i++)
        if (name[i] != s[i])
            return (unsigned char)name[i] < (unsigned char)s[i] ? -1 : 1;
    if (i < n)
        return -1; /* name is a proper prefix of s: it sorts first */
    return name[i] ? 1 : 0;
}

/* The first table entry that does not sort before s[0..n). */
static size_t entity_lower_bound(const char *s, size_t n)
{
    size_t lo = 0, hi = html_entity_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (name_cmp(html_entities[mid].name, s, n) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The longest name in the table that s[0..n) starts with (HTML consumes
 * "the maximum number of characters possible"). Names are letters and
 * digits with an optional final ';'. The prefix grows one character at a
 * time and stops as soon as no name starts with it, so the work is the
 * length of the match, not of the table's longest name. */
static const html_entity *entity_longest(const char *s, size_t n, size_t *len)
{
    size_t k = 0;
    while (k < n && k < HTML_ENTITY_MAX_NAME && is_alnum(s[k]))
        k++;
    size_t max = k < n && k < HTML_ENTITY_MAX_NAME && s[k] == ';' ? k + 1 : k;
    const html_entity *best = NULL;
    for (size_t l = 1; l <= max; l++) {
        size_t at = entity_lower_bound(s, l);
        if (at == html_entity_count || strncmp(html_entities[at].name, s, l) != 0)
            break; /* no name starts with s[0..l) */
        if (html_entities[at].name[l] == '\0') {
            best = &html_entities[at];
            *len = l;
        }
    }
    return best;
}

/* "&#..." at s: returns the bytes taken (0 when no digit follows). */
static size_t numeric_ref(const char *s, size_t n, uint32_t *cp)
{
    size_t i = 2;
    int hex = i < n && (s[i] == 'x' || s[i] == 'X');
    if (hex)
        i++;
    uint32_t v = 0;
    size_t digits = 0;
    for (; i < n; i++, digits++) {
        int d = hex ? hex_value(s[i]) : is_digit(s[i]) ? s[i] - '0' : -1;
        if (d < 0)
            break;
        v = v > 0x10FFFF ? v : v * (hex ? 16u : 10u) + (uint32_t)d; /* saturates */
    }
    if (digits == 0)
        return 0;
    if (i < n && s[i] == ';')
        i++;
    if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        v = UTF8_REPLACEMENT;
    else if (v >= 0x80 && v <= 0x9F && text_cp1252((unsigned char)v))
        v = text_cp1252((unsigned char)v);
    *cp = v;
    return i;
}

size_t html_charref(const char *s, size_t n, char out[HTML_CHARREF_MAX], size_t *out_len)
{
    *out_len = 0;
    if (n < 2 || s[0] != '&')
        return 0;
    if (s[1] == '#') {
        uint32_t cp;
        size_t k = numeric_ref(s, n, &cp);
        if (k)
            *out_len = utf8_encode(cp, out);
        return k;
    }
    size_t len;
    const html_entity *e = entity_longest(s + 1, n - 1, &len);
    if (!e)
        return 0;
    size_t v = strlen(e->utf8);
    memcpy(out, e->utf8, v);
    *out_len = v;
    return 1 + len;
}

/* ---- the cue text tree ---------------------------------------------- */

typedef enum {
    NODE_CLASS,
    NODE_ITALIC,
    NODE_BOLD,
    NODE_UNDERLINE,
    NODE_RUBY,
    NODE_RT,
    NODE_VOICE,
    NODE_LANG,
    NODE_NONE
} node_kind;

typedef struct {
    vtt_text_sink sink;
    void *user;
    unsigned char *stack; /* kinds of the open nodes, innermost last */
    size_t depth, cap, italic;
    int failed;
} tree;

static int name_is(const char *s, size_t n, const char *w)
{
    return strlen(w) == n && memcmp(s, w, n) == 0;
}

static node_kind kind_of(const char *s, size_t n)
{
    static const char *const names[] = {"c", "i", "b", "u", "ruby", "rt", "v", "lang"};
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
        if (name_is(s, n, names[k]))
            return (node_kind)k;
    return NODE_NONE;
}

static node_kind current(const tree *t)
{
    return t->depth ? (node_kind)t->stack[t->depth - 1] : NODE_NONE;
}

static void start_tag(tree *t, const char *name, size_t n)
{
    node_kind k = kind_of(name, n);
    if (k == NODE_NONE || (k == NODE_RT && current(t) != NODE_RUBY))
        return;
    if (t->depth == t->cap) {
        size_t ncap = t->cap ? t->cap * 2 : 16;
        unsigned char *s = realloc(t->stack, ncap);
        if (!s) {
            t->failed = 1;
            return;
        }
        t->stack = s;
        t->cap = ncap;
    }
    t->stack[t->depth++] = (unsigned char)k;
    t->italic += k == NODE_ITALIC;
}

static void pop(tree *t)
{
    if (t->depth)
        t->italic -= t->stack[--t->depth] == NODE_ITALIC;
}

static void end_tag(tree *t, const char *name, size_t n)
{
    node_kind k = kind_of(name, n), cur = current(t);
    if (k != NODE_NONE && k == cur) {
        pop(t);
    } else if (k == NODE_RUBY && cur == NODE_RT) {
        pop(t);
        pop(t);
    }
}

static int tag_space(char c) { return c == '\t' || c == '\n' || c == '\f' || c == ' '; }

/* A tag whose '<' is at s[i - 1]. Returns where the text resumes. A start
 * tag's name ends at whitespace, '.' or '>'; the classes and annotation that
 * may follow run to the '>' and are not kept (a character reference there
 * never holds a '>'). An end tag's name is everything up to '>'. A tag that
 * starts with a digit is a timestamp, not shown. */
static size_t read_tag(tree *t, const char *s, size_t n, size_t i, int *unterminated)
{
    const char *gt = i < n ? memchr(s + i, '>', n - i) : NULL;
    size_t end = gt ? (size_t)(gt - s) : n;
    if (!gt)
        *unterminated = 1;
    if (i < end && s[i] == '/') {
        end_tag(t, s + i + 1, end - i - 1);
    } else if (i < end && is_digit(s[i])) {
        /* timestamp tag */
    } else {
        size_t k = i;
        while (k < end && !tag_space(s[k]) && s[k] != '.')
            k++;
        start_tag(t, s + i, k - i);
    }
    return gt ? end + 1 : n;
}

int vtt_text_parse(const char *s, size_t n, vtt_text_sink sink, void *user, int *unterminated)
{
    tree t = {sink, user, NULL, 0, 0, 0, 0};
    int open = 0;
    size_t i = 0;
    while (i < n && !t.failed) {
        if (s[i] == '<') {
            i = read_tag(&t, s, n, i + 1, &open);
        } else if (s[i] == '&') {
            char ref[HTML_CHARREF_MAX];
            size_t len, k = html_charref(s + i, n - i, ref, &len);
            if (k)
                sink(user, ref, len, t.italic > 0);
            else
                sink(user, "&", 1, t.italic > 0);
            i += k ? k : 1;
        } else {
            size_t j = i + 1;
            while (j < n && s[j] != '<' && s[j] != '&')
                j++;
            sink(user, s + i, j - i, t.italic > 0);
            i = j;
        }
    }
    free(t.stack);
    if (unterminated)
        *unterminated = open;
    return t.failed ? -1 : 0;
}

/* ---- timestamps ------------------------------------------------------- */

int vtt_is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

/* Collects all the digits at s[*i] (the spec collects a sequence, however
 * long). Returns how many; *out saturates far above any real time. */
static size_t collect_digits(const char *s, size_t n, size_t *i, double *out)
{
    size_t k = 0;
    double v = 0.0;
    for (; *i < n && is_digit(s[*i]); (*i)++, k++)
        if (v < 1e15)
            v = v * 10.0 + (s[*i] - '0');
    *out = v;
    return k;
}

int vtt_timestamp(const char *s, size_t n, size_t *pos, double *out)
{
    size_t i = *pos;
    double h = 0.0, m, sec, ms;
    size_t k = collect_digits(s, n, &i, &m);
    int hours = k != 2 || m > 59.0;
    if (k == 0 || i >= n || s[i] != ':')
        goto fail;
    i++;
    if (collect_digits(s, n, &i, &sec) != 2)
        goto fail;
    if (hours || (i < n && s[i] == ':')) {
        if (i >= n || s[i] != ':')
            goto fail;
        i++;
        h = m;
        m = sec;
        if (collect_digits(s, n, &i, &sec) != 2)
            goto fail;
    }
    if (i >= n || s[i] != '.')
        goto fail;
    i++;
    if (collect_digits(s, n, &i, &ms) != 3 || m > 59.0 || sec > 59.0)
        goto fail;
    *out = h * 3600.0 + m * 60.0 + sec + ms / 1000.0;
    *pos = i;
    return 0;
fail:
    *pos = i;
    return -1;
}

/* ---- cue settings ----------------------------------------------------- */

static int is(const char *s, size_t n, const char *w) { return name_is(s, n, w); }

/* The spec's "parse a percentage string": digits[.digits]% in 0..100. */
static int percentage(const char *s, size_t n, double *out)
{
    size_t i = 0;
    double v, frac = 0.0;
    size_t k = collect_digits(s, n, &i, &v);
    if (k == 0)
        return -1;
    if (i < n && s[i] == '.') {
        i++;
        size_t a = i;
        double scale = 0.1;
        for (; i < n && is_digit(s[i]); i++, scale *= 0.1)
            frac += (s[i] - '0') * scale;
        if (i == a)
            return -1;
    }
    if (i + 1 != n || s[i] != '%' || v + frac > 100.0)
        return -1;
    *out = v + frac;
    return 0;
}

/* A "line:" number that is not a percentage: [-]digits[.digits], which is
 * what the spec's checks (only '-', digits and one '.', a '-' only first, a
 * '.' between digits) leave for HTML's floating-point rules to read. */
static int line_number(const char *s, size_t n, double *out)
{
    size_t i = s[0] == '-' ? 1 : 0;
    double v, frac = 0.0;
    if (collect_digits(s, n, &i, &v) == 0)
        return -1;
    if (i < n && s[i] == '.') {
        i++;
        size_t a = i;
        double scale = 0.1;
        for (; i < n && is_digit(s[i]); i++, scale *= 0.1)
            frac += (s[i] - '0') * scale;
        if (i == a)
            return -1;
    }
    if (i != n)
        return -1;
    *out = s[0] == '-' ? -(v + frac) : v + frac;
    return 0;
}

/* Splits "value[,align]" at the first comma; *align is NULL without one. */
static size_t split_comma(const char *v, size_t n, const char **align, size_t *align_len)
{
    const char *comma = memchr(v, ',', n);
    *align = comma ? comma + 1 : NULL;
    *align_len = comma ? n - (size_t)(comma - v) - 1 : 0;
    return comma ? (size_t)(comma - v) : n;
}

static vtt_setting_result set_line(const char *v, size_t n, caption_settings *st)
{
    const char *al;
    size_t an, pn = split_comma(v, n, &al, &an);
    double num;
    int pct = pn > 0 && v[pn - 1] == '%';
    if (pn == 0 || (pct ? percentage(v, pn, &num) : line_number(v, pn, &num)) < 0)
        return VTT_SETTING_BAD_VALUE;
    caption_line_align la = st->line_align;
    if (al && is(al, an, "start"))
        la = CAPTION_LINE_ALIGN_START;
    else if (al && is(al, an, "center"))
        la = CAPTION_LINE_ALIGN_CENTER;
    else if (al && is(al, an, "end"))
        la = CAPTION_LINE_ALIGN_END;
    else if (al)
        return VTT_SETTING_BAD_VALUE;
    st->line_align = la;
    st->has_line = 1;
    st->line = num;
    st->line_is_percent = pct;
    return VTT_SETTING_APPLIED;
}

static vtt_setting_result set_position(const char *v, size_t n, caption_settings *st)
{
    const char *al;
    size_t an, pn = split_comma(v, n, &al, &an);
    double num;
    if (percentage(v, pn, &num) < 0)
        return VTT_SETTING_BAD_VALUE;
    caption_position_align pa = st->position_align;
    if (al && is(al, an, "line-left"))
        pa = CAPTION_POSITION_ALIGN_LINE_LEFT;
    else if (al && is(al, an, "center"))
        pa = CAPTION_POSITION_ALIGN_CENTER;
    else if (al && is(al, an, "line-right"))
        pa = CAPTION_POSITION_ALIGN_LINE_RIGHT;
    else if (al)
        return VTT_SETTING_BAD_VALUE;
    st->position_align = pa;
    st->has_position = 1;
    st->position = num;
    return VTT_SETTING_APPLIED;
}

static vtt_setting_result set_align(const char *v, size_t n, caption_settings *st)
{
    static const struct {
        const char *word;
        caption_align align;
    } words[] = {{"start", CAPTION_ALIGN_START}, {"center", CAPTION_ALIGN_CENTER},
                 {"end", CAPTION_ALIGN_END},     {"left", CAPTION_ALIGN_LEFT},
                 {"right", CAPTION_ALIGN_RIGHT}};
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
        if (is(v, n, words[k].word)) {
            st->align = words[k].align;
            return VTT_SETTING_APPLIED;
        }
    return VTT_SETTING_BAD_VALUE;
}

vtt_setting_result vtt_setting(const char *s, size_t n, caption_settings *st, size_t *name_len)
{
    const char *colon = memchr(s, ':', n);
    *name_len = colon ? (size_t)(colon - s) : n;
    if (!colon || colon == s || colon == s + n - 1)
        return VTT_SETTING_NOT_NAME_VALUE;
    size_t nl = *name_len, vl = n - nl - 1;
    const char *v = colon + 1;
    double num;
    if (is(s, nl, "line"))
        return set_line(v, vl, st);
    if (is(s, nl, "position"))
        return set_position(v, vl, st);
    if (is(s, nl, "align"))
        return set_align(v, vl, st);
    if (is(s, nl, "size")) {
        if (percentage(v, vl, &num) < 0)
            return VTT_SETTING_BAD_VALUE;
        st->has_size = 1;
        st->size = num;
        return VTT_SETTING_APPLIED;
    }
    if (is(s, nl, "vertical")) {
        if (!is(v, vl, "rl") && !is(v, vl, "lr"))
            return VTT_SETTING_BAD_VALUE;
        st->vertical = 1;
        return VTT_SETTING_APPLIED;
    }
    if (is(s, nl, "region"))
        return VTT_SETTING_REGION;
    return VTT_SETTING_UNKNOWN;
}
