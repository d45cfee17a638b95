#include "session/check.h"

#include <string.h>
#include <strings.h>

#include "captions/caption_check.h"
#include "time/timefmt.h"
#include "session/timeline.h"
#include "session/timeline_lint.h"

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

static int check_timeline(const char *path, const check_context *ctx, FILE *out, FILE *err)
{
    timeline *tl = timeline_load(path);
    if (!tl) {
        fprintf(err, "%s: error: out of memory\n", path);
        return 2;
    }
    size_t phases = timeline_phase_count(tl);
    for (size_t i = 0; i < phases; i++) {
        char buf[32];
        timefmt_format(timeline_phase_start(tl, i), buf, sizeof buf);
        fprintf(out, "%s\tphase %s\n", buf, timeline_phase_name(tl, i));
    }
    size_t keys = 0;
    for (size_t p = 0; p < TIMELINE_P_COUNT; p++)
        keys += timeline_key_count(tl, (timeline_param)p);
    timeline_print_diags(tl, err);
    size_t errors = timeline_error_count(tl);
    size_t warnings = timeline_diag_count(tl) - errors;
    if (errors == 0) {
        caption_track *ct = NULL;
        if (ctx && ctx->captions && ctx->captions[0]) {
            ct = captions_load(ctx->captions, NULL);
            if (ct)
                fprintf(out, "%s: checked against %zu cues of %s\n", path, ct->count, ctx->captions);
        }
        warnings += timeline_lint(tl, path, ctx ? ctx->narration_length : 0.0, ct, err);
        captions_destroy(ct);
    }
    fprintf(out, "%s: %zu phases, %zu keys, %zu errors, %zu warnings\n", path, phases, keys,
            errors, warnings);
    timeline_destroy(tl);
    return errors ? 2 : 0;
}

int check_file(const char *path, FILE *out, FILE *err)
{
    return check_file_in(path, NULL, out, err);
}

int check_file_in(const char *path, const check_context *ctx, FILE *out, FILE *err)
{
    if (ends_with(path, ".timeline"))
        return check_timeline(path, ctx, out, err);
    return caption_check_file(path, out, err);
}
