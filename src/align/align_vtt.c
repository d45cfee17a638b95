#include "align/align_vtt.h"

#include "captions/caption_check.h"
#include "time/timefmt.h"

/* The shortest time the cue's words need, with 10 ms to spare for rounding. */
static double need(const char *text)
{
    size_t words = 0;
    int in = 0;
    for (const char *p = text; *p; p++) {
        int sp = *p == ' ' || *p == '\n' || *p == '\t';
        words += !sp && !in;
        in = !sp;
    }
    double t = (double)words * 60.0 / CAPTION_CHECK_MAX_WPM;
    if (t < CAPTION_CHECK_MIN_DURATION)
        t = CAPTION_CHECK_MIN_DURATION;
    return t + 0.01;
}

void align_cues_shape(align_cue *c, size_t n, double length)
{
    for (size_t k = 0; k < n; k++) {
        double prev_end = k ? c[k - 1].end : 0.0;
        if (c[k].start < prev_end)
            c[k].start = prev_end;
        if (c[k].end > length)
            c[k].end = length;
        if (c[k].end < c[k].start)
            c[k].end = c[k].start;
    }
    for (size_t k = 0; k < n; k++) {
        double limit = k + 1 < n ? c[k + 1].start : length, want = need(c[k].text);
        if (c[k].end > limit)
            c[k].end = limit;
        if (c[k].end - c[k].start < want)
            c[k].end = c[k].start + want < limit ? c[k].start + want : limit;
        if (c[k].end - c[k].start < want) {
            double earliest = c[k].start - ALIGN_VTT_EARLY, prev = k ? c[k - 1].end : 0.0;
            if (earliest < prev)
                earliest = prev;
            double s = c[k].end - want;
            c[k].start = s > earliest ? s : earliest;
        }
    }
}

int align_vtt_write(FILE *f, const align_cue *cues, size_t n, const char *note)
{
    fputs("WEBVTT\n\n", f);
    if (note && *note)
        fprintf(f, "NOTE %s\n\n", note);
    for (size_t k = 0; k < n; k++) {
        char a[32], b[32];
        timefmt_format(cues[k].start, a, sizeof a);
        timefmt_format(cues[k].end, b, sizeof b);
        fprintf(f, "%s --> %s\n", a, b);
        for (const char *p = cues[k].text; *p; p++) {
            if (*p == '&')
                fputs("&amp;", f);
            else if (*p == '<')
                fputs("&lt;", f);
            else if (*p == '>')
                fputs("&gt;", f); /* "-->" in a cue's text would end nothing, but reads badly */
            else
                fputc(*p, f);
        }
        fputs("\n\n", f);
    }
    return ferror(f) ? -1 : 0;
}
