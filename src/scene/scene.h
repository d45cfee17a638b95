/* scene: values the renderer derives from the timeline's scene_state and the
 * session time. Pure C, so the shapes are unit-tested without GL.
 *
 * breath: 0 at rest (out-breath done) rising to 1 at the top of the
 * in-breath, with the in-breath a little shorter than the out-breath
 * (ART.md). Smooth everywhere, so the heart light never jumps. */
#ifndef WS_SCENE_H
#define WS_SCENE_H

#include "session/timeline.h"

/* Fraction of each breath spent breathing in. */
#define SCENE_IN_BREATH 0.42

float scene_breath(double t, float period);

/* Particle families, in the order of particles.vert's FAMILY numbers. */
typedef enum {
    SCENE_DROPS,
    SCENE_BUBBLES,
    SCENE_MOTES,
    SCENE_STREAM,
    SCENE_WELL_RISE,
    SCENE_DISSOLVE,
    SCENE_DRIFT,
    SCENE_FAMILY_COUNT
} scene_family;

/* Share of the particle budget for each family (sums to 1). */
float scene_family_share(scene_family f);

/* Emission strength 0..1 of a family in state s. */
float scene_family_rate(const scene_state *s, scene_family f);

/* The scene's optional parts: each is light scene.frag adds only while its
 * value is above a threshold (the same thresholds as the shader's). With
 * software GL, which runs both sides of a branch, the renderer draws with a
 * shader variant holding only the parts in use. */
enum {
    SCENE_PART_WELL = 1,     /* the shaft of light below the heart */
    SCENE_PART_GLOW = 2,     /* the glow spreading through the body */
    SCENE_PART_LOVED = 4,    /* the loved one's form */
    SCENE_PART_RADIANCE = 8, /* the rings moving out from the heart */
    SCENE_PARTS_ALL = 15
};
#define SCENE_PART_WELL_MIN 0.001f
#define SCENE_PART_GLOW_MIN 0.0005f
#define SCENE_PART_LOVED_MIN 0.001f
#define SCENE_PART_RADIANCE_MIN 0.001f

/* The parts state s shows. */
unsigned scene_parts(const scene_state *s);

/* Every combination of parts the timeline shows over [0, duration), as a set:
 * bit m is set when some moment shows exactly parts m. Sampled every 0.1 s:
 * a combination shown for less may be missed (the renderer then builds its
 * variant when it first needs it). */
unsigned scene_parts_used(const timeline *tl, double duration);

/* The bloom's chain of ever-halved images for a picture ih pixels high: the
 * first level is the picture halved `first` times, and there are `count`
 * levels. Sized by the screen, not the pixels: the finest level is about 540
 * rows (a 4K picture starts at a quarter, 1080p at a half), the coarsest
 * about 34, so the glow spreads the same share of the screen at any size and
 * any internal resolution. The first level is at least a quarter of the
 * picture (the first step's taps cover 4x4 pixels, no more). At least one
 * level, at most max_count. */
void scene_bloom_levels(int ih, int max_count, int *first, int *count);

/* Figure-space x of the loved one's form for a screen `units_wide` figure
 * units wide: about a quarter of the width to the figure's right, but never
 * inside the figure or off the edge. */
float scene_loved_x(float units_wide);

#endif
