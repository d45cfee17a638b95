#include "time/schedule.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* "HH:MM" at *p; advances *p. Returns minutes of the day or -1. */
static int read_hhmm(const char **p)
{
    const char *s = *p;
    int h = 0, m = 0, digits = 0;
    while (isdigit((unsigned char)*s) && digits < 2)
        h = h * 10 + (*s++ - '0'), digits++;
    if (!digits || *s != ':')
        return -1;
    s++;
    if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]))
        return -1;
    m = (s[0] - '0') * 10 + (s[1] - '0');
    s += 2;
    if (h > 24 || m > 59 || (h == 24 && m != 0))
        return -1;
    *p = s;
    return h * 60 + m;
}

/* "=TARGET" at *p (after a range's end), up to the next comma; advances
 * *p and stores the target as range i's. Returns 0, or -1 with err. */
static int read_target(const char **p, schedule *s, int i, size_t *used, char *err,
                       size_t errsize)
{
    const char *t = ++*p;
    size_t n = 0;
    while (t[n] && t[n] != ',') {
        if ((unsigned char)t[n] < 0x20 || t[n] == 0x7F) {
            snprintf(err, errsize, "a control character in the session of range %d", i + 1);
            return -1;
        }
        n++;
    }
    if (n == 0) {
        snprintf(err, errsize, "no session after '=' in range %d (expected HH:MM-HH:MM=FILE)",
                 i + 1);
        return -1;
    }
    if (*used + n + 1 > SCHEDULE_TARGET_BYTES) {
        snprintf(err, errsize, "the sessions named are longer than %d bytes in all",
                 SCHEDULE_TARGET_BYTES - 1);
        return -1;
    }
    memcpy(s->targets + *used, t, n);
    s->targets[*used + n] = '\0';
    s->target_at[i] = (unsigned short)*used;
    *used += n + 1;
    *p = t + n;
    return 0;
}

int schedule_parse(const char *spec, schedule *out, char *err, size_t errsize)
{
    schedule s = {0};
    size_t used = 1; /* targets[0]: the empty target */
    const char *p = spec;
    if (!spec || !*spec) {
        snprintf(err, errsize, "empty schedule (expected HH:MM-HH:MM[,...])");
        return -1;
    }
    for (;;) {
        const char *at = p;
        int a = read_hhmm(&p);
        if (a < 0 || *p != '-') {
            snprintf(err, errsize, "bad range at '%s' (expected HH:MM-HH:MM)", at);
            return -1;
        }
        p++;
        int b = read_hhmm(&p);
        if (b < 0) {
            snprintf(err, errsize, "bad end time at '%s' (expected HH:MM)", at);
            return -1;
        }
        if (a == b % 1440) {
            snprintf(err, errsize, "empty range '%.11s' (start equals end)", at);
            return -1;
        }
        if (s.count == SCHEDULE_MAX_RANGES) {
            snprintf(err, errsize, "more than %d ranges", SCHEDULE_MAX_RANGES);
            return -1;
        }
        s.start[s.count] = a % 1440;
        s.end[s.count] = b % 1440;
        if (*p == '=' && read_target(&p, &s, s.count, &used, err, errsize) < 0)
            return -1;
        s.count++;
        if (*p == '\0')
            break;
        if (*p != ',') {
            snprintf(err, errsize, "unexpected '%c' after a range (ranges are separated by commas; "
                     "'=FILE' names a range's session)", *p);
            return -1;
        }
        p++;
    }
    *out = s;
    return 0;
}

static int in_range(int start, int end, int m)
{
    return start < end ? (m >= start && m < end) : (m >= start || m < end);
}

int schedule_range_at(const schedule *s, int minute)
{
    minute = ((minute % 1440) + 1440) % 1440;
    for (int i = 0; i < s->count; i++)
        if (in_range(s->start[i], s->end[i], minute))
            return i;
    return -1;
}

int schedule_active(const schedule *s, int minute)
{
    return s->count == 0 || schedule_range_at(s, minute) >= 0;
}

const char *schedule_target(const schedule *s, int i)
{
    if (i < 0 || i >= s->count || s->target_at[i] >= SCHEDULE_TARGET_BYTES)
        return "";
    return s->targets + s->target_at[i];
}

int schedule_minutes_to_next(const schedule *s, int minute)
{
    if (s->count == 0)
        return -1;
    if (schedule_active(s, minute))
        return 0;
    int best = 1440;
    for (int i = 0; i < s->count; i++) {
        int d = ((s->start[i] - minute) % 1440 + 1440) % 1440;
        best = d < best ? d : best;
    }
    return best;
}
