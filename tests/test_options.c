/* Unit tests: the option table parser and the session time parser. */
#include "check.h"
#include "util/options.h"
#include "time/timefmt.h"

static options_result parse(options *o, char *err, int argc, const char **argv)
{
    return options_parse(o, argc, (char **)argv, err, 256);
}

TEST(test_time_accepts_seconds_and_clock_forms)
{
    double t = -1;
    CHECK(timefmt_parse("42", &t) == 0 && t == 42.0);
    CHECK(timefmt_parse("312.5", &t) == 0);
    CHECK_NEAR(t, 312.5, 1e-12);
    CHECK(timefmt_parse("5:12.500", &t) == 0);
    CHECK_NEAR(t, 312.5, 1e-12);
    CHECK(timefmt_parse("01:05:12.25", &t) == 0);
    CHECK_NEAR(t, 3912.25, 1e-12);
    CHECK(timefmt_parse("125:00", &t) == 0);
    CHECK_NEAR(t, 7500.0, 1e-12);
}

TEST(test_time_rejects_malformed)
{
    double t = 7;
    const char *bad[] = {"", "abc", "-1", "+3", "1:60", "1:2:60", "1:60:00", "1.", ".5",
                         "1:2:3:4", "12s", "1::2", ":30", "1 ", " 1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (timefmt_parse(bad[i], &t) == 0)
            fprintf(stderr, "accepted '%s'\n", bad[i]);
        CHECK(timefmt_parse(bad[i], &t) < 0);
    }
    CHECK(t == 7); /* nothing stored on failure */
}

TEST(test_time_format_rounds_to_milliseconds)
{
    char buf[32];
    timefmt_format(3912.2504, buf, sizeof buf);
    CHECK_STR(buf, "01:05:12.250");
    timefmt_format(59.9996, buf, sizeof buf);
    CHECK_STR(buf, "00:01:00.000");
    timefmt_format(-3, buf, sizeof buf);
    CHECK_STR(buf, "00:00:00.000");
}

TEST(test_time_clock_reads_as_on_a_screen)
{
    char buf[32];
    timefmt_clock(0.0, buf, sizeof buf);
    CHECK_STR(buf, "0:00");
    timefmt_clock(59.99, buf, sizeof buf);
    CHECK_STR(buf, "0:59");
    timefmt_clock(590.0, buf, sizeof buf);
    CHECK_STR(buf, "9:50");
    timefmt_clock(3599.5, buf, sizeof buf);
    CHECK_STR(buf, "59:59");
    timefmt_clock(3912.25, buf, sizeof buf);
    CHECK_STR(buf, "1:05:12");
    timefmt_clock(-2.0, buf, sizeof buf);
    CHECK_STR(buf, "0:00");
}

TEST(test_options_defaults)
{
    options o;
    char err[256];
    const char *argv[] = {"wellspring"};
    CHECK(parse(&o, err, 1, argv) == OPTIONS_OK);
    CHECK(o.windowed == 0 && o.display == NULL && o.volume == 100);
    CHECK_NEAR(o.caption_size, 0.7, 1e-12);
    CHECK(o.fps == 0.0); /* --render uses 30, a session the display's rate */
    CHECK(o.file == NULL);
}

TEST(test_options_windowed_with_and_without_size)
{
    options o;
    char err[256];
    const char *a1[] = {"w", "--windowed"};
    CHECK(parse(&o, err, 2, a1) == OPTIONS_OK && o.windowed && o.window_w == 0);
    const char *a2[] = {"w", "--windowed=800x600"};
    CHECK(parse(&o, err, 2, a2) == OPTIONS_OK && o.windowed && o.window_w == 800 &&
          o.window_h == 600);
    const char *a3[] = {"w", "--windowed=800"};
    CHECK(parse(&o, err, 2, a3) == OPTIONS_USAGE);
    CHECK(strstr(err, "--windowed") != NULL);
}

TEST(test_options_screenshot_takes_time_and_path)
{
    options o;
    char err[256];
    const char *a[] = {"w", "--screenshot", "5:12.500", "out.png", "--size", "320x180"};
    CHECK(parse(&o, err, 6, a) == OPTIONS_OK);
    CHECK(o.screenshot == 1);
    CHECK_NEAR(o.screenshot_t, 312.5, 1e-9);
    CHECK_STR(o.screenshot_path, "out.png");
    CHECK(o.size_w == 320 && o.size_h == 180);
    const char *b[] = {"w", "--screenshot", "5"};
    CHECK(parse(&o, err, 3, b) == OPTIONS_USAGE);
}

TEST(test_options_render_needs_to)
{
    options o;
    char err[256];
    const char *a[] = {"w", "--render", "dir", "--from", "1", "--fps", "10"};
    CHECK(parse(&o, err, 7, a) == OPTIONS_USAGE);
    CHECK(strstr(err, "--to") != NULL);
    const char *b[] = {"w", "--render", "dir", "--from=2", "--to", "1"};
    CHECK(parse(&o, err, 6, b) == OPTIONS_USAGE);
    const char *c[] = {"w", "--render", "dir", "--from=1", "--to", "0:02", "--fps=12.5"};
    CHECK(parse(&o, err, 7, c) == OPTIONS_OK);
    CHECK_NEAR(o.to, 2.0, 1e-12);
    CHECK_NEAR(o.fps, 12.5, 1e-12);
}

TEST(test_options_unknown_and_malformed_name_the_option)
{
    options o;
    char err[256];
    const char *a[] = {"w", "--frobnicate=3"};
    CHECK(parse(&o, err, 2, a) == OPTIONS_USAGE);
    CHECK_STR(err, "unknown option '--frobnicate'");
    const char *b[] = {"w", "-x"};
    CHECK(parse(&o, err, 2, b) == OPTIONS_USAGE);
    CHECK_STR(err, "unknown option '-x'");
    const char *c[] = {"w", "--schedule", "8-17"};
    CHECK(parse(&o, err, 3, c) == OPTIONS_USAGE);
    CHECK(strstr(err, "--schedule") && strstr(err, "8-17"));
    const char *d[] = {"w", "--volume", "101"};
    CHECK(parse(&o, err, 3, d) == OPTIONS_USAGE);
    const char *e[] = {"w", "--display"};
    CHECK(parse(&o, err, 2, e) == OPTIONS_USAGE);
    const char *f[] = {"w", "--help=yes"};
    CHECK(parse(&o, err, 2, f) == OPTIONS_USAGE);
    CHECK(strchr(err, '\n') == NULL);
}

TEST(test_options_unknown_option_suggests_the_closest_name)
{
    options o;
    char err[256];
    const char *a[] = {"w", "--windowd"};
    CHECK(parse(&o, err, 2, a) == OPTIONS_USAGE);
    CHECK_STR(err, "unknown option '--windowd'; did you mean '--windowed'?");
    const char *b[] = {"w", "--captionsize=2"};
    CHECK(parse(&o, err, 2, b) == OPTIONS_USAGE);
    CHECK_STR(err, "unknown option '--captionsize'; did you mean '--caption-size'?");
    const char *c[] = {"w", "-windowed"};
    CHECK(parse(&o, err, 2, c) == OPTIONS_USAGE);
    CHECK_STR(err, "unknown option '-windowed'; did you mean '--windowed'?");
    const char *d[] = {"w", "--vloume", "3"};
    CHECK(parse(&o, err, 3, d) == OPTIONS_USAGE);
    CHECK_STR(err, "unknown option '--vloume'; did you mean '--volume'?");
    const char *e[] = {"w", "--frobnicate"};
    CHECK(parse(&o, err, 2, e) == OPTIONS_USAGE);
    CHECK(strstr(err, "did you mean") == NULL); /* nothing close: no guess */
}

TEST(test_options_quality_is_validated)
{
    options o;
    char err[256];
    const char *a[] = {"w", "--quality", "ultra"};
    CHECK(parse(&o, err, 3, a) == OPTIONS_USAGE);
    CHECK(strstr(err, "--quality") && strstr(err, "ultra"));
    const char *b[] = {"w", "--benchmark", "--quality=low", "--seconds", "13"};
    CHECK(parse(&o, err, 5, b) == OPTIONS_OK);
    CHECK(o.benchmark && o.seconds == 13.0);
    CHECK_STR(o.quality, "low");
}

TEST(test_options_screens_and_particles)
{
    options o;
    char err[256];
    const char *a[] = {"w", "--all-displays", "--particles", "1000000"};
    CHECK(parse(&o, err, 4, a) == OPTIONS_OK);
    CHECK(o.all_displays && o.particles == 1000000);
    const char *b[] = {"w", "--all-displays", "--root"};
    CHECK(parse(&o, err, 3, b) == OPTIONS_USAGE);
    CHECK(strstr(err, "--all-displays") && strstr(err, "--root"));
    const char *c[] = {"w", "--particles", "100"};
    CHECK(parse(&o, err, 3, c) == OPTIONS_USAGE);
    const char *d[] = {"w", "--window-id", "0x1a00003,0x1c00003"};
    CHECK(parse(&o, err, 3, d) == OPTIONS_OK);
    unsigned long ids[8];
    CHECK(options_parse_window_ids(o.window_id, ids, 8) == 2);
    CHECK(ids[0] == 0x1a00003ul && ids[1] == 0x1c00003ul);
    const char *bad[] = {"0x1a00003,", ",0x1", "0x1,,0x2", "0x1,zz", "0"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK(options_parse_window_ids(bad[i], ids, 8) < 0);
    CHECK(options_parse_window_ids("1,2,3", ids, 2) < 0); /* more than max */
}

TEST(test_options_positional_files)
{
    options o;
    char err[256];
    const char *a[] = {"w", "session.ogg", "--mute"};
    CHECK(parse(&o, err, 3, a) == OPTIONS_OK);
    CHECK_STR(o.file, "session.ogg");
    CHECK(o.file_count == 1);
    CHECK(o.mute == 1);
    /* Several FILEs make a library, in order; the first is o.file. */
    const char *b[] = {"w", "a.ogg", "--mute", "b.ogg", "studio/"};
    CHECK(parse(&o, err, 5, b) == OPTIONS_OK);
    CHECK(o.file_count == 3);
    CHECK_STR(o.file, "a.ogg");
    CHECK_STR(o.files[1], "b.ogg");
    CHECK_STR(o.files[2], "studio/");
    /* --align times one transcript. */
    const char *al[] = {"w", "--align", "n.ogg", "t.txt", "u.txt"};
    CHECK(parse(&o, err, 5, al) == OPTIONS_USAGE);
    /* Past OPTIONS_MAX_FILES: a folder or playlist is the way. */
    const char *many[OPTIONS_MAX_FILES + 2];
    many[0] = "w";
    for (int i = 1; i < OPTIONS_MAX_FILES + 2; i++)
        many[i] = "x.ogg";
    CHECK(parse(&o, err, OPTIONS_MAX_FILES + 2, many) == OPTIONS_USAGE);
    CHECK(strstr(err, "folder or a playlist") != NULL);
    const char *lib[] = {"w", "--library", "/srv/w", "--session", "2", "--no-default", "--shuffle",
                         "--kiosk"};
    CHECK(parse(&o, err, 8, lib) == OPTIONS_OK);
    CHECK_STR(o.library, "/srv/w");
    CHECK_STR(o.session, "2");
    CHECK(o.no_default == 1 && o.shuffle == 1 && o.kiosk == 1);
    const char *c[] = {"w", "--", "-odd-name.ogg"};
    CHECK(parse(&o, err, 3, c) == OPTIONS_OK);
    CHECK_STR(o.file, "-odd-name.ogg");
}

TEST(test_help_lists_every_option)
{
    char buf[8192] = "";
    FILE *f = fmemopen(buf, sizeof buf - 1, "w");
    options_print_help(f, "wellspring");
    fclose(f);
    const char *names[] = {"--help", "--version", "--windowed", "--display", "--verbose",
                           "--screenshot", "--render", "--from", "--to", "--fps", "--size"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        CHECK(strstr(buf, names[i]) != NULL);
}

int main(void)
{
    RUN(test_time_accepts_seconds_and_clock_forms);
    RUN(test_time_rejects_malformed);
    RUN(test_time_format_rounds_to_milliseconds);
    RUN(test_time_clock_reads_as_on_a_screen);
    RUN(test_options_defaults);
    RUN(test_options_windowed_with_and_without_size);
    RUN(test_options_screenshot_takes_time_and_path);
    RUN(test_options_render_needs_to);
    RUN(test_options_unknown_and_malformed_name_the_option);
    RUN(test_options_unknown_option_suggests_the_closest_name);
    RUN(test_options_quality_is_validated);
    RUN(test_options_screens_and_particles);
    RUN(test_options_positional_files);
    RUN(test_help_lists_every_option);
    return check_done();
}
