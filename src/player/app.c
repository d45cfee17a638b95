/* player/app.c: the program's context: the data folder, and the session's
 * files loaded (narration measured, captions, the choreography from its file
 * or fitted), reloaded on SIGHUP, and checked (--check). */
#include "align/align_session.h"
#include "player/internal.h"

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

static int fit_choreography(app *a);
static int load_choreography(app *a);
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
    /* NAME.txt and no caption file: captions timed by the aligner (cached);
     * the player's first alignment waits for its window (prepare.c). */
    a->align_pending = 0;
    if (!a->opt.no_captions && a->defer_align && align_session_pending(&a->files, a->opt.lang)) {
        a->align_pending = 1;
        a->files.captions_note[0] = '\0';
    } else if (!a->opt.no_captions && align_session_captions(&a->files, a->opt.lang, NULL, NULL))
        a->files.captions_note[0] = '\0';
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
    double length = app_session_length(a, NULL);
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
        return EXIT_NO_DATA;
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
    timefmt_format(app_session_length(a, NULL), t, sizeof t);
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
    size_t n_audio;
    const char *const *audio_ext = session_audio_exts(&n_audio);
    /* A narration that will not open is passed over for the next name. */
    for (size_t i = 0; i < n_audio; i++) {
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
        rc = EXIT_NO_DATA; /* the data folder is incomplete */
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

/* The session's length, the longest of: the narration's measured length
 * (or, only where that is unknown and the narration is open, the length
 * the audio device reports); the length a fitted choreography was made
 * for; the last caption's end plus 1 s (captions that outlast a truncated
 * narration). The choreography's last key extends it when it lies less
 * than 30 s past that (the end card just after the last word), or when
 * nothing above gave a length. Only when nothing at all is known is it the
 * default arc's length (timeline_arc_duration). The same with or without
 * sound, so a muted screen and a speaking one agree on the loop
 * (--sync-clock), and renders and exports agree with the player. */
double app_session_length(const app *a, const sdl_audio *au)
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

/* SIGHUP: reads the session's captions and choreography again and swaps
 * them in only when they load; on any problem the running ones stay. The
 * picture is a function of t, so the next frame simply uses the new files. */
int app_reload_session(app *a, const char *why)
{
    app fresh;
    memset(&fresh, 0, sizeof fresh);
    fresh.opt = a->opt;
    fresh.defer_align = a->defer_align;
    memcpy(fresh.data_dir, a->data_dir, sizeof fresh.data_dir);
    if (app_load_session(&fresh) != 0) {
        log_warn("session", "reload failed; keeping the session as it was");
        app_unload_session(&fresh);
        return -1;
    }
    app_unload_session(a);
    a->files = fresh.files;
    a->timeline = fresh.timeline;
    a->captions = fresh.captions;
    a->narration_length = fresh.narration_length;
    a->align_pending = fresh.align_pending;
    for (int i = 0; i < a->output_count; i++) {
        use_output(&a->outputs[i]);
        captions_renderer_set_track(a->outputs[i].text, a->captions);
        expect_parts(a, &a->outputs[i]);
    }
    use_output(&a->outputs[0]);
    log_info("session", "reloaded %s (%s)", a->files.base, why);
    return 0;
}
