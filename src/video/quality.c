#include "video/quality.h"

#include <stdio.h>
#include <string.h>

static const quality_tier tiers[] = {
    {"medium", 0.70f, 16000}, /* QUALITY_AUTO starts here */
    {"low", 0.50f, 8000},
    {"medium", 0.70f, 16000},
    {"high", 1.00f, 40000},
};

#define MIN_SCALE 0.30f         /* where software GL at 1080p settles: ~580x320 */
#define MAX_SCALE 1.00f
#define MIN_PARTICLES 4000.0f
#define MAX_PARTICLES 1000000.0f
#define SCALE_STEP 0.05f          /* per ramp step */
#define STEP_INTERVAL 0.25        /* seconds between ramp steps: >= 1 s per 0.2 change */
#define PARTICLE_RATE 0.5f        /* a ramp moves particles by at most 50% per second */

const quality_tier *quality_tier_of(quality_mode mode)
{
    return &tiers[mode <= QUALITY_HIGH ? mode : QUALITY_AUTO];
}

int quality_parse(const char *s, quality_mode *out)
{
    static const char *const names[] = {"auto", "low", "medium", "high"};
    for (int i = 0; i < 4; i++)
        if (strcmp(s, names[i]) == 0) {
            *out = (quality_mode)i;
            return 0;
        }
    return -1;
}

void quality_init(quality_ctl *q, quality_mode mode, double target_fps)
{
    memset(q, 0, sizeof *q);
    const quality_tier *t = quality_tier_of(mode);
    q->mode = mode;
    q->target_dt = target_fps >= 1.0 ? 1.0 / target_fps : 1.0 / 60.0;
    q->scale = q->want_scale = t->scale;
    q->particles = q->want_particles = (float)t->particles;
    q->ema = q->ema_interval = q->target_dt;
    q->late_since = q->fast_since = -1.0;
    q->last_step = -1e9;
    q->last_down = -1e9;
    q->max_particles = MAX_PARTICLES;
    q->settle_n = -1; /* the first frame compiles shaders */
    q->budget = 1.0f;
    q->pace_dt = q->target_dt;
}

void quality_set_min_fps(quality_ctl *q, double min_fps)
{
    q->max_pace = min_fps > 0.0 && 1.0 / min_fps > q->target_dt ? 1.0 / min_fps : 0.0;
    q->pace_dt = q->target_dt;
}

double quality_pace(const quality_ctl *q) { return q->pace_dt; }

static int at_floor(const quality_ctl *q)
{
    return q->want_scale <= MIN_SCALE + 1e-3f && q->want_particles <= MIN_PARTICLES * 2.0f;
}

void quality_start_from(quality_ctl *q, quality_mode tier)
{
    if (q->mode != QUALITY_AUTO)
        return;
    const quality_tier *t = quality_tier_of(tier);
    q->scale = q->want_scale = t->scale;
    q->particles = q->want_particles = (float)t->particles;
}

void quality_set_particles(quality_ctl *q, int n)
{
    if (n <= 0)
        return;
    float v = (float)n < MIN_PARTICLES ? MIN_PARTICLES : (float)n;
    q->particles = q->want_particles = q->max_particles = v > MAX_PARTICLES ? MAX_PARTICLES : v;
}

static float clampf(float x, float lo, float hi) { return x < lo ? lo : x > hi ? hi : x; }

void quality_set_budget(quality_ctl *q, float share)
{
    q->budget = clampf(share, 0.1f, 1.0f);
}

static float lesser(float a, float b) { return a < b ? a : b; }

static void step_down(quality_ctl *q)
{
    /* Resolution first down to 50%, then particles, then resolution again. */
    if (q->want_scale > 0.5f + 1e-3f)
        q->want_scale = clampf(q->want_scale - 0.15f, 0.5f, MAX_SCALE);
    else if (q->want_particles > MIN_PARTICLES * 2.0f)
        q->want_particles = clampf(q->want_particles * 0.6f, MIN_PARTICLES, MAX_PARTICLES);
    else
        q->want_scale = clampf(q->want_scale - 0.1f, MIN_SCALE, MAX_SCALE);
}

static void step_up(quality_ctl *q)
{
    if (q->want_scale < 0.5f - 1e-3f)
        q->want_scale = clampf(q->want_scale + 0.1f, MIN_SCALE, 0.5f);
    else if (q->want_particles < lesser(16000.0f, q->max_particles))
        q->want_particles = clampf(q->want_particles * 1.5f, MIN_PARTICLES,
                                   lesser(16000.0f, q->max_particles));
    else if (q->want_scale < MAX_SCALE - 1e-3f)
        q->want_scale = clampf(q->want_scale + 0.1f, MIN_SCALE, MAX_SCALE);
    else
        q->want_particles = clampf(q->want_particles * 1.5f, MIN_PARTICLES, q->max_particles);
}

/* In the dark: every few frames, one step down at once if the frames are
 * late. The first frame after a change is not measured (targets are made
 * again), and the median of the rest is, so one frame that compiled a
 * shader does not count as the level's cost. */
#define SETTLE_FRAMES 3

static double median3(const double *v)
{
    double a = v[0], b = v[1], c = v[2];
    return a > b ? (b > c ? b : a > c ? c : a) : (a > c ? a : b > c ? c : b);
}

static void settle(quality_ctl *q, double now, double cost)
{
    if (q->settle_n < 0) {
        q->settle_n = 0;
        return;
    }
    q->settle[q->settle_n++] = cost;
    if (q->settle_n < SETTLE_FRAMES)
        return;
    q->settle_n = 0;
    if (median3(q->settle) <= q->target_dt * q->budget * 1.10 || at_floor(q))
        return;
    step_down(q);
    q->scale = q->want_scale;
    q->particles = q->want_particles;
    q->settle_n = -1;
    q->last_down = now;
    q->late_since = q->fast_since = -1.0;
    q->ema = q->ema_interval = q->target_dt; /* the old level's figures say nothing now */
}

void quality_update(quality_ctl *q, double now, double interval, double cost, int dark)
{
    if (!(interval > 0.0) || interval > 1.0 || !(cost >= 0.0) || cost > 1.0)
        return; /* a stall (seek, window move) says nothing about steady cost */
    if (dark) {
        if (q->mode == QUALITY_AUTO)
            settle(q, now, cost);
        return;
    }
    q->settle_n = -1;
    q->ema += (cost - q->ema) * 0.1;
    q->ema_interval += (interval - q->ema_interval) * 0.1;
    if (q->mode == QUALITY_AUTO) {
        /* Up only with clear headroom, and not soon after coming down: a
         * level that was too slow a moment ago is likely to be again, and
         * every change costs a few uneven frames. */
        double budget = q->target_dt * q->budget;
        /* At the lowest quality and still over budget, the frame rate gives
         * way (where allowed): frames come as often as the budget allows. */
        if (q->max_pace > 0.0) {
            double want = at_floor(q) ? q->ema / q->budget : q->target_dt;
            q->pace_dt = want < q->target_dt ? q->target_dt : want > q->max_pace ? q->max_pace : want;
        }
        int late = q->ema > budget * 1.10 || q->ema_interval > q->pace_dt * 1.10;
        int fast = q->ema < budget * 0.65 && now - q->last_down > 30.0;
        q->late_since = late ? (q->late_since < 0 ? now : q->late_since) : -1.0;
        q->fast_since = fast ? (q->fast_since < 0 ? now : q->fast_since) : -1.0;
        int ramping = q->scale != q->want_scale || q->particles != q->want_particles;
        if (!ramping && q->late_since >= 0 && now - q->late_since > 1.0) {
            step_down(q);
            q->late_since = now;
            q->last_down = now;
        } else if (!ramping && q->fast_since >= 0 && now - q->fast_since > 4.0) {
            step_up(q);
            q->fast_since = now;
        }
    }
    /* Ramps: small steps at a steady pace. */
    if (now - q->last_step >= STEP_INTERVAL) {
        if (q->scale != q->want_scale) {
            float d = q->want_scale - q->scale;
            q->scale = (d > SCALE_STEP) ? q->scale + SCALE_STEP
                       : (d < -SCALE_STEP) ? q->scale - SCALE_STEP : q->want_scale;
        }
        q->last_step = now;
    }
    /* Particles move continuously; the renderer fades the top of the range
     * so a particle leaves or joins gradually. */
    if (q->particles != q->want_particles) {
        float max_move = q->particles * PARTICLE_RATE * (float)interval;
        float d = q->want_particles - q->particles;
        q->particles = d > max_move ? q->particles + max_move
                       : d < -max_move ? q->particles - max_move : q->want_particles;
    }
}

const char *quality_describe(const quality_ctl *q, char *buf, int size)
{
    static const char *const names[] = {"auto", "low", "medium", "high"};
    snprintf(buf, (size_t)size, "%s %.2fx %d particles", names[q->mode], q->scale, (int)q->particles);
    return buf;
}
