/* Which encoding a caption file is in, and its text as UTF-8. */
#include "check.h"
#include "captions/text_decode.h"

#include <stdlib.h>

static text_encoding enc(const char *s, size_t n) { return text_detect(s, n).encoding; }

TEST(test_decode_byte_order_marks_decide)
{
    CHECK(enc("\xef\xbb\xbfW", 4) == TEXT_ENCODING_UTF8 && text_detect("\xef\xbb\xbfW", 4).bom == 3);
    CHECK(enc("\xff\xfeW\0", 4) == TEXT_ENCODING_UTF16LE);
    CHECK(enc("\xfe\xff\0W", 4) == TEXT_ENCODING_UTF16BE);
    /* UTF-32 LE's mark starts like UTF-16 LE's: the longer one wins */
    CHECK(enc("\xff\xfe\0\0W\0\0\0", 8) == TEXT_ENCODING_UTF32LE);
    CHECK(enc("\0\0\xfe\xff\0\0\0W", 8) == TEXT_ENCODING_UTF32BE);
    CHECK(text_detect("\xff\xfe\0\0", 4).bom == 4);
}

TEST(test_decode_unmarked_bytes)
{
    /* well-formed UTF-8, NUL included */
    CHECK(enc("d\xc3\xa9j\xc3\xa0", 6) == TEXT_ENCODING_UTF8);
    CHECK(text_detect("a\0b", 3).valid_utf8);
    /* not UTF-8, no good multi-byte sequence, nothing undefined: 1252 */
    text_guess g = text_detect("caf\xe9 cr\xe8me \x80", 12);
    CHECK(g.encoding == TEXT_ENCODING_CP1252 && !g.valid_utf8 && g.first_bad == 3);
    /* a byte Windows-1252 leaves undefined: neither, so damaged UTF-8 */
    CHECK(enc("caf\xe9 \x81", 6) == TEXT_ENCODING_UTF8);
    /* more good UTF-8 than bad: a UTF-8 file with a stray byte */
    CHECK(enc("\xc3\xa9t\xc3\xa9 \xe9", 7) == TEXT_ENCODING_UTF8);
    /* as many good as bad: 1252 (a 1252 text can hold "\xc3\xa9") */
    CHECK(enc("\xc3\xa9 \xe9", 4) == TEXT_ENCODING_CP1252);
}

TEST(test_decode_windows_1252_table)
{
    CHECK(text_cp1252(0x92) == 0x2019);
    CHECK(text_cp1252(0x80) == 0x20AC);
    CHECK(text_cp1252(0x9F) == 0x0178);
    CHECK(text_cp1252(0x81) == 0 && text_cp1252(0x8D) == 0 && text_cp1252(0x9D) == 0);
    CHECK(text_cp1252(0xE9) == 0xE9 && text_cp1252('A') == 'A');
    size_t n, bad;
    char *s = text_to_utf8("\x80 \x92\xe0", 4, TEXT_ENCODING_CP1252, &n, &bad);
    CHECK(s && bad == 0);
    if (s)
        CHECK_STR(s, "\xe2\x82\xac \xe2\x80\x99\xc3\xa0");
    free(s);
}

TEST(test_decode_ill_formed_utf16_and_utf32)
{
    size_t n, bad;
    /* an unpaired high surrogate, a lone low one, an odd last byte */
    char *s = text_to_utf8("\xff\xfe" "A\0\x00\xd8" "B\0\x00\xdc" "C\0D", 13, TEXT_ENCODING_UTF16LE,
                           &n, &bad);
    CHECK(s && bad == 3);
    if (s)
        CHECK_STR(s, "A\xef\xbf\xbd" "B\xef\xbf\xbd" "C\xef\xbf\xbd");
    free(s);
    /* a surrogate pair */
    s = text_to_utf8("\xfe\xff\xd8\x3c\xdf\x3f", 6, TEXT_ENCODING_UTF16BE, &n, &bad);
    CHECK(s && bad == 0);
    if (s)
        CHECK_STR(s, "\xf0\x9f\x8c\xbf");
    free(s);
    /* UTF-32 above U+10FFFF */
    s = text_to_utf8("\xff\xfe\0\0" "A\0\0\0" "\0\0\x11\0", 12, TEXT_ENCODING_UTF32LE, &n, &bad);
    CHECK(s && bad == 1);
    if (s)
        CHECK_STR(s, "A\xef\xbf\xbd");
    free(s);
    CHECK(text_to_utf8("abc", 3, TEXT_ENCODING_UTF8, &n, &bad) == NULL);
}

TEST(test_decode_prefix_for_sniffing)
{
    char out[8];
    CHECK(text_prefix_utf8("\xff\xfeW\0E\0B\0V\0T\0T\0", 14, out, sizeof out) == 6);
    CHECK_STR(out, "WEBVTT");
    CHECK(text_prefix_utf8("\xef\xbb\xbfWEBVTT\n", 10, out, sizeof out) == 7);
    CHECK(text_prefix_utf8("", 0, out, sizeof out) == 0 && out[0] == '\0');
}

int main(void)
{
    RUN(test_decode_byte_order_marks_decide);
    RUN(test_decode_unmarked_bytes);
    RUN(test_decode_windows_1252_table);
    RUN(test_decode_ill_formed_utf16_and_utf32);
    RUN(test_decode_prefix_for_sniffing);
    return check_done();
}
