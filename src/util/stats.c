#include "util/stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int stats_init(frame_stats *s, size_t cap)
{
    memset(s, 0, sizeof *s);
    if (cap > STATS_MAX_SAMPLES)
        cap = STATS_MAX_SAMPLES;
    s->ms = malloc(cap * sizeof *s->ms);
    if (!s->ms)
        return -1;
    s->cap = cap;
    return 0;
}

void stats_free(frame_stats *s)
{
    free(s->ms);
    memset(s, 0, sizeof *s);
}

void stats_add(frame_stats *s, double ms)
{
    if (s->count < s->cap)
        s->ms[s->count++] = ms;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double stats_percentile(const frame_stats *s, double p)
{
    if (!s->count)
        return 0.0;
    double *sorted = malloc(s->count * sizeof *sorted);
    if (!sorted)
        return 0.0;
    memcpy(sorted, s->ms, s->count * sizeof *sorted);
    qsort(sorted, s->count, sizeof *sorted, cmp_double);
    size_t rank = (size_t)ceil(p / 100.0 * (double)s->count);
    rank = rank < 1 ? 1 : rank > s->count ? s->count : rank;
    double v = sorted[rank - 1];
    free(sorted);
    return v;
}

double stats_max(const frame_stats *s)
{
    double m = 0.0;
    for (size_t i = 0; i < s->count; i++)
        m = s->ms[i] > m ? s->ms[i] : m;
    return m;
}
