/* player/prepare.c: a transcript's first alignment, behind a card.
 *
 * Timing a ten-minute transcript takes seconds (docs/PERFORMANCE.md, "The
 * aligner"). Rather than a black screen, or no window at all, the player
 * opens its window first and shows the night sky; the aligner works on a
 * thread, and once it has taken more than a moment a card fades in, saying
 * what is happening and how far it is. The card is drawn a few times a
 * second only: it changes slowly, and the CPU is the aligner's. */
#include "player/internal.h"

#include "align/align_session.h"
#include "audio/sdl_audio.h"
#include "util/log.h"

#include <SDL.h>
#include <stdlib.h>

#define CARD_AFTER 0.6  /* s: shorter alignments show no card at all */
#define CARD_FADE 0.8   /* s: the card's fade-in */
#define CARD_FPS 8.0

enum { JOB_RUNNING, JOB_DONE, JOB_ABANDONED };

/* Shared with the thread; whoever is last frees it (the thread when the
 * program gave up waiting). */
typedef struct align_work {
    session_files files;
    char lang[64];
    SDL_atomic_t permille; /* progress, 0..1000 */
    SDL_atomic_t state;
    int ok;
} align_work;

static void on_progress(void *user, double fraction)
{
    align_work *w = user;
    SDL_AtomicSet(&w->permille, (int)(fraction * 1000.0 + 0.5));
}

static int align_thread(void *data)
{
    align_work *w = data;
    w->ok = align_session_captions(&w->files, w->lang, on_progress, w);
    if (!SDL_AtomicCAS(&w->state, JOB_RUNNING, JOB_DONE))
        free(w); /* abandoned: nobody waits for it */
    return 0;
}

/* Esc, Back or closing the window ends a player; a kiosk's chord ends a
 * kiosk. Returns 1 when the program should end. */
static int wants_quit(const app *a, double *esc_down)
{
    SDL_Event e;
    int kiosk = a->opt.kiosk, quit = 0;
    while (SDL_PollEvent(&e)) {
        if (e.type == SDL_QUIT || (e.type == SDL_WINDOWEVENT && e.window.event == SDL_WINDOWEVENT_CLOSE))
            quit |= !kiosk;
        else if (e.type == SDL_KEYDOWN && !e.key.repeat &&
                 (e.key.keysym.sym == SDLK_ESCAPE || e.key.keysym.sym == SDLK_AC_BACK)) {
            quit |= !kiosk;
            *esc_down = sdl_audio_host_now();
        } else if (e.type == SDL_KEYUP && e.key.keysym.sym == SDLK_ESCAPE)
            *esc_down = -1.0;
    }
    if (kiosk_chord_held(kiosk, *esc_down)) {
        log_info("player", "exit chord (Esc held 3 s)");
        quit = 1;
    }
    return quit || *a->quit_flag;
}

/* What the card says, and how visible it is. */
typedef struct card {
    char line[96];
    float alpha;
} card;

/* The night sky of the session's start, with the card (alpha 0: none). */
static void draw_card(app *a, app_output *out, int w, int h, void *user)
{
    const card *c = user;
    frame_ctx fc = {.t = 0.0, .dim = 1.0f};
    if (draw_frame(a, out, &fc, 0, w, h) == 0)
        captions_renderer_draw_card(out->text, "One moment", c->line, c->alpha, 0, w, h);
}

int prepare_captions(app *a)
{
    align_work *w = calloc(1, sizeof *w);
    if (!w)
        return 0;
    w->files = a->files;
    snprintf(w->lang, sizeof w->lang, "%s", a->opt.lang ? a->opt.lang : "");
    SDL_Thread *th = SDL_CreateThread(align_thread, "ws-align", w);
    if (!th) {
        align_thread(w); /* no thread: aligned here, without a card */
    } else {
        frame_loop L = {0};
        double start = sdl_audio_host_now(), esc_down = -1.0;
        int shown = 0;
        while (SDL_AtomicGet(&w->state) == JOB_RUNNING) {
            if (wants_quit(a, &esc_down) && SDL_AtomicCAS(&w->state, JOB_RUNNING, JOB_ABANDONED)) {
                SDL_DetachThread(th);
                log_info("align", "ended while timing the captions; the aligner is left to die with the program");
                return 1;
            }
            double since = sdl_audio_host_now() - start;
            float x = (float)((since - CARD_AFTER) / CARD_FADE);
            float alpha = x <= 0.0f ? 0.0f : x >= 1.0f ? 1.0f : x * x * (3.0f - 2.0f * x);
            if (alpha > 0.0f && !shown) {
                log_info("align", "showing the progress card while the captions are timed");
                shown = 1;
            }
            card c = {.alpha = alpha};
            snprintf(c.line, sizeof c.line, "Timing the captions to the narration \xc2\xb7 %d%%",
                     SDL_AtomicGet(&w->permille) / 10);
            frame_each_window(a, &L, draw_card, &c);
            SDL_Delay((Uint32)(1000.0 / CARD_FPS));
        }
        SDL_WaitThread(th, NULL);
    }
    int ok = w->ok;
    free(w);
    a->align_pending = 0;
    if (ok)
        app_reload_session(a, "captions timed");
    return 0;
}
