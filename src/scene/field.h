/* field: geodesic distance inside a mask, from one seed point.
 *
 * The glow that spreads through the figure is a function of how far light
 * must travel inside the body from the heart, not of straight-line distance:
 * it has to go down the arm to reach a hand that rests on the knee. This
 * module computes that distance on a grid with the fast marching method
 * (first-order upwind eikonal updates from the four axis neighbours, popped
 * in order from a binary heap), which is close to Euclidean in every
 * direction (about 1-2% far from the seed, unlike the 8% star of plain
 * 8-neighbour Dijkstra). A diagonal step (+sqrt 2) is also offered to each
 * texel, so a taper that thins to a diagonal chain of texels stays connected.
 *
 * field_geodesic_weighted takes a per-texel slowness as well, for regions
 * that should fill later.
 *
 * Generic over any mask: it knows nothing about the figure. Pure C (libc and
 * math), no globals; each call allocates its own scratch and frees it.
 *
 * Grid layout matches figure_rasterize: texel (i, j) at index j * w + i,
 * spanning [i, i+1) x [j, j+1) in texel coordinates (centre (i+0.5, j+0.5)).
 * Distances are in texel widths; multiply by (frame units per texel) for
 * frame units. */
#ifndef WS_FIELD_H
#define WS_FIELD_H

/* Written for texels that the seed cannot reach: outside the mask, or inside
 * but cut off from the seed's region. Negative, so a shader can test d < 0. */
#define FIELD_UNREACHABLE (-1.0f)

/* Geodesic distance from the seed (seed_x, seed_y in texel coordinates)
 * through texels whose mask value is >= threshold (threshold <= 0 means 0.5,
 * the edge of an anti-aliased coverage mask). Texels within 1.5 texels of the
 * seed that are inside get their exact Euclidean distance to it; the march
 * goes on from there. dist (w * h floats) receives the distances, or
 * FIELD_UNREACHABLE.
 * Returns the number of reachable texels (>= 1), or -1 when an argument is
 * bad, the seed is off the grid or no inside texel lies within 1.5 texels of
 * it, or memory runs out (dist then holds FIELD_UNREACHABLE everywhere when
 * it could be written). */
int field_geodesic(const float *mask, int w, int h, float threshold, float seed_x,
                   float seed_y, float *dist);

/* Slowness values below this are raised to it, so a zero or negative entry
 * cannot make a texel free to cross. */
#define FIELD_MIN_SLOWNESS 0.01f

/* field_geodesic with a per-texel slowness (cost per texel width, w * h
 * floats; NULL means 1 everywhere): the result is the least travel time, the
 * eikonal |grad T| = slowness. A region with slowness 3 fills three times
 * slower, so a renderer can make "resistance" regions (or ears and
 * fingertips) lag without changing the figure. Same returns as
 * field_geodesic; seed texels get their Euclidean distance times their own
 * slowness. */
int field_geodesic_weighted(const float *mask, const float *slowness, int w, int h,
                            float threshold, float seed_x, float seed_y, float *dist);

/* Writes dist / max(dist) to out for reachable texels (0 at the seed, 1 at the
 * farthest reachable texel) and FIELD_UNREACHABLE elsewhere. out may equal
 * dist. Returns the maximum distance, or 0 when nothing is reachable (then
 * reachable texels, if any, get 0). */
float field_normalize(const float *dist, int n, float *out);

#endif
