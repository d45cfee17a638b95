/* sdl_x11: the few Xlib calls the screensaver modes need and SDL does not
 * offer: the root window's id, and the current size of a window that another
 * program owns (a foreign window gets no resize events through SDL). */
#ifndef WS_SDL_X11_H
#define WS_SDL_X11_H

/* The root window of the default screen, or 0 with no X display. */
unsigned long sdl_x11_root_window(void);

/* The window's size in pixels. Returns 0, or -1 when the window is gone or
 * there is no X display (the caller then ends the saver). */
int sdl_x11_window_size(unsigned long xid, int *w, int *h);

/* Closes the connection opened by the calls above (safe to call twice). */
void sdl_x11_close(void);

#endif
