#include "audio/speech.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int cmp_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

/* The speech threshold for this envelope (see speech.h). */
static float threshold(const float *rms, size_t n)
{
    float *sorted = malloc(n * sizeof *sorted);
    if (!sorted)
        return -1.0f;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(rms[i]))
            sorted[m++] = rms[i];
    if (m == 0) {
        free(sorted);
        return INFINITY;
    }
    qsort(sorted, m, sizeof *sorted, cmp_float);
    float loud = sorted[(m - 1) * 95 / 100], floor = sorted[(m - 1) / 10];
    free(sorted);
    float t = loud * 0.1f;
    if (t < floor * 2.0f)
        t = floor * 2.0f;
    return t > 1e-4f ? t : 1e-4f; /* digital silence is never speech */
}

static int span_longer(const void *a, const void *b)
{
    const speech_span *x = a, *y = b;
    double lx = x->end - x->start, ly = y->end - y->start;
    return (lx < ly) - (lx > ly);
}

static int span_earlier(const void *a, const void *b)
{
    const speech_span *x = a, *y = b;
    return (x->start > y->start) - (x->start < y->start);
}

int speech_analyse(const float *rms, size_t n, double hop, speech_map *out)
{
    memset(out, 0, sizeof *out);
    out->speech_start = out->speech_end = -1.0;
    if (!rms || n == 0 || !(hop > 0.0))
        return 0;
    float th = threshold(rms, n);
    if (th < 0.0f)
        return -1;
    size_t cap = 64, count = 0;
    speech_span *p = malloc(cap * sizeof *p);
    if (!p)
        return -1;
    long last_loud = -1; /* the last speech window seen */
    for (size_t i = 0; i < n; i++) {
        if (!(rms[i] > th))
            continue;
        if (last_loud < 0) {
            out->speech_start = (double)i * hop;
        } else if ((double)(i - (size_t)last_loud - 1) * hop >= SPEECH_MIN_PAUSE) {
            if (count == cap) {
                speech_span *q = realloc(p, 2 * cap * sizeof *p);
                if (!q) {
                    free(p);
                    return -1;
                }
                p = q;
                cap *= 2;
            }
            p[count++] = (speech_span){(double)(last_loud + 1) * hop, (double)i * hop};
        }
        last_loud = (long)i;
    }
    if (last_loud >= 0)
        out->speech_end = (double)(last_loud + 1) * hop;
    if (count > SPEECH_MAX_PAUSES) {
        qsort(p, count, sizeof *p, span_longer);
        count = SPEECH_MAX_PAUSES;
        qsort(p, count, sizeof *p, span_earlier);
    }
    out->pauses = p;
    out->pause_count = count;
    return 0;
}

void speech_free(speech_map *m)
{
    if (!m)
        return;
    free(m->pauses);
    m->pauses = NULL;
    m->pause_count = 0;
}
