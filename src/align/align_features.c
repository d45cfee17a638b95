#include "align/align_features.h"

#include <fftw3.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define WIN_S 0.025
#define MELS 26
#define MEL_LO 100.0
#define MEL_HI 6800.0
#define PREEMPH 0.97f
#define ALIGN_PI 3.14159265358979323846

static double hz_to_mel(double hz) { return 2595.0 * log10(1.0 + hz / 700.0); }
static double mel_to_hz(double m) { return 700.0 * (pow(10.0, m / 2595.0) - 1.0); }

/* Triangular filters over the nfft/2+1 power bins: fb[m * bins + k]. */
static float *mel_bank(int rate, int nfft)
{
    int bins = nfft / 2 + 1;
    float *fb = calloc((size_t)MELS * (size_t)bins, sizeof *fb);
    if (!fb)
        return NULL;
    double hi = MEL_HI < rate / 2.0 ? MEL_HI : rate / 2.0;
    double m0 = hz_to_mel(MEL_LO), m1 = hz_to_mel(hi), edge[MELS + 2];
    for (int i = 0; i < MELS + 2; i++)
        edge[i] = mel_to_hz(m0 + (m1 - m0) * i / (MELS + 1));
    for (int m = 0; m < MELS; m++)
        for (int k = 0; k < bins; k++) {
            double f = (double)k * rate / nfft, w = 0.0;
            if (f > edge[m] && f <= edge[m + 1])
                w = (f - edge[m]) / (edge[m + 1] - edge[m]);
            else if (f > edge[m + 1] && f < edge[m + 2])
                w = (edge[m + 2] - f) / (edge[m + 2] - edge[m + 1]);
            fb[m * bins + k] = (float)w;
        }
    return fb;
}

static int cmp_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return x < y ? -1 : x > y;
}

/* Activity from frame energies in dB: 0 at the floor (the quietest tenth,
 * never more than 60 dB under the loud level), 1 from 15 dB under the loud
 * level (the 95th percentile) up. */
static void activity(const float *db, size_t n, float *act)
{
    float *s = malloc(n * sizeof *s);
    float lo10 = -100.0f, hi95 = 0.0f;
    if (s) {
        memcpy(s, db, n * sizeof *s);
        qsort(s, n, sizeof *s, cmp_float);
        lo10 = s[n / 10];
        hi95 = s[(n * 95) / 100];
        free(s);
    }
    float floor = lo10 > hi95 - 60.0f ? lo10 : hi95 - 60.0f;
    float a = floor + 6.0f, b = hi95 - 15.0f;
    if (b < a + 6.0f)
        b = a + 6.0f;
    for (size_t i = 0; i < n; i++) {
        float v = (db[i] - a) / (b - a);
        act[i] = v < 0.0f ? 0.0f : v > 1.0f ? 1.0f : v;
    }
}

/* Cepstral mean normalisation over the voiced frames, one fixed scale, then
 * the gate; ceps holds n * ALIGN_CEPS raw cepstra. (Dividing each cepstrum
 * by its own spread as well weighs the high, speaker-specific cepstra as
 * much as the low ones that carry the words: on the default session that
 * blurred right text and wrong text together.) */
static void normalise(const float *ceps, size_t n, const float *act, float *v)
{
    double mean[ALIGN_CEPS] = {0}, var[ALIGN_CEPS], w = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (act[i] < 0.5f)
            continue;
        w += 1.0;
        for (int k = 0; k < ALIGN_CEPS; k++)
            mean[k] += ceps[i * ALIGN_CEPS + k];
    }
    for (int k = 0; k < ALIGN_CEPS; k++)
        mean[k] = w > 0.0 ? mean[k] / w : 0.0;
    for (int k = 0; k < ALIGN_CEPS; k++)
        var[k] = ALIGN_CEPS_SCALE;
    for (size_t i = 0; i < n; i++) {
        float *o = v + i * ALIGN_DIM;
        for (int k = 0; k < ALIGN_CEPS; k++)
            o[k] = act[i] * (float)((ceps[i * ALIGN_CEPS + k] - mean[k]) / var[k]);
        o[ALIGN_CEPS] = ALIGN_ACT_WEIGHT * act[i];
    }
}

typedef struct {
    int win, nfft, bins;
    float *in, *hamming, *fb, *power, *dct;
    fftwf_complex *spec;
    fftwf_plan plan;
} mfcc_ctx;

static void ctx_free(mfcc_ctx *c)
{
    if (c->plan)
        fftwf_destroy_plan(c->plan);
    fftwf_free(c->in);
    fftwf_free(c->spec);
    free(c->hamming);
    free(c->fb);
    free(c->power);
    free(c->dct);
}

static int ctx_init(mfcc_ctx *c, int rate)
{
    memset(c, 0, sizeof *c);
    c->win = (int)lround(WIN_S * rate);
    c->nfft = 1;
    while (c->nfft < c->win)
        c->nfft *= 2;
    c->bins = c->nfft / 2 + 1;
    c->in = fftwf_malloc(sizeof(float) * (size_t)c->nfft);
    c->spec = fftwf_malloc(sizeof(fftwf_complex) * (size_t)c->bins);
    c->hamming = malloc(sizeof(float) * (size_t)c->win);
    c->power = malloc(sizeof(float) * (size_t)c->bins);
    c->dct = malloc(sizeof(float) * (ALIGN_CEPS + 1) * MELS);
    c->fb = mel_bank(rate, c->nfft);
    if (!c->in || !c->spec || !c->hamming || !c->power || !c->dct || !c->fb)
        return -1;
    c->plan = fftwf_plan_dft_r2c_1d(c->nfft, c->in, c->spec, FFTW_ESTIMATE);
    if (!c->plan)
        return -1;
    for (int i = 0; i < c->win; i++)
        c->hamming[i] = (float)(0.54 - 0.46 * cos(2.0 * ALIGN_PI * i / (c->win - 1)));
    for (int k = 0; k <= ALIGN_CEPS; k++)
        for (int m = 0; m < MELS; m++)
            c->dct[k * MELS + m] = (float)cos(ALIGN_PI * k * (m + 0.5) / MELS);
    return 0;
}

/* One frame starting at sample s0 (may lie partly outside x): cepstra
 * c1..c12 into ceps, energy in dB returned. */
static float frame(mfcc_ctx *c, const float *x, size_t n, long s0, float *ceps)
{
    float prev = s0 - 1 >= 0 && (size_t)(s0 - 1) < n ? x[s0 - 1] : 0.0f;
    for (int i = 0; i < c->nfft; i++) {
        long s = s0 + i;
        float v = i < c->win && s >= 0 && (size_t)s < n ? x[s] : 0.0f;
        c->in[i] = i < c->win ? (v - PREEMPH * prev) * c->hamming[i] : 0.0f;
        prev = v;
    }
    fftwf_execute(c->plan);
    double total = 0.0;
    for (int k = 0; k < c->bins; k++) {
        c->power[k] = c->spec[k][0] * c->spec[k][0] + c->spec[k][1] * c->spec[k][1];
        total += c->power[k];
    }
    float logmel[MELS];
    for (int m = 0; m < MELS; m++) {
        double e = 0.0;
        const float *w = c->fb + (size_t)m * (size_t)c->bins;
        for (int k = 0; k < c->bins; k++)
            e += w[k] * c->power[k];
        logmel[m] = (float)log(e + 1e-9);
    }
    for (int k = 1; k <= ALIGN_CEPS; k++) {
        float s = 0.0f;
        for (int m = 0; m < MELS; m++)
            s += c->dct[k * MELS + m] * logmel[m];
        ceps[k - 1] = s;
    }
    return (float)(10.0 * log10(total / c->win + 1e-12));
}

int align_features_compute(const float *x, size_t n, int rate, align_features *out)
{
    memset(out, 0, sizeof *out);
    if (rate < 8000 || rate > 192000)
        return -1;
    mfcc_ctx c;
    if (ctx_init(&c, rate) < 0) {
        ctx_free(&c);
        return -1;
    }
    size_t frames = (size_t)floor((double)n / rate / ALIGN_HOP);
    float *ceps = malloc((frames + 1) * ALIGN_CEPS * sizeof *ceps);
    float *db = malloc((frames + 1) * sizeof *db);
    out->v = malloc((frames + 1) * ALIGN_DIM * sizeof *out->v);
    out->act = malloc((frames + 1) * sizeof *out->act);
    int rc = -1;
    if (!ceps || !db || !out->v || !out->act)
        goto done;
    for (size_t k = 0; k < frames; k++) {
        long centre = lround((double)k * ALIGN_HOP * rate);
        db[k] = frame(&c, x, n, centre - c.win / 2, ceps + k * ALIGN_CEPS);
    }
    out->n = frames;
    if (frames > 0) {
        activity(db, frames, out->act);
        normalise(ceps, frames, out->act, out->v);
    }
    rc = 0;
done:
    free(ceps);
    free(db);
    ctx_free(&c);
    if (rc < 0)
        align_features_free(out);
    return rc;
}

void align_features_free(align_features *f)
{
    if (!f)
        return;
    free(f->v);
    free(f->act);
    memset(f, 0, sizeof *f);
}
