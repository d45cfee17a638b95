#include "caption_check.h"

#include "timefmt.h"
#include "utf8.h"

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

/* Re-wrap and split warnings for one cue, from the layout's limits. */
static void check_lines(const caption_track *track, const caption_cue *cue,
                        const caption_style *s, captions_diag *diag)
{
    const char *file = track->name;
    size_t lines = 0, total = 0, i = 0;
    while (i <= cue->text_len) {
        size_t j = i;
        while (j < cue->text_len && cue->text[j] != '\n')
            j++;
        size_t chars = utf8_count(cue->text + i, j - i);
        total += chars + (lines > 0);
        if (chars > (size_t)s->max_chars)
            captions_diag_add(diag, file, cue->line + 1 + (int)lines, 1, CAPTIONS_WARNING,
                              "caption line has %zu characters (the layout allows %d); it "
                              "will be re-wrapped",
                              chars, s->max_chars);
        lines++;
        i = j + 1;
    }
    if (lines > (size_t)s->max_lines)
        captions_diag_add(diag, file, cue->line, 1, CAPTIONS_WARNING,
                          "cue has %zu lines (the layout shows %d); it will be re-wrapped",
                          lines, s->max_lines);
    if (total > (size_t)s->max_lines * (size_t)s->max_chars)
        captions_diag_add(diag, file, cue->line, 1, CAPTIONS_WARNING,
                          "cue has %zu characters, more than %d lines of %d hold; it will be "
                          "split into timed parts",
                          total, s->max_lines, s->max_chars);
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
        check_lines(track, cue, &s, diag);
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
