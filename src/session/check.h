/* check: `wellspring --check FILE` for caption files (.vtt, .srt) and
 * timeline files (.timeline). Pure C.
 *
 * Prints the file's content in a checkable form to `out` (each cue on one
 * line; each phase mark) and every problem as "file:line:col: error: ..." or
 * "warning: ..." to `err`. Returns the process exit code: 0 when the file is
 * usable (warnings allowed), 2 on errors or when it cannot be read. */
#ifndef WS_CHECK_H
#define WS_CHECK_H

#include <stdio.h>

int check_file(const char *path, FILE *out, FILE *err);

/* What a timeline is checked against: its session's narration and captions
 * (see timeline_lint.h for the warnings they make possible). */
typedef struct check_context {
    double narration_length; /* seconds; <= 0: unknown */
    const char *captions;    /* the caption file beside it, or NULL */
} check_context;
int check_file_in(const char *path, const check_context *ctx, FILE *out, FILE *err);

#endif
