#include "captions/caption_layout.h"

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

static float pick(float v, float def) { return v > 0.0f && isfinite(v) ? v : def; }
static float clampf(float v, float lo, float hi) { return v < lo ? lo : v > hi ? hi : v; }

caption_style caption_style_resolve(const caption_style *style)
{
    caption_style s = {0};
    if (style)
        s = *style;
    s.size = clampf(pick(s.size, 1.0f), 0.25f, 4.0f);
    s.max_lines = s.max_lines > 0 ? s.max_lines : 2;
    if (s.max_lines > CAPTION_LAYOUT_MAX_LINES)
        s.max_lines = CAPTION_LAYOUT_MAX_LINES;
    s.max_chars = s.max_chars > 0 ? s.max_chars : 42;
    if (s.max_chars < 8)
        s.max_chars = 8;
    if (s.max_chars > CAPTION_LAYOUT_MAX_CHARS)
        s.max_chars = CAPTION_LAYOUT_MAX_CHARS;
    s.max_width = clampf(pick(s.max_width, 0.60f), 0.1f, 1.0f);
    s.safe_area = clampf(pick(s.safe_area, 0.90f), 0.5f, 1.0f);
    s.band_top = clampf(pick(s.band_top, 0.80f), 0.0f, 1.0f);
    s.band_bottom = clampf(pick(s.band_bottom, 0.93f), s.band_top, 1.0f);
    s.line_height = clampf(pick(s.line_height, 0.08f * 0.7f), 0.01f, 0.5f);
    s.font_scale = clampf(pick(s.font_scale, 0.78f), 0.3f, 1.0f);
    s.box_pad = clampf(pick(s.box_pad, 0.35f), 0.0f, 2.0f);
    return s;
}

caption_metrics caption_layout_metrics(const caption_style *style, int screen_w, int screen_h)
{
    caption_style s = caption_style_resolve(style);
    caption_metrics m = {0};
    float w = screen_w > 0 ? (float)screen_w : 0.0f, h = screen_h > 0 ? (float)screen_h : 0.0f;
    m.line_height = h * s.line_height * s.size;
    m.font_px = floorf(m.line_height * s.font_scale + 0.5f);
    /* Centre the font's em box in the line; the baseline sits about 80 %
     * down the em box for Latin faces. */
    m.ascent = (m.line_height - m.font_px) * 0.5f + m.font_px * 0.8f;
    float margin = (1.0f - s.safe_area) * 0.5f;
    m.safe_x0 = w * margin;
    m.safe_x1 = w - w * margin;
    m.safe_y0 = h * margin;
    m.safe_y1 = h - h * margin;
    m.max_width = fminf(w * s.max_width, m.safe_x1 - m.safe_x0);
    m.max_chars = s.max_chars;
    m.band_y0 = h * s.band_top;
    m.band_y1 = fminf(h * s.band_bottom, m.safe_y1);
    int fit = m.line_height > 0.0f
                  ? (int)floorf((m.band_y1 - m.band_y0) / m.line_height + 0.5f)
                  : s.max_lines;
    m.max_lines = fit < 1 ? 1 : fit > s.max_lines ? s.max_lines : fit;
    return m;
}

caption_text caption_text_of_cue(const caption_cue *cue)
{
    caption_text t = {0};
    if (!cue)
        return t;
    t.text = cue->text;
    t.text_len = cue->text_len;
    t.runs = cue->runs;
    t.run_count = cue->run_count;
    t.settings = &cue->settings;
    return t;
}

/* ---- tokens ----------------------------------------------------------- */

typedef struct {
    size_t off, len;  /* bytes of the text */
    size_t chars;     /* code points */
    int nl_before;    /* the author broke the line before it */
    int chunk;        /* a piece of a word too long for a line */
} token;

typedef struct {
    const caption_layout_env *env;
    const caption_text *ct;
    caption_metrics m;
    float max_w;
    token *tok;
    size_t n;
} ctx;

static int is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Copies text[a, b) into line, whitespace made plain spaces, with the runs
 * that cover it (input runs are sorted and disjoint, as captions.h makes
 * them; text outside every run is upright). b - a must be
 * < CAPTION_LINE_MAX_BYTES. */
static void build_line(const ctx *c, size_t a, size_t b, caption_line *line)
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

static float measure_line(const ctx *c, const caption_line *line)
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

static size_t span_end(const ctx *c, size_t j) { return c->tok[j].off + c->tok[j].len; }

static size_t line_chars(const ctx *c, size_t i, size_t j)
{
    /* Separating whitespace counts one per byte (it is all ASCII). */
    size_t n = 0;
    for (size_t k = i; k <= j; k++) {
        n += c->tok[k].chars;
        if (k > i)
            n += c->tok[k].off - span_end(c, k - 1);
    }
    return n;
}

/* Does the line made of tokens i..j fit? Stores its width. */
static int fits(const ctx *c, size_t i, size_t j, float *width)
{
    size_t a = c->tok[i].off, b = span_end(c, j);
    if (b - a >= CAPTION_LINE_MAX_BYTES || line_chars(c, i, j) > (size_t)c->m.max_chars)
        return 0;
    caption_line line;
    build_line(c, a, b, &line);
    float w = measure_line(c, &line);
    if (width)
        *width = w;
    return w <= c->max_w;
}

/* Does the piece text[a, a + len) of `chars` code points fit on a line by
 * itself? (tokenize's test, on a provisional token past the last one.) */
static int piece_fits(ctx *c, size_t a, size_t len, size_t chars)
{
    token *t = &c->tok[c->n];
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
 * measurements instead of one per code point (see line_end). */
static size_t piece_chars(ctx *c, size_t a, size_t j, size_t *b)
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
static int tokenize(ctx *c, size_t begin, size_t end, size_t max_tokens)
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
                token *t = realloc(c->tok, cap * 2 * sizeof *t);
                if (!t)
                    return -1;
                c->tok = t;
                cap *= 2;
            }
            token *t = &c->tok[c->n];
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
static size_t line_end(const ctx *c, size_t i, size_t to)
{
    size_t limit = i, chars = c->tok[i].chars;
    size_t a = c->tok[i].off;
    while (limit + 1 < to) {
        size_t k = limit + 1;
        size_t more = c->tok[k].chars + (c->tok[k].off - span_end(c, k - 1));
        if (span_end(c, k) - a >= CAPTION_LINE_MAX_BYTES || chars + more > (size_t)c->m.max_chars)
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
static size_t greedy_lines(const ctx *c, size_t from, size_t to, size_t *ends, size_t max_ends,
                           size_t limit)
{
    size_t lines = 0, i = from;
    while (i < to && lines <= limit) {
        size_t j = line_end(c, i, to);
        if (ends && lines < max_ends)
            ends[lines] = j;
        lines++;
        i = j + 1;
    }
    return lines;
}

static double line_cost(const ctx *c, size_t i, size_t j, int last, float width, float target,
                        size_t total_tokens, size_t lines)
{
    /* Imbalance relative to the even share, so that the punctuation bonus
     * buys the same few per cent of imbalance on short and long cues. */
    double d = target > 0.0f ? (double)(width - target) / target : 0.0;
    double cost = d * d;
    if (i == j && !c->tok[i].chunk && total_tokens > lines)
        cost += c->tok[i].chars <= LONE_SHORT_CHARS ? COST_LONE_SHORT : COST_LONE_LONG;
    if (!last) {
        const token *t = &c->tok[j];
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

/* Best breaks of tokens [0, n) into exactly `lines` lines; ends[] gets the
 * last token of each line. Returns -1 when out of memory or impossible. */
static int balance(const ctx *c, size_t lines, size_t *ends)
{
    size_t n = c->n;
    double *best = malloc((lines + 1) * (n + 1) * sizeof *best);
    size_t *choice = malloc((lines + 1) * (n + 1) * sizeof *choice);
    if (!best || !choice) {
        free(best);
        free(choice);
        return -1;
    }
    float total = 0.0f;
    {
        caption_line whole;
        size_t a = c->tok[0].off, b = span_end(c, n - 1);
        /* The whole text measured as one line, when it fits the buffer;
         * otherwise the sum of the words. */
        if (b - a < CAPTION_LINE_MAX_BYTES) {
            build_line(c, a, b, &whole);
            total = measure_line(c, &whole);
        } else {
            for (size_t k = 0; k < n; k++) {
                build_line(c, c->tok[k].off, span_end(c, k), &whole);
                total += measure_line(c, &whole);
            }
        }
    }
    float target = total / (float)lines;
    /* The width of every line i..j that fits, measured once here rather
     * than once per line count below: the lines starting at token i that
     * fit are i..i through i..fit_end[i] (see line_end), at most max_chars + 1
     * of them. */
    size_t stride = (size_t)c->m.max_chars + 1;
    float *width = malloc(n * stride * sizeof *width);
    size_t *fit_end = malloc(n * sizeof *fit_end);
    if (!width || !fit_end) {
        free(width);
        free(fit_end);
        free(best);
        free(choice);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        size_t e = line_end(c, i, n);
        float w;
        if (!fits(c, i, e, &w)) {
            /* Only when i alone does not fit (e == i): no line starts here. */
            fit_end[i] = i;
            width[i * stride] = NAN;
            continue;
        }
        fit_end[i] = e;
        width[i * stride + (e - i)] = w;
        for (size_t j = i; j < e; j++)
            (void)fits(c, i, j, &width[i * stride + (j - i)]);
    }
#define AT(l, i) ((l) * (n + 1) + (i))
    for (size_t k = 0; k < (lines + 1) * (n + 1); k++)
        best[k] = INFINITY;
    best[AT(lines, n)] = 0.0;
    for (size_t l = lines; l-- > 0;) {
        for (size_t i = 0; i < n; i++) {
            for (size_t j = i; j <= fit_end[i]; j++) {
                float w = width[i * stride + (j - i)];
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
    free(width);
    free(fit_end);
    free(best);
    free(choice);
    return ok ? 0 : -1;
}

static int ends_clause(const ctx *c, size_t j)
{
    char ch = c->ct->text[c->tok[j].off + c->tok[j].len - 1];
    return ch == '.' || ch == '!' || ch == '?' || ch == ',' || ch == ';' || ch == ':';
}

/* The author's own lines, when there are few enough and each fits. */
static int author_lines(const ctx *c, size_t max_lines, size_t *ends, size_t *count)
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

static int ctx_init(ctx *c, const caption_layout_env *env, const caption_text *ct, size_t *begin,
                    size_t *end)
{
    memset(c, 0, sizeof *c);
    if (!env || !ct || !env->measure || env->screen_w <= 0 || env->screen_h <= 0 ||
        (!ct->text && ct->text_len))
        return -1;
    c->env = env;
    c->ct = ct;
    c->m = caption_layout_metrics(&env->style, env->screen_w, env->screen_h);
    c->max_w = c->m.max_width;
    const caption_settings *st = ct->settings;
    if (st && st->has_size && st->size < 100.0) {
        /* Honour "size:", but never below a quarter of the screen. */
        float w = (float)env->screen_w * (float)fmax(st->size, 25.0) / 100.0f;
        if (w < c->max_w)
            c->max_w = w;
    }
    *begin = ct->begin;
    *end = ct->end ? ct->end : ct->text_len;
    if (*end > ct->text_len)
        *end = ct->text_len;
    if (*begin > *end)
        *begin = *end;
    return 0;
}

/* Places the lines (ends[] of each) on screen. */
static void place(const ctx *c, const size_t *ends, size_t count, caption_layout *out)
{
    const caption_metrics *m = &c->m;
    float lh = m->line_height;
    float pad = lh * caption_style_resolve(&c->env->style).box_pad;
    float W = (float)c->env->screen_w, H = (float)c->env->screen_h;
    const caption_settings *st = c->ct->settings;
    caption_settings def = {0};
    if (!st)
        st = &def;
    out->line_count = (int)count;
    out->font_px = m->font_px;
    out->line_height = lh;
    float block_w = 0.0f;
    size_t i = 0;
    for (size_t l = 0; l < count; l++) {
        caption_line *line = &out->lines[l];
        build_line(c, c->tok[i].off, span_end(c, ends[l]), line);
        line->width = measure_line(c, line);
        if (line->width > block_w)
            block_w = line->width;
        i = ends[l] + 1;
    }
    float block_h = lh * (float)count;

    /* Vertical: the "line:" setting, else the default band. */
    float top;
    if (st->has_line && !st->line_is_percent) {
        float n = (float)st->line;
        top = n >= 0.0f ? m->safe_y0 + n * lh : m->safe_y1 + (n + 1.0f) * lh - block_h;
    } else if (st->has_line) {
        float y = H * (float)st->line / 100.0f;
        top = st->line_align == CAPTION_LINE_ALIGN_START    ? y
              : st->line_align == CAPTION_LINE_ALIGN_CENTER ? y - block_h * 0.5f
                                                            : y - block_h;
    } else {
        top = m->band_y1 - block_h;
    }
    if (top + block_h > m->safe_y1)
        top = m->safe_y1 - block_h;
    if (top < m->safe_y0)
        top = m->safe_y0;

    /* Horizontal: the block (widest line plus padding) is anchored by
     * "position:", or by the alignment as the spec's "auto" does. */
    caption_align al = st->align;
    int left = al == CAPTION_ALIGN_START || al == CAPTION_ALIGN_LEFT;
    int right = al == CAPTION_ALIGN_END || al == CAPTION_ALIGN_RIGHT;
    float outer_w = block_w + 2.0f * pad;
    float pos = st->has_position ? W * (float)st->position / 100.0f
                : left           ? 0.0f
                : right          ? W
                                 : W * 0.5f;
    caption_position_align pa = st->position_align;
    if (pa == CAPTION_POSITION_ALIGN_AUTO)
        pa = left    ? CAPTION_POSITION_ALIGN_LINE_LEFT
             : right ? CAPTION_POSITION_ALIGN_LINE_RIGHT
                     : CAPTION_POSITION_ALIGN_CENTER;
    float x0 = pa == CAPTION_POSITION_ALIGN_LINE_LEFT    ? pos
               : pa == CAPTION_POSITION_ALIGN_LINE_RIGHT ? pos - outer_w
                                                         : pos - outer_w * 0.5f;
    if (x0 + outer_w > m->safe_x1)
        x0 = m->safe_x1 - outer_w;
    if (x0 < m->safe_x0)
        x0 = m->safe_x0;

    for (size_t l = 0; l < count; l++) {
        caption_line *line = &out->lines[l];
        float lw = line->width;
        float x = left ? x0 + pad : right ? x0 + pad + block_w - lw : x0 + pad + (block_w - lw) * 0.5f;
        float ly = top + lh * (float)l;
        line->x = x;
        line->baseline = ly + m->ascent;
        line->box_x = x - pad;
        line->box_y = ly;
        line->box_w = lw + 2.0f * pad;
        line->box_h = lh;
    }
    out->x = x0;
    out->y = top;
    out->w = outer_w;
    out->h = block_h;
}

/* Chooses the lines for the tokens: the author's when they fit, else a
 * greedy fill made even. Returns the line count, or 0 when the text needs
 * more lines than allowed (ends[] then holds the greedy fill of those). */
static size_t choose_lines(const ctx *c, size_t *ends)
{
    size_t max_lines = (size_t)c->m.max_lines, count = 0;
    if (author_lines(c, max_lines, ends, &count))
        return count;
    size_t need = greedy_lines(c, 0, c->n, ends, max_lines, max_lines);
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
static int tokenize_for(ctx *c, size_t begin, size_t end, size_t max_tokens, int only_if_fits)
{
    if (tokenize(c, begin, end, max_tokens) < 0) {
        free(c->tok);
        c->tok = NULL;
        return -1;
    }
    size_t M = (size_t)c->m.max_lines;
    if (!only_if_fits || greedy_lines(c, 0, c->n, NULL, 0, M) <= M)
        return 1;
    free(c->tok);
    c->tok = NULL;
    return 0;
}

/* Tokenizes for the strict line length, or for the relaxed one when the
 * text needs it and fits that way. Returns -1 when out of memory. */
static int tokenize_lines(ctx *c, size_t begin, size_t end, int limit_tokens)
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

int caption_layout_text(const caption_layout_env *env, const caption_text *text,
                        caption_layout *out)
{
    if (!out)
        return -1;
    memset(out, 0, sizeof *out);
    ctx c;
    size_t begin, end;
    if (ctx_init(&c, env, text, &begin, &end) < 0)
        return -1;
    out->font_px = c.m.font_px;
    out->line_height = c.m.line_height;
    if (tokenize_lines(&c, begin, end, 1) < 0)
        return -1;
    if (c.n == 0) {
        free(c.tok);
        return 0;
    }
    size_t ends[CAPTION_LAYOUT_MAX_LINES];
    size_t count = choose_lines(&c, ends);
    if (count == 0) {
        out->overflow = 1;
        count = (size_t)c.m.max_lines;
    }
    place(&c, ends, count, out);
    free(c.tok);
    return 0;
}

/* ---- splitting -------------------------------------------------------- */

static size_t tokens_chars(const ctx *c, size_t i, size_t j)
{
    size_t n = 0;
    for (size_t k = i; k <= j; k++)
        n += c->tok[k].chars;
    return n;
}

size_t caption_layout_split(const caption_layout_env *env, const caption_text *text,
                            double start, double stop, caption_part *parts, size_t max_parts)
{
    ctx c;
    size_t begin, end;
    if (!parts || max_parts == 0 || ctx_init(&c, env, text, &begin, &end) < 0)
        return 0;
    if (tokenize_lines(&c, begin, end, 0) < 0 || c.n == 0) {
        free(c.tok);
        parts[0] = (caption_part){begin, end, start, stop};
        return 1;
    }
    size_t M = (size_t)c.m.max_lines;
    size_t G = greedy_lines(&c, 0, c.n, NULL, 0, (size_t)-2);
    if (G <= M) {
        free(c.tok);
        parts[0] = (caption_part){begin, end, start, stop};
        return 1;
    }
    size_t planned = (G + M - 1) / M;
    size_t total_chars = tokens_chars(&c, 0, c.n - 1);
    size_t count = 0, i = 0, done_chars = 0;
    while (i < c.n && count < max_parts) {
        size_t last = c.n - 1;
        int final = count + 1 == max_parts || greedy_lines(&c, i, c.n, NULL, 0, M) <= M;
        if (!final) {
            size_t left = planned > count + 1 ? planned - count : 1;
            double target = (double)(total_chars - done_chars) / (double)left;
            double best = INFINITY;
            size_t chars = 0;
            last = i;
            size_t line_last = line_end(&c, i, c.n), lines = 1;
            for (size_t j = i; j < c.n; j++) {
                /* Greedy fill of tokens i..j, grown one token at a time. */
                if (j > line_last) {
                    line_last = line_end(&c, j, c.n);
                    lines++;
                }
                if (lines > M)
                    break;
                chars += c.tok[j].chars;
                if (j + 1 < c.n && c.tok[j + 1].chunk)
                    continue; /* never cut inside a word that can be kept whole */
                double cost = fabs((double)chars - target) / (target > 1.0 ? target : 1.0);
                char ch = c.ct->text[span_end(&c, j) - 1];
                if (ch == '.' || ch == '!' || ch == '?')
                    cost -= 0.25;
                else if (ch == ',' || ch == ';' || ch == ':')
                    cost -= 0.12;
                if (cost < best) {
                    best = cost;
                    last = j;
                }
            }
        }
        size_t chars = tokens_chars(&c, i, last);
        caption_part *p = &parts[count++];
        p->begin = c.tok[i].off;
        p->end = span_end(&c, last);
        p->start = start + (stop - start) * (double)done_chars / (double)total_chars;
        done_chars += chars;
        p->stop = start + (stop - start) * (double)done_chars / (double)total_chars;
        i = last + 1;
        if (final)
            break;
    }
    if (i < c.n && count > 0)
        parts[count - 1].end = span_end(&c, c.n - 1);
    parts[count - 1].stop = stop;
    free(c.tok);
    return count;
}

/* ---- fades ------------------------------------------------------------ */

static caption_fade_params fade_resolve(const caption_fade_params *p)
{
    caption_fade_params r = {0.300, 0.400, 0.500};
    if (p) {
        if (p->fade_in > 0.0)
            r.fade_in = p->fade_in;
        if (p->fade_out > 0.0)
            r.fade_out = p->fade_out;
        if (p->crossfade_gap > 0.0)
            r.crossfade_gap = p->crossfade_gap;
    }
    return r;
}

static double ramp(double x) { return x <= 0.0 ? 0.0 : x >= 1.0 ? 1.0 : x; }

float caption_fade_alpha(const caption_fade_params *params, double t, double start, double end,
                         double next_start)
{
    caption_fade_params p = fade_resolve(params);
    if (!(t >= start))
        return 0.0f;
    double in = ramp((t - start) / p.fade_in);
    double out;
    if (next_start - end < p.crossfade_gap) {
        double from = next_start > start ? next_start : start;
        out = 1.0 - ramp((t - from) / p.fade_in);
    } else {
        out = 1.0 - ramp((t - end) / p.fade_out);
    }
    return (float)(in < out ? in : out);
}

double caption_fade_hide_time(const caption_fade_params *params, double start, double end,
                              double next_start)
{
    caption_fade_params p = fade_resolve(params);
    if (next_start - end < p.crossfade_gap)
        return (next_start > start ? next_start : start) + p.fade_in;
    return end + p.fade_out;
}
