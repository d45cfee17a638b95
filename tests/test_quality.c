/* Unit tests: the adaptive quality controller. */
#include "check.h"
#include "video/quality.h"

#include <math.h>

/* A frame costs base_ms at scale 1 with 16k particles; pixels scale with scale^2. */
static double cost_of(const quality_ctl *q, double base_ms)
{
    return base_ms / 1000.0 * (0.2 + 0.6 * q->scale * q->scale + 0.2 * q->particles / 16000.0);
}

/* Feeds `seconds` of frames whose cost follows cost_of (no vsync: the
 * interval is the cost); `dark` as the session's fade-in gives it. */
static double run_lit(quality_ctl *q, double t0, double seconds, double base_ms, float *max_jump,
                      int dark)
{
    double t = t0;
    float prev = q->scale;
    while (t < t0 + seconds) {
        double dt = cost_of(q, base_ms);
        quality_update(q, t, dt, dt, dark);
        float jump = q->scale > prev ? q->scale - prev : prev - q->scale;
        if (max_jump && jump > *max_jump)
            *max_jump = jump;
        prev = q->scale;
        t += dt;
    }
    return t;
}

static double run(quality_ctl *q, double t0, double seconds, double base_ms, float *max_jump)
{
    return run_lit(q, t0, seconds, base_ms, max_jump, 0);
}

/* Frames shown at a display's refresh: the interval is a whole number of
 * refresh periods, whatever the frame cost. */
static void run_vsync(quality_ctl *q, double t0, double seconds, double hz, double base_ms)
{
    for (double t = t0; t < t0 + seconds;) {
        double cost = cost_of(q, base_ms), interval = ceil(cost * hz - 1e-9) / hz;
        quality_update(q, t, interval, cost, 0);
        t += interval;
    }
}

TEST(test_quality_comes_down_on_slow_hardware)
{
    quality_ctl q;
    quality_init(&q, QUALITY_AUTO, 50.0);
    float jump = 0.0f;
    run(&q, 0.0, 30.0, 60.0, &jump); /* 60 ms per frame at full quality: far too slow */
    CHECK(q.scale <= 0.5f);
    CHECK(q.ema < 1.0 / 50.0 * 1.15 || q.scale <= 0.36f);
    CHECK(jump <= 0.05f + 1e-6f); /* ramped in small steps */
}

TEST(test_quality_goes_up_with_headroom_but_not_instantly)
{
    quality_ctl q;
    quality_init(&q, QUALITY_AUTO, 60.0);
    float start = q.scale;
    run(&q, 0.0, 2.0, 2.0, NULL); /* 2 ms frames: lots of headroom */
    CHECK(q.scale == start);      /* hysteresis: not within 2 s */
    run(&q, 2.0, 60.0, 2.0, NULL);
    CHECK(q.scale > start);
    CHECK(q.particles > 16000.0f);
}

TEST(test_quality_fixed_tiers_do_not_move)
{
    quality_ctl q;
    quality_init(&q, QUALITY_LOW, 60.0);
    run(&q, 0.0, 20.0, 80.0, NULL);
    CHECK_NEAR(q.scale, 0.5, 1e-6);
    CHECK_NEAR(q.particles, 8000, 1e-3);
    quality_mode m;
    CHECK(quality_parse("high", &m) == 0 && m == QUALITY_HIGH);
    CHECK(quality_parse("ultra", &m) < 0);
}

TEST(test_quality_ignores_stalls)
{
    quality_ctl q;
    quality_init(&q, QUALITY_AUTO, 60.0);
    double ema = q.ema;
    quality_update(&q, 1.0, 5.0, 5.0, 0); /* a 5 s stall: a seek or a window move */
    CHECK(q.ema == ema);
}

TEST(test_quality_settles_fast_in_the_dark)
{
    /* The session fades in from black: within its first second and a half
     * a slow machine gets to a level it can hold, in unramped steps nobody
     * can see, instead of ramping down for ten seconds in full view. */
    quality_ctl q;
    quality_init(&q, QUALITY_AUTO, 60.0);
    double t = run_lit(&q, 0.0, 1.5, 60.0, NULL, 1);
    CHECK(q.scale <= 0.36f);
    CHECK(q.particles <= 6000.0f);
    CHECK(q.scale == q.want_scale && q.particles == q.want_particles); /* no ramp left */
    /* One slow frame (a shader compiled at first use) among cheap ones is
     * not a reason to come down. */
    quality_ctl r;
    quality_init(&r, QUALITY_AUTO, 60.0);
    double costs[] = {0.2, 0.3, 0.005, 0.005, 0.3, 0.005, 0.005};
    for (int i = 0; i < 7; i++)
        quality_update(&r, 0.1 * i, costs[i], costs[i], 1);
    CHECK(r.scale == 0.7f && r.particles == 16000.0f);
    /* Once lit, it holds that level: no step up while frames are late. */
    float settled = q.scale;
    run(&q, t, 10.0, 60.0, NULL);
    CHECK(q.scale <= settled + 1e-6f);
}

TEST(test_quality_never_goes_up_in_the_dark)
{
    quality_ctl q;
    quality_init(&q, QUALITY_AUTO, 60.0);
    float start = q.scale, particles = q.particles;
    run_lit(&q, 0.0, 30.0, 1.0, NULL, 1); /* 1 ms frames, but dark: cheaper than the scene */
    CHECK(q.scale == start && q.particles == particles);
    /* A fixed tier does not move in the dark either. */
    quality_init(&q, QUALITY_HIGH, 60.0);
    run_lit(&q, 0.0, 5.0, 500.0, NULL, 1);
    CHECK_NEAR(q.scale, 1.0, 1e-6);
}

TEST(test_quality_sees_headroom_behind_vsync)
{
    /* At 60 Hz every frame is shown 16.7 ms after the last, however cheap:
     * the cost (4 ms here) is what says there is room for more. */
    quality_ctl q;
    quality_init(&q, QUALITY_AUTO, 60.0);
    float start = q.scale;
    run_vsync(&q, 0.0, 60.0, 60.0, 4.0);
    CHECK(q.scale > start);
    CHECK(q.particles > 16000.0f);
    CHECK(q.ema < 1.0 / 60.0); /* and still holding the refresh */
}

TEST(test_quality_comes_down_when_it_misses_the_refresh)
{
    /* 20 ms frames at 60 Hz are shown every other refresh (33 ms): late. */
    quality_ctl q;
    quality_init(&q, QUALITY_AUTO, 60.0);
    float start = q.scale;
    run_vsync(&q, 0.0, 20.0, 60.0, 40.0);
    CHECK(q.scale < start);
    CHECK(q.ema_interval < 1.0 / 60.0 * 1.2);
}

TEST(test_quality_budget_leaves_the_cpu_idle)
{
    /* Software GL at 60 Hz: with the whole frame to fill, auto quality
     * climbs until drawing takes most of the refresh; with half the frame
     * as its budget it stops at about half, and still holds 60 Hz. */
    quality_ctl full, half;
    quality_init(&full, QUALITY_AUTO, 60.0);
    quality_init(&half, QUALITY_AUTO, 60.0);
    quality_set_budget(&half, 0.5f);
    run_vsync(&full, 0.0, 120.0, 60.0, 14.0);
    run_vsync(&half, 0.0, 120.0, 60.0, 14.0);
    CHECK(full.ema > 1.0 / 60.0 * 0.6);
    CHECK(half.ema < 1.0 / 60.0 * 0.5 * 1.15);
    CHECK(half.ema_interval < 1.0 / 60.0 * 1.05);
    CHECK(half.scale < full.scale || half.particles < full.particles);
}

TEST(test_quality_auto_can_start_from_another_tier)
{
    quality_ctl q;
    quality_init(&q, QUALITY_AUTO, 60.0);
    quality_start_from(&q, QUALITY_LOW);
    CHECK_NEAR(q.scale, 0.5, 1e-6);
    CHECK_NEAR(q.particles, 8000, 1e-3);
    quality_set_particles(&q, 20000); /* --particles still wins */
    CHECK_NEAR(q.particles, 20000, 1e-3);
    run(&q, 0.0, 30.0, 2.0, NULL); /* and it still climbs with headroom */
    CHECK(q.scale > 0.5f);
    quality_init(&q, QUALITY_HIGH, 60.0); /* a fixed tier stays what it is */
    quality_start_from(&q, QUALITY_LOW);
    CHECK_NEAR(q.scale, 1.0, 1e-6);
}

/* Paced frames, as the player paces without vsync: the frame takes its cost,
 * then the player sleeps until the controller's pace is up; the interval
 * passed is the frame's own time (the player leaves its sleep out). */
static void run_paced(quality_ctl *q, double t0, double seconds, double base_ms)
{
    for (double t = t0; t < t0 + seconds;) {
        double cost = cost_of(q, base_ms);
        quality_update(q, t, cost, cost, 0);
        t += cost > quality_pace(q) ? cost : quality_pace(q);
    }
}

TEST(test_quality_frame_rate_gives_way_at_the_floor)
{
    /* A weak box: even the lowest quality costs about 13 ms, over half of a
     * 60 Hz frame (the cost model's floor, 30% and 4000-8000 particles, is
     * about a third of base). */
    quality_ctl q;
    quality_init(&q, QUALITY_AUTO, 60.0);
    quality_set_budget(&q, 0.5f);
    CHECK_NEAR(quality_pace(&q), 1.0 / 60.0, 1e-9); /* off: the target's pace */
    run_paced(&q, 0.0, 60.0, 70.0);
    CHECK_NEAR(quality_pace(&q), 1.0 / 60.0, 1e-9);
    quality_set_min_fps(&q, 30.0);
    run_paced(&q, 60.0, 30.0, 40.0);
    double floor_cost = cost_of(&q, 40.0);
    CHECK(q.scale < 0.36f);
    /* Frames come every cost / budget (drawing takes half of each), not
     * faster, and never slower than 30 fps. */
    CHECK_NEAR(quality_pace(&q), floor_cost / 0.5, 0.1 * floor_cost / 0.5);
    run_paced(&q, 90.0, 30.0, 200.0); /* far too weak: 30 fps at the least */
    CHECK_NEAR(quality_pace(&q), 1.0 / 30.0, 1e-9);
    run_paced(&q, 120.0, 60.0, 8.0); /* a strong box: back to 60, then quality up */
    CHECK_NEAR(quality_pace(&q), 1.0 / 60.0, 1e-9);
    CHECK(q.scale > 0.36f);
}

int main(void)
{
    RUN(test_quality_comes_down_on_slow_hardware);
    RUN(test_quality_goes_up_with_headroom_but_not_instantly);
    RUN(test_quality_fixed_tiers_do_not_move);
    RUN(test_quality_ignores_stalls);
    RUN(test_quality_settles_fast_in_the_dark);
    RUN(test_quality_never_goes_up_in_the_dark);
    RUN(test_quality_sees_headroom_behind_vsync);
    RUN(test_quality_comes_down_when_it_misses_the_refresh);
    RUN(test_quality_budget_leaves_the_cpu_idle);
    RUN(test_quality_auto_can_start_from_another_tier);
    RUN(test_quality_frame_rate_gives_way_at_the_floor);
    return check_done();
}
