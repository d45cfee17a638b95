/* xdg: Wellspring's own folders by the XDG base directory rules. Pure C.
 *
 * The config file, the aligner's cache and the resume file each live in a
 * "wellspring" folder under one XDG base: $VAR when it is set to an
 * absolute path (the rules say a relative one is to be ignored), else its
 * default under $HOME. */
#ifndef WS_XDG_H
#define WS_XDG_H

#include <stddef.h>

/* $VAR/wellspring, else $HOME/HOME_REL/wellspring (home_rel: ".config",
 * ".cache", ".local/state"), into out. Returns 0, or -1 when neither is set
 * or the path does not fit. Makes no folder. */
int xdg_app_dir(const char *var, const char *home_rel, char *out, size_t size);

#endif
