/* align_job: one alignment from files, as --align and the player run it
 * (platform: libsndfile decodes the recording, libespeak-ng speaks the
 * transcript).
 *
 * The recording is decoded with the player's decoder (libsndfile), mixed to
 * mono and box-averaged down to 16..32 kHz (the features stop at 6.8 kHz).
 * The transcript is cut into phrases (align_text.h) and each phrase is
 * synthesised on its own by espeak-ng in synchronous mode, its edges
 * trimmed, with ALIGN_SYNTH_GAP s of silence between phrases: so where each
 * phrase lies in the synthetic voice is known to the sample. align.h does
 * the rest. */
#ifndef WS_ALIGN_JOB_H
#define WS_ALIGN_JOB_H

#include "align/align.h"
#include "align/align_text.h"

#include <stddef.h>

#define ALIGN_SYNTH_GAP 0.3   /* s of silence around each synthetic phrase */
#define ALIGN_SYNTH_RATE 175  /* words per minute asked of espeak-ng */
#define ALIGN_REFUSE 0.5      /* median confidence under this: not this recording's text */
#define ALIGN_REFUSE_LOW 0.3  /* or more than this share of phrases under ALIGN_LOW_CONFIDENCE */

typedef struct {
    const char *narration;  /* audio file */
    const char *transcript; /* plain text file */
    const char *lang;       /* espeak-ng language, NULL = "en" */
    align_progress_fn progress;
    void *user;
} align_job;

typedef struct {
    align_script script;
    align_time *times;     /* script.count */
    align_summary summary;
    double length;         /* the recording, seconds */
    double seconds;        /* wall time the job took */
    int mismatch;          /* 1: the text does not match the recording (see ALIGN_REFUSE) */
} align_result;

/* Runs the job. Returns 0, or -1 with one line in err: the audio cannot be
 * read or decoded, the transcript is unreadable or has nothing to speak,
 * espeak-ng does not speak the language. A warning (Windows-1252, damaged
 * bytes) goes to the log. */
int align_job_run(const align_job *job, align_result *res, char *err, size_t errsize);
void align_result_free(align_result *res);

/* The result as WebVTT at path: written to a temporary file beside it and
 * renamed into place, so a reader never sees half a file. Refuses an
 * existing path unless force. Returns 0 or -1 with one line in err. */
int align_result_write(const align_result *res, const char *path, int force, char *err,
                       size_t errsize);

/* Up to max phrase indices, least confident first, into idx; returns how many. */
size_t align_result_weakest(const align_result *res, size_t *idx, size_t max);

#endif
