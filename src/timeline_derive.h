/* timeline_derive: a choreography for a session that has captions but no
 * timeline file.
 *
 * Owns the default arc (the 13 phases of SESSION.md and their target times)
 * and the search for those phases in caption text. Pure C, no state.
 *
 * How phases are found: each phase has a few keywords ("fountain", "bubbl",
 * "veins", "open your eyes" ...), matched case-insensitively at the start of
 * a word. Among all ways of assigning cues to phases in phase order, with at
 * least a minimum gap per phase between them, the one that finds the most
 * phases wins (ties: the one closest to the proportional arc); each found
 * phase then moves back to the earliest cue with one of its keywords that
 * still keeps the order, because a phase begins where its theme is first
 * spoken. "welcome" always starts at 0. A phase that is not found falls back
 * to the proportional arc of SESSION.md between its found neighbours (with
 * nothing found at all, the arc scaled to the duration).
 *
 * Promises: the 13 starts are finite and non-decreasing, start[0] == 0, and
 * every start lies in [0, duration]. Input is bounded: at most
 * TIMELINE_DERIVE_MAX_CUES cues and TIMELINE_DERIVE_MAX_TEXT bytes of each
 * cue's text are looked at; NULL texts and non-finite times are skipped. */
#ifndef WS_TIMELINE_DERIVE_H
#define WS_TIMELINE_DERIVE_H

#include <stddef.h>

#include "timeline.h"

#define TIMELINE_ARC_PHASES 13
#define TIMELINE_DERIVE_MAX_CUES 10000
#define TIMELINE_DERIVE_MAX_TEXT 1024

/* One caption cue, borrowed (the text stays the caller's). */
typedef struct {
    double start, end; /* seconds */
    const char *text;  /* UTF-8, NUL-terminated; may be NULL */
} timeline_cue_ref;

/* Name of arc phase i ("welcome" ... "return"), NULL when out of range. */
const char *timeline_arc_phase_name(size_t i);
/* Start of arc phase i in the reference 9:50 session, in seconds. */
double timeline_arc_phase_start(size_t i);
/* Length of the reference session: 590 s. */
double timeline_arc_duration(void);

/* Finds the 13 phase starts in the cues (any order; they are sorted by
 * start). duration <= 0 or not finite means unknown: the last cue's end is
 * used, or the reference length when there are no cues. Returns a bit mask
 * of the phases found by keyword (bit i = phase i; bit 0, welcome, is never
 * set since it is not searched). */
unsigned timeline_derive_phases(const timeline_cue_ref *cues, size_t n, double duration,
                                double starts_out[TIMELINE_ARC_PHASES]);

/* Moves tl's phases that carry an arc name to starts[] (phases with other
 * names keep their times) via timeline_retime. Returns 0 or -1. */
int timeline_apply_arc(timeline *tl, const double starts[TIMELINE_ARC_PHASES]);

/* The whole job: a copy of template (normally the default session's
 * audio/fountain.timeline, whose keys are phase-relative) re-timed to the
 * phases found in the cues, with its duration set. NULL when out of memory or
 * template is NULL. found_out (may be NULL) receives the found mask. */
timeline *timeline_derive(const timeline *template_tl, const timeline_cue_ref *cues, size_t n,
                          double duration, unsigned *found_out);

#endif
