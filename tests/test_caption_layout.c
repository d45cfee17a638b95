/* TV caption layout with a fake monospace font: 10 px per code point
 * upright, 12 px italic. At 1920x1080 the width limit (60 %, 1152 px) is
 * looser than 42 characters, so the character limit decides the breaks. */
#include "captions/caption_layout.h"
#include "check.h"
#include "util/utf8.h"

#include <math.h>
#include <stdlib.h>

static float mono(void *user, const char *s, size_t len, int italic)
{
    (void)user;
    return (float)utf8_count(s, len) * (italic ? 12.0f : 10.0f);
}

static caption_layout_env env_1080(void)
{
    caption_layout_env e = {0};
    e.screen_w = 1920;
    e.screen_h = 1080;
    e.measure = mono;
    return e;
}

static caption_text plain(const char *s)
{
    caption_text t = {0};
    t.text = s;
    t.text_len = strlen(s);
    return t;
}

static size_t chars(const caption_line *l) { return utf8_count(l->text, l->len); }

/* Words of a line (space separated). */
static size_t words(const caption_line *l)
{
    size_t n = 0;
    int in = 0;
    for (size_t i = 0; i < l->len; i++) {
        int sp = l->text[i] == ' ';
        if (!sp && !in)
            n++;
        in = !sp;
    }
    return n;
}

TEST(test_layout_metrics_follow_style)
{
    caption_metrics m = caption_layout_metrics(NULL, 1920, 1080);
    CHECK_NEAR(m.line_height, 1080 * 0.08 * 0.7, 0.01);
    CHECK(m.font_px > 30.0f && m.font_px < m.line_height);
    CHECK_NEAR(m.max_width, 1152.0, 0.01);
    CHECK(m.max_chars == 42 && m.max_lines == 2);
    CHECK_NEAR(m.safe_x0, 96.0, 0.01);
    CHECK_NEAR(m.safe_y1, 1026.0, 0.01);
    CHECK_NEAR(m.band_y0, 864.0, 0.01);
    CHECK_NEAR(m.band_y1, 1004.4, 0.01);

    caption_style big = {0};
    big.size = 2.0f;
    caption_metrics b = caption_layout_metrics(&big, 1920, 1080);
    CHECK_NEAR(b.line_height, 2.0 * m.line_height, 0.01);
    CHECK(b.max_lines == 1); /* two lines that tall would cover the figure */
}

TEST(test_layout_keeps_short_text_on_one_line)
{
    caption_layout_env e = env_1080();
    caption_text t = plain("Breathe in slowly.");
    caption_layout out;
    CHECK(caption_layout_text(&e, &t, &out) == 0);
    CHECK(out.line_count == 1 && !out.overflow);
    CHECK_STR(out.lines[0].text, "Breathe in slowly.");
    CHECK_NEAR(out.lines[0].width, 180.0, 1e-3);
}

TEST(test_layout_balances_two_lines)
{
    caption_layout_env e = env_1080();
    /* 62 characters: greedy filling would give 41 + 20. */
    caption_text t = plain("Let the warmth rise from your heart into your arms and fingers");
    caption_layout out;
    CHECK(caption_layout_text(&e, &t, &out) == 0);
    CHECK(out.line_count == 2 && !out.overflow);
    long d = (long)chars(&out.lines[0]) - (long)chars(&out.lines[1]);
    CHECK(labs(d) <= 6);
    CHECK(chars(&out.lines[0]) <= 42 && chars(&out.lines[1]) <= 42);
    CHECK_STR(out.lines[0].text, "Let the warmth rise from your");
    CHECK_STR(out.lines[1].text, "heart into your arms and fingers");
}

TEST(test_layout_never_leaves_lone_word)
{
    caption_layout_env e = env_1080();
    /* The author's break would leave "now" alone: re-broken instead. */
    caption_text t = plain("Breathe in slowly and deeply, let it go\nnow");
    caption_layout out;
    CHECK(caption_layout_text(&e, &t, &out) == 0);
    CHECK(out.line_count == 2);
    CHECK(words(&out.lines[0]) > 1 && words(&out.lines[1]) > 1);

    /* Property: texts of short words that need two lines never get a line
     * holding one short word. Deterministic generator, fixed seed. */
    static const char *vocab[] = {"a", "to", "the", "and", "rest", "calm", "slowly", "breathe",
                                  "in", "out", "let", "go", "warm", "light", "heart", "now"};
    unsigned seed = 12345u;
    int bad = 0;
    for (int trial = 0; trial < 300; trial++) {
        char buf[256] = "";
        size_t len = 0;
        while (len < 50 + (size_t)(trial % 30)) {
            seed = seed * 1103515245u + 12345u;
            const char *w = vocab[(seed >> 16) % 16];
            if (len)
                buf[len++] = ' ';
            memcpy(buf + len, w, strlen(w));
            len += strlen(w);
            buf[len] = '\0';
        }
        caption_text tt = plain(buf);
        if (caption_layout_text(&e, &tt, &out) != 0 || out.line_count != 2) {
            bad++;
            continue;
        }
        for (int l = 0; l < 2; l++)
            if (words(&out.lines[l]) == 1 && chars(&out.lines[l]) <= 6)
                bad++;
    }
    CHECK(bad == 0);
}

TEST(test_layout_prefers_breaking_at_punctuation)
{
    caption_layout_env e = env_1080();
    caption_text t = plain("Feel the ground beneath you, and let your shoulders soften");
    caption_layout out;
    CHECK(caption_layout_text(&e, &t, &out) == 0);
    CHECK(out.line_count == 2);
    CHECK_STR(out.lines[0].text, "Feel the ground beneath you,");
}

TEST(test_layout_respects_author_breaks_that_fit)
{
    caption_layout_env e = env_1080();
    caption_text t = plain("Rest here.\nLet it be.");
    caption_layout out;
    CHECK(caption_layout_text(&e, &t, &out) == 0);
    CHECK(out.line_count == 2);
    CHECK_STR(out.lines[0].text, "Rest here.");
    CHECK_STR(out.lines[1].text, "Let it be.");

    /* Three author lines but only two allowed: re-wrapped, no '\n' left. */
    caption_text t3 = plain("One\ntwo\nthree");
    CHECK(caption_layout_text(&e, &t3, &out) == 0);
    CHECK(out.line_count == 1);
    CHECK_STR(out.lines[0].text, "One two three");
}

TEST(test_layout_geometry_in_band_and_safe_area)
{
    caption_layout_env e = env_1080();
    caption_text t = plain("Let the warmth rise from your heart into your arms and fingers");
    caption_layout out;
    CHECK(caption_layout_text(&e, &t, &out) == 0);
    caption_metrics m = caption_layout_metrics(NULL, 1920, 1080);
    CHECK(out.line_count == 2);
    for (int l = 0; l < out.line_count; l++) {
        const caption_line *ln = &out.lines[l];
        CHECK_NEAR(ln->x + ln->width * 0.5, 960.0, 0.01); /* centred */
        CHECK(ln->box_x >= m.safe_x0 && ln->box_x + ln->box_w <= m.safe_x1);
        CHECK(ln->box_y >= m.band_y0 - 0.01 && ln->box_y + ln->box_h <= m.band_y1 + 0.01);
        CHECK(ln->baseline > ln->box_y && ln->baseline < ln->box_y + ln->box_h);
        CHECK(ln->box_x < ln->x && ln->box_w > ln->width);
    }
    CHECK_NEAR(out.lines[1].box_y + out.lines[1].box_h, m.band_y1, 0.01); /* bottom line lowest */
    CHECK_NEAR(out.lines[1].baseline - out.lines[0].baseline, m.line_height, 0.01);
    CHECK_NEAR(out.y + out.h, m.band_y1, 0.01);
}

TEST(test_layout_honours_line_and_align)
{
    caption_layout_env e = env_1080();
    caption_metrics m = caption_layout_metrics(NULL, 1920, 1080);
    caption_settings st = {0};
    caption_text t = plain("Up here\nat the top");
    t.settings = &st;
    caption_layout out;

    st.has_line = 1;
    st.line = 0; /* first line from the top */
    CHECK(caption_layout_text(&e, &t, &out) == 0);
    CHECK_NEAR(out.y, m.safe_y0, 0.01);

    st.line = -1; /* last line from the bottom */
    CHECK(caption_layout_text(&e, &t, &out) == 0);
    CHECK_NEAR(out.y + out.h, m.safe_y1, 0.01);

    st.line = 50;
    st.line_is_percent = 1;
    st.line_align = CAPTION_LINE_ALIGN_CENTER;
    CHECK(caption_layout_text(&e, &t, &out) == 0);
    CHECK_NEAR(out.y + out.h * 0.5, 540.0, 0.01);

    st.has_line = 0;
    st.align = CAPTION_ALIGN_LEFT;
    CHECK(caption_layout_text(&e, &t, &out) == 0);
    CHECK(out.line_count == 2);
    CHECK_NEAR(out.lines[0].x, out.lines[1].x, 1e-3);
    CHECK_NEAR(out.x, m.safe_x0, 0.01);

    st.align = CAPTION_ALIGN_RIGHT;
    CHECK(caption_layout_text(&e, &t, &out) == 0);
    CHECK_NEAR(out.lines[0].x + out.lines[0].width, out.lines[1].x + out.lines[1].width, 1e-3);
    CHECK_NEAR(out.x + out.w, m.safe_x1, 0.01);
}

TEST(test_layout_measures_italic_runs)
{
    caption_layout_env e = env_1080();
    const char *s = "warm and light";
    caption_run runs[] = {{0, 5, 1}, {5, 9, 0}};
    caption_text t = plain(s);
    t.runs = runs;
    t.run_count = 2;
    caption_layout out;
    CHECK(caption_layout_text(&e, &t, &out) == 0);
    CHECK(out.line_count == 1);
    CHECK_NEAR(out.lines[0].width, 5 * 12.0 + 9 * 10.0, 1e-3);
    CHECK(out.lines[0].run_count == 2 && out.lines[0].runs[0].italic &&
          out.lines[0].runs[0].length == 5);
}

TEST(test_layout_line_runs_are_relative_to_the_line)
{
    caption_layout_env e = env_1080();
    /* "... heart" italic on the second line of a balanced break */
    const char *s = "Let the warmth rise from your heart into your arms and fingers";
    size_t at = (size_t)(strstr(s, "into") - s);
    caption_run runs[] = {{0, at, 0}, {at, 4, 1}, {at + 4, strlen(s) - at - 4, 0}};
    caption_text t = plain(s);
    t.runs = runs;
    t.run_count = 3;
    caption_layout out;
    CHECK(caption_layout_text(&e, &t, &out) == 0);
    CHECK(out.line_count == 2);
    const caption_line *l1 = &out.lines[1];
    int found = 0;
    for (size_t i = 0; i < l1->run_count; i++)
        if (l1->runs[i].italic && strncmp(l1->text + l1->runs[i].offset, "into", 4) == 0 &&
            l1->runs[i].length == 4)
            found = 1;
    CHECK(found);
}

TEST(test_layout_splits_long_cue)
{
    caption_layout_env e = env_1080();
    const char *s = "Close your eyes and let your breathing find its own pace. "
                    "Notice the ground holding you, the air on your skin, and the "
                    "quiet sound of water somewhere near. There is nothing to do.";
    caption_text t = plain(s);
    caption_layout out;
    CHECK(caption_layout_text(&e, &t, &out) == 0);
    CHECK(out.overflow == 1 && out.line_count == 2);

    caption_part parts[8];
    size_t n = caption_layout_split(&e, &t, 10.0, 22.0, parts, 8);
    CHECK(n >= 3 && n <= 4);
    size_t total = utf8_count(s, strlen(s));
    (void)total;
    double prev = 10.0;
    for (size_t i = 0; i < n; i++) {
        caption_text pt = t;
        pt.begin = parts[i].begin;
        pt.end = parts[i].end;
        CHECK(caption_layout_text(&e, &pt, &out) == 0);
        CHECK(!out.overflow && out.line_count <= 2);
        CHECK_NEAR(parts[i].start, prev, 1e-9);
        CHECK(parts[i].stop > parts[i].start);
        prev = parts[i].stop;
        if (i + 1 < n)
            CHECK(parts[i].end <= parts[i + 1].begin);
    }
    CHECK_NEAR(prev, 22.0, 1e-9);
    CHECK(parts[0].begin == 0 && parts[n - 1].end == strlen(s));
    /* The first part ends at a sentence: "... its own pace." */
    CHECK(s[parts[0].end - 1] == '.');

    /* Time in proportion to characters: a part with twice the characters
     * lasts about twice as long. */
    for (size_t i = 0; i + 1 < n; i++) {
        double ra = (parts[i].stop - parts[i].start) / (double)(parts[i].end - parts[i].begin);
        double rb = (parts[i + 1].stop - parts[i + 1].start) /
                    (double)(parts[i + 1].end - parts[i + 1].begin);
        CHECK(fabs(ra - rb) / ra < 0.2);
    }

    /* A cue that fits is one part spanning the whole time. */
    caption_text shortt = plain("Rest.");
    CHECK(caption_layout_split(&e, &shortt, 1.0, 2.0, parts, 8) == 1);
    CHECK(parts[0].begin == 0 && parts[0].end == 5 && parts[0].start == 1.0 && parts[0].stop == 2.0);

    /* max_parts 2: the last part takes the rest */
    CHECK(caption_layout_split(&e, &t, 10.0, 22.0, parts, 2) == 2);
    CHECK(parts[1].end == strlen(s) && parts[1].stop == 22.0);
}

TEST(test_layout_cuts_words_longer_than_a_line)
{
    caption_layout_env e = env_1080();
    char word[101];
    memset(word, 'w', 100);
    word[100] = '\0';
    caption_text t = plain(word);
    caption_part parts[4];
    size_t n = caption_layout_split(&e, &t, 0.0, 3.0, parts, 4);
    CHECK(n == 2);
    for (size_t i = 0; i < n; i++) {
        caption_text pt = t;
        pt.begin = parts[i].begin;
        pt.end = parts[i].end;
        caption_layout out;
        CHECK(caption_layout_text(&e, &pt, &out) == 0);
        CHECK(!out.overflow);
        for (int l = 0; l < out.line_count; l++)
            CHECK(chars(&out.lines[l]) <= 42);
    }
}

TEST(test_layout_rejects_bad_input_and_handles_empty_text)
{
    caption_layout_env e = env_1080();
    caption_layout out;
    caption_text t = plain("");
    CHECK(caption_layout_text(&e, &t, &out) == 0 && out.line_count == 0);
    t = plain("   \n  ");
    CHECK(caption_layout_text(&e, &t, &out) == 0 && out.line_count == 0);
    caption_layout_env none = e;
    none.measure = NULL;
    t = plain("x");
    CHECK(caption_layout_text(&none, &t, &out) == -1);
    none = e;
    none.screen_h = 0;
    CHECK(caption_layout_text(&none, &t, &out) == -1);
    CHECK(caption_layout_text(NULL, &t, &out) == -1);
    caption_part p[2];
    CHECK(caption_layout_split(&e, &t, 0, 1, p, 0) == 0);
    /* a range past the end is clamped */
    t.begin = 5;
    t.end = 9;
    CHECK(caption_layout_text(&e, &t, &out) == 0 && out.line_count == 0);
}

TEST(test_layout_size_factor_limits_lines_to_band)
{
    caption_layout_env e = env_1080();
    e.style.size = 2.0f;
    caption_text t = plain("Let the warmth rise from your heart into your arms and fingers");
    caption_layout out;
    CHECK(caption_layout_text(&e, &t, &out) == 0);
    CHECK(out.line_count == 1 && out.overflow); /* needs splitting at this size */
    caption_part parts[4];
    CHECK(caption_layout_split(&e, &t, 0.0, 4.0, parts, 4) == 2);
}

TEST(test_fade_in_and_out)
{
    /* cue 10..14, next cue far away */
    CHECK_NEAR(caption_fade_alpha(NULL, 9.9, 10.0, 14.0, INFINITY), 0.0, 1e-6);
    CHECK_NEAR(caption_fade_alpha(NULL, 10.0, 10.0, 14.0, INFINITY), 0.0, 1e-6);
    CHECK_NEAR(caption_fade_alpha(NULL, 10.15, 10.0, 14.0, INFINITY), 0.5, 1e-4);
    CHECK_NEAR(caption_fade_alpha(NULL, 10.3, 10.0, 14.0, INFINITY), 1.0, 1e-6);
    CHECK_NEAR(caption_fade_alpha(NULL, 14.0, 10.0, 14.0, INFINITY), 1.0, 1e-6);
    CHECK_NEAR(caption_fade_alpha(NULL, 14.2, 10.0, 14.0, INFINITY), 0.5, 1e-4);
    CHECK_NEAR(caption_fade_alpha(NULL, 14.4, 10.0, 14.0, INFINITY), 0.0, 1e-6);
    CHECK_NEAR(caption_fade_hide_time(NULL, 10.0, 14.0, 20.0), 14.4, 1e-9);
    /* a cue shorter than the fade never jumps */
    CHECK(caption_fade_alpha(NULL, 10.1, 10.0, 10.05, INFINITY) < 0.5f);
}

TEST(test_fade_crossfades_close_cues)
{
    /* cue A 10..14, cue B from 14.2 (gap 0.2 s < 0.5 s) */
    double b = 14.2;
    CHECK_NEAR(caption_fade_alpha(NULL, 14.1, 10.0, 14.0, b), 1.0, 1e-6); /* held over the gap */
    for (double t = 14.2; t <= 14.5; t += 0.05) {
        float a = caption_fade_alpha(NULL, t, 10.0, 14.0, b);
        float n = caption_fade_alpha(NULL, t, b, 18.0, INFINITY);
        CHECK_NEAR(a + n, 1.0, 1e-4);
    }
    CHECK_NEAR(caption_fade_alpha(NULL, 14.5, 10.0, 14.0, b), 0.0, 1e-6);
    CHECK_NEAR(caption_fade_hide_time(NULL, 10.0, 14.0, b), 14.5, 1e-9);
    /* custom parameters */
    caption_fade_params p = {1.0, 2.0, 0.1};
    CHECK_NEAR(caption_fade_alpha(&p, 10.5, 10.0, 14.0, 14.2), 0.5, 1e-4);
    CHECK_NEAR(caption_fade_alpha(&p, 15.0, 10.0, 14.0, 14.2), 0.5, 1e-4);
}

TEST(test_layout_allows_about_42_characters_before_splitting)
{
    /* The best two lines of this sentence are 45 and 44 characters: a
     * little over 42 is kept on screen whole rather than split in two. */
    caption_layout_env e = env_1080();
    caption_text t = plain("Imagine that the fountain is fed by a well, a spring that reaches "
                           "far down into the earth.");
    caption_layout out;
    CHECK(caption_layout_text(&e, &t, &out) == 0);
    CHECK(out.line_count == 2 && !out.overflow);
    for (int i = 0; i < out.line_count; i++)
        CHECK(chars(&out.lines[i]) <= 46);
    caption_part parts[8];
    CHECK(caption_layout_split(&e, &t, 0.0, 8.0, parts, 8) == 1);

    /* Short text still keeps to 42 a line: the slack is only for text that
     * would otherwise be split. */
    caption_text three = plain("aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm "
                               "nnnn oooo pppp qqqq rrrr sss");
    CHECK(caption_layout_text(&e, &three, &out) == 0);
    CHECK(out.overflow);
    CHECK(caption_layout_split(&e, &three, 0.0, 8.0, parts, 8) == 2);
    for (size_t i = 0; i < 2; i++) {
        caption_text part = three;
        part.begin = parts[i].begin;
        part.end = parts[i].end;
        CHECK(caption_layout_text(&e, &part, &out) == 0 && !out.overflow);
        for (int k = 0; k < out.line_count; k++)
            CHECK(chars(&out.lines[k]) <= 42);
    }
}

int main(void)
{
    RUN(test_layout_metrics_follow_style);
    RUN(test_layout_keeps_short_text_on_one_line);
    RUN(test_layout_balances_two_lines);
    RUN(test_layout_never_leaves_lone_word);
    RUN(test_layout_prefers_breaking_at_punctuation);
    RUN(test_layout_respects_author_breaks_that_fit);
    RUN(test_layout_geometry_in_band_and_safe_area);
    RUN(test_layout_honours_line_and_align);
    RUN(test_layout_measures_italic_runs);
    RUN(test_layout_line_runs_are_relative_to_the_line);
    RUN(test_layout_splits_long_cue);
    RUN(test_layout_cuts_words_longer_than_a_line);
    RUN(test_layout_rejects_bad_input_and_handles_empty_text);
    RUN(test_layout_size_factor_limits_lines_to_band);
    RUN(test_layout_allows_about_42_characters_before_splitting);
    RUN(test_fade_in_and_out);
    RUN(test_fade_crossfades_close_cues);
    return check_done();
}
