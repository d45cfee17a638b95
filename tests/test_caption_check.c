/* `--check`: the cue listing, the summary, the warnings and the exit code. */
#include "captions/caption_check.h"
#include "check.h"
#include "util/utf8.h"

#include <stdlib.h>
#include <unistd.h>

/* Runs f(out) on a temporary stream and returns what it wrote (static). */
static const char *slurp(FILE *f)
{
    static char buf[8192];
    rewind(f);
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    return buf;
}

static int has_diag(const captions_diag *d, captions_severity sev, int line, const char *word)
{
    for (size_t i = 0; i < d->count; i++) {
        const captions_diag_record *r = &d->records[i];
        if (r->severity == sev && (line == 0 || r->line == line) && strstr(r->message, word))
            return 1;
    }
    return 0;
}

static caption_track *vtt(const char *s, captions_diag *d)
{
    return captions_parse_vtt("c.vtt", s, strlen(s), d);
}

TEST(test_check_prints_one_line_per_cue)
{
    captions_diag d = {0};
    caption_track *t = vtt("WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<i>Breathe</i> in\nslowly\n\n"
                           "01:02:03.004 --> 01:02:08.000\nback\\slash\n", &d);
    FILE *f = tmpfile();
    CHECK(t && f);
    if (!t || !f)
        return;
    caption_check_summary s;
    caption_check_track(t, NULL, f, &d, &s);
    CHECK_STR(slurp(f), "00:00:01.000 --> 00:00:04.000\tBreathe in\\nslowly\n"
                        "01:02:03.004 --> 01:02:08.000\tback\\\\slash\n");
    CHECK(s.cues == 2 && s.words == 4);
    CHECK_NEAR(s.first_start, 1.0, 1e-9);
    CHECK_NEAR(s.last_end, 3728.0, 1e-9);
    CHECK(s.errors == 0 && s.warnings == 0);
    fclose(f);
    captions_destroy(t);
    captions_diag_free(&d);
}

TEST(test_check_warns_on_overlap)
{
    captions_diag d = {0};
    caption_track *t = vtt("WEBVTT\n\n00:01.000 --> 00:05.000\nFirst one\n\n"
                           "00:04.000 --> 00:08.000\nSecond one\n\n"
                           "00:08.000 --> 00:10.000\nThird one\n", &d);
    caption_check_summary s;
    caption_check_track(t, NULL, NULL, &d, &s);
    CHECK(d.warnings == 1 && s.warnings == 1);
    CHECK(has_diag(&d, CAPTIONS_WARNING, 6, "overlaps"));
    captions_destroy(t);
    captions_diag_free(&d);
}

TEST(test_check_warns_on_short_cues)
{
    captions_diag d = {0};
    caption_track *t = vtt("WEBVTT\n\n00:01.000 --> 00:01.800\nOk\n\n00:02.000 --> 00:02.830\nOk\n", &d);
    caption_check_track(t, NULL, NULL, &d, NULL);
    CHECK(d.warnings == 1);
    CHECK(has_diag(&d, CAPTIONS_WARNING, 3, "too short"));
    captions_destroy(t);
    captions_diag_free(&d);
}

TEST(test_check_warns_on_fast_reading)
{
    captions_diag d = {0};
    /* 10 words in 3 s = 200 wpm; 9 words in 3 s = 180 wpm is fine */
    caption_track *t = vtt("WEBVTT\n\n00:01.000 --> 00:04.000\na b c d e f g h i j\n\n"
                           "00:05.000 --> 00:08.000\na b c d e f g h i\n", &d);
    caption_check_track(t, NULL, NULL, &d, NULL);
    CHECK(d.warnings == 1);
    CHECK(has_diag(&d, CAPTIONS_WARNING, 3, "200 words per minute"));
    captions_destroy(t);
    captions_diag_free(&d);
}

TEST(test_check_is_quiet_about_text_the_layout_rewraps)
{
    captions_diag d = {0};
    caption_track *t = vtt("WEBVTT\n\n00:01.000 --> 00:09.000\n"
                           "This line of caption text is longer than forty-two\nshort\n\n"
                           "00:10.000 --> 00:19.000\nOne\nTwo\nThree\n\n"
                           "00:20.000 --> 00:29.000\nRespirez doucement, laissez-vous aller "
                           "\xc3\xa0 la d\xc3\xa9tente, et sentez le poids du corps.\n",
                           &d);
    caption_check_track(t, NULL, NULL, &d, NULL);
    CHECK(d.warnings == 0 && d.errors == 0);
    captions_destroy(t);
    captions_diag_free(&d);
}

TEST(test_check_warns_when_a_cue_needs_three_lines)
{
    captions_diag d = {0};
    /* 98 characters: two lines of 42 hold at most 85 */
    caption_track *t = vtt("WEBVTT\n\n00:01.000 --> 00:30.000\n"
                           "aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm "
                           "nnnn oooo pppp qqqq rrrr sss\n",
                           &d);
    caption_check_track(t, NULL, NULL, &d, NULL);
    CHECK(d.warnings == 1);
    CHECK(has_diag(&d, CAPTIONS_WARNING, 3, "does not fit in 2 lines of 42"));
    CHECK(has_diag(&d, CAPTIONS_WARNING, 3, "split into 2 timed parts"));

    /* a wider style makes the same cue fine */
    captions_diag_free(&d);
    caption_style wide = {0};
    wide.max_chars = 100;
    caption_check_track(t, &wide, NULL, &d, NULL);
    CHECK(d.warnings == 0);
    captions_destroy(t);
    captions_diag_free(&d);
}

TEST(test_check_accented_text_counts_characters_not_bytes)
{
    captions_diag d = {0};
    /* 80 code points, 100 bytes: fits in two lines of 42 */
    caption_track *t = vtt("WEBVTT\n\n00:01.000 --> 00:20.000\n"
                           "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
                           "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
                           "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9 d\xc3\xa9j\xc3\xa0 l\xc3\xa0, "
                           "tr\xc3\xa8s l\xc3\xa9g\xc3\xa8rement, on respire encore\n",
                           &d);
    CHECK(t && t->count == 1);
    if (t && t->count == 1)
        CHECK(utf8_count(t->cues[0].text, t->cues[0].text_len) <= 84 &&
              t->cues[0].text_len > 84);
    caption_check_track(t, NULL, NULL, &d, NULL);
    CHECK(d.warnings == 0);
    captions_destroy(t);
    captions_diag_free(&d);
}

TEST(test_check_summary_line)
{
    caption_check_summary s = {3, 1.0, 61.5, 12, 1, 0};
    FILE *f = tmpfile();
    CHECK(f != NULL);
    if (!f)
        return;
    caption_check_print_summary(&s, f);
    CHECK_STR(slurp(f), "3 cues, 00:00:01.000 --> 00:01:01.500 (span 00:01:00.500), 12 words, "
                        "1 warning, 0 errors\n");
    fclose(f);
}

TEST(test_check_counts_words)
{
    CHECK(caption_check_words("", 0) == 0);
    CHECK(caption_check_words("  one\ttwo\nthree  ", 17) == 3);
    CHECK(caption_check_words("a\xc2\xa0" "b", 4) == 1); /* a no-break space joins */
}

/* Writes text to a fresh temporary file; returns its path (static). */
static const char *temp_file(const char *suffix_note, const char *text)
{
    static char path[64];
    (void)suffix_note;
    snprintf(path, sizeof path, "/tmp/ws_check_XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0)
        return NULL;
    size_t n = strlen(text);
    if (write(fd, text, n) != (ssize_t)n) {
        close(fd);
        return NULL;
    }
    close(fd);
    return path;
}

TEST(test_check_file_exit_codes)
{
    FILE *out = tmpfile(), *err = tmpfile();
    CHECK(out && err);
    if (!out || !err)
        return;
    /* sample with only clean cues: 0 */
    int rc = caption_check_file(WS_SOURCE_DATA_DIR "/tests/data/captions/crlf.vtt", out, err);
    CHECK(rc == 0);
    CHECK(strstr(slurp(out), "00:00:00.500 --> 00:00:02.000\tLine one\\nline two\n") != NULL);
    CHECK(strstr(slurp(out), "2 cues,") != NULL);

    /* errors in the file: 2, printed as file:line:col: error: */
    out = freopen(NULL, "w+", out);
    err = freopen(NULL, "w+", err);
    CHECK(out && err);
    if (!out || !err)
        return;
    rc = caption_check_file(WS_SOURCE_DATA_DIR "/tests/data/captions/bad.vtt", out, err);
    CHECK(rc == 2);
    const char *e = slurp(err);
    CHECK(strstr(e, "bad.vtt:3:1: error: ") != NULL);
    CHECK(strstr(e, "bad.vtt:6:14: error: broken arrow \"->\" between the start and end times: "
                    "did you mean \"-->\"?") != NULL);
    CHECK(strstr(slurp(out), "1 cue,") != NULL);

    /* warnings only: 0 */
    const char *p = temp_file("srt", "1\n00:00:01,000 --> 00:00:01,500\nQuick\n");
    CHECK(p != NULL);
    if (p) {
        err = freopen(NULL, "w+", err);
        rc = caption_check_file(p, out, err);
        CHECK(rc == 0);
        CHECK(err && strstr(slurp(err), ":2:1: warning: cue lasts 0.500 s") != NULL);
        unlink(p);
    }

    /* a file that yields no usable cue: 2 (the player warns and plays on) */
    p = temp_file("srt", "hello\nworld\n");
    CHECK(p != NULL);
    if (p) {
        err = freopen(NULL, "w+", err);
        rc = caption_check_file(p, out, err);
        CHECK(rc == 2);
        CHECK(err && strstr(slurp(err), ": error: no usable cue") != NULL);
        unlink(p);
    }

    /* unreadable file: 2 */
    err = freopen(NULL, "w+", err);
    rc = caption_check_file("/nonexistent/dir/x.vtt", out, err);
    CHECK(rc == 2);
    CHECK(err && strstr(slurp(err), "x.vtt: error: cannot open") != NULL);

    /* a .vtt without its header: 2 with the clear message */
    p = temp_file("vtt", "1\n00:00:01.000 --> 00:00:02.000\nHi\n");
    if (p) {
        char vpath[80];
        snprintf(vpath, sizeof vpath, "%s.vtt", p);
        CHECK(rename(p, vpath) == 0);
        err = freopen(NULL, "w+", err);
        rc = caption_check_file(vpath, out, err);
        CHECK(rc == 2);
        CHECK(err && strstr(slurp(err), ":1:1: error: not a WebVTT file") != NULL);
        unlink(vpath);
    }
    if (out)
        fclose(out);
    if (err)
        fclose(err);
}

TEST(test_check_names_a_directory)
{
    FILE *out = tmpfile(), *err = tmpfile();
    CHECK(out && err);
    if (!out || !err)
        return;
    char dir[] = "/tmp/ws_checkdir_XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    CHECK(caption_check_file(dir, out, err) == 2);
    const char *e = slurp(err);
    CHECK(strstr(e, ": error: is a directory") != NULL);
    CHECK(strstr(e, "9223372036854775807") == NULL);
    rmdir(dir);
    fclose(out);
    fclose(err);
}

int main(void)
{
    RUN(test_check_prints_one_line_per_cue);
    RUN(test_check_warns_on_overlap);
    RUN(test_check_warns_on_short_cues);
    RUN(test_check_warns_on_fast_reading);
    RUN(test_check_is_quiet_about_text_the_layout_rewraps);
    RUN(test_check_warns_when_a_cue_needs_three_lines);
    RUN(test_check_accented_text_counts_characters_not_bytes);
    RUN(test_check_summary_line);
    RUN(test_check_counts_words);
    RUN(test_check_file_exit_codes);
    RUN(test_check_names_a_directory);
    return check_done();
}
