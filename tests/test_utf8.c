/* UTF-8 decoding and repair: what captions rely on to never show or pass on
 * ill-formed text. */
#include "check.h"
#include "util/utf8.h"

static size_t repair(const char *s, size_t n, char *out, size_t *bad)
{
    return utf8_repair(s, n, out, bad);
}

TEST(test_utf8_decodes_all_lengths)
{
    uint32_t cp;
    int ok;
    CHECK(utf8_decode("A", 1, &cp, &ok) == 1 && cp == 'A' && ok);
    CHECK(utf8_decode("\xc3\xa9", 2, &cp, &ok) == 2 && cp == 0xE9 && ok);
    CHECK(utf8_decode("\xe2\x82\xac", 3, &cp, &ok) == 3 && cp == 0x20AC && ok);
    CHECK(utf8_decode("\xf0\x9f\x98\x80", 4, &cp, &ok) == 4 && cp == 0x1F600 && ok);
    CHECK(utf8_decode("", 0, &cp, &ok) == 0 && !ok);
}

TEST(test_utf8_invalid_becomes_replacement)
{
    char out[64];
    size_t bad = 0;
    /* stray continuation, invalid lead, then good text */
    size_t n = repair("a\x80" "b\xff" "c", 5, out, &bad);
    CHECK(bad == 2);
    CHECK_STR(out, "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c");
    CHECK(n == strlen(out));
    CHECK(utf8_valid(out, n));
}

TEST(test_utf8_rejects_overlong_surrogate_and_too_large)
{
    uint32_t cp;
    int ok;
    CHECK(utf8_decode("\xc0\xaf", 2, &cp, &ok) == 1 && !ok && cp == UTF8_REPLACEMENT);
    CHECK(utf8_decode("\xe0\x80\xaf", 3, &cp, &ok) == 1 && !ok);
    CHECK(utf8_decode("\xed\xa0\x80", 3, &cp, &ok) == 1 && !ok); /* U+D800 */
    CHECK(utf8_decode("\xf4\x90\x80\x80", 4, &cp, &ok) == 1 && !ok); /* > U+10FFFF */
    CHECK(utf8_decode("\xf5\x80\x80\x80", 4, &cp, &ok) == 1 && !ok);
    CHECK(!utf8_valid("\xc0\xaf", 2));
}

TEST(test_utf8_truncated_sequence_is_one_replacement)
{
    char out[64];
    size_t bad = 0;
    /* a 3-byte sequence cut after 2 bytes, then ASCII: one U+FFFD, 'x' kept */
    repair("\xe2\x82x", 3, out, &bad);
    CHECK(bad == 1);
    CHECK_STR(out, "\xef\xbf\xbdx");
    /* cut at the end of the buffer */
    repair("ok\xf0\x9f\x98", 5, out, &bad);
    CHECK(bad == 1);
    CHECK_STR(out, "ok\xef\xbf\xbd");
}

TEST(test_utf8_counts_code_points)
{
    CHECK(utf8_count("", 0) == 0);
    CHECK(utf8_count("abc", 3) == 3);
    CHECK(utf8_count("Caf\xc3\xa9", 5) == 4);
    CHECK(utf8_count("\xff\xff", 2) == 2);
    CHECK(utf8_count("\xf0\x9f\x98\x80!", 5) == 2);
}

TEST(test_utf8_encode_round_trips)
{
    uint32_t cps[] = {0x24, 0xA2, 0x939, 0x20AC, 0xD55C, 0x10348, 0x10FFFF};
    for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
        char b[4];
        uint32_t back;
        int ok;
        size_t n = utf8_encode(cps[i], b);
        CHECK(utf8_decode(b, n, &back, &ok) == n && ok && back == cps[i]);
    }
    char b[4];
    CHECK(utf8_encode(0xD800, b) == 3 && memcmp(b, "\xef\xbf\xbd", 3) == 0);
}

TEST(test_utf8_truncate_keeps_code_points_whole)
{
    const char *s = "ab\xc3\xa9\xe2\x82\xac";
    CHECK(utf8_truncate(s, 7, 10) == 7);
    CHECK(utf8_truncate(s, 7, 3) == 2); /* would cut é */
    CHECK(utf8_truncate(s, 7, 4) == 4);
    CHECK(utf8_truncate(s, 7, 5) == 4); /* would cut € */
    CHECK(utf8_truncate(s, 7, 0) == 0);
}

TEST(test_utf8_every_byte_value_is_safe)
{
    /* Every single byte and every two-byte pair decodes and advances. */
    for (int a = 0; a < 256; a++) {
        for (int b = 0; b < 256; b++) {
            char s[2] = {(char)a, (char)b};
            uint32_t cp;
            size_t n = utf8_decode(s, 2, &cp, NULL);
            if (n < 1 || n > 2 || cp > 0x10FFFF) {
                CHECK(0);
                return;
            }
        }
    }
    char out[8];
    size_t n = repair("\x00", 1, out, NULL);
    CHECK(n == 1 && out[0] == '\0');
}

int main(void)
{
    RUN(test_utf8_decodes_all_lengths);
    RUN(test_utf8_invalid_becomes_replacement);
    RUN(test_utf8_rejects_overlong_surrogate_and_too_large);
    RUN(test_utf8_truncated_sequence_is_one_replacement);
    RUN(test_utf8_counts_code_points);
    RUN(test_utf8_encode_round_trips);
    RUN(test_utf8_truncate_keeps_code_points_whole);
    RUN(test_utf8_every_byte_value_is_safe);
    return check_done();
}
