/* captions/caption_lines.c: a cue's text as lines for the TV layout: tokens
 * (words, and pieces of words too long for a line), line breaking (the
 * author's lines, a greedy fill), balancing (the most even breaks, with a
 * bonus for breaking at punctuation) and the relaxed line length. The
 * placement on screen is caption_layout.c. */
#include "captions/caption_layout_internal.h"

#include "util/utf8.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Weights of the break cost, whose base is the sum over lines of
 * ((width - even share) / even share)^2. A lone short word costs more than
 * any imbalance a fitting alternative can have; a sentence end is worth
 * about 20 % of imbalance, a clause end about 14 %. */
#define COST_LONE_SHORT 10.0
#define COST_LONE_LONG 0.5
#define LONE_SHORT_CHARS 6
#define BONUS_SENTENCE 0.08
#define BONUS_CLAUSE 0.04
#define BONUS_AUTHOR_BREAK 0.06
#define MAX_TOKENS 8192

static int is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Copies text[a, b) into line, whitespace made plain spaces, with the runs
 * that cover it (input runs are sorted and disjoint, as captions.h makes
 * them; text outside every run is upright). b - a must be
 * < CAPTION_LINE_MAX_BYTES. */
void cl_build_line(const cl_ctx *c, size_t a, size_t b, caption_line *line)
{
    const caption_text *ct = c->ct;
    /* Only the fields set here: fits() builds a line per candidate, and
     * clearing the whole struct (about 1 KB) each time cost more than the
     * copy. Callers that return a line start from a zeroed one. */
    line->src_offset = a;
    line->len = b - a;
    line->run_count = 0;
    /* Whitespace becomes a space by table, without a test per byte: this
     * runs for every candidate line. */
    static const unsigned char ws[256] = {['\t'] = 1, ['\n'] = 1, ['\r'] = 1, [' '] = 1};
    memcpy(line->text, ct->text + a, b - a);
    for (size_t i = 0; i < line->len; i++) {
        unsigned char ch = (unsigned char)line->text[i];
        line->text[i] = (char)(ch + ws[ch] * (unsigned char)(' ' - ch));
    }
    line->text[line->len] = '\0';
    const caption_run *runs = ct->runs;
    size_t nr = runs ? ct->run_count : 0;
    /* First run that ends after a (binary search). */
    size_t lo = 0, hi = nr;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (runs[mid].offset + runs[mid].length <= a)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t r = lo, pos = a;
    while (pos < b) {
        int it = 0;
        size_t next;
        if (r < nr && runs[r].offset <= pos) {
            size_t re = runs[r].offset + runs[r].length;
            if (re <= pos) { /* unsorted input: skip it */
                r++;
                continue;
            }
            it = runs[r].italic != 0;
            next = re < b ? re : b;
            r++;
        } else {
            next = r < nr && runs[r].offset < b ? runs[r].offset : b;
        }
        if (line->run_count > 0 && line->runs[line->run_count - 1].italic == it) {
            line->runs[line->run_count - 1].length += next - pos;
        } else if (line->run_count == CAPTION_LINE_MAX_RUNS) {
            /* Pathological mark-up: the rest keeps the last run's style. */
            line->runs[line->run_count - 1].length += next - pos;
        } else {
            line->runs[line->run_count++] = (caption_run){pos - a, next - pos, it};
        }
        pos = next;
    }
}

float cl_measure_line(const cl_ctx *c, const caption_line *line)
{
    float w = 0.0f;
    for (size_t i = 0; i < line->run_count; i++) {
        float v = c->env->measure(c->env->user, line->text + line->runs[i].offset,
                                  line->runs[i].length, line->runs[i].italic);
        if (v > 0.0f && isfinite(v))
            w += v;
    }
    return w;
}


static size_t line_chars(const cl_ctx *c, size_t i, size_t j)
{
    /* Separating whitespace counts one per byte (it is all ASCII). */
    size_t n = 0;
    for (size_t k = i; k <= j; k++) {
        n += c->tok[k].chars;
        if (k > i)
            n += c->tok[k].off - cl_span_end(c, k - 1);
    }
    return n;
}

/* Does the line made of tokens i..j fit? Stores its width. */
static int fits(const cl_ctx *c, size_t i, size_t j, float *width)
{
    size_t a = c->tok[i].off, b = cl_span_end(c, j);
    if (b - a >= CAPTION_LINE_MAX_BYTES || line_chars(c, i, j) > (size_t)c->m.max_chars)
        return 0;
    caption_line line;
    cl_build_line(c, a, b, &line);
    float w = cl_measure_line(c, &line);
    if (width)
        *width = w;
    return w <= c->max_w;
}

/* Does the piece text[a, a + len) of `chars` code points fit on a line by
 * itself? (tokenize's test, on a provisional token past the last one.) */
static int piece_fits(cl_ctx *c, size_t a, size_t len, size_t chars)
{
    cl_token *t = &c->tok[c->n];
    t->off = a;
    t->len = len;
    t->chars = chars;
    c->n++;
    int ok = fits(c, c->n - 1, c->n - 1, NULL);
    c->n--;
    return ok;
}

/* The longest first piece of the word text[a, j) that fits on a line, at
 * least one code point: its code points, *b its end. The same piece as
 * growing it one code point at a time while it fits, found with a few
 * measurements instead of one per code point (see cl_line_end). */
static size_t piece_chars(cl_ctx *c, size_t a, size_t j, size_t *b)
{
    const char *s = c->ct->text;
    /* ends[k]: the end of the first k code points, as far as the
     * character and byte limits allow. */
    size_t ends[CAPTION_LAYOUT_MAX_CHARS + 2];
    size_t max_chars = (size_t)c->m.max_chars, k = 0, at = a;
    ends[0] = a;
    while (at < j && k < max_chars) {
        uint32_t cp;
        size_t step = utf8_decode(s + at, j - at, &cp, NULL);
        if (at + step - a >= CAPTION_LINE_MAX_BYTES)
            break;
        at += step;
        ends[++k] = at;
    }
    if (k == 0) { /* cannot happen (max_chars >= 8), but stay safe */
        uint32_t cp;
        *b = a + utf8_decode(s + a, j - a, &cp, NULL);
        return 1;
    }
    size_t lo = 1, hi = k; /* lo: taken; is more possible? */
    if (k > 1 && piece_fits(c, a, ends[k] - a, k)) {
        lo = k;
    } else {
        /* ends[lo] is taken (the first code point always is); ends[hi]
         * does not fit, or hi == 1. */
        while (hi - lo > 1) {
            size_t mid = lo + (hi - lo) / 2;
            if (piece_fits(c, a, ends[mid] - a, mid))
                lo = mid;
            else
                hi = mid;
        }
    }
    *b = ends[lo];
    return lo;
}

/* Splits text[begin, end) into tokens at whitespace; words too long for a
 * line are cut into chunks at code point boundaries. Stops after max_tokens
 * tokens (the first ones: a prefix of the full list). Returns -1 when out
 * of memory. */
static int tokenize(cl_ctx *c, size_t begin, size_t end, size_t max_tokens)
{
    const char *s = c->ct->text;
    size_t cap = 64;
    c->tok = malloc(cap * sizeof *c->tok);
    c->n = 0;
    if (!c->tok)
        return -1;
    size_t i = begin;
    int nl = 0;
    if (max_tokens > MAX_TOKENS)
        max_tokens = MAX_TOKENS;
    while (i < end && c->n < max_tokens) {
        if (is_ws(s[i])) {
            if (s[i] == '\n')
                nl = 1;
            i++;
            continue;
        }
        size_t j = i;
        while (j < end && !is_ws(s[j]))
            j++;
        /* One token per word; a word too long for a line is cut into
         * pieces that each fit, at code point boundaries. */
        size_t a = i;
        int first = 1;
        while (a < j && c->n < max_tokens) {
            if (c->n == cap) {
                cl_token *t = realloc(c->tok, cap * 2 * sizeof *t);
                if (!t)
                    return -1;
                c->tok = t;
                cap *= 2;
            }
            cl_token *t = &c->tok[c->n];
            t->off = a;
            t->nl_before = first ? nl : 0;
            t->chunk = !first;
            t->len = j - a;
            int whole = 0;
            /* A rest of the word too big for the line buffer cannot be
             * whole: counting its code points for every piece cut from a
             * long word would be quadratic in the word's length. */
            if (j - a < CAPTION_LINE_MAX_BYTES) {
                t->chars = utf8_count(s + a, j - a);
                c->n++; /* provisionally, so fits() can see it */
                whole = fits(c, c->n - 1, c->n - 1, NULL);
                c->n--;
            }
            size_t b = j;
            if (!whole) {
                size_t chars = piece_chars(c, a, j, &b);
                t->len = b - a;
                t->chars = chars;
            }
            c->n++;
            a = b;
            first = 0;
        }
        nl = 0;
        i = j;
    }
    return 0;
}

/* The last token of a line that starts at token i and is filled greedily
 * from tokens [i, to): the j where i..j fits and i..j+1 does not (j = i when
 * even i..i+1 does not fit).
 *
 * Adding a token to a line never makes it narrower, so fits(i, k) holds for
 * every k up to that j and for none past it. That lets this measure the
 * longest line the character and byte limits allow first (usually it fits,
 * one measurement), then bisect: O(log k) measurements of a line instead of
 * one per token, each of which measured the whole line again (quadratic in
 * the line's length). The character and byte limits are counted without
 * measuring. */
size_t cl_line_end(const cl_ctx *c, size_t i, size_t to)
{
    size_t limit = i, chars = c->tok[i].chars;
    size_t a = c->tok[i].off;
    while (limit + 1 < to) {
        size_t k = limit + 1;
        size_t more = c->tok[k].chars + (c->tok[k].off - cl_span_end(c, k - 1));
        if (cl_span_end(c, k) - a >= CAPTION_LINE_MAX_BYTES ||
            chars + more > (size_t)c->m.max_chars)
            break;
        chars += more;
        limit = k;
    }
    if (limit == i || fits(c, i, limit, NULL))
        return limit;
    size_t lo = i, hi = limit; /* i..lo fits (or lo == i); i..hi does not */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (fits(c, i, mid, NULL))
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* The number of lines a greedy fill of tokens [from, to) needs, counting
 * no further than limit + 1; ends[] (if given) gets the last token of each
 * of the first max_ends lines. */
size_t cl_greedy_lines(const cl_ctx *c, size_t from, size_t to, size_t *ends, size_t max_ends,
                       size_t limit)
{
    size_t lines = 0, i = from;
    while (i < to && lines <= limit) {
        size_t j = cl_line_end(c, i, to);
        if (ends && lines < max_ends)
            ends[lines] = j;
        lines++;
        i = j + 1;
    }
    return lines;
}

static double line_cost(const cl_ctx *c, size_t i, size_t j, int last, float width, float target,
                        size_t total_tokens, size_t lines)
{
    /* Imbalance relative to the even share, so that the punctuation bonus
     * buys the same few per cent of imbalance on short and long cues. */
    double d = target > 0.0f ? (double)(width - target) / target : 0.0;
    double cost = d * d;
    if (i == j && !c->tok[i].chunk && total_tokens > lines)
        cost += c->tok[i].chars <= LONE_SHORT_CHARS ? COST_LONE_SHORT : COST_LONE_LONG;
    if (!last) {
        const cl_token *t = &c->tok[j];
        char ch = c->ct->text[t->off + t->len - 1];
        if (ch == '.' || ch == '!' || ch == '?')
            cost -= BONUS_SENTENCE;
        else if (ch == ',' || ch == ';' || ch == ':')
            cost -= BONUS_CLAUSE;
        if (j + 1 < c->n && c->tok[j + 1].nl_before)
            cost -= BONUS_AUTHOR_BREAK;
    }
    return cost;
}

/* The width of the whole text measured as one line, when it fits the
 * buffer; otherwise the sum of the words. */
static float total_width(const cl_ctx *c)
{
    size_t n = c->n;
    float total = 0.0f;
    caption_line whole;
    size_t a = c->tok[0].off, b = cl_span_end(c, n - 1);
    if (b - a < CAPTION_LINE_MAX_BYTES) {
        cl_build_line(c, a, b, &whole);
        total = cl_measure_line(c, &whole);
    } else {
        for (size_t k = 0; k < n; k++) {
            cl_build_line(c, c->tok[k].off, cl_span_end(c, k), &whole);
            total += cl_measure_line(c, &whole);
        }
    }
    return total;
}

/* The width of every line i..j that fits, measured once rather than once
 * per line count: the lines starting at token i that fit are i..i through
 * i..fit_end[i] (see cl_line_end), at most max_chars + 1 of them. */
typedef struct {
    float *width; /* width[i * stride + (j - i)]: line i..j; NAN: none starts at i */
    size_t *fit_end;
    size_t stride;
} line_widths;

static void measure_fitting_lines(const cl_ctx *c, const line_widths *lw)
{
    size_t n = c->n, stride = lw->stride;
    for (size_t i = 0; i < n; i++) {
        size_t e = cl_line_end(c, i, n);
        float w;
        if (!fits(c, i, e, &w)) {
            /* Only when i alone does not fit (e == i): no line starts here. */
            lw->fit_end[i] = i;
            lw->width[i * stride] = NAN;
            continue;
        }
        lw->fit_end[i] = e;
        lw->width[i * stride + (e - i)] = w;
        for (size_t j = i; j < e; j++)
            (void)fits(c, i, j, &lw->width[i * stride + (j - i)]);
    }
}

/* The cheapest breaks into exactly `lines` lines of the measured lines
 * (dynamic programming over the line l and its first token i, from the
 * last line back); ends[] gets the last token of each line. Returns -1
 * when out of memory or impossible. */
static int best_breaks(const cl_ctx *c, size_t lines, float target, const line_widths *lw,
                       size_t *ends)
{
    size_t n = c->n, stride = lw->stride;
    double *best = malloc((lines + 1) * (n + 1) * sizeof *best);
    size_t *choice = malloc((lines + 1) * (n + 1) * sizeof *choice);
    if (!best || !choice) {
        free(best);
        free(choice);
        return -1;
    }
#define AT(l, i) ((l) * (n + 1) + (i))
    for (size_t k = 0; k < (lines + 1) * (n + 1); k++)
        best[k] = INFINITY;
    best[AT(lines, n)] = 0.0;
    for (size_t l = lines; l-- > 0;) {
        for (size_t i = 0; i < n; i++) {
            for (size_t j = i; j <= lw->fit_end[i]; j++) {
                float w = lw->width[i * stride + (j - i)];
                if (isnan(w))
                    break;
                int last = l == lines - 1;
                if (last && j != n - 1)
                    continue;
                double rest = best[AT(l + 1, j + 1)];
                if (!isfinite(rest))
                    continue;
                double cost = line_cost(c, i, j, last, w, target, n, lines) + rest;
                if (cost < best[AT(l, i)]) {
                    best[AT(l, i)] = cost;
                    choice[AT(l, i)] = j;
                }
            }
        }
    }
    int ok = isfinite(best[AT(0, 0)]);
    if (ok) {
        size_t i = 0;
        for (size_t l = 0; l < lines; l++) {
            ends[l] = choice[AT(l, i)];
            i = ends[l] + 1;
        }
    }
#undef AT
    free(best);
    free(choice);
    return ok ? 0 : -1;
}

/* Best breaks of tokens [0, n) into exactly `lines` lines; ends[] gets the
 * last token of each line. Returns -1 when out of memory or impossible. */
static int balance(const cl_ctx *c, size_t lines, size_t *ends)
{
    size_t n = c->n;
    float target = total_width(c) / (float)lines;
    line_widths lw = {0};
    lw.stride = (size_t)c->m.max_chars + 1;
    lw.width = malloc(n * lw.stride * sizeof *lw.width);
    lw.fit_end = malloc(n * sizeof *lw.fit_end);
    int r = -1;
    if (lw.width && lw.fit_end) {
        measure_fitting_lines(c, &lw);
        r = best_breaks(c, lines, target, &lw, ends);
    }
    free(lw.width);
    free(lw.fit_end);
    return r;
}

static int ends_clause(const cl_ctx *c, size_t j)
{
    char ch = c->ct->text[c->tok[j].off + c->tok[j].len - 1];
    return ch == '.' || ch == '!' || ch == '?' || ch == ',' || ch == ';' || ch == ':';
}

/* The author's own lines, when there are few enough and each fits. */
static int author_lines(const cl_ctx *c, size_t max_lines, size_t *ends, size_t *count)
{
    size_t k = 0, i = 0;
    while (i < c->n) {
        size_t j = i;
        while (j + 1 < c->n && !c->tok[j + 1].nl_before)
            j++;
        if (k == max_lines || !fits(c, i, j, NULL))
            return 0;
        if (i == j && c->n > max_lines && c->tok[i].chars <= LONE_SHORT_CHARS &&
            !ends_clause(c, i) && c->ct->text[c->tok[i].off] != '-')
            return 0; /* a lone short word, not a reply like "Yes." or "- No" */
        ends[k++] = j;
        i = j + 1;
    }
    *count = k;
    return 1;
}


/* Chooses the lines for the tokens: the author's when they fit, else a
 * greedy fill made even. Returns the line count, or 0 when the text needs
 * more lines than allowed (ends[] then holds the greedy fill of those). */
size_t cl_choose_lines(const cl_ctx *c, size_t *ends)
{
    size_t max_lines = (size_t)c->m.max_lines, count = 0;
    if (author_lines(c, max_lines, ends, &count))
        return count;
    size_t need = cl_greedy_lines(c, 0, c->n, ends, max_lines, max_lines);
    if (need > max_lines)
        return 0;
    size_t better[CAPTION_LAYOUT_MAX_LINES];
    if (need > 1 && balance(c, need, better) == 0)
        memcpy(ends, better, need * sizeof *ends);
    return need;
}

/* The line length is "about" max_chars: text that would otherwise be split
 * into timed parts may use lines up to a tenth longer (46 for 42), as long
 * as the pixel width allows. Two lines of 45 read better than the same
 * sentence shown as two timed halves. */
static size_t relaxed_chars(size_t max_chars)
{
    size_t r = max_chars + max_chars / 10;
    return r > CAPTION_LAYOUT_MAX_CHARS ? CAPTION_LAYOUT_MAX_CHARS : r;
}

/* Tokenizes text[begin, end) for lines of c->m.max_chars; with only_if_fits
 * set, keeps the tokens only when they fill at most max_lines lines.
 * Returns 1 (tokens kept), 0 (they did not fit: c->tok freed) or -1. */
static int tokenize_for(cl_ctx *c, size_t begin, size_t end, size_t max_tokens, int only_if_fits)
{
    if (tokenize(c, begin, end, max_tokens) < 0) {
        free(c->tok);
        c->tok = NULL;
        return -1;
    }
    size_t M = (size_t)c->m.max_lines;
    if (!only_if_fits || cl_greedy_lines(c, 0, c->n, NULL, 0, M) <= M)
        return 1;
    free(c->tok);
    c->tok = NULL;
    return 0;
}

/* Tokenizes for the strict line length, or for the relaxed one when the
 * text needs it and fits that way. Returns -1 when out of memory. */
int cl_tokenize_lines(cl_ctx *c, size_t begin, size_t end, int limit_tokens)
{
    size_t strict = (size_t)c->m.max_chars, relaxed = relaxed_chars(strict);
    size_t M = (size_t)c->m.max_lines;
    /* A line holds at most max_chars tokens (each is at least one code
     * point), so with one token more than max_lines such lines hold, the
     * text overflows whatever follows: every decision (author lines, the
     * greedy fill of the first max_lines lines, the overflow) comes out the
     * same on this prefix of the tokens as on all of them, and a long cue
     * is not cut up and measured to the end only to be cut off. */
    int r = tokenize_for(c, begin, end, limit_tokens ? M * strict + 1 : MAX_TOKENS, 1);
    if (r != 0)
        return r < 0 ? -1 : 0;
    if (relaxed > strict) {
        c->m.max_chars = (int)relaxed;
        r = tokenize_for(c, begin, end, limit_tokens ? M * relaxed + 1 : MAX_TOKENS, 1);
        if (r != 0)
            return r < 0 ? -1 : 0;
        c->m.max_chars = (int)strict;
    }
    /* Too long either way: strict lines, which the caller splits. */
    return tokenize_for(c, begin, end, limit_tokens ? M * strict + 1 : MAX_TOKENS, 0) < 0 ? -1
                                                                                          : 0;
}
