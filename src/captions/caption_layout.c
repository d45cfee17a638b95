/* captions/caption_layout.c: the TV layout's entry points: the style and
 * its metrics, a cue's lines placed on screen, a long cue split into timed
 * parts, and the fades. The lines themselves (tokens, breaking, balancing)
 * are caption_lines.c. */
#include "captions/caption_layout_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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

/* ---- lines on screen -------------------------------------------------- */

static int ctx_init(cl_ctx *c, const caption_layout_env *env, const caption_text *ct, size_t *begin,
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

/* Builds and measures the lines (ends[] of each) into out->lines; returns
 * the widest line's width. */
static float build_lines(const cl_ctx *c, const size_t *ends, size_t count, caption_layout *out)
{
    float block_w = 0.0f;
    size_t i = 0;
    for (size_t l = 0; l < count; l++) {
        caption_line *line = &out->lines[l];
        cl_build_line(c, c->tok[i].off, cl_span_end(c, ends[l]), line);
        line->width = cl_measure_line(c, line);
        if (line->width > block_w)
            block_w = line->width;
        i = ends[l] + 1;
    }
    return block_w;
}

/* The block's top: the "line:" setting, else the default band; kept in
 * the safe area. */
static float block_top(const cl_ctx *c, const caption_settings *st, float block_h)
{
    const caption_metrics *m = &c->m;
    float lh = m->line_height;
    float H = (float)c->env->screen_h;
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
    return top;
}

/* The block's left edge: the block (outer_w, the widest line plus padding)
 * is anchored by "position:", or by the alignment as the spec's "auto"
 * does; kept in the safe area. */
static float block_left(const cl_ctx *c, const caption_settings *st, int left, int right,
                        float outer_w)
{
    const caption_metrics *m = &c->m;
    float W = (float)c->env->screen_w;
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
    return x0;
}

/* Places the lines (ends[] of each) on screen. */
static void place(const cl_ctx *c, const size_t *ends, size_t count, caption_layout *out)
{
    const caption_metrics *m = &c->m;
    float lh = m->line_height;
    float pad = lh * caption_style_resolve(&c->env->style).box_pad;
    const caption_settings *st = c->ct->settings;
    caption_settings def = {0};
    if (!st)
        st = &def;
    out->line_count = (int)count;
    out->font_px = m->font_px;
    out->line_height = lh;
    float block_w = build_lines(c, ends, count, out);
    float block_h = lh * (float)count;
    float top = block_top(c, st, block_h);
    caption_align al = st->align;
    int left = al == CAPTION_ALIGN_START || al == CAPTION_ALIGN_LEFT;
    int right = al == CAPTION_ALIGN_END || al == CAPTION_ALIGN_RIGHT;
    float outer_w = block_w + 2.0f * pad;
    float x0 = block_left(c, st, left, right, outer_w);
    for (size_t l = 0; l < count; l++) {
        caption_line *line = &out->lines[l];
        float lw = line->width;
        float x = left    ? x0 + pad
                  : right ? x0 + pad + block_w - lw
                          : x0 + pad + (block_w - lw) * 0.5f;
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

int caption_layout_text(const caption_layout_env *env, const caption_text *text,
                        caption_layout *out)
{
    if (!out)
        return -1;
    memset(out, 0, sizeof *out);
    cl_ctx c;
    size_t begin, end;
    if (ctx_init(&c, env, text, &begin, &end) < 0)
        return -1;
    out->font_px = c.m.font_px;
    out->line_height = c.m.line_height;
    if (cl_tokenize_lines(&c, begin, end, 1) < 0)
        return -1;
    if (c.n == 0) {
        free(c.tok);
        return 0;
    }
    size_t ends[CAPTION_LAYOUT_MAX_LINES];
    size_t count = cl_choose_lines(&c, ends);
    if (count == 0) {
        out->overflow = 1;
        count = (size_t)c.m.max_lines;
    }
    place(&c, ends, count, out);
    free(c.tok);
    return 0;
}

/* ---- splitting -------------------------------------------------------- */

static size_t tokens_chars(const cl_ctx *c, size_t i, size_t j)
{
    size_t n = 0;
    for (size_t k = i; k <= j; k++)
        n += c->tok[k].chars;
    return n;
}

size_t caption_layout_split(const caption_layout_env *env, const caption_text *text,
                            double start, double stop, caption_part *parts, size_t max_parts)
{
    cl_ctx c;
    size_t begin, end;
    if (!parts || max_parts == 0 || ctx_init(&c, env, text, &begin, &end) < 0)
        return 0;
    if (cl_tokenize_lines(&c, begin, end, 0) < 0 || c.n == 0) {
        free(c.tok);
        parts[0] = (caption_part){begin, end, start, stop};
        return 1;
    }
    size_t M = (size_t)c.m.max_lines;
    size_t G = cl_greedy_lines(&c, 0, c.n, NULL, 0, (size_t)-2);
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
        int final = count + 1 == max_parts || cl_greedy_lines(&c, i, c.n, NULL, 0, M) <= M;
        if (!final) {
            size_t left = planned > count + 1 ? planned - count : 1;
            double target = (double)(total_chars - done_chars) / (double)left;
            double best = INFINITY;
            size_t chars = 0;
            last = i;
            size_t line_last = cl_line_end(&c, i, c.n), lines = 1;
            for (size_t j = i; j < c.n; j++) {
                /* Greedy fill of tokens i..j, grown one token at a time. */
                if (j > line_last) {
                    line_last = cl_line_end(&c, j, c.n);
                    lines++;
                }
                if (lines > M)
                    break;
                chars += c.tok[j].chars;
                if (j + 1 < c.n && c.tok[j + 1].chunk)
                    continue; /* never cut inside a word that can be kept whole */
                double cost = fabs((double)chars - target) / (target > 1.0 ? target : 1.0);
                char ch = c.ct->text[cl_span_end(&c, j) - 1];
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
        p->end = cl_span_end(&c, last);
        p->start = start + (stop - start) * (double)done_chars / (double)total_chars;
        done_chars += chars;
        p->stop = start + (stop - start) * (double)done_chars / (double)total_chars;
        i = last + 1;
        if (final)
            break;
    }
    if (i < c.n && count > 0)
        parts[count - 1].end = cl_span_end(&c, c.n - 1);
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
