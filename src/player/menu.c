/* player/menu.c: the library's menu, a state of the player loop.
 *
 * Drawn in the scene's own style: the night sky and the figure of the
 * session's calm opening, dimmed, and a short list on the left third, in
 * the caption font and colours. At most MENU_ROWS entries show; the list
 * scrolls gently to keep the selection inside, and the soft highlight eases
 * from row to row (nothing jumps). Each entry shows its title and length;
 * below the list, the selected one's description and, when it was stopped
 * part-way, where it would continue. OK on such an entry asks "Continue
 * from 4:12" or "Start again"; Back there returns to the list, and Back on
 * the list leaves. Keys, a TV remote's keys and a gamepad all work. */
#include "player/internal.h"

#include "library/library.h"
#include "library/resume.h"
#include "time/timefmt.h"

#define MENU_ROWS 5
#define MENU_SCENE_T 120.0 /* s: the default session's breathing heart, before the fountain */
#define MENU_DIM 0.55f
#define MENU_FIGURE_SHIFT 0.17f /* of the width */
#define MENU_EASE 9.0     /* 1/s: how fast the highlight and the scroll follow */
#define MENU_FADE 0.6     /* s: the menu's fade-in */

/* The caption text's colour (ART.md: #F7F1E8). */
static const float menu_rgb[3] = {0.969f, 0.945f, 0.910f};

typedef enum { IN_NONE, IN_UP, IN_DOWN, IN_OK, IN_BACK, IN_QUIT } menu_input;

static menu_input input_of(const SDL_Event *e)
{
    if (e->type == SDL_KEYDOWN) {
        switch (e->key.keysym.sym) {
        case SDLK_UP: return IN_UP;
        case SDLK_DOWN: return IN_DOWN;
        case SDLK_RETURN: case SDLK_KP_ENTER: case SDLK_SELECT: case SDLK_SPACE:
        case SDLK_AUDIOPLAY: return IN_OK;
        case SDLK_ESCAPE: case SDLK_AC_BACK: case SDLK_BACKSPACE: return IN_BACK;
        case SDLK_q: return IN_QUIT;
        default: return IN_NONE;
        }
    }
    if (e->type == SDL_CONTROLLERBUTTONDOWN) {
        switch (e->cbutton.button) {
        case SDL_CONTROLLER_BUTTON_DPAD_UP: return IN_UP;
        case SDL_CONTROLLER_BUTTON_DPAD_DOWN: return IN_DOWN;
        case SDL_CONTROLLER_BUTTON_A: case SDL_CONTROLLER_BUTTON_START: return IN_OK;
        case SDL_CONTROLLER_BUTTON_B: case SDL_CONTROLLER_BUTTON_BACK: return IN_BACK;
        default: return IN_NONE;
        }
    }
    if (e->type == SDL_QUIT || (e->type == SDL_WINDOWEVENT && e->window.event == SDL_WINDOWEVENT_CLOSE))
        return IN_QUIT;
    return IN_NONE;
}

void menu_open(menu *m, const library *lib, size_t selected)
{
    double now = sdl_audio_host_now();
    size_t sel = selected < lib->count ? selected : 0;
    *m = (menu){.open = 1, .sel = sel, .opened_at = now, .eased_at = now,
                .shown_sel = (float)sel, .scene = m->scene, .moving = 1};
    m->shown_top = (float)menu_top_row(m, lib->count);
    log_info("menu", "menu open, %zu sessions, \"%s\" selected", lib->count, lib->entries[sel].title);
    for (size_t i = 0; i < lib->count && log_get_level() >= LOG_DEBUG; i++)
        log_debug("menu", "%zu. %s (%.0f s)%s%s", i + 1, lib->entries[i].title, lib->entries[i].duration,
                  lib->entries[i].description[0] ? ": " : "", lib->entries[i].description);
}

size_t menu_top_row(const menu *m, size_t count)
{
    if (count <= MENU_ROWS || m->sel < MENU_ROWS / 2)
        return 0;
    size_t top = m->sel - MENU_ROWS / 2;
    return top + MENU_ROWS > count ? count - MENU_ROWS : top;
}

static void select_row(menu *m, const library *lib, int delta)
{
    m->moving = 1;
    if (m->level == MENU_RESUME) {
        m->resume_sel = delta < 0 ? 0 : 1;
        return;
    }
    if ((delta < 0 && m->sel == 0) || (delta > 0 && m->sel + 1 >= lib->count))
        return; /* a TV list stops at its ends */
    m->sel = delta < 0 ? m->sel - 1 : m->sel + 1;
    log_info("menu", "selected %zu: \"%s\"", m->sel + 1, lib->entries[m->sel].title);
}

menu_choice menu_handle_event(menu *m, const library *lib, const resume_state *rs,
                              const SDL_Event *e)
{
    switch (input_of(e)) {
    case IN_UP: select_row(m, lib, -1); return MENU_STAY;
    case IN_DOWN: select_row(m, lib, +1); return MENU_STAY;
    case IN_QUIT: return MENU_LEAVE;
    case IN_BACK:
        if (m->level == MENU_LIST)
            return MENU_LEAVE;
        m->level = MENU_LIST;
        m->moving = 1;
        log_info("menu", "back to the list");
        return MENU_STAY;
    case IN_OK:
        if (m->level == MENU_RESUME) {
            m->start = m->resume_sel == 0 ? m->resume_at : 0.0;
            return MENU_PLAY;
        }
        m->resume_at = resume_get(rs, lib->entries[m->sel].path);
        if (m->resume_at > 0.0) {
            m->level = MENU_RESUME;
            m->resume_sel = 0;
            m->moving = 1;
            char when[32];
            timefmt_clock(m->resume_at, when, sizeof when);
            log_info("menu", "offering to continue \"%s\" from %s", lib->entries[m->sel].title, when);
            return MENU_STAY;
        }
        m->start = 0.0;
        return MENU_PLAY;
    case IN_NONE: return MENU_STAY;
    }
    return MENU_STAY;
}

/* Eases the highlight and the scroll toward the selection; returns 1 while
 * they are still moving. */
int menu_ease(menu *m, size_t count, double now)
{
    float k = (float)(1.0 - exp(-(now - m->eased_at) * MENU_EASE));
    m->eased_at = now;
    float sel = m->level == MENU_RESUME ? (float)m->resume_sel : (float)m->sel;
    float top = m->level == MENU_RESUME ? 0.0f : (float)menu_top_row(m, count);
    m->shown_sel += (sel - m->shown_sel) * k;
    m->shown_top += (top - m->shown_top) * k;
    int moving = fabsf(sel - m->shown_sel) > 0.002f || fabsf(top - m->shown_top) > 0.002f;
    if (!moving) {
        m->shown_sel = sel;
        m->shown_top = top;
    }
    return moving || now - m->opened_at < MENU_FADE;
}

/* The rows of the list, or of the resume question. */
static void draw_rows(const menu *m, const library *lib, captions_renderer *cr, float x, float y,
                      float row_h, float row_w, float alpha)
{
    float pad = row_h * 0.28f, title_h = captions_renderer_line_height(cr, CAPTIONS_TEXT_CAPTION);
    float small_h = captions_renderer_line_height(cr, CAPTIONS_TEXT_SMALL);
    const float *rgb = menu_rgb;
    /* The highlight: warm, soft, behind the selected row wherever it is
     * easing to. */
    float hy = y + (m->shown_sel - m->shown_top) * row_h;
    float glow[4] = {0.98f, 0.82f, 0.58f, 0.16f * alpha};
    captions_renderer_box(cr, x - pad, hy + (row_h - title_h * 1.25f) * 0.5f, row_w + 2.0f * pad,
                          title_h * 1.25f, glow);
    if (m->level == MENU_RESUME) {
        char cont[64], when[32];
        timefmt_clock(m->resume_at, when, sizeof when);
        snprintf(cont, sizeof cont, "Continue from %s", when);
        const char *rows[2] = {cont, "Start again"};
        for (int i = 0; i < 2; i++) {
            float a = alpha * (i == m->resume_sel ? 1.0f : 0.62f);
            float col[4] = {rgb[0], rgb[1], rgb[2], a};
            captions_renderer_text(cr, CAPTIONS_TEXT_CAPTION, rows[i], x,
                                   y + (float)i * row_h + (row_h - title_h) * 0.5f, 0.0f, col);
        }
        return;
    }
    for (size_t i = 0; i < lib->count; i++) {
        float pos = (float)i - m->shown_top; /* rows from the window's top */
        /* Rows scrolling in or out fade within half a row of the window's
         * edges, before they reach the heading or the description. */
        float over = pos < 0.0f ? -pos : pos > MENU_ROWS - 1 ? pos - (float)(MENU_ROWS - 1) : 0.0f;
        float edge = 1.0f - 2.0f * over;
        float a = alpha * edge * (i == m->sel ? 1.0f : 0.62f);
        if (a <= 0.01f)
            continue;
        float ry = y + pos * row_h;
        float col[4] = {rgb[0], rgb[1], rgb[2], a};
        char len[32] = " "; /* a length not known (yet): none shown */
        if (lib->entries[i].duration > 0.0)
            timefmt_clock(lib->entries[i].duration, len, sizeof len);
        captions_renderer_text(cr, CAPTIONS_TEXT_CAPTION, lib->entries[i].title, x,
                               ry + (row_h - title_h) * 0.5f, 0.0f, col);
        float dim[4] = {rgb[0], rgb[1], rgb[2], a * 0.75f};
        captions_renderer_text(cr, CAPTIONS_TEXT_SMALL, len, x + row_w, ry + (row_h - small_h) * 0.5f,
                               1.0f, dim);
    }
}

void menu_draw(const menu *m, const library *lib, const resume_state *rs, app *a, app_output *o,
               GLuint fbo, int w, int h, double now)
{
    frame_ctx fc = {.t = MENU_SCENE_T, .dim = MENU_DIM, .captions_on = 0};
    if (!a->opt.no_drift) {
        drift_at(wall_now(), h, &fc.drift_x, &fc.drift_y);
        captions_renderer_set_offset(o->text, fc.drift_x, fc.drift_y);
    }
    /* Behind the menu, the default session's scene at one calm moment,
     * whatever the session loaded (a short one's choreography may be over
     * by then). */
    timeline *session = a->timeline;
    if (m->scene)
        a->timeline = m->scene;
    frame_ctx scene = fc;
    scene.drift_x += MENU_FIGURE_SHIFT * (float)w; /* the figure to the right of the list */
    draw_frame(a, o, &scene, fbo, w, h);
    a->timeline = session;
    captions_renderer *cr = o->text;
    if (captions_renderer_begin_text(cr, fbo, w, h) < 0)
        return;
    double x0 = (now - m->opened_at) / MENU_FADE;
    float alpha = x0 >= 1.0 ? 1.0f : (float)(x0 * x0 * (3.0 - 2.0 * x0));
    float title_h = captions_renderer_line_height(cr, CAPTIONS_TEXT_TITLE);
    float small_h = captions_renderer_line_height(cr, CAPTIONS_TEXT_SMALL);
    float row_h = captions_renderer_line_height(cr, CAPTIONS_TEXT_CAPTION) * 1.55f;
    float x = 0.08f * (float)w + fc.drift_x, row_w = 0.34f * (float)w;
    float y = 0.16f * (float)h + fc.drift_y;
    const float *rgb = menu_rgb;
    float head[4] = {rgb[0], rgb[1], rgb[2], 0.9f * alpha};
    const char *heading = m->level == MENU_RESUME ? lib->entries[m->sel].title : "Wellspring";
    captions_renderer_text(cr, CAPTIONS_TEXT_TITLE, heading, x, y, 0.0f, head);
    y += title_h * 1.6f;
    size_t rows = m->level == MENU_RESUME ? 2 : lib->count < MENU_ROWS ? lib->count : MENU_ROWS;
    draw_rows(m, lib, cr, x, y, row_h, row_w, alpha);
    y += (float)rows * row_h + small_h * 0.8f;
    /* The selected session's description, and where it would continue. */
    float soft[4] = {rgb[0], rgb[1], rgb[2], 0.78f * alpha};
    if (m->level == MENU_LIST) {
        const library_entry *e = &lib->entries[m->sel];
        if (e->description[0]) {
            captions_renderer_text(cr, CAPTIONS_TEXT_SMALL, e->description, x, y, 0.0f, soft);
            y += small_h;
        }
        double at = resume_get(rs, e->path);
        if (at > 0.0) {
            char line[64], when[32];
            timefmt_clock(at, when, sizeof when);
            snprintf(line, sizeof line, "Stopped at %s", when);
            captions_renderer_text(cr, CAPTIONS_TEXT_SMALL, line, x, y, 0.0f, soft);
        }
    }
    float hint[4] = {rgb[0], rgb[1], rgb[2], 0.5f * alpha};
    captions_renderer_text(cr, CAPTIONS_TEXT_SMALL,
                           m->level == MENU_LIST
                               ? "\xe2\x86\x91 \xe2\x86\x93 choose  \xc2\xb7  OK play  \xc2\xb7  Back leave"
                               : "\xe2\x86\x91 \xe2\x86\x93 choose  \xc2\xb7  OK play  \xc2\xb7  Back to the list",
                           x, 0.88f * (float)h + fc.drift_y - small_h, 0.0f, hint);
    captions_renderer_end_text(cr);
}
