/* Unit tests: the config file merges before the command line. */
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "config.h"
#include "options.h"

static const char *write_conf(const char *text)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/ws-config-%d.conf", (int)getpid());
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
    return path;
}

TEST(test_config_keys_become_options_and_the_command_line_wins)
{
    const char *path = write_conf("# comment\n[wellspring]\ncaption-size = 0.9\nmute = true\n"
                                  "loop = false\nvolume = 40\n");
    char *argv[] = {"wellspring", "--volume", "70", NULL};
    config_args c;
    char err[256];
    CHECK(config_merge(path, 3, argv, &c, err, sizeof err) == 0);
    options o;
    CHECK(options_parse(&o, c.argc, c.argv, err, sizeof err) == OPTIONS_OK);
    CHECK_NEAR(o.caption_size, 0.9, 1e-9);
    CHECK(o.mute == 1 && o.loop == 0);
    CHECK(o.volume == 70); /* the command line's value, given after the file's */
    config_free(&c);
    unlink(path);
}

TEST(test_config_unknown_key_is_reported_by_the_option_parser)
{
    const char *path = write_conf("frobnicate = 3\n");
    char *argv[] = {"wellspring", NULL};
    config_args c;
    char err[256];
    CHECK(config_merge(path, 1, argv, &c, err, sizeof err) == 0);
    options o;
    CHECK(options_parse(&o, c.argc, c.argv, err, sizeof err) == OPTIONS_USAGE);
    CHECK(strstr(err, "frobnicate") != NULL);
    config_free(&c);
    unlink(path);
}

TEST(test_config_bad_line_names_file_and_line)
{
    const char *path = write_conf("mute = true\nthis line has no equals sign\n");
    char *argv[] = {"wellspring", NULL};
    config_args c;
    char err[256];
    CHECK(config_merge(path, 1, argv, &c, err, sizeof err) < 0);
    CHECK(strstr(err, ":2:") != NULL);
    unlink(path);
}

TEST(test_config_missing_file_is_fine)
{
    char *argv[] = {"wellspring", "--mute", NULL};
    config_args c;
    char err[256];
    CHECK(config_merge("/nonexistent/wellspring.conf", 2, argv, &c, err, sizeof err) == 0);
    CHECK(c.argc == 2);
    CHECK_STR(c.argv[1], "--mute");
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
    RUN(test_config_keys_become_options_and_the_command_line_wins);
    RUN(test_config_unknown_key_is_reported_by_the_option_parser);
    RUN(test_config_bad_line_names_file_and_line);
    RUN(test_config_missing_file_is_fine);
    RUN(test_config_path_follows_xdg);
    return check_done();
}
