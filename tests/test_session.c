/* Unit tests: finding a session's files beside its narration. */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "session/session.h"

static char g_dir[256];

/* Writes n bytes to DIR/name (a whole file of them). */
static void put(const char *name, const void *bytes, size_t n)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", g_dir, name);
    FILE *f = fopen(path, "wb");
    if (f) {
        fwrite(bytes, 1, n, f);
        fclose(f);
    }
}

#define PUT(name, lit) put(name, lit, sizeof lit - 1)

static const char OGG[] = "OggS\0\2\0\0\0\0\0\0\0\0\x01\x02\x03\x04";
static const char VTT[] = "WEBVTT\n\n00:01.000 --> 00:02.000\nHello\n";
static const char SRT[] = "1\n00:00:01,000 --> 00:00:02,000\nHello\n";

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
    /* a folder given as the caption file is named as one */
    q.captions = g_dir;
    CHECK(session_resolve(&q, &s, err, sizeof err) < 0);
    CHECK(strstr(err, "is a directory, not a caption file") != NULL);
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

TEST(test_session_refuses_what_is_not_a_narration)
{
    session_files s;
    char err[512], want[512];
    struct { const char *name, *what; } cases[] = {
        {"notes.txt", "a text file"},   {"playlist.m3u", "a playlist"},
        {"list.m3u8", "a playlist"},    {"cover.png", "an image"},
        {"photo.jpg", "an image"},      {"anim.gif", "an image"},
        {"hollow.ogg", "an empty file"}, {"words.ogg", "a text file"},
        {"sessions", "a folder"},        {"song.aac", "a file of a kind Wellspring does not know"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        session_query q = {.file = in_dir(cases[i].name)};
        CHECK(session_resolve(&q, &s, err, sizeof err) < 0);
        snprintf(want, sizeof want, "%s: %s, not a narration; Wellspring plays OGG, Opus, MP3, "
                 "FLAC or WAV narrations, or .vtt/.srt captions", in_dir(cases[i].name), cases[i].what);
        CHECK_STR(err, want);
        CHECK(strchr(err, '\n') == NULL);
    }
}

TEST(test_session_knows_narrations_by_their_first_bytes)
{
    CHECK(session_sniff(in_dir("calm.ogg")) == SESSION_FILE_AUDIO);
    CHECK(session_sniff(in_dir("plain.mp3")) == SESSION_FILE_AUDIO);  /* ID3 */
    CHECK(session_sniff(in_dir("frame.mp3")) == SESSION_FILE_AUDIO);  /* bare MPEG frame */
    CHECK(session_sniff(in_dir("voice.flac")) == SESSION_FILE_AUDIO);
    CHECK(session_sniff(in_dir("voice.wav")) == SESSION_FILE_AUDIO);
    /* The content decides, whatever the name says ... */
    CHECK(session_sniff(in_dir("voice.dat")) == SESSION_FILE_AUDIO);
    CHECK(session_sniff(in_dir("words.ogg")) == SESSION_FILE_TEXT);
    CHECK(session_sniff(in_dir("webp.wav")) == SESSION_FILE_IMAGE);
    /* ... and where it cannot tell, a narration's name leaves it to the decoder. */
    CHECK(session_sniff(in_dir("noise.ogg")) == SESSION_FILE_AUDIO);
    CHECK(session_sniff(in_dir("song.aac")) == SESSION_FILE_OTHER);
    CHECK(session_sniff(in_dir("absent.ogg")) == SESSION_FILE_MISSING);
    session_files s;
    char err[256];
    session_query q = {.file = in_dir("voice.dat")};
    CHECK(session_resolve(&q, &s, err, sizeof err) == 0);
    CHECK_STR(s.audio, in_dir("voice.dat"));
}

TEST(test_session_knows_captions_by_their_first_bytes)
{
    CHECK(session_sniff(in_dir("calm.vtt")) == SESSION_FILE_CAPTIONS);
    CHECK(session_sniff(in_dir("plain.srt")) == SESSION_FILE_CAPTIONS);
    CHECK(session_sniff(in_dir("bom.txt")) == SESSION_FILE_CAPTIONS);  /* BOM, WEBVTT */
    CHECK(session_sniff(in_dir("subs.txt")) == SESSION_FILE_CAPTIONS); /* SubRip */
    CHECK(session_sniff(in_dir("notes.txt")) == SESSION_FILE_TEXT);
    session_files s;
    char err[256];
    session_query q = {.file = in_dir("subs.txt")};
    CHECK(session_resolve(&q, &s, err, sizeof err) == 0);
    CHECK_STR(s.captions, in_dir("subs.txt"));
}

TEST(test_session_says_which_caption_files_it_looked_for)
{
    session_files s;
    char err[256], want[1024];
    session_query q = {.file = in_dir("quiet.ogg")};
    CHECK(session_resolve(&q, &s, err, sizeof err) == 0);
    CHECK_STR(s.captions, "");
    snprintf(want, sizeof want, "no caption file beside %s (looked for quiet.vtt and quiet.srt); "
             "playing without captions", in_dir("quiet.ogg"));
    CHECK_STR(s.captions_note, want);
    q.lang = "de";
    CHECK(session_resolve(&q, &s, err, sizeof err) == 0);
    snprintf(want, sizeof want, "no caption file beside %s (looked for quiet.de.vtt, "
             "quiet.de.srt, quiet.vtt and quiet.srt); playing without captions",
             in_dir("quiet.ogg"));
    CHECK_STR(s.captions_note, want);
    session_query found = {.file = in_dir("calm.ogg")};
    CHECK(session_resolve(&found, &s, err, sizeof err) == 0);
    CHECK_STR(s.captions_note, "");
}

TEST(test_session_start_must_be_before_the_end)
{
    char err[256] = "";
    CHECK(session_check_start(0.0, 600.0, err, sizeof err) == 0);
    CHECK(session_check_start(599.9, 600.0, err, sizeof err) == 0);
    CHECK(session_check_start(700.0, 0.0, err, sizeof err) == 0); /* length unknown */
    CHECK(session_check_start(600.0, 600.0, err, sizeof err) < 0);
    CHECK(session_check_start(700.0, 600.0, err, sizeof err) < 0);
    CHECK_STR(err, "--start 00:11:40.000 is past the end of the session, which lasts "
                   "00:10:00.000");
}

int main(void)
{
    snprintf(g_dir, sizeof g_dir, "/tmp/ws-session-XXXXXX");
    if (!mkdtemp(g_dir))
        return 1;
    const char *oggs[] = {"calm.ogg", "quiet.ogg", "voice.dat"};
    for (size_t i = 0; i < 3; i++)
        PUT(oggs[i], OGG);
    const char *vtts[] = {"calm.vtt", "calm.de.vtt"};
    for (size_t i = 0; i < 2; i++)
        PUT(vtts[i], VTT);
    PUT("plain.srt", SRT);
    PUT("lonely.srt", SRT);
    PUT("subs.txt", SRT);
    PUT("calm.timeline", "phase settle 0:00\n");
    PUT("plain.mp3", "ID3\3\0\0\0\0\0\0");
    PUT("frame.mp3", "\xFF\xFB\x90\x64\0\0\0\0");
    PUT("voice.flac", "fLaC\0\0\0\x22");
    PUT("voice.wav", "RIFF\x24\0\0\0WAVEfmt ");
    PUT("webp.wav", "RIFF\x24\0\0\0WEBPVP8 ");
    PUT("noise.ogg", "\x01\x9c\0\x17\xee\x02");
    PUT("song.aac", "\xFF\xF1\x50\x80\0\x1f\xfc");
    PUT("bom.txt", "\xEF\xBB\xBFWEBVTT\n\n");
    PUT("notes.txt", "Buy milk.\nCall the plumber.\n");
    PUT("words.ogg", "this is not sound\n");
    PUT("playlist.m3u", "#EXTM3U\n#EXTINF:600,Calm\ncalm.ogg\n");
    PUT("list.m3u8", "calm.ogg\nlonely.ogg\n");
    PUT("cover.png", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    PUT("photo.jpg", "\xFF\xD8\xFF\xE0\0\x10JFIF");
    PUT("anim.gif", "GIF89a\x01\0\x01\0");
    put("hollow.ogg", "", 0);
    mkdir(in_dir("sessions"), 0700);
    RUN(test_session_finds_captions_and_timeline_beside_audio);
    RUN(test_session_lang_picks_language_then_falls_back);
    RUN(test_session_srt_when_no_vtt);
    RUN(test_session_caption_file_finds_its_audio);
    RUN(test_session_override_and_missing_files);
    RUN(test_session_default_is_the_fountain);
    RUN(test_session_refuses_what_is_not_a_narration);
    RUN(test_session_knows_narrations_by_their_first_bytes);
    RUN(test_session_knows_captions_by_their_first_bytes);
    RUN(test_session_says_which_caption_files_it_looked_for);
    RUN(test_session_start_must_be_before_the_end);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", g_dir);
    return check_done();
}
