/* player/outputs.c: the windows Wellspring draws into and their renderers:
 * one output or one per display (--all-displays), the screensaver's
 * embedding (-window-id, -root and its split per monitor), and following
 * displays as they come and go. */
#include "player/internal.h"

/* Tells output o's renderer which of the scene's optional parts the session
 * shows (software GL compiles a shader variant for each ahead of time). */
void expect_parts(const app *a, app_output *o)
{
    if (o->render && a->timeline)
        renderer_expect(o->render, scene_parts_used(a->timeline, app_session_length(a, NULL)));
}

/* Makes output o's renderer and captions in the current context. */
static int make_output_resources(app *a, app_output *o)
{
    /* WELLSPRING_DEBUG_VIEW=mask draws the bare silhouette: render tests use
     * it to know which pixels belong to the figure; =all-parts draws every
     * frame with the one scene program that holds every optional part. */
    const char *dv = getenv("WELLSPRING_DEBUG_VIEW");
    render_desc rd = {.data_dir = a->data_dir, .figure = a->figure,
                      .mask_view = dv && strcmp(dv, "mask") == 0,
                      .all_parts = dv && strcmp(dv, "all-parts") == 0};
    double t0 = sdl_audio_host_now();
    o->render = renderer_create(&rd);
    startup_add(STARTUP_SHADERS, sdl_audio_host_now() - t0);
    if (!o->render)
        return EXIT_NO_DATA; /* a shader is missing or broken (logged) */
    /* --particles also sets what a screenshot, render or export draws. */
    renderer_set_quality(o->render, 0.0f, (float)a->opt.particles);
    expect_parts(a, o);
    gl_frame_timer_init(&o->timer); /* without timer queries the quality uses frame intervals */
    o->gpu_ms = -1.0;
    t0 = sdl_audio_host_now();
    o->text = captions_renderer_create(a->data_dir, (float)a->opt.caption_size);
    startup_add(STARTUP_FONTS, sdl_audio_host_now() - t0);
    captions_renderer_set_safe_area(o->text, (float)(a->opt.safe_area / 100.0));
    captions_renderer_set_track(o->text, a->captions);
    captions_renderer_set_loop(o->text, a->loop_length);
    return 0;
}

/* Opens a window as described, with its renderer and captions, as output o. */
static int open_output(app *a, app_output *o, const sdl_window_desc *wd)
{
    memset(o, 0, sizeof *o);
    o->display = -1;
    sdl_window_desc with_api = *wd; /* every window gets the context --gl asks for */
    with_api.gl_api = !a->opt.gl ? SDL_WINDOW_GL_AUTO
                      : strcmp(a->opt.gl, "es") == 0 ? SDL_WINDOW_GL_ES : SDL_WINDOW_GL_CORE;
    int rc = sdl_window_open(&o->window, &with_api);
    if (rc)
        return rc;
    rc = make_output_resources(a, o);
    if (rc)
        sdl_window_close(&o->window);
    return rc;
}

/* Makes output o's context current: its GL objects are its own. */
void use_output(app_output *o)
{
    SDL_GL_MakeCurrent(o->window.win, o->window.ctx);
}

static void close_output(app *a, app_output *o)
{
    if (!o->window.win)
        return;
    use_output(o);
    gl_pacer_destroy(&o->pacer);
    gl_frame_timer_destroy(&o->timer);
    gl_target_destroy(&o->target);
    captions_renderer_destroy(o->text);
    o->text = NULL;
    renderer_destroy(o->render);
    o->render = NULL;
    if (!o->shared)
        sdl_window_close(&o->window);
    memset(&o->window, 0, sizeof o->window);
}

/* Opens the first (often the only) output. */
int outputs_open_first(app *a, const sdl_window_desc *wd)
{
    a->output_count = 0;
    int rc = open_output(a, &a->outputs[0], wd);
    if (rc == 0)
        a->output_count = 1;
    return rc;
}

int outputs_start(app *a, const sdl_window_desc *wd, int *rc)
{
    *rc = outputs_open_first(a, wd);
    if (*rc)
        return 0;
    if (*a->quit_flag) {
        /* SIGTERM while starting (a screensaver host that changed its
         * mind): the window is up; do not go on to the first frame. */
        log_debug("player", "stopped while starting");
        outputs_close_all(a);
        *rc = EXIT_OK;
        return 0;
    }
    return 1;
}

void outputs_close_all(app *a)
{
    for (int i = a->output_count - 1; i >= 0; i--)
        close_output(a, &a->outputs[i]);
    a->output_count = 0;
}

/* True when output i is the last drawn into its window (outputs sharing a
 * window follow the one that owns it): the window is shown after it. */
int ends_window(const app *a, int i)
{
    return i + 1 == a->output_count || !a->outputs[i + 1].shared;
}

int app_saver_mode(const app *a)
{
    const options *o = &a->opt;
    return o->screensaver || o->root || o->window_id || getenv("XSCREENSAVER_WINDOW");
}

unsigned long app_foreign_window(const app *a)
{
    const options *o = &a->opt;
    unsigned long xid = 0;
    const char *env = getenv("XSCREENSAVER_WINDOW");
    unsigned long ids[APP_MAX_OUTPUTS];
    if (o->window_id && options_parse_window_ids(o->window_id, ids, APP_MAX_OUTPUTS) > 0)
        xid = ids[0];
    else if (env && *env && options_parse_window_id(env, &xid) < 0)
        log_warn("video", "XSCREENSAVER_WINDOW=%s is not a window id", env);
    else if (!xid && o->root)
        xid = sdl_x11_root_window();
    return xid;
}

/* Opens one more output, covering display k of a->displays
 * (--all-displays). Returns 0 or -1 (logged; the others go on). */
int open_output_on(app *a, int k)
{
    if (a->output_count == APP_MAX_OUTPUTS)
        return -1;
    char sel[16];
    snprintf(sel, sizeof sel, "%d", k);
    sdl_window_desc wd = {.fullscreen = 1, .display = sel, .no_dialogs = 1, .no_vsync = 1};
    app_output *o = &a->outputs[a->output_count];
    const display_info *d = &a->displays.d[k];
    if (open_output(a, o, &wd) != 0) {
        log_warn("video", "cannot open a window on display %d '%s'; going on without it", k, d->name);
        use_output(&a->outputs[0]);
        return -1;
    }
    o->display = k;
    memcpy(o->display_name, d->name, sizeof o->display_name);
    log_info("video", "output %d on display %d '%s' (%dx%d%+d%+d)", a->output_count, k, d->name,
             d->w, d->h, d->x, d->y);
    a->output_count++;
    return 0;
}

/* Closes output i and closes the gap; the first output keeps the vsync. */
static void drop_output(app *a, int i)
{
    close_output(a, &a->outputs[i]);
    memmove(&a->outputs[i], &a->outputs[i + 1], (size_t)(a->output_count - i - 1) * sizeof a->outputs[0]);
    a->output_count--;
    memset(&a->outputs[a->output_count], 0, sizeof a->outputs[0]);
    use_output(&a->outputs[0]);
    if (i == 0)
        SDL_GL_SetSwapInterval(1);
}

/* -root on a desktop of several monitors: one whole picture per monitor,
 * each through its own output sharing the root window. Done again when the
 * monitors change. */
static void split_root(app *a)
{
    app_output *root = &a->outputs[0];
    while (a->output_count > 1 && a->outputs[a->output_count - 1].shared)
        drop_output(a, a->output_count - 1);
    use_output(root);
    gl_target_destroy(&root->target);
    root->vw = root->vh = 0;
    if (a->displays.count < 2)
        return;
    for (int k = 0; k < a->displays.count && (k == 0 || a->output_count < APP_MAX_OUTPUTS); k++) {
        app_output *v = k == 0 ? root : &a->outputs[a->output_count];
        if (k > 0) {
            memset(v, 0, sizeof *v);
            v->window = root->window;
            v->shared = 1;
            if (make_output_resources(a, v) != 0)
                break;
            a->output_count++;
        }
        const display_info *d = &a->displays.d[k];
        v->display = k;
        v->vx = d->x;
        v->vy = d->y;
        v->vw = d->w;
        v->vh = d->h;
        if (gl_target_create(&v->target, d->w, d->h, GL_RGBA8) < 0)
            v->vw = 0;
        log_info("video", "root window: monitor %d '%s' %dx%d%+d%+d has its own picture", k, d->name,
                 d->w, d->h, d->x, d->y);
    }
    use_output(root);
}

/* Screensaver hosts: every window of a --window-id list gets its own output,
 * and the root window of a desktop with several monitors is drawn as one
 * picture per monitor (not one picture stretched across all of them). */
void open_saver_outputs(app *a)
{
    const options *o = &a->opt;
    unsigned long ids[APP_MAX_OUTPUTS];
    int n = o->window_id ? options_parse_window_ids(o->window_id, ids, APP_MAX_OUTPUTS) : 0;
    for (int i = 1; i < n; i++) {
        sdl_window_desc wd = {.foreign_xid = ids[i], .no_dialogs = 1, .no_vsync = 1};
        if (open_output(a, &a->outputs[a->output_count], &wd) == 0) {
            log_info("video", "drawing into X window 0x%lx too", ids[i]);
            a->output_count++;
        } else {
            log_warn("video", "cannot draw into X window 0x%lx; going on without it", ids[i]);
        }
    }
    if (n == 0 && a->outputs[0].window.foreign_xid == sdl_x11_root_window())
        split_root(a);
}


/* Follows the displays after a hotplug, a TV power cycle or a mode switch:
 * each window goes back onto its display at the display's new mode (the
 * renderer re-creates its targets from the drawable size on the next
 * frame); with --all-displays, a display that appears gets a window and one
 * that is gone loses its own. A window whose display is gone waits for it
 * to come back. In -root mode the monitors' pictures are laid out again. */
void follow_displays(app *a)
{
    display_list now;
    sdl_window_displays(&now);
    if (displays_same(&now, &a->displays))
        return;
    if (a->outputs[0].window.foreign_xid) {
        /* -root: the host's window stays; its monitors are laid out again. */
        log_info("video", "monitors changed: %d connected", now.count);
        a->displays = now;
        split_root(a);
        return;
    }
    log_info("video", "displays changed: %d connected", now.count);
    for (int k = 0; k < now.count; k++)
        log_info("video", "  %d '%s' %dx%d%+d%+d", k, now.d[k].name, now.d[k].w, now.d[k].h,
                 now.d[k].x, now.d[k].y);
    int all = a->opt.all_displays;
    for (int i = 0; i < a->output_count; i++) {
        app_output *o = &a->outputs[i];
        int k = o->display >= 0 ? displays_match(&now, &a->displays, o->display)
                                : displays_find(&now, o->display_name);
        if (k < 0) {
            if (o->display >= 0)
                log_info("video", "output %d: display '%s' is gone; %s", i, o->display_name,
                         all && a->output_count > 1 ? "closing its window" : "waiting for it");
            o->display = -1;
            if (all && a->output_count > 1) {
                drop_output(a, i--);
            }
            continue;
        }
        o->display = k;
        memcpy(o->display_name, now.d[k].name, sizeof o->display_name);
        sdl_window_place(&o->window, &now.d[k]);
    }
    a->displays = now;
    for (int k = 0; all && k < now.count; k++) {
        int shown = 0;
        for (int i = 0; i < a->output_count; i++)
            shown |= a->outputs[i].display == k;
        if (shown)
            continue;
        /* A window still waiting for its own display takes this one rather
         * than leave two windows on one screen. */
        app_output *idle = NULL;
        for (int i = 0; i < a->output_count && !idle; i++)
            if (a->outputs[i].display < 0)
                idle = &a->outputs[i];
        if (idle) {
            log_info("video", "output %d moves to display %d '%s'", (int)(idle - a->outputs), k,
                     now.d[k].name);
            idle->display = k;
            memcpy(idle->display_name, now.d[k].name, sizeof idle->display_name);
            sdl_window_place(&idle->window, &now.d[k]);
        } else {
            open_output_on(a, k);
        }
    }
    use_output(&a->outputs[0]);
}
