#include "video/gl_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/log.h"

/* The prelude put before every shader file: its version line, and for
 * GLSL ES the precision every shader assumes (GLSL 3.30's). The files
 * themselves keep to what both languages share. */
#define GLSL_PRELUDE_CORE "#version 330 core\n"
#define GLSL_PRELUDE_ES                                                          \
    "#version 300 es\nprecision highp float;\nprecision highp int;\n"           \
    "precision highp sampler2D;\n"

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    if (fseek(f, 0, SEEK_END) == 0) {
        long n = ftell(f);
        if (n >= 0 && n < (1 << 20) && fseek(f, 0, SEEK_SET) == 0) {
            buf = malloc((size_t)n + 1);
            if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
                free(buf);
                buf = NULL;
            } else if (buf) {
                buf[n] = '\0';
                *len = (size_t)n;
            }
        }
    }
    fclose(f);
    return buf;
}

static GLuint compile(const char *data_dir, const char *name, GLenum type, const char *defines)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/shaders/%s", data_dir, name);
    size_t len = 0;
    char *src = read_file(path, &len);
    if (!src) {
        log_error("gl", "cannot read shader %s: reinstall Wellspring or set WELLSPRING_DATA", path);
        return 0;
    }
    const char *parts[3] = {gl_is_es() ? GLSL_PRELUDE_ES : GLSL_PRELUDE_CORE, defines ? defines : "", src};
    GLuint sh = glCreateShader(type);
    glShaderSource(sh, 3, parts, NULL);
    glCompileShader(sh);
    free(src);
    GLint ok = 0;
    glGetShaderiv(sh, GL_COMPILE_STATUS, &ok);
    if (!ok) {
        char logbuf[2048] = "";
        glGetShaderInfoLog(sh, sizeof logbuf, NULL, logbuf);
        for (char *c = logbuf; *c; c++)
            if (*c == '\n' || *c == '\r')
                *c = ' ';
        log_error("gl", "shader %s does not compile: %s", path, logbuf);
        glDeleteShader(sh);
        return 0;
    }
    return sh;
}

GLuint gl_program_load(const char *data_dir, const char *vs, const char *fs, const char *defines)
{
    GLuint v = compile(data_dir, vs, GL_VERTEX_SHADER, defines);
    GLuint f = v ? compile(data_dir, fs, GL_FRAGMENT_SHADER, defines) : 0;
    if (!v || !f) {
        if (v)
            glDeleteShader(v);
        return 0;
    }
    GLuint p = GL_CREATE_PROGRAM();
    glAttachShader(p, v);
    glAttachShader(p, f);
    glLinkProgram(p);
    glDeleteShader(v);
    glDeleteShader(f);
    GLint ok = 0;
    glGetProgramiv(p, GL_LINK_STATUS, &ok);
    if (!ok) {
        char logbuf[2048] = "";
        glGetProgramInfoLog(p, sizeof logbuf, NULL, logbuf);
        log_error("gl", "shaders %s + %s do not link: %s", vs, fs, logbuf);
        glDeleteProgram(p);
        return 0;
    }
    return p;
}

int gl_target_create(gl_target *t, int w, int h, GLenum internal_format)
{
    memset(t, 0, sizeof *t);
    t->w = w;
    t->h = h;
    GL_GEN_TEXTURES(1, &t->tex);
    glBindTexture(GL_TEXTURE_2D, t->tex);
    /* A type each format accepts in both GL 3.3 and GLES 3.0. */
    GLenum type = internal_format == GL_RGBA8      ? GL_UNSIGNED_BYTE
                  : internal_format == GL_RGB10_A2 ? GL_UNSIGNED_INT_2_10_10_10_REV
                  : internal_format == GL_RGBA16F  ? GL_HALF_FLOAT
                                                   : GL_FLOAT;
    glTexImage2D(GL_TEXTURE_2D, 0, (GLint)internal_format, w, h, 0, GL_RGBA, type, NULL);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    GL_GEN_FRAMEBUFFERS(1, &t->fbo);
    glBindFramebuffer(GL_FRAMEBUFFER, t->fbo);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, t->tex, 0);
    GLenum status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    if (status != GL_FRAMEBUFFER_COMPLETE) {
        log_error("gl", "cannot make a %dx%d render target (status 0x%x)", w, h, status);
        gl_target_destroy(t);
        return -1;
    }
    return 0;
}

void gl_target_destroy(gl_target *t)
{
    if (t->fbo)
        glDeleteFramebuffers(1, &t->fbo);
    if (t->tex)
        glDeleteTextures(1, &t->tex);
    memset(t, 0, sizeof *t);
}

int gl_check_entry_points(const char **missing)
{
    /* Every GL 2.0+ function the renderer calls. GLEW leaves the pointer
     * NULL when the driver lacks it; on EGL glewInit may report
     * GLEW_ERROR_NO_GLX_DISPLAY yet have loaded these, so this is the check
     * that counts. */
    const struct { const void *fn; const char *name; } need[] = {
#define E(f) {(const void *)(f), #f}
        E(glCreateShader), E(glShaderSource), E(glCompileShader), E(glCreateProgram),
        E(glLinkProgram), E(glUseProgram), E(glGetUniformLocation), E(glUniform1f),
        E(glUniform1i), E(glUniform2f), E(glUniform3f), E(glUniform4f), E(glGenVertexArrays),
        E(glBindVertexArray), E(glGenFramebuffers), E(glBindFramebuffer),
        E(glFramebufferTexture2D), E(glCheckFramebufferStatus), E(glDrawArraysInstanced),
        E(glGenBuffers), E(glBindBuffer), E(glBufferData), E(glBlitFramebuffer),
        E(glVertexAttribPointer), E(glEnableVertexAttribArray), E(glActiveTexture),
#undef E
    };
    for (size_t i = 0; i < sizeof need / sizeof need[0]; i++) {
        if (!need[i].fn) {
            *missing = need[i].name;
            return 0;
        }
    }
    return 1;
}

gl_made_counts gl_made;

void gl_census(int *textures, int *framebuffers, int *programs)
{
    /* The names handed out next bound the names in use. */
    GLuint next_tex = 0, next_fbo = 0, next_prog = glCreateProgram();
    glGenTextures(1, &next_tex);
    glGenFramebuffers(1, &next_fbo);
    glDeleteTextures(1, &next_tex);
    glDeleteFramebuffers(1, &next_fbo);
    glDeleteProgram(next_prog);
    *textures = *framebuffers = *programs = 0;
    for (GLuint id = 1; id < next_tex; id++)
        *textures += glIsTexture(id) == GL_TRUE;
    for (GLuint id = 1; id < next_fbo; id++)
        *framebuffers += glIsFramebuffer(id) == GL_TRUE;
    for (GLuint id = 1; id < next_prog; id++)
        *programs += glIsProgram(id) == GL_TRUE;
}

int gl_frame_timer_init(gl_frame_timer *t)
{
    memset(t, 0, sizeof *t);
    if (!glGenQueries || !glGetQueryObjectui64v || !gl_has_timer_queries())
        return -1;
    glGenQueries(GL_FRAME_TIMER_RING, t->q);
    return glGetError() == GL_NO_ERROR ? 0 : -1;
}

void gl_frame_timer_begin(gl_frame_timer *t)
{
    if (!t->q[0] || t->active || t->pending == GL_FRAME_TIMER_RING)
        return; /* the ring is full: this frame goes untimed */
    glBeginQuery(GL_TIME_ELAPSED, t->q[t->next]);
    t->active = 1;
}

void gl_frame_timer_end(gl_frame_timer *t)
{
    if (!t->active)
        return;
    glEndQuery(GL_TIME_ELAPSED);
    t->active = 0;
    t->next = (t->next + 1) % GL_FRAME_TIMER_RING;
    t->pending++;
}

int gl_frame_timer_poll(gl_frame_timer *t, double *ms)
{
    if (!t->pending)
        return 0;
    GLuint q = t->q[(t->next - t->pending + GL_FRAME_TIMER_RING) % GL_FRAME_TIMER_RING];
    GLuint ready = 0;
    glGetQueryObjectuiv(q, GL_QUERY_RESULT_AVAILABLE, &ready);
    if (!ready)
        return 0;
    GLuint64 ns = 0;
    glGetQueryObjectui64v(q, GL_QUERY_RESULT, &ns);
    t->pending--;
    /* llvmpipe now and then answers an absurd count (hours) for one query:
     * a frame longer than 10 s of GPU time is not a frame, so it reads as
     * "none ready" for that slot and polling continues. */
    if (ns > 10000000000ull)
        return gl_frame_timer_poll(t, ms);
    *ms = (double)ns / 1e6;
    return 1;
}

void gl_frame_timer_destroy(gl_frame_timer *t)
{
    if (t->q[0])
        glDeleteQueries(GL_FRAME_TIMER_RING, t->q);
    memset(t, 0, sizeof *t);
}

int gl_pass_timer_init(gl_pass_timer *t)
{
    memset(t, 0, sizeof *t);
    if (!glGenQueries || !glQueryCounter || !glGetQueryObjectui64v || !gl_has_timer_queries())
        return -1;
    glGenQueries(GL_FRAME_TIMER_RING * GL_PASS_TIMER_MARKS, &t->q[0][0]);
    if (glGetError() != GL_NO_ERROR) {
        memset(t, 0, sizeof *t);
        return -1;
    }
    return 0;
}

void gl_pass_timer_mark(gl_pass_timer *t, int mark)
{
    if (!t->q[0][0] || t->pending == GL_FRAME_TIMER_RING || mark < 0 ||
        mark >= GL_PASS_TIMER_MARKS || mark != t->marks[t->next])
        return; /* off, the ring is full, or out of order: untimed */
    glQueryCounter(t->q[t->next][mark], GL_TIMESTAMP);
    t->marks[t->next] = mark + 1;
}

void gl_pass_timer_frame_end(gl_pass_timer *t)
{
    if (!t->q[0][0] || t->pending == GL_FRAME_TIMER_RING || t->marks[t->next] == 0)
        return; /* off, the ring full (this frame went unmarked), or no mark */
    t->next = (t->next + 1) % GL_FRAME_TIMER_RING;
    t->pending++;
}

void gl_pass_timer_poll(gl_pass_timer *t, int wait)
{
    while (t->pending) {
        int slot = (t->next - t->pending + GL_FRAME_TIMER_RING) % GL_FRAME_TIMER_RING;
        int n = t->marks[slot];
        if (n <= 0) { /* cannot happen: frame_end moves on only after a mark */
            t->pending--;
            continue;
        }
        GLuint ready = 0;
        glGetQueryObjectuiv(t->q[slot][n - 1], GL_QUERY_RESULT_AVAILABLE, &ready);
        if (!ready && !wait)
            return;
        GLuint64 at[GL_PASS_TIMER_MARKS];
        for (int i = 0; i < n; i++)
            glGetQueryObjectui64v(t->q[slot][i], GL_QUERY_RESULT, &at[i]);
        t->pending--;
        t->marks[slot] = 0;
        int sane = 1;
        for (int i = 1; i < n; i++)
            sane &= at[i] >= at[i - 1] && at[i] - at[i - 1] < 10000000000ull;
        if (!sane)
            continue;
        for (int i = 1; i < n; i++)
            t->sum_ms[i - 1] += (double)(at[i] - at[i - 1]) / 1e6;
        t->frames++;
    }
}

void gl_pass_timer_destroy(gl_pass_timer *t)
{
    if (t->q[0][0])
        glDeleteQueries(GL_FRAME_TIMER_RING * GL_PASS_TIMER_MARKS, &t->q[0][0]);
    memset(t, 0, sizeof *t);
}

void gl_pacer_frame_done(gl_pacer *p)
{
    GLsync f = glFenceSync(GL_SYNC_GPU_COMMANDS_COMPLETE, 0);
    if (!f)
        return;
    p->fence[p->count++] = f;
    while (p->count > GL_PACER_FRAMES) {
        glClientWaitSync(p->fence[0], GL_SYNC_FLUSH_COMMANDS_BIT, 1000000000ull);
        glDeleteSync(p->fence[0]);
        memmove(p->fence, p->fence + 1, (size_t)(p->count - 1) * sizeof p->fence[0]);
        p->count--;
    }
}

void gl_pacer_destroy(gl_pacer *p)
{
    for (int i = 0; i < p->count; i++)
        glDeleteSync(p->fence[i]);
    p->count = 0;
}

int gl_is_es(void)
{
    const char *v = (const char *)glGetString(GL_VERSION);
    return v && strncmp(v, "OpenGL ES", 9) == 0;
}

int gl_has_extension(const char *name)
{
    GLint n = 0;
    glGetIntegerv(GL_NUM_EXTENSIONS, &n);
    for (GLint i = 0; i < n; i++) {
        const char *e = (const char *)glGetStringi(GL_EXTENSIONS, (GLuint)i);
        if (e && strcmp(e, name) == 0)
            return 1;
    }
    return 0;
}

int gl_has_timer_queries(void)
{
    return !gl_is_es() || gl_has_extension("GL_EXT_disjoint_timer_query");
}

GLenum gl_hdr_format(int software)
{
    if (!gl_is_es())
        return software ? GL_RGBA32F : GL_RGBA16F;
    /* GLES 3.0 renders to float formats only with an extension. Full floats
     * also need one to be filtered, and the bloom filters them. */
    if (gl_has_extension("GL_EXT_color_buffer_float"))
        return software && gl_has_extension("GL_OES_texture_float_linear") ? GL_RGBA32F : GL_RGBA16F;
    if (gl_has_extension("GL_EXT_color_buffer_half_float"))
        return GL_RGBA16F;
    log_warn("gl", "this OpenGL ES driver cannot render to float targets: the picture is drawn in "
             "10 bits per channel and the brightest light clips");
    return GL_RGB10_A2;
}

GLenum gl_float_texture_format(void)
{
    return !gl_is_es() || gl_has_extension("GL_OES_texture_float_linear") ? GL_RGBA32F : GL_RGBA16F;
}

int gl_is_software(void)
{
    const char *r = (const char *)glGetString(GL_RENDERER);
    static const char *const names[] = {"llvmpipe", "softpipe", "Software Rasterizer", "SWR"};
    for (size_t i = 0; r && i < sizeof names / sizeof names[0]; i++)
        if (strstr(r, names[i]))
            return 1;
    return 0;
}
