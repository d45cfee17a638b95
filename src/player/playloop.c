/* player/playloop.c: the interactive loop (app_run). Like mpv's playloop,
 * one pass of it is a flat list of named steps (run_frame): poll input,
 * reload, follow displays, idle if hidden, display hours and sleep timer,
 * sync clock, loop end, draw, pace, pause idle. Each step returns whether
 * the frame goes on, is done (the next pass begins) or the run ends. Plus
 * the TV overlay and the soak census. */
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

/* Waits for one event, at most ms milliseconds, and handles it: the loop
 * sleeps here while hidden, dark or paused. Returns 1 when one came. */
static int idle_until_event(player *p, int ms)
{
    SDL_Event ev;
    if (!SDL_WaitEventTimeout(&ev, ms))
        return 0;
    player_handle_event(p, &ev);
    return 1;
}

/* Plays from session time t: the clock and the narration go there together. */
static void play_from(player *p, double t)
{
    player_seek(p, t);
    sdl_audio_play(p->audio, t);
}

/* The rest between loops: a dark screen, not a static card (burn-in),
 * drawn rarely. */
static step rest_dark(playloop *pl)
{
    frame_show_dark(pl->a, &pl->L);
    SDL_Delay(100);
    pl->L.prev = sdl_audio_host_now();
    return STEP_DONE;
}

/* Events, the watchdog and the kiosk's exit chord: here, before any state
 * can skip the rest of the pass, so the chord ends a kiosk that is dark,
 * resting or paused too. */
static step poll_input(playloop *pl)
{
    SDL_Event e;
    sdl_window_pump_displays();
    while (SDL_PollEvent(&e))
        if (!playlib_event(pl, &e))
            player_handle_event(&pl->p, &e);
    if (pl->menu.open && pl->p.quit)
        return STEP_END;
    if (pl->p.to_menu) {
        pl->p.to_menu = 0;
        playlib_stop_to_menu(pl);
    }
    ping_watchdog(pl->watchdog, &pl->last_ping); /* also while resting and paused */
    if (player_chord_held(&pl->p)) {
        log_info("player", "exit chord (Esc held 3 s)");
        return STEP_END;
    }
    return STEP_ON;
}

static void reload_if_asked(app *a)
{
    if (a->reload_flag && *a->reload_flag) {
        *a->reload_flag = 0;
        app_reload_session(a, "SIGHUP");
    }
}

/* The audio's turn, and the frame's start (its pacing counts from here). */
static void begin_pass(playloop *pl)
{
    sdl_audio_update(pl->p.audio);
    pl->now = sdl_audio_host_now();
    frame_begin(&pl->L, pl->now);
    sdl_audio_reattach(pl->p.audio, clock_now(pl->p.clock, pl->now));
}

/* After an event, and once a second as well: not every mode switch comes
 * with an event, and a TV must be right within 2 s. An embedding host's
 * window is its own business, but for the root window. */
static void follow_displays_when_due(playloop *pl)
{
    app *a = pl->a;
    unsigned long xid = a->outputs[0].window.foreign_xid;
    if (!pl->p.displays_changed && pl->now - pl->displays_checked < 1.0)
        return;
    if (!xid || (xid == sdl_x11_root_window() && !a->opt.window_id))
        follow_displays(a);
    pl->displays_checked = pl->now;
    pl->p.displays_changed = 0;
}

/* Minimised, hidden, or no display connected (the TV is off): draw
 * nothing, sleep until something happens. */
static step idle_if_hidden(playloop *pl)
{
    app *a = pl->a;
    int foreign = a->outputs[0].window.foreign_xid != 0, visible = 0;
    for (int i = 0; i < a->output_count; i++)
        visible |= foreign || !(SDL_GetWindowFlags(a->outputs[i].window.win) &
                                (SDL_WINDOW_MINIMIZED | SDL_WINDOW_HIDDEN));
    if (visible && (foreign || a->displays.count > 0))
        return STEP_ON;
    idle_until_event(&pl->p, 500);
    pl->L.prev = sdl_audio_host_now();
    return STEP_DONE;
}

/* --schedule: whether now is outside the display hours (said as it begins). */
static int outside_display_hours(const playloop *pl)
{
    if (!pl->a->opt.schedule)
        return 0;
    int minute = local_minute_now();
    if (schedule_active(&pl->sch, minute))
        return 0;
    if (pl->dark == LIT)
        log_info("schedule", "outside the display hours; dark for %d min",
                 schedule_minutes_to_next(&pl->sch, minute));
    return 1;
}

/* --sleep-after: the last minute fades the picture and the sound out.
 * Returns 1 when the time is up. */
static int sleep_timer_up(playloop *pl)
{
    const options *o = &pl->a->opt;
    double left = o->sleep_after * 60.0 - (pl->now - pl->run_started);
    double x = left / 60.0;
    pl->p.dim = left >= 60.0 ? 1.0f : left <= 0.0 ? 0.0f : (float)(x * x * (3.0 - 2.0 * x));
    int vol = (int)(pl->p.volume * pl->p.dim + 0.5f);
    if (vol != pl->dimmed_volume) {
        sdl_audio_set_volume(pl->p.audio, vol);
        pl->dimmed_volume = vol;
    }
    if (left > 0.0)
        return 0;
    log_info("player", "sleep timer: %g minutes are up", o->sleep_after);
    return 1;
}

/* Dark (want != LIT): sound paused, the display allowed to sleep, one
 * black frame, then nothing drawn. Lit again after the display hours'
 * break: the session starts afresh. */
static step set_dark(playloop *pl, dark_state want)
{
    player *p = &pl->p;
    if (want != LIT) {
        if (pl->dark == LIT) {
            sdl_audio_pause(p->audio);
            clock_pause(p->clock, pl->now);
            SDL_EnableScreenSaver();
            frame_show_dark(pl->a, &pl->L);
        }
        pl->dark = want;
        idle_until_event(p, 1000);
        pl->L.prev = sdl_audio_host_now();
        return STEP_DONE;
    }
    if (pl->dark != LIT) {
        log_info("schedule", "display hours begin");
        pl->dark = LIT;
        if (!pl->saver)
            SDL_DisableScreenSaver();
        clock_resume(p->clock, pl->now);
        if (!playlib_scheduled(pl)) /* a range that names its own session plays it */
            play_from(p, 0.0);
    }
    return STEP_ON;
}

/* The display hours (--schedule) and the sleep timer (--sleep-after): a
 * sleep timer that runs out ends the run, but a kiosk's, which goes dark. */
static step display_hours_and_sleep_timer(playloop *pl)
{
    const options *o = &pl->a->opt;
    /* A kiosk's sleep timer that ran out keeps it dark for good, display
     * hours or not (before, the hours took over and the timer ran out again
     * every second, logging it each time). */
    dark_state want = pl->dark == DARK_SLEEP ? DARK_SLEEP : outside_display_hours(pl) ? DARK_HOURS : LIT;
    if (o->sleep_after > 0.0 && want != DARK_SLEEP && sleep_timer_up(pl)) {
        if (!o->kiosk)
            return STEP_END;
        want = DARK_SLEEP;
    }
    return set_dark(pl, want);
}

/* The session time from the clock; with --sync-clock, the room's shared
 * position, which the narration follows. */
static step sync_clock(playloop *pl)
{
    app *a = pl->a;
    player *p = &pl->p;
    const options *o = &a->opt;
    clock_audio_sample s;
    clock_update(p->clock, pl->now, sdl_audio_position(p->audio, &s) ? &s : NULL);
    pl->t = clock_now(p->clock, pl->now);
    if (!o->sync_clock)
        return STEP_ON;
    double loop_len = p->duration + (o->kiosk ? o->rest : 0.0);
    sync_position sp = sync_at(wall_now(), loop_len);
    if (sp.loop != pl->sync_loop) {
        if (pl->sync_loop != LLONG_MIN)
            log_census(++pl->loops, a->outputs[0].text);
        pl->sync_loop = sp.loop;
        log_info("player", "sync-clock: loop %lld, at %.3f s of %.3f", sp.loop, sp.t, loop_len);
        if (sp.t < p->duration) {
            sdl_audio_play(p->audio, sp.t);
            clock_seek(p->clock, sp.t, pl->now);
        }
    }
    pl->t = sp.t;
    if (pl->t >= p->duration)
        return rest_dark(pl);
    double drift = clock_now(p->clock, pl->now) - pl->t;
    if (drift > 0.25 || drift < -0.25) {
        sdl_audio_seek(p->audio, pl->t);
        clock_seek(p->clock, pl->t, pl->now);
    }
    return STEP_ON;
}

/* Test aid (WELLSPRING_TEST_UNPLUG_AT=T): the event SDL sends when the
 * audio device is pulled out. */
static void test_unplug(playloop *pl)
{
    if (pl->unplug_at < 0.0 || pl->t < pl->unplug_at)
        return;
    SDL_Event ev = {.type = SDL_AUDIODEVICEREMOVED};
    ev.adevice.which = sdl_audio_device_id(pl->p.audio);
    SDL_PushEvent(&ev);
    pl->unplug_at = -1.0;
}

/* The end card follows the narration's end; a narration that stops before
 * its own measured length, or while its captions still speak, is what is
 * worth a word (once a pass). */
static void warn_short_narration(playloop *pl)
{
    const app *a = pl->a;
    double narration = a->narration_length > 0.0 ? a->narration_length : 0.0;
    if (a->captions && a->captions->count &&
        a->captions->cues[a->captions->count - 1].end > narration)
        narration = a->captions->cues[a->captions->count - 1].end;
    if (!pl->p.warned_short && sdl_audio_finished(pl->p.audio) && pl->t < narration - 2.0) {
        log_warn("audio", "the narration ended at %.1f s, before its words do at %.1f s "
                 "(a truncated file?); going on without sound", pl->t, narration);
        pl->p.warned_short = 1;
    }
}

/* The session's end: the run ends (the choreography has faded the scene
 * out by now), or, looping, a kiosk rests and then the next pass starts. */
static step loop_end(playloop *pl)
{
    const options *o = &pl->a->opt;
    player *p = &pl->p;
    if (pl->t < p->duration)
        return STEP_ON;
    if (playlib_session_end(pl)) { /* a library's menu or next session */
        pl->resting = 0;
        return STEP_DONE;
    }
    if (!o->loop && !o->kiosk && !pl->saver)
        return STEP_END;
    /* At least one dark frame, even when the clock stepped past the whole
     * rest at once (a stalled machine, the test clock's rates). */
    if (o->kiosk && o->rest > 0.0 && (pl->t < p->duration + o->rest || !pl->resting)) {
        if (!pl->resting)
            log_info("player", "resting %.0f s in the dark", o->rest);
        pl->resting = 1;
        return rest_dark(pl);
    }
    pl->resting = 0;
    log_census(++pl->loops, pl->a->outputs[0].text);
    play_from(p, 0.0);
    p->warned_short = 0;
    pl->t = 0.0;
    return STEP_ON;
}

/* Every output at t; after the first frame, systemd hears READY and the
 * test aids start their clocks (a slow start must not eat their time). */
static step draw(playloop *pl)
{
    /* The frame interval for the sync log: from the last frame's start
     * (now - L.prev would leave out the pacing sleep, and be about 0). */
    double frame = pl->last_frame_start > 0.0 ? pl->now - pl->last_frame_start : 0.0;
    draw_result r = draw_outputs(pl->a, &pl->p, &pl->L, &pl->snap, pl->t, pl->now, frame);
    pl->last_frame_start = pl->now;
    if (r != DRAW_OK) {
        pl->rc = r == DRAW_END ? EXIT_OK : EXIT_RUNTIME;
        return STEP_END;
    }
    first_frame_up(pl);
    return STEP_ON;
}

void first_frame_up(playloop *pl)
{
    if (pl->ready)
        return;
    notify_send("READY=1");
    char steps[256];
    double up = sdl_audio_host_now() - pl->a->started;
    startup_describe(up, steps, sizeof steps);
    log_debug("player", "first frame up, %.0f ms after start (%s)", up * 1000.0, steps);
    pl->ready = 1;
    sdl_window_stand_in_start();
    pl->snap.t0 = sdl_audio_host_now();
}

/* The end of the frame (frame_end): frames faster than the display shows
 * them are waste, so with --fps, without vsync, or where software GL's
 * frame rate gives way (quality_pace), it sleeps until the next is due;
 * otherwise the swap paced it. Paused frames teach the quality nothing. */
static void pace(playloop *pl)
{
    double p = quality_pace(&pl->L.q);
    frame_end(pl->a, &pl->L, pl->t, pl->sleep_paced || p > pl->L.q.target_dt * 1.01 ? p : 0.0,
              !clock_paused(pl->p.clock), NULL);
}

/* Paused, the picture stands still: sleep until an event (a key, a resize,
 * an expose) or the audio ramp needs a turn, and draw again only then. A
 * paused kiosk uses next to no CPU. */
static void pause_idle(playloop *pl)
{
    player *p = &pl->p;
    while (clock_paused(p->clock) && !p->quit && !*pl->a->quit_flag && !player_chord_held(p)) {
        if (idle_until_event(p, 250))
            break;
        sdl_audio_update(p->audio);
        ping_watchdog(pl->watchdog, &pl->last_ping);
    }
}

/* One pass of the loop, step by step. */
static step run_pass(playloop *pl)
{
    step s;
    if ((s = poll_input(pl)) != STEP_ON)
        return s;
    reload_if_asked(pl->a);
    begin_pass(pl);
    follow_displays_when_due(pl);
    if ((s = idle_if_hidden(pl)) != STEP_ON)
        return s;
    if ((s = playlib_menu_pass(pl)) != STEP_ON)
        return s;
    if ((s = display_hours_and_sleep_timer(pl)) != STEP_ON)
        return s;
    if ((s = sync_clock(pl)) != STEP_ON)
        return s;
    test_unplug(pl);
    warn_short_narration(pl);
    if ((s = loop_end(pl)) != STEP_ON)
        return s;
    if ((s = draw(pl)) != STEP_ON)
        return s;
    pace(pl);
    pause_idle(pl);
    return STEP_ON;
}

/* The player's outputs: the first (opened by outputs_start), then one per
 * other display with --all-displays, or a screensaver host's windows. */
static int open_player_outputs(app *a, const sdl_window_desc *wd)
{
    const options *o = &a->opt;
    int rc;
    if (!outputs_start(a, wd, &rc))
        return rc;
    sdl_window_displays(&a->displays);
    if (wd->foreign_xid) {
        open_saver_outputs(a);
        use_output(&a->outputs[0]);
        return EXIT_OK;
    }
    app_output *first = &a->outputs[0];
    first->display = displays_find(&a->displays, o->display);
    if (first->display < 0 && a->displays.count)
        first->display = 0;
    if (first->display >= 0)
        memcpy(first->display_name, a->displays.d[first->display].name, sizeof first->display_name);
    for (int k = 0; o->all_displays && k < a->displays.count; k++)
        if (k != first->display)
            open_output_on(a, k);
    use_output(first);
    return EXIT_OK;
}

/* The window the options describe; EXIT_USAGE (logged) when a screensaver
 * mode has no X window to draw into. */
static int player_window(const app *a, sdl_window_desc *wd)
{
    const options *o = &a->opt;
    *wd = (sdl_window_desc){
        .fullscreen = !o->windowed,
        .display = o->display,
        .w = o->window_w,
        .h = o->window_h,
        .no_dialogs = o->kiosk || app_saver_mode(a),
        .foreign_xid = app_foreign_window(a),
    };
    if (o->root || o->window_id || getenv("XSCREENSAVER_WINDOW")) {
        if (!wd->foreign_xid) {
            log_error("video", "no X window to draw into (is DISPLAY set? is the window id right?)");
            return EXIT_USAGE;
        }
        log_info("video", "drawing into X window 0x%lx", wd->foreign_xid);
    }
    return EXIT_OK;
}

/* The player's controls, and the narration and clock from --start.
 * Returns 0 or -1 (the clock could not be made). */
static int start_player(playloop *pl, const sdl_window_desc *wd)
{
    app *a = pl->a;
    const options *o = &a->opt;
    pl->saver = app_saver_mode(a);
    pl->wd = *wd;
    pl->p = (player){.a = a, .volume = o->volume, .last_caption = -1.0,
                     .captions_on = !o->no_captions && (!pl->saver || o->captions),
                     .kiosk = o->kiosk, .lock_input = o->lock_input, .esc_down = -1.0,
                     .saver = o->screensaver && !wd->foreign_xid, .has_menu = app_has_menu(a),
                     .saver_since = sdl_audio_host_now(), .overlay_since = -1.0, .dim = 1.0f};
    return open_narration(pl, o->start);
}

/* The loaded session's narration and clock, from start: playing, or
 * paused when the menu is open. Returns 0 or -1. */
int open_narration(playloop *pl, double start)
{
    app *a = pl->a;
    const options *o = &a->opt;
    player *p = &pl->p;
    sdl_audio_desc ad = {.path = a->files.audio[0] ? a->files.audio : NULL,
                         .mute = o->mute || pl->saver, .volume = p->volume};
    double t0 = sdl_audio_host_now();
    p->audio = sdl_audio_open(&ad);
    startup_add(STARTUP_AUDIO, sdl_audio_host_now() - t0);
    p->duration = app_session_length(a, p->audio);
    p->warned_short = 0;
    p->last_caption = -1.0;
    a->loop_length = o->loop || o->kiosk || pl->saver ? p->duration : 0.0;
    for (int i = 0; i < a->output_count; i++)
        captions_renderer_set_loop(a->outputs[i].text, a->loop_length);
    p->clock = clock_create(start, sdl_audio_host_now());
    if (!p->clock) {
        sdl_audio_close(p->audio);
        p->audio = NULL;
        return -1;
    }
    if (o->clock_rate != 1.0) {
        if (!o->mute)
            log_warn("player", "--clock-rate needs --mute (the narration plays at its own pace)");
        clock_set_rate(p->clock, o->clock_rate, sdl_audio_host_now());
    }
    if (pl->menu.open)
        clock_pause(p->clock, sdl_audio_host_now());
    else
        sdl_audio_play(p->audio, start);
    return 0;
}

void close_narration(playloop *pl)
{
    clock_destroy(pl->p.clock);
    sdl_audio_close(pl->p.audio);
    pl->p.clock = NULL;
    pl->p.audio = NULL;
}

/* The loop's own state: quality and pacing, the schedule, the test aids,
 * and systemd's watchdog (READY after the first frame, then pings from the
 * loop, so a hung renderer gets the service restarted). */
static void start_loop(playloop *pl)
{
    const options *o = &pl->a->opt;
    pl->sync_loop = LLONG_MIN;
    const char *unplug = getenv("WELLSPRING_TEST_UNPLUG_AT");
    pl->unplug_at = unplug ? atof(unplug) : -1.0;
    frame_loop_init(pl->a, &pl->L);
    /* Frames faster than the display shows them are waste: with --fps,
     * without vsync (Xvfb, some drivers: at the rate quality holds), and
     * where software GL's frame rate gives way (quality_pace), the loop
     * sleeps until each frame is due; otherwise the swap paces it. */
    pl->sleep_paced = o->fps > 0.0 || SDL_GL_GetSwapInterval() == 0;
    if (pl->sleep_paced && o->fps <= 0.0)
        log_debug("player", "no vsync: pacing frames at %.0f fps", 1.0 / pl->L.q.target_dt);
    pl->watchdog = notify_watchdog_interval();
    pl->last_ping = -1e9;
    char why[160];
    if (o->schedule)
        schedule_parse(o->schedule, &pl->sch, why, sizeof why); /* validated with the options */
    pl->run_started = sdl_audio_host_now();
    pl->dimmed_volume = pl->p.volume;
}

int app_run(app *a)
{
    sdl_window_desc wd;
    int rc = player_window(a, &wd);
    if (rc || (rc = open_player_outputs(a, &wd)) != EXIT_OK)
        return rc;
    if (a->align_pending && prepare_captions(a)) {
        outputs_close_all(a);
        return EXIT_OK;
    }
    playloop pl = {.a = a};
    snapshot_init(&pl.snap);
    pl.displays_checked = sdl_audio_host_now();
    SDL_ShowCursor(a->opt.windowed && !a->opt.kiosk ? SDL_ENABLE : SDL_DISABLE);
    /* A library's menu comes first (its session is opened, not played). */
    pl.menu.open = app_has_menu(a) && !a->opt.session;
    if (start_player(&pl, &wd) < 0) {
        outputs_close_all(a);
        return EXIT_RUNTIME;
    }
    start_loop(&pl);
    playlib_start(&pl);
    while (!pl.p.quit && !*a->quit_flag && run_pass(&pl) != STEP_END)
        ;
    log_census(-1, a->outputs[0].text); /* at exit: the same census, loop -1 */
    playlib_end(&pl);
    close_narration(&pl);
    outputs_close_all(a);
    return pl.rc;
}
