/* player/offline.c: the untimed outputs. One driver (offline_drive) opens a
 * hidden output, draws the session at frame i's time from + i / fps into an
 * offscreen target, reads the pixels back and hands each frame to a sink:
 * PNG files (--screenshot, --render), the WCAG flash analyser
 * (--check-flashes) or ffmpeg's stdin (--export). As mpv's encoder is just
 * another vo, these are the player's draw_frame on a frame-counter clock. */
#include "player/internal.h"

/* Each mode's picture size and frame rate where the options leave them 0,
 * filled in here once (sokol's _sg_def), so no mode carries its own. */
static const mode_settings mode_default[] = {
    [MODE_STILLS] = {1280, 720, 30.0},
    [MODE_FLASHES] = {160, 90, 30.0},
    [MODE_EXPORT] = {1920, 1080, 30.0},
    [MODE_BENCHMARK] = {1280, 720, 0.0}, /* no --fps: flat out */
};

mode_settings mode_settings_for(const options *o, frame_mode m)
{
    mode_settings s = mode_default[m];
    if (o->size_w)
        s.w = o->size_w;
    if (o->size_h)
        s.h = o->size_h;
    if (o->fps > 0.0)
        s.fps = o->fps;
    return s;
}

/* How many frames an offline run makes between `from` and `to`, frame i at
 * from + i / fps exactly (so frame times do not drift). The end frame is
 * decided here, once: stills (PNG frames, the flash check) sample the
 * closed span [from, to], so the frame at `to` is drawn too (--render
 * --from 0.5 --to 1.0 --fps 10 is six pictures, and the flash check sees
 * the session's last frame); a video's frames each last 1 / fps and fill
 * the half-open span [from, to), so a frame at `to` would play past the end
 * and make the video a frame longer than its sound. The 1e-9 keeps a span
 * of whole frames from losing one to rounding. */
long offline_frame_count(double from, double to, double fps, offline_span span)
{
    long n = (long)floor((to - from) * fps + 1e-9);
    return span == SPAN_STILLS ? n + 1 : n;
}

/* Where the driver's frames go. start (may be NULL) runs once the output is
 * up; take gets each frame's RGBA rows, bottom-up as GL gives them (it may
 * change them); finish (may be NULL) runs after the last frame, whenever
 * start was called, with the run's exit code so far, and returns the final
 * one. start and take return EXIT_OK to go on, or an exit code to stop. */
typedef struct frame_sink {
    int (*start)(void *self);
    int (*take)(void *self, uint8_t *rgba, long i, double t);
    int (*finish)(void *self, int rc);
    void *self;
} frame_sink;

/* The one offline frame loop: a hidden output, an offscreen w x h target,
 * `frames` frames at from + i / fps, each drawn (draw_frame, as the player
 * draws) and read back into the sink. Stops early on a failure or a quit
 * signal. Returns an exit code. */
static int offline_drive(app *a, mode_settings m, double from, long frames, frame_sink *sink)
{
    sdl_window_desc wd = {.hidden = 1, .w = 64, .h = 64};
    int rc;
    if (!outputs_start(a, &wd, &rc))
        return rc;
    gl_target out;
    uint8_t *pixels = malloc((size_t)m.w * m.h * 4);
    if (!pixels || gl_target_create(&out, m.w, m.h, GL_RGBA8) < 0) {
        free(pixels);
        outputs_close_all(a);
        return EXIT_RUNTIME;
    }
    rc = sink->start ? sink->start(sink->self) : EXIT_OK;
    for (long i = 0; i < frames && rc == EXIT_OK && !*a->quit_flag; i++) {
        double t = from + (double)i / m.fps;
        if (render_pixels(a, t, out.fbo, m.w, m.h, pixels) < 0)
            rc = EXIT_RUNTIME;
        else
            rc = sink->take(sink->self, pixels, i, t);
    }
    if (sink->finish)
        rc = sink->finish(sink->self, rc);
    gl_target_destroy(&out);
    free(pixels);
    outputs_close_all(a);
    return rc;
}

/* Writes GL's bottom-up RGBA rows as a PNG (top-down), flipping them in
 * place. Returns 0 or -1 (logged). */
static int write_gl_rows(uint8_t *pixels, int w, int h, const char *path)
{
    size_t stride = (size_t)w * 4;
    uint8_t *row = malloc(stride);
    if (!row)
        return -1;
    for (int y = 0; y < h / 2; y++) {
        memcpy(row, pixels + (size_t)y * stride, stride);
        memcpy(pixels + (size_t)y * stride, pixels + (size_t)(h - 1 - y) * stride, stride);
        memcpy(pixels + (size_t)(h - 1 - y) * stride, row, stride);
    }
    free(row);
    return app_png_write(path, pixels, w, h);
}

/* Writes what framebuffer fbo (0: the window's back buffer) holds now as a
 * PNG. Returns 0 or -1. */
int save_framebuffer(GLuint fbo, int w, int h, const char *path)
{
    uint8_t *pixels = malloc((size_t)w * h * 4);
    int rc = -1;
    if (pixels) {
        glBindFramebuffer(GL_FRAMEBUFFER, fbo);
        if (fbo == 0)
            glReadBuffer(GL_BACK);
        glPixelStorei(GL_PACK_ALIGNMENT, 1);
        glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
        rc = write_gl_rows(pixels, w, h, path);
    }
    free(pixels);
    return rc;
}

/* ---- the PNG sink: --screenshot (one named file) and --render (a folder
 * of numbered frames) ---------------------------------------------------- */

typedef struct png_sink {
    int w, h;
    const char *path; /* --screenshot's file, or NULL */
    const char *dir;  /* --render's folder */
    long frames;
} png_sink;

static int png_take(void *self, uint8_t *rgba, long i, double t)
{
    (void)t;
    png_sink *s = self;
    char path[4200];
    if (s->path)
        snprintf(path, sizeof path, "%s", s->path);
    else
        snprintf(path, sizeof path, "%s/frame-%06ld.png", s->dir, i);
    return write_gl_rows(rgba, s->w, s->h, path) < 0 ? EXIT_RUNTIME : EXIT_OK;
}

static int png_finish(void *self, int rc)
{
    png_sink *s = self;
    if (rc == EXIT_OK && !s->path)
        log_info("render", "wrote %ld frames to %s", s->frames, s->dir);
    return rc;
}

int app_run_offline(app *a)
{
    const options *o = &a->opt;
    mode_settings m = mode_settings_for(o, MODE_STILLS);
    if (o->render_dir && mkdir(o->render_dir, 0777) < 0 && errno != EEXIST) {
        log_error("render", "cannot make folder %s: %s", o->render_dir, strerror(errno));
        return EXIT_RUNTIME;
    }
    double from = o->screenshot ? o->screenshot_t : o->from;
    double to = o->screenshot ? o->screenshot_t : o->to;
    png_sink s = {.w = m.w, .h = m.h, .path = o->screenshot ? o->screenshot_path : NULL,
                  .dir = o->render_dir, .frames = offline_frame_count(from, to, m.fps, SPAN_STILLS)};
    frame_sink sink = {.take = png_take, .finish = png_finish, .self = &s};
    return offline_drive(a, m, from, s.frames, &sink);
}

/* ---- the flash sink: --check-flashes ------------------------------------ */

typedef struct flash_sink {
    const app *a;
    mode_settings m;
    flash_analyser *fa;
} flash_sink;

static int flash_start(void *self)
{
    flash_sink *s = self;
    flash_params fp = {.width = s->m.w, .height = s->m.h, .channels = 4, .rows_bottom_up = 1};
    s->fa = flash_create(&fp);
    return s->fa ? EXIT_OK : EXIT_RUNTIME;
}

static int flash_take(void *self, uint8_t *rgba, long i, double t)
{
    (void)i;
    flash_push(((flash_sink *)self)->fa, rgba, t);
    return EXIT_OK;
}

/* Prints each violation with its times and the summary line (also after a
 * failure or a quit: what was seen so far). Violations make it EXIT_USAGE. */
static int flash_finish(void *self, int rc)
{
    flash_sink *s = self;
    if (!s->fa)
        return rc;
    const flash_result *r = flash_get_result(s->fa);
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
           s->a->files.base, r->frames, s->m.w, s->m.h, s->m.fps, r->violation_count,
           r->peak_area_fraction[FLASH_GENERAL] * 100.0, r->peak_area_fraction[FLASH_RED] * 100.0);
    if (rc == EXIT_OK && r->violation_count)
        rc = EXIT_USAGE;
    flash_destroy(s->fa);
    s->fa = NULL;
    return rc;
}

int app_check_flashes(app *a)
{
    flash_sink s = {.a = a, .m = mode_settings_for(&a->opt, MODE_FLASHES)};
    frame_sink sink = {.start = flash_start, .take = flash_take, .finish = flash_finish, .self = &s};
    long frames = offline_frame_count(0.0, app_session_length(a, NULL), s.m.fps, SPAN_STILLS);
    return offline_drive(a, s.m, 0.0, frames, &sink);
}

/* ---- the ffmpeg sink: --export ------------------------------------------ */

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

typedef struct export_sink {
    const app *a;
    mode_settings m;
    long frames;
    char partial[4200]; /* OUT.partial: renamed to OUT once whole */
    char cmd[9400];
    FILE *pipe;
    void (*old_pipe)(int);
    double started;
} export_sink;

/* ffmpeg may stop reading early (it failed): a write then fails with EPIPE
 * and is reported, instead of SIGPIPE killing Wellspring. */
static int export_start(void *self)
{
    export_sink *s = self;
    s->old_pipe = signal(SIGPIPE, SIG_IGN);
    s->pipe = popen(s->cmd, "w");
    s->started = sdl_audio_host_now();
    if (!s->pipe) {
        log_error("export", "cannot start ffmpeg: %s", strerror(errno));
        return EXIT_RUNTIME;
    }
    return EXIT_OK;
}

static int export_take(void *self, uint8_t *rgba, long i, double t)
{
    (void)t;
    export_sink *s = self;
    if (fwrite(rgba, (size_t)s->m.w * s->m.h * 4, 1, s->pipe) != 1 || fflush(s->pipe) != 0) {
        if (*s->a->quit_flag)
            return EXIT_OK; /* a signal cut the write short (EINTR): interrupted, not failed */
        fputc('\n', stderr);
        log_error("export", "ffmpeg stopped taking frames at frame %ld of %ld (see its "
                  "message above)", i + 1, s->frames);
        return EXIT_RUNTIME;
    }
    if (i % 10 == 9 || i + 1 == s->frames)
        export_progress(i, s->frames, s->m.fps, s->started);
    return EXIT_OK;
}

/* Closes ffmpeg and keeps the video only when the whole of it was written:
 * an interrupted export exits 128 + the signal (130 for SIGINT, as a shell
 * reports it), and a failed or interrupted one leaves no file behind. */
static int export_finish(void *self, int rc)
{
    export_sink *s = self;
    const char *path = s->a->opt.export_path;
    if (rc == EXIT_OK && *s->a->quit_flag)
        rc = 128 + (int)*s->a->quit_flag;
    else if (rc == EXIT_OK)
        fputc('\n', stderr);
    int status = s->pipe ? pclose(s->pipe) : -1;
    signal(SIGPIPE, s->old_pipe);
    if (rc == EXIT_OK && status != 0) {
        log_error("export", "ffmpeg failed (exit status %d) writing %s", WIFEXITED(status) ?
                  WEXITSTATUS(status) : status, path);
        rc = EXIT_RUNTIME;
    }
    if (rc == EXIT_OK && rename(s->partial, path) != 0) {
        log_error("export", "cannot rename %s to %s: %s", s->partial, path, strerror(errno));
        rc = EXIT_RUNTIME;
    }
    if (rc == EXIT_OK)
        log_info("export", "wrote %s: %ld frames at %dx%d, %g fps%s", path, s->frames, s->m.w,
                 s->m.h, s->m.fps, s->a->files.audio[0] ? ", with the narration" : "");
    else
        remove(s->partial);
    return rc;
}

int app_export(app *a)
{
    const options *o = &a->opt;
    export_sink s = {.a = a, .m = mode_settings_for(o, MODE_EXPORT)};
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
    double from = o->from, to = o->has_to ? o->to : app_session_length(a, NULL);
    s.frames = offline_frame_count(from, to, s.m.fps, SPAN_VIDEO);
    if (s.frames < 1) {
        log_error("export", "nothing to export between %.3f s and %.3f s", from, to);
        return EXIT_USAGE;
    }
    /* The video is written as OUT.partial and renamed once whole, so an
     * interrupted export never leaves a cut file under the final name. */
    snprintf(s.partial, sizeof s.partial, "%s.partial", o->export_path);
    export_command(a, s.partial, muxer, s.m.w, s.m.h, s.m.fps, from,
                   (double)s.frames / s.m.fps, s.cmd, sizeof s.cmd);
    frame_sink sink = {.start = export_start, .take = export_take, .finish = export_finish,
                       .self = &s};
    return offline_drive(a, s.m, from, s.frames, &sink);
}
