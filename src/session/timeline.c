#include "session/timeline.h"

#include "util/suggest.h"
#include "time/timefmt.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- the parameter table ------------------------------------------------ */

#define SCALAR(nm, field, d, lo, hi, h) \
    { nm, TIMELINE_SCALAR, d, lo, hi, 0, h, offsetof(scene_state, field) }
#define COLOUR(nm, field, rgb, h) \
    { nm, TIMELINE_COLOUR, 0.0f, 0.0f, 1.0f, rgb, h, offsetof(scene_state, field) }

/* Order matches timeline_param. Ranges are what a file may ask for; the
 * renderer can rely on them. */
static const timeline_param_desc param_table[TIMELINE_P_COUNT] = {
    SCALAR("fade", fade, 1.0f, 0.0f, 1.0f, "master brightness (0 black, 1 full)"),
    SCALAR("dust", dust, 0.6f, 0.0f, 1.0f, "density of the slow dust motes"),
    SCALAR("figure", figure, 0.3f, 0.0f, 1.0f, "visibility of the seated silhouette and its rim light"),
    SCALAR("breath.period", breath_period, 11.0f, 2.0f, 60.0f, "seconds per breath of the heart light"),
    SCALAR("breath.depth", breath_depth, 0.15f, 0.0f, 1.0f, "how much the breath modulates heart light and fountain"),
    SCALAR("heart", heart, 0.0f, 0.0f, 1.0f, "brightness of the light at the heart"),
    SCALAR("bubbles", bubbles, 0.0f, 0.0f, 1.0f, "slow bubbles rising around the heart"),
    SCALAR("fountain.rate", fountain_rate, 0.0f, 0.0f, 1.0f, "strength of the fountain (share of drops emitted)"),
    SCALAR("fountain.height", fountain_height, 0.3f, 0.0f, 1.0f, "how high the jet rises above the heart, in frame heights"),
    SCALAR("fountain.spread", fountain_spread, 0.5f, 0.0f, 1.0f, "width of the jet"),
    COLOUR("fountain.color", fountain_color, 0xFFC97Au, "colour of the drops (#RRGGBB, sRGB)"),
    SCALAR("loved", loved, 0.0f, 0.0f, 1.0f, "the small form of light for someone dear"),
    SCALAR("loved.stream", loved_stream, 0.0f, 0.0f, 1.0f, "stream of particles from the heart to the loved form"),
    SCALAR("well", well, 0.0f, 0.0f, 1.0f, "shaft of light from the figure down into the ground"),
    SCALAR("well.rise", well_rise, 0.0f, 0.0f, 1.0f, "particles rising out of the depth into the fountain"),
    SCALAR("dissolve", dissolve, 0.0f, 0.0f, 1.0f, "the loved form breaking into drifting particles"),
    SCALAR("glow", glow, 0.0f, 0.0f, 1.0f, "glow front: share of the farthest geodesic distance reached"),
    SCALAR("resist", resist, 0.0f, 0.0f, 1.0f, "resisting regions lag behind the glow and shimmer"),
    SCALAR("radiance", radiance, 0.0f, 0.0f, 1.0f, "slow waves of light radiating from the heart"),
    SCALAR("drift", drift, 0.0f, 0.0f, 1.0f, "particles drifting outward from the figure"),
    SCALAR("dawn", dawn, 0.0f, 0.0f, 1.0f, "the sky warming toward dawn"),
    SCALAR("endcard", endcard, 0.0f, 0.0f, 1.0f, "the closing title card"),
};

size_t timeline_param_count(void)
{
    return TIMELINE_P_COUNT;
}

const timeline_param_desc *timeline_param_info(size_t i)
{
    return i < TIMELINE_P_COUNT ? &param_table[i] : NULL;
}

int timeline_param_find(const char *name)
{
    if (!name)
        return -1;
    for (int i = 0; i < TIMELINE_P_COUNT; i++)
        if (strcmp(param_table[i].name, name) == 0)
            return i;
    return -1;
}

/* ---- the timeline object ------------------------------------------------ */

typedef struct {
    double offset; /* from the phase's start, or absolute when phase < 0 */
    double t;      /* absolute time, kept in step with the phases */
    double t0;     /* absolute time as the file had it */
    float v[3];
    int phase;
    int line;     /* in the file, for --check's warnings */
    unsigned seq; /* order in the file, keeps sorting stable */
    unsigned char param, ease;
} tl_key;

typedef struct {
    char name[TIMELINE_PHASE_NAME_MAX + 1];
    double start;
    double start0; /* as the file had it; retiming is measured from here */
    int line;
} tl_phase;

struct timeline {
    char *file;
    tl_phase phases[TIMELINE_MAX_PHASES];
    size_t nphases;
    tl_key *keys;
    size_t nkeys, kcap;
    size_t first[TIMELINE_P_COUNT], count[TIMELINE_P_COUNT];
    timeline_diag *diags;
    size_t ndiags, nerrors;
    bool stop; /* diagnostics or keys ran over their cap: parse no further */
    double duration;
    scene_state defaults; /* timeline_defaults(), made once: it converts
                           * every colour from sRGB (powf) */
};

static timeline *timeline_new(const char *name)
{
    timeline *tl = calloc(1, sizeof *tl);
    if (!tl)
        return NULL;
    const char *n = name ? name : "<timeline>";
    size_t len = strlen(n);
    tl->file = malloc(len + 1);
    /* Not cleared: only diags[0, ndiags) is ever read, each entry written
     * whole first (diag()); zeroing 20 KB per parse and per clone was a
     * good part of parsing a short file. */
    tl->diags = malloc(TIMELINE_MAX_DIAGS * sizeof *tl->diags);
    if (!tl->file || !tl->diags) {
        timeline_destroy(tl);
        return NULL;
    }
    memcpy(tl->file, n, len + 1);
    tl->defaults = timeline_defaults();
    return tl;
}

void timeline_destroy(timeline *tl)
{
    if (!tl)
        return;
    free(tl->file);
    free(tl->keys);
    free(tl->diags);
    free(tl);
}

timeline *timeline_clone(const timeline *tl)
{
    if (!tl)
        return NULL;
    timeline *c = timeline_new(tl->file);
    if (!c)
        return NULL;
    char *file = c->file;
    timeline_diag *diags = c->diags;
    *c = *tl;
    c->file = file;
    c->diags = diags;
    c->keys = NULL;
    c->kcap = c->nkeys = 0;
    if (tl->nkeys) {
        c->keys = malloc(tl->nkeys * sizeof *c->keys);
        if (!c->keys) {
            timeline_destroy(c);
            return NULL;
        }
        memcpy(c->keys, tl->keys, tl->nkeys * sizeof *c->keys);
        c->nkeys = c->kcap = tl->nkeys;
    }
    memcpy(c->diags, tl->diags, tl->ndiags * sizeof *c->diags);
    for (size_t i = 0; i < c->ndiags; i++)
        c->diags[i].file = c->file;
    return c;
}

/* ---- diagnostics -------------------------------------------------------- */

__attribute__((format(printf, 5, 6))) static void diag(timeline *tl, int line, int col,
                                                       timeline_diag_severity sev,
                                                       const char *fmt, ...)
{
    if (tl->stop)
        return;
    timeline_diag *d = &tl->diags[tl->ndiags++];
    d->file = tl->file;
    d->line = line;
    d->col = col;
    d->severity = sev;
    if (tl->ndiags == TIMELINE_MAX_DIAGS) {
        /* The last slot says why there are no more. */
        d->severity = TIMELINE_DIAG_ERROR;
        snprintf(d->message, sizeof d->message,
                 "too many problems (%d); the rest of the file is not read",
                 TIMELINE_MAX_DIAGS);
        tl->nerrors++;
        tl->stop = true;
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->message, sizeof d->message, fmt, ap);
    va_end(ap);
    if (sev == TIMELINE_DIAG_ERROR)
        tl->nerrors++;
}

size_t timeline_diag_count(const timeline *tl)
{
    return tl ? tl->ndiags : 0;
}

const timeline_diag *timeline_diag_at(const timeline *tl, size_t i)
{
    return tl && i < tl->ndiags ? &tl->diags[i] : NULL;
}

size_t timeline_error_count(const timeline *tl)
{
    return tl ? tl->nerrors : 0;
}

void timeline_print_diags(const timeline *tl, FILE *out)
{
    if (!tl || !out)
        return;
    for (size_t i = 0; i < tl->ndiags; i++) {
        const timeline_diag *d = &tl->diags[i];
        const char *sev = d->severity == TIMELINE_DIAG_ERROR ? "error" : "warning";
        if (d->line > 0)
            fprintf(out, "%s:%d:%d: %s: %s\n", d->file, d->line, d->col, sev, d->message);
        else
            fprintf(out, "%s: %s: %s\n", d->file, sev, d->message);
    }
}

/* Diagnostics are made in two passes (phases, then keys); show them in the
 * order of the file. Insertion sort: at most TIMELINE_MAX_DIAGS entries, and
 * stable, so the closing "too many problems" line stays last among equals. */
static void sort_diags(timeline *tl)
{
    size_t n = tl->ndiags;
    bool capped = tl->stop && n == TIMELINE_MAX_DIAGS;
    if (capped)
        n--; /* keep the cap message last */
    for (size_t i = 1; i < n; i++) {
        timeline_diag d = tl->diags[i];
        size_t j = i;
        while (j > 0 && (tl->diags[j - 1].line > d.line ||
                         (tl->diags[j - 1].line == d.line && tl->diags[j - 1].col > d.col))) {
            tl->diags[j] = tl->diags[j - 1];
            j--;
        }
        tl->diags[j] = d;
    }
}

/* A token quoted in a message: at most 40 bytes, control bytes shown as '?'. */
typedef struct {
    char s[48];
} quoted;

static quoted quote(const char *s)
{
    quoted q;
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

typedef struct {
    char *s;
    int col;
} token;

#define MAX_TOKENS 8

typedef struct {
    timeline *tl;
    int line;
    char buf[TIMELINE_MAX_LINE + 1];
    token tok[MAX_TOKENS];
    int ntok;
    int end_col; /* column just past the last token, for "missing" errors */
    bool too_many;
} line_ctx;

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
static void tokenize(line_ctx *lc)
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
        if (lc->ntok == MAX_TOKENS) {
            lc->too_many = true;
            lc->end_col = (int)(p - lc->buf) + 1;
            break;
        }
        token *t = &lc->tok[lc->ntok++];
        t->s = p;
        t->col = (int)(p - lc->buf) + 1;
        p++; /* the first byte (maybe the colour's '#') belongs to the token */
        while (*p && *p != ' ' && *p != '\t' && *p != '#')
            p++;
        lc->end_col = (int)(p - lc->buf) + 1;
        if (*p == '#') {
            /* a comment glued to the token: end the token, stop the line */
            *p = '\0';
            break;
        }
        if (*p)
            *p++ = '\0';
    }
}

/* A plain decimal number: [+-]digits[.digits] or [+-].digits. No exponent,
 * no inf/nan, so nothing odd reaches the scene. */
static int parse_number(const char *s, double *out)
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

static void rgb_hex_to_linear(unsigned rgb, float out[3])
{
    out[0] = srgb_to_linear((float)((rgb >> 16) & 0xFF) / 255.0f);
    out[1] = srgb_to_linear((float)((rgb >> 8) & 0xFF) / 255.0f);
    out[2] = srgb_to_linear((float)(rgb & 0xFF) / 255.0f);
}

static int parse_colour(const char *s, unsigned *rgb)
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

static bool valid_phase_name(const char *s)
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

static void fmt_time(double t, char *buf, size_t size)
{
    if (t < 0) {
        buf[0] = '-';
        timefmt_format(-t, buf + 1, size - 1);
    } else {
        timefmt_format(t, buf, size);
    }
}

/* Parses a keyframe time: absolute, or PHASE[+-OFFSET]. Reports its own
 * errors. Returns 0 with *phase (-1 for absolute) and *offset set. */
static int parse_key_time(line_ctx *lc, const token *tk, int *phase, double *offset)
{
    timeline *tl = lc->tl;
    const char *s = tk->s;
    if ((*s >= '0' && *s <= '9') || *s == '.') {
        double t;
        if (timefmt_parse(s, &t) < 0) {
            diag(tl, lc->line, tk->col, TIMELINE_DIAG_ERROR,
                 "bad time '%s' (write seconds, mm:ss[.mmm], hh:mm:ss[.mmm] or PHASE+SECONDS)",
                 quote(s).s);
            return -1;
        }
        *phase = -1;
        *offset = t;
        return 0;
    }
    if (*s == '+' || *s == '-') {
        diag(tl, lc->line, tk->col, TIMELINE_DIAG_ERROR,
             "bad time '%s': a relative time starts with a phase name, e.g. 'fountain+20'",
             quote(s).s);
        return -1;
    }
    int idx = timeline_phase_find(tl, s);
    if (idx >= 0) {
        *phase = idx;
        *offset = 0.0;
        return 0;
    }
    /* Try every '+' / '-' as the split: phase names may contain '-'. */
    char name[TIMELINE_PHASE_NAME_MAX + 1];
    size_t len = strlen(s);
    for (size_t i = 1; i < len && i <= TIMELINE_PHASE_NAME_MAX; i++) {
        if (s[i] != '+' && s[i] != '-')
            continue;
        memcpy(name, s, i);
        name[i] = '\0';
        idx = timeline_phase_find(tl, name);
        if (idx < 0)
            continue;
        double off;
        if (timefmt_parse(s + i + 1, &off) < 0) {
            diag(tl, lc->line, tk->col + (int)i + 1, TIMELINE_DIAG_ERROR,
                 "bad offset '%s' after phase '%s' (write seconds or mm:ss)",
                 quote(s + i + 1).s, name);
            return -1;
        }
        *phase = idx;
        *offset = s[i] == '-' ? -off : off;
        return 0;
    }
    /* Unknown phase: its name runs up to the '+', else up to a '-' that is
     * followed by a digit (names contain '-'), else the whole word. */
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
    if (timeline_param_find(s) >= 0) {
        diag(tl, lc->line, tk->col, TIMELINE_DIAG_ERROR,
             "'%s' is a parameter, not a time; a keyframe reads TIME PARAM VALUE [EASE]", s);
        return -1;
    }
    const char *cands[TIMELINE_MAX_PHASES];
    for (size_t i = 0; i < tl->nphases; i++)
        cands[i] = tl->phases[i].name;
    const char *hint = suggest_closest(name, cands, tl->nphases);
    if (hint)
        diag(tl, lc->line, tk->col, TIMELINE_DIAG_ERROR,
             "unknown phase '%s' in time '%s'; did you mean '%s'?", quote(name).s,
             quote(s).s, hint);
    else
        diag(tl, lc->line, tk->col, TIMELINE_DIAG_ERROR,
             "unknown phase '%s' in time '%s' (declare it with 'phase %s TIME')",
             quote(name).s, quote(s).s, quote(name).s);
    return -1;
}

/* ---- pass 1: header and phase marks ------------------------------------ */

static void parse_phase_line(line_ctx *lc)
{
    timeline *tl = lc->tl;
    if (lc->ntok < 3) {
        diag(tl, lc->line, lc->end_col, TIMELINE_DIAG_ERROR,
             "a phase mark needs a name and a time, e.g. 'phase fountain 2:20'");
        return;
    }
    const token *nm = &lc->tok[1], *tm = &lc->tok[2];
    if (lc->ntok > 3 || lc->too_many) {
        int col = lc->ntok > 3 ? lc->tok[3].col : lc->end_col;
        diag(tl, lc->line, col, TIMELINE_DIAG_ERROR,
             "unexpected '%s' after the phase time", lc->ntok > 3 ? quote(lc->tok[3].s).s : "...");
        return;
    }
    if (!valid_phase_name(nm->s)) {
        diag(tl, lc->line, nm->col, TIMELINE_DIAG_ERROR,
             "bad phase name '%s' (a lower-case letter, then a-z, 0-9 or '-', at most %d)",
             quote(nm->s).s, TIMELINE_PHASE_NAME_MAX);
        return;
    }
    int dup = timeline_phase_find(tl, nm->s);
    if (dup >= 0) {
        diag(tl, lc->line, nm->col, TIMELINE_DIAG_ERROR,
             "duplicate phase '%s' (first defined at line %d)", nm->s, tl->phases[dup].line);
        return;
    }
    double t;
    if (timefmt_parse(tm->s, &t) < 0) {
        diag(tl, lc->line, tm->col, TIMELINE_DIAG_ERROR,
             "bad phase time '%s' (a phase starts at an absolute time: seconds, mm:ss or hh:mm:ss)",
             quote(tm->s).s);
        return;
    }
    if (tl->nphases == TIMELINE_MAX_PHASES) {
        diag(tl, lc->line, lc->tok[0].col, TIMELINE_DIAG_ERROR,
             "too many phases (at most %d)", TIMELINE_MAX_PHASES);
        return;
    }
    if (tl->nphases > 0 && t < tl->phases[tl->nphases - 1].start) {
        char a[24], b[24];
        fmt_time(t, a, sizeof a);
        fmt_time(tl->phases[tl->nphases - 1].start, b, sizeof b);
        diag(tl, lc->line, tm->col, TIMELINE_DIAG_ERROR,
             "phase '%s' at %s starts before the previous phase '%s' at %s; list phases in time order",
             nm->s, a, tl->phases[tl->nphases - 1].name, b);
        return;
    }
    tl_phase *ph = &tl->phases[tl->nphases++];
    memcpy(ph->name, nm->s, strlen(nm->s) + 1);
    ph->start = ph->start0 = t;
    ph->line = lc->line;
}

static void parse_header_line(line_ctx *lc, bool first)
{
    timeline *tl = lc->tl;
    if (!first) {
        diag(tl, lc->line, lc->tok[0].col, TIMELINE_DIAG_ERROR,
             "'wellspring-timeline' may only be the first line");
        return;
    }
    if (lc->ntok != 2 || lc->too_many) {
        diag(tl, lc->line, lc->end_col, TIMELINE_DIAG_ERROR,
             "the header reads 'wellspring-timeline 1'");
        return;
    }
    if (strcmp(lc->tok[1].s, "1") != 0)
        diag(tl, lc->line, lc->tok[1].col, TIMELINE_DIAG_ERROR,
             "unsupported timeline version '%s' (this Wellspring reads version 1)",
             quote(lc->tok[1].s).s);
}

/* ---- pass 2: keyframes -------------------------------------------------- */

typedef struct {
    double last_t[TIMELINE_P_COUNT];
    int last_line[TIMELINE_P_COUNT];
    bool seen[TIMELINE_P_COUNT];
} order_state;

static int add_key(timeline *tl, const tl_key *k, int line)
{
    if (tl->nkeys == TIMELINE_MAX_KEYS) {
        diag(tl, line, 1, TIMELINE_DIAG_ERROR,
             "more than %d keyframes; the rest of the file is not read", TIMELINE_MAX_KEYS);
        tl->stop = true;
        return -1;
    }
    if (tl->nkeys == tl->kcap) {
        size_t cap = tl->kcap ? tl->kcap * 2 : 64;
        if (cap > TIMELINE_MAX_KEYS)
            cap = TIMELINE_MAX_KEYS;
        tl_key *nk = realloc(tl->keys, cap * sizeof *nk);
        if (!nk) {
            diag(tl, line, 1, TIMELINE_DIAG_ERROR, "out of memory");
            tl->stop = true;
            return -1;
        }
        tl->keys = nk;
        tl->kcap = cap;
    }
    tl->keys[tl->nkeys] = *k;
    tl->keys[tl->nkeys].seq = (unsigned)tl->nkeys;
    tl->keys[tl->nkeys].line = line;
    tl->nkeys++;
    return 0;
}

static void parse_key_line(line_ctx *lc, order_state *os)
{
    timeline *tl = lc->tl;
    tl_key k;
    memset(&k, 0, sizeof k);
    if (parse_key_time(lc, &lc->tok[0], &k.phase, &k.offset) < 0)
        return;
    if (lc->ntok < 2) {
        diag(tl, lc->line, lc->end_col, TIMELINE_DIAG_ERROR,
             "missing parameter after the time (a keyframe reads TIME PARAM VALUE [EASE])");
        return;
    }
    const token *pt = &lc->tok[1];
    int p = timeline_param_find(pt->s);
    if (p < 0) {
        const char *names[TIMELINE_P_COUNT];
        for (int i = 0; i < TIMELINE_P_COUNT; i++)
            names[i] = param_table[i].name;
        const char *hint = suggest_closest(pt->s, names, TIMELINE_P_COUNT);
        if (hint)
            diag(tl, lc->line, pt->col, TIMELINE_DIAG_ERROR,
                 "unknown parameter '%s'; did you mean '%s'?", quote(pt->s).s, hint);
        else
            diag(tl, lc->line, pt->col, TIMELINE_DIAG_ERROR,
                 "unknown parameter '%s' (the parameters are listed in the README)",
                 quote(pt->s).s);
        return;
    }
    const timeline_param_desc *pd = &param_table[p];
    k.param = (unsigned char)p;
    if (lc->ntok < 3) {
        diag(tl, lc->line, lc->end_col, TIMELINE_DIAG_ERROR, "missing value for %s", pd->name);
        return;
    }
    const token *vt = &lc->tok[2];
    if (pd->kind == TIMELINE_COLOUR) {
        unsigned rgb;
        if (parse_colour(vt->s, &rgb) < 0) {
            diag(tl, lc->line, vt->col, TIMELINE_DIAG_ERROR,
                 "bad colour '%s' for %s (write #RRGGBB)", quote(vt->s).s, pd->name);
            return;
        }
        rgb_hex_to_linear(rgb, k.v);
    } else {
        double v;
        if (parse_number(vt->s, &v) < 0) {
            diag(tl, lc->line, vt->col, TIMELINE_DIAG_ERROR,
                 "bad value '%s' for %s (a number from %g to %g)", quote(vt->s).s, pd->name,
                 (double)pd->min, (double)pd->max);
            return;
        }
        if (v < pd->min || v > pd->max) {
            diag(tl, lc->line, vt->col, TIMELINE_DIAG_ERROR,
                 "value %s for %s is out of range [%g, %g]", quote(vt->s).s, pd->name,
                 (double)pd->min, (double)pd->max);
            return;
        }
        k.v[0] = k.v[1] = k.v[2] = (float)v;
    }
    k.ease = TIMELINE_EASE_SMOOTH;
    if (lc->ntok >= 4) {
        static const char *const eases[] = {"hold", "linear", "smooth"};
        const token *et = &lc->tok[3];
        int e = -1;
        for (int i = 0; i < 3; i++)
            if (strcmp(et->s, eases[i]) == 0)
                e = i;
        if (e < 0) {
            const char *hint = suggest_closest(et->s, eases, 3);
            if (hint)
                diag(tl, lc->line, et->col, TIMELINE_DIAG_ERROR,
                     "unknown easing '%s'; did you mean '%s'?", quote(et->s).s, hint);
            else
                diag(tl, lc->line, et->col, TIMELINE_DIAG_ERROR,
                     "unknown easing '%s' (use hold, linear or smooth)", quote(et->s).s);
            return;
        }
        k.ease = (unsigned char)e;
    }
    if (lc->ntok > 4 || lc->too_many) {
        int col = lc->ntok > 4 ? lc->tok[4].col : lc->end_col;
        diag(tl, lc->line, col, TIMELINE_DIAG_ERROR, "unexpected '%s' after the easing",
             lc->ntok > 4 ? quote(lc->tok[4].s).s : "...");
        return;
    }
    k.t = k.t0 = k.phase >= 0 ? tl->phases[k.phase].start + k.offset : k.offset;
    if (os->seen[p] && k.t < os->last_t[p]) {
        char a[24], b[24];
        fmt_time(k.t, a, sizeof a);
        fmt_time(os->last_t[p], b, sizeof b);
        diag(tl, lc->line, lc->tok[0].col, TIMELINE_DIAG_ERROR,
             "%s key at %s comes before the previous %s key at %s (line %d); keys of a "
             "parameter must be in time order",
             pd->name, a, pd->name, b, os->last_line[p]);
        return;
    }
    if (add_key(tl, &k, lc->line) < 0)
        return;
    os->seen[p] = true;
    os->last_t[p] = k.t;
    os->last_line[p] = lc->line;
}

/* ---- the driver --------------------------------------------------------- */

static int key_cmp(const void *a, const void *b)
{
    const tl_key *x = a, *y = b;
    if (x->param != y->param)
        return x->param < y->param ? -1 : 1;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    return x->seq < y->seq ? -1 : (x->seq > y->seq);
}

static void index_keys(timeline *tl)
{
    if (tl->nkeys > 1)
        qsort(tl->keys, tl->nkeys, sizeof *tl->keys, key_cmp);
    memset(tl->first, 0, sizeof tl->first);
    memset(tl->count, 0, sizeof tl->count);
    for (size_t i = tl->nkeys; i-- > 0;) {
        tl->first[tl->keys[i].param] = i;
        tl->count[tl->keys[i].param]++;
    }
}

/* Runs one pass over the text. pass 1 reads the header and phases, and
 * reports line-level problems (too long, NUL bytes); pass 2 reads keys. */
static void run_pass(timeline *tl, const char *data, size_t len, int pass, line_ctx *lc)
{
    order_state os;
    memset(&os, 0, sizeof os);
    bool first_meaningful = true;
    size_t pos = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        pos = 3; /* UTF-8 byte-order mark */
    int line = 0;
    while (pos < len && !tl->stop) {
        line++;
        const char *start = data + pos;
        const char *nl = memchr(start, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - start) : len - pos;
        pos += n + (nl ? 1 : 0);
        if (n > 0 && start[n - 1] == '\r')
            n--;
        lc->line = line;
        if (n > TIMELINE_MAX_LINE) {
            if (pass == 1)
                diag(tl, line, TIMELINE_MAX_LINE + 1, TIMELINE_DIAG_ERROR,
                     "line longer than %d bytes; line skipped", TIMELINE_MAX_LINE);
            continue;
        }
        const char *nul = memchr(start, '\0', n);
        if (nul) {
            if (pass == 1)
                diag(tl, line, (int)(nul - start) + 1, TIMELINE_DIAG_ERROR,
                     "NUL byte in a text file; line skipped");
            continue;
        }
        memcpy(lc->buf, start, n);
        lc->buf[n] = '\0';
        tokenize(lc);
        if (lc->ntok == 0)
            continue;
        const char *w = lc->tok[0].s;
        bool is_header = strcmp(w, "wellspring-timeline") == 0;
        if (pass == 1) {
            if (is_header)
                parse_header_line(lc, first_meaningful);
            else if (strcmp(w, "phase") == 0)
                parse_phase_line(lc);
        } else if (!is_header && strcmp(w, "phase") != 0) {
            parse_key_line(lc, &os);
        }
        first_meaningful = false;
    }
}

static void parse_into(timeline *tl, const char *data, size_t len)
{
    if (len > TIMELINE_MAX_BYTES) {
        diag(tl, 0, 0, TIMELINE_DIAG_ERROR,
             "timeline is larger than %u bytes; not read", (unsigned)TIMELINE_MAX_BYTES);
        return;
    }
    if (!data || len == 0)
        return;
    line_ctx *lc = malloc(sizeof *lc);
    if (!lc) {
        diag(tl, 0, 0, TIMELINE_DIAG_ERROR, "out of memory");
        return;
    }
    lc->tl = tl;
    run_pass(tl, data, len, 1, lc);
    run_pass(tl, data, len, 2, lc);
    free(lc);
    index_keys(tl);
    sort_diags(tl);
}

timeline *timeline_parse(const char *data, size_t len, const char *name)
{
    timeline *tl = timeline_new(name);
    if (!tl)
        return NULL;
    parse_into(tl, data, len);
    return tl;
}

timeline *timeline_load(const char *path)
{
    timeline *tl = timeline_new(path);
    if (!tl)
        return NULL;
    if (!path) {
        diag(tl, 0, 0, TIMELINE_DIAG_ERROR, "no file name given");
        return tl;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        diag(tl, 0, 0, TIMELINE_DIAG_ERROR, "cannot open: %s", strerror(errno));
        return tl;
    }
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    bool too_big = false, failed = !buf;
    while (!failed) {
        if (len == cap) {
            if (cap > TIMELINE_MAX_BYTES) {
                too_big = true;
                break;
            }
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                failed = true;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0) {
            if (ferror(f))
                failed = true;
            break;
        }
    }
    fclose(f);
    if (failed)
        diag(tl, 0, 0, TIMELINE_DIAG_ERROR, "cannot read the file (I/O error or out of memory)");
    else if (too_big || len > TIMELINE_MAX_BYTES)
        diag(tl, 0, 0, TIMELINE_DIAG_ERROR,
             "timeline is larger than %u bytes; not read", (unsigned)TIMELINE_MAX_BYTES);
    else
        parse_into(tl, buf, len);
    free(buf);
    return tl;
}

/* ---- phases, retiming --------------------------------------------------- */

size_t timeline_phase_count(const timeline *tl)
{
    return tl ? tl->nphases : 0;
}

const char *timeline_phase_name(const timeline *tl, size_t i)
{
    return tl && i < tl->nphases ? tl->phases[i].name : NULL;
}

double timeline_phase_start(const timeline *tl, size_t i)
{
    return tl && i < tl->nphases ? tl->phases[i].start : 0.0;
}

size_t timeline_key_count(const timeline *tl, timeline_param p)
{
    return tl && (int)p >= 0 && p < TIMELINE_P_COUNT ? tl->count[p] : 0;
}

int timeline_key_get(const timeline *tl, timeline_param p, size_t i, timeline_key_info *out)
{
    if (i >= timeline_key_count(tl, p))
        return -1;
    const tl_key *k = &tl->keys[tl->first[p] + i];
    out->t = k->t;
    memcpy(out->v, k->v, sizeof out->v);
    out->line = k->line;
    out->phase = k->phase;
    return 0;
}

static int seq_cmp(const void *a, const void *b)
{
    const tl_key *x = a, *y = b;
    if (x->param != y->param)
        return x->param < y->param ? -1 : 1;
    return x->seq < y->seq ? -1 : (x->seq > y->seq);
}

/* How much phase i's keys squeeze: 1 when the phase keeps or gains length,
 * new/old length when it got shorter. The last phase never squeezes (its
 * end is not a phase mark). */
static double phase_squeeze(const timeline *tl, size_t i)
{
    if (i + 1 >= tl->nphases)
        return 1.0;
    double old_len = tl->phases[i + 1].start0 - tl->phases[i].start0;
    double new_len = tl->phases[i + 1].start - tl->phases[i].start;
    if (!(old_len > 0.0) || new_len >= old_len)
        return 1.0;
    return new_len > 0.0 ? new_len / old_len : 0.0;
}

int timeline_retime(timeline *tl, const double *phase_starts)
{
    if (!tl || (tl->nphases > 0 && !phase_starts))
        return -1;
    for (size_t i = 0; i < tl->nphases; i++)
        if (!isfinite(phase_starts[i]))
            return -1;
    for (size_t i = 0; i < tl->nphases; i++)
        tl->phases[i].start = phase_starts[i];
    double squeeze[TIMELINE_MAX_PHASES];
    for (size_t i = 0; i < tl->nphases; i++)
        squeeze[i] = phase_squeeze(tl, i);
    /* back to file order within each parameter */
    if (tl->nkeys > 1)
        qsort(tl->keys, tl->nkeys, sizeof *tl->keys, seq_cmp);
    for (size_t i = 0; i < tl->nkeys; i++) {
        tl_key *k = &tl->keys[i];
        if (k->phase < 0) {
            k->t = k->offset;
        } else {
            /* a negative offset lies in the previous phase's span */
            double sq = k->offset >= 0.0 ? squeeze[k->phase]
                        : (k->phase > 0 ? squeeze[k->phase - 1] : 1.0);
            k->t = tl->phases[k->phase].start + k->offset * sq;
        }
        /* Keep the file's order per parameter, and never let a change get
         * quicker than it was written or than 2 s, whichever is shorter. */
        if (i > 0 && tl->keys[i - 1].param == k->param) {
            const tl_key *prev = &tl->keys[i - 1];
            double gap0 = k->t0 - prev->t0;
            double min_gap = gap0 < 2.0 ? gap0 : 2.0;
            if (k->t < prev->t + min_gap)
                k->t = prev->t + min_gap;
        }
    }
    index_keys(tl);
    return 0;
}

void timeline_set_duration(timeline *tl, double seconds)
{
    if (tl)
        tl->duration = (isfinite(seconds) && seconds > 0) ? seconds : 0.0;
}

double timeline_duration(const timeline *tl)
{
    return tl ? tl->duration : 0.0;
}

/* ---- evaluation --------------------------------------------------------- */

static void put_param(scene_state *s, int p, const float v[3])
{
    const timeline_param_desc *d = &param_table[p];
    size_t n = d->kind == TIMELINE_COLOUR ? 3 : 1;
    memcpy((char *)s + d->offset, v, n * sizeof(float));
}

scene_state timeline_defaults(void)
{
    scene_state s;
    memset(&s, 0, sizeof s);
    for (int p = 0; p < TIMELINE_P_COUNT; p++) {
        float v[3];
        if (param_table[p].kind == TIMELINE_COLOUR)
            rgb_hex_to_linear(param_table[p].def_rgb, v);
        else
            v[0] = v[1] = v[2] = param_table[p].def;
        put_param(&s, p, v);
    }
    s.phase = -1;
    return s;
}

static double ease_shape(int ease, double u)
{
    switch (ease) {
    case TIMELINE_EASE_HOLD:
        return 0.0;
    case TIMELINE_EASE_LINEAR:
        return u;
    default:
        return u * u * (3.0 - 2.0 * u);
    }
}

/* Value of one parameter from its keys k[0..n) (sorted by t, n >= 1). */
static void eval_keys(const tl_key *k, size_t n, double t, float out[3])
{
    /* last key with k.t <= t, by binary search: lo = count of keys <= t */
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (k[mid].t <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0) {
        memcpy(out, k[0].v, sizeof k[0].v);
        return;
    }
    if (lo == n) {
        memcpy(out, k[n - 1].v, sizeof k[n - 1].v);
        return;
    }
    const tl_key *a = &k[lo - 1], *b = &k[lo];
    double u = (t - a->t) / (b->t - a->t); /* b->t > t >= a->t */
    double w = ease_shape(b->ease, u);
    for (int c = 0; c < 3; c++)
        out[c] = (float)(a->v[c] + (b->v[c] - a->v[c]) * w);
}

scene_state timeline_eval(const timeline *tl, double t)
{
    scene_state s = tl ? tl->defaults : timeline_defaults();
    if (isnan(t))
        t = 0.0;
    s.phase_time = t;
    if (!tl)
        return s;
    s.duration = tl->duration;
    for (int p = 0; p < TIMELINE_P_COUNT; p++) {
        if (tl->count[p] == 0)
            continue;
        float v[3];
        eval_keys(&tl->keys[tl->first[p]], tl->count[p], t, v);
        put_param(&s, p, v);
    }
    /* the current phase: the latest start at or before t (after a retime the
     * starts need not be in list order) */
    int best = -1;
    for (size_t i = 0; i < tl->nphases; i++)
        if (tl->phases[i].start <= t && (best < 0 || tl->phases[i].start >= tl->phases[best].start))
            best = (int)i;
    if (best >= 0) {
        s.phase = best;
        s.phase_time = t - tl->phases[best].start;
    }
    return s;
}

double timeline_last_key_time(const timeline *tl)
{
    double last = 0.0;
    for (size_t i = 0; tl && i < tl->nkeys; i++)
        if (tl->keys[i].t > last)
            last = tl->keys[i].t;
    return last;
}
