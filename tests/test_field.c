/* test_field: the geodesic distance field is zero at the seed, close to
 * Euclidean in open space, bends round walls, marks what it cannot reach,
 * and on the built-in figure reaches the fingertips and ears last.
 *
 * Prints the time field_geodesic takes on the figure at 256 and 512 (for the
 * record; nothing asserts on it). Set WS_PREVIEW_DIR to also get field.pgm
 * (normalised distance with contour bands, 512x512) there. */
#include "check.h"
#include "scene/field.h"
#include "scene/figure.h"

#include <stdlib.h>
#include <time.h>

static float *alloc_grid(int w, int h, float fill)
{
    float *g = malloc(sizeof(float) * (size_t)w * (size_t)h);
    if (g)
        for (int k = 0; k < w * h; k++)
            g[k] = fill;
    return g;
}

TEST(test_field_is_euclidean_in_open_space)
{
    enum { N = 201 };
    float *mask = alloc_grid(N, N, 1.0f), *d = alloc_grid(N, N, 0.0f);
    CHECK(mask && d);
    if (!mask || !d)
        goto out;
    float sx = 100.5f, sy = 100.5f; /* centre of texel (100, 100) */
    CHECK(field_geodesic(mask, N, N, 0.5f, sx, sy, d) == N * N);
    CHECK_NEAR(d[100 * N + 100], 0.0, 1e-6);
    float worst = 0.0f;
    for (int j = 0; j < N; j++)
        for (int i = 0; i < N; i++) {
            float dx = (float)i + 0.5f - sx, dy = (float)j + 0.5f - sy;
            float r = sqrtf(dx * dx + dy * dy);
            if (r < 10.0f)
                continue;
            float e = fabsf(d[j * N + i] - r) / r;
            if (e > worst)
                worst = e;
        }
    printf("open square: worst relative error beyond 10 texels %.2f%%\n", 100.0 * worst);
    CHECK(worst < 0.03f);
out:
    free(mask);
    free(d);
}

TEST(test_field_goes_round_a_wall)
{
    /* A wall across the middle row from x = 0 to x = 149 of a 200 x 101 grid;
       the seed sits above it, the target below: the path bends round the
       wall's end, whose free corner is at (150, 50). */
    enum { W = 200, H = 101 };
    float *mask = alloc_grid(W, H, 1.0f), *d = alloc_grid(W, H, 0.0f);
    CHECK(mask && d);
    if (!mask || !d)
        goto out;
    for (int i = 0; i < 150; i++)
        mask[50 * W + i] = 0.0f;
    float sx = 40.5f, sy = 20.5f;
    CHECK(field_geodesic(mask, W, H, 0.5f, sx, sy, d) == W * H - 150);
    int ti = 40, tj = 80;
    float cx = 150.0f, cy = 50.5f; /* the corner the path hugs */
    float ax = cx - sx, ay = cy - sy, bx = (float)ti + 0.5f - cx, by = (float)tj + 0.5f - cy;
    float expect = sqrtf(ax * ax + ay * ay) + sqrtf(bx * bx + by * by);
    float got = d[tj * W + ti];
    CHECK(fabsf(got - expect) / expect < 0.03f);
    /* straight-line distance would be far shorter: the field is geodesic */
    CHECK(got > 1.5f * 60.0f);
    CHECK(d[50 * W + 10] == FIELD_UNREACHABLE);
out:
    free(mask);
    free(d);
}

TEST(test_field_marks_outside_and_cut_off_texels_unreachable)
{
    enum { N = 64 };
    float *mask = alloc_grid(N, N, 0.0f), *d = alloc_grid(N, N, 0.0f);
    CHECK(mask && d);
    if (!mask || !d)
        goto out;
    int disc = 0;
    for (int j = 0; j < N; j++)
        for (int i = 0; i < N; i++) {
            float dx = (float)i + 0.5f - 20.0f, dy = (float)j + 0.5f - 32.0f;
            if (dx * dx + dy * dy < 15.0f * 15.0f) {
                mask[j * N + i] = 1.0f;
                disc++;
            }
        }
    /* an island nobody can reach */
    for (int j = 30; j < 34; j++)
        for (int i = 55; i < 60; i++)
            mask[j * N + i] = 1.0f;
    CHECK(field_geodesic(mask, N, N, 0.0f, 20.0f, 32.0f, d) == disc);
    int wrong = 0;
    for (int k = 0; k < N * N; k++) {
        int in_disc = mask[k] > 0.5f && (k % N) < 50;
        if (in_disc != (d[k] >= 0.0f))
            wrong++;
    }
    CHECK(wrong == 0);
    CHECK(d[32 * N + 57] == FIELD_UNREACHABLE);
    CHECK(d[0] == FIELD_UNREACHABLE);
    /* a seed outside the mask, off the grid, or missing buffers: refused */
    CHECK(field_geodesic(mask, N, N, 0.5f, 2.0f, 2.0f, d) == -1);
    CHECK(d[32 * N + 20] == FIELD_UNREACHABLE);
    CHECK(field_geodesic(mask, N, N, 0.5f, -5.0f, 32.0f, d) == -1);
    CHECK(field_geodesic(NULL, N, N, 0.5f, 20.0f, 32.0f, d) == -1);
    CHECK(field_geodesic(mask, 0, N, 0.5f, 20.0f, 32.0f, d) == -1);
out:
    free(mask);
    free(d);
}

TEST(test_field_slowness_delays_the_slow_region)
{
    enum { N = 101 };
    float *mask = alloc_grid(N, N, 1.0f), *slow = alloc_grid(N, N, 1.0f);
    float *d1 = alloc_grid(N, N, 0.0f), *d2 = alloc_grid(N, N, 0.0f);
    CHECK(mask && slow && d1 && d2);
    if (!mask || !slow || !d1 || !d2)
        goto out;
    CHECK(field_geodesic(mask, N, N, 0.5f, 50.5f, 50.5f, d1) == N * N);
    /* NULL slowness is plain geodesic distance */
    CHECK(field_geodesic_weighted(mask, NULL, N, N, 0.5f, 50.5f, 50.5f, d2) == N * N);
    CHECK(d2[10 * N + 90] == d1[10 * N + 90]);
    /* twice as slow everywhere: twice the travel time */
    for (int k = 0; k < N * N; k++)
        slow[k] = 2.0f;
    field_geodesic_weighted(mask, slow, N, N, 0.5f, 50.5f, 50.5f, d2);
    CHECK_NEAR(d2[10 * N + 90], 2.0f * d1[10 * N + 90], 1e-3 * d1[10 * N + 90]);
    /* slow (x4) right half: a texel there arrives later than its mirror */
    for (int j = 0; j < N; j++)
        for (int i = 0; i < N; i++)
            slow[j * N + i] = i >= 60 ? 4.0f : 1.0f;
    field_geodesic_weighted(mask, slow, N, N, 0.5f, 50.5f, 50.5f, d2);
    CHECK_NEAR(d2[50 * N + 10], d1[50 * N + 10], 1e-4);
    CHECK_NEAR(d2[50 * N + 90], 9.5f + 4.0f * 31.0f, 1.0);
    /* zero or negative slowness is held at the floor, never free */
    for (int k = 0; k < N * N; k++)
        slow[k] = -1.0f;
    field_geodesic_weighted(mask, slow, N, N, 0.5f, 50.5f, 50.5f, d2);
    CHECK(d2[50 * N + 90] > 0.0f);
    CHECK_NEAR(d2[50 * N + 90], FIELD_MIN_SLOWNESS * 40.0f, 1e-3);
out:
    free(mask);
    free(slow);
    free(d1);
    free(d2);
}

TEST(test_field_normalize_maps_seed_to_0_and_farthest_to_1)
{
    float d[6] = { 0.0f, 2.0f, FIELD_UNREACHABLE, 8.0f, 4.0f, FIELD_UNREACHABLE };
    float out[6];
    CHECK_NEAR(field_normalize(d, 6, out), 8.0, 1e-6);
    CHECK_NEAR(out[0], 0.0, 1e-6);
    CHECK_NEAR(out[1], 0.25, 1e-6);
    CHECK(out[2] == FIELD_UNREACHABLE);
    CHECK_NEAR(out[3], 1.0, 1e-6);
    CHECK(out[5] == FIELD_UNREACHABLE);
    /* in place works too */
    CHECK_NEAR(field_normalize(d, 6, d), 8.0, 1e-6);
    CHECK_NEAR(d[4], 0.5, 1e-6);
    float none[2] = { FIELD_UNREACHABLE, FIELD_UNREACHABLE };
    CHECK(field_normalize(none, 2, none) == 0.0f);
    CHECK(none[0] == FIELD_UNREACHABLE);
}

/* ---- on the figure -------------------------------------------------------- */

typedef struct {
    int n;
    float *mask, *dist;
    int reached, inside;
} figure_field;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

static int figure_field_make(figure_field *ff, int n)
{
    const figure *f = figure_wellspring();
    ff->n = n;
    ff->mask = alloc_grid(n, n, 0.0f);
    ff->dist = alloc_grid(n, n, 0.0f);
    if (!ff->mask || !ff->dist || figure_rasterize(f, n, n, ff->mask, NULL) != 0)
        return -1;
    ff->inside = 0;
    for (int k = 0; k < n * n; k++)
        ff->inside += ff->mask[k] >= 0.5f;
    float hx, hy, sx, sy;
    figure_anchor(f, "heart", &hx, &hy);
    figure_to_texel(hx, hy, n, n, &sx, &sy);
    /* time a few runs and keep the best, so a busy machine shows less */
    double best = 1e9;
    for (int r = 0; r < 5; r++) {
        double t0 = now_ms();
        ff->reached = field_geodesic(ff->mask, n, n, 0.5f, sx, sy, ff->dist);
        double t = now_ms() - t0;
        if (t < best)
            best = t;
    }
    printf("field_geodesic on the figure at %dx%d: %.2f ms (best of 5), %d texels reached\n",
           n, n, best, ff->reached);
    return 0;
}

static void figure_field_free(figure_field *ff)
{
    free(ff->mask);
    free(ff->dist);
}

/* Distance at a figure-space anchor: the texel holding it, or the nearest
   reachable texel within two texels (a thin fingertip may miss its centre). */
static float dist_at(const figure_field *ff, const char *name)
{
    float x, y, tx, ty;
    if (figure_anchor(figure_wellspring(), name, &x, &y) != 0)
        return FIELD_UNREACHABLE;
    figure_to_texel(x, y, ff->n, ff->n, &tx, &ty);
    int ci = (int)tx, cj = (int)ty;
    float best = FIELD_UNREACHABLE, best_r = 1e9f;
    for (int j = cj - 2; j <= cj + 2; j++)
        for (int i = ci - 2; i <= ci + 2; i++) {
            if (i < 0 || j < 0 || i >= ff->n || j >= ff->n)
                continue;
            float d = ff->dist[j * ff->n + i];
            float r = (float)((i - ci) * (i - ci) + (j - cj) * (j - cj));
            if (d >= 0.0f && r < best_r) {
                best_r = r;
                best = d;
            }
        }
    return best;
}

/* Fraction of reachable texels farther than d. */
static float fraction_beyond(const figure_field *ff, float d)
{
    int beyond = 0, reach = 0;
    for (int k = 0; k < ff->n * ff->n; k++) {
        if (ff->dist[k] < 0.0f)
            continue;
        reach++;
        beyond += ff->dist[k] > d;
    }
    return reach ? (float)beyond / (float)reach : 1.0f;
}

/* Walks downhill over the 8 neighbours from an anchor; every step must be
   strictly lower, and the walk must end at the seed (distance < 1.5). */
static int descends_to_seed(const figure_field *ff, const char *name)
{
    float x, y, tx, ty;
    figure_anchor(figure_wellspring(), name, &x, &y);
    figure_to_texel(x, y, ff->n, ff->n, &tx, &ty);
    int n = ff->n, i = (int)tx, j = (int)ty;
    float d = ff->dist[j * n + i];
    if (d < 0.0f)
        return 0;
    for (int steps = 0; steps < 4 * n; steps++) {
        if (d < 1.5f)
            return 1;
        int bi = -1, bj = -1;
        float bd = d;
        for (int dj = -1; dj <= 1; dj++)
            for (int di = -1; di <= 1; di++) {
                int qi = i + di, qj = j + dj;
                if (qi < 0 || qj < 0 || qi >= n || qj >= n)
                    continue;
                float q = ff->dist[qj * n + qi];
                if (q >= 0.0f && q < bd) {
                    bd = q;
                    bi = qi;
                    bj = qj;
                }
            }
        if (bi < 0)
            return 0; /* a local minimum away from the seed */
        i = bi;
        j = bj;
        d = bd;
    }
    return 0;
}

static void check_figure_field(int n)
{
    figure_field ff = { 0 };
    CHECK(figure_field_make(&ff, n) == 0);
    if (!ff.mask || !ff.dist) {
        figure_field_free(&ff);
        return;
    }
    /* one connected body: every inside texel is reached, none outside */
    CHECK(ff.reached == ff.inside);
    int leaks = 0;
    for (int k = 0; k < n * n; k++)
        leaks += (ff.mask[k] < 0.5f) != (ff.dist[k] == FIELD_UNREACHABLE);
    CHECK(leaks == 0);

    float heart = dist_at(&ff, "heart");
    float torso = dist_at(&ff, "torso"), neck = dist_at(&ff, "neck");
    float shl = dist_at(&ff, "shoulder_left"), shr = dist_at(&ff, "shoulder_right");
    float hl = dist_at(&ff, "hand_left"), hr = dist_at(&ff, "hand_right");
    float fl = dist_at(&ff, "fingertip_left"), fr = dist_at(&ff, "fingertip_right");
    float el = dist_at(&ff, "ear_left"), er = dist_at(&ff, "ear_right");
    float top = dist_at(&ff, "head_top");
    printf("  %d: heart %.1f torso %.1f neck %.1f shoulders %.1f/%.1f hands %.1f/%.1f "
           "fingertips %.1f/%.1f (top %.1f%%) ears %.1f/%.1f head top %.1f\n",
           n, heart, torso, neck, shl, shr, hl, hr, fl, fr,
           100.0f * fraction_beyond(&ff, fl < fr ? fl : fr), el, er, top);
    CHECK(heart >= 0.0f && heart < 1.0f);
    CHECK(fl >= 0.0f && fr >= 0.0f && el >= 0.0f && er >= 0.0f);
    /* symmetric figure, symmetric field (within a texel or two) */
    CHECK(fabsf(fl - fr) < 2.0f);
    CHECK(fabsf(el - er) < 2.0f);
    /* the glow order: torso, then shoulders, then hands, fingertips last */
    CHECK(torso < hl && torso < hr);
    CHECK(shl < hl && shr < hr);
    CHECK(hl < fl && hr < fr);
    CHECK(fraction_beyond(&ff, fl < fr ? fl : fr) < 0.10f);
    /* ears lie beyond the neck and shoulders, out on the edge of the head
       (the head top, straight up, is farther still: a renderer that wants
       the ears last slows them with field_geodesic_weighted) */
    CHECK(el > neck && er > neck);
    CHECK(el > shl && er > shr);
    /* grows outward: a downhill walk from each extremity reaches the heart */
    CHECK(descends_to_seed(&ff, "fingertip_left"));
    CHECK(descends_to_seed(&ff, "fingertip_right"));
    CHECK(descends_to_seed(&ff, "ear_left"));
    CHECK(descends_to_seed(&ff, "knee_right"));
    CHECK(descends_to_seed(&ff, "head_top"));
    figure_field_free(&ff);
}

TEST(test_field_on_figure_at_256_reaches_fingertips_last)
{
    check_figure_field(256);
}

TEST(test_field_on_figure_at_512_reaches_fingertips_last)
{
    check_figure_field(512);
}

static void write_preview(void)
{
    const char *dir = getenv("WS_PREVIEW_DIR");
    if (!dir || !*dir)
        return;
    enum { N = 512 };
    figure_field ff = { 0 };
    char path[1024];
    snprintf(path, sizeof path, "%s/field.pgm", dir);
    FILE *fp = NULL;
    if (figure_field_make(&ff, N) == 0 && (fp = fopen(path, "wb"))) {
        field_normalize(ff.dist, N * N, ff.dist);
        fprintf(fp, "P5\n%d %d\n255\n", N, N);
        for (int k = 0; k < N * N; k++) {
            float v = ff.dist[k];
            int g = 0;
            if (v >= 0.0f) {
                /* bright at the heart, darker outward, with a dark contour
                   every 5% so the shape of the front shows */
                float band = v * 20.0f - floorf(v * 20.0f);
                g = (int)(40.0f + 215.0f * (1.0f - v));
                if (band < 0.08f)
                    g /= 3;
            }
            fputc(g, fp);
        }
        fclose(fp);
        printf("preview written to %s\n", path);
    }
    figure_field_free(&ff);
}

int main(void)
{
    RUN(test_field_is_euclidean_in_open_space);
    RUN(test_field_goes_round_a_wall);
    RUN(test_field_marks_outside_and_cut_off_texels_unreachable);
    RUN(test_field_slowness_delays_the_slow_region);
    RUN(test_field_normalize_maps_seed_to_0_and_farthest_to_1);
    RUN(test_field_on_figure_at_256_reaches_fingertips_last);
    RUN(test_field_on_figure_at_512_reaches_fingertips_last);
    write_preview();
    return check_done();
}
