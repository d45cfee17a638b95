#include "util/startup.h"

#include <stdio.h>

static double spent[STARTUP_COUNT];

void startup_add(startup_step step, double seconds)
{
    if ((unsigned)step < STARTUP_COUNT && seconds > 0.0)
        spent[step] += seconds;
}

double startup_seconds(startup_step step)
{
    return (unsigned)step < STARTUP_COUNT ? spent[step] : 0.0;
}

const char *startup_name(startup_step step)
{
    static const char *const names[STARTUP_COUNT] = {"session", "SDL", "window", "context",
                                                      "shaders", "fonts", "figure maps", "audio"};
    return (unsigned)step < STARTUP_COUNT ? names[step] : "?";
}

void startup_describe(double total_s, char *buf, size_t n)
{
    size_t used = 0;
    double rest = total_s;
    if (n)
        buf[0] = '\0';
    for (int i = 0; i < STARTUP_COUNT && used < n; i++) {
        rest -= spent[i];
        int w = snprintf(buf + used, n - used, "%s%s %.0f", used ? ", " : "", startup_name((startup_step)i),
                         spent[i] * 1000.0);
        used += w > 0 ? (size_t)w : 0;
    }
    if (used < n)
        snprintf(buf + used, n - used, ", rest %.0f ms", rest > 0.0 ? rest * 1000.0 : 0.0);
}
