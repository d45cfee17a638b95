#include "session/timeline_derive.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* The arc of SESSION.md: phase starts in the reference 9:50 session. */
static const struct {
    const char *name;
    double start;
} arc[TIMELINE_ARC_PHASES] = {
    {"welcome", 0},     {"settle", 35},       {"heart-breath", 95}, {"fountain", 140},
    {"someone-dear", 185}, {"well", 225},     {"dissolve", 275},    {"body", 295},
    {"resistance", 415}, {"rest", 465},       {"radiate", 495},     {"always", 535},
    {"return", 565},
};
#define ARC_DURATION 590.0

/* Keywords per phase, matched case-insensitively at the start of a word.
 * A trailing '*' lets the word go on ("bubbl*" finds bubbles, bubbling);
 * without it the keyword must end where a word ends. NULL ends a list.
 * Welcome (phase 0) is not searched: it starts at 0. */
static const char *const keywords[TIMELINE_ARC_PHASES][16] = {
    {NULL},
    {"breath*", "comfortable", "posture", "settl*", "close your eyes", "closing your eyes",
     "lower your gaze", "lowering your gaze", NULL},
    {"heart*", "chest", NULL},
    {"fountain*", "bubbl*", "renew*", NULL},
    {"someone*", "dear*", "friend*", "pet", "pets", "partner*", "parent*", "loved one*",
     "you love", "beloved", NULL},
    {"well", "wells", "spring", "springs", "deep", "deeper", "depth*", "into the earth",
     "underground", NULL},
    {"dissolv*", "let go", "let it go", "let them go", "letting go", "fade away",
     "fading away", NULL},
    {"body", "bodies", "vein*", "cell", "cells", "fingertip*", "toe", "toes", "limb*",
     "head to toe", NULL},
    {"resist*", "does not want", "doesn't want", "do not want", "don't want", "push back",
     "pushes back", NULL},
    {"rest", "rests", "resting", NULL},
    {"offer*", "radiat*", "outward*", NULL},
    {"always", "never runs dry", "never run dry", "available", NULL},
    {"open your eyes", "open the eyes", "opening your eyes", "the room", "return*",
     "come back", "coming back", NULL},
};

const char *timeline_arc_phase_name(size_t i)
{
    return i < TIMELINE_ARC_PHASES ? arc[i].name : NULL;
}

double timeline_arc_phase_start(size_t i)
{
    return i < TIMELINE_ARC_PHASES ? arc[i].start : 0.0;
}

double timeline_arc_duration(void)
{
    return ARC_DURATION;
}

/* ---- keyword matching --------------------------------------------------- */

/* Bytes >= 0x80 (the rest of a UTF-8 letter) count as word characters. */
static bool word_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
}

/* Normalises a cue's text for matching: ASCII lower case, typographic
 * apostrophes (U+2019) as "'", any run of spaces, tabs, newlines as one
 * space, and at most TIMELINE_DERIVE_MAX_TEXT bytes. out has room for
 * TIMELINE_DERIVE_MAX_TEXT + 1 bytes. */
static void normalise(const char *in, char *out)
{
    size_t o = 0;
    bool space = true; /* drop leading spaces */
    for (size_t i = 0; in[i] && i < TIMELINE_DERIVE_MAX_TEXT && o < TIMELINE_DERIVE_MAX_TEXT; i++) {
        unsigned char c = (unsigned char)in[i];
        if (c == 0xE2 && (unsigned char)in[i + 1] == 0x80 && (unsigned char)in[i + 2] == 0x99) {
            out[o++] = '\'';
            i += 2;
            space = false;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            if (!space)
                out[o++] = ' ';
            space = true;
            continue;
        }
        out[o++] = (char)((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
        space = false;
    }
    out[o] = '\0';
}

static bool has_keyword(const char *text, const char *kw)
{
    size_t klen = strlen(kw);
    bool prefix = klen > 0 && kw[klen - 1] == '*';
    if (prefix)
        klen--;
    for (const char *p = text; *p; p++) {
        if (*p != kw[0] || (p != text && word_char((unsigned char)p[-1])))
            continue;
        if (strncmp(p, kw, klen) != 0)
            continue;
        if (prefix || !word_char((unsigned char)p[klen]))
            return true;
    }
    return false;
}

static bool phase_matches(size_t phase, const char *text)
{
    for (size_t k = 0; keywords[phase][k]; k++)
        if (has_keyword(text, keywords[phase][k]))
            return true;
    return false;
}

/* ---- the search --------------------------------------------------------- */

typedef struct {
    double t;
    size_t idx; /* into the caller's array, for a stable order */
} cue_time;

static int cue_time_cmp(const void *a, const void *b)
{
    const cue_time *x = a, *y = b;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    return x->idx < y->idx ? -1 : (x->idx > y->idx);
}

/* The session length to fit: the given one, else the last cue's end, else
 * the reference length. */
static double effective_duration(const timeline_cue_ref *cues, size_t n, double duration)
{
    if (isfinite(duration) && duration > 0.0)
        return duration;
    double d = 0.0;
    for (size_t i = 0; i < n && i < TIMELINE_DERIVE_MAX_CUES; i++) {
        if (isfinite(cues[i].end) && cues[i].end > d)
            d = cues[i].end;
        if (isfinite(cues[i].start) && cues[i].start > d)
            d = cues[i].start;
    }
    return d > 0.0 ? d : ARC_DURATION;
}

#define MAX_CANDIDATES 256 /* per phase, keeps the search small */
#define NPH TIMELINE_MAX_PHASES

/* One phase of a reference arc: its keyword row (an index into keywords[],
 * -1 for a phase with no keywords) and its start in the reference session. */
typedef struct {
    int kw;
    double start;
} arc_phase;

typedef struct {
    int phase;
    size_t cue; /* index into the sorted cue list */
    double t;
    double best;
    int parent; /* index into the state list, or -1 */
} state;

/* Fills starts[] from the arc between found anchors. found[p] says whether
 * starts[p] holds a found time; the first phase is always an anchor at 0 and
 * the end of the span one at D (ref_end in the reference). */
static void fill_from_arc(const arc_phase *ap, int k, double ref_end, double *starts,
                          const bool *found, double D)
{
    int prev = 0;
    starts[0] = 0.0;
    for (int p = 1; p <= k; p++) {
        if (p < k && !found[p])
            continue;
        double ta = starts[prev], tb = p < k ? starts[p] : D;
        double aa = ap[prev].start, ab = p < k ? ap[p].start : ref_end;
        for (int q = prev + 1; q < p; q++)
            starts[q] = ab > aa ? ta + (ap[q].start - aa) / (ab - aa) * (tb - ta) : ta;
        prev = p;
    }
}

static bool kw_matches(int kw, const char *text)
{
    return kw > 0 && kw < TIMELINE_ARC_PHASES && phase_matches((size_t)kw, text);
}

/* A phase gets at least this much room: enough for a 4 to 8 s phase
 * change to finish, without starving a short session. */
static double phase_gap(double D, int k)
{
    double gap = D * 0.02;
    if (gap < 4.0)
        gap = 4.0;
    if (gap > 15.0)
        gap = 15.0;
    if (gap > D / (2.0 * k))
        gap = D / (2.0 * k);
    return gap;
}

/* The search's working data: the arc, the usable cues in time order, which
 * phases each cue's text names, and the candidate states. */
typedef struct {
    const arc_phase *ap;
    int k;
    double D, gap;
    cue_time *ct;
    unsigned char *match; /* match[c * k + p] */
    size_t m;
    state *st;
    size_t nst;
} derive_search;

/* Sorts the usable cues (text, a start within [0, D]) by time and matches
 * each against every phase's keywords. Returns -1 when out of memory. */
static int search_cues(derive_search *ds, const timeline_cue_ref *cues, size_t n)
{
    int k = ds->k;
    ds->ct = malloc(n * sizeof *ds->ct);
    ds->match = calloc(n, (size_t)k);
    char *norm = malloc(TIMELINE_DERIVE_MAX_TEXT + 1);
    ds->st = malloc((size_t)k * MAX_CANDIDATES * sizeof *ds->st);
    if (!ds->ct || !ds->match || !norm || !ds->st) {
        free(norm);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        if (!cues[i].text || !isfinite(cues[i].start) || cues[i].start < 0.0 ||
            cues[i].start > ds->D)
            continue;
        ds->ct[ds->m].t = cues[i].start;
        ds->ct[ds->m].idx = i;
        ds->m++;
    }
    qsort(ds->ct, ds->m, sizeof *ds->ct, cue_time_cmp);
    for (size_t c = 0; c < ds->m; c++) {
        normalise(cues[ds->ct[c].idx].text, norm);
        for (int p = 1; p < k; p++)
            ds->match[c * (size_t)k + (size_t)p] = kw_matches(ds->ap[p].kw, norm);
    }
    free(norm);
    return 0;
}

/* Can cue c start phase p: does it name the phase, within [lo, hi]? */
static bool candidate(const derive_search *ds, size_t c, int p, double lo, double hi)
{
    return ds->match[c * (size_t)ds->k + (size_t)p] && ds->ct[c].t >= lo && ds->ct[c].t <= hi;
}

/* Adds the state "phase p starts at cue c", chained to the best earlier
 * state that leaves room for the phases between them. */
static void add_state(derive_search *ds, int p, size_t c, double ref_end)
{
    state *st = ds->st;
    const cue_time *ct = ds->ct;
    size_t nst = ds->nst;
    double D = ds->D, gap = ds->gap;
    st[nst].phase = p;
    st[nst].cue = c;
    st[nst].t = ct[c].t;
    st[nst].parent = -1;
    /* each found phase is worth far more than any closeness to the
     * arc, so the most phases win; then the closest to the arc */
    double score = 1000.0 - 50.0 * fabs(ct[c].t - ds->ap[p].start / ref_end * D) / D;
    double best_prev = 0.0;
    for (size_t s = 0; s < nst; s++) {
        if (st[s].phase >= p)
            continue;
        if (ct[c].t - st[s].t >= (p - st[s].phase) * gap && st[s].best > best_prev) {
            best_prev = st[s].best;
            st[nst].parent = (int)s;
        }
    }
    st[nst].best = score + best_prev;
    ds->nst++;
}

/* Candidate states, phase by phase, in time order (at most MAX_CANDIDATES
 * a phase, evenly picked). A phase p must leave room for the p phases
 * before it and the ones after it. */
static void search_candidates(derive_search *ds, double ref_end)
{
    int k = ds->k;
    for (int p = 1; p < k && ds->m > 0; p++) {
        double lo = p * ds->gap, hi = ds->D - (k - p) * ds->gap;
        size_t total = 0;
        for (size_t c = 0; c < ds->m; c++)
            if (candidate(ds, c, p, lo, hi))
                total++;
        size_t stride = total > MAX_CANDIDATES ? (total + MAX_CANDIDATES - 1) / MAX_CANDIDATES : 1;
        size_t seen = 0;
        for (size_t c = 0; c < ds->m; c++) {
            if (!candidate(ds, c, p, lo, hi))
                continue;
            if (seen++ % stride)
                continue;
            add_state(ds, p, c, ref_end);
        }
    }
}

/* The phases of the best chain of states, found and started at its cues. */
static void follow_best_chain(const derive_search *ds, bool *found, double *starts)
{
    const state *st = ds->st;
    int tail = -1;
    for (size_t s = 0; s < ds->nst; s++)
        if (tail < 0 || st[s].best > st[tail].best)
            tail = (int)s;
    for (int s = tail; s >= 0; s = st[s].parent) {
        found[st[s].phase] = true;
        starts[st[s].phase] = st[s].t;
    }
}

/* A phase begins where its theme is first spoken: move each found phase
 * back to the earliest cue with its keywords that keeps the order. */
static void move_to_first_mention(const derive_search *ds, const bool *found, double *starts)
{
    int k = ds->k, prev = 0;
    for (int p = 1; p < k; p++) {
        if (!found[p])
            continue;
        double lo = starts[prev] + (p - prev) * ds->gap;
        for (size_t c = 0; c < ds->m && ds->ct[c].t < starts[p]; c++) {
            if (ds->match[c * (size_t)k + (size_t)p] && ds->ct[c].t >= lo) {
                starts[p] = ds->ct[c].t;
                break;
            }
        }
        prev = p;
    }
}

/* The starts made non-decreasing and at most D, into starts_out; returns
 * the mask of the found phases (bit p). */
static unsigned final_starts(int k, double D, const double *starts, const bool *found,
                             double *starts_out)
{
    unsigned mask = 0;
    double last = 0.0;
    for (int p = 0; p < k; p++) {
        double t = starts[p];
        if (!(t >= last))
            t = last;
        if (t > D)
            t = D;
        starts_out[p] = last = t;
        if (found[p] && p < 32)
            mask |= 1u << p;
    }
    return mask;
}

/* The search of timeline_derive_phases over any arc of k phases (the first
 * one starts at 0 and is not searched) spanning ref_end in the reference,
 * fitted to a span of D seconds. */
static unsigned derive_core(const arc_phase *ap, int k, double ref_end, const timeline_cue_ref *cues,
                            size_t n, double D, double *starts_out)
{
    bool found[NPH] = {false};
    double starts[NPH] = {0};
    if (n > TIMELINE_DERIVE_MAX_CUES)
        n = TIMELINE_DERIVE_MAX_CUES;
    derive_search ds = {.ap = ap, .k = k, .D = D, .gap = phase_gap(D, k)};
    /* Out of memory, the arc alone still makes a show. */
    if (n > 0 && cues && search_cues(&ds, cues, n) == 0) {
        search_candidates(&ds, ref_end);
        follow_best_chain(&ds, found, starts);
        move_to_first_mention(&ds, found, starts);
    }
    fill_from_arc(ap, k, ref_end, starts, found, D);
    unsigned mask = final_starts(k, D, starts, found, starts_out);
    free(ds.ct);
    free(ds.match);
    free(ds.st);
    return mask;
}

unsigned timeline_derive_phases(const timeline_cue_ref *cues, size_t n, double duration,
                                double starts_out[TIMELINE_ARC_PHASES])
{
    arc_phase ap[TIMELINE_ARC_PHASES];
    for (int p = 0; p < TIMELINE_ARC_PHASES; p++)
        ap[p] = (arc_phase){p, arc[p].start};
    return derive_core(ap, TIMELINE_ARC_PHASES, ARC_DURATION, cues, n,
                       effective_duration(cues, n, duration), starts_out);
}

/* ---- fitting a whole session -------------------------------------------- */

/* Where a fitted session's end card starts: just after the last word (with
 * captions, the last cue's end), but never after the narration's end. */
static double card_start(const timeline_fit *fit, double ref_end)
{
    double L = fit->length > 0.0 && isfinite(fit->length) ? fit->length : 0.0;
    double E = fit->speech_end > 0.0 && isfinite(fit->speech_end) ? fit->speech_end : 0.0;
    for (size_t i = 0; i < fit->cue_count && fit->cues; i++)
        if (isfinite(fit->cues[i].end) && fit->cues[i].end > E)
            E = fit->cues[i].end;
    if (E <= 0.0)
        return L > 0.0 ? L : ref_end;
    double c = E + TIMELINE_CARD_AFTER_WORDS;
    return L > 0.0 && c > L && E <= L ? L : c;
}

/* Moves a phase start that is not pinned by a keyword into the nearest pause
 * of the narration, keeping `room` seconds from its neighbours, so that a
 * phase change does not land in the middle of a phrase. */
static double snap_to_pause(double t, double lo, double hi, const timeline_span *pauses,
                            size_t n)
{
    double best = t, dist = INFINITY;
    double reach = fmax(4.0, 0.5 * fmin(t - lo, hi - t));
    for (size_t i = 0; i < n; i++) {
        double len = pauses[i].end - pauses[i].start;
        if (!(len > 0.0))
            continue;
        /* land a little into the pause: the phrase has ended, the next has
         * not begun */
        double at = pauses[i].start + fmin(1.0, len / 2.0);
        if (at < lo || at > hi || fabs(at - t) > reach)
            continue;
        if (fabs(at - t) < dist) {
            dist = fabs(at - t);
            best = at;
        }
    }
    return best;
}

/* The pauses to land in: the audio's when measured, else the gaps between
 * cues (a caption file follows the phrases). Returns a malloc'd list. */
static timeline_span *pauses_of(const timeline_fit *fit, size_t *n_out)
{
    *n_out = 0;
    size_t n = fit->pause_count ? fit->pause_count : fit->cue_count;
    timeline_span *p = n ? malloc(n * sizeof *p) : NULL;
    if (!p)
        return NULL;
    if (fit->pause_count) {
        memcpy(p, fit->pauses, n * sizeof *p);
        *n_out = n;
        return p;
    }
    size_t m = 0;
    for (size_t i = 0; i + 1 < fit->cue_count; i++)
        if (fit->cues[i + 1].start - fit->cues[i].end >= 0.6)
            p[m++] = (timeline_span){fit->cues[i].end, fit->cues[i + 1].start};
    *n_out = m;
    return p;
}

timeline *timeline_fit_session(const timeline *tmpl, const timeline_fit *fit,
                               timeline_fit_result *res)
{
    timeline_fit_result r = {0};
    size_t np = timeline_phase_count(tmpl);
    int end = timeline_phase_find(tmpl, TIMELINE_CARD_PHASE);
    if (!tmpl || np == 0 || np > NPH || end < 1 || (size_t)end != np - 1)
        return NULL;
    double ref_end = timeline_phase_start(tmpl, (size_t)end);
    arc_phase ap[NPH];
    int k = end; /* every phase before the card mark */
    for (int p = 0; p < k; p++) {
        const char *name = timeline_phase_name(tmpl, (size_t)p);
        ap[p].kw = -1;
        ap[p].start = timeline_phase_start(tmpl, (size_t)p);
        for (int a = 1; a < TIMELINE_ARC_PHASES; a++)
            if (strcmp(name, arc[a].name) == 0)
                ap[p].kw = a;
    }
    double C = card_start(fit, ref_end);
    double starts[NPH];
    unsigned found = derive_core(ap, k, ref_end, fit->cues, fit->cue_count, C, starts);
    size_t npause = 0;
    timeline_span *pauses = pauses_of(fit, &npause);
    for (int p = 1; p < k; p++) {
        if (found & (1u << p))
            continue;
        double lo = starts[p - 1] + 4.0, hi = (p + 1 < k ? starts[p + 1] : C) - 4.0;
        if (lo < hi)
            starts[p] = snap_to_pause(starts[p], lo, hi, pauses, npause);
    }
    free(pauses);
    starts[k] = C;
    timeline *tl = timeline_clone(tmpl);
    if (!tl || timeline_retime(tl, starts) < 0) {
        timeline_destroy(tl);
        return NULL;
    }
    double tail = timeline_last_key_time(tmpl) - ref_end;
    double L = fit->length > 0.0 && isfinite(fit->length) ? fit->length : 0.0;
    r.card = C;
    r.duration = fmax(L, C + (tail > 0.0 ? tail : 0.0));
    r.phases = k;
    for (int p = 1; p < k; p++)
        r.found += (found >> p) & 1u;
    timeline_set_duration(tl, r.duration);
    if (res)
        *res = r;
    return tl;
}

double timeline_fit_card_start(const timeline_fit *fit, double ref_end)
{
    return card_start(fit, ref_end);
}
