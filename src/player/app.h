/* app: the program's top level. main owns one `app`; it opens the window,
 * makes the renderer and runs either the interactive loop or an offline
 * render. Lower modules get only what they need from it. */
#ifndef WS_APP_H
#define WS_APP_H

#include <signal.h>

#include "captions/captions.h"
#include "captions/gl_captions.h"
#include "video/gl_render.h"
#include "video/displays.h"
#include "video/gl_util.h"
#include "util/options.h"
#include "video/sdl_window.h"
#include "session/session.h"
#include "session/timeline.h"

#define APP_MAX_OUTPUTS DISPLAYS_MAX

/* One window and what draws into it. The renderer's targets and the caption
 * layout depend on the window's size, so each output has its own; all of
 * them show the same session time. */
typedef struct app_output {
    sdl_window window;
    renderer *render;
    captions_renderer *text;  /* NULL: captions off or no font */
    gl_pacer pacer;           /* frames queued ahead of the GPU (see present) */
    gl_frame_timer timer;     /* GPU time of its frames (quality, benchmark) */
    double gpu_ms;            /* the newest frame's GPU time; -1: not known */
    int display;              /* index in app.displays it covers; -1: its display is gone */
    int shared;               /* the window (and context) belong to the output before it */
    int vx, vy, vw, vh;       /* a part of the window (vw > 0: one monitor of the root window,
                               * top-left origin), drawn through `target` */
    gl_target target;
    char display_name[DISPLAY_NAME_MAX]; /* to find it again when it comes back */
} app_output;

typedef struct app {
    options opt;
    char data_dir[4096];
    app_output outputs[APP_MAX_OUTPUTS];
    int output_count;
    display_list displays;    /* the displays as last read (interactive modes) */
    double loop_length;       /* the session loops every so many seconds (0: no loop) */
    session_files files;
    timeline *timeline;       /* the choreography; never NULL after app_load_session */
    caption_track *captions;  /* NULL: no captions */
    double narration_length;  /* seconds, measured at load; <= 0: none or unreadable */
    volatile sig_atomic_t *quit_flag;   /* set by SIGINT/SIGTERM */
    volatile sig_atomic_t *reload_flag; /* set by SIGHUP: reload the session's files */
    double started;           /* sdl_audio_host_now() at main's entry, for startup figures */
    figure_prefetch *figure;  /* the figure's maps, built while the window opens (main owns it) */
    int defer_align;          /* a transcript's first alignment waits for the window (the player) */
    int align_pending;        /* ... and this session has one waiting (player/prepare.c) */
    struct library *lib;      /* the sessions to choose from; NULL: one FILE, no library */
    size_t lib_index;         /* the library's session loaded */
} app;

/* Finds the data folder (shaders/, fonts/, audio/): $WELLSPRING_DATA, then
 * the install prefix relative to the binary, then the source tree the binary
 * was built from. Returns 0 or -1 (logged). */
int app_find_data(app *a);

/* FILEs that name a folder, a playlist or several sessions, or --library,
 * make a library (player/sessions.c): the default session joins it last
 * unless --no-default, and the session to start (--session, a
 * screensaver's random pick, or the first) becomes opt.file. Returns 0 (no
 * library needed, or one made), or an exit code after logging (an empty
 * library, --session not found, --export without --session). */
int app_open_library(app *a);
void app_close_library(app *a);

/* Resolves the session's files and loads its choreography (or derives one
 * from the default template). A transcript beside the narration is timed
 * here (or read from the cache), unless defer_align is set and it has not
 * been timed before: then align_pending is set, and app_run times it behind
 * a progress card. Returns 0, or a process exit code after
 * logging. */
int app_load_session(app *a);
void app_unload_session(app *a);

/* --check FILE: a caption or timeline file (a timeline also against the
 * narration and captions beside it). Returns a process exit code. */
int app_check(app *a);

/* Offline: --screenshot or --render. Returns a process exit code. */
int app_run_offline(app *a);

/* --benchmark: renders every phase of the session on the real-time clock
 * and prints frame-time figures (a table and one JSON line). */
int app_run_benchmark(app *a);

/* --export: renders the session offline and pipes the frames to ffmpeg,
 * muxing in the narration; a progress line on stderr. Returns an exit code
 * (EXIT_RUNTIME with one clear line when ffmpeg is missing or fails). */
int app_export(app *a);

/* --check-flashes: renders the whole session at low resolution and checks
 * it against the WCAG 2.3.1 general and red flash thresholds. Returns 0
 * when it passes, EXIT_USAGE when it has violations (each printed with its
 * times), or another exit code on failure. */
int app_check_flashes(app *a);

/* True in the screensaver modes (--screensaver, --root, --window-id, or
 * $XSCREENSAVER_WINDOW set): muted, captions off unless asked for, looping. */
int app_saver_mode(const app *a);
/* The X window to draw into (0 = open our own): the first of them when
 * --window-id lists several. */
unsigned long app_foreign_window(const app *a);

/* Interactive session until Esc, window close or a signal. Returns a process
 * exit code. */
int app_run(app *a);

#endif
