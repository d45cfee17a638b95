/* Unit tests for the session clock, against a fake audio device.
 *
 * The fake device plays at a steady rate (optionally drifting against the
 * host clock) and asks for chunks (1024 or 2048 frames) whenever its queue
 * falls to `latency` frames; each callback runs late by a random amount
 * (jitter, occasional long stalls), and the first ones come in a prefill
 * burst. What the clock sees is what the post-mix callback of the real player
 * reports: frames handed over since the segment started, the host time of the
 * callback, the nominal rate and the latency. The truth the clock is held to
 * is the position the fake device has actually played. Frames come at 60 Hz
 * with a little jitter of their own. */
#include "check.h"
#include "time/clock.h"

#include <stdint.h>

#define FRAME (1.0 / 60.0)
#define SETTLE 0.5

/* ---- fake device ---------------------------------------------------- */

typedef struct fake_dev {
    double rate;        /* nominal Hz, reported */
    double drift;       /* device speed against the host clock (1 = exact) */
    int64_t latency;    /* frames queued after each callback */
    int chunk_a, chunk_b; /* chunk sizes; each callback picks one */
    double jitter;      /* each callback is late by up to this much */
    double stall_p;     /* probability of a long stall (30 ms) */
    uint32_t rng;

    int alive;
    double t0;          /* host time device frame 0 is audible */
    int64_t delivered;  /* device frames handed over */
    int next_chunk;
    double next_cb;     /* host time of the next callback */

    int seg_active;
    double origin;
    int64_t seg_start;  /* device frame where the segment begins */
    int64_t seg_frames;
    int have;           /* a sample exists for this segment */
    clock_audio_sample sample;
} fake_dev;

static double urand(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return (double)(*s >> 8) / 16777216.0;
}

static void schedule(fake_dev *d, double after)
{
    d->next_chunk = urand(&d->rng) < 0.5 ? d->chunk_a : d->chunk_b;
    double nominal =
        d->t0 + (double)(d->delivered + d->next_chunk - d->latency) / (d->rate * d->drift);
    double late = d->jitter * urand(&d->rng);
    if (urand(&d->rng) < d->stall_p)
        late += 0.030;
    d->next_cb = (nominal > after ? nominal : after) + late;
}

static void dev_open(fake_dev *d, double host)
{
    d->alive = 1;
    d->t0 = host;
    d->delivered = 0;
    d->seg_active = 0;
    d->have = 0;
    schedule(d, host);
}

static void dev_lose(fake_dev *d)
{
    d->alive = 0;
    d->seg_active = 0;
    d->have = 0;
}

/* Play (or seek, or resume) from `origin` at host time `host`: the next
 * chunk handed over is the segment's first. Like the real player, it reports
 * "no frames yet" at once, so the clock knows the sound is on its way. */
static void dev_start(fake_dev *d, double origin, double host)
{
    d->seg_active = 1;
    d->origin = origin;
    d->seg_start = d->delivered;
    d->seg_frames = 0;
    d->sample = (clock_audio_sample){.origin = origin,
                                     .frames = 0,
                                     .host_time = host,
                                     .rate = d->rate,
                                     .latency = (double)d->latency / d->rate};
    d->have = 1;
}

static void dev_stop(fake_dev *d)
{
    d->seg_active = 0;
    d->have = 0;
}

static void dev_run_until(fake_dev *d, double host)
{
    while (d->alive && d->next_cb <= host) {
        double at = d->next_cb;
        d->delivered += d->next_chunk;
        if (d->seg_active) {
            d->seg_frames += d->next_chunk;
            d->sample = (clock_audio_sample){.origin = d->origin,
                                             .frames = d->seg_frames,
                                             .host_time = at,
                                             .rate = d->rate,
                                             .latency = (double)d->latency / d->rate};
            d->have = 1;
        }
        schedule(d, at);
    }
}

/* Session position the device has actually played at host time t. */
static double dev_truth(const fake_dev *d, double t)
{
    double played = (t - d->t0) * d->rate * d->drift;
    double into = played - (double)d->seg_start;
    return d->origin + (into > 0 ? into / d->rate : 0.0);
}

static fake_dev dev_make(double rate, int chunk_a, int chunk_b, int64_t latency, double jitter,
                         uint32_t seed)
{
    fake_dev d = {0};
    d.rate = rate;
    d.drift = 1.0;
    d.chunk_a = chunk_a;
    d.chunk_b = chunk_b;
    d.latency = latency;
    d.jitter = jitter;
    d.rng = seed ? seed : 1;
    return d;
}

/* ---- 60 Hz frame loop ---------------------------------------------- */

typedef struct sim {
    ws_clock *clk;
    fake_dev *dev;
    double t;          /* host time of the current frame */
    double prev;       /* clock value at the previous frame */
    double prev_t;
    int first;
    double settle_at;  /* errors count from this host time on */
    uint32_t rng;
    unsigned events;   /* OR of every event seen */
    /* what the frames showed */
    int backwards;
    double max_step_ratio; /* step / elapsed time */
    double max_err;
    double lo_ratio, hi_ratio; /* step / elapsed range over measured frames */
    int tracked;       /* frames whose error was measured */
} sim;

static void sim_init(sim *s, fake_dev *d, double start, double host)
{
    *s = (sim){0};
    s->dev = d;
    s->t = host;
    s->clk = clock_create(start, host);
    s->first = 1;
    s->settle_at = host + SETTLE;
    s->rng = 12345;
}

/* Runs n frames; `track` measures the error against the device. */
static void sim_frames(sim *s, int n, int track)
{
    for (int i = 0; i < n; i++) {
        s->t += FRAME + 0.001 * (urand(&s->rng) - 0.5);
        dev_run_until(s->dev, s->t);
        const clock_audio_sample *a = s->dev->have ? &s->dev->sample : NULL;
        s->events |= clock_update(s->clk, s->t, a);
        double v = clock_now(s->clk, s->t);
        if (!s->first) {
            double step = v - s->prev;
            if (step < 0)
                s->backwards++;
            double ratio = step / (s->t - s->prev_t);
            if (ratio > s->max_step_ratio)
                s->max_step_ratio = ratio;
        }
        if (track && s->t >= s->settle_at) {
            double ratio = (v - s->prev) / (s->t - s->prev_t);
            if (s->tracked == 0 || ratio < s->lo_ratio)
                s->lo_ratio = ratio;
            if (s->tracked == 0 || ratio > s->hi_ratio)
                s->hi_ratio = ratio;
            double err = fabs(v - dev_truth(s->dev, s->t));
            if (err > s->max_err)
                s->max_err = err;
            s->tracked++;
        }
        s->first = 0;
        s->prev = v;
        s->prev_t = s->t;
    }
}

static int secs(double s)
{
    return (int)(s * 60.0 + 0.5);
}

static void sim_seek(sim *s, double to)
{
    dev_start(s->dev, to, s->t);
    clock_seek(s->clk, to, s->t);
    s->prev = clock_now(s->clk, s->t);
    s->settle_at = s->t + SETTLE;
}

static void sim_check_smooth(const sim *s)
{
    CHECK(s->backwards == 0);
    CHECK(s->max_step_ratio <= 1.0 + CLOCK_SLEW + 1e-9);
}

/* Plays `minutes` of narration on `d` from session time `start`. */
static void play_and_check(fake_dev *d, double start, double minutes)
{
    sim s;
    dev_open(d, 1000.0);
    sim_init(&s, d, start, 1000.0);
    dev_start(d, start, s.t);
    sim_frames(&s, secs(minutes * 60.0), 1);
    sim_check_smooth(&s);
    CHECK(s.tracked > 0);
    CHECK(s.max_err <= FRAME);
    /* never jitters: once settled, the speed stays within 2.5% of real time */
    CHECK(s.lo_ratio >= 0.975 && s.hi_ratio <= 1.025);
    CHECK(clock_get_source(s.clk) == CLOCK_SOURCE_AUDIO);
    CHECK(s.events & CLOCK_EV_AUDIO_LOCKED);
    CHECK(!(s.events & (CLOCK_EV_SNAPPED | CLOCK_EV_HOLDING | CLOCK_EV_AUDIO_LOST)));
    printf("     %.0f Hz chunks %d/%d latency %lld jitter %.1f ms: max error %.2f ms, "
           "rate %.4f..%.4f\n",
           d->rate, d->chunk_a, d->chunk_b, (long long)d->latency, d->jitter * 1e3,
           s.max_err * 1e3, s.lo_ratio, s.hi_ratio);
    clock_destroy(s.clk);
}

/* ---- tests ---------------------------------------------------------- */

TEST(test_clock_tracks_chunky_audio_within_a_frame)
{
    fake_dev d = dev_make(48000, 1024, 1024, 2048, 0.004, 7);
    play_and_check(&d, 0.0, 3.0);
    d = dev_make(48000, 1024, 2048, 3072, 0.006, 11);
    play_and_check(&d, 12.5, 3.0);
    d = dev_make(44100, 2048, 2048, 4096, 0.008, 13);
    play_and_check(&d, 0.0, 3.0);
}

TEST(test_clock_tracks_a_drifting_device)
{
    fake_dev d = dev_make(48000, 1024, 2048, 2048, 0.004, 17);
    d.drift = 1.0003; /* 300 ppm fast against the host */
    play_and_check(&d, 0.0, 5.0);
    d = dev_make(48000, 1024, 2048, 2048, 0.004, 19);
    d.drift = 0.9997;
    play_and_check(&d, 0.0, 5.0);
}

TEST(test_clock_never_runs_backwards)
{
    /* Rough device: big chunks, large jitter and stalls that starve it. */
    fake_dev d = dev_make(44100, 2048, 1024, 2048, 0.015, 23);
    d.stall_p = 0.05;
    sim s;
    dev_open(&d, 50.0);
    sim_init(&s, &d, 0.0, 50.0);
    dev_start(&d, 0.0, s.t);
    sim_frames(&s, secs(240), 0);
    sim_check_smooth(&s);
    clock_destroy(s.clk);
}

TEST(test_clock_tracks_late_callbacks_within_a_frame)
{
    /* Callbacks late by up to 10 ms, and one in ten stalls a further 30 ms. */
    fake_dev d = dev_make(48000, 1024, 2048, 4096, 0.010, 29);
    d.stall_p = 0.1;
    play_and_check(&d, 0.0, 3.0);
}

TEST(test_clock_waits_for_the_sound_after_start)
{
    /* The device has been playing silence for a second when the narration
     * starts, so its first chunk is heard 170 ms later: the clock must not
     * run ahead meanwhile. */
    fake_dev d = dev_make(48000, 2048, 2048, 8192, 0.002, 31);
    sim s;
    dev_open(&d, 10.0);
    dev_run_until(&d, 11.0);
    sim_init(&s, &d, 0.0, 11.0);
    dev_start(&d, 0.0, s.t);
    for (int i = 0; i < secs(0.4); i++) {
        sim_frames(&s, 1, 0);
        double v = clock_now(s.clk, s.t);
        CHECK(v >= 0.0);
        CHECK(v - dev_truth(&d, s.t) <= FRAME);
    }
    sim_frames(&s, secs(20), 1);
    sim_check_smooth(&s);
    CHECK(s.max_err <= FRAME);
    CHECK(!(s.events & (CLOCK_EV_SNAPPED | CLOCK_EV_HOLDING)));
    clock_destroy(s.clk);
}

TEST(test_clock_pause_stands_still_and_resume_tracks)
{
    fake_dev d = dev_make(48000, 1024, 2048, 2048, 0.004, 37);
    sim s;
    dev_open(&d, 0.0);
    sim_init(&s, &d, 0.0, 0.0);
    dev_start(&d, 0.0, s.t);
    sim_frames(&s, secs(20), 1);

    clock_pause(s.clk, s.t);
    dev_stop(&d); /* the player pauses the music: no samples */
    double held = clock_now(s.clk, s.t);
    CHECK(clock_paused(s.clk));
    sim_frames(&s, secs(3), 0);
    CHECK_NEAR(clock_now(s.clk, s.t), held, 0.0);
    clock_pause(s.clk, s.t); /* idempotent */

    /* The player resumes by re-seeking the music to the clock. */
    clock_resume(s.clk, s.t);
    clock_resume(s.clk, s.t);
    CHECK(!clock_paused(s.clk));
    dev_start(&d, held, s.t);
    s.settle_at = s.t + SETTLE;
    sim_frames(&s, secs(30), 1);
    sim_check_smooth(&s);
    CHECK(s.max_err <= FRAME);
    CHECK(clock_now(s.clk, s.t) > held + 29.0);
    clock_destroy(s.clk);
}

TEST(test_clock_seek_jumps_once_then_tracks)
{
    fake_dev d = dev_make(48000, 1024, 2048, 3072, 0.005, 41);
    sim s;
    dev_open(&d, 0.0);
    sim_init(&s, &d, 0.0, 0.0);
    dev_start(&d, 0.0, s.t);
    sim_frames(&s, secs(30), 1);

    sim_seek(&s, 100.0); /* forward */
    CHECK_NEAR(clock_now(s.clk, s.t), 100.0, 1e-12);
    sim_frames(&s, secs(20), 1);
    sim_seek(&s, 40.0); /* and back: the one time the clock may go back */
    CHECK_NEAR(clock_now(s.clk, s.t), 40.0, 1e-12);
    sim_frames(&s, secs(20), 1);

    sim_check_smooth(&s);
    CHECK(s.max_err <= FRAME);
    CHECK(!(s.events & (CLOCK_EV_SNAPPED | CLOCK_EV_HOLDING | CLOCK_EV_AUDIO_LOST)));
    clock_destroy(s.clk);
}

TEST(test_clock_ignores_samples_from_before_a_seek)
{
    ws_clock *c = clock_create(0.0, 0.0);
    clock_audio_sample old = {.origin = 0.0, .frames = 48000 * 60, .host_time = 60.0,
                              .rate = 48000, .latency = 0.04};
    clock_update(c, 60.0, &old);
    clock_seek(c, 5.0, 60.01);
    old.host_time = 60.005; /* counted before the seek: stale */
    unsigned ev = clock_update(c, 60.02, &old);
    CHECK(!(ev & CLOCK_EV_SNAPPED));
    CHECK_NEAR(clock_now(c, 60.02), 5.01, 1e-9);
    clock_destroy(c);
}

TEST(test_clock_wall_fallback_when_audio_lost)
{
    fake_dev d = dev_make(48000, 1024, 2048, 2048, 0.004, 43);
    sim s;
    dev_open(&d, 0.0);
    sim_init(&s, &d, 0.0, 0.0);
    dev_start(&d, 0.0, s.t);
    sim_frames(&s, secs(40), 1);
    CHECK(clock_get_source(s.clk) == CLOCK_SOURCE_AUDIO);

    /* Device removed: no callbacks, the player reports nothing. */
    dev_lose(&d);
    double v0 = clock_now(s.clk, s.t), t0 = s.t;
    s.events = 0;
    sim_frames(&s, secs(10), 0);
    CHECK(s.events & CLOCK_EV_AUDIO_LOST);
    CHECK(clock_get_source(s.clk) == CLOCK_SOURCE_MONO);
    CHECK_NEAR(clock_now(s.clk, s.t) - v0, s.t - t0, 1e-9); /* wall speed */

    /* Reopened: the player seeks the narration to the clock. */
    dev_open(&d, s.t);
    dev_start(&d, clock_now(s.clk, s.t), s.t);
    s.settle_at = s.t + SETTLE;
    s.events = 0;
    sim_frames(&s, secs(30), 1);
    CHECK(s.events & CLOCK_EV_AUDIO_LOCKED);
    CHECK(!(s.events & (CLOCK_EV_SNAPPED | CLOCK_EV_HOLDING)));
    CHECK(clock_get_source(s.clk) == CLOCK_SOURCE_AUDIO);
    sim_check_smooth(&s);
    CHECK(s.max_err <= FRAME);
    clock_destroy(s.clk);
}

TEST(test_clock_waits_when_audio_restarts_behind)
{
    /* The device is reopened behind the clock's back (a removal handled by
     * the player): the narration restarts where the clock was when the
     * reopen began, 80 ms ago. The clock must wait for it, not slew for
     * seconds. */
    fake_dev d = dev_make(48000, 1024, 2048, 2048, 0.004, 59);
    sim s;
    dev_open(&d, 0.0);
    sim_init(&s, &d, 0.0, 0.0);
    dev_start(&d, 0.0, s.t);
    sim_frames(&s, secs(20), 1);
    double v = clock_now(s.clk, s.t);
    dev_lose(&d);
    sim_frames(&s, 5, 0);
    dev_open(&d, s.t);
    dev_start(&d, v, s.t);
    s.settle_at = s.t + SETTLE;
    s.events = 0;
    sim_frames(&s, secs(20), 1);
    sim_check_smooth(&s);
    CHECK(s.max_err <= FRAME);
    CHECK(!(s.events & (CLOCK_EV_SNAPPED | CLOCK_EV_HOLDING)));
    clock_destroy(s.clk);
}

TEST(test_clock_stale_sample_counts_as_no_audio)
{
    ws_clock *c = clock_create(0.0, 0.0);
    clock_audio_sample a = {.origin = 0.0, .frames = 4800, .host_time = 0.1, .rate = 48000,
                            .latency = 0.0};
    clock_update(c, 0.1, &a);
    CHECK(clock_get_source(c) == CLOCK_SOURCE_AUDIO);
    /* The same reading, long after: the callback stopped. */
    unsigned ev = 0;
    for (int i = 1; i <= 60; i++)
        ev |= clock_update(c, 0.1 + i * FRAME, &a);
    CHECK(ev & CLOCK_EV_AUDIO_LOST);
    CHECK(clock_get_source(c) == CLOCK_SOURCE_MONO);
    CHECK_NEAR(clock_now(c, 1.1), 1.1, 0.02);
    clock_destroy(c);
}

TEST(test_clock_runs_on_monotonic_without_audio)
{
    ws_clock *c = clock_create(30.0, 500.0);
    CHECK(clock_get_source(c) == CLOCK_SOURCE_MONO);
    for (int i = 1; i <= 600; i++)
        CHECK(clock_update(c, 500.0 + i * FRAME, NULL) == 0);
    CHECK_NEAR(clock_now(c, 510.0), 40.0, 1e-9);
    CHECK_NEAR(clock_now(c, 510.0), 40.0, 1e-9); /* reading twice moves nothing */
    CHECK_NEAR(clock_now(c, 509.0), 40.0, 1e-9); /* time going back: nothing elapsed */
    CHECK_NEAR(clock_now(c, 511.0), 41.0, 1e-9);
    clock_pause(c, 511.0);
    CHECK_NEAR(clock_now(c, 520.0), 41.0, 1e-9);
    clock_resume(c, 520.0);
    CHECK_NEAR(clock_now(c, 521.0), 42.0, 1e-9);
    clock_destroy(c);
}

TEST(test_clock_rate_accelerates_the_monotonic_source)
{
    ws_clock *c = clock_create(0.0, 0.0);
    clock_set_rate(c, 10.0, 1.0);
    CHECK_NEAR(clock_now(c, 2.0), 11.0, 1e-9);
    clock_set_rate(c, 0.0, 2.0);   /* ignored */
    clock_set_rate(c, NAN, 2.0);   /* ignored */
    CHECK_NEAR(clock_now(c, 3.0), 21.0, 1e-9);
    clock_set_rate(c, 1.0, 3.0);
    CHECK_NEAR(clock_now(c, 4.0), 22.0, 1e-9);
    clock_destroy(c);
}

TEST(test_clock_snaps_forward_when_audio_far_ahead)
{
    fake_dev d = dev_make(48000, 1024, 1024, 2048, 0.003, 47);
    sim s;
    dev_open(&d, 0.0);
    sim_init(&s, &d, 0.0, 0.0);
    dev_start(&d, 0.0, s.t);
    sim_frames(&s, secs(10), 1);
    /* The music jumps 2 s ahead without the clock being told. */
    dev_start(&d, clock_now(s.clk, s.t) + 2.0, s.t);
    s.events = 0;
    s.settle_at = s.t + 1.0;
    sim_frames(&s, secs(10), 1);
    CHECK(s.events & CLOCK_EV_SNAPPED);
    CHECK(s.backwards == 0);
    CHECK(s.max_err <= FRAME);
    clock_destroy(s.clk);
}

TEST(test_clock_holds_when_audio_far_behind)
{
    fake_dev d = dev_make(48000, 1024, 1024, 2048, 0.003, 53);
    sim s;
    dev_open(&d, 0.0);
    sim_init(&s, &d, 0.0, 0.0);
    dev_start(&d, 0.0, s.t);
    sim_frames(&s, secs(10), 1);
    /* The music restarts 1 s behind the clock: hold, never go back. */
    double v = clock_now(s.clk, s.t);
    dev_start(&d, v - 1.0, s.t);
    s.events = 0;
    sim_frames(&s, secs(0.5), 0);
    CHECK(s.events & CLOCK_EV_HOLDING);
    CHECK(clock_now(s.clk, s.t) < v + 0.2);
    s.settle_at = s.t + 1.5;
    sim_frames(&s, secs(10), 1);
    sim_check_smooth(&s);
    CHECK(s.max_err <= FRAME);
    clock_destroy(s.clk);
}

TEST(test_clock_rejects_nonsense_samples)
{
    ws_clock *c = clock_create(0.0, 0.0);
    clock_audio_sample bad = {.origin = 0.0, .frames = 100, .host_time = 0.01, .rate = 0.0};
    clock_update(c, 0.02, &bad);
    bad.rate = 48000;
    bad.latency = NAN;
    clock_update(c, 0.03, &bad);
    bad.latency = 0;
    bad.frames = -5;
    clock_update(c, 0.04, &bad);
    CHECK(clock_get_source(c) == CLOCK_SOURCE_MONO);
    CHECK_NEAR(clock_now(c, 0.04), 0.04, 1e-12);
    clock_destroy(NULL);
    clock_destroy(c);
}

int main(void)
{
    RUN(test_clock_tracks_chunky_audio_within_a_frame);
    RUN(test_clock_tracks_a_drifting_device);
    RUN(test_clock_never_runs_backwards);
    RUN(test_clock_tracks_late_callbacks_within_a_frame);
    RUN(test_clock_waits_for_the_sound_after_start);
    RUN(test_clock_pause_stands_still_and_resume_tracks);
    RUN(test_clock_seek_jumps_once_then_tracks);
    RUN(test_clock_ignores_samples_from_before_a_seek);
    RUN(test_clock_wall_fallback_when_audio_lost);
    RUN(test_clock_waits_when_audio_restarts_behind);
    RUN(test_clock_stale_sample_counts_as_no_audio);
    RUN(test_clock_runs_on_monotonic_without_audio);
    RUN(test_clock_rate_accelerates_the_monotonic_source);
    RUN(test_clock_snaps_forward_when_audio_far_ahead);
    RUN(test_clock_holds_when_audio_far_behind);
    RUN(test_clock_rejects_nonsense_samples);
    return check_done();
}
