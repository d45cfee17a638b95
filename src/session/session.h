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
 * by the caption's base name (NAME.vtt or NAME.LANG.vtt -> NAME.*).
 *
 * What FILE is, is judged by its first bytes (session_sniff), the name only
 * breaking ties: text named .vtt/.srt is captions, unknown binary data named
 * .ogg/.mp3/... is left to the decoder. Anything else (a folder, a
 * playlist, an image, plain text, an empty file) is refused with one line
 * that says what it is and what Wellspring plays. */
#ifndef WS_SESSION_H
#define WS_SESSION_H

#include <stddef.h>

#define SESSION_PATH_MAX 4096

typedef struct session_files {
    char audio[SESSION_PATH_MAX];    /* "" when there is no narration */
    char captions[SESSION_PATH_MAX]; /* "" when none was found */
    char timeline[SESSION_PATH_MAX]; /* "" when none was found */
    char base[SESSION_PATH_MAX];     /* path without extension, for messages */
    /* One line for the log when no caption file was found beside the
     * narration, naming the files looked for; "" otherwise. */
    char captions_note[SESSION_PATH_MAX];
} session_files;

/* What a file is, by its content (and its name where the content cannot
 * tell). */
typedef enum {
    SESSION_FILE_MISSING,
    SESSION_FILE_AUDIO,    /* Ogg (Vorbis, Opus), FLAC, WAV, MP3 */
    SESSION_FILE_CAPTIONS, /* WebVTT, SubRip */
    SESSION_FILE_FOLDER,
    SESSION_FILE_PLAYLIST, /* #EXTM3U, .m3u, .m3u8, .pls */
    SESSION_FILE_IMAGE,    /* PNG, JPEG, GIF, WebP */
    SESSION_FILE_TEXT,
    SESSION_FILE_EMPTY,
    SESSION_FILE_OTHER,    /* binary data of no kind above, or not a regular file */
} session_file_kind;

typedef struct session_query {
    const char *file;      /* the FILE argument, or NULL for the default session */
    const char *data_dir;  /* where audio/fountain.* lives */
    const char *captions;  /* --captions override, or NULL */
    const char *lang;      /* --lang, or NULL */
} session_query;

/* Fills *out. Returns 0, or -1 with a one-line reason in err when FILE does
 * not exist or is of a kind Wellspring cannot use. */
int session_resolve(const session_query *q, session_files *out, char *err, size_t errsize);

/* The narration's extensions, in the order a narration beside a caption
 * or timeline file is looked for (.ogg first); *count gets how many. */
const char *const *session_audio_exts(size_t *count);

/* True when the path names a caption file by its extension (.vtt, .srt). */
int session_is_caption_path(const char *path);

/* Reads at most the first 512 bytes of path and says what it is. */
session_file_kind session_sniff(const char *path);

/* The kind as a phrase for messages: "a folder", "an image", ... */
const char *session_file_kind_name(session_file_kind kind);

/* Checks --start against the session's length (known once the narration
 * is open). Returns 0 when start lies before the end, or -1 with one line
 * in err ("--start 00:20:00.000 is past the end of the session, which lasts
 * 00:09:59.000"; no advice, the caller adds what happens next).
 * A length of 0 or less means unknown, and passes. */
int session_check_start(double start, double duration, char *err, size_t errsize);

#endif
