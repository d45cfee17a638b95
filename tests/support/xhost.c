/* Test support: a plain X window, as a screensaver host (xscreensaver,
 * xsecurelock) would make for its hack. Prints the window id, then waits
 * until killed. Usage: xhost WIDTH HEIGHT */
#include <X11/Xlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    int w = argc > 2 ? atoi(argv[1]) : 400, h = argc > 2 ? atoi(argv[2]) : 300;
    Display *d = XOpenDisplay(NULL);
    if (!d) {
        fprintf(stderr, "xhost: no X display\n");
        return 1;
    }
    Window win = XCreateSimpleWindow(d, DefaultRootWindow(d), 0, 0, (unsigned)w, (unsigned)h, 0,
                                     0, BlackPixel(d, DefaultScreen(d)));
    XStoreName(d, win, "wellspring-test-host");
    XMapWindow(d, win);
    XSync(d, False);
    printf("0x%lx\n", (unsigned long)win);
    fflush(stdout);
    for (;;)
        pause();
}
