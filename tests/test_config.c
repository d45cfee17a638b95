/* Unit tests: the config file, its errors (FILE:LINE), and the modes where a
 * bad line is only a warning. */
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "util/config.h"
#include "util/options.h"

static char g_path[64];

static const char *write_conf(const char *text)
{
    snprintf(g_path, sizeof g_path, "/tmp/ws-config-%d.conf", (int)getpid());
    FILE *f = fopen(g_path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
    return g_path;
}

/* Loads `text` as the config file under the command line argv (NULL-ended). */
static options_result load(const char *text, char **argv, options *o, config *c, char *err,
                           size_t errsize)
{
    int argc = 0;
    while (argv[argc])
        argc++;
    err[0] = '\0';
    return config_load_options(c, write_conf(text), argc, argv, o, err, errsize);
}

static int has_warning(const config *c, const char *needle)
{
    for (size_t i = 0; i < c->nwarnings; i++)
        if (strstr(c->warnings[i], needle))
            return 1;
    return 0;
}

TEST(test_config_keys_become_options_and_the_command_line_wins)
{
    char *argv[] = {"wellspring", "--volume", "70", NULL};
    options o;
    config c;
    char err[256];
    CHECK(load("# comment\n[wellspring]\ncaption-size = 0.9\nmute = true\nloop = false\n"
               "volume = 40\nwindowed = 640x360\n",
               argv, &o, &c, err, sizeof err) == OPTIONS_OK);
    CHECK_NEAR(o.caption_size, 0.9, 1e-9);
    CHECK(o.mute == 1 && o.loop == 0);
    CHECK(o.volume == 70); /* the command line's value wins over the file's 40 */
    CHECK(o.windowed == 1 && o.window_w == 640 && o.window_h == 360);
    CHECK(c.nwarnings == 0);
    config_free(&c);
}

TEST(test_config_hash_comment_after_a_value)
{
    char *argv[] = {"wellspring", NULL};
    options o;
    config c;
    char err[256];
    CHECK(load("mute = true        # flags take true/false\nsafe-area = 85 ; percent\n", argv, &o,
               &c, err, sizeof err) == OPTIONS_OK);
    CHECK(o.mute == 1);
    CHECK_NEAR(o.safe_area, 85, 1e-9);
    config_free(&c);
}

TEST(test_config_unknown_key_names_file_line_and_the_likely_key)
{
    char *argv[] = {"wellspring", NULL};
    options o;
    config c;
    char err[256], want[256];
    CHECK(load("mute = true\n\ncaptionsize = 0.9\n", argv, &o, &c, err, sizeof err) ==
          OPTIONS_USAGE);
    snprintf(want, sizeof want, "%s:3: unknown key 'captionsize' (did you mean 'caption-size'?)",
             g_path);
    CHECK_STR(err, want);
    config_free(&c);
    CHECK(load("frobnicate = 3\n", argv, &o, &c, err, sizeof err) == OPTIONS_USAGE);
    snprintf(want, sizeof want, "%s:1: unknown key 'frobnicate'", g_path);
    CHECK_STR(err, want);
    config_free(&c);
}

TEST(test_config_bad_line_or_value_names_file_and_line)
{
    char *argv[] = {"wellspring", NULL};
    options o;
    config c;
    char err[256], want[256];
    CHECK(load("mute = true\nthis line has no equals sign\n", argv, &o, &c, err, sizeof err) ==
          OPTIONS_USAGE);
    snprintf(want, sizeof want, "%s:2: cannot read this line (expected key = value)", g_path);
    CHECK_STR(err, want);
    config_free(&c);
    CHECK(load("; volume\n\nvolume = 150\n", argv, &o, &c, err, sizeof err) == OPTIONS_USAGE);
    snprintf(want, sizeof want, "%s:3: key 'volume' needs a whole number from 0 to 100, not '150'",
             g_path);
    CHECK_STR(err, want);
    config_free(&c);
    CHECK(load("mute = maybe\n", argv, &o, &c, err, sizeof err) == OPTIONS_USAGE);
    CHECK(strstr(err, ":1: key 'mute' takes true or false, not 'maybe'") != NULL);
    config_free(&c);
    CHECK(load("quality = best\n", argv, &o, &c, err, sizeof err) == OPTIONS_USAGE);
    CHECK(strstr(err, ":1: key 'quality' needs low, medium, high or auto") != NULL);
    config_free(&c);
    CHECK(load("gl = vulkan\n", argv, &o, &c, err, sizeof err) == OPTIONS_USAGE);
    CHECK(strstr(err, ":1: key 'gl' needs core or es, not 'vulkan'") != NULL);
    config_free(&c);
    CHECK(load("gl = es\n", argv, &o, &c, err, sizeof err) == OPTIONS_OK);
    CHECK_STR(o.gl, "es");
    config_free(&c);
}

/* One-off actions are never settings: "force = true" in a config file
 * would make every --align overwrite its output. */
TEST(test_config_refuses_command_line_only_keys)
{
    char *argv[] = {"wellspring", NULL};
    options o;
    config c;
    char err[256];
    const char *const lines[] = {"force = true\n", "align = talk.mp3\n", "output = x.vtt\n"};
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        CHECK(load(lines[i], argv, &o, &c, err, sizeof err) == OPTIONS_USAGE);
        CHECK(strstr(err, "belongs on the command line, not in a config file") != NULL);
        config_free(&c);
    }
}

TEST(test_config_long_line_is_one_line)
{
    /* Longer than inih's line buffer: reported once, at its own line, and
     * the lines after it keep their numbers. */
    char text[1024] = "captions = /";
    memset(text + strlen(text), 'a', 400);
    strcat(text, "\nvolume = 50\nvolum = 3\n");
    char *argv[] = {"wellspring", NULL};
    options o;
    config c;
    char err[256];
    CHECK(load(text, argv, &o, &c, err, sizeof err) == OPTIONS_USAGE);
    CHECK(strstr(err, ":1: line too long") != NULL);
    config_free(&c);
    char *kiosk[] = {"wellspring", "--kiosk", NULL};
    CHECK(load(text, kiosk, &o, &c, err, sizeof err) == OPTIONS_OK);
    CHECK(c.nwarnings == 2 && has_warning(&c, ":1: line too long") &&
          has_warning(&c, ":3: unknown key 'volum' (did you mean 'volume'?)"));
    CHECK(o.volume == 50 && o.captions == NULL);
    config_free(&c);
}

TEST(test_config_never_blocks_help_version_or_man)
{
    const char *broken = "this is not a config file\ncaptionsize = 3\n";
    const char *flags[] = {"--help", "--version", "--man"};
    for (int i = 0; i < 3; i++) {
        char *argv[] = {"wellspring", (char *)flags[i], NULL};
        options o;
        config c;
        char err[256];
        CHECK(load(broken, argv, &o, &c, err, sizeof err) == OPTIONS_OK);
        CHECK(o.help + o.version + o.man == 1);
        config_free(&c);
    }
}

TEST(test_config_bad_line_is_a_warning_in_kiosk_and_screensaver_modes)
{
    const char *text = "volume = 30\ncaptionsize = 0.9\nnonsense\nsafe-area = 120\nmute = on\n";
    const char *modes[] = {"--kiosk", "--screensaver", "-root"};
    for (int i = 0; i < 3; i++) {
        char *argv[] = {"wellspring", (char *)modes[i], NULL};
        options o;
        config c;
        char err[256];
        CHECK(load(text, argv, &o, &c, err, sizeof err) == OPTIONS_OK);
        CHECK(o.volume == 30 && o.mute == 1);      /* the good lines apply */
        CHECK_NEAR(o.safe_area, 90, 1e-9);         /* the bad value is ignored */
        CHECK(c.nwarnings == 3);
        CHECK(has_warning(&c, ":2: unknown key 'captionsize' (did you mean 'caption-size'?); "
                              "this line is ignored"));
        CHECK(has_warning(&c, ":3: cannot read this line"));
        CHECK(has_warning(&c, ":4: key 'safe-area' needs"));
        config_free(&c);
    }
    /* xsecurelock and xscreensaver may give the window only in the environment. */
    setenv("XSCREENSAVER_WINDOW", "0x1a00003", 1);
    char *plain[] = {"wellspring", NULL};
    options o2;
    config c2;
    char err2[256];
    CHECK(load(text, plain, &o2, &c2, err2, sizeof err2) == OPTIONS_OK && c2.nwarnings == 3);
    config_free(&c2);
    unsetenv("XSCREENSAVER_WINDOW");
    /* Interactively the same file stops at its first bad line. */
    char *argv[] = {"wellspring", NULL};
    options o;
    config c;
    char err[256];
    CHECK(load(text, argv, &o, &c, err, sizeof err) == OPTIONS_USAGE);
    CHECK(strstr(err, ":2: unknown key 'captionsize'") != NULL);
    config_free(&c);
}

TEST(test_config_kiosk_in_the_file_makes_it_lenient_too)
{
    char *argv[] = {"wellspring", NULL};
    options o;
    config c;
    char err[256];
    /* Before or after the bad line: the file asks for kiosk mode. */
    CHECK(load("captionsize = 1\nkiosk = yes\n", argv, &o, &c, err, sizeof err) == OPTIONS_OK);
    CHECK(o.kiosk == 1 && c.nwarnings == 1);
    config_free(&c);
    CHECK(load("screensaver = true\nvolume = loud\n", argv, &o, &c, err, sizeof err) ==
          OPTIONS_OK);
    CHECK(o.screensaver == 1 && o.volume == 100 && c.nwarnings == 1);
    config_free(&c);
    /* A clash between the file and the command line: the file gives way. */
    char *saver[] = {"wellspring", "-root", NULL};
    CHECK(load("all-displays = true\nmute = true\n", saver, &o, &c, err, sizeof err) ==
          OPTIONS_OK);
    CHECK(o.root == 1 && o.all_displays == 0 && c.nwarnings == 1);
    CHECK(has_warning(&c, "the config file is ignored"));
    config_free(&c);
}

TEST(test_config_command_line_errors_are_the_command_lines)
{
    char *argv[] = {"wellspring", "--kiosk", "--windowd", NULL};
    options o;
    config c;
    char err[256];
    CHECK(load("mute = true\n", argv, &o, &c, err, sizeof err) == OPTIONS_USAGE);
    CHECK_STR(err, "unknown option '--windowd'; did you mean '--windowed'?");
    config_free(&c);
}

TEST(test_config_missing_file_is_fine)
{
    char *argv[] = {"wellspring", "--mute", NULL};
    options o;
    config c;
    char err[256];
    CHECK(config_load_options(&c, "/nonexistent/wellspring.conf", 2, argv, &o, err, sizeof err) ==
          OPTIONS_OK);
    CHECK(o.mute == 1 && c.count == 0 && c.nwarnings == 0);
    config_free(&c);
}

TEST(test_config_path_follows_xdg)
{
    char p[256];
    setenv("XDG_CONFIG_HOME", "/x/cfg", 1);
    CHECK(config_path(p, sizeof p) == 0);
    CHECK_STR(p, "/x/cfg/wellspring/wellspring.conf");
    unsetenv("XDG_CONFIG_HOME");
    setenv("HOME", "/home/u", 1);
    CHECK(config_path(p, sizeof p) == 0);
    CHECK_STR(p, "/home/u/.config/wellspring/wellspring.conf");
}

int main(void)
{
    unsetenv("XSCREENSAVER_WINDOW");
    RUN(test_config_keys_become_options_and_the_command_line_wins);
    RUN(test_config_hash_comment_after_a_value);
    RUN(test_config_unknown_key_names_file_line_and_the_likely_key);
    RUN(test_config_bad_line_or_value_names_file_and_line);
    RUN(test_config_refuses_command_line_only_keys);
    RUN(test_config_long_line_is_one_line);
    RUN(test_config_never_blocks_help_version_or_man);
    RUN(test_config_bad_line_is_a_warning_in_kiosk_and_screensaver_modes);
    RUN(test_config_kiosk_in_the_file_makes_it_lenient_too);
    RUN(test_config_command_line_errors_are_the_command_lines);
    RUN(test_config_missing_file_is_fine);
    RUN(test_config_path_follows_xdg);
    unlink(g_path);
    return check_done();
}
