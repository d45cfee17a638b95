/* config: the user's config file, with the same keys as the long options.
 *
 *   # ~/.config/wellspring/wellspring.conf
 *   caption-size = 0.9
 *   mute = true
 *   safe-area = 85
 *
 * Read with inih (Debian's libinih). Each `key = value` becomes the argument
 * `--key=value` (a flag: `true`/`yes`/`on`/`1` gives `--key`, a false value
 * leaves it out), placed before the command line's own arguments so the
 * command line wins. Section headers are ignored. Pure C. */
#ifndef WS_CONFIG_H
#define WS_CONFIG_H

#include <stddef.h>

typedef struct config_args {
    char **argv;  /* owned: argv[0] is the program name, then the file's, then the command line's */
    int argc;
} config_args;

/* The config file's path: $XDG_CONFIG_HOME/wellspring/wellspring.conf, or
 * $HOME/.config/wellspring/wellspring.conf. Returns 0, or -1 when neither
 * variable is set. */
int config_path(char *out, size_t size);

/* Builds the merged argument list from the file at `path` (a missing file is
 * not an error) and the command line. Returns 0, or -1 with one line in err
 * ("FILE:LINE: ..."). config_free is safe on a zeroed struct. */
int config_merge(const char *path, int argc, char **argv, config_args *out, char *err,
                 size_t errsize);
void config_free(config_args *c);

#endif
