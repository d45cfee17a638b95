/* clock: the session clock. See clock.h for the contract.
 *
 * Audio model: a sample says that at host time h the device had been handed
 * F frames of the segment that starts at `origin`, and that the last of them
 * reaches the speaker `latency` seconds later. So the sound heard at h is
 *   origin + F / rate - latency,
 * and, the device playing at a steady rate, "heard position minus host time"
 * is a constant offset per segment. Each new sample gives one estimate of
 * that offset; a late callback gives too low an estimate (the device drained
 * more than assumed), a burst (prefill) too high one. The upper quartile of
 * the last CLOCK_WINDOW seconds of estimates shrugs both off (see
 * window_offset), and the audio position
 * at any host time is then now + offset: no chunk steps, no callback jitter.
 * Before the segment's first frame is audible the position is held at origin
 * (the sound has not started). */
#include "time/clock.h"

#include <math.h>
#include <stdlib.h>

#define WINDOW_MAX 64 /* at 1024 frames / 48 kHz that is 1.4 s, > CLOCK_WINDOW */

struct ws_clock {
    double value;         /* session seconds at last_mono */
    double last_mono;     /* monotonic time value was computed for */
    double rate;          /* speed of the monotonic source */
    int paused;
    clock_source source;
    int acquiring;        /* may wait for the audio instead of slewing */
    int far_behind;       /* audio > CLOCK_SNAP behind (reported once) */
    double ignore_before; /* samples taken earlier than this are stale (seek/resume) */
    double audio_seen;    /* mono time of the last usable sample (or of a seek/resume) */
    unsigned pending;     /* CLOCK_EV_* not yet returned */

    int have_sample;      /* last sample given to clock_update, reused by clock_now */
    clock_audio_sample last;

    /* offsets of the current segment, oldest first in a ring */
    double off[WINDOW_MAX], host[WINDOW_MAX];
    int head, count;
    int seg_known;        /* seg_* describe the last sample seen */
    double seg_origin, seg_rate, seg_host;
    int64_t seg_frames;
};

static void window_clear(ws_clock *c)
{
    c->head = 0;
    c->count = 0;
}

static int sample_valid(const clock_audio_sample *s)
{
    return isfinite(s->origin) && isfinite(s->host_time) && isfinite(s->rate) &&
           s->rate > 0 && isfinite(s->latency) && s->latency >= 0 && s->frames >= 0;
}

/* Adds the sample's offset if it is new. A different origin or rate, or a
 * count or host time going back, starts a new segment (device reopened,
 * seek done behind the clock's back): the window restarts and 1 is
 * returned. */
static int window_add(ws_clock *c, const clock_audio_sample *s)
{
    int new_segment = 0;
    if (c->seg_known) {
        if (c->count > 0 && s->origin == c->seg_origin && s->rate == c->seg_rate &&
            s->frames == c->seg_frames && s->host_time == c->seg_host)
            return 0; /* the same reading again */
        if (s->origin != c->seg_origin || s->rate != c->seg_rate ||
            s->frames < c->seg_frames || s->host_time < c->seg_host) {
            window_clear(c);
            new_segment = 1;
        }
    }
    c->seg_known = 1;
    c->seg_origin = s->origin;
    c->seg_rate = s->rate;
    c->seg_frames = s->frames;
    c->seg_host = s->host_time;

    if (c->count == WINDOW_MAX) {
        c->head = (c->head + 1) % WINDOW_MAX;
        c->count--;
    }
    int at = (c->head + c->count) % WINDOW_MAX;
    c->off[at] = s->origin + (double)s->frames / s->rate - s->latency - s->host_time;
    c->host[at] = s->host_time;
    c->count++;
    while (c->count > 1 && c->host[c->head] < s->host_time - CLOCK_WINDOW) {
        c->head = (c->head + 1) % WINDOW_MAX;
        c->count--;
    }
    return new_segment;
}

/* The upper quartile of the window's offsets. Callbacks are far more often
 * late (scheduling, decoding before the post-mix) than early (a prefill
 * burst), so the estimate leans high, yet a burst under a quarter of the
 * window cannot move it. */
static double window_offset(const ws_clock *c)
{
    double v[WINDOW_MAX];
    int n = c->count;
    for (int i = 0; i < n; i++) {
        double x = c->off[(c->head + i) % WINDOW_MAX];
        int j = i;
        while (j > 0 && v[j - 1] > x) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = x;
    }
    return v[(3 * n) / 4];
}

/* Moves the clock from last_mono to mono, following `s` if it is usable. */
static void advance(ws_clock *c, double mono, const clock_audio_sample *s)
{
    double dt = mono - c->last_mono;
    if (!(dt > 0))
        dt = 0; /* time went back, or NaN: nothing elapsed */
    else
        c->last_mono = mono;
    if (c->paused)
        return;

    int usable = s && sample_valid(s) && s->host_time >= c->ignore_before &&
                 mono - s->host_time <= CLOCK_STALE;
    if (!usable) {
        window_clear(c);
        c->value += dt * c->rate;
        if (c->source == CLOCK_SOURCE_AUDIO && mono - c->audio_seen > CLOCK_STALE) {
            c->source = CLOCK_SOURCE_MONO;
            c->pending |= CLOCK_EV_AUDIO_LOST;
        }
        return;
    }

    if (window_add(c, s))
        c->acquiring = 1; /* the audio restarted: wait for it as after a seek */
    c->audio_seen = mono;
    if (c->source != CLOCK_SOURCE_AUDIO) {
        c->source = CLOCK_SOURCE_AUDIO;
        c->acquiring = 1;
        c->pending |= CLOCK_EV_AUDIO_LOCKED;
    }

    double audio = mono + window_offset(c);
    int unheard = audio <= c->seg_origin; /* the segment is not audible yet */
    if (unheard)
        audio = c->seg_origin;
    double pred = c->value + dt;
    double err = audio - pred;

    if (err > CLOCK_SNAP) {
        c->value = audio;
        c->acquiring = 0;
        c->pending |= CLOCK_EV_SNAPPED;
        return;
    }
    if (err < -CLOCK_SNAP) {
        c->acquiring = 1; /* hold until the audio catches up */
        if (!c->far_behind)
            c->pending |= CLOCK_EV_HOLDING;
        c->far_behind = 1;
    } else {
        c->far_behind = 0;
    }
    if (c->acquiring) {
        /* Wait for the sound: go no further than it, never back. */
        if (audio < pred || unheard) {
            double to = audio < pred ? audio : pred;
            if (to > c->value)
                c->value = to;
            return;
        }
        c->acquiring = 0;
    }
    double corr = err / CLOCK_TAU;
    if (corr > CLOCK_SLEW)
        corr = CLOCK_SLEW;
    if (corr < -CLOCK_SLEW)
        corr = -CLOCK_SLEW;
    c->value = pred + dt * corr;
}

ws_clock *clock_create(double start, double mono_now)
{
    ws_clock *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->value = isfinite(start) ? start : 0.0;
    c->last_mono = mono_now;
    c->rate = 1.0;
    c->source = CLOCK_SOURCE_MONO;
    c->acquiring = 1;
    c->ignore_before = -INFINITY;
    c->audio_seen = mono_now;
    return c;
}

void clock_destroy(ws_clock *c)
{
    free(c);
}

unsigned clock_update(ws_clock *c, double mono_now, const clock_audio_sample *audio)
{
    c->have_sample = audio != NULL;
    if (audio)
        c->last = *audio;
    advance(c, mono_now, audio);
    unsigned ev = c->pending;
    c->pending = 0;
    return ev;
}

double clock_now(ws_clock *c, double mono_now)
{
    advance(c, mono_now, c->have_sample ? &c->last : NULL);
    return c->value;
}

/* Common part of seek and resume: forget the audio and acquire it afresh. */
static void reacquire(ws_clock *c, double mono_now)
{
    if (mono_now > c->last_mono)
        c->last_mono = mono_now;
    c->acquiring = 1;
    c->ignore_before = mono_now;
    c->audio_seen = mono_now;
    c->have_sample = 0;
    window_clear(c);
}

void clock_seek(ws_clock *c, double t, double mono_now)
{
    if (isfinite(t))
        c->value = t;
    reacquire(c, mono_now);
}

void clock_pause(ws_clock *c, double mono_now)
{
    if (c->paused)
        return;
    advance(c, mono_now, c->have_sample ? &c->last : NULL);
    c->paused = 1;
}

void clock_resume(ws_clock *c, double mono_now)
{
    if (!c->paused)
        return;
    c->paused = 0;
    reacquire(c, mono_now);
}

int clock_paused(const ws_clock *c)
{
    return c->paused;
}

void clock_set_rate(ws_clock *c, double rate, double mono_now)
{
    if (!(rate > 0) || !isfinite(rate))
        return;
    advance(c, mono_now, c->have_sample ? &c->last : NULL);
    c->rate = rate;
}

clock_source clock_get_source(const ws_clock *c)
{
    return c->source;
}
