/* Unit tests: hostile sizes get a clear error or a clean parse within
 * bounded memory (issue 7, "Inputs are bounded"). A 100 MB caption buffer
 * (valid cues, and garbage), a 100 MB caption file, a 1 MB single line for
 * each parser, 100,000 nested tags, a timeline with 1,000,000 keys, and
 * hostile playlists (issue 19): a huge line, a million entries, NUL bytes,
 * deep ../, playlists that include themselves and folder loops.
 *
 * Each test runs in a forked child of a lean parent (RUN_IN_CHILD), and its
 * memory is checked with the child's own peak RSS (getrusage in the child):
 * not a high-water mark already raised by the tests before it. That peak
 * includes the 100 MB buffers the test itself builds: the bound (600 MB)
 * leaves room for them and for a sanitizer build, and fails if a parser
 * copies the input a few times over or grows without its caps. No timing
 * assertions: a parser that is not linear shows up as a test that does not
 * finish (ctest's timeout). */
#include "captions/caption_layout.h"
#include "captions/captions.h"
#include "check.h"
#include "scratch.h"
#include "library/library.h"
#include "library/playlist.h"
#include "session/timeline.h"
#include "util/utf8.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define BIG (100u * 1024u * 1024u)
#define MAX_RSS_MB 600L

static long peak_rss_mb(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0)
        return -1;
    return ru.ru_maxrss / 1024; /* KiB on Linux */
}

/* Runs one test in a forked child and folds its checks into this
 * process's counts. The child starts with this lean parent's pages (the
 * parent itself never holds the big buffers), so its peak RSS is what the
 * test made: that peak must stay under MAX_RSS_MB. A child that crashes or
 * exits non-zero (a sanitizer report) fails the test. */
static void run_in_child(void (*fn)(void), const char *name)
{
    int fds[2];
    fflush(stdout);
    fflush(stderr);
    if (pipe(fds) != 0) {
        CHECK(!"pipe failed");
        return;
    }
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        CHECK(!"fork failed");
        return;
    }
    if (pid == 0) {
        close(fds[0]);
        check_count_ = 0;
        check_failures_ = 0;
        fn();
        long res[3] = {check_count_, check_failures_, peak_rss_mb()};
        fflush(stdout);
        fflush(stderr);
        _exit(write(fds[1], res, sizeof res) == (ssize_t)sizeof res ? 0 : 3);
    }
    close(fds[1]);
    long res[3] = {0, 0, -1};
    ssize_t got = read(fds[0], res, sizeof res);
    close(fds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
        ;
    check_count_ += (int)res[0];
    check_failures_ += (int)res[1];
    CHECK(got == (ssize_t)sizeof res && WIFEXITED(status) && WEXITSTATUS(status) == 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        fprintf(stderr, "%s: the child %s %d\n", name,
                WIFSIGNALED(status) ? "died of signal" : "exited with status",
                WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
    CHECK(res[2] >= 0 && res[2] < MAX_RSS_MB);
    printf("     %s: peak RSS %ld MB (its own, in a child; bound %ld MB)\n", name, res[2],
           MAX_RSS_MB);
}

#define RUN_IN_CHILD(name)                                                         \
    do {                                                                           \
        check_current_ = #name;                                                    \
        int failures_before_ = check_failures_;                                    \
        run_in_child(name, #name);                                                 \
        printf("%s %s\n", check_failures_ == failures_before_ ? "ok  " : "FAIL", #name); \
    } while (0)

/* n bytes made of `unit` repeated (the last copy cut), after `head`. */
static char *repeat(const char *head, const char *unit, size_t n)
{
    char *buf = malloc(n);
    if (!buf)
        return NULL;
    size_t h = strlen(head), u = strlen(unit), at = 0;
    memcpy(buf, head, h < n ? h : n);
    at = h < n ? h : n;
    while (at < n) {
        size_t k = n - at < u ? n - at : u;
        memcpy(buf + at, unit, k);
        at += k;
    }
    return buf;
}

/* Deterministic garbage: every byte value, newlines and '<' included. */
static char *garbage(size_t n)
{
    char *buf = malloc(n);
    if (!buf)
        return NULL;
    uint32_t x = 0x9e3779b9u;
    for (size_t i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        buf[i] = (char)(x >> 24);
    }
    return buf;
}

static int has_message(const captions_diag *d, const char *part)
{
    for (size_t i = 0; i < d->count; i++)
        if (strstr(d->records[i].message, part))
            return 1;
    return 0;
}

static int timeline_has_message(const timeline *tl, const char *part)
{
    for (size_t i = 0; i < timeline_diag_count(tl); i++)
        if (strstr(timeline_diag_at(tl, i)->message, part))
            return 1;
    return 0;
}

/* ---- 100 MB of captions ------------------------------------------------- */

TEST(test_100mb_caption_buffer_is_refused_with_a_clear_error)
{
    char *buf = repeat("WEBVTT\n\n", "00:00:01.000 --> 00:00:02.000\nBreathe in.\n\n", BIG);
    CHECK(buf != NULL);
    if (!buf)
        return;
    captions_diag d = {0};
    caption_track *t = captions_parse_vtt("big.vtt", buf, BIG, &d);
    CHECK(t == NULL);
    CHECK(d.errors == 1);
    CHECK(has_message(&d, "refused"));
    captions_diag_free(&d);

    memset(&d, 0, sizeof d);
    t = captions_parse_srt("big.srt", buf, BIG, &d);
    CHECK(t == NULL);
    CHECK(has_message(&d, "refused"));
    captions_diag_free(&d);
    free(buf);
}

TEST(test_100mb_garbage_buffer_is_refused_with_a_clear_error)
{
    char *buf = garbage(BIG);
    CHECK(buf != NULL);
    if (!buf)
        return;
    captions_diag d = {0};
    caption_track *t = captions_parse("garbage.srt", buf, BIG, &d);
    CHECK(t == NULL);
    CHECK(d.errors >= 1 && has_message(&d, "refused"));
    captions_diag_free(&d);

    /* The largest accepted size of garbage, through both parsers (behind a
     * WebVTT header, so that the VTT parser reads it all): a clean parse. */
    const size_t n = CAPTIONS_MAX_FILE_BYTES;
    memcpy(buf, "WEBVTT\n\n", 8);
    memset(&d, 0, sizeof d);
    t = captions_parse_vtt("garbage.vtt", buf, n, &d);
    CHECK(t != NULL);
    CHECK(d.count <= CAPTIONS_MAX_DIAGS);
    captions_destroy(t);
    captions_diag_free(&d);
    memset(&d, 0, sizeof d);
    t = captions_parse_srt("garbage.srt", buf + 8, n, &d);
    CHECK(t != NULL);
    captions_destroy(t);
    captions_diag_free(&d);
    free(buf);
}

/* captions_load must refuse a 100 MB file by its size, before reading it
 * (a sparse file: no disk space needed). */
TEST(test_100mb_caption_file_is_refused_before_it_is_read)
{
    char path[] = "/tmp/ws-bounded-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0)
        return;
    CHECK(ftruncate(fd, (off_t)BIG) == 0);
    close(fd);
    long before = peak_rss_mb();
    captions_diag d = {0};
    caption_track *t = captions_load(path, &d);
    CHECK(t == NULL);
    CHECK(d.errors >= 1);
    CHECK(d.count >= 1 && strstr(d.records[0].file, "ws-bounded-") != NULL);
    captions_diag_free(&d);
    unlink(path);
    CHECK(peak_rss_mb() < before + 32); /* never read into memory */
}

/* The largest buffer the parsers accept, full of valid cues, parses up to
 * the cue cap and stops with an error saying so. */
TEST(test_largest_accepted_buffer_parses_up_to_the_cue_cap)
{
    const size_t n = CAPTIONS_MAX_FILE_BYTES;
    char *vtt = repeat("WEBVTT\n\n", "00:00:01.000 --> 00:00:02.000\nBreathe.\n\n", n);
    CHECK(vtt != NULL);
    if (!vtt)
        return;
    captions_diag d = {0};
    caption_track *t = captions_parse_vtt("full.vtt", vtt, n, &d);
    CHECK(t != NULL);
    if (t) {
        CHECK(t->count == CAPTIONS_MAX_CUES);
        CHECK(d.errors >= 1);
    }
    captions_destroy(t);
    captions_diag_free(&d);
    free(vtt);

    char *srt = repeat("", "1\n00:00:01,000 --> 00:00:02,000\nBreathe.\n\n", n);
    CHECK(srt != NULL);
    if (!srt)
        return;
    memset(&d, 0, sizeof d);
    t = captions_parse_srt("full.srt", srt, n, &d);
    CHECK(t != NULL);
    if (t) {
        CHECK(t->count == CAPTIONS_MAX_CUES);
        CHECK(d.errors >= 1);
    }
    captions_destroy(t);
    captions_diag_free(&d);
    free(srt);
}

/* ---- a 1 MB single line ------------------------------------------------- */

#define MB (1024u * 1024u)

/* head, then 1 MB of 'a' on one line, then tail. */
static char *one_long_line(const char *head, const char *tail, size_t *len)
{
    size_t h = strlen(head), t = strlen(tail);
    char *buf = malloc(h + MB + t);
    if (!buf)
        return NULL;
    memcpy(buf, head, h);
    memset(buf + h, 'a', MB);
    memcpy(buf + h + MB, tail, t);
    *len = h + MB + t;
    return buf;
}

TEST(test_vtt_1mb_line_is_dropped_with_an_error_and_the_rest_parses)
{
    size_t len;
    char *buf = one_long_line("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n",
                              "\nkept\n\n00:00:03.000 --> 00:00:04.000\nnext\n", &len);
    CHECK(buf != NULL);
    if (!buf)
        return;
    captions_diag d = {0};
    caption_track *t = captions_parse_vtt("line.vtt", buf, len, &d);
    CHECK(t != NULL && t->count == 2);
    if (t && t->count == 2) {
        CHECK_STR(t->cues[0].text, "kept");
        CHECK_STR(t->cues[1].text, "next");
    }
    CHECK(has_message(&d, "line dropped"));
    captions_destroy(t);
    captions_diag_free(&d);

    free(buf);

    /* The 1 MB line is the header line itself: no crash, and a NULL
     * result always comes with its error. */
    buf = one_long_line("WEBVTT ", "\n\n00:00:01.000 --> 00:00:02.000\nhi\n", &len);
    CHECK(buf != NULL);
    if (!buf)
        return;
    memset(&d, 0, sizeof d);
    t = captions_parse_vtt("header.vtt", buf, len, &d);
    CHECK(t != NULL || d.errors >= 1);
    captions_destroy(t);
    captions_diag_free(&d);
    free(buf);
}

TEST(test_srt_1mb_line_is_dropped_with_an_error_and_the_rest_parses)
{
    size_t len;
    char *buf = one_long_line("1\n00:00:01,000 --> 00:00:02,000\n",
                              "\nkept\n\n2\n00:00:03,000 --> 00:00:04,000\nnext\n", &len);
    CHECK(buf != NULL);
    if (!buf)
        return;
    captions_diag d = {0};
    caption_track *t = captions_parse_srt("line.srt", buf, len, &d);
    CHECK(t != NULL && t->count == 2);
    if (t && t->count == 2)
        CHECK_STR(t->cues[1].text, "next");
    CHECK(d.errors >= 1);
    captions_destroy(t);
    captions_diag_free(&d);

    /* Nothing but one 1 MB line: no cue, no crash. */
    memset(&d, 0, sizeof d);
    t = captions_parse_srt("only.srt", buf + 32, MB, &d);
    CHECK(t != NULL && t->count == 0);
    captions_destroy(t);
    captions_diag_free(&d);
    free(buf);
}

TEST(test_timeline_1mb_line_is_skipped_with_an_error)
{
    size_t len;
    char *buf = one_long_line("phase a 0\n0 fade 0\n", "\na+10 fade 1\n", &len);
    CHECK(buf != NULL);
    if (!buf)
        return;
    timeline *tl = timeline_parse(buf, len, "line.timeline");
    CHECK(tl != NULL);
    CHECK(timeline_error_count(tl) == 1);
    CHECK(timeline_has_message(tl, "longer than"));
    CHECK(timeline_key_count(tl, TIMELINE_P_FADE) == 2);
    CHECK_NEAR(timeline_eval(tl, 10.0).fade, 1.0, 1e-6);
    timeline_destroy(tl);
    free(buf);
}

/* ---- 100,000 nested tags ------------------------------------------------ */

#define NEST 100000

/* A monospace fake font: 10 px per code point. */
static float mono(void *user, const char *s, size_t len, int italic)
{
    (void)user;
    (void)italic;
    return (float)utf8_count(s, len) * 10.0f;
}

/* "<i><b><u>" NEST times (lines of `per_line` groups), "deep", and the
 * closing tags. SRT and WebVTT both know these three tags. */
static char *nested(const char *head, size_t per_line, size_t *len)
{
    static const char open[] = "<i><b><u>", close[] = "</u></b></i>";
    size_t lines = per_line ? NEST / per_line + 1 : 1;
    size_t cap = strlen(head) + NEST * (sizeof open + sizeof close) + 2 * lines + 16;
    char *buf = malloc(cap);
    if (!buf)
        return NULL;
    size_t at = (size_t)sprintf(buf, "%s", head);
    for (size_t i = 0; i < NEST; i++) {
        memcpy(buf + at, open, sizeof open - 1);
        at += sizeof open - 1;
        if (per_line && (i + 1) % per_line == 0)
            buf[at++] = '\n';
    }
    memcpy(buf + at, "deep", 4);
    at += 4;
    for (size_t i = 0; i < NEST; i++) {
        memcpy(buf + at, close, sizeof close - 1);
        at += sizeof close - 1;
        if (per_line && (i + 1) % per_line == 0)
            buf[at++] = '\n';
    }
    buf[at++] = '\n';
    *len = at;
    return buf;
}

static void check_nested_track(const caption_track *t)
{
    CHECK(t != NULL);
    if (!t)
        return;
    for (size_t i = 0; i < t->count; i++) {
        const caption_cue *c = &t->cues[i];
        CHECK(c->text_len <= CAPTIONS_MAX_CUE_BYTES);
        size_t covered = 0;
        for (size_t r = 0; r < c->run_count; r++)
            covered += c->runs[r].length;
        CHECK(covered == c->text_len);
    }
}

TEST(test_100000_nested_tags_parse_cleanly_in_bounded_memory)
{
    /* 5,000 groups a line (45 KB): under the line limit, so the markup
     * parser sees the whole nest; then all on one line (dropped). */
    const size_t per_line[] = {5000, 0};
    for (size_t k = 0; k < 2; k++) {
        size_t len;
        char *vtt = nested("WEBVTT\n\n00:00:01.000 --> 00:00:05.000\n", per_line[k], &len);
        CHECK(vtt != NULL);
        if (!vtt)
            return;
        captions_diag d = {0};
        caption_track *t = captions_parse_vtt("nest.vtt", vtt, len, &d);
        check_nested_track(t);
        if (t && k == 1)
            CHECK(has_message(&d, "line dropped"));
        /* A cue that survives lays out and splits without trouble. */
        if (t && t->count > 0) {
            caption_layout_env env = {0};
            env.screen_w = 1920;
            env.screen_h = 1080;
            env.measure = mono;
            caption_layout lay;
            caption_text ct = caption_text_of_cue(&t->cues[0]);
            CHECK(caption_layout_text(&env, &ct, &lay) == 0);
            caption_part parts[4];
            CHECK(caption_layout_split(&env, &ct, 1.0, 5.0, parts, 4) >= 1);
        }
        captions_destroy(t);
        captions_diag_free(&d);
        free(vtt);

        char *srt = nested("1\n00:00:01,000 --> 00:00:05,000\n", per_line[k], &len);
        CHECK(srt != NULL);
        if (!srt)
            return;
        memset(&d, 0, sizeof d);
        t = captions_parse_srt("nest.srt", srt, len, &d);
        check_nested_track(t);
        captions_destroy(t);
        captions_diag_free(&d);
        free(srt);
    }
}

/* ---- a timeline with 1,000,000 keys ------------------------------------- */

TEST(test_timeline_with_a_million_keys_stops_with_a_clear_error)
{
    /* 1,000,000 keys need more than TIMELINE_MAX_BYTES: refused whole. */
    const size_t keys = 1000000;
    char *buf = malloc(keys * 24);
    CHECK(buf != NULL);
    if (!buf)
        return;
    size_t len = 0;
    for (size_t i = 0; i < keys; i++)
        len += (size_t)sprintf(buf + len, "%zu fade 0.5 linear\n", i);
    timeline *tl = timeline_parse(buf, len, "million.timeline");
    CHECK(tl != NULL);
    CHECK(timeline_error_count(tl) == 1);
    CHECK(timeline_has_message(tl, "larger than"));
    CHECK(timeline_key_count(tl, TIMELINE_P_FADE) == 0);
    timeline_destroy(tl);

    /* The most keys that fit in the byte cap (over 400,000 short lines):
     * read up to the key cap, then one clear error. */
    len = 0;
    for (size_t i = 0; len + 16 < TIMELINE_MAX_BYTES; i++)
        len += (size_t)sprintf(buf + len, "%zu dust 1\n", i % 10);
    tl = timeline_parse(buf, len, "capped.timeline");
    CHECK(tl != NULL);
    CHECK(timeline_key_count(tl, TIMELINE_P_DUST) <= TIMELINE_MAX_KEYS);
    CHECK(timeline_error_count(tl) >= 1);
    CHECK(timeline_diag_count(tl) <= TIMELINE_MAX_DIAGS);
    scene_state s = timeline_eval(tl, 5.0);
    CHECK(s.dust >= 0.0f && s.dust <= 1.0f);
    timeline_destroy(tl);

    /* Keys in order, exactly at the cap plus one. */
    len = 0;
    for (size_t i = 0; i <= TIMELINE_MAX_KEYS; i++)
        len += (size_t)sprintf(buf + len, "%zu dust 1\n", i);
    tl = timeline_parse(buf, len, "cap.timeline");
    CHECK(tl != NULL);
    CHECK(timeline_key_count(tl, TIMELINE_P_DUST) == TIMELINE_MAX_KEYS);
    CHECK(timeline_error_count(tl) == 1);
    CHECK(timeline_has_message(tl, "keyframes"));
    timeline_destroy(tl);
    free(buf);
}

/* ---- hostile playlists ------------------------------------------------------ */

static int count_item(void *user, const playlist_item *it)
{
    long *r = user, n = (long)strlen(it->path);
    r[0]++;
    r[3] = n > r[3] ? n : r[3];
    return 0;
}

static void count_warning(void *user, int line, const char *message)
{
    ((long *)user)[1]++;
}

/* Items and warnings of buf through the pure parser; the return in r[2].
 * Every path is shorter than PLAYLIST_PATH_MAX. */
static void parse_counts(const char *buf, size_t len, long r[3])
{
    long all[4] = {0, 0, 0, 0};
    playlist_sink sink = {count_item, count_warning, all};
    all[2] = playlist_parse(buf, len, "/base", &sink);
    CHECK(all[3] < PLAYLIST_PATH_MAX);
    memcpy(r, all, 3 * sizeof *r);
}

static int library_warned(const library *lib, const char *part)
{
    return scratch_lines_hold(lib->warnings, lib->warning_count, part);
}

TEST(test_playlist_huge_line_is_skipped_and_the_rest_parses)
{
    const size_t n = PLAYLIST_MAX_BYTES;
    char *buf = repeat("#EXTINF:1,Before\nbefore.mp3\n#EXTINF:2,Lost\n", "a", n);
    CHECK(buf != NULL);
    if (!buf)
        return;
    memcpy(buf + n - 11, "\nafter.ogg\n", 11);
    long r[3];
    parse_counts(buf, n, r);
    CHECK(r[2] == 2 && r[0] == 2 && r[1] == 1); /* before, after; the line warned */
    scratch_put("huge.m3u", buf, n);
    library lib = {0};
    CHECK(library_add(&lib, scratch_path("huge.m3u")) == 0); /* both entries are missing */
    CHECK(library_warned(&lib, "a line longer than 4096 bytes"));
    CHECK(lib.warning_count == 3);
    library_free(&lib);
    free(buf);
}

TEST(test_playlist_with_a_million_entries_is_bounded)
{
    /* A million entries need more than PLAYLIST_MAX_BYTES: refused whole. */
    char *buf = repeat("", "session.mp3\n", 12000000);
    CHECK(buf != NULL);
    if (!buf)
        return;
    long r[3];
    parse_counts(buf, 12000000, r);
    CHECK(r[2] == -1 && r[0] == 0 && r[1] == 1);
    scratch_put("million.m3u", buf, 12000000);
    library lib = {0};
    CHECK(library_add(&lib, scratch_path("million.m3u")) == -1);
    CHECK(library_warned(&lib, "larger than 1 MB"));
    library_free(&lib);
    free(buf);

    /* As many as fit (524,288 two-byte lines): the parser reads them all;
     * the library checks at most LIBRARY_MAX_CHECKS of them, all naming
     * one narration, which it lists once. */
    buf = repeat("", "n\n", PLAYLIST_MAX_BYTES);
    parse_counts(buf, PLAYLIST_MAX_BYTES, r);
    CHECK(r[2] == (long)PLAYLIST_MAX_BYTES / 2 && r[0] == r[2] && r[1] == 0);
    scratch_put("most.m3u", buf, PLAYLIST_MAX_BYTES);
    memset(&lib, 0, sizeof lib);
    CHECK(library_add(&lib, scratch_path("most.m3u")) == 1);
    CHECK(lib.count == 1 && lib.warning_count == 1);
    CHECK(library_warned(&lib, "more than 10000 paths"));
    library_free(&lib);

    /* 70,000 different missing names: warnings kept to the bound, the rest
     * counted, and the checks stop at the bound too. */
    size_t len = 0;
    for (int i = 0; i < 70000; i++)
        len += (size_t)sprintf(buf + len, "gone%05d.mp3\n", i);
    scratch_put("missing.m3u", buf, len);
    memset(&lib, 0, sizeof lib);
    CHECK(library_add(&lib, scratch_path("missing.m3u")) == 0);
    CHECK(lib.count == 0 && lib.warning_count == LIBRARY_MAX_WARNINGS);
    CHECK(lib.warnings_dropped == LIBRARY_MAX_CHECKS + 1 - LIBRARY_MAX_WARNINGS);
    library_free(&lib);
    free(buf);
}

TEST(test_playlist_nul_bytes_and_garbage_parse_cleanly)
{
    char *buf = garbage(PLAYLIST_MAX_BYTES);
    CHECK(buf != NULL);
    if (!buf)
        return;
    buf[0] = '#'; /* not a UTF-16 mark, which would refuse it whole */
    long r[3];
    parse_counts(buf, PLAYLIST_MAX_BYTES, r);
    CHECK(r[2] >= 0 && r[0] == r[2] && r[1] > 0);
    free(buf);
    /* A playlist by its first line, with NULs in later lines. */
    static const char nuls[] = "#EXTM3U\nn.ogg\nbad\0line.ogg\n\0\0\0\n#EXTINF:1,\0\nn2.ogg\n";
    scratch_put("nuls.m3u", nuls, sizeof nuls - 1);
    library lib = {0};
    CHECK(library_add(&lib, scratch_path("nuls.m3u")) == 2);
    CHECK(lib.warning_count == 3 && library_warned(&lib, "a NUL byte in the line"));
    library_free(&lib);
}

TEST(test_playlist_deep_dotdot_resolves_or_is_refused)
{
    char line[4096 + 16], *p = line;
    /* ../ to the root and back down to a real narration: it is found. */
    for (int i = 0; i < 1000; i++)
        p += sprintf(p, "../");
    p += sprintf(p, "%s\n", scratch_path("n.ogg") + 1);
    /* deeper than a line may be: skipped with a warning */
    char *deep = repeat("", "../", 300000);
    CHECK(deep != NULL);
    if (!deep)
        return;
    memcpy(deep + 300000 - strlen(line), line, strlen(line));
    deep[300000 - strlen(line) - 1] = '\n';
    scratch_put("deep.m3u", deep, 300000);
    free(deep);
    library lib = {0};
    CHECK(library_add(&lib, scratch_path("deep.m3u")) == 1);
    CHECK(lib.count == 1 && lib.warning_count == 1);
    CHECK(library_warned(&lib, "a line longer than"));
    library_free(&lib);
}

TEST(test_playlist_that_includes_itself_or_a_folder_loop_ends)
{
    SCRATCH_PUT("self.m3u", "#EXTM3U\nn.ogg\nself.m3u\n./self.m3u\n");
    library lib = {0};
    CHECK(library_add(&lib, scratch_path("self.m3u")) == 1);
    CHECK(lib.warning_count == 2 && library_warned(&lib, "includes itself"));
    library_free(&lib);

    SCRATCH_PUT("ping.m3u", "pong.m3u\n");
    SCRATCH_PUT("pong.m3u", "ping.m3u\nn.ogg\n");
    memset(&lib, 0, sizeof lib);
    CHECK(library_add(&lib, scratch_path("ping.m3u")) == 1);
    CHECK(lib.warning_count == 1 && library_warned(&lib, "ping.m3u: includes itself"));
    library_free(&lib);

    /* 20 playlists, each naming the next: cut at LIBRARY_MAX_DEPTH. */
    for (int i = 0; i < 20; i++) {
        char name[32], text[32];
        snprintf(name, sizeof name, "chain%d.m3u", i);
        int n = snprintf(text, sizeof text, "chain%d.m3u\nn2.ogg\n", i + 1);
        scratch_put(name, text, (size_t)n);
    }
    memset(&lib, 0, sizeof lib);
    CHECK(library_add(&lib, scratch_path("chain0.m3u")) == 1);
    CHECK(library_warned(&lib, "playlists nested deeper than"));
    library_free(&lib);

    /* A folder that holds a link to itself, named through the link again
     * and again; and two links that point at each other. */
    mkdir(scratch_path("loop"), 0700);
    scratch_put("loop/n3.ogg", "OggS\0\2", 6);
    CHECK(symlink(".", scratch_path("loop/self")) == 0);
    CHECK(symlink("l2", scratch_path("l1")) == 0 && symlink("l1", scratch_path("l2")) == 0);
    SCRATCH_PUT("loops.m3u", "loop\nloop/self\nloop/self/self/self/self/\nl1\n");
    memset(&lib, 0, sizeof lib);
    CHECK(library_add(&lib, scratch_path("loops.m3u")) == 1);
    CHECK(lib.warning_count == 1 && library_warned(&lib, "l1: no such file"));
    library_free(&lib);
}

int main(void)
{
    if (scratch_make("ws-bounded") != 0)
        return 1;
    scratch_put("n.ogg", "OggS\0\2", 6);
    scratch_put("n2.ogg", "OggS\0\2", 6);
    scratch_put("n", "OggS\0\2", 6);
    RUN_IN_CHILD(test_100mb_caption_buffer_is_refused_with_a_clear_error);
    RUN_IN_CHILD(test_100mb_garbage_buffer_is_refused_with_a_clear_error);
    RUN_IN_CHILD(test_100mb_caption_file_is_refused_before_it_is_read);
    RUN_IN_CHILD(test_largest_accepted_buffer_parses_up_to_the_cue_cap);
    RUN_IN_CHILD(test_vtt_1mb_line_is_dropped_with_an_error_and_the_rest_parses);
    RUN_IN_CHILD(test_srt_1mb_line_is_dropped_with_an_error_and_the_rest_parses);
    RUN_IN_CHILD(test_timeline_1mb_line_is_skipped_with_an_error);
    RUN_IN_CHILD(test_100000_nested_tags_parse_cleanly_in_bounded_memory);
    RUN_IN_CHILD(test_timeline_with_a_million_keys_stops_with_a_clear_error);
    RUN_IN_CHILD(test_playlist_huge_line_is_skipped_and_the_rest_parses);
    RUN_IN_CHILD(test_playlist_with_a_million_entries_is_bounded);
    RUN_IN_CHILD(test_playlist_nul_bytes_and_garbage_parse_cleanly);
    RUN_IN_CHILD(test_playlist_deep_dotdot_resolves_or_is_refused);
    RUN_IN_CHILD(test_playlist_that_includes_itself_or_a_folder_loop_ends);
    scratch_remove();
    printf("parent's peak RSS %ld MB\n", peak_rss_mb());
    return check_done();
}
