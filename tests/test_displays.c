/* Unit tests: the display list (--display, --all-displays, hotplug). */
#include <string.h>

#include "check.h"
#include "video/displays.h"

TEST(test_parse_places_and_names)
{
    display_list l;
    char err[128];
    CHECK(displays_parse("1920x1080@TV,1080x1920", &l, err, sizeof err) == 0);
    CHECK(l.count == 2);
    CHECK_STR(l.d[0].name, "TV");
    CHECK(l.d[0].x == 0 && l.d[0].w == 1920 && l.d[0].h == 1080);
    CHECK_STR(l.d[1].name, "display 1");
    CHECK(l.d[1].x == 1920 && l.d[1].y == 0 && l.d[1].w == 1080 && l.d[1].h == 1920);
    CHECK(displays_parse("640x480-640+100@Left", &l, err, sizeof err) == 0);
    CHECK(l.count == 1 && l.d[0].x == -640 && l.d[0].y == 100);
    CHECK(displays_parse("none", &l, err, sizeof err) == 0 && l.count == 0);
    CHECK(displays_parse("", &l, err, sizeof err) == 0 && l.count == 0);
}

TEST(test_parse_rejects_bad_specs)
{
    display_list l;
    char err[128] = "";
    const char *bad[] = {"1920", "1920x", "x1080", "8x8", "1920x1080junk", "1920x1080@",
                         "1920x1080+10", "-5x100", "1x1,2x2,3x3", "100x100,,100x100"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err[0] = '\0';
        CHECK(displays_parse(bad[i], &l, err, sizeof err) < 0);
        CHECK(err[0] != '\0');
    }
    char many[512] = "";
    for (int i = 0; i < DISPLAYS_MAX + 1; i++)
        strcat(many, i ? ",64x64" : "64x64");
    CHECK(displays_parse(many, &l, err, sizeof err) < 0);
    CHECK(strstr(err, "more than") != NULL);
}

TEST(test_find_by_index_and_name)
{
    display_list l;
    char err[128];
    CHECK(displays_parse("1920x1080@HDMI-1,1280x1024@DP-2", &l, err, sizeof err) == 0);
    CHECK(displays_find(&l, NULL) == 0);
    CHECK(displays_find(&l, "1") == 1);
    CHECK(displays_find(&l, "DP-2") == 1);
    CHECK(displays_find(&l, "HDMI-1") == 0);
    CHECK(displays_find(&l, "2") == -1);
    CHECK(displays_find(&l, "dp-2") == -1); /* names are exact */
    CHECK(displays_find(&l, "-1") == -1);
    display_list none = {0};
    CHECK(displays_find(&none, NULL) == -1);
}

TEST(test_match_follows_a_display_across_changes)
{
    display_list before, after;
    char err[128];
    CHECK(displays_parse("1920x1080@HDMI-1,1280x1024@DP-2", &before, err, sizeof err) == 0);
    /* The TV was switched off: DP-2 moves to index 0, HDMI-1 is gone. */
    CHECK(displays_parse("1280x1024@DP-2", &after, err, sizeof err) == 0);
    CHECK(displays_match(&after, &before, 1) == 0);
    CHECK(displays_match(&after, &before, 0) == -1);
    /* ... and back, at another resolution. */
    CHECK(displays_parse("1280x1024@DP-2,3840x2160@HDMI-1", &after, err, sizeof err) == 0);
    CHECK(displays_match(&after, &before, 0) == 1);
    CHECK(after.d[1].w == 3840);
    CHECK(!displays_same(&before, &after));
    /* Names that say nothing (all alike): by index. */
    display_list a = {.count = 2}, b = {.count = 1};
    strcpy(a.d[0].name, "screen");
    strcpy(a.d[1].name, "screen");
    strcpy(b.d[0].name, "screen");
    CHECK(displays_match(&b, &a, 0) == 0);
    CHECK(displays_match(&b, &a, 1) == -1);
    CHECK(displays_same(&before, &before));
}

TEST(test_script_steps_in_time)
{
    display_script s;
    char err[128];
    CHECK(display_script_parse("1280x720", &s, err, sizeof err) == 0);
    CHECK(s.count == 1 && display_script_at(&s, 100.0)->d[0].w == 1280);
    CHECK(display_script_parse("0:1280x720;1.5:none;3:640x360@TV", &s, err, sizeof err) == 0);
    CHECK(s.count == 3);
    CHECK(display_script_at(&s, 0.0)->count == 1);
    CHECK(display_script_at(&s, 1.49)->d[0].w == 1280);
    CHECK(display_script_at(&s, 1.5)->count == 0);
    CHECK(display_script_at(&s, 9.0)->d[0].w == 640);
    CHECK(display_script_parse("0:1280x720;0:640x360", &s, err, sizeof err) < 0);
    CHECK(display_script_parse("0:1280x720;x:640x360", &s, err, sizeof err) < 0);
    CHECK(display_script_parse("0:1280x720;2", &s, err, sizeof err) < 0);
    display_script empty;
    CHECK(display_script_parse(NULL, &empty, err, sizeof err) == 0 && !display_script_at(&empty, 1.0));
}

int main(void)
{
    RUN(test_parse_places_and_names);
    RUN(test_parse_rejects_bad_specs);
    RUN(test_find_by_index_and_name);
    RUN(test_match_follows_a_display_across_changes);
    RUN(test_script_steps_in_time);
    return check_done();
}
