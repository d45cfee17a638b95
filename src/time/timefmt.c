#include "time/timefmt.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>

/* Reads an unsigned decimal integer of at least one digit; -1 if none. */
static int read_uint(const char **p, long long *v)
{
    const char *s = *p;
    long long x = 0;
    if (!isdigit((unsigned char)*s))
        return -1;
    while (isdigit((unsigned char)*s)) {
        if (x > 1000000000LL)
            return -1;
        x = x * 10 + (*s++ - '0');
    }
    *v = x;
    *p = s;
    return 0;
}

int timefmt_parse_prefix(const char *s, double *out, const char **end)
{
    const char *p = s;
    long long fields[3];
    int n = 0;
    *end = s;
    if (!s)
        return -1;
    for (;;) {
        if (n == 3 || read_uint(&p, &fields[n]) < 0)
            return -1;
        n++;
        if (*p != ':')
            break;
        p++;
    }
    double frac = 0.0;
    if (*p == '.') {
        double scale = 0.1;
        p++;
        if (!isdigit((unsigned char)*p))
            return -1;
        while (isdigit((unsigned char)*p)) {
            frac += (*p++ - '0') * scale;
            scale *= 0.1;
        }
    }
    double t;
    if (n == 1) {
        t = (double)fields[0];
    } else if (n == 2) {
        if (fields[1] >= 60)
            return -1;
        t = fields[0] * 60.0 + fields[1];
    } else {
        if (fields[1] >= 60 || fields[2] >= 60)
            return -1;
        t = fields[0] * 3600.0 + fields[1] * 60.0 + fields[2];
    }
    *out = t + frac;
    *end = p;
    return 0;
}

int timefmt_parse(const char *s, double *out)
{
    const char *end;
    double t;
    if (timefmt_parse_prefix(s, &t, &end) < 0 || *end != '\0')
        return -1;
    *out = t;
    return 0;
}

void timefmt_format(double seconds, char *buf, size_t size)
{
    if (!(seconds >= 0.0))
        seconds = 0.0;
    long long ms = llround(seconds * 1000.0);
    snprintf(buf, size, "%02lld:%02lld:%02lld.%03lld", ms / 3600000, ms / 60000 % 60,
             ms / 1000 % 60, ms % 1000);
}

void timefmt_clock(double seconds, char *buf, size_t size)
{
    long long s = seconds >= 0.0 && seconds < 1e12 ? (long long)seconds : 0;
    if (s < 3600)
        snprintf(buf, size, "%lld:%02lld", s / 60, s % 60);
    else
        snprintf(buf, size, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
}
