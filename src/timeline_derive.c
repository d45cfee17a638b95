#include "timeline_derive.h"

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
#define NPH TIMELINE_ARC_PHASES

typedef struct {
    int phase;
    size_t cue; /* index into the sorted cue list */
    double t;
    double best;
    int parent; /* index into the state list, or -1 */
} state;

/* Fills starts[] from the arc between found anchors. found[p] says whether
 * starts[p] holds a found time; welcome is always an anchor at 0 and the end
 * of the session one at D. */
static void fill_from_arc(double starts[NPH], const bool found[NPH], double D)
{
    int prev = 0;
    starts[0] = 0.0;
    for (int p = 1; p <= NPH; p++) {
        if (p < NPH && !found[p])
            continue;
        double ta = starts[prev], tb = p < NPH ? starts[p] : D;
        double aa = arc[prev].start, ab = p < NPH ? arc[p].start : ARC_DURATION;
        for (int q = prev + 1; q < p; q++)
            starts[q] = ta + (arc[q].start - aa) / (ab - aa) * (tb - ta);
        prev = p;
    }
}

unsigned timeline_derive_phases(const timeline_cue_ref *cues, size_t n, double duration,
                                double starts_out[TIMELINE_ARC_PHASES])
{
    double D = effective_duration(cues, n, duration);
    bool found[NPH] = {false};
    double starts[NPH] = {0};
    if (n > TIMELINE_DERIVE_MAX_CUES)
        n = TIMELINE_DERIVE_MAX_CUES;
    /* A phase gets at least this much room: enough for a 4 to 8 s phase
     * change to finish, without starving a short session. */
    double gap = D * 0.02;
    if (gap < 4.0)
        gap = 4.0;
    if (gap > 15.0)
        gap = 15.0;
    if (gap > D / (2.0 * NPH))
        gap = D / (2.0 * NPH);

    cue_time *ct = NULL;
    unsigned char *match = NULL; /* match[c * NPH + p] */
    char *norm = NULL;
    state *st = NULL;
    size_t m = 0, nst = 0;
    if (n > 0 && cues) {
        ct = malloc(n * sizeof *ct);
        match = calloc(n, NPH);
        norm = malloc(TIMELINE_DERIVE_MAX_TEXT + 1);
        st = malloc((size_t)NPH * MAX_CANDIDATES * sizeof *st);
        if (!ct || !match || !norm || !st)
            goto fallback; /* out of memory: the arc alone still makes a show */
        for (size_t i = 0; i < n; i++) {
            if (!cues[i].text || !isfinite(cues[i].start) || cues[i].start < 0.0 ||
                cues[i].start > D)
                continue;
            ct[m].t = cues[i].start;
            ct[m].idx = i;
            m++;
        }
        qsort(ct, m, sizeof *ct, cue_time_cmp);
        for (size_t c = 0; c < m; c++) {
            normalise(cues[ct[c].idx].text, norm);
            for (size_t p = 1; p < NPH; p++)
                match[c * NPH + p] = phase_matches(p, norm);
        }
    }

    /* Candidate states, phase by phase, in time order. A phase p must leave
     * room for the p phases before it and the ones after it. */
    for (int p = 1; p < NPH && m > 0; p++) {
        double lo = p * gap, hi = D - (NPH - p) * gap;
        size_t total = 0;
        for (size_t c = 0; c < m; c++)
            if (match[c * NPH + p] && ct[c].t >= lo && ct[c].t <= hi)
                total++;
        size_t stride = total > MAX_CANDIDATES ? (total + MAX_CANDIDATES - 1) / MAX_CANDIDATES : 1;
        size_t seen = 0;
        for (size_t c = 0; c < m; c++) {
            if (!(match[c * NPH + p] && ct[c].t >= lo && ct[c].t <= hi))
                continue;
            if (seen++ % stride)
                continue;
            st[nst].phase = p;
            st[nst].cue = c;
            st[nst].t = ct[c].t;
            st[nst].parent = -1;
            /* each found phase is worth far more than any closeness to the
             * arc, so the most phases win; then the closest to the arc */
            double score = 1000.0 - 50.0 * fabs(ct[c].t - arc[p].start / ARC_DURATION * D) / D;
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
            nst++;
        }
    }
    int tail = -1;
    for (size_t s = 0; s < nst; s++)
        if (tail < 0 || st[s].best > st[tail].best)
            tail = (int)s;
    for (int s = tail; s >= 0; s = st[s].parent) {
        found[st[s].phase] = true;
        starts[st[s].phase] = st[s].t;
    }
    /* A phase begins where its theme is first spoken: move each found phase
     * back to the earliest cue with its keywords that keeps the order. */
    {
        int prev = 0;
        for (int p = 1; p < NPH; p++) {
            if (!found[p])
                continue;
            double lo = starts[prev] + (p - prev) * gap;
            for (size_t c = 0; c < m && ct[c].t < starts[p]; c++) {
                if (match[c * NPH + p] && ct[c].t >= lo) {
                    starts[p] = ct[c].t;
                    break;
                }
            }
            prev = p;
        }
    }
fallback:
    fill_from_arc(starts, found, D);
    unsigned mask = 0;
    double last = 0.0;
    for (int p = 0; p < NPH; p++) {
        double t = starts[p];
        if (!(t >= last))
            t = last;
        if (t > D)
            t = D;
        starts_out[p] = last = t;
        if (found[p])
            mask |= 1u << p;
    }
    free(ct);
    free(match);
    free(norm);
    free(st);
    return mask;
}

/* ---- applying ----------------------------------------------------------- */

int timeline_apply_arc(timeline *tl, const double starts[TIMELINE_ARC_PHASES])
{
    if (!tl || !starts)
        return -1;
    size_t np = timeline_phase_count(tl);
    if (np == 0)
        return 0;
    double *s = malloc(np * sizeof *s);
    if (!s)
        return -1;
    for (size_t i = 0; i < np; i++)
        s[i] = timeline_phase_start(tl, i);
    for (size_t a = 0; a < TIMELINE_ARC_PHASES; a++) {
        int idx = timeline_phase_find(tl, arc[a].name);
        if (idx >= 0)
            s[idx] = starts[a];
    }
    int rc = timeline_retime(tl, s);
    free(s);
    return rc;
}

timeline *timeline_derive(const timeline *template_tl, const timeline_cue_ref *cues, size_t n,
                          double duration, unsigned *found_out)
{
    if (found_out)
        *found_out = 0;
    timeline *tl = timeline_clone(template_tl);
    if (!tl)
        return NULL;
    double starts[TIMELINE_ARC_PHASES];
    unsigned found = timeline_derive_phases(cues, n, duration, starts);
    if (timeline_apply_arc(tl, starts) < 0) {
        timeline_destroy(tl);
        return NULL;
    }
    timeline_set_duration(tl, effective_duration(cues, n, duration));
    if (found_out)
        *found_out = found;
    return tl;
}
