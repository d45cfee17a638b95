/* schedule: the kiosk's display hours, "HH:MM-HH:MM[,HH:MM-HH:MM...]". Pure C.
 *
 * A range whose end is before its start runs overnight ("22:00-06:00").
 * Outside every range the screen is dark and the display may sleep. Times
 * are minutes of the local day (0..1439). */
#ifndef WS_SCHEDULE_H
#define WS_SCHEDULE_H

#include <stddef.h>

#define SCHEDULE_MAX_RANGES 16

typedef struct schedule {
    int count;
    int start[SCHEDULE_MAX_RANGES], end[SCHEDULE_MAX_RANGES]; /* minutes of the day */
} schedule;

/* Parses spec. Returns 0, or -1 with a one-line reason in err. */
int schedule_parse(const char *spec, schedule *out, char *err, size_t errsize);

/* True when minute-of-day m is inside a range (always true with no ranges). */
int schedule_active(const schedule *s, int minute);

/* Minutes from m until the next range starts (0 when active now; -1 with no
 * ranges). */
int schedule_minutes_to_next(const schedule *s, int minute);

#endif
