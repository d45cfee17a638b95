/* notify: systemd's service notification (sd_notify) without libsystemd.
 *
 * Speaks the documented datagram protocol: when $NOTIFY_SOCKET names a
 * socket (a path, or an abstract name starting with '@'), state lines such
 * as "READY=1" or "WATCHDOG=1" are sent to it as one datagram each. With no
 * $NOTIFY_SOCKET every call does nothing. The watchdog interval comes from
 * $WATCHDOG_USEC; the service should ping at half of it. Plain POSIX. */
#ifndef WS_NOTIFY_H
#define WS_NOTIFY_H

/* Sends one state string. Returns 1 when sent, 0 when there is no socket,
 * -1 on an error (not fatal: the caller goes on). */
int notify_send(const char *state);

/* Seconds between watchdog pings (half of $WATCHDOG_USEC), or 0 when the
 * service has no watchdog. */
double notify_watchdog_interval(void);

#endif
