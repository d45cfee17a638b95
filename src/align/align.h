/* align: a recording and the same words in a synthetic voice become the
 * times each phrase is spoken in the recording (the aeneas method: MFCCs of
 * both, dynamic time warping between them; see docs/ALIGN.md for why).
 *
 * The caller synthesises the transcript phrase by phrase, so it knows where
 * each phrase's speech lies in the synthetic audio (spans, in samples); this
 * module maps those spans onto the recording:
 *  1. features of both signals (align_features.h), 10 ms apart;
 *  2. a coarse warp of 0.2 s averages over the whole recording (the band is
 *     the whole matrix up to ALIGN_COARSE_CELLS, a wide diagonal band
 *     beyond), so long pauses, silence at either end and a different
 *     speaking rate are followed wherever they lie;
 *  3. a fine warp at 10 ms in a band of +-ALIGN_FINE_RADIUS s around the
 *     coarse path;
 *  4. a phrase starts at the first recording frame the path gives its first
 *     synthetic frame, and ends after the last frame of its last; onsets
 *     are then moved onto the nearest rise of the recording's voice
 *     activity within ALIGN_SNAP s;
 *  5. confidence: the path's mean cepstral distance over the phrase's
 *     voiced frames against a null, the same warp done with the synthetic
 *     voice played backwards (same voice, same sounds, not the words):
 *     a ratio of ALIGN_RATIO_SURE or less is 1, ALIGN_RATIO_CHANCE or more
 *     is 0. The null calibrates itself to how alike the two voices are.
 * Pure C, no I/O. */
#ifndef WS_ALIGN_H
#define WS_ALIGN_H

#include <stddef.h>

#define ALIGN_COARSE 20             /* fine frames per coarse frame (0.2 s) */
#define ALIGN_COARSE_CELLS 40000000 /* full coarse matrix up to this many cells */
#define ALIGN_FINE_RADIUS 4.0       /* s either side of the coarse path */
#define ALIGN_SNAP 0.25             /* s: onset snapping reach */
#define ALIGN_LOW_CONFIDENCE 0.25   /* a phrase under this is reported */
#define ALIGN_RATIO_SURE 0.80       /* path cost / the null's, of a clear match */
#define ALIGN_RATIO_CHANCE 0.97     /* ... and of words that are not there */

typedef struct {
    size_t start, end; /* samples of the synthetic audio holding a phrase's speech */
} align_span;

typedef void (*align_progress_fn)(void *user, double fraction);

typedef struct {
    const float *recording; /* mono */
    size_t recording_n;
    int recording_rate;
    const float *synth; /* mono, the phrases in order with short pauses */
    size_t synth_n;
    int synth_rate;
    const align_span *spans; /* count phrases, in order, inside synth */
    size_t count;
    align_progress_fn progress; /* may be NULL; fraction 0..1 */
    void *user;
} align_input;

typedef struct {
    double start, end;  /* seconds in the recording: onset and end of speech */
    double confidence;  /* 0..1 */
    double ratio;       /* path cost / the null's (NAN: no voiced frames) */
} align_time;

typedef struct {
    double confidence;     /* median of the phrases' */
    double ratio;          /* median of the phrases' cost ratios (lower: a clearer match) */
    size_t low;            /* phrases under ALIGN_LOW_CONFIDENCE */
    double voiced_share;   /* share of the recording's frames with voice */
} align_summary;

/* Fills out[0..count). Returns 0, or -1 with one line in err (out of
 * memory, an empty or silent recording, spans out of order). */
int align_run(const align_input *in, align_time *out, align_summary *sum, char *err,
              size_t errsize);

#endif
