/* snd_narration: what a narration file holds, measured before anything plays.
 *
 * The session's length comes from the narration, so renders, exports and a
 * muted screen need it as much as the player does; it is read here with
 * libsndfile (WAV, FLAC, Ogg Vorbis, Opus, MP3), with no audio device.
 * narration_probe reads the length from the file's header; with want_speech
 * it also decodes the whole file once (about 1 s of CPU for 10 minutes of
 * Ogg Vorbis) to find where the voice speaks and pauses (speech.h), which a
 * choreography fitted without captions lands its phase changes in.
 *
 * Never fatal: a file libsndfile cannot read gives -1 and a reason; the
 * caller carries on with what else it knows. */
#ifndef WS_SND_NARRATION_H
#define WS_SND_NARRATION_H

#include <stddef.h>

#include "audio/speech.h"

/* Longer than this is not a narration (or a header that lies). */
#define NARRATION_MAX_SECONDS (24.0 * 3600.0)

typedef struct narration_info {
    double length;     /* seconds */
    speech_map speech; /* filled only when asked; speech_end -1 otherwise */
} narration_info;

/* Returns 0, or -1 with a one-line reason in err. */
int narration_probe(const char *path, int want_speech, narration_info *out, char *err,
                    size_t errsize);
void narration_info_free(narration_info *n);

#endif
