/* session/timeline.c: the choreography as data: the parameter table, the
 * timeline object, phases and retiming, and the pure evaluator
 * scene_state = timeline_eval(tl, t). */
#include "session/timeline.h"
#include "session/timeline_internal.h"

size_t timeline_param_count(void)
{
    return TIMELINE_P_COUNT;
}

const timeline_param_desc *timeline_param_info(size_t i)
{
    return i < TIMELINE_P_COUNT ? &param_table[i] : NULL;
}

int timeline_param_find(const char *name)
{
    if (!name)
        return -1;
    for (int i = 0; i < TIMELINE_P_COUNT; i++)
        if (strcmp(param_table[i].name, name) == 0)
            return i;
    return -1;
}

/* ---- the timeline object ------------------------------------------------ */

timeline *timeline_new(const char *name)
{
    timeline *tl = calloc(1, sizeof *tl);
    if (!tl)
        return NULL;
    const char *n = name ? name : "<timeline>";
    size_t len = strlen(n);
    tl->file = malloc(len + 1);
    /* Not cleared: only diags[0, ndiags) is ever read, each entry written
     * whole first (diag()); zeroing 20 KB per parse and per clone was a
     * good part of parsing a short file. */
    tl->diags = malloc(TIMELINE_MAX_DIAGS * sizeof *tl->diags);
    if (!tl->file || !tl->diags) {
        timeline_destroy(tl);
        return NULL;
    }
    memcpy(tl->file, n, len + 1);
    tl->defaults = timeline_defaults();
    return tl;
}

void timeline_destroy(timeline *tl)
{
    if (!tl)
        return;
    free(tl->file);
    free(tl->keys);
    free(tl->diags);
    free(tl);
}

timeline *timeline_clone(const timeline *tl)
{
    if (!tl)
        return NULL;
    timeline *c = timeline_new(tl->file);
    if (!c)
        return NULL;
    char *file = c->file;
    timeline_diag *diags = c->diags;
    *c = *tl;
    c->file = file;
    c->diags = diags;
    c->keys = NULL;
    c->kcap = c->nkeys = 0;
    if (tl->nkeys) {
        c->keys = malloc(tl->nkeys * sizeof *c->keys);
        if (!c->keys) {
            timeline_destroy(c);
            return NULL;
        }
        memcpy(c->keys, tl->keys, tl->nkeys * sizeof *c->keys);
        c->nkeys = c->kcap = tl->nkeys;
    }
    memcpy(c->diags, tl->diags, tl->ndiags * sizeof *c->diags);
    for (size_t i = 0; i < c->ndiags; i++)
        c->diags[i].file = c->file;
    return c;
}

/* ---- diagnostics -------------------------------------------------------- */

size_t timeline_phase_count(const timeline *tl)
{
    return tl ? tl->nphases : 0;
}

const char *timeline_phase_name(const timeline *tl, size_t i)
{
    return tl && i < tl->nphases ? tl->phases[i].name : NULL;
}

double timeline_phase_start(const timeline *tl, size_t i)
{
    return tl && i < tl->nphases ? tl->phases[i].start : 0.0;
}

size_t timeline_key_count(const timeline *tl, timeline_param p)
{
    return tl && (int)p >= 0 && p < TIMELINE_P_COUNT ? tl->count[p] : 0;
}

int timeline_key_get(const timeline *tl, timeline_param p, size_t i, timeline_key_info *out)
{
    if (i >= timeline_key_count(tl, p))
        return -1;
    const tl_key *k = &tl->keys[tl->first[p] + i];
    out->t = k->t;
    memcpy(out->v, k->v, sizeof out->v);
    out->line = k->line;
    out->phase = k->phase;
    return 0;
}

static int seq_cmp(const void *a, const void *b)
{
    const tl_key *x = a, *y = b;
    if (x->param != y->param)
        return x->param < y->param ? -1 : 1;
    return x->seq < y->seq ? -1 : (x->seq > y->seq);
}

/* How much phase i's keys squeeze: 1 when the phase keeps or gains length,
 * new/old length when it got shorter. The last phase never squeezes (its
 * end is not a phase mark). */
static double phase_squeeze(const timeline *tl, size_t i)
{
    if (i + 1 >= tl->nphases)
        return 1.0;
    double old_len = tl->phases[i + 1].start0 - tl->phases[i].start0;
    double new_len = tl->phases[i + 1].start - tl->phases[i].start;
    if (!(old_len > 0.0) || new_len >= old_len)
        return 1.0;
    return new_len > 0.0 ? new_len / old_len : 0.0;
}

int timeline_retime(timeline *tl, const double *phase_starts)
{
    if (!tl || (tl->nphases > 0 && !phase_starts))
        return -1;
    for (size_t i = 0; i < tl->nphases; i++)
        if (!isfinite(phase_starts[i]))
            return -1;
    for (size_t i = 0; i < tl->nphases; i++)
        tl->phases[i].start = phase_starts[i];
    double squeeze[TIMELINE_MAX_PHASES];
    for (size_t i = 0; i < tl->nphases; i++)
        squeeze[i] = phase_squeeze(tl, i);
    /* back to file order within each parameter */
    if (tl->nkeys > 1)
        qsort(tl->keys, tl->nkeys, sizeof *tl->keys, seq_cmp);
    for (size_t i = 0; i < tl->nkeys; i++) {
        tl_key *k = &tl->keys[i];
        if (k->phase < 0) {
            k->t = k->offset;
        } else {
            /* a negative offset lies in the previous phase's span */
            double sq = k->offset >= 0.0 ? squeeze[k->phase]
                        : (k->phase > 0 ? squeeze[k->phase - 1] : 1.0);
            k->t = tl->phases[k->phase].start + k->offset * sq;
        }
        /* Keep the file's order per parameter, and never let a change get
         * quicker than it was written or than 2 s, whichever is shorter. */
        if (i > 0 && tl->keys[i - 1].param == k->param) {
            const tl_key *prev = &tl->keys[i - 1];
            double gap0 = k->t0 - prev->t0;
            double min_gap = gap0 < 2.0 ? gap0 : 2.0;
            if (k->t < prev->t + min_gap)
                k->t = prev->t + min_gap;
        }
    }
    index_keys(tl);
    return 0;
}

void timeline_set_duration(timeline *tl, double seconds)
{
    if (tl)
        tl->duration = (isfinite(seconds) && seconds > 0) ? seconds : 0.0;
}

double timeline_duration(const timeline *tl)
{
    return tl ? tl->duration : 0.0;
}

/* ---- evaluation --------------------------------------------------------- */

static void put_param(scene_state *s, int p, const float v[3])
{
    const timeline_param_desc *d = &param_table[p];
    size_t n = d->kind == TIMELINE_COLOUR ? 3 : 1;
    memcpy((char *)s + d->offset, v, n * sizeof(float));
}

scene_state timeline_defaults(void)
{
    scene_state s;
    memset(&s, 0, sizeof s);
    for (int p = 0; p < TIMELINE_P_COUNT; p++) {
        float v[3];
        if (param_table[p].kind == TIMELINE_COLOUR)
            rgb_hex_to_linear(param_table[p].def_rgb, v);
        else
            v[0] = v[1] = v[2] = param_table[p].def;
        put_param(&s, p, v);
    }
    s.phase = -1;
    return s;
}

static double ease_shape(int ease, double u)
{
    switch (ease) {
    case TIMELINE_EASE_HOLD:
        return 0.0;
    case TIMELINE_EASE_LINEAR:
        return u;
    default:
        return u * u * (3.0 - 2.0 * u);
    }
}

/* Value of one parameter from its keys k[0..n) (sorted by t, n >= 1). */
static void eval_keys(const tl_key *k, size_t n, double t, float out[3])
{
    /* last key with k.t <= t, by binary search: lo = count of keys <= t */
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (k[mid].t <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0) {
        memcpy(out, k[0].v, sizeof k[0].v);
        return;
    }
    if (lo == n) {
        memcpy(out, k[n - 1].v, sizeof k[n - 1].v);
        return;
    }
    const tl_key *a = &k[lo - 1], *b = &k[lo];
    double u = (t - a->t) / (b->t - a->t); /* b->t > t >= a->t */
    double w = ease_shape(b->ease, u);
    for (int c = 0; c < 3; c++)
        out[c] = (float)(a->v[c] + (b->v[c] - a->v[c]) * w);
}

scene_state timeline_eval(const timeline *tl, double t)
{
    scene_state s = tl ? tl->defaults : timeline_defaults();
    if (isnan(t))
        t = 0.0;
    s.phase_time = t;
    if (!tl)
        return s;
    s.duration = tl->duration;
    for (int p = 0; p < TIMELINE_P_COUNT; p++) {
        if (tl->count[p] == 0)
            continue;
        float v[3];
        eval_keys(&tl->keys[tl->first[p]], tl->count[p], t, v);
        put_param(&s, p, v);
    }
    /* the current phase: the latest start at or before t (after a retime the
     * starts need not be in list order) */
    int best = -1;
    for (size_t i = 0; i < tl->nphases; i++)
        if (tl->phases[i].start <= t && (best < 0 || tl->phases[i].start >= tl->phases[best].start))
            best = (int)i;
    if (best >= 0) {
        s.phase = best;
        s.phase_time = t - tl->phases[best].start;
    }
    return s;
}

double timeline_last_key_time(const timeline *tl)
{
    double last = 0.0;
    for (size_t i = 0; tl && i < tl->nkeys; i++)
        if (tl->keys[i].t > last)
            last = tl->keys[i].t;
    return last;
}
