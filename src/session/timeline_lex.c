/* session/timeline_lex.c: the .timeline lexer: a line as tokens, numbers,
 * colours, phase names, times (absolute or PHASE+OFFSET, with did-you-mean
 * for an unknown phase) and tokens quoted in messages. The parser that
 * drives it is timeline_parse.c. */
#include "session/timeline.h"
#include "session/timeline_internal.h"

tl_quoted tl_quote(const char *s)
{
    tl_quoted q;
    size_t i = 0;
    for (; s[i] && i < 40; i++) {
        unsigned char c = (unsigned char)s[i];
        q.s[i] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
    }
    if (s[i]) {
        memcpy(q.s + i, "...", 4);
    } else {
        q.s[i] = '\0';
    }
    return q;
}

/* ---- suggestions ("did you mean") are suggest_closest, in suggest.c ---- */

static int lower_ascii(int c)
{
    return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

/* ---- lexical helpers ---------------------------------------------------- */

static bool is_hex(int c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* "#" then a hex digit: meant as a colour, so a malformed one ("#12345")
 * gets a "bad colour" error rather than vanishing as a comment. */
static bool colour_like(const char *s)
{
    return s[0] == '#' && is_hex((unsigned char)s[1]);
}

/* Splits lc->buf into tokens in place. '#' starts a comment, except a word
 * "#" + hex digits standing third on a keyframe line (a colour value). */
void tl_tokenize(tl_line_ctx *lc)
{
    char *p = lc->buf;
    lc->ntok = 0;
    lc->too_many = false;
    lc->end_col = 1;
    while (*p) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        if (*p == '#') {
            bool colour = lc->ntok == 2 && strcmp(lc->tok[0].s, "phase") != 0 &&
                          (p == lc->buf || p[-1] == ' ' || p[-1] == '\t' || p[-1] == '\0') &&
                          colour_like(p);
            if (!colour)
                break;
        }
        if (lc->ntok == TL_MAX_TOKENS) {
            lc->too_many = true;
            lc->end_col = (int)(p - lc->buf) + 1;
            break;
        }
        tl_token *t = &lc->tok[lc->ntok++];
        t->s = p;
        t->col = (int)(p - lc->buf) + 1;
        p++; /* the first byte (maybe the colour's '#') belongs to the tl_token */
        while (*p && *p != ' ' && *p != '\t' && *p != '#')
            p++;
        lc->end_col = (int)(p - lc->buf) + 1;
        if (*p == '#') {
            /* a comment glued to the tl_token: end the tl_token, stop the line */
            *p = '\0';
            break;
        }
        if (*p)
            *p++ = '\0';
    }
}

/* A plain decimal number: [+-]digits[.digits] or [+-].digits. No exponent,
 * no inf/nan, so nothing odd reaches the scene. */
int tl_parse_number(const char *s, double *out)
{
    const char *p = s;
    double sign = 1.0;
    if (*p == '+' || *p == '-') {
        if (*p == '-')
            sign = -1.0;
        p++;
    }
    double v = 0.0;
    int digits = 0;
    while (*p >= '0' && *p <= '9') {
        if (digits < 30)
            v = v * 10.0 + (*p - '0');
        else
            v *= 10.0;
        digits++;
        p++;
    }
    if (*p == '.') {
        p++;
        double scale = 0.1;
        while (*p >= '0' && *p <= '9') {
            v += (*p - '0') * scale;
            scale *= 0.1;
            digits++;
            p++;
        }
    }
    if (digits == 0 || *p != '\0' || !isfinite(v))
        return -1;
    *out = sign * v;
    return 0;
}

static float srgb_to_linear(float c)
{
    return c <= 0.04045f ? c / 12.92f : powf((c + 0.055f) / 1.055f, 2.4f);
}

void rgb_hex_to_linear(unsigned rgb, float out[3])
{
    out[0] = srgb_to_linear((float)((rgb >> 16) & 0xFF) / 255.0f);
    out[1] = srgb_to_linear((float)((rgb >> 8) & 0xFF) / 255.0f);
    out[2] = srgb_to_linear((float)(rgb & 0xFF) / 255.0f);
}

int tl_parse_colour(const char *s, unsigned *rgb)
{
    if (s[0] != '#' || strlen(s) != 7)
        return -1;
    unsigned v = 0;
    for (int i = 1; i < 7; i++) {
        int c = (unsigned char)s[i];
        if (!is_hex(c))
            return -1;
        v = v * 16 + (unsigned)(c <= '9' ? c - '0' : lower_ascii(c) - 'a' + 10);
    }
    *rgb = v;
    return 0;
}

bool tl_valid_phase_name(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > TIMELINE_PHASE_NAME_MAX || !(s[0] >= 'a' && s[0] <= 'z'))
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return false;
    }
    return true;
}

int timeline_phase_find(const timeline *tl, const char *name)
{
    if (!tl || !name)
        return -1;
    for (size_t i = 0; i < tl->nphases; i++)
        if (strcmp(tl->phases[i].name, name) == 0)
            return (int)i;
    return -1;
}

void tl_fmt_time(double t, char *buf, size_t size)
{
    if (t < 0) {
        buf[0] = '-';
        timefmt_format(-t, buf + 1, size - 1);
    } else {
        timefmt_format(t, buf, size);
    }
}

/* An absolute key time: seconds, mm:ss[.mmm] or hh:mm:ss[.mmm]. */
static int parse_absolute_time(tl_line_ctx *lc, const tl_token *tk, int *phase, double *offset)
{
    double t;
    if (timefmt_parse(tk->s, &t) < 0) {
        tl_diag(lc->tl, lc->line, tk->col, TIMELINE_DIAG_ERROR,
                "bad time '%s' (write seconds, mm:ss[.mmm], hh:mm:ss[.mmm] or PHASE+SECONDS)",
                tl_quote(tk->s).s);
        return -1;
    }
    *phase = -1;
    *offset = t;
    return 0;
}

/* PHASE+OFFSET or PHASE-OFFSET with a declared PHASE. Tries every '+' / '-'
 * as the split: phase names may contain '-'. Returns 0 (parsed), -1 (a bad
 * offset, reported) or 1 (no split names a declared phase). */
static int parse_phase_offset(tl_line_ctx *lc, const tl_token *tk, int *phase, double *offset)
{
    timeline *tl = lc->tl;
    const char *s = tk->s;
    char name[TIMELINE_PHASE_NAME_MAX + 1];
    size_t len = strlen(s);
    for (size_t i = 1; i < len && i <= TIMELINE_PHASE_NAME_MAX; i++) {
        if (s[i] != '+' && s[i] != '-')
            continue;
        memcpy(name, s, i);
        name[i] = '\0';
        int idx = timeline_phase_find(tl, name);
        if (idx < 0)
            continue;
        double off;
        if (timefmt_parse(s + i + 1, &off) < 0) {
            tl_diag(tl, lc->line, tk->col + (int)i + 1, TIMELINE_DIAG_ERROR,
                    "bad offset '%s' after phase '%s' (write seconds or mm:ss)",
                    tl_quote(s + i + 1).s, name);
            return -1;
        }
        *phase = idx;
        *offset = s[i] == '-' ? -off : off;
        return 0;
    }
    return 1;
}

/* The phase name in a time that names no declared phase: up to the '+',
 * else up to a '-' that is followed by a digit (names contain '-'), else
 * the whole word; at most TIMELINE_PHASE_NAME_MAX bytes. */
static void unknown_phase_name(const char *s, char name[TIMELINE_PHASE_NAME_MAX + 1])
{
    size_t len = strlen(s);
    size_t n = len;
    const char *plus = strchr(s, '+');
    if (plus) {
        n = (size_t)(plus - s);
    } else {
        for (size_t i = len; i-- > 1;)
            if (s[i] == '-' && s[i + 1] >= '0' && s[i + 1] <= '9') {
                n = i;
                break;
            }
    }
    if (n > TIMELINE_PHASE_NAME_MAX)
        n = TIMELINE_PHASE_NAME_MAX;
    memcpy(name, s, n);
    name[n] = '\0';
}

/* The error for a time that names no declared phase: a parameter written
 * first, or an unknown phase with the closest declared one. */
static void report_unknown_phase(tl_line_ctx *lc, const tl_token *tk)
{
    timeline *tl = lc->tl;
    const char *s = tk->s;
    char name[TIMELINE_PHASE_NAME_MAX + 1];
    unknown_phase_name(s, name);
    if (timeline_param_find(s) >= 0) {
        tl_diag(tl, lc->line, tk->col, TIMELINE_DIAG_ERROR,
                "'%s' is a parameter, not a time; a keyframe reads TIME PARAM VALUE [EASE]", s);
        return;
    }
    const char *cands[TIMELINE_MAX_PHASES];
    for (size_t i = 0; i < tl->nphases; i++)
        cands[i] = tl->phases[i].name;
    const char *hint = suggest_closest(name, cands, tl->nphases);
    if (hint)
        tl_diag(tl, lc->line, tk->col, TIMELINE_DIAG_ERROR,
                "unknown phase '%s' in time '%s'; did you mean '%s'?", tl_quote(name).s,
                tl_quote(s).s, hint);
    else
        tl_diag(tl, lc->line, tk->col, TIMELINE_DIAG_ERROR,
                "unknown phase '%s' in time '%s' (declare it with 'phase %s TIME')",
                tl_quote(name).s, tl_quote(s).s, tl_quote(name).s);
}

/* Parses a keyframe time: absolute, or PHASE[+-OFFSET]. Reports its own
 * errors. Returns 0 with *phase (-1 for absolute) and *offset set. */
int tl_parse_key_time(tl_line_ctx *lc, const tl_token *tk, int *phase, double *offset)
{
    const char *s = tk->s;
    if ((*s >= '0' && *s <= '9') || *s == '.')
        return parse_absolute_time(lc, tk, phase, offset);
    if (*s == '+' || *s == '-') {
        tl_diag(lc->tl, lc->line, tk->col, TIMELINE_DIAG_ERROR,
                "bad time '%s': a relative time starts with a phase name, e.g. 'fountain+20'",
                tl_quote(s).s);
        return -1;
    }
    int idx = timeline_phase_find(lc->tl, s);
    if (idx >= 0) {
        *phase = idx;
        *offset = 0.0;
        return 0;
    }
    int r = parse_phase_offset(lc, tk, phase, offset);
    if (r <= 0)
        return r;
    report_unknown_phase(lc, tk);
    return -1;
}
