/* test_flash: the flash analyser on synthetic sequences that must fail and
 * must pass WCAG 2.3.1, plus its memory and restart promises. */
#include "check.h"
#include "video/flash.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

enum { W = 160, H = 90, FPS = 30 };

/* A rectangle [x0, x1) x [y0, y1) switching between two colours at hz flashes
 * per second (a switch every 1 / (2 hz) s): "off" before phase_s, "on" from
 * phase_s, then alternating. The rest of the frame shows bg. */
typedef struct {
    int x0, y0, x1, y1;
    double hz;
    double phase_s; /* time of the first switch to "on" */
    uint8_t on[3], off[3], bg[3];
} square;

typedef void (*draw_fn)(uint8_t *frame, long k, double t, const void *ctx);

static void put(uint8_t *frame, int x, int y, const uint8_t c[3])
{
    uint8_t *p = frame + ((size_t)y * W + (size_t)x) * 4;
    p[0] = c[0];
    p[1] = c[1];
    p[2] = c[2];
    p[3] = 255;
}

static int square_state(const square *s, long k)
{
    /* The 1e-9 keeps switches that fall exactly on a frame on that frame. */
    double u = ((double)k / FPS - s->phase_s) * 2.0 * s->hz + 1e-9;
    return u < 0.0 ? 0 : ((int)floor(u) + 1) & 1;
}

static void draw_square(uint8_t *frame, long k, double t, const void *ctx)
{
    const square *s = ctx;
    const uint8_t *c = square_state(s, k) ? s->on : s->off;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            put(frame, x, y, (x >= s->x0 && x < s->x1 && y >= s->y0 && y < s->y1) ? c : s->bg);
}

/* Two squares drawn in turn (the second over the first). */
typedef struct {
    square a, b;
} square_pair;

static void draw_pair(uint8_t *frame, long k, double t, const void *ctx)
{
    const square_pair *sp = ctx;
    draw_square(frame, k, t, &sp->a);
    const square *s = &sp->b;
    const uint8_t *c = square_state(s, k) ? s->on : s->off;
    for (int y = s->y0; y < s->y1; y++)
        for (int x = s->x0; x < s->x1; x++)
            put(frame, x, y, c);
}

static flash_params params(void)
{
    flash_params p = { 0 };
    p.width = W;
    p.height = H;
    return p;
}

static flash_result run_on(flash_analyser *a, double seconds, draw_fn draw, const void *ctx)
{
    static uint8_t frame[W * H * 4];
    long frames = (long)lround(seconds * FPS);
    for (long k = 0; k < frames; k++) {
        double t = (double)k / FPS;
        draw(frame, k, t, ctx);
        CHECK(flash_push(a, frame, t) >= 0);
    }
    return *flash_get_result(a);
}

static flash_result run(double seconds, draw_fn draw, const void *ctx)
{
    flash_params p = params();
    flash_analyser *a = flash_create(&p);
    CHECK(a != NULL);
    flash_result r = { 0 };
    if (a)
        r = run_on(a, seconds, draw, ctx);
    flash_destroy(a);
    return r;
}

static int count_kind(const flash_result *r, flash_kind kind)
{
    int n = 0;
    for (int i = 0; i < r->listed; i++)
        n += r->violations[i].kind == kind;
    return n;
}

static double srgb_lin(int v)
{
    double c = v / 255.0;
    return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

/* The smallest grey level whose relative luminance is >= lum. */
static uint8_t grey_at_least(double lum)
{
    for (int v = 0; v < 256; v++)
        if (srgb_lin(v) >= lum)
            return (uint8_t)v;
    return 255;
}

static square fullscreen(double hz, uint8_t on, uint8_t off)
{
    square s = { 0, 0, W, H, hz, 0.0, { on, on, on }, { off, off, off }, { 0, 0, 0 } };
    return s;
}

/* --- must fail ------------------------------------------------------------ */

TEST(test_flash_fails_fullscreen_5hz)
{
    square s = fullscreen(5.0, 255, 0);
    flash_result r = run(3.0, draw_square, &s);
    CHECK(r.violation_count == 1);
    CHECK(count_kind(&r, FLASH_GENERAL) == 1);
    CHECK(count_kind(&r, FLASH_RED) == 0);
    if (r.listed >= 1) {
        const flash_violation *v = &r.violations[0];
        CHECK_NEAR(v->flashes_per_s, 5.0, 1e-9);
        CHECK_NEAR(v->area_fraction, 1.0, 1e-9);
        CHECK_NEAR(v->t_start, 0.0, 1e-9); /* the first failing window reaches back to 0 */
        CHECK(v->t_end > 2.9);
    }
}

TEST(test_flash_fails_half_screen_4hz)
{
    square s = { 0, 0, W / 2, H, 4.0, 0.0, { 255, 255, 255 }, { 0, 0, 0 }, { 60, 60, 60 } };
    flash_result r = run(3.0, draw_square, &s);
    CHECK(count_kind(&r, FLASH_GENERAL) == 1);
    if (r.listed >= 1) {
        CHECK(r.violations[0].flashes_per_s >= 3.5);
        CHECK(r.violations[0].flashes_per_s <= 4.0);
        CHECK_NEAR(r.violations[0].area_fraction, 1.0, 1e-9);
    }
}

TEST(test_flash_fails_saturated_red_4hz_over_large_area)
{
    square s = { 0, 0, W, H, 4.0, 0.0, { 255, 0, 0 }, { 0, 0, 0 }, { 0, 0, 0 } };
    flash_result r = run(3.0, draw_square, &s);
    CHECK(count_kind(&r, FLASH_RED) == 1);
    CHECK(r.peak_area_fraction[FLASH_RED] > 0.99);
}

TEST(test_flash_fails_red_flash_too_dim_for_general_threshold)
{
    /* sRGB red 150 has luminance ~0.065 (< 0.1) but a red measure ~98 (> 20). */
    square s = { 0, 0, W, H, 5.0, 0.0, { 150, 0, 0 }, { 0, 0, 0 }, { 0, 0, 0 } };
    flash_result r = run(3.0, draw_square, &s);
    CHECK(count_kind(&r, FLASH_RED) == 1);
    CHECK(count_kind(&r, FLASH_GENERAL) == 0);
}

TEST(test_flash_fails_flicker_whose_darker_state_is_below_080)
{
    uint8_t lo = grey_at_least(0.70), hi = grey_at_least(0.95);
    square s = fullscreen(6.0, hi, lo);
    flash_result r = run(2.0, draw_square, &s);
    CHECK(count_kind(&r, FLASH_GENERAL) == 1);
}

TEST(test_flash_fails_seven_changes_within_one_second)
{
    /* 3.5 flashes: on at 0.3, off, on, ... changes 0.14 s apart, then still. */
    square s = { 0, 0, W, H, 1.0 / (2 * 0.14), 0.3, { 255, 255, 255 }, { 0, 0, 0 }, { 0 } };
    flash_params p = params();
    flash_analyser *a = flash_create(&p);
    CHECK(a != NULL);
    if (!a)
        return;
    static uint8_t frame[W * H * 4];
    int worst = 0;
    for (long k = 0; k < 3 * FPS; k++) {
        double t = (double)k / FPS;
        /* Hold the state reached by the 7th change (at 0.3 + 6 * 0.14 = 1.14). */
        draw_square(frame, t < 1.2 ? k : lround(1.2 * FPS), t, &s);
        int f = flash_push(a, frame, t);
        if (f > worst)
            worst = f;
    }
    CHECK(worst == 1 << FLASH_GENERAL);
    const flash_result *r = flash_get_result(a);
    CHECK(r->violation_count == 1);
    if (r->listed)
        CHECK_NEAR(r->violations[0].flashes_per_s, 3.5, 1e-9);
    flash_destroy(a);
}

TEST(test_flash_fails_nearby_small_areas_combined_in_one_field)
{
    /* Each 15x15 block is 14% of a 53x30 field; side by side they are 28%. */
    square_pair sp = {
        { 40, 30, 55, 45, 8.0, 0.0, { 255, 255, 255 }, { 0, 0, 0 }, { 0, 0, 0 } },
        { 60, 30, 75, 45, 8.0, 0.0, { 255, 255, 255 }, { 0, 0, 0 }, { 0, 0, 0 } },
    };
    flash_result r = run(2.0, draw_pair, &sp);
    CHECK(count_kind(&r, FLASH_GENERAL) == 1);
    if (r.listed) {
        CHECK_NEAR(r.violations[0].area_fraction, 450.0 / (53.0 * 30.0), 1e-9);
        CHECK(r.violations[0].field_x <= 40 && r.violations[0].field_x + 53 >= 75);
        CHECK(r.violations[0].field_y <= 30 && r.violations[0].field_y + 30 >= 45);
    }
}

TEST(test_flash_reports_field_position_with_rows_bottom_up)
{
    square s = { 0, 0, 40, 20, 8.0, 0.0, { 255, 255, 255 }, { 0, 0, 0 }, { 0, 0, 0 } };
    flash_params p = params();
    p.rows_bottom_up = 1; /* row 0 drawn = bottom of the screen */
    flash_analyser *a = flash_create(&p);
    CHECK(a != NULL);
    if (!a)
        return;
    flash_result r = run_on(a, 2.0, draw_square, &s);
    CHECK(r.listed == 1);
    if (r.listed)
        CHECK(r.violations[0].field_y == H - 30); /* the field sits at the bottom */
    flash_destroy(a);
}

TEST(test_flash_merges_failing_windows_that_overlap)
{
    /* At 3.4 flashes per second a window holds 6 or 7 changes depending on
     * where it falls, so failing frames come and go; it is one hazard. */
    square s = fullscreen(3.4, 255, 0);
    flash_result r = run(4.0, draw_square, &s);
    CHECK(r.violation_count == 1);
    if (r.listed)
        CHECK(r.violations[0].t_end > 3.5);
}

/* --- must pass ------------------------------------------------------------ */

TEST(test_flash_passes_fullscreen_3hz)
{
    /* Exactly three flashes (six changes) in every one-second window. */
    square s = fullscreen(3.0, 255, 0);
    flash_result r = run(5.0, draw_square, &s);
    CHECK(r.violation_count == 0);
    CHECK_NEAR(r.peak_pixel_flashes[FLASH_GENERAL], 3.0, 1e-9);
    CHECK(r.peak_area_fraction[FLASH_GENERAL] == 0.0);

    square slow = fullscreen(2.0, 255, 0);
    r = run(5.0, draw_square, &slow);
    CHECK(r.violation_count == 0);
    CHECK_NEAR(r.peak_pixel_flashes[FLASH_GENERAL], 2.0, 1e-9);
}

TEST(test_flash_passes_six_changes_within_one_second)
{
    square s = { 0, 0, W, H, 1.0 / (2 * 0.14), 0.3, { 255, 255, 255 }, { 0, 0, 0 }, { 0 } };
    flash_params p = params();
    flash_analyser *a = flash_create(&p);
    CHECK(a != NULL);
    if (!a)
        return;
    static uint8_t frame[W * H * 4];
    for (long k = 0; k < 3 * FPS; k++) {
        double t = (double)k / FPS;
        /* Stop before the 7th change (at 1.14 s). */
        draw_square(frame, t < 1.1 ? k : lround(1.1 * FPS), t, &s);
        CHECK(flash_push(a, frame, t) == 0);
    }
    CHECK(flash_get_result(a)->violation_count == 0);
    CHECK_NEAR(flash_get_result(a)->peak_pixel_flashes[FLASH_GENERAL], 3.0, 1e-9);
    flash_destroy(a);
}

TEST(test_flash_passes_fast_flicker_over_tiny_area)
{
    /* 12x12 = 144 px, 9% of a 53x30 field, at 10 flashes per second. */
    square s = { 70, 40, 82, 52, 10.0, 0.0, { 255, 255, 255 }, { 0, 0, 0 }, { 0, 0, 0 } };
    flash_result r = run(3.0, draw_square, &s);
    CHECK(r.violation_count == 0);
    CHECK(r.peak_pixel_flashes[FLASH_GENERAL] >= 8.0); /* it did flash, at the cap */
    CHECK_NEAR(r.peak_area_fraction[FLASH_GENERAL], 144.0 / (53.0 * 30.0), 1e-9);
}

TEST(test_flash_passes_small_areas_far_apart)
{
    square_pair sp = {
        { 0, 0, 15, 15, 8.0, 0.0, { 255, 255, 255 }, { 0, 0, 0 }, { 0, 0, 0 } },
        { W - 15, H - 15, W, H, 8.0, 0.0, { 255, 255, 255 }, { 0, 0, 0 }, { 0, 0, 0 } },
    };
    flash_result r = run(2.0, draw_pair, &sp);
    CHECK(r.violation_count == 0);
    CHECK_NEAR(r.peak_area_fraction[FLASH_GENERAL], 225.0 / (53.0 * 30.0), 1e-9);
}

static void draw_dipping_rise(uint8_t *frame, long k, double t, const void *ctx)
{
    /* Three flashes a second; each rise from black to white pauses half way
     * and dips by less than 0.1 before going on. */
    static const uint8_t steps[10] = { 0, 0, 110, 100, 255, 255, 255, 255, 255, 0 };
    uint8_t v = steps[k % 10];
    uint8_t c[3] = { v, v, v };
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            put(frame, x, y, c);
}

TEST(test_flash_counts_a_rise_with_a_small_dip_as_one_change)
{
    CHECK(srgb_lin(110) - srgb_lin(100) < 0.1 && srgb_lin(110) >= 0.1);
    flash_result r = run(4.0, draw_dipping_rise, NULL);
    CHECK(r.violation_count == 0);
    CHECK_NEAR(r.peak_pixel_flashes[FLASH_GENERAL], 3.0, 1e-9);
}

/* Deterministic per-pixel noise in {-1, 0, +1}. */
static int dither(long k, int x, int y)
{
    uint32_t h = (uint32_t)k * 2654435761u ^ (uint32_t)x * 40503u ^ (uint32_t)y * 97u;
    h ^= h >> 13;
    h *= 0x5bd1e995u;
    h ^= h >> 15;
    return (int)(h % 3u) - 1;
}

static uint8_t clamp8(int v)
{
    return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
}

static void draw_fade(uint8_t *frame, long k, double t, const void *ctx)
{
    /* Full screen: 2 s up from black to white, 2 s down, repeated, dithered. */
    double u = fmod(t, 4.0);
    double level = u < 2.0 ? u / 2.0 : (4.0 - u) / 2.0;
    int base = (int)lround(level * 255.0);
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            uint8_t v = clamp8(base + dither(k, x, y));
            uint8_t c[3] = { v, v, v };
            put(frame, x, y, c);
        }
}

TEST(test_flash_passes_slow_fullscreen_fades)
{
    flash_result r = run(20.0, draw_fade, NULL);
    CHECK(r.violation_count == 0);
    /* Each 2 s fade is one change: at most one flash's worth in any second. */
    CHECK(r.peak_pixel_flashes[FLASH_GENERAL] <= 0.5);
    CHECK(r.peak_pixel_flashes[FLASH_GENERAL] > 0.0);
}

TEST(test_flash_passes_flicker_whose_darker_state_is_080_or_more)
{
    uint8_t lo = grey_at_least(0.80), hi = grey_at_least(0.95);
    CHECK(srgb_lin(lo) >= 0.80 && srgb_lin(hi) - srgb_lin(lo) >= 0.1);
    square s = fullscreen(10.0, hi, lo);
    flash_result r = run(3.0, draw_square, &s);
    CHECK(r.violation_count == 0);
    CHECK(r.peak_pixel_flashes[FLASH_GENERAL] == 0.0);
}

TEST(test_flash_passes_small_amplitude_flicker_in_the_dark)
{
    uint8_t lo = grey_at_least(0.02), hi = grey_at_least(0.07);
    CHECK(srgb_lin(hi) - srgb_lin(lo) < 0.1);
    square s = fullscreen(10.0, hi, lo);
    flash_result r = run(3.0, draw_square, &s);
    CHECK(r.violation_count == 0);
    CHECK(r.peak_pixel_flashes[FLASH_GENERAL] == 0.0);

    /* A gentle 1 Hz shimmer stays quiet too. */
    square shimmer = fullscreen(1.0, hi, lo);
    r = run(5.0, draw_square, &shimmer);
    CHECK(r.violation_count == 0);
    CHECK(r.peak_pixel_flashes[FLASH_GENERAL] == 0.0);
}

static void draw_dark_gradient(uint8_t *frame, long k, double t, const void *ctx)
{
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            uint8_t v = clamp8(x * 60 / W + y / 10 + dither(k, x, y));
            uint8_t c[3] = { v, (uint8_t)(v * 3 / 4), (uint8_t)(v / 2) };
            put(frame, x, y, c);
        }
}

TEST(test_flash_passes_dither_noise_over_dark_gradient)
{
    flash_result r = run(10.0, draw_dark_gradient, NULL);
    CHECK(r.violation_count == 0);
    CHECK(r.peak_pixel_flashes[FLASH_GENERAL] == 0.0);
    CHECK(r.peak_pixel_flashes[FLASH_RED] == 0.0);
}

TEST(test_flash_passes_unsaturated_dark_red_flicker)
{
    /* (120, 60, 60): R / (R + G + B) ~0.68 on linear values, luminance ~0.075. */
    square s = { 0, 0, W, H, 5.0, 0.0, { 120, 60, 60 }, { 0, 0, 0 }, { 0, 0, 0 } };
    flash_result r = run(3.0, draw_square, &s);
    CHECK(r.violation_count == 0);
}

/* --- contracts ------------------------------------------------------------ */

static int same_result(const flash_result *x, const flash_result *y)
{
    if (x->violation_count != y->violation_count || x->listed != y->listed ||
        x->frames != y->frames)
        return 0;
    for (int k = 0; k < FLASH_KIND_COUNT; k++)
        if (x->peak_area_fraction[k] != y->peak_area_fraction[k] ||
            x->peak_pixel_flashes[k] != y->peak_pixel_flashes[k])
            return 0;
    for (int i = 0; i < x->listed; i++) {
        const flash_violation *a = &x->violations[i], *b = &y->violations[i];
        if (a->kind != b->kind || a->t_start != b->t_start || a->t_end != b->t_end ||
            a->flashes_per_s != b->flashes_per_s || a->area_fraction != b->area_fraction ||
            a->field_x != b->field_x || a->field_y != b->field_y)
            return 0;
    }
    return 1;
}

TEST(test_flash_fresh_and_reset_analysers_agree)
{
    square flashing = { 0, 0, W / 2, H, 4.0, 0.0, { 255, 0, 0 }, { 0, 0, 0 }, { 60, 60, 60 } };
    flash_result one = run(4.0, draw_square, &flashing);
    flash_result two = run(4.0, draw_square, &flashing);
    CHECK(one.violation_count >= 1);
    CHECK(same_result(&one, &two));

    /* After a reset, nothing of the earlier sequence leaks in: a still white
     * screen that follows a black one is no change at all. */
    flash_params p = params();
    flash_analyser *a = flash_create(&p);
    CHECK(a != NULL);
    if (!a)
        return;
    flash_result three = run_on(a, 4.0, draw_square, &flashing);
    CHECK(same_result(&one, &three));
    flash_reset(a);
    square white = fullscreen(0.0, 255, 255);
    flash_result after = run_on(a, 2.0, draw_square, &white);
    flash_result fresh = run(2.0, draw_square, &white);
    CHECK(after.violation_count == 0 && after.frames == 2 * FPS);
    CHECK(same_result(&after, &fresh));
    flash_reset(a);
    flash_result again = run_on(a, 4.0, draw_square, &flashing);
    CHECK(same_result(&one, &again));
    flash_destroy(a);
}

typedef struct {
    long allocs, releases;
    size_t bytes;
} alloc_count;

static void *counting_alloc(size_t size, void *user)
{
    alloc_count *c = user;
    c->allocs++;
    c->bytes += size;
    return malloc(size);
}

static void counting_release(void *ptr, void *user)
{
    alloc_count *c = user;
    c->releases++;
    free(ptr);
}

TEST(test_flash_allocates_nothing_after_create)
{
    alloc_count c = { 0, 0, 0 };
    flash_params p = params();
    p.allocator.alloc = counting_alloc;
    p.allocator.release = counting_release;
    p.allocator.user = &c;
    flash_analyser *a = flash_create(&p);
    CHECK(a != NULL);
    if (!a)
        return;
    long after_create = c.allocs;
    size_t bytes = flash_memory_bytes(a);
    CHECK(after_create > 0 && c.bytes == bytes);
    square s = fullscreen(5.0, 255, 0);
    run_on(a, 60.0, draw_square, &s); /* 1800 frames, failing the whole time */
    CHECK(c.allocs == after_create);
    CHECK(c.releases == 0);
    CHECK(flash_memory_bytes(a) == bytes);
    flash_reset(a);
    CHECK(c.allocs == after_create);
    flash_destroy(a);
    CHECK(c.releases == c.allocs);
}

TEST(test_flash_counts_violations_beyond_the_listed_cap)
{
    /* 40 bursts of 5 Hz flashing, each 1.2 s, separated by 1.5 s of calm:
     * each burst is its own violation. */
    flash_params p = params();
    flash_analyser *a = flash_create(&p);
    CHECK(a != NULL);
    if (!a)
        return;
    static uint8_t frame[W * H * 4];
    square s = fullscreen(5.0, 255, 0);
    const double period = 2.7;
    for (long k = 0; k < lround(40 * period * FPS); k++) {
        double t = (double)k / FPS;
        double u = fmod(t, period);
        draw_square(frame, u < 1.2 ? lround(u * FPS) : 0, t, &s);
        CHECK(flash_push(a, frame, t) >= 0);
    }
    const flash_result *r = flash_get_result(a);
    CHECK(r->violation_count == 40);
    CHECK(r->listed == FLASH_MAX_LISTED);
    if (r->listed == FLASH_MAX_LISTED)
        CHECK(r->violations[1].t_start > r->violations[0].t_end);
    flash_destroy(a);
}

TEST(test_flash_accepts_rgb_rows_with_padding)
{
    enum { STRIDE = W * 3 + 8 };
    static uint8_t frame[STRIDE * H];
    flash_params p = params();
    p.channels = 3;
    p.stride = STRIDE;
    flash_analyser *a = flash_create(&p);
    CHECK(a != NULL);
    if (!a)
        return;
    for (long k = 0; k < 2 * FPS; k++) {
        /* 6 Hz full screen; the padding bytes stay black and must be ignored. */
        memset(frame, 0, sizeof frame);
        uint8_t v = ((k / 3) & 1) ? 255 : 0;
        for (int y = 0; y < H; y++)
            memset(frame + (size_t)y * STRIDE, v, W * 3);
        flash_push(a, frame, (double)k / FPS);
    }
    CHECK(flash_get_result(a)->violation_count == 1);
    flash_destroy(a);
}

TEST(test_flash_rejects_bad_params_and_times)
{
    flash_params p = params();
    p.channels = 2;
    CHECK(flash_create(&p) == NULL);
    p = params();
    p.width = 0;
    CHECK(flash_create(&p) == NULL);
    p = params();
    p.area_frac = 1.5;
    CHECK(flash_create(&p) == NULL);
    p = params();
    p.stride = W * 4 - 1;
    CHECK(flash_create(&p) == NULL);
    CHECK(flash_create(NULL) == NULL);
    flash_destroy(NULL);

    p = params();
    flash_analyser *a = flash_create(&p);
    CHECK(a != NULL);
    if (!a)
        return;
    static uint8_t frame[W * H * 4];
    CHECK(flash_push(a, frame, 1.0) == 0);
    CHECK(flash_push(a, frame, 1.0) == -1); /* not after the previous frame */
    CHECK(flash_push(a, frame, 0.5) == -1);
    CHECK(flash_push(a, frame, NAN) == -1);
    CHECK(flash_push(a, NULL, 2.0) == -1);
    CHECK(flash_get_result(a)->frames == 1);
    CHECK_STR(flash_kind_name(FLASH_RED), "red");
    CHECK_STR(flash_kind_name(FLASH_GENERAL), "general");
    flash_destroy(a);
}

int main(void)
{
    RUN(test_flash_fails_fullscreen_5hz);
    RUN(test_flash_fails_half_screen_4hz);
    RUN(test_flash_fails_saturated_red_4hz_over_large_area);
    RUN(test_flash_fails_red_flash_too_dim_for_general_threshold);
    RUN(test_flash_fails_flicker_whose_darker_state_is_below_080);
    RUN(test_flash_fails_seven_changes_within_one_second);
    RUN(test_flash_fails_nearby_small_areas_combined_in_one_field);
    RUN(test_flash_reports_field_position_with_rows_bottom_up);
    RUN(test_flash_merges_failing_windows_that_overlap);
    RUN(test_flash_passes_fullscreen_3hz);
    RUN(test_flash_passes_six_changes_within_one_second);
    RUN(test_flash_passes_fast_flicker_over_tiny_area);
    RUN(test_flash_passes_small_areas_far_apart);
    RUN(test_flash_counts_a_rise_with_a_small_dip_as_one_change);
    RUN(test_flash_passes_slow_fullscreen_fades);
    RUN(test_flash_passes_flicker_whose_darker_state_is_080_or_more);
    RUN(test_flash_passes_small_amplitude_flicker_in_the_dark);
    RUN(test_flash_passes_dither_noise_over_dark_gradient);
    RUN(test_flash_passes_unsaturated_dark_red_flicker);
    RUN(test_flash_fresh_and_reset_analysers_agree);
    RUN(test_flash_allocates_nothing_after_create);
    RUN(test_flash_counts_violations_beyond_the_listed_cap);
    RUN(test_flash_accepts_rgb_rows_with_padding);
    RUN(test_flash_rejects_bad_params_and_times);
    return check_done();
}
