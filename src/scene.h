/* scene: values the renderer derives from the timeline's scene_state and the
 * session time. Pure C, so the shapes are unit-tested without GL.
 *
 * breath: 0 at rest (out-breath done) rising to 1 at the top of the
 * in-breath, with the in-breath a little shorter than the out-breath
 * (ART.md). Smooth everywhere, so the heart light never jumps. */
#ifndef WS_SCENE_H
#define WS_SCENE_H

#include "timeline.h"

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

/* Figure-space x of the loved one's form for a screen `units_wide` figure
 * units wide: about a quarter of the width to the figure's right, but never
 * inside the figure or off the edge. */
float scene_loved_x(float units_wide);

#endif
