/* WebVTT parsing: the W3C quirks issue 3 lists, and malformed input. */
#include "captions/captions.h"
#include "check.h"
#include "encode_util.h"

#include <stdlib.h>
#include <unistd.h>

static caption_track *parse(const char *s, captions_diag *d)
{
    return captions_parse_vtt("t.vtt", s, strlen(s), d);
}

/* Is there a record of this severity on this line whose message contains
 * the word? line 0 matches any line. */
static int has_diag(const captions_diag *d, captions_severity sev, int line, const char *word)
{
    for (size_t i = 0; i < d->count; i++) {
        const captions_diag_record *r = &d->records[i];
        if (r->severity == sev && (line == 0 || r->line == line) && strstr(r->message, word))
            return 1;
    }
    return 0;
}

TEST(test_vtt_parses_basic_cues_with_ids)
{
    captions_diag d = {0};
    caption_track *t = parse("WEBVTT\n\nfirst\n00:00:01.000 --> 00:00:04.000\nHello\nworld\n\n"
                             "00:05.250 --> 00:07.000\nSecond\n", &d);
    CHECK(t && t->count == 2);
    if (t && t->count == 2) {
        CHECK(t->format == CAPTIONS_FORMAT_VTT);
        CHECK_STR(t->cues[0].id, "first");
        CHECK_NEAR(t->cues[0].start, 1.0, 1e-9);
        CHECK_NEAR(t->cues[0].end, 4.0, 1e-9);
        CHECK_STR(t->cues[0].text, "Hello\nworld");
        CHECK(t->cues[0].text_len == 11);
        CHECK(t->cues[0].line == 4);
        CHECK_STR(t->cues[1].id, "");
        CHECK_NEAR(t->cues[1].start, 5.25, 1e-9);
    }
    CHECK(d.errors == 0 && d.warnings == 0);
    captions_destroy(t);
    captions_diag_free(&d);
}

TEST(test_vtt_rejects_missing_header)
{
    captions_diag d = {0};
    caption_track *t = parse("1\n00:00:01.000 --> 00:00:02.000\nHi\n", &d);
    CHECK(t == NULL);
    CHECK(d.errors == 1);
    CHECK(has_diag(&d, CAPTIONS_ERROR, 1, "WEBVTT"));
    captions_diag_free(&d);
    /* "WEBVTTX" is not the header either; "WEBVTT\ttitle" is. */
    t = parse("WEBVTTX\n\n00:01.000 --> 00:02.000\nHi\n", &d);
    CHECK(t == NULL);
    captions_diag_free(&d);
    t = parse("WEBVTT\ttitle\n\n00:01.000 --> 00:02.000\nHi\n", &d);
    CHECK(t && t->count == 1);
    captions_destroy(t);
    captions_diag_free(&d);
}

TEST(test_vtt_accepts_bom_and_all_line_endings)
{
    const char *inputs[] = {
        "\xef\xbb\xbfWEBVTT\n\n00:01.000 --> 00:02.000\nA\nB\n",
        "WEBVTT\r\n\r\n00:01.000 --> 00:02.000\r\nA\r\nB\r\n",
        "WEBVTT\r\r00:01.000 --> 00:02.000\rA\rB\r",
        "WEBVTT\n\r\n00:01.000 --> 00:02.000\rA\r\nB",
    };
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        captions_diag d = {0};
        caption_track *t = parse(inputs[i], &d);
        CHECK(t && t->count == 1);
        if (t && t->count == 1)
            CHECK_STR(t->cues[0].text, "A\nB");
        CHECK(d.errors == 0);
        captions_destroy(t);
        captions_diag_free(&d);
    }
}

TEST(test_vtt_skips_note_style_region_blocks)
{
    captions_diag d = {0};
    caption_track *t = parse("WEBVTT\n\nREGION\nid:r1 width:40%\n\nSTYLE\n::cue { color: red }\n\n"
                             "NOTE a comment\nover two lines\n\nNOTE\n\n"
                             "00:01.000 --> 00:02.000\nText\n\nNOTE after a cue\n\n"
                             "00:03.000 --> 00:04.000\nMore\n", &d);
    CHECK(t && t->count == 2);
    if (t && t->count == 2) {
        CHECK_STR(t->cues[0].text, "Text");
        CHECK_STR(t->cues[1].text, "More");
    }
    CHECK(d.errors == 0 && d.warnings == 0);
    captions_destroy(t);
    captions_diag_free(&d);
}

TEST(test_vtt_parses_hour_and_minute_timestamps)
{
    captions_diag d = {0};
    caption_track *t = parse("WEBVTT\n\n01:02:03.456 --> 101:00:00.000\nA\n\n"
                             "59:59.999 --> 1:00:00.000\nB\n", &d);
    CHECK(t && t->count == 2);
    if (t && t->count == 2) {
        CHECK_NEAR(t->cues[0].start, 59 * 60 + 59.999, 1e-9);
        CHECK_NEAR(t->cues[0].end, 3600.0, 1e-9);
        CHECK_NEAR(t->cues[1].start, 3723.456, 1e-9);
        CHECK_NEAR(t->cues[1].end, 101 * 3600.0, 1e-9);
    }
    captions_destroy(t);
    captions_diag_free(&d);
}

TEST(test_vtt_rejects_malformed_timestamps)
{
    const char *bad[] = {
        "00:01.00 --> 00:02.000",   /* 2 digits of ms */
        "00:01,000 --> 00:02.000",  /* comma */
        "00:60.000 --> 01:02.000",  /* seconds 60 */
        "00:01.000 --> 00:02",      /* no ms */
        "0:01.000 --> 00:02.000",   /* 1-digit minutes read as hours */
        "00:01.000 x--> 00:02.000", /* junk before the arrow */
        "-00:01.000 --> 00:02.000", /* sign */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char buf[256];
        snprintf(buf, sizeof buf, "WEBVTT\n\n%s\nText\n\n00:05.000 --> 00:06.000\nKept\n", bad[i]);
        captions_diag d = {0};
        caption_track *t = parse(buf, &d);
        CHECK(t && t->count == 1);
        if (t && t->count == 1)
            CHECK_STR(t->cues[0].text, "Kept");
        CHECK(d.errors == 1);
        CHECK(d.count == 1 && d.records[0].line == 3 && d.records[0].col >= 1);
        captions_destroy(t);
        captions_diag_free(&d);
    }
}

TEST(test_vtt_rejects_end_before_start)
{
    captions_diag d = {0};
    caption_track *t = parse("WEBVTT\n\n00:05.000 --> 00:04.000\nBackwards\n\n"
                             "00:05.000 --> 00:05.000\nEmpty span\n\n"
                             "00:06.000 --> 00:07.000\nGood\n", &d);
    CHECK(t && t->count == 1);
    if (t && t->count == 1)
        CHECK_STR(t->cues[0].text, "Good");
    CHECK(d.errors == 2);
    CHECK(has_diag(&d, CAPTIONS_ERROR, 3, "not after its start"));
    CHECK(has_diag(&d, CAPTIONS_ERROR, 6, "not after its start"));
    captions_destroy(t);
    captions_diag_free(&d);
}

TEST(test_vtt_parses_settings)
{
    captions_diag d = {0};
    caption_track *t = parse(
        "WEBVTT\n\n"
        "00:01.000 --> 00:02.000 line:-2 align:left position:30%,line-left size:50%\nA\n\n"
        "00:03.000 --> 00:04.000 line:10%,end align:end\nB\n\n"
        "00:05.000 --> 00:06.000\nC\n\n"
        "00:07.000 --> 00:08.000 line:0 align:center\nD\n", &d);
    CHECK(t && t->count == 4);
    if (t && t->count == 4) {
        const caption_settings *a = &t->cues[0].settings;
        CHECK(a->has_line && !a->line_is_percent);
        CHECK_NEAR(a->line, -2.0, 1e-9);
        CHECK(a->align == CAPTION_ALIGN_LEFT);
        CHECK(a->has_position && a->position_align == CAPTION_POSITION_ALIGN_LINE_LEFT);
        CHECK_NEAR(a->position, 30.0, 1e-9);
        CHECK(a->has_size);
        CHECK_NEAR(a->size, 50.0, 1e-9);
        const caption_settings *b = &t->cues[1].settings;
        CHECK(b->has_line && b->line_is_percent && b->line_align == CAPTION_LINE_ALIGN_END);
        CHECK_NEAR(b->line, 10.0, 1e-9);
        CHECK(b->align == CAPTION_ALIGN_END);
        const caption_settings *c = &t->cues[2].settings;
        CHECK(!c->has_line && !c->has_position && c->align == CAPTION_ALIGN_CENTER);
        CHECK_NEAR(c->size, 100.0, 1e-9);
        CHECK(t->cues[3].settings.has_line && t->cues[3].settings.line == 0.0);
    }
    CHECK(d.errors == 0 && d.warnings == 0);
    captions_destroy(t);
    captions_diag_free(&d);
}

TEST(test_vtt_warns_on_bad_settings_and_keeps_cue)
{
    captions_diag d = {0};
    caption_track *t = parse("WEBVTT\n\n00:01.000 --> 00:02.000 line:abc size:150% "
                             "align:top colour:red position:\nA\n", &d);
    CHECK(t && t->count == 1);
    if (t && t->count == 1) {
        CHECK(!t->cues[0].settings.has_line);
        CHECK(!t->cues[0].settings.has_size);
        CHECK(t->cues[0].settings.align == CAPTION_ALIGN_CENTER);
    }
    CHECK(d.errors == 0 && d.warnings == 5);
    CHECK(has_diag(&d, CAPTIONS_WARNING, 3, "unknown cue setting 'colour'"));
    captions_destroy(t);
    captions_diag_free(&d);
}

TEST(test_vtt_strips_tags_and_keeps_italics)
{
    captions_diag d = {0};
    caption_track *t = parse("WEBVTT\n\n00:01.000 --> 00:05.000\n"
                             "<v Guide>Breathe <i>in</i> <b>slowly</b>,</v>\n"
                             "<c.calm.soft>let</c> <lang en>it</lang> <u>go</u><00:03.000> "
                             "<i.x>now\nand</i> rest\n", &d);
    CHECK(t && t->count == 1);
    if (t && t->count == 1) {
        const caption_cue *c = &t->cues[0];
        CHECK_STR(c->text, "Breathe in slowly,\nlet it go now\nand rest");
        /* runs: "Breathe " upright, "in" italic, " slowly,\nlet it go " upright,
         * "now\nand" italic, " rest" upright */
        CHECK(c->run_count == 5);
        if (c->run_count == 5) {
            CHECK(c->runs[0].offset == 0 && c->runs[0].length == 8 && !c->runs[0].italic);
            CHECK(c->runs[1].offset == 8 && c->runs[1].length == 2 && c->runs[1].italic);
            CHECK(!c->runs[2].italic);
            CHECK(c->runs[3].italic &&
                  strncmp(c->text + c->runs[3].offset, "now\nand", c->runs[3].length) == 0);
            CHECK(c->runs[4].offset + c->runs[4].length == c->text_len);
        }
    }
    CHECK(d.errors == 0 && d.warnings == 0);
    captions_destroy(t);
    captions_diag_free(&d);
}

TEST(test_vtt_decodes_entities)
{
    captions_diag d = {0};
    caption_track *t = parse("WEBVTT\n\n00:01.000 --> 00:02.000\n"
                             "a &amp; b &lt;c&gt; d&nbsp;e &lrm;&rlm; &#65;&#x42; &bogus; & x\n",
                             &d);
    CHECK(t && t->count == 1);
    if (t && t->count == 1)
        CHECK_STR(t->cues[0].text, "a & b <c> d\xc2\xa0" "e \xe2\x80\x8e\xe2\x80\x8f AB &bogus; & x");
    captions_destroy(t);
    captions_diag_free(&d);
}

/* ---- the W3C WebVTT parsing rules, cue by cue ------------------------ */

/* The text of the one cue "00:01.000 --> 00:02.000\n<payload>" parses to
 * (static; "(no cue)" when there is none), and how many italic bytes. */
static const char *cue_text(const char *payload, size_t *italic_bytes)
{
    static char out[512];
    char src[1024];
    snprintf(src, sizeof src, "WEBVTT\n\n00:01.000 --> 00:02.000\n%s\n", payload);
    captions_diag d = {0};
    caption_track *t = parse(src, &d);
    snprintf(out, sizeof out, "%s", t && t->count == 1 ? t->cues[0].text : "(no cue)");
    if (italic_bytes) {
        *italic_bytes = 0;
        for (size_t i = 0; t && t->count == 1 && i < t->cues[0].run_count; i++)
            if (t->cues[0].runs[i].italic)
                *italic_bytes += t->cues[0].runs[i].length;
    }
    captions_destroy(t);
    captions_diag_free(&d);
    return out;
}

TEST(test_vtt_spec_named_character_references)
{
    /* with ';', from the whole HTML list, one or two code points */
    CHECK_STR(cue_text("d&eacute;tente &hellip; &CounterClockwiseContourIntegral;", NULL),
              "d\xc3\xa9tente \xe2\x80\xa6 \xe2\x88\xb3");
    CHECK_STR(cue_text("&NotEqualTilde; &fjlig; &lt;i&gt;", NULL),
              "\xe2\x89\x82\xcc\xb8 fj <i>");
    /* the legacy names also without ';', the longest match first */
    CHECK_STR(cue_text("&amp &eacute &copy2026 &notit; &nbspx", NULL),
              "& \xc3\xa9 \xc2\xa9" "2026 \xc2\xac" "it; \xc2\xa0x");
    /* other names need their ';'; unknown names and a lone '&' are text */
    CHECK_STR(cue_text("&hellip &bogus; & x &; &&amp;", NULL), "&hellip &bogus; & x &; &&");
    /* names are case-sensitive: &AMP is a legacy name too, &Amp is not */
    CHECK_STR(cue_text("&AMP; &Amp;", NULL), "& &Amp;");
}

TEST(test_vtt_spec_numeric_character_references)
{
    CHECK_STR(cue_text("&#233; &#xE9; &#XE9 &#x1F33F;", NULL),
              "\xc3\xa9 \xc3\xa9 \xc3\xa9 \xf0\x9f\x8c\xbf");
    /* 0x80..0x9F read as Windows-1252, as HTML does */
    CHECK_STR(cue_text("&#128; &#x92;", NULL), "\xe2\x82\xac \xe2\x80\x99");
    /* zero, surrogates and values past U+10FFFF are U+FFFD */
    CHECK_STR(cue_text("&#0; &#xD800; &#x110000; &#99999999999999999999;", NULL),
              "\xef\xbf\xbd \xef\xbf\xbd \xef\xbf\xbd \xef\xbf\xbd");
    /* no digits: not a reference */
    CHECK_STR(cue_text("&#; &#x; &#xg;", NULL), "&#; &#x; &#xg;");
}

TEST(test_vtt_spec_form_feed_is_whitespace)
{
    captions_diag d = {0};
    /* header text may hold one, after the space the spec requires */
    caption_track *t = parse("WEBVTT \f title\n\n"
                             "\f00:01.000\f-->\f00:02.000\fline:1\falign:start\f\nA\n", &d);
    CHECK(t && t->count == 1);
    if (t && t->count == 1) {
        CHECK_NEAR(t->cues[0].end, 2.0, 1e-9);
        CHECK(t->cues[0].settings.has_line && t->cues[0].settings.line == 1.0);
        CHECK(t->cues[0].settings.align == CAPTION_ALIGN_START);
    }
    CHECK(d.errors == 0 && d.warnings == 0);
    captions_destroy(t);
    captions_diag_free(&d);
    /* but the character right after "WEBVTT" must be a space, tab or LF */
    CHECK(parse("WEBVTT\f\n\n00:01.000 --> 00:02.000\nA\n", &d) == NULL);
    CHECK(d.errors == 1);
    captions_diag_free(&d);
    /* and a form feed in cue text's tags separates like a space */
    size_t it;
    CHECK_STR(cue_text("<i\fx>a</i>b", &it), "ab");
    CHECK(it == 1);
}

TEST(test_vtt_spec_timestamps)
{
    captions_diag d = {0};
    caption_track *t = parse("WEBVTT\n\n"
                             "01:02:03.004 --> 01:02:04.000\nh\n\n"   /* 3: with hours */
                             "02:03.004 --> 02:04.000\nm\n\n"         /* 6: without */
                             "100:00:00.000 --> 100:00:01.000\nH\n\n" /* 9: three hour digits */
                             "75:00.000 --> 75:01.000\nx\n\n"         /* 12: 75 is hours */
                             "00:60.000 --> 01:00.000\nx\n\n"         /* 15: seconds > 59 */
                             "00:01.00 --> 00:02.000\nx\n\n"          /* 18: two ms digits */
                             "00:01.0000 --> 00:02.000\nx\n\n"        /* 21: four */
                             "0:01.000 --> 0:02.000\nx\n\n"           /* 24: one-digit minutes */
                             "00:01.000 --> 00:02.000x\nx\n",         /* 27: junk is a setting */
                             &d);
    CHECK(t && t->count == 4);
    if (t && t->count == 4) { /* sorted by start */
        CHECK(t->cues[0].line == 27);
        CHECK_NEAR(t->cues[0].start, 1.0, 1e-9);
        CHECK_NEAR(t->cues[1].start, 2 * 60 + 3.004, 1e-9);
        CHECK_NEAR(t->cues[2].start, 3600 + 2 * 60 + 3.004, 1e-9);
        CHECK_NEAR(t->cues[3].start, 100 * 3600.0, 1e-9);
    }
    CHECK(has_diag(&d, CAPTIONS_ERROR, 12, "bad start time"));
    CHECK(has_diag(&d, CAPTIONS_ERROR, 15, "bad start time"));
    CHECK(has_diag(&d, CAPTIONS_ERROR, 18, "bad start time"));
    CHECK(has_diag(&d, CAPTIONS_ERROR, 21, "bad start time"));
    CHECK(has_diag(&d, CAPTIONS_ERROR, 24, "bad start time"));
    CHECK(has_diag(&d, CAPTIONS_WARNING, 27, "'x'"));
    CHECK(d.errors == 5);
    captions_destroy(t);
    captions_diag_free(&d);
}

TEST(test_vtt_spec_cue_settings)
{
    captions_diag d = {0};
    caption_track *t = parse(
        "WEBVTT\n\n"
        "00:01.000 --> 00:02.000 vertical:rl line:-1 position:10%,line-right size:80% "
        "align:right\nA\n\n"
        /* each refused value leaves the setting as it was */
        "00:03.000 --> 00:04.000 line:50%,center vertical:xx line:1.5.3 line:-5% line:5,top "
        "line:auto position:110% position:20%,left size:80 align:middle Align:start\nB\n\n"
        /* the last valid one wins; a bare number snaps to lines */
        "00:05.000 --> 00:06.000 line:3 line:2.5 position:auto size:0% align:left align:start\nC\n",
        &d);
    CHECK(t && t->count == 3);
    if (t && t->count == 3) {
        const caption_settings *a = &t->cues[0].settings;
        CHECK(a->vertical && a->has_line && !a->line_is_percent && a->line == -1.0);
        CHECK(a->has_position && a->position == 10.0 &&
              a->position_align == CAPTION_POSITION_ALIGN_LINE_RIGHT);
        CHECK(a->has_size && a->size == 80.0 && a->align == CAPTION_ALIGN_RIGHT);
        const caption_settings *b = &t->cues[1].settings;
        CHECK(b->has_line && b->line_is_percent && b->line == 50.0);
        CHECK(b->line_align == CAPTION_LINE_ALIGN_CENTER);
        CHECK(!b->vertical && !b->has_position && !b->has_size);
        CHECK(b->align == CAPTION_ALIGN_CENTER);
        const caption_settings *c = &t->cues[2].settings;
        CHECK(c->has_line && !c->line_is_percent && c->line == 2.5);
        CHECK(c->has_size && c->size == 0.0 && c->align == CAPTION_ALIGN_START);
    }
    /* every ignored token gets a warning (the spec ignores them silently) */
    CHECK(d.errors == 0 && d.warnings == 11);
    CHECK(has_diag(&d, CAPTIONS_WARNING, 6, "unknown cue setting 'Align'"));
    captions_destroy(t);
    captions_diag_free(&d);
}

TEST(test_vtt_spec_blocks_and_arrows_in_text)
{
    captions_diag d = {0};
    /* "-->" in cue text ends the cue and starts a block, here one whose
     * timing line is bad: that cue and its text are lost */
    caption_track *t = parse("WEBVTT\n\n00:01.000 --> 00:02.000\nA\nB --> C\nD\n\n"
                             "id\n00:03.000 --> 00:04.000\nE\n \nF\n\n"
                             "00:05.000 --> 00:06.000\n00:07.000 --> 00:08.000\nG\n",
                             &d);
    CHECK(t && t->count == 4);
    if (t && t->count == 4) {
        CHECK_STR(t->cues[0].text, "A");
        /* a line of blanks does not end a cue (only an empty line does) */
        CHECK_STR(t->cues[1].id, "id");
        CHECK_STR(t->cues[1].text, "E\n\nF");
        /* a second timing line right after the first starts a new cue; the
         * first is a cue without text */
        CHECK_STR(t->cues[2].text, "");
        CHECK_NEAR(t->cues[3].start, 7.0, 1e-9);
        CHECK_STR(t->cues[3].text, "G");
    }
    CHECK(has_diag(&d, CAPTIONS_WARNING, 5, "missing blank line"));
    CHECK(has_diag(&d, CAPTIONS_ERROR, 5, "bad start time"));
    CHECK(has_diag(&d, CAPTIONS_WARNING, 11, "only blanks"));
    CHECK(has_diag(&d, CAPTIONS_WARNING, 15, "missing blank line"));
    CHECK(d.errors == 1 && d.warnings == 3);
    captions_destroy(t);
    captions_diag_free(&d);
}

TEST(test_vtt_spec_cue_text_tags)
{
    size_t it;
    /* an end tag closes only the node it names: </i> inside <b> is ignored */
    CHECK_STR(cue_text("<i><b>x</i>y</b>z</i>w", &it), "xyzw");
    CHECK(it == 3);
    /* "</i >" names "i ", not "i" */
    CHECK_STR(cue_text("<i>a</i >b</i>c", &it), "abc");
    CHECK(it == 2);
    /* classes and annotations; unknown tags and timestamps are dropped */
    CHECK_STR(cue_text("<i.loud>a</i><i foo>b</i><v Roger>c</v><foo>d</foo><00:01.500>e<>f", &it),
              "abcdef");
    CHECK(it == 2);
    /* <rt> only inside <ruby>; </ruby> closes an open <rt> too */
    CHECK_STR(cue_text("<ruby>a<rt>b</ruby><i>c</i>", &it), "abc");
    CHECK(it == 1);
    /* a tag may run over a line break */
    CHECK_STR(cue_text("<i\nx>a</i>\nb", &it), "a\nb");
    CHECK(it == 1);
}

TEST(test_vtt_unterminated_tag_is_dropped_with_warning)
{
    captions_diag d = {0};
    caption_track *t = parse("WEBVTT\n\n00:01.000 --> 00:02.000\nkeep <i\n", &d);
    CHECK(t && t->count == 1);
    if (t && t->count == 1)
        CHECK_STR(t->cues[0].text, "keep ");
    CHECK(d.warnings == 1 && d.errors == 0);
    captions_destroy(t);
    captions_diag_free(&d);
}

TEST(test_vtt_handles_missing_blank_lines)
{
    captions_diag d = {0};
    caption_track *t = parse("WEBVTT\n00:01.000 --> 00:02.000\nOne\n00:03.000 --> 00:04.000\nTwo\n",
                             &d);
    CHECK(t && t->count == 2);
    if (t && t->count == 2) {
        CHECK_STR(t->cues[0].text, "One");
        CHECK_STR(t->cues[1].text, "Two");
    }
    CHECK(d.errors == 0 && d.warnings == 2);
    captions_destroy(t);
    captions_diag_free(&d);
}

TEST(test_vtt_ignores_text_without_timing)
{
    captions_diag d = {0};
    caption_track *t = parse("WEBVTT\n\nstray words\nmore words\n\n00:01.000 --> 00:02.000\nA\n",
                             &d);
    CHECK(t && t->count == 1);
    CHECK(d.errors == 0 && d.warnings == 1);
    captions_destroy(t);
    captions_diag_free(&d);
}

TEST(test_vtt_sorts_cues_by_start)
{
    captions_diag d = {0};
    caption_track *t = parse("WEBVTT\n\n00:05.000 --> 00:06.000\nB\n\n00:01.000 --> 00:02.000\nA\n\n"
                             "00:05.000 --> 00:07.000\nC\n", &d);
    CHECK(t && t->count == 3);
    if (t && t->count == 3) {
        CHECK_STR(t->cues[0].text, "A");
        CHECK_STR(t->cues[1].text, "B"); /* same start: file order */
        CHECK_STR(t->cues[2].text, "C");
        CHECK(captions_cue_at(t, 1.5) == 0);
        CHECK(captions_cue_at(t, 3.0) == -1);
        CHECK(captions_cue_at(t, 5.5) == 2);
        CHECK(captions_cue_at(t, 6.5) == 2);
        CHECK(captions_cue_at(t, 7.0) == -1);
    }
    CHECK(d.warnings == 1);
    captions_destroy(t);
    captions_diag_free(&d);
}

TEST(test_vtt_invalid_utf8_warns_once)
{
    /* UTF-8 with two bad bytes among good accented letters: damaged UTF-8,
     * not Windows-1252 (text_decode.h), so the bad bytes become U+FFFD. */
    captions_diag d = {0};
    caption_track *t = parse("WEBVTT\n\n00:01.000 --> 00:02.000\nA\xff" "B d\xc3\xa9j\xc3\xa0\n\n"
                             "00:03.000 --> 00:04.000\n\xc3(\xc3\xa9t\xc3\xa9\n", &d);
    CHECK(t && t->count == 2);
    if (t && t->count == 2) {
        CHECK_STR(t->cues[0].text, "A\xef\xbf\xbd" "B d\xc3\xa9j\xc3\xa0");
        CHECK_STR(t->cues[1].text, "\xef\xbf\xbd(\xc3\xa9t\xc3\xa9");
    }
    CHECK(d.warnings == 1 && d.errors == 0);
    CHECK(has_diag(&d, CAPTIONS_WARNING, 4, "UTF-8"));
    CHECK(d.count == 1 && d.records[0].col == 2);
    captions_destroy(t);
    captions_diag_free(&d);
}

TEST(test_vtt_nul_bytes_and_unterminated_buffer)
{
    static const char data[] = "WEBVTT\n\n00:01.000 --> 00:02.000\nA\0B\nTAIL-NOT-PART";
    captions_diag d = {0};
    /* length stops inside the text: the parser must not read past it */
    size_t len = sizeof data - 1 - strlen("\nTAIL-NOT-PART");
    caption_track *t = captions_parse_vtt("t.vtt", data, len, &d);
    CHECK(t && t->count == 1);
    if (t && t->count == 1)
        CHECK_STR(t->cues[0].text, "A\xef\xbf\xbd" "B");
    captions_destroy(t);
    captions_diag_free(&d);
}

TEST(test_vtt_deep_nesting_and_long_lines_are_bounded)
{
    /* 100,000 nested <i> tags spread over lines, then a 1 MB line. */
    size_t n = 100000;
    size_t cap = 64 + n * 4 + (1u << 20) + 64;
    char *buf = malloc(cap);
    CHECK(buf != NULL);
    if (!buf)
        return;
    size_t o = (size_t)sprintf(buf, "WEBVTT\n\n00:01.000 --> 00:02.000\n");
    for (size_t i = 0; i < n; i++) {
        memcpy(buf + o, "<i>", 3);
        o += 3;
        if (i % 1000 == 999)
            buf[o++] = '\n';
    }
    memcpy(buf + o, "deep\n\n00:03.000 --> 00:04.000\n", 30);
    o += 30;
    memset(buf + o, 'x', 1u << 20);
    o += 1u << 20;
    memcpy(buf + o, "\nend\n", 5);
    o += 5;
    captions_diag d = {0};
    caption_track *t = captions_parse_vtt("big.vtt", buf, o, &d);
    CHECK(t && t->count == 2);
    if (t && t->count == 2) {
        CHECK(t->cues[0].text_len <= CAPTIONS_MAX_CUE_BYTES);
        CHECK_STR(t->cues[1].text, "end"); /* the 1 MB line is dropped */
    }
    CHECK(has_diag(&d, CAPTIONS_ERROR, 0, "bytes long"));
    captions_destroy(t);
    captions_diag_free(&d);
    free(buf);
}

TEST(test_vtt_refuses_oversized_buffer)
{
    captions_diag d = {0};
    /* The size check comes before any read, so a short buffer with a large
     * claimed length is never touched. */
    caption_track *t = captions_parse_vtt("huge.vtt", "WEBVTT\n", CAPTIONS_MAX_FILE_BYTES + 1u, &d);
    CHECK(t == NULL);
    CHECK(d.errors == 1 && d.records[0].line == 0);
    captions_diag_free(&d);
}

/* Is there an error at line:col whose message asks for "-->"? */
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

TEST(test_vtt_broken_arrow_is_an_error_at_its_column)
{
    captions_diag d = {0};
    caption_track *t = parse("WEBVTT\n\n"
                             "00:01.000 -> 00:02.000\nRespirez doucement.\n\n"         /* 3 */
                             "souffle\n00:03.000 => 00:04.000\nLaissez-vous aller.\n\n" /* 7 */
                             "00:05.000 \xe2\x80\x94> 00:06.000\n\xc3\x80 la d\xc3\xa9tente.\n\n" /* 10 */
                             "00:07.000 -- > 00:08.000\nEncore.\n\n"                   /* 13 */
                             "00:09.000 --> 00:10.000\nInspirez -> expirez\n\n"
                             "00:11.000 ---> 00:12.000\nTrop long.\n",                  /* 19 */
                             &d);
    CHECK(t && t->count == 1);
    if (t && t->count == 1)
        CHECK_STR(t->cues[0].text, "Inspirez -> expirez");
    CHECK(has_arrow_error(&d, 3, 11));
    CHECK(has_arrow_error(&d, 7, 11));
    CHECK(has_arrow_error(&d, 10, 11));
    CHECK(has_arrow_error(&d, 13, 11));
    CHECK(has_arrow_error(&d, 19, 11));
    CHECK(d.errors == 5 && d.warnings == 0);
    captions_destroy(t);
    captions_diag_free(&d);

    /* "->" in cue text, even a whole line of it, is text: only a line where
     * the timing line belongs is read as one. */
    t = parse("WEBVTT\n\n00:01.000 --> 00:04.000\nA -> B\n00:02.000 -> 00:03.000\n", &d);
    CHECK(t && t->count == 1);
    if (t && t->count == 1)
        CHECK_STR(t->cues[0].text, "A -> B\n00:02.000 -> 00:03.000");
    CHECK(d.errors == 0 && d.warnings == 0);
    captions_destroy(t);
    captions_diag_free(&d);
}

#define FR_UTF8 "Respirez doucement, laissez-vous aller \xc3\xa0 la d\xc3\xa9tente \xf0\x9f\x8c\xbf"

TEST(test_vtt_reads_utf16_and_utf32_files_with_bom)
{
    const char *src = "WEBVTT\r\n\r\n00:01.000 --> 00:04.000\r\n" FR_UTF8 "\r\n";
    static const struct {
        int bytes, le;
    } kinds[] = {{2, 1}, {2, 0}, {4, 1}, {4, 0}};
    static char buf[4096];
    for (size_t k = 0; k < 4; k++) {
        size_t n = encode_utf(src, kinds[k].bytes, kinds[k].le, buf);
        captions_diag d = {0};
        /* found to be WebVTT by content, not by name */
        CHECK(captions_detect("notepad.txt", buf, n) == CAPTIONS_FORMAT_VTT);
        caption_track *t = captions_parse("notepad.txt", buf, n, &d);
        CHECK(t && t->count == 1);
        if (t && t->count == 1) {
            CHECK_STR(t->cues[0].text, FR_UTF8);
            CHECK_NEAR(t->cues[0].end, 4.0, 1e-9);
        }
        /* read, with one warning: browsers read WebVTT only as UTF-8 */
        CHECK(d.errors == 0 && d.warnings == 1);
        CHECK(has_diag(&d, CAPTIONS_WARNING, 1, kinds[k].bytes == 2 ? "UTF-16" : "UTF-32"));
        captions_destroy(t);
        captions_diag_free(&d);
    }
}

TEST(test_vtt_reads_windows_1252_with_one_warning)
{
    captions_diag d = {0};
    /* "L'air est l\xe9ger..." as a Windows editor saves it: 0x92 is U+2019,
     * 0x85 U+2026, 0x80 U+20AC, 0xE0 U+00E0 */
    caption_track *t = parse("WEBVTT\n\n00:01.000 --> 00:04.000\nL\x92" "air est l\xe9ger\x85\n\n"
                             "00:05.000 --> 00:08.000\nLaissez-vous aller \xe0 la d\xe9tente (5 \x80)\n",
                             &d);
    CHECK(t && t->count == 2);
    if (t && t->count == 2) {
        CHECK_STR(t->cues[0].text, "L\xe2\x80\x99" "air est l\xc3\xa9ger\xe2\x80\xa6");
        CHECK_STR(t->cues[1].text, "Laissez-vous aller \xc3\xa0 la d\xc3\xa9tente (5 \xe2\x82\xac)");
    }
    CHECK(d.errors == 0 && d.warnings == 1);
    CHECK(has_diag(&d, CAPTIONS_WARNING, 4, "Windows-1252"));
    CHECK(d.count == 1 && d.records[0].col == 2);
    captions_destroy(t);
    captions_diag_free(&d);
}

TEST(test_captions_load_refuses_huge_file_before_reading)
{
    char path[] = "/tmp/ws_huge_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0)
        return;
    /* A sparse 100 MB file: costs no disk, and must not be read. */
    CHECK(ftruncate(fd, 100L * 1024 * 1024) == 0);
    close(fd);
    captions_diag d = {0};
    caption_track *t = captions_load(path, &d);
    CHECK(t == NULL && d.errors == 1);
    CHECK(d.count == 1 && strstr(d.records[0].message, "refused") != NULL);
    captions_diag_free(&d);
    unlink(path);
}

TEST(test_captions_load_says_a_directory_is_a_directory)
{
    char path[] = "/tmp/ws_capdir_XXXXXX";
    CHECK(mkdtemp(path) != NULL);
    captions_diag d = {0};
    caption_track *t = captions_load(path, &d);
    CHECK(t == NULL && d.errors == 1 && d.count == 1);
    if (d.count == 1) {
        CHECK(strstr(d.records[0].message, "is a directory") != NULL);
        CHECK(strstr(d.records[0].message, "bytes") == NULL);
    }
    captions_diag_free(&d);
    rmdir(path);
}

TEST(test_vtt_empty_and_header_only_files)
{
    captions_diag d = {0};
    CHECK(captions_parse_vtt("e.vtt", "", 0, &d) == NULL);
    CHECK(d.errors == 1);
    captions_diag_free(&d);
    caption_track *t = parse("WEBVTT", &d);
    CHECK(t && t->count == 0);
    CHECK(d.errors == 0);
    captions_destroy(t);
    captions_diag_free(&d);
    captions_destroy(NULL);
}

TEST(test_captions_detects_format)
{
    CHECK(captions_detect("a.srt", "WEBVTT\n", 7) == CAPTIONS_FORMAT_VTT);
    CHECK(captions_detect("a.txt", "\xef\xbb\xbfWEBVTT", 9) == CAPTIONS_FORMAT_VTT);
    CHECK(captions_detect("a.VTT", "1\n", 2) == CAPTIONS_FORMAT_VTT);
    CHECK(captions_detect("a.srt", "1\n", 2) == CAPTIONS_FORMAT_SRT);
    CHECK(captions_detect(NULL, NULL, 0) == CAPTIONS_FORMAT_SRT);
}

TEST(test_captions_loads_sample_files)
{
    captions_diag d = {0};
    caption_track *t = captions_load(WS_SOURCE_DATA_DIR "/tests/data/captions/basic.vtt", &d);
    CHECK(t && t->count == 4 && t->format == CAPTIONS_FORMAT_VTT);
    if (t && t->count == 4) {
        CHECK_STR(t->cues[1].id, "intro-2");
        CHECK(t->cues[1].settings.align == CAPTION_ALIGN_LEFT);
        CHECK_STR(t->cues[2].text, "Notice & rest <here>.");
        CHECK_STR(t->cues[3].text, "One more breath now.");
        CHECK_NEAR(t->cues[3].start, 3600.0, 1e-9);
    }
    CHECK(d.errors == 0 && d.warnings == 0);
    captions_destroy(t);
    captions_diag_free(&d);

    const char *files[] = {"crlf.vtt", "bom.vtt", "cr.vtt"};
    size_t counts[] = {2, 1, 1};
    for (size_t i = 0; i < 3; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/tests/data/captions/%s", WS_SOURCE_DATA_DIR, files[i]);
        t = captions_load(path, &d);
        CHECK(t && t->count == counts[i]);
        CHECK(d.errors == 0 && d.warnings == 0);
        captions_destroy(t);
        captions_diag_free(&d);
    }

    t = captions_load(WS_SOURCE_DATA_DIR "/tests/data/captions/no-such-file.vtt", &d);
    CHECK(t == NULL && d.errors == 1 && strstr(d.records[0].message, "cannot open"));
    captions_diag_free(&d);
}

TEST(test_captions_diag_formats_records)
{
    captions_diag d = {0};
    captions_diag_add(&d, "x.vtt", 7, 3, CAPTIONS_WARNING, "late %d", 1);
    captions_diag_add(&d, "x.vtt", 2, 1, CAPTIONS_ERROR, "early\nline");
    captions_diag_add(&d, "x.vtt", 0, 0, CAPTIONS_ERROR, "whole file");
    captions_diag_sort(&d);
    char buf[512] = "";
    FILE *f = tmpfile();
    CHECK(f != NULL);
    if (f) {
        captions_diag_print(&d, f);
        rewind(f);
        size_t n = fread(buf, 1, sizeof buf - 1, f);
        buf[n] = '\0';
        fclose(f);
    }
    CHECK_STR(buf, "x.vtt: error: whole file\nx.vtt:2:1: error: early line\n"
                   "x.vtt:7:3: warning: late 1\n");
    CHECK(d.errors == 2 && d.warnings == 1);
    captions_diag_free(&d);
    CHECK(d.count == 0 && d.records == NULL);
    captions_diag_add(NULL, "x", 1, 1, CAPTIONS_ERROR, "ignored");
}

int main(void)
{
    RUN(test_vtt_parses_basic_cues_with_ids);
    RUN(test_vtt_rejects_missing_header);
    RUN(test_vtt_accepts_bom_and_all_line_endings);
    RUN(test_vtt_skips_note_style_region_blocks);
    RUN(test_vtt_parses_hour_and_minute_timestamps);
    RUN(test_vtt_rejects_malformed_timestamps);
    RUN(test_vtt_rejects_end_before_start);
    RUN(test_vtt_parses_settings);
    RUN(test_vtt_warns_on_bad_settings_and_keeps_cue);
    RUN(test_vtt_strips_tags_and_keeps_italics);
    RUN(test_vtt_decodes_entities);
    RUN(test_vtt_spec_named_character_references);
    RUN(test_vtt_spec_numeric_character_references);
    RUN(test_vtt_spec_form_feed_is_whitespace);
    RUN(test_vtt_spec_timestamps);
    RUN(test_vtt_spec_cue_settings);
    RUN(test_vtt_spec_blocks_and_arrows_in_text);
    RUN(test_vtt_spec_cue_text_tags);
    RUN(test_vtt_unterminated_tag_is_dropped_with_warning);
    RUN(test_vtt_handles_missing_blank_lines);
    RUN(test_vtt_ignores_text_without_timing);
    RUN(test_vtt_sorts_cues_by_start);
    RUN(test_vtt_invalid_utf8_warns_once);
    RUN(test_vtt_nul_bytes_and_unterminated_buffer);
    RUN(test_vtt_deep_nesting_and_long_lines_are_bounded);
    RUN(test_vtt_refuses_oversized_buffer);
    RUN(test_vtt_broken_arrow_is_an_error_at_its_column);
    RUN(test_vtt_reads_utf16_and_utf32_files_with_bom);
    RUN(test_vtt_reads_windows_1252_with_one_warning);
    RUN(test_captions_load_refuses_huge_file_before_reading);
    RUN(test_captions_load_says_a_directory_is_a_directory);
    RUN(test_vtt_empty_and_header_only_files);
    RUN(test_captions_detects_format);
    RUN(test_captions_loads_sample_files);
    RUN(test_captions_diag_formats_records);
    return check_done();
}
