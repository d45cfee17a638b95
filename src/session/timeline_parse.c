/* session/timeline_parse.c: the .timeline parser: diagnostics with
 * file:line:col, pass 1 (header and phase marks), pass 2 (keyframes) and
 * the driver. The lexer (tokens, numbers, times, did-you-mean) is
 * timeline_lex.c. */
#include "session/timeline.h"
#include "session/timeline_internal.h"

void tl_diag(timeline *tl, int line, int col, timeline_diag_severity sev, const char *fmt, ...)
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

/* ---- pass 1: header and phase marks ------------------------------------ */

static void parse_phase_line(tl_line_ctx *lc)
{
    timeline *tl = lc->tl;
    if (lc->ntok < 3) {
        tl_diag(tl, lc->line, lc->end_col, TIMELINE_DIAG_ERROR,
                "a phase mark needs a name and a time, e.g. 'phase fountain 2:20'");
        return;
    }
    const tl_token *nm = &lc->tok[1], *tm = &lc->tok[2];
    if (lc->ntok > 3 || lc->too_many) {
        int col = lc->ntok > 3 ? lc->tok[3].col : lc->end_col;
        tl_diag(tl, lc->line, col, TIMELINE_DIAG_ERROR,
                "unexpected '%s' after the phase time",
                lc->ntok > 3 ? tl_quote(lc->tok[3].s).s : "...");
        return;
    }
    if (!tl_valid_phase_name(nm->s)) {
        tl_diag(tl, lc->line, nm->col, TIMELINE_DIAG_ERROR,
                "bad phase name '%s' (a lower-case letter, then a-z, 0-9 or '-', at most %d)",
                tl_quote(nm->s).s, TIMELINE_PHASE_NAME_MAX);
        return;
    }
    int dup = timeline_phase_find(tl, nm->s);
    if (dup >= 0) {
        tl_diag(tl, lc->line, nm->col, TIMELINE_DIAG_ERROR,
                "duplicate phase '%s' (first defined at line %d)", nm->s, tl->phases[dup].line);
        return;
    }
    double t;
    if (timefmt_parse(tm->s, &t) < 0) {
        tl_diag(tl, lc->line, tm->col, TIMELINE_DIAG_ERROR,
                "bad phase time '%s' (a phase starts at an absolute time: seconds, mm:ss or hh:mm:ss)",
                tl_quote(tm->s).s);
        return;
    }
    if (tl->nphases == TIMELINE_MAX_PHASES) {
        tl_diag(tl, lc->line, lc->tok[0].col, TIMELINE_DIAG_ERROR,
                "too many phases (at most %d)", TIMELINE_MAX_PHASES);
        return;
    }
    if (tl->nphases > 0 && t < tl->phases[tl->nphases - 1].start) {
        char a[24], b[24];
        tl_fmt_time(t, a, sizeof a);
        tl_fmt_time(tl->phases[tl->nphases - 1].start, b, sizeof b);
        tl_diag(tl, lc->line, tm->col, TIMELINE_DIAG_ERROR,
                "phase '%s' at %s starts before the previous phase '%s' at %s; "
                "list phases in time order",
                nm->s, a, tl->phases[tl->nphases - 1].name, b);
        return;
    }
    tl_phase *ph = &tl->phases[tl->nphases++];
    memcpy(ph->name, nm->s, strlen(nm->s) + 1);
    ph->start = ph->start0 = t;
    ph->line = lc->line;
}

static void parse_header_line(tl_line_ctx *lc, bool first)
{
    timeline *tl = lc->tl;
    if (!first) {
        tl_diag(tl, lc->line, lc->tok[0].col, TIMELINE_DIAG_ERROR,
                "'wellspring-timeline' may only be the first line");
        return;
    }
    if (lc->ntok != 2 || lc->too_many) {
        tl_diag(tl, lc->line, lc->end_col, TIMELINE_DIAG_ERROR,
                "the header reads 'wellspring-timeline 1'");
        return;
    }
    if (strcmp(lc->tok[1].s, "1") != 0)
        tl_diag(tl, lc->line, lc->tok[1].col, TIMELINE_DIAG_ERROR,
                "unsupported timeline version '%s' (this Wellspring reads version 1)",
                tl_quote(lc->tok[1].s).s);
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
        tl_diag(tl, line, 1, TIMELINE_DIAG_ERROR,
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
            tl_diag(tl, line, 1, TIMELINE_DIAG_ERROR, "out of memory");
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

/* The parameter, the second token. Returns its index, or -1 (reported). */
static int parse_key_param(tl_line_ctx *lc)
{
    timeline *tl = lc->tl;
    if (lc->ntok < 2) {
        tl_diag(tl, lc->line, lc->end_col, TIMELINE_DIAG_ERROR,
                "missing parameter after the time (a keyframe reads TIME PARAM VALUE [EASE])");
        return -1;
    }
    const tl_token *pt = &lc->tok[1];
    int p = timeline_param_find(pt->s);
    if (p >= 0)
        return p;
    const char *names[TIMELINE_P_COUNT];
    for (int i = 0; i < TIMELINE_P_COUNT; i++)
        names[i] = param_table[i].name;
    const char *hint = suggest_closest(pt->s, names, TIMELINE_P_COUNT);
    if (hint)
        tl_diag(tl, lc->line, pt->col, TIMELINE_DIAG_ERROR,
                "unknown parameter '%s'; did you mean '%s'?", tl_quote(pt->s).s, hint);
    else
        tl_diag(tl, lc->line, pt->col, TIMELINE_DIAG_ERROR,
                "unknown parameter '%s' (the parameters are listed in the README)",
                tl_quote(pt->s).s);
    return -1;
}

/* The value, the third token, into k->v: a colour or a number in the
 * parameter's range. Returns -1 when missing or bad (reported). */
static int parse_key_value(tl_line_ctx *lc, const timeline_param_desc *pd, tl_key *k)
{
    timeline *tl = lc->tl;
    if (lc->ntok < 3) {
        tl_diag(tl, lc->line, lc->end_col, TIMELINE_DIAG_ERROR, "missing value for %s", pd->name);
        return -1;
    }
    const tl_token *vt = &lc->tok[2];
    if (pd->kind == TIMELINE_COLOUR) {
        unsigned rgb;
        if (tl_parse_colour(vt->s, &rgb) < 0) {
            tl_diag(tl, lc->line, vt->col, TIMELINE_DIAG_ERROR,
                    "bad colour '%s' for %s (write #RRGGBB)", tl_quote(vt->s).s, pd->name);
            return -1;
        }
        rgb_hex_to_linear(rgb, k->v);
        return 0;
    }
    double v;
    if (tl_parse_number(vt->s, &v) < 0) {
        tl_diag(tl, lc->line, vt->col, TIMELINE_DIAG_ERROR,
                "bad value '%s' for %s (a number from %g to %g)", tl_quote(vt->s).s, pd->name,
                (double)pd->min, (double)pd->max);
        return -1;
    }
    if (v < pd->min || v > pd->max) {
        tl_diag(tl, lc->line, vt->col, TIMELINE_DIAG_ERROR,
                "value %s for %s is out of range [%g, %g]", tl_quote(vt->s).s, pd->name,
                (double)pd->min, (double)pd->max);
        return -1;
    }
    k->v[0] = k->v[1] = k->v[2] = (float)v;
    return 0;
}

/* The easing, an optional fourth token (smooth when absent), into k->ease;
 * nothing may follow it. Returns -1 on a bad one or extra words (reported). */
static int parse_key_ease(tl_line_ctx *lc, tl_key *k)
{
    timeline *tl = lc->tl;
    k->ease = TIMELINE_EASE_SMOOTH;
    if (lc->ntok >= 4) {
        static const char *const eases[] = {"hold", "linear", "smooth"};
        const tl_token *et = &lc->tok[3];
        int e = -1;
        for (int i = 0; i < 3; i++)
            if (strcmp(et->s, eases[i]) == 0)
                e = i;
        if (e < 0) {
            const char *hint = suggest_closest(et->s, eases, 3);
            if (hint)
                tl_diag(tl, lc->line, et->col, TIMELINE_DIAG_ERROR,
                        "unknown easing '%s'; did you mean '%s'?", tl_quote(et->s).s, hint);
            else
                tl_diag(tl, lc->line, et->col, TIMELINE_DIAG_ERROR,
                        "unknown easing '%s' (use hold, linear or smooth)", tl_quote(et->s).s);
            return -1;
        }
        k->ease = (unsigned char)e;
    }
    if (lc->ntok > 4 || lc->too_many) {
        int col = lc->ntok > 4 ? lc->tok[4].col : lc->end_col;
        tl_diag(tl, lc->line, col, TIMELINE_DIAG_ERROR, "unexpected '%s' after the easing",
                lc->ntok > 4 ? tl_quote(lc->tok[4].s).s : "...");
        return -1;
    }
    return 0;
}

/* Keys of a parameter must come in time order. Returns -1 when k comes
 * before the previous key of its parameter (reported). */
static int check_key_order(tl_line_ctx *lc, const order_state *os, const tl_key *k)
{
    int p = k->param;
    if (!(os->seen[p] && k->t < os->last_t[p]))
        return 0;
    const char *name = param_table[p].name;
    char a[24], b[24];
    tl_fmt_time(k->t, a, sizeof a);
    tl_fmt_time(os->last_t[p], b, sizeof b);
    tl_diag(lc->tl, lc->line, lc->tok[0].col, TIMELINE_DIAG_ERROR,
            "%s key at %s comes before the previous %s key at %s (line %d); keys of a "
            "parameter must be in time order",
            name, a, name, b, os->last_line[p]);
    return -1;
}

/* A keyframe line: TIME PARAM VALUE [EASE]. */
static void parse_key_line(tl_line_ctx *lc, order_state *os)
{
    timeline *tl = lc->tl;
    tl_key k;
    memset(&k, 0, sizeof k);
    if (tl_parse_key_time(lc, &lc->tok[0], &k.phase, &k.offset) < 0)
        return;
    int p = parse_key_param(lc);
    if (p < 0)
        return;
    k.param = (unsigned char)p;
    if (parse_key_value(lc, &param_table[p], &k) < 0 || parse_key_ease(lc, &k) < 0)
        return;
    k.t = k.t0 = k.phase >= 0 ? tl->phases[k.phase].start + k.offset : k.offset;
    if (check_key_order(lc, os, &k) < 0 || add_key(tl, &k, lc->line) < 0)
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

void index_keys(timeline *tl)
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
static void run_pass(timeline *tl, const char *data, size_t len, int pass, tl_line_ctx *lc)
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
                tl_diag(tl, line, TIMELINE_MAX_LINE + 1, TIMELINE_DIAG_ERROR,
                        "line longer than %d bytes; line skipped", TIMELINE_MAX_LINE);
            continue;
        }
        const char *nul = memchr(start, '\0', n);
        if (nul) {
            if (pass == 1)
                tl_diag(tl, line, (int)(nul - start) + 1, TIMELINE_DIAG_ERROR,
                        "NUL byte in a text file; line skipped");
            continue;
        }
        memcpy(lc->buf, start, n);
        lc->buf[n] = '\0';
        tl_tokenize(lc);
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
        tl_diag(tl, 0, 0, TIMELINE_DIAG_ERROR,
                "timeline is larger than %u bytes; not read", (unsigned)TIMELINE_MAX_BYTES);
        return;
    }
    if (!data || len == 0)
        return;
    tl_line_ctx *lc = malloc(sizeof *lc);
    if (!lc) {
        tl_diag(tl, 0, 0, TIMELINE_DIAG_ERROR, "out of memory");
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
        tl_diag(tl, 0, 0, TIMELINE_DIAG_ERROR, "no file name given");
        return tl;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        tl_diag(tl, 0, 0, TIMELINE_DIAG_ERROR, "cannot open: %s", strerror(errno));
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
        tl_diag(tl, 0, 0, TIMELINE_DIAG_ERROR, "cannot read the file (I/O error or out of memory)");
    else if (too_big || len > TIMELINE_MAX_BYTES)
        tl_diag(tl, 0, 0, TIMELINE_DIAG_ERROR,
                "timeline is larger than %u bytes; not read", (unsigned)TIMELINE_MAX_BYTES);
    else
        parse_into(tl, buf, len);
    free(buf);
    return tl;
}
