#include "captions/caption_check.h"

#include "time/timefmt.h"
#include "util/utf8.h"

#include <math.h>
#include <string.h>

size_t caption_check_words(const char *text, size_t len)
{
    size_t words = 0;
    int in_word = 0;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        int space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
        if (!space && !in_word)
            words++;
        in_word = !space;
    }
    return words;
}

void caption_check_print_cue(const caption_cue *cue, FILE *out)
{
    char a[32], b[32];
    timefmt_format(cue->start, a, sizeof a);
    timefmt_format(cue->end, b, sizeof b);
    fprintf(out, "%s --> %s\t", a, b);
    for (size_t i = 0; i < cue->text_len; i++) {
        char c = cue->text[i];
        if (c == '\n')
            fputs("\\n", out);
        else if (c == '\t')
            fputs("\\t", out);
        else if (c == '\\')
            fputs("\\\\", out);
        else if (c == '\r')
            fputs("\\r", out);
        else
            fputc(c, out);
    }
    fputc('\n', out);
}

/* The check counts characters, as a person does: every code point is one
 * pixel wide, so only the style's max_chars limits a line, never the
 * screen's width. */
static float count_chars(void *user, const char *utf8, size_t len, int italic)
{
    return (float)utf8_count(utf8, len);
}

caption_layout_env caption_check_layout_env(const caption_style *style)
{
    caption_layout_env env = {0};
    if (style)
        env.style = *style;
    env.screen_w = 1920;
    env.screen_h = 1080;
    env.measure = count_chars;
    return env;
}

#define CHECK_MAX_PARTS 64

/* One warning when the TV layout cannot show the cue in its lines and will
 * split it into timed parts. Text the layout merely re-wraps (a long line
 * that fits once broken, three short author lines that fit in two) is what
 * the layout is for, and gets none. */
static void check_fit(const caption_track *track, const caption_cue *cue,
                      const caption_style *s, captions_diag *diag)
{
    caption_layout_env env = caption_check_layout_env(s);
    caption_text text = caption_text_of_cue(cue);
    caption_part parts[CHECK_MAX_PARTS];
    size_t n = caption_layout_split(&env, &text, cue->start, cue->end, parts, CHECK_MAX_PARTS);
    if (n <= 1)
        return;
    caption_metrics m = caption_layout_metrics(s, env.screen_w, env.screen_h);
    captions_diag_add(diag, track->name, cue->line, 1, CAPTIONS_WARNING,
                      "cue has %zu characters and does not fit in %d lines of %d; it will be "
                      "split into %s%zu timed parts",
                      utf8_count(cue->text, cue->text_len), m.max_lines, m.max_chars,
                      n == CHECK_MAX_PARTS ? "at least " : "", n);
}

void caption_check_track(const caption_track *track, const caption_style *style, FILE *out,
                         captions_diag *diag, caption_check_summary *summary)
{
    caption_check_summary sum = {0};
    caption_style s = caption_style_resolve(style);
    double max_end = -INFINITY;
    for (size_t k = 0; track && k < track->count; k++) {
        const caption_cue *cue = &track->cues[k];
        const char *file = track->name;
        char t[32];
        if (out)
            caption_check_print_cue(cue, out);
        double dur = cue->end - cue->start;
        size_t words = caption_check_words(cue->text, cue->text_len);
        sum.words += words;
        if (k == 0 || cue->start < sum.first_start)
            sum.first_start = cue->start;
        if (cue->end > sum.last_end)
            sum.last_end = cue->end;
        if (cue->start < max_end) {
            timefmt_format(max_end, t, sizeof t);
            captions_diag_add(diag, file, cue->line, 1, CAPTIONS_WARNING,
                              "cue overlaps the one before it, which ends at %s", t);
        }
        if (cue->end > max_end)
            max_end = cue->end;
        if (dur < CAPTION_CHECK_MIN_DURATION)
            captions_diag_add(diag, file, cue->line, 1, CAPTIONS_WARNING,
                              "cue lasts %.3f s; under %.2f s is too short to read", dur,
                              CAPTION_CHECK_MIN_DURATION);
        double wpm = dur > 0.0 ? (double)words * 60.0 / dur : INFINITY;
        if (words > 0 && wpm > CAPTION_CHECK_MAX_WPM)
            captions_diag_add(diag, file, cue->line, 1, CAPTIONS_WARNING,
                              "reading speed %.0f words per minute (over %.0f); give the "
                              "cue more time or fewer words",
                              wpm, CAPTION_CHECK_MAX_WPM);
        check_fit(track, cue, &s, diag);
    }
    sum.cues = track ? track->count : 0;
    sum.warnings = diag ? diag->warnings : 0;
    sum.errors = diag ? diag->errors : 0;
    if (summary)
        *summary = sum;
}

void caption_check_print_summary(const caption_check_summary *sum, FILE *out)
{
    char a[32], b[32], c[32];
    timefmt_format(sum->first_start, a, sizeof a);
    timefmt_format(sum->last_end, b, sizeof b);
    timefmt_format(sum->cues ? sum->last_end - sum->first_start : 0.0, c, sizeof c);
    fprintf(out, "%zu cue%s, %s --> %s (span %s), %zu word%s, %zu warning%s, %zu error%s\n",
            sum->cues, sum->cues == 1 ? "" : "s", a, b, c, sum->words,
            sum->words == 1 ? "" : "s", sum->warnings, sum->warnings == 1 ? "" : "s",
            sum->errors, sum->errors == 1 ? "" : "s");
}

int caption_check_file(const char *path, FILE *out, FILE *err)
{
    captions_diag diag = {0};
    caption_track *track = captions_load(path, &diag);
    if (track && track->count == 0) /* the player warns and plays without captions */
        captions_diag_add(&diag, path, 0, 0, CAPTIONS_ERROR,
                          "no usable cue; Wellspring would play without captions");
    caption_check_summary sum;
    caption_check_track(track, NULL, out, &diag, &sum);
    captions_diag_sort(&diag);
    if (err)
        captions_diag_print(&diag, err);
    if (out)
        caption_check_print_summary(&sum, out);
    int code = !track || diag.errors > 0 ? 2 : 0;
    captions_destroy(track);
    captions_diag_free(&diag);
    return code;
}
