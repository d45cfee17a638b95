/* SRT parsing: what real files contain, and malformed input. */
#include "captions.h"
#include "check.h"

#include <stdlib.h>

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

TEST(test_srt_invalid_utf8_warns_once)
{
    captions_diag d = {0};
    caption_track *t = captions_load(WS_SOURCE_DATA_DIR "/tests/data/captions/bad_utf8.srt", &d);
    CHECK(t && t->count == 1);
    if (t && t->count == 1)
        CHECK_STR(t->cues[0].text, "\xef\xbf\xbd\xef\xbf\xbd" "Bad bytes");
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
    RUN(test_srt_invalid_utf8_warns_once);
    RUN(test_srt_loads_sample_files);
    RUN(test_srt_empty_and_garbage_files_do_not_crash);
    RUN(test_srt_many_cues_stop_at_the_limit);
    return check_done();
}
