/* startup: where the time to the first frame goes. Each step of starting up
 * adds the seconds it took (a step that happens twice, a second window say,
 * adds twice); --benchmark prints the breakdown and the player logs it at
 * --verbose with its first frame. Process-wide sums, like the GL object
 * counts: there is one start-up per process. Pure: the caller measures. */
#ifndef WS_STARTUP_H
#define WS_STARTUP_H

#include <stddef.h>

typedef enum {
    STARTUP_SESSION, /* finding and reading the session's files */
    STARTUP_SDL,     /* SDL_Init */
    STARTUP_WINDOW,  /* opening the window */
    STARTUP_CONTEXT, /* the GL context and loading GL (GLEW) */
    STARTUP_SHADERS, /* compiling and linking the shaders */
    STARTUP_FONTS,   /* opening the caption fonts */
    STARTUP_FIGURE,  /* waiting for the figure's maps and uploading them */
    STARTUP_AUDIO,   /* opening the audio device */
    STARTUP_COUNT
} startup_step;

void startup_add(startup_step step, double seconds);
double startup_seconds(startup_step step);
const char *startup_name(startup_step step);

/* "session 4, SDL 31, window 12, ..." in milliseconds, then "rest N" for
 * what the steps do not cover of total_s (the first frame's own drawing,
 * the caption lines' first rasterizing, the loop's own start). */
void startup_describe(double total_s, char *buf, size_t n);

#endif
