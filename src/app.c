#include "app.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app_png.h"
#include "gl_util.h"
#include "log.h"
#include "timefmt.h"
#include "timeline_derive.h"

#define DEFAULT_OUT_W 1280
#define DEFAULT_OUT_H 720

static int is_data_dir(const char *dir)
{
    char path[4200];
    struct stat st;
    snprintf(path, sizeof path, "%s/shaders/scene.frag", dir);
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int app_find_data(app *a)
{
    const char *env = getenv("WELLSPRING_DATA");
    if (env && *env) {
        if (!is_data_dir(env)) {
            log_error("data", "WELLSPRING_DATA=%s has no shaders/scene.frag", env);
            return -1;
        }
        snprintf(a->data_dir, sizeof a->data_dir, "%s", env);
        return 0;
    }
    char *base = SDL_GetBasePath(); /* ends with '/' */
    if (base) {
        /* Installed: PREFIX/bin/wellspring -> PREFIX/share/wellspring. */
        snprintf(a->data_dir, sizeof a->data_dir, "%s../%s", base, WS_REL_DATA_DIR);
        SDL_free(base);
        if (is_data_dir(a->data_dir))
            return 0;
    }
    snprintf(a->data_dir, sizeof a->data_dir, "%s", WS_SOURCE_DATA_DIR);
    if (is_data_dir(a->data_dir))
        return 0;
    log_error("data", "cannot find Wellspring's data (shaders/, fonts/, audio/); "
                      "reinstall, or point WELLSPRING_DATA at the folder");
    return -1;
}

static int open_gl(app *a, const sdl_window_desc *wd)
{
    int rc = sdl_window_open(&a->window, wd);
    if (rc)
        return rc;
    /* WELLSPRING_DEBUG_VIEW=mask draws the bare silhouette: render tests use
     * it to know which pixels belong to the figure. */
    const char *dv = getenv("WELLSPRING_DEBUG_VIEW");
    render_desc rd = {.data_dir = a->data_dir, .mask_view = dv && strcmp(dv, "mask") == 0};
    a->render = renderer_create(&rd);
    if (!a->render) {
        sdl_window_close(&a->window);
        return EXIT_NO_GL;
    }
    a->text = captions_renderer_create(a->data_dir, (float)a->opt.caption_size);
    if (a->text)
        captions_renderer_set_track(a->text, a->captions);
    return 0;
}

static void close_gl(app *a)
{
    captions_renderer_destroy(a->text);
    a->text = NULL;
    renderer_destroy(a->render);
    a->render = NULL;
    sdl_window_close(&a->window);
}

int app_load_session(app *a)
{
    char err[512];
    session_query q = {.file = a->opt.file, .data_dir = a->data_dir, .captions = a->opt.captions,
                       .lang = a->opt.lang};
    if (session_resolve(&q, &a->files, err, sizeof err) < 0) {
        log_error("session", "%s", err);
        return EXIT_USAGE;
    }
    if (a->files.captions[0] && !a->opt.no_captions) {
        captions_diag diag = {0};
        a->captions = captions_load(a->files.captions, &diag);
        /* Problems are warnings here: the show goes on with what parsed.
         * `wellspring --check` is where a caption file is judged. */
        for (size_t i = 0; i < diag.count; i++) {
            const captions_diag_record *d = &diag.records[i];
            log_warn("captions", "%s:%d:%d: %s", d->file, d->line, d->col, d->message);
        }
        captions_diag_free(&diag);
        if (!a->captions)
            log_warn("captions", "%s cannot be used; playing without captions", a->files.captions);
        else
            log_debug("captions", "%zu cues from %s", a->captions->count, a->files.captions);
    }
    if (a->files.timeline[0]) {
        a->timeline = timeline_load(a->files.timeline);
        if (a->timeline && timeline_error_count(a->timeline) == 0) {
            log_debug("session", "choreography %s", a->files.timeline);
            return 0;
        }
        if (a->timeline)
            timeline_print_diags(a->timeline, stderr);
        log_warn("session", "%s has errors; using a derived choreography instead",
                 a->files.timeline);
        timeline_destroy(a->timeline);
        a->timeline = NULL;
    }
    /* No usable choreography: fit the default session's to this one. */
    char path[4200];
    snprintf(path, sizeof path, "%s/audio/fountain.timeline", a->data_dir);
    timeline *tmpl = timeline_load(path);
    if (!tmpl || timeline_error_count(tmpl)) {
        log_error("session", "the default choreography %s is missing or broken", path);
        timeline_destroy(tmpl);
        return EXIT_NO_GL;
    }
    /* Phases from the captions' words when there are captions. */
    size_t n = a->captions ? a->captions->count : 0;
    timeline_cue_ref *refs = n ? calloc(n, sizeof *refs) : NULL;
    double duration = timeline_arc_duration();
    for (size_t i = 0; refs && i < n; i++) {
        refs[i] = (timeline_cue_ref){a->captions->cues[i].start, a->captions->cues[i].end,
                                     a->captions->cues[i].text};
        if (refs[i].end + 10.0 > duration)
            duration = refs[i].end + 10.0;
    }
    unsigned found = 0;
    a->timeline = timeline_derive(tmpl, refs, refs ? n : 0, duration, &found);
    free(refs);
    log_info("session", "no choreography file; derived one from %s (%u of 13 phases found by keyword)",
             n ? "the captions" : "the default arc", (unsigned)__builtin_popcount(found));
    timeline_destroy(tmpl);
    if (!a->timeline) {
        log_error("session", "out of memory");
        return EXIT_RUNTIME;
    }
    return 0;
}

void app_unload_session(app *a)
{
    timeline_destroy(a->timeline);
    a->timeline = NULL;
    captions_destroy(a->captions);
    a->captions = NULL;
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

/* One whole frame: the scene, then captions and the closing card at the
 * output's native resolution. Returns 0 or -1. */
static int draw_frame(app *a, double t, GLuint fbo, int w, int h)
{
    render_frame f = frame_at(a, t);
    if (renderer_draw(a->render, &f, fbo, w, h) < 0)
        return -1;
    if (a->text) {
        if (a->captions && !a->opt.no_captions)
            captions_renderer_draw(a->text, t, fbo, w, h);
        captions_renderer_draw_card(a->text, "Wellspring", "Thank you for practising",
                                    f.scene.endcard * f.scene.fade, fbo, w, h);
    }
    return 0;
}

/* Draws session time t into an offscreen target and writes it as PNG. */
static int shoot(app *a, GLuint fbo, int w, int h, uint8_t *pixels, uint8_t *row, double t,
                 const char *path)
{
    if (draw_frame(a, t, fbo, w, h) < 0)
        return EXIT_RUNTIME;
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
    size_t stride = (size_t)w * 4;
    for (int y = 0; y < h / 2; y++) { /* GL rows run bottom-up; PNG top-down */
        memcpy(row, pixels + (size_t)y * stride, stride);
        memcpy(pixels + (size_t)y * stride, pixels + (size_t)(h - 1 - y) * stride, stride);
        memcpy(pixels + (size_t)(h - 1 - y) * stride, row, stride);
    }
    return app_png_write(path, pixels, w, h) < 0 ? EXIT_RUNTIME : EXIT_OK;
}

int app_run_offline(app *a)
{
    const options *o = &a->opt;
    int w = o->size_w ? o->size_w : DEFAULT_OUT_W, h = o->size_h ? o->size_h : DEFAULT_OUT_H;
    if (o->render_dir && mkdir(o->render_dir, 0777) < 0 && errno != EEXIST) {
        log_error("render", "cannot make folder %s: %s", o->render_dir, strerror(errno));
        return EXIT_RUNTIME;
    }
    sdl_window_desc wd = {.hidden = 1, .w = 64, .h = 64};
    int rc = open_gl(a, &wd);
    if (rc)
        return rc;
    gl_target out;
    uint8_t *pixels = malloc((size_t)w * h * 4), *row = malloc((size_t)w * 4);
    if (!pixels || !row || gl_target_create(&out, w, h, GL_RGBA8) < 0) {
        free(pixels);
        free(row);
        close_gl(a);
        return EXIT_RUNTIME;
    }
    if (o->screenshot) {
        rc = shoot(a, out.fbo, w, h, pixels, row, o->screenshot_t, o->screenshot_path);
    } else {
        /* Frame i is at from + i / fps exactly, so frame times do not drift. */
        long count = (long)floor((o->to - o->from) * o->fps + 1e-9) + 1;
        for (long i = 0; i < count && rc == EXIT_OK && !*a->quit_flag; i++) {
            char path[4200];
            snprintf(path, sizeof path, "%s/frame-%06ld.png", o->render_dir, i);
            rc = shoot(a, out.fbo, w, h, pixels, row, o->from + (double)i / o->fps, path);
        }
        if (rc == EXIT_OK)
            log_info("render", "wrote %ld frames to %s", count, o->render_dir);
    }
    gl_target_destroy(&out);
    free(pixels);
    free(row);
    close_gl(a);
    return rc;
}

static int handle_event(app *a, const SDL_Event *e)
{
    switch (e->type) {
    case SDL_QUIT:
        return 1;
    case SDL_KEYDOWN:
        return e->key.keysym.sym == SDLK_ESCAPE || e->key.keysym.scancode == SDL_SCANCODE_AC_BACK;
    case SDL_WINDOWEVENT:
        if (e->window.event == SDL_WINDOWEVENT_CLOSE)
            return 1;
        return 0;
    default:
        return 0;
    }
}

int app_run(app *a)
{
    const options *o = &a->opt;
    sdl_window_desc wd = {
        .fullscreen = !o->windowed,
        .display = o->display,
        .w = o->window_w,
        .h = o->window_h,
    };
    int rc = open_gl(a, &wd);
    if (rc)
        return rc;
    SDL_ShowCursor(o->windowed ? SDL_ENABLE : SDL_DISABLE);
    Uint64 freq = SDL_GetPerformanceFrequency(), t0 = SDL_GetPerformanceCounter();
    int quit = 0;
    while (!quit && !*a->quit_flag) {
        SDL_Event e;
        while (SDL_PollEvent(&e))
            quit |= handle_event(a, &e);
        double t = o->start + (double)(SDL_GetPerformanceCounter() - t0) / (double)freq;
        int w, h;
        /* Asked every frame: resizes and moves between displays (HiDPI
         * changes) then need no special event handling. */
        sdl_window_drawable_size(&a->window, &w, &h);
        if (draw_frame(a, t, 0, w, h) < 0) {
            rc = EXIT_RUNTIME;
            break;
        }
        SDL_GL_SwapWindow(a->window.win);
    }
    close_gl(a);
    return rc;
}
