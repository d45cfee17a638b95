/* timeline_lint: the traps of a hand-written timeline that parse cleanly but
 * do not show what their author meant, for `wellspring --check`.
 *
 *  - a parameter whose first key comes after 0:00 holds that key's value from
 *    the very start (before its first key a parameter has its first key's
 *    value), so "return+21 endcard 1" alone shows the end card over every
 *    caption; warned when that value differs from the parameter's default;
 *  - a key after the narration's end (the end card and the fade to black
 *    excepted: they come after the last word);
 *  - the end card, or a fade toward black, over a caption (the fade in from
 *    black at the start excepted).
 * Pure C. Warnings go to err as "file:line:col: warning: ..." lines. */
#ifndef WS_TIMELINE_LINT_H
#define WS_TIMELINE_LINT_H

#include <stdio.h>

#include "captions/captions.h"
#include "session/timeline.h"

/* narration_length <= 0 and captions NULL skip the checks that need them.
 * Returns the number of warnings printed. */
size_t timeline_lint(const timeline *tl, const char *path, double narration_length,
                     const caption_track *captions, FILE *err);

#endif
