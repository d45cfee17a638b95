#include "util/xdg.h"

#include <stdio.h>
#include <stdlib.h>

int xdg_app_dir(const char *var, const char *home_rel, char *out, size_t size)
{
    const char *base = getenv(var), *home = getenv("HOME");
    int n;
    if (base && base[0] == '/')
        n = snprintf(out, size, "%s/wellspring", base);
    else if (home && *home)
        n = snprintf(out, size, "%s/%s/wellspring", home, home_rel);
    else
        return -1;
    return n > 0 && (size_t)n < size ? 0 : -1;
}
