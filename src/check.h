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

#endif
