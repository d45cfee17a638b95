/* align_vtt: aligned phrases as WebVTT cues a person can read.
 *
 * A cue starts at its phrase's onset and ends where the phrase's speech
 * ends. When that is too short to read (under the --check limits:
 * 0.83 s, 180 words per minute; caption_check.h) the cue stays up into the
 * pause after it, up to the next cue's start; if that is still too short it
 * appears up to ALIGN_VTT_EARLY s before the onset. Cues never overlap.
 * Pure C (libc stdio). */
#ifndef WS_ALIGN_VTT_H
#define WS_ALIGN_VTT_H

#include <stddef.h>
#include <stdio.h>

#define ALIGN_VTT_EARLY 0.3

typedef struct {
    double start, end;
    const char *text; /* UTF-8, may hold '\n'; not owned */
} align_cue;

/* Makes the cues readable and ordered in place (see above); length is the
 * recording's length in seconds (no cue ends after it). */
void align_cues_shape(align_cue *cues, size_t n, double length);

/* Writes "WEBVTT", a NOTE naming what made the file, and the cues. Returns
 * 0, or -1 when the stream reports an error. */
int align_vtt_write(FILE *f, const align_cue *cues, size_t n, const char *note);

#endif
