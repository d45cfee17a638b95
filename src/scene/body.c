#include "scene/body.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "scene/field.h"

/* How much slower the glow travels through the ears and fingers than through
 * the body. Ears hang beside the head close to the heart; without the extra
 * cost they would fill before the crown. */
#define EAR_SLOWNESS 26.0f
#define FINGER_SLOWNESS 2.2f

/* Soft resistance patches (figure space centre, radius): a shoulder, the
 * opposite knee, the throat. */
static const float resist_patches[][3] = {
    {-0.085f, 0.405f, 0.045f},
    {0.200f, 0.720f, 0.050f},
    {0.000f, 0.335f, 0.030f},
};

static float smooth01(float e0, float e1, float x)
{
    float t = (x - e0) / (e1 - e0);
    t = t < 0.0f ? 0.0f : t > 1.0f ? 1.0f : t;
    return t * t * (3.0f - 2.0f * t);
}

/* The glow's slowness at each texel: 1 in the body, more in the ears (the
 * bumps beyond the skull's width, between the ear anchor's height band) and
 * the fingers (beyond the hands' centres). (ex, ey) is the right ear,
 * (fx, fy) the right hand, ny the neck's height. */
static void slowness_map(float *slow, int n, float ex, float ey, float fx, float fy, float ny)
{
    float skull_half = fabsf(ex) * 0.80f;
    for (int j = 0; j < n; j++) {
        float y = (j + 0.5f) / n;
        for (int i = 0; i < n; i++) {
            float x = -0.5f + (i + 0.5f) / n;
            float s = 1.0f;
            if (y < ny && fabsf(y - ey) < 0.04f)
                s += (EAR_SLOWNESS - 1.0f) * smooth01(skull_half, fabsf(ex), fabsf(x));
            s += (FINGER_SLOWNESS - 1.0f) * smooth01(fabsf(fx), fabsf(fx) + 0.03f, fabsf(x)) *
                 smooth01(fy - 0.06f, fy - 0.02f, y);
            slow[(size_t)j * n + i] = s;
        }
    }
}

/* The resistance at (x, y) in figure space: the strongest patch there. */
static float resistance_at(float x, float y)
{
    float r = 0.0f;
    for (size_t p = 0; p < sizeof resist_patches / sizeof resist_patches[0]; p++) {
        float dx = x - resist_patches[p][0], dy = y - resist_patches[p][1];
        float w = expf(-(dx * dx + dy * dy) / (resist_patches[p][2] * resist_patches[p][2]));
        r = r > w ? r : w;
    }
    return r;
}

/* The texels: coverage, signed distance, arrival (BODY_OUTSIDE where the
 * glow never arrives) and resistance. */
static void pack_texels(body_maps *m, int n, const float *cov, const float *sdf,
                        const float *dist)
{
    for (int j = 0; j < n; j++) {
        float y = (j + 0.5f) / n;
        for (int i = 0; i < n; i++) {
            float x = -0.5f + (i + 0.5f) / n;
            size_t k = (size_t)j * n + i;
            float *t = m->texels + k * 4;
            t[0] = cov[k];
            t[1] = sdf[k];
            t[2] = dist[k] == FIELD_UNREACHABLE ? BODY_OUTSIDE : dist[k];
            t[3] = resistance_at(x, y);
        }
    }
}

/* Carry the arrival a few texels out past the edge: bilinear sampling at
 * the silhouette's anti-aliased border must blend body values, not the
 * outside sentinel, or the glow's edge shows the texel grid. `snap` (n * n
 * floats) holds each pass's snapshot. */
static void carry_past_edge(body_maps *m, int n, float *snap)
{
    size_t count = (size_t)n * (size_t)n;
    for (int pass = 0; pass < 3; pass++) {
        for (size_t k = 0; k < count; k++)
            snap[k] = m->texels[k * 4 + 2];
        for (int j = 0; j < n; j++)
            for (int i = 0; i < n; i++) {
                float *t = m->texels + ((size_t)j * n + i) * 4;
                if (t[2] != BODY_OUTSIDE)
                    continue;
                float best = BODY_OUTSIDE;
                for (int dj = -1; dj <= 1; dj++)
                    for (int di = -1; di <= 1; di++) {
                        int ii = i + di, jj = j + dj;
                        if (ii < 0 || jj < 0 || ii >= n || jj >= n)
                            continue;
                        if (snap[(size_t)jj * n + ii] < best)
                            best = snap[(size_t)jj * n + ii];
                    }
                t[2] = best;
            }
    }
}

int body_maps_build(body_maps *m, const figure *f, int n)
{
    memset(m, 0, sizeof *m);
    if (n < 64)
        return -1;
    size_t count = (size_t)n * (size_t)n;
    float *cov = malloc(count * sizeof *cov);
    float *sdf = malloc(count * sizeof *sdf);
    float *slow = malloc(count * sizeof *slow);
    float *dist = malloc(count * sizeof *dist);
    m->texels = malloc(count * 4 * sizeof *m->texels);
    int rc = -1;
    float hx, hy, ex, ey, fx, fy, nx, ny;
    if (!cov || !sdf || !slow || !dist || !m->texels)
        goto done;
    if (figure_anchor(f, "heart", &hx, &hy) < 0 || figure_anchor(f, "ear_right", &ex, &ey) < 0 ||
        figure_anchor(f, "hand_right", &fx, &fy) < 0 || figure_anchor(f, "neck", &nx, &ny) < 0)
        goto done;
    if (figure_rasterize(f, n, n, cov, sdf) < 0)
        goto done;
    slowness_map(slow, n, ex, ey, fx, fy, ny);
    float tx, ty;
    figure_to_texel(hx, hy, n, n, &tx, &ty);
    if (field_geodesic_weighted(cov, slow, n, n, 0.5f, tx, ty, dist) < 0)
        goto done;
    if (field_normalize(dist, (int)count, dist) <= 0.0f)
        goto done;
    pack_texels(m, n, cov, sdf, dist);
    carry_past_edge(m, n, dist); /* dist is free by now */
    m->n = n;
    m->heart_x = hx;
    m->heart_y = hy;
    rc = 0;
done:
    free(cov);
    free(sdf);
    free(slow);
    free(dist);
    if (rc < 0)
        body_maps_free(m);
    return rc;
}

void body_maps_free(body_maps *m)
{
    free(m->texels);
    memset(m, 0, sizeof *m);
}

float body_arrival_at(const body_maps *m, float x, float y)
{
    int i = (int)floorf((x + 0.5f) * m->n), j = (int)floorf(y * m->n);
    if (!m->texels || i < 0 || j < 0 || i >= m->n || j >= m->n)
        return BODY_OUTSIDE;
    return m->texels[((size_t)j * m->n + i) * 4 + 2];
}
