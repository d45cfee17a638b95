/* align_cli: `wellspring --align NARRATION TRANSCRIPT.txt [-o OUT.vtt]
 * [--lang xx] [--force]` (platform: a terminal's progress bar).
 *
 * Writes OUT.vtt (default: the narration's name with .vtt), never over an
 * existing file without --force. Prints a progress bar while stderr is a
 * terminal, then one summary line: cues, time taken, speed, confidence.
 * Exit codes: 0 written; 1 the file could not be written; 2 bad input (the
 * audio unreadable, the transcript empty, a language espeak-ng does not
 * speak, the output exists) or a transcript that does not match the
 * recording (refused unless --force, which writes it with a warning). */
#ifndef WS_ALIGN_CLI_H
#define WS_ALIGN_CLI_H

#include "util/options.h"

int align_cli_run(const options *o);

/* The default output path for a narration: its name with .vtt in place of
 * its extension. */
void align_cli_default_output(const char *narration, char *out, size_t size);

#endif
