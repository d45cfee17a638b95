#include "video/gl_render.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>

#include "scene/body.h"
#include "video/gl_util.h"
#include "util/log.h"
#include "util/startup.h"
#include "scene/scene.h"
#include "scene/view.h"

#define BLOOM_LEVELS 5

struct renderer {
    render_desc desc;
    GLuint vao;             /* empty VAO: core profile needs one bound to draw */
    GLuint scene_prog[SCENE_PARTS_ALL + 1]; /* by parts; 0 until built */
    GLuint tonemap_prog, down_prog, up_prog, upscale_prog;
    int software;           /* software GL: the CPU runs the shaders (gl_is_software) */
    int part_variants;      /* draw with a variant per set of parts (software GL) */
    unsigned expected;      /* sets of parts the session shows (renderer_expect) */
    unsigned warmed;        /* sets whose variant has drawn (so is compiled) */
    unsigned failed;        /* sets whose variant would not build (logged once) */
    unsigned frames;        /* frames drawn (warm_next_variant counts them) */
    GLuint particle_prog[SCENE_FAMILY_COUNT];
    GLuint body_tex;        /* 0 until the first frame that needs it */
    float heart_x, heart_y;
    gl_target hdr;
    gl_target ldr;          /* tone-mapped, internal resolution; only when scaled */
    gl_target bloom[BLOOM_LEVELS];
    int bloom_count;        /* levels in use (scene_bloom_levels) */
    GLenum hdr_format;      /* of hdr and bloom: see renderer_create */
    int es;                 /* the context is OpenGL ES */
    int out_w, out_h;
    float built_scale;
    float particles;        /* current budget; fractional while a ramp runs */
    gl_pass_timer *passes;  /* NULL, or marks RENDER_PASS_* (benchmark) */
};

void renderer_time_passes(renderer *r, gl_pass_timer *passes) { r->passes = passes; }

static void mark(renderer *r, int pass)
{
    if (r->passes)
        gl_pass_timer_mark(r->passes, pass);
}

static GLint uni(GLuint prog, const char *name) { return glGetUniformLocation(prog, name); }

static void destroy_targets(renderer *r)
{
    gl_target_destroy(&r->hdr);
    gl_target_destroy(&r->ldr);
    for (int i = 0; i < BLOOM_LEVELS; i++)
        gl_target_destroy(&r->bloom[i]);
    r->out_w = r->out_h = 0;
}

static int ensure_targets(renderer *r, int w, int h)
{
    if (r->out_w == w && r->out_h == h && r->built_scale == r->desc.internal_scale)
        return 0;
    destroy_targets(r);
    int iw = (int)(w * r->desc.internal_scale + 0.5f), ih = (int)(h * r->desc.internal_scale + 0.5f);
    iw = iw < 1 ? 1 : iw;
    ih = ih < 1 ? 1 : ih;
    if (gl_target_create(&r->hdr, iw, ih, r->hdr_format) < 0)
        return -1;
    /* Below full scale the tone map runs at internal resolution too and one
     * cheap bilinear blit brings it to the output: per-output-pixel work is
     * what software GL cannot afford. */
    if ((iw != w || ih != h) && gl_target_create(&r->ldr, iw, ih, GL_RGBA8) < 0)
        return -1;
    int first;
    scene_bloom_levels(ih, BLOOM_LEVELS, &first, &r->bloom_count);
    for (int i = 0; i < r->bloom_count; i++) {
        int bw = iw >> (first + i), bh = ih >> (first + i);
        if (gl_target_create(&r->bloom[i], bw < 1 ? 1 : bw, bh < 1 ? 1 : bh, r->hdr_format) < 0)
            return -1;
    }
    r->out_w = w;
    r->out_h = h;
    r->built_scale = r->desc.internal_scale;
    log_debug("gl", "render targets %dx%d (internal %dx%d)", w, h, iw, ih);
    return 0;
}

/* The figure's maps are the same for every renderer and take tens of
 * milliseconds to build on a small CPU, so they are built once, on a thread
 * started as early as the program knows it will draw
 * (figure_prefetch_start): meanwhile SDL starts and the window opens. */
struct figure_prefetch {
    SDL_Thread *thread; /* NULL once joined (or when built on the caller's thread) */
    body_maps maps;
    int grid;
    int ok;
};

static int build_figure_maps(void *data)
{
    figure_prefetch *f = data;
    f->ok = body_maps_build(&f->maps, figure_wellspring(), f->grid) == 0;
    return 0;
}

figure_prefetch *figure_prefetch_start(int body_grid)
{
    figure_prefetch *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->grid = body_grid > 0 ? body_grid : 512;
    f->thread = SDL_CreateThread(build_figure_maps, "ws-figure", f);
    if (!f->thread)
        build_figure_maps(f);
    return f;
}

void figure_prefetch_free(figure_prefetch *f)
{
    if (!f)
        return;
    if (f->thread)
        SDL_WaitThread(f->thread, NULL);
    body_maps_free(&f->maps);
    free(f);
}

static int upload_body_texture(renderer *r);

/* Uploads the figure's maps (waiting for the prefetch if it is still
 * building them, or building them here when there is none of this grid);
 * once, at the first frame that needs them. Returns 0 or -1. */
static int ensure_body_texture(renderer *r)
{
    if (r->body_tex)
        return 0;
    Uint64 t0 = SDL_GetPerformanceCounter();
    int rc = upload_body_texture(r);
    startup_add(STARTUP_FIGURE, (double)(SDL_GetPerformanceCounter() - t0) / (double)SDL_GetPerformanceFrequency());
    return rc;
}

static int upload_body_texture(renderer *r)
{
    figure_prefetch *f = r->desc.figure;
    body_maps own = {0};
    const body_maps *m = NULL;
    if (f && f->grid == r->desc.body_grid) {
        if (f->thread) {
            SDL_WaitThread(f->thread, NULL);
            f->thread = NULL;
        }
        m = f->ok ? &f->maps : NULL;
    } else if (body_maps_build(&own, figure_wellspring(), r->desc.body_grid) == 0) {
        m = &own; /* no prefetch, or another grid than prepared: a test's */
    }
    if (!m) {
        log_error("gl", "cannot build the figure's maps");
        return -1;
    }
    GL_GEN_TEXTURES(1, &r->body_tex);
    glBindTexture(GL_TEXTURE_2D, r->body_tex);
    glTexImage2D(GL_TEXTURE_2D, 0, (GLint)gl_float_texture_format(), m->n, m->n, 0, GL_RGBA, GL_FLOAT,
                 m->texels);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    r->heart_x = m->heart_x;
    r->heart_y = m->heart_y;
    body_maps_free(&own);
    return 0;
}

/* The scene program for a set of parts: with part variants, one holding
 * just those parts; otherwise the one with every part. Built when first
 * asked for. Returns 0 when it cannot be built (logged). */
static GLuint scene_program(renderer *r, unsigned parts)
{
    if (!r->part_variants)
        parts = SCENE_PARTS_ALL;
    parts &= SCENE_PARTS_ALL;
    if (!r->scene_prog[parts] && !(r->failed & 1u << parts)) {
        char defines[160];
        snprintf(defines, sizeof defines,
                 "#define PART_WELL %d\n#define PART_GLOW %d\n#define PART_LOVED %d\n"
                 "#define PART_RADIANCE %d\n%s",
                 !!(parts & SCENE_PART_WELL), !!(parts & SCENE_PART_GLOW),
                 !!(parts & SCENE_PART_LOVED), !!(parts & SCENE_PART_RADIANCE),
                 r->desc.mask_view ? "#define MASK_VIEW 1\n" : "");
        r->scene_prog[parts] = gl_program_load(r->desc.data_dir, "fullscreen.vert", "scene.frag",
                                               defines);
        if (r->scene_prog[parts])
            log_debug("gl", "scene variant for parts %u built", parts);
        else
            r->failed |= 1u << parts; /* logged by the loader; not tried again */
    }
    return r->scene_prog[parts];
}

void renderer_expect(renderer *r, unsigned sets)
{
    r->expected = r->part_variants ? sets : 0;
}

/* Software GL compiles a program's code at its first draw: tens of
 * milliseconds. While the picture is faded toward black (the session's
 * fade-in) or in the first frames after start (a start mid-session has no
 * fade-in, and its first frames compile everything anyway), every third
 * frame draws one expected variant not drawn yet into a single pixel: later,
 * no frame waits for a compile when a part appears, and the quality
 * controller's median of three frames never sees two compiles. */
#define WARM_FRAMES 120
static void warm_next_variant(renderer *r, const render_frame *f)
{
    unsigned pending = r->expected & ~r->warmed;
    if (!pending || (f->scene.fade >= 0.5f && r->frames >= WARM_FRAMES) || r->frames % 3 != 0)
        return;
    unsigned parts = 0;
    while (!(pending & (1u << parts)))
        parts++;
    r->warmed |= 1u << parts;
    GLuint p = scene_program(r, parts);
    if (!p)
        return;
    log_debug("gl", "scene variant for parts %u compiled ahead (t = %.2f s)", parts, f->t);
    glBindFramebuffer(GL_FRAMEBUFFER, r->hdr.fbo);
    glViewport(0, 0, 1, 1);
    glUseProgram(p);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, r->body_tex);
    glDrawArrays(GL_TRIANGLES, 0, 3);
}

renderer *renderer_create(const render_desc *desc)
{
    renderer *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->desc = *desc;
    if (r->desc.internal_scale <= 0.0f)
        r->desc.internal_scale = 1.0f;
    if (r->desc.particles <= 0)
        r->desc.particles = 24000;
    if (r->desc.body_grid <= 0)
        r->desc.body_grid = 512;
    r->particles = (float)r->desc.particles;
    /* Half floats halve a GPU's memory traffic; software GL converts every
     * half-float read and write on the CPU, and its targets are small, so
     * there full floats cost less. */
    r->software = gl_is_software();
    r->es = gl_is_es();
    r->hdr_format = gl_hdr_format(r->software);
    glGenVertexArrays(1, &r->vao);
    const char *dd = desc->data_dir;
    r->part_variants = r->software && !desc->all_parts;
    r->tonemap_prog = gl_program_load(dd, "fullscreen.vert", "tonemap.frag",
                                      r->software ? "#define SRGB_FIT 1\n" : "#define SRGB_FIT 0\n");
    r->down_prog = gl_program_load(dd, "fullscreen.vert", "bloom_down.frag", NULL);
    r->up_prog = gl_program_load(dd, "fullscreen.vert", "bloom_up.frag", NULL);
    r->upscale_prog = gl_program_load(dd, "fullscreen.vert", "upscale.frag", NULL);
    int ok = scene_program(r, SCENE_PARTS_ALL) && r->tonemap_prog && r->down_prog && r->up_prog && r->upscale_prog;
    for (int i = 0; ok && i < SCENE_FAMILY_COUNT; i++) {
        char defines[64];
        snprintf(defines, sizeof defines, "#define FAMILY %d\n", i + 1);
        r->particle_prog[i] = gl_program_load(dd, "particles.vert", "particles.frag", defines);
        ok = r->particle_prog[i] != 0;
    }
    if (!ok) {
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
    GLuint progs[] = {r->tonemap_prog, r->down_prog, r->up_prog, r->upscale_prog};
    for (size_t i = 0; i < sizeof progs / sizeof progs[0]; i++)
        if (progs[i])
            glDeleteProgram(progs[i]);
    for (int i = 0; i <= SCENE_PARTS_ALL; i++)
        if (r->scene_prog[i])
            glDeleteProgram(r->scene_prog[i]);
    for (int i = 0; i < SCENE_FAMILY_COUNT; i++)
        if (r->particle_prog[i])
            glDeleteProgram(r->particle_prog[i]);
    if (r->body_tex)
        glDeleteTextures(1, &r->body_tex);
    if (r->vao)
        glDeleteVertexArrays(1, &r->vao);
    free(r);
}

void renderer_set_quality(renderer *r, float internal_scale, float particles)
{
    if (internal_scale > 0.0f)
        r->desc.internal_scale = internal_scale;
    if (particles > 0.0f)
        r->particles = particles;
}

/* Uniforms every scene program shares. */
static void set_common(GLuint p, const gl_target *t, const view *v, const render_frame *f,
                       float breath, float loved_x, float hx, float hy)
{
    glUniform2f(uni(p, "u_size"), (float)t->w, (float)t->h);
    glUniform3f(uni(p, "u_view"), v->scale, v->ox, v->oy);
    glUniform1f(uni(p, "u_time"), (float)f->t);
    glUniform2f(uni(p, "u_heart"), hx, hy);
    glUniform1f(uni(p, "u_breath"), breath);
    glUniform1f(uni(p, "u_loved_x"), loved_x);
    glUniform1f(uni(p, "u_breath_depth"), f->scene.breath_depth);
}

static void draw_scene(renderer *r, const render_frame *f, const view *v, float breath,
                       float loved_x)
{
    const scene_state *s = &f->scene;
    unsigned parts = r->part_variants ? scene_parts(s) : SCENE_PARTS_ALL;
    GLuint p = scene_program(r, parts);
    if (!p)
        p = scene_program(r, SCENE_PARTS_ALL); /* right at any moment, only slower */
    r->warmed |= 1u << parts;
    glUseProgram(p);
    set_common(p, &r->hdr, v, f, breath, loved_x, r->heart_x, r->heart_y);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, r->body_tex);
    glUniform1i(uni(p, "u_body"), 0);
    const struct { const char *name; float value; } values[] = {
        {"u_fade", s->fade}, {"u_figure", s->figure}, {"u_heart_light", s->heart},
        {"u_loved", s->loved}, {"u_dissolve", s->dissolve}, {"u_well", s->well},
        {"u_glow", s->glow}, {"u_resist", s->resist}, {"u_radiance", s->radiance},
        {"u_dawn", s->dawn},
    };
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++)
        glUniform1f(uni(p, values[i].name), values[i].value);
    /* The fountain's faint light on the face follows its strength; once the
     * glow lights the head from inside it is needed less. */
    float face_x = 0.0f, face_y = 0.0f;
    figure_anchor(figure_wellspring(), "face", &face_x, &face_y);
    glUniform2f(uni(p, "u_face"), face_x, face_y);
    float rate = s->fountain_rate * 2.5f;
    glUniform1f(uni(p, "u_face_light"), (rate < 1.0f ? rate : 1.0f) * (1.0f - 0.85f * s->glow));
    glDrawArrays(GL_TRIANGLES, 0, 3);
}

/* The particle count the look was tuned with: above it, sprites get smaller
 * so the picture keeps its brightness (see particles.vert). */
#define PARTICLES_TUNED 24000.0f

static void draw_particles(renderer *r, const render_frame *f, const view *v, float breath,
                           float loved_x)
{
    const scene_state *s = &f->scene;
    glEnable(GL_BLEND);
    glBlendFunc(GL_ONE, GL_ONE);
    if (!r->es)
        glEnable(GL_PROGRAM_POINT_SIZE); /* GLES always takes gl_PointSize */
    for (int i = 0; i < SCENE_FAMILY_COUNT; i++) {
        float rate = scene_family_rate(s, (scene_family)i) * s->fade;
        /* Stars and bubbles are things one could count: a bigger budget
         * would only turn them into haze, so they stay at the tuned count. */
        float budget = r->particles;
        if ((i == SCENE_MOTES || i == SCENE_BUBBLES) && budget > PARTICLES_TUNED)
            budget = PARTICLES_TUNED;
        float keep = budget * scene_family_share((scene_family)i);
        int count = (int)ceilf(keep);
        if (rate <= 0.0f || count <= 0)
            continue;
        GLuint p = r->particle_prog[i];
        glUseProgram(p);
        set_common(p, &r->hdr, v, f, breath, loved_x, r->heart_x, r->heart_y);
        glUniform1f(uni(p, "u_rate"), rate > 1.0f ? 1.0f : rate);
        glUniform1f(uni(p, "u_keep"), keep);
        glUniform1f(uni(p, "u_density"),
                    budget > PARTICLES_TUNED ? PARTICLES_TUNED / budget : 1.0f);
        glUniform1f(uni(p, "u_height"), s->fountain_height);
        glUniform1f(uni(p, "u_spread"), s->fountain_spread);
        glUniform3f(uni(p, "u_color"), s->fountain_color[0], s->fountain_color[1],
                    s->fountain_color[2]);
        if (i == SCENE_MOTES) {
            glActiveTexture(GL_TEXTURE0);
            glBindTexture(GL_TEXTURE_2D, r->body_tex);
            glUniform1i(uni(p, "u_body"), 0);
        }
        glDrawArrays(GL_POINTS, 0, count);
    }
    glDisable(GL_BLEND);
}

static void draw_pass(GLuint prog, const gl_target *src, const gl_target *dst, float threshold)
{
    glBindFramebuffer(GL_FRAMEBUFFER, dst->fbo);
    glViewport(0, 0, dst->w, dst->h);
    glUseProgram(prog);
    glBindTexture(GL_TEXTURE_2D, src->tex);
    glUniform1i(uni(prog, "u_src"), 0);
    glUniform2f(uni(prog, "u_texel"), 1.0f / src->w, 1.0f / src->h);
    if (threshold >= 0.0f)
        glUniform1f(uni(prog, "u_threshold"), threshold);
    glDrawArrays(GL_TRIANGLES, 0, 3);
}

static void draw_bloom(renderer *r)
{
    glActiveTexture(GL_TEXTURE0);
    draw_pass(r->down_prog, &r->hdr, &r->bloom[0], 0.08f);
    for (int i = 1; i < r->bloom_count; i++)
        draw_pass(r->down_prog, &r->bloom[i - 1], &r->bloom[i], 0.0f);
    glEnable(GL_BLEND);
    glBlendFunc(GL_ONE, GL_ONE);
    for (int i = r->bloom_count - 1; i > 0; i--)
        draw_pass(r->up_prog, &r->bloom[i], &r->bloom[i - 1], -1.0f);
    glDisable(GL_BLEND);
}

int renderer_draw(renderer *r, const render_frame *f, GLuint fbo, int w, int h)
{
    if (f->scene.fade <= 0.0f) {
        /* Faded all the way out (the end of the session, t = 0 exactly):
         * every light is scaled by the fade, so the picture is black. */
        glBindFramebuffer(GL_FRAMEBUFFER, fbo);
        glViewport(0, 0, w, h);
        glClearColor(0.0f, 0.0f, 0.0f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        return 0;
    }
    if (ensure_body_texture(r) < 0 || ensure_targets(r, w, h) < 0)
        return -1;
    glBindVertexArray(r->vao);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_BLEND);

    view v = view_fit(r->hdr.w, r->hdr.h);
    v.ox += f->offset_x * (float)r->hdr.w / (float)w;
    v.oy += f->offset_y * (float)r->hdr.h / (float)h;
    float breath = scene_breath(f->t, f->scene.breath_period);
    float loved_x = scene_loved_x((float)r->hdr.w / v.scale);

    mark(r, 0);
    warm_next_variant(r, f);
    r->frames++;
    glBindFramebuffer(GL_FRAMEBUFFER, r->hdr.fbo);
    glViewport(0, 0, r->hdr.w, r->hdr.h);
    draw_scene(r, f, &v, breath, loved_x);
    mark(r, RENDER_PASS_SCENE + 1);
    if (!r->desc.mask_view)
        draw_particles(r, f, &v, breath, loved_x);
    mark(r, RENDER_PASS_PARTICLES + 1);
    if (!r->desc.mask_view)
        draw_bloom(r);
    mark(r, RENDER_PASS_BLOOM + 1);

    int scaled = r->ldr.fbo != 0;
    glBindFramebuffer(GL_FRAMEBUFFER, scaled ? r->ldr.fbo : fbo);
    glViewport(0, 0, scaled ? r->ldr.w : w, scaled ? r->ldr.h : h);
    GLuint p = r->tonemap_prog;
    glUseProgram(p);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, r->hdr.tex);
    glUniform1i(uni(p, "u_hdr"), 0);
    glActiveTexture(GL_TEXTURE1);
    glBindTexture(GL_TEXTURE_2D, r->bloom[0].tex);
    glUniform1i(uni(p, "u_bloom"), 1);
    glActiveTexture(GL_TEXTURE0);
    /* Each level adds its own share of light: fewer levels (a small
     * picture) weigh more, so the glow is as strong at any size. */
    float bloom = 0.45f * (float)BLOOM_LEVELS / (float)r->bloom_count;
    glUniform1f(uni(p, "u_bloom_amount"), r->desc.mask_view ? 0.0f : bloom);
    glUniform1f(uni(p, "u_time"), (float)f->t);
    glUniform2f(uni(p, "u_size"), (float)(scaled ? r->ldr.w : w), (float)(scaled ? r->ldr.h : h));
    glDrawArrays(GL_TRIANGLES, 0, 3);
    glUseProgram(0);
    mark(r, RENDER_PASS_TONEMAP + 1);
    if (scaled) {
        /* A textured triangle, not glBlitFramebuffer: llvmpipe's blit costs
         * several times more at 1080p. */
        glBindFramebuffer(GL_FRAMEBUFFER, fbo);
        glViewport(0, 0, w, h);
        glUseProgram(r->upscale_prog);
        glBindTexture(GL_TEXTURE_2D, r->ldr.tex);
        glUniform1i(uni(r->upscale_prog, "u_src"), 0);
        glDrawArrays(GL_TRIANGLES, 0, 3);
        glUseProgram(0);
    }
    mark(r, RENDER_PASS_UPSCALE + 1);
    return 0;
}
