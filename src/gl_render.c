#include "gl_render.h"

#include <stdlib.h>

#include "gl_util.h"
#include "log.h"
#include "view.h"

struct renderer {
    render_desc desc;
    GLuint vao;             /* empty VAO: core profile needs one bound to draw */
    GLuint scene_prog, tonemap_prog;
    gl_target hdr;
    int out_w, out_h;
};

static void destroy_targets(renderer *r)
{
    gl_target_destroy(&r->hdr);
    r->out_w = r->out_h = 0;
}

static int ensure_targets(renderer *r, int w, int h)
{
    if (r->out_w == w && r->out_h == h)
        return 0;
    destroy_targets(r);
    int iw = (int)(w * r->desc.internal_scale + 0.5f), ih = (int)(h * r->desc.internal_scale + 0.5f);
    if (iw < 1)
        iw = 1;
    if (ih < 1)
        ih = 1;
    if (gl_target_create(&r->hdr, iw, ih, GL_RGBA16F) < 0)
        return -1;
    r->out_w = w;
    r->out_h = h;
    log_debug("gl", "render targets %dx%d (internal %dx%d)", w, h, iw, ih);
    return 0;
}

renderer *renderer_create(const render_desc *desc)
{
    renderer *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->desc = *desc;
    if (r->desc.internal_scale <= 0.0f)
        r->desc.internal_scale = 1.0f;
    glGenVertexArrays(1, &r->vao);
    r->scene_prog = gl_program_load(desc->data_dir, "fullscreen.vert", "scene.frag", NULL);
    r->tonemap_prog = gl_program_load(desc->data_dir, "fullscreen.vert", "tonemap.frag", NULL);
    if (!r->scene_prog || !r->tonemap_prog) {
        renderer_destroy(r);
        return NULL;
    }
    return r;
}

void renderer_destroy(renderer *r)
{
    if (!r)
        return;
    destroy_targets(r);
    if (r->scene_prog)
        glDeleteProgram(r->scene_prog);
    if (r->tonemap_prog)
        glDeleteProgram(r->tonemap_prog);
    if (r->vao)
        glDeleteVertexArrays(1, &r->vao);
    free(r);
}

static GLint uni(GLuint prog, const char *name) { return glGetUniformLocation(prog, name); }

int renderer_draw(renderer *r, const render_frame *f, GLuint fbo, int w, int h)
{
    if (ensure_targets(r, w, h) < 0)
        return -1;
    glBindVertexArray(r->vao);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_BLEND);

    /* Scene light, HDR, internal resolution. */
    view v = view_fit(r->hdr.w, r->hdr.h);
    glBindFramebuffer(GL_FRAMEBUFFER, r->hdr.fbo);
    glViewport(0, 0, r->hdr.w, r->hdr.h);
    glUseProgram(r->scene_prog);
    glUniform2f(uni(r->scene_prog, "u_size"), (float)r->hdr.w, (float)r->hdr.h);
    glUniform3f(uni(r->scene_prog, "u_view"), v.scale, v.ox, v.oy);
    glUniform1f(uni(r->scene_prog, "u_time"), (float)f->t);
    glUniform1f(uni(r->scene_prog, "u_fade"), f->fade);
    glDrawArrays(GL_TRIANGLES, 0, 3);

    /* Tone map, dither, output resolution. */
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    glViewport(0, 0, w, h);
    glUseProgram(r->tonemap_prog);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, r->hdr.tex);
    glUniform1i(uni(r->tonemap_prog, "u_hdr"), 0);
    glUniform1f(uni(r->tonemap_prog, "u_time"), (float)f->t);
    glUniform2f(uni(r->tonemap_prog, "u_size"), (float)w, (float)h);
    glDrawArrays(GL_TRIANGLES, 0, 3);
    glUseProgram(0);
    return 0;
}
