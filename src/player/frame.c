/* player/frame.c: one frame, from the session time to the swap: the scene
 * at t (timeline, test aids), captions and the end card, present, pacing,
 * and what the quality controller learns from a frame's cost. */
#include "player/internal.h"

/* Paces frames `pace` seconds apart by sleeping until each is due: one pace
 * after the last was due, so the loop's own time between frames does not
 * add up; call it when the frame that began at frame_start is done. After
 * a stall of more than a frame, the cadence starts again from this frame.
 * Sleeps to the microsecond (SDL_Delay's whole milliseconds would not do).
 * Returns the seconds slept. */
double pace_frame(double *last_due, double frame_start, double pace,
                  const volatile sig_atomic_t *stop)
{
    double end = sdl_audio_host_now(), due = *last_due + pace;
    if (*last_due <= 0.0 || due < end - pace)
        due = frame_start + pace;
    *last_due = due;
    double s = due - end;
    if (s < 0.0005)
        return 0.0;
    struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
    /* A signal cuts the sleep short when it asks the program to stop. */
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR && !(stop && *stop))
        ;
    return sdl_audio_host_now() - end;
}

/* Test aid: WELLSPRING_DEBUG_SET="glow=0,fountain.rate=0" pins scene
 * parameters after the timeline, so a render test can isolate one layer by
 * comparing two renders of the same t. Malformed entries are ignored. */
static void apply_debug_set(scene_state *s)
{
    const char *spec = getenv("WELLSPRING_DEBUG_SET");
    while (spec && *spec) {
        char name[64];
        float v;
        int n = 0;
        if (sscanf(spec, "%63[^=,]=%f%n", name, &v, &n) == 2) {
            int i = timeline_param_find(name);
            const timeline_param_desc *d = i >= 0 ? timeline_param_info((size_t)i) : NULL;
            if (d && d->kind == TIMELINE_SCALAR)
                *(float *)((char *)s + d->offset) = v;
        }
        spec = strchr(spec, ',');
        spec = spec ? spec + 1 : NULL;
    }
}

static render_frame frame_at(const app *a, double t)
{
    render_frame f = {.t = t, .scene = timeline_eval(a->timeline, t)};
    apply_debug_set(&f.scene);
    return f;
}

/* Whether a frame at t tells the quality controller what frames cost: one
 * faded toward black (the end of a pass, before a loop) skips most of the
 * work, and learning from it would raise the quality just before the next
 * pass starts at full cost. */
int frame_is_typical(const app *a, double t)
{
    return timeline_eval(a->timeline, t).fade >= 0.5f;
}

/* One whole frame: the scene, then captions and the closing card at the
 * output's native resolution. Returns 0 or -1. */
int draw_frame(app *a, double t, GLuint fbo, int w, int h, int captions_on)
{
    render_frame f = frame_at(a, t);
    f.offset_x = a->drift_x;
    f.offset_y = a->drift_y;
    f.scene.fade *= a->dim;
    if (renderer_draw(a->out->render, &f, fbo, w, h) < 0)
        return -1;
    if (a->out->text) {
        if (a->captions && captions_on)
            captions_renderer_draw(a->out->text, t, fbo, w, h);
        captions_renderer_draw_card(a->out->text, "Wellspring", "Thank you for practising",
                                    f.scene.endcard, fbo, w, h);
    }
    return 0;
}

/* Draws session time t into framebuffer fbo and reads it back as RGBA rows,
 * bottom-up as GL gives them. Returns 0 or -1. */
int render_pixels(app *a, double t, GLuint fbo, int w, int h, uint8_t *pixels)
{
    if (draw_frame(a, t, fbo, w, h, !a->opt.no_captions) < 0)
        return -1;
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
    return 0;
}

/* Shows the frame drawn into the window, and keeps the CPU at most two
 * frames ahead of the GPU. */
void frame_present(app *a)
{
    double t0 = sdl_audio_host_now();
    SDL_GL_SwapWindow(a->out->window.win);
    gl_pacer_frame_done(&a->out->pacer);
    a->present_wait += sdl_audio_host_now() - t0;
}

/* Adaptive quality as the options ask: it holds --fps, or the refresh of
 * the first output's display (60 where the display does not say, or says
 * something implausible). With software GL, drawing is the CPU's own work:
 * it gets half of each frame's time, so with vsync or --fps the machine
 * idles the rest, and auto starts from the low tier; where even the lowest
 * quality takes more than half a frame, the frame rate gives way (not below
 * SOFTWARE_MIN_FPS) unless --fps says otherwise. */
#define SOFTWARE_MIN_FPS 36.0
void start_quality(const app *a, quality_ctl *q)
{
    quality_mode mode = QUALITY_AUTO;
    if (a->opt.quality)
        quality_parse(a->opt.quality, &mode);
    int hz = sdl_window_refresh(&a->outputs[0].window);
    double fps = a->opt.fps > 0 ? a->opt.fps : hz >= 24 && hz <= 500 ? hz : 60.0;
    quality_init(q, mode, fps);
    int software = gl_is_software();
    if (software) {
        quality_start_from(q, QUALITY_LOW);
        quality_set_budget(q, 0.5f);
        if (a->opt.fps <= 0.0)
            quality_set_min_fps(q, SOFTWARE_MIN_FPS);
    }
    quality_set_particles(q, a->opt.particles);
    log_debug("quality", "holding %.0f fps (display refresh %d Hz)%s", fps, hz,
              software ? "; software GL: drawing gets half of each frame" : "");
}

/* Collects the GPU times that have come in (each into `into` when given)
 * and returns the newest frame's, all outputs together, in ms; -1 where the
 * driver has no timer queries. */
static double poll_gpu_ms(app *a, frame_stats *into)
{
    double sum = 0.0;
    int known = 0;
    for (int i = 0; i < a->output_count; i++) {
        app_output *o = &a->outputs[i];
        double ms;
        use_output(a, o);
        while (gl_frame_timer_poll(&o->timer, &ms)) {
            o->gpu_ms = ms;
            if (into)
                stats_add(into, ms);
        }
        if (o->gpu_ms >= 0.0) {
            sum += o->gpu_ms;
            known = 1;
        }
    }
    use_output(a, &a->outputs[0]);
    return known ? sum : -1.0;
}

/* What a frame took to make, for the quality controller: the CPU's work
 * (`busy`, less the waits in present since the frame began: callers zero
 * present_wait then) or the GPU's time, whichever is longer; the wait for
 * the display's refresh is headroom, not cost. Where the GPU's time is
 * unknown, the interval between frames stands for it. */
double frame_cost(app *a, double busy, double interval, frame_stats *gpu_into)
{
    double gpu = poll_gpu_ms(a, gpu_into);
    double work = busy - a->present_wait;
    if (gpu < 0.0)
        return interval;
    return work > gpu / 1000.0 ? work : gpu / 1000.0;
}

/* One black frame on every window: the rest between loops, the hours off. */
void frame_show_dark(app *a)
{
    for (int i = 0; i < a->output_count; i++) {
        use_output(a, &a->outputs[i]);
        if (!ends_window(a, i))
            continue; /* one clear and one swap per window */
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
        glClearColor(0.0f, 0.0f, 0.0f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        frame_present(a);
    }
    use_output(a, &a->outputs[0]);
}
