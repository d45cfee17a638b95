/* schedule: the kiosk's display hours, "HH:MM-HH:MM[,HH:MM-HH:MM...]",
 * and the session each range plays. Pure C.
 *
 * A range whose end is before its start runs overnight ("22:00-06:00").
 * Outside every range the screen is dark and the display may sleep. Times
 * are minutes of the local day (0..1439).
 *
 * A range may name a target after '=': "07:00-09:00=morning.mp3,
 * 18:00-22:00=evening/" (a narration, folder or playlist; what it names is
 * the caller's to check, as for FILE). A target runs to the next comma or
 * the end: a comma always separates ranges, so a target cannot hold one;
 * it may hold spaces and '=' but no control characters, and is not empty.
 * The plain form (no targets) means what it always did. */
#ifndef WS_SCHEDULE_H
#define WS_SCHEDULE_H

#include <stddef.h>

#define SCHEDULE_MAX_RANGES 16
#define SCHEDULE_TARGET_BYTES 2048 /* every target together, a NUL after each */

typedef struct schedule {
    int count;
    int start[SCHEDULE_MAX_RANGES], end[SCHEDULE_MAX_RANGES]; /* minutes of the day */
    /* Range i's target is targets + target_at[i]; targets[0] is the
     * empty string of the ranges that name none. Read it through
     * schedule_target. */
    unsigned short target_at[SCHEDULE_MAX_RANGES];
    char targets[SCHEDULE_TARGET_BYTES];
} schedule;

/* Parses spec. Returns 0, or -1 with a one-line reason in err. */
int schedule_parse(const char *spec, schedule *out, char *err, size_t errsize);

/* True when minute-of-day m is inside a range (always true with no ranges). */
int schedule_active(const schedule *s, int minute);

/* The index of the range minute-of-day m is inside (the first one given,
 * where ranges overlap), or -1 when it is in none (always -1 with no
 * ranges). */
int schedule_range_at(const schedule *s, int minute);

/* Range i's target, or "" when it names none (or i is not a range). */
const char *schedule_target(const schedule *s, int i);

/* Minutes from m until the next range starts (0 when active now; -1 with no
 * ranges). */
int schedule_minutes_to_next(const schedule *s, int minute);

#endif
