#include "video/displays.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads a whole number at *p (optionally signed) into *v; advances *p. */
static int read_int(const char **p, int allow_sign, int *v)
{
    const char *s = *p;
    if (!allow_sign && (*s == '+' || *s == '-'))
        return -1;
    if (!((*s >= '0' && *s <= '9') || ((*s == '+' || *s == '-') && s[1] >= '0' && s[1] <= '9')))
        return -1;
    char *end;
    errno = 0;
    long x = strtol(s, &end, 10);
    if (errno || x < -65536 || x > 65536)
        return -1;
    *v = (int)x;
    *p = end;
    return 0;
}

static int parse_one(const char *s, size_t len, display_info *d, int index, int next_x, char *err,
                     size_t errsize)
{
    char buf[160];
    if (len >= sizeof buf) {
        snprintf(err, errsize, "display %d: spec too long", index);
        return -1;
    }
    memcpy(buf, s, len);
    buf[len] = '\0';
    memset(d, 0, sizeof *d);
    const char *p = buf;
    if (read_int(&p, 0, &d->w) < 0 || (*p != 'x' && *p != 'X')) {
        snprintf(err, errsize, "display %d: '%s' is not WxH[+X+Y][@NAME]", index, buf);
        return -1;
    }
    p++;
    if (read_int(&p, 0, &d->h) < 0 || d->w < 16 || d->h < 16 || d->w > 16384 || d->h > 16384) {
        snprintf(err, errsize, "display %d: '%s' needs a size from 16x16 to 16384x16384", index, buf);
        return -1;
    }
    d->x = next_x;
    d->y = 0;
    if (*p == '+' || *p == '-') {
        if (read_int(&p, 1, &d->x) < 0 || read_int(&p, 1, &d->y) < 0) {
            snprintf(err, errsize, "display %d: '%s' has a bad position (+X+Y)", index, buf);
            return -1;
        }
    }
    if (*p == '@') {
        p++;
        if (!*p || strlen(p) >= DISPLAY_NAME_MAX) {
            snprintf(err, errsize, "display %d: the name after '@' must be 1 to %d characters", index,
                     DISPLAY_NAME_MAX - 1);
            return -1;
        }
        snprintf(d->name, sizeof d->name, "%s", p);
    } else if (*p) {
        snprintf(err, errsize, "display %d: unexpected '%s' in '%s'", index, p, buf);
        return -1;
    } else {
        snprintf(d->name, sizeof d->name, "display %d", index);
    }
    return 0;
}

int displays_parse(const char *spec, display_list *out, char *err, size_t errsize)
{
    memset(out, 0, sizeof *out);
    if (!spec || !*spec || strcmp(spec, "none") == 0)
        return 0;
    const char *s = spec;
    int next_x = 0;
    for (;;) {
        const char *comma = strchr(s, ',');
        size_t len = comma ? (size_t)(comma - s) : strlen(s);
        if (out->count == DISPLAYS_MAX) {
            snprintf(err, errsize, "more than %d displays", DISPLAYS_MAX);
            return -1;
        }
        display_info *d = &out->d[out->count];
        if (parse_one(s, len, d, out->count, next_x, err, errsize) < 0)
            return -1;
        next_x = d->x + d->w;
        out->count++;
        if (!comma)
            return 0;
        s = comma + 1;
    }
}

int displays_find(const display_list *l, const char *sel)
{
    if (!sel || !*sel)
        return l->count > 0 ? 0 : -1;
    char *end;
    errno = 0;
    long i = strtol(sel, &end, 10);
    if (*end == '\0' && !errno && sel[0] >= '0' && sel[0] <= '9')
        return i < l->count ? (int)i : -1;
    for (int k = 0; k < l->count; k++)
        if (strcmp(l->d[k].name, sel) == 0)
            return k;
    return -1;
}

/* True when the names tell the displays apart: none empty, no two alike. */
static int names_distinct(const display_list *l)
{
    for (int i = 0; i < l->count; i++) {
        if (!l->d[i].name[0])
            return 0;
        for (int j = i + 1; j < l->count; j++)
            if (strcmp(l->d[i].name, l->d[j].name) == 0)
                return 0;
    }
    return 1;
}

int displays_match(const display_list *now, const display_list *was, int was_index)
{
    if (was_index < 0 || was_index >= was->count)
        return -1;
    if (names_distinct(was) && names_distinct(now)) {
        for (int k = 0; k < now->count; k++)
            if (strcmp(now->d[k].name, was->d[was_index].name) == 0)
                return k;
        /* A distinct name that is gone means that display is gone, even if
         * another one now sits at its index. */
        return -1;
    }
    return was_index >= 0 && was_index < now->count ? was_index : -1;
}

int displays_same(const display_list *a, const display_list *b)
{
    if (a->count != b->count)
        return 0;
    for (int i = 0; i < a->count; i++) {
        const display_info *x = &a->d[i], *y = &b->d[i];
        if (x->x != y->x || x->y != y->y || x->w != y->w || x->h != y->h ||
            strcmp(x->name, y->name) != 0)
            return 0;
    }
    return 1;
}

int display_script_parse(const char *spec, display_script *out, char *err, size_t errsize)
{
    memset(out, 0, sizeof *out);
    if (!spec)
        return 0;
    if (!strchr(spec, ':')) {
        out->count = 1;
        return displays_parse(spec, &out->lists[0], err, errsize);
    }
    char buf[1024];
    if (strlen(spec) >= sizeof buf) {
        snprintf(err, errsize, "display script too long");
        return -1;
    }
    snprintf(buf, sizeof buf, "%s", spec);
    char *save = NULL;
    for (char *step = strtok_r(buf, ";", &save); step; step = strtok_r(NULL, ";", &save)) {
        char *colon = strchr(step, ':');
        if (!colon) {
            snprintf(err, errsize, "'%s' is not T:SPEC", step);
            return -1;
        }
        *colon = '\0';
        char *end;
        double t = strtod(step, &end);
        if (end == step || *end || !(t >= 0.0) || (out->count && t <= out->at[out->count - 1])) {
            snprintf(err, errsize, "'%s' is not a time after the previous step", step);
            return -1;
        }
        if (out->count == DISPLAY_SCRIPT_MAX) {
            snprintf(err, errsize, "more than %d steps", DISPLAY_SCRIPT_MAX);
            return -1;
        }
        out->at[out->count] = t;
        if (displays_parse(colon + 1, &out->lists[out->count], err, errsize) < 0)
            return -1;
        out->count++;
    }
    return 0;
}

const display_list *display_script_at(const display_script *s, double t)
{
    if (!s->count)
        return NULL;
    int k = 0;
    while (k + 1 < s->count && t >= s->at[k + 1])
        k++;
    return &s->lists[k];
}
