/* Unit tests: a studio's library of sessions (issue 19): folders and
 * playlists made entries, titles and descriptions, --session, resume
 * state, the schedule's per-range sessions, and the kiosk's orders. The
 * files live in a folder made under $TMPDIR (or /tmp) and removed at the
 * end. */
#define _XOPEN_SOURCE 700 /* realpath */

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "scratch.h"
#include "library/library.h"
#include "library/playlist.h"
#include "library/resume.h"
#include "time/schedule.h"

static const char OGG[] = "OggS\0\2\0\0\0\0\0\0\0\0\x01\x02\x03\x04";

/* The titles of lib's entries, "|" between them. */
static const char *titles(const library *lib)
{
    static char out[2048];
    size_t at = 0;
    out[0] = '\0';
    for (size_t i = 0; i < lib->count && at < sizeof out; i++)
        at += (size_t)snprintf(out + at, sizeof out - at, "%s%s", i ? "|" : "",
                               lib->entries[i].title);
    return out;
}

static int warned(const library *lib, const char *part)
{
    return scratch_lines_hold(lib->warnings, lib->warning_count, part);
}

/* ---- folders -------------------------------------------------------------- */

TEST(test_library_folder_lists_narrations_in_natural_order)
{
    library lib = {0};
    CHECK(library_add(&lib, scratch_path("studio")) == 5);
    /* "2" and "02" are one number; case and Latin-1 letters fold. */
    CHECK_STR(titles(&lib), "Breath|Body Scan|Evening calm|Ocean Waves|Élan");
    CHECK_STR(lib.entries[0].path, scratch_path("studio/2 - breath.ogg"));
    CHECK(lib.entries[0].real[0] == '/');
    CHECK(lib.entries[0].flags == 0 && lib.entries[0].duration == 0.0);
    /* Not recursive, hidden files and caption/timeline/transcript files
     * are not entries, and a .mp3 that holds text is warned and skipped. */
    CHECK(strstr(titles(&lib), "Nested") == NULL);
    CHECK(lib.warning_count == 1);
    CHECK(warned(&lib, "fake.mp3: a text file, not a narration; skipped"));
    library_free(&lib);
    CHECK(lib.count == 0 && lib.entries == NULL);
}

TEST(test_library_natural_order_is_numeric_and_caseless)
{
    CHECK(library_natural_compare("track 2", "track 10") < 0);
    CHECK(library_natural_compare("Track 10", "track 9") > 0);
    CHECK(library_natural_compare("apple", "Body") < 0);
    CHECK(library_natural_compare("Évening", "évening") != 0); /* a total order */
    CHECK(library_natural_compare("École", "école zz") < 0);
    CHECK(library_natural_compare("a02", "a2") != 0);
    CHECK(library_natural_compare("same", "same") == 0);
}

TEST(test_library_empty_folder_and_missing_source_are_reported)
{
    library lib = {0};
    CHECK(library_add(&lib, scratch_path("empty")) == 0);
    CHECK(lib.count == 0);
    CHECK(warned(&lib, "no narrations in the folder"));
    CHECK(library_add(&lib, scratch_path("nowhere")) == -1);
    CHECK(warned(&lib, "nowhere: no such file; skipped"));
    CHECK(library_add(&lib, scratch_path("cover.png")) == -1);
    CHECK(warned(&lib, "an image, not a narration, folder or playlist"));
    CHECK(lib.count == 0 && lib.warning_count == 3);
    library_free(&lib);
}

TEST(test_library_sources_add_up_and_duplicates_appear_once)
{
    library lib = {0};
    CHECK(library_add(&lib, scratch_path("studio/evening-calm.mp3")) == 1);
    CHECK(library_add(&lib, scratch_path("studio")) == 4);
    CHECK(library_add(&lib, scratch_path("studio/../studio/evening-calm.mp3")) == 0);
    CHECK(library_add(&lib, scratch_path("calm.vtt")) == 1); /* its narration */
    CHECK(lib.count == 6);
    CHECK_STR(lib.entries[0].title, "Evening calm");
    CHECK_STR(lib.entries[5].path, scratch_path("calm.ogg"));
    CHECK(library_add_default(&lib, scratch_path("fountain.ogg"), NULL) == 1);
    CHECK(lib.count == 7);
    CHECK_STR(lib.entries[6].title, LIBRARY_DEFAULT_TITLE);
    CHECK(lib.entries[6].flags & LIBRARY_ENTRY_DEFAULT);
    CHECK(library_add_default(&lib, scratch_path("fountain.ogg"), "Again") == 0);
    CHECK(library_add_default(&lib, scratch_path("gone.ogg"), NULL) == -1);
    CHECK(lib.count == 7);
    library_free(&lib);
}

/* ---- playlists -------------------------------------------------------------- */

TEST(test_library_playlist_resolves_paths_and_takes_extinf_titles)
{
    library lib = {0};
    CHECK(library_add(&lib, scratch_path("lists/main.m3u8")) == 4);
    CHECK_STR(titles(&lib), "Morning light|Breath|Calm|Evening calm");
    /* relative to the playlist's folder, through .., and absolute */
    CHECK_STR(lib.entries[0].path, scratch_path("lists/../studio/Ocean-Waves.ogg"));
    CHECK_STR(lib.entries[1].path, scratch_path("lists/./../studio/2 - breath.ogg"));
    CHECK_STR(lib.entries[2].path, scratch_path("calm.ogg"));
    CHECK(lib.entries[0].flags & LIBRARY_ENTRY_PLAYLIST_TITLE);
    CHECK_NEAR(lib.entries[0].duration, 600.0, 1e-9);
    CHECK(!(lib.entries[1].flags & LIBRARY_ENTRY_PLAYLIST_TITLE));
    /* the missing entry: one warning naming the line; the URL likewise */
    CHECK(lib.warning_count == 2);
    CHECK(warned(&lib, "main.m3u8:9: "));
    CHECK(warned(&lib, "gone.mp3: no such file; skipped"));
    CHECK(warned(&lib, "main.m3u8:10: http://example.com/a.mp3: a URL"));
    library_free(&lib);
}

TEST(test_library_playlist_with_crlf_bom_folder_and_itself)
{
    library lib = {0};
    /* BOM, CRLF, a folder entry expanding as a folder, itself, a loop */
    CHECK(library_add(&lib, scratch_path("lists/crlf.m3u")) == 6);
    CHECK_STR(titles(&lib), "Sunrise|Breath|Body Scan|Evening calm|Ocean Waves|Élan");
    CHECK(warned(&lib, "crlf.m3u:4: ") && warned(&lib, "includes itself; skipped"));
    CHECK(lib.warning_count == 2); /* itself, and fake.mp3 in the folder */
    library_free(&lib);

    memset(&lib, 0, sizeof lib);
    CHECK(library_add(&lib, scratch_path("lists/empty.m3u")) == 0);
    CHECK(lib.count == 0);
    CHECK(warned(&lib, "empty.m3u: a playlist with no entries"));
    library_free(&lib);
}

static int collect(void *user, const playlist_item *it)
{
    char *out = user;
    size_t at = strlen(out);
    snprintf(out + at, 1024 - at, "%d:%s=%s;", it->line, it->path, it->title);
    return 0;
}

static void count_warning(void *user, int line, const char *message)
{
    (void)line;
    (void)message;
    (*(int *)((char *)user + 1024))++;
}

/* A buffer through the pure parser: "LINE:PATH=TITLE;..." and warnings. */
static const char *parse(const char *buf, size_t len, const char *base, long *count, int *warnings)
{
    static char out[1024 + sizeof(int)];
    memset(out, 0, sizeof out);
    playlist_sink sink = {collect, count_warning, out};
    *count = playlist_parse(buf, len, base, &sink);
    memcpy(warnings, out + 1024, sizeof *warnings);
    return out;
}

#define PARSE(lit, base, n, w) parse(lit, sizeof lit - 1, base, n, w)

TEST(test_playlist_parser_rules_on_buffers)
{
    long n;
    int w;
    CHECK_STR(PARSE("#EXTM3U\r\n#EXTINF:-1 tvg=\"a,b\",Deep, slow\r\n# note\r\n\r\n"
                    "  a.mp3  \r\n../b.ogg\n/abs/c.mp3",
                    "/lists", &n, &w),
              "5:/lists/a.mp3=Deep, slow;6:/lists/../b.ogg=;7:/abs/c.mp3=;");
    CHECK(n == 3 && w == 0);
    CHECK_STR(PARSE("\xEF\xBB\xBF" "a.mp3\n", "rel/", &n, &w), "1:rel/a.mp3=;");
    CHECK_STR(PARSE("a.mp3\n", "", &n, &w), "1:a.mp3=;");
    CHECK_STR(PARSE("file:///x/my%20calm.mp3\nfile://localhost/y.ogg\n", "/d", &n, &w),
              "1:/x/my calm.mp3=;2:/y.ogg=;");
    /* a skipped line uses up its #EXTINF; NUL and URL lines are warned */
    CHECK_STR(PARSE("#EXTINF:5,Lost\nbad\0line\nnext.mp3\nhttps://x/y.mp3\n", "/d", &n, &w),
              "3:/d/next.mp3=;");
    CHECK(n == 1 && w == 2);
    /* an ill-formed title shows U+FFFD, control characters as spaces */
    CHECK_STR(PARSE("#EXTINF:1,Bad \xFF\tbyte\na.mp3\n", "/d", &n, &w),
              "2:/d/a.mp3=Bad \xEF\xBF\xBD byte;");
    CHECK_STR(PARSE("\xFF\xFE" "a\0.\0m\0p\0" "3\0", "/d", &n, &w), "");
    CHECK(n == -1 && w == 1);
    CHECK_STR(PARSE("", "/d", &n, &w), "");
    CHECK(n == 0 && w == 0);
    char join[8];
    CHECK(playlist_join("/d", "abcdefgh", join, sizeof join) == -1);
}

/* ---- titles and descriptions --------------------------------------------- */

TEST(test_library_titles_from_file_names)
{
    char t[LIBRARY_TITLE_MAX];
    static const char *const cases[][2] = {
        {"studio/evening-calm.mp3", "Evening calm"},
        {"02_Body_Scan.ogg", "Body Scan"},
        {"03_body_scan.ogg", "Body scan"},
        {"1 - intro.flac", "Intro"},
        {"3. letting go.wav", "Letting go"},
        {"7) rest.ogg", "Rest"},
        {"100 breaths.mp3", "100 breaths"},
        {"5-minute-calm.mp3", "5 minute calm"},
        {"3.5 hours.ogg", "3.5 hours"},
        {"01.mp3", "01"},
        {"  lots   of__space .ogg", "Lots of space"},
        {"élan-vital.ogg", "Élan vital"},
        {"Über-Ruhe.ogg", "Über Ruhe"},
        {"iPod-calm.ogg", "iPod calm"}, /* not all lower case: kept as written */
        {"日本語-瞑想.ogg", "日本語 瞑想"},
        {"bad\xFFname.ogg", "Bad\xEF\xBF\xBDname"},
        {"---.ogg", "---"},
        {"dir/\x01\x02.ogg", "Untitled"},
        {"no-extension", "No extension"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        library_title_from_name(cases[i][0], t, sizeof t);
        CHECK_STR(t, cases[i][1]);
    }
    char small[6];
    library_title_from_name("élan élan.ogg", small, sizeof small); /* cut on a code point */
    CHECK_STR(small, "Élan");
}

TEST(test_library_descriptions_from_transcripts)
{
    char d[LIBRARY_DESCRIPTION_MAX];
#define DESCRIBE(lit) (library_describe_text(lit, sizeof lit - 1, d, sizeof d), d)
    CHECK_STR(DESCRIBE("# Evening calm, read slowly\n[soft music]\nWelcome. Sit down.\n"),
              "Welcome.");
    CHECK_STR(DESCRIBE("\n\nLet the day\nsettle [pause] around you! And rest."),
              "Let the day settle around you!");
    CHECK_STR(DESCRIBE("A heading without a stop\n\nThe body. Next."), "A heading without a stop");
    CHECK_STR(DESCRIBE("She said \"rest.\" Then slept."), "She said \"rest.\"");
    CHECK_STR(DESCRIBE("Version 2.5 of the calm. More."), "Version 2.5 of the calm.");
    CHECK_STR(DESCRIBE("Breathe\xE2\x80\xA6 and rest."), "Breathe\xE2\x80\xA6");
    CHECK_STR(DESCRIBE("\xEF\xBB\xBFWith a BOM."), "With a BOM.");
    CHECK_STR(DESCRIBE("Caf\xE9 au lait, then sleep."), "Caf\xC3\xA9 au lait, then sleep.");
    CHECK_STR(DESCRIBE("# only a comment\n[and a direction]\n"), "");
    /* Long: cut at a word boundary with an ellipsis, at most 90 code points. */
    CHECK_STR(DESCRIBE("Settle into a comfortable position and let your shoulders drop as you "
                       "breathe slowly, feeling the weight of the day leave you. Next."),
              "Settle into a comfortable position and let your shoulders drop as you breathe "
              "slowly\xE2\x80\xA6");
    /* No space to cut at: 89 code points and the ellipsis. */
    char many[256] = "", want[256] = "";
    for (int i = 0; i < 100; i++)
        strcat(many, "\xC3\xA9");
    strcat(many, ".");
    memcpy(want, many, 89 * 2);
    strcpy(want + 89 * 2, "\xE2\x80\xA6");
    library_describe_text(many, strlen(many), d, sizeof d);
    CHECK_STR(d, want);
    /* beside a narration, by base name */
    library_describe(scratch_path("studio/evening-calm.mp3"), d, sizeof d);
    CHECK_STR(d, "Close your eyes.");
    library_describe(scratch_path("calm.ogg"), d, sizeof d);
    CHECK_STR(d, "");
    library lib = {0};
    CHECK(library_add(&lib, scratch_path("studio/evening-calm.mp3")) == 1);
    CHECK_STR(lib.entries[0].description, "Close your eyes.");
    CHECK(library_set_description(&lib, 0, "From the tags. Second.") == 1);
    CHECK_STR(lib.entries[0].description, "From the tags.");
    CHECK(library_set_description(&lib, 0, "  ") == 0);
    library_free(&lib);
#undef DESCRIBE
}

TEST(test_library_tag_titles_replace_names_but_not_playlist_titles)
{
    library lib = {0};
    CHECK(library_add(&lib, scratch_path("lists/main.m3u8")) == 4);
    CHECK(library_set_title(&lib, 0, "Tagged") == 0); /* #EXTINF named it */
    CHECK_STR(lib.entries[0].title, "Morning light");
    CHECK(library_set_title(&lib, 1, " Breathing\tspace ") == 1);
    CHECK_STR(lib.entries[1].title, "Breathing space");
    CHECK(lib.entries[1].flags & LIBRARY_ENTRY_TAG_TITLE);
    CHECK(library_set_title(&lib, 3, " \t") == 0);
    CHECK_STR(lib.entries[3].title, "Evening calm");
    CHECK(library_set_title(&lib, 9, "x") == -1);
    library_free(&lib);
}

/* ---- --session ------------------------------------------------------------- */

TEST(test_library_session_lookup_by_number_and_title)
{
    library lib = {0};
    library_add(&lib, scratch_path("studio"));
    library_add_default(&lib, scratch_path("fountain.ogg"), NULL);
    char err[256];
    CHECK(library_find(&lib, "1", err, sizeof err) == 0);
    CHECK(library_find(&lib, "6", err, sizeof err) == 5);
    CHECK(library_find(&lib, "body scan", err, sizeof err) == 1);
    CHECK(library_find(&lib, "  OCEAN ", err, sizeof err) == 3);
    CHECK(library_find(&lib, "élan", err, sizeof err) == 4); /* Latin-1 case folds */
    CHECK(library_find(&lib, "well", err, sizeof err) == 5);  /* a unique prefix */
    CHECK(library_find(&lib, "7", err, sizeof err) == -1);
    CHECK_STR(err, "no session 7; the library has 6: 1 Breath, 2 Body Scan, 3 Evening calm, "
                   "4 Ocean Waves, 5 \xC3\x89lan, 6 Wellspring");
    CHECK(library_find(&lib, "0", err, sizeof err) == -1);
    CHECK(library_find(&lib, "b", err, sizeof err) == -1);
    CHECK_STR(err, "'b' could be 2 sessions (give more of the title, or its number): "
                   "1 Breath, 2 Body Scan");
    CHECK(library_find(&lib, "ev", err, sizeof err) == 2);
    CHECK(library_find(&lib, "zen", err, sizeof err) == -1);
    CHECK(strstr(err, "no session called 'zen'; the library has 1 Breath, ") == err);
    char tiny[64];
    CHECK(library_find(&lib, "zen", tiny, sizeof tiny) == -1);
    CHECK(strlen(tiny) < sizeof tiny && strstr(tiny, "...") != NULL);
    library_free(&lib);
}

/* ---- resume -------------------------------------------------------------------- */

TEST(test_resume_round_trip_and_the_95_percent_rule)
{
    char state[1024];
    snprintf(state, sizeof state, "%s", scratch_path("state/deep/wellspring"));
    char err[256];
    resume_state rs = {0};
    CHECK(resume_load(&rs, state, err, sizeof err) == 0); /* no file yet */
    CHECK(rs.count == 0);
    CHECK(resume_set(&rs, scratch_path("studio/evening-calm.mp3"), 252.5, 600.0) == 0);
    CHECK(resume_set(&rs, scratch_path("calm.ogg"), 580.0, 600.0) == 0);
    CHECK(resume_set(&rs, scratch_path("fountain.ogg"), 30.0, 0.0) == 0);
    CHECK(resume_set(&rs, scratch_path("gone.ogg"), 30.0, 60.0) == -1);
    CHECK(resume_save(&rs, state, err, sizeof err) == 0);
    resume_free(&rs);

    CHECK(resume_load(&rs, state, err, sizeof err) == 0);
    CHECK(rs.count == 3 && rs.bad_lines == 0);
    /* any path naming the narration finds it */
    CHECK_NEAR(resume_get(&rs, scratch_path("studio/../studio/evening-calm.mp3")), 252.5, 1e-9);
    CHECK_NEAR(resume_get(&rs, scratch_path("calm.ogg")), 0.0, 0.0); /* 96.7% played */
    CHECK_NEAR(resume_get(&rs, scratch_path("fountain.ogg")), 30.0, 1e-9); /* length unknown */
    CHECK(resume_set(&rs, scratch_path("calm.ogg"), 569.0, 600.0) == 0); /* 94.8% */
    CHECK_NEAR(resume_get(&rs, scratch_path("calm.ogg")), 569.0, 1e-9);
    resume_clear(&rs, scratch_path("calm.ogg"));
    CHECK_NEAR(resume_get(&rs, scratch_path("calm.ogg")), 0.0, 0.0);
    CHECK(resume_set(&rs, scratch_path("fountain.ogg"), 0.0, 60.0) == 0); /* 0 clears */
    CHECK(rs.count == 1);
    CHECK(resume_set(&rs, scratch_path("calm.ogg"), NAN, 60.0) == -1);
    resume_free(&rs);
}

TEST(test_resume_forgets_a_replaced_file)
{
    char err[256];
    resume_state rs = {0};
    SCRATCH_PUT("replaced.ogg", "OggS first recording");
    CHECK(resume_set(&rs, scratch_path("replaced.ogg"), 100.0, 600.0) == 0);
    CHECK_NEAR(resume_get(&rs, scratch_path("replaced.ogg")), 100.0, 1e-9);
    SCRATCH_PUT("replaced.ogg", "OggS another, longer recording");
    CHECK_NEAR(resume_get(&rs, scratch_path("replaced.ogg")), 0.0, 0.0); /* size differs */
    CHECK(resume_set(&rs, scratch_path("replaced.ogg"), 100.0, 600.0) == 0);
    SCRATCH_PUT("replaced.ogg", "OggS another, longer recordinG"); /* same size */
    struct timespec old[2] = {{1000000000, 0}, {1000000000, 0}};
    CHECK(utimensat(AT_FDCWD, scratch_path("replaced.ogg"), old, 0) == 0);
    CHECK_NEAR(resume_get(&rs, scratch_path("replaced.ogg")), 0.0, 0.0); /* mtime differs */
    (void)err;
    resume_free(&rs);
}

TEST(test_resume_ignores_corrupt_lines_and_saves_atomically)
{
    char state[1024];
    snprintf(state, sizeof state, "%s", scratch_path("state2"));
    char err[256];
    mkdir(state, 0700);
    struct stat st;
    CHECK(stat(scratch_path("studio/evening-calm.mp3"), &st) == 0);
    char *real = realpath(scratch_path("studio/evening-calm.mp3"), NULL);
    char text[4096];
    snprintf(text, sizeof text,
             "wellspring-resume 1\n"
             "garbage\n"
             "12.5\t600\t%lld\t%lld\trelative/path.mp3\n"
             "nan\t600\t1\t1\t/x.mp3\n"
             "-3\t600\t1\t1\t/x.mp3\n"
             "1\t2\t3\n"
             "42.0\t600.0\t%lld\t%lld\t%s\n"
             "7\t600\t1\t1\t/cut/short",
             (long long)st.st_size, (long long)st.st_mtime, (long long)st.st_size,
             (long long)st.st_mtime, real ? real : "/");
    free(real);
    FILE *f = fopen(scratch_path("state2/resume"), "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
    resume_state rs = {0};
    CHECK(resume_load(&rs, state, err, sizeof err) == 0);
    CHECK(rs.count == 1 && rs.bad_lines == 6);
    CHECK_NEAR(resume_get(&rs, scratch_path("studio/evening-calm.mp3")), 42.0, 1e-9);
    /* The save replaces the file whole and leaves no temporary behind. */
    CHECK(resume_save(&rs, state, err, sizeof err) == 0);
    resume_free(&rs);
    CHECK(resume_load(&rs, state, err, sizeof err) == 0);
    CHECK(rs.count == 1 && rs.bad_lines == 0);
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "test $(ls -A '%s' | wc -l) = 1", state);
    CHECK(system(cmd) == 0);
    /* Replaced, not rewritten in place: a hard link to the old file
     * still holds the old text after a save. */
    CHECK(link(scratch_path("state2/resume"), scratch_path("state2/old")) == 0);
    CHECK(resume_set(&rs, scratch_path("studio/evening-calm.mp3"), 77.0, 600.0) == 0);
    CHECK(resume_save(&rs, state, err, sizeof err) == 0);
    resume_state old = {0}, now = {0};
    CHECK(link(scratch_path("state2/old"), scratch_path("old-state/resume")) == 0);
    CHECK(resume_load(&old, scratch_path("old-state"), err, sizeof err) == 0);
    CHECK(resume_load(&now, state, err, sizeof err) == 0);
    CHECK_NEAR(resume_get(&old, scratch_path("studio/evening-calm.mp3")), 42.0, 1e-9);
    CHECK_NEAR(resume_get(&now, scratch_path("studio/evening-calm.mp3")), 77.0, 1e-9);
    resume_free(&old);
    resume_free(&now);
    /* A folder that cannot be made: a clear error, the old file intact. */
    CHECK(resume_save(&rs, scratch_path("state2/resume/sub"), err, sizeof err) == -1);
    CHECK(strstr(err, "cannot make the folder") != NULL);
    resume_free(&rs);
    /* A file that is not a later format's: a future version is left alone. */
    SCRATCH_PUT("state2/resume", "wellspring-resume 2\n1\t2\t3\t4\t/x\n");
    CHECK(resume_load(&rs, state, err, sizeof err) == 0);
    CHECK(rs.count == 0);
    resume_free(&rs);
}

TEST(test_resume_keeps_at_most_its_bound)
{
    resume_state rs = {0};
    for (int i = 0; i < RESUME_MAX_ENTRIES + 5; i++) {
        /* the same file again: one entry (keyed by path), so fake others */
        char name[64];
        snprintf(name, sizeof name, "many/%d.ogg", i);
        scratch_put(name, OGG, sizeof OGG - 1);
        resume_set(&rs, scratch_path(name), 1.0 + 0.5 * i, 600.0);
    }
    CHECK(rs.count == RESUME_MAX_ENTRIES);
    CHECK_NEAR(resume_get(&rs, scratch_path("many/0.ogg")), 0.0, 0.0); /* the oldest went */
    CHECK_NEAR(resume_get(&rs, scratch_path("many/1004.ogg")), 503.0, 1e-9);
    resume_free(&rs);
}

/* ---- the schedule's sessions ---------------------------------------------------- */

#define HM(h, m) ((h) * 60 + (m))

TEST(test_schedule_ranges_name_their_sessions)
{
    schedule s;
    char err[160];
    CHECK(schedule_parse("07:00-09:00=morning.mp3,18:00-22:00=evening/,22:00-23:00", &s, err,
                         sizeof err) == 0);
    CHECK(s.count == 3);
    CHECK_STR(schedule_target(&s, 0), "morning.mp3");
    CHECK_STR(schedule_target(&s, 1), "evening/");
    CHECK_STR(schedule_target(&s, 2), "");
    CHECK_STR(schedule_target(&s, 3), "");
    CHECK_STR(schedule_target(&s, -1), "");
    CHECK(schedule_range_at(&s, HM(7, 0)) == 0 && schedule_range_at(&s, HM(8, 59)) == 0);
    CHECK(schedule_range_at(&s, HM(9, 0)) == -1);
    CHECK(schedule_range_at(&s, HM(21, 59)) == 1 && schedule_range_at(&s, HM(22, 0)) == 2);
    CHECK(schedule_range_at(&s, HM(22, 0) + 1440) == 2);
    CHECK(schedule_active(&s, HM(8, 0)) && !schedule_active(&s, HM(12, 0)));
    /* the plain form is unchanged, and says "" for every target */
    CHECK(schedule_parse("08:00-12:30,22:00-06:00", &s, err, sizeof err) == 0);
    CHECK(s.count == 2 && schedule_range_at(&s, HM(23, 0)) == 1);
    CHECK_STR(schedule_target(&s, 0), "");
    CHECK_STR(schedule_target(&s, 1), "");
    /* spaces and '=' belong to the target; overlapping ranges: the first */
    CHECK(schedule_parse("06:00-10:00=My Calm=1.ogg,07:00-08:00=b.ogg", &s, err, sizeof err) == 0);
    CHECK_STR(schedule_target(&s, 0), "My Calm=1.ogg");
    CHECK(schedule_range_at(&s, HM(7, 30)) == 0);
    schedule none = {0};
    CHECK(schedule_range_at(&none, 0) == -1 && schedule_active(&none, 0));
}

TEST(test_schedule_rejects_bad_targets_clearly)
{
    schedule s;
    char err[160];
    const char *bad[] = {"07:00-09:00=", "07:00-09:00=,10:00-11:00=a", "07:00-09:00=a\tb",
                         "07:00-09:00=a,", "07:00-09:00:a"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err[0] = '\0';
        CHECK(schedule_parse(bad[i], &s, err, sizeof err) < 0);
        CHECK(err[0] != '\0');
    }
    /* every target together is bounded */
    char big[SCHEDULE_TARGET_BYTES + 64];
    int at = snprintf(big, sizeof big, "01:00-02:00=");
    memset(big + at, 'a', SCHEDULE_TARGET_BYTES);
    big[at + SCHEDULE_TARGET_BYTES] = '\0';
    CHECK(schedule_parse(big, &s, err, sizeof err) < 0);
    CHECK(strstr(err, "bytes in all") != NULL);
}

/* ---- the kiosk's orders ----------------------------------------------------------- */

TEST(test_library_next_wraps)
{
    CHECK(library_next(0, 3) == 1 && library_next(2, 3) == 0);
    CHECK(library_next(7, 3) == 0 && library_next(0, 0) == 0 && library_next(0, 1) == 0);
}

TEST(test_library_shuffle_is_a_seeded_permutation_without_repeats_across_the_wrap)
{
    size_t a[10], b[10];
    library_shuffle(a, 10, 42, LIBRARY_NONE);
    library_shuffle(b, 10, 42, LIBRARY_NONE);
    CHECK(memcmp(a, b, sizeof a) == 0); /* pure: the same seed, the same order */
    int seen[10] = {0}, moved = 0;
    for (size_t i = 0; i < 10; i++) {
        seen[a[i] < 10 ? a[i] : 0]++;
        moved += a[i] != i;
    }
    for (size_t i = 0; i < 10; i++)
        CHECK(seen[i] == 1);
    CHECK(moved > 0);
    int differ = 0;
    for (uint64_t seed = 1; seed < 50; seed++) {
        library_shuffle(b, 10, seed, LIBRARY_NONE);
        differ += memcmp(a, b, sizeof a) != 0;
    }
    CHECK(differ >= 48);
    /* Round after round, the first of a round is never the last of the one
     * before, and every position gets every entry now and then. */
    size_t order[3], last = LIBRARY_NONE;
    int repeats = 0, first_seen[3] = {0};
    for (uint64_t round = 0; round < 300; round++) {
        library_shuffle(order, 3, 1000 + round, last);
        repeats += order[0] == last;
        first_seen[order[0]]++;
        last = order[2];
    }
    CHECK(repeats == 0);
    CHECK(first_seen[0] > 50 && first_seen[1] > 50 && first_seen[2] > 50);
    library_shuffle(order, 2, 7, 1);
    CHECK(order[0] == 0 && order[1] == 1);
    library_shuffle(order, 1, 7, 0);
    CHECK(order[0] == 0);
}

/* ---- the files ---------------------------------------------------------------------- */

static void make_files(void)
{
    mkdir(scratch_path("studio"), 0700);
    mkdir(scratch_path("studio/nested"), 0700);
    mkdir(scratch_path("empty"), 0700);
    mkdir(scratch_path("lists"), 0700);
    mkdir(scratch_path("many"), 0700);
    mkdir(scratch_path("old-state"), 0700);
    const char *narrations[] = {"studio/evening-calm.mp3", "studio/Ocean-Waves.ogg",
                                "studio/02_Body_Scan.OGG", "studio/2 - breath.ogg",
                                "studio/élan.flac", "studio/.hidden.mp3",
                                "studio/._evening-calm.mp3", "studio/nested/nested.ogg",
                                "calm.ogg", "fountain.ogg", "lists/sunrise.opus"};
    for (size_t i = 0; i < sizeof narrations / sizeof narrations[0]; i++)
        scratch_put(narrations[i], OGG, sizeof OGG - 1);
    SCRATCH_PUT("studio/evening-calm.vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\nHello\n");
    SCRATCH_PUT("studio/evening-calm.timeline", "phase settle 0:00\n");
    SCRATCH_PUT("studio/evening-calm.txt", "# transcript\n[bell]\nClose your eyes. Breathe.\n");
    SCRATCH_PUT("studio/fake.mp3", "this is not sound\n");
    SCRATCH_PUT("calm.vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\nHello\n");
    SCRATCH_PUT("cover.png", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    char abs_line[1100];
    snprintf(abs_line, sizeof abs_line,
             "#EXTM3U\n"
             "# the morning set\n"
             "#EXTINF:600,Morning light\n"
             "../studio/Ocean-Waves.ogg\n"
             "\n"
             "./../studio/2 - breath.ogg\n"
             "#EXTINF:300 , Calm\n"
             "%s\n"
             "gone.mp3\n"
             "http://example.com/a.mp3\n"
             "../studio/evening-calm.mp3\n"
             "../studio/Ocean-Waves.ogg\n",
             scratch_path("calm.ogg"));
    scratch_put("lists/main.m3u8", abs_line, strlen(abs_line));
    SCRATCH_PUT("lists/crlf.m3u",
        "\xEF\xBB\xBF#EXTM3U\r\n#EXTINF:120,Sunrise\r\nsunrise.opus\r\ncrlf.m3u\r\n"
        "../studio\r\n../lists/../studio/\r\n");
    SCRATCH_PUT("lists/empty.m3u", "#EXTM3U\n# nothing yet\n");
}

int main(void)
{
    if (scratch_make("ws-library") != 0)
        return 1;
    make_files();
    RUN(test_library_folder_lists_narrations_in_natural_order);
    RUN(test_library_natural_order_is_numeric_and_caseless);
    RUN(test_library_empty_folder_and_missing_source_are_reported);
    RUN(test_library_sources_add_up_and_duplicates_appear_once);
    RUN(test_library_playlist_resolves_paths_and_takes_extinf_titles);
    RUN(test_library_playlist_with_crlf_bom_folder_and_itself);
    RUN(test_playlist_parser_rules_on_buffers);
    RUN(test_library_titles_from_file_names);
    RUN(test_library_descriptions_from_transcripts);
    RUN(test_library_tag_titles_replace_names_but_not_playlist_titles);
    RUN(test_library_session_lookup_by_number_and_title);
    RUN(test_resume_round_trip_and_the_95_percent_rule);
    RUN(test_resume_forgets_a_replaced_file);
    RUN(test_resume_ignores_corrupt_lines_and_saves_atomically);
    RUN(test_resume_keeps_at_most_its_bound);
    RUN(test_schedule_ranges_name_their_sessions);
    RUN(test_schedule_rejects_bad_targets_clearly);
    RUN(test_library_next_wraps);
    RUN(test_library_shuffle_is_a_seeded_permutation_without_repeats_across_the_wrap);
    scratch_remove();
    return check_done();
}
