/* The library's sources: narrations, folders and playlists made entries
 * (library.h says the rules). */
#define _XOPEN_SOURCE 700 /* realpath */

#include "library/library.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "library/playlist.h"
#include "session/session.h"

/* A folder or playlist read; open while its entries are being added. */
struct library_source {
    char *real;
    int open;
};

static void warn(library *lib, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void warn(library *lib, const char *fmt, ...)
{
    char line[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    char *copy = lib->warning_count < LIBRARY_MAX_WARNINGS ? strdup(line) : NULL;
    if (copy)
        lib->warnings[lib->warning_count++] = copy;
    else
        lib->warnings_dropped++;
}

/* "where: " before a message about path, where says which playlist line
 * named it (or nothing for a source given directly). */
typedef struct {
    const char *where; /* "list.m3u:4", or NULL */
    int depth;         /* playlists open around this path */
    const char *title; /* #EXTINF's, or "" */
    double duration;
} origin;

#define STR_(x) #x
#define STR(x) STR_(x)

#define AT(o) (o)->where ? (o)->where : "", (o)->where ? ": " : ""

/* Why a library takes no more (library.full's bits). */
enum { FULL_ENTRIES = 1, FULL_CHECKS = 2 };

/* Counts one more path to check; 1 (warned once) when the budget of
 * LIBRARY_MAX_CHECKS is spent, so a playlist of 100,000 lines naming the
 * same file costs a bounded time. */
static int over_budget(library *lib, const char *path, const origin *o)
{
    if (++lib->checked <= LIBRARY_MAX_CHECKS)
        return 0;
    if (!(lib->full & FULL_CHECKS))
        warn(lib, "%s%s%s: more than %d paths in playlists and folders; this one and the rest "
             "are skipped", AT(o), path, LIBRARY_MAX_CHECKS);
    lib->full |= FULL_CHECKS;
    return 1;
}

/* The real path of path, or a copy of path when it has none (a race). */
static char *real_of(const char *path)
{
    char *r = realpath(path, NULL);
    return r ? r : strdup(path);
}

static int push_entry(library *lib, const char *path, const origin *o, unsigned flags)
{
    char *real = real_of(path);
    if (!real)
        return -1;
    for (size_t i = 0; i < lib->count; i++)
        if (strcmp(lib->entries[i].real, real) == 0) {
            free(real);
            return 0;
        }
    if (lib->count >= LIBRARY_MAX_ENTRIES && !(flags & LIBRARY_ENTRY_DEFAULT)) {
        if (!(lib->full & FULL_ENTRIES))
            warn(lib, "%s%s%s: more than %d sessions; this one and the rest are skipped", AT(o),
                 path, LIBRARY_MAX_ENTRIES);
        lib->full |= FULL_ENTRIES;
        free(real);
        return 0;
    }
    if (lib->count == lib->cap) {
        size_t cap = lib->cap ? lib->cap * 2 : 16;
        library_entry *e = realloc(lib->entries, cap * sizeof *e);
        if (!e) {
            free(real);
            return -1;
        }
        lib->entries = e;
        lib->cap = cap;
    }
    char title[LIBRARY_TITLE_MAX], desc[LIBRARY_DESCRIPTION_MAX];
    if (o->title && o->title[0])
        flags |= LIBRARY_ENTRY_PLAYLIST_TITLE;
    if (!(flags & (LIBRARY_ENTRY_PLAYLIST_TITLE | LIBRARY_ENTRY_DEFAULT)))
        library_title_from_name(path, title, sizeof title);
    else
        playlist_clean_text(o->title, strlen(o->title), title, sizeof title);
    library_describe(path, desc, sizeof desc);
    library_entry e = {strdup(path), real, strdup(title), strdup(desc), o->duration, flags};
    if (!e.path || !e.title || !e.description) {
        free(e.path), free(e.real), free(e.title), free(e.description);
        return -1;
    }
    lib->entries[lib->count++] = e;
    return 1;
}

/* Marks a folder or playlist as being read. 1: go on (call leave_source
 * after); 0: read before, nothing to add; -1: skip it (warned). */
static int enter_source(library *lib, const char *path, const origin *o)
{
    char *real = real_of(path);
    if (!real)
        return -1;
    for (size_t i = 0; i < lib->source_count; i++) {
        if (strcmp(lib->sources[i].real, real) != 0)
            continue;
        free(real);
        if (!lib->sources[i].open)
            return 0;
        warn(lib, "%s%s%s: includes itself; skipped", AT(o), path);
        return -1;
    }
    const char *why = o->depth > LIBRARY_MAX_DEPTH
                          ? "playlists nested deeper than " STR(LIBRARY_MAX_DEPTH)
                      : lib->source_count == LIBRARY_MAX_SOURCES
                          ? "past the " STR(LIBRARY_MAX_SOURCES) " folders and playlists a library reads"
                          : NULL;
    struct library_source *s =
        why ? NULL : realloc(lib->sources, (lib->source_count + 1) * sizeof *s);
    if (!s) {
        warn(lib, "%s%s%s: %s; skipped", AT(o), path, why ? why : "out of memory");
        free(real);
        return -1;
    }
    lib->sources = s;
    lib->sources[lib->source_count++] = (struct library_source){real, 1};
    return 1;
}

static void leave_source(library *lib, const char *path)
{
    char *real = real_of(path);
    for (size_t i = 0; real && i < lib->source_count; i++)
        if (strcmp(lib->sources[i].real, real) == 0)
            lib->sources[i].open = 0;
    free(real);
}

/* ---- folders ------------------------------------------------------------ */

static int is_narration_name(const char *name)
{
    size_t n, len = strlen(name);
    const char *const *exts = session_audio_exts(&n);
    if (name[0] == '.')
        return 0; /* hidden, and macOS's "._NAME.mp3" resource forks */
    for (size_t i = 0; i < n; i++) {
        size_t e = strlen(exts[i]);
        if (len > e && strcasecmp(name + len - e, exts[i]) == 0)
            return 1;
    }
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return library_natural_compare(*(char *const *)a, *(char *const *)b);
}

/* The narrations' names in dir, sorted; NULL with a warning when the
 * folder cannot be read. */
static char **folder_names(library *lib, const char *dir, const origin *o, size_t *count)
{
    DIR *d = opendir(dir);
    if (!d) {
        warn(lib, "%s%s%s: cannot read the folder: %s; skipped", AT(o), dir, strerror(errno));
        return NULL;
    }
    char **names = calloc(LIBRARY_MAX_ENTRIES, sizeof *names);
    size_t n = 0;
    struct dirent *de;
    while (names && (de = readdir(d)) != NULL) {
        if (!is_narration_name(de->d_name))
            continue;
        if (n == LIBRARY_MAX_ENTRIES) {
            warn(lib, "%s%s%s: more than %d narrations; only some are listed", AT(o), dir,
                 LIBRARY_MAX_ENTRIES);
            break;
        }
        if ((names[n] = strdup(de->d_name)) != NULL)
            n++;
    }
    closedir(d);
    if (!names)
        warn(lib, "%s%s%s: out of memory; skipped", AT(o), dir);
    else
        qsort(names, n, sizeof *names, by_name);
    *count = n;
    return names;
}

/* One narration of a folder: 1 when it became an entry. */
static int add_member(library *lib, const char *dir, const char *name, const origin *o)
{
    char path[SESSION_PATH_MAX];
    if (playlist_join(dir, name, path, sizeof path) < 0) {
        warn(lib, "%s%s%s/%s: the path is too long; skipped", AT(o), dir, name);
        return 0;
    }
    if (over_budget(lib, path, o))
        return 0;
    session_file_kind kind = session_sniff(path);
    if (kind != SESSION_FILE_AUDIO) {
        warn(lib, "%s%s%s: %s, not a narration; skipped", AT(o), path,
             session_file_kind_name(kind));
        return 0;
    }
    origin member = {o->where, o->depth, "", 0.0};
    return push_entry(lib, path, &member, 0) > 0;
}

static int add_folder(library *lib, const char *dir, const origin *o)
{
    size_t n = 0;
    char **names = folder_names(lib, dir, o, &n);
    if (!names)
        return -1;
    int added = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(lib->full & FULL_CHECKS))
            added += add_member(lib, dir, names[i], o);
        free(names[i]);
    }
    free(names);
    if (n == 0)
        warn(lib, "%s%s%s: no narrations in the folder (Wellspring plays .ogg, .opus, .mp3, "
             ".flac and .wav files)", AT(o), dir);
    return added;
}

/* ---- playlists ---------------------------------------------------------- */

static int add_path(library *lib, const char *path, const origin *o);

typedef struct {
    library *lib;
    const char *file;
    int depth;
    int added;
} playlist_walk;

static int on_item(void *user, const playlist_item *it)
{
    playlist_walk *w = user;
    char where[SESSION_PATH_MAX + 16];
    snprintf(where, sizeof where, "%s:%d", w->file, it->line);
    origin o = {where, w->depth + 1, it->title, it->duration};
    int n = add_path(w->lib, it->path, &o);
    w->added += n > 0 ? n : 0;
    return w->lib->full;
}

static void on_warning(void *user, int line, const char *message)
{
    playlist_walk *w = user;
    if (line > 0)
        warn(w->lib, "%s:%d: %s", w->file, line, message);
    else
        warn(w->lib, "%s: %s", w->file, message);
}

/* The whole file, or NULL with a warning. */
static char *read_playlist(library *lib, const char *path, const origin *o, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        warn(lib, "%s%s%s: cannot read the playlist: %s; skipped", AT(o), path, strerror(errno));
        return NULL;
    }
    struct stat st;
    char *buf = NULL;
    if (fstat(fileno(f), &st) == 0 && st.st_size > (off_t)PLAYLIST_MAX_BYTES)
        warn(lib, "%s%s%s: larger than %u MB; not read as a playlist", AT(o), path,
             PLAYLIST_MAX_BYTES >> 20);
    else if (!(buf = malloc(PLAYLIST_MAX_BYTES + 1)))
        warn(lib, "%s%s%s: out of memory; skipped", AT(o), path);
    else if ((*len = fread(buf, 1, PLAYLIST_MAX_BYTES + 1, f)), ferror(f)) {
        warn(lib, "%s%s%s: cannot read the playlist: %s; skipped", AT(o), path, strerror(errno));
        free(buf);
        buf = NULL;
    }
    fclose(f);
    return buf;
}

static int add_playlist(library *lib, const char *path, const origin *o)
{
    size_t len = 0;
    char *buf = read_playlist(lib, path, o, &len);
    if (!buf)
        return -1;
    char dir[SESSION_PATH_MAX];
    const char *slash = strrchr(path, '/');
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path + 1) : 0, path);
    playlist_walk w = {lib, path, o->depth, 0};
    playlist_sink sink = {on_item, on_warning, &w};
    long n = playlist_parse(buf, len, dir, &sink);
    free(buf);
    if (n == 0)
        warn(lib, "%s%s%s: a playlist with no entries", AT(o), path);
    return n < 0 ? -1 : w.added;
}

/* ---- any path ----------------------------------------------------------- */

static int add_path(library *lib, const char *path, const origin *o)
{
    if (o->where && over_budget(lib, path, o))
        return -1;
    session_file_kind kind = session_sniff(path);
    if (kind == SESSION_FILE_AUDIO)
        return push_entry(lib, path, o, 0);
    if (kind == SESSION_FILE_CAPTIONS) {
        /* The narration beside the captions, or the captions alone. */
        session_files *s = malloc(sizeof *s);
        char err[256];
        session_query q = {.file = path};
        int rc = -1;
        if (!s)
            warn(lib, "%s%s%s: out of memory; skipped", AT(o), path);
        else if (session_resolve(&q, s, err, sizeof err) < 0)
            warn(lib, "%s%s%s; skipped", AT(o), err);
        else
            rc = push_entry(lib, s->audio[0] ? s->audio : path, o, 0);
        free(s);
        return rc;
    }
    if (kind == SESSION_FILE_FOLDER || kind == SESSION_FILE_PLAYLIST) {
        int r = enter_source(lib, path, o);
        if (r <= 0)
            return r;
        r = kind == SESSION_FILE_FOLDER ? add_folder(lib, path, o) : add_playlist(lib, path, o);
        leave_source(lib, path);
        return r;
    }
    if (kind == SESSION_FILE_MISSING)
        warn(lib, "%s%s%s: no such file; skipped", AT(o), path);
    else
        warn(lib, "%s%s%s: %s, not a narration, folder or playlist; skipped", AT(o), path,
             session_file_kind_name(kind));
    return -1;
}

int library_add(library *lib, const char *path)
{
    origin o = {NULL, 0, "", 0.0};
    size_t before = lib->count;
    int r = add_path(lib, path, &o);
    return r < 0 && lib->count == before ? -1 : (int)(lib->count - before);
}

int library_add_default(library *lib, const char *path, const char *title)
{
    if (session_sniff(path) != SESSION_FILE_AUDIO) {
        warn(lib, "%s: the default session's narration is missing or unusable; skipped", path);
        return -1;
    }
    origin o = {NULL, 0, title && title[0] ? title : LIBRARY_DEFAULT_TITLE, 0.0};
    return push_entry(lib, path, &o, LIBRARY_ENTRY_DEFAULT);
}

void library_free(library *lib)
{
    for (size_t i = 0; i < lib->count; i++) {
        library_entry *e = &lib->entries[i];
        free(e->path), free(e->real), free(e->title), free(e->description);
    }
    for (size_t i = 0; i < lib->warning_count; i++)
        free(lib->warnings[i]);
    for (size_t i = 0; i < lib->source_count; i++)
        free(lib->sources[i].real);
    free(lib->entries);
    free(lib->sources);
    memset(lib, 0, sizeof *lib);
}

/* ---- what the caller learns later ---------------------------------------- */

static int replace(char **field, const char *text)
{
    char *copy = strdup(text);
    if (!copy)
        return -1;
    free(*field);
    *field = copy;
    return 1;
}

int library_set_title(library *lib, size_t i, const char *title)
{
    if (i >= lib->count || !title)
        return -1;
    library_entry *e = &lib->entries[i];
    char clean[LIBRARY_TITLE_MAX];
    if ((e->flags & LIBRARY_ENTRY_PLAYLIST_TITLE) ||
        playlist_clean_text(title, strlen(title), clean, sizeof clean) == 0)
        return 0;
    int r = replace(&e->title, clean);
    if (r > 0)
        e->flags |= LIBRARY_ENTRY_TAG_TITLE;
    return r;
}

int library_set_description(library *lib, size_t i, const char *text)
{
    if (i >= lib->count || !text)
        return -1;
    char clean[LIBRARY_DESCRIPTION_MAX];
    if (library_describe_text(text, strlen(text), clean, sizeof clean) == 0)
        return 0;
    return replace(&lib->entries[i].description, clean);
}
