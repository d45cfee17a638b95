/* displays: the list of connected outputs and how Wellspring follows it.
 * Pure C.
 *
 * The platform layer fills a display_list from SDL (or, in tests, from a
 * spec such as "1280x720@TV,720x1280+1280+0@Portrait"); this module picks
 * outputs by index or name and says what changed between two lists, so a
 * TV that was switched off and on, or a resolution switch, is matched back
 * to the window that showed on it. */
#ifndef WS_DISPLAYS_H
#define WS_DISPLAYS_H

#include <stddef.h>

#define DISPLAYS_MAX 8
#define DISPLAY_NAME_MAX 64

typedef struct display_info {
    char name[DISPLAY_NAME_MAX]; /* as SDL reports it; may be empty */
    int x, y, w, h;              /* bounds in the desktop's coordinates */
    int refresh;                 /* Hz, 0 when unknown */
} display_info;

typedef struct display_list {
    display_info d[DISPLAYS_MAX];
    int count;
} display_list;

/* Parses "WxH[+X+Y][@NAME][,...]" (a test's stand-in for the real list);
 * "none" or "" is no display at all. Displays without a position are placed
 * side by side, left to right. Unnamed ones are called "display N". Returns
 * 0, or -1 with a one-line reason in err. */
int displays_parse(const char *spec, display_list *out, char *err, size_t errsize);

/* The display a user's --display names: a whole number is an index, anything
 * else an exact name. Returns its index, or -1. NULL or "" is display 0 when
 * there is one. */
int displays_find(const display_list *l, const char *sel);

/* Where display was_index of the old list is in the new one: the one with
 * the same name, or, when the names do not tell the displays apart (empty,
 * or alike in either list), the same index. -1: it is gone. */
int displays_match(const display_list *now, const display_list *was, int was_index);

/* True when the two describe the same displays with the same bounds. */
int displays_same(const display_list *a, const display_list *b);

/* A test's script of display changes: "SPEC" or "T:SPEC;T:SPEC;..." with
 * T in seconds from the start, ascending (the first T is usually 0). */
#define DISPLAY_SCRIPT_MAX 8
typedef struct display_script {
    int count;
    double at[DISPLAY_SCRIPT_MAX];
    display_list lists[DISPLAY_SCRIPT_MAX];
} display_script;

int display_script_parse(const char *spec, display_script *out, char *err, size_t errsize);

/* The list in force t seconds after the start (the first one before its
 * time). NULL for an empty script. */
const display_list *display_script_at(const display_script *s, double t);

#endif
