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

#include "session/timeline.h"

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

/* ---- fitting a whole session ----------------------------------------------
 *
 * A session with no timeline file gets a template's choreography fitted to
 * its own narration. A template's last phase mark is "end": where the end
 * card starts (its keys after it are the card and the fade to black). The
 * fitted session:
 *  - ends its words, then shows the card: "end" moves to just after the last
 *    word (the last cue's end, else the audio's last speech), never past the
 *    narration's end; the session lasts until the card has faded, and never
 *    less than the narration;
 *  - keeps the phases found by caption keywords at their cues, spreads the
 *    others in proportion to the template between them, and moves each of
 *    those into the nearest pause of the voice (the audio's pauses when
 *    measured, else the gaps between cues);
 *  - never pads to the template's own length.
 * Which template suits which length is the caller's choice: the default
 * session's 13 phases squeeze well to about 4.5 minutes; below that a
 * shorter arc reads better (audio/short-session.timeline). */
#define TIMELINE_CARD_PHASE "end"
#define TIMELINE_CARD_AFTER_WORDS 0.7 /* s from the last word to the card */
#define TIMELINE_SHORT_SESSION 270.0  /* s of speech below which the short arc fits */

typedef struct {
    double start, end;
} timeline_span;

typedef struct timeline_fit {
    double length;                /* the narration's length (s); <= 0: unknown */
    double speech_end;            /* where its last word ends (s); <= 0: unknown */
    const timeline_cue_ref *cues; /* may be NULL */
    size_t cue_count;
    const timeline_span *pauses;  /* pauses in the voice, in time order; may be NULL */
    size_t pause_count;
} timeline_fit;

typedef struct timeline_fit_result {
    double card;     /* where the end card starts */
    double duration; /* the session's length */
    int phases;      /* phases of the template used (the card mark not counted) */
    int found;       /* of which found by keyword */
} timeline_fit_result;

/* A copy of tmpl fitted to the session, or NULL when out of memory or tmpl
 * has no "end" mark as its last phase. res may be NULL. */
timeline *timeline_fit_session(const timeline *tmpl, const timeline_fit *fit,
                               timeline_fit_result *res);
/* Where the end card of a session fitted to tmpl would start (for choosing
 * the template); ref_end is the template's own "end" mark. */
double timeline_fit_card_start(const timeline_fit *fit, double ref_end);

#endif
