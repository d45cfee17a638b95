#include "align/align_text.h"

#include "captions/caption_check.h"
#include "captions/caption_layout.h"
#include "util/utf8.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int align_text_fits(const char *text, size_t len)
{
    caption_layout_env env = caption_check_layout_env(NULL);
    caption_text t = {.text = text, .text_len = len};
    caption_part part[2];
    return caption_layout_split(&env, &t, 0.0, 1.0, part, 2) == 1;
}

/* ---- phrases out ------------------------------------------------------ */

static int push_phrase(align_script *s, const char *text, size_t len, int line)
{
    align_phrase *grown = realloc(s->phrases, (s->count + 1) * sizeof *grown);
    if (!grown)
        return -1;
    s->phrases = grown;
    align_phrase *p = &s->phrases[s->count];
    p->speak = malloc(len + 1);
    p->text = malloc(len + 2);
    p->line = line;
    if (!p->speak || !p->text) {
        free(p->speak);
        free(p->text);
        return -1;
    }
    memcpy(p->speak, text, len);
    p->speak[len] = '\0';
    s->count++;
    /* The balanced break, exactly where the player's layout puts it. */
    caption_layout_env env = caption_check_layout_env(NULL);
    caption_text t = {.text = p->speak, .text_len = len};
    caption_layout lay;
    if (caption_layout_text(&env, &t, &lay) == 0 && lay.line_count == 2 && !lay.overflow &&
        lay.lines[0].len + lay.lines[1].len + 1 <= len) {
        memcpy(p->text, lay.lines[0].text, lay.lines[0].len);
        p->text[lay.lines[0].len] = '\n';
        memcpy(p->text + lay.lines[0].len + 1, lay.lines[1].text, lay.lines[1].len + 1);
    } else {
        memcpy(p->text, p->speak, len + 1);
    }
    return 0;
}

/* ---- cutting a paragraph into phrases ------------------------------------ */

typedef struct {
    size_t off, len;
} word;

static const char *const clause_words[] = {
    /* English */ "and", "but", "or", "so", "because", "while", "when", "which", "who",
    "then", "though", "although", "if", "until", "unless", "where", "yet", "as",
    /* German */ "und", "aber", "oder", "denn", "weil", "wenn", "dass", "als", "bis", "während",
    /* Spanish, French, Italian */ "y", "pero", "porque", "cuando", "mientras", "aunque", "et",
    "mais", "car", "quand", "lorsque", "puis", "ma", "perché", "mentre", "quando"};

static int is_clause_word(const char *w, size_t len)
{
    for (size_t i = 0; i < sizeof clause_words / sizeof clause_words[0]; i++)
        if (strlen(clause_words[i]) == len && strncasecmp(clause_words[i], w, len) == 0)
            return 1;
    return 0;
}

/* How good a cut before word k is: 3 after a sentence end, 2 after a comma,
 * semicolon, colon or dash, 1 before a clause word, 0 anywhere else. */
static int cut_class(const char *t, const word *w, size_t k)
{
    const char *a = t + w[k - 1].off;
    size_t n = w[k - 1].len;
    while (n > 1 && strchr("\"')]", a[n - 1]))
        n--;
    /* closing quotes in UTF-8: ” ’ » (3, 3, 2 bytes) */
    while (n > 3 && (memcmp(a + n - 3, "\xe2\x80\x9d", 3) == 0 || memcmp(a + n - 3, "\xe2\x80\x99", 3) == 0))
        n -= 3;
    if (n > 2 && memcmp(a + n - 2, "\xc2\xbb", 2) == 0)
        n -= 2;
    char last = a[n - 1];
    if (last == '.' || last == '!' || last == '?' || (n >= 3 && memcmp(a + n - 3, "\xe2\x80\xa6", 3) == 0))
        return 3;
    if (last == ',' || last == ';' || last == ':')
        return 2;
    const char *b = t + w[k].off;
    if ((w[k].len == 1 && b[0] == '-') || (w[k].len == 3 && (memcmp(b, "\xe2\x80\x93", 3) == 0 ||
                                                           memcmp(b, "\xe2\x80\x94", 3) == 0)))
        return 2;
    return is_clause_word(b, w[k].len);
}

static size_t span_chars(const char *t, const word *w, size_t i, size_t j)
{
    return utf8_count(t + w[i].off, w[j - 1].off + w[j - 1].len - w[i].off);
}

static int split_words(align_script *s, const char *t, const word *w, size_t i, size_t j,
                       int line)
{
    size_t off = w[i].off, len = w[j - 1].off + w[j - 1].len - off;
    if (j - i == 1 || align_text_fits(t + off, len))
        return push_phrase(s, t + off, len, line);
    int best_class = -1;
    size_t best = i + 1, best_gap = (size_t)-1;
    for (size_t k = i + 1; k < j; k++) {
        int c = cut_class(t, w, k);
        if (c < 3 && (k - i < 2 || j - k < 2))
            c = 0; /* a lone word beside a comma or a clause word is no phrase */
        size_t l = span_chars(t, w, i, k), r = span_chars(t, w, k, j);
        size_t gap = l > r ? l - r : r - l;
        if (c > best_class || (c == best_class && gap < best_gap)) {
            best_class = c;
            best = k;
            best_gap = gap;
        }
    }
    if (split_words(s, t, w, i, best, line) < 0)
        return -1;
    return split_words(s, t, w, best, j, line);
}

/* ---- lines and paragraphs -------------------------------------------------- */

typedef struct {
    char *text; /* cleaned: single spaces, no brackets */
    int line;
} para_line;

static int flush_paragraph(align_script *s, para_line *lines, size_t n)
{
    int all_fit = 1;
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(lines[i].text);
        all_fit &= align_text_fits(lines[i].text, len);
        total += len + 1;
    }
    if (n == 0)
        return 0;
    if (all_fit) {
        for (size_t i = 0; i < n; i++)
            if (push_phrase(s, lines[i].text, strlen(lines[i].text), lines[i].line) < 0)
                return -1;
        return 0;
    }
    char *joined = malloc(total);
    word *w = malloc(total * sizeof *w);
    int rc = -1;
    if (!joined || !w)
        goto done;
    size_t len = 0, nw = 0;
    for (size_t i = 0; i < n; i++) {
        if (i)
            joined[len++] = ' ';
        size_t l = strlen(lines[i].text);
        memcpy(joined + len, lines[i].text, l);
        len += l;
    }
    joined[len] = '\0';
    for (size_t p = 0; p < len;) {
        size_t q = p;
        while (q < len && joined[q] != ' ')
            q++;
        w[nw++] = (word){p, q - p};
        p = q + 1;
    }
    rc = nw ? split_words(s, joined, w, 0, nw, lines[0].line) : 0;
done:
    free(joined);
    free(w);
    return rc;
}

/* Copies a line without comments' text and bracketed directions, with runs
 * of white space made one space and both ends trimmed. */
static char *clean_line(const char *a, size_t n, size_t *ignored)
{
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    size_t len = 0;
    int depth = 0;
    for (size_t i = 0; i < n; i++) {
        char c = a[i];
        if (c == '[') {
            if (depth++ == 0)
                (*ignored)++;
            continue;
        }
        if (c == ']' && depth > 0) {
            depth--;
            continue;
        }
        if (depth > 0)
            continue;
        if (isspace((unsigned char)c)) {
            if (len > 0 && out[len - 1] != ' ')
                out[len++] = ' ';
            continue;
        }
        out[len++] = c;
    }
    while (len > 0 && out[len - 1] == ' ')
        len--;
    out[len] = '\0';
    return out;
}

static int blank(const char *a, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isspace((unsigned char)a[i]))
            return 0;
    return 1;
}

static int parse_lines(align_script *s, const char *t, size_t len)
{
    para_line *para = NULL;
    size_t np = 0, cap = 0;
    int rc = 0, lineno = 0;
    for (size_t p = 0; p <= len && rc == 0;) {
        const char *nl = memchr(t + p, '\n', len - p);
        size_t e = nl ? (size_t)(nl - t) : len;
        lineno++;
        const char *a = t + p;
        size_t n = e - p, lead = 0;
        while (lead < n && isspace((unsigned char)a[lead]))
            lead++;
        if (blank(a, n)) {
            rc = flush_paragraph(s, para, np);
            for (size_t i = 0; i < np; i++)
                free(para[i].text);
            np = 0;
        } else if (a[lead] == '#') {
            s->ignored++;
        } else {
            char *c = clean_line(a, n, &s->ignored);
            if (!c)
                rc = -1;
            else if (!*c)
                free(c);
            else if (np == cap && !(para = realloc(para, (cap = cap * 2 + 8) * sizeof *para)))
                rc = -1, free(c);
            else
                para[np++] = (para_line){c, lineno};
        }
        if (!nl)
            break;
        p = e + 1;
    }
    if (rc == 0)
        rc = flush_paragraph(s, para, np);
    for (size_t i = 0; para && i < np; i++)
        free(para[i].text);
    free(para);
    return rc;
}

int align_script_parse(const char *data, size_t len, align_script *out)
{
    memset(out, 0, sizeof *out);
    text_guess g = text_detect(data, len);
    out->encoding = g.encoding;
    char *utf8 = NULL;
    size_t ulen = 0;
    if (g.encoding != TEXT_ENCODING_UTF8) {
        utf8 = text_to_utf8(data, len, g.encoding, &ulen, &out->replaced);
    } else {
        utf8 = malloc(utf8_repaired_size(len - g.bom));
        if (utf8)
            ulen = utf8_repair(data + g.bom, len - g.bom, utf8, &out->replaced);
    }
    if (!utf8)
        return -1;
    int rc = parse_lines(out, utf8, ulen);
    free(utf8);
    if (rc < 0)
        align_script_free(out);
    return rc;
}

void align_script_free(align_script *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->count; i++) {
        free(s->phrases[i].text);
        free(s->phrases[i].speak);
    }
    free(s->phrases);
    memset(s, 0, sizeof *s);
}
