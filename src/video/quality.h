/* quality: adaptive quality that holds the frame rate. Pure C.
 *
 * Two levers (see issue 6's calibration on llvmpipe): the internal
 * resolution of the HDR scene and the particle count. The controller watches
 * two smoothed figures against the target frame time: the interval between
 * frames (what the viewer gets) and the frame's cost (the CPU's work and the
 * GPU's time, without the wait for the display's refresh or a frame cap, so
 * a vsynced 60 Hz frame that took 4 ms shows its headroom). It steps the
 * levers with hysteresis: down when frames are late for a second, up only
 * after several seconds of clear headroom. Every change is ramped over at
 * least a second (small resolution steps, particle counts moving gradually),
 * so nothing visibly pops.
 *
 * While the picture is faded toward black (the session's fade-in, the rest
 * between loops) a change cannot be seen, so there the controller settles
 * fast: a step down every few frames, unramped. It never goes up in the dark,
 * where frames are cheaper than the scene they lead to.
 *
 * Fixed tiers (--quality low|medium|high) pin the levers. */
#ifndef WS_QUALITY_H
#define WS_QUALITY_H

typedef enum { QUALITY_AUTO = 0, QUALITY_LOW, QUALITY_MEDIUM, QUALITY_HIGH } quality_mode;

typedef struct quality_tier {
    const char *name;
    float scale;     /* internal resolution scale */
    int particles;   /* particle budget */
} quality_tier;

/* The tier table; mode QUALITY_LOW.. index it (QUALITY_AUTO starts at medium). */
const quality_tier *quality_tier_of(quality_mode mode);

/* Parses "auto", "low", "medium", "high". Returns 0 or -1. */
int quality_parse(const char *s, quality_mode *out);

typedef struct quality_ctl {
    quality_mode mode;
    double target_dt;          /* seconds per frame to hold */
    float scale;               /* what to render with now */
    float particles;
    float want_scale;          /* where the ramps are heading */
    float want_particles;
    double ema;                /* smoothed frame cost */
    double ema_interval;       /* smoothed time between frames */
    int settle_n;              /* dark frames measured at this level (-1: skip the next) */
    double settle[3];          /* their cost */
    double late_since, fast_since; /* -1 when not late / not fast */
    double last_step;          /* time of the last ramp step */
    double last_down;          /* time of the last step down */
    float max_particles;       /* ceiling for auto (--particles) */
    float budget;              /* share of the frame time drawing may cost (1 by default) */
    double max_pace;           /* longest interval the frame rate may give way to (0: never) */
    double pace_dt;            /* interval to pace frames at (quality_pace) */
} quality_ctl;

void quality_init(quality_ctl *q, quality_mode mode, double target_fps);

/* Auto only: starts from another tier's resolution and particles than
 * medium's (software GL starts low: it never holds medium, and its first
 * frames would cost a medium picture's memory). Call before
 * quality_set_particles. */
void quality_start_from(quality_ctl *q, quality_mode tier);

/* Sets the particle budget (--particles N): the fixed tiers render exactly N,
 * auto starts at N and never goes above it. 0 keeps the tier's own count. */
void quality_set_particles(quality_ctl *q, int n);

/* Sets the share of each frame's time that drawing may cost (0.1..1). With
 * software GL the drawing is the CPU's own work, so Wellspring gives it half
 * (0.5): with vsync or --fps the machine then idles the other half, instead
 * of spending it on resolution. */
void quality_set_budget(quality_ctl *q, float share);

/* Auto with software GL: when even the lowest quality costs more than its
 * budget, the frame rate gives way, down to min_fps (a box without a GPU
 * then draws as often as half its time allows, instead of flat out with
 * both cores busy). 0 turns it off (the default). */
void quality_set_min_fps(quality_ctl *q, double min_fps);

/* The interval to pace frames at: the target's, or longer where the frame
 * rate gives way. */
double quality_pace(const quality_ctl *q);

/* Feeds one frame at monotonic time `now` (seconds): `interval` since the
 * previous frame, less any sleep for a frame cap; `cost` what the frame took
 * to make (see above; pass the interval where the GPU's time is unknown);
 * `dark` when the picture is faded toward black. */
void quality_update(quality_ctl *q, double now, double interval, double cost, int dark);

/* A short label for logs and the benchmark: "auto 0.70x 16000" etc. */
const char *quality_describe(const quality_ctl *q, char *buf, int size);

#endif
