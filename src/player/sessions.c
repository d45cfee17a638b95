/* player/sessions.c: the library as the player uses it (issue 19).
 *
 * FILE arguments that name a folder, a playlist or several narrations, or
 * a --library (config: library = ...), make a library (library/library.h,
 * pure): its sessions in order, the default session last unless
 * --no-default (an empty library is not saved by it: exit 2). Here it is
 * built from the options and the session to start picked: --session, a
 * screensaver's random one, or the first. What only the menu shows (each
 * session's length and tags) is read when a menu opens, not before a kiosk,
 * a screensaver or a render. The resume file's folder is found here too. */
#include "player/internal.h"

#include "library/library.h"
#include "library/resume.h"
#include "util/xdg.h"

/* One FILE naming one narration or caption file plays as it always did:
 * no library, no menu. */
static int wants_library(const options *o)
{
    if (o->library || o->file_count > 1)
        return 1;
    if (o->file_count == 1) {
        session_file_kind k = session_sniff(o->file);
        return k == SESSION_FILE_FOLDER || k == SESSION_FILE_PLAYLIST;
    }
    return 0;
}

static void add_source(library *lib, const char *path)
{
    if (library_add(lib, path) < 0 && lib->warning_count == 0)
        log_warn("library", "%s: not a narration, folder or playlist; skipped", path);
}

static void log_warnings(library *lib)
{
    for (size_t i = 0; i < lib->warning_count; i++)
        log_warn("library", "%s", lib->warnings[i]);
    if (lib->warnings_dropped)
        log_warn("library", "and %zu more problems", lib->warnings_dropped);
}

/* Lengths from the narrations' headers (libsndfile), a few ms each. */
static void fill_lengths(library *lib)
{
    for (size_t i = 0; i < lib->count; i++) {
        narration_info ni;
        char err[256];
        if (lib->entries[i].duration <= 0.0 && narration_probe(lib->entries[i].path, 0, &ni, err, sizeof err) == 0) {
            lib->entries[i].duration = ni.length;
            narration_info_free(&ni);
        }
    }
}

/* Which session starts: --session, a screensaver's pick at random, or the
 * first. Returns its index, or -1 (logged). */
static long first_session(const app *a, const library *lib)
{
    if (a->opt.session) {
        char err[1024];
        long i = library_find(lib, a->opt.session, err, sizeof err);
        if (i < 0)
            log_error("library", "%s", err);
        return i;
    }
    if (app_saver_mode(a) && lib->count > 1) {
        uint64_t seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 20);
        return (long)(seed % lib->count);
    }
    return 0;
}

int app_open_library(app *a)
{
    if (!wants_library(&a->opt))
        return EXIT_OK;
    library *lib = calloc(1, sizeof *lib);
    if (!lib)
        return EXIT_RUNTIME;
    if (a->opt.library)
        add_source(lib, a->opt.library);
    for (int i = 0; i < a->opt.file_count; i++)
        add_source(lib, a->opt.files[i]);
    size_t found = lib->count; /* the user's own sessions */
    if (found && !a->opt.no_default) {
        char fountain[sizeof a->data_dir + 32];
        snprintf(fountain, sizeof fountain, "%s/audio/fountain.ogg", a->data_dir);
        library_add_default(lib, fountain, NULL);
    }
    log_warnings(lib);
    if (found == 0) {
        log_error("library", "no sessions to play in %s%s", a->opt.library ? a->opt.library : a->opt.file,
                  a->opt.file_count > 1 || (a->opt.library && a->opt.file_count) ? " and the other FILEs" : "");
        library_free(lib);
        free(lib);
        return EXIT_USAGE;
    }
    if (a->opt.export_path && !a->opt.session && lib->count > 1) {
        log_error("library", "--export makes one video: pick the session with --session N|TITLE");
        library_free(lib);
        free(lib);
        return EXIT_USAGE;
    }
    long first = first_session(a, lib);
    if (first < 0) {
        library_free(lib);
        free(lib);
        return EXIT_USAGE;
    }
    a->lib = lib;
    app_use_session(a, (size_t)first);
    log_info("library", "%zu sessions; starting with %zu, \"%s\"", lib->count, (size_t)first + 1,
             lib->entries[first].title);
    return EXIT_OK;
}

void app_use_session(app *a, size_t i)
{
    a->lib_index = i;
    a->opt.file = a->lib->entries[i].path;
    a->opt.captions = NULL; /* a --captions file belongs to one session */
}

int app_has_menu(const app *a)
{
    return a->lib && a->lib->count > 1 && !a->opt.kiosk && !app_saver_mode(a);
}

void app_describe_library(app *a, const sdl_audio *au)
{
    if (!a->lib)
        return;
    fill_lengths(a->lib);
    for (size_t i = 0; i < a->lib->count; i++) {
        sdl_audio_tags tags;
        if (sdl_audio_read_tags(au, a->lib->entries[i].path, &tags) < 0)
            continue;
        if (tags.title[0])
            library_set_title(a->lib, i, tags.title);
        if (!a->lib->entries[i].description[0] && (tags.artist[0] || tags.album[0])) {
            char line[520];
            snprintf(line, sizeof line, "%s%s%s", tags.artist, tags.artist[0] && tags.album[0] ? " \xc2\xb7 " : "",
                     tags.album);
            library_set_description(a->lib, i, line);
        }
        if (a->lib->entries[i].duration <= 0.0)
            a->lib->entries[i].duration = tags.duration;
    }
}

void app_close_library(app *a)
{
    if (!a->lib)
        return;
    library_free(a->lib);
    free(a->lib);
    a->lib = NULL;
}

/* $XDG_STATE_HOME/wellspring, else ~/.local/state/wellspring; 0 or -1. */
int app_state_dir(char *out, size_t size)
{
    return xdg_app_dir("XDG_STATE_HOME", ".local/state", out, size);
}
