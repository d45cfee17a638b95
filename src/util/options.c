#include "util/options.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "video/displays.h"
#include "video/quality.h"
#include "time/schedule.h"
#include "util/suggest.h"
#include "time/timefmt.h"

typedef enum {
    OPT_FLAG,      /* int set to 1 */
    OPT_FLAG_SIZE, /* int set to 1, optional "=WxH" into the next two ints */
    OPT_INT,       /* int within [min, max] */
    OPT_DOUBLE,    /* double within [min, max] */
    OPT_TIME,      /* session time: seconds or [hh:]mm:ss.mmm */
    OPT_SIZE,      /* WxH into two ints */
    OPT_STRING,    /* const char * */
    OPT_SHOT,      /* time and path: --screenshot T OUT.png */
} opt_type;

typedef struct opt_desc {
    const char *name; /* long name without "--" */
    opt_type type;
    size_t offset;    /* destination in struct options */
    size_t aux;       /* second destination (OPT_SIZE h, OPT_SHOT path, OPT_TIME presence) */
    double min, max;
    double def;       /* default for numeric options */
    const char *arg;  /* argument name in --help */
    const char *help;
} opt_desc;

#define F(field) offsetof(options, field)
#define NO_AUX ((size_t)-1)

/* The one table. Order is the order of --help. */
static const opt_desc opt_table[] = {
    {"help", OPT_FLAG, F(help), NO_AUX, 0, 0, 0, NULL, "show this help and exit"},
    {"version", OPT_FLAG, F(version), NO_AUX, 0, 0, 0, NULL, "print the version and exit"},
    {"verbose", OPT_FLAG, F(verbose), NO_AUX, 0, 0, 0, NULL, "log debug lines to stderr"},
    {"windowed", OPT_FLAG_SIZE, F(windowed), F(window_w), 0, 0, 0, "[=WxH]",
     "run in a window instead of full screen (default 1280x720)"},
    {"display", OPT_STRING, F(display), NO_AUX, 0, 0, 0, "N|NAME",
     "open on display N (0 = primary) or the display of that name (see --list-displays)"},
    {"all-displays", OPT_FLAG, F(all_displays), NO_AUX, 0, 0, 0, NULL,
     "show the session on every connected display at once, each at its own resolution, "
     "all at the same moment; displays that come and go are followed"},
    {"list-displays", OPT_FLAG, F(list_displays), NO_AUX, 0, 0, 0, NULL,
     "list the displays (index, name, size) and exit"},
    {"schedule", OPT_STRING, F(schedule), NO_AUX, 0, 0, 0, "HH:MM-HH:MM[=SESSION][,...]",
     "show only in these hours (local time); dark and idle outside them, display may sleep; "
     "a kiosk plays the SESSION (a narration or folder of the library) a range names"},
    {"sleep-after", OPT_DOUBLE, F(sleep_after), NO_AUX, 0.05, 1440, 0, "MIN",
     "fade picture and sound out over the last minute of MIN minutes, then exit (kiosk: go dark)"},
    {"no-drift", OPT_FLAG, F(no_drift), NO_AUX, 0, 0, 0, NULL,
     "turn off the slow burn-in drift of the figure and captions (for recording)"},
    {"captions", OPT_STRING, F(captions), NO_AUX, 0, 0, 0, "FILE",
     "caption file (.vtt or .srt) instead of the one beside the audio"},
    {"lang", OPT_STRING, F(lang), NO_AUX, 0, 0, 0, "xx", "caption language (NAME.xx.vtt)"},
    {"no-captions", OPT_FLAG, F(no_captions), NO_AUX, 0, 0, 0, NULL, "do not draw captions"},
    {"caption-size", OPT_DOUBLE, F(caption_size), NO_AUX, 0.25, 3.0, 0.7, "F",
     "caption line height as a factor of 8% of the screen height"},
    {"safe-area", OPT_DOUBLE, F(safe_area), NO_AUX, 50, 100, 90, "PCT",
     "keep captions inside the middle PCT% of the screen (lower it for TVs that overscan)"},
    {"mute", OPT_FLAG, F(mute), NO_AUX, 0, 0, 0, NULL, "no sound; the session runs on the wall clock"},
    {"volume", OPT_INT, F(volume), NO_AUX, 0, 100, 100, "N", "narration volume, 0 to 100"},
    {"start", OPT_TIME, F(start), NO_AUX, 0, 0, 0, "T", "start the session at time T"},
    {"loop", OPT_FLAG, F(loop), NO_AUX, 0, 0, 0, NULL, "start the session again when it ends"},
    {"kiosk", OPT_FLAG, F(kiosk), NO_AUX, 0, 0, 0, NULL,
     "unattended: full screen, loops forever (a library: each session in turn), hides the "
     "cursor, ignores input but for holding Esc 3 s"},
    {"library", OPT_STRING, F(library), NO_AUX, 0, 0, 0, "FOLDER|PLAYLIST",
     "the sessions to choose from (or to play in turn with --kiosk), before any FILE"},
    {"session", OPT_STRING, F(session), NO_AUX, 0, 0, 0, "N|TITLE",
     "start the library's session N (from 1) or the one of that title, without the menu"},
    {"no-default", OPT_FLAG, F(no_default), NO_AUX, 0, 0, 0, NULL,
     "leave the default session out of the library"},
    {"shuffle", OPT_FLAG, F(shuffle), NO_AUX, 0, 0, 0, NULL,
     "with --kiosk and a library: play the sessions in a shuffled order"},
    {"lock-input", OPT_FLAG, F(lock_input), NO_AUX, 0, 0, 0, NULL,
     "with --kiosk: ignore play/pause from remotes and gamepads too"},
    {"sync-clock", OPT_FLAG, F(sync_clock), NO_AUX, 0, 0, 0, NULL,
     "the session position is wall-clock time modulo the loop: screens with NTP-synced "
     "clocks show the same moment"},
    {"rest", OPT_DOUBLE, F(rest), NO_AUX, 0, 3600, 10, "S", "dark pause between kiosk loops (seconds)"},
    {"screensaver", OPT_FLAG, F(screensaver), NO_AUX, 0, 0, 0, NULL,
     "screensaver: full screen, muted, no captions, loops; any key, click or mouse move ends it"},
    {"root", OPT_FLAG, F(root), NO_AUX, 0, 0, 0, NULL,
     "screensaver: draw into the root window (also -root, as xscreensaver passes it)"},
    {"window-id", OPT_STRING, F(window_id), NO_AUX, 0, 0, 0, "ID",
     "screensaver: draw into the X window ID (hex or decimal; also -window-id and "
     "$XSCREENSAVER_WINDOW); several IDs separated by commas: one picture in each"},
    {"man", OPT_FLAG, F(man), NO_AUX, 0, 0, 0, NULL, "print this manual as a man page (roff) and exit"},
    {"clock-rate", OPT_DOUBLE, F(clock_rate), NO_AUX, 0.01, 10000, 1, "R",
     "test only: run the session clock R times faster (needs --mute; for soak tests)"},
    {"check", OPT_STRING, F(check), NO_AUX, 0, 0, 0, "FILE",
     "check a caption or timeline file, list its cues, and exit"},
    {"align", OPT_STRING, F(align), NO_AUX, 0, 0, 0, "NARRATION",
     "time the transcript FILE (plain text) to the NARRATION and write WebVTT captions"},
    {"output", OPT_STRING, F(output), NO_AUX, 0, 0, 0, "OUT.vtt",
     "where --align writes (-o for short; default: the narration's name with .vtt)"},
    {"force", OPT_FLAG, F(force), NO_AUX, 0, 0, 0, NULL,
     "--align replaces an existing output file, and writes one whose text does not match"},
    {"check-flashes", OPT_FLAG, F(check_flashes), NO_AUX, 0, 0, 0, NULL,
     "render the whole session small (160x90, 30 fps) and report WCAG 2.3.1 flash violations"},
    {"screenshot", OPT_SHOT, F(screenshot), F(screenshot_t), 0, 0, 0, "T OUT.png",
     "write the frame at session time T to a PNG file and exit"},
    {"render", OPT_STRING, F(render_dir), NO_AUX, 0, 0, 0, "DIR",
     "write numbered PNG frames (with --from, --to, --fps) and exit"},
    {"export", OPT_STRING, F(export_path), NO_AUX, 0, 0, 0, "OUT.mp4",
     "render the session (or --from/--to) to a video file with its narration, through ffmpeg"},
    {"from", OPT_TIME, F(from), NO_AUX, 0, 0, 0, "T", "first frame time for --render (default 0)"},
    {"to", OPT_TIME, F(to), F(has_to), 0, 0, 0, "T", "last frame time for --render"},
    {"fps", OPT_DOUBLE, F(fps), NO_AUX, 1, 240, 0, "N",
     "frames per second: --render's rate (default 30), or the frame rate to hold"},
    {"quality", OPT_STRING, F(quality), NO_AUX, 0, 0, 0, "Q",
     "low, medium, high, or auto (default: adapts to hold the frame rate)"},
    {"particles", OPT_INT, F(particles), NO_AUX, 4000, 1000000, 0, "N",
     "particle budget: --quality low, medium and high draw N, auto never goes above N"},
    {"gl", OPT_STRING, F(gl), NO_AUX, 0, 0, 0, "API",
     "core (OpenGL 3.3 core) or es (OpenGL ES 3.0); default: core where the driver has it, "
     "else es"},
    {"benchmark", OPT_FLAG, F(benchmark), NO_AUX, 0, 0, 0, NULL,
     "render the default session's phases on the real-time clock and print figures"},
    {"seconds", OPT_DOUBLE, F(seconds), NO_AUX, 1, 3600, 39, "S", "length of --benchmark"},
    {"size", OPT_SIZE, F(size_w), F(size_h), 0, 0, 0, "WxH",
     "output size for --screenshot and --render (default 1280x720)"},
};

#define OPT_COUNT (sizeof opt_table / sizeof opt_table[0])

int options_parse_window_id(const char *s, unsigned long *out)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 0);
    if (end == s || *end || errno || v == 0 || s[0] == '-')
        return -1;
    *out = v;
    return 0;
}

int options_parse_window_ids(const char *s, unsigned long *out, int max)
{
    char buf[256];
    if (strlen(s) >= sizeof buf)
        return -1;
    snprintf(buf, sizeof buf, "%s", s);
    int n = 0;
    for (char *id = buf; id;) {
        char *comma = strchr(id, ',');
        if (comma)
            *comma = '\0';
        if (n == max || options_parse_window_id(id, &out[n]) < 0)
            return -1; /* an empty one ("a,,b", "a,") fails here too */
        n++;
        id = comma ? comma + 1 : NULL;
    }
    return n;
}

int options_parse_size(const char *s, int *w, int *h)
{
    char *end;
    errno = 0;
    long a = strtol(s, &end, 10);
    if (end == s || (*end != 'x' && *end != 'X') || errno)
        return -1;
    const char *p = end + 1;
    long b = strtol(p, &end, 10);
    if (end == p || *end || errno)
        return -1;
    if (a < 16 || a > 16384 || b < 16 || b > 16384)
        return -1;
    *w = (int)a;
    *h = (int)b;
    return 0;
}

static const opt_desc *find_option(const char *name, size_t len)
{
    for (size_t i = 0; i < OPT_COUNT; i++)
        if (strlen(opt_table[i].name) == len && memcmp(opt_table[i].name, name, len) == 0)
            return &opt_table[i];
    return NULL;
}

/* The option name closest to a misspelt one (len bytes of name), or NULL. */
static const char *closest_option(const char *name, size_t len)
{
    char word[64];
    if (len >= sizeof word)
        return NULL;
    memcpy(word, name, len);
    word[len] = '\0';
    const char *names[OPT_COUNT];
    for (size_t i = 0; i < OPT_COUNT; i++)
        names[i] = opt_table[i].name;
    return suggest_closest(word, names, OPT_COUNT);
}

/* "unknown option '--windowd'; did you mean '--windowed'?" for the first
 * len bytes of arg (dashes and all). */
static void unknown_option(const char *arg, size_t len, char *err, size_t errsize)
{
    size_t dashes = 0;
    while (dashes < len && arg[dashes] == '-')
        dashes++;
    const char *hint = closest_option(arg + dashes, len - dashes);
    if (hint)
        snprintf(err, errsize, "unknown option '%.*s'; did you mean '--%s'?", (int)len, arg, hint);
    else
        snprintf(err, errsize, "unknown option '%.*s'", (int)len, arg);
}

static int needs_value(const opt_desc *d)
{
    return d->type != OPT_FLAG && d->type != OPT_FLAG_SIZE;
}

/* The checks a string option's value needs beyond being non-empty.
 * Returns 0, or -1 with err filled; `what` names the option for the
 * message ("option '--quality'", "key 'quality'"). */
static int check_string(const opt_desc *d, const char *val, const char *what, char *err,
                        size_t errsize)
{
    if (d->offset == F(schedule)) {
        schedule sch;
        char why[160];
        if (schedule_parse(val, &sch, why, sizeof why) < 0) {
            snprintf(err, errsize, "%s: %s", what, why);
            return -1;
        }
    } else if (d->offset == F(window_id)) {
        unsigned long xids[DISPLAYS_MAX];
        if (options_parse_window_ids(val, xids, DISPLAYS_MAX) < 0) {
            snprintf(err, errsize, "%s needs X window ids like 0x1a00003 (up to %d, separated by "
                     "commas), not '%s'", what, DISPLAYS_MAX, val);
            return -1;
        }
    } else if (d->offset == F(gl)) {
        if (strcmp(val, "core") != 0 && strcmp(val, "es") != 0) {
            snprintf(err, errsize, "%s needs core or es, not '%s'", what, val);
            return -1;
        }
    } else if (d->offset == F(quality)) {
        quality_mode qm;
        if (quality_parse(val, &qm) < 0) {
            snprintf(err, errsize, "%s needs low, medium, high or auto, not '%s'", what, val);
            return -1;
        }
    }
    return 0;
}

static int store_number(options *o, const opt_desc *d, const char *val, const char *what,
                        char *err, size_t errsize)
{
    char *base = (char *)o, *end;
    errno = 0;
    if (d->type == OPT_INT) {
        long v = strtol(val, &end, 10);
        if (end == val || *end || errno || v < d->min || v > d->max) {
            snprintf(err, errsize, "%s needs a whole number from %g to %g, not '%s'", what,
                     d->min, d->max, val);
            return -1;
        }
        *(int *)(base + d->offset) = (int)v;
        return 0;
    }
    double v = strtod(val, &end);
    if (end == val || *end || errno || !(v >= d->min && v <= d->max)) {
        snprintf(err, errsize, "%s needs a number from %g to %g, not '%s'", what, d->min, d->max,
                 val);
        return -1;
    }
    *(double *)(base + d->offset) = v;
    return 0;
}

/* Stores one option's value. Returns 0, or -1 with err filled; `what`
 * names the option for the message. */
static int store(options *o, const opt_desc *d, const char *val, const char *val2,
                 const char *what, char *err, size_t errsize)
{
    char *base = (char *)o;
    switch (d->type) {
    case OPT_FLAG:
        *(int *)(base + d->offset) = 1;
        return 0;
    case OPT_FLAG_SIZE:
        *(int *)(base + d->offset) = 1;
        if (val && options_parse_size(val, (int *)(base + d->aux), (int *)(base + d->aux) + 1) < 0)
            goto bad;
        return 0;
    case OPT_INT:
    case OPT_DOUBLE:
        return store_number(o, d, val, what, err, errsize);
    case OPT_TIME:
        if (timefmt_parse(val, (double *)(base + d->offset)) < 0)
            goto bad_time;
        if (d->aux != NO_AUX)
            *(int *)(base + d->aux) = 1;
        return 0;
    case OPT_SIZE:
        if (options_parse_size(val, (int *)(base + d->offset), (int *)(base + d->aux)) < 0)
            goto bad;
        return 0;
    case OPT_STRING:
        if (!*val) {
            snprintf(err, errsize, "%s needs a non-empty %s", what, d->arg);
            return -1;
        }
        if (check_string(d, val, what, err, errsize) < 0)
            return -1;
        *(const char **)(base + d->offset) = val;
        return 0;
    case OPT_SHOT:
        if (timefmt_parse(val, (double *)(base + d->aux)) < 0)
            goto bad_time;
        if (!val2 || !*val2) {
            snprintf(err, errsize, "%s needs an output file after the time", what);
            return -1;
        }
        *(int *)(base + d->offset) = 1;
        o->screenshot_path = val2;
        return 0;
    }
    return -1;
bad:
    snprintf(err, errsize, "%s needs a size like 1280x720, not '%s'", what, val);
    return -1;
bad_time:
    snprintf(err, errsize, "%s needs a time in seconds or mm:ss.mmm, not '%s'", what, val);
    return -1;
}

void options_defaults(options *o)
{
    memset(o, 0, sizeof *o);
    for (size_t i = 0; i < OPT_COUNT; i++) {
        const opt_desc *d = &opt_table[i];
        if (d->type == OPT_INT)
            *(int *)((char *)o + d->offset) = (int)d->def;
        else if (d->type == OPT_DOUBLE)
            *(double *)((char *)o + d->offset) = d->def;
    }
}

/* One "--name[=value]" (or xscreensaver's "-root", "-window-id") at argv[*i];
 * takes its value from the next arguments when it needs one. */
static options_result parse_one(options *o, int argc, char **argv, int *i, char *err,
                                size_t errsize)
{
    const char *a = argv[*i];
    if (strcmp(a, "-o") == 0)
        a = "--output"; /* the one short option: --align's output, as compilers name it */
    int xss = strcmp(a, "-root") == 0 || strcmp(a, "-window-id") == 0;
    if (a[1] != '-' && !xss) {
        unknown_option(a, strlen(a), err, errsize);
        return OPTIONS_USAGE;
    }
    const char *name = a + (xss ? 1 : 2);
    const char *eq = strchr(name, '=');
    size_t len = eq ? (size_t)(eq - name) : strlen(name);
    const opt_desc *d = find_option(name, len);
    if (!d) {
        unknown_option(a, len + (size_t)(name - a), err, errsize);
        return OPTIONS_USAGE;
    }
    const char *val = eq ? eq + 1 : NULL, *val2 = NULL;
    if (d->type == OPT_FLAG && val) {
        snprintf(err, errsize, "option '--%s' takes no value", d->name);
        return OPTIONS_USAGE;
    }
    if (needs_value(d) && !val) {
        if (*i + 1 >= argc) {
            snprintf(err, errsize, "option '--%s' needs %s", d->name, d->arg);
            return OPTIONS_USAGE;
        }
        val = argv[++*i];
    }
    if (d->type == OPT_SHOT)
        val2 = *i + 1 < argc ? argv[++*i] : NULL;
    char what[64];
    snprintf(what, sizeof what, "option '--%s'", d->name);
    return store(o, d, val, val2, what, err, errsize) < 0 ? OPTIONS_USAGE : OPTIONS_OK;
}

options_result options_parse_args(options *o, int argc, char **argv, char *err, size_t errsize)
{
    int only_positional = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (only_positional || a[0] != '-' || a[1] == '\0') {
            if (o->file_count >= OPTIONS_MAX_FILES) {
                snprintf(err, errsize, "more than %d FILEs; put them in a folder or a playlist",
                         OPTIONS_MAX_FILES);
                return OPTIONS_USAGE;
            }
            o->files[o->file_count++] = a;
            if (!o->file)
                o->file = a;
        } else if (strcmp(a, "--") == 0) {
            only_positional = 1;
        } else if (parse_one(o, argc, argv, &i, err, errsize) != OPTIONS_OK) {
            return OPTIONS_USAGE;
        }
    }
    return OPTIONS_OK;
}

options_result options_check(const options *o, char *err, size_t errsize)
{
    if (o->all_displays && (o->window_id || o->root || o->windowed)) {
        snprintf(err, errsize, "option '--all-displays' opens its own full-screen windows; "
                 "it does not go with '%s'", o->window_id ? "--window-id" : o->root ? "--root" : "--windowed");
        return OPTIONS_USAGE;
    }
    if (o->align && !o->file) {
        snprintf(err, errsize, "option '--align' needs NARRATION TRANSCRIPT.txt");
        return OPTIONS_USAGE;
    }
    if (o->align && o->file_count > 1) {
        snprintf(err, errsize, "option '--align' times one transcript: NARRATION TRANSCRIPT.txt");
        return OPTIONS_USAGE;
    }
    if (o->output && !o->align) {
        snprintf(err, errsize, "option '--output' (-o) goes with '--align'");
        return OPTIONS_USAGE;
    }
    if (o->render_dir && !o->has_to) {
        snprintf(err, errsize, "option '--render' needs '--to T' (the last frame's time)");
        return OPTIONS_USAGE;
    }
    if (o->export_path && o->has_to && o->to <= o->from) {
        snprintf(err, errsize, "option '--to' must be after '--from'");
        return OPTIONS_USAGE;
    }
    if (o->render_dir && o->to < o->from) {
        snprintf(err, errsize, "option '--to' must not be before '--from'");
        return OPTIONS_USAGE;
    }
    return OPTIONS_OK;
}

options_result options_parse(options *o, int argc, char **argv, char *err, size_t errsize)
{
    options_defaults(o);
    if (options_parse_args(o, argc, argv, err, errsize) != OPTIONS_OK)
        return OPTIONS_USAGE;
    return options_check(o, err, errsize);
}

/* 1 for true/yes/on/1, 0 for false/no/off/0, -1 for anything else. */
static int parse_bool(const char *v)
{
    static const char *const yes[] = {"true", "yes", "on", "1"}, *const no[] = {"false", "no", "off", "0"};
    for (size_t i = 0; i < 4; i++) {
        if (strcasecmp(v, yes[i]) == 0)
            return 1;
        if (strcasecmp(v, no[i]) == 0)
            return 0;
    }
    return -1;
}

/* One-off actions, never settings: a config file that said "force = true"
 * would make every --align overwrite files. */
static int command_line_only(const opt_desc *d)
{
    static const char *const names[] = {"align", "output", "force"};
    if (d->type == OPT_SHOT)
        return 1;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(d->name, names[i]) == 0)
            return 1;
    return 0;
}

options_result options_set(options *o, const char *key, const char *value, char *err,
                           size_t errsize)
{
    const opt_desc *d = find_option(key, strlen(key));
    if (!d) {
        const char *hint = closest_option(key, strlen(key));
        if (hint)
            snprintf(err, errsize, "unknown key '%s' (did you mean '%s'?)", key, hint);
        else
            snprintf(err, errsize, "unknown key '%s'", key);
        return OPTIONS_USAGE;
    }
    if (command_line_only(d)) {
        snprintf(err, errsize, "key '%s' belongs on the command line, not in a config file", key);
        return OPTIONS_USAGE;
    }
    if (d->type == OPT_FLAG || d->type == OPT_FLAG_SIZE) {
        int b = *value ? parse_bool(value) : 1;
        if (b == 0) {
            *(int *)((char *)o + d->offset) = 0;
            return OPTIONS_OK;
        }
        if (b < 0 && d->type == OPT_FLAG) {
            snprintf(err, errsize, "key '%s' takes true or false, not '%s'", key, value);
            return OPTIONS_USAGE;
        }
        if (b == 1)
            value = NULL;
    }
    char what[64];
    snprintf(what, sizeof what, "key '%s'", d->name);
    return store(o, d, value, NULL, what, err, errsize) < 0 ? OPTIONS_USAGE : OPTIONS_OK;
}

int options_unattended(const options *o)
{
    return o->kiosk || o->screensaver || o->root || o->window_id != NULL;
}

void options_print_help(FILE *out, const char *prog)
{
    fprintf(out,
            "Usage: %s [OPTIONS] [FILE...]\n"
            "       %s --align NARRATION TRANSCRIPT.txt [-o OUT.vtt] [--lang xx] [--force]\n"
            "A full-screen relaxation visual: a fountain of light at the heart of a seated\n"
            "figure, timed to a narration track, with captions.\n"
            "FILE is a narration audio file or a caption file; without it the default\n"
            "session plays. A folder, an M3U playlist or several FILEs make a library:\n"
            "a menu to choose from (a kiosk plays them in turn). --align times a\n"
            "plain-text transcript to its recording and writes WebVTT captions.\n\nOptions:\n",
            prog, prog);
    for (size_t i = 0; i < OPT_COUNT; i++) {
        const opt_desc *d = &opt_table[i];
        char left[64];
        snprintf(left, sizeof left, "--%s%s%s", d->name,
                 d->arg && d->type != OPT_FLAG_SIZE ? " " : "", d->arg ? d->arg : "");
        fprintf(out, "  %-26s %s\n", left, d->help);
    }
    fprintf(out, "\nKeys: Esc quits.\n"
                 "Exit codes: 0 ok, 1 runtime failure, 2 bad option or input (for --align also a\n"
                 "transcript that does not match the recording), 3 no OpenGL 3.3 or broken shaders.\n");
}

/* roff needs '-' and '\' escaped in text. */
static void man_text(FILE *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '-')
            fputs("\\-", out);
        else if (*s == '\\')
            fputs("\\e", out);
        else
            fputc(*s, out);
    }
}

void options_print_man(FILE *out, const char *version)
{
    fprintf(out, ".TH WELLSPRING 1 \"\" \"wellspring %s\" \"User Commands\"\n", version);
    fputs(".SH NAME\nwellspring \\- a full-screen relaxation visual timed to a guided narration\n"
          ".SH SYNOPSIS\n.B wellspring\n[\\fIOPTIONS\\fR] [\\fIFILE\\fR...]\n.br\n.B wellspring \\-\\-align\n"
          "\\fINARRATION\\fR \\fITRANSCRIPT.txt\\fR [\\fB\\-o\\fR \\fIOUT.vtt\\fR] "
          "[\\fB\\-\\-lang\\fR \\fIxx\\fR] [\\fB\\-\\-force\\fR]\n"
          ".SH DESCRIPTION\nA fountain of light bubbles up at the heart of a seated figure and a "
          "warm glow spreads through its silhouette, timed to a narration track whose transcript "
          "is shown as captions. FILE is a narration audio file (OGG Vorbis, Opus, MP3, FLAC, WAV) "
          "or a caption file (.vtt, .srt); captions (NAME.vtt, NAME.LANG.vtt, NAME.srt) and the "
          "choreography (NAME.timeline) are found beside it. Without FILE the default session "
          "plays. A folder, an M3U or M3U8 playlist, several FILEs or \\-\\-library make a "
          "library: the player opens on a menu of its sessions (the default session last unless "
          "\\-\\-no\\-default), remembers where each was stopped in "
          "$XDG_STATE_HOME/wellspring, and a kiosk plays them in turn. With \\-\\-align, Wellspring times a plain-text transcript to its recording "
          "(espeak\\-ng speaks the text, and the two are matched by MFCCs and dynamic time "
          "warping) and writes WebVTT captions; the player does the same when a narration has "
          "only NAME.txt beside it, and keeps the result in $XDG_CACHE_HOME/wellspring.\n"
          ".SH OPTIONS\n",
          out);
    for (size_t i = 0; i < OPT_COUNT; i++) {
        const opt_desc *d = &opt_table[i];
        fputs(".TP\n.B ", out);
        man_text(out, "--");
        man_text(out, d->name);
        if (d->arg) {
            fputs(d->type == OPT_FLAG_SIZE ? "" : " ", out);
            fputs("\\fI", out);
            man_text(out, d->arg);
            fputs("\\fR", out);
        }
        fputc('\n', out);
        man_text(out, d->help);
        fputc('\n', out);
    }
    fputs(".SH MODES\n.TP\nnormal\nFull screen on the primary display; plays the session once "
          "and fades out.\n.TP\nkiosk (\\-\\-kiosk)\nLoops forever with a dark rest, hides the "
          "cursor, shows no dialog, ignores input except holding Esc for 3 seconds. Runs on the "
          "console with SDL_VIDEODRIVER=kmsdrm; see the systemd unit wellspring\\-kiosk.service.\n"
          ".TP\nscreensaver (\\-\\-screensaver, \\-root, \\-window\\-id, XSCREENSAVER_WINDOW)\n"
          "Muted, captions off, looping; draws into the window a screensaver host gives.\n"
          ".TP\noffline (\\-\\-screenshot, \\-\\-render, \\-\\-export)\nRenders frames or a video "
          "of any time range, bit\\-identical across runs on the same machine.\n"
          ".SH KEYS\nSpace/Return or Play: pause and resume. Left/Right: seek 10 s. Up/Down: "
          "volume. C: captions. Esc, Q or Back: quit. Gamepad: A pause, B quit, Y captions, D\\-pad "
          "seek and volume.\n"
          ".SH FILES\n.TP\n$XDG_CONFIG_HOME/wellspring/wellspring.conf\nThe same keys as the "
          "long options, one key = value per line.\n.TP\nPREFIX/share/wellspring\nShaders, fonts "
          "and the default session; WELLSPRING_DATA overrides it.\n"
          ".SH EXIT STATUS\n.TP\n0\nFinished normally.\n.TP\n1\nA runtime failure: an output "
          "could not be written, no window, ffmpeg missing.\n.TP\n2\nA bad option or input file "
          "(one line names it), flash violations found by \\-\\-check\\-flashes, or a "
          "transcript that does not match its recording (\\-\\-align without \\-\\-force).\n.TP\n3\nNo "
          "OpenGL 3.3 core context, or the shaders are missing or broken.\n"
          ".SH SIGNALS\nSIGINT and SIGTERM end the program cleanly; SIGHUP reloads the session's "
          "captions and choreography.\n",
          out);
}
