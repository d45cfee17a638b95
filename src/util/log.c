#include "util/log.h"

#include <stdarg.h>
#include <stdio.h>

/* The level is process-wide configuration set once from main; a global here
 * is the one place where that is simpler than threading a context through. */
static log_level g_level = LOG_INFO;

void log_set_level(log_level level) { g_level = level; }
log_level log_get_level(void) { return g_level; }

void log_msg(log_level level, const char *tag, const char *fmt, ...)
{
    static const char *const names[] = {"error", "warning", "info", "debug"};
    if (level > g_level)
        return;
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    fprintf(stderr, "wellspring: %s [%s] %s\n", names[level], tag ? tag : "-", line);
}
