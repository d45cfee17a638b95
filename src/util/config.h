/* config: the user's config file, with the same keys as the long options.
 *
 *   # ~/.config/wellspring/wellspring.conf
 *   caption-size = 0.9
 *   mute = true        # flags take true/false
 *   safe-area = 85
 *
 * Read with inih (Debian's libinih); comments start with '#' or ';' at the
 * start of a line, or after a space or tab within one. Section headers are
 * ignored. Each key is set with options_set, so a bad one is reported as
 * "FILE:LINE: unknown key 'captionsize' (did you mean 'caption-size'?)".
 *
 * The order is: the option table's defaults, then the file, then the
 * command line, so the command line wins. --help, --version and --man never
 * read the file. In the unattended modes (options_unattended, or
 * $XSCREENSAVER_WINDOW set), chosen on the command line or in the file
 * itself, a bad line is a warning and only that line is ignored, so that a
 * kiosk restarted by systemd comes up rather than failing in a loop.
 * Pure C. */
#ifndef WS_CONFIG_H
#define WS_CONFIG_H

#include <stddef.h>

#include "util/options.h"

typedef struct config_entry {
    int line;
    char *key, *value; /* owned; key is NULL for a line that is not key = value */
} config_entry;

typedef struct config {
    const char *path;       /* as given (not owned) */
    config_entry *entries;  /* in the file's order */
    size_t count;
    char **warnings;        /* owned: "FILE:LINE: ...; ignored", one per skipped line */
    size_t nwarnings;
    int file_error;         /* the load failed on the file, not the command line */
} config;

/* The config file's path: $XDG_CONFIG_HOME/wellspring/wellspring.conf, or
 * $HOME/.config/wellspring/wellspring.conf. Returns 0, or -1 when neither
 * variable is set. */
int config_path(char *out, size_t size);

/* Reads the file's lines into c (a missing file has none). Returns 0, or -1
 * with "FILE: reason" in err when it exists but cannot be read. */
int config_read(config *c, const char *path, char *err, size_t errsize);

/* Sets *o from the file's lines, in order. Strict: stops at the first bad
 * line with "FILE:LINE: ..." in err and returns -1. Lenient: each bad line
 * becomes a warning and is skipped; returns 0. */
int config_apply(config *c, options *o, int lenient, char *err, size_t errsize);

/* The whole start-up order (see the top of this file) into *o; `path` NULL
 * means no config file. Command line errors are reported as the command
 * line's. Returns OPTIONS_OK, or OPTIONS_USAGE with one line in err. Warnings
 * are left in c->warnings for the caller to log. Strings in *o point into
 * argv and c: keep both until *o is done with. config_free after either
 * result. */
options_result config_load_options(config *c, const char *path, int argc, char **argv,
                                   options *o, char *err, size_t errsize);

/* Safe on a zeroed struct and after a failed load. */
void config_free(config *c);

#endif
