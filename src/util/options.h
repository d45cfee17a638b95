/* options: the command line, described by one table that drives both parsing
 * and --help, and names the config file's keys (see config.h).
 *
 * Pure C. options_parse never exits or prints: it fills an `options` struct
 * (zero-initialised, then defaults from the table) and on a bad argument
 * returns OPTIONS_USAGE with a one-line message in `err`. main decides what
 * to print and which exit code to use (see the README's exit code table). */
#ifndef WS_OPTIONS_H
#define WS_OPTIONS_H

#include <stddef.h>
#include <stdio.h>

/* Process exit codes, documented in the README. */
enum {
    EXIT_OK = 0,
    EXIT_RUNTIME = 1, /* an output could not be written, a render failed */
    EXIT_USAGE = 2,   /* bad option or bad input file */
    EXIT_NO_GL = 3,   /* no OpenGL 3.3 context */
    /* Wellspring's own data (the data folder, its shaders, its choreography
     * templates) is missing or broken: not the user's input file (that is
     * EXIT_USAGE) but an install to repair. The README's table gives it the
     * same code as no GL: either way Wellspring cannot draw at all. */
    EXIT_NO_DATA = 3,
};

#define OPTIONS_MAX_FILES 64

typedef struct options {
    int help, version, verbose, man;
    int windowed;            /* --windowed[=WxH] */
    int window_w, window_h;  /* 0 = default window size */
    const char *display;     /* --display N|NAME; NULL = primary */
    int all_displays;        /* --all-displays: a window on every display */
    int list_displays;       /* --list-displays */
    const char *schedule;    /* --schedule HH:MM-HH:MM[,...] (validated) */
    double sleep_after;      /* --sleep-after MIN (0 = never) */
    int no_drift;            /* --no-drift: burn-in drift off */
    int size_w, size_h;      /* --size WxH for offline output, 0 = 1280x720 */

    int screenshot;          /* --screenshot T OUT.png */
    double screenshot_t;
    const char *screenshot_path;

    const char *render_dir;  /* --render DIR --from T1 --to T2 --fps N */
    const char *export_path; /* --export OUT.mp4: the whole session (or --from/--to) as video */
    double from, to;
    int has_to;
    double fps;              /* --render frame rate, or the interactive cap; 0 = default */

    const char *file;        /* the first positional FILE: a narration, a caption file, a
                              * folder or a playlist (for --align: the transcript) */
    const char *files[OPTIONS_MAX_FILES]; /* every positional FILE, in order */
    int file_count;
    const char *library;     /* --library FOLDER|PLAYLIST (config: library = ...) */
    const char *session;     /* --session N|TITLE: one session of the library */
    int no_default;          /* --no-default: the default session is not in the library */
    int shuffle;             /* --shuffle: a kiosk plays the library in a shuffled order */
    const char *captions;    /* --captions FILE */
    const char *lang;        /* --lang xx */
    const char *check;       /* --check FILE */
    const char *align;       /* --align NARRATION (the transcript is FILE) */
    const char *output;      /* --output / -o OUT.vtt for --align */
    int force;               /* --force: --align may replace OUT.vtt */
    int mute, no_captions, loop;
    int kiosk;               /* --kiosk: full screen, loops, input locked but for the exit chord */
    int lock_input;          /* --lock-input: kiosk ignores play/pause too */
    double rest;             /* --rest S: dark pause between kiosk loops */
    int sync_clock;          /* --sync-clock: position = wall time modulo the loop */
    int screensaver;         /* --screensaver: own full-screen window, exits on real input */
    int root;                /* --root / -root: draw into the root window */
    const char *window_id;   /* --window-id ID / -window-id ID (hex or decimal) */
    double start;            /* --start T */
    int volume;              /* --volume 0..100 */
    double caption_size;     /* --caption-size factor */
    double safe_area;        /* --safe-area PCT: captions stay inside this share of the screen */
    int benchmark;           /* --benchmark [--seconds S] */
    int check_flashes;       /* --check-flashes [FILE] */
    double clock_rate;       /* --clock-rate R: test only, speeds up the wall clock (with --mute) */
    double seconds;
    const char *quality;     /* --quality low|medium|high|auto (validated) */
    int particles;           /* --particles N: budget (0 = the quality tier's) */
    const char *gl;          /* --gl core|es (validated); NULL = core, else ES */
} options;

typedef enum { OPTIONS_OK = 0, OPTIONS_USAGE = 2 } options_result;

/* Fills *o from argv (argv[0] is the program name): options_defaults, then
 * options_parse_args, then options_check. On OPTIONS_USAGE, err holds one
 * line such as "unknown option '--windowd'; did you mean '--windowed'?" (no
 * program name, no newline). Strings in *o point into argv. */
options_result options_parse(options *o, int argc, char **argv, char *err, size_t errsize);

/* The table's defaults (every other field zero). */
void options_defaults(options *o);

/* Applies argv's options on top of *o (what a config file set, say), each
 * value checked on its own. Does not run options_check. */
options_result options_parse_args(options *o, int argc, char **argv, char *err, size_t errsize);

/* The checks across options (--render needs --to, ...), once all are in. */
options_result options_check(const options *o, char *err, size_t errsize);

/* Sets one option the way a config file names it: `key` is the long name
 * without dashes; a flag takes true/yes/on/1 or false/no/off/0 (an empty
 * value is true); --windowed also takes WxH. On OPTIONS_USAGE err holds
 * "unknown key 'captionsize' (did you mean 'caption-size'?)" or "key
 * 'volume' needs ...", without the file and line (the caller adds them).
 * A string value is kept by pointer: it must outlive *o. */
options_result options_set(options *o, const char *key, const char *value, char *err,
                           size_t errsize);

/* True in the modes nobody is watching over: kiosk and every screensaver
 * mode given as an option (--screensaver, --root, --window-id). There a
 * bad config line is a warning, not a reason to stop. */
int options_unattended(const options *o);

/* Writes the --help text generated from the option table. */
void options_print_help(FILE *out, const char *prog);

/* Writes the manual page (roff, section 1) from the same table: every
 * option, the modes, the files and the exit codes. */
void options_print_man(FILE *out, const char *version);

/* Parses an X window id, "0x1a00003" or decimal. Returns 0 or -1. */
int options_parse_window_id(const char *s, unsigned long *out);

/* Parses a comma-separated list of X window ids into out (at most max).
 * Returns how many, or -1. */
int options_parse_window_ids(const char *s, unsigned long *out, int max);

/* Parses "WxH" (both 16..16384). Returns 0 or -1. */
int options_parse_size(const char *s, int *w, int *h);

#endif
