/* timeline: Wellspring's choreography as data.
 *
 * Owns the parser for NAME.timeline files, the table of scene parameters, and
 * the pure evaluator scene_state = timeline_eval(tl, t). Pure C (libc, math,
 * cglm types); no SDL, no GL, no global state.
 *
 * Format (line based UTF-8; '#' starts a comment, except a #RRGGBB colour in
 * the value position; blank lines ignored; optional first line
 * "wellspring-timeline 1"):
 *   phase NAME TIME            a named phase mark at an absolute time
 *   TIME PARAM VALUE [EASE]    a keyframe
 * TIME is absolute ("2:20", "140.5", "0:02:20.000") or relative to a phase
 * mark ("fountain", "fountain+20", "fountain-1:30"). EASE (hold, linear,
 * smooth; default smooth) shapes the segment from the previous key of the same
 * parameter to this one. VALUE is a number, or #RRGGBB (sRGB) for colours.
 * Phase names are a lower-case letter then [a-z0-9-] (at most 31 bytes), so a
 * bare name never reads as a number. Phase marks may appear anywhere in the
 * file (a key may name a phase defined further down) but must be listed in
 * time order. Keys of one parameter must be in time order.
 *
 * Keys are stored as (phase index or none, offset), so timeline_retime moves
 * the whole choreography with the phases.
 *
 * Contracts:
 *  - timeline_parse/timeline_load never crash on any input; they return NULL
 *    only when memory runs out. Anything wrong in the text becomes a
 *    diagnostic (file:line:col) and the offending line is skipped, so a
 *    timeline with errors still evaluates what it could read. Callers decide
 *    whether errors are fatal (timeline_error_count).
 *  - Input is bounded: TIMELINE_MAX_BYTES per file, TIMELINE_MAX_LINE bytes per
 *    line, TIMELINE_MAX_KEYS keys, TIMELINE_MAX_PHASES phases and
 *    TIMELINE_MAX_DIAGS diagnostics; going past a cap is a clear error.
 *  - timeline_eval is pure: same (tl, t) gives the same scene_state, whatever
 *    was evaluated before. It accepts tl == NULL (every parameter at its
 *    default) and any t, including NaN (treated as 0).
 */
#ifndef WS_TIMELINE_H
#define WS_TIMELINE_H

#include <stddef.h>
#include <stdio.h>

#include <cglm/types.h>

#define TIMELINE_MAX_BYTES (4u << 20)
#define TIMELINE_MAX_LINE 1024
#define TIMELINE_MAX_KEYS 100000
#define TIMELINE_MAX_PHASES 64
#define TIMELINE_MAX_DIAGS 64
#define TIMELINE_PHASE_NAME_MAX 31

/* Every scene parameter; one field of scene_state each, in this order. */
typedef enum {
    TIMELINE_P_FADE,
    TIMELINE_P_DUST,
    TIMELINE_P_FIGURE,
    TIMELINE_P_BREATH_PERIOD,
    TIMELINE_P_BREATH_DEPTH,
    TIMELINE_P_HEART,
    TIMELINE_P_BUBBLES,
    TIMELINE_P_FOUNTAIN_RATE,
    TIMELINE_P_FOUNTAIN_HEIGHT,
    TIMELINE_P_FOUNTAIN_SPREAD,
    TIMELINE_P_FOUNTAIN_COLOR,
    TIMELINE_P_LOVED,
    TIMELINE_P_LOVED_STREAM,
    TIMELINE_P_WELL,
    TIMELINE_P_WELL_RISE,
    TIMELINE_P_DISSOLVE,
    TIMELINE_P_GLOW,
    TIMELINE_P_RESIST,
    TIMELINE_P_RADIANCE,
    TIMELINE_P_DRIFT,
    TIMELINE_P_DAWN,
    TIMELINE_P_ENDCARD,
    TIMELINE_P_COUNT
} timeline_param;

/* The picture's inputs at one instant. Scalars are in their parameter's range
 * (see timeline_param_info); colours are linear-light RGB. */
typedef struct {
    float fade;            /* master brightness 0..1 */
    float dust;            /* mote density 0..1 */
    float figure;          /* silhouette / rim visibility 0..1 */
    float breath_period;   /* seconds per breath */
    float breath_depth;    /* 0..1 modulation of heart light and fountain */
    float heart;           /* heart light 0..1 */
    float bubbles;         /* 0..1 */
    float fountain_rate;   /* 0..1 */
    float fountain_height; /* tallest drops, in frame heights above the heart */
    float fountain_spread; /* 0..1 how far the jets lean out */
    vec3 fountain_color;   /* linear RGB */
    float loved;           /* loved-one form 0..1 */
    float loved_stream;    /* stream to the loved one 0..1 */
    float well;            /* light shaft 0..1 */
    float well_rise;       /* particles rising from the depth 0..1 */
    float dissolve;        /* loved form breaking up 0..1 */
    float glow;            /* glow front: fraction of max geodesic distance */
    float resist;          /* resistance lag / shimmer 0..1 */
    float radiance;        /* outward waves 0..1 */
    float drift;           /* outward particle drift 0..1 */
    float dawn;            /* 0..1 */
    float endcard;         /* 0..1 */

    int phase;             /* index of the current phase, -1 before the first or with none */
    double phase_time;     /* seconds since that phase began (since 0 when phase < 0) */
    double duration;       /* session length in seconds, or 0 when unknown */
} scene_state;

typedef enum { TIMELINE_SCALAR, TIMELINE_COLOUR } timeline_param_kind;

/* One row of the parameter table; the table drives parsing, validation, the
 * defaults and the documentation (README, --help). */
typedef struct {
    const char *name;          /* as written in files, e.g. "fountain.rate" */
    timeline_param_kind kind;
    float def;                 /* default (scalars) */
    float min, max;            /* accepted range (scalars) */
    unsigned def_rgb;          /* default 0xRRGGBB, sRGB (colours) */
    const char *help;          /* one line */
    size_t offset;             /* offset of the field in scene_state */
} timeline_param_desc;

size_t timeline_param_count(void);
/* NULL when i >= timeline_param_count(). */
const timeline_param_desc *timeline_param_info(size_t i);
/* Index of the named parameter, or -1. */
int timeline_param_find(const char *name);

typedef enum { TIMELINE_EASE_HOLD, TIMELINE_EASE_LINEAR, TIMELINE_EASE_SMOOTH } timeline_ease;

typedef enum { TIMELINE_DIAG_ERROR, TIMELINE_DIAG_WARNING } timeline_diag_severity;

typedef struct {
    const char *file;          /* owned by the timeline */
    int line, col;             /* 1-based; col counts bytes */
    timeline_diag_severity severity;
    char message[320];
} timeline_diag;

typedef struct timeline timeline;

/* Parses len bytes at data (need not be NUL-terminated); name is used in
 * diagnostics (NULL reads "<timeline>"). NULL only when out of memory. */
timeline *timeline_parse(const char *data, size_t len, const char *name);
/* Reads and parses a file; an unreadable or oversized file gives a timeline
 * with one error diagnostic (line 0). NULL only when out of memory. */
timeline *timeline_load(const char *path);
/* A deep copy (diagnostics included); NULL when out of memory or tl is NULL. */
timeline *timeline_clone(const timeline *tl);
void timeline_destroy(timeline *tl);

size_t timeline_diag_count(const timeline *tl);
const timeline_diag *timeline_diag_at(const timeline *tl, size_t i);
size_t timeline_error_count(const timeline *tl);
/* One "file:line:col: error: message" line per diagnostic, in line order. */
void timeline_print_diags(const timeline *tl, FILE *out);

size_t timeline_phase_count(const timeline *tl);
const char *timeline_phase_name(const timeline *tl, size_t i); /* NULL if out of range */
double timeline_phase_start(const timeline *tl, size_t i);     /* 0 if out of range */
int timeline_phase_find(const timeline *tl, const char *name); /* index or -1 */

/* Number of keys the timeline holds for a parameter. */
size_t timeline_key_count(const timeline *tl, timeline_param p);

/* One key as the evaluator sees it (for --check's warnings). */
typedef struct {
    double t;   /* absolute time now */
    float v[3]; /* the value (linear-light RGB for colours) */
    int line;   /* in the file */
    int phase;  /* the phase it is relative to, -1 for an absolute time */
} timeline_key_info;

/* The i-th key of parameter p in time order. Returns 0, or -1 when out of
 * range. */
int timeline_key_get(const timeline *tl, timeline_param p, size_t i, timeline_key_info *out);

/* Moves every phase to phase_starts[i] (timeline_phase_count entries) and
 * every phase-relative key with it: key time = new phase start + offset.
 * Absolute keys stay. Always measured from the file's own times, so two
 * retimes equal the last one. So that a choreography survives being fitted
 * to another session, two things are kept:
 *  - a phase that got shorter than in the file squeezes its keys' offsets by
 *    new/old length (negative offsets count in the phase before), so a
 *    phase's keys stay inside it; phases that keep or gain length keep
 *    their offsets exactly;
 *  - the keys of a parameter stay in file order, and no gap between two of
 *    them shrinks below min(2 s, its gap in the file): a later key is pushed
 *    back as needed. Nothing that eased over 2 s in the file jumps.
 * Returns 0, or -1 (nothing changed) when a start is not finite. */
int timeline_retime(timeline *tl, const double *phase_starts);

/* The session length reported in scene_state.duration (0 = unknown). */
void timeline_set_duration(timeline *tl, double seconds);
double timeline_duration(const timeline *tl);
/* The time of the last key of any parameter (0 when there are none): where
 * the choreography ends, which may be after the narration's last word. */
double timeline_last_key_time(const timeline *tl);

/* Every parameter at its default; phase -1. */
scene_state timeline_defaults(void);

/* The scene at session time t. Per parameter: before its first key, the first
 * key's value; at or after its last key, the last value; exactly on a key,
 * that key's value (the last one when several share the time); between two
 * keys, the later key's easing. Parameters with no key keep their default. */
scene_state timeline_eval(const timeline *tl, double t);

#endif
