/* sdl_audio: the narration player (SDL2_mixer), and the session clock's audio
 * source.
 *
 * Owns the SDL audio subsystem reference it takes, the SDL_mixer device and
 * the Mix_Music. Needs no window or GL. Main thread only, except the post-mix
 * callback, which only counts frames and ramps the gain (no logging, no
 * allocation, no blocking beyond a spin lock held for a few loads/stores).
 *
 * What the clock gets (sdl_audio_position): the frames handed to the device
 * since the last play/seek/resume point, counted in a Mix_SetPostMix
 * callback, with the SDL_GetPerformanceCounter time of that callback, the
 * device rate and an output latency. The latency is estimated as two device
 * buffers (the chunk just mixed, queued behind about one buffer already in
 * the device: SDL's usual double buffering) unless desc.latency overrides
 * it; a backend that queues more (PulseAudio with a large tlength, Bluetooth)
 * makes the picture lead the sound by the difference, which desc.latency can
 * correct. Mix_GetMusicPosition is not used for timing: it steps with the
 * decoder (46-93 ms) and runs ahead of the device.
 *
 * Degrades, never dies (DESIGN.md principle 5), one log line each:
 *  - desc.mute: no device is opened; sdl_audio_position never has a sample,
 *    so the clock runs on the monotonic counter;
 *  - the device cannot be opened: one warning, then SDL's "dummy" driver (a
 *    device that plays into nothing at real-time pace), so the clock still
 *    has an audio source; if even that fails, clock only;
 *  - the file cannot be decoded: one warning, clock only;
 *  - SDL_AUDIODEVICEREMOVED for our device: the device is closed, the default
 *    one opened, the file reloaded and played from the clock's time.
 *
 * Pause and resume ramp the gain (desc.ramp, default 80 ms) in the post-mix
 * so there are no clicks; the gain also carries the volume, ramped the same
 * way. A pause completes (Mix_PauseMusic) in sdl_audio_update once the ramp
 * is down. Resume re-seeks the music to the clock's (paused) time, so the
 * faded-out tail is heard again and sound and picture agree exactly.
 *
 * Time base: sdl_audio_host_now() (performance counter, seconds); pass the
 * same to clock_update/clock_seek. Call order in a frame: read the time,
 * sdl_audio_seek/resume, then clock_seek/clock_resume with that time. */
#ifndef WS_SDL_AUDIO_H
#define WS_SDL_AUDIO_H

#include <SDL.h>

#include "time/clock.h"

typedef struct sdl_audio_desc {
    const char *path;  /* narration file (OGG, MP3, FLAC, WAV, Opus); NULL = none */
    int mute;          /* open no device at all */
    int volume;        /* 0..100, used as given (0 is silent but still drives the clock) */
    int rate;          /* Hz; 0 = 48000 (the device may pick another rate) */
    int buffer_frames; /* device buffer; 0 = 1024 */
    double latency;    /* s from post-mix to speaker; 0 = two buffers */
    double ramp;       /* s for pause/resume/volume ramps; 0 = 0.08 */
} sdl_audio_desc;

typedef struct sdl_audio sdl_audio;

/* Opens the device (unless muted) and loads the file. Never fails for lack of
 * audio: check sdl_audio_has_device / sdl_audio_has_music. Returns NULL only
 * when memory runs out. Nothing plays until sdl_audio_play. */
sdl_audio *sdl_audio_open(const sdl_audio_desc *desc);
void sdl_audio_close(sdl_audio *a); /* NULL and partial opens are fine */

int sdl_audio_has_device(const sdl_audio *a);
int sdl_audio_has_music(const sdl_audio *a);
/* Name of the SDL audio driver in use ("pulseaudio", "dummy" ...), or "none". */
const char *sdl_audio_driver(const sdl_audio *a);
/* Another narration's tags, read through SDL_mixer (which needs the open
 * device: a muted player reads none). Fields are "" when absent. */
typedef struct sdl_audio_tags {
    char title[256], artist[256], album[256];
    double duration; /* seconds; 0 when unknown */
} sdl_audio_tags;

/* Returns 0, or -1 when there is no device or SDL_mixer cannot read path. */
int sdl_audio_read_tags(const sdl_audio *a, const char *path, sdl_audio_tags *out);

/* Length of the narration in seconds, or -1 when unknown or none. */
double sdl_audio_duration(const sdl_audio *a);

/* Monotonic seconds, the clock's time base. */
double sdl_audio_host_now(void);

/* Starts the narration at `start` seconds (ramping in). Returns 0, or -1
 * when there is nothing to play (no device or no music): run clock only. */
int sdl_audio_play(sdl_audio *a, double start);
/* Moves the narration to t seconds (paused music stays paused). */
void sdl_audio_seek(sdl_audio *a, double t);
/* Ramps down, then pauses (completed by sdl_audio_update). */
void sdl_audio_pause(sdl_audio *a);
/* Continues from t (the clock's time while paused), ramping up. */
void sdl_audio_resume(sdl_audio *a, double t);
/* 0..100, ramped. */
void sdl_audio_set_volume(sdl_audio *a, int volume);

/* Once per frame: completes a pending pause, notices the end of the music. */
void sdl_audio_update(sdl_audio *a);
/* 1 once the narration has played to its end (not when never started). */
int sdl_audio_finished(const sdl_audio *a);

/* Fills *out and returns 1 while the narration is playing (a sample exists
 * from the moment of play/seek/resume, with frames = 0 until the first
 * callback); returns 0 when there is no sample (muted, no device, no music,
 * paused, finished): the clock then runs on the monotonic counter. */
int sdl_audio_position(sdl_audio *a, clock_audio_sample *out);

/* The SDL id of the playing device (0 when unknown or none): what an
 * SDL_AUDIODEVICEREMOVED event for it carries. */
unsigned sdl_audio_device_id(const sdl_audio *a);

/* Handles SDL_AUDIODEVICEREMOVED for our device: reopen the default device,
 * reload, continue from clock_now (paused stays paused). When no device
 * opens, the session goes on silently and sdl_audio_reattach tries again;
 * SDL_AUDIODEVICEADDED makes the next try come at once. Other events are
 * ignored. */
void sdl_audio_handle_event(sdl_audio *a, const SDL_Event *e, double clock_now);

/* Call once per frame: while the device is lost, tries every 2 s (or at
 * once after a device appeared) to open one and continue from clock_now. */
void sdl_audio_reattach(sdl_audio *a, double clock_now);

#endif
