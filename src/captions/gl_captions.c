#include "captions/gl_captions_internal.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "captions/caption_layout.h"
#include "video/gl_util.h"
#include "util/log.h"

static float measure(void *user, const char *utf8, size_t len, int italic)
{
    captions_renderer *cr = user;
    char buf[CAPTION_LINE_MAX_BYTES * 2];
    if (len >= sizeof buf)
        len = sizeof buf - 1;
    memcpy(buf, utf8, len);
    buf[len] = '\0';
    int w = 0, h = 0;
    TTF_SizeUTF8(italic && cr->italic ? cr->italic : cr->font, buf, &w, &h);
    return (float)w;
}

static caption_layout_env layout_env(captions_renderer *cr)
{
    caption_layout_env env = {.screen_w = cr->w, .screen_h = cr->h, .measure = measure, .user = cr};
    env.style.size = cr->size_factor / 0.7f; /* the layout's 1.0 is the TV default, 0.7 x 8% */
    env.style.safe_area = cr->safe_area;
    return env;
}

static void free_item_textures(item *it)
{
    for (int i = 0; i < CAPTION_LAYOUT_MAX_LINES; i++)
        if (it->tex[i]) {
            glDeleteTextures(1, &it->tex[i]);
            it->tex[i] = 0;
        }
}

static void free_items(captions_renderer *cr)
{
    free_item_textures(&cr->card);
    cr->card.laid_out = 0;
    for (size_t i = 0; i < cr->item_count; i++)
        free_item_textures(&cr->items[i]);
    free(cr->items);
    cr->items = NULL;
    cr->item_count = 0;
}

static void close_fonts(captions_renderer *cr)
{
    if (cr->font)
        TTF_CloseFont(cr->font);
    if (cr->italic)
        TTF_CloseFont(cr->italic);
    if (cr->small)
        TTF_CloseFont(cr->small);
    if (cr->title)
        TTF_CloseFont(cr->title);
    cr->font = cr->italic = cr->small = cr->title = NULL;
    captions_text_cache_clear(cr);
    cr->font_px = 0;
}

static TTF_Font *open_font(const char *data_dir, const char *name, int px)
{
    /* The shipped font, then a font Debian always has. */
    char path[4200];
    snprintf(path, sizeof path, "%s/fonts/%s", data_dir, name);
    TTF_Font *f = TTF_OpenFont(path, px);
    if (!f) {
        log_warn("captions", "cannot open %s (%s); using DejaVu Sans", path, TTF_GetError());
        f = TTF_OpenFont("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", px);
    }
    return f;
}

/* Re-lays out every cue for the output size; textures are made later. */
int captions_rebuild(captions_renderer *cr, int w, int h)
{
    free_items(cr);
    cr->w = w;
    cr->h = h;
    caption_layout_env env = layout_env(cr);
    caption_metrics m = caption_layout_metrics(&env.style, w, h);
    int px = (int)lroundf(m.font_px);
    if (px != cr->font_px) {
        close_fonts(cr);
        cr->font = open_font(cr->data_dir, "Lato-Medium.ttf", px);
        cr->italic = open_font(cr->data_dir, "Lato-MediumItalic.ttf", px);
        cr->small = open_font(cr->data_dir, "Lato-Medium.ttf", px * 3 / 5 > 8 ? px * 3 / 5 : 8);
        cr->title = open_font(cr->data_dir, "Lato-Medium.ttf", px * 6 / 5);
        if (!cr->font) {
            log_error("captions", "no font can be opened; captions are off");
            return -1;
        }
        cr->font_px = px;
    }
    if (!cr->track || !cr->track->count)
        return 0;
    cr->items = calloc(cr->track->count * MAX_PARTS_PER_CUE, sizeof *cr->items);
    if (!cr->items)
        return -1;
    for (size_t c = 0; c < cr->track->count; c++) {
        const caption_cue *cue = &cr->track->cues[c];
        caption_text text = caption_text_of_cue(cue);
        caption_part parts[MAX_PARTS_PER_CUE];
        size_t n = caption_layout_split(&env, &text, cue->start, cue->end, parts, MAX_PARTS_PER_CUE);
        for (size_t p = 0; p < n; p++) {
            item *it = &cr->items[cr->item_count++];
            it->cue = c;
            it->text = text;
            it->text.begin = parts[p].begin;
            it->text.end = parts[p].end;
            it->start = parts[p].start;
            it->stop = parts[p].stop;
        }
    }
    /* Fade times depend on the next item's start (cross-fades). */
    for (size_t i = 0; i < cr->item_count; i++) {
        item *it = &cr->items[i];
        it->next_start = i + 1 < cr->item_count ? cr->items[i + 1].start : INFINITY;
        it->hide = caption_fade_hide_time(&cr->fade, it->start, it->stop, it->next_start);
    }
    log_debug("captions", "%zu cues as %zu timed items at %dx%d, font %d px", cr->track->count,
              cr->item_count, w, h, px);
    return 0;
}

/* Test aid, for tests/lsan_caption_leak.sh only: WELLSPRING_TEST_LEAK_CAPTION=1
 * makes the first caption surface SDL_ttf renders never be freed, a leak
 * LeakSanitizer must report in the sanitizer build (so that its suppressions
 * are seen not to hide Wellspring's own leaks through SDL's allocations).
 * The surface's address is logged: LeakSanitizer's stack for it ends inside
 * SDL (built without frame pointers), so the test finds the object by it. */
static int leak_this_surface(const SDL_Surface *s)
{
    static int leaked;
    if (leaked)
        return 0;
    const char *env = getenv("WELLSPRING_TEST_LEAK_CAPTION");
    if (!env || strcmp(env, "1") != 0)
        return 0;
    leaked = 1;
    log_warn("captions", "test aid: caption surface %p left unfreed", (const void *)s);
    return 1;
}

/* Renders each line of an item with SDL_ttf (italic runs in the italic face)
 * into one white RGBA texture per line. */
static void prepare(captions_renderer *cr, item *it)
{
    if (!it->laid_out) {
        caption_layout_env env = layout_env(cr);
        caption_layout_text(&env, &it->text, &it->layout);
        it->laid_out = 1;
    }
    for (int l = 0; l < it->layout.line_count; l++) {
        const caption_line *line = &it->layout.lines[l];
        if (it->tex[l] || line->len == 0)
            continue;
        int lw = (int)ceilf(line->width) + 4, lh = TTF_FontHeight(cr->font);
        SDL_Surface *dst = SDL_CreateRGBSurfaceWithFormat(0, lw, lh, 32, SDL_PIXELFORMAT_ABGR8888);
        if (!dst)
            continue;
        SDL_FillRect(dst, NULL, 0);
        SDL_SetSurfaceBlendMode(dst, SDL_BLENDMODE_NONE);
        int x = 0;
        SDL_Color white = {255, 255, 255, 255};
        for (size_t r = 0; r < line->run_count; r++) {
            const caption_run *run = &line->runs[r];
            char buf[CAPTION_LINE_MAX_BYTES];
            size_t len = run->length < sizeof buf - 1 ? run->length : sizeof buf - 1;
            memcpy(buf, line->text + run->offset, len);
            buf[len] = '\0';
            if (!len)
                continue;
            TTF_Font *f = run->italic && cr->italic ? cr->italic : cr->font;
            SDL_Surface *s = TTF_RenderUTF8_Blended(f, buf, white);
            if (!s)
                continue;
            SDL_Surface *conv = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ABGR8888, 0);
            if (!leak_this_surface(s))
                SDL_FreeSurface(s);
            if (!conv)
                continue;
            SDL_SetSurfaceBlendMode(conv, SDL_BLENDMODE_BLEND);
            SDL_Rect to = {x, 0, conv->w, conv->h};
            SDL_BlitSurface(conv, NULL, dst, &to);
            x += conv->w;
            SDL_FreeSurface(conv);
        }
        GL_GEN_CAPTION_TEXTURES(1, &it->tex[l]);
        glBindTexture(GL_TEXTURE_2D, it->tex[l]);
        glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
        glPixelStorei(GL_UNPACK_ROW_LENGTH, dst->pitch / 4);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, lw, lh, 0, GL_RGBA, GL_UNSIGNED_BYTE, dst->pixels);
        glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        it->tex_w[l] = lw;
        it->tex_h[l] = lh;
        log_debug("captions", "line ready to draw: %.*s", (int)line->len, line->text);
        SDL_FreeSurface(dst);
    }
}

captions_renderer *captions_renderer_create(const char *data_dir, float size_factor)
{
    /* SDL_ttf counts its users: one TTF_Init per renderer, one TTF_Quit in
     * its destroy, so the last renderer (one per output) frees FreeType. */
    if (TTF_Init() < 0) {
        log_error("captions", "cannot start SDL_ttf: %s", TTF_GetError());
        return NULL;
    }
    captions_renderer *cr = calloc(1, sizeof *cr);
    if (!cr) {
        TTF_Quit();
        return NULL;
    }
    snprintf(cr->data_dir, sizeof cr->data_dir, "%s", data_dir);
    cr->size_factor = size_factor > 0.0f ? size_factor : 0.7f;
    cr->box_prog = gl_program_load(data_dir, "overlay.vert", "overlay.frag", "#define BOX 1\n");
    cr->text_prog = gl_program_load(data_dir, "overlay.vert", "overlay.frag", NULL);
    glGenVertexArrays(1, &cr->vao);
    if (!cr->box_prog || !cr->text_prog) {
        captions_renderer_destroy(cr);
        return NULL;
    }
    return cr;
}

void captions_renderer_destroy(captions_renderer *cr)
{
    if (!cr)
        return;
    free_items(cr);
    close_fonts(cr);
    if (cr->box_prog)
        glDeleteProgram(cr->box_prog);
    if (cr->text_prog)
        glDeleteProgram(cr->text_prog);
    if (cr->vao)
        glDeleteVertexArrays(1, &cr->vao);
    free(cr);
    TTF_Quit();
}

void captions_renderer_set_loop(captions_renderer *cr, double length)
{
    if (cr)
        cr->loop = length > 0.0 ? length : 0.0;
}

void captions_renderer_set_offset(captions_renderer *cr, float dx, float dy)
{
    if (!cr)
        return;
    cr->off_x = dx;
    cr->off_y = dy;
}

void captions_renderer_set_safe_area(captions_renderer *cr, float fraction)
{
    if (!cr)
        return;
    free_items(cr);
    cr->safe_area = fraction;
    cr->w = cr->h = 0; /* re-laid out at the next draw */
}

void captions_renderer_set_track(captions_renderer *cr, const caption_track *track)
{
    if (!cr)
        return;
    free_items(cr);
    cr->track = track;
    cr->w = cr->h = 0; /* re-laid out at the next draw */
}

void captions_draw_rect(GLuint prog, float x, float y, float w, float h, int fw, int fh,
                      const float color[4])
{
    glUseProgram(prog);
    glUniform4f(glGetUniformLocation(prog, "u_rect"), x, y, w, h);
    glUniform2f(glGetUniformLocation(prog, "u_size"), (float)fw, (float)fh);
    glUniform4f(glGetUniformLocation(prog, "u_color"), color[0], color[1], color[2], color[3]);
    glUniform1i(glGetUniformLocation(prog, "u_tex"), 0);
    glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
}

const float captions_text_rgb[3] = {0.969f, 0.945f, 0.910f};
const float captions_box_rgba[4] = {0.031f, 0.039f, 0.094f, 0.55f};

static void draw_layout(captions_renderer *cr, const item *it, float alpha, int w, int h)
{
    for (int l = 0; l < it->layout.line_count; l++) {
        const caption_line *line = &it->layout.lines[l];
        if (!it->tex[l])
            continue;
        float box[4] = {captions_box_rgba[0], captions_box_rgba[1], captions_box_rgba[2], captions_box_rgba[3] * alpha};
        captions_draw_rect(cr->box_prog, line->box_x + cr->off_x, line->box_y + cr->off_y, line->box_w,
                  line->box_h, w, h, box);
        float top = line->baseline - (float)TTF_FontAscent(cr->font);
        float col[4] = {captions_text_rgb[0], captions_text_rgb[1], captions_text_rgb[2], alpha};
        glActiveTexture(GL_TEXTURE0);
        glBindTexture(GL_TEXTURE_2D, it->tex[l]);
        /* Whole pixels: text is never resampled. */
        captions_draw_rect(cr->text_prog, roundf(line->x + cr->off_x), roundf(top + cr->off_y),
                  (float)it->tex_w[l], (float)it->tex_h[l], w, h, col);
    }
}

void captions_begin_overlay(captions_renderer *cr, GLuint fbo, int w, int h)
{
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    glViewport(0, 0, w, h);
    glBindVertexArray(cr->vao);
    glEnable(GL_BLEND);
    glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
}

int captions_renderer_draw(captions_renderer *cr, double t, GLuint fbo, int w, int h)
{
    if (!cr)
        return 0;
    if (w != cr->w || h != cr->h) {
        if (captions_rebuild(cr, w, h) < 0)
            return 0;
    }
    int lines = 0;
    int began = 0;
    /* Items starting before this are the next pass's first ones: made ready
     * well before the loop point (during the closing card), so the loop
     * point itself has no extra work. */
    double wrap_until = cr->loop > 0.0 ? t + PREPARE_AHEAD + WRAP_LEAD - cr->loop : -1.0;
    for (size_t i = 0; i < cr->item_count; i++) {
        item *it = &cr->items[i];
        if (t >= it->hide + 1.0) {
            if (it->start <= wrap_until)
                prepare(cr, it);
            else
                free_item_textures(it); /* long gone: keep memory bounded */
            continue;
        }
        if (it->start > t + PREPARE_AHEAD)
            break; /* items are sorted by start */
        prepare(cr, it);
        float a = caption_fade_alpha(&cr->fade, t, it->start, it->stop, it->next_start);
        if (a <= 0.0f)
            continue;
        if (!began) {
            captions_begin_overlay(cr, fbo, w, h);
            began = 1;
        }
        draw_layout(cr, it, a, w, h);
        lines += it->layout.line_count;
    }
    if (began) {
        glDisable(GL_BLEND);
        glUseProgram(0);
    }
    return lines;
}

void captions_renderer_draw_card(captions_renderer *cr, const char *title, const char *line,
                                 float alpha, GLuint fbo, int w, int h)
{
    if (!cr || alpha <= 0.0f)
        return;
    /* With no captions nothing else has opened the fonts yet. */
    if ((w != cr->w || h != cr->h || !cr->font) && (captions_rebuild(cr, w, h) < 0 || !cr->font))
        return;
    /* A two-line item, kept while its text and the size stay the same: the
     * card shows for seconds, and rasterising it every frame made two
     * textures a frame (the real-clock soak counted thousands a pass). */
    char text[sizeof cr->card_text];
    snprintf(text, sizeof text, "%s\n%s", title, line);
    item *it = &cr->card;
    if (!it->laid_out || strcmp(text, cr->card_text) != 0) {
        free_item_textures(it);
        memset(it, 0, sizeof *it);
        memcpy(cr->card_text, text, sizeof text);
        size_t n = strlen(cr->card_text);
        cr->card_run = (caption_run){0, n, 0};
        it->text = (caption_text){.text = cr->card_text, .text_len = n, .runs = &cr->card_run,
                                  .run_count = 1, .begin = 0, .end = n};
    }
    prepare(cr, it); /* in the caption band: the card never covers the figure */
    captions_begin_overlay(cr, fbo, w, h);
    draw_layout(cr, it, alpha, w, h);
    glDisable(GL_BLEND);
    glUseProgram(0);
}

int captions_renderer_textures(const captions_renderer *cr)
{
    int n = 0;
    for (size_t i = 0; cr && i < cr->item_count; i++)
        for (int l = 0; l < CAPTION_LAYOUT_MAX_LINES; l++)
            n += cr->items[i].tex[l] != 0;
    return n;
}
