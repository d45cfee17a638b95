/* align_dtw: dynamic time warping of two feature sequences inside a band.
 *
 * Rows are the recording's frames (a, na of them), columns the synthetic
 * voice's (b, nb). Row i may use columns [lo[i], hi[i]); the band is made
 * usable before use (lo and hi never decrease, each row touches the one
 * before, the first row holds column 0 and the last holds nb - 1). The
 * steps are right, down and diagonal, each adding the distance of the cell
 * it enters, so a long pause in the recording becomes a run down one
 * column of the synthetic voice's short pause.
 *
 * Memory: one byte per band cell plus two rows of costs. Pure C. */
#ifndef WS_ALIGN_DTW_H
#define WS_ALIGN_DTW_H

#include <stddef.h>

typedef struct {
    size_t i, j; /* recording frame, synthetic frame */
} align_step;

/* Repairs the band in place (see above). */
void align_band_fix(size_t *lo, size_t *hi, size_t na, size_t nb);

/* The cheapest path from (0, 0) to (na - 1, nb - 1). *path (malloc'd, in
 * order) and *len receive it. Returns 0, or -1 when memory runs out or a
 * sequence is empty. lo and hi are repaired in place. */
int align_dtw(const float *a, size_t na, const float *b, size_t nb, size_t *lo, size_t *hi,
              align_step **path, size_t *len);

#endif
