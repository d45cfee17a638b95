/* log: one small logger for the whole program.
 *
 * Every line goes to stderr as "wellspring: LEVEL [tag] message". The tag
 * names the subsystem ("gl", "audio", "captions" ...). Debug lines show only
 * after log_set_level(LOG_DEBUG) (the --verbose option). Pure C, no SDL, so
 * pure modules may log too. Not thread-safe beyond what stdio gives; the audio
 * callback must not log. */
#ifndef WS_LOG_H
#define WS_LOG_H

typedef enum { LOG_ERROR = 0, LOG_WARN, LOG_INFO, LOG_DEBUG } log_level;

void log_set_level(log_level level);
log_level log_get_level(void);
void log_msg(log_level level, const char *tag, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define log_error(tag, ...) log_msg(LOG_ERROR, tag, __VA_ARGS__)
#define log_warn(tag, ...)  log_msg(LOG_WARN, tag, __VA_ARGS__)
#define log_info(tag, ...)  log_msg(LOG_INFO, tag, __VA_ARGS__)
#define log_debug(tag, ...) log_msg(LOG_DEBUG, tag, __VA_ARGS__)

#endif
