/* caption_layout: where caption text goes on a TV screen, and how it fades.
 *
 * Pure C: text is measured through a callback (the renderer passes one backed
 * by SDL_ttf at the font's native pixel size; tests pass a fake monospace
 * one), so this module knows no fonts, no SDL and no GL. Results are
 * fixed-size structs the caller owns; scratch memory is freed before return.
 *
 * Rules it keeps (issue 3, "Layout for a TV"):
 *  - at most max_lines lines (2) of at most max_chars code points (42) and
 *    max_width of the screen (60 %), inside the title-safe area (90 %);
 *    text that would otherwise be split may use lines a tenth longer
 *    (46 code points), never wider than max_width;
 *  - the fewest lines that fit, with balanced breaks: the line widths are
 *    made as even as possible, a line is never one short word when another
 *    choice exists, breaks after punctuation are preferred; the author's
 *    '\n' breaks are kept when the lines they make fit;
 *  - by default the block sits in the lower band (80 %..93 % of the height),
 *    clear of the figure's face and heart, bottom line lowest; a WebVTT
 *    "line:" setting moves it, "align:" aligns the lines in the block;
 *  - text that cannot fit in max_lines is split into timed parts
 *    (caption_layout_split) rather than overflowing.
 *
 * Coordinates are pixels, x right and y down from the top-left corner. */
#ifndef WS_CAPTION_LAYOUT_H
#define WS_CAPTION_LAYOUT_H

#include "captions/captions.h"

#include <stddef.h>

#define CAPTION_LAYOUT_MAX_LINES 4     /* style.max_lines is clamped to this */
#define CAPTION_LAYOUT_MAX_CHARS 120   /* style.max_chars is clamped to this */
#define CAPTION_LINE_MAX_BYTES (CAPTION_LAYOUT_MAX_CHARS * 4 + 1)
#define CAPTION_LINE_MAX_RUNS 16

/* Width in pixels of utf8[0..len) drawn upright or italic at the caption
 * font size (see caption_metrics.font_px). Must be >= 0 and must not keep
 * the pointer. Appending text must never make the width smaller: the line
 * search measures the longest allowed line first and bisects only when it
 * does not fit. (TTF_SizeUTF8 behaves so.) */
typedef float (*caption_measure_fn)(void *user, const char *utf8, size_t len, int italic);

/* Zero in any field means its default. */
typedef struct {
    float size;            /* --caption-size factor; default 1.0 */
    int max_lines;         /* default 2 */
    int max_chars;         /* code points per line; default 42 */
    float max_width;       /* fraction of the screen width; default 0.60 */
    float safe_area;       /* title-safe fraction of each dimension; default 0.90 */
    float band_top;        /* default band, fractions of the height: 0.80 */
    float band_bottom;     /* ... to 0.93 */
    float line_height;     /* fraction of the height at size 1; default 0.08 * 0.7 */
    float font_scale;      /* font pixel size / line height; default 0.78 */
    float box_pad;         /* backing box padding left and right, in line heights: 0.35 */
} caption_style;

/* The style with every default filled in and values clamped to sane ranges. */
caption_style caption_style_resolve(const caption_style *style);

/* Sizes the renderer needs before it measures anything. */
typedef struct {
    float line_height; /* pixels between baselines */
    float font_px;     /* the size to open the font at (draw at native size) */
    float ascent;      /* baseline offset from the top of a line box */
    float max_width;   /* widest line allowed, pixels */
    int max_chars, max_lines; /* max_lines: what the band height allows */
    float safe_x0, safe_y0, safe_x1, safe_y1; /* title-safe rectangle */
    float band_y0, band_y1;                   /* default caption band */
} caption_metrics;

caption_metrics caption_layout_metrics(const caption_style *style, int screen_w, int screen_h);

/* Everything a layout call needs besides the text. */
typedef struct {
    caption_style style; /* zero = defaults */
    int screen_w, screen_h;
    caption_measure_fn measure;
    void *user;
} caption_layout_env;

/* The text to lay out: a cue's text and runs (see captions.h), and the part
 * [begin, end) of it to use (end == 0 means text_len). */
typedef struct {
    const char *text;
    size_t text_len;
    const caption_run *runs; /* may be NULL: all upright */
    size_t run_count;
    const caption_settings *settings; /* may be NULL: defaults */
    size_t begin, end;
} caption_text;

/* Builds a caption_text for a whole cue. */
caption_text caption_text_of_cue(const caption_cue *cue);

typedef struct {
    char text[CAPTION_LINE_MAX_BYTES]; /* NUL-terminated, no '\n' */
    size_t len;
    caption_run runs[CAPTION_LINE_MAX_RUNS]; /* italic runs over text, cover it */
    size_t run_count;
    size_t src_offset; /* where the line starts in the cue text */
    float width;       /* measured width */
    float x, baseline; /* pen origin */
    float box_x, box_y, box_w, box_h; /* backing box */
} caption_line;

typedef struct {
    int line_count;
    caption_line lines[CAPTION_LAYOUT_MAX_LINES]; /* top to bottom; boxes tile
                                                   * the block, one line_height each */
    float x, y, w, h;  /* union of the boxes */
    float font_px, line_height;
    int overflow; /* 1: the text needed more lines than allowed; the lines
                   * hold what fitted. Use caption_layout_split first. */
} caption_layout;

/* Lays out the text. Returns 0, or -1 (out zeroed) when env or the text is
 * unusable (no measure callback, empty screen). Empty text: 0 lines. */
int caption_layout_text(const caption_layout_env *env, const caption_text *text,
                        caption_layout *out);

/* A timed piece of a long cue: bytes [begin, end) of the cue text. */
typedef struct {
    size_t begin, end;
    double start, stop; /* seconds */
} caption_part;

/* Splits text that does not fit in the allowed lines into parts that each
 * fit, cut at word boundaries (after sentence punctuation when it can) and
 * as even as possible, the time [start, stop) divided in proportion to the
 * code points of each part. Returns the number of parts written (>= 1 for
 * usable input; 1 when the text fits as it is; 0 on bad input). When more
 * than max_parts would be needed, the last part takes the rest. */
size_t caption_layout_split(const caption_layout_env *env, const caption_text *text,
                            double start, double stop, caption_part *parts, size_t max_parts);

/* ---- fades ------------------------------------------------------------ */

/* Zero fields mean the defaults: fade in 0.300 s, fade out 0.400 s,
 * cross-fade when the gap to the next cue is under 0.500 s. */
typedef struct {
    double fade_in, fade_out, crossfade_gap;
} caption_fade_params;

/* Opacity (0..1) of a cue [start, end) at time t; next_start is the start
 * of the next cue (INFINITY when none).
 *  - It fades in over [start, start + fade_in].
 *  - When the next cue starts less than crossfade_gap after `end` (or
 *    overlaps it), this cue stays up until next_start and then fades out
 *    over fade_in while the next fades in: a cross-fade whose two alphas
 *    sum to 1 and leave no empty frame.
 *  - Otherwise it fades out over [end, end + fade_out].
 * A pure function of its arguments. */
float caption_fade_alpha(const caption_fade_params *params, double t, double start, double end,
                         double next_start);

/* The time from which the cue's alpha is 0 for good: a renderer keeps the
 * cue prepared and drawn over [start, caption_fade_hide_time). */
double caption_fade_hide_time(const caption_fade_params *params, double start, double end,
                              double next_start);

#endif
