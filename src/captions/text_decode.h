/* text_decode: which encoding a caption file was saved in, and its text
 * as UTF-8.
 *
 * Caption files come from real editors: Windows Notepad's "Unicode" is
 * UTF-16 LE with a BOM, older tools write Windows-1252. The rules, in
 * order (pure functions of the bytes):
 *  1. a byte order mark decides: EF BB BF UTF-8, FF FE 00 00 UTF-32 LE,
 *     00 00 FE FF UTF-32 BE, FF FE UTF-16 LE, FE FF UTF-16 BE;
 *  2. well-formed UTF-8 is UTF-8;
 *  3. otherwise the bytes are Windows-1252 when they look like it: no byte
 *     that Windows-1252 leaves undefined (81 8D 8F 90 9D), and no more
 *     well-formed multi-byte UTF-8 sequences than ill-formed ones;
 *  4. anything else is UTF-8 with damage (a UTF-8 file with a few bad
 *     bytes, or binary junk): the caller repairs it with U+FFFD.
 * Owns nothing but the buffers it returns. Pure C. */
#ifndef WS_TEXT_DECODE_H
#define WS_TEXT_DECODE_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
    TEXT_ENCODING_UTF8 = 0, /* also damaged UTF-8 (rule 4) */
    TEXT_ENCODING_UTF16LE,
    TEXT_ENCODING_UTF16BE,
    TEXT_ENCODING_UTF32LE,
    TEXT_ENCODING_UTF32BE,
    TEXT_ENCODING_CP1252
} text_encoding;

typedef struct {
    text_encoding encoding;
    size_t bom;       /* bytes of byte order mark at the start (UTF-8's too) */
    int valid_utf8;   /* 1: no ill-formed UTF-8 (NUL counts as well-formed) */
    size_t first_bad; /* offset of the first byte that is not UTF-8, when
                       * !valid_utf8 */
} text_guess;

/* Applies the rules above to data[0..len). */
text_guess text_detect(const char *data, size_t len);

/* The code point of a Windows-1252 byte; 0 for the five bytes it leaves
 * undefined (0x81 0x8D 0x8F 0x90 0x9D). Also HTML's table for numeric
 * character references in 0x80..0x9F. */
uint32_t text_cp1252(unsigned char b);

/* Decodes data[0..len) from a UTF-16, UTF-32 or Windows-1252 encoding (the
 * BOM, if any, is skipped) into a new NUL-terminated UTF-8 buffer; *out_len
 * gets its length. Ill-formed input (an odd byte at the end, an unpaired
 * surrogate, a value over U+10FFFF, an undefined byte) becomes U+FFFD and is
 * counted in *replaced (if not NULL). A NUL code unit stays a NUL byte. NULL
 * when out of memory, or for TEXT_ENCODING_UTF8 (nothing to convert). */
char *text_to_utf8(const char *data, size_t len, text_encoding encoding, size_t *out_len,
                   size_t *replaced);

/* Writes up to out_size - 1 bytes of the start of data, decoded as text_detect
 * finds it, into out (NUL-terminated; BOM skipped). Returns the length.
 * For format sniffing without decoding a whole file. */
size_t text_prefix_utf8(const char *data, size_t len, char *out, size_t out_size);

/* "UTF-8", "UTF-16 LE", ..., "Windows-1252". */
const char *text_encoding_name(text_encoding encoding);

#endif
