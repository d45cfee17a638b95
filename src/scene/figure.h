/* figure: the seated meditating figure, as data, and its rasteriser.
 *
 * The figure is a table of signed-distance parts (ellipses, rounded cones,
 * rounded convex polygons) joined in table order with a polynomial smooth-min,
 * so it reads as one soft body. Swap the table and you get another figure;
 * nothing else in the program knows the shapes. Pure C (libc + math).
 *
 * Coordinates. Parts and anchors are written in head heights H ("figure
 * units": x = 0 on the centre line, y downward from the top of the head) and
 * placed in "figure space" by the figure's origin and scale:
 *     x_frame = origin_x + scale * x_H,   y_frame = origin_y + scale * y_H.
 * Figure space is in frame-height units: x = 0 is the centre line of the
 * frame, y is measured downward from the top of the frame (0 top, 1 bottom).
 * The built-in figure puts the top of the head at y = 0.16, the base at 0.78
 * (3.9 H tall, so H = 0.62 / 3.9) and the heart on the centre line at 0.44.
 *
 * Distances returned by figure_sdf and figure_rasterize are in frame-height
 * units: negative inside, positive outside, Euclidean within a texel or so of
 * the edge, which is what coverage and a rim light use. Away from the edge
 * they may run short, never long: the smooth-min fillets, and the ellipse
 * parts use a first-order approximation that is exact on the boundary but
 * runs short (towards the ratio of its radii) a few head heights out. The
 * inside value is the depth within the deepest part, not the whole body. */
#ifndef WS_FIGURE_H
#define WS_FIGURE_H

#define FIGURE_POLY_MAX 8

typedef enum {
    FIGURE_ELLIPSE, /* p[0] centre, r0/r1 radii along x/y before rotation by angle */
    FIGURE_CONE,    /* p[0] -> p[1], radius r0 at p[0] tapering to r1 at p[1]: a
                       capsule when r0 == r1, a taper (finger, limb) otherwise */
    FIGURE_POLYGON, /* convex polygon p[0..n-1] (either winding), grown by r0 */
    FIGURE_RING     /* p[0] centre, r0 the radius of its middle line, r1 half its
                       thickness: the loop of thumb and index in a mudra */
} figure_shape;

typedef struct {
    const char *name;   /* "head", "forearm", ... for debugging and tests */
    figure_shape shape;
    int mirror;         /* also place the part mirrored across x = 0 */
    float blend;        /* smooth-min radius (H) joining this part to the parts
                           before it; 0 = the figure's default blend */
    float r0, r1;       /* radii, see figure_shape */
    float angle;        /* ellipse rotation in radians (y down, so clockwise) */
    int n;              /* polygon vertex count, 3..FIGURE_POLY_MAX */
    float p[FIGURE_POLY_MAX][2]; /* points in H */
} figure_part;

typedef struct {
    const char *name;   /* see figure_anchor for the built-in names */
    float x, y;         /* in H, like the parts */
} figure_anchor_def;

typedef struct figure {
    const figure_part *parts;
    int part_count;
    const figure_anchor_def *anchors;
    int anchor_count;
    float blend;        /* default smooth-min radius in H (about 0.08) */
    float origin_x, origin_y; /* figure space position of the H origin (head top) */
    float scale;        /* frame-height units per H */
} figure;

/* The built-in Wellspring figure: frontal, symmetric, cross-legged (easy
 * pose), hands resting palms up on the knees in a simple mudra (an oval
 * hand, the thumb and index finger meeting round a small opening, the other
 * fingers one soft shape). Static constant data; never NULL, never freed. */
const figure *figure_wellspring(void);

/* Signed distance at figure-space point (x, y), in frame-height units.
 * Negative inside. f must not be NULL. */
float figure_sdf(const figure *f, float x, float y);

/* Looks up a named anchor and stores its figure-space position. Returns 0, or
 * -1 (nothing stored) when f has no anchor of that name. Left/right mean the
 * viewer's: "_left" is at negative x. Every anchor lies inside the figure.
 * Built-in names: head_top, face (the middle of the lower face), ear_left,
 * ear_right, neck, heart, torso,
 * shoulder_left/right, elbow_left/right, hand_left/right,
 * fingertip_left/right (the tip of the resting fingers), knee_left/right,
 * base. */
int figure_anchor(const figure *f, const char *name, float *x, float *y);

/* Rasterises f onto a w x h grid covering figure space x in [-0.5, 0.5],
 * y in [0, 1]. Texel (i, j), row j = 0 at the TOP (y = 0), has its centre at
 *     x = -0.5 + (i + 0.5) / w,   y = (j + 0.5) / h
 * and is stored at index j * w + i. (An OpenGL upload of row 0 first puts
 * y = 0 at texture v = 0, so sample it with v = y.) A square grid (w == h)
 * gives square texels; other sizes stretch them.
 *   coverage: anti-aliased coverage 0..1 taken from the SDF over about one
 *             texel (fractional only along the edge); may be NULL.
 *   sdf:      signed distance at each texel centre in frame-height units,
 *             for a soft rim light; may be NULL.
 * Returns 0, or -1 when f is NULL or w or h is < 1 (nothing written). */
int figure_rasterize(const figure *f, int w, int h, float *coverage, float *sdf);

/* Converts a figure-space point to continuous texel coordinates of a w x h
 * figure_rasterize grid (texel (i, j) spans [i, i+1) x [j, j+1)), which is
 * what field_geodesic takes as its seed. */
void figure_to_texel(float x, float y, int w, int h, float *tx, float *ty);

#endif
