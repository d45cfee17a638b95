/* Unit tests for the timeline parser and evaluator (src/timeline.h). */
#include "check.h"
#include "session/timeline.h"

#include <stdlib.h>
#include <string.h>

static timeline *parse_str(const char *text)
{
    return timeline_parse(text, strlen(text), "t.timeline");
}

/* True when tl holds a diagnostic at line:col whose message contains frag. */
static int has_diag(const timeline *tl, int line, int col, const char *frag)
{
    for (size_t i = 0; i < timeline_diag_count(tl); i++) {
        const timeline_diag *d = timeline_diag_at(tl, i);
        if (d->line == line && d->col == col && strstr(d->message, frag))
            return 1;
    }
    return 0;
}

static int count_fast_changes(const timeline *tl, double t0, double t1);

static void dump_diags(const timeline *tl)
{
    timeline_print_diags(tl, stderr);
}

/* One bad line after a valid phase; expects exactly one error at line 2. */
static void expect_error(const char *line2, int col, const char *frag)
{
    char text[512];
    snprintf(text, sizeof text, "phase fountain 2:20\n%s\n", line2);
    timeline *tl = parse_str(text);
    CHECK(tl != NULL);
    CHECK(timeline_error_count(tl) == 1);
    CHECK(has_diag(tl, 2, col, frag));
    if (timeline_error_count(tl) != 1 || !has_diag(tl, 2, col, frag)) {
        fprintf(stderr, "  for line: %s\n", line2);
        dump_diags(tl);
    }
    timeline_destroy(tl);
}

TEST(test_timeline_param_table_is_consistent)
{
    CHECK(timeline_param_count() == TIMELINE_P_COUNT);
    CHECK(timeline_param_info(timeline_param_count()) == NULL);
    for (size_t i = 0; i < timeline_param_count(); i++) {
        const timeline_param_desc *d = timeline_param_info(i);
        CHECK(d && d->name && d->help && d->help[0]);
        CHECK(timeline_param_find(d->name) == (int)i);
        CHECK(d->min < d->max);
        if (d->kind == TIMELINE_SCALAR)
            CHECK(d->def >= d->min && d->def <= d->max);
        CHECK(d->offset < sizeof(scene_state));
        for (size_t j = 0; j < i; j++)
            CHECK(timeline_param_info(j)->offset != d->offset);
    }
    CHECK(timeline_param_find("fountain.rate") == TIMELINE_P_FOUNTAIN_RATE);
    CHECK(timeline_param_find("nope") == -1);
}

TEST(test_timeline_defaults_apply_without_keys)
{
    timeline *tl = parse_str("# nothing but a comment\n\n");
    CHECK(timeline_error_count(tl) == 0);
    scene_state s = timeline_eval(tl, 100.0);
    CHECK_NEAR(s.fade, 1.0, 1e-6);
    CHECK_NEAR(s.dust, 0.6, 1e-6);
    CHECK_NEAR(s.figure, 0.3, 1e-6);
    CHECK_NEAR(s.breath_period, 11.0, 1e-6);
    CHECK_NEAR(s.breath_depth, 0.15, 1e-6);
    CHECK_NEAR(s.fountain_height, 0.3, 1e-6);
    CHECK_NEAR(s.fountain_spread, 0.5, 1e-6);
    CHECK_NEAR(s.glow, 0.0, 1e-6);
    /* #FFC97A in linear light */
    CHECK_NEAR(s.fountain_color[0], 1.0, 1e-5);
    CHECK_NEAR(s.fountain_color[1], 0.584078, 1e-4);
    CHECK_NEAR(s.fountain_color[2], 0.194618, 1e-4);
    CHECK(s.phase == -1);
    CHECK_NEAR(s.duration, 0.0, 0);
    timeline_destroy(tl);
}

TEST(test_timeline_eval_null_timeline_gives_defaults)
{
    scene_state s = timeline_eval(NULL, 5.0);
    scene_state d = timeline_defaults();
    CHECK(memcmp(&s.fade, &d.fade, offsetof(scene_state, phase)) == 0);
    CHECK(s.phase == -1);
    s = timeline_eval(NULL, NAN);
    CHECK_NEAR(s.phase_time, 0.0, 0);
}

TEST(test_timeline_eval_before_first_key_uses_first_value)
{
    timeline *tl = parse_str("10 heart 0.4\n20 heart 0.8\n");
    CHECK(timeline_error_count(tl) == 0);
    CHECK_NEAR(timeline_eval(tl, 0.0).heart, 0.4, 1e-6);
    CHECK_NEAR(timeline_eval(tl, -50.0).heart, 0.4, 1e-6);
    CHECK_NEAR(timeline_eval(tl, 9.999).heart, 0.4, 1e-6);
    timeline_destroy(tl);
}

TEST(test_timeline_eval_after_last_key_holds_last_value)
{
    timeline *tl = parse_str("10 heart 0.4\n20 heart 0.8\n");
    CHECK_NEAR(timeline_eval(tl, 20.001).heart, 0.8, 1e-6);
    CHECK_NEAR(timeline_eval(tl, 1e6).heart, 0.8, 1e-6);
    timeline_destroy(tl);
}

TEST(test_timeline_eval_exactly_on_key_gives_that_value)
{
    timeline *tl = parse_str("10 heart 0.4\n20 heart 0.8 linear\n30 heart 0.1 hold\n");
    CHECK_NEAR(timeline_eval(tl, 10.0).heart, 0.4, 1e-6);
    CHECK_NEAR(timeline_eval(tl, 20.0).heart, 0.8, 1e-6);
    CHECK_NEAR(timeline_eval(tl, 30.0).heart, 0.1, 1e-6);
    timeline_destroy(tl);
}

TEST(test_timeline_two_keys_at_one_time_take_the_later)
{
    timeline *tl = parse_str("10 heart 0.2\n10 heart 0.6 hold\n");
    CHECK(timeline_error_count(tl) == 0);
    CHECK_NEAR(timeline_eval(tl, 9.0).heart, 0.2, 1e-6);
    CHECK_NEAR(timeline_eval(tl, 10.0).heart, 0.6, 1e-6);
    CHECK_NEAR(timeline_eval(tl, 11.0).heart, 0.6, 1e-6);
    timeline_destroy(tl);
}

TEST(test_timeline_hold_keeps_previous_value_until_key)
{
    timeline *tl = parse_str("0 dawn 0.2\n10 dawn 0.9 hold\n");
    CHECK_NEAR(timeline_eval(tl, 5.0).dawn, 0.2, 1e-6);
    CHECK_NEAR(timeline_eval(tl, 9.99).dawn, 0.2, 1e-6);
    CHECK_NEAR(timeline_eval(tl, 10.0).dawn, 0.9, 1e-6);
    timeline_destroy(tl);
}

TEST(test_timeline_linear_interpolates_evenly)
{
    timeline *tl = parse_str("0 dawn 0\n10 dawn 1 linear\n");
    CHECK_NEAR(timeline_eval(tl, 2.5).dawn, 0.25, 1e-6);
    CHECK_NEAR(timeline_eval(tl, 5.0).dawn, 0.5, 1e-6);
    CHECK_NEAR(timeline_eval(tl, 7.5).dawn, 0.75, 1e-6);
    timeline_destroy(tl);
}

TEST(test_timeline_smooth_eases_in_and_out_and_is_default)
{
    timeline *tl = parse_str("0 dawn 0\n10 dawn 1\n20 radiance 0\n30 radiance 1 smooth\n");
    CHECK(timeline_error_count(tl) == 0);
    double q = timeline_eval(tl, 2.5).dawn;
    CHECK_NEAR(q, 0.15625, 1e-6);  /* slower than linear at the start */
    CHECK_NEAR(timeline_eval(tl, 5.0).dawn, 0.5, 1e-6);
    CHECK_NEAR(timeline_eval(tl, 7.5).dawn, 0.84375, 1e-6);
    CHECK_NEAR(timeline_eval(tl, 22.5).radiance, 0.15625, 1e-6);
    /* flat at both ends: tiny change over the first and last 0.1 s */
    CHECK(timeline_eval(tl, 0.1).dawn < 0.001);
    CHECK(timeline_eval(tl, 9.9).dawn > 0.999);
    timeline_destroy(tl);
}

TEST(test_timeline_colours_are_stored_as_linear_rgb)
{
    timeline *tl = parse_str("0 fountain.color #808080\n10 fountain.color #FF0000 linear # red\n");
    CHECK(timeline_error_count(tl) == 0);
    scene_state s = timeline_eval(tl, 0.0);
    CHECK_NEAR(s.fountain_color[0], 0.2158605, 1e-5);
    CHECK_NEAR(s.fountain_color[1], 0.2158605, 1e-5);
    CHECK_NEAR(s.fountain_color[2], 0.2158605, 1e-5);
    s = timeline_eval(tl, 5.0); /* interpolated in linear light */
    CHECK_NEAR(s.fountain_color[0], (0.2158605 + 1.0) / 2, 1e-5);
    CHECK_NEAR(s.fountain_color[1], 0.2158605 / 2, 1e-5);
    s = timeline_eval(tl, 10.0);
    CHECK_NEAR(s.fountain_color[0], 1.0, 1e-6);
    CHECK_NEAR(s.fountain_color[2], 0.0, 1e-6);
    timeline_destroy(tl);
}

TEST(test_timeline_comments_blank_lines_header_crlf_and_bom)
{
    const char *text = "\xEF\xBB\xBFwellspring-timeline 1\r\n"
                       "# a comment line\r\n"
                       "\r\n"
                       "   \t  \r\n"
                       "phase settle 0:35   # trailing comment\r\n"
                       "settle+5 heart 0.5 linear#glued comment\r\n"
                       "settle+9 fountain.color #FFFFFF # white\r\n";
    timeline *tl = parse_str(text);
    CHECK(timeline_error_count(tl) == 0);
    if (timeline_error_count(tl))
        dump_diags(tl);
    CHECK(timeline_phase_count(tl) == 1);
    CHECK_STR(timeline_phase_name(tl, 0), "settle");
    CHECK_NEAR(timeline_phase_start(tl, 0), 35.0, 1e-9);
    CHECK_NEAR(timeline_eval(tl, 40.0).heart, 0.5, 1e-6);
    CHECK_NEAR(timeline_eval(tl, 44.0).fountain_color[1], 1.0, 1e-6);
    timeline_destroy(tl);
}

TEST(test_timeline_relative_and_absolute_times)
{
    const char *text = "phase heart-breath 1:35\n"
                       "phase fountain 2:20\n"
                       "fountain heart 0.1\n"          /* 140 */
                       "fountain+20 heart 0.2\n"       /* 160 */
                       "fountain+1:00 heart 0.3\n"     /* 200 */
                       "0:03:30.500 heart 0.4\n"       /* 210.5 */
                       "215.25 heart 0.5\n"
                       "heart-breath-5 dawn 0.5\n"     /* 90 */
                       "heart-breath+2.5 dawn 0.6\n";  /* 97.5 */
    timeline *tl = parse_str(text);
    CHECK(timeline_error_count(tl) == 0);
    if (timeline_error_count(tl))
        dump_diags(tl);
    CHECK(timeline_key_count(tl, TIMELINE_P_HEART) == 5);
    CHECK(timeline_key_count(tl, TIMELINE_P_DAWN) == 2);
    CHECK_NEAR(timeline_eval(tl, 140.0).heart, 0.1, 1e-6);
    CHECK_NEAR(timeline_eval(tl, 160.0).heart, 0.2, 1e-6);
    CHECK_NEAR(timeline_eval(tl, 200.0).heart, 0.3, 1e-6);
    CHECK_NEAR(timeline_eval(tl, 210.5).heart, 0.4, 1e-6);
    CHECK_NEAR(timeline_eval(tl, 215.25).heart, 0.5, 1e-6);
    CHECK_NEAR(timeline_eval(tl, 90.0).dawn, 0.5, 1e-6);
    CHECK_NEAR(timeline_eval(tl, 97.5).dawn, 0.6, 1e-6);
    timeline_destroy(tl);
}

TEST(test_timeline_keys_may_name_phases_defined_later)
{
    timeline *tl = parse_str("fountain+2 heart 1\nphase fountain 100\n");
    CHECK(timeline_error_count(tl) == 0);
    CHECK_NEAR(timeline_eval(tl, 102.0).heart, 1.0, 1e-6);
    timeline_destroy(tl);
}

TEST(test_timeline_phase_index_and_time_since_phase)
{
    timeline *tl = parse_str("phase a 10\nphase b 20\nphase c 20\nphase d 35\n");
    CHECK(timeline_error_count(tl) == 0);
    CHECK(timeline_phase_count(tl) == 4);
    CHECK(timeline_phase_find(tl, "d") == 3);
    CHECK(timeline_phase_find(tl, "zz") == -1);
    CHECK(timeline_phase_name(tl, 4) == NULL);
    scene_state s = timeline_eval(tl, 5.0);
    CHECK(s.phase == -1);
    CHECK_NEAR(s.phase_time, 5.0, 1e-9);
    s = timeline_eval(tl, 12.0);
    CHECK(s.phase == 0);
    CHECK_NEAR(s.phase_time, 2.0, 1e-9);
    s = timeline_eval(tl, 20.0); /* two phases share 20: the later one wins */
    CHECK(s.phase == 2);
    CHECK_NEAR(s.phase_time, 0.0, 1e-9);
    s = timeline_eval(tl, 100.0);
    CHECK(s.phase == 3);
    CHECK_NEAR(s.phase_time, 65.0, 1e-9);
    timeline_set_duration(tl, 590.0);
    CHECK_NEAR(timeline_eval(tl, 1.0).duration, 590.0, 0);
    timeline_destroy(tl);
}

TEST(test_timeline_retime_moves_relative_keys_and_not_absolute)
{
    timeline *tl = parse_str("phase a 10\nphase b 20\n"
                             "5 heart 0.1\na+2 heart 0.5\nb+3 heart 0.9\n");
    CHECK(timeline_error_count(tl) == 0);
    double starts[2] = {100.0, 130.0};
    CHECK(timeline_retime(tl, starts) == 0);
    CHECK_NEAR(timeline_phase_start(tl, 0), 100.0, 0);
    CHECK_NEAR(timeline_phase_start(tl, 1), 130.0, 0);
    CHECK_NEAR(timeline_eval(tl, 5.0).heart, 0.1, 1e-6);
    CHECK(timeline_eval(tl, 12.0).heart < 0.11); /* no longer at a+2 */
    CHECK_NEAR(timeline_eval(tl, 102.0).heart, 0.5, 1e-6);
    CHECK_NEAR(timeline_eval(tl, 133.0).heart, 0.9, 1e-6);
    CHECK_NEAR(timeline_eval(tl, 1000.0).heart, 0.9, 1e-6);
    scene_state s = timeline_eval(tl, 131.0);
    CHECK(s.phase == 1);
    CHECK_NEAR(s.phase_time, 1.0, 1e-9);
    double bad[2] = {NAN, 1.0};
    CHECK(timeline_retime(tl, bad) == -1);
    CHECK_NEAR(timeline_phase_start(tl, 0), 100.0, 0);
    timeline_destroy(tl);
}

TEST(test_timeline_retime_squeezes_a_shorter_phase)
{
    timeline *tl = parse_str("phase a 10\nphase b 40\n"
                             "a heart 0\na+10 heart 1\na+20 heart 0.2\nb heart 0.2\n"
                             "b-4 dawn 0\nb+30 dawn 1\n");
    double starts[2] = {10.0, 25.0}; /* a: 30 s -> 15 s */
    CHECK(timeline_retime(tl, starts) == 0);
    CHECK_NEAR(timeline_eval(tl, 15.0).heart, 1.0, 1e-6);
    CHECK_NEAR(timeline_eval(tl, 20.0).heart, 0.2, 1e-6);
    CHECK_NEAR(timeline_eval(tl, 23.0).dawn, 0.0, 1e-6); /* b-4 squeezed to b-2 */
    CHECK(timeline_eval(tl, 23.5).dawn > 0.0);
    CHECK_NEAR(timeline_eval(tl, 55.0).dawn, 1.0, 1e-6); /* b (last phase) keeps +30 */
    /* retiming is measured from the file: again, with lengths kept */
    double back[2] = {110.0, 140.0};
    CHECK(timeline_retime(tl, back) == 0);
    CHECK_NEAR(timeline_eval(tl, 120.0).heart, 1.0, 1e-6);
    CHECK_NEAR(timeline_eval(tl, 130.0).heart, 0.2, 1e-6);
    timeline_destroy(tl);
}

TEST(test_timeline_retime_keeps_order_and_never_makes_a_jump)
{
    timeline *tl = parse_str("phase a 10\nphase b 40\n"
                             "a heart 0\na+10 heart 1\na+20 heart 0.2\nb heart 0.2\n"
                             "b+5 heart 0.8\nb+1 glow 0.9\n100 glow 0.3\n");
    CHECK(timeline_error_count(tl) == 0);
    CHECK(count_fast_changes(tl, 0.0, 200.0) == 0);
    double squashed[2] = {10.0, 10.5};
    CHECK(timeline_retime(tl, squashed) == 0);
    CHECK(count_fast_changes(tl, 0.0, 200.0) == 0);
    CHECK_NEAR(timeline_eval(tl, 10.0).heart, 0.0, 1e-6);
    CHECK(timeline_eval(tl, 200.0).heart > 0.79); /* still ends on the last key */
    /* an absolute key overtaken by a moved phase follows it, keeping order */
    double late[2] = {10.0, 120.0};
    CHECK(timeline_retime(tl, late) == 0);
    CHECK_NEAR(timeline_eval(tl, 121.0).glow, 0.9, 1e-6);
    CHECK_NEAR(timeline_eval(tl, 123.0).glow, 0.3, 1e-6);
    CHECK(count_fast_changes(tl, 0.0, 200.0) == 0);
    timeline_destroy(tl);
}

TEST(test_timeline_clone_is_independent)
{
    timeline *tl = parse_str("phase a 10\na+1 glow 0.5\nbogus line here\n");
    timeline *c = timeline_clone(tl);
    CHECK(c != NULL);
    CHECK(timeline_diag_count(c) == timeline_diag_count(tl));
    CHECK(timeline_diag_at(c, 0)->file != timeline_diag_at(tl, 0)->file);
    CHECK_STR(timeline_diag_at(c, 0)->file, "t.timeline");
    double st[1] = {50.0};
    timeline_retime(c, st);
    CHECK_NEAR(timeline_eval(tl, 11.0).glow, 0.5, 1e-6);
    CHECK_NEAR(timeline_eval(c, 11.0).glow, 0.5, 1e-6); /* before first key */
    CHECK_NEAR(timeline_phase_start(tl, 0), 10.0, 0);
    timeline_destroy(tl);
    timeline_destroy(c);
    CHECK(timeline_clone(NULL) == NULL);
    timeline_destroy(NULL);
}

TEST(test_timeline_buffer_need_not_be_nul_terminated)
{
    const char text[] = "5 heart 0.25\n6 heart 0.75XXXXXXX";
    /* cut the buffer right after "0.75" */
    size_t len = strlen("5 heart 0.25\n6 heart 0.75");
    timeline *tl = timeline_parse(text, len, "buf");
    CHECK(timeline_error_count(tl) == 0);
    CHECK_NEAR(timeline_eval(tl, 6.0).heart, 0.75, 1e-6);
    timeline_destroy(tl);
    tl = timeline_parse(NULL, 0, NULL);
    CHECK(tl && timeline_error_count(tl) == 0);
    timeline_destroy(tl);
}

TEST(test_timeline_unknown_parameter_gets_did_you_mean)
{
    timeline *tl = parse_str("phase fountain 2:20\nfountain+20   fountian.rate 1\n");
    CHECK(timeline_error_count(tl) == 1);
    CHECK(has_diag(tl, 2, 15, "unknown parameter 'fountian.rate'; did you mean 'fountain.rate'?"));
    timeline_destroy(tl);
    expect_error("10 Glow 1", 4, "did you mean 'glow'?");
    expect_error("10 breath.perod 9", 4, "did you mean 'breath.period'?");
    expect_error("10 sparkle 1", 4, "unknown parameter 'sparkle'");
}

TEST(test_timeline_errors_carry_line_and_column)
{
    expect_error("1:99 heart 1", 1, "bad time '1:99'");
    expect_error("-3 heart 1", 1, "bad time");
    expect_error("fountian+3 heart 1", 1, "unknown phase 'fountian'");
    expect_error("fountian+3 heart 1", 1, "did you mean 'fountain'?");
    expect_error("welcome heart 1", 1, "unknown phase 'welcome'");
    expect_error("fountain+x heart 1", 10, "bad offset 'x'");
    expect_error("heart 10 1", 1, "is a parameter, not a time");
    expect_error("10 heart", 9, "missing value for heart");
    expect_error("10", 3, "missing parameter");
    expect_error("10 heart lots", 10, "bad value 'lots' for heart");
    expect_error("10 heart 1e3", 10, "bad value");
    expect_error("10 heart nan", 10, "bad value");
    expect_error("10 heart 1.5", 10, "out of range [0, 1]");
    expect_error("10 breath.period 1", 18, "out of range [2, 60]");
    expect_error("10 fountain.color 0.5", 19, "bad colour '0.5'");
    expect_error("10 fountain.color #12345", 19, "bad colour '#12345'");
    expect_error("10 fountain.color # white", 18, "missing value");
    expect_error("10 heart #FFFFFF", 10, "bad value");
    expect_error("10 heart 1 smoth", 12, "did you mean 'smooth'?");
    expect_error("10 heart 1 bouncy", 12, "unknown easing 'bouncy' (use hold, linear or smooth)");
    expect_error("10 heart 1 linear extra", 19, "unexpected 'extra'");
    expect_error("phase fountain 3:00", 7, "duplicate phase 'fountain' (first defined at line 1)");
    expect_error("phase later 1:00", 13, "starts before the previous phase 'fountain'");
    expect_error("phase Bad 3:00", 7, "bad phase name 'Bad'");
    expect_error("phase x fountain+2", 9, "bad phase time");
    expect_error("phase x", 8, "needs a name and a time");
    expect_error("phase x 3:00 y", 14, "unexpected 'y'");
    expect_error("wellspring-timeline 1", 1, "may only be the first line");
}

TEST(test_timeline_keys_out_of_time_order_are_errors)
{
    timeline *tl = parse_str("phase a 100\n"
                             "a+5 heart 0.5\n"
                             "90 heart 0.2\n"  /* before the previous heart key */
                             "90 glow 0.2\n"); /* another parameter: fine */
    CHECK(timeline_error_count(tl) == 1);
    CHECK(has_diag(tl, 3, 1, "heart key at 00:01:30.000 comes before the previous heart key "
                             "at 00:01:45.000 (line 2)"));
    CHECK(timeline_key_count(tl, TIMELINE_P_HEART) == 1);
    CHECK(timeline_key_count(tl, TIMELINE_P_GLOW) == 1);
    timeline_destroy(tl);
}

TEST(test_timeline_header_version_is_checked)
{
    timeline *tl = parse_str("# comment first is fine\nwellspring-timeline 2\n");
    CHECK(timeline_error_count(tl) == 1);
    CHECK(has_diag(tl, 2, 21, "unsupported timeline version '2'"));
    timeline_destroy(tl);
}

TEST(test_timeline_bad_lines_are_skipped_and_the_rest_is_read)
{
    timeline *tl = parse_str("10 heart 0.2\n11 hart 0.3\n20 heart 0.8 linear\n");
    CHECK(timeline_error_count(tl) == 1);
    CHECK_NEAR(timeline_eval(tl, 15.0).heart, 0.5, 1e-6);
    timeline_destroy(tl);
}

TEST(test_timeline_diagnostics_come_in_line_order)
{
    /* phase errors (pass 1) and key errors (pass 2) interleave by line */
    timeline *tl = parse_str("10 hart 1\nphase a 5\nphase a 6\n12 hart 1\n");
    CHECK(timeline_diag_count(tl) == 3);
    CHECK(timeline_diag_at(tl, 0)->line == 1);
    CHECK(timeline_diag_at(tl, 1)->line == 3);
    CHECK(timeline_diag_at(tl, 2)->line == 4);
    timeline_destroy(tl);
}

TEST(test_timeline_print_diags_writes_file_line_col)
{
    timeline *tl = parse_str("phase a 1\n\na+1   fade  2\n");
    FILE *f = tmpfile();
    CHECK(f != NULL);
    if (!f) {
        timeline_destroy(tl);
        return;
    }
    timeline_print_diags(tl, f);
    rewind(f);
    char line[512] = {0};
    CHECK(fgets(line, sizeof line, f) != NULL);
    CHECK(strncmp(line, "t.timeline:3:13: error: value 2 for fade is out of range", 56) == 0);
    fclose(f);
    timeline_destroy(tl);
}

TEST(test_timeline_long_lines_and_nul_bytes_are_rejected)
{
    size_t n = TIMELINE_MAX_LINE + 10;
    char *text = malloc(n + 32);
    memset(text, ' ', n);
    memcpy(text, "10 heart 1", 10);
    memcpy(text + n, "\n20 glow 1\n", 11);
    timeline *tl = timeline_parse(text, n + 11, "long");
    CHECK(timeline_error_count(tl) == 1);
    CHECK(has_diag(tl, 1, TIMELINE_MAX_LINE + 1, "line longer than"));
    CHECK(timeline_key_count(tl, TIMELINE_P_HEART) == 0);
    CHECK(timeline_key_count(tl, TIMELINE_P_GLOW) == 1);
    timeline_destroy(tl);
    free(text);

    const char nul[] = "10 heart 1\n20 gl\0w 1\n";
    tl = timeline_parse(nul, sizeof nul - 1, "nul");
    CHECK(timeline_error_count(tl) == 1);
    CHECK(has_diag(tl, 2, 6, "NUL byte"));
    timeline_destroy(tl);
}

TEST(test_timeline_caps_diagnostics_keys_and_size)
{
    /* many bad lines: the diagnostics stop at the cap with a clear last word */
    size_t lines = 1000;
    char *text = malloc(lines * 8 + 1);
    for (size_t i = 0; i < lines; i++)
        memcpy(text + i * 8, "1 bad 1\n", 8);
    timeline *tl = timeline_parse(text, lines * 8, "many");
    CHECK(timeline_diag_count(tl) == TIMELINE_MAX_DIAGS);
    CHECK(strstr(timeline_diag_at(tl, TIMELINE_MAX_DIAGS - 1)->message, "too many problems"));
    timeline_destroy(tl);
    free(text);

    /* more keys than allowed */
    size_t nk = TIMELINE_MAX_KEYS + 5;
    text = malloc(nk * 11 + 1);
    for (size_t i = 0; i < nk; i++)
        memcpy(text + i * 11, "1 glow 0.5\n", 11);
    tl = timeline_parse(text, nk * 11, "keys");
    CHECK(timeline_error_count(tl) == 1);
    CHECK(timeline_key_count(tl, TIMELINE_P_GLOW) == TIMELINE_MAX_KEYS);
    CHECK(has_diag(tl, TIMELINE_MAX_KEYS + 1, 1, "more than"));
    timeline_destroy(tl);
    free(text);

    /* a buffer over the size cap is refused without being read */
    size_t big = (size_t)TIMELINE_MAX_BYTES + 1;
    text = malloc(big);
    memset(text, '\n', big);
    tl = timeline_parse(text, big, "big");
    CHECK(timeline_error_count(tl) == 1);
    CHECK(strstr(timeline_diag_at(tl, 0)->message, "larger than"));
    timeline_destroy(tl);
    free(text);
}

TEST(test_timeline_load_reports_missing_file)
{
    timeline *tl = timeline_load("/nonexistent/dir/x.timeline");
    CHECK(tl != NULL);
    CHECK(timeline_error_count(tl) == 1);
    CHECK(strstr(timeline_diag_at(tl, 0)->message, "cannot open"));
    CHECK(timeline_diag_at(tl, 0)->line == 0);
    timeline_destroy(tl);
}

/* ---- the shipped choreography ------------------------------------------ */

#define FOUNTAIN_PATH WS_SOURCE_DATA_DIR "/audio/fountain.timeline"

static const char *const arc_names[13] = {
    "welcome", "settle", "heart-breath", "fountain", "someone-dear", "well", "dissolve",
    "body", "resistance", "rest", "radiate", "always", "return"};

/* Value k (0..2) of parameter p in s. */
static float param_value(const scene_state *s, size_t p, int k)
{
    float v[3] = {0, 0, 0};
    const timeline_param_desc *d = timeline_param_info(p);
    memcpy(v, (const char *)s + d->offset, (d->kind == TIMELINE_COLOUR ? 3 : 1) * sizeof(float));
    return v[k];
}

/* Samples tl every 0.05 s over [t0, t1]: no parameter may move faster than a
 * full-range smooth change over 2 s would, and every stretch of change must
 * last at least 2 s. Returns the number of violations (and prints them). */
static int count_fast_changes(const timeline *tl, double t0, double t1)
{
    const double dt = 0.05, min_change_s = 2.0;
    int bad = 0;
    for (size_t p = 0; p < timeline_param_count(); p++) {
        const timeline_param_desc *d = timeline_param_info(p);
        int comps = d->kind == TIMELINE_COLOUR ? 3 : 1;
        double range = d->kind == TIMELINE_COLOUR ? 1.0 : (double)(d->max - d->min);
        double max_step = range * 1.5 * dt / min_change_s + 1e-6;
        for (int c = 0; c < comps; c++) {
            scene_state prev = timeline_eval(tl, t0);
            int run = 0; /* consecutive steps that moved */
            double run_start = t0;
            for (long i = 1; t0 + i * dt <= t1 + 1e-9; i++) {
                double t = t0 + i * dt;
                scene_state s = timeline_eval(tl, t);
                double step = fabs((double)param_value(&s, p, c) - param_value(&prev, p, c));
                if (step > max_step) {
                    if (bad < 10)
                        fprintf(stderr, "  %s jumps by %g at %.2f s\n", d->name, step, t);
                    bad++;
                }
                if (step > 1e-7) {
                    if (run == 0)
                        run_start = t - dt;
                    run++;
                } else if (run > 0) {
                    if (run * dt < min_change_s - 2 * dt) {
                        if (bad < 10)
                            fprintf(stderr, "  %s changes within %.2f s from %.2f s\n",
                                    d->name, run * dt, run_start);
                        bad++;
                    }
                    run = 0;
                }
                prev = s;
            }
        }
    }
    return bad;
}

TEST(test_fast_change_checker_catches_quick_changes)
{
    /* the checker itself must be able to fail: a 1 s fade, a hold jump, and a
     * small but quick 0.5 s change are each caught; a 2 s fade passes */
    timeline *tl = parse_str("10 fade 1\n11 fade 0\n");
    CHECK(count_fast_changes(tl, 0.0, 20.0) > 0);
    timeline_destroy(tl);
    tl = parse_str("10 glow 0\n20 glow 0.5 hold\n");
    CHECK(count_fast_changes(tl, 0.0, 30.0) > 0);
    timeline_destroy(tl);
    tl = parse_str("10 glow 0\n10.5 glow 0.01\n");
    CHECK(count_fast_changes(tl, 0.0, 30.0) > 0);
    timeline_destroy(tl);
    fprintf(stderr, "  (the lines above are expected)\n");
    tl = parse_str("10 fade 1\n12 fade 0\n");
    CHECK(count_fast_changes(tl, 0.0, 20.0) == 0);
    timeline_destroy(tl);
}

TEST(test_fountain_timeline_parses_without_diagnostics)
{
    timeline *tl = timeline_load(FOUNTAIN_PATH);
    CHECK(tl != NULL);
    CHECK(timeline_diag_count(tl) == 0);
    if (timeline_diag_count(tl))
        dump_diags(tl);
    CHECK(timeline_phase_count(tl) == 14);
    for (size_t i = 0; i < 13; i++)
        CHECK_STR(timeline_phase_name(tl, i), arc_names[i]);
    CHECK_STR(timeline_phase_name(tl, 13), "end"); /* the end card's mark */
    CHECK_NEAR(timeline_phase_start(tl, 3), 140.0, 1e-9);
    CHECK_NEAR(timeline_phase_start(tl, 12), 565.0, 1e-9);
    timeline_destroy(tl);
}

TEST(test_fountain_timeline_never_changes_faster_than_2s)
{
    timeline *tl = timeline_load(FOUNTAIN_PATH);
    CHECK(count_fast_changes(tl, -1.0, 620.0) == 0);
    timeline_destroy(tl);
}

TEST(test_fountain_timeline_follows_the_session_arc)
{
    timeline *tl = timeline_load(FOUNTAIN_PATH);
    scene_state s = timeline_eval(tl, 0.0);
    CHECK_NEAR(s.fade, 0.0, 1e-6);           /* from black */
    CHECK(timeline_eval(tl, 3.0).fade > 0.99); /* over about 3 s */
    CHECK(timeline_eval(tl, 20.0).figure < 0.2);
    CHECK(timeline_eval(tl, 80.0).figure > timeline_eval(tl, 20.0).figure);
    CHECK(timeline_eval(tl, 20.0).heart < 0.01);
    CHECK(timeline_eval(tl, 60.0).heart > 0.1);
    /* no fountain before its phase, a full one during it */
    for (double t = 0; t < 140.0; t += 1.0)
        CHECK(timeline_eval(tl, t).fountain_rate < 1e-6);
    CHECK(timeline_eval(tl, 150.0).bubbles > 0.3);
    CHECK(timeline_eval(tl, 175.0).fountain_rate > 0.7);
    CHECK(timeline_eval(tl, 170.0).loved < 1e-6);
    CHECK(timeline_eval(tl, 205.0).loved > 0.5);
    CHECK(timeline_eval(tl, 205.0).loved_stream > 0.5);
    CHECK(timeline_eval(tl, 215.0).well < 1e-6);
    CHECK(timeline_eval(tl, 250.0).well > 0.5);
    CHECK(timeline_eval(tl, 250.0).well_rise > 0.5);
    CHECK(timeline_eval(tl, 287.0).dissolve > 0.9);
    CHECK(timeline_eval(tl, 295.0).loved < 1e-6);
    /* the glow grows through the body phase and is complete at its end */
    double prev = -1.0;
    for (double t = 295.0; t <= 415.0; t += 1.0) {
        double g = timeline_eval(tl, t).glow;
        CHECK(g >= prev);
        prev = g;
    }
    CHECK(timeline_eval(tl, 296.0).glow < 0.05);
    CHECK(timeline_eval(tl, 355.0).glow > 0.3);
    CHECK(timeline_eval(tl, 355.0).glow < 0.7);
    CHECK(timeline_eval(tl, 415.0).glow > 0.999);
    CHECK(timeline_eval(tl, 430.0).resist > 0.5);
    CHECK(timeline_eval(tl, 465.0).resist < 1e-6);
    CHECK(timeline_eval(tl, 490.0).radiance < 1e-6);
    CHECK(timeline_eval(tl, 515.0).radiance > 0.5);
    CHECK(timeline_eval(tl, 515.0).drift > 0.2); /* a thin outward drift, not a snowfall */
    CHECK(timeline_eval(tl, 560.0).dawn < 1e-6);
    CHECK(timeline_eval(tl, 585.0).dawn > 0.84);
    CHECK(timeline_eval(tl, 586.0).endcard < 0.01); /* not over the last words */
    CHECK(timeline_eval(tl, 592.0).endcard > 0.99);
    CHECK(timeline_eval(tl, 599.0).fade < 1e-6);
    CHECK_NEAR(timeline_last_key_time(tl), 598.975, 1e-6);
    /* breath period is never animated (a changing period would whip the
     * breathing phase around) */
    for (double t = 0; t < 600.0; t += 5.0)
        CHECK_NEAR(timeline_eval(tl, t).breath_period, 11.0, 1e-6);
    CHECK(timeline_eval(tl, 200.0).phase == 4);
    timeline_destroy(tl);
}

TEST(test_fountain_timeline_keys_are_all_phase_relative)
{
    /* moving every phase by 30 s moves every change by 30 s */
    timeline *tl = timeline_load(FOUNTAIN_PATH);
    timeline *moved = timeline_clone(tl);
    double starts[14];
    for (size_t i = 0; i < 14; i++)
        starts[i] = timeline_phase_start(tl, i) + 30.0;
    CHECK(timeline_retime(moved, starts) == 0);
    int same = 1;
    for (double t = 0; t < 600.0; t += 0.5) {
        scene_state a = timeline_eval(tl, t), b = timeline_eval(moved, t + 30.0);
        for (size_t p = 0; p < timeline_param_count(); p++)
            for (int c = 0; c < 3; c++)
                if (fabsf(param_value(&a, p, c) - param_value(&b, p, c)) > 1e-5f)
                    same = 0;
    }
    CHECK(same);
    timeline_destroy(tl);
    timeline_destroy(moved);
}

int main(void)
{
    RUN(test_timeline_param_table_is_consistent);
    RUN(test_timeline_defaults_apply_without_keys);
    RUN(test_timeline_eval_null_timeline_gives_defaults);
    RUN(test_timeline_eval_before_first_key_uses_first_value);
    RUN(test_timeline_eval_after_last_key_holds_last_value);
    RUN(test_timeline_eval_exactly_on_key_gives_that_value);
    RUN(test_timeline_two_keys_at_one_time_take_the_later);
    RUN(test_timeline_hold_keeps_previous_value_until_key);
    RUN(test_timeline_linear_interpolates_evenly);
    RUN(test_timeline_smooth_eases_in_and_out_and_is_default);
    RUN(test_timeline_colours_are_stored_as_linear_rgb);
    RUN(test_timeline_comments_blank_lines_header_crlf_and_bom);
    RUN(test_timeline_relative_and_absolute_times);
    RUN(test_timeline_keys_may_name_phases_defined_later);
    RUN(test_timeline_phase_index_and_time_since_phase);
    RUN(test_timeline_retime_moves_relative_keys_and_not_absolute);
    RUN(test_timeline_retime_squeezes_a_shorter_phase);
    RUN(test_timeline_retime_keeps_order_and_never_makes_a_jump);
    RUN(test_timeline_clone_is_independent);
    RUN(test_timeline_buffer_need_not_be_nul_terminated);
    RUN(test_timeline_unknown_parameter_gets_did_you_mean);
    RUN(test_timeline_errors_carry_line_and_column);
    RUN(test_timeline_keys_out_of_time_order_are_errors);
    RUN(test_timeline_header_version_is_checked);
    RUN(test_timeline_bad_lines_are_skipped_and_the_rest_is_read);
    RUN(test_timeline_diagnostics_come_in_line_order);
    RUN(test_timeline_print_diags_writes_file_line_col);
    RUN(test_timeline_long_lines_and_nul_bytes_are_rejected);
    RUN(test_timeline_caps_diagnostics_keys_and_size);
    RUN(test_timeline_load_reports_missing_file);
    RUN(test_fast_change_checker_catches_quick_changes);
    RUN(test_fountain_timeline_parses_without_diagnostics);
    RUN(test_fountain_timeline_never_changes_faster_than_2s);
    RUN(test_fountain_timeline_follows_the_session_arc);
    RUN(test_fountain_timeline_keys_are_all_phase_relative);
    return check_done();
}
