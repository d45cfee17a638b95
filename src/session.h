/* session: which files make up a session. Pure C (libc file checks only).
 *
 * A session is named by its narration file. Beside it, with the same base
 * name, sit its captions and its choreography, the way media players find
 * subtitles:
 *   NAME.ogg (or .mp3 .flac .wav .opus)   the narration
 *   NAME.LANG.vtt, NAME.vtt, NAME.srt     captions (--lang picks LANG; the
 *                                         plain name is the fallback)
 *   NAME.timeline                         the choreography (derived from the
 *                                         captions when absent)
 * FILE may also be a caption file: then the narration is looked up beside it
 * by the caption's base name (NAME.vtt or NAME.LANG.vtt -> NAME.*). */
#ifndef WS_SESSION_H
#define WS_SESSION_H

#include <stddef.h>

#define SESSION_PATH_MAX 4096

typedef struct session_files {
    char audio[SESSION_PATH_MAX];    /* "" when there is no narration */
    char captions[SESSION_PATH_MAX]; /* "" when none was found */
    char timeline[SESSION_PATH_MAX]; /* "" when none was found */
    char base[SESSION_PATH_MAX];     /* path without extension, for messages */
} session_files;

typedef struct session_query {
    const char *file;      /* the FILE argument, or NULL for the default session */
    const char *data_dir;  /* where audio/fountain.* lives */
    const char *captions;  /* --captions override, or NULL */
    const char *lang;      /* --lang, or NULL */
} session_query;

/* Fills *out. Returns 0, or -1 with a one-line reason in err when FILE does
 * not exist or is of a kind Wellspring cannot use. */
int session_resolve(const session_query *q, session_files *out, char *err, size_t errsize);

/* True when the path names a caption file by its extension (.vtt, .srt). */
int session_is_caption_path(const char *path);

#endif
