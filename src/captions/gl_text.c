/* captions/gl_text.c: free text over the picture, in the caption font and
 * colours: the TV overlay, and the primitives the menu is drawn with (lines
 * of text, soft boxes). Needs a current GL context (platform).
 *
 * Text that stays on screen (a menu's titles, the overlay's hints) is
 * rasterised once: textures are kept by their text and size, the least
 * recently used going first, and dropped when the fonts change. */
#include "captions/gl_captions_internal.h"

#include "video/gl_util.h"

#include <SDL.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_CACHE_SIZE 64

typedef struct text_entry {
    char *text;
    captions_text_size size;
    GLuint tex;
    int w, h;
    unsigned long used;
} text_entry;

struct text_cache {
    text_entry e[TEXT_CACHE_SIZE];
    unsigned long clock;
};

/* Renders one line of upright text to a fresh texture; 0 on failure. */
static GLuint text_texture(TTF_Font *font, const char *text, int *tw, int *th)
{
    SDL_Color white = {255, 255, 255, 255};
    SDL_Surface *s = TTF_RenderUTF8_Blended(font, text, white);
    if (!s)
        return 0;
    SDL_Surface *conv = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ABGR8888, 0);
    SDL_FreeSurface(s);
    if (!conv)
        return 0;
    GLuint tex;
    GL_GEN_TEXTURES(1, &tex);
    glBindTexture(GL_TEXTURE_2D, tex);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, conv->pitch / 4);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, conv->w, conv->h, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                 conv->pixels);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    *tw = conv->w;
    *th = conv->h;
    SDL_FreeSurface(conv);
    return tex;
}

void captions_text_cache_clear(captions_renderer *cr)
{
    if (!cr->cache)
        return;
    for (int i = 0; i < TEXT_CACHE_SIZE; i++) {
        text_entry *e = &cr->cache->e[i];
        if (e->tex)
            glDeleteTextures(1, &e->tex);
        free(e->text);
    }
    free(cr->cache);
    cr->cache = NULL;
}

static TTF_Font *font_of(const captions_renderer *cr, captions_text_size size)
{
    switch (size) {
    case CAPTIONS_TEXT_SMALL: return cr->small;
    case CAPTIONS_TEXT_TITLE: return cr->title ? cr->title : cr->font;
    default: return cr->font;
    }
}

/* The texture of text at size, made when it is not kept already; 0 when it
 * cannot be made (no font, empty text). */
static GLuint cached_text(captions_renderer *cr, captions_text_size size, const char *text, int *w,
                          int *h)
{
    TTF_Font *font = font_of(cr, size);
    if (!font || !text || !*text)
        return 0;
    if (!cr->cache && !(cr->cache = calloc(1, sizeof *cr->cache)))
        return 0;
    text_entry *oldest = &cr->cache->e[0];
    for (int i = 0; i < TEXT_CACHE_SIZE; i++) {
        text_entry *e = &cr->cache->e[i];
        if (e->tex && e->size == size && strcmp(e->text, text) == 0) {
            e->used = ++cr->cache->clock;
            *w = e->w;
            *h = e->h;
            return e->tex;
        }
        if (!e->tex || (oldest->tex && e->used < oldest->used))
            oldest = e;
    }
    if (oldest->tex)
        glDeleteTextures(1, &oldest->tex);
    free(oldest->text);
    memset(oldest, 0, sizeof *oldest);
    char *copy = malloc(strlen(text) + 1);
    if (!copy)
        return 0;
    strcpy(copy, text);
    oldest->tex = text_texture(font, text, &oldest->w, &oldest->h);
    if (!oldest->tex) {
        free(copy);
        return 0;
    }
    oldest->text = copy;
    oldest->size = size;
    oldest->used = ++cr->cache->clock;
    *w = oldest->w;
    *h = oldest->h;
    return oldest->tex;
}

int captions_renderer_begin_text(captions_renderer *cr, GLuint fbo, int w, int h)
{
    if (!cr)
        return -1;
    if ((w != cr->w || h != cr->h || !cr->font) && (captions_rebuild(cr, w, h) < 0 || !cr->font))
        return -1;
    captions_begin_overlay(cr, fbo, w, h);
    return 0;
}

void captions_renderer_end_text(captions_renderer *cr)
{
    if (!cr)
        return;
    glDisable(GL_BLEND);
    glUseProgram(0);
}

float captions_renderer_line_height(const captions_renderer *cr, captions_text_size size)
{
    TTF_Font *font = cr ? font_of(cr, size) : NULL;
    return font ? (float)TTF_FontLineSkip(font) : 0.0f;
}

float captions_renderer_text_width(captions_renderer *cr, captions_text_size size, const char *text)
{
    int w = 0, h = 0;
    return cr && cached_text(cr, size, text, &w, &h) ? (float)w : 0.0f;
}

float captions_renderer_text(captions_renderer *cr, captions_text_size size, const char *text,
                             float x, float y, float align, const float rgba[4])
{
    int tw = 0, th = 0;
    GLuint tex = cr ? cached_text(cr, size, text, &tw, &th) : 0;
    if (!tex)
        return 0.0f;
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, tex);
    /* Whole pixels: text is never resampled. */
    captions_draw_rect(cr->text_prog, roundf(x - align * (float)tw), roundf(y), (float)tw, (float)th,
                       cr->w, cr->h, rgba);
    return (float)tw;
}

void captions_renderer_box(captions_renderer *cr, float x, float y, float w, float h,
                           const float rgba[4])
{
    if (cr)
        captions_draw_rect(cr->box_prog, x, y, w, h, cr->w, cr->h, rgba);
}

void captions_renderer_draw_overlay(captions_renderer *cr, const char *status, const char *hints,
                                    float progress, float alpha, GLuint fbo, int w, int h)
{
    if (!cr || alpha <= 0.0f)
        return;
    if (w != cr->w || h != cr->h)
        captions_rebuild(cr, w, h);
    if (!cr->small)
        return;
    int sw = 0, sh = 0, hw = 0, hh = 0;
    GLuint st = cached_text(cr, CAPTIONS_TEXT_SMALL, status, &sw, &sh);
    GLuint ht = cached_text(cr, CAPTIONS_TEXT_SMALL, hints, &hw, &hh);
    float safe = cr->safe_area > 0.0f ? cr->safe_area : 0.9f;
    float x = (1.0f - safe) * 0.5f * (float)w, y = (1.0f - safe) * 0.5f * (float)h;
    float pad = 0.35f * (float)sh, bar_h = (float)(sh / 8 > 2 ? sh / 8 : 2);
    float pw = (float)(sw > hw ? sw : hw) + 2.0f * pad;
    float ph = (float)sh + bar_h + (float)hh + 3.0f * pad;
    captions_begin_overlay(cr, fbo, w, h);
    float panel[4] = {captions_box_rgba[0], captions_box_rgba[1], captions_box_rgba[2], captions_box_rgba[3] * alpha};
    /* Two overlapping pills make a rounded panel for two lines. */
    captions_draw_rect(cr->box_prog, x, y, pw, ph * 0.55f, w, h, panel);
    captions_draw_rect(cr->box_prog, x, y + ph * 0.45f, pw, ph * 0.55f, w, h, panel);
    float col[4] = {captions_text_rgb[0], captions_text_rgb[1], captions_text_rgb[2], alpha};
    glActiveTexture(GL_TEXTURE0);
    if (st) {
        glBindTexture(GL_TEXTURE_2D, st);
        captions_draw_rect(cr->text_prog, roundf(x + pad), roundf(y + pad), (float)sw, (float)sh, w, h, col);
    }
    float by = y + 2.0f * pad + (float)sh - pad * 0.5f;
    float track[4] = {captions_text_rgb[0], captions_text_rgb[1], captions_text_rgb[2], 0.25f * alpha};
    float fill[4] = {captions_text_rgb[0], captions_text_rgb[1], captions_text_rgb[2], 0.85f * alpha};
    float bw = pw - 2.0f * pad, p = progress < 0.0f ? 0.0f : progress > 1.0f ? 1.0f : progress;
    captions_draw_rect(cr->box_prog, x + pad, by, bw, bar_h, w, h, track);
    if (p * bw >= bar_h)
        captions_draw_rect(cr->box_prog, x + pad, by, p * bw, bar_h, w, h, fill);
    if (ht) {
        float hint_col[4] = {captions_text_rgb[0], captions_text_rgb[1], captions_text_rgb[2], 0.8f * alpha};
        glBindTexture(GL_TEXTURE_2D, ht);
        captions_draw_rect(cr->text_prog, roundf(x + pad), roundf(by + bar_h + pad * 0.5f), (float)hw,
                  (float)hh, w, h, hint_col);
    }
    glDisable(GL_BLEND);
    glUseProgram(0);
}
