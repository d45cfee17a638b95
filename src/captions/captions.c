/* captions/captions.c: caption tracks: reading a file (size limits, encodings),
 * picking its format, diagnostics, and finding the cue at a time. */
#include "captions/captions.h"
#include "captions/parse.h"

char *dup_mem(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (!d)
        return NULL;
    if (n)
        memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

void captions_diag_add(captions_diag *diag, const char *file, int line, int col,
                       captions_severity severity, const char *fmt, ...)
{
    if (!diag)
        return;
    if (severity == CAPTIONS_ERROR)
        diag->errors++;
    else
        diag->warnings++;
    if (diag->count >= CAPTIONS_MAX_DIAGS) {
        diag->dropped++;
        return;
    }
    if (diag->count == diag->cap) {
        size_t ncap = diag->cap ? diag->cap * 2 : 16;
        captions_diag_record *n = realloc(diag->records, ncap * sizeof *n);
        if (!n) {
            diag->dropped++;
            return;
        }
        diag->records = n;
        diag->cap = ncap;
    }
    char msg[513];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    for (char *p = msg; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    if (!file)
        file = "(captions)";
    captions_diag_record *r = &diag->records[diag->count];
    r->file = dup_mem(file, strlen(file));
    r->message = dup_mem(msg, strlen(msg));
    if (!r->file || !r->message) {
        free(r->file);
        free(r->message);
        diag->dropped++;
        return;
    }
    r->line = line;
    r->col = col;
    r->severity = severity;
    diag->count++;
}

static int diag_before(const captions_diag_record *a, const captions_diag_record *b)
{
    int c = strcmp(a->file, b->file);
    if (c)
        return c < 0;
    if (a->line != b->line)
        return a->line < b->line;
    return a->col < b->col;
}

void captions_diag_sort(captions_diag *diag)
{
    if (!diag)
        return;
    /* Insertion sort: stable, and the list is capped at CAPTIONS_MAX_DIAGS
     * and nearly sorted already. */
    for (size_t i = 1; i < diag->count; i++) {
        captions_diag_record r = diag->records[i];
        size_t j = i;
        while (j > 0 && diag_before(&r, &diag->records[j - 1])) {
            diag->records[j] = diag->records[j - 1];
            j--;
        }
        diag->records[j] = r;
    }
}

void captions_diag_print(const captions_diag *diag, FILE *out)
{
    if (!diag || !out)
        return;
    for (size_t i = 0; i < diag->count; i++) {
        const captions_diag_record *r = &diag->records[i];
        const char *sev = r->severity == CAPTIONS_ERROR ? "error" : "warning";
        if (r->line > 0)
            fprintf(out, "%s:%d:%d: %s: %s\n", r->file, r->line, r->col, sev, r->message);
        else
            fprintf(out, "%s: %s: %s\n", r->file, sev, r->message);
    }
    if (diag->dropped)
        fprintf(out, "(%zu more diagnostics not shown)\n", diag->dropped);
}

void captions_diag_free(captions_diag *diag)
{
    if (!diag)
        return;
    for (size_t i = 0; i < diag->count; i++) {
        free(diag->records[i].file);
        free(diag->records[i].message);
    }
    free(diag->records);
    memset(diag, 0, sizeof *diag);
}

/* ======================================================================
 * small helpers
 * ==================================================================== */

static int ends_with_nocase(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && eq_nocase(s + n - k, k, suffix);
}

captions_format captions_detect(const char *name, const char *data, size_t len)
{
    char head[8];
    if (data && text_prefix_utf8(data, len, head, sizeof head) >= 6 &&
        memcmp(head, "WEBVTT", 6) == 0)
        return CAPTIONS_FORMAT_VTT;
    if (name && ends_with_nocase(name, ".vtt"))
        return CAPTIONS_FORMAT_VTT;
    return CAPTIONS_FORMAT_SRT;
}

caption_track *captions_parse(const char *name, const char *data, size_t len,
                              captions_diag *dg)
{
    if (captions_detect(name, data, len) == CAPTIONS_FORMAT_VTT)
        return captions_parse_vtt(name, data, len, dg);
    return captions_parse_srt(name, data, len, dg);
}

caption_track *captions_load(const char *path, captions_diag *dg)
{
    const char *name = path ? path : "(null)";
    FILE *f = path ? fopen(path, "rb") : NULL;
    if (!f) {
        captions_diag_add(dg, name, 0, 0, CAPTIONS_ERROR, "cannot open: %s",
                          path ? strerror(errno) : "no path");
        return NULL;
    }
    /* fopen() succeeds on a directory (and ftell() there reports LONG_MAX),
     * so the kind of file is checked first; the size is trusted only for a
     * regular file, which is refused before reading when it is too large. */
    struct stat st;
    if (fstat(fileno(f), &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            fclose(f);
            captions_diag_add(dg, name, 0, 0, CAPTIONS_ERROR,
                              "is a directory, not a caption file; give a .vtt or .srt file");
            return NULL;
        }
        if (S_ISREG(st.st_mode) && st.st_size > (off_t)CAPTIONS_MAX_FILE_BYTES) {
            fclose(f);
            captions_diag_add(dg, name, 0, 0, CAPTIONS_ERROR,
                              "file is %lld bytes; caption files over %u MiB are refused",
                              (long long)st.st_size, CAPTIONS_MAX_FILE_BYTES / (1024u * 1024u));
            return NULL;
        }
    }
    /* Read in chunks up to one byte past the limit, so pipes work too and a
     * huge stream is refused without reading all of it. */
    size_t cap = 64 * 1024, len = 0;
    char *buf = malloc(cap);
    int too_big = 0, failed = buf == NULL;
    while (!failed) {
        if (len == cap) {
            if (cap > CAPTIONS_MAX_FILE_BYTES) {
                too_big = 1;
                break;
            }
            char *n = realloc(buf, cap * 2);
            if (!n) {
                failed = 1;
                break;
            }
            buf = n;
            cap *= 2;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0)
            break;
    }
    int read_error = ferror(f);
    int err = errno;
    fclose(f);
    caption_track *t = NULL;
    if (failed)
        captions_diag_add(dg, name, 0, 0, CAPTIONS_ERROR, "out of memory reading the file");
    else if (read_error)
        captions_diag_add(dg, name, 0, 0, CAPTIONS_ERROR, "read error: %s", strerror(err));
    else if (too_big || len > CAPTIONS_MAX_FILE_BYTES)
        captions_diag_add(dg, name, 0, 0, CAPTIONS_ERROR,
                          "file is over %u MiB; caption files that large are refused",
                          CAPTIONS_MAX_FILE_BYTES / (1024u * 1024u));
    else
        t = captions_parse(name, buf, len, dg);
    free(buf);
    return t;
}

void captions_destroy(caption_track *track)
{
    if (!track)
        return;
    for (size_t i = 0; i < track->count; i++) {
        free(track->cues[i].id);
        free(track->cues[i].text);
        free(track->cues[i].runs);
    }
    free(track->cues);
    free(track->name);
    free(track);
}

long captions_cue_at(const caption_track *track, double t)
{
    if (!track || track->count == 0)
        return -1;
    size_t lo = 0, hi = track->count; /* first cue with start > t */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (track->cues[mid].start <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i-- > 0;)
        if (t < track->cues[i].end)
            return (long)i;
    return -1;
}

const char *captions_format_name(captions_format format)
{
    switch (format) {
    case CAPTIONS_FORMAT_VTT:
        return "WebVTT";
    case CAPTIONS_FORMAT_SRT:
        return "SRT";
    default:
        return "unknown";
    }
}
