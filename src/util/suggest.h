/* suggest: "did you mean" for a misspelt name. Pure C, libc only.
 *
 * Shared by the timeline parser (phases, parameters, easings), the command
 * line and the config file (option names). The distance is the optimal
 * string alignment distance (insert, delete, substitute, swap two
 * neighbours), ASCII case-insensitive. */
#ifndef WS_SUGGEST_H
#define WS_SUGGEST_H

#include <stddef.h>

/* The distance between a and b when it is at most `max`; otherwise some
 * number > max. Strings over 63 bytes are not compared (> max). */
int suggest_distance_within(const char *a, const char *b, int max);

/* The candidate closest to `word` within a distance that still looks like
 * a typo (1 for words up to 3 bytes, 2 up to 7, else 3), or NULL. On a tie
 * the earlier candidate wins. */
const char *suggest_closest(const char *word, const char *const *cands, size_t n);

#endif
