/* timefmt: session time strings, shared by options, captions and timelines.
 *
 * Accepted forms (seconds may carry a fraction of any length):
 *   "42", "42.5"              seconds
 *   "mm:ss", "mm:ss.mmm"      minutes (any count) and seconds < 60
 *   "hh:mm:ss[.mmm]"          hours, minutes < 60, seconds < 60
 * Leading '+' is not allowed; negative times are rejected. Pure C. */
#ifndef WS_TIMEFMT_H
#define WS_TIMEFMT_H

#include <stddef.h>

/* Parses the whole of s. Returns 0 and stores seconds in *out, or -1 when s is
 * empty, malformed, negative or out of range (nothing stored). */
int timefmt_parse(const char *s, double *out);

/* Like timefmt_parse, but parses a prefix of s: on success *end points just
 * past the time. Returns -1 with *end == s on failure. */
int timefmt_parse_prefix(const char *s, double *out, const char **end);

/* Writes "HH:MM:SS.mmm" (rounded to the millisecond) into buf (>= 16 bytes). */
void timefmt_format(double seconds, char *buf, size_t size);

/* Writes a length or a time left as people read it on a screen: "m:ss"
 * under an hour, "h:mm:ss" from an hour, in whole seconds (the fraction
 * dropped, so a countdown reaches 0:00 at its end); negative counts as 0. */
void timefmt_clock(double seconds, char *buf, size_t size);

#endif
