/* player/playloop.c: the interactive loop (app_run): input, reload,
 * displays, dark hours and the sleep timer, loops and rests, drawing every
 * output and pacing; plus the TV overlay and the soak census. */
#include "player/internal.h"

/* systemd's watchdog: one ping per interval (0 = no watchdog). */
static void ping_watchdog(double interval, double *last)
{
    double now = sdl_audio_host_now();
    if (interval > 0.0 && now - *last >= interval) {
        notify_send("WATCHDOG=1");
        *last = now;
    }
}

/* The TV overlay: shown for 3 s after any input (longer while paused), then
 * fading out over half a second. */
static void draw_overlay(player *p, double t, double now, int w, int h)
{
    if (p->overlay_since < 0.0 || !p->a->out->text)
        return;
    double age = now - p->overlay_since;
    if (clock_paused(p->clock))
        age = 0.0;
    float alpha = age < 3.0 ? 1.0f : age < 3.5 ? (float)(1.0 - (age - 3.0) / 0.5) : 0.0f;
    if (alpha <= 0.0f)
        return;
    double left = p->duration - t;
    char status[128];
    snprintf(status, sizeof status, "%s%d:%02d left", clock_paused(p->clock) ? "Paused \xc2\xb7 " : "",
             (int)(left / 60.0), (int)fmod(left, 60.0));
    captions_renderer_draw_overlay(p->a->out->text, status,
                                   "Space pause  \xc2\xb7  \xe2\x86\x90 \xe2\x86\x92 10 s  \xc2\xb7  "
                                   "\xe2\x86\x91 \xe2\x86\x93 volume  \xc2\xb7  C captions  \xc2\xb7  Esc quit",
                                   (float)(t / p->duration), alpha, 0, w, h);
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

/* At --verbose, once per loop: what a long-running kiosk must keep constant. */
static void log_census(int loop, const captions_renderer *text)
{
    if (log_get_level() < LOG_DEBUG)
        return;
    long rss_kb = -1;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f) {
        long pages, resident;
        if (fscanf(f, "%ld %ld", &pages, &resident) == 2)
            rss_kb = resident * (sysconf(_SC_PAGESIZE) / 1024);
        fclose(f);
    }
    int fds = 0;
    DIR *d = opendir("/proc/self/fd");
    if (d) {
        while (readdir(d))
            fds++;
        closedir(d);
    }
    int tex, fbo, prog;
    gl_census(&tex, &fbo, &prog);
    int caption_tex = captions_renderer_textures(text);
    log_debug("soak", "loop %d: rss %ld kB, fds %d, gl textures %d (+%d caption lines) "
              "framebuffers %d programs %d; made so far: textures %lu (+%lu caption lines) "
              "framebuffers %lu programs %lu",
              loop, rss_kb, fds - 3, tex - caption_tex, caption_tex, fbo, prog, /* ., .. and the DIR's own fd */
              gl_made.textures, gl_made.caption_textures, gl_made.framebuffers, gl_made.programs);
}

/* Seconds since the Unix epoch. Test aid: WELLSPRING_TEST_WALL_TIME=S
 * freezes it at S, so two processes can be compared frame for frame. */
static double wall_now(void)
{
    const char *fake = getenv("WELLSPRING_TEST_WALL_TIME");
    if (fake && *fake)
        return atof(fake);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void snapshot_init(snapshot_hook *h)
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

/* Draws session time t on every output, each at its own size, and shows
 * them. Returns 0; -1 on a GL failure; -2 when the run should end (the
 * screensaver's window is gone, or the snapshot hook has done its work). */
static int draw_outputs(app *a, player *p, const quality_ctl *q, snapshot_hook *snap, double t,
                        double now, double frame)
{
    int shoot_now = snap->armed && snap->t0 > 0.0 && now - snap->t0 >= snap->after;
    for (int i = 0; i < a->output_count; i++) {
        app_output *out = &a->outputs[i];
        use_output(a, out);
        if (!out->window.foreign_xid &&
            (SDL_GetWindowFlags(out->window.win) & (SDL_WINDOW_MINIMIZED | SDL_WINDOW_HIDDEN)))
            continue;
        int ww, wh;
        /* Asked every frame: resizes and moves between displays (HiDPI
         * changes) then need no special event handling. */
        if (sdl_window_drawable_size(&out->window, &ww, &wh) < 0) {
            log_info("video", "the screensaver's window is gone; ending");
            return -2;
        }
        int part = out->vw > 0;
        int w = part ? out->vw : ww, h = part ? out->vh : wh;
        GLuint fbo = part ? out->target.fbo : 0;
        if (!a->opt.no_drift) {
            drift_at(wall_now(), h, &a->drift_x, &a->drift_y);
            if (out->text)
                captions_renderer_set_offset(out->text, a->drift_x, a->drift_y);
        }
        renderer_set_quality(out->render, q->scale, q->particles);
        gl_frame_timer_begin(&out->timer);
        int drawn = draw_frame(a, t, fbo, w, h, p->captions_on);
        gl_frame_timer_end(&out->timer);
        if (drawn < 0)
            return -1;
        if (!part)
            draw_overlay(p, t, now, w, h);
        if (shoot_now) {
            char path[1200];
            snprintf(path, sizeof path, "%s/output-%d.png", snap->dir, i);
            if (save_framebuffer(fbo, w, h, path) < 0)
                return -1;
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
            frame_present(a);
    }
    use_output(a, &a->outputs[0]);
    log_caption_change(p, t, now, frame);
    return shoot_now ? -2 : 0;
}

int app_run(app *a)
{
    const options *o = &a->opt;
    sdl_window_desc wd = {
        .fullscreen = !o->windowed,
        .display = o->display,
        .w = o->window_w,
        .h = o->window_h,
        .no_dialogs = o->kiosk || app_saver_mode(a),
        .foreign_xid = app_foreign_window(a),
    };
    if (o->root || o->window_id || getenv("XSCREENSAVER_WINDOW")) {
        if (!wd.foreign_xid) {
            log_error("video", "no X window to draw into (is DISPLAY set? is the window id right?)");
            return EXIT_USAGE;
        }
        log_info("video", "drawing into X window 0x%lx", wd.foreign_xid);
    }
    int rc;
    if (!outputs_start(a, &wd, &rc))
        return rc;
    sdl_window_displays(&a->displays);
    if (!wd.foreign_xid) {
        app_output *first = &a->outputs[0];
        first->display = displays_find(&a->displays, o->display);
        if (first->display < 0 && a->displays.count)
            first->display = 0;
        if (first->display >= 0)
            memcpy(first->display_name, a->displays.d[first->display].name,
                   sizeof first->display_name);
        for (int k = 0; o->all_displays && k < a->displays.count; k++)
            if (k != first->display)
                open_output_on(a, k);
        use_output(a, first);
    } else {
        open_saver_outputs(a);
        use_output(a, &a->outputs[0]);
    }
    snapshot_hook snap;
    snapshot_init(&snap);
    double displays_checked = sdl_audio_host_now();
    SDL_ShowCursor(o->windowed && !o->kiosk ? SDL_ENABLE : SDL_DISABLE);
    int saver = app_saver_mode(a);
    player p = {.a = a, .volume = o->volume, .last_caption = -1.0,
                .captions_on = !o->no_captions && (!saver || o->captions),
                .kiosk = o->kiosk, .lock_input = o->lock_input, .esc_down = -1.0,
                .saver = o->screensaver && !wd.foreign_xid, .saver_since = sdl_audio_host_now(),
                .overlay_since = -1.0};
    sdl_audio_desc ad = {.path = a->files.audio[0] ? a->files.audio : NULL, .mute = o->mute || saver,
                         .volume = o->volume};
    p.audio = sdl_audio_open(&ad);
    p.duration = app_session_length(a, p.audio);
    a->loop_length = o->loop || o->kiosk || saver ? p.duration : 0.0;
    for (int i = 0; i < a->output_count; i++)
        captions_renderer_set_loop(a->outputs[i].text, a->loop_length);
    p.clock = clock_create(o->start, sdl_audio_host_now());
    if (!p.clock) {
        sdl_audio_close(p.audio);
        outputs_close_all(a);
        return EXIT_RUNTIME;
    }
    sdl_audio_play(p.audio, o->start);
    if (o->clock_rate != 1.0) {
        if (!o->mute)
            log_warn("player", "--clock-rate needs --mute (the narration plays at its own pace)");
        clock_set_rate(p.clock, o->clock_rate, sdl_audio_host_now());
    }
    int loops = 0;
    long long sync_loop = LLONG_MIN;
    const char *unplug = getenv("WELLSPRING_TEST_UNPLUG_AT");
    double unplug_at = unplug ? atof(unplug) : -1.0;
    quality_ctl q;
    start_quality(a, &q);
    /* Frames faster than the display shows them are waste: with --fps,
     * without vsync (Xvfb, some drivers: at the rate quality holds), and
     * where software GL's frame rate gives way (quality_pace), the loop
     * sleeps until each frame is due; otherwise the swap paces it. */
    int sleep_paced = o->fps > 0.0 || SDL_GL_GetSwapInterval() == 0;
    double last_due = 0.0;
    if (sleep_paced && o->fps <= 0.0)
        log_debug("player", "no vsync: pacing frames at %.0f fps", 1.0 / q.target_dt);
    double prev = sdl_audio_host_now(), last_frame_start = 0.0;
    /* systemd: READY after the first frame, then watchdog pings from the
     * render loop, so a hung renderer gets the service restarted. */
    double watchdog = notify_watchdog_interval(), last_ping = -1e9;
    int ready = 0;
    schedule sch = {0};
    char why[160];
    if (o->schedule)
        schedule_parse(o->schedule, &sch, why, sizeof why); /* validated with the options */
    int dark = 0;          /* 1: outside the schedule, 2: the sleep timer ran out (kiosk) */
    double run_started = sdl_audio_host_now();
    int dimmed_volume = p.volume;
    while (!p.quit && !*a->quit_flag) {
        SDL_Event e;
        sdl_window_pump_displays();
        while (SDL_PollEvent(&e))
            player_handle_event(&p, &e);
        ping_watchdog(watchdog, &last_ping); /* also while resting and paused (below) */
        if (player_chord_held(&p)) {
            /* Here, before any state can skip the rest of the loop: the
             * chord ends a kiosk that is dark, resting or paused too. */
            log_info("player", "exit chord (Esc held 3 s)");
            break;
        }
        if (a->reload_flag && *a->reload_flag) {
            *a->reload_flag = 0;
            app_reload_session(a);
        }
        sdl_audio_update(p.audio);
        double now = sdl_audio_host_now();
        double frame_start = now;
        a->present_wait = 0.0;
        sdl_audio_reattach(p.audio, clock_now(p.clock, now));

        int foreign = a->outputs[0].window.foreign_xid != 0;
        if (p.displays_changed || now - displays_checked >= 1.0) {
            /* Asked once a second as well: not every mode switch comes
             * with an event, and a TV must be right within 2 s. */
            if (!foreign || (a->outputs[0].window.foreign_xid == sdl_x11_root_window() && !o->window_id))
                follow_displays(a);
            displays_checked = now;
            p.displays_changed = 0;
        }

        /* Minimised, hidden, or no display connected (the TV is off): draw
         * nothing, sleep until something happens. */
        int visible = 0;
        for (int i = 0; i < a->output_count; i++)
            visible |= foreign || !(SDL_GetWindowFlags(a->outputs[i].window.win) &
                                    (SDL_WINDOW_MINIMIZED | SDL_WINDOW_HIDDEN));
        if (!visible || (!foreign && a->displays.count == 0)) {
            SDL_Event ev;
            if (SDL_WaitEventTimeout(&ev, 500))
                player_handle_event(&p, &ev);
            prev = sdl_audio_host_now();
            continue;
        }

        /* The display hours (--schedule) and the sleep timer (--sleep-after):
         * dark screen, sound paused, display allowed to sleep, nothing drawn. */
        int want_dark = dark == 2;
        if (o->schedule) {
            time_t wt = (time_t)wall_now();
            struct tm lt;
            localtime_r(&wt, &lt);
            int minute = lt.tm_hour * 60 + lt.tm_min;
            if (!schedule_active(&sch, minute)) {
                if (!dark)
                    log_info("schedule", "outside the display hours; dark for %d min",
                             schedule_minutes_to_next(&sch, minute));
                want_dark = 1;
            }
        }
        if (o->sleep_after > 0.0 && dark != 2) {
            double left = o->sleep_after * 60.0 - (now - run_started);
            double x = left / 60.0;
            a->dim = left >= 60.0 ? 1.0f : left <= 0.0 ? 0.0f : (float)(x * x * (3.0 - 2.0 * x));
            int vol = (int)(p.volume * a->dim + 0.5f);
            if (vol != dimmed_volume) {
                sdl_audio_set_volume(p.audio, vol);
                dimmed_volume = vol;
            }
            if (left <= 0.0) {
                log_info("player", "sleep timer: %.0f minutes are up", o->sleep_after);
                if (!o->kiosk)
                    break;
                want_dark = 2;
            }
        }
        if (want_dark) {
            if (!dark) {
                sdl_audio_pause(p.audio);
                clock_pause(p.clock, now);
                SDL_EnableScreenSaver();
                frame_show_dark(a);
            }
            dark = want_dark;
            SDL_Event ev;
            if (SDL_WaitEventTimeout(&ev, 1000))
                player_handle_event(&p, &ev);
            prev = sdl_audio_host_now();
            continue;
        }
        if (dark) {
            /* Back in the display hours: the session starts afresh. */
            log_info("schedule", "display hours begin");
            dark = 0;
            if (!saver)
                SDL_DisableScreenSaver();
            clock_resume(p.clock, now);
            player_seek(&p, 0.0);
            sdl_audio_play(p.audio, 0.0);
        }
        clock_audio_sample s;
        clock_update(p.clock, now, sdl_audio_position(p.audio, &s) ? &s : NULL);
        double t = clock_now(p.clock, now);
        if (o->sync_clock) {
            /* The room's shared position; the narration follows it. */
            double loop_len = p.duration + (o->kiosk ? o->rest : 0.0);
            sync_position sp = sync_at(wall_now(), loop_len);
            if (sp.loop != sync_loop) {
                if (sync_loop != LLONG_MIN)
                    log_census(++loops, a->out->text);
                sync_loop = sp.loop;
                log_info("player", "sync-clock: loop %lld, at %.3f s of %.3f", sp.loop, sp.t, loop_len);
                if (sp.t < p.duration) {
                    sdl_audio_play(p.audio, sp.t);
                    clock_seek(p.clock, sp.t, now);
                }
            }
            t = sp.t;
            if (t >= p.duration) {
                /* The rest between loops: dark. */
                frame_show_dark(a);
                SDL_Delay(100);
                prev = sdl_audio_host_now();
                continue;
            }
            double drift = clock_now(p.clock, now) - t;
            if (drift > 0.25 || drift < -0.25) {
                sdl_audio_seek(p.audio, t);
                clock_seek(p.clock, t, now);
            }
        }
        if (unplug_at >= 0.0 && t >= unplug_at) {
            /* Test aid (WELLSPRING_TEST_UNPLUG_AT=T): the event SDL sends
             * when the audio device is pulled out. */
            SDL_Event ev = {.type = SDL_AUDIODEVICEREMOVED};
            ev.adevice.which = sdl_audio_device_id(p.audio);
            SDL_PushEvent(&ev);
            unplug_at = -1.0;
        }
        /* The end card follows the narration's end; a narration that stops
         * before its own measured length, or while its captions still speak,
         * is what is worth a word. */
        double narration = a->narration_length > 0.0 ? a->narration_length : 0.0;
        if (a->captions && a->captions->count &&
            a->captions->cues[a->captions->count - 1].end > narration)
            narration = a->captions->cues[a->captions->count - 1].end;
        if (!p.warned_short && sdl_audio_finished(p.audio) && t < narration - 2.0) {
            log_warn("audio", "the narration ended at %.1f s, before its words do at %.1f s "
                     "(a truncated file?); going on without sound", t, narration);
            p.warned_short = 1;
        }
        if (t >= p.duration) {
            if (!o->loop && !o->kiosk && !saver)
                break; /* the choreography has faded the scene out by now */
            if (o->kiosk && o->rest > 0.0 && t < p.duration + o->rest) {
                /* The rest between loops: a dark screen, not a static card
                 * (burn-in), drawn rarely. */
                frame_show_dark(a);
                SDL_Delay(100);
                prev = sdl_audio_host_now();
                continue;
            }
            log_census(++loops, a->out->text);
            player_seek(&p, 0.0);
            sdl_audio_play(p.audio, 0.0);
            p.warned_short = 0;
            t = 0.0;
        }
        /* The frame interval for the sync log: from the last frame's start
         * (now - prev would leave out the pacing sleep, and be about 0). */
        int drawn = draw_outputs(a, &p, &q, &snap, t, now,
                                 last_frame_start > 0.0 ? now - last_frame_start : 0.0);
        last_frame_start = now;
        if (drawn < 0) {
            rc = drawn == -2 ? EXIT_OK : EXIT_RUNTIME;
            break;
        }
        if (!ready) {
            notify_send("READY=1");
            log_debug("player", "first frame up");
            ready = 1;
            /* Test aids run from here: a slow start must not eat their time. */
            sdl_window_stand_in_start();
            snap.t0 = sdl_audio_host_now();
        }

        double busy = sdl_audio_host_now() - frame_start, slept = 0.0;
        double pace = quality_pace(&q);
        if (sleep_paced || pace > q.target_dt * 1.01)
            slept = pace_frame(&last_due, frame_start, pace, a->quit_flag);
        double after = sdl_audio_host_now();
        double cost = frame_cost(a, busy, after - prev - slept, NULL);
        if (!clock_paused(p.clock))
            quality_update(&q, after, after - prev - slept, cost, !frame_is_typical(a, t));
        prev = after;
        /* Paused, the picture stands still: sleep until an event (a key, a
         * resize, an expose) or the audio ramp needs a turn, and draw again
         * only then. A paused kiosk uses next to no CPU. */
        while (clock_paused(p.clock) && !p.quit && !*a->quit_flag && !player_chord_held(&p)) {
            SDL_Event ev;
            if (SDL_WaitEventTimeout(&ev, 250)) {
                player_handle_event(&p, &ev);
                break;
            }
            sdl_audio_update(p.audio);
            ping_watchdog(watchdog, &last_ping);
        }
    }
    log_census(-1, a->out->text); /* at exit: the same census, loop -1 */
    clock_destroy(p.clock);
    sdl_audio_close(p.audio);
    outputs_close_all(a);
    return rc;
}
