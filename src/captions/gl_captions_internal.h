/* captions/gl_captions_internal.h: the caption renderer's state, shared by
 * gl_captions.c (timed captions, the closing card) and gl_text.c (free text:
 * the TV overlay, the menu). Not for other folders. */
#ifndef WS_GL_CAPTIONS_INTERNAL_H
#define WS_GL_CAPTIONS_INTERNAL_H

#include "captions/gl_captions.h"
#include "captions/caption_layout.h"

#include <SDL_ttf.h>

#define MAX_PARTS_PER_CUE 8
#define PREPARE_AHEAD 3.0 /* seconds: captions are ready this long before they show */
#define WRAP_LEAD 5.0     /* seconds more for the next pass's first captions */

/* One timed piece of a cue as shown: a whole cue, or a part of a long one. */
typedef struct item {
    size_t cue;
    double start, stop, next_start, hide;
    caption_text text;
    caption_layout layout;
    int laid_out;
    GLuint tex[CAPTION_LAYOUT_MAX_LINES]; /* 0 until prepared */
    int tex_w[CAPTION_LAYOUT_MAX_LINES], tex_h[CAPTION_LAYOUT_MAX_LINES];
} item;

struct captions_renderer {
    char data_dir[4096];
    float size_factor;
    float safe_area;              /* 0 = the layout's default */
    float off_x, off_y;           /* burn-in drift, pixels */
    double loop;                  /* loop length, seconds (0: no loop) */
    TTF_Font *font, *italic;
    TTF_Font *small;              /* the TV overlay's font, 0.6 of the captions' */
    int font_px;
    int w, h;                     /* output size the items were made for */
    const caption_track *track;
    item *items;
    size_t item_count;
    GLuint box_prog, text_prog, vao;
    caption_fade_params fade;
    /* The closing card, made once per text and size (not every frame). */
    item card;
    char card_text[512];
    caption_run card_run;
    /* Free text (gl_text.c): the title font, and textures kept by text. */
    TTF_Font *title;              /* the menu's titles, 1.2 of the captions' */
    struct text_cache *cache;
};

/* Caption colours (ART.md): text #F7F1E8 on rgba(8, 10, 24, 0.55). */
extern const float captions_text_rgb[3];
extern const float captions_box_rgba[4];

void captions_draw_rect(GLuint prog, float x, float y, float w, float h, int fw, int fh,
                        const float color[4]);
void captions_begin_overlay(captions_renderer *cr, GLuint fbo, int w, int h);
/* (Re)opens the fonts for the output size w x h; 0, or -1 without a font. */
int captions_rebuild(captions_renderer *cr, int w, int h);
/* gl_text.c: drops the free-text textures (fonts changed, or the end). */
void captions_text_cache_clear(captions_renderer *cr);

#endif
