/* view: where the scene sits on a screen of any aspect. Pure C.
 *
 * The scene is composed in "figure space": frame-height units with x = 0 on
 * the centre line and y growing downward from the top of the composition
 * (top of the head at 0.16, heart at 0.44, base at 0.78; see ART.md). On a
 * 16:9 or wider screen one unit is the screen height. On narrower screens
 * (4:3, portrait 9:16) the unit shrinks so the figure (about 0.66 units wide)
 * still fits with a margin, and the spare height goes mostly below the
 * figure, where the captions live. */
#ifndef WS_VIEW_H
#define WS_VIEW_H

typedef struct view {
    float scale;      /* pixels per figure-space unit */
    float ox, oy;     /* pixel position of figure-space (0, 0) (top-left origin) */
    int w, h;         /* screen size in pixels */
} view;

view view_fit(int w, int h);

/* Figure space to pixels (top-left origin, y down) and back. */
void view_to_pixels(const view *v, float fx, float fy, float *px, float *py);
void view_from_pixels(const view *v, float px, float py, float *fx, float *fy);

#endif
