/* player/playlib.c: a library's steps of the player loop (issue 19).
 *
 * With a menu: the player opens on it; OK plays the chosen session from
 * its start or where it stopped; Back or Esc while playing keeps where it
 * stopped (the resume file) and returns to the menu; a session that ends
 * is forgotten there and the menu comes back with the next one selected.
 * A kiosk over a library plays its sessions in turn (or shuffled, each
 * round a new order, no session twice in a row), with the dark rest
 * between them, forever. */
#include "player/internal.h"

static void save_resume(playloop *pl)
{
    char err[512];
    if (pl->state_dir[0] && resume_save(&pl->resume, pl->state_dir, err, sizeof err) < 0)
        log_warn("library", "%s", err);
}

void playlib_start(playloop *pl)
{
    app *a = pl->a;
    if (!a->lib)
        return;
    if (app_has_menu(a))
        app_describe_library(a, pl->p.audio);
    if (app_state_dir(pl->state_dir, sizeof pl->state_dir) < 0)
        pl->state_dir[0] = '\0';
    char err[512];
    if (pl->state_dir[0] && resume_load(&pl->resume, pl->state_dir, err, sizeof err) < 0)
        log_warn("library", "%s", err);
    if (app_has_menu(a)) {
        char path[sizeof a->data_dir + 32];
        snprintf(path, sizeof path, "%s/audio/fountain.timeline", a->data_dir);
        pl->menu.scene = timeline_load(path);
    }
    if (pl->menu.open)
        menu_open(&pl->menu, a->lib, a->lib_index);
    else if (a->opt.kiosk && !a->opt.session)
        playlib_scheduled(pl); /* the range of this hour names its session */
}

void playlib_end(playloop *pl)
{
    free(pl->order);
    pl->order = NULL;
    timeline_destroy(pl->menu.scene);
    pl->menu.scene = NULL;
    resume_free(&pl->resume);
}

/* Plays the library's session i from start (loading it first when another
 * is loaded); on failure the program ends (logged). */
static void switch_to(playloop *pl, size_t i, double start, const char *why)
{
    app *a = pl->a;
    close_narration(pl);
    if (i != a->lib_index) {
        app_use_session(a, i);
        if (app_reload_session(a, why) < 0)
            log_warn("library", "playing \"%s\" again instead", a->lib->entries[a->lib_index].title);
        else if (a->align_pending && prepare_captions(a)) {
            pl->p.quit = 1;
            return;
        }
    }
    if (open_narration(pl, start) < 0)
        pl->p.quit = 1;
    pl->t = start;
}

/* Where a --schedule target points: absolute, or relative to the library's
 * folder (--library, or the first FILE), else to the working folder. */
static int resolve_target(const app *a, const char *target, char *real)
{
    if (target[0] == '/')
        return realpath(target, real) != NULL;
    const char *bases[2] = {a->opt.library, a->opt.file_count ? a->opt.files[0] : NULL};
    for (int b = 0; b < 2; b++) {
        if (!bases[b])
            continue;
        char dir[PATH_MAX], path[PATH_MAX * 2];
        snprintf(dir, sizeof dir, "%s", bases[b]);
        struct stat st;
        if (stat(dir, &st) < 0)
            continue;
        if (!S_ISDIR(st.st_mode)) {
            char *slash = strrchr(dir, '/');
            if (slash)
                *slash = '\0';
            else
                snprintf(dir, sizeof dir, ".");
        }
        snprintf(path, sizeof path, "%s/%s", dir, target);
        if (realpath(path, real))
            return 1;
    }
    return realpath(target, real) != NULL;
}

/* The session the --schedule range of this minute names: the first entry
 * from `from` on (wrapping) that is the named narration or lies in the named
 * folder; -1 when the range names none or none matches (said once). */
static long scheduled_session(playloop *pl, size_t from)
{
    app *a = pl->a;
    if (!a->opt.schedule || !a->lib || !a->opt.kiosk)
        return -1;
    int r = schedule_range_at(&pl->sch, local_minute_now());
    const char *target = r >= 0 ? schedule_target(&pl->sch, r) : "";
    if (!*target)
        return -1;
    char real[PATH_MAX];
    if (resolve_target(a, target, real)) {
        size_t n = strlen(real);
        for (size_t k = 0; k < a->lib->count; k++) {
            size_t i = (from + k) % a->lib->count;
            const char *e = a->lib->entries[i].real;
            if (strcmp(e, real) == 0 || (strncmp(e, real, n) == 0 && e[n] == '/'))
                return (long)i;
        }
    }
    if (pl->warned_target != r + 1)
        log_warn("schedule", "'%s' names no session of the library; playing the library in turn", target);
    pl->warned_target = r + 1;
    return -1;
}

int playlib_scheduled(playloop *pl)
{
    long s = scheduled_session(pl, pl->a->lib ? pl->a->lib_index : 0);
    if (s < 0)
        return 0;
    log_info("library", "kiosk: session %ld, \"%s\" (--schedule)", s + 1, pl->a->lib->entries[s].title);
    switch_to(pl, (size_t)s, 0.0, "the schedule's session");
    return 1;
}

int playlib_event(playloop *pl, const SDL_Event *e)
{
    if (!pl->menu.open)
        return 0;
    switch (e->type) {
    case SDL_KEYDOWN: case SDL_CONTROLLERBUTTONDOWN: case SDL_QUIT: case SDL_WINDOWEVENT:
        break;
    default:
        return 0; /* displays, audio devices, controllers coming and going */
    }
    if (e->type == SDL_WINDOWEVENT && e->window.event != SDL_WINDOWEVENT_CLOSE)
        return 0;
    switch (menu_handle_event(&pl->menu, pl->a->lib, &pl->resume, e)) {
    case MENU_LEAVE:
        log_info("menu", "leaving");
        pl->p.quit = 1;
        break;
    case MENU_PLAY: {
        app *a = pl->a;
        size_t i = pl->menu.sel;
        double start = pl->menu.start;
        pl->menu.open = 0;
        log_info("menu", "playing %zu, \"%s\", from %.1f s", i + 1, a->lib->entries[i].title, start);
        switch_to(pl, i, start, "chosen from the menu");
        break;
    }
    case MENU_STAY:
        break;
    }
    return 1;
}

/* One menu frame on a window. */
static void draw_menu(app *a, app_output *out, int w, int h, void *user)
{
    playloop *pl = user;
    menu_draw(&pl->menu, a->lib, &pl->resume, a, out, 0, w, h, sdl_audio_host_now());
}

step playlib_menu_pass(playloop *pl)
{
    if (!pl->menu.open)
        return STEP_ON;
    double now = sdl_audio_host_now();
    int moving = menu_ease(&pl->menu, pl->a->lib->count, now);
    frame_each_window(pl->a, &pl->L, draw_menu, pl);
    /* For tests (they wait for this, not for a time): the menu's fade, its
     * highlight and its scroll have come to rest, and that frame is shown. */
    if (!moving && pl->menu.moving)
        log_debug("menu", "menu settled");
    pl->menu.moving = moving;
    if (!pl->ready) {
        log_info("menu", "menu up");
        first_frame_up(pl);
    }
    /* Still, the menu waits for input (redrawn twice a second for the
     * burn-in drift); moving, it draws at the loop's pace. */
    if (moving)
        frame_end(pl->a, &pl->L, 0.0, pl->L.q.target_dt, 0, NULL);
    else
        SDL_WaitEventTimeout(NULL, 500);
    pl->L.prev = sdl_audio_host_now();
    return STEP_DONE;
}

void playlib_stop_to_menu(playloop *pl)
{
    app *a = pl->a;
    player *p = &pl->p;
    double now = sdl_audio_host_now(), t = clock_now(p->clock, now);
    const char *path = a->lib->entries[a->lib_index].path;
    resume_set(&pl->resume, path, t, p->duration);
    save_resume(pl);
    sdl_audio_pause(p->audio);
    clock_pause(p->clock, now);
    log_info("library", "stopped \"%s\" at %.1f s", a->lib->entries[a->lib_index].title, t);
    menu_open(&pl->menu, a->lib, a->lib_index);
}

/* The kiosk's next session: in order, or the shuffled round's next (a new
 * round, a new order, never the one just played first). */
static size_t kiosk_next(playloop *pl)
{
    size_t n = pl->a->lib->count, cur = pl->a->lib_index;
    long scheduled = scheduled_session(pl, library_next(cur, n));
    if (scheduled >= 0)
        return (size_t)scheduled;
    if (!pl->a->opt.shuffle)
        return library_next(cur, n);
    if (!pl->order && !(pl->order = calloc(n, sizeof *pl->order)))
        return library_next(cur, n);
    if (pl->round == 0 || ++pl->order_pos >= n) {
        uint64_t seed = (uint64_t)time(NULL) * 2654435761u + ++pl->round;
        library_shuffle(pl->order, n, seed, cur);
        pl->order_pos = 0;
    }
    return pl->order[pl->order_pos];
}

int playlib_session_end(playloop *pl)
{
    app *a = pl->a;
    if (!a->lib)
        return 0;
    if (pl->p.has_menu) {
        resume_clear(&pl->resume, a->lib->entries[a->lib_index].path);
        save_resume(pl);
        sdl_audio_pause(pl->p.audio);
        clock_pause(pl->p.clock, sdl_audio_host_now());
        log_info("library", "\"%s\" ended", a->lib->entries[a->lib_index].title);
        menu_open(&pl->menu, a->lib, library_next(a->lib_index, a->lib->count));
        return 1;
    }
    if (!a->opt.kiosk || a->lib->count < 2)
        return 0; /* one session loops as it always did */
    if (a->opt.rest > 0.0 && (pl->t < pl->p.duration + a->opt.rest || !pl->resting))
        return 0; /* the loop's own dark rest first */
    size_t next = kiosk_next(pl);
    log_info("library", "kiosk: session %zu, \"%s\"", next + 1, a->lib->entries[next].title);
    switch_to(pl, next, 0.0, "the kiosk's next session");
    return 1;
}
