/* test_figure: the built-in figure keeps ART.md's proportions, is symmetric,
 * holds its anchors, and rasterises to an anti-aliased mask.
 *
 * Set WS_PREVIEW_DIR to a folder to also get figure.pgm (coverage, 512x512)
 * and figure_rim.pgm (a soft rim from the SDF) there, to look at. */
#include "check.h"
#include "scene/figure.h"

#include <stdlib.h>

#define STEP 0.0005f

static float head_h(void) { return figure_wellspring()->scale; }

static int inside(float x, float y) { return figure_sdf(figure_wellspring(), x, y) < 0.0f; }

/* Outermost inside x on row y (scanning in from the frame edge), or 0. */
static float row_extent(float y)
{
    for (float x = 0.5f; x > 0.0f; x -= STEP)
        if (inside(x, y))
            return x;
    return 0.0f;
}

/* Number of separate inside runs crossed along a segment. */
static int runs_along(float x0, float y0, float x1, float y1)
{
    int runs = 0, was = 0;
    for (int s = 0; s <= 2000; s++) {
        float t = (float)s / 2000.0f;
        int in = inside(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t);
        if (in && !was)
            runs++;
        was = in;
    }
    return runs;
}

static void anchor(const char *name, float *x, float *y)
{
    *x = *y = -10.0f;
    CHECK(figure_anchor(figure_wellspring(), name, x, y) == 0);
}

TEST(test_figure_head_top_and_base_where_art_puts_them)
{
    float top = -1.0f, base = -1.0f;
    for (float y = 0.0f; y < 1.0f; y += STEP)
        if (inside(0.0f, y)) {
            top = y;
            break;
        }
    for (float y = 1.0f; y > 0.0f && base < 0.0f; y -= STEP)
        for (float x = -0.5f; x <= 0.5f; x += 0.002f)
            if (inside(x, y)) {
                base = y;
                break;
            }
    CHECK_NEAR(top, 0.16, 0.005);
    CHECK_NEAR(base, 0.78, 0.008);
    /* the whole figure is about 3.9 head heights */
    CHECK_NEAR((base - top) / head_h(), 3.9, 0.1);
}

TEST(test_figure_heart_on_centre_line_at_44_percent)
{
    float x, y;
    anchor("heart", &x, &y);
    CHECK_NEAR(x, 0.0, 1e-6);
    CHECK_NEAR(y, 0.44, 0.01);
    CHECK(inside(x, y));
    /* deep inside the chest, not near an edge */
    CHECK(figure_sdf(figure_wellspring(), x, y) < -1.0f * head_h() * 0.5f);
}

TEST(test_figure_knees_are_4_2_heads_apart)
{
    float x, y;
    anchor("knee_right", &x, &y);
    float w = 2.0f * row_extent(y) / head_h();
    CHECK_NEAR(w, 4.2, 0.15);
}

TEST(test_figure_shoulders_and_head_widths_follow_art)
{
    float x, y;
    anchor("shoulder_right", &x, &y);
    float shoulders = 2.0f * row_extent(y) / head_h();
    CHECK_NEAR(shoulders, 2.1, 0.15);
    /* head widest above the ears: 0.78 H */
    float widest = 0.0f;
    for (float v = 0.0f; v < 0.35f; v += 0.01f) {
        float e = row_extent(0.16f + v * head_h());
        if (e > widest)
            widest = e;
    }
    CHECK_NEAR(2.0f * widest / head_h(), 0.78, 0.06);
    /* the ears stick out a little beyond the head */
    float ex, ey;
    anchor("ear_right", &ex, &ey);
    CHECK(row_extent(ey) > widest);
    CHECK(row_extent(ey) < widest + 0.2f * head_h());
}

TEST(test_figure_is_symmetric)
{
    const figure *f = figure_wellspring();
    float worst = 0.0f;
    for (float y = 0.1f; y < 0.85f; y += 0.007f)
        for (float x = 0.0f; x < 0.5f; x += 0.007f) {
            float d = fabsf(figure_sdf(f, x, y) - figure_sdf(f, -x, y));
            if (d > worst)
                worst = d;
        }
    CHECK(worst < 1e-5f);
}

TEST(test_figure_anchors_lie_inside)
{
    static const char *names[] = { "head_top",       "face",           "ear_left",       "ear_right",
                                   "neck",           "heart",          "torso",
                                   "shoulder_left",  "shoulder_right", "elbow_left",
                                   "elbow_right",    "hand_left",      "hand_right",
                                   "fingertip_left", "fingertip_right", "knee_left",
                                   "knee_right",     "base" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        float x, y;
        anchor(names[i], &x, &y);
        if (!inside(x, y))
            fprintf(stderr, "anchor %s (%.3f, %.3f) is outside\n", names[i], x, y);
        CHECK(inside(x, y));
    }
    float x, y;
    CHECK(figure_anchor(figure_wellspring(), "tail", &x, &y) == -1);
    /* left is the viewer's left */
    anchor("hand_left", &x, &y);
    CHECK(x < 0.0f);
}

TEST(test_figure_has_open_space_where_a_silhouette_needs_it)
{
    float x, y;
    CHECK(!inside(0.0f, 0.10f));                   /* above the head */
    CHECK(!inside(0.0f, 0.85f));                   /* below the base */
    anchor("neck", &x, &y);
    CHECK(!inside(0.5f * head_h(), y));            /* beside the neck */
    /* arms hang apart from the waist: arm, torso, arm on the elbow row */
    anchor("elbow_right", &x, &y);
    CHECK(runs_along(-0.5f, y, 0.5f, y) == 3);
    float fx, fy;
    anchor("fingertip_right", &fx, &fy);
    /* fingertips are the outermost points of the figure */
    anchor("knee_right", &x, &y);
    CHECK(fx > x);
}

/* Points outside the figure from which every one of 16 rays meets the figure
 * within `reach`: an enclosed opening. Counted on a grid of `cell` over the
 * box x0..x1, y0..y1; `box` (x0, y0, x1, y1 of the points found) may be NULL. */
static int enclosed_points(float x0, float y0, float x1, float y1, float cell, float reach, float box[4])
{
    int count = 0;
    if (box) {
        box[0] = box[1] = 1e9f;
        box[2] = box[3] = -1e9f;
    }
    for (float y = y0; y <= y1; y += cell)
        for (float x = x0; x <= x1; x += cell) {
            if (inside(x, y))
                continue;
            int closed = 1;
            for (int d = 0; d < 16 && closed; d++) {
                float a = 6.2831853f * (float)d / 16.0f, hit = 0.0f;
                for (float r = cell; r <= reach && !hit; r += 0.25f * cell)
                    hit = inside(x + r * cosf(a), y + r * sinf(a));
                closed = hit != 0.0f;
            }
            count += closed;
            if (closed && box) {
                box[0] = fminf(box[0], x);
                box[1] = fminf(box[1], y);
                box[2] = fmaxf(box[2], x);
                box[3] = fmaxf(box[3], y);
            }
        }
    return count;
}

TEST(test_figure_hands_rest_in_a_mudra)
{
    /* the thumb and index finger meet round a small opening beside the hand */
    float hx, hy, fx, fy, box[4];
    anchor("hand_right", &hx, &hy);
    anchor("fingertip_right", &fx, &fy);
    float H = head_h(), cell = 0.004f * H;
    int open = enclosed_points(hx, hy - 0.4f * H, fx, hy + 0.1f * H, cell, 0.25f * H, box);
    float area = (float)open * cell * cell / (H * H);
    printf("mudra opening: %.4f H^2\n", area);
    CHECK(area > 0.002f && area < 0.03f);
    /* and the opening is round, as fingers curl, not a triangle of straight
       capsules: it fills most of its bounding box (a disc pi / 4 = 0.79, a
       sharp triangle 0.5; the earlier thumb-and-index capsules, rounded by
       their blends, measured 0.64) */
    float fill = (float)open / (((box[2] - box[0]) / cell + 1.0f) * ((box[3] - box[1]) / cell + 1.0f));
    printf("mudra opening fills %.2f of its bounding box\n", fill);
    CHECK(fill > 0.67f);
    /* the other fingers are one soft shape, not splayed tapers: an arc round
       the hand through the fingertip crosses the figure at most twice (the
       fingers, and the index finger where it meets the thumb) */
    float r = sqrtf((fx - hx) * (fx - hx) + (fy - hy) * (fy - hy)) - 0.03f * H;
    int runs = 0, was = 0;
    for (int s = 0; s <= 3000; s++) {
        float a = -1.2f + 2.6f * (float)s / 3000.0f; /* radians, y down */
        int in = inside(hx + r * cosf(a), hy + r * sinf(a));
        if (in && !was)
            runs++;
        was = in;
    }
    printf("arc across the fingertips crosses %d shapes\n", runs);
    CHECK(runs >= 1 && runs <= 2);
}

static void write_pgm(const char *dir, const char *name, const float *v, int w, int h)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "wb");
    if (!fp)
        return;
    fprintf(fp, "P5\n%d %d\n255\n", w, h);
    for (int i = 0; i < w * h; i++) {
        float c = v[i] < 0.0f ? 0.0f : (v[i] > 1.0f ? 1.0f : v[i]);
        fputc((int)(c * 255.0f + 0.5f), fp);
    }
    fclose(fp);
}

TEST(test_figure_rasterizes_an_antialiased_mask)
{
    const figure *f = figure_wellspring();
    enum { N = 256 };
    float *cov = malloc(sizeof(float) * N * N);
    float *sdf = malloc(sizeof(float) * N * N);
    CHECK(cov && sdf);
    if (!cov || !sdf) {
        free(cov);
        free(sdf);
        return;
    }
    CHECK(figure_rasterize(f, N, N, cov, sdf) == 0);
    int full = 0, empty = 0, partial = 0, bad = 0, mismatch = 0;
    for (int j = 0; j < N; j++)
        for (int i = 0; i < N; i++) {
            float c = cov[j * N + i], d = sdf[j * N + i];
            if (c < 0.0f || c > 1.0f)
                bad++;
            if (c == 0.0f)
                empty++;
            else if (c == 1.0f)
                full++;
            else
                partial++;
            /* the rasteriser's culling must not change the distance */
            float x = -0.5f + ((float)i + 0.5f) / N, y = ((float)j + 0.5f) / N;
            if (fabsf(d - figure_sdf(f, x, y)) > 1e-5f)
                mismatch++;
            if ((d < 0.0f) != (c > 0.5f) && fabsf(d) > 1e-6f)
                mismatch++;
        }
    CHECK(bad == 0);
    CHECK(mismatch == 0);
    CHECK(full > 0 && empty > 0);
    /* an edge band: fractional texels, about as many as the outline is long */
    CHECK(partial > 300);
    CHECK(partial < full / 3);
    /* texel centres follow the documented mapping: the heart texel is full,
       the top-left corner empty */
    float hx, hy, tx, ty;
    anchor("heart", &hx, &hy);
    figure_to_texel(hx, hy, N, N, &tx, &ty);
    CHECK_NEAR(tx, N / 2, 1e-3);
    CHECK(cov[(int)ty * N + (int)tx] == 1.0f);
    CHECK(cov[0] == 0.0f);
    /* NULL outputs are allowed; bad sizes are refused */
    CHECK(figure_rasterize(f, 8, 8, NULL, NULL) == 0);
    CHECK(figure_rasterize(f, 0, 8, cov, sdf) == -1);
    CHECK(figure_rasterize(NULL, 8, 8, cov, sdf) == -1);
    free(cov);
    free(sdf);
}

static void write_previews(void)
{
    const char *dir = getenv("WS_PREVIEW_DIR");
    if (!dir || !*dir)
        return;
    enum { N = 512 };
    float *cov = malloc(sizeof(float) * N * N);
    float *sdf = malloc(sizeof(float) * N * N);
    if (cov && sdf && figure_rasterize(figure_wellspring(), N, N, cov, sdf) == 0) {
        write_pgm(dir, "figure.pgm", cov, N, N);
        /* body at 0.25, a rim that fades over 0.01 frame heights inside */
        for (int k = 0; k < N * N; k++) {
            float rim = sdf[k] < 0.0f ? expf(sdf[k] / 0.006f) : 0.0f;
            sdf[k] = cov[k] * (0.2f + 0.7f * rim);
        }
        write_pgm(dir, "figure_rim.pgm", sdf, N, N);
        printf("previews written to %s\n", dir);
    }
    free(cov);
    free(sdf);
}

int main(void)
{
    RUN(test_figure_head_top_and_base_where_art_puts_them);
    RUN(test_figure_heart_on_centre_line_at_44_percent);
    RUN(test_figure_knees_are_4_2_heads_apart);
    RUN(test_figure_shoulders_and_head_widths_follow_art);
    RUN(test_figure_is_symmetric);
    RUN(test_figure_anchors_lie_inside);
    RUN(test_figure_has_open_space_where_a_silhouette_needs_it);
    RUN(test_figure_hands_rest_in_a_mudra);
    RUN(test_figure_rasterizes_an_antialiased_mask);
    write_previews();
    return check_done();
}
