#include "scene/view.h"

/* The widest thing in the composition is the crossed legs, ~0.66 units; keep
 * it inside ~72% of the width so portrait signage still has side margin. */
#define VIEW_MIN_WIDTH_UNITS 0.92f

view view_fit(int w, int h)
{
    view v;
    v.w = w;
    v.h = h;
    float by_height = (float)h;
    float by_width = (float)w / VIEW_MIN_WIDTH_UNITS;
    v.scale = by_height < by_width ? by_height : by_width;
    v.ox = 0.5f * (float)w;
    /* Spare height: 35% above, 65% below (caption room under the figure). */
    v.oy = 0.35f * ((float)h - v.scale);
    return v;
}

void view_to_pixels(const view *v, float fx, float fy, float *px, float *py)
{
    *px = v->ox + fx * v->scale;
    *py = v->oy + fy * v->scale;
}

void view_from_pixels(const view *v, float px, float py, float *fx, float *fy)
{
    *fx = (px - v->ox) / v->scale;
    *fy = (py - v->oy) / v->scale;
}
