#include "sdl_window.h"

#include <GL/glew.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gl_util.h"
#include "log.h"
#include "options.h"
#include "sdl_x11.h"

static int desktop_present(void)
{
    const char *drv = SDL_GetCurrentVideoDriver();
    return drv && (strcmp(drv, "x11") == 0 || strcmp(drv, "wayland") == 0 ||
                   strcmp(drv, "cocoa") == 0 || strcmp(drv, "windows") == 0);
}

/* Asks the driver what it does offer, for the error message: a context with
 * no version request gives the best the driver has. */
static void probe_version(SDL_Window *win, char *buf, size_t n)
{
    snprintf(buf, n, "unknown");
    SDL_GL_ResetAttributes();
    SDL_GLContext ctx = SDL_GL_CreateContext(win);
    if (!ctx)
        return;
    typedef const unsigned char *(*get_string_fn)(unsigned int);
    get_string_fn get_string = (get_string_fn)SDL_GL_GetProcAddress("glGetString");
    const unsigned char *v = get_string ? get_string(GL_VERSION) : NULL;
    const unsigned char *r = get_string ? get_string(GL_RENDERER) : NULL;
    if (v)
        snprintf(buf, n, "%s (%s)", (const char *)v, r ? (const char *)r : "unknown renderer");
    SDL_GL_DeleteContext(ctx);
}

static int fail_no_gl(sdl_window *w, const char *why, int no_dialogs)
{
    char version[256];
    probe_version(w->win, version, sizeof version);
    char msg[768];
    snprintf(msg, sizeof msg,
             "Wellspring needs OpenGL 3.3 core (%s); this driver offers OpenGL %s. "
             "Update the graphics driver, or install Mesa (llvmpipe) for software rendering.",
             why, version);
    log_error("gl", "%s", msg);
    if (desktop_present() && !no_dialogs)
        SDL_ShowSimpleMessageBox(SDL_MESSAGEBOX_ERROR, "Wellspring", msg, NULL);
    sdl_window_close(w);
    return EXIT_NO_GL;
}

/* A display by index ("1") or by SDL's name for it ("HDMI-1" ...); the
 * primary display when there is no such display (one warning). */
static int find_display(const char *spec)
{
    int n = SDL_GetNumVideoDisplays();
    if (!spec || !*spec)
        return 0;
    char *end;
    long i = strtol(spec, &end, 10);
    if (*end == '\0' && end != spec) {
        if (i >= 0 && i < n)
            return (int)i;
    } else {
        for (int k = 0; k < n; k++) {
            const char *name = SDL_GetDisplayName(k);
            if (name && strcmp(name, spec) == 0)
                return k;
        }
    }
    log_warn("video", "no display '%s' (%d found; see --list-displays); using the primary display",
             spec, n);
    return 0;
}

void sdl_window_list_displays(FILE *out)
{
    int n = SDL_GetNumVideoDisplays();
    for (int k = 0; k < n; k++) {
        SDL_Rect r = {0, 0, 0, 0};
        SDL_DisplayMode m;
        SDL_GetDisplayBounds(k, &r);
        int hz = SDL_GetCurrentDisplayMode(k, &m) == 0 ? m.refresh_rate : 0;
        fprintf(out, "%d\t%s\t%dx%d+%d+%d\t%d Hz\n", k, SDL_GetDisplayName(k) ? SDL_GetDisplayName(k) : "?",
                r.w, r.h, r.x, r.y, hz);
    }
}

int sdl_window_open(sdl_window *w, const sdl_window_desc *d)
{
    memset(w, 0, sizeof *w);
    if (!SDL_WasInit(SDL_INIT_VIDEO) && SDL_InitSubSystem(SDL_INIT_VIDEO) < 0) {
        log_error("video", "cannot start SDL video: %s", SDL_GetError());
        return EXIT_RUNTIME;
    }
    int display = find_display(d->display);
    SDL_GL_ResetAttributes();
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 0);

    Uint32 flags = SDL_WINDOW_OPENGL | SDL_WINDOW_ALLOW_HIGHDPI;
    if (d->hidden)
        flags |= SDL_WINDOW_HIDDEN;
    else if (d->fullscreen)
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    else
        flags |= SDL_WINDOW_RESIZABLE;
    int ww = d->w > 0 ? d->w : 1280, wh = d->h > 0 ? d->h : 720;
    int x = SDL_WINDOWPOS_CENTERED_DISPLAY(display), y = x;
    SDL_Rect bounds;
    if (d->fullscreen && !d->hidden && SDL_GetDisplayBounds(display, &bounds) == 0) {
        /* Make the window the display's size and place from the start: with
         * no window manager (a kiosk X server) nothing else would resize it. */
        x = bounds.x;
        y = bounds.y;
        ww = bounds.w;
        wh = bounds.h;
    }
    if (d->foreign_xid) {
        /* A window the screensaver host made: SDL draws into it with GL but
         * gets no input or resize events from it. */
        SDL_SetHint(SDL_HINT_VIDEO_FOREIGN_WINDOW_OPENGL, "1");
        w->win = SDL_CreateWindowFrom((const void *)(uintptr_t)d->foreign_xid);
        w->foreign_xid = d->foreign_xid;
    } else {
        w->win = SDL_CreateWindow(d->title ? d->title : "Wellspring", x, y, ww, wh, flags);
    }
    if (!w->win) {
        log_error("video", "cannot open a window: %s", SDL_GetError());
        return EXIT_RUNTIME;
    }
    w->ctx = SDL_GL_CreateContext(w->win);
    if (!w->ctx) {
        char why[256];
        snprintf(why, sizeof why, "SDL: %s", SDL_GetError());
        return fail_no_gl(w, why, d->no_dialogs);
    }
    if (SDL_GL_SetSwapInterval(1) < 0)
        log_debug("gl", "no vsync here: %s", SDL_GetError()); /* Xvfb refuses it; harmless */

    glewExperimental = GL_TRUE;
    GLenum err = glewInit();
    if (err != GLEW_OK && err != GLEW_ERROR_NO_GLX_DISPLAY) {
        char why[256];
        snprintf(why, sizeof why, "GLEW: %s", (const char *)glewGetErrorString(err));
        return fail_no_gl(w, why, d->no_dialogs);
    }
    while (glGetError() != GL_NO_ERROR) /* glewInit on a core context leaves GL_INVALID_ENUM */
        ;
    const char *missing = NULL;
    if (!gl_check_entry_points(&missing)) {
        char why[256];
        snprintf(why, sizeof why, "%s is missing", missing);
        return fail_no_gl(w, why, d->no_dialogs);
    }
    log_debug("gl", "OpenGL %s on %s (video driver %s)", (const char *)glGetString(GL_VERSION),
              (const char *)glGetString(GL_RENDERER), SDL_GetCurrentVideoDriver());
    return 0;
}

void sdl_window_close(sdl_window *w)
{
    if (w->ctx)
        SDL_GL_DeleteContext(w->ctx);
    if (w->win)
        SDL_DestroyWindow(w->win);
    memset(w, 0, sizeof *w);
}

int sdl_window_drawable_size(const sdl_window *w, int *pw, int *ph)
{
    if (w->foreign_xid)
        return sdl_x11_window_size(w->foreign_xid, pw, ph);
    SDL_GL_GetDrawableSize(w->win, pw, ph);
    return 0;
}
