/* clock: Wellspring's one session clock (DESIGN.md principle 2).
 *
 * Owns the mapping from "now" to session seconds. Captions and visuals read
 * only this clock. Pure C (libc, math); no SDL, no global state, no logging:
 * whatever a caller may want to log comes back as event flags.
 *
 * Two sources:
 *  - audio (master while narration plays): samples of the post-mix frame
 *    count taken by the audio callback (clock_audio_sample). The clock turns
 *    each sample into an offset "played position minus host time", keeps the
 *    upper quartile of the offsets of the last CLOCK_WINDOW seconds (robust
 *    against late callbacks, bursts and chunky counts) and extrapolates with the
 *    monotonic time, so between 1024/2048-frame callbacks it still moves
 *    every frame;
 *  - the monotonic counter alone (muted, no device, decoder failure, audio
 *    lost, paused music), times a rate factor (test-only acceleration).
 *
 * Promises:
 *  - the output never runs backwards, except at clock_seek;
 *  - between two updates it never moves by more than the elapsed monotonic
 *    time times (1 + CLOCK_SLEW), except at clock_seek and a snap (below);
 *  - while locked to audio, drift is absorbed by slewing the rate by at most
 *    CLOCK_SLEW (5%), with a time constant of CLOCK_TAU;
 *  - if the audio is more than CLOCK_SNAP ahead the clock jumps forward to it
 *    (CLOCK_EV_SNAPPED); if the audio is more than CLOCK_SNAP behind the
 *    clock holds still until the audio catches up (CLOCK_EV_HOLDING), since
 *    going back would replay captions and scenes;
 *  - after a seek, a resume, when audio appears, or when the audio restarts
 *    on its own (new origin, count going back: a reopened device), the
 *    clock is "acquiring":
 *    if it is ahead of the audio (the sound of the new segment is not yet
 *    audible: device latency, first callback still to come) it waits for the
 *    audio rather than slewing, so it is on the sound as soon as it starts;
 *  - switching source (audio lost, regained) never jumps or runs backwards;
 *  - a sample is ignored when older than CLOCK_STALE, or taken before the
 *    last seek/resume; a stale sample counts as "no audio".
 *
 * Time base: mono_now and clock_audio_sample.host_time must come from the
 * same monotonic counter, in seconds (the platform layer uses
 * SDL_GetPerformanceCounter() / SDL_GetPerformanceFrequency()).
 *
 * The type is ws_clock, not "clock", because <time.h> owns clock(). */
#ifndef WS_CLOCK_H
#define WS_CLOCK_H

#include <stdint.h>

#define CLOCK_SLEW   0.05 /* max rate correction while locked to audio */
#define CLOCK_TAU    0.25 /* s, time constant of the correction */
#define CLOCK_SNAP   0.25 /* s, error beyond which the clock snaps (or holds) */
#define CLOCK_STALE  0.25 /* s, an audio sample older than this is ignored */
#define CLOCK_WINDOW 0.5  /* s, span of samples the offset median covers */

/* One reading of the audio device, taken in the post-mix callback. */
typedef struct clock_audio_sample {
    double origin;    /* session seconds of the first frame counted (play/seek point) */
    int64_t frames;   /* frames delivered to the device since origin, this chunk included */
    double host_time; /* monotonic seconds when `frames` was counted */
    double rate;      /* device sample rate, Hz (> 0) */
    double latency;   /* s from delivery in the callback to the speaker (>= 0) */
} clock_audio_sample;

typedef enum {
    CLOCK_SOURCE_MONO = 0, /* running on the monotonic counter */
    CLOCK_SOURCE_AUDIO     /* following the audio device */
} clock_source;

/* Event flags returned by clock_update (for the caller to log). */
enum {
    CLOCK_EV_AUDIO_LOCKED = 1u << 0, /* switched to the audio source */
    CLOCK_EV_AUDIO_LOST   = 1u << 1, /* audio gone or stale: now monotonic */
    CLOCK_EV_SNAPPED      = 1u << 2, /* jumped forward to the audio (error > CLOCK_SNAP) */
    CLOCK_EV_HOLDING      = 1u << 3  /* audio > CLOCK_SNAP behind: holding still */
};

typedef struct ws_clock ws_clock;

/* A clock reading `start` session seconds at monotonic time mono_now,
 * running on the monotonic counter until audio samples arrive. Returns NULL
 * only when memory runs out. */
ws_clock *clock_create(double start, double mono_now);
void clock_destroy(ws_clock *c); /* NULL is fine */

/* Advances the clock to mono_now with the latest audio sample, or NULL when
 * there is no audio (muted, no device, paused or finished music). Call once
 * per frame; the same sample may be passed again until a newer one exists.
 * Returns CLOCK_EV_* flags for what changed (also those of clock_now calls
 * since the last update). A mono_now earlier than the last one is treated
 * as no time elapsed. */
unsigned clock_update(ws_clock *c, double mono_now, const clock_audio_sample *audio);

/* Session seconds at mono_now. Advances the state like clock_update with
 * the last sample given (so calling it twice at one mono_now, or right
 * after clock_update, returns the same value). */
double clock_now(ws_clock *c, double mono_now);

/* Jumps to session time t (the one allowed discontinuity) and restarts
 * acquisition: audio samples taken before mono_now are ignored. */
void clock_seek(ws_clock *c, double t, double mono_now);

/* Time stands still between clock_pause and clock_resume; samples passed
 * meanwhile are ignored. Both are idempotent. On resume the clock acquires
 * the audio afresh (the narration player re-seeks to clock_now on resume). */
void clock_pause(ws_clock *c, double mono_now);
void clock_resume(ws_clock *c, double mono_now);
int clock_paused(const ws_clock *c);

/* Speed of the monotonic source (test-only acceleration for soak tests;
 * default 1). Applies from mono_now on; ignored while locked to audio,
 * which plays at its own speed. Values <= 0 or not finite are ignored. */
void clock_set_rate(ws_clock *c, double rate, double mono_now);

clock_source clock_get_source(const ws_clock *c);

#endif
