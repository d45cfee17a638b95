#include "align/align_dtw.h"

#include "align/align_features.h"

#include <float.h>
#include <stdlib.h>

enum { FROM_DIAG = 0, FROM_UP = 1, FROM_LEFT = 2 };

void align_band_fix(size_t *lo, size_t *hi, size_t na, size_t nb)
{
    if (na == 0 || nb == 0)
        return;
    lo[0] = 0;
    hi[na - 1] = nb;
    for (size_t i = 0; i < na; i++) {
        if (hi[i] > nb)
            hi[i] = nb;
        if (i > 0 && hi[i] < hi[i - 1])
            hi[i] = hi[i - 1];
    }
    for (size_t i = na; i-- > 0;) {
        if (i + 1 < na && lo[i] > lo[i + 1])
            lo[i] = lo[i + 1];
        if (i > 0 && lo[i] > hi[i - 1])
            lo[i] = hi[i - 1]; /* touches the row above (diagonal from hi-1) */
        if (lo[i] >= hi[i])
            lo[i] = hi[i] - 1;
    }
}

/* One row of the cost matrix: cur[j - lo[i]] from prev (row i - 1). */
static void dtw_row(const float *ai, const float *b, size_t i, const size_t *lo, const size_t *hi,
                    const float *prev, float *cur, unsigned char *dir)
{
    for (size_t j = lo[i]; j < hi[i]; j++) {
        float best = FLT_MAX;
        unsigned char d = FROM_DIAG;
        if (i > 0) {
            if (j > lo[i - 1] && j - 1 < hi[i - 1] && prev[j - 1 - lo[i - 1]] < best)
                best = prev[j - 1 - lo[i - 1]], d = FROM_DIAG;
            if (j >= lo[i - 1] && j < hi[i - 1] && prev[j - lo[i - 1]] < best)
                best = prev[j - lo[i - 1]], d = FROM_UP;
        }
        if (j > lo[i] && cur[j - 1 - lo[i]] < best)
            best = cur[j - 1 - lo[i]], d = FROM_LEFT;
        if (i == 0 && j == 0)
            best = 0.0f;
        cur[j - lo[i]] = best + align_dist(ai, b + j * ALIGN_DIM);
        dir[j - lo[i]] = d;
    }
}

int align_dtw(const float *a, size_t na, const float *b, size_t nb, size_t *lo, size_t *hi,
              align_step **path, size_t *len)
{
    *path = NULL;
    *len = 0;
    if (na == 0 || nb == 0)
        return -1;
    align_band_fix(lo, hi, na, nb);
    size_t *start = malloc((na + 1) * sizeof *start), width = 0;
    for (size_t i = 0; start && i < na; i++) {
        start[i] = i ? start[i - 1] + (hi[i - 1] - lo[i - 1]) : 0;
        if (hi[i] - lo[i] > width)
            width = hi[i] - lo[i];
    }
    size_t cells = start ? start[na - 1] + (hi[na - 1] - lo[na - 1]) : 0;
    unsigned char *dir = start ? malloc(cells) : NULL;
    float *r0 = malloc(width * sizeof *r0), *r1 = malloc(width * sizeof *r1);
    align_step *p = malloc((na + nb) * sizeof *p);
    int rc = -1;
    if (!start || !dir || !r0 || !r1 || !p)
        goto done;
    for (size_t i = 0; i < na; i++) {
        dtw_row(a + i * ALIGN_DIM, b, i, lo, hi, r0, r1, dir + start[i]);
        float *t = r0;
        r0 = r1;
        r1 = t;
    }
    size_t n = 0, i = na - 1, j = nb - 1;
    for (;;) {
        p[n++] = (align_step){i, j};
        if (i == 0 && j == 0)
            break;
        unsigned char d = dir[start[i] + (j - lo[i])];
        if (i == 0)
            d = FROM_LEFT;
        if (d == FROM_DIAG)
            i--, j--;
        else if (d == FROM_UP)
            i--;
        else
            j--;
    }
    for (size_t k = 0; k < n / 2; k++) {
        align_step t = p[k];
        p[k] = p[n - 1 - k];
        p[n - 1 - k] = t;
    }
    *path = p;
    *len = n;
    p = NULL;
    rc = 0;
done:
    free(start);
    free(dir);
    free(r0);
    free(r1);
    free(p);
    return rc;
}
