/* libFuzzer harness: the timeline parser, and what the player does with a
 * parsed timeline: evaluation at ordinary and absurd times (NaN, +-inf,
 * huge), retiming to other phase starts, cloning, printing diagnostics.
 * It checks timeline.h's promises: every scalar stays in its parameter's
 * range and is never NaN; eval is pure (a clone, or a second call, gives the
 * same scene); a retime with a non-finite start changes nothing. Built and
 * run by tools/fuzz.sh; seeds in fuzz/corpus/timeline. */
#include "fuzz_require.h"
#include "session/timeline.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Opened once per process: /dev/null per input would dominate the run. */
static FILE *null_stream(void)
{
    static FILE *null_out;
    if (!null_out)
        null_out = fopen("/dev/null", "w");
    if (!null_out)
        abort();
    return null_out;
}

static void check_state(const scene_state *s)
{
    for (size_t i = 0; i < timeline_param_count(); i++) {
        const timeline_param_desc *d = timeline_param_info(i);
        const float *f = (const float *)((const char *)s + d->offset);
        if (d->kind == TIMELINE_SCALAR) {
            FUZZ_REQUIRE(!isnan(*f));
            FUZZ_REQUIRE(*f >= d->min && *f <= d->max);
        } else {
            for (int c = 0; c < 3; c++)
                FUZZ_REQUIRE(isfinite(f[c]) && f[c] >= 0.0f && f[c] <= 1.0f);
        }
    }
    FUZZ_REQUIRE(!isnan(s->phase_time));
}

static scene_state eval_checked(const timeline *tl, double t)
{
    scene_state s = timeline_eval(tl, t);
    check_state(&s);
    return s;
}

/* Byte-equal scenes: eval is a pure function of (tl, t). */
static int same_scene(const scene_state *a, const scene_state *b)
{
    return memcmp(a, b, sizeof *a) == 0;
}

static const double probe_times[] = {0.0, -1.0, 0.5, 59.999, 60.0, 140.5, 600.0, 3600.0,
                                     1e9, -1e9, 1e308, -1e308, 5e-324};

/* Phase starts probed: the first few and the last. A file may declare 64
 * phases, and evaluating around every one of them, four times over, was
 * most of the time per input; the phases in between are found by the same
 * search. */
#define FUZZ_PHASE_PROBES 6

/* all == 0: a few of the probes (after a retime, where the absurd times
 * were already tried on the same keys). */
static void eval_everywhere(const timeline *tl, int all)
{
    size_t np_probe = all ? sizeof probe_times / sizeof probe_times[0] : 4;
    for (size_t i = 0; i < np_probe; i++)
        eval_checked(tl, probe_times[i]);
    eval_checked(tl, NAN);
    eval_checked(tl, INFINITY);
    eval_checked(tl, -INFINITY);
    size_t np = timeline_phase_count(tl);
    for (size_t i = 0; i < np; i++) {
        if (i == FUZZ_PHASE_PROBES && np > FUZZ_PHASE_PROBES + 1)
            i = np - 1; /* skip to the last */
        double t = timeline_phase_start(tl, i);
        scene_state s = eval_checked(tl, t);
        FUZZ_REQUIRE(s.phase >= -1 && s.phase < (int)np);
        if (all) {
            eval_checked(tl, t - 0.001);
            eval_checked(tl, t + 0.5);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *null_out = null_stream();
    timeline *tl = timeline_parse((const char *)data, size, "fuzz.timeline");
    FUZZ_REQUIRE(tl != NULL);
    timeline_print_diags(tl, null_out);
    FUZZ_REQUIRE(timeline_error_count(tl) <= timeline_diag_count(tl));
    FUZZ_REQUIRE(timeline_diag_count(tl) <= TIMELINE_MAX_DIAGS);
    for (size_t i = 0; i < timeline_diag_count(tl); i++) {
        const timeline_diag *d = timeline_diag_at(tl, i);
        FUZZ_REQUIRE(d && d->file && memchr(d->message, '\0', sizeof d->message));
    }
    size_t np = timeline_phase_count(tl);
    FUZZ_REQUIRE(np <= TIMELINE_MAX_PHASES);
    size_t keys = 0;
    for (int p = 0; p < TIMELINE_P_COUNT; p++)
        keys += timeline_key_count(tl, (timeline_param)p);
    FUZZ_REQUIRE(keys <= TIMELINE_MAX_KEYS);
    for (size_t i = 0; i < np; i++) {
        const char *name = timeline_phase_name(tl, i);
        FUZZ_REQUIRE(name && timeline_phase_find(tl, name) >= 0);
    }

    eval_everywhere(tl, 1);
    timeline_set_duration(tl, 600.0);

    /* Purity: a clone, and a second call, give the same scene. */
    timeline *copy = timeline_clone(tl);
    FUZZ_REQUIRE(copy != NULL);
    scene_state a = timeline_eval(tl, 123.25);
    scene_state b = timeline_eval(copy, 123.25);
    scene_state c = timeline_eval(tl, 123.25);
    FUZZ_REQUIRE(same_scene(&a, &b) && same_scene(&a, &c));

    /* Retime: squeezed to half, stretched, shifted, then a refused NaN. */
    double starts[TIMELINE_MAX_PHASES];
    for (size_t i = 0; i < np; i++)
        starts[i] = timeline_phase_start(tl, i) * 0.5;
    if (np > 0)
        FUZZ_REQUIRE(timeline_retime(copy, starts) == 0);
    eval_everywhere(copy, 0);
    for (size_t i = 0; i < np; i++)
        starts[i] = timeline_phase_start(tl, i) * 3.0 + 7.0;
    if (np > 0)
        FUZZ_REQUIRE(timeline_retime(copy, starts) == 0);
    eval_everywhere(copy, 0);
    for (size_t i = 0; i < np; i++) /* not in order: must still be safe */
        starts[i] = (double)((np - i) * 10);
    if (np > 0)
        timeline_retime(copy, starts);
    eval_everywhere(copy, 0);
    if (np > 0) {
        scene_state before = timeline_eval(copy, 42.0);
        starts[np - 1] = NAN;
        FUZZ_REQUIRE(timeline_retime(copy, starts) == -1);
        scene_state after = timeline_eval(copy, 42.0);
        FUZZ_REQUIRE(same_scene(&before, &after));
    }
    timeline_destroy(copy);
    timeline_destroy(tl);
    return 0;
}
