/* Wellspring: entry point. Parses options, then hands over to app. */
#include <SDL.h>
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "align/align_cli.h"
#include "player/app.h"
#include "audio/sdl_audio.h"
#include "video/gl_render.h"
#include "session/check.h"
#include "util/config.h"
#include "video/sdl_x11.h"
#include "util/log.h"
#include "util/startup.h"

/* The mutable globals: flags set by signal handlers, read by the loop, and
 * when the first quit signal came (clock_gettime is async-signal-safe), for
 * the shutdown's own figure at --verbose. */
static volatile sig_atomic_t g_quit, g_reload;
static struct timespec g_quit_at;

static void on_signal(int sig)
{
    if (sig == SIGHUP) {
        g_reload = 1;
        return;
    }
    if (!g_quit)
        clock_gettime(CLOCK_MONOTONIC, &g_quit_at);
    g_quit = sig; /* which one: an interrupted export exits 128 + sig */
}

/* The last line Wellspring writes when a signal ended it: how long its own
 * shutdown took, from the signal to here (windows, GL, audio and SDL
 * closed). What follows is the C library's and the kernel's: library
 * destructors and freeing the address space, about 25-70 ms more for the
 * normal build on a busy 2-core machine, and several times that under
 * AddressSanitizer, whose shadow memory and quarantine the kernel must free
 * too. tests/cli.sh reads this line in the sanitizer build. */
static void log_shutdown(void)
{
    if (!g_quit)
        return;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double ms = (double)(now.tv_sec - g_quit_at.tv_sec) * 1e3 + (double)(now.tv_nsec - g_quit_at.tv_nsec) / 1e6;
    log_debug("main", "stopped %.0f ms after SIG%s", ms,
              g_quit == SIGINT ? "INT" : g_quit == SIGTERM ? "TERM" : "?");
}

static void install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

/* SDL's offscreen and dummy video drivers show nothing on any screen: right
 * for --screenshot, --render, --export and --check-flashes, wrong for a
 * player, a kiosk or a display list, which SDL falls back to silently when
 * there is no display server at all. Such a fallback is refused with one
 * line naming what was looked for; SDL_VIDEODRIVER naming the driver is the
 * user's own choice (a test, a headless demo) and is honoured with a
 * warning. Returns 0 to go on, or an exit code. */
static int refuse_headless_video(void)
{
    const char *drv = SDL_GetCurrentVideoDriver();
    if (!drv || (strcmp(drv, "offscreen") != 0 && strcmp(drv, "dummy") != 0))
        return 0;
    const char *asked = SDL_getenv("SDL_VIDEODRIVER");
    if (asked && strstr(asked, drv)) {
        log_warn("video", "SDL_VIDEODRIVER=%s: the %s driver shows nothing on a screen", asked, drv);
        return 0;
    }
    const char *x = SDL_getenv("DISPLAY"), *wl = SDL_getenv("WAYLAND_DISPLAY");
    int dri = 0;
    DIR *d = opendir("/dev/dri");
    for (struct dirent *e; d && (e = readdir(d));)
        dri |= strncmp(e->d_name, "card", 4) == 0;
    if (d)
        closedir(d);
    log_error("video", "no display to show on: DISPLAY %s%s%s, WAYLAND_DISPLAY %s%s%s, %s "
              "(SDL fell back to its '%s' driver, which draws into nothing)",
              x ? "'" : "", x ? x : "unset", x ? "' cannot be opened" : "",
              wl ? "'" : "", wl ? wl : "unset", wl ? "' cannot be opened" : "",
              dri ? "/dev/dri has a card but KMS/DRM could not be used" : "no /dev/dri/card*", drv);
    return EXIT_RUNTIME;
}

/* The modes that draw without a window of their own on screen. */
static int draws_offline(const app *a)
{
    return a->opt.screenshot || a->opt.render_dir || a->opt.export_path || a->opt.check_flashes ||
           a->opt.benchmark;
}

/* --help, --man and --version print and return EXIT_OK; -1 for any other
 * mode. */
static int print_info(const app *a)
{
    if (a->opt.help) {
        options_print_help(stdout, "wellspring");
        return EXIT_OK;
    }
    if (a->opt.man) {
        options_print_man(stdout, WS_VERSION);
        return EXIT_OK;
    }
    if (a->opt.version) {
        printf("wellspring %s\n", WS_VERSION);
        return EXIT_OK;
    }
    return -1;
}

/* The signal handlers, SDL's hints, SDL itself and, for a mode that shows
 * on a screen, a display to show on. Returns 0, or an exit code (SDL is
 * shut down again). */
static int start_sdl(app *a)
{
    install_signals();
    a->quit_flag = &g_quit;
    a->reload_flag = &g_reload;
    /* Our own handlers decide; SDL's would turn SIGINT into SDL_QUIT only
     * while events are pumped. */
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
    /* A screensaver lets the system's own screensaver and DPMS work. */
    if (app_saver_mode(a))
        SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "1");
    /* Under a Wayland compositor that asks for client-side decorations
     * (cage does), SDL 2.26 tears its window down to switch to libdecor,
     * and where libdecor has no plugin the window never comes back: a
     * black screen. A full-screen picture needs no decorations. The
     * variable of the same name still decides where it is set. */
    SDL_SetHintWithPriority(SDL_HINT_VIDEO_WAYLAND_ALLOW_LIBDECOR, "0", SDL_HINT_DEFAULT);
    double t0 = sdl_audio_host_now();
    int sdl_rc = SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS | SDL_INIT_GAMECONTROLLER);
    startup_add(STARTUP_SDL, sdl_audio_host_now() - t0);
    if (sdl_rc < 0) {
        log_error("video", "cannot start SDL: %s", SDL_GetError());
        return EXIT_RUNTIME;
    }
    int rc;
    if (!draws_offline(a) && (rc = refuse_headless_video()) != 0) {
        SDL_Quit();
        return rc;
    }
    return 0;
}

/* The mode that runs with SDL started: a display list, or one that draws
 * the figure (whose maps start building here, while the window opens). */
static int run_mode(app *a)
{
    if (a->opt.list_displays) {
        sdl_window_list_displays(stdout);
        return EXIT_OK;
    }
    a->figure = figure_prefetch_start(0); /* the figure's maps, while the window opens */
    if (a->opt.screenshot || a->opt.render_dir)
        return app_run_offline(a);
    if (a->opt.export_path)
        return app_export(a);
    if (a->opt.check_flashes)
        return app_check_flashes(a);
    if (a->opt.benchmark)
        return app_run_benchmark(a);
    return app_run(a);
}

/* Everything after option parsing; the options point into argv and the
 * config file's lines, which main keeps until this returns. */
static int run(app *a)
{
    int rc = print_info(a);
    if (rc >= 0)
        return rc;
    if (a->opt.verbose)
        log_set_level(LOG_DEBUG);
    if (a->opt.check)
        return app_check(a);
    if (a->opt.align)
        return align_cli_run(&a->opt);
    if (app_find_data(a) < 0)
        return EXIT_NO_DATA;
    log_debug("data", "data folder %s", a->data_dir);
    if ((rc = app_open_library(a)) != 0)
        return rc;
    /* The player times a new transcript behind a card, once its window is
     * up (player/prepare.c); the offline modes and a screensaver time it
     * here. */
    a->defer_align = !draws_offline(a) && !a->opt.list_displays && !app_saver_mode(a);
    double t0 = sdl_audio_host_now();
    rc = app_load_session(a);
    startup_add(STARTUP_SESSION, sdl_audio_host_now() - t0);
    if (rc)
        return rc;
    rc = start_sdl(a);
    if (rc) {
        app_unload_session(a);
        return rc;
    }
    rc = run_mode(a);
    figure_prefetch_free(a->figure);
    a->figure = NULL;
    SDL_Quit();
    sdl_x11_close();
    app_unload_session(a);
    log_shutdown();
    return rc;
}

int main(int argc, char **argv)
{
    app a;
    memset(&a, 0, sizeof a);
    a.started = sdl_audio_host_now();
    char err[512];
    char conf[4096] = "";
    config cfg;
    options_result parsed = config_load_options(
        &cfg, config_path(conf, sizeof conf) == 0 ? conf : NULL, argc, argv, &a.opt, err, sizeof err);
    for (size_t i = 0; i < cfg.nwarnings; i++)
        log_warn("config", "%s", cfg.warnings[i]);
    if (parsed != OPTIONS_OK) {
        fprintf(stderr, cfg.file_error ? "wellspring: %s\n" : "wellspring: %s (try 'wellspring --help')\n",
                err);
        config_free(&cfg);
        return EXIT_USAGE;
    }
    int rc = run(&a); /* a.opt points into argv and cfg, and into a.lib */
    app_close_library(&a);
    config_free(&cfg);
    return rc;
}
