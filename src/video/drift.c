#include "video/drift.h"

#include <math.h>

void drift_at(double wall, int height, float *dx, float *dy)
{
    const double two_pi = 6.283185307179586;
    double a = DRIFT_AMPLITUDE * (double)height;
    /* fmod first keeps the phase exact for epoch-sized wall times. */
    *dx = (float)(a * sin(two_pi * fmod(wall, DRIFT_PERIOD_X) / DRIFT_PERIOD_X));
    *dy = (float)(a * sin(two_pi * fmod(wall, DRIFT_PERIOD_Y) / DRIFT_PERIOD_Y + 0.5));
}
