/* player/playframe.c: the player's picture: session time t on every
 * output (each at its own size, monitors of a root window blitted into
 * place), the TV overlay, the snapshot test aid, and the caption-change
 * line of the sync log. The loop that calls it is player/playloop.c. */
#include "player/internal.h"
#include "time/timefmt.h"

/* Seconds since the Unix epoch. Test aid: WELLSPRING_TEST_WALL_TIME=S
 * freezes it at S, so two processes can be compared frame for frame. */
double wall_now(void)
{
    const char *fake = getenv("WELLSPRING_TEST_WALL_TIME");
    if (fake && *fake)
        return atof(fake);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int local_minute_now(void)
{
    time_t wt = (time_t)wall_now();
    struct tm lt;
    localtime_r(&wt, &lt);
    return lt.tm_hour * 60 + lt.tm_min;
}

void snapshot_init(snapshot_hook *h)
{
    memset(h, 0, sizeof *h);
    const char *spec = getenv("WELLSPRING_TEST_SNAPSHOT");
    const char *at = spec ? strrchr(spec, '@') : NULL;
    if (!at || (size_t)(at - spec) >= sizeof h->dir)
        return;
    memcpy(h->dir, spec, (size_t)(at - spec));
    h->after = atof(at + 1);
    h->armed = 1;
}

/* The TV overlay: shown for 3 s after any input (longer while paused), then
 * fading out over half a second. */
static void draw_overlay(player *p, app_output *o, double t, double now, int w, int h)
{
    if (p->overlay_since < 0.0)
        return;
    double age = now - p->overlay_since;
    if (clock_paused(p->clock))
        age = 0.0;
    float alpha = age < 3.0 ? 1.0f : age < 3.5 ? (float)(1.0 - (age - 3.0) / 0.5) : 0.0f;
    /* With a library, Esc goes back to the menu (where the session stopped
       is kept); without one it quits. */
#define KEYS "Space pause  \xc2\xb7  \xe2\x86\x90 \xe2\x86\x92 10 s  \xc2\xb7  " \
             "\xe2\x86\x91 \xe2\x86\x93 volume  \xc2\xb7  C captions  \xc2\xb7  "
    const char *hint = app_has_menu(p->a) ? KEYS "Esc menu" : KEYS "Esc quit";
#undef KEYS
    if ((alpha > 0.0f) != p->overlay_up) { /* for tests: they wait for these, not for a time */
        p->overlay_up = alpha > 0.0f;
        log_debug("player", "overlay %s%s", p->overlay_up ? "shown: " : "gone", p->overlay_up ? hint : "");
    }
    if (alpha <= 0.0f)
        return;
    char left[32], status[128];
    timefmt_clock(p->duration - t, left, sizeof left);
    snprintf(status, sizeof status, "%s%s left", clock_paused(p->clock) ? "Paused \xc2\xb7 " : "", left);
    captions_renderer_draw_overlay(o->text, status, hint, (float)(t / p->duration), alpha, 0, w, h);
}

/* Test and sync aid: at --verbose, one line per caption change with the
 * clock and the audio device's own position at that frame. */
static void log_caption_change(player *p, double t, double now, double frame)
{
    if (!p->a->captions || log_get_level() < LOG_DEBUG)
        return;
    long i = captions_cue_at(p->a->captions, t);
    if (i < 0)
        return;
    double start = p->a->captions->cues[i].start;
    if (start == p->last_caption)
        return;
    p->last_caption = start;
    clock_audio_sample s;
    double audio = -1.0;
    if (sdl_audio_position(p->audio, &s))
        audio = s.origin + (double)s.frames / s.rate - s.latency + (now - s.host_time);
    log_debug("sync", "caption %ld due %.4f shown at clock %.4f audio %.4f frame %.4f", i, start, t,
              audio, frame);
}

/* Draws session time t on every output, each at its own size, and shows
 * them. */
draw_result draw_outputs(app *a, player *p, frame_loop *L, snapshot_hook *snap, double t,
                         double now, double frame)
{
    int shoot_now = snap->armed && snap->t0 > 0.0 && now - snap->t0 >= snap->after;
    for (int i = 0; i < a->output_count; i++) {
        app_output *out = &a->outputs[i];
        use_output(out);
        if (!out->window.foreign_xid &&
            (SDL_GetWindowFlags(out->window.win) & (SDL_WINDOW_MINIMIZED | SDL_WINDOW_HIDDEN)))
            continue;
        int ww, wh;
        /* Asked every frame: resizes and moves between displays (HiDPI
         * changes) then need no special event handling. */
        if (sdl_window_drawable_size(&out->window, &ww, &wh) < 0) {
            log_info("video", "the screensaver's window is gone; ending");
            return DRAW_END;
        }
        int part = out->vw > 0;
        int w = part ? out->vw : ww, h = part ? out->vh : wh;
        GLuint fbo = part ? out->target.fbo : 0;
        frame_ctx fc = {.t = t, .dim = p->dim, .captions_on = p->captions_on};
        if (!a->opt.no_drift) {
            drift_at(wall_now(), h, &fc.drift_x, &fc.drift_y);
            captions_renderer_set_offset(out->text, fc.drift_x, fc.drift_y);
        }
        if (frame_draw_output(a, out, L, &fc, fbo, w, h) < 0)
            return DRAW_FAILED;
        if (!part)
            draw_overlay(p, out, t, now, w, h);
        if (shoot_now) {
            char path[1200];
            snprintf(path, sizeof path, "%s/output-%d.png", snap->dir, i);
            if (save_framebuffer(fbo, w, h, path) < 0)
                return DRAW_FAILED;
            log_info("test", "snapshot of output %d (%dx%d) at %.3f s: %s", i, w, h, t, path);
        }
        if (part) {
            /* Into its monitor's place in the window (GL counts rows up). */
            glBindFramebuffer(GL_READ_FRAMEBUFFER, fbo);
            glBindFramebuffer(GL_DRAW_FRAMEBUFFER, 0);
            int y0 = wh - out->vy - h;
            glBlitFramebuffer(0, 0, w, h, out->vx, y0, out->vx + w, y0 + h, GL_COLOR_BUFFER_BIT,
                              GL_NEAREST);
            glBindFramebuffer(GL_FRAMEBUFFER, 0);
        }
        /* Outputs sharing a window are all drawn before it is shown. */
        if (ends_window(a, i))
            frame_present(L, out);
    }
    use_output(&a->outputs[0]);
    log_caption_change(p, t, now, frame);
    return shoot_now ? DRAW_END : DRAW_OK;
}

