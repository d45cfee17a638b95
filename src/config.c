#include "config.h"

#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int config_path(char *out, size_t size)
{
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    if (xdg && *xdg)
        snprintf(out, size, "%s/wellspring/wellspring.conf", xdg);
    else if (home && *home)
        snprintf(out, size, "%s/.config/wellspring/wellspring.conf", home);
    else
        return -1;
    return 0;
}

static int push(config_args *c, const char *s)
{
    char **v = realloc(c->argv, (size_t)(c->argc + 2) * sizeof *v);
    if (!v)
        return -1;
    c->argv = v;
    c->argv[c->argc] = strdup(s);
    if (!c->argv[c->argc])
        return -1;
    c->argc++;
    c->argv[c->argc] = NULL;
    return 0;
}

static int is_true(const char *v)
{
    return !strcasecmp(v, "true") || !strcasecmp(v, "yes") || !strcasecmp(v, "on") ||
           !strcmp(v, "1");
}

static int is_false(const char *v)
{
    return !strcasecmp(v, "false") || !strcasecmp(v, "no") || !strcasecmp(v, "off") ||
           !strcmp(v, "0");
}

/* inih calls this per key; returning 0 makes ini_parse report the line. */
static int on_key(void *user, const char *section, const char *name, const char *value)
{
    (void)section;
    config_args *c = user;
    char arg[1024];
    if (!*name)
        return 0;
    if (is_false(value))
        return 1;
    if (is_true(value) || !*value)
        snprintf(arg, sizeof arg, "--%s", name);
    else
        snprintf(arg, sizeof arg, "--%s=%s", name, value);
    return push(c, arg) == 0;
}

int config_merge(const char *path, int argc, char **argv, config_args *out, char *err,
                 size_t errsize)
{
    memset(out, 0, sizeof *out);
    if (push(out, argc > 0 ? argv[0] : "wellspring") < 0)
        goto oom;
    if (path) {
        FILE *f = fopen(path, "r");
        if (f) {
            int line = ini_parse_file(f, on_key, out);
            fclose(f);
            if (line != 0) {
                snprintf(err, errsize, "%s:%d: cannot read this line (expected key = value)", path,
                         line);
                config_free(out);
                return -1;
            }
        } else if (errno != ENOENT) {
            snprintf(err, errsize, "%s: %s", path, strerror(errno));
            config_free(out);
            return -1;
        }
    }
    for (int i = 1; i < argc; i++)
        if (push(out, argv[i]) < 0)
            goto oom;
    return 0;
oom:
    snprintf(err, errsize, "out of memory");
    config_free(out);
    return -1;
}

void config_free(config_args *c)
{
    for (int i = 0; c->argv && i < c->argc; i++)
        free(c->argv[i]);
    free(c->argv);
    memset(c, 0, sizeof *c);
}
