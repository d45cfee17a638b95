/* drift: burn-in care for OLED and plasma panels. Pure C.
 *
 * The static parts of the picture (the silhouette, its rim, the caption
 * band) move along a slow Lissajous path, a few pixels over minutes, too
 * slowly to notice: amplitude DRIFT_AMPLITUDE of the screen height (about
 * 3 px at 1080p) with periods of 7 and 11 minutes. The path is a function
 * of wall time, so two screens agree. */
#ifndef WS_DRIFT_H
#define WS_DRIFT_H

#define DRIFT_AMPLITUDE 0.003   /* of the screen height */
#define DRIFT_PERIOD_X 420.0    /* seconds */
#define DRIFT_PERIOD_Y 660.0

/* The offset in pixels for a screen `height` pixels tall at wall time
 * `wall` (seconds since the epoch). |dx|, |dy| <= DRIFT_AMPLITUDE * height. */
void drift_at(double wall, int height, float *dx, float *dy);

#endif
