/* caption_check: `wellspring --check FILE`, how a wellness space checks its
 * own caption files before a session.
 *
 * Prints every cue on one line, "HH:MM:SS.mmm --> HH:MM:SS.mmm<TAB>text",
 * with the cue's line breaks written as "\n" (and a backslash as "\\", a tab
 * as "\t", so each cue stays one line), then a one-line summary. Problems go
 * to a separate stream as "file:line:col: error: ..." or "... warning: ...":
 * the parser's own, plus these checks of a parsed track:
 *  - overlapping cues;
 *  - cues shorter than 0.83 s;
 *  - reading speed above 180 words per minute;
 *  - cues the TV layout cannot show in its lines (2 of 42 code points by
 *    default) and will split into timed parts. A long line the layout
 *    simply re-wraps into the lines it has is not a problem and not warned.
 * Pure C: the layout limits come from caption_style (no font is opened, so
 * the check is by characters, as a person counts them). */
#ifndef WS_CAPTION_CHECK_H
#define WS_CAPTION_CHECK_H

#include "captions/caption_layout.h"
#include "captions/captions.h"

#include <stdio.h>

#define CAPTION_CHECK_MIN_DURATION 0.83 /* seconds */
#define CAPTION_CHECK_MAX_WPM 180.0     /* words per minute */

typedef struct {
    size_t cues;
    double first_start, last_end; /* 0 when there are no cues */
    size_t words;
    size_t warnings, errors; /* the diag's totals after the check */
} caption_check_summary;

/* Words in text[0..len): runs of characters between spaces, tabs and
 * line breaks. */
size_t caption_check_words(const char *text, size_t len);

/* The TV layout as the check measures it: a 1920x1080 screen on which every
 * code point is one unit wide, so only the style's max_chars limits a line
 * (no font is opened). style NULL: the layout's defaults. The aligner cuts
 * its phrases by the same measure. */
caption_layout_env caption_check_layout_env(const caption_style *style);

/* Writes one cue as "HH:MM:SS.mmm --> HH:MM:SS.mmm\ttext\n". */
void caption_check_print_cue(const caption_cue *cue, FILE *out);

/* Prints every cue of track to out (may be NULL: print nothing), adds the
 * checks' warnings to diag, and fills *summary. style: the layout whose
 * limits apply (NULL: defaults). track may be NULL (an empty summary). */
void caption_check_track(const caption_track *track, const caption_style *style, FILE *out,
                         captions_diag *diag, caption_check_summary *summary);

/* Writes the summary line: "N cues, HH:MM:SS.mmm --> HH:MM:SS.mmm (span
 * HH:MM:SS.mmm), W words, X warnings, Y errors". */
void caption_check_print_summary(const caption_check_summary *summary, FILE *out);

/* The whole of --check: loads and parses path, prints the cues and the
 * summary to out and the diagnostics (in file order) to err. Returns the
 * process exit code: 0 when there are no errors (warnings allowed), 2 when
 * the file is unreadable, refused, or has errors. */
int caption_check_file(const char *path, FILE *out, FILE *err);

#endif
