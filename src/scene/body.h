/* body: the maps the renderer needs to draw the figure and its glow, built
 * once at start-up from the figure data. Pure C.
 *
 * For a square n x n grid over figure space (x in [-0.5, 0.5], y in [0, 1],
 * row 0 at the top; see figure_rasterize) it fills four floats per texel:
 *   [0] coverage 0..1 (anti-aliased mask)
 *   [1] signed distance to the silhouette in figure units (< 0 inside)
 *   [2] glow arrival 0..1: geodesic travel time from the heart inside the
 *       body, normalised so the last texel to light is 1; carried three
 *       texels out past the edge (for clean bilinear sampling at the
 *       border), BODY_OUTSIDE beyond that
 *   [3] resistance weight 0..1: the soft patches that lag in the
 *       "resistance" phase
 * The travel time uses a slowness map so the glow reaches the torso first,
 * then the arms, neck, head and legs, and the fingertips and ears last, as the
 * session's narration says. Replace the figure and the maps follow. */
#ifndef WS_BODY_H
#define WS_BODY_H

#include "scene/figure.h"

#define BODY_OUTSIDE 2.0f

typedef struct body_maps {
    int n;         /* grid is n x n */
    float *texels; /* n * n * 4 floats, row 0 at the top */
    float heart_x, heart_y; /* figure space */
} body_maps;

/* Builds the maps for figure f at n x n (n >= 64). Returns 0, or -1 when out
 * of memory or the heart lies outside the figure. body_maps_free is safe on a
 * zeroed or failed struct. */
int body_maps_build(body_maps *m, const figure *f, int n);
void body_maps_free(body_maps *m);

/* The glow arrival (0..1) at a figure-space point, nearest texel; BODY_OUTSIDE
 * outside the figure. For tests and for choosing choreography. */
float body_arrival_at(const body_maps *m, float x, float y);

#endif
