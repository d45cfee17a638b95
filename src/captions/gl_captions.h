/* gl_captions: draws captions (and the closing card) over the finished
 * frame at the output's native resolution. Needs a current GL 3.3 context;
 * owns its SDL_ttf fonts.
 *
 * Text is never scaled: fonts are opened at the pixel size the layout asks
 * for at the current output size, and glyphs are rendered by SDL_ttf. Each
 * caption is prepared (laid out, rendered, uploaded) a few seconds before it
 * is due, so changing caption costs no frame. What is on screen is a pure
 * function of t, the track and the output size. */
#ifndef WS_GL_CAPTIONS_H
#define WS_GL_CAPTIONS_H

#include <GL/glew.h>

#include "captions/captions.h"

typedef struct captions_renderer captions_renderer;

/* size_factor: --caption-size (0.7 = the TV default; see caption_layout).
 * Returns NULL after logging when no font or shader can be loaded; the
 * caller then runs without captions. Every function below is safe on NULL
 * (it draws nothing and changes nothing), so callers carry no NULL guards:
 * a renderer that could not be made stays usable, as sokol's resources do. */
captions_renderer *captions_renderer_create(const char *data_dir, float size_factor);
void captions_renderer_destroy(captions_renderer *cr);

/* The title-safe share of the screen (0.5..1; default 0.9) the captions
 * stay inside. Drops prepared captions. */
void captions_renderer_set_safe_area(captions_renderer *cr, float fraction);

/* Moves every caption (and the card) by (dx, dy) pixels: the burn-in drift. */
void captions_renderer_set_offset(captions_renderer *cr, float dx, float dy);

/* The session loops every `length` seconds (0: it does not): near the end
 * of a pass the first captions of the next are prepared and kept, so the
 * loop point costs no glyph rendering. */
void captions_renderer_set_loop(captions_renderer *cr, double length);

/* The track to draw (not owned; NULL for none). Drops prepared captions. */
void captions_renderer_set_track(captions_renderer *cr, const caption_track *track);

/* Draws the captions visible at t into framebuffer fbo (w x h) with alpha
 * blending, and prepares those due within the next seconds. Returns the
 * number of caption lines drawn. */
int captions_renderer_draw(captions_renderer *cr, double t, GLuint fbo, int w, int h);

/* The TV overlay: a small translucent panel at the top of the title-safe
 * area with a status line (remaining time), a slim progress bar (0..1) and
 * a line of control hints, at opacity alpha. */
void captions_renderer_draw_overlay(captions_renderer *cr, const char *status, const char *hints,
                                    float progress, float alpha, GLuint fbo, int w, int h);

/* Free text, for the menu (captions/gl_text.c). Between begin and end,
 * lines of text and soft boxes are drawn over framebuffer fbo (w x h) with
 * alpha blending, in pixels from the top-left. Colours are straight (not
 * premultiplied) RGBA. Text textures are kept by text and size, so a menu
 * that stays the same costs no rasterising. */
typedef enum {
    CAPTIONS_TEXT_SMALL,   /* the overlay's size, 0.6 of the captions' */
    CAPTIONS_TEXT_CAPTION, /* the captions' size */
    CAPTIONS_TEXT_TITLE,   /* 1.2 of the captions' */
} captions_text_size;

/* Returns 0, or -1 (draw nothing) when no font can be opened. */
int captions_renderer_begin_text(captions_renderer *cr, GLuint fbo, int w, int h);
void captions_renderer_end_text(captions_renderer *cr);
/* The distance from one line's top to the next's, px (0 without a font). */
float captions_renderer_line_height(const captions_renderer *cr, captions_text_size size);
float captions_renderer_text_width(captions_renderer *cr, captions_text_size size, const char *text);
/* One line of text with its top at y and its left edge (align 0), centre
 * (0.5) or right edge (1) at x. Returns its width. */
float captions_renderer_text(captions_renderer *cr, captions_text_size size, const char *text,
                             float x, float y, float align, const float rgba[4]);
/* A box with fully rounded ends (the caption box's shape). */
void captions_renderer_box(captions_renderer *cr, float x, float y, float w, float h,
                           const float rgba[4]);

/* Caption line textures alive now (they come and go with the cues). */
int captions_renderer_textures(const captions_renderer *cr);

/* Draws the closing card (two lines in the caption style, in the caption
 * band, never over the figure) with the given opacity 0..1. */
void captions_renderer_draw_card(captions_renderer *cr, const char *title, const char *line,
                                 float alpha, GLuint fbo, int w, int h);

#endif
