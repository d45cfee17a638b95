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
static double pace_frame(double *last_due, double frame_start, double pace,
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
static int frame_is_typical(const app *a, double t)
{
    return timeline_eval(a->timeline, t).fade >= 0.5f;
}

/* One whole frame on output o: the scene at fc->t, then captions and the
 * closing card at the output's native resolution (an output without a
 * caption renderer draws neither; captions_renderer is safe on NULL).
 * Returns 0 or -1. */
int draw_frame(const app *a, app_output *o, const frame_ctx *fc, GLuint fbo, int w, int h)
{
    render_frame f = frame_at(a, fc->t);
    f.offset_x = fc->drift_x;
    f.offset_y = fc->drift_y;
    f.scene.fade *= fc->dim;
    if (renderer_draw(o->render, &f, fbo, w, h) < 0)
        return -1;
    if (a->captions && fc->captions_on)
        captions_renderer_draw(o->text, fc->t, fbo, w, h);
    captions_renderer_draw_card(o->text, "Wellspring", "Thank you for practising",
                                f.scene.endcard, fbo, w, h);
    return 0;
}

/* An untimed frame (offline modes): session time t on the first output,
 * no drift, full brightness, captions unless --no-captions. */
frame_ctx frame_ctx_still(const app *a, double t)
{
    return (frame_ctx){.t = t, .dim = 1.0f, .captions_on = !a->opt.no_captions};
}

/* Draws session time t into framebuffer fbo and reads it back as RGBA rows,
 * bottom-up as GL gives them. Returns 0 or -1. */
int render_pixels(app *a, double t, GLuint fbo, int w, int h, uint8_t *pixels)
{
    frame_ctx fc = frame_ctx_still(a, t);
    if (draw_frame(a, &a->outputs[0], &fc, fbo, w, h) < 0)
        return -1;
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
    return 0;
}

/* One output's picture in a timed loop: the quality the loop holds, and
 * the GPU timer around draw_frame. Returns 0 or -1. */
int frame_draw_output(const app *a, app_output *o, const frame_loop *L, const frame_ctx *fc,
                      GLuint fbo, int w, int h)
{
    renderer_set_quality(o->render, L->q.scale, L->q.particles);
    gl_frame_timer_begin(&o->timer);
    int drawn = draw_frame(a, o, fc, fbo, w, h);
    gl_frame_timer_end(&o->timer);
    return drawn;
}

/* Shows the frame drawn into output o's window, and keeps the CPU at most
 * two frames ahead of the GPU; the wait counts as L's present_wait. */
void frame_present(frame_loop *L, app_output *o)
{
    double t0 = sdl_audio_host_now();
    SDL_GL_SwapWindow(o->window.win);
    gl_pacer_frame_done(&o->pacer);
    L->present_wait += sdl_audio_host_now() - t0;
}

/* Adaptive quality as the options ask: it holds --fps, or the refresh of
 * the first output's display (60 where the display does not say, or says
 * something implausible). With software GL, drawing is the CPU's own work:
 * it gets half of each frame's time, so with vsync or --fps the machine
 * idles the rest, and auto starts from the low tier; where even the lowest
 * quality takes more than half a frame, the frame rate gives way (not below
 * SOFTWARE_MIN_FPS) unless --fps says otherwise. */
#define SOFTWARE_MIN_FPS 36.0
static void start_quality(const app *a, quality_ctl *q)
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
    /* A GLES device is most often a Raspberry Pi class board: auto starts
     * low there too (960x540 inside 1080p, 8000 particles: about a tenth of
     * a Pi 5's arithmetic at 60 fps, see docs/PERFORMANCE.md) and climbs
     * where the frames leave room, rather than start high and visibly drop. */
    int es_device = !software && gl_is_es();
    if (es_device)
        quality_start_from(q, QUALITY_LOW);
    quality_set_particles(q, a->opt.particles);
    log_debug("quality", "holding %.0f fps (display refresh %d Hz)%s", fps, hz,
              software    ? "; software GL: drawing gets half of each frame"
              : es_device ? "; OpenGL ES: auto starts from the low tier"
                          : "");
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
        use_output(o);
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
    use_output(&a->outputs[0]);
    return known ? sum : -1.0;
}

/* What a frame took to make, for the quality controller: the CPU's work
 * (`busy`, less the waits in present since frame_begin) or the GPU's
 * time, whichever is longer; the wait for the display's refresh is
 * headroom, not cost. Where the GPU's time is unknown, the interval between
 * frames stands for it. */
static double frame_cost(app *a, const frame_loop *L, double busy, double interval,
                         frame_stats *gpu_into)
{
    double gpu = poll_gpu_ms(a, gpu_into);
    double work = busy - L->present_wait;
    if (gpu < 0.0)
        return interval;
    return work > gpu / 1000.0 ? work : gpu / 1000.0;
}

void frame_loop_init(const app *a, frame_loop *L)
{
    memset(L, 0, sizeof *L);
    start_quality(a, &L->q);
    L->prev = sdl_audio_host_now();
}

void frame_begin(frame_loop *L, double now)
{
    L->start = now;
    L->present_wait = 0.0;
}

/* raylib's EndDrawing for a loop whose outputs are presented: sleeps until
 * the next frame is due (pace > 0: that many seconds after the last was
 * due), works out what the frame cost (GPU times into gpu_into when given)
 * and, with learn, tells the quality controller, which also hears whether
 * the frame at t was a typical one (frame_is_typical). */
frame_timing frame_end(app *a, frame_loop *L, double t, double pace, int learn,
                       frame_stats *gpu_into)
{
    frame_timing ft = {.busy = sdl_audio_host_now() - L->start};
    if (pace > 0.0)
        ft.slept = pace_frame(&L->last_due, L->start, pace, a->quit_flag);
    ft.after = sdl_audio_host_now();
    ft.interval = ft.after - L->prev;
    double cost = frame_cost(a, L, ft.busy, ft.interval - ft.slept, gpu_into);
    if (learn)
        quality_update(&L->q, ft.after, ft.interval - ft.slept, cost, !frame_is_typical(a, t));
    L->prev = ft.after;
    return ft;
}

void frame_each_window(app *a, frame_loop *L, window_draw_fn draw, void *user)
{
    for (int i = 0; i < a->output_count; i++) {
        app_output *out = &a->outputs[i];
        int w, h;
        use_output(out);
        if (out->vw > 0 || sdl_window_drawable_size(&out->window, &w, &h) < 0)
            continue;
        draw(a, out, w, h, user);
        if (ends_window(a, i))
            frame_present(L, out);
    }
    use_output(&a->outputs[0]);
}

/* One black frame on every window: the rest between loops, the hours off. */
void frame_show_dark(app *a, frame_loop *L)
{
    for (int i = 0; i < a->output_count; i++) {
        use_output(&a->outputs[i]);
        if (!ends_window(a, i))
            continue; /* one clear and one swap per window */
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
        glClearColor(0.0f, 0.0f, 0.0f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        frame_present(L, &a->outputs[i]);
    }
    use_output(&a->outputs[0]);
}
