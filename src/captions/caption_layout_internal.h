/* captions/caption_layout_internal.h: what the TV layout's two files share:
 * caption_layout.c (the entry points, placement, splitting) and
 * caption_lines.c (tokens, line breaking and balancing). Internal to
 * captions/; the interface is captions/caption_layout.h. */
#ifndef WS_CAPTION_LAYOUT_INTERNAL_H
#define WS_CAPTION_LAYOUT_INTERNAL_H

#include "captions/caption_layout.h"

#include <stddef.h>

/* ---- tokens ----------------------------------------------------------- */

typedef struct {
    size_t off, len;  /* bytes of the text */
    size_t chars;     /* code points */
    int nl_before;    /* the author broke the line before it */
    int chunk;        /* a piece of a word too long for a line */
} cl_token;

/* One layout of one text: the environment, the metrics, the tokens. */
typedef struct {
    const caption_layout_env *env;
    const caption_text *ct;
    caption_metrics m;
    float max_w;
    cl_token *tok;
    size_t n;
} cl_ctx;

/* The end of token j in the text (bytes). */
static inline size_t cl_span_end(const cl_ctx *c, size_t j)
{
    return c->tok[j].off + c->tok[j].len;
}

/* ---- captions/caption_lines.c ------------------------------------------ */

/* Copies text[a, b) into line, whitespace made plain spaces, with the runs
 * that cover it. b - a must be < CAPTION_LINE_MAX_BYTES. */
void cl_build_line(const cl_ctx *c, size_t a, size_t b, caption_line *line);

/* The width of a line built by cl_build_line, in pixels. */
float cl_measure_line(const cl_ctx *c, const caption_line *line);

/* The last token of a line that starts at token i and is filled greedily
 * from tokens [i, to). */
size_t cl_line_end(const cl_ctx *c, size_t i, size_t to);

/* The number of lines a greedy fill of tokens [from, to) needs, counting
 * no further than limit + 1; ends[] (if given) gets the last token of each
 * of the first max_ends lines. */
size_t cl_greedy_lines(const cl_ctx *c, size_t from, size_t to, size_t *ends, size_t max_ends,
                       size_t limit);

/* Chooses the lines for the tokens: the author's when they fit, else a
 * greedy fill made even. Returns the line count, or 0 when the text needs
 * more lines than allowed (ends[] then holds the greedy fill of those). */
size_t cl_choose_lines(const cl_ctx *c, size_t *ends);

/* Tokenizes text[begin, end) into c->tok for the strict line length, or
 * for the relaxed one when the text needs it and fits that way. Returns -1
 * when out of memory; otherwise the caller frees c->tok. */
int cl_tokenize_lines(cl_ctx *c, size_t begin, size_t end, int limit_tokens);

#endif
