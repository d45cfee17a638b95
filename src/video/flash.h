/* flash: checks a sequence of rendered frames against the WCAG 2.3.1 general
 * flash and red flash thresholds, so a test can prove a session never flashes.
 *
 * The caller pushes frames (8-bit sRGB, in time order, each with its time in
 * seconds); the analyser keeps only per-pixel state, so its memory is fixed at
 * create (about 300 bytes a pixel; a 160x90 frame needs about 4 MB) and push
 * allocates nothing, however long the sequence.
 *
 * What it measures, per pixel:
 *   - relative luminance L = 0.2126 R + 0.7152 G + 0.0722 B of the linearised
 *     sRGB channels (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055)^2.4);
 *   - a "change" (one transition) is a monotonic run of L between two turning
 *     points whose swing is >= 0.1 while the darker of its two ends is < 0.80.
 *     Turning points are found with a 0.1 hysteresis: a move back of less
 *     than 0.1 from the run's extreme is a wiggle, not a reversal, so dither
 *     noise or a slow fade is one change, not many small ones. A change is
 *     counted once, at the frame where it first qualifies;
 *   - a red change uses the WCAG 2.0/2.1 red-flash working definition: the
 *     red measure max(0, (R - G - B) * 320) on linear values swings by more
 *     than 20 between turning points, and one end of the run is a saturated
 *     red (R / (R + G + B) >= 0.8). (WCAG 2.2's newer u'v' chromaticity test is
 *     not implemented.)
 *   - a flash is a pair of opposing changes, so the flashes in a window are
 *     half its changes: "more than 3 flashes in 1 s" means 7 or more changes
 *     in a window (t - 1 s, t]; exactly 3 flashes (6 changes) passes.
 *
 * Area: after each frame, a pixel is "over" when its changes in the window
 * exceed 2 * max_flashes. A frame fails when the over pixels inside some
 * 10-degree field (a rectangle slid over every position in the frame) cover
 * more than area_frac of it. The field defaults to 1/3 of the frame's width
 * and 1/3 of its height (WCAG's 341 x 256 px on a 1024 x 768 screen), so 25% of
 * it is 1/36 of the screen, the figure the issue gives. General and red are
 * judged separately.
 *
 * Violations: consecutive failing frames of one kind form one violation;
 * a new failure whose window overlaps the previous violation of that kind
 * (starts less than window_s after its end) extends it instead.
 *
 * Not modelled: the "fine balanced pattern" exception (checkerboards finer
 * than 0.1 degree); such content would be reported as flashing.
 *
 * Pure C (libc + math), no globals. An analyser is single-threaded. */
#ifndef WS_FLASH_H
#define WS_FLASH_H

#include <stddef.h>
#include <stdint.h>

typedef enum { FLASH_GENERAL = 0, FLASH_RED = 1, FLASH_KIND_COUNT = 2 } flash_kind;

/* Optional allocator (all zero: malloc/free). Every allocation happens in
 * flash_create and every release in flash_destroy; tests count the calls. */
typedef struct {
    void *(*alloc)(size_t size, void *user);
    void (*release)(void *ptr, void *user);
    void *user;
} flash_allocator;

/* Zero means default for every field except width and height. */
typedef struct {
    int width, height;        /* frame size in pixels, each 1..4096 (required) */
    int channels;             /* bytes a pixel: 3 (RGB) or 4 (RGBA, alpha ignored); 0: 4 */
    int stride;               /* bytes from one row to the next; 0: width * channels */
    int rows_bottom_up;       /* 1 when row 0 is the bottom (glReadPixels); it only
                                 changes the reported field position */
    double field_width_frac;  /* 10-degree field width / frame width; 0: 1/3 */
    double field_height_frac; /* 10-degree field height / frame height; 0: 1/3 */
    double area_frac;         /* part of a field that may flash; 0: 0.25 */
    int max_flashes;          /* flashes allowed in one window; 0: 3 */
    double window_s;          /* window length in seconds; 0: 1.0 */
    flash_allocator allocator;
} flash_params;

typedef struct {
    flash_kind kind;
    double t_start;       /* start of the first failing window, never before the first frame */
    double t_end;         /* time of the last frame whose window failed */
    double flashes_per_s; /* highest rate reached by more than area_frac of one field
                             (>= 3.5 by definition; capped at FLASH_RATE_CAP) */
    double area_fraction; /* largest part of one field over the limit (> area_frac) */
    int field_x, field_y; /* top-left of that field in frame pixels, rows top-down */
} flash_violation;

/* Per-pixel history holds this many changes, so rates are reported up to
 * FLASH_HISTORY / 2 flashes per window; a rate at the cap means "at least". */
#define FLASH_HISTORY 16
#define FLASH_RATE_CAP (FLASH_HISTORY / 2.0)
#define FLASH_MAX_LISTED 32

typedef struct {
    int violation_count; /* every violation found, listed or not */
    int listed;          /* entries in violations: min(violation_count, FLASH_MAX_LISTED) */
    flash_violation violations[FLASH_MAX_LISTED]; /* in order of t_start */
    long frames;         /* frames accepted since create or reset */
    double t_first, t_last;
    /* Margins, kept whether or not anything failed: the largest part of any
     * field whose pixels were over the limit, and the highest rate any single
     * pixel reached (flashes per window, capped). */
    double peak_area_fraction[FLASH_KIND_COUNT];
    double peak_pixel_flashes[FLASH_KIND_COUNT];
} flash_result;

typedef struct flash_analyser flash_analyser;

/* Returns NULL when a parameter is out of range (size, channels 3/4, stride
 * too small, fractions outside (0, 1], max_flashes < 1, window_s <= 0) or
 * memory runs out. */
flash_analyser *flash_create(const flash_params *p);
/* Safe on NULL and on a partly created analyser. */
void flash_destroy(flash_analyser *a);
/* Forgets every frame and result: the analyser then behaves exactly like a
 * fresh one with the same params. */
void flash_reset(flash_analyser *a);

/* Analyses one frame shown at time t (seconds; must be finite and greater than
 * the previous frame's). pixels: height rows of stride bytes, channels bytes a
 * pixel, 8-bit sRGB. Returns a bit mask of the kinds failing in the window
 * ending at t (1 << FLASH_GENERAL, 1 << FLASH_RED), 0 when none, or -1 when an
 * argument is bad (the frame is then ignored). Allocates nothing. */
int flash_push(flash_analyser *a, const uint8_t *pixels, double t);

/* The results so far, including a violation still in progress (its t_end is
 * the latest failing frame). Valid until the next push, reset or destroy. */
const flash_result *flash_get_result(const flash_analyser *a);

/* "general" or "red". */
const char *flash_kind_name(flash_kind kind);

/* Bytes allocated at create, fixed for the analyser's life. */
size_t flash_memory_bytes(const flash_analyser *a);

#endif
