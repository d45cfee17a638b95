/* speech: where a narration speaks and where it pauses, from its loudness.
 *
 * Input is a loudness envelope: the RMS of the narration (0..1 full scale) in
 * consecutive windows of `hop` seconds. A window is speech when it is louder
 * than a threshold set from the recording itself: a tenth (-20 dB) of its
 * loud level (the 95th percentile of the windows), and never below the noise
 * floor (the 10th percentile) times two, so a narration over a quiet music
 * bed still has pauses. A pause is a run of quiet windows at least
 * SPEECH_MIN_PAUSE seconds long, between two stretches of speech; the quiet
 * before the first word and after the last are not pauses.
 *
 * Pure C, no state. Bounded: at most SPEECH_MAX_PAUSES pauses are kept (the
 * longest win; the list stays in time order). */
#ifndef WS_SPEECH_H
#define WS_SPEECH_H

#include <stddef.h>

#define SPEECH_MIN_PAUSE 0.6
#define SPEECH_MAX_PAUSES 4096

typedef struct {
    double start, end; /* seconds */
} speech_span;

typedef struct {
    double speech_start; /* the first word's onset (s), -1 when there is no speech */
    double speech_end;   /* where the last word ends (s), -1 when there is no speech */
    speech_span *pauses; /* in time order; owned, free with speech_free */
    size_t pause_count;
} speech_map;

/* Fills *out from n windows of hop seconds. Returns 0, or -1 when memory runs
 * out (*out is then empty). */
int speech_analyse(const float *rms, size_t n, double hop, speech_map *out);
void speech_free(speech_map *m);

#endif
