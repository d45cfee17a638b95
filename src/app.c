#include "app.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <signal.h>
#include <sys/wait.h>
#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>
#include <sys/stat.h>
#include <time.h>

#include "app_png.h"
#include "check.h"
#include "clock.h"
#include "drift.h"
#include "flash.h"
#include "quality.h"
#include "scene.h"
#include "schedule.h"
#include "sdl_audio.h"
#include "sdl_x11.h"
#include "stats.h"
#include "sync.h"
#include "gl_util.h"
#include "log.h"
#include "notify.h"
#include "timefmt.h"
#include "snd_narration.h"
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

static double session_duration(const app *a, const sdl_audio *au);

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

/* Tells output o's renderer which of the scene's optional parts the session
 * shows (software GL compiles a shader variant for each ahead of time). */
static void expect_parts(const app *a, app_output *o)
{
    if (o->render && a->timeline)
        renderer_expect(o->render, scene_parts_used(a->timeline, session_duration(a, NULL)));
}

/* Makes output o's renderer and captions in the current context. */
static int make_output_resources(app *a, app_output *o)
{
    /* WELLSPRING_DEBUG_VIEW=mask draws the bare silhouette: render tests use
     * it to know which pixels belong to the figure; =all-parts draws every
     * frame with the one scene program that holds every optional part. */
    const char *dv = getenv("WELLSPRING_DEBUG_VIEW");
    render_desc rd = {.data_dir = a->data_dir, .mask_view = dv && strcmp(dv, "mask") == 0,
                      .all_parts = dv && strcmp(dv, "all-parts") == 0};
    o->render = renderer_create(&rd);
    if (!o->render)
        return EXIT_NO_GL;
    /* --particles also sets what a screenshot, render or export draws. */
    renderer_set_quality(o->render, 0.0f, (float)a->opt.particles);
    expect_parts(a, o);
    gl_frame_timer_init(&o->timer); /* without timer queries the quality uses frame intervals */
    o->gpu_ms = -1.0;
    o->text = captions_renderer_create(a->data_dir, (float)a->opt.caption_size);
    if (o->text) {
        captions_renderer_set_safe_area(o->text, (float)(a->opt.safe_area / 100.0));
        captions_renderer_set_track(o->text, a->captions);
        captions_renderer_set_loop(o->text, a->loop_length);
    }
    return 0;
}

/* Opens a window as described, with its renderer and captions, as output o. */
static int open_output(app *a, app_output *o, const sdl_window_desc *wd)
{
    memset(o, 0, sizeof *o);
    o->display = -1;
    int rc = sdl_window_open(&o->window, wd);
    if (rc)
        return rc;
    rc = make_output_resources(a, o);
    if (rc)
        sdl_window_close(&o->window);
    return rc;
}

/* Makes output o's context current: its GL objects are its own. */
static void use_output(app *a, app_output *o)
{
    a->out = o;
    SDL_GL_MakeCurrent(o->window.win, o->window.ctx);
}

static void close_output(app *a, app_output *o)
{
    if (!o->window.win)
        return;
    use_output(a, o);
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
static int open_gl(app *a, const sdl_window_desc *wd)
{
    a->out = &a->outputs[0];
    a->output_count = 0;
    int rc = open_output(a, a->out, wd);
    if (rc == 0)
        a->output_count = 1;
    return rc;
}

static void close_gl(app *a)
{
    for (int i = a->output_count - 1; i >= 0; i--)
        close_output(a, &a->outputs[i]);
    a->output_count = 0;
    a->out = &a->outputs[0];
}

static int fit_choreography(app *a);
static int load_choreography(app *a);
static double session_duration(const app *a, const sdl_audio *au);
static void probe_narration(app *a, int want_speech, narration_info *ni);

int app_load_session(app *a)
{
    char err[512];
    session_query q = {.file = a->opt.file, .data_dir = a->data_dir, .captions = a->opt.captions,
                       .lang = a->opt.lang};
    if (session_resolve(&q, &a->files, err, sizeof err) < 0) {
        log_error("session", "%s", err);
        return EXIT_USAGE;
    }
    if (a->files.captions_note[0] && !a->opt.no_captions && !app_saver_mode(a))
        log_info("captions", "%s", a->files.captions_note);
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
        if (a->captions && a->captions->count == 0) {
            captions_destroy(a->captions);
            a->captions = NULL;
        }
        if (!a->captions)
            log_warn("captions", "%s has no usable cue; playing without captions",
                     a->files.captions);
        else
            log_debug("captions", "%zu cues from %s", a->captions->count, a->files.captions);
    }
    int rc = load_choreography(a);
    if (rc) {
        app_unload_session(a);
        return rc;
    }
    double length = session_duration(a, NULL);
    char past[200];
    if (session_check_start(a->opt.start, length, past, sizeof past) < 0) {
        if (!a->opt.kiosk && !app_saver_mode(a)) {
            log_error("session", "%s; give an earlier time", past);
            app_unload_session(a);
            return EXIT_USAGE;
        }
        log_warn("session", "%s; starting from the beginning", past); /* never fall over unattended */
        a->opt.start = 0.0;
    }
    return EXIT_OK;
}

/* The choreography file beside the narration, else one fitted to it. */
static int load_choreography(app *a)
{
    if (a->files.timeline[0]) {
        a->timeline = timeline_load(a->files.timeline);
        if (a->timeline && timeline_error_count(a->timeline) == 0) {
            log_debug("session", "choreography %s", a->files.timeline);
            narration_info ni;
            probe_narration(a, 0, &ni);
            a->narration_length = ni.length;
            narration_info_free(&ni);
            return 0;
        }
        if (a->timeline)
            timeline_print_diags(a->timeline, stderr);
        log_warn("session", "%s has errors; using a derived choreography instead",
                 a->files.timeline);
        timeline_destroy(a->timeline);
        a->timeline = NULL;
    }
    return fit_choreography(a);
}

/* --check NARRATION: the session as it will play: its files, its length,
 * and its choreography's phases (the file's, or the one fitted to it). */
static int check_session(app *a)
{
    if (app_find_data(a) < 0)
        return EXIT_NO_GL;
    a->opt.file = a->opt.check;
    int rc = app_load_session(a);
    if (rc)
        return rc;
    char len[32], t[32];
    timefmt_format(a->narration_length > 0 ? a->narration_length : 0.0, len, sizeof len);
    printf("%s: narration %s\n", a->files.audio[0] ? a->files.audio : "(none)", len);
    if (a->captions)
        printf("captions: %s (%zu cues)\n", a->files.captions, a->captions->count);
    else
        printf("captions: none\n");
    printf("choreography: %s\n", a->files.timeline[0] && timeline_duration(a->timeline) <= 0.0
                                      ? a->files.timeline : "fitted to this session");
    for (size_t i = 0; i < timeline_phase_count(a->timeline); i++) {
        timefmt_format(timeline_phase_start(a->timeline, i), t, sizeof t);
        printf("%s\tphase %s\n", t, timeline_phase_name(a->timeline, i));
    }
    timefmt_format(session_duration(a, NULL), t, sizeof t);
    printf("session: %s long\n", t);
    app_unload_session(a);
    return EXIT_OK;
}

/* --check: a timeline is checked against the narration and captions beside
 * it (NAME.ogg ..., NAME.vtt / NAME.srt), when they are there. */
int app_check(app *a)
{
    const char *path = a->opt.check;
    size_t n = strlen(path);
    if (!session_is_caption_path(path) && (n < 9 || strcasecmp(path + n - 9, ".timeline") != 0))
        return check_session(a);
    if (n < 9 || strcasecmp(path + n - 9, ".timeline") != 0)
        return check_file(path, stdout, stderr);
    static const char *const audio_ext[] = {".ogg", ".oga", ".opus", ".mp3", ".flac", ".wav"};
    static const char *const caption_ext[] = {".vtt", ".srt"};
    char base[4096], cand[4200], captions[4200] = "";
    snprintf(base, sizeof base, "%.*s", (int)(n - 9), path);
    check_context ctx = {0};
    struct stat st;
    for (size_t i = 0; i < sizeof caption_ext / sizeof caption_ext[0] && !captions[0]; i++) {
        snprintf(cand, sizeof cand, "%s%s", base, caption_ext[i]);
        if (stat(cand, &st) == 0 && S_ISREG(st.st_mode))
            snprintf(captions, sizeof captions, "%s", cand);
    }
    ctx.captions = captions[0] ? captions : NULL;
    for (size_t i = 0; i < sizeof audio_ext / sizeof audio_ext[0]; i++) {
        snprintf(cand, sizeof cand, "%s%s", base, audio_ext[i]);
        narration_info ni;
        char err[4400];
        if (stat(cand, &st) != 0 || narration_probe(cand, 0, &ni, err, sizeof err) < 0)
            continue;
        ctx.narration_length = ni.length;
        narration_info_free(&ni);
        printf("%s: checked against the narration %s (%.1f s)\n", path, cand, ni.length);
        break;
    }
    return check_file_in(path, &ctx, stdout, stderr);
}

/* The narration's length, read from its header before anything plays; with
 * want_speech also where its voice pauses (a decode of the whole file). */
static void probe_narration(app *a, int want_speech, narration_info *ni)
{
    memset(ni, 0, sizeof *ni);
    ni->length = -1.0;
    ni->speech.speech_end = -1.0;
    if (!a->files.audio[0])
        return;
    char err[4400];
    double t0 = sdl_audio_host_now();
    if (narration_probe(a->files.audio, want_speech, ni, err, sizeof err) < 0) {
        log_warn("session", "%s", err);
        return;
    }
    log_debug("session", "narration %s: %.3f s%s (%.0f ms)", a->files.audio, ni->length,
              want_speech ? ", pauses measured" : "", (sdl_audio_host_now() - t0) * 1000.0);
}

/* Loads a choreography template from the data folder; NULL (logged) when it
 * is missing or broken. */
static timeline *load_template(const app *a, const char *name)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/audio/%s", a->data_dir, name);
    timeline *t = timeline_load(path);
    if (!t || timeline_error_count(t) || timeline_phase_find(t, TIMELINE_CARD_PHASE) < 0) {
        log_error("session", "the choreography template %s is missing or broken", path);
        timeline_destroy(t);
        return NULL;
    }
    return t;
}

/* No usable choreography file: a template's is fitted to this session's own
 * narration and captions (timeline_fit_session): the 13 phases of the
 * default session, or the short arc for a short one. */
static int fit_choreography(app *a)
{
    size_t n = a->captions ? a->captions->count : 0;
    narration_info ni;
    probe_narration(a, n == 0, &ni);
    a->narration_length = ni.length;
    timeline_cue_ref *refs = n ? calloc(n, sizeof *refs) : NULL;
    size_t np = ni.speech.pause_count;
    timeline_span *pauses = np ? calloc(np, sizeof *pauses) : NULL;
    for (size_t i = 0; refs && i < n; i++)
        refs[i] = (timeline_cue_ref){a->captions->cues[i].start, a->captions->cues[i].end,
                                     a->captions->cues[i].text};
    for (size_t i = 0; pauses && i < np; i++)
        pauses[i] = (timeline_span){ni.speech.pauses[i].start, ni.speech.pauses[i].end};
    timeline_fit fit = {.length = ni.length, .speech_end = ni.speech.speech_end, .cues = refs,
                        .cue_count = refs ? n : 0, .pauses = pauses, .pause_count = pauses ? np : 0};
    int rc = EXIT_OK;
    timeline *tmpl = load_template(a, "fountain.timeline");
    if (tmpl) {
        double ref_end = timeline_phase_start(tmpl, (size_t)timeline_phase_find(tmpl, TIMELINE_CARD_PHASE));
        if (timeline_fit_card_start(&fit, ref_end) < TIMELINE_SHORT_SESSION) {
            timeline_destroy(tmpl);
            tmpl = load_template(a, "short-session.timeline");
        }
    }
    timeline_fit_result res = {0};
    if (!tmpl)
        rc = EXIT_NO_GL; /* the data folder is incomplete */
    else if (!(a->timeline = timeline_fit_session(tmpl, &fit, &res)))
        rc = EXIT_RUNTIME;
    if (rc == EXIT_OK) {
        char len[32], card[32];
        timefmt_format(res.duration, len, sizeof len);
        timefmt_format(res.card, card, sizeof card);
        log_info("session", "no choreography file; fitted %d phases to the %s (%s, end card at %s; "
                 "%d found by keyword)", res.phases,
                 n ? "captions" : ni.length > 0 ? "narration" : "default arc", len, card, res.found);
    } else if (rc == EXIT_RUNTIME) {
        log_error("session", "out of memory");
    }
    timeline_destroy(tmpl);
    free(refs);
    free(pauses);
    narration_info_free(&ni);
    return rc;
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

/* Whether a frame at t tells the quality controller what frames cost: one
 * faded toward black (the end of a pass, before a loop) skips most of the
 * work, and learning from it would raise the quality just before the next
 * pass starts at full cost. */
static int frame_is_typical(const app *a, double t)
{
    return timeline_eval(a->timeline, t).fade >= 0.5f;
}

/* One whole frame: the scene, then captions and the closing card at the
 * output's native resolution. Returns 0 or -1. */
static int draw_frame(app *a, double t, GLuint fbo, int w, int h, int captions_on)
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
static int render_pixels(app *a, double t, GLuint fbo, int w, int h, uint8_t *pixels)
{
    if (draw_frame(a, t, fbo, w, h, !a->opt.no_captions) < 0)
        return -1;
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
    return 0;
}

/* True when output i is the last drawn into its window (outputs sharing a
 * window follow the one that owns it): the window is shown after it. */
static int ends_window(const app *a, int i)
{
    return i + 1 == a->output_count || !a->outputs[i + 1].shared;
}

/* Shows the frame drawn into the window, and keeps the CPU at most two
 * frames ahead of the GPU. */
static void present(app *a)
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
static double frame_cost(app *a, double busy, double interval, frame_stats *gpu_into)
{
    double gpu = poll_gpu_ms(a, gpu_into);
    double work = busy - a->present_wait;
    if (gpu < 0.0)
        return interval;
    return work > gpu / 1000.0 ? work : gpu / 1000.0;
}

/* One black frame on every window: the rest between loops, the hours off. */
static void show_dark(app *a)
{
    for (int i = 0; i < a->output_count; i++) {
        use_output(a, &a->outputs[i]);
        if (!ends_window(a, i))
            continue; /* one clear and one swap per window */
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
        glClearColor(0.0f, 0.0f, 0.0f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        present(a);
    }
    use_output(a, &a->outputs[0]);
}

/* systemd's watchdog: one ping per interval (0 = no watchdog). */
static void ping_watchdog(double interval, double *last)
{
    double now = sdl_audio_host_now();
    if (interval > 0.0 && now - *last >= interval) {
        notify_send("WATCHDOG=1");
        *last = now;
    }
}

/* Writes GL's bottom-up RGBA rows as a PNG (top-down); row is scratch for
 * one row. Returns 0 or -1 (logged). */
static int write_gl_rows(uint8_t *pixels, uint8_t *row, int w, int h, const char *path)
{
    size_t stride = (size_t)w * 4;
    for (int y = 0; y < h / 2; y++) {
        memcpy(row, pixels + (size_t)y * stride, stride);
        memcpy(pixels + (size_t)y * stride, pixels + (size_t)(h - 1 - y) * stride, stride);
        memcpy(pixels + (size_t)(h - 1 - y) * stride, row, stride);
    }
    return app_png_write(path, pixels, w, h);
}

/* Draws session time t into an offscreen target and writes it as PNG. */
static int shoot(app *a, GLuint fbo, int w, int h, uint8_t *pixels, uint8_t *row, double t,
                 const char *path)
{
    if (render_pixels(a, t, fbo, w, h, pixels) < 0)
        return EXIT_RUNTIME;
    return write_gl_rows(pixels, row, w, h, path) < 0 ? EXIT_RUNTIME : EXIT_OK;
}

/* Writes what framebuffer fbo (0: the window's back buffer) holds now as a
 * PNG. Returns 0 or -1. */
static int save_framebuffer(GLuint fbo, int w, int h, const char *path)
{
    uint8_t *pixels = malloc((size_t)w * h * 4), *row = malloc((size_t)w * 4);
    int rc = -1;
    if (pixels && row) {
        glBindFramebuffer(GL_FRAMEBUFFER, fbo);
        if (fbo == 0)
            glReadBuffer(GL_BACK);
        glPixelStorei(GL_PACK_ALIGNMENT, 1);
        glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
        rc = write_gl_rows(pixels, row, w, h, path);
    }
    free(pixels);
    free(row);
    return rc;
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
    if (*a->quit_flag) {
        /* SIGTERM while starting (a screensaver host that changed its
         * mind): the window is up; do not go on to the first frame. */
        log_debug("player", "stopped while starting");
        close_gl(a);
        return EXIT_OK;
    }
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
        double fps = o->fps > 0.0 ? o->fps : 30.0;
        long count = (long)floor((o->to - o->from) * fps + 1e-9) + 1;
        for (long i = 0; i < count && rc == EXIT_OK && !*a->quit_flag; i++) {
            char path[4200];
            snprintf(path, sizeof path, "%s/frame-%06ld.png", o->render_dir, i);
            rc = shoot(a, out.fbo, w, h, pixels, row, o->from + (double)i / fps, path);
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

/* What one interactive session needs beyond the app: the narration, the
 * clock and the controls' state. */
typedef struct player {
    app *a;
    sdl_audio *audio;
    ws_clock *clock;
    double duration;     /* session length, seconds */
    int volume;
    int captions_on;
    int quit;
    double last_caption; /* start of the caption last seen, for the sync log */
    int warned_short;    /* the narration ended early: said once */
    int kiosk, lock_input;
    double esc_down;     /* kiosk exit chord: when Esc went down, or -1 */
    int saver;           /* --screensaver: real input ends it */
    int motion_events;   /* mouse motion seen (the first is ignored) */
    int motion_x0, motion_y0; /* where the pointer was first seen */
    double saver_since;  /* when the saver's window appeared */
    double overlay_since; /* last input that shows the TV overlay, or -1 */
    int displays_changed; /* SDL reported a display or a window's display changed */
} player;

static void seek(player *p, double t)
{
    if (t < 0.0)
        t = 0.0;
    if (t > p->duration)
        t = p->duration;
    double now = sdl_audio_host_now();
    sdl_audio_seek(p->audio, t);
    clock_seek(p->clock, t, now);
    log_info("player", "seek to %.1f s", t);
}

static void toggle_pause(player *p)
{
    double now = sdl_audio_host_now();
    if (clock_paused(p->clock)) {
        double t = clock_now(p->clock, now);
        sdl_audio_resume(p->audio, t);
        clock_resume(p->clock, now);
        log_info("player", "resumed at %.1f s", t);
    } else {
        sdl_audio_pause(p->audio);
        clock_pause(p->clock, now);
        log_info("player", "paused at %.1f s", clock_now(p->clock, now));
    }
}

static void change_volume(player *p, int delta)
{
    p->volume += delta;
    p->volume = p->volume < 0 ? 0 : p->volume > 100 ? 100 : p->volume;
    sdl_audio_set_volume(p->audio, p->volume);
    log_info("player", "volume %d", p->volume);
}

/* Keys, TV remote keys and gamepad buttons share one action table. */
typedef enum { ACT_NONE, ACT_QUIT, ACT_PAUSE, ACT_BACK10, ACT_FWD10, ACT_VOL_UP, ACT_VOL_DOWN,
               ACT_CAPTIONS } action;

static action key_action(const SDL_Keysym *k)
{
    switch (k->sym) {
    case SDLK_ESCAPE: case SDLK_AC_BACK: case SDLK_q: return ACT_QUIT;
    case SDLK_SPACE: case SDLK_RETURN: case SDLK_KP_ENTER: case SDLK_AUDIOPLAY:
    case SDLK_AUDIOSTOP: return ACT_PAUSE;
    case SDLK_LEFT: case SDLK_AUDIOREWIND: case SDLK_AUDIOPREV: return ACT_BACK10;
    case SDLK_RIGHT: case SDLK_AUDIOFASTFORWARD: case SDLK_AUDIONEXT: return ACT_FWD10;
    case SDLK_UP: case SDLK_VOLUMEUP: return ACT_VOL_UP;
    case SDLK_DOWN: case SDLK_VOLUMEDOWN: return ACT_VOL_DOWN;
    case SDLK_c: return ACT_CAPTIONS;
    default: return ACT_NONE;
    }
}

static action button_action(Uint8 button)
{
    switch (button) {
    case SDL_CONTROLLER_BUTTON_A: case SDL_CONTROLLER_BUTTON_START: return ACT_PAUSE;
    case SDL_CONTROLLER_BUTTON_B: case SDL_CONTROLLER_BUTTON_BACK: return ACT_QUIT;
    case SDL_CONTROLLER_BUTTON_Y: return ACT_CAPTIONS;
    case SDL_CONTROLLER_BUTTON_DPAD_LEFT: return ACT_BACK10;
    case SDL_CONTROLLER_BUTTON_DPAD_RIGHT: return ACT_FWD10;
    case SDL_CONTROLLER_BUTTON_DPAD_UP: return ACT_VOL_UP;
    case SDL_CONTROLLER_BUTTON_DPAD_DOWN: return ACT_VOL_DOWN;
    default: return ACT_NONE;
    }
}

static void act(player *p, action x)
{
    double now = sdl_audio_host_now();
    switch (x) {
    case ACT_QUIT: p->quit = 1; break;
    case ACT_PAUSE: toggle_pause(p); break;
    case ACT_BACK10: seek(p, clock_now(p->clock, now) - 10.0); break;
    case ACT_FWD10: seek(p, clock_now(p->clock, now) + 10.0); break;
    case ACT_VOL_UP: change_volume(p, 10); break;
    case ACT_VOL_DOWN: change_volume(p, -10); break;
    case ACT_CAPTIONS:
        p->captions_on = !p->captions_on;
        log_info("player", "captions %s", p->captions_on ? "on" : "off");
        break;
    case ACT_NONE: break;
    }
}

/* --screensaver: a key, a button, or the pointer moving more than ~10 px
 * from where it was first seen ends it; motion while the window appears,
 * and the first position after that, are not movement. */
static int saver_woken(player *p, const SDL_Event *e)
{
    switch (e->type) {
    case SDL_KEYDOWN: case SDL_MOUSEBUTTONDOWN: case SDL_CONTROLLERBUTTONDOWN:
    case SDL_FINGERDOWN: case SDL_MOUSEWHEEL:
        return 1;
    case SDL_MOUSEMOTION:
        /* Distance from where the pointer was first seen: SDL's relative
         * motion can be measured from a made-up origin at start-up. */
        /* The first second is the window settling (hosts and SDL report a
         * made-up pointer position as the window appears). */
        if (sdl_audio_host_now() - p->saver_since < 1.0)
            return 0;
        if (p->motion_events++ == 0) {
            p->motion_x0 = e->motion.x;
            p->motion_y0 = e->motion.y;
            return 0;
        }
        return abs(e->motion.x - p->motion_x0) + abs(e->motion.y - p->motion_y0) > 10;
    default:
        return 0;
    }
}

static void handle_event(player *p, const SDL_Event *e)
{
    if (p->saver && saver_woken(p, e)) {
        log_info("player", "input: the screensaver ends");
        p->quit = 1;
        return;
    }
    /* Any input in the normal mode shows the overlay for a few seconds. */
    if (!p->kiosk && !p->saver &&
        (e->type == SDL_KEYDOWN || e->type == SDL_CONTROLLERBUTTONDOWN ||
         e->type == SDL_MOUSEBUTTONDOWN))
        p->overlay_since = sdl_audio_host_now();
    switch (e->type) {
    case SDL_QUIT:
        if (!p->kiosk) /* a kiosk ends by its exit chord or a signal only */
            p->quit = 1;
        break;
    case SDL_KEYDOWN:
        if (p->kiosk) {
            /* Locked: only the exit chord (hold Esc for 3 s) and, unless
             * --lock-input, play/pause from a remote. */
            if (e->key.keysym.sym == SDLK_ESCAPE && !e->key.repeat)
                p->esc_down = sdl_audio_host_now();
            else if (!p->lock_input && !e->key.repeat &&
                     (e->key.keysym.sym == SDLK_AUDIOPLAY || e->key.keysym.sym == SDLK_AUDIOSTOP))
                act(p, ACT_PAUSE);
            break;
        }
        if (!e->key.repeat || key_action(&e->key.keysym) != ACT_PAUSE)
            act(p, key_action(&e->key.keysym));
        break;
    case SDL_KEYUP:
        if (e->key.keysym.sym == SDLK_ESCAPE)
            p->esc_down = -1.0;
        break;
    case SDL_CONTROLLERDEVICEADDED:
        if (SDL_GameControllerOpen(e->cdevice.which))
            log_info("input", "game controller %d connected", e->cdevice.which);
        break;
    case SDL_CONTROLLERBUTTONDOWN:
        if (!p->kiosk)
            act(p, button_action(e->cbutton.button));
        else if (!p->lock_input && button_action(e->cbutton.button) == ACT_PAUSE)
            act(p, ACT_PAUSE);
        break;
    case SDL_WINDOWEVENT:
        if (e->window.event == SDL_WINDOWEVENT_CLOSE && !p->kiosk)
            p->quit = 1;
        if (e->window.event == SDL_WINDOWEVENT_DISPLAY_CHANGED)
            p->displays_changed = 1;
        break;
    case SDL_DISPLAYEVENT:
        log_debug("video", "display event: display %u %s", e->display.display,
                  e->display.event == SDL_DISPLAYEVENT_CONNECTED      ? "connected"
                  : e->display.event == SDL_DISPLAYEVENT_DISCONNECTED ? "disconnected"
                                                                      : "changed");
        p->displays_changed = 1;
        break;
    case SDL_AUDIODEVICEREMOVED:
    case SDL_AUDIODEVICEADDED:
        sdl_audio_handle_event(p->audio, e, clock_now(p->clock, sdl_audio_host_now()));
        break;
    default:
        break;
    }
}

/* The kiosk's exit chord: Esc held down for 3 s. */
static int chord_held(const player *p)
{
    return p->kiosk && p->esc_down >= 0.0 && sdl_audio_host_now() - p->esc_down >= 3.0;
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

/* The session's length: the narration's measured length, then the end card
 * (the choreography's keys just past it). Captions that outlast a truncated
 * narration extend it; nothing pads it to the default session's length. The
 * same with or without sound, so a muted screen and a speaking one agree on
 * the loop (--sync-clock), and renders and exports agree with the player. */
static double session_duration(const app *a, const sdl_audio *au)
{
    double d = a->narration_length;
    if (!(d > 0.0) && au)
        d = sdl_audio_duration(au);
    double fitted = timeline_duration(a->timeline); /* set on a fitted choreography */
    d = fitted > d ? fitted : d;
    if (a->captions && a->captions->count) {
        double c = a->captions->cues[a->captions->count - 1].end;
        d = c + 1.0 > d ? c + 1.0 : d;
    }
    double keys_end = timeline_last_key_time(a->timeline);
    if (keys_end > d && (d <= 0.0 || keys_end < d + 30.0))
        d = keys_end;
    if (!(d > 0.0))
        d = timeline_arc_duration();
    return d;
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

/* SIGHUP: reads the session's captions and choreography again and swaps
 * them in only when they load; on any problem the running ones stay. The
 * picture is a function of t, so the next frame simply uses the new files. */
static void reload_session(app *a)
{
    app fresh;
    memset(&fresh, 0, sizeof fresh);
    fresh.opt = a->opt;
    memcpy(fresh.data_dir, a->data_dir, sizeof fresh.data_dir);
    if (app_load_session(&fresh) != 0) {
        log_warn("session", "reload failed; keeping the session as it was");
        app_unload_session(&fresh);
        return;
    }
    app_unload_session(a);
    a->files = fresh.files;
    a->timeline = fresh.timeline;
    a->captions = fresh.captions;
    for (int i = 0; i < a->output_count; i++)
        if (a->outputs[i].text) {
            use_output(a, &a->outputs[i]);
            captions_renderer_set_track(a->outputs[i].text, a->captions);
        }
    for (int i = 0; i < a->output_count; i++)
        expect_parts(a, &a->outputs[i]);
    use_output(a, &a->outputs[0]);
    log_info("session", "reloaded %s (SIGHUP)", a->files.base);
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
static int open_output_on(app *a, int k)
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
        use_output(a, &a->outputs[0]);
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
    use_output(a, &a->outputs[0]);
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
    use_output(a, root);
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
    use_output(a, root);
}

/* Screensaver hosts: every window of a --window-id list gets its own output,
 * and the root window of a desktop with several monitors is drawn as one
 * picture per monitor (not one picture stretched across all of them). */
static void open_saver_outputs(app *a)
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
static void follow_displays(app *a)
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
    use_output(a, &a->outputs[0]);
}

/* Test aid: WELLSPRING_TEST_SNAPSHOT=DIR@S writes what each output shows
 * S seconds after the first frame to DIR/output-N.png (read back from the window's
 * back buffer just before the swap), and then the run ends. */
typedef struct snapshot_hook {
    char dir[1024];
    double after;
    double t0;  /* the first frame's time, 0 before it */
    int armed;
} snapshot_hook;

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
            present(a);
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
    int rc = open_gl(a, &wd);
    if (rc)
        return rc;
    if (*a->quit_flag) {
        /* SIGTERM while starting (a screensaver host that changed its
         * mind): the window is up; do not go on to the first frame. */
        log_debug("player", "stopped while starting");
        close_gl(a);
        return EXIT_OK;
    }
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
    p.duration = session_duration(a, p.audio);
    a->loop_length = o->loop || o->kiosk || saver ? p.duration : 0.0;
    for (int i = 0; i < a->output_count; i++)
        captions_renderer_set_loop(a->outputs[i].text, a->loop_length);
    p.clock = clock_create(o->start, sdl_audio_host_now());
    if (!p.clock) {
        sdl_audio_close(p.audio);
        close_gl(a);
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
            handle_event(&p, &e);
        ping_watchdog(watchdog, &last_ping); /* also while resting and paused (below) */
        if (chord_held(&p)) {
            /* Here, before any state can skip the rest of the loop: the
             * chord ends a kiosk that is dark, resting or paused too. */
            log_info("player", "exit chord (Esc held 3 s)");
            break;
        }
        if (a->reload_flag && *a->reload_flag) {
            *a->reload_flag = 0;
            reload_session(a);
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
                handle_event(&p, &ev);
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
                show_dark(a);
            }
            dark = want_dark;
            SDL_Event ev;
            if (SDL_WaitEventTimeout(&ev, 1000))
                handle_event(&p, &ev);
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
            seek(&p, 0.0);
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
                show_dark(a);
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
                show_dark(a);
                SDL_Delay(100);
                prev = sdl_audio_host_now();
                continue;
            }
            log_census(++loops, a->out->text);
            seek(&p, 0.0);
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
        while (clock_paused(p.clock) && !p.quit && !*a->quit_flag && !chord_held(&p)) {
            SDL_Event ev;
            if (SDL_WaitEventTimeout(&ev, 250)) {
                handle_event(&p, &ev);
                break;
            }
            sdl_audio_update(p.audio);
            ping_watchdog(watchdog, &last_ping);
        }
    }
    log_census(-1, a->out->text); /* at exit: the same census, loop -1 */
    clock_destroy(p.clock);
    sdl_audio_close(p.audio);
    close_gl(a);
    return rc;
}

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
    int w = o->size_w ? o->size_w : DEFAULT_OUT_W, h = o->size_h ? o->size_h : DEFAULT_OUT_H;
    sdl_window_desc wd = {.w = w, .h = h};
    int rc = open_gl(a, &wd);
    if (rc)
        return rc;
    if (*a->quit_flag) {
        /* SIGTERM while starting (a screensaver host that changed its
         * mind): the window is up; do not go on to the first frame. */
        log_debug("player", "stopped while starting");
        close_gl(a);
        return EXIT_OK;
    }
    quality_ctl q;
    start_quality(a, &q);
    frame_stats all, at_caption, gpu, at_loop;
    if (stats_init(&all, STATS_MAX_SAMPLES) < 0 || stats_init(&at_caption, 4096) < 0 ||
        stats_init(&gpu, STATS_MAX_SAMPLES) < 0 || stats_init(&at_loop, 4096) < 0) {
        stats_free(&all);
        stats_free(&at_caption);
        stats_free(&gpu);
        stats_free(&at_loop);
        close_gl(a);
        return EXIT_RUNTIME;
    }
    size_t phases = timeline_phase_count(a->timeline);
    if (phases == 0)
        phases = 1;
    double per_phase = o->seconds / (double)phases;
    double first_frame_ms = -1.0, cpu0 = 0.0, wall0 = 0.0;
    long caption_prev = -2;
    double duration = session_duration(a, NULL);
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
            present(a);
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
    close_gl(a);
    return rc;
}

int app_check_flashes(app *a)
{
    const options *o = &a->opt;
    int w = o->size_w ? o->size_w : 160, h = o->size_h ? o->size_h : 90;
    double fps = o->fps > 0.0 ? o->fps : 30.0;
    sdl_window_desc wd = {.hidden = 1, .w = 64, .h = 64};
    int rc = open_gl(a, &wd);
    if (rc)
        return rc;
    if (*a->quit_flag) {
        /* SIGTERM while starting (a screensaver host that changed its
         * mind): the window is up; do not go on to the first frame. */
        log_debug("player", "stopped while starting");
        close_gl(a);
        return EXIT_OK;
    }
    flash_params fp = {.width = w, .height = h, .channels = 4, .rows_bottom_up = 1};
    flash_analyser *fa = flash_create(&fp);
    gl_target out;
    uint8_t *pixels = malloc((size_t)w * h * 4);
    if (!fa || !pixels || gl_target_create(&out, w, h, GL_RGBA8) < 0) {
        flash_destroy(fa);
        free(pixels);
        close_gl(a);
        return EXIT_RUNTIME;
    }
    double duration = session_duration(a, NULL);
    long frames = (long)floor(duration * fps) + 1;
    for (long i = 0; i < frames && !*a->quit_flag; i++) {
        double t = (double)i / fps;
        if (render_pixels(a, t, out.fbo, w, h, pixels) < 0) {
            rc = EXIT_RUNTIME;
            break;
        }
        flash_push(fa, pixels, t);
    }
    const flash_result *r = flash_get_result(fa);
    for (int i = 0; i < r->listed; i++) {
        const flash_violation *v = &r->violations[i];
        char t0[32], t1[32];
        timefmt_format(v->t_start, t0, sizeof t0);
        timefmt_format(v->t_end, t1, sizeof t1);
        printf("%s --> %s\t%s flash: %.1f flashes/s over %.0f%% of a 10-degree field\n", t0, t1,
               flash_kind_name(v->kind), v->flashes_per_s, v->area_fraction * 100.0);
    }
    printf("%s: %ld frames at %dx%d, %.0f fps: %d flash violations (WCAG 2.3.1); "
           "largest flashing area %.1f%% (general), %.1f%% (red) of a 10-degree field\n",
           a->files.base, r->frames, w, h, fps, r->violation_count,
           r->peak_area_fraction[FLASH_GENERAL] * 100.0, r->peak_area_fraction[FLASH_RED] * 100.0);
    if (rc == EXIT_OK && r->violation_count)
        rc = EXIT_USAGE;
    gl_target_destroy(&out);
    free(pixels);
    flash_destroy(fa);
    close_gl(a);
    return rc;
}

/* Quotes a path for the shell: 'it'\''s'. */
static void shell_quote(const char *in, char *out, size_t size)
{
    size_t n = 0;
    if (size < 3)
        return;
    out[n++] = '\'';
    for (; *in && n + 5 < size; in++) {
        if (*in == '\'') {
            memcpy(out + n, "'\\''", 4);
            n += 4;
        } else {
            out[n++] = *in;
        }
    }
    out[n++] = '\'';
    out[n] = '\0';
}

/* The ffmpeg muxer for an output file by its extension (the video is
 * written under another name first, so ffmpeg is told), or NULL. */
static const char *export_container(const char *path)
{
    static const struct {
        const char *ext, *muxer;
    } known[] = {{".mp4", "mp4"}, {".m4v", "mp4"}, {".mov", "mov"}, {".mkv", "matroska"}};
    const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
    if (!dot || (slash && slash > dot))
        return NULL;
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strcasecmp(dot, known[i].ext) == 0)
            return known[i].muxer;
    return NULL;
}

/* The ffmpeg command that takes raw RGBA frames on stdin and writes `out`:
 * H.264, and the narration from `from` as AAC, padded with silence to the
 * video's length (the end card comes after the last word). */
static void export_command(const app *a, const char *out, const char *muxer, int w, int h,
                           double fps, double from, double seconds, char *cmd, size_t size)
{
    char out_q[4200], audio_q[4200], audio_in[4600] = "";
    shell_quote(out, out_q, sizeof out_q);
    if (a->files.audio[0]) {
        shell_quote(a->files.audio, audio_q, sizeof audio_q);
        snprintf(audio_in, sizeof audio_in,
                 "-ss %.3f -t %.3f -i %s -af apad=whole_dur=%.3f -c:a aac -b:a 160k", from,
                 seconds, audio_q, seconds);
    }
    /* Frames arrive bottom-up from GL: ffmpeg flips them. */
    snprintf(cmd, size,
             "ffmpeg -nostdin -hide_banner -loglevel error -y -f rawvideo -pix_fmt rgba -s %dx%d "
             "-r %g -i - %s -vf vflip -c:v libx264 -preset medium -crf 20 -pix_fmt yuv420p "
             "-movflags +faststart -t %.3f -f %s %s",
             w, h, fps, audio_in, seconds, muxer, out_q);
}

static void export_progress(long i, long frames, double fps, double started)
{
    double el = sdl_audio_host_now() - started, done = (double)(i + 1) / (double)frames;
    double speed = el > 0 ? (double)(i + 1) / fps / el : 0.0;
    int bar = (int)(done * 30.0);
    fprintf(stderr, "\rexport [%.*s%*s] %ld/%ld frames  %.2fx real time  ETA %.0f s ", bar,
            "==============================", 30 - bar, "", i + 1, frames, speed,
            done > 0 ? el / done - el : 0.0);
}

int app_export(app *a)
{
    const options *o = &a->opt;
    int w = o->size_w ? o->size_w : 1920, h = o->size_h ? o->size_h : 1080;
    double fps = o->fps > 0.0 ? o->fps : 30.0;
    const char *muxer = export_container(o->export_path);
    if (!muxer) {
        log_error("export", "%s: export writes .mp4, .m4v, .mov or .mkv files", o->export_path);
        return EXIT_USAGE;
    }
    if (system("command -v ffmpeg > /dev/null 2>&1") != 0) {
        log_error("export", "ffmpeg is not installed; install it (Debian: apt install ffmpeg) "
                            "to export video");
        return EXIT_RUNTIME;
    }
    double from = o->from, to = o->has_to ? o->to : session_duration(a, NULL);
    long frames = (long)floor((to - from) * fps + 1e-9);
    if (frames < 1) {
        log_error("export", "nothing to export between %.3f s and %.3f s", from, to);
        return EXIT_USAGE;
    }
    /* The video is written as OUT.partial and renamed once whole, so an
     * interrupted export never leaves a cut file under the final name. */
    char partial[4200], cmd[9400];
    snprintf(partial, sizeof partial, "%s.partial", o->export_path);
    export_command(a, partial, muxer, w, h, fps, from, (double)frames / fps, cmd, sizeof cmd);
    sdl_window_desc wd = {.hidden = 1, .w = 64, .h = 64};
    int rc = open_gl(a, &wd);
    if (rc)
        return rc;
    if (*a->quit_flag) {
        /* SIGTERM while starting (a screensaver host that changed its
         * mind): the window is up; do not go on to the first frame. */
        log_debug("player", "stopped while starting");
        close_gl(a);
        return EXIT_OK;
    }
    gl_target out;
    uint8_t *pixels = malloc((size_t)w * h * 4);
    if (!pixels || gl_target_create(&out, w, h, GL_RGBA8) < 0) {
        free(pixels);
        close_gl(a);
        return EXIT_RUNTIME;
    }
    /* ffmpeg may stop reading early (it failed): a write then fails with
     * EPIPE and is reported, instead of SIGPIPE killing Wellspring. */
    void (*old_pipe)(int) = signal(SIGPIPE, SIG_IGN);
    FILE *pipe = popen(cmd, "w");
    if (!pipe) {
        log_error("export", "cannot start ffmpeg: %s", strerror(errno));
        rc = EXIT_RUNTIME;
    }
    double started = sdl_audio_host_now();
    for (long i = 0; pipe && i < frames && !*a->quit_flag && rc == EXIT_OK; i++) {
        if (render_pixels(a, from + (double)i / fps, out.fbo, w, h, pixels) < 0) {
            rc = EXIT_RUNTIME;
            break;
        }
        if (fwrite(pixels, (size_t)w * h * 4, 1, pipe) != 1 || fflush(pipe) != 0) {
            if (*a->quit_flag)
                break; /* a signal cut the write short (EINTR): interrupted, not failed */
            fputc('\n', stderr);
            log_error("export", "ffmpeg stopped taking frames at frame %ld of %ld (see its "
                      "message above)", i + 1, frames);
            rc = EXIT_RUNTIME;
            break;
        }
        if (i % 10 == 9 || i + 1 == frames)
            export_progress(i, frames, fps, started);
    }
    if (rc == EXIT_OK && *a->quit_flag)
        rc = 128 + (int)*a->quit_flag; /* interrupted: 130 for SIGINT, as a shell reports it */
    else if (rc == EXIT_OK)
        fputc('\n', stderr);
    int status = pipe ? pclose(pipe) : -1;
    signal(SIGPIPE, old_pipe);
    if (rc == EXIT_OK && status != 0) {
        log_error("export", "ffmpeg failed (exit status %d) writing %s", WIFEXITED(status) ?
                  WEXITSTATUS(status) : status, o->export_path);
        rc = EXIT_RUNTIME;
    }
    if (rc == EXIT_OK && rename(partial, o->export_path) != 0) {
        log_error("export", "cannot rename %s to %s: %s", partial, o->export_path, strerror(errno));
        rc = EXIT_RUNTIME;
    }
    if (rc == EXIT_OK)
        log_info("export", "wrote %s: %ld frames at %dx%d, %g fps%s", o->export_path, frames, w, h,
                 fps, a->files.audio[0] ? ", with the narration" : "");
    else
        remove(partial);
    gl_target_destroy(&out);
    free(pixels);
    close_gl(a);
    return rc;
}
