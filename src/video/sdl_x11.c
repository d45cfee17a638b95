#include "video/sdl_x11.h"

#include <X11/Xlib.h>
#include <stddef.h>

/* One connection for the process, opened on first use; Xlib errors (a window
 * that vanished) go to a handler that only records them. */
static Display *g_dpy;
static int g_x_error;

static int on_x_error(Display *d, XErrorEvent *e)
{
    (void)d;
    (void)e;
    g_x_error = 1;
    return 0;
}

static Display *display(void)
{
    if (!g_dpy) {
        g_dpy = XOpenDisplay(NULL);
        if (g_dpy)
            XSetErrorHandler(on_x_error);
    }
    return g_dpy;
}

unsigned long sdl_x11_root_window(void)
{
    Display *d = display();
    return d ? (unsigned long)DefaultRootWindow(d) : 0;
}

int sdl_x11_window_size(unsigned long xid, int *w, int *h)
{
    Display *d = display();
    XWindowAttributes attr;
    if (!d)
        return -1;
    g_x_error = 0;
    if (!XGetWindowAttributes(d, (Window)xid, &attr) || g_x_error)
        return -1;
    *w = attr.width;
    *h = attr.height;
    return 0;
}

void sdl_x11_close(void)
{
    if (g_dpy)
        XCloseDisplay(g_dpy);
    g_dpy = NULL;
}
