/* player/internal.h: what the player's files share (not for other rooms;
 * their interface is player/app.h). */
#ifndef WS_PLAYER_INTERNAL_H
#define WS_PLAYER_INTERNAL_H

#include "player/app.h"
#include "util/startup.h"
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
#include "video/app_png.h"
#include "session/check.h"
#include "time/clock.h"
#include "video/drift.h"
#include "video/flash.h"
#include "video/quality.h"
#include "scene/scene.h"
#include "time/schedule.h"
#include "audio/sdl_audio.h"
#include "video/sdl_x11.h"
#include "util/stats.h"
#include "time/sync.h"
#include "video/gl_util.h"
#include "util/log.h"
#include "util/notify.h"
#include "time/timefmt.h"
#include "audio/snd_narration.h"
#include "session/timeline_derive.h"
#include "library/library.h"
#include "library/resume.h"

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
    int overlay_up;       /* the overlay is on screen (drawn last frame) */
    int displays_changed; /* SDL reported a display or a window's display changed */
    float dim;           /* master brightness: the sleep timer's fade (1 = none) */
    int has_menu;        /* a library's menu: Back and Esc stop to it, not quit */
    int to_menu;         /* ... and one of them was pressed */
} player;

/* Test aid: WELLSPRING_TEST_SNAPSHOT=DIR@S writes what each output shows
 * S seconds after the first frame to DIR/output-N.png (read back from the window's
 * back buffer just before the swap), and then the run ends. */
typedef struct snapshot_hook {
    char dir[1024];
    double after;
    double t0;  /* the first frame's time, 0 before it */
    int armed;
} snapshot_hook;

/* ---- player/menu.c ------------------------------------------------------- */

typedef enum { MENU_LIST, MENU_RESUME } menu_level;
typedef enum { MENU_STAY, MENU_PLAY, MENU_LEAVE } menu_choice;

/* The library's menu (a state of the player loop). */
typedef struct menu {
    int open;
    menu_level level;
    size_t sel;            /* the selected session */
    int resume_sel;        /* MENU_RESUME: 0 continue, 1 start again */
    double resume_at;      /* MENU_RESUME: where it would continue */
    double start;          /* MENU_PLAY: where the chosen session starts */
    float shown_sel, shown_top; /* the highlight's and the scroll's eased rows */
    double eased_at, opened_at;
    int moving;            /* it moved since it last came to rest ("menu settled") */
    timeline *scene;       /* the default session's choreography, drawn behind it (owned
                            * by the loop); NULL: the loaded session's */
} menu;

void menu_open(menu *m, const library *lib, size_t selected);
/* The first row the list shows with the selection kept inside. */
size_t menu_top_row(const menu *m, size_t count);
/* One event: MENU_PLAY when a session was chosen (m->sel, from m->start),
 * MENU_LEAVE on Back at the list (or quit). */
menu_choice menu_handle_event(menu *m, const library *lib, const resume_state *rs,
                              const SDL_Event *e);
/* Eases the highlight and the scroll; 1 while anything still moves. */
int menu_ease(menu *m, size_t count, double now);
void menu_draw(const menu *m, const library *lib, const resume_state *rs, app *a, app_output *o,
               GLuint fbo, int w, int h, double now);

/* ---- player/sessions.c --------------------------------------------------- */

/* Makes the player use the library's session i (app_load_session or
 * app_reload_session then loads it). */
void app_use_session(app *a, size_t i);
/* A menu to choose from: a library of more than one session, not a kiosk
 * or a screensaver. */
int app_has_menu(const app *a);
/* What the menu shows of each session: its length (the narration's
 * header), and titles, descriptions and lengths from its tags (these need
 * the open audio device; a muted player keeps the file names). Only a
 * menu shows them, so only a menu pays for reading every file. */
void app_describe_library(app *a, const sdl_audio *au);
/* Where the resume file lives; 0 or -1. */
int app_state_dir(char *out, size_t size);

/* ---- player/app.c --------------------------------------------------------- */

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
double app_session_length(const app *a, const sdl_audio *au);

/* Reads the session's captions and choreography again and swaps them in
 * only when they load; on any problem the running ones stay. The picture is
 * a function of t, so the next frame simply uses the new files. why names
 * the cause for the log ("SIGHUP"). Returns 0, or -1 when the old ones
 * stay. */
int app_reload_session(app *a, const char *why);

/* ---- player/prepare.c ----------------------------------------------------- */

/* A transcript's first alignment (a->align_pending), with the outputs open:
 * the aligner runs on a thread while every window shows the night sky and,
 * after a moment, a calm card with its progress; then the session reloads
 * with the new captions. Returns 0, or 1 when the user or a signal ended
 * the program meanwhile (the aligner is left to finish or die with it). */
int prepare_captions(app *a);

/* ---- player/outputs.c ----------------------------------------------------- */

/* Tells output o's renderer which of the scene's optional parts the session
 * shows (software GL compiles a shader variant for each ahead of time). */
void expect_parts(const app *a, app_output *o);

/* Makes output o's context current: its GL objects are its own. */
void use_output(app_output *o);

/* Opens the first (often the only) output. */
/* Opens the first (often the only) output; outputs_close_all closes every
 * output, in reverse order. */
int outputs_open_first(app *a, const sdl_window_desc *wd);

void outputs_close_all(app *a);

/* outputs_open_first for a mode about to draw: returns 1 to go on, or 0 with
 * the exit code in *rc when the output failed or a quit signal came while it
 * started (then it is closed again and *rc is EXIT_OK). */
int outputs_start(app *a, const sdl_window_desc *wd, int *rc);

/* True when output i is the last drawn into its window (outputs sharing a
 * window follow the one that owns it): the window is shown after it. */
int ends_window(const app *a, int i);

/* Opens one more output, covering display k of a->displays
 * (--all-displays). Returns 0 or -1 (logged; the others go on). */
int open_output_on(app *a, int k);

/* Screensaver hosts: every window of a --window-id list gets its own output,
 * and the root window of a desktop with several monitors is drawn as one
 * picture per monitor (not one picture stretched across all of them). */
void open_saver_outputs(app *a);

/* Follows the displays after a hotplug, a TV power cycle or a mode switch:
 * each window goes back onto its display at the display's new mode (the
 * renderer re-creates its targets from the drawable size on the next
 * frame); with --all-displays, a display that appears gets a window and one
 * that is gone loses its own. A window whose display is gone waits for it
 * to come back. In -root mode the monitors' pictures are laid out again. */
void follow_displays(app *a);

/* ---- player/frame.c ------------------------------------------------------- */

/* What one frame is drawn with besides the output: passed to draw_frame,
 * which reads nothing else that changes from frame to frame. */
typedef struct frame_ctx {
    double t;               /* session seconds */
    float drift_x, drift_y; /* burn-in drift, pixels (0 offline) */
    float dim;              /* master brightness (the sleep timer's fade); 1 = none */
    int captions_on;
} frame_ctx;

/* What a timed loop of frames (the player, the benchmark) keeps between
 * frames: the quality it holds, its pacing, and the present waits of the
 * frame being made. */
typedef struct frame_loop {
    quality_ctl q;
    double start;        /* when the frame being made began (frame_begin) */
    double prev;         /* when the last frame was done, its pacing sleep included */
    double last_due;     /* when the last frame was due (pacing's cadence); 0: none yet */
    double present_wait; /* seconds this frame spent in frame_present */
} frame_loop;

/* What frame_end measured. */
typedef struct frame_timing {
    double busy;     /* seconds from frame_begin to frame_end: the frame's work and presents */
    double slept;    /* the pacing sleep */
    double after;    /* the clock when frame_end returned */
    double interval; /* from the last frame's end to this one's, the sleep included */
} frame_timing;

/* Starts a loop: the quality the options ask for (--quality, --fps or the
 * display's refresh; software GL gets half of each frame), prev = now. */
void frame_loop_init(const app *a, frame_loop *L);

/* A frame begins at `now` (its pacing counts from here). */
void frame_begin(frame_loop *L, double now);

/* One whole frame on output o. Returns 0 or -1. */
int draw_frame(const app *a, app_output *o, const frame_ctx *fc, GLuint fbo, int w, int h);

/* The context of an untimed frame at t (offline modes). */
frame_ctx frame_ctx_still(const app *a, double t);

/* Draws session time t on the first output into framebuffer fbo and reads
 * it back as RGBA rows, bottom-up as GL gives them. Returns 0 or -1. */
int render_pixels(app *a, double t, GLuint fbo, int w, int h, uint8_t *pixels);

/* draw_frame in a timed loop: at L's quality, timed on the GPU. */
int frame_draw_output(const app *a, app_output *o, const frame_loop *L, const frame_ctx *fc,
                      GLuint fbo, int w, int h);

/* Shows the frame drawn into output o's window, and keeps the CPU at most
 * two frames ahead of the GPU. */
void frame_present(frame_loop *L, app_output *o);

/* The end of every timed frame, after its presents (raylib's EndDrawing):
 * the pacing sleep (pace > 0), the frame's cost, and with learn the
 * quality controller's update. */
frame_timing frame_end(app *a, frame_loop *L, double t, double pace, int learn,
                       frame_stats *gpu_into);

/* One black frame on every window: the rest between loops, the hours off. */
void frame_show_dark(app *a, frame_loop *L);

/* A picture that is not the session's (the menu, the progress card) on
 * every output that is a whole window (w x h, into its default
 * framebuffer), each window shown once drawn. */
typedef void (*window_draw_fn)(app *a, app_output *out, int w, int h, void *user);
void frame_each_window(app *a, frame_loop *L, window_draw_fn draw, void *user);

/* ---- player/input.c ------------------------------------------------------- */

void player_seek(player *p, double t);

void player_handle_event(player *p, const SDL_Event *e);

/* The kiosk's exit chord: Esc held down for 3 s. kiosk_chord_held is the
 * rule itself, for a loop with no player yet (the aligner's card);
 * esc_down is when Esc went down, or -1. */
int kiosk_chord_held(int kiosk, double esc_down);
int player_chord_held(const player *p);

/* ---- player/playframe.c --------------------------------------------------- */

/* Seconds since the Unix epoch. Test aid: WELLSPRING_TEST_WALL_TIME=S
 * freezes it at S, so two processes can be compared frame for frame. */
double wall_now(void);
/* The minute of the day in local time (wall_now's). */
int local_minute_now(void);

/* Arms the snapshot hook from WELLSPRING_TEST_SNAPSHOT (disarmed without). */
void snapshot_init(snapshot_hook *h);

/* What draw_outputs tells the loop. */
typedef enum draw_result {
    DRAW_OK,
    DRAW_FAILED, /* a GL failure: the run ends with EXIT_RUNTIME */
    DRAW_END,    /* the screensaver's window is gone, or the snapshot hook has done its work */
} draw_result;

/* Draws session time t on every visible output, each at its own size, with
 * the burn-in drift (wall clock) and the TV overlay, and presents each
 * window; `frame` is the interval since the last frame's start, for the
 * sync log. */
draw_result draw_outputs(app *a, player *p, frame_loop *L, snapshot_hook *snap, double t,
                         double now, double frame);

/* ---- player/offline.c ----------------------------------------------------- */

/* The modes that draw a picture of a size of their own choosing. */
typedef enum frame_mode {
    MODE_STILLS,    /* --screenshot, --render */
    MODE_FLASHES,   /* --check-flashes */
    MODE_EXPORT,    /* --export */
    MODE_BENCHMARK, /* --benchmark */
} frame_mode;

typedef struct mode_settings {
    int w, h;   /* picture size */
    double fps; /* frames per second of session time (0: the benchmark's flat out) */
} mode_settings;

/* --size and --fps, with the mode's own defaults where they are not given:
 * the one place those defaults live. */
mode_settings mode_settings_for(const options *o, frame_mode m);

/* Whether an offline run's frames are stills sampling [from, to] or a
 * video's frames filling [from, to): see offline_frame_count. */
typedef enum offline_span { SPAN_STILLS, SPAN_VIDEO } offline_span;

/* How many frames an offline run makes between from and to at fps. */
long offline_frame_count(double from, double to, double fps, offline_span span);


/* Writes what framebuffer fbo (0: the window's back buffer) holds now as a
 * PNG. Returns 0 or -1. */
int save_framebuffer(GLuint fbo, int w, int h, const char *path);

/* ---- player/playloop.c and player/playlib.c ------------------------------ */

/* Why the screen is dark instead of showing the session. */
typedef enum dark_state {
    LIT,
    DARK_HOURS, /* outside the display hours (--schedule) */
    DARK_SLEEP, /* the sleep timer ran out (--sleep-after, kiosk) */
} dark_state;

/* What one step of a pass tells the loop. */
typedef enum step {
    STEP_ON,   /* go on to the next step of this pass */
    STEP_DONE, /* this pass is done: the next begins */
    STEP_END,  /* the run ends */
} step;

/* The interactive loop's state between passes. */
typedef struct playloop {
    app *a;
    player p;
    frame_loop L;
    snapshot_hook snap;
    schedule sch;
    dark_state dark;
    int saver;               /* app_saver_mode */
    int sleep_paced;         /* frames are paced by sleeping, not by the swap */
    int ready;               /* the first frame is up (systemd told) */
    int loops;               /* passes looped, for the census */
    int resting;             /* in a kiosk's dark rest (said once as it begins) */
    int dimmed_volume;       /* the volume the sleep timer last set */
    long long sync_loop;     /* --sync-clock's loop number; LLONG_MIN before the first */
    double now;              /* this pass's start */
    double t;                /* this pass's session time */
    double run_started;
    double displays_checked; /* when the displays were last followed */
    double last_frame_start;
    double watchdog, last_ping; /* systemd's watchdog interval (0: none), last ping */
    double unplug_at;        /* test aid: WELLSPRING_TEST_UNPLUG_AT, or -1 */
    int rc;
    /* A library (player/playlib.c): its menu, where sessions stopped, and a
     * kiosk's shuffled order. */
    sdl_window_desc wd;
    menu menu;
    resume_state resume;
    char state_dir[4096];    /* "" when there is no place for the resume file */
    size_t *order;           /* --shuffle: the round's order, else NULL */
    size_t order_pos;
    uint64_t round;
    int warned_target;       /* the --schedule range (+1) whose target matched nothing, said */
} playloop;

/* player/playlib.c: the library's steps of the loop. */
/* At start: tags, the resume state, and the menu when there is one (the
 * narration is then opened but not played). */
void playlib_start(playloop *pl);
void playlib_end(playloop *pl);
/* Routes an event to the menu while it is open; 1 when it took it. */
int playlib_event(playloop *pl, const SDL_Event *e);
/* The menu's pass (when it is open): draws it and sleeps while nothing
 * moves. STEP_ON when the menu is closed. */
step playlib_menu_pass(playloop *pl);
/* Back or Esc while playing: where it stopped is kept, and the menu opens. */
void playlib_stop_to_menu(playloop *pl);
/* The session's end: with a menu, it opens (the next session selected);
 * a kiosk's library goes on to the next session. Returns 1 when it took
 * over, 0 when the loop's own end handling applies. */
int playlib_session_end(playloop *pl);
/* A kiosk whose --schedule range names a session (07:00-09:00=morning.mp3)
 * switches to it (from its start); 1 when it did. */
int playlib_scheduled(playloop *pl);

/* player/playloop.c, for playlib.c: the narration of the session loaded,
 * opened at start (playing unless the menu is open), and closed. */
int open_narration(playloop *pl, double start);
void close_narration(playloop *pl);
void first_frame_up(playloop *pl);

#endif
