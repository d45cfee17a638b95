/* captions/parse.c: what both readers share: lines (LF, CRLF, CR), the
 * parser's state and its diagnostics, decoding the file to UTF-8, building
 * a cue's text with italic runs, and telling a broken arrow from text. */
#include "captions/parse.h"

static char to_lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c; }

int eq_nocase(const char *s, size_t n, const char *w)
{
    if (strlen(w) != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (to_lower(s[i]) != w[i])
            return 0;
    return 1;
}

int contains_arrow(const char *s, size_t n)
{
    for (size_t i = 0; i + 2 < n; i++)
        if (s[i] == '-' && s[i + 1] == '-' && s[i + 2] == '>')
            return 1;
    return 0;
}

int is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!is_space(s[i]))
            return 0;
    return 1;
}

size_t skip_bom(const char *data, size_t len)
{
    if (len >= 3 && (unsigned char)data[0] == 0xEF && (unsigned char)data[1] == 0xBB &&
        (unsigned char)data[2] == 0xBF)
        return 3;
    return 0;
}

/* ======================================================================
 * lines: LF, CRLF and CR all end a line
 * ==================================================================== */

int next_line(line_reader *r, src_line *out)
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

void diag(parser *p, int line, int col, captions_severity sev, const char *fmt, ...)
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
size_t repair_line(parser *p, const src_line *l, const char *s, size_t n)
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
void raw_reset(parser *p)
{
    p->raw.len = 0;
    if (p->raw.buf)
        p->raw.buf[0] = '\0';
    p->raw_cut = 0;
    p->last_line_at = 0;
}

/* Appends one text line (repaired, trailing blanks trimmed) to the raw cue
 * text. Over-long lines are dropped with an error. */
void raw_add_line(parser *p, const src_line *l)
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

void tb_put(text_builder *tb, const char *s, size_t n)
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
size_t put_entity(text_builder *tb, const char *s, size_t n)
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

void tb_sink(void *user, const char *utf8, size_t len, int italic)
{
    text_builder *tb = user;
    tb->italic = italic;
    tb_put(tb, utf8, len);
}

/* Turns the collected raw text into a cue and appends it to the track. */
void add_cue(parser *p, int line, double start, double end, const char *id, size_t id_len,
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

caption_track *parser_begin(parser *p, const char *name, const char *data, size_t len,
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
int decode_input(parser *p, const char **data, size_t *len, int vtt)
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
void parser_abandon(parser *p)
{
    captions_destroy(p->track);
    p->track = NULL;
    free(p->scratch);
    free(p->raw.buf);
    free(p->decoded);
}

caption_track *parser_end(parser *p)
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
int report_broken_arrow(parser *p, const src_line *l)
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

/* A time written either way, for recognising a timing line whose arrow
 * is broken. */
static int any_timestamp(const char *s, size_t n, size_t *i)
{
    double t;
    return srt_timestamp(s, n, i, &t);
}
