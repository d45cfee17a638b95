/* Unit tests for --check's timeline traps (src/timeline_lint.h). */
#include "check.h"
#include "captions/captions.h"
#include "session/timeline.h"
#include "session/timeline_lint.h"

#include <stdlib.h>
#include <string.h>

#define FOUNTAIN WS_SOURCE_DATA_DIR "/audio/fountain"

/* Runs the lint with its warnings into a buffer; returns their count. */
static size_t lint(const char *text, double length, const caption_track *ct, char *out,
                   size_t size)
{
    timeline *tl = timeline_parse(text, strlen(text), "t.timeline");
    CHECK(timeline_error_count(tl) == 0);
    FILE *f = fmemopen(out, size, "w");
    size_t n = timeline_lint(tl, "t.timeline", length, ct, f);
    fclose(f);
    timeline_destroy(tl);
    return n;
}

static const char *const phases = "phase welcome 0\nphase body 60\nphase return 100\n";

TEST(test_lint_a_lone_late_key_holds_from_the_start)
{
    char text[512], out[2048];
    snprintf(text, sizeof text, "%sreturn+21 endcard 1\n", phases);
    CHECK(lint(text, 0.0, NULL, out, sizeof out) == 1);
    CHECK(strstr(out, "t.timeline:4:1: warning: the first key of endcard") != NULL);
    CHECK(strstr(out, "from 0:00 on") != NULL);
    /* with a key at 0 holding the default, nothing to say */
    snprintf(text, sizeof text, "%swelcome endcard 0\nreturn+21 endcard 1\n", phases);
    CHECK(lint(text, 0.0, NULL, out, sizeof out) == 0);
    /* a late first key that holds the default is harmless */
    snprintf(text, sizeof text, "%sbody glow 0\nbody+20 glow 1\n", phases);
    CHECK(lint(text, 0.0, NULL, out, sizeof out) == 0);
}

TEST(test_lint_keys_after_the_narration)
{
    char text[512], out[2048];
    snprintf(text, sizeof text,
             "%swelcome glow 0\nbody glow 0.5\n5:00 glow 1\nwelcome fade 1\n3:30 fade 0\n", phases);
    CHECK(lint(text, 200.0, NULL, out, sizeof out) == 1);
    CHECK(strstr(out, "t.timeline:6:1: warning: this glow key at 00:05:00.000 comes after") != NULL);
    CHECK(lint(text, 0.0, NULL, out, sizeof out) == 0); /* length unknown */
    CHECK(lint(text, 400.0, NULL, out, sizeof out) == 0);
}

TEST(test_lint_end_card_and_fade_over_captions)
{
    const char *vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nHello\n\n"
                      "00:01:30.000 --> 00:01:35.000\nThe last words\n";
    caption_track *ct = captions_parse_vtt("t.vtt", vtt, strlen(vtt), NULL);
    CHECK(ct && ct->count == 2);
    char text[512], out[2048];
    /* the card eases in from 1:28, over the last words; the fade in from
     * black over the first cue is not a trap */
    snprintf(text, sizeof text,
             "%swelcome fade 0\nwelcome+3 fade 1\nwelcome endcard 0\n1:28 endcard 0\n"
             "1:31 endcard 1\n",
             phases);
    CHECK(lint(text, 0.0, ct, out, sizeof out) == 1);
    CHECK(strstr(out, "the end card shows at") != NULL);
    CHECK(strstr(out, "over the caption at t.vtt:6") != NULL);
    /* a fade toward black over the last words */
    snprintf(text, sizeof text, "%swelcome fade 0\nwelcome+3 fade 1\n1:30 fade 1\n1:36 fade 0\n",
             phases);
    CHECK(lint(text, 0.0, ct, out, sizeof out) == 1);
    CHECK(strstr(out, "fades toward black") != NULL);
    /* the card after the last word: clean */
    snprintf(text, sizeof text, "%swelcome endcard 0\n1:36 endcard 0\n1:39 endcard 1\n", phases);
    CHECK(lint(text, 0.0, ct, out, sizeof out) == 0);
    captions_destroy(ct);
}

TEST(test_lint_the_shipped_choreographies_are_clean)
{
    caption_track *ct = captions_load(FOUNTAIN ".vtt", NULL);
    CHECK(ct != NULL);
    timeline *tl = timeline_load(FOUNTAIN ".timeline");
    char out[4096] = "";
    FILE *f = fmemopen(out, sizeof out, "w");
    CHECK(timeline_lint(tl, "fountain.timeline", 590.0, ct, f) == 0);
    fclose(f);
    if (out[0])
        fprintf(stderr, "%s", out);
    timeline_destroy(tl);
    tl = timeline_load(WS_SOURCE_DATA_DIR "/audio/short-session.timeline");
    f = fmemopen(out, sizeof out, "w");
    CHECK(timeline_lint(tl, "short-session.timeline", 0.0, NULL, f) == 0);
    fclose(f);
    timeline_destroy(tl);
    captions_destroy(ct);
}

int main(void)
{
    RUN(test_lint_a_lone_late_key_holds_from_the_start);
    RUN(test_lint_keys_after_the_narration);
    RUN(test_lint_end_card_and_fade_over_captions);
    RUN(test_lint_the_shipped_choreographies_are_clean);
    return check_done();
}
