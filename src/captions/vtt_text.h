/* vtt_text: WebVTT cue text as the W3C WebVTT spec reads it.
 *
 * Two parts of the spec's "cue text parsing rules":
 *  - character references, as HTML's tokenizer consumes them (the WebVTT
 *    tokenizer defers to it): the full list of named references, longest
 *    match first, the legacy names also without their ';' ("&amp", "&eacute",
 *    "&notit;" is "¬it;"); decimal and hex numeric references with HTML's
 *    fix-ups (0 and surrogates and values over U+10FFFF give U+FFFD, 0x80..0x9F
 *    are read as Windows-1252); anything else leaves the '&' as text;
 *  - the cue text tokenizer and tree: tags are <name.class.class annotation>,
 *    </name> and <timestamp>; a start tag for c i b u ruby rt v lang opens a
 *    node, any other is ignored; an end tag closes the current node only when
 *    it names it (</ruby> also closes an open <rt>), else it is ignored; a
 *    '<' without its '>' takes the rest of the text as a tag.
 * And the spec's rules for timestamps and cue settings.
 * Only what Wellspring shows is passed on: the text, and whether an <i>
 * node encloses it. Whitespace in tags is the spec's: tab, LF, FF, space.
 * Pure C, no allocation except the open-node stack. */
#ifndef WS_VTT_TEXT_H
#define WS_VTT_TEXT_H

#include "captions/captions.h"

#include <stddef.h>

#define HTML_CHARREF_MAX 8 /* bytes of UTF-8 one reference can stand for */

/* Reads the character reference at s[0..n) (s[0] == '&'). Returns the bytes
 * it takes (the ';' included when there is one) and writes its UTF-8 to out
 * (*out_len bytes), or returns 0 when there is none: the '&' is then text. */
size_t html_charref(const char *s, size_t n, char out[HTML_CHARREF_MAX], size_t *out_len);

/* Receives the cue's text in order, piece by piece; italic is 1 inside an
 * <i> node. Pieces are UTF-8 when the input is. */
typedef void (*vtt_text_sink)(void *user, const char *utf8, size_t len, int italic);

/* Parses the cue text s[0..n) and passes its text to sink. Sets
 * *unterminated (if not NULL) when a '<' had no '>'. Returns 0, or -1 when
 * out of memory. */
int vtt_text_parse(const char *s, size_t n, vtt_text_sink sink, void *user, int *unterminated);

/* ASCII whitespace as the spec names it: space, tab, LF, FF, CR. */
int vtt_is_space(char c);

/* The spec's "collect a WebVTT timestamp" at s[*pos..n): [h+:]mm:ss.ttt,
 * hours with any number of digits (read as hours when not exactly two
 * digits or over 59), minutes and seconds exactly two digits and at most
 * 59, exactly three digits of milliseconds. Returns 0 and advances *pos past
 * it, or -1 with *pos where the problem is. */
int vtt_timestamp(const char *s, size_t n, size_t *pos, double *out);

typedef enum {
    VTT_SETTING_APPLIED = 0,
    VTT_SETTING_NOT_NAME_VALUE, /* no ':', or ':' first or last: ignored */
    VTT_SETTING_UNKNOWN,        /* a name the spec does not know: ignored */
    VTT_SETTING_BAD_VALUE,      /* a known name with a value it refuses: ignored */
    VTT_SETTING_REGION          /* "region:": kept by nobody (regions are skipped) */
} vtt_setting_result;

/* Applies one cue setting token s[0..n) ("line:-2", "position:10%,line-left",
 * "size:80%", "align:start", "vertical:rl") to st as the spec's "parse the
 * WebVTT cue settings" does: names and keywords case-sensitive, a value the
 * spec refuses leaves st as it was. The name is s[0..*name_len). */
vtt_setting_result vtt_setting(const char *s, size_t n, caption_settings *st, size_t *name_len);

#endif
