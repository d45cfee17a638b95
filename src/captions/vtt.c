/* captions/vtt.c: the WebVTT reader, following the W3C parsing rules
 * (header, blocks, timing lines and cue settings; cue text in vtt_text.c). */
#include "captions/parse.h"

/* WebVTT cue text, by the spec's tokenizer and tree (vtt_text.h). */
void vtt_markup(parser *p, int line, text_builder *tb)
{
    int unterminated = 0;
    if (vtt_text_parse(p->raw.buf ? p->raw.buf : "", p->raw.len, tb_sink, tb, &unterminated) < 0)
        tb->failed = 1;
    if (unterminated)
        diag(p, line, 1, CAPTIONS_WARNING,
             "cue text has a '<' without a closing '>'; the rest of the cue is taken as a tag "
             "(write &lt; for a literal '<')");
}

/* Reads exactly `want` digits (want == 0: one or more, at most 9). */
int read_digits(const char *s, size_t n, size_t *pos, size_t want, long *out,
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
