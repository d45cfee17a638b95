/* sync: several screens in one room showing the same moment. Pure C.
 *
 * With --sync-clock the session position is wall-clock time since the Unix
 * epoch, modulo the loop's length (the session plus the kiosk's rest). Two
 * machines whose clocks agree (NTP) then compute the same position, and
 * since the picture is a function of that position they show the same
 * frame. */
#ifndef WS_SYNC_H
#define WS_SYNC_H

typedef struct sync_position {
    double t;     /* position within the loop, 0 <= t < loop length */
    long long loop; /* how many whole loops since the epoch */
} sync_position;

/* loop_length must be > 0; wall is seconds since the Unix epoch (>= 0). */
sync_position sync_at(double wall, double loop_length);

#endif
