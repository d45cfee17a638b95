#include "align/align.h"

#include "align/align_dtw.h"
#include "align/align_features.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void progress(const align_input *in, double f)
{
    if (in->progress)
        in->progress(in->user, f);
}

/* Averages of ALIGN_COARSE consecutive frames (the last block may be short). */
static float *coarsen(const align_features *f, size_t *nc)
{
    size_t n = (f->n + ALIGN_COARSE - 1) / ALIGN_COARSE;
    float *c = calloc(n * ALIGN_DIM, sizeof *c);
    if (!c)
        return NULL;
    for (size_t b = 0; b < n; b++) {
        size_t i0 = b * ALIGN_COARSE, i1 = i0 + ALIGN_COARSE < f->n ? i0 + ALIGN_COARSE : f->n;
        for (size_t i = i0; i < i1; i++)
            for (int k = 0; k < ALIGN_DIM; k++)
                c[b * ALIGN_DIM + k] += f->v[i * ALIGN_DIM + k] / (float)(i1 - i0);
    }
    *nc = n;
    return c;
}

/* The coarse warp, then the fine band around it: lo/hi get na fine rows. */
static int coarse_band(const align_features *r, const align_features *s, size_t *lo, size_t *hi)
{
    size_t na, nb;
    float *a = coarsen(r, &na), *b = coarsen(s, &nb);
    size_t *clo = malloc(na * sizeof *clo), *chi = malloc(na * sizeof *chi);
    size_t *jmin = malloc(na * sizeof *jmin), *jmax = malloc(na * sizeof *jmax);
    align_step *path = NULL;
    size_t len = 0;
    int rc = -1;
    if (!a || !b || !clo || !chi || !jmin || !jmax)
        goto done;
    size_t w = (double)na * (double)nb <= ALIGN_COARSE_CELLS ? nb : ALIGN_COARSE_CELLS / na;
    for (size_t i = 0; i < na; i++) {
        double c = (double)i * (double)nb / (double)na;
        clo[i] = w >= nb || c < w / 2.0 ? 0 : (size_t)(c - w / 2.0);
        chi[i] = w >= nb ? nb : (size_t)(c + w / 2.0) + 1;
        jmin[i] = (size_t)-1;
        jmax[i] = 0;
    }
    if (align_dtw(a, na, b, nb, clo, chi, &path, &len) < 0)
        goto done;
    for (size_t k = 0; k < len; k++) {
        size_t i = path[k].i, j = path[k].j;
        if (j < jmin[i])
            jmin[i] = j;
        if (j > jmax[i])
            jmax[i] = j;
    }
    size_t radius = (size_t)lround(ALIGN_FINE_RADIUS / ALIGN_HOP);
    for (size_t i = 0; i < r->n; i++) {
        size_t ci = i / ALIGN_COARSE;
        size_t l = jmin[ci] * ALIGN_COARSE, h = (jmax[ci] + 1) * ALIGN_COARSE + radius;
        lo[i] = l > radius ? l - radius : 0;
        hi[i] = h < s->n ? h : s->n;
    }
    rc = 0;
done:
    free(a);
    free(b);
    free(clo);
    free(chi);
    free(jmin);
    free(jmax);
    free(path);
    return rc;
}

/* The nearest rise of the voice activity through one half within ALIGN_SNAP
 * of frame i (i itself when there is none). */
static size_t snap_onset(const float *act, size_t n, size_t i)
{
    size_t reach = (size_t)lround(ALIGN_SNAP / ALIGN_HOP);
    for (size_t d = 0; d <= reach; d++) {
        if (i + d < n && i + d > 0 && act[i + d - 1] < 0.5f && act[i + d] >= 0.5f)
            return i + d;
        if (d > 0 && i >= d + 1 && i - d < n && act[i - d - 1] < 0.5f && act[i - d] >= 0.5f)
            return i - d;
    }
    return i;
}

/* Cepstral distance only (the activity left out: silence matches silence
 * whatever the words). */
static float ceps_dist(const float *a, const float *b)
{
    float s = 0.0f;
    for (int k = 0; k < ALIGN_CEPS; k++) {
        float d = a[k] - b[k];
        s += d * d;
    }
    return sqrtf(s);
}

/* The mean cepstral distance over the voiced cells of path[k0..k1). */
static double path_cost(const align_features *r, const align_features *s, const align_step *path,
                        size_t k0, size_t k1)
{
    double on = 0.0;
    size_t n = 0;
    for (size_t k = k0; k < k1; k++) {
        size_t i = path[k].i, j = path[k].j;
        if (r->act[i] < 0.5f || s->act[j] < 0.5f)
            continue;
        on += ceps_dist(r->v + i * ALIGN_DIM, s->v + j * ALIGN_DIM);
        n++;
    }
    return n ? on / (double)n : NAN;
}

/* A phrase's path cost against what words that are not there get (null:
 * the same synthetic voice played backwards, warped onto the recording the
 * same way): ALIGN_RATIO_SURE or less is 1, ALIGN_RATIO_CHANCE or more 0. */
static double confidence_of(double ratio)
{
    if (isnan(ratio))
        return 0.0;
    double c = (ALIGN_RATIO_CHANCE - ratio) / (ALIGN_RATIO_CHANCE - ALIGN_RATIO_SURE);
    return c < 0.0 ? 0.0 : c > 1.0 ? 1.0 : c;
}

/* Warps the synthetic voice played backwards (frame order reversed: the
 * same voice and sounds, no longer the words) onto the recording, as the
 * real text was: the mean distance of that path's voiced cells is what a
 * transcript that does not belong to the recording costs. -1: no memory. */
static double null_cost(const align_features *r, const align_features *s)
{
    align_features rev = *s;
    rev.v = malloc(s->n * ALIGN_DIM * sizeof *rev.v);
    rev.act = malloc(s->n * sizeof *rev.act);
    size_t *lo = malloc(r->n * sizeof *lo), *hi = malloc(r->n * sizeof *hi), len = 0;
    align_step *path = NULL;
    double cost = -1.0;
    if (rev.v && rev.act && lo && hi) {
        for (size_t j = 0; j < s->n; j++) {
            memcpy(rev.v + j * ALIGN_DIM, s->v + (s->n - 1 - j) * ALIGN_DIM, ALIGN_DIM * sizeof *rev.v);
            rev.act[j] = s->act[s->n - 1 - j];
        }
        if (coarse_band(r, &rev, lo, hi) == 0 && align_dtw(r->v, r->n, rev.v, rev.n, lo, hi, &path, &len) == 0) {
            cost = path_cost(r, &rev, path, 0, len);
            if (isnan(cost))
                cost = 0.0;
        }
    }
    free(rev.v);
    free(rev.act);
    free(lo);
    free(hi);
    free(path);
    return cost;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Times and confidences of every phrase from the fine path. */
static void place_phrases(const align_input *in, const align_features *r, const align_features *s,
                          const align_step *path, size_t len, double null, align_time *out)
{
    size_t k = 0;
    for (size_t p = 0; p < in->count; p++) {
        double hop = ALIGN_HOP * in->synth_rate;
        size_t j0 = (size_t)ceil((double)in->spans[p].start / hop);
        size_t j1 = (size_t)floor((double)in->spans[p].end / hop);
        if (j0 >= s->n)
            j0 = s->n - 1;
        if (j1 <= j0)
            j1 = j0 + 1;
        while (k < len && path[k].j < j0)
            k++;
        size_t k0 = k < len ? k : len - 1, k1 = k0;
        while (k1 < len && path[k1].j < j1)
            k1++;
        size_t i0 = path[k0].i, i1 = path[k1 > k0 ? k1 - 1 : k0].i + 1;
        i0 = snap_onset(r->act, r->n, i0);
        if (i1 <= i0)
            i1 = i0 + 1;
        out[p].start = (double)i0 * ALIGN_HOP;
        out[p].end = (double)i1 * ALIGN_HOP;
        out[p].ratio = null > 0.0 ? path_cost(r, s, path, k0, k1) / null : NAN;
        out[p].confidence = confidence_of(out[p].ratio);
    }
}

static void summarise(const align_time *t, size_t n, const align_features *r, align_summary *sum)
{
    memset(sum, 0, sizeof *sum);
    double *c = malloc((n ? n : 1) * sizeof *c), *q = malloc((n ? n : 1) * sizeof *q);
    for (size_t p = 0; p < n; p++) {
        if (c && q) {
            c[p] = t[p].confidence;
            q[p] = isnan(t[p].ratio) ? 9.0 : t[p].ratio;
        }
        if (t[p].confidence < ALIGN_LOW_CONFIDENCE)
            sum->low++;
    }
    if (c && q && n) {
        qsort(c, n, sizeof *c, cmp_double);
        qsort(q, n, sizeof *q, cmp_double);
        sum->confidence = n % 2 ? c[n / 2] : 0.5 * (c[n / 2 - 1] + c[n / 2]);
        sum->ratio = n % 2 ? q[n / 2] : 0.5 * (q[n / 2 - 1] + q[n / 2]);
    }
    free(c);
    free(q);
    size_t voiced = 0;
    for (size_t i = 0; i < r->n; i++)
        voiced += r->act[i] >= 0.5f;
    sum->voiced_share = r->n ? (double)voiced / (double)r->n : 0.0;
}

int align_run(const align_input *in, align_time *out, align_summary *sum, char *err,
              size_t errsize)
{
    align_features r, s;
    memset(&s, 0, sizeof s);
    size_t *lo = NULL, *hi = NULL, len = 0;
    align_step *path = NULL;
    int rc = -1;
    for (size_t p = 0; p < in->count; p++)
        if (in->spans[p].end <= in->spans[p].start || in->spans[p].end > in->synth_n ||
            (p > 0 && in->spans[p].start < in->spans[p - 1].end)) {
            snprintf(err, errsize, "the synthetic voice's phrase %zu is out of order", p + 1);
            return -1;
        }
    if (align_features_compute(in->recording, in->recording_n, in->recording_rate, &r) < 0) {
        snprintf(err, errsize, "out of memory while analysing the recording");
        return -1;
    }
    progress(in, 0.45);
    if (align_features_compute(in->synth, in->synth_n, in->synth_rate, &s) < 0 || s.n == 0) {
        snprintf(err, errsize, "out of memory while analysing the synthetic voice");
        goto done;
    }
    if (r.n < ALIGN_COARSE) {
        snprintf(err, errsize, "the recording is too short to align (%.2f s)",
                 (double)in->recording_n / in->recording_rate);
        goto done;
    }
    summarise(NULL, 0, &r, sum);
    if (sum->voiced_share == 0.0) {
        snprintf(err, errsize, "the recording holds no voice (it is silent or a steady sound)");
        goto done;
    }
    progress(in, 0.55);
    lo = malloc(r.n * sizeof *lo);
    hi = malloc(r.n * sizeof *hi);
    if (!lo || !hi || coarse_band(&r, &s, lo, hi) < 0) {
        snprintf(err, errsize, "out of memory while aligning");
        goto done;
    }
    progress(in, 0.75);
    if (align_dtw(r.v, r.n, s.v, s.n, lo, hi, &path, &len) < 0) {
        snprintf(err, errsize, "out of memory while aligning");
        goto done;
    }
    progress(in, 0.95);
    double null = null_cost(&r, &s);
    if (null < 0.0) {
        snprintf(err, errsize, "out of memory while aligning");
        goto done;
    }
    place_phrases(in, &r, &s, path, len, null, out);
    summarise(out, in->count, &r, sum);
    progress(in, 1.0);
    rc = 0;
done:
    free(lo);
    free(hi);
    free(path);
    align_features_free(&r);
    align_features_free(&s);
    return rc;
}
