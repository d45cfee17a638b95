#include "align/align_cli.h"

#include "align/align_job.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define BAR 30

static void bar(void *user, double f)
{
    int *last = user, pct = (int)(f * 100.0 + 0.5);
    if (pct == *last)
        return;
    *last = pct;
    int fill = (int)(f * BAR + 0.5);
    fprintf(stderr, "\raligning [%.*s%.*s] %3d%%", fill, "##############################",
            BAR - fill, "..............................", pct);
    fflush(stderr);
}

void align_cli_default_output(const char *narration, char *out, size_t size)
{
    const char *slash = strrchr(narration, '/'), *dot = strrchr(narration, '.');
    size_t len = dot && (!slash || dot > slash + 1) ? (size_t)(dot - narration) : strlen(narration);
    snprintf(out, size, "%.*s.vtt", (int)len, narration);
}

/* "line 12 "Breathe in..." 0.04" for the weakest phrases. */
static void list_weakest(const align_result *res, FILE *err)
{
    size_t idx[5], n = align_result_weakest(res, idx, 5);
    fprintf(err, "wellspring: least confident phrases:\n");
    for (size_t k = 0; k < n; k++) {
        const align_phrase *p = &res->script.phrases[idx[k]];
        const align_time *t = &res->times[idx[k]];
        fprintf(err, "  line %d at %d:%06.3f, confidence %.2f: \"%.60s%s\"\n", p->line,
                (int)(t->start / 60), t->start - 60 * (int)(t->start / 60), t->confidence,
                p->speak, strlen(p->speak) > 60 ? "..." : "");
    }
}

int align_cli_run(const options *o)
{
    char out[4200], err[4400];
    if (o->output)
        snprintf(out, sizeof out, "%s", o->output);
    else
        align_cli_default_output(o->align, out, sizeof out);
    if (!o->force && access(out, F_OK) == 0) {
        fprintf(stderr, "wellspring: %s exists; not overwritten (--force replaces it, -o writes "
                "elsewhere)\n", out);
        return EXIT_USAGE;
    }
    int last = -1, tty = isatty(2);
    align_job job = {o->align, o->file, o->lang, tty ? bar : NULL, &last};
    align_result res;
    int rc = align_job_run(&job, &res, err, sizeof err);
    if (tty)
        fputs("\r\033[K", stderr);
    if (rc < 0) {
        fprintf(stderr, "wellspring: %s\n", err);
        return EXIT_USAGE;
    }
    const align_summary *s = &res.summary;
    if (res.mismatch) {
        fprintf(stderr, "wellspring: %s does not match %s: median confidence %.2f, %zu of %zu "
                "phrases under %.2f%s\n", o->file, o->align, s->confidence, s->low,
                res.script.count, ALIGN_LOW_CONFIDENCE,
                o->force ? "; writing it anyway (--force)" : "; nothing written (--force writes it anyway)");
        list_weakest(&res, stderr);
        if (!o->force) {
            align_result_free(&res);
            return EXIT_USAGE;
        }
    } else if (s->low) {
        list_weakest(&res, stderr);
    }
    if (align_result_write(&res, out, o->force, err, sizeof err) < 0) {
        fprintf(stderr, "wellspring: %s\n", err);
        align_result_free(&res);
        return EXIT_RUNTIME;
    }
    fprintf(stderr, "wellspring: aligned %zu cues to %d:%02d of audio in %.1f s (%.0fx real "
            "time), median confidence %.2f, %zu low; wrote %s\n", res.script.count,
            (int)(res.length / 60), (int)res.length % 60, res.seconds,
            res.seconds > 0 ? res.length / res.seconds : 0.0, s->confidence, s->low, out);
    align_result_free(&res);
    return EXIT_OK;
}
