/* align_features: what the aligner compares, frame by frame: MFCCs of a
 * mono signal, gated by how much voice the frame holds.
 *
 * Frames are 25 ms long, one every ALIGN_HOP seconds (frame k is centred at
 * k * ALIGN_HOP), at any sample rate: the mel filters cover 100..6800 Hz in
 * Hz, so a 22.05 kHz synthetic voice and a 44.1 kHz recording give
 * comparable vectors without resampling. The FFT is FFTW's (single
 * precision); the mel filterbank and the DCT are two small matrices.
 *
 * Each vector is ALIGN_DIM floats:
 *  - 12 cepstra c1..c12 less their mean over the voiced frames (cepstral
 *    mean normalisation: a room, a microphone or a synthesiser's timbre
 *    shifts every frame alike), scaled by 1/ALIGN_CEPS_SCALE, times the
 *    frame's activity;
 *  - the activity itself (0 silence .. 1 voice) times ALIGN_ACT_WEIGHT,
 *    from the frame's energy against the signal's own loud level and floor,
 *    so silence, a music bed in a pause, and digital silence all look alike
 *    (c0 is used only here).
 * Pure C (libc and FFTW). */
#ifndef WS_ALIGN_FEATURES_H
#define WS_ALIGN_FEATURES_H

#include <math.h>
#include <stddef.h>

#define ALIGN_HOP 0.010
#define ALIGN_CEPS 12
#define ALIGN_DIM (ALIGN_CEPS + 1)
#define ALIGN_ACT_WEIGHT 8.0f /* a pause against speech outweighs any two voices' spectra */
#define ALIGN_CEPS_SCALE 3.0 /* cepstra are divided by this (a typical spread) */

typedef struct {
    float *v;   /* n * ALIGN_DIM */
    float *act; /* n activities, 0..1 */
    size_t n;
} align_features;

/* Computes the features of x[0..n) at rate Hz (8000..192000). Returns 0, or
 * -1 when memory runs out or the arguments are unusable (*out empty). A
 * signal shorter than one frame gives n = 0 frames and 0. */
int align_features_compute(const float *x, size_t n, int rate, align_features *out);
void align_features_free(align_features *f);

/* Euclidean distance of two vectors. */
static inline float align_dist(const float *a, const float *b)
{
    float s = 0.0f;
    for (int k = 0; k < ALIGN_DIM; k++) {
        float d = a[k] - b[k];
        s += d * d;
    }
    return sqrtf(s);
}

#endif
