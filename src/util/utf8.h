/* utf8: decoding, validation and repair of UTF-8 text.
 *
 * Owns nothing; every function works on caller buffers (pointer + length, no
 * NUL terminator needed). Decoding follows the Unicode "maximal subpart"
 * practice: an ill-formed sequence (stray continuation byte, truncated
 * sequence, overlong form, surrogate, value above U+10FFFF) is consumed as the
 * longest prefix that could have started a valid sequence, at least one byte,
 * and stands for one U+FFFD. So every byte string decodes, decoding always
 * advances, and a caller that repairs text can count the damage and warn once.
 * Pure C. */
#ifndef WS_UTF8_H
#define WS_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define UTF8_REPLACEMENT 0xFFFDu

/* Decodes the code point at s[0..len). Returns the number of bytes consumed
 * (1..4; 0 only when len == 0). Stores the code point in *cp, or U+FFFD when
 * the bytes are ill-formed, and sets *valid (if not NULL) to 1 or 0. */
size_t utf8_decode(const char *s, size_t len, uint32_t *cp, int *valid);

/* Encodes cp into out (room for 4 bytes). Surrogates and values above
 * U+10FFFF are encoded as U+FFFD. Returns the byte count (1..4). */
size_t utf8_encode(uint32_t cp, char out[4]);

/* Returns 1 when s[0..len) is entirely well-formed UTF-8, else 0. */
int utf8_valid(const char *s, size_t len);

/* Number of code points in s[0..len), each ill-formed subpart counting as
 * one (as it will be shown as one U+FFFD). */
size_t utf8_count(const char *s, size_t len);

/* Copies s[0..len) to dst, replacing each ill-formed subpart with U+FFFD
 * (3 bytes). dst needs room for utf8_repaired_size(len) bytes; the result is
 * NUL-terminated. Returns the output length (without the NUL) and stores the
 * number of replacements in *invalid (if not NULL). */
size_t utf8_repair(const char *s, size_t len, char *dst, size_t *invalid);

/* Upper bound of the bytes utf8_repair writes for len input bytes,
 * the terminating NUL included. */
size_t utf8_repaired_size(size_t len);

/* Length of the longest prefix of s[0..len) that is at most max_bytes long
 * and does not cut a code point of well-formed text in two. */
size_t utf8_truncate(const char *s, size_t len, size_t max_bytes);

#endif
