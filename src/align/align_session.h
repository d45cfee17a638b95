/* align_session: the player's side of the aligner (platform).
 *
 * When a narration has no caption file but NAME.txt beside it, the player
 * times the text to the recording at start (align_job.h) and keeps the
 * WebVTT in $XDG_CACHE_HOME/wellspring/ (fallback ~/.cache/wellspring/),
 * named by a hash of the audio's bytes, the text's bytes, the language and
 * the aligner's version: the second start reads the cached file and is
 * instant, and any edit to either file aligns again. A transcript that does
 * not match its recording is not used (the session plays without
 * captions, with a warning) and not cached. */
#ifndef WS_ALIGN_SESSION_H
#define WS_ALIGN_SESSION_H

#include "align/align.h"
#include "session/session.h"

#include <stddef.h>

/* Bump when the aligner's output changes, so old cache entries are not used. */
#define ALIGN_CACHE_VERSION "align-1"

/* The transcript beside files->audio, into out: NAME.LANG.txt when lang
 * (--lang) is given and it exists, else NAME.txt. Returns 1 when one
 * exists, 0 when not. */
int align_session_transcript(const session_files *files, const char *lang, char *out, size_t size);

/* True when align_session_captions would align afresh: files has a
 * narration, no captions, a transcript, and no cached result for them. The
 * player then opens its window first and aligns behind a progress card. */
int align_session_pending(const session_files *files, const char *lang);

/* When files has a narration, no captions and a transcript: sets
 * files->captions to the aligned (cached or fresh) WebVTT file and returns
 * 1; returns 0 when there is nothing to do or the alignment failed (logged).
 * progress (may be NULL) is called while a fresh alignment runs. */
int align_session_captions(session_files *files, const char *lang, align_progress_fn progress,
                           void *user);

#endif
