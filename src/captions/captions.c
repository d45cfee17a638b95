#include "captions/captions.h"

#include "captions/text_decode.h"
#include "util/utf8.h"
#include "captions/vtt_text.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Raw cue text (markup included) may be this much longer than the cleaned
 * text before it is cut: tags and entities take room. */
#define RAW_CUE_BYTES (CAPTIONS_MAX_CUE_BYTES * 4u)
#define MAX_ID_BYTES 1024u

/* ======================================================================
 * diagnostics
 * ==================================================================== */

static char *dup_mem(const char *s, size_t n)
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

static int is_digit(char c) { return c >= '0' && c <= '9'; }
/* Blanks inside a line: space, tab and form feed (LF and CR end lines). */
static int is_space(char c) { return c == ' ' || c == '\t' || c == '\f'; }
static char to_lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c; }
static int is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

static int eq_nocase(const char *s, size_t n, const char *w)
{
    if (strlen(w) != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (to_lower(s[i]) != w[i])
            return 0;
    return 1;
}

static int contains_arrow(const char *s, size_t n)
{
    for (size_t i = 0; i + 2 < n; i++)
        if (s[i] == '-' && s[i + 1] == '-' && s[i + 2] == '>')
            return 1;
    return 0;
}

static int is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!is_space(s[i]))
            return 0;
    return 1;
}

static size_t skip_bom(const char *data, size_t len)
{
    if (len >= 3 && (unsigned char)data[0] == 0xEF && (unsigned char)data[1] == 0xBB &&
        (unsigned char)data[2] == 0xBF)
        return 3;
    return 0;
}

/* ======================================================================
 * lines: LF, CRLF and CR all end a line
 * ==================================================================== */

typedef struct {
    const char *data;
    size_t len, pos;
    int lineno;
} line_reader;

typedef struct {
    const char *s;
    size_t len;
    int no;
} src_line;

static int next_line(line_reader *r, src_line *out)
{
    if (r->pos >= r->len)
        return 0;
    size_t i = r->pos;
    while (i < r->len && r->data[i] != '\n' && r->data[i] != '\r')
        i++;
    out->s = r->data + r->pos;
    out->len = i - r->pos;
    out->no = ++r->lineno;
    if (i < r->len) {
        if (r->data[i] == '\r' && i + 1 < r->len && r->data[i + 1] == '\n')
            i += 2;
        else
            i++;
    }
    r->pos = i;
    return 1;
}

/* ======================================================================
 * parser state shared by both formats
 * ==================================================================== */

typedef struct {
    char *buf;
    size_t len, cap;
} strbuf;

typedef struct {
    const char *name;
    captions_diag *diag;
    caption_track *track;
    size_t cap;
    int failed;         /* out of memory: stop */
    int stopped;        /* cue limit reached: stop */
    int warned_order;   /* "not in time order" given */
    size_t bad_utf8;    /* replaced sequences in the whole file */
    int bad_line, bad_col;
    strbuf raw;         /* cue text with markup, lines joined by '\n' */
    int raw_cut;        /* raw text hit RAW_CUE_BYTES */
    size_t last_line_at; /* offset in raw where the last text line starts */
    char *scratch;      /* repaired copy of one line */
    char *decoded;      /* the file as UTF-8, when it was saved otherwise */
    int warned_blank_line; /* WebVTT: "line of only blanks" given */
} parser;

static void diag(parser *p, int line, int col, captions_severity sev, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void diag(parser *p, int line, int col, captions_severity sev, const char *fmt, ...)
{
    if (!p->diag)
        return;
    char msg[513];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    captions_diag_add(p->diag, p->name, line, col, sev, "%s", msg);
}

static int sb_reserve(strbuf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return 0;
    size_t ncap = b->cap ? b->cap : 256;
    while (ncap < b->len + extra + 1)
        ncap *= 2;
    char *n = realloc(b->buf, ncap);
    if (!n)
        return -1;
    b->buf = n;
    b->cap = ncap;
    return 0;
}

static int sb_put(strbuf *b, const char *s, size_t n)
{
    if (sb_reserve(b, n) < 0)
        return -1;
    if (n)
        memcpy(b->buf + b->len, s, n);
    b->len += n;
    b->buf[b->len] = '\0';
    return 0;
}

/* Repairs one source line into p->scratch: ill-formed UTF-8 and NUL become
 * U+FFFD. Remembers the first bad spot for the file's single warning.
 * The caller guarantees n <= CAPTIONS_MAX_LINE_BYTES. */
static size_t repair_line(parser *p, const src_line *l, const char *s, size_t n)
{
    size_t i = 0, o = 0;
    while (i < n) {
        uint32_t cp;
        int ok;
        size_t k = utf8_decode(s + i, n - i, &cp, &ok);
        if (ok && cp != 0) {
            memcpy(p->scratch + o, s + i, k);
            o += k;
        } else {
            if (p->bad_utf8++ == 0) {
                p->bad_line = l->no;
                p->bad_col = (int)(s + i - l->s) + 1;
            }
            o += utf8_encode(UTF8_REPLACEMENT, p->scratch + o);
        }
        i += k;
    }
    p->scratch[o] = '\0';
    return o;
}

/* Starts a new cue's raw text. */
static void raw_reset(parser *p)
{
    p->raw.len = 0;
    if (p->raw.buf)
        p->raw.buf[0] = '\0';
    p->raw_cut = 0;
    p->last_line_at = 0;
}

/* Appends one text line (repaired, trailing blanks trimmed) to the raw cue
 * text. Over-long lines are dropped with an error. */
static void raw_add_line(parser *p, const src_line *l)
{
    if (l->len > CAPTIONS_MAX_LINE_BYTES) {
        diag(p, l->no, 1, CAPTIONS_ERROR, "line is %zu bytes long (limit %u); line dropped",
             l->len, CAPTIONS_MAX_LINE_BYTES);
        return;
    }
    if (p->raw_cut)
        return;
    size_t n = l->len;
    while (n > 0 && is_space(l->s[n - 1]))
        n--;
    size_t m = repair_line(p, l, l->s, n);
    size_t sep = p->raw.len > 0 || p->last_line_at > 0 ? 1 : 0;
    if (p->raw.len + sep + m > RAW_CUE_BYTES) {
        p->raw_cut = 1;
        size_t room = RAW_CUE_BYTES > p->raw.len + sep ? RAW_CUE_BYTES - p->raw.len - sep : 0;
        m = utf8_truncate(p->scratch, m, room);
        if (m == 0)
            return;
    }
    if ((sep && sb_put(&p->raw, "\n", 1) < 0)) {
        p->failed = 1;
        return;
    }
    p->last_line_at = p->raw.len;
    if (sb_put(&p->raw, p->scratch, m) < 0)
        p->failed = 1;
}

/* ---- cleaned cue text with italic runs ------------------------------ */

typedef struct {
    strbuf text;
    caption_run *runs;
    size_t nruns, rcap;
    int italic; /* nesting depth of <i> */
    int cut;
    int failed;
} text_builder;

static void tb_put(text_builder *tb, const char *s, size_t n)
{
    if (tb->cut || tb->failed || n == 0)
        return;
    if (tb->text.len + n > CAPTIONS_MAX_CUE_BYTES) {
        tb->cut = 1;
        n = utf8_truncate(s, n, CAPTIONS_MAX_CUE_BYTES - tb->text.len);
        if (n == 0)
            return;
    }
    size_t at = tb->text.len;
    if (sb_put(&tb->text, s, n) < 0) {
        tb->failed = 1;
        return;
    }
    int it = tb->italic > 0;
    if (tb->nruns > 0 && tb->runs[tb->nruns - 1].italic == it) {
        tb->runs[tb->nruns - 1].length += n;
        return;
    }
    if (tb->nruns == tb->rcap) {
        size_t ncap = tb->rcap ? tb->rcap * 2 : 4;
        caption_run *r = realloc(tb->runs, ncap * sizeof *r);
        if (!r) {
            tb->failed = 1;
            return;
        }
        tb->runs = r;
        tb->rcap = ncap;
    }
    tb->runs[tb->nruns++] = (caption_run){at, n, it};
}

/* Writes the character reference at s (or a literal '&' when there is
 * none) and returns how many bytes it took. Shared by the WebVTT and SRT cue
 * text readers: both read references as HTML does (vtt_text.h). */
static size_t put_entity(text_builder *tb, const char *s, size_t n)
{
    char out[HTML_CHARREF_MAX];
    size_t len, k = html_charref(s, n, out, &len);
    if (k) {
        tb_put(tb, out, len);
        return k;
    }
    tb_put(tb, "&", 1);
    return 1;
}

static void tb_sink(void *user, const char *utf8, size_t len, int italic)
{
    text_builder *tb = user;
    tb->italic = italic;
    tb_put(tb, utf8, len);
}

/* WebVTT cue text, by the spec's tokenizer and tree (vtt_text.h). */
static void vtt_markup(parser *p, int line, text_builder *tb)
{
    int unterminated = 0;
    if (vtt_text_parse(p->raw.buf ? p->raw.buf : "", p->raw.len, tb_sink, tb, &unterminated) < 0)
        tb->failed = 1;
    if (unterminated)
        diag(p, line, 1, CAPTIONS_WARNING,
             "cue text has a '<' without a closing '>'; the rest of the cue is taken as a tag "
             "(write &lt; for a literal '<')");
}

/* SRT cue text: only the tags real SRT files use are markup (<i> <b> <u> <s>
 * <font ...> and their end tags, any case), plus ASS overrides such as {\an8};
 * any other '<' is literal text ("<3", "a < b"). */
static void srt_markup(parser *p, text_builder *tb)
{
    const char *s = p->raw.buf ? p->raw.buf : "";
    size_t n = p->raw.len, i = 0;
    while (i < n && !tb->failed && !tb->cut) {
        char c = s[i];
        if (c == '<') {
            size_t j = i + 1;
            while (j < n && j - i < 512 && s[j] != '>' && s[j] != '\n' && s[j] != '<')
                j++;
            if (j < n && s[j] == '>') {
                const char *t = s + i + 1;
                size_t tn = j - i - 1, k = 0;
                int closing = tn > 0 && t[0] == '/';
                if (closing)
                    k = 1;
                size_t name0 = k;
                while (k < tn && is_alpha(t[k]))
                    k++;
                const char *nm = t + name0;
                size_t nl = k - name0;
                int known = eq_nocase(nm, nl, "i") || eq_nocase(nm, nl, "b") ||
                            eq_nocase(nm, nl, "u") || eq_nocase(nm, nl, "s") ||
                            eq_nocase(nm, nl, "font");
                if (known && (k == tn || is_space(t[k]) || (!closing && t[k] == '/'))) {
                    if (eq_nocase(nm, nl, "i")) {
                        if (closing && tb->italic > 0)
                            tb->italic--;
                        else if (!closing)
                            tb->italic++;
                    }
                    i = j + 1;
                    continue;
                }
            }
            tb_put(tb, "<", 1);
            i++;
        } else if (c == '{' && i + 1 < n && s[i + 1] == '\\') {
            size_t j = i + 2;
            while (j < n && j - i < 256 && s[j] != '}' && s[j] != '\n')
                j++;
            if (j < n && s[j] == '}') {
                i = j + 1;
                continue;
            }
            tb_put(tb, "{", 1);
            i++;
        } else if (c == '&') {
            i += put_entity(tb, s + i, n - i);
        } else {
            size_t j = i + 1; /* s[i] may be a '{' that opens no override */
            while (j < n && s[j] != '<' && s[j] != '&' && s[j] != '{')
                j++;
            tb_put(tb, s + i, j - i);
            i = j;
        }
    }
}

/* Turns the collected raw text into a cue and appends it to the track. */
static void add_cue(parser *p, int line, double start, double end, const char *id, size_t id_len,
                    const caption_settings *settings, int vtt)
{
    if (p->failed || p->stopped)
        return;
    if (p->track->count >= CAPTIONS_MAX_CUES) {
        diag(p, line, 1, CAPTIONS_ERROR, "more than %u cues; the rest of the file is ignored",
             CAPTIONS_MAX_CUES);
        p->stopped = 1;
        return;
    }
    text_builder tb = {0};
    if (vtt)
        vtt_markup(p, line, &tb);
    else
        srt_markup(p, &tb);
    if (tb.failed) {
        free(tb.text.buf);
        free(tb.runs);
        p->failed = 1;
        return;
    }
    if (tb.cut || p->raw_cut)
        diag(p, line, 1, CAPTIONS_WARNING, "cue text is longer than %u bytes; the rest is cut",
             CAPTIONS_MAX_CUE_BYTES);
    if (p->track->count == p->cap) {
        size_t ncap = p->cap ? p->cap * 2 : 64;
        caption_cue *c = realloc(p->track->cues, ncap * sizeof *c);
        if (!c) {
            free(tb.text.buf);
            free(tb.runs);
            p->failed = 1;
            return;
        }
        p->track->cues = c;
        p->cap = ncap;
    }
    caption_cue *cue = &p->track->cues[p->track->count];
    memset(cue, 0, sizeof *cue);
    cue->start = start;
    cue->end = end;
    cue->line = line;
    if (settings)
        cue->settings = *settings;
    if (!cue->settings.has_size)
        cue->settings.size = 100.0;
    cue->id = dup_mem(id ? id : "", id ? id_len : 0);
    cue->text = tb.text.buf ? tb.text.buf : dup_mem("", 0);
    cue->text_len = tb.text.len;
    cue->runs = tb.runs;
    cue->run_count = tb.nruns;
    if (!cue->id || !cue->text) {
        free(cue->id);
        free(cue->text);
        free(cue->runs);
        p->failed = 1;
        return;
    }
    if (p->track->count > 0 && start < p->track->cues[p->track->count - 1].start &&
        !p->warned_order) {
        p->warned_order = 1;
        diag(p, line, 1, CAPTIONS_WARNING,
             "cue starts before the previous cue; cues are sorted by start time");
    }
    p->track->count++;
}

static int cue_order(const void *a, const void *b)
{
    const caption_cue *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return (x->line > y->line) - (x->line < y->line); /* file order: stable */
}

static caption_track *parser_begin(parser *p, const char *name, const char *data, size_t len,
                                   captions_diag *dg, captions_format format)
{
    memset(p, 0, sizeof *p);
    p->name = name ? name : "(captions)";
    p->diag = dg;
    if (len > CAPTIONS_MAX_FILE_BYTES) {
        captions_diag_add(dg, p->name, 0, 0, CAPTIONS_ERROR,
                          "file is %zu bytes; caption files over %u MiB are refused", len,
                          CAPTIONS_MAX_FILE_BYTES / (1024u * 1024u));
        return NULL;
    }
    if (!data && len) {
        captions_diag_add(dg, p->name, 0, 0, CAPTIONS_ERROR, "no data");
        return NULL;
    }
    p->track = calloc(1, sizeof *p->track);
    p->scratch = malloc(utf8_repaired_size(CAPTIONS_MAX_LINE_BYTES));
    if (p->track)
        p->track->name = dup_mem(p->name, strlen(p->name));
    if (!p->track || !p->scratch || !p->track->name) {
        captions_diag_add(dg, p->name, 0, 0, CAPTIONS_ERROR, "out of memory");
        captions_destroy(p->track);
        free(p->scratch);
        p->track = NULL;
        p->scratch = NULL;
        return NULL;
    }
    p->track->format = format;
    return p->track;
}

/* Where data[offset] is, as "line:col" (lines end at LF, CR or CRLF). */
static void position_of(const char *data, size_t offset, int *line, int *col)
{
    int no = 1;
    size_t start = 0;
    for (size_t i = 0; i < offset; i++)
        if (data[i] == '\n' || (data[i] == '\r' && data[i + 1] != '\n')) {
            no++;
            start = i + 1;
        }
    *line = no;
    *col = (int)(offset - start) + 1;
}

/* Files saved as UTF-16, UTF-32 or Windows-1252 are decoded to UTF-8 here
 * (text_decode.h says how the encoding is found); *data and *len then point
 * at the decoded text. Returns -1 when out of memory (p->failed set). */
static int decode_input(parser *p, const char **data, size_t *len, int vtt)
{
    text_guess g = text_detect(*data, *len);
    if (g.encoding == TEXT_ENCODING_UTF8)
        return 0;
    size_t n = 0, bad = 0;
    p->decoded = text_to_utf8(*data, *len, g.encoding, &n, &bad);
    if (!p->decoded) {
        p->failed = 1;
        return -1;
    }
    const char *enc = text_encoding_name(g.encoding);
    if (g.encoding == TEXT_ENCODING_CP1252) {
        int line, col;
        unsigned char b = (unsigned char)(*data)[g.first_bad];
        position_of(*data, g.first_bad, &line, &col);
        diag(p, line, col, CAPTIONS_WARNING,
             "not UTF-8: read as Windows-1252 (byte 0x%02X here is U+%04X); save the file as "
             "UTF-8",
             b, (unsigned)text_cp1252(b));
    } else if (vtt) {
        diag(p, 1, 1, CAPTIONS_WARNING,
             "file is %s; read as such, but WebVTT must be UTF-8 (browsers will not read "
             "it): save it as UTF-8",
             enc);
    }
    if (bad)
        diag(p, 0, 0, CAPTIONS_WARNING, "ill-formed %s (%zu bad unit%s) shown as U+FFFD", enc,
             bad, bad == 1 ? "" : "s");
    *data = p->decoded;
    *len = n;
    return 0;
}

/* Frees what the parser holds and the track: for a file rejected early. */
static void parser_abandon(parser *p)
{
    captions_destroy(p->track);
    p->track = NULL;
    free(p->scratch);
    free(p->raw.buf);
    free(p->decoded);
}

static caption_track *parser_end(parser *p)
{
    caption_track *t = p->track;
    free(p->scratch);
    free(p->raw.buf);
    free(p->decoded);
    if (p->bad_utf8)
        diag(p, p->bad_line, p->bad_col, CAPTIONS_WARNING,
             "invalid UTF-8 (%zu bad sequence%s) shown as U+FFFD; save the file as UTF-8",
             p->bad_utf8, p->bad_utf8 == 1 ? "" : "s");
    if (p->failed) {
        captions_diag_add(p->diag, p->name, 0, 0, CAPTIONS_ERROR, "out of memory");
        captions_destroy(t);
        return NULL;
    }
    if (t->count > 1)
        qsort(t->cues, t->count, sizeof *t->cues, cue_order);
    return t;
}

/* ======================================================================
 * WebVTT
 * ==================================================================== */

/* Reads exactly `want` digits (want == 0: one or more, at most 9). */
static int read_digits(const char *s, size_t n, size_t *pos, size_t want, long *out,
                       size_t *count)
{
    size_t i = *pos, k = 0;
    long v = 0;
    while (i < n && is_digit(s[i]) && k < 10) {
        v = v * 10 + (s[i] - '0');
        i++;
        k++;
    }
    if (k == 0 || (want && k != want) || (!want && k > 9))
        return -1;
    *pos = i;
    *out = v;
    if (count)
        *count = k;
    return 0;
}

/* One cue setting, applied by the spec's rules (vtt_text.h); what the
 * spec silently ignores gets a warning here. */
static void vtt_setting_report(parser *p, const src_line *l, size_t at, const char *s, size_t n,
                               caption_settings *st)
{
    size_t nl;
    int col = (int)at + 1;
    switch (vtt_setting(s, n, st, &nl)) {
    case VTT_SETTING_NOT_NAME_VALUE:
        diag(p, l->no, col, CAPTIONS_WARNING, "cue setting '%.*s' is not name:value; ignored",
             (int)(n > 60 ? 60 : n), s);
        break;
    case VTT_SETTING_UNKNOWN:
        diag(p, l->no, col, CAPTIONS_WARNING, "unknown cue setting '%.*s'; ignored",
             (int)(nl > 40 ? 40 : nl), s);
        break;
    case VTT_SETTING_BAD_VALUE:
        diag(p, l->no, col, CAPTIONS_WARNING, "bad value '%.*s' for cue setting '%.*s'; ignored",
             (int)(n - nl - 1 > 40 ? 40 : n - nl - 1), s + nl + 1, (int)nl, s);
        break;
    default:
        break;
    }
}

/* ---- broken arrows -------------------------------------------------- */

/* Characters someone may type for "-->": hyphens, '=', '>', '~', blanks, and
 * the dashes and arrows word processors substitute (U+2010..U+2015, U+2212,
 * U+2192, U+27F6, U+00A0). Returns the bytes of the one at s, or 0. */
static size_t arrowish(const char *s, size_t n)
{
    unsigned char c = (unsigned char)s[0];
    if (c == '-' || c == '=' || c == '>' || c == '~' || is_space((char)c))
        return 1;
    uint32_t cp;
    int ok;
    size_t k = utf8_decode(s, n, &cp, &ok);
    if (ok && ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212 || cp == 0x2192 ||
               cp == 0x27F6 || cp == 0x00A0))
        return k;
    return 0;
}

static int any_timestamp(const char *s, size_t n, size_t *i);

/* Is l a timing line whose arrow is broken: "[blanks] time ARROW time ..."
 * where ARROW is made of arrowish characters (or nothing) but is not "-->"?
 * Times may be written the WebVTT or the SRT way. *at and *len get the
 * arrow (trimmed; *len 0 when the times have only blanks between them). */
static int broken_arrow(const src_line *l, size_t *at, size_t *len)
{
    const char *s = l->s;
    size_t n = l->len > CAPTIONS_MAX_LINE_BYTES ? 0 : l->len, i = 0;
    while (i < n && is_space(s[i]))
        i++;
    if (any_timestamp(s, n, &i) < 0)
        return 0;
    size_t a = i, k;
    while (i < n && (k = arrowish(s + i, n - i)) > 0)
        i += k;
    size_t b = i;
    if (any_timestamp(s, n, &i) < 0)
        return 0;
    while (a < b && is_space(s[a]))
        a++;
    while (b > a && is_space(s[b - 1]))
        b--;
    if (b - a == 3 && memcmp(s + a, "-->", 3) == 0)
        return 0;
    *at = a;
    *len = b - a;
    return 1;
}

/* Reports l when it is a timing line with a broken arrow (an error: the
 * cue is lost). Returns 1 when it did. */
static int report_broken_arrow(parser *p, const src_line *l)
{
    size_t at, len;
    if (!broken_arrow(l, &at, &len))
        return 0;
    if (len == 0)
        diag(p, l->no, (int)at + 1, CAPTIONS_ERROR,
             "no arrow between the start and end times: did you mean \"-->\"? cue dropped");
    else
        diag(p, l->no, (int)at + 1, CAPTIONS_ERROR,
             "broken arrow \"%.*s\" between the start and end times: did you mean \"-->\"? "
             "cue dropped",
             (int)(len > 20 ? 20 : len), l->s + at);
    return 1;
}

/* Parses "start --> end [settings]" by the spec's "collect WebVTT cue
 * timings and settings". Returns 0, or -1 after an error diag. */
static int vtt_timing(parser *p, const src_line *l, double *start, double *end,
                      caption_settings *st)
{
    const char *s = l->s;
    size_t n = l->len, i = 0;
    if (n > CAPTIONS_MAX_LINE_BYTES) {
        diag(p, l->no, 1, CAPTIONS_ERROR, "timing line is %zu bytes long (limit %u); cue dropped",
             n, CAPTIONS_MAX_LINE_BYTES);
        return -1;
    }
    if (report_broken_arrow(p, l))
        return -1;
    while (i < n && is_space(s[i]))
        i++;
    if (vtt_timestamp(s, n, &i, start) < 0) {
        diag(p, l->no, (int)i + 1, CAPTIONS_ERROR,
             "bad start time: expected [hh:]mm:ss.ttt (like 00:01.500); cue dropped");
        return -1;
    }
    while (i < n && is_space(s[i]))
        i++;
    if (i + 3 > n || memcmp(s + i, "-->", 3) != 0) {
        diag(p, l->no, (int)i + 1, CAPTIONS_ERROR,
             "expected \"-->\" between the start and end times; cue dropped");
        return -1;
    }
    i += 3;
    while (i < n && is_space(s[i]))
        i++;
    if (vtt_timestamp(s, n, &i, end) < 0) {
        diag(p, l->no, (int)i + 1, CAPTIONS_ERROR,
             "bad end time: expected [hh:]mm:ss.ttt (like 00:04.000); cue dropped");
        return -1;
    }
    memset(st, 0, sizeof *st);
    while (i < n) {
        while (i < n && is_space(s[i]))
            i++;
        size_t j = i;
        while (j < n && !is_space(s[j]))
            j++;
        if (j > i)
            vtt_setting_report(p, l, i, s + i, j - i, st);
        i = j;
    }
    if (!(*end > *start)) {
        diag(p, l->no, 1, CAPTIONS_ERROR,
             "cue ends at %.3fs, not after its start at %.3fs; cue dropped", *end, *start);
        return -1;
    }
    return 0;
}

/* "NOTE", "STYLE", "REGION" followed by a blank or the end of the line. */
static int block_keyword(const src_line *l, const char *kw)
{
    size_t k = strlen(kw);
    return l->len >= k && memcmp(l->s, kw, k) == 0 && (l->len == k || is_space(l->s[k]));
}

/* One block of the spec's "collect a WebVTT block" (after the header). */
typedef struct {
    int lines;          /* lines read */
    int seen_arrow;     /* a timing line was found in its place */
    int cue_ok;         /* ... and parsed */
    src_line first, second; /* the first two lines, when they are not timing lines */
    src_line id, timing;
    double start, end;
    caption_settings st;
} vtt_block;

/* Reads lines up to an empty line (a line of blanks is not one: it is text,
 * and gets one warning per file). A line with "-->" is the timing line when
 * it is the first line, or the second after an identifier; anywhere else it
 * starts the next block, and the reader is left on it. */
static void vtt_read_block(parser *p, line_reader *r, vtt_block *b)
{
    memset(b, 0, sizeof *b);
    raw_reset(p);
    src_line l;
    line_reader before = *r;
    while (!p->failed && next_line(r, &l) && l.len > 0) {
        b->lines++;
        if (contains_arrow(l.s, l.len)) {
            if (b->lines == 1 || (b->lines == 2 && !b->seen_arrow)) {
                b->seen_arrow = 1;
                b->id = b->lines == 2 ? b->first : (src_line){"", 0, l.no};
                b->timing = l;
                b->cue_ok = vtt_timing(p, &l, &b->start, &b->end, &b->st) == 0;
                before = *r;
                continue;
            }
            diag(p, l.no, 1, CAPTIONS_WARNING, "missing blank line before this cue");
            *r = before;
            return;
        }
        if (is_blank(l.s, l.len) && !p->warned_blank_line) {
            p->warned_blank_line = 1;
            diag(p, l.no, 1, CAPTIONS_WARNING,
                 "line of only blanks: WebVTT ends a cue only at an empty line, so this line "
                 "is part of the cue");
        }
        if (b->lines == 1)
            b->first = l;
        else if (b->lines == 2 && !b->seen_arrow)
            b->second = l;
        if (b->seen_arrow && b->cue_ok)
            raw_add_line(p, &l);
        before = *r;
    }
}

/* A block without a timing line: NOTE, STYLE and REGION blocks are meant
 * so; a timing line with a broken arrow is an error; other text a warning. */
static void vtt_report_block(parser *p, const vtt_block *b)
{
    if (block_keyword(&b->first, "NOTE") || block_keyword(&b->first, "STYLE") ||
        block_keyword(&b->first, "REGION") || is_blank(b->first.s, b->first.len))
        return;
    if (report_broken_arrow(p, &b->first) || (b->lines >= 2 && report_broken_arrow(p, &b->second)))
        return;
    diag(p, b->first.no, 1, CAPTIONS_WARNING,
         "text without a cue timing line ('00:01.000 --> 00:04.000') ignored");
}

static void vtt_add_block_cue(parser *p, const vtt_block *b)
{
    const src_line *id = &b->id;
    size_t idn = id->len > MAX_ID_BYTES ? utf8_truncate(id->s, id->len, MAX_ID_BYTES) : id->len;
    size_t m = repair_line(p, id, id->s, idn);
    char *idcopy = dup_mem(p->scratch, m);
    if (!idcopy) {
        p->failed = 1;
        return;
    }
    add_cue(p, b->timing.no, b->start, b->end, idcopy, m, &b->st, 1);
    free(idcopy);
}

/* The header line: "WEBVTT" alone or followed by a space or a tab (the spec
 * allows no other character there, form feed included). */
static int vtt_header_ok(const src_line *l)
{
    return l->len >= 6 && memcmp(l->s, "WEBVTT", 6) == 0 &&
           (l->len == 6 || l->s[6] == ' ' || l->s[6] == '\t');
}

caption_track *captions_parse_vtt(const char *name, const char *data, size_t len,
                                  captions_diag *dg)
{
    parser p;
    if (!parser_begin(&p, name, data, len, dg, CAPTIONS_FORMAT_VTT))
        return NULL;
    if (decode_input(&p, &data, &len, 1) < 0)
        return parser_end(&p);
    line_reader r = {data, len, skip_bom(data, len), 0};
    src_line l;
    if (!next_line(&r, &l) || !vtt_header_ok(&l)) {
        diag(&p, 1, 1, CAPTIONS_ERROR,
             "not a WebVTT file: the first line must be 'WEBVTT' (an SRT file should be "
             "named .srt)");
        p.failed = 0;
        parser_abandon(&p);
        return NULL;
    }
    /* Header lines up to the first empty line are ignored; a timing line
     * there starts the first cue. */
    line_reader before = r;
    while (next_line(&r, &l) && l.len > 0) {
        if (contains_arrow(l.s, l.len)) {
            diag(&p, l.no, 1, CAPTIONS_WARNING, "missing blank line after the WEBVTT header");
            r = before;
            break;
        }
        before = r;
    }
    vtt_block b;
    while (!p.failed && !p.stopped && r.pos < r.len) {
        vtt_read_block(&p, &r, &b);
        if (b.seen_arrow && b.cue_ok)
            vtt_add_block_cue(&p, &b);
        else if (!b.seen_arrow && b.lines > 0)
            vtt_report_block(&p, &b);
    }
    return parser_end(&p);
}

/* ======================================================================
 * SRT
 * ==================================================================== */

/* H+:MM:SS[,.]f+ with 1-2 digit minutes and seconds, or MM:SS[,.]f+; the
 * fraction is a decimal fraction (",5" is half a second) and is optional. */
static int srt_timestamp(const char *s, size_t n, size_t *pos, double *out)
{
    size_t i = *pos, count;
    long f[3];
    int nf = 0;
    for (;;) {
        if (read_digits(s, n, &i, 0, &f[nf], &count) < 0)
            goto fail;
        if (nf > 0 && count > 2)
            goto fail;
        nf++;
        if (nf < 3 && i < n && s[i] == ':') {
            i++;
            continue;
        }
        break;
    }
    if (nf < 2)
        goto fail;
    double frac = 0.0;
    if (i < n && (s[i] == ',' || s[i] == '.')) {
        i++;
        double scale = 0.1;
        int digits = 0;
        while (i < n && is_digit(s[i])) {
            frac += (s[i] - '0') * scale;
            scale *= 0.1;
            i++;
            digits++;
        }
        if (!digits)
            goto fail;
    }
    double h = nf == 3 ? (double)f[0] : 0.0;
    long m = f[nf - 2], sec = f[nf - 1];
    if (m > 59 || sec > 59)
        goto fail;
    *out = h * 3600.0 + (double)m * 60.0 + (double)sec + frac;
    *pos = i;
    return 0;
fail:
    *pos = i;
    return -1;
}

/* A time written either way, for recognising a timing line whose arrow
 * is broken. */
static int any_timestamp(const char *s, size_t n, size_t *i)
{
    double t;
    return srt_timestamp(s, n, i, &t);
}

static int srt_timing(parser *p, const src_line *l, double *start, double *end, int quiet)
{
    const char *s = l->s;
    size_t n = l->len, i = 0;
    if (n > CAPTIONS_MAX_LINE_BYTES) {
        if (!quiet)
            diag(p, l->no, 1, CAPTIONS_ERROR,
                 "timing line is %zu bytes long (limit %u); cue dropped", n,
                 CAPTIONS_MAX_LINE_BYTES);
        return -1;
    }
    if (!quiet && report_broken_arrow(p, l))
        return -1;
    while (i < n && is_space(s[i]))
        i++;
    if (srt_timestamp(s, n, &i, start) < 0) {
        if (!quiet)
            diag(p, l->no, (int)i + 1, CAPTIONS_ERROR,
                 "bad start time: expected hh:mm:ss,mmm (like 00:00:01,500); cue dropped");
        return -1;
    }
    while (i < n && is_space(s[i]))
        i++;
    if (i + 3 > n || memcmp(s + i, "-->", 3) != 0) {
        if (!quiet)
            diag(p, l->no, (int)i + 1, CAPTIONS_ERROR,
                 "expected '-->' between the start and end times; cue dropped");
        return -1;
    }
    i += 3;
    while (i < n && is_space(s[i]))
        i++;
    if (srt_timestamp(s, n, &i, end) < 0) {
        if (!quiet)
            diag(p, l->no, (int)i + 1, CAPTIONS_ERROR,
                 "bad end time: expected hh:mm:ss,mmm (like 00:00:04,000); cue dropped");
        return -1;
    }
    /* Whatever follows (X1:... Y2:... box coordinates) is ignored. */
    if (!(*end > *start)) {
        if (!quiet)
            diag(p, l->no, 1, CAPTIONS_ERROR,
                 "cue ends at %.3fs, not after its start at %.3fs; cue dropped", *end, *start);
        return -1;
    }
    return 0;
}

/* Skips the text of a cue that was dropped: up to a blank line, or up to a
 * line with "-->" (left in *pending). */
static void srt_skip_text(line_reader *r, src_line *pending, int *has_pending)
{
    src_line t;
    while (next_line(r, &t) && !is_blank(t.s, t.len)) {
        if (contains_arrow(t.s, t.len)) {
            *pending = t;
            *has_pending = 1;
            return;
        }
    }
}

static int all_digits(const char *s, size_t n)
{
    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!is_digit(s[i]))
            return 0;
    return 1;
}

caption_track *captions_parse_srt(const char *name, const char *data, size_t len,
                                  captions_diag *dg)
{
    parser p;
    if (!parser_begin(&p, name, data, len, dg, CAPTIONS_FORMAT_SRT))
        return NULL;
    if (decode_input(&p, &data, &len, 0) < 0)
        return parser_end(&p);
    line_reader r = {data, len, skip_bom(data, len), 0};
    src_line l, pending;
    int has_pending = 0;
    /* A cue number found as the last text line of the previous cue (its
     * blank line missing); copied because the raw buffer is reused. */
    char next_id[32];
    size_t next_id_len = 0;
    int next_id_no = 0, has_next_id = 0;
    int last_stray = -1;
    while (!p.failed && !p.stopped) {
        if (has_pending) {
            l = pending;
            has_pending = 0;
        } else if (!next_line(&r, &l)) {
            break;
        }
        if (is_blank(l.s, l.len))
            continue;
        char id_buf[32];
        src_line id = {"", 0, l.no}, timing = l;
        if (has_next_id) {
            memcpy(id_buf, next_id, next_id_len);
            id = (src_line){id_buf, next_id_len, next_id_no};
            has_next_id = 0;
        }
        if (!contains_arrow(l.s, l.len)) {
            line_reader peek = r;
            src_line next;
            if (next_line(&peek, &next) && contains_arrow(next.s, next.len)) {
                id = l; /* the cue number, or whatever stands in its place */
                timing = next;
                r = peek;
            } else if (report_broken_arrow(&p, &l)) {
                /* A timing line with a broken arrow: the cue is lost (an
                 * error said so); its text is not "text outside a cue". */
                srt_skip_text(&r, &pending, &has_pending);
                continue;
            } else if (peek.lineno > r.lineno && report_broken_arrow(&p, &next)) {
                r = peek; /* the cue number, then the broken timing line */
                srt_skip_text(&r, &pending, &has_pending);
                continue;
            } else {
                /* One warning for a run of stray lines, then look at each
                 * following line afresh: a cue may start right after. */
                if (l.no != last_stray + 1)
                    diag(&p, l.no, 1, CAPTIONS_WARNING,
                         "text outside a cue ignored (expected a cue number or a timing line)");
                last_stray = l.no;
                continue;
            }
        }
        double start, end;
        int ok = srt_timing(&p, &timing, &start, &end, 0) == 0;
        /* Cue text runs to a blank line; a line that parses as a timing line
         * starts the next cue even without one, taking the number above it. */
        raw_reset(&p);
        src_line t;
        while (next_line(&r, &t)) {
            if (is_blank(t.s, t.len))
                break;
            double a, b;
            if (contains_arrow(t.s, t.len) && srt_timing(&p, &t, &a, &b, 1) == 0) {
                diag(&p, t.no, 1, CAPTIONS_WARNING, "missing blank line before this cue");
                size_t at = p.last_line_at, n = p.raw.len - at;
                if (p.raw.len > at && n < sizeof next_id && all_digits(p.raw.buf + at, n)) {
                    memcpy(next_id, p.raw.buf + at, n);
                    next_id_len = n;
                    next_id_no = t.no - 1;
                    has_next_id = 1;
                    size_t cut = at > 0 ? at - 1 : 0;
                    p.raw.len = cut;
                    p.raw.buf[cut] = '\0';
                }
                pending = t;
                has_pending = 1;
                break;
            }
            raw_add_line(&p, &t);
            if (p.failed)
                break;
        }
        if (!ok || p.failed)
            continue;
        size_t idn = id.len > MAX_ID_BYTES ? utf8_truncate(id.s, id.len, MAX_ID_BYTES) : id.len;
        size_t a = 0;
        while (a < idn && is_space(id.s[a]))
            a++;
        size_t m = repair_line(&p, &id, id.s + a, idn - a);
        while (m > 0 && is_space(p.scratch[m - 1]))
            m--;
        char *idcopy = dup_mem(p.scratch, m);
        if (!idcopy) {
            p.failed = 1;
            break;
        }
        add_cue(&p, timing.no, start, end, idcopy, m, NULL, 0);
        free(idcopy);
    }
    return parser_end(&p);
}

/* ======================================================================
 * entry points
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
