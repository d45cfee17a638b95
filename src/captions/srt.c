/* captions/srt.c: the SubRip (.srt) reader: numbered blocks, timing lines
 * with commas, and the HTML-ish tags editors write. */
#include "captions/parse.h"

/* SRT cue text: only the tags real SRT files use are markup (<i> <b> <u> <s>
 * <font ...> and their end tags, any case), plus ASS overrides such as {\an8};
 * any other '<' is literal text ("<3", "a < b"). */
void srt_markup(parser *p, text_builder *tb)
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

/* H+:MM:SS[,.]f+ with 1-2 digit minutes and seconds, or MM:SS[,.]f+; the
 * fraction is a decimal fraction (",5" is half a second) and is optional. */
int srt_timestamp(const char *s, size_t n, size_t *pos, double *out)
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

/* The reader's place in the file between cues. */
typedef struct {
    line_reader r;
    src_line pending; /* a line read ahead that starts the next cue */
    int has_pending;
    /* A cue number found as the last text line of the previous cue (its
     * blank line missing); copied because the raw buffer is reused. */
    char next_id[32];
    size_t next_id_len;
    int next_id_no, has_next_id;
    int last_stray; /* the last line of text outside a cue */
} srt_reader;

/* The next line: the one read ahead, else the next in the file. */
static int srt_next_line(srt_reader *sr, src_line *l)
{
    if (sr->has_pending) {
        *l = sr->pending;
        sr->has_pending = 0;
        return 1;
    }
    return next_line(&sr->r, l);
}

/* A line without an arrow that starts a cue: the cue number with its
 * timing line next (*id, *timing set; returns 1), or a broken timing line
 * whose cue is skipped, or stray text (one warning a run; returns 0). */
static int srt_find_timing(parser *p, srt_reader *sr, const src_line *l, src_line *id,
                           src_line *timing)
{
    line_reader peek = sr->r;
    src_line next;
    if (next_line(&peek, &next) && contains_arrow(next.s, next.len)) {
        *id = *l; /* the cue number, or whatever stands in its place */
        *timing = next;
        sr->r = peek;
        return 1;
    }
    if (report_broken_arrow(p, l)) {
        /* A timing line with a broken arrow: the cue is lost (an error
         * said so); its text is not "text outside a cue". */
        srt_skip_text(&sr->r, &sr->pending, &sr->has_pending);
    } else if (peek.lineno > sr->r.lineno && report_broken_arrow(p, &next)) {
        sr->r = peek; /* the cue number, then the broken timing line */
        srt_skip_text(&sr->r, &sr->pending, &sr->has_pending);
    } else {
        /* One warning for a run of stray lines, then look at each
         * following line afresh: a cue may start right after. */
        if (l->no != sr->last_stray + 1)
            diag(p, l->no, 1, CAPTIONS_WARNING,
                 "text outside a cue ignored (expected a cue number or a timing line)");
        sr->last_stray = l->no;
    }
    return 0;
}

/* A timing line t inside the cue text: the blank line before it is
 * missing. The text's last line, when it is a number, is that cue's
 * number: it moves from the text to sr->next_id. */
static void srt_missing_blank(parser *p, srt_reader *sr, const src_line *t)
{
    diag(p, t->no, 1, CAPTIONS_WARNING, "missing blank line before this cue");
    size_t at = p->last_line_at, n = p->raw.len - at;
    if (p->raw.len > at && n < sizeof sr->next_id && all_digits(p->raw.buf + at, n)) {
        memcpy(sr->next_id, p->raw.buf + at, n);
        sr->next_id_len = n;
        sr->next_id_no = t->no - 1;
        sr->has_next_id = 1;
        size_t cut = at > 0 ? at - 1 : 0;
        p->raw.len = cut;
        p->raw.buf[cut] = '\0';
    }
    sr->pending = *t;
    sr->has_pending = 1;
}

/* Reads the cue text into the raw buffer. It runs to a blank line; a line
 * that parses as a timing line starts the next cue even without one,
 * taking the number above it. */
static void srt_read_text(parser *p, srt_reader *sr)
{
    raw_reset(p);
    src_line t;
    while (next_line(&sr->r, &t)) {
        if (is_blank(t.s, t.len))
            break;
        double a, b;
        if (contains_arrow(t.s, t.len) && srt_timing(p, &t, &a, &b, 1) == 0) {
            srt_missing_blank(p, sr, &t);
            break;
        }
        raw_add_line(p, &t);
        if (p->failed)
            break;
    }
}

/* Adds the cue read into the raw buffer, its id trimmed and repaired. */
static void srt_add_cue(parser *p, const src_line *id, int line, double start, double end)
{
    size_t idn = id->len > MAX_ID_BYTES ? utf8_truncate(id->s, id->len, MAX_ID_BYTES) : id->len;
    size_t a = 0;
    while (a < idn && is_space(id->s[a]))
        a++;
    size_t m = repair_line(p, id, id->s + a, idn - a);
    while (m > 0 && is_space(p->scratch[m - 1]))
        m--;
    char *idcopy = dup_mem(p->scratch, m);
    if (!idcopy) {
        p->failed = 1;
        return;
    }
    add_cue(p, line, start, end, idcopy, m, NULL, 0);
    free(idcopy);
}

caption_track *captions_parse_srt(const char *name, const char *data, size_t len,
                                  captions_diag *dg)
{
    parser p;
    if (!parser_begin(&p, name, data, len, dg, CAPTIONS_FORMAT_SRT))
        return NULL;
    if (decode_input(&p, &data, &len, 0) < 0)
        return parser_end(&p);
    srt_reader sr = {.r = {data, len, skip_bom(data, len), 0}, .last_stray = -1};
    src_line l;
    while (!p.failed && !p.stopped && srt_next_line(&sr, &l)) {
        if (is_blank(l.s, l.len))
            continue;
        char id_buf[32];
        src_line id = {"", 0, l.no}, timing = l;
        if (sr.has_next_id) {
            memcpy(id_buf, sr.next_id, sr.next_id_len);
            id = (src_line){id_buf, sr.next_id_len, sr.next_id_no};
            sr.has_next_id = 0;
        }
        if (!contains_arrow(l.s, l.len) && !srt_find_timing(&p, &sr, &l, &id, &timing))
            continue;
        double start, end;
        int ok = srt_timing(&p, &timing, &start, &end, 0) == 0;
        srt_read_text(&p, &sr);
        if (ok && !p.failed)
            srt_add_cue(&p, &id, timing.no, start, end);
    }
    return parser_end(&p);
}

/* ======================================================================
 * entry points
 * ==================================================================== */
