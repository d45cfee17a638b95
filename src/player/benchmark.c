/* player/benchmark.c: --benchmark: every phase of the session on the
 * real-time clock, drawn and paced as the player draws and paces, with
 * frame-time, CPU, GPU-pass and memory figures. */
#include "player/internal.h"

static double cpu_seconds(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
           ru.ru_stime.tv_usec / 1e6;
}

int app_run_benchmark(app *a)
{
    const options *o = &a->opt;
    mode_settings size = mode_settings_for(o, MODE_BENCHMARK);
    int w = size.w, h = size.h;
    sdl_window_desc wd = {.w = w, .h = h};
    int rc;
    if (!outputs_start(a, &wd, &rc))
        return rc;
    quality_ctl q;
    start_quality(a, &q);
    frame_stats all, at_caption, gpu, at_loop;
    if (stats_init(&all, STATS_MAX_SAMPLES) < 0 || stats_init(&at_caption, 4096) < 0 ||
        stats_init(&gpu, STATS_MAX_SAMPLES) < 0 || stats_init(&at_loop, 4096) < 0) {
        stats_free(&all);
        stats_free(&at_caption);
        stats_free(&gpu);
        stats_free(&at_loop);
        outputs_close_all(a);
        return EXIT_RUNTIME;
    }
    size_t phases = timeline_phase_count(a->timeline);
    if (phases == 0)
        phases = 1;
    double per_phase = o->seconds / (double)phases;
    double first_frame_ms = -1.0, cpu0 = 0.0, wall0 = 0.0;
    long caption_prev = -2;
    double duration = app_session_length(a, NULL);
    captions_renderer_set_loop(a->out->text, duration);
    double wall = 0.0, cpu = 0.0, loop_worst_ms = 0.0, loop_worst_t = 0.0;
    gl_pass_timer passes;
    memset(&passes, 0, sizeof passes);
    double last_due = 0.0; /* --fps pacing */
    /* A few seconds from inside each phase, on the real-time clock, and then
     * the loop point: the frames of the last 2 s of a pass and the first 2 of
     * the next, as a saver or kiosk loop shows them. */
    /* Segment 0 is a 3 s warm-up from the session's start, not counted: the
     * first frames compile shaders and auto quality finds its level. */
    for (size_t seg = 0; seg <= phases + 1 && !*a->quit_flag; seg++) {
        int warm_up = seg == 0, loop_segment = seg == phases + 1;
        size_t ph = seg - 1;
        if (seg == 1) {
            wall0 = sdl_audio_host_now();
            cpu0 = cpu_seconds();
            if (gl_pass_timer_init(&passes) == 0) /* the phases' frames, per pass */
                renderer_time_passes(a->out->render, &passes);
        }
        if (loop_segment) { /* the figures above are the phases' alone */
            renderer_time_passes(a->out->render, NULL);
            wall = sdl_audio_host_now() - wall0;
            cpu = cpu_seconds() - cpu0;
        }
        /* The loop segment starts 5 s early, so the jump into it (the end
         * card appearing at once, say) is not taken for the loop's cost. */
        double from = warm_up        ? 0.0
                      : loop_segment ? duration - 5.0
                                     : timeline_phase_start(a->timeline, ph) + 3.0;
        double length = warm_up ? 3.0 : loop_segment ? 7.0 : per_phase;
        double begin = sdl_audio_host_now(), prev = begin;
        for (;;) {
            SDL_Event e;
            while (SDL_PollEvent(&e))
                if (e.type == SDL_QUIT)
                    *a->quit_flag = 1;
            double now = sdl_audio_host_now();
            if (now - begin >= length || *a->quit_flag)
                break;
            double t = from + (now - begin);
            if (t >= duration)
                t -= duration; /* the next pass */
            sdl_window_drawable_size(&a->out->window, &w, &h);
            renderer_set_quality(a->out->render, q.scale, q.particles);
            a->present_wait = 0.0;
            gl_frame_timer_begin(&a->out->timer);
            int drawn = draw_frame(a, t, 0, w, h, 1);
            gl_pass_timer_mark(&passes, RENDER_PASS_COUNT + 1); /* captions */
            gl_pass_timer_frame_end(&passes);
            gl_pass_timer_poll(&passes, 0);
            gl_frame_timer_end(&a->out->timer);
            if (drawn < 0) {
                rc = EXIT_RUNTIME;
                break;
            }
            frame_present(a);
            double after = sdl_audio_host_now(), busy = after - now, slept = 0.0;
            int first = first_frame_ms < 0.0;
            if (first)
                first_frame_ms = (after - a->started) * 1000.0;
            if (o->fps > 0.0) {
                /* --fps: paced as the player paces, so the CPU figure is
                 * what the player costs at that rate. */
                slept = pace_frame(&last_due, now, 1.0 / o->fps, a->quit_flag);
                after += slept;
            }
            double cost = frame_cost(a, busy, after - prev - slept,
                                     warm_up || loop_segment ? NULL : &gpu);
            int dark = !frame_is_typical(a, t);
            if (first) {
                /* startup, not a frame time */
            } else if (warm_up) {
                quality_update(&q, after, after - prev - slept, cost, dark);
            } else if (after - prev < 1.0) {
                double ms = (after - prev) * 1000.0;
                /* The loop's frames are reported on their own: they repeat
                 * the last and first phases. */
                int near_loop = t >= duration - 2.0 || t < 2.0;
                if (!loop_segment)
                    stats_add(&all, ms);
                else if (near_loop)
                    stats_add(&at_loop, ms);
                if (loop_segment && near_loop && ms > loop_worst_ms) {
                    loop_worst_ms = ms;
                    loop_worst_t = t;
                }
                long cue = a->captions ? captions_cue_at(a->captions, t) : -1;
                if (cue != caption_prev && caption_prev != -2 && after - begin > 0.05)
                    stats_add(&at_caption, ms);
                caption_prev = cue;
                quality_update(&q, after, after - prev - slept, cost, dark);
            }
            prev = after;
        }
        caption_prev = -2; /* a jump to the next phase is not a caption change */
    }
    if (*a->quit_flag && wall == 0.0) { /* stopped before the loop segment */
        wall = sdl_audio_host_now() - wall0;
        cpu = cpu_seconds() - cpu0;
    }
    /* Idle: the window hidden (a display off, a minimised window) for 2 s,
     * waiting on events as the player does then. */
    double idle_pct = -1.0;
    if (!*a->quit_flag && !a->out->window.foreign_xid) {
        SDL_HideWindow(a->out->window.win);
        double i0 = sdl_audio_host_now(), c0 = cpu_seconds();
        while (sdl_audio_host_now() - i0 < 2.0 && !*a->quit_flag) {
            SDL_Event e;
            if ((SDL_GetWindowFlags(a->out->window.win) & SDL_WINDOW_HIDDEN) &&
                SDL_WaitEventTimeout(&e, 500) && e.type == SDL_QUIT)
                *a->quit_flag = 1;
        }
        idle_pct = (cpu_seconds() - c0) / (sdl_audio_host_now() - i0) * 100.0;
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    char qdesc[64];
    quality_describe(&q, qdesc, sizeof qdesc);
    double p50 = stats_percentile(&all, 50), p95 = stats_percentile(&all, 95);
    double p99 = stats_percentile(&all, 99), mx = stats_max(&all);
    double fps = wall > 0 ? (double)all.count / wall : 0.0;
    double cap_max = stats_max(&at_caption);
    printf("Wellspring benchmark: %dx%d, %.0f s over %zu phases, video driver %s, %s\n", w, h,
           o->seconds, phases, SDL_GetCurrentVideoDriver(), (const char *)glGetString(GL_RENDERER));
    printf("  %-28s %ld\n", "frames", (long)all.count);
    printf("  %-28s %.1f\n", "fps", fps);
    printf("  %-28s %.2f / %.2f / %.2f / %.2f ms\n", "frame time p50/p95/p99/max", p50, p95, p99, mx);
    printf("  %-28s %.2f ms\n", "CPU per frame (process)", all.count ? cpu * 1000.0 / all.count : 0.0);
    printf("  %-28s %.1f MB\n", "peak RSS", ru.ru_maxrss / 1024.0);
    printf("  %-28s %.0f ms\n", "startup to first frame", first_frame_ms);
    double cap_p50 = stats_percentile(&at_caption, 50);
    printf("  %-28s %zu frames, median %.2f ms, slowest %.2f ms\n", "frames at caption changes",
           at_caption.count, cap_p50, cap_max);
    double gpu50 = stats_percentile(&gpu, 50), gpu95 = stats_percentile(&gpu, 95);
    if (gpu.count)
        printf("  %-28s %.2f / %.2f / %.2f ms\n", "GPU time p50/p95/max", gpu50, gpu95,
               stats_max(&gpu));
    else
        printf("  %-28s not available (no timer queries)\n", "GPU time");
    gl_pass_timer_poll(&passes, 1);
    static const char *const pass_names[RENDER_PASS_COUNT + 1] = {
        "scene", "particles", "bloom", "tonemap", "upscale", "captions"};
    char pass_text[256] = "", pass_json[256] = "";
    for (int i = 0; passes.frames && i <= RENDER_PASS_COUNT; i++) {
        double ms = passes.sum_ms[i] / (double)passes.frames;
        size_t n = strlen(pass_text), m = strlen(pass_json);
        snprintf(pass_text + n, sizeof pass_text - n, "%s%s %.2f", i ? ", " : "", pass_names[i], ms);
        snprintf(pass_json + m, sizeof pass_json - m, "%s\"%s\":%.3f", i ? "," : "", pass_names[i], ms);
    }
    if (passes.frames)
        printf("  %-28s %s ms\n", "GPU time per pass, mean", pass_text);
    gl_pass_timer_destroy(&passes);
    printf("  %-28s %zu frames, slowest %.2f ms (at %.2f s)\n", "frames within 2 s of a loop",
           at_loop.count, stats_max(&at_loop), loop_worst_t);
    printf("  %-28s %.1f%% of a core\n", "CPU while hidden", idle_pct);
    printf("  %-28s %s\n", "quality settled at", qdesc);
    /* Flat out the benchmark shows what the machine can draw; the player
     * paces (the refresh, --fps, or slower where software GL gives way). */
    double pace_fps = 1.0 / quality_pace(&q);
    printf("  %-28s %.1f fps\n", "the player would pace at", pace_fps);
    printf("{\"size\":\"%dx%d\",\"frames\":%ld,\"fps\":%.2f,\"p50_ms\":%.3f,\"p95_ms\":%.3f,"
           "\"p99_ms\":%.3f,\"max_ms\":%.3f,\"cpu_ms_per_frame\":%.3f,\"peak_rss_mb\":%.1f,"
           "\"startup_ms\":%.1f,\"caption_change_frames\":%zu,\"caption_change_p50_ms\":%.3f,"
           "\"caption_change_max_ms\":%.3f,\"gpu_p50_ms\":%.3f,\"gpu_p95_ms\":%.3f,"
           "\"loop_frames\":%zu,\"loop_max_ms\":%.3f,\"idle_cpu_pct\":%.2f,\"quality\":\"%s\","
           "\"gpu_pass_ms\":{%s},\"player_pace_fps\":%.1f}\n",
           w, h, (long)all.count, fps, p50, p95, p99, mx,
           all.count ? cpu * 1000.0 / all.count : 0.0, ru.ru_maxrss / 1024.0, first_frame_ms,
           at_caption.count, cap_p50, cap_max, gpu.count ? gpu50 : -1.0,
           gpu.count ? gpu95 : -1.0, at_loop.count, stats_max(&at_loop), idle_pct, qdesc, pass_json, pace_fps);
    stats_free(&gpu);
    stats_free(&at_loop);
    stats_free(&all);
    stats_free(&at_caption);
    outputs_close_all(a);
    return rc;
}
