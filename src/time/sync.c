#include "time/sync.h"

#include <math.h>

sync_position sync_at(double wall, double loop_length)
{
    sync_position p = {0.0, 0};
    if (!(loop_length > 0.0) || !(wall >= 0.0))
        return p;
    double loops = floor(wall / loop_length);
    p.loop = (long long)loops;
    p.t = wall - loops * loop_length;
    if (p.t >= loop_length) /* rounding at an exact boundary */
        p.t = 0.0, p.loop++;
    if (p.t < 0.0)
        p.t = 0.0;
    return p;
}
