#include "session/timeline_lint.h"

#include <math.h>
#include <string.h>

#include "time/timefmt.h"

static float value_of(const scene_state *s, const timeline_param_desc *d, int c)
{
    float v;
    memcpy(&v, (const char *)s + d->offset + (size_t)c * sizeof(float), sizeof v);
    return v;
}

static size_t lint_first_keys(const timeline *tl, const char *path, FILE *err)
{
    size_t n = 0;
    scene_state def = timeline_defaults();
    for (size_t p = 0; p < timeline_param_count(); p++) {
        const timeline_param_desc *d = timeline_param_info(p);
        timeline_key_info k;
        if (timeline_key_get(tl, (timeline_param)p, 0, &k) < 0 || !(k.t > 1e-9))
            continue;
        int comps = d->kind == TIMELINE_COLOUR ? 3 : 1, differs = 0;
        for (int c = 0; c < comps; c++)
            differs |= fabsf(k.v[c] - value_of(&def, d, c)) > 1e-4f;
        if (!differs)
            continue;
        char at[32];
        timefmt_format(k.t, at, sizeof at);
        const char *phase = k.phase >= 0 ? timeline_phase_name(tl, (size_t)k.phase) : NULL;
        fprintf(err,
                "%s:%d:1: warning: the first key of %s is at %s%s%s%s, so %s has that value from "
                "0:00 on; add a key before it with the value it should have until then\n",
                path, k.line, d->name, at, phase ? " (phase " : "", phase ? phase : "",
                phase ? ")" : "", d->name);
        n++;
    }
    return n;
}

static size_t lint_after_narration(const timeline *tl, const char *path, double length, FILE *err)
{
    size_t n = 0;
    for (size_t p = 0; p < timeline_param_count() && length > 0.0; p++) {
        if (p == TIMELINE_P_FADE || p == TIMELINE_P_ENDCARD)
            continue; /* the card and the fade to black follow the last word */
        timeline_key_info k;
        for (size_t i = 0; timeline_key_get(tl, (timeline_param)p, i, &k) == 0; i++) {
            if (k.t <= length + 1e-6)
                continue;
            char at[32], len[32];
            timefmt_format(k.t, at, sizeof at);
            timefmt_format(length, len, sizeof len);
            fprintf(err, "%s:%d:1: warning: this %s key at %s comes after the narration ends (%s)\n",
                    path, k.line, timeline_param_info(p)->name, at, len);
            n++;
        }
    }
    return n;
}

static size_t lint_over_captions(const timeline *tl, const char *path, const caption_track *ct,
                                 FILE *err)
{
    if (!ct)
        return 0;
    /* the fade in from black: until the picture is first whole */
    double shown = 0.0;
    while (shown < 120.0 && timeline_eval(tl, shown).fade < 0.99f)
        shown += 0.05;
    size_t n = 0;
    for (size_t i = 0; i < ct->count; i++) {
        const caption_cue *c = &ct->cues[i];
        for (int j = 0; j <= 8; j++) {
            double t = c->start + (c->end - c->start) * j / 8.0;
            scene_state s = timeline_eval(tl, t);
            const char *what = s.endcard > 0.01f ? "the end card shows"
                             : (t > shown && s.fade < 0.99f) ? "the picture fades toward black"
                                                              : NULL;
            if (!what)
                continue;
            char at[32];
            timefmt_format(t, at, sizeof at);
            fprintf(err, "%s: warning: %s at %s, over the caption at %s:%d\n", path, what, at,
                    ct->name ? ct->name : "captions", c->line);
            n++;
            break;
        }
    }
    return n;
}

size_t timeline_lint(const timeline *tl, const char *path, double narration_length,
                     const caption_track *captions, FILE *err)
{
    return lint_first_keys(tl, path, err) + lint_after_narration(tl, path, narration_length, err) +
           lint_over_captions(tl, path, captions, err);
}
