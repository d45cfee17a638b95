/* sdl_audio: the narration player. See sdl_audio.h for the contract.
 *
 * Shared with the post-mix callback (under `lock`, a spin lock): the frame
 * count, its time, the count's origin, whether to count, and the gain and
 * its target. The callback alone writes `gain`; the main thread writes the
 * rest. Moments that must be atomic with respect to the mixer (play, seek,
 * resume: the decoder moves and the count restarts together) are done under
 * SDL_LockAudioDevice on the mixer's device, which SDL_mixer's own calls
 * take again (SDL's audio mutex is recursive); so no callback can mix new
 * content into an old count. */
#include "audio/sdl_audio.h"

#include <SDL_mixer.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/log.h"
#include "time/timefmt.h"

typedef enum {
    ST_IDLE,     /* no device or no music: clock only */
    ST_STOPPED,  /* ready, not started */
    ST_PLAYING,
    ST_PAUSING,  /* ramping down; Mix_PauseMusic once silent */
    ST_PAUSED,
    ST_FINISHED
} play_state;

struct sdl_audio {
    sdl_audio_desc desc;
    char *path;
    int sdl_ref;        /* we hold an SDL_INIT_AUDIO reference */
    int mix_inited;     /* Mix_Init was called */
    int device;         /* Mix_OpenAudioDevice succeeded */
    SDL_AudioDeviceID dev_id; /* the mixer's device, 0 if not found */
    Mix_Music *music;
    play_state state;
    int volume;         /* 0..100 */

    /* device format, fixed while open */
    int rate, channels, bytes_per_frame, is_float, is_s16;
    double latency;
    float step;         /* gain change per frame */

    /* the device went away and none reopened: retried until one does */
    int lost;
    play_state lost_state; /* what it was doing when it went */
    double next_try;       /* host time of the next retry */
    double removed_at;     /* host time of the last removal (test aid) */

    /* shared with the callback */
    SDL_SpinLock lock;
    int counting;
    double origin;
    Sint64 frames;
    Uint64 host;
    float gain, target;
};

double sdl_audio_host_now(void)
{
    return (double)SDL_GetPerformanceCounter() / (double)SDL_GetPerformanceFrequency();
}

/* Post-mix: ramp the gain toward its target and scale the samples, then
 * count the frames. Runs on SDL's audio thread with the device locked. */
static void postmix(void *udata, Uint8 *stream, int len)
{
    sdl_audio *a = udata;
    Uint64 now = SDL_GetPerformanceCounter();
    SDL_AtomicLock(&a->lock);
    float g = a->gain, target = a->target;
    SDL_AtomicUnlock(&a->lock);

    int n = a->bytes_per_frame > 0 ? len / a->bytes_per_frame : 0;
    if (g == 0.0f && target == 0.0f) {
        memset(stream, 0, (size_t)len); /* silence is all-zero in S16 and F32 */
    } else if (g != 1.0f || target != 1.0f) {
        int ch = a->channels;
        for (int i = 0; i < n; i++) {
            if (g < target)
                g = g + a->step < target ? g + a->step : target;
            else if (g > target)
                g = g - a->step > target ? g - a->step : target;
            if (a->is_float) {
                float *s = (float *)(void *)stream + (size_t)i * (size_t)ch;
                for (int c = 0; c < ch; c++)
                    s[c] *= g;
            } else if (a->is_s16) {
                Sint16 *s = (Sint16 *)(void *)stream + (size_t)i * (size_t)ch;
                for (int c = 0; c < ch; c++)
                    s[c] = (Sint16)((float)s[c] * g);
            }
        }
    }

    SDL_AtomicLock(&a->lock);
    a->gain = g;
    if (a->counting) {
        a->frames += n;
        a->host = now;
    }
    SDL_AtomicUnlock(&a->lock);
}

static void lock_mixer(sdl_audio *a)
{
    if (a->dev_id)
        SDL_LockAudioDevice(a->dev_id);
}

static void unlock_mixer(sdl_audio *a)
{
    if (a->dev_id)
        SDL_UnlockAudioDevice(a->dev_id);
}

static void set_target(sdl_audio *a, float target)
{
    SDL_AtomicLock(&a->lock);
    a->target = target;
    SDL_AtomicUnlock(&a->lock);
}

/* The count restarts at session time t (frames 0, now). */
static void restart_count(sdl_audio *a, double t, int counting)
{
    Uint64 now = SDL_GetPerformanceCounter();
    SDL_AtomicLock(&a->lock);
    a->origin = t;
    a->frames = 0;
    a->host = now;
    a->counting = counting;
    SDL_AtomicUnlock(&a->lock);
}

/* SDL_mixer does not say which device id it opened. With one output device
 * open (ours), it is the one that is playing. 0 when not found: the mixer
 * lock is then skipped and a callback landing between a seek and the count's
 * restart could shift the count by one chunk (the clock absorbs it). */
static SDL_AudioDeviceID find_device_id(void)
{
    for (SDL_AudioDeviceID id = 1; id < 64; id++)
        if (SDL_GetAudioDeviceStatus(id) == SDL_AUDIO_PLAYING)
            return id;
    return 0;
}

/* Opens the default device with the current driver. Returns 0 or -1 (with
 * the reason in SDL_GetError / Mix_GetError, nothing logged). */
static int open_device(sdl_audio *a)
{
    if (!a->sdl_ref) {
        if (SDL_InitSubSystem(SDL_INIT_AUDIO) < 0)
            return -1;
        a->sdl_ref = 1;
    }
    int rate = a->desc.rate > 0 ? a->desc.rate : 48000;
    int buffer = a->desc.buffer_frames > 0 ? a->desc.buffer_frames : 1024;
    /* Test aid: WELLSPRING_TEST_AUDIO_GONE_FOR=S makes every open fail for S
     * seconds after a removal, as when the only device was unplugged. */
    const char *gone = getenv("WELLSPRING_TEST_AUDIO_GONE_FOR");
    if (gone && a->removed_at > 0.0 && sdl_audio_host_now() - a->removed_at < atof(gone)) {
        SDL_SetError("no audio device (WELLSPRING_TEST_AUDIO_GONE_FOR)");
        return -1;
    }
    /* No device name: the system's default output. A sound server (PulseAudio,
     * PipeWire) then moves the stream when the user picks another default. */
    if (Mix_OpenAudioDevice(rate, AUDIO_S16SYS, 2, buffer, NULL,
                            SDL_AUDIO_ALLOW_FREQUENCY_CHANGE) < 0)
        return -1;
    a->device = 1;
    Uint16 format = 0;
    int freq = 0, channels = 0;
    Mix_QuerySpec(&freq, &format, &channels);
    a->rate = freq > 0 ? freq : rate;
    a->channels = channels > 0 ? channels : 2;
    a->bytes_per_frame = (int)(SDL_AUDIO_BITSIZE(format) / 8) * a->channels;
    a->is_float = SDL_AUDIO_ISFLOAT(format) && SDL_AUDIO_BITSIZE(format) == 32;
    a->is_s16 = !SDL_AUDIO_ISFLOAT(format) && SDL_AUDIO_ISSIGNED(format) &&
                SDL_AUDIO_BITSIZE(format) == 16;
    a->latency = a->desc.latency > 0 ? a->desc.latency : 2.0 * buffer / a->rate;
    double ramp = a->desc.ramp > 0 ? a->desc.ramp : 0.08;
    a->step = (float)(1.0 / (ramp * a->rate));
    a->gain = 0.0f;
    a->target = 0.0f;
    a->counting = 0;
    Mix_VolumeMusic(MIX_MAX_VOLUME);
    Mix_SetPostMix(postmix, a);
    a->dev_id = find_device_id();
    log_debug("audio", "%s at %d Hz, %d channels, %d-frame buffer, latency taken as %.1f ms%s",
              SDL_GetCurrentAudioDriver(), a->rate, a->channels, buffer, a->latency * 1e3,
              a->dev_id ? "" : " (device id unknown)");
    return 0;
}

static void close_device(sdl_audio *a)
{
    if (a->music) {
        Mix_HaltMusic();
        Mix_FreeMusic(a->music);
        a->music = NULL;
    }
    if (a->device) {
        Mix_SetPostMix(NULL, NULL);
        Mix_CloseAudio();
        a->device = 0;
    }
    a->dev_id = 0;
    a->counting = 0;
}

/* Returns 0, or -1 after one warning (the show goes on without sound). */
static int load_music(sdl_audio *a)
{
    if (!a->path || !a->device)
        return -1;
    a->music = Mix_LoadMUS(a->path);
    if (!a->music) {
        log_warn("audio", "cannot play %s: %s; the session goes on without sound", a->path,
                 Mix_GetError());
        return -1;
    }
    return 0;
}

/* Starts the music at t under the mixer lock; paused music stays silent. */
static int start_music(sdl_audio *a, double t, int paused)
{
    if (!a->music)
        return -1;
    if (!(t >= 0))
        t = 0;
    lock_mixer(a);
    int rc = Mix_FadeInMusicPos(a->music, 0, 0, t);
    if (rc == 0) {
        if (paused)
            Mix_PauseMusic();
        restart_count(a, t, !paused);
    }
    unlock_mixer(a);
    if (rc < 0) {
        char ts[32];
        timefmt_format(t, ts, sizeof ts);
        log_warn("audio", "cannot play %s from %s: %s; the session goes on without sound",
                 a->path, ts, Mix_GetError());
        a->state = ST_FINISHED;
        return -1;
    }
    a->state = paused ? ST_PAUSED : ST_PLAYING;
    set_target(a, paused ? 0.0f : (float)a->volume / 100.0f);
    return 0;
}

sdl_audio *sdl_audio_open(const sdl_audio_desc *desc)
{
    sdl_audio *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->desc = *desc;
    a->volume = desc->volume < 0 ? 0 : desc->volume > 100 ? 100 : desc->volume;
    a->state = ST_IDLE;
    if (desc->path) {
        a->path = malloc(strlen(desc->path) + 1);
        if (!a->path)
            goto fail;
        strcpy(a->path, desc->path);
    }
    a->desc.path = a->path;
    if (desc->mute)
        return a;

    Mix_Init(MIX_INIT_OGG | MIX_INIT_MP3 | MIX_INIT_FLAC | MIX_INIT_OPUS);
    a->mix_inited = 1;
    if (open_device(a) < 0) {
        log_warn("audio", "cannot open the audio device (%s); using SDL's dummy driver so the "
                 "session still has a clock; check the sound setup or pass --mute",
                 SDL_GetError());
        if (a->sdl_ref) {
            SDL_QuitSubSystem(SDL_INIT_AUDIO);
            a->sdl_ref = 0;
        }
        SDL_SetHintWithPriority(SDL_HINT_AUDIODRIVER, "dummy", SDL_HINT_OVERRIDE);
        if (open_device(a) < 0) {
            log_warn("audio", "even SDL's dummy audio driver failed (%s); running on the "
                     "monotonic clock", SDL_GetError());
            return a;
        }
    }
    if (load_music(a) == 0)
        a->state = ST_STOPPED;
    return a;

fail:
    sdl_audio_close(a);
    return NULL;
}

int sdl_audio_read_tags(const sdl_audio *a, const char *path, sdl_audio_tags *out)
{
    memset(out, 0, sizeof *out);
    if (!a || !a->device)
        return -1;
    Mix_Music *m = Mix_LoadMUS(path);
    if (!m)
        return -1;
    snprintf(out->title, sizeof out->title, "%s", Mix_GetMusicTitleTag(m));
    snprintf(out->artist, sizeof out->artist, "%s", Mix_GetMusicArtistTag(m));
    snprintf(out->album, sizeof out->album, "%s", Mix_GetMusicAlbumTag(m));
    double d = Mix_MusicDuration(m);
    out->duration = d > 0.0 ? d : 0.0;
    Mix_FreeMusic(m);
    return 0;
}

void sdl_audio_close(sdl_audio *a)
{
    if (!a)
        return;
    close_device(a);
    if (a->mix_inited)
        Mix_Quit();
    if (a->sdl_ref)
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
    free(a->path);
    free(a);
}

int sdl_audio_has_device(const sdl_audio *a)
{
    return a && a->device;
}

int sdl_audio_has_music(const sdl_audio *a)
{
    return a && a->music;
}

const char *sdl_audio_driver(const sdl_audio *a)
{
    const char *d = a && a->device ? SDL_GetCurrentAudioDriver() : NULL;
    return d ? d : "none";
}

double sdl_audio_duration(const sdl_audio *a)
{
    if (!a || !a->music)
        return -1.0;
    double d = Mix_MusicDuration(a->music);
    return d > 0 ? d : -1.0;
}

int sdl_audio_play(sdl_audio *a, double start)
{
    if (a && a->lost) {
        a->lost_state = ST_PLAYING; /* what the reattach then does */
        return 0;
    }
    if (!a || !a->music)
        return -1;
    return start_music(a, start, 0);
}

void sdl_audio_seek(sdl_audio *a, double t)
{
    if (a && a->lost && a->lost_state == ST_FINISHED)
        a->lost_state = ST_PLAYING; /* back into the narration */
    if (!a || !a->music)
        return;
    if (!(t >= 0))
        t = 0;
    switch (a->state) {
    case ST_PLAYING:
    case ST_PAUSING: {
        lock_mixer(a);
        int rc = Mix_SetMusicPosition(t);
        if (rc == 0)
            restart_count(a, t, 1);
        unlock_mixer(a);
        if (rc < 0)
            log_warn("audio", "cannot seek %s: %s", a->path, Mix_GetError());
        break;
    }
    case ST_FINISHED:
        start_music(a, t, 0);
        break;
    default:
        break; /* not started: play decides; paused: resume seeks */
    }
}

void sdl_audio_pause(sdl_audio *a)
{
    if (a && a->lost && a->lost_state != ST_FINISHED)
        a->lost_state = ST_PAUSED;
    if (!a || a->state != ST_PLAYING)
        return;
    set_target(a, 0.0f);
    a->state = ST_PAUSING;
}

void sdl_audio_resume(sdl_audio *a, double t)
{
    if (a && a->lost && (a->lost_state == ST_PAUSED || a->lost_state == ST_PAUSING))
        a->lost_state = ST_PLAYING;
    if (!a || (a->state != ST_PAUSING && a->state != ST_PAUSED))
        return;
    if (!(t >= 0))
        t = 0;
    lock_mixer(a);
    if (Mix_PausedMusic())
        Mix_ResumeMusic();
    int rc = Mix_SetMusicPosition(t);
    restart_count(a, t, 1);
    unlock_mixer(a);
    if (rc < 0)
        log_warn("audio", "cannot seek %s: %s", a->path, Mix_GetError());
    a->state = ST_PLAYING;
    set_target(a, (float)a->volume / 100.0f);
}

void sdl_audio_set_volume(sdl_audio *a, int volume)
{
    if (!a)
        return;
    a->volume = volume < 0 ? 0 : volume > 100 ? 100 : volume;
    if (a->state == ST_PLAYING)
        set_target(a, (float)a->volume / 100.0f);
}

void sdl_audio_update(sdl_audio *a)
{
    if (!a || !a->device)
        return;
    if (a->state == ST_PAUSING) {
        SDL_AtomicLock(&a->lock);
        int silent = a->gain == 0.0f;
        SDL_AtomicUnlock(&a->lock);
        if (silent) {
            lock_mixer(a);
            Mix_PauseMusic();
            SDL_AtomicLock(&a->lock);
            a->counting = 0;
            SDL_AtomicUnlock(&a->lock);
            unlock_mixer(a);
            a->state = ST_PAUSED;
        }
    }
    if ((a->state == ST_PLAYING || a->state == ST_PAUSING) && !Mix_PlayingMusic()) {
        SDL_AtomicLock(&a->lock);
        a->counting = 0;
        SDL_AtomicUnlock(&a->lock);
        a->state = ST_FINISHED;
        log_debug("audio", "narration finished");
    }
}

int sdl_audio_finished(const sdl_audio *a)
{
    return a && a->state == ST_FINISHED;
}

int sdl_audio_position(sdl_audio *a, clock_audio_sample *out)
{
    if (!a || !a->device || (a->state != ST_PLAYING && a->state != ST_PAUSING))
        return 0;
    SDL_AtomicLock(&a->lock);
    int counting = a->counting;
    out->origin = a->origin;
    out->frames = a->frames;
    Uint64 host = a->host;
    SDL_AtomicUnlock(&a->lock);
    if (!counting)
        return 0;
    out->host_time = (double)host / (double)SDL_GetPerformanceFrequency();
    out->rate = a->rate;
    out->latency = a->latency;
    return 1;
}

/* Opens a device again and carries on from session time clock_now in the
 * state `was`. Returns 0, or -1 when no device opens (the caller decides
 * what to say). */
static int reopen(sdl_audio *a, play_state was, double clock_now, const char *why)
{
    double entered = sdl_audio_host_now();
    if (open_device(a) < 0)
        return -1;
    a->lost = 0;
    if (load_music(a) < 0)
        return 0;
    a->state = ST_STOPPED;
    /* The clock ran on while the device reopened: start where it is now, so
     * the session time never goes back. */
    double at = clock_now >= 0 ? clock_now : 0;
    if (was == ST_PLAYING)
        at += sdl_audio_host_now() - entered;
    char ts[32];
    timefmt_format(at, ts, sizeof ts);
    if (was == ST_PLAYING || was == ST_PAUSING || was == ST_PAUSED) {
        /* Pausing (the ramp down) means the clock is already paused. */
        if (start_music(a, at, was != ST_PLAYING) < 0)
            return 0;
    } else if (was == ST_FINISHED) {
        a->state = ST_FINISHED;
    }
    log_warn("audio", "%s; reopened %s, narration continues at %s", why, SDL_GetCurrentAudioDriver(), ts);
    return 0;
}

void sdl_audio_handle_event(sdl_audio *a, const SDL_Event *e, double clock_now)
{
    if (!a || e->adevice.iscapture)
        return;
    if (e->type == SDL_AUDIODEVICEADDED) {
        /* A device appeared (the speaker plugged back in): try at once. */
        if (a->lost)
            a->next_try = 0.0;
        return;
    }
    if (!a->device || e->type != SDL_AUDIODEVICEREMOVED)
        return;
    if (a->dev_id && e->adevice.which != a->dev_id)
        return;
    play_state was = a->state;
    close_device(a);
    a->state = ST_IDLE;
    a->removed_at = sdl_audio_host_now();
    if (reopen(a, was, clock_now, "audio device removed") < 0) {
        log_warn("audio", "audio device removed, and no other opens (%s); the session goes on "
                 "without sound and takes the sound back when a device appears", SDL_GetError());
        a->lost = 1;
        a->lost_state = was;
        a->next_try = sdl_audio_host_now() + 2.0;
    }
}

void sdl_audio_reattach(sdl_audio *a, double clock_now)
{
    if (!a || !a->lost || sdl_audio_host_now() < a->next_try)
        return;
    a->next_try = sdl_audio_host_now() + 2.0;
    if (reopen(a, a->lost_state, clock_now, "an audio device is back") < 0)
        log_debug("audio", "still no audio device: %s", SDL_GetError());
}

unsigned sdl_audio_device_id(const sdl_audio *a)
{
    return a ? (unsigned)a->dev_id : 0;
}
