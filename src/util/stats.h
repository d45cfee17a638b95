/* stats: frame-time statistics for the benchmark. Pure C.
 * Holds a bounded sample of frame times and answers percentiles. */
#ifndef WS_STATS_H
#define WS_STATS_H

#include <stddef.h>

#define STATS_MAX_SAMPLES 200000

typedef struct frame_stats {
    double *ms;         /* frame times in milliseconds, in arrival order */
    size_t count, cap;
} frame_stats;

int stats_init(frame_stats *s, size_t cap);
void stats_free(frame_stats *s);
/* Adds one frame time (ms); ignored when full. */
void stats_add(frame_stats *s, double ms);
/* The p-th percentile (0..100, nearest rank) of the samples; 0 when empty. */
double stats_percentile(const frame_stats *s, double p);
double stats_max(const frame_stats *s);

#endif
