/* SRT parsing: what real files contain, and malformed input. */
#include "captions/captions.h"
#include "check.h"
#include "encode_util.h"

#include <stdlib.h>
#include <unistd.h>

static caption_track *parse(const char *s, captions_diag *d)
{
    return captions_parse_srt("t.srt", s, strlen(s), d);
}

static int has_diag(const captions_diag *d, captions_severity sev, int line, const char *word)
{
    for (size_t i = 0; i < d->count; i++) {
        const captions_diag_record *r = &d->records[i];
        if (r->severity == sev && (line == 0 || r->line == line) && strstr(r->message, word))
            return 1;
    }
    return 0;
}

TEST(test_srt_parses_basic_cues)
{
    captions_diag d = {0};
    caption_track *t = parse("1\n00:00:01,000 --> 00:00:04,000\nHello\nworld\n\n"
                             "2\n00:00:05,500 --> 00:00:07,000\nSecond\n", &d);
    CHECK(t && t->count == 2 && t->format == CAPTIONS_FORMAT_SRT);
    if (t && t->count == 2) {
        CHECK_STR(t->cues[0].id, "1");
        CHECK_STR(t->cues[0].text, "Hello\nworld");
        CHECK_NEAR(t->cues[0].start, 1.0, 1e-9);
        CHECK_NEAR(t->cues[0].end, 4.0, 1e-9);
        CHECK(t->cues[0].line == 2);
        CHECK_STR(t->cues[1].id, "2");
        CHECK_NEAR(t->cues[1].start, 5.5, 1e-9);
        CHECK_NEAR(t->cues[1].settings.size, 100.0, 1e-9);
    }
    CHECK(d.errors == 0 && d.warnings == 0);
    captions_destroy(t);
    captions_diag_free(&d);
}

TEST(test_srt_accepts_missing_index)
{
    captions_diag d = {0};
    caption_track *t = parse("00:00:01,000 --> 00:00:02,000\nNo number\n\n"
                             "00:00:03,000 --> 00:00:04,000\nNone here either\n", &d);
    CHECK(t && t->count == 2);
    if (t && t->count == 2) {
        CHECK_STR(t->cues[0].id, "");
        CHECK_STR(t->cues[1].text, "None here either");
    }
    CHECK(d.errors == 0 && d.warnings == 0);
    captions_destroy(t);
    captions_diag_free(&d);
}

TEST(test_srt_accepts_garbage_index)
{
    captions_diag d = {0};
    caption_track *t = parse("#12a\n00:00:01,000 --> 00:00:02,000\nA\n\n"
                             "   7  \n00:00:03,000 --> 00:00:04,000\nB\n", &d);
    CHECK(t && t->count == 2);
    if (t && t->count == 2) {
        CHECK_STR(t->cues[0].id, "#12a");
        CHECK_STR(t->cues[1].id, "7");
    }
    CHECK(d.errors == 0 && d.warnings == 0);
    captions_destroy(t);
    captions_diag_free(&d);
}

TEST(test_srt_accepts_comma_or_dot_and_short_milliseconds)
{
    captions_diag d = {0};
    caption_track *t = parse("1\n00:00:01.5 --> 00:00:02,25\nA\n\n"
                             "2\n0:00:03,125 --> 00:00:04.000\nB\n\n"
                             "3\n1:02:03,4 --> 01:02:05\nC\n", &d);
    CHECK(t && t->count == 3);
    if (t && t->count == 3) {
        CHECK_NEAR(t->cues[0].start, 1.5, 1e-9);
        CHECK_NEAR(t->cues[0].end, 2.25, 1e-9);
        CHECK_NEAR(t->cues[1].start, 3.125, 1e-9);
        CHECK_NEAR(t->cues[2].start, 3723.4, 1e-9);
        CHECK_NEAR(t->cues[2].end, 3725.0, 1e-9);
    }
    CHECK(d.errors == 0);
    captions_destroy(t);
    captions_diag_free(&d);
}

TEST(test_srt_ignores_coordinates_after_times)
{
    captions_diag d = {0};
    caption_track *t = parse("1\n00:00:01,000 --> 00:00:02,000  X1:40 X2:600 Y1:20 Y2:50\nA\n", &d);
    CHECK(t && t->count == 1);
    if (t && t->count == 1)
        CHECK_NEAR(t->cues[0].end, 2.0, 1e-9);
    CHECK(d.errors == 0 && d.warnings == 0);
    captions_destroy(t);
    captions_diag_free(&d);
}

TEST(test_srt_strips_tags_and_keeps_italics)
{
    captions_diag d = {0};
    caption_track *t = parse("1\n00:00:01,000 --> 00:00:02,000\n"
                             "<I>Soft</i> <b>and</B> <u>slow</u>\n"
                             "<font color=\"#ffcc00\" size=\"20\">warm</font> {\\an8}<3 a < b\n", &d);
    CHECK(t && t->count == 1);
    if (t && t->count == 1) {
        const caption_cue *c = &t->cues[0];
        CHECK_STR(c->text, "Soft and slow\nwarm <3 a < b");
        CHECK(c->run_count == 2);
        if (c->run_count == 2) {
            CHECK(c->runs[0].italic && c->runs[0].offset == 0 && c->runs[0].length == 4);
            CHECK(!c->runs[1].italic && c->runs[1].length == c->text_len - 4);
        }
    }
    captions_destroy(t);
    captions_diag_free(&d);
}

TEST(test_srt_keeps_braces_that_are_not_overrides)
{
    /* A '{' that opens no {\...} override is text (this once hung). */
    captions_diag d = {0};
    caption_track *t = parse("1\n00:00:01,000 --> 00:00:02,000\n{calm} {\\an8}{ {\n", &d);
    CHECK(t && t->count == 1);
    if (t && t->count == 1)
        CHECK_STR(t->cues[0].text, "{calm} { {");
    captions_destroy(t);
    captions_diag_free(&d);
}

TEST(test_srt_decodes_entities)
{
    captions_diag d = {0};
    caption_track *t = parse("1\n00:00:01,000 --> 00:00:02,000\nTom &amp; Jerry &lt;3 AT&T\n", &d);
    CHECK(t && t->count == 1);
    if (t && t->count == 1)
        CHECK_STR(t->cues[0].text, "Tom & Jerry <3 AT&T");
    captions_destroy(t);
    captions_diag_free(&d);
}

TEST(test_srt_accepts_bom_crlf_and_trailing_junk)
{
    captions_diag d = {0};
    caption_track *t = parse("\xef\xbb\xbf" "1\r\n00:00:01,000 --> 00:00:02,000\r\nA  \r\n\r\n"
                             "2\r\n00:00:03,000 --> 00:00:04,000\r\nB\r\n\r\n\r\n\r\n"
                             "junk at the end\r\nmore junk\r\n\r\n", &d);
    CHECK(t && t->count == 2);
    if (t && t->count == 2) {
        CHECK_STR(t->cues[0].id, "1");
        CHECK_STR(t->cues[0].text, "A");
        CHECK_STR(t->cues[1].text, "B");
    }
    CHECK(d.errors == 0 && d.warnings == 1);
    CHECK(has_diag(&d, CAPTIONS_WARNING, 11, "outside a cue"));
    captions_destroy(t);
    captions_diag_free(&d);
}

TEST(test_srt_cue_right_after_garbage_line_is_kept)
{
    captions_diag d = {0};
    caption_track *t = parse("stray\n1\n00:00:01,000 --> 00:00:02,000\nA\n", &d);
    CHECK(t && t->count == 1);
    if (t && t->count == 1)
        CHECK_STR(t->cues[0].id, "1");
    CHECK(d.warnings == 1);
    captions_destroy(t);
    captions_diag_free(&d);
}

TEST(test_srt_handles_missing_blank_line_between_cues)
{
    captions_diag d = {0};
    caption_track *t = parse("1\n00:00:01,000 --> 00:00:02,000\nA\n2\n00:00:03,000 --> 00:00:04,000\n"
                             "B\n", &d);
    CHECK(t && t->count == 2);
    if (t && t->count == 2) {
        CHECK_STR(t->cues[0].text, "A");
        CHECK_STR(t->cues[1].id, "2");
        CHECK_STR(t->cues[1].text, "B");
    }
    CHECK(d.errors == 0 && d.warnings == 1);
    captions_destroy(t);
    captions_diag_free(&d);
}

TEST(test_srt_arrow_in_text_is_text)
{
    captions_diag d = {0};
    caption_track *t = parse("1\n00:00:01,000 --> 00:00:02,000\nfrom here --> there\n", &d);
    CHECK(t && t->count == 1);
    if (t && t->count == 1)
        CHECK_STR(t->cues[0].text, "from here --> there");
    CHECK(d.errors == 0 && d.warnings == 0);
    captions_destroy(t);
    captions_diag_free(&d);
}

TEST(test_srt_rejects_bad_times)
{
    captions_diag d = {0};
    caption_track *t = parse("1\n00:00:05,000 --> 00:00:04,000\nBackwards\n\n"
                             "2\n00:61:00,000 --> 00:62:00,000\nBad minutes\n\n"
                             "3\n00:00:01,000 --> soon\nBad end\n\n"
                             "4\n00:00:06,000 --> 00:00:07,000\nGood\n", &d);
    CHECK(t && t->count == 1);
    if (t && t->count == 1)
        CHECK_STR(t->cues[0].text, "Good");
    CHECK(d.errors == 3);
    CHECK(has_diag(&d, CAPTIONS_ERROR, 2, "not after its start"));
    CHECK(has_diag(&d, CAPTIONS_ERROR, 6, "bad start time"));
    CHECK(has_diag(&d, CAPTIONS_ERROR, 10, "bad end time"));
    captions_destroy(t);
    captions_diag_free(&d);
}

static int has_arrow_error(const captions_diag *d, int line, int col)
{
    for (size_t i = 0; i < d->count; i++) {
        const captions_diag_record *r = &d->records[i];
        if (r->severity == CAPTIONS_ERROR && r->line == line && r->col == col &&
            strstr(r->message, "did you mean \"-->\""))
            return 1;
    }
    return 0;
}

TEST(test_srt_broken_arrow_is_an_error_not_stray_text)
{
    captions_diag d = {0};
    caption_track *t = parse("1\n00:00:01,000 -> 00:00:02,000\nRespirez doucement.\n\n"      /* 2 */
                             "2\n00:00:03,000 => 00:00:04,000\nLaissez-vous aller.\n\n"     /* 6 */
                             "3\n00:00:05,000 \xe2\x80\x94> 00:00:06,000\nD\xc3\xa9tente.\n\n" /* 10 */
                             "00:00:07,000 -- > 00:00:08,000\nEncore.\n\n"                  /* 13 */
                             "5\n00:00:09,000 --> 00:00:10,000\nInspirez -> expirez\n",
                             &d);
    CHECK(t && t->count == 1);
    if (t && t->count == 1) {
        CHECK_STR(t->cues[0].text, "Inspirez -> expirez");
        CHECK_STR(t->cues[0].id, "5");
    }
    CHECK(has_arrow_error(&d, 2, 14));
    CHECK(has_arrow_error(&d, 6, 14));
    CHECK(has_arrow_error(&d, 10, 14));
    CHECK(has_arrow_error(&d, 13, 14));
    CHECK(d.errors == 4 && d.warnings == 0); /* no "text outside a cue" */
    captions_destroy(t);
    captions_diag_free(&d);
}

#define FR_UTF8 "Respirez doucement, laissez-vous aller \xc3\xa0 la d\xc3\xa9tente \xf0\x9f\x8c\xbf"

TEST(test_srt_reads_utf16_and_utf32_files_with_bom)
{
    const char *src = "1\r\n00:00:01,000 --> 00:00:04,000\r\n" FR_UTF8 "\r\n\r\n"
                      "2\r\n00:00:05,000 --> 00:00:08,000\r\n\xc2\xab Sentez le poids du corps \xc2\xbb\r\n";
    static const struct {
        int bytes, le;
    } kinds[] = {{2, 1}, {2, 0}, {4, 1}, {4, 0}};
    static char buf[4096];
    for (size_t k = 0; k < 4; k++) {
        size_t n = encode_utf(src, kinds[k].bytes, kinds[k].le, buf);
        captions_diag d = {0};
        caption_track *t = captions_parse_srt("t.srt", buf, n, &d);
        CHECK(t && t->count == 2);
        if (t && t->count == 2) {
            CHECK_STR(t->cues[0].text, FR_UTF8);
            CHECK_STR(t->cues[1].text, "\xc2\xab Sentez le poids du corps \xc2\xbb");
            CHECK_STR(t->cues[1].id, "2");
        }
        CHECK(d.errors == 0 && d.warnings == 0);
        captions_destroy(t);
        captions_diag_free(&d);
    }
}

TEST(test_srt_loads_a_notepad_unicode_file)
{
    /* Windows Notepad's "Unicode": UTF-16 LE with a BOM and CRLF. It used to
     * read as 0 cues with exit 0. */
    static char buf[4096];
    size_t n = encode_utf("1\r\n00:00:01,000 --> 00:00:04,000\r\n" FR_UTF8 "\r\n", 2, 1, buf);
    char path[] = "/tmp/ws_notepad_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0)
        return;
    CHECK(write(fd, buf, n) == (ssize_t)n);
    close(fd);
    captions_diag d = {0};
    caption_track *t = captions_load(path, &d);
    CHECK(t && t->count == 1 && t->format == CAPTIONS_FORMAT_SRT);
    if (t && t->count == 1)
        CHECK_STR(t->cues[0].text, FR_UTF8);
    CHECK(d.errors == 0 && d.warnings == 0);
    captions_destroy(t);
    captions_diag_free(&d);
    unlink(path);
}

TEST(test_srt_reads_windows_1252_with_one_warning)
{
    captions_diag d = {0};
    caption_track *t = parse("1\r\n00:00:01,000 --> 00:00:04,000\r\nRespirez doucement\x85\r\n\r\n"
                             "2\r\n00:00:05,000 --> 00:00:08,000\r\n\x8c" "uvre \xab calme \xbb \x97 "
                             "l\x92\xe9t\xe9\r\n",
                             &d);
    CHECK(t && t->count == 2);
    if (t && t->count == 2) {
        CHECK_STR(t->cues[0].text, "Respirez doucement\xe2\x80\xa6");
        CHECK_STR(t->cues[1].text, "\xc5\x92uvre \xc2\xab calme \xc2\xbb \xe2\x80\x94 "
                                   "l\xe2\x80\x99\xc3\xa9t\xc3\xa9");
    }
    CHECK(d.errors == 0 && d.warnings == 1);
    CHECK(has_diag(&d, CAPTIONS_WARNING, 3, "Windows-1252"));
    CHECK(d.count == 1 && d.records[0].col == 19);
    captions_destroy(t);
    captions_diag_free(&d);
}

TEST(test_srt_legacy_bytes_read_as_windows_1252)
{
    /* bad_utf8.srt has FF FE inside ASCII text and no good UTF-8 at all:
     * read as Windows-1252 ("\xc3\xbf\xc3\xbe" is "\u00ff\u00fe"), one warning. */
    captions_diag d = {0};
    caption_track *t = captions_load(WS_SOURCE_DATA_DIR "/tests/data/captions/bad_utf8.srt", &d);
    CHECK(t && t->count == 1);
    if (t && t->count == 1)
        CHECK_STR(t->cues[0].text, "\xc3\xbf\xc3\xbe" "Bad bytes");
    CHECK(d.warnings == 1 && d.errors == 0);
    CHECK(has_diag(&d, CAPTIONS_WARNING, 3, "Windows-1252"));
    captions_destroy(t);
    captions_diag_free(&d);
}

TEST(test_srt_invalid_utf8_warns_once)
{
    captions_diag d = {0};
    const char *s = "1\n00:00:01,000 --> 00:00:02,000\n\xff\xfe" "d\xc3\xa9j\xc3\xa0 l\xc3\xa0\n";
    caption_track *t = captions_parse_srt("t.srt", s, strlen(s), &d);
    CHECK(t && t->count == 1);
    if (t && t->count == 1)
        CHECK_STR(t->cues[0].text, "\xef\xbf\xbd\xef\xbf\xbd" "d\xc3\xa9j\xc3\xa0 l\xc3\xa0");
    CHECK(d.warnings == 1 && d.errors == 0);
    CHECK(has_diag(&d, CAPTIONS_WARNING, 3, "UTF-8"));
    captions_destroy(t);
    captions_diag_free(&d);
}

TEST(test_srt_loads_sample_files)
{
    captions_diag d = {0};
    caption_track *t = captions_load(WS_SOURCE_DATA_DIR "/tests/data/captions/basic.srt", &d);
    CHECK(t && t->count == 4 && t->format == CAPTIONS_FORMAT_SRT);
    if (t && t->count == 4) {
        CHECK_STR(t->cues[1].text, "Let the warmth rise\nfrom your heart.");
        CHECK(t->cues[1].run_count == 2 && t->cues[1].runs[0].italic);
        CHECK_NEAR(t->cues[2].start, 9.5, 1e-9);
        CHECK_NEAR(t->cues[2].end, 12.25, 1e-9);
        CHECK_STR(t->cues[3].id, "garbage");
    }
    CHECK(d.errors == 0 && d.warnings == 0);
    captions_destroy(t);
    captions_diag_free(&d);

    t = captions_load(WS_SOURCE_DATA_DIR "/tests/data/captions/bom_crlf.srt", &d);
    CHECK(t && t->count == 2);
    if (t && t->count == 2)
        CHECK_STR(t->cues[0].text, "Bold and under");
    CHECK(d.errors == 0 && d.warnings == 0);
    captions_destroy(t);
    captions_diag_free(&d);
}

TEST(test_srt_empty_and_garbage_files_do_not_crash)
{
    const char *inputs[] = {"", "\n\n\n", "\xef\xbb\xbf", "-->", "1\n-->\n", "1\n2\n3\n",
                            "00:00:01,000 -->", "99999999999:00:00,000 --> 1:00:00,000\nx\n",
                            "<i><i><i>", "1\n00:00:01,000 --> 00:00:02,000\n<font"};
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        captions_diag d = {0};
        caption_track *t = parse(inputs[i], &d);
        CHECK(t != NULL);
        captions_destroy(t);
        captions_diag_free(&d);
        /* and without a diagnostics list */
        t = captions_parse("x", inputs[i], strlen(inputs[i]), NULL);
        captions_destroy(t);
    }
}

TEST(test_srt_many_cues_stop_at_the_limit)
{
    /* 100,001 one-character cues: the last is refused with one error. */
    size_t n = CAPTIONS_MAX_CUES + 1;
    const char *cue = "00:00:01,000 --> 00:00:02,000\nx\n\n";
    size_t cl = strlen(cue);
    char *buf = malloc(n * cl);
    CHECK(buf != NULL);
    if (!buf)
        return;
    for (size_t i = 0; i < n; i++)
        memcpy(buf + i * cl, cue, cl);
    captions_diag d = {0};
    caption_track *t = captions_parse_srt("many.srt", buf, n * cl, &d);
    CHECK(t && t->count == CAPTIONS_MAX_CUES);
    CHECK(d.errors == 1);
    captions_destroy(t);
    captions_diag_free(&d);
    free(buf);
}

int main(void)
{
    RUN(test_srt_parses_basic_cues);
    RUN(test_srt_accepts_missing_index);
    RUN(test_srt_accepts_garbage_index);
    RUN(test_srt_accepts_comma_or_dot_and_short_milliseconds);
    RUN(test_srt_ignores_coordinates_after_times);
    RUN(test_srt_strips_tags_and_keeps_italics);
    RUN(test_srt_keeps_braces_that_are_not_overrides);
    RUN(test_srt_decodes_entities);
    RUN(test_srt_accepts_bom_crlf_and_trailing_junk);
    RUN(test_srt_cue_right_after_garbage_line_is_kept);
    RUN(test_srt_handles_missing_blank_line_between_cues);
    RUN(test_srt_arrow_in_text_is_text);
    RUN(test_srt_rejects_bad_times);
    RUN(test_srt_broken_arrow_is_an_error_not_stray_text);
    RUN(test_srt_reads_utf16_and_utf32_files_with_bom);
    RUN(test_srt_loads_a_notepad_unicode_file);
    RUN(test_srt_reads_windows_1252_with_one_warning);
    RUN(test_srt_legacy_bytes_read_as_windows_1252);
    RUN(test_srt_invalid_utf8_warns_once);
    RUN(test_srt_loads_sample_files);
    RUN(test_srt_empty_and_garbage_files_do_not_crash);
    RUN(test_srt_many_cues_stop_at_the_limit);
    return check_done();
}
