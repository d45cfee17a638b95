/* flash: WCAG 2.3.1 flash analysis of a frame sequence (see flash.h). */
#include "video/flash.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Thresholds of the definitions (WCAG 2.x "general flash and red flash
 * thresholds"). */
#define GENERAL_SWING 0.1f   /* relative luminance, counts when >= */
#define GENERAL_DARK_MAX 0.8f /* darker state must be below this */
#define RED_SWING 20.0f      /* red measure, counts when > */
#define RED_SCALE 320.0f
#define RED_SATURATION 0.8f

/* A change exactly window_s before the frame is outside its window; the slack
 * absorbs rounding in frame times like k / 30.0. */
#define WINDOW_EPS 1e-6

enum { BIT_COUNTED = 1, BIT_REF_FLAG = 2, BIT_EXT_FLAG = 4 };

/* One kind's per-pixel state: a turning-point tracker plus a ring of the
 * times of its latest changes. */
typedef struct {
    float *ref;     /* value at the run's starting turning point */
    float *ext;     /* extreme reached by the current run */
    int8_t *dir;    /* +1 rising, -1 falling, 0 not yet moved */
    uint8_t *bits;  /* BIT_* */
    double *times;  /* FLASH_HISTORY change times a pixel */
    uint8_t *head;  /* next slot to write */
    uint8_t *fill;  /* valid entries */
    uint8_t *count; /* changes in the window ending at the latest frame */
} track;

typedef struct {
    int open;      /* the latest frame failed */
    int slot;      /* its index in result.violations, or -1 when not listed */
    int has_prev;  /* a violation of this kind exists */
    double prev_end;
} vio_state;

struct flash_analyser {
    flash_params p;
    flash_allocator al;
    int w, h, fw, fh;   /* frame and field sizes in pixels */
    size_t bytes;
    float lin[256];     /* 8-bit sRGB -> linear */
    track tr[FLASH_KIND_COUNT];
    int32_t *integral;  /* (w + 1) * (h + 1) */
    vio_state vs[FLASH_KIND_COUNT];
    flash_result res;
};

static void *default_alloc(size_t size, void *user)
{
    (void)user;
    return malloc(size);
}

static void default_release(void *ptr, void *user)
{
    (void)user;
    free(ptr);
}

static void *take(flash_analyser *a, size_t size)
{
    void *ptr = a->al.alloc(size, a->al.user);
    if (ptr) {
        memset(ptr, 0, size);
        a->bytes += size;
    }
    return ptr;
}

static void give(flash_analyser *a, void *ptr)
{
    if (ptr)
        a->al.release(ptr, a->al.user);
}

const char *flash_kind_name(flash_kind kind)
{
    return kind == FLASH_RED ? "red" : "general";
}

size_t flash_memory_bytes(const flash_analyser *a)
{
    return a ? a->bytes : 0;
}

static double srgb_to_linear(double c)
{
    return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static int frac_ok(double f)
{
    return isfinite(f) && f > 0.0 && f <= 1.0;
}

flash_analyser *flash_create(const flash_params *p)
{
    if (!p || p->width < 1 || p->height < 1 || p->width > 4096 || p->height > 4096)
        return NULL;
    flash_params q = *p;
    if (q.channels == 0)
        q.channels = 4;
    if (q.stride == 0)
        q.stride = q.width * q.channels;
    if (q.field_width_frac == 0.0)
        q.field_width_frac = 1.0 / 3.0;
    if (q.field_height_frac == 0.0)
        q.field_height_frac = 1.0 / 3.0;
    if (q.area_frac == 0.0)
        q.area_frac = 0.25;
    if (q.max_flashes == 0)
        q.max_flashes = 3;
    if (q.window_s == 0.0)
        q.window_s = 1.0;
    if ((q.channels != 3 && q.channels != 4) || q.stride < q.width * q.channels ||
        !frac_ok(q.field_width_frac) || !frac_ok(q.field_height_frac) ||
        !frac_ok(q.area_frac) || q.max_flashes < 1 || 2 * q.max_flashes >= FLASH_HISTORY ||
        !isfinite(q.window_s) || q.window_s <= 0.0)
        return NULL;
    if ((q.allocator.alloc == NULL) != (q.allocator.release == NULL))
        return NULL;

    flash_allocator al = q.allocator;
    if (!al.alloc) {
        al.alloc = default_alloc;
        al.release = default_release;
    }
    flash_analyser *a = al.alloc(sizeof *a, al.user);
    if (!a)
        return NULL;
    memset(a, 0, sizeof *a);
    a->al = al;
    a->p = q;
    a->bytes = sizeof *a;
    a->w = q.width;
    a->h = q.height;
    a->fw = (int)lround(q.width * q.field_width_frac);
    a->fh = (int)lround(q.height * q.field_height_frac);
    if (a->fw < 1)
        a->fw = 1;
    if (a->fh < 1)
        a->fh = 1;
    for (int i = 0; i < 256; i++)
        a->lin[i] = (float)srgb_to_linear(i / 255.0);

    size_t n = (size_t)a->w * (size_t)a->h;
    for (int k = 0; k < FLASH_KIND_COUNT; k++) {
        track *t = &a->tr[k];
        t->ref = take(a, n * sizeof *t->ref);
        t->ext = take(a, n * sizeof *t->ext);
        t->dir = take(a, n * sizeof *t->dir);
        t->bits = take(a, n * sizeof *t->bits);
        t->times = take(a, n * FLASH_HISTORY * sizeof *t->times);
        t->head = take(a, n * sizeof *t->head);
        t->fill = take(a, n * sizeof *t->fill);
        t->count = take(a, n * sizeof *t->count);
        if (!t->ref || !t->ext || !t->dir || !t->bits || !t->times || !t->head || !t->fill ||
            !t->count)
            goto fail;
    }
    a->integral = take(a, (size_t)(a->w + 1) * (size_t)(a->h + 1) * sizeof *a->integral);
    if (!a->integral)
        goto fail;
    flash_reset(a);
    return a;
fail:
    flash_destroy(a);
    return NULL;
}

void flash_destroy(flash_analyser *a)
{
    if (!a)
        return;
    for (int k = 0; k < FLASH_KIND_COUNT; k++) {
        track *t = &a->tr[k];
        give(a, t->ref);
        give(a, t->ext);
        give(a, t->dir);
        give(a, t->bits);
        give(a, t->times);
        give(a, t->head);
        give(a, t->fill);
        give(a, t->count);
    }
    give(a, a->integral);
    flash_allocator al = a->al;
    al.release(a, al.user);
}

void flash_reset(flash_analyser *a)
{
    if (!a)
        return;
    size_t n = (size_t)a->w * (size_t)a->h;
    for (int k = 0; k < FLASH_KIND_COUNT; k++) {
        track *t = &a->tr[k];
        /* ref/ext/bits are set from the first frame; clear the rest. */
        memset(t->dir, 0, n * sizeof *t->dir);
        memset(t->bits, 0, n * sizeof *t->bits);
        memset(t->head, 0, n * sizeof *t->head);
        memset(t->fill, 0, n * sizeof *t->fill);
        memset(t->count, 0, n * sizeof *t->count);
        a->vs[k] = (vio_state){ 0, -1, 0, 0.0 };
    }
    memset(&a->res, 0, sizeof a->res);
}

/* Advances pixel i's turning-point tracker with value v (flag: the state is a
 * saturated red; only the red kind uses it). Returns 1 when the current run
 * qualifies as a change for the first time at this frame. */
static int track_step(track *t, size_t i, float v, int flag, flash_kind kind)
{
    const float swing = kind == FLASH_RED ? RED_SWING : GENERAL_SWING;
    float ext = t->ext[i];
    int dir = t->dir[i];
    uint8_t bits = t->bits[i];
    uint8_t ext_flag = flag ? BIT_EXT_FLAG : 0;

    if (dir == 0) {
        if (v == ext)
            return 0;
        dir = v > ext ? 1 : -1;
        ext = v;
        bits = (uint8_t)((bits & ~BIT_EXT_FLAG) | ext_flag);
    } else if (dir > 0 ? v >= ext : v <= ext) {
        ext = v; /* the run goes on */
        bits = (uint8_t)((bits & ~BIT_EXT_FLAG) | ext_flag);
    } else if ((dir > 0 ? ext - v : v - ext) >= swing) {
        /* A turning point: the old extreme starts a new run the other way. */
        t->ref[i] = ext;
        bits = (uint8_t)((bits & BIT_EXT_FLAG) ? BIT_REF_FLAG : 0);
        bits |= ext_flag;
        ext = v;
        dir = -dir;
    } else {
        return 0; /* a wiggle inside the hysteresis */
    }
    t->ext[i] = ext;
    t->dir[i] = (int8_t)dir;

    int counts = 0;
    if (!(bits & BIT_COUNTED)) {
        float ref = t->ref[i];
        float d = fabsf(ext - ref);
        if (kind == FLASH_RED)
            counts = d > RED_SWING && (bits & (BIT_REF_FLAG | BIT_EXT_FLAG));
        else
            counts = d >= GENERAL_SWING && fminf(ref, ext) < GENERAL_DARK_MAX;
        if (counts)
            bits |= BIT_COUNTED;
    }
    t->bits[i] = bits;
    return counts;
}

/* Records a change at time tm and recounts pixel i's changes in the window
 * ending at tm. */
static void track_count(track *t, size_t i, int changed, double tm, double window)
{
    double *times = t->times + i * FLASH_HISTORY;
    int head = t->head[i], fill = t->fill[i];
    if (changed) {
        times[head] = tm;
        head = (head + 1) % FLASH_HISTORY;
        if (fill < FLASH_HISTORY)
            fill++;
        t->head[i] = (uint8_t)head;
        t->fill[i] = (uint8_t)fill;
    }
    int c = 0;
    for (; c < fill; c++) {
        int j = (head - 1 - c + FLASH_HISTORY) % FLASH_HISTORY;
        if (tm - times[j] >= window - WINDOW_EPS)
            break;
    }
    t->count[i] = (uint8_t)c;
}

/* Largest number of pixels with count >= level inside one field; its top-left
 * goes to *bx, *by (frame rows as stored). */
static long max_field_sum(flash_analyser *a, const uint8_t *count, int level, int *bx, int *by)
{
    const int w = a->w, h = a->h, W = w + 1;
    int32_t *I = a->integral;
    for (int y = 0; y < h; y++) {
        int32_t row = 0;
        const uint8_t *c = count + (size_t)y * (size_t)w;
        int32_t *up = I + (size_t)y * W, *cur = I + (size_t)(y + 1) * W;
        for (int x = 0; x < w; x++) {
            row += c[x] >= level;
            cur[x + 1] = up[x + 1] + row;
        }
    }
    long best = -1;
    for (int y0 = 0; y0 + a->fh <= h; y0++) {
        const int32_t *top = I + (size_t)y0 * W, *bot = I + (size_t)(y0 + a->fh) * W;
        for (int x0 = 0; x0 + a->fw <= w; x0++) {
            long s = (long)bot[x0 + a->fw] - top[x0 + a->fw] - bot[x0] + top[x0];
            if (s > best) {
                best = s;
                *bx = x0;
                *by = y0;
            }
        }
    }
    return best;
}

static void note_violation(flash_analyser *a, flash_kind kind, double t, double rate,
                           double area, int fx, int fy)
{
    vio_state *vs = &a->vs[kind];
    flash_result *r = &a->res;
    if (!vs->open) {
        vs->open = 1;
        if (vs->has_prev && t - vs->prev_end < a->p.window_s) {
            /* Overlaps the previous failing span: extend it (its slot is kept). */
        } else {
            r->violation_count++;
            vs->slot = -1;
            if (r->listed < FLASH_MAX_LISTED) {
                vs->slot = r->listed++;
                flash_violation *v = &r->violations[vs->slot];
                v->kind = kind;
                v->t_start = fmax(t - a->p.window_s, r->t_first);
                v->t_end = t;
                v->flashes_per_s = 0.0;
                v->area_fraction = 0.0;
            }
        }
    }
    vs->has_prev = 1;
    vs->prev_end = t;
    if (vs->slot < 0)
        return;
    flash_violation *v = &r->violations[vs->slot];
    v->t_end = t;
    if (rate > v->flashes_per_s)
        v->flashes_per_s = rate;
    if (area > v->area_fraction) {
        v->area_fraction = area;
        v->field_x = fx;
        v->field_y = a->p.rows_bottom_up ? a->h - fy - a->fh : fy;
    }
}

int flash_push(flash_analyser *a, const uint8_t *pixels, double t)
{
    if (!a || !pixels || !isfinite(t) || (a->res.frames > 0 && !(t > a->res.t_last)))
        return -1;
    const int first = a->res.frames == 0;
    const double window = a->p.window_s;
    const int ch = a->p.channels;
    int peak_count[FLASH_KIND_COUNT] = { 0, 0 };
    long over[FLASH_KIND_COUNT] = { 0, 0 };
    const int limit = 2 * a->p.max_flashes; /* changes allowed in a window */

    if (first)
        a->res.t_first = t;
    for (int y = 0; y < a->h; y++) {
        const uint8_t *row = pixels + (size_t)y * (size_t)a->p.stride;
        for (int x = 0; x < a->w; x++) {
            size_t i = (size_t)y * (size_t)a->w + (size_t)x;
            const uint8_t *px = row + (size_t)x * (size_t)ch;
            float r = a->lin[px[0]], g = a->lin[px[1]], b = a->lin[px[2]];
            float lum = 0.2126f * r + 0.7152f * g + 0.0722f * b;
            float sum = r + g + b;
            int sat = sum > 0.0f && r >= RED_SATURATION * sum;
            float red = fmaxf(0.0f, (r - g - b) * RED_SCALE);
            float v[FLASH_KIND_COUNT] = { lum, red };
            for (int k = 0; k < FLASH_KIND_COUNT; k++) {
                track *tr = &a->tr[k];
                if (first) {
                    tr->ref[i] = tr->ext[i] = v[k];
                    tr->bits[i] = sat ? (BIT_REF_FLAG | BIT_EXT_FLAG) : 0;
                    continue;
                }
                int changed = track_step(tr, i, v[k], sat, (flash_kind)k);
                track_count(tr, i, changed, t, window);
                int c = tr->count[i];
                if (c > peak_count[k])
                    peak_count[k] = c;
                over[k] += c > limit;
            }
        }
    }
    a->res.frames++;
    a->res.t_last = t;

    int failing = 0;
    const double field_area = (double)a->fw * (double)a->fh;
    for (int k = 0; k < FLASH_KIND_COUNT; k++) {
        vio_state *vs = &a->vs[k];
        double pf = peak_count[k] / 2.0 / window;
        if (pf > a->res.peak_pixel_flashes[k])
            a->res.peak_pixel_flashes[k] = pf;
        if (over[k] == 0) {
            vs->open = 0;
            continue;
        }
        int fx = 0, fy = 0;
        long best = max_field_sum(a, a->tr[k].count, limit + 1, &fx, &fy);
        double area = best / field_area;
        if (area > a->res.peak_area_fraction[k])
            a->res.peak_area_fraction[k] = area;
        if (!(area > a->p.area_frac)) {
            vs->open = 0;
            continue;
        }
        failing |= 1 << k;
        /* The rate that more than area_frac of one field reached. */
        int level = limit + 1;
        for (int l = limit + 2; l <= peak_count[k]; l++) {
            int ux, uy;
            if (!(max_field_sum(a, a->tr[k].count, l, &ux, &uy) / field_area > a->p.area_frac))
                break;
            level = l;
        }
        note_violation(a, (flash_kind)k, t, level / 2.0 / window, area, fx, fy);
    }
    return failing;
}

const flash_result *flash_get_result(const flash_analyser *a)
{
    return a ? &a->res : NULL;
}
