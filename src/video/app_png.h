/* app_png: writes 8-bit RGBA images as PNG through libpng.
 * The output carries no time stamps or text chunks, so the same pixels
 * always give the same bytes. */
#ifndef WS_APP_PNG_H
#define WS_APP_PNG_H

#include <stdint.h>

/* rgba: w*h*4 bytes, rows top to bottom. Returns 0, or -1 after logging a
 * line that names the path and the reason. */
int app_png_write(const char *path, const uint8_t *rgba, int w, int h);

#endif
