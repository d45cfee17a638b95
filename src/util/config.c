#include "util/config.h"
#include "util/xdg.h"

#include <errno.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int config_path(char *out, size_t size)
{
    char dir[4096];
    if (xdg_app_dir("XDG_CONFIG_HOME", ".config", dir, sizeof dir) < 0)
        return -1;
    int n = snprintf(out, size, "%s/wellspring.conf", dir);
    return n > 0 && (size_t)n < size ? 0 : -1;
}

/* ---- reading: inih, with a reader that knows which line is which -------- */

/* inih does not tell its handler the line number (Debian builds it without
 * INI_HANDLER_LINENO), so the reader counts lines itself. It also notices
 * lines inih skipped as unreadable (the handler never saw them) and lines too
 * long for inih's buffer (their rest is swallowed here, not parsed as a line
 * of its own, and the truncated value is not used). */
typedef struct reader {
    FILE *f;
    config *c;
    int line;         /* the line inih is reading now (1-based) */
    int needs_key;    /* the line is not blank, a comment or a [section] */
    int handled;      /* the handler saw this line */
    int too_long;
    int finished;     /* finish_line has judged this line */
    int oom;
} reader;

static int add_entry(config *c, int line, const char *key, const char *value)
{
    config_entry *e = realloc(c->entries, (c->count + 1) * sizeof *e);
    if (!e)
        return -1;
    c->entries = e;
    e = &c->entries[c->count];
    e->line = line;
    e->key = key ? strdup(key) : NULL;
    e->value = strdup(value);
    if ((key && !e->key) || !e->value) {
        free(e->key);
        free(e->value);
        return -1;
    }
    c->count++;
    return 0;
}

static int line_needs_key(const char *s, int first)
{
    if (first && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB &&
        (unsigned char)s[2] == 0xBF)
        s += 3;
    s += strspn(s, " \t\r\n");
    return *s && *s != '#' && *s != ';' && !(*s == '[' && strchr(s, ']'));
}

/* Records a line that was not key = value (the entry's key stays NULL). */
static void finish_line(reader *r)
{
    if (r->line == 0 || r->finished)
        return;
    r->finished = 1;
    const char *why = r->too_long ? "line too long"
                      : r->needs_key && !r->handled ? "cannot read this line (expected key = value)"
                                                    : NULL;
    if (why && add_entry(r->c, r->line, NULL, why) < 0)
        r->oom = 1;
}

static char *read_line(char *str, int num, void *stream)
{
    reader *r = stream;
    finish_line(r);
    r->line++;
    r->needs_key = r->handled = r->too_long = r->finished = 0;
    if (!fgets(str, num, r->f)) {
        r->finished = 1; /* no such line */
        return NULL;
    }
    size_t n = strlen(str);
    r->needs_key = line_needs_key(str, r->line == 1);
    if ((n == 0 || str[n - 1] != '\n') && !feof(r->f)) {
        r->too_long = 1;
        int ch;
        while ((ch = getc(r->f)) != EOF && ch != '\n')
            ;
    }
    return str;
}

/* inih calls this per key; returning 0 would make ini_parse report the line,
 * which finish_line does already. */
static int on_key(void *user, const char *section, const char *name, const char *value)
{
    (void)section;
    reader *r = user;
    r->handled = 1;
    if (r->too_long)
        return 1;
    /* inih strips "; comment" but not "# comment" after a value. */
    char v[256];
    snprintf(v, sizeof v, "%s", value);
    for (char *p = v; *p; p++)
        if (*p == '#' && p > v && (p[-1] == ' ' || p[-1] == '\t')) {
            *p = '\0';
            break;
        }
    size_t n = strlen(v);
    while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t'))
        v[--n] = '\0';
    if (add_entry(r->c, r->line, name, v) < 0)
        r->oom = 1;
    return 1;
}

int config_read(config *c, const char *path, char *err, size_t errsize)
{
    c->path = path;
    FILE *f = fopen(path, "r");
    if (!f) {
        if (errno == ENOENT)
            return 0;
        snprintf(err, errsize, "%s: %s", path, strerror(errno));
        return -1;
    }
    reader r = {.f = f, .c = c};
    ini_parse_stream(read_line, &r, on_key, &r);
    finish_line(&r);
    fclose(f);
    if (r.oom) {
        snprintf(err, errsize, "%s: out of memory", path);
        return -1;
    }
    return 0;
}

/* ---- applying ------------------------------------------------------------ */

static void warn(config *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void warn(config *c, const char *fmt, ...)
{
    char line[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    char **w = realloc(c->warnings, (c->nwarnings + 1) * sizeof *w);
    if (!w)
        return; /* a warning lost to a full memory is no reason to stop */
    c->warnings = w;
    if ((w[c->nwarnings] = strdup(line)) != NULL)
        c->nwarnings++;
}

int config_apply(config *c, options *o, int lenient, char *err, size_t errsize)
{
    for (size_t i = 0; i < c->count; i++) {
        const config_entry *e = &c->entries[i];
        char why[400];
        if (!e->key)
            snprintf(why, sizeof why, "%s", e->value);
        else if (options_set(o, e->key, e->value, why, sizeof why) == OPTIONS_OK)
            continue;
        if (!lenient) {
            snprintf(err, errsize, "%s:%d: %s", c->path, e->line, why);
            return -1;
        }
        warn(c, "%s:%d: %s; this line is ignored", c->path, e->line, why);
    }
    return 0;
}

/* Whether the file itself asks for an unattended mode. */
static int file_is_unattended(const config *c)
{
    static const char *const keys[] = {"kiosk", "screensaver", "root", "window-id"};
    options scratch;
    options_defaults(&scratch);
    char why[400];
    for (size_t i = 0; i < c->count; i++)
        for (size_t k = 0; c->entries[i].key && k < sizeof keys / sizeof keys[0]; k++)
            if (strcmp(c->entries[i].key, keys[k]) == 0)
                options_set(&scratch, keys[k], c->entries[i].value, why, sizeof why);
    return options_unattended(&scratch);
}

options_result config_load_options(config *c, const char *path, int argc, char **argv,
                                   options *o, char *err, size_t errsize)
{
    memset(c, 0, sizeof *c);
    options_defaults(o);
    if (options_parse_args(o, argc, argv, err, errsize) != OPTIONS_OK)
        return OPTIONS_USAGE;
    if (o->help || o->version || o->man)
        return OPTIONS_OK;
    if (!path)
        return options_check(o, err, errsize);
    int lenient = options_unattended(o) || getenv("XSCREENSAVER_WINDOW");
    char why[400];
    if (config_read(c, path, why, sizeof why) < 0) {
        if (!lenient) {
            snprintf(err, errsize, "%s", why);
            c->file_error = 1;
            return OPTIONS_USAGE;
        }
        warn(c, "%s; the config file is ignored", why);
    }
    lenient = lenient || file_is_unattended(c);
    options_defaults(o);
    if (config_apply(c, o, lenient, err, errsize) < 0) {
        c->file_error = 1;
        return OPTIONS_USAGE;
    }
    /* The command line parsed alone above, so it parses on top too. */
    if (options_parse_args(o, argc, argv, err, errsize) != OPTIONS_OK)
        return OPTIONS_USAGE;
    options_result rc = options_check(o, err, errsize);
    if (rc == OPTIONS_OK || !lenient)
        return rc;
    /* A file's key that clashes with the command line (all-displays with a
     * screensaver's -root): the file gives way. */
    warn(c, "%s: %s; the config file is ignored", path, err);
    options_defaults(o);
    options_parse_args(o, argc, argv, err, errsize);
    return options_check(o, err, errsize);
}

void config_free(config *c)
{
    for (size_t i = 0; i < c->count; i++) {
        free(c->entries[i].key);
        free(c->entries[i].value);
    }
    free(c->entries);
    for (size_t i = 0; i < c->nwarnings; i++)
        free(c->warnings[i]);
    free(c->warnings);
    memset(c, 0, sizeof *c);
}
