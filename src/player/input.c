/* player/input.c: keys, TV remote keys and gamepad buttons as actions
 * (pause, seek, volume, captions, quit), the kiosk's exit chord, and what
 * ends a screensaver. */
#include "player/internal.h"

void player_seek(player *p, double t)
{
    if (t < 0.0)
        t = 0.0;
    if (t > p->duration)
        t = p->duration;
    double now = sdl_audio_host_now();
    sdl_audio_seek(p->audio, t);
    clock_seek(p->clock, t, now);
    log_info("player", "seek to %.1f s", t);
}

static void toggle_pause(player *p)
{
    double now = sdl_audio_host_now();
    if (clock_paused(p->clock)) {
        double t = clock_now(p->clock, now);
        sdl_audio_resume(p->audio, t);
        clock_resume(p->clock, now);
        log_info("player", "resumed at %.1f s", t);
    } else {
        sdl_audio_pause(p->audio);
        clock_pause(p->clock, now);
        log_info("player", "paused at %.1f s", clock_now(p->clock, now));
    }
}

static void change_volume(player *p, int delta)
{
    p->volume += delta;
    p->volume = p->volume < 0 ? 0 : p->volume > 100 ? 100 : p->volume;
    sdl_audio_set_volume(p->audio, p->volume);
    log_info("player", "volume %d", p->volume);
}

/* Keys, TV remote keys and gamepad buttons share one action table. */
typedef enum { ACT_NONE, ACT_QUIT, ACT_PAUSE, ACT_BACK10, ACT_FWD10, ACT_VOL_UP, ACT_VOL_DOWN,
               ACT_CAPTIONS } action;

static action key_action(const SDL_Keysym *k)
{
    switch (k->sym) {
    case SDLK_ESCAPE: case SDLK_AC_BACK: case SDLK_q: return ACT_QUIT;
    case SDLK_SPACE: case SDLK_RETURN: case SDLK_KP_ENTER: case SDLK_AUDIOPLAY:
    case SDLK_AUDIOSTOP: return ACT_PAUSE;
    case SDLK_LEFT: case SDLK_AUDIOREWIND: case SDLK_AUDIOPREV: return ACT_BACK10;
    case SDLK_RIGHT: case SDLK_AUDIOFASTFORWARD: case SDLK_AUDIONEXT: return ACT_FWD10;
    case SDLK_UP: case SDLK_VOLUMEUP: return ACT_VOL_UP;
    case SDLK_DOWN: case SDLK_VOLUMEDOWN: return ACT_VOL_DOWN;
    case SDLK_c: return ACT_CAPTIONS;
    default: return ACT_NONE;
    }
}

static action button_action(Uint8 button)
{
    switch (button) {
    case SDL_CONTROLLER_BUTTON_A: case SDL_CONTROLLER_BUTTON_START: return ACT_PAUSE;
    case SDL_CONTROLLER_BUTTON_B: case SDL_CONTROLLER_BUTTON_BACK: return ACT_QUIT;
    case SDL_CONTROLLER_BUTTON_Y: return ACT_CAPTIONS;
    case SDL_CONTROLLER_BUTTON_DPAD_LEFT: return ACT_BACK10;
    case SDL_CONTROLLER_BUTTON_DPAD_RIGHT: return ACT_FWD10;
    case SDL_CONTROLLER_BUTTON_DPAD_UP: return ACT_VOL_UP;
    case SDL_CONTROLLER_BUTTON_DPAD_DOWN: return ACT_VOL_DOWN;
    default: return ACT_NONE;
    }
}

static void act(player *p, action x)
{
    double now = sdl_audio_host_now();
    switch (x) {
    case ACT_QUIT:
        if (p->has_menu)
            p->to_menu = 1; /* the library's menu; q and closing the window still quit */
        else
            p->quit = 1;
        break;
    case ACT_PAUSE: toggle_pause(p); break;
    case ACT_BACK10: player_seek(p, clock_now(p->clock, now) - 10.0); break;
    case ACT_FWD10: player_seek(p, clock_now(p->clock, now) + 10.0); break;
    case ACT_VOL_UP: change_volume(p, 10); break;
    case ACT_VOL_DOWN: change_volume(p, -10); break;
    case ACT_CAPTIONS:
        p->captions_on = !p->captions_on;
        log_info("player", "captions %s", p->captions_on ? "on" : "off");
        break;
    case ACT_NONE: break;
    }
}

/* --screensaver: a key, a button, or the pointer moving more than ~10 px
 * from where it was first seen ends it; motion while the window appears,
 * and the first position after that, are not movement. */
static int saver_woken(player *p, const SDL_Event *e)
{
    switch (e->type) {
    case SDL_KEYDOWN: case SDL_MOUSEBUTTONDOWN: case SDL_CONTROLLERBUTTONDOWN:
    case SDL_FINGERDOWN: case SDL_MOUSEWHEEL:
        return 1;
    case SDL_MOUSEMOTION:
        /* Distance from where the pointer was first seen: SDL's relative
         * motion can be measured from a made-up origin at start-up. */
        /* The first second is the window settling (hosts and SDL report a
         * made-up pointer position as the window appears). */
        if (sdl_audio_host_now() - p->saver_since < 1.0)
            return 0;
        if (p->motion_events++ == 0) {
            p->motion_x0 = e->motion.x;
            p->motion_y0 = e->motion.y;
            return 0;
        }
        return abs(e->motion.x - p->motion_x0) + abs(e->motion.y - p->motion_y0) > 10;
    default:
        return 0;
    }
}

void player_handle_event(player *p, const SDL_Event *e)
{
    if (p->saver && saver_woken(p, e)) {
        log_info("player", "input: the screensaver ends");
        p->quit = 1;
        return;
    }
    /* Any input in the normal mode shows the overlay for a few seconds. */
    if (!p->kiosk && !p->saver &&
        (e->type == SDL_KEYDOWN || e->type == SDL_CONTROLLERBUTTONDOWN ||
         e->type == SDL_MOUSEBUTTONDOWN))
        p->overlay_since = sdl_audio_host_now();
    switch (e->type) {
    case SDL_QUIT:
        if (!p->kiosk) /* a kiosk ends by its exit chord or a signal only */
            p->quit = 1;
        break;
    case SDL_KEYDOWN:
        if (p->kiosk) {
            /* Locked: only the exit chord (hold Esc for 3 s) and, unless
             * --lock-input, play/pause from a remote. */
            if (e->key.keysym.sym == SDLK_ESCAPE && !e->key.repeat)
                p->esc_down = sdl_audio_host_now();
            else if (!p->lock_input && !e->key.repeat &&
                     (e->key.keysym.sym == SDLK_AUDIOPLAY || e->key.keysym.sym == SDLK_AUDIOSTOP))
                act(p, ACT_PAUSE);
            break;
        }
        if (e->key.keysym.sym == SDLK_q)
            p->quit = 1;
        else if (!e->key.repeat || key_action(&e->key.keysym) != ACT_PAUSE)
            act(p, key_action(&e->key.keysym));
        break;
    case SDL_KEYUP:
        if (e->key.keysym.sym == SDLK_ESCAPE)
            p->esc_down = -1.0;
        break;
    case SDL_CONTROLLERDEVICEADDED:
        if (SDL_GameControllerOpen(e->cdevice.which))
            log_info("input", "game controller %d connected", e->cdevice.which);
        break;
    case SDL_CONTROLLERBUTTONDOWN:
        if (!p->kiosk)
            act(p, button_action(e->cbutton.button));
        else if (!p->lock_input && button_action(e->cbutton.button) == ACT_PAUSE)
            act(p, ACT_PAUSE);
        break;
    case SDL_WINDOWEVENT:
        if (e->window.event == SDL_WINDOWEVENT_CLOSE && !p->kiosk)
            p->quit = 1;
        if (e->window.event == SDL_WINDOWEVENT_DISPLAY_CHANGED)
            p->displays_changed = 1;
        break;
    case SDL_DISPLAYEVENT:
        log_debug("video", "display event: display %u %s", e->display.display,
                  e->display.event == SDL_DISPLAYEVENT_CONNECTED      ? "connected"
                  : e->display.event == SDL_DISPLAYEVENT_DISCONNECTED ? "disconnected"
                                                                      : "changed");
        p->displays_changed = 1;
        break;
    case SDL_AUDIODEVICEREMOVED:
    case SDL_AUDIODEVICEADDED:
        sdl_audio_handle_event(p->audio, e, clock_now(p->clock, sdl_audio_host_now()));
        break;
    default:
        break;
    }
}

/* The kiosk's exit chord: Esc held down for 3 s. */
int kiosk_chord_held(int kiosk, double esc_down)
{
    return kiosk && esc_down >= 0.0 && sdl_audio_host_now() - esc_down >= 3.0;
}

int player_chord_held(const player *p)
{
    return kiosk_chord_held(p->kiosk, p->esc_down);
}
