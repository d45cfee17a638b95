/* gl_render: draws one frame of the scene. Needs a current GL 3.3 context.
 *
 * The frame is a pure function of its inputs (session time and the scene
 * values the timeline gives for that time): the renderer keeps GL objects
 * and sizes, never visual state, so any t can be drawn in any order and two
 * draws of the same t give the same pixels.
 *
 * Pipeline: scene light into an HDR target at an internal scale ->
 * tone map + dither into the caller's framebuffer at its size. */
#ifndef WS_GL_RENDER_H
#define WS_GL_RENDER_H

#include <GL/glew.h>

typedef struct renderer renderer;

typedef struct render_desc {
    const char *data_dir;   /* where shaders/ lives (required) */
    float internal_scale;   /* HDR resolution relative to the output; 0 = 1.0 */
} render_desc;

typedef struct render_frame {
    double t;               /* session seconds */
    float fade;             /* master brightness 0..1 */
} render_frame;

/* Returns NULL after logging when a shader is missing or broken. */
renderer *renderer_create(const render_desc *desc);
void renderer_destroy(renderer *r);

/* Draws into framebuffer `fbo` (0 = the window) of size w x h. Resizes its
 * internal targets when w or h change. Returns 0, or -1 when a target cannot
 * be made (logged). */
int renderer_draw(renderer *r, const render_frame *f, GLuint fbo, int w, int h);

#endif
