/* Unit tests: finding a session's files beside its narration. */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "session.h"

static char g_dir[256];

static void touch(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", g_dir, name);
    FILE *f = fopen(path, "w");
    if (f)
        fclose(f);
}

static const char *in_dir(const char *name)
{
    static char path[4][512];
    static int k;
    k = (k + 1) % 4;
    snprintf(path[k], sizeof path[k], "%s/%s", g_dir, name);
    return path[k];
}

TEST(test_session_finds_captions_and_timeline_beside_audio)
{
    session_files s;
    char err[256];
    session_query q = {.file = in_dir("calm.ogg")};
    CHECK(session_resolve(&q, &s, err, sizeof err) == 0);
    CHECK_STR(s.audio, in_dir("calm.ogg"));
    CHECK_STR(s.captions, in_dir("calm.vtt"));
    CHECK_STR(s.timeline, in_dir("calm.timeline"));
}

TEST(test_session_lang_picks_language_then_falls_back)
{
    session_files s;
    char err[256];
    session_query q = {.file = in_dir("calm.ogg"), .lang = "de"};
    CHECK(session_resolve(&q, &s, err, sizeof err) == 0);
    CHECK_STR(s.captions, in_dir("calm.de.vtt"));
    q.lang = "fr";
    CHECK(session_resolve(&q, &s, err, sizeof err) == 0);
    CHECK_STR(s.captions, in_dir("calm.vtt"));
}

TEST(test_session_srt_when_no_vtt)
{
    session_files s;
    char err[256];
    session_query q = {.file = in_dir("plain.mp3")};
    CHECK(session_resolve(&q, &s, err, sizeof err) == 0);
    CHECK_STR(s.captions, in_dir("plain.srt"));
    CHECK_STR(s.timeline, "");
}

TEST(test_session_caption_file_finds_its_audio)
{
    session_files s;
    char err[256];
    session_query q = {.file = in_dir("calm.de.vtt")};
    CHECK(session_resolve(&q, &s, err, sizeof err) == 0);
    CHECK_STR(s.audio, in_dir("calm.ogg"));
    CHECK_STR(s.captions, in_dir("calm.de.vtt"));
    CHECK_STR(s.timeline, in_dir("calm.timeline"));
    q.file = in_dir("lonely.srt");
    CHECK(session_resolve(&q, &s, err, sizeof err) == 0);
    CHECK_STR(s.audio, "");
}

TEST(test_session_override_and_missing_files)
{
    session_files s;
    char err[256];
    session_query q = {.file = in_dir("calm.ogg"), .captions = in_dir("plain.srt")};
    CHECK(session_resolve(&q, &s, err, sizeof err) == 0);
    CHECK_STR(s.captions, in_dir("plain.srt"));
    q.captions = in_dir("nope.vtt");
    CHECK(session_resolve(&q, &s, err, sizeof err) < 0);
    CHECK(strstr(err, "nope.vtt") != NULL);
    session_query r = {.file = in_dir("absent.ogg")};
    CHECK(session_resolve(&r, &s, err, sizeof err) < 0);
    CHECK(strstr(err, "absent.ogg") && strstr(err, "no such file"));
}

TEST(test_session_default_is_the_fountain)
{
    session_files s;
    char err[256];
    session_query q = {.data_dir = WS_SOURCE_DATA_DIR};
    CHECK(session_resolve(&q, &s, err, sizeof err) == 0);
    CHECK(strstr(s.audio, "audio/fountain.ogg") != NULL);
    CHECK(strstr(s.captions, "audio/fountain.vtt") != NULL);
    CHECK(strstr(s.timeline, "audio/fountain.timeline") != NULL);
}

int main(void)
{
    snprintf(g_dir, sizeof g_dir, "/tmp/ws-session-XXXXXX");
    if (!mkdtemp(g_dir))
        return 1;
    const char *files[] = {"calm.ogg", "calm.vtt", "calm.de.vtt", "calm.timeline",
                           "plain.mp3", "plain.srt", "lonely.srt"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        touch(files[i]);
    RUN(test_session_finds_captions_and_timeline_beside_audio);
    RUN(test_session_lang_picks_language_then_falls_back);
    RUN(test_session_srt_when_no_vtt);
    RUN(test_session_caption_file_finds_its_audio);
    RUN(test_session_override_and_missing_files);
    RUN(test_session_default_is_the_fountain);
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        unlink(in_dir(files[i]));
    rmdir(g_dir);
    return check_done();
}
