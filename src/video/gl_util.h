/* gl_util: small OpenGL 3.3 helpers shared by the renderer. Needs a current
 * GL 3.3 core context (GLEW initialised).
 *
 * Shaders are files under DATA/shaders, loaded at run time. The loader puts
 * the `#version` line and any `#define`s in front of the file, so a shader
 * file itself has no #version: switching to GLSL ES 3.00 is a change here
 * only. Errors name the file and carry the driver's info log. */
#ifndef WS_GL_UTIL_H
#define WS_GL_UTIL_H

#include <GL/glew.h>

/* Builds a program from DATA/shaders/<vs> and DATA/shaders/<fs>, with
 * `defines` (may be NULL; e.g. "#define BLOOM 1\n") after the version line.
 * Returns the program, or 0 after logging one error line that names the file
 * and gives the driver's log. */
GLuint gl_program_load(const char *data_dir, const char *vs, const char *fs, const char *defines);

/* A colour render target: texture + framebuffer. Zero handles mean "none"; the
 * destroy is safe on a zeroed or half-made target. */
typedef struct gl_target {
    GLuint fbo, tex;
    int w, h;
} gl_target;

/* Creates a w x h target with the given internal format (GL_RGBA16F for HDR,
 * GL_RGBA8 for output) and linear filtering, clamped. Returns 0 or -1. */
int gl_target_create(gl_target *t, int w, int h, GLenum internal_format);
void gl_target_destroy(gl_target *t);

/* True when the GL 3.3 core entry points the renderer calls are present. On
 * failure names the first missing one in *missing. */
int gl_check_entry_points(const char **missing);

/* Counts live GL textures, framebuffers and programs (a census for soak
 * tests: the counts must not grow). Probes every name up to the next one the
 * driver would hand out. */
void gl_census(int *textures, int *framebuffers, int *programs);

/* GL objects made over the whole run, alive or since deleted (the census
 * above counts only those alive, so a texture re-made every loop would not
 * show there). Every glGenTextures, glGenFramebuffers and glCreateProgram
 * in Wellspring goes through these. */
typedef struct gl_made_counts {
    unsigned long textures, caption_textures, framebuffers, programs;
} gl_made_counts;
extern gl_made_counts gl_made;
#define GL_GEN_TEXTURES(n, names) (glGenTextures((n), (names)), gl_made.textures += (unsigned long)(n))
#define GL_GEN_CAPTION_TEXTURES(n, names) \
    (glGenTextures((n), (names)), gl_made.caption_textures += (unsigned long)(n))
#define GL_GEN_FRAMEBUFFERS(n, names) \
    (glGenFramebuffers((n), (names)), gl_made.framebuffers += (unsigned long)(n))
#define GL_CREATE_PROGRAM() (gl_made.programs++, glCreateProgram())

/* GPU time per frame from GL_TIME_ELAPSED queries (core in GL 3.3). A ring
 * of queries so reading a result never waits for the GPU: a frame's time is
 * collected a few frames later. Zeroed means "not made"; every call is then
 * a no-op, so a driver without timer queries costs nothing. */
#define GL_FRAME_TIMER_RING 6
typedef struct gl_frame_timer {
    GLuint q[GL_FRAME_TIMER_RING];
    int next;    /* the query the next begin uses */
    int pending; /* queries ended but not yet read, oldest at next - pending */
    int active;  /* a begin without its end */
} gl_frame_timer;

int gl_frame_timer_init(gl_frame_timer *t);
void gl_frame_timer_begin(gl_frame_timer *t);
void gl_frame_timer_end(gl_frame_timer *t);
/* Stores the oldest finished frame's GPU time in *ms and returns 1, or
 * returns 0 when none is ready. Call until it returns 0. */
int gl_frame_timer_poll(gl_frame_timer *t, double *ms);
void gl_frame_timer_destroy(gl_frame_timer *t);

/* GPU time per pass within a frame, from GL_TIMESTAMP queries (a timestamp
 * at each mark; a pass is the time between two marks). Same ring as the frame
 * timer, so reading never waits. Means are over the frames collected. A
 * diagnostic for the benchmark: zeroed means "off" and every call is a no-op. */
#define GL_PASS_TIMER_MARKS 8
typedef struct gl_pass_timer {
    GLuint q[GL_FRAME_TIMER_RING][GL_PASS_TIMER_MARKS];
    int marks[GL_FRAME_TIMER_RING]; /* marks made in each frame of the ring */
    int next, pending;
    double sum_ms[GL_PASS_TIMER_MARKS - 1];
    long frames;
} gl_pass_timer;

int gl_pass_timer_init(gl_pass_timer *t);
/* Marks the end of pass `mark - 1` (mark 0 is the frame's start). Marks go in
 * order, each at most once a frame. */
void gl_pass_timer_mark(gl_pass_timer *t, int mark);
void gl_pass_timer_frame_end(gl_pass_timer *t);
/* Collects the finished frames; with `wait`, waits for all of them. */
void gl_pass_timer_poll(gl_pass_timer *t, int wait);
void gl_pass_timer_destroy(gl_pass_timer *t);

/* Frame pacing: at most GL_PACER_FRAMES frames queued ahead of the GPU. A
 * driver without vsync (EGL pbuffers, a compositor that never blocks) would
 * otherwise let the CPU run hundreds of frames ahead, with the command queue
 * growing by megabytes and every figure measured on the CPU meaningless. */
#define GL_PACER_FRAMES 2
typedef struct gl_pacer {
    GLsync fence[GL_PACER_FRAMES + 1];
    int count;
} gl_pacer;

/* Call right after a swap: fences the frame, and waits (up to 1 s) while
 * more than GL_PACER_FRAMES frames are still unfinished. */
void gl_pacer_frame_done(gl_pacer *p);
void gl_pacer_destroy(gl_pacer *p);

/* True when the current context is OpenGL ES (3.0 or newer), not desktop
 * OpenGL 3.3 core. */
int gl_is_es(void);
/* True when the current context has the named extension. */
int gl_has_extension(const char *name);
/* True when GPU timer queries work here: core in GL 3.3, an extension
 * (EXT_disjoint_timer_query) in GLES. */
int gl_has_timer_queries(void);
/* The format of the HDR scene and bloom targets: RGBA16F, or RGBA32F on
 * software GL (cheaper for a CPU to convert); on GLES only what its
 * extensions let it render to and filter, down to RGB10_A2 (with a warning:
 * highlights above white clip). */
GLenum gl_hdr_format(int software);
/* A filterable float texture format for data textures: RGBA32F, or RGBA16F
 * on GLES without OES_texture_float_linear. */
GLenum gl_float_texture_format(void);

/* True when the current context draws in software (Mesa's llvmpipe or
 * softpipe, ...): its "GPU time" is the CPU's. */
int gl_is_software(void);

#endif
