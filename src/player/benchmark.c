/* player/benchmark.c: --benchmark: every phase of the session on the
 * real-time clock, drawn, presented and paced by the player's own frame
 * step (frame_draw_output, frame_present, frame_end), with frame-time,
 * CPU, GPU-pass and memory figures. */
#include "player/internal.h"

static double cpu_seconds(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
           ru.ru_stime.tv_usec / 1e6;
}

/* What the benchmark measures as it goes. */
typedef struct bench {
    app *a;
    frame_loop loop;
    double duration;       /* the session's length: the loop segment's place */
    frame_stats all, at_caption, gpu, at_loop;
    gl_pass_timer passes;
    double first_frame_ms; /* startup to the first frame; -1 before it */
    double wall0, cpu0;    /* when the counted phases began */
    double wall, cpu;      /* the counted phases' wall and CPU time */
    double loop_worst_ms, loop_worst_t;
    double idle_pct;       /* CPU while hidden, % of a core; -1: not measured */
    long caption_prev;     /* the cue of the last frame; -2: none yet */
    int w, h;
} bench;

/* The frame's figures: the phases' frames, the loop's, the caption
 * changes'. Warm-up frames and stalls of a second or more count nowhere. */
static void bench_count(bench *b, double t, const frame_timing *ft, double begin, int loop_segment)
{
    if (ft->interval >= 1.0)
        return;
    double ms = ft->interval * 1000.0;
    /* The loop's frames are reported on their own: they repeat the last and
     * first phases. */
    int near_loop = t >= b->duration - 2.0 || t < 2.0;
    if (!loop_segment)
        stats_add(&b->all, ms);
    else if (near_loop)
        stats_add(&b->at_loop, ms);
    if (loop_segment && near_loop && ms > b->loop_worst_ms) {
        b->loop_worst_ms = ms;
        b->loop_worst_t = t;
    }
    long cue = b->a->captions ? captions_cue_at(b->a->captions, t) : -1;
    if (cue != b->caption_prev && b->caption_prev != -2 && ft->after - begin > 0.05)
        stats_add(&b->at_caption, ms);
    b->caption_prev = cue;
}

/* `length` seconds of session time from `from`, on the real-time clock,
 * each frame drawn and ended as the player's are. Returns an exit code. */
static int bench_segment(bench *b, double from, double length, int warm_up, int loop_segment)
{
    app *a = b->a;
    app_output *o = &a->outputs[0];
    double pace = a->opt.fps > 0.0 ? 1.0 / a->opt.fps : 0.0; /* --fps: paced as the player
                                                              * paces, so the CPU figure is what
                                                              * the player costs at that rate */
    double begin = sdl_audio_host_now();
    b->loop.prev = begin;
    for (;;) {
        SDL_Event e;
        while (SDL_PollEvent(&e))
            if (e.type == SDL_QUIT)
                *a->quit_flag = 1;
        double now = sdl_audio_host_now();
        if (now - begin >= length || *a->quit_flag)
            return EXIT_OK;
        double t = from + (now - begin);
        if (t >= b->duration)
            t -= b->duration; /* the next pass */
        frame_begin(&b->loop, now);
        sdl_window_drawable_size(&o->window, &b->w, &b->h);
        frame_ctx fc = {.t = t, .dim = 1.0f, .captions_on = 1};
        int drawn = frame_draw_output(a, o, &b->loop, &fc, 0, b->w, b->h);
        gl_pass_timer_mark(&b->passes, RENDER_PASS_COUNT + 1); /* captions */
        gl_pass_timer_frame_end(&b->passes);
        gl_pass_timer_poll(&b->passes, 0);
        if (drawn < 0)
            return EXIT_RUNTIME;
        frame_present(&b->loop, o);
        int first = b->first_frame_ms < 0.0;
        if (first)
            b->first_frame_ms = (sdl_audio_host_now() - a->started) * 1000.0;
        /* The first frame is startup, not a frame time. */
        frame_timing ft = frame_end(a, &b->loop, t, pace, !first,
                                    warm_up || loop_segment ? NULL : &b->gpu);
        if (!first && !warm_up)
            bench_count(b, t, &ft, begin, loop_segment);
    }
}

/* A few seconds from inside each phase, on the real-time clock, and then
 * the loop point: the frames of the last 2 s of a pass and the first 2 of
 * the next, as a saver or kiosk loop shows them. Segment 0 is a 3 s warm-up
 * from the session's start, not counted: the first frames compile shaders
 * and auto quality finds its level. */
static int bench_phases(bench *b)
{
    app *a = b->a;
    size_t phases = timeline_phase_count(a->timeline);
    if (phases == 0)
        phases = 1;
    double per_phase = a->opt.seconds / (double)phases;
    int rc = EXIT_OK;
    for (size_t seg = 0; seg <= phases + 1 && !*a->quit_flag && rc == EXIT_OK; seg++) {
        int warm_up = seg == 0, loop_segment = seg == phases + 1;
        if (seg == 1) {
            b->wall0 = sdl_audio_host_now();
            b->cpu0 = cpu_seconds();
            if (gl_pass_timer_init(&b->passes) == 0) /* the phases' frames, per pass */
                renderer_time_passes(a->outputs[0].render, &b->passes);
        }
        if (loop_segment) { /* the figures above are the phases' alone */
            renderer_time_passes(a->outputs[0].render, NULL);
            b->wall = sdl_audio_host_now() - b->wall0;
            b->cpu = cpu_seconds() - b->cpu0;
        }
        /* The loop segment starts 5 s early, so the jump into it (the end
         * card appearing at once, say) is not taken for the loop's cost. */
        double from = warm_up        ? 0.0
                      : loop_segment ? b->duration - 5.0
                                     : timeline_phase_start(a->timeline, seg - 1) + 3.0;
        double length = warm_up ? 3.0 : loop_segment ? 7.0 : per_phase;
        rc = bench_segment(b, from, length, warm_up, loop_segment);
        b->caption_prev = -2; /* a jump to the next phase is not a caption change */
    }
    if (*a->quit_flag && b->wall == 0.0) { /* stopped before the loop segment */
        b->wall = sdl_audio_host_now() - b->wall0;
        b->cpu = cpu_seconds() - b->cpu0;
    }
    return rc;
}

/* Idle: the window hidden (a display off, a minimised window) for 2 s,
 * waiting on events as the player does then. */
static void bench_idle(bench *b)
{
    app *a = b->a;
    sdl_window *win = &a->outputs[0].window;
    if (*a->quit_flag || win->foreign_xid)
        return;
    SDL_HideWindow(win->win);
    double i0 = sdl_audio_host_now(), c0 = cpu_seconds();
    while (sdl_audio_host_now() - i0 < 2.0 && !*a->quit_flag) {
        SDL_Event e;
        if ((SDL_GetWindowFlags(win->win) & SDL_WINDOW_HIDDEN) && SDL_WaitEventTimeout(&e, 500) &&
            e.type == SDL_QUIT)
            *a->quit_flag = 1;
    }
    b->idle_pct = (cpu_seconds() - c0) / (sdl_audio_host_now() - i0) * 100.0;
}

/* The mean GPU time of each pass, as text and as JSON members. */
static void bench_pass_text(bench *b, char *text, size_t tsize, char *json, size_t jsize)
{
    static const char *const pass_names[RENDER_PASS_COUNT + 1] = {
        "scene", "particles", "bloom", "tonemap", "upscale", "captions"};
    gl_pass_timer_poll(&b->passes, 1);
    text[0] = json[0] = '\0';
    for (int i = 0; b->passes.frames && i <= RENDER_PASS_COUNT; i++) {
        double ms = b->passes.sum_ms[i] / (double)b->passes.frames;
        size_t n = strlen(text), m = strlen(json);
        snprintf(text + n, tsize - n, "%s%s %.2f", i ? ", " : "", pass_names[i], ms);
        snprintf(json + m, jsize - m, "%s\"%s\":%.3f", i ? "," : "", pass_names[i], ms);
    }
}

/* The table and the JSON line. Its one long printf is the JSON line's
 * fields in order; it stays whole so the line reads as it prints. */
static void bench_report(bench *b)
{
    const options *o = &b->a->opt;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    char qdesc[64], pass_text[256], pass_json[256];
    quality_describe(&b->loop.q, qdesc, sizeof qdesc);
    bench_pass_text(b, pass_text, sizeof pass_text, pass_json, sizeof pass_json);
    size_t phases = timeline_phase_count(b->a->timeline);
    double p50 = stats_percentile(&b->all, 50), p95 = stats_percentile(&b->all, 95);
    double p99 = stats_percentile(&b->all, 99), mx = stats_max(&b->all);
    double fps = b->wall > 0 ? (double)b->all.count / b->wall : 0.0;
    double cpu_ms = b->all.count ? b->cpu * 1000.0 / b->all.count : 0.0;
    double cap_max = stats_max(&b->at_caption), cap_p50 = stats_percentile(&b->at_caption, 50);
    double gpu50 = stats_percentile(&b->gpu, 50), gpu95 = stats_percentile(&b->gpu, 95);
    const char *api = gl_is_es() ? "es" : "core";
    printf("Wellspring benchmark: %dx%d, %.0f s over %zu phases, video driver %s, %s, %s%s "
           "(--gl %s)\n", b->w, b->h, o->seconds, phases ? phases : 1, SDL_GetCurrentVideoDriver(),
           (const char *)glGetString(GL_RENDERER), gl_is_es() ? "" : "OpenGL ",
           (const char *)glGetString(GL_VERSION), api);
    printf("  %-28s %ld\n", "frames", (long)b->all.count);
    printf("  %-28s %.1f\n", "fps", fps);
    printf("  %-28s %.2f / %.2f / %.2f / %.2f ms\n", "frame time p50/p95/p99/max", p50, p95, p99, mx);
    printf("  %-28s %.2f ms\n", "CPU per frame (process)", cpu_ms);
    printf("  %-28s %.1f MB\n", "peak RSS", ru.ru_maxrss / 1024.0);
    char steps[256];
    startup_describe(b->first_frame_ms / 1000.0, steps, sizeof steps);
    printf("  %-28s %.0f ms (%s)\n", "startup to first frame", b->first_frame_ms, steps);
    printf("  %-28s %zu frames, median %.2f ms, slowest %.2f ms\n", "frames at caption changes",
           b->at_caption.count, cap_p50, cap_max);
    if (b->gpu.count)
        printf("  %-28s %.2f / %.2f / %.2f ms\n", "GPU time p50/p95/max", gpu50, gpu95,
               stats_max(&b->gpu));
    else
        printf("  %-28s not available (no timer queries)\n", "GPU time");
    if (b->passes.frames)
        printf("  %-28s %s ms\n", "GPU time per pass, mean", pass_text);
    printf("  %-28s %zu frames, slowest %.2f ms (at %.2f s)\n", "frames within 2 s of a loop",
           b->at_loop.count, stats_max(&b->at_loop), b->loop_worst_t);
    printf("  %-28s %.1f%% of a core\n", "CPU while hidden", b->idle_pct);
    printf("  %-28s %s\n", "quality settled at", qdesc);
    /* Flat out the benchmark shows what the machine can draw; the player
     * paces (the refresh, --fps, or slower where software GL gives way). */
    double pace_fps = 1.0 / quality_pace(&b->loop.q);
    printf("  %-28s %.1f fps\n", "the player would pace at", pace_fps);
    printf("{\"size\":\"%dx%d\",\"gl\":\"%s\",\"frames\":%ld,\"fps\":%.2f,\"p50_ms\":%.3f,\"p95_ms\":%.3f,"
           "\"p99_ms\":%.3f,\"max_ms\":%.3f,\"cpu_ms_per_frame\":%.3f,\"peak_rss_mb\":%.1f,"
           "\"startup_ms\":%.1f,\"caption_change_frames\":%zu,\"caption_change_p50_ms\":%.3f,"
           "\"caption_change_max_ms\":%.3f,\"gpu_p50_ms\":%.3f,\"gpu_p95_ms\":%.3f,"
           "\"loop_frames\":%zu,\"loop_max_ms\":%.3f,\"idle_cpu_pct\":%.2f,\"quality\":\"%s\","
           "\"gpu_pass_ms\":{%s},\"player_pace_fps\":%.1f}\n",
           b->w, b->h, api, (long)b->all.count, fps, p50, p95, p99, mx, cpu_ms, ru.ru_maxrss / 1024.0,
           b->first_frame_ms, b->at_caption.count, cap_p50, cap_max, b->gpu.count ? gpu50 : -1.0,
           b->gpu.count ? gpu95 : -1.0, b->at_loop.count, stats_max(&b->at_loop), b->idle_pct,
           qdesc, pass_json, pace_fps);
}

static void bench_free(bench *b)
{
    gl_pass_timer_destroy(&b->passes);
    stats_free(&b->gpu);
    stats_free(&b->at_loop);
    stats_free(&b->all);
    stats_free(&b->at_caption);
}

int app_run_benchmark(app *a)
{
    mode_settings size = mode_settings_for(&a->opt, MODE_BENCHMARK);
    sdl_window_desc wd = {.w = size.w, .h = size.h};
    int rc;
    if (!outputs_start(a, &wd, &rc))
        return rc;
    bench b = {.a = a, .first_frame_ms = -1.0, .idle_pct = -1.0, .caption_prev = -2,
               .w = size.w, .h = size.h};
    if (stats_init(&b.all, STATS_MAX_SAMPLES) < 0 || stats_init(&b.at_caption, 4096) < 0 ||
        stats_init(&b.gpu, STATS_MAX_SAMPLES) < 0 || stats_init(&b.at_loop, 4096) < 0) {
        bench_free(&b);
        outputs_close_all(a);
        return EXIT_RUNTIME;
    }
    frame_loop_init(a, &b.loop);
    b.duration = app_session_length(a, NULL);
    captions_renderer_set_loop(a->outputs[0].text, b.duration);
    rc = bench_phases(&b);
    bench_idle(&b);
    bench_report(&b);
    bench_free(&b);
    outputs_close_all(a);
    return rc;
}
