/* gl_render: draws one frame of the scene. Needs a current GL 3.3 context.
 *
 * The frame is a pure function of its inputs (session time and the scene
 * values the timeline gives for that time): the renderer keeps GL objects,
 * the body maps and sizes, never visual state, so any t can be drawn in any
 * order and two draws of the same t give the same pixels.
 *
 * Pipeline: scene light (sky, well, figure, glow, heart, loved one,
 * radiance) into an HDR target at an internal scale -> stateless particles,
 * additive -> dual-filter bloom -> tone map + dither into the caller's
 * framebuffer at its size. Captions are drawn by the caller afterwards, at
 * native resolution. */
#ifndef WS_GL_RENDER_H
#define WS_GL_RENDER_H

#include <GL/glew.h>

#include "video/gl_util.h"

#include "session/timeline.h"

typedef struct renderer renderer;

/* The figure's maps, built ahead (figure_prefetch_start). */
typedef struct figure_prefetch figure_prefetch;

typedef struct render_desc {
    const char *data_dir;   /* where shaders/ lives (required) */
    float internal_scale;   /* HDR resolution relative to the output; 0 = 1.0 */
    int particles;          /* particle budget over all families; 0 = 24000 */
    int body_grid;          /* body map resolution; 0 = 512 */
    figure_prefetch *figure; /* the maps built ahead, not owned; NULL: built when first needed */
    int mask_view;          /* test aid: draw only the silhouette, white on black */
    int all_parts;          /* test aid: every frame with the scene program holding
                               every part (no per-part variants, even on software GL) */
} render_desc;

typedef struct render_frame {
    double t;               /* session seconds */
    scene_state scene;      /* the timeline's values at t */
    float offset_x, offset_y; /* burn-in drift of the composition, output pixels */
} render_frame;

/* Starts building the figure's maps on a thread, so they are ready by the
 * first frame that shows the figure; call it early (before the window
 * opens). The caller owns the prefetch: every renderer given it in
 * render_desc.figure takes its maps from it, and figure_prefetch_free
 * (after the last such renderer is destroyed) joins the thread and frees
 * them. Optional: a renderer without one builds its own. NULL when out of
 * memory. figure_prefetch_free is safe on NULL. */
figure_prefetch *figure_prefetch_start(int body_grid);
void figure_prefetch_free(figure_prefetch *f);

/* Returns NULL after logging when a shader is missing or broken. */
renderer *renderer_create(const render_desc *desc);
void renderer_destroy(renderer *r);

/* Tells the renderer which sets of the scene's optional parts the session
 * will show (scene_parts_used). With software GL it draws each set with its
 * own shader variant, and compiles the expected ones while the picture is
 * dark. Optional: a set not expected is compiled when first needed. */
void renderer_expect(renderer *r, unsigned sets);

/* The passes of a frame, for timing them (the benchmark). The renderer
 * marks the start of the frame (mark 0) and the end of each of its passes
 * (mark RENDER_PASS_x + 1); the caller may mark more after them (captions)
 * and ends the frame. */
enum { RENDER_PASS_SCENE, RENDER_PASS_PARTICLES, RENDER_PASS_BLOOM, RENDER_PASS_TONEMAP,
       RENDER_PASS_UPSCALE, RENDER_PASS_COUNT };
void renderer_time_passes(renderer *r, gl_pass_timer *passes);

/* Draws into framebuffer `fbo` (0 = the window) of size w x h. Resizes its
 * internal targets when w or h change. Returns 0, or -1 when a target cannot
 * be made (logged). */
int renderer_draw(renderer *r, const render_frame *f, GLuint fbo, int w, int h);

/* Changes the quality levers; takes effect at the next draw. A fractional
 * particle count fades the last particles of each family in or out, so a
 * gradual change never pops. */
void renderer_set_quality(renderer *r, float internal_scale, float particles);

#endif
