/* captions: WebVTT and SRT files parsed into one caption_track.
 *
 * Owns the track (cues, their text, ids and italic runs) and the diagnostics
 * list. Parsing works on a memory buffer (pointer + length, no NUL needed);
 * the file name is used only in diagnostics. Pure C (libc only).
 *
 * Promises, for any input bytes (these parsers are fuzzed):
 *  - no crash, no read outside [data, data + len), memory and time linear in
 *    len and bounded by the CAPTIONS_MAX_* limits below;
 *  - files saved as UTF-16/UTF-32 with a BOM or as Windows-1252 are decoded
 *    first (text_decode.h; Windows-1252 with ONE warning per file);
 *  - cue text is well-formed UTF-8 (ill-formed bytes and NUL become U+FFFD,
 *    reported by ONE warning per file), lines separated by '\n', markup
 *    stripped, character references decoded as HTML does (vtt_text.h);
 *    italics survive as caption_run spans;
 *  - cues are sorted by start time (stable), every cue has end > start;
 *  - problems are collected as captions_diag records ("file:line:col:
 *    error|warning: message"), never printed: the caller chooses.
 *
 * Errors vs warnings: an error means content was lost (a cue was dropped, or
 * the whole file was rejected); a warning means the file was understood but
 * is sloppy. A cue with a bad timing line is dropped with an error and the
 * rest of the file still parses (a timing line whose arrow is broken, "->"
 * "=>" "—>" "-- >", gets an error that asks for "-->"); a WebVTT file without its "WEBVTT" header,
 * an oversized or unreadable file gives NULL and an error. */
#ifndef WS_CAPTIONS_H
#define WS_CAPTIONS_H

#include <stddef.h>
#include <stdio.h>

#define CAPTIONS_MAX_FILE_BYTES (16u * 1024u * 1024u) /* larger files are refused */
#define CAPTIONS_MAX_LINE_BYTES (64u * 1024u)         /* longer lines are dropped */
#define CAPTIONS_MAX_CUE_BYTES (8u * 1024u)           /* cue text is cut there */
#define CAPTIONS_MAX_CUES 100000u                     /* parsing stops there */
#define CAPTIONS_MAX_DIAGS 1000u                      /* further ones are counted */

/* ---- diagnostics ---------------------------------------------------- */

typedef enum { CAPTIONS_ERROR = 0, CAPTIONS_WARNING } captions_severity;

typedef struct {
    char *file;    /* the name given to the parser */
    int line, col; /* 1-based; line 0 means "the whole file" */
    captions_severity severity;
    char *message; /* one line, no trailing newline */
} captions_diag_record;

/* A zero-initialised captions_diag is an empty list. Stores at most
 * CAPTIONS_MAX_DIAGS records; errors/warnings count all of them. */
typedef struct {
    captions_diag_record *records;
    size_t count, cap;
    size_t errors, warnings;
    size_t dropped; /* records not stored because of the cap */
} captions_diag;

/* Appends a record (diag may be NULL: nothing happens). The message is
 * formatted printf-style and cut at 512 bytes. */
void captions_diag_add(captions_diag *diag, const char *file, int line, int col,
                       captions_severity severity, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Stable sort of the records by (file, line, col) so that diagnostics from
 * several passes read in file order. */
void captions_diag_sort(captions_diag *diag);

/* Prints each record as "file:line:col: error: message" (or "file: error:
 * message" for line 0) and a note for dropped records. */
void captions_diag_print(const captions_diag *diag, FILE *out);

void captions_diag_free(captions_diag *diag);

/* ---- the track -------------------------------------------------------- */

typedef enum {
    CAPTIONS_FORMAT_UNKNOWN = 0,
    CAPTIONS_FORMAT_VTT,
    CAPTIONS_FORMAT_SRT
} captions_format;

/* A run of cue text with one style. The runs of a cue cover its text
 * completely, in order, without gaps; neighbours differ in style. */
typedef struct {
    size_t offset, length; /* bytes of caption_cue.text */
    int italic;
} caption_run;

/* WebVTT text alignment ("align:"). CENTER is the default (zero). */
typedef enum {
    CAPTION_ALIGN_CENTER = 0,
    CAPTION_ALIGN_START,
    CAPTION_ALIGN_END,
    CAPTION_ALIGN_LEFT,
    CAPTION_ALIGN_RIGHT
} caption_align;

/* Which edge of the cue box the "line:" value places (",start|center|end"). */
typedef enum {
    CAPTION_LINE_ALIGN_START = 0,
    CAPTION_LINE_ALIGN_CENTER,
    CAPTION_LINE_ALIGN_END
} caption_line_align;

/* Which point of the box "position:" places (",line-left|center|line-right");
 * AUTO follows the text alignment, as the spec says. */
typedef enum {
    CAPTION_POSITION_ALIGN_AUTO = 0,
    CAPTION_POSITION_ALIGN_LINE_LEFT,
    CAPTION_POSITION_ALIGN_CENTER,
    CAPTION_POSITION_ALIGN_LINE_RIGHT
} caption_position_align;

/* WebVTT cue settings; zero means the spec's defaults (line auto, position
 * auto, size 100 %, align center). SRT cues carry the defaults.
 *
 * line: with line_is_percent == 0 the cue's "snap-to-lines" flag is true and
 * `line` is a line number: 0 is the first line from the top of the video,
 * -1 the last line from the bottom, -2 the one above... With
 * line_is_percent == 1 snap-to-lines is false and `line` is a percentage of
 * the video height (0..100) where the edge named by line_align sits. */
typedef struct {
    int has_line; /* 0: "auto" (the renderer's default band) */
    double line;
    int line_is_percent;
    caption_line_align line_align;
    int has_position; /* 0: "auto" */
    double position;  /* percent of the video width */
    caption_position_align position_align;
    int has_size;
    double size; /* percent of the video width; 100 when !has_size */
    caption_align align;
    int vertical; /* 1 when "vertical:" was given (parsed, not rendered) */
} caption_settings;

typedef struct {
    double start, end; /* seconds, end > start */
    char *id;          /* cue identifier or SRT index; "" when none */
    char *text;        /* UTF-8, NUL-terminated, lines split by '\n' */
    size_t text_len;
    caption_run *runs; /* cover text; NULL when text is empty */
    size_t run_count;
    caption_settings settings;
    int line; /* source line of the timing line, for diagnostics */
} caption_cue;

typedef struct {
    caption_cue *cues; /* sorted by start */
    size_t count;
    captions_format format;
    char *name; /* the name given to the parser */
} caption_track;

/* Parses data[0..len) as WebVTT. NULL (with an error in diag) when the
 * header is missing, the buffer is too large or memory runs out. diag may
 * be NULL. */
caption_track *captions_parse_vtt(const char *name, const char *data, size_t len,
                                  captions_diag *diag);

/* Parses data[0..len) as SRT. NULL only when the buffer is too large or
 * memory runs out: any other bytes give a track, maybe empty. */
caption_track *captions_parse_srt(const char *name, const char *data, size_t len,
                                  captions_diag *diag);

/* Picks the format by content: a buffer that begins (after an optional BOM,
 * in whatever encoding text_decode.h finds) with "WEBVTT" is WebVTT; otherwise a name ending in ".vtt" is WebVTT (so a
 * .vtt file without its header gets the clear WebVTT error) and anything else
 * is SRT. */
captions_format captions_detect(const char *name, const char *data, size_t len);
caption_track *captions_parse(const char *name, const char *data, size_t len,
                              captions_diag *diag);

/* Reads the file at path (refusing files over CAPTIONS_MAX_FILE_BYTES before
 * reading them) and parses it with captions_parse. NULL with an error in diag
 * when the file cannot be read or is a directory ("is a directory"). */
caption_track *captions_load(const char *path, captions_diag *diag);

/* Safe on NULL and on a partially built track. */
void captions_destroy(caption_track *track);

/* Index of the cue to show at time t: among the cues with start <= t < end,
 * the one that started last (ties: the later in the file). -1 when none.
 * Binary search, then a backward scan over cues that started earlier. */
long captions_cue_at(const caption_track *track, double t);

const char *captions_format_name(captions_format format);

#endif
