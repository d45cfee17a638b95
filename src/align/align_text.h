/* align_text: a plain transcript as the caption-sized phrases the aligner
 * times (issue 18).
 *
 * Rules, in order:
 *  - the bytes are decoded as caption files are (text_decode.h): UTF-8, or
 *    UTF-16/32 with a BOM, or Windows-1252 (the caller warns; see
 *    align_script.encoding);
 *  - a line whose first non-blank character is '#' is a comment; text in
 *    square brackets ("[pause]", "[softly]") is a stage direction; both are
 *    dropped and never spoken;
 *  - blank lines separate paragraphs. When every line of a paragraph fits
 *    the TV layout (caption_layout: 2 lines of 42 code points), each line is
 *    one phrase as written; otherwise the paragraph's text is joined and cut
 *    into phrases that fit: at sentence ends first, then after commas,
 *    semicolons, colons and dashes, then before clause words ("and",
 *    "but", "because", ...), then at the most even space; never inside a
 *    word;
 *  - a phrase longer than one line gets one balanced line break, placed by
 *    caption_layout itself (so what the aligner writes is what the player
 *    shows).
 * Pure C; owns the strings it returns. */
#ifndef WS_ALIGN_TEXT_H
#define WS_ALIGN_TEXT_H

#include "captions/text_decode.h"

#include <stddef.h>

typedef struct {
    char *text;  /* the cue text: UTF-8, NUL-terminated, at most one '\n' */
    char *speak; /* what is spoken: text on one line */
    int line;    /* 1-based transcript line the phrase starts on */
} align_phrase;

typedef struct {
    align_phrase *phrases;
    size_t count;
    text_encoding encoding; /* as found; the caller warns unless UTF-8 */
    size_t replaced;        /* bytes that could not be decoded (U+FFFD) */
    size_t ignored;         /* comment lines and stage directions dropped */
} align_script;

/* Parses data[0..len) into *out. Returns 0 (out->count may be 0: nothing
 * to speak), or -1 when memory runs out (*out is then empty). */
int align_script_parse(const char *data, size_t len, align_script *out);
void align_script_free(align_script *s);

/* 1 when text[0..len) fits the TV layout's lines without being split
 * (counted in code points, as --check counts). */
int align_text_fits(const char *text, size_t len);

#endif
