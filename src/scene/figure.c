/* figure: the seated figure's data and its signed-distance evaluation.
 * See figure.h for coordinates and contracts. */
#include "scene/figure.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- The built-in figure, in head heights H ---------------------------------
 *
 * Vertical landmarks (y from the top of the head, in H), after ART.md:
 *   0.00 head top        0.92-1.22 neck (0.3 H long, 0.4 H wide)
 *   1.22 base of neck    1.77 heart (0.55 H below the neck base)
 *   2.50 waist (1.4 H)   3.02 hips (1.7 H, 1.8 H below the neck base)
 *   3.10-3.90 crossed legs, knees 4.2 H apart at their outer edges
 * Shoulders are 2.1 H across the deltoids. Right-side parts are written with
 * x > 0 and mirrored. Order matters a little: each part is smooth-unioned
 * onto the union of the parts before it. */

#define CONE(nm, ax, ay, ra, bx, by, rb, mir, bl)                                  \
    { .name = nm, .shape = FIGURE_CONE, .mirror = mir, .blend = bl, .r0 = ra,      \
      .r1 = rb, .p = { { ax, ay }, { bx, by } } }
#define RING(nm, cx, cy, r, half, mir, bl)                                         \
    { .name = nm, .shape = FIGURE_RING, .mirror = mir, .blend = bl, .r0 = r,       \
      .r1 = half, .p = { { cx, cy } } }
#define ELLIPSE(nm, cx, cy, rx, ry, ang, mir, bl)                                  \
    { .name = nm, .shape = FIGURE_ELLIPSE, .mirror = mir, .blend = bl, .r0 = rx,   \
      .r1 = ry, .angle = ang, .p = { { cx, cy } } }

static const figure_part wellspring_parts[] = {
    /* torso: a chest block tapering to the waist, then the pelvis */
    { .name = "chest", .shape = FIGURE_POLYGON, .r0 = 0.10f, .n = 8,
      .p = { { -0.28f, 1.18f }, { 0.28f, 1.18f }, { 0.74f, 1.38f }, { 0.66f, 1.92f },
             { 0.60f, 2.70f }, { -0.60f, 2.70f }, { -0.66f, 1.92f }, { -0.74f, 1.38f } } },
    { .name = "pelvis", .shape = FIGURE_POLYGON, .r0 = 0.10f, .n = 6,
      .p = { { -0.58f, 2.30f }, { 0.58f, 2.30f }, { 0.75f, 2.95f }, { 0.70f, 3.60f },
             { -0.70f, 3.60f }, { -0.75f, 2.95f } } },
    /* neck and head: a skull ellipse and a narrower jaw for an egg shape */
    CONE("neck", 0.0f, 0.85f, 0.20f, 0.0f, 1.22f, 0.21f, 0, 0.0f),
    ELLIPSE("skull", 0.0f, 0.46f, 0.39f, 0.46f, 0.0f, 0, 0.0f),
    ELLIPSE("jaw", 0.0f, 0.66f, 0.29f, 0.33f, 0.0f, 0, 0.0f),
    ELLIPSE("ear", 0.38f, 0.53f, 0.07f, 0.14f, 0.12f, 1, 0.03f),
    /* shoulders: trapezius slope and rounded deltoids */
    CONE("trapezius", 0.18f, 1.14f, 0.10f, 0.78f, 1.36f, 0.12f, 1, 0.0f),
    ELLIPSE("deltoid", 0.84f, 1.55f, 0.21f, 0.30f, -0.15f, 1, 0.0f),
    /* arms: hanging from the shoulders, elbows a little out from the waist */
    CONE("upper_arm", 0.88f, 1.62f, 0.19f, 1.14f, 2.44f, 0.15f, 1, 0.0f),
    CONE("forearm", 1.14f, 2.44f, 0.145f, 1.58f, 3.06f, 0.10f, 1, 0.0f),
    /* crossed legs: thighs out to the knees, shins crossing in front, feet */
    CONE("thigh", 0.50f, 3.28f, 0.36f, 1.72f, 3.47f, 0.32f, 1, 0.0f),
    ELLIPSE("knee", 1.78f, 3.52f, 0.32f, 0.34f, 0.0f, 1, 0.0f),
    CONE("shin", 1.70f, 3.64f, 0.23f, -0.30f, 3.70f, 0.14f, 1, 0.0f),
    ELLIPSE("foot", 0.50f, 3.72f, 0.30f, 0.14f, -0.1f, 1, 0.0f),
    { .name = "seat", .shape = FIGURE_POLYGON, .r0 = 0.16f, .n = 4,
      .p = { { -1.34f, 3.38f }, { 1.34f, 3.38f }, { 1.62f, 3.74f }, { -1.62f, 3.74f } } },
    /* hands resting palms up on the knees in a simple mudra: an oval hand,
       the thumb and index finger meeting in one round loop (a ring whose lower
       half sinks into the palm, so only its arch shows above the hand), the
       other three fingers one soft together-shape curving over the outside of
       the knee. The fingers' tip is the figure's outermost point. */
    ELLIPSE("palm", 1.80f, 3.05f, 0.20f, 0.105f, 0.18f, 1, 0.05f),
    CONE("fingers", 1.94f, 3.11f, 0.092f, 2.15f, 3.23f, 0.066f, 1, 0.05f),
    RING("thumb_index", 1.93f, 2.985f, 0.075f, 0.029f, 1, 0.04f),
};

static const figure_anchor_def wellspring_anchors[] = {
    { "head_top", 0.0f, 0.06f },
    { "face", 0.0f, 0.62f },
    { "ear_left", -0.41f, 0.53f },     { "ear_right", 0.41f, 0.53f },
    { "neck", 0.0f, 1.05f },
    { "heart", 0.0f, 1.77f },
    { "torso", 0.0f, 2.30f },
    { "shoulder_left", -0.86f, 1.52f }, { "shoulder_right", 0.86f, 1.52f },
    { "elbow_left", -1.14f, 2.44f },    { "elbow_right", 1.14f, 2.44f },
    { "hand_left", -1.76f, 3.10f },     { "hand_right", 1.76f, 3.10f },
    { "fingertip_left", -2.19f, 3.24f }, { "fingertip_right", 2.19f, 3.24f },
    { "knee_left", -1.80f, 3.55f },     { "knee_right", 1.80f, 3.55f },
    { "base", 0.0f, 3.80f },
};

#define WS_H (0.62f / 3.9f)

static const figure wellspring_figure = {
    .parts = wellspring_parts,
    .part_count = (int)(sizeof wellspring_parts / sizeof wellspring_parts[0]),
    .anchors = wellspring_anchors,
    .anchor_count = (int)(sizeof wellspring_anchors / sizeof wellspring_anchors[0]),
    .blend = 0.08f,
    .origin_x = 0.0f,
    .origin_y = 0.16f,
    .scale = WS_H,
};

const figure *figure_wellspring(void) { return &wellspring_figure; }

/* ---- Distance functions (all in H) ---------------------------------------- */

static float smin(float a, float b, float k)
{
    /* Quadratic polynomial smooth-min: equals min(a, b) once |a - b| >= k, and
       rounds the crease within k of it; never above min(a, b). */
    if (k <= 0.0f)
        return a < b ? a : b;
    float h = k - fabsf(a - b);
    if (h <= 0.0f)
        return a < b ? a : b;
    h /= k;
    return (a < b ? a : b) - h * h * k * 0.25f;
}

static float sd_ellipse(const figure_part *pt, float x, float y)
{
    /* Scaled-distance approximation: exact on the boundary, first-order
       correct near it, which is all coverage and rim light need. */
    float dx = x - pt->p[0][0], dy = y - pt->p[0][1];
    if (pt->angle != 0.0f) {
        float c = cosf(pt->angle), s = sinf(pt->angle);
        float rx = c * dx + s * dy, ry = -s * dx + c * dy;
        dx = rx;
        dy = ry;
    }
    float ax = dx / pt->r0, ay = dy / pt->r1;
    float k0 = sqrtf(ax * ax + ay * ay);
    float bx = ax / pt->r0, by = ay / pt->r1;
    float k1 = sqrtf(bx * bx + by * by);
    if (k1 < 1e-12f)
        return -(pt->r0 < pt->r1 ? pt->r0 : pt->r1);
    return k0 * (k0 - 1.0f) / k1;
}

static float sd_cone(const figure_part *pt, float x, float y)
{
    /* Distance to the convex hull of two circles. In a frame with p[0] at the
       origin and the axis along +a, the side line has unit normal
       (sin t, cos t) with sin t = (r0 - r1) / len; a point's position along
       the side (its dot with the tangent (cos t, -sin t)) tells which of the
       two caps or the side is nearest. */
    float ax = pt->p[1][0] - pt->p[0][0], ay = pt->p[1][1] - pt->p[0][1];
    float len = sqrtf(ax * ax + ay * ay);
    float px = x - pt->p[0][0], py = y - pt->p[0][1];
    float r0 = pt->r0, r1 = pt->r1;
    if (len <= fabsf(r0 - r1)) { /* one circle holds the other */
        if (r0 >= r1)
            return sqrtf(px * px + py * py) - r0;
        float qx = x - pt->p[1][0], qy = y - pt->p[1][1];
        return sqrtf(qx * qx + qy * qy) - r1;
    }
    float ux = ax / len, uy = ay / len;
    float a = px * ux + py * uy;
    float b = fabsf(-px * uy + py * ux);
    float st = (r0 - r1) / len;
    float ct = sqrtf(1.0f - st * st);
    float along = a * ct - b * st;
    if (along < 0.0f)
        return sqrtf(a * a + b * b) - r0;
    if (along > len * ct) {
        float da = a - len;
        return sqrtf(da * da + b * b) - r1;
    }
    return a * st + b * ct - r0;
}

static float sd_polygon(const figure_part *pt, float x, float y)
{
    int n = pt->n;
    if (n < 3 || n > FIGURE_POLY_MAX)
        return 1e9f;
    float area2 = 0.0f;
    for (int i = 0; i < n; i++) {
        const float *a = pt->p[i], *b = pt->p[(i + 1) % n];
        area2 += a[0] * b[1] - b[0] * a[1];
    }
    float orient = area2 >= 0.0f ? 1.0f : -1.0f;
    float best = 1e30f;
    int inside = 1;
    for (int i = 0; i < n; i++) {
        const float *a = pt->p[i], *b = pt->p[(i + 1) % n];
        float ex = b[0] - a[0], ey = b[1] - a[1];
        float wx = x - a[0], wy = y - a[1];
        float ee = ex * ex + ey * ey;
        float t = ee > 0.0f ? (wx * ex + wy * ey) / ee : 0.0f;
        t = t < 0.0f ? 0.0f : (t > 1.0f ? 1.0f : t);
        float qx = wx - ex * t, qy = wy - ey * t;
        float d2 = qx * qx + qy * qy;
        if (d2 < best)
            best = d2;
        if ((ex * wy - ey * wx) * orient < 0.0f)
            inside = 0;
    }
    float d = sqrtf(best);
    return (inside ? -d : d) - pt->r0;
}

static float sd_part_once(const figure_part *pt, float x, float y)
{
    switch (pt->shape) {
    case FIGURE_ELLIPSE: return sd_ellipse(pt, x, y);
    case FIGURE_CONE: return sd_cone(pt, x, y);
    case FIGURE_POLYGON: return sd_polygon(pt, x, y);
    case FIGURE_RING: {
        float dx = x - pt->p[0][0], dy = y - pt->p[0][1];
        return fabsf(sqrtf(dx * dx + dy * dy) - pt->r0) - pt->r1;
    }
    }
    return 1e9f;
}

static float sd_part(const figure_part *pt, float k, float x, float y)
{
    float d = sd_part_once(pt, x, y);
    if (pt->mirror)
        d = smin(d, sd_part_once(pt, -x, y), k);
    return d;
}

/* A circle (in H) that holds the part (its unmirrored copy), so that the
   rasteriser can skip parts that cannot change the smooth-min: out[0..2] is
   the centre and radius, and the part's distance at p is at least
   (|p - c| - r) times out[3] where that is positive, and |p - c| - r where it
   is not. out[3] is 1 but for ellipses, whose approximate distance runs short
   far away, by at most the ratio of the radii (k1 <= k0 / rmin). */
static void part_bounds(const figure_part *pt, float out[4])
{
    float cx, cy, r, ratio = 1.0f;
    switch (pt->shape) {
    case FIGURE_ELLIPSE:
        cx = pt->p[0][0];
        cy = pt->p[0][1];
        r = pt->r0 > pt->r1 ? pt->r0 : pt->r1;
        ratio = (pt->r0 < pt->r1 ? pt->r0 : pt->r1) / r;
        break;
    case FIGURE_RING:
        cx = pt->p[0][0];
        cy = pt->p[0][1];
        r = pt->r0 + pt->r1;
        break;
    case FIGURE_CONE: {
        cx = 0.5f * (pt->p[0][0] + pt->p[1][0]);
        cy = 0.5f * (pt->p[0][1] + pt->p[1][1]);
        float dx = pt->p[1][0] - cx, dy = pt->p[1][1] - cy;
        r = sqrtf(dx * dx + dy * dy) + (pt->r0 > pt->r1 ? pt->r0 : pt->r1);
        break;
    }
    default: {
        int n = pt->n < 1 ? 1 : (pt->n > FIGURE_POLY_MAX ? FIGURE_POLY_MAX : pt->n);
        cx = cy = 0.0f;
        for (int i = 0; i < n; i++) {
            cx += pt->p[i][0];
            cy += pt->p[i][1];
        }
        cx /= (float)n;
        cy /= (float)n;
        r = 0.0f;
        for (int i = 0; i < n; i++) {
            float dx = pt->p[i][0] - cx, dy = pt->p[i][1] - cy;
            float d = sqrtf(dx * dx + dy * dy);
            if (d > r)
                r = d;
        }
        r += pt->r0;
        break;
    }
    }
    out[0] = cx;
    out[1] = cy;
    out[2] = r;
    out[3] = ratio;
}

/* Evaluates the union in H. bounds (4 floats per part) may be NULL. */
static float sd_union(const figure *f, const float *bounds, float x, float y)
{
    float d = 1e9f;
    for (int i = 0; i < f->part_count; i++) {
        const figure_part *pt = &f->parts[i];
        float k = pt->blend > 0.0f ? pt->blend : f->blend;
        if (bounds && i > 0) {
            /* the part is at least |p - c| - r away (less k / 4 for the
               smooth-min of a mirrored pair); if that is k beyond the current
               distance, smin returns d unchanged */
            const float *b = bounds + 4 * i;
            /* of a mirrored pair, the copy on cx's side of x = 0 is nearer */
            float px = pt->mirror ? (b[0] < 0.0f ? -fabsf(x) : fabsf(x)) : x;
            float dx = px - b[0], dy = y - b[1];
            float lower = sqrtf(dx * dx + dy * dy) - b[2];
            if (lower > 0.0f)
                lower *= b[3];
            lower -= 0.25f * k;
            if (lower >= d + k)
                continue;
        }
        float di = sd_part(pt, k, x, y);
        d = i == 0 ? di : smin(d, di, k);
    }
    return d;
}

float figure_sdf(const figure *f, float x, float y)
{
    float u = (x - f->origin_x) / f->scale;
    float v = (y - f->origin_y) / f->scale;
    return sd_union(f, NULL, u, v) * f->scale;
}

int figure_anchor(const figure *f, const char *name, float *x, float *y)
{
    if (!f || !name)
        return -1;
    for (int i = 0; i < f->anchor_count; i++) {
        if (strcmp(f->anchors[i].name, name) == 0) {
            if (x)
                *x = f->origin_x + f->scale * f->anchors[i].x;
            if (y)
                *y = f->origin_y + f->scale * f->anchors[i].y;
            return 0;
        }
    }
    return -1;
}

int figure_rasterize(const figure *f, int w, int h, float *coverage, float *sdf)
{
    if (!f || w < 1 || h < 1 || f->scale <= 0.0f)
        return -1;
    float *bounds = NULL;
    if (f->part_count > 0)
        bounds = malloc(sizeof(float) * 4 * (size_t)f->part_count);
    if (bounds)
        for (int i = 0; i < f->part_count; i++)
            part_bounds(&f->parts[i], bounds + 4 * i);
    /* coverage ramps from 1 to 0 over one texel across the edge */
    float texel = sqrtf((1.0f / (float)w) * (1.0f / (float)h));
    for (int j = 0; j < h; j++) {
        float y = ((float)j + 0.5f) / (float)h;
        float v = (y - f->origin_y) / f->scale;
        for (int i = 0; i < w; i++) {
            float x = -0.5f + ((float)i + 0.5f) / (float)w;
            float u = (x - f->origin_x) / f->scale;
            float d = sd_union(f, bounds, u, v) * f->scale;
            size_t idx = (size_t)j * (size_t)w + (size_t)i;
            if (sdf)
                sdf[idx] = d;
            if (coverage) {
                float c = 0.5f - d / texel;
                coverage[idx] = c < 0.0f ? 0.0f : (c > 1.0f ? 1.0f : c);
            }
        }
    }
    free(bounds);
    return 0;
}

void figure_to_texel(float x, float y, int w, int h, float *tx, float *ty)
{
    if (tx)
        *tx = (x + 0.5f) * (float)w;
    if (ty)
        *ty = y * (float)h;
}
