/* sdl_window: the SDL window and its OpenGL 3.3 core or OpenGL ES 3.0 context.
 *
 * Opens full screen (desktop mode) on a chosen display, windowed, or hidden
 * (for offline rendering), makes a GL 3.3 core context with vsync, or where
 * the driver has none an OpenGL ES 3.0 one (or the one --gl asks for), and loads
 * GL through GLEW. On EGL (SDL_VIDEODRIVER=offscreen) glewInit reports
 * GLEW_ERROR_NO_GLX_DISPLAY although the entry points are loaded; that code
 * is accepted and the entry points are checked one by one instead. */
#ifndef WS_SDL_WINDOW_H
#define WS_SDL_WINDOW_H

#include <SDL.h>
#include <stdio.h>

#include "video/displays.h"

typedef struct sdl_window_desc {
    const char *title;
    int fullscreen;   /* desktop full screen on `display` */
    int hidden;       /* no visible window (offline rendering) */
    const char *display; /* display index or name; NULL = primary */
    int w, h;         /* window size when not full screen; 0 = 1280x720 */
    int no_dialogs;   /* never show a message box (kiosk, screensaver) */
    unsigned long foreign_xid; /* draw into this X window owned by another program (0 = none) */
    int no_vsync;     /* swap without waiting (every window after the first) */
    int gl_api;       /* SDL_WINDOW_GL_AUTO (core, else ES), _CORE or _ES (--gl) */
} sdl_window_desc;

enum { SDL_WINDOW_GL_AUTO = 0, SDL_WINDOW_GL_CORE, SDL_WINDOW_GL_ES };

typedef struct sdl_window {
    SDL_Window *win;
    SDL_GLContext ctx;
    unsigned long foreign_xid; /* nonzero: a foreign X window; its size is asked of X */
    int covers;       /* made to cover a display (full screen): follows its mode */
    int es;           /* the context is OpenGL ES 3.0 (else OpenGL 3.3 core) */
} sdl_window;

/* Returns 0 on success. On failure logs one line and returns the process
 * exit code to use: EXIT_NO_GL when neither context can be made (naming the
 * driver's desktop and ES version strings, and showing a message box when a desktop is
 * present), EXIT_RUNTIME when SDL cannot open a window at all. */
int sdl_window_open(sdl_window *w, const sdl_window_desc *desc);
void sdl_window_close(sdl_window *w);

/* Reads the connected displays, in SDL's order. Test aid: the variable
 * WELLSPRING_TEST_DISPLAYS (a display script, see displays.h) stands in for
 * them; windows that cover a stand-in display are borderless windows at its
 * bounds. Returns 1 when the stand-in is in use, else 0. */
int sdl_window_displays(display_list *out);

/* Call once per frame: with the stand-in displays, sends SDL's display event
 * when the stand-in list changes (real displays send their own). */
void sdl_window_pump_displays(void);
/* Test aid: starts the clock of WELLSPRING_TEST_DISPLAYS's script (at the
 * first frame). */
void sdl_window_stand_in_start(void);

/* Prints the displays: index, name, bounds, refresh. */
void sdl_window_list_displays(FILE *out);

/* Moves and sizes a window that covers a display (sdl_window.covers) onto
 * d, after the display's mode or place changed. Others are left alone. */
void sdl_window_place(sdl_window *w, const display_info *d);

/* The drawable size in pixels (HiDPI-aware; a foreign window's current size
 * from X). Returns 0, or -1 when a foreign window has gone away. */
int sdl_window_drawable_size(const sdl_window *w, int *pw, int *ph);

/* The refresh rate (Hz) of the display the window is on; 0 when unknown. */
int sdl_window_refresh(const sdl_window *w);

#endif
