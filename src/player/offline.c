/* player/offline.c: the untimed outputs: --screenshot and --render (PNG),
 * --check-flashes (the WCAG analyser) and --export (ffmpeg). */
#include "player/internal.h"

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
int save_framebuffer(GLuint fbo, int w, int h, const char *path)
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
    int rc;
    if (!outputs_start(a, &wd, &rc))
        return rc;
    gl_target out;
    uint8_t *pixels = malloc((size_t)w * h * 4), *row = malloc((size_t)w * 4);
    if (!pixels || !row || gl_target_create(&out, w, h, GL_RGBA8) < 0) {
        free(pixels);
        free(row);
        outputs_close_all(a);
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
    outputs_close_all(a);
    return rc;
}

int app_check_flashes(app *a)
{
    const options *o = &a->opt;
    int w = o->size_w ? o->size_w : 160, h = o->size_h ? o->size_h : 90;
    double fps = o->fps > 0.0 ? o->fps : 30.0;
    sdl_window_desc wd = {.hidden = 1, .w = 64, .h = 64};
    int rc;
    if (!outputs_start(a, &wd, &rc))
        return rc;
    flash_params fp = {.width = w, .height = h, .channels = 4, .rows_bottom_up = 1};
    flash_analyser *fa = flash_create(&fp);
    gl_target out;
    uint8_t *pixels = malloc((size_t)w * h * 4);
    if (!fa || !pixels || gl_target_create(&out, w, h, GL_RGBA8) < 0) {
        flash_destroy(fa);
        free(pixels);
        outputs_close_all(a);
        return EXIT_RUNTIME;
    }
    double duration = app_session_length(a, NULL);
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
    outputs_close_all(a);
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
    double from = o->from, to = o->has_to ? o->to : app_session_length(a, NULL);
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
    int rc;
    if (!outputs_start(a, &wd, &rc))
        return rc;
    gl_target out;
    uint8_t *pixels = malloc((size_t)w * h * 4);
    if (!pixels || gl_target_create(&out, w, h, GL_RGBA8) < 0) {
        free(pixels);
        outputs_close_all(a);
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
    outputs_close_all(a);
    return rc;
}
