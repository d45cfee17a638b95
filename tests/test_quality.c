/* Unit tests: the adaptive quality controller. */
#include "check.h"
#include "quality.h"

/* Feeds `seconds` of frames whose cost follows cost(scale, particles). */
static double run(quality_ctl *q, double t0, double seconds, double base_ms, float *max_jump)
{
    double t = t0;
    float prev = q->scale;
    while (t < t0 + seconds) {
        /* A frame costs base_ms at scale 1 with 16k particles; pixels scale with scale^2. */
        double dt = base_ms / 1000.0 * (0.2 + 0.6 * q->scale * q->scale + 0.2 * q->particles / 16000.0);
        quality_update(q, t, dt);
        float jump = q->scale > prev ? q->scale - prev : prev - q->scale;
        if (max_jump && jump > *max_jump)
            *max_jump = jump;
        prev = q->scale;
        t += dt;
    }
    return t;
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
    quality_update(&q, 1.0, 5.0); /* a 5 s stall: a seek or a window move */
    CHECK(q.ema == ema);
}

int main(void)
{
    RUN(test_quality_comes_down_on_slow_hardware);
    RUN(test_quality_goes_up_with_headroom_but_not_instantly);
    RUN(test_quality_fixed_tiers_do_not_move);
    RUN(test_quality_ignores_stalls);
    return check_done();
}
