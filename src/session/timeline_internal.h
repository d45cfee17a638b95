/* session/timeline_internal.h: the timeline object's insides, shared by its
 * parser (timeline_parse.c), its lexer (timeline_lex.c) and the rest
 * (timeline.c). Internal to session/; the interface is session/timeline.h. */
#ifndef WS_TIMELINE_INTERNAL_H
#define WS_TIMELINE_INTERNAL_H

#include "session/timeline.h"
#include "util/suggest.h"
#include "time/timefmt.h"
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define SCALAR(nm, field, d, lo, hi, h) \
    { nm, TIMELINE_SCALAR, d, lo, hi, 0, h, offsetof(scene_state, field) }

#define COLOUR(nm, field, rgb, h) \
    { nm, TIMELINE_COLOUR, 0.0f, 0.0f, 1.0f, rgb, h, offsetof(scene_state, field) }

/* Order matches timeline_param. Ranges are what a file may ask for; the
 * renderer can rely on them. */
static const timeline_param_desc param_table[TIMELINE_P_COUNT] = {
    SCALAR("fade", fade, 1.0f, 0.0f, 1.0f, "master brightness (0 black, 1 full)"),
    SCALAR("dust", dust, 0.6f, 0.0f, 1.0f, "density of the slow dust motes"),
    SCALAR("figure", figure, 0.3f, 0.0f, 1.0f, "visibility of the seated silhouette and its rim light"),
    SCALAR("breath.period", breath_period, 11.0f, 2.0f, 60.0f, "seconds per breath of the heart light"),
    SCALAR("breath.depth", breath_depth, 0.15f, 0.0f, 1.0f, "how much the breath modulates heart light and fountain"),
    SCALAR("heart", heart, 0.0f, 0.0f, 1.0f, "brightness of the light at the heart"),
    SCALAR("bubbles", bubbles, 0.0f, 0.0f, 1.0f, "slow bubbles rising around the heart"),
    SCALAR("fountain.rate", fountain_rate, 0.0f, 0.0f, 1.0f, "strength of the fountain (share of drops emitted)"),
    SCALAR("fountain.height", fountain_height, 0.3f, 0.0f, 1.0f, "how high the tallest drops rise above the heart, in frame heights; the jets crest at about 0.42 of it"),
    SCALAR("fountain.spread", fountain_spread, 0.5f, 0.0f, 1.0f, "how far the jets lean out, so where the drops fall back"),
    COLOUR("fountain.color", fountain_color, 0xFFC97Au, "colour of the drops (#RRGGBB, sRGB)"),
    SCALAR("loved", loved, 0.0f, 0.0f, 1.0f, "the small form of light for someone dear"),
    SCALAR("loved.stream", loved_stream, 0.0f, 0.0f, 1.0f, "stream of particles from the heart to the loved form"),
    SCALAR("well", well, 0.0f, 0.0f, 1.0f, "shaft of light from the figure down into the ground"),
    SCALAR("well.rise", well_rise, 0.0f, 0.0f, 1.0f, "particles rising out of the depth into the fountain"),
    SCALAR("dissolve", dissolve, 0.0f, 0.0f, 1.0f, "the loved form breaking into drifting particles"),
    SCALAR("glow", glow, 0.0f, 0.0f, 1.0f, "glow front: share of the farthest geodesic distance reached"),
    SCALAR("resist", resist, 0.0f, 0.0f, 1.0f, "resisting regions lag behind the glow and shimmer"),
    SCALAR("radiance", radiance, 0.0f, 0.0f, 1.0f, "slow waves of light radiating from the heart"),
    SCALAR("drift", drift, 0.0f, 0.0f, 1.0f, "particles drifting outward from the figure"),
    SCALAR("dawn", dawn, 0.0f, 0.0f, 1.0f, "the sky warming toward dawn"),
    SCALAR("endcard", endcard, 0.0f, 0.0f, 1.0f, "the closing title card"),
};

typedef struct {
    double offset; /* from the phase's start, or absolute when phase < 0 */
    double t;      /* absolute time, kept in step with the phases */
    double t0;     /* absolute time as the file had it */
    float v[3];
    int phase;
    int line;     /* in the file, for --check's warnings */
    unsigned seq; /* order in the file, keeps sorting stable */
    unsigned char param, ease;
} tl_key;

typedef struct {
    char name[TIMELINE_PHASE_NAME_MAX + 1];
    double start;
    double start0; /* as the file had it; retiming is measured from here */
    int line;
} tl_phase;

struct timeline {
    char *file;
    tl_phase phases[TIMELINE_MAX_PHASES];
    size_t nphases;
    tl_key *keys;
    size_t nkeys, kcap;
    size_t first[TIMELINE_P_COUNT], count[TIMELINE_P_COUNT];
    timeline_diag *diags;
    size_t ndiags, nerrors;
    bool stop; /* diagnostics or keys ran over their cap: parse no further */
    double duration;
    scene_state defaults; /* timeline_defaults(), made once: it converts
                           * every colour from sRGB (powf) */
};

/* ---- session/timeline.c ------------------------------------------ */

timeline *timeline_new(const char *name);

/* ---- session/timeline_parse.c ------------------------------------ */

void index_keys(timeline *tl);

/* Adds a diagnostic at line:col (line 0: about the whole file). */
__attribute__((format(printf, 5, 6))) void tl_diag(timeline *tl, int line, int col,
                                                   timeline_diag_severity sev, const char *fmt,
                                                   ...);

/* ---- session/timeline_lex.c -------------------------------------- */

void rgb_hex_to_linear(unsigned rgb, float out[3]);

/* A token quoted in a message: at most 40 bytes, control bytes shown as '?'. */
typedef struct {
    char s[48];
} tl_quoted;

tl_quoted tl_quote(const char *s);

typedef struct {
    char *s;
    int col;
} tl_token;

#define TL_MAX_TOKENS 8

/* One line of the file, split into tokens. */
typedef struct {
    timeline *tl;
    int line;
    char buf[TIMELINE_MAX_LINE + 1];
    tl_token tok[TL_MAX_TOKENS];
    int ntok;
    int end_col; /* column just past the last token, for "missing" errors */
    bool too_many;
} tl_line_ctx;

/* Splits lc->buf into tokens in place. '#' starts a comment, except a word
 * "#" + hex digits standing third on a keyframe line (a colour value). */
void tl_tokenize(tl_line_ctx *lc);

/* A plain decimal number: [+-]digits[.digits] or [+-].digits. */
int tl_parse_number(const char *s, double *out);

/* "#RRGGBB". */
int tl_parse_colour(const char *s, unsigned *rgb);

/* A lower-case letter, then a-z, 0-9 or '-', at most TIMELINE_PHASE_NAME_MAX. */
bool tl_valid_phase_name(const char *s);

/* t as [-]HH:MM:SS.mmm (timefmt_format, signed). */
void tl_fmt_time(double t, char *buf, size_t size);

/* Parses a keyframe time: absolute, or PHASE[+-OFFSET]. Reports its own
 * errors. Returns 0 with *phase (-1 for absolute) and *offset set. */
int tl_parse_key_time(tl_line_ctx *lc, const tl_token *tk, int *phase, double *offset);

#endif
