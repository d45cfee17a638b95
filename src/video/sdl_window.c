#include "video/sdl_window.h"

#include <GL/glew.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "video/gl_util.h"
#include "util/log.h"
#include "util/startup.h"
#include "util/options.h"
#include "video/sdl_x11.h"

static int desktop_present(void)
{
    const char *drv = SDL_GetCurrentVideoDriver();
    return drv && (strcmp(drv, "x11") == 0 || strcmp(drv, "wayland") == 0 ||
                   strcmp(drv, "cocoa") == 0 || strcmp(drv, "windows") == 0);
}

/* The two context types Wellspring can draw with, in the order it tries
 * them: desktop OpenGL 3.3 core, then OpenGL ES 3.0 (Raspberry Pi class
 * boards, whose drivers stop at desktop GL 3.1). */
static void set_context_attributes(int es)
{
    SDL_GL_ResetAttributes();
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, es ? 0 : 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, es ? SDL_GL_CONTEXT_PROFILE_ES : SDL_GL_CONTEXT_PROFILE_CORE);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 0);
}

/* Asks the driver what it does offer of one context type, for the error
 * message: a context with no version request gives the best it has. */
static void probe_version(SDL_Window *win, int es, char *buf, size_t n)
{
    snprintf(buf, n, "none");
    SDL_GL_ResetAttributes();
    if (es)
        SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
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

/* Neither context could be made (or not the one --gl asked for): one line
 * that names what was asked, why it failed and what the driver offers. */
static int fail_no_gl(sdl_window *w, const sdl_window_desc *d, const char *why)
{
    char core[256] = "none", es[256] = "none";
    if (w->win) {
        probe_version(w->win, 0, core, sizeof core);
        probe_version(w->win, 1, es, sizeof es);
    }
    const char *need = d->gl_api == SDL_WINDOW_GL_CORE ? "OpenGL 3.3 core (--gl core)"
                       : d->gl_api == SDL_WINDOW_GL_ES ? "OpenGL ES 3.0 (--gl es)"
                                                       : "OpenGL 3.3 core or OpenGL ES 3.0";
    char msg[1024];
    snprintf(msg, sizeof msg,
             "Wellspring needs %s (%s); this driver offers desktop OpenGL %s and %s. "
             "Update the graphics driver, or install Mesa (llvmpipe) for software rendering.",
             need, why, core, es);
    log_error("gl", "%s", msg);
    if (desktop_present() && !d->no_dialogs)
        SDL_ShowSimpleMessageBox(SDL_MESSAGEBOX_ERROR, "Wellspring", msg, NULL);
    sdl_window_close(w);
    return EXIT_NO_GL;
}

/* Test aid: WELLSPRING_TEST_DISPLAYS stands in for the real list (a display
 * script, timed from the first frame: sdl_window_stand_in_start; until then
 * its first list), so tests can have two screens or a TV
 * that changes its mode on any video driver. Returns the list in force, or
 * NULL when there is no stand-in. When the list changes, pushes the event
 * SDL sends when a display comes or goes, so the stand-in goes through the
 * same event path as a real display. */
static Uint64 stand_in_t0; /* when the script's clock started, or 0 */

/* Starts the stand-in script's clock (once): at the first frame, so a slow
 * start (a sanitizer build on a busy machine) cannot let a TV's whole
 * off-and-on pass before the player looks. */
void sdl_window_stand_in_start(void)
{
    if (!stand_in_t0)
        stand_in_t0 = SDL_GetPerformanceCounter();
}

static const display_list *stand_in(void)
{
    static display_script script;
    static int state; /* 0: not read, 1: in use, -1: none */
    static const display_list *last;
    if (state == 0) {
        const char *spec = getenv("WELLSPRING_TEST_DISPLAYS");
        char err[160];
        state = -1;
        if (spec && *spec) {
            if (display_script_parse(spec, &script, err, sizeof err) == 0) {
                state = 1;
            } else {
                log_warn("video", "WELLSPRING_TEST_DISPLAYS: %s; using the real displays", err);
            }
        }
    }
    if (state != 1)
        return NULL;
    double t = stand_in_t0 ? (double)(SDL_GetPerformanceCounter() - stand_in_t0) /
                                 (double)SDL_GetPerformanceFrequency()
                           : 0.0;
    const display_list *now = display_script_at(&script, t);
    if (last && now != last) {
        SDL_Event e = {.type = SDL_DISPLAYEVENT};
        e.display.event = now->count >= last->count ? SDL_DISPLAYEVENT_CONNECTED
                                                    : SDL_DISPLAYEVENT_DISCONNECTED;
        SDL_PushEvent(&e);
    }
    last = now;
    return now;
}

void sdl_window_pump_displays(void)
{
    stand_in();
}

int sdl_window_displays(display_list *out)
{
    const display_list *fake = stand_in();
    if (fake) {
        *out = *fake;
        return 1;
    }
    memset(out, 0, sizeof *out);
    int n = SDL_GetNumVideoDisplays();
    for (int k = 0; k < n && out->count < DISPLAYS_MAX; k++) {
        display_info *d = &out->d[out->count];
        SDL_Rect r = {0, 0, 0, 0};
        SDL_DisplayMode m;
        SDL_GetDisplayBounds(k, &r); /* zeros when it fails: indices stay SDL's */
        d->x = r.x;
        d->y = r.y;
        d->w = r.w;
        d->h = r.h;
        d->refresh = SDL_GetCurrentDisplayMode(k, &m) == 0 ? m.refresh_rate : 0;
        const char *name = SDL_GetDisplayName(k);
        snprintf(d->name, sizeof d->name, "%s", name ? name : "");
        out->count++;
    }
    return 0;
}

void sdl_window_list_displays(FILE *out)
{
    display_list l;
    sdl_window_displays(&l);
    fprintf(out, "# index\tname\tsize+x+y\trefresh\n");
    for (int k = 0; k < l.count; k++)
        fprintf(out, "%d\t%s\t%dx%d%+d%+d\t%d Hz\n", k, l.d[k].name[0] ? l.d[k].name : "?",
                l.d[k].w, l.d[k].h, l.d[k].x, l.d[k].y, l.d[k].refresh);
}

typedef struct window_place {
    int x, y, w, h;
} window_place;

static double seconds_now(void)
{
    return (double)SDL_GetPerformanceCounter() / (double)SDL_GetPerformanceFrequency();
}

static int create_window(sdl_window *w, const sdl_window_desc *d, const window_place *p, Uint32 flags)
{
    double t0 = seconds_now();
    if (d->foreign_xid) {
        /* A window the screensaver host made: SDL draws into it with GL but
         * gets no input or resize events from it (SDL leaves the window
         * itself to its owner when it lets go of it). */
        SDL_SetHint(SDL_HINT_VIDEO_FOREIGN_WINDOW_OPENGL, "1");
        w->win = SDL_CreateWindowFrom((const void *)(uintptr_t)d->foreign_xid);
        w->foreign_xid = d->foreign_xid;
    } else {
        w->win = SDL_CreateWindow(d->title ? d->title : "Wellspring", p->x, p->y, p->w, p->h, flags);
    }
    startup_add(STARTUP_WINDOW, seconds_now() - t0);
    if (!w->win) {
        log_error("video", "cannot open a window: %s", SDL_GetError());
        return -1;
    }
    return 0;
}

static int make_context_timed(sdl_window *w, const sdl_window_desc *d, int es, const char *name, char *why,
                              size_t n);

/* Makes the context of one type on w's window and loads GL through GLEW.
 * Returns 0, or -1 with why filled and no context left. */
static int make_context(sdl_window *w, const sdl_window_desc *d, int es, char *why, size_t n)
{
    const char *name = es ? "OpenGL ES 3.0" : "OpenGL 3.3 core";
    double t0 = seconds_now();
    int rc = make_context_timed(w, d, es, name, why, n);
    startup_add(STARTUP_CONTEXT, seconds_now() - t0);
    return rc;
}

static int make_context_timed(sdl_window *w, const sdl_window_desc *d, int es, const char *name, char *why,
                              size_t n)
{
    w->ctx = SDL_GL_CreateContext(w->win);
    if (!w->ctx) {
        snprintf(why, n, "%s: SDL: %s", name, SDL_GetError());
        log_debug("gl", "no %s context: %s", name, SDL_GetError());
        return -1;
    }
    /* Several windows: only the first waits for the vertical blank, or each
     * swap would wait in turn and divide the frame rate. */
    if (SDL_GL_SetSwapInterval(d->no_vsync ? 0 : 1) < 0)
        log_debug("gl", "no vsync here: %s", SDL_GetError()); /* Xvfb refuses it; harmless */
    glewExperimental = GL_TRUE;
    GLenum err = glewInit();
    while (glGetError() != GL_NO_ERROR) /* glewInit on a core context leaves GL_INVALID_ENUM */
        ;
    const char *missing = NULL;
    if (err != GLEW_OK && err != GLEW_ERROR_NO_GLX_DISPLAY) {
        snprintf(why, n, "%s: GLEW: %s", name, (const char *)glewGetErrorString(err));
    } else if (!gl_check_entry_points(&missing)) {
        snprintf(why, n, "%s: %s is missing", name, missing);
    } else {
        w->es = es;
        log_debug("gl", "%s%s on %s (%s context, video driver %s)", es ? "" : "OpenGL ",
                  (const char *)glGetString(GL_VERSION), (const char *)glGetString(GL_RENDERER),
                  es ? "ES 3.0" : "3.3 core", SDL_GetCurrentVideoDriver());
        return 0;
    }
    log_debug("gl", "no %s context: %s", name, why);
    SDL_GL_DeleteContext(w->ctx);
    w->ctx = NULL;
    return -1;
}

int sdl_window_open(sdl_window *w, const sdl_window_desc *d)
{
    memset(w, 0, sizeof *w);
    if (!SDL_WasInit(SDL_INIT_VIDEO) && SDL_InitSubSystem(SDL_INIT_VIDEO) < 0) {
        log_error("video", "cannot start SDL video: %s", SDL_GetError());
        return EXIT_RUNTIME;
    }
    display_list displays;
    int stand_in = sdl_window_displays(&displays);
    int display = displays_find(&displays, d->display);
    if (display < 0 && displays.count) {
        log_warn("video", "no display '%s' (%d found; see --list-displays); using the first",
                 d->display, displays.count);
        display = 0;
    }
    Uint32 flags = SDL_WINDOW_OPENGL | SDL_WINDOW_ALLOW_HIGHDPI;
    if (d->hidden)
        flags |= SDL_WINDOW_HIDDEN;
    else if (d->fullscreen)
        /* Stand-in displays are not SDL's: a borderless window covers one. */
        flags |= stand_in ? SDL_WINDOW_BORDERLESS : SDL_WINDOW_FULLSCREEN_DESKTOP;
    else
        flags |= SDL_WINDOW_RESIZABLE;
    window_place place = {.w = d->w > 0 ? d->w : 1280, .h = d->h > 0 ? d->h : 720};
    place.x = place.y = SDL_WINDOWPOS_CENTERED_DISPLAY(display < 0 || stand_in ? 0 : display);
    if (d->fullscreen && !d->hidden && display >= 0) {
        /* Make the window the display's size and place from the start: with
         * no window manager (a kiosk X server) nothing else would resize it. */
        const display_info *b = &displays.d[display];
        place = (window_place){b->x, b->y, b->w, b->h};
        w->covers = 1;
    }
    /* Core first, then ES, unless --gl chose one. The window is made again
     * for the second try: SDL picks the GL library (GLX or EGL) and the
     * visual with the window. While a second try may follow, the window is
     * made hidden and shown once it has its context, so a GLES-only board
     * never shows a window that then closes. */
    int hide_first = d->gl_api == SDL_WINDOW_GL_AUTO && !d->hidden && !d->foreign_xid;
    char why[256] = "";
    for (int es = d->gl_api == SDL_WINDOW_GL_ES; es <= (d->gl_api != SDL_WINDOW_GL_CORE); es++) {
        if (w->win) {
            SDL_DestroyWindow(w->win);
            w->win = NULL;
        }
        set_context_attributes(es);
        if (create_window(w, d, &place, flags | (hide_first ? SDL_WINDOW_HIDDEN : 0)) < 0)
            return EXIT_RUNTIME;
        if (make_context(w, d, es, why, sizeof why) == 0) {
            if (hide_first)
                SDL_ShowWindow(w->win);
            return 0;
        }
    }
    return fail_no_gl(w, d, why);
}

void sdl_window_place(sdl_window *w, const display_info *d)
{
    if (!w->covers || w->foreign_xid)
        return;
    int x, y, ww, wh;
    SDL_GetWindowPosition(w->win, &x, &y);
    SDL_GetWindowSize(w->win, &ww, &wh);
    if (x == d->x && y == d->y && ww == d->w && wh == d->h)
        return;
    Uint32 fs = SDL_GetWindowFlags(w->win) & SDL_WINDOW_FULLSCREEN_DESKTOP;
    /* A full-screen window takes its size from the display's mode when it
     * goes full screen: step out, move, and go back in on the new mode. */
    if (fs)
        SDL_SetWindowFullscreen(w->win, 0);
    SDL_SetWindowPosition(w->win, d->x, d->y);
    SDL_SetWindowSize(w->win, d->w, d->h);
    if (fs)
        SDL_SetWindowFullscreen(w->win, fs);
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

int sdl_window_refresh(const sdl_window *w)
{
    SDL_DisplayMode m;
    int d = w->win ? SDL_GetWindowDisplayIndex(w->win) : 0;
    if (d < 0 || SDL_GetCurrentDisplayMode(d, &m) != 0)
        return 0;
    return m.refresh_rate;
}
