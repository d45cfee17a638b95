#define _XOPEN_SOURCE 700 /* realpath */

#include "library/resume.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define HEADER "wellspring-resume 1"

/* What a narration is now: its real path, size and modification time.
 * Returns NULL when it cannot be found. */
static char *identify(const char *narration, long long *size, long long *mtime)
{
    struct stat st;
    char *real = realpath(narration, NULL);
    if (!real || stat(real, &st) != 0 || !S_ISREG(st.st_mode)) {
        free(real);
        return NULL;
    }
    *size = (long long)st.st_size;
    *mtime = (long long)st.st_mtime;
    return real;
}

static long find(const resume_state *rs, const char *real)
{
    for (size_t i = 0; i < rs->count; i++)
        if (strcmp(rs->entries[i].path, real) == 0)
            return (long)i;
    return -1;
}

static void remove_at(resume_state *rs, size_t i)
{
    free(rs->entries[i].path);
    memmove(rs->entries + i, rs->entries + i + 1, (rs->count - i - 1) * sizeof *rs->entries);
    rs->count--;
}

/* Adds e as the newest entry (taking its path), replacing one for the same
 * path and forgetting the oldest past RESUME_MAX_ENTRIES. */
static int push(resume_state *rs, resume_entry e)
{
    long old = find(rs, e.path);
    if (old >= 0)
        remove_at(rs, (size_t)old);
    if (rs->count == RESUME_MAX_ENTRIES)
        remove_at(rs, 0);
    if (rs->count == rs->cap) {
        size_t cap = rs->cap ? rs->cap * 2 : 16;
        resume_entry *n = realloc(rs->entries, cap * sizeof *n);
        if (!n) {
            free(e.path);
            return -1;
        }
        rs->entries = n;
        rs->cap = cap;
    }
    rs->entries[rs->count++] = e;
    return 0;
}

static int usable(double position, double duration)
{
    return isfinite(position) && isfinite(duration) && position >= 0.0 && duration >= 0.0;
}

/* "POSITION\tDURATION\tSIZE\tMTIME\tPATH" (NUL-terminated, no line
 * break). Returns 0 and fills *e (path copied), or -1. */
static int parse_line(const char *s, resume_entry *e)
{
    char *end;
    double v[2];
    long long n[2];
    for (int k = 0; k < 2; k++) {
        v[k] = strtod(s, &end);
        if (end == s || *end != '\t')
            return -1;
        s = end + 1;
    }
    for (int k = 0; k < 2; k++) {
        errno = 0;
        n[k] = strtoll(s, &end, 10);
        if (end == s || *end != '\t' || errno != 0)
            return -1;
        s = end + 1;
    }
    if (!usable(v[0], v[1]) || n[0] < 0 || s[0] != '/')
        return -1;
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p < 0x20 && *p != '\t')
            return -1;
    char *path = strdup(s);
    if (!path)
        return -1;
    *e = (resume_entry){path, v[0], v[1], n[0], n[1]};
    return 0;
}

static void parse_text(resume_state *rs, char *text, size_t len)
{
    size_t entries = 0;
    for (size_t p = 0; p < len;) {
        char *nl = memchr(text + p, '\n', len - p);
        if (!nl) {
            rs->bad_lines++; /* cut short: the rest of a line */
            break;
        }
        *nl = '\0';
        char *line = text + p;
        p = (size_t)(nl - text) + 1;
        resume_entry e;
        if (strncmp(line, "wellspring-resume", 17) == 0 && strcmp(line, HEADER) != 0)
            break; /* a later format: not this version's to read */
        if (strcmp(line, HEADER) == 0 || line[0] == '\0')
            continue;
        if (entries == RESUME_MAX_ENTRIES || memchr(line, '\0', (size_t)(nl - line)) ||
            parse_line(line, &e) < 0) {
            rs->bad_lines++;
            continue;
        }
        if (push(rs, e) == 0)
            entries++;
    }
}

int resume_load(resume_state *rs, const char *dir, char *err, size_t errsize)
{
    resume_free(rs);
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, RESUME_FILE);
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (errno == ENOENT)
            return 0;
        snprintf(err, errsize, "%s: cannot read: %s", path, strerror(errno));
        return -1;
    }
    char *text = malloc(RESUME_MAX_BYTES);
    size_t len = text ? fread(text, 1, RESUME_MAX_BYTES, f) : 0;
    int bad = !text || ferror(f);
    fclose(f);
    if (bad) {
        snprintf(err, errsize, "%s: cannot read: %s", path, text ? strerror(errno) : "out of memory");
        free(text);
        return -1;
    }
    parse_text(rs, text, len);
    free(text);
    return 0;
}

double resume_get(const resume_state *rs, const char *narration)
{
    long long size, mtime;
    char *real = identify(narration, &size, &mtime);
    long i = real ? find(rs, real) : -1;
    free(real);
    if (i < 0)
        return 0.0;
    const resume_entry *e = &rs->entries[i];
    if (e->size != size || e->mtime != mtime)
        return 0.0; /* another recording under the same name */
    if (e->duration > 0.0 && e->position > RESUME_DONE_FRACTION * e->duration)
        return 0.0;
    return e->position;
}

int resume_set(resume_state *rs, const char *narration, double position, double duration)
{
    if (isnan(position) || !usable(position > 0.0 ? position : 0.0, duration))
        return -1;
    long long size, mtime;
    char *real = identify(narration, &size, &mtime);
    if (!real)
        return -1;
    if (position <= 0.0 || strchr(real, '\n')) {
        long i = find(rs, real);
        if (i >= 0)
            remove_at(rs, (size_t)i);
        free(real);
        return position <= 0.0 ? 0 : -1;
    }
    return push(rs, (resume_entry){real, position, duration, size, mtime});
}

void resume_clear(resume_state *rs, const char *narration)
{
    resume_set(rs, narration, 0.0, 0.0);
}

/* mkdir -p, mode 0700 for what it makes. */
static int make_dirs(const char *dir)
{
    char path[4200];
    if (!dir[0])
        return (errno = ENOENT), -1;
    if (snprintf(path, sizeof path, "%s", dir) >= (int)sizeof path)
        return (errno = ENAMETOOLONG), -1;
    for (char *p = path + 1;; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char c = *p;
        *p = '\0';
        if (mkdir(path, 0700) != 0 && errno != EEXIST)
            return -1;
        *p = c;
        if (c == '\0')
            break;
    }
    struct stat st;
    if (stat(dir, &st) != 0)
        return -1;
    return S_ISDIR(st.st_mode) ? 0 : ((errno = ENOTDIR), -1);
}

int resume_save(const resume_state *rs, const char *dir, char *err, size_t errsize)
{
    char path[4200], tmp[4216];
    snprintf(path, sizeof path, "%s/%s", dir, RESUME_FILE);
    snprintf(tmp, sizeof tmp, "%s.XXXXXX", path);
    if (make_dirs(dir) != 0) {
        snprintf(err, errsize, "%s: cannot make the folder: %s", dir, strerror(errno));
        return -1;
    }
    int fd = mkstemp(tmp);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!f) {
        snprintf(err, errsize, "%s: cannot write: %s", fd >= 0 ? tmp : dir, strerror(errno));
        if (fd >= 0)
            close(fd), unlink(tmp);
        return -1;
    }
    int bad = fprintf(f, "%s\n", HEADER) < 0;
    for (size_t i = 0; i < rs->count && !bad; i++) {
        const resume_entry *e = &rs->entries[i];
        bad = fprintf(f, "%.3f\t%.3f\t%lld\t%lld\t%s\n", e->position, e->duration, e->size,
                      e->mtime, e->path) < 0;
    }
    bad |= fflush(f) != 0 || fsync(fileno(f)) != 0;
    bad |= fclose(f) != 0;
    if (bad || rename(tmp, path) != 0) {
        snprintf(err, errsize, "%s: cannot write: %s", path, strerror(errno));
        unlink(tmp);
        return -1;
    }
    return 0;
}

void resume_free(resume_state *rs)
{
    for (size_t i = 0; i < rs->count; i++)
        free(rs->entries[i].path);
    free(rs->entries);
    memset(rs, 0, sizeof *rs);
}
