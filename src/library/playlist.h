/* playlist: M3U and M3U8 playlists, parsed from a buffer. Pure C with no
 * file system at all: the parser only turns lines into paths, so it can
 * be fuzzed (fuzz/fuzz_playlist.c); library.c checks what the paths name.
 *
 * The rules, line by line:
 *  - a UTF-8 byte order mark at the start is skipped; a UTF-16 one refuses
 *    the whole buffer (one warning: save it as UTF-8). Lines end in LF or
 *    CRLF; white space at both ends of a line is dropped;
 *  - "#EXTM3U" is optional. "#EXTINF:SECONDS[ attributes],TITLE" gives the
 *    next entry its title (the text after the first comma outside quotes)
 *    and a length hint (SECONDS when positive). Every other line starting
 *    with '#' is a comment, so an entry cannot start with '#';
 *  - any other non-blank line is an entry: an absolute path, or a path
 *    relative to the playlist's folder (`..` allowed: it is the user's own
 *    file), or a file:// URL (percent-decoded). Other URLs (http://, ...)
 *    are skipped with a warning: Wellspring plays files on this machine;
 *  - a line longer than PLAYLIST_LINE_MAX bytes, holding a NUL byte, or
 *    whose resolved path would be longer than PLAYLIST_PATH_MAX, is
 *    skipped with a warning (and uses up a pending #EXTINF);
 *  - paths are bytes, as the file system has them (a .m3u written in
 *    Latin-1 still names its files); titles are UTF-8, ill-formed bytes
 *    shown as U+FFFD and control characters as spaces.
 * Bounded: a buffer over PLAYLIST_MAX_BYTES is refused whole with one
 * warning; the work is linear in the buffer; nothing is allocated. */
#ifndef WS_PLAYLIST_H
#define WS_PLAYLIST_H

#include <stddef.h>

#define PLAYLIST_MAX_BYTES (1024u * 1024u)
#define PLAYLIST_LINE_MAX 4096
#define PLAYLIST_PATH_MAX 4096 /* bytes, the NUL included */
#define PLAYLIST_TITLE_MAX 256 /* bytes, the NUL included */

typedef struct playlist_item {
    const char *path;  /* resolved against the base folder; valid during the call */
    const char *title; /* from #EXTINF, UTF-8; "" when none */
    double duration;   /* #EXTINF's seconds when positive and finite, else 0 */
    int line;          /* 1-based line of the entry */
} playlist_item;

typedef struct playlist_sink {
    /* Each entry, in order. Returns 0 to go on, anything else to stop. */
    int (*item)(void *user, const playlist_item *item);
    /* Each line skipped, with why ("http://x/a.mp3: a URL; ..."; no
     * file:line, the caller adds it). line is 0 for the whole buffer.
     * May be NULL. */
    void (*warn)(void *user, int line, const char *message);
    void *user;
} playlist_sink;

/* Parses buf[0..len) (NUL bytes may be anywhere). base_dir is the
 * playlist's folder ("" or NULL: relative paths stay relative). Returns
 * the number of entries handed to sink->item, or -1 when the buffer is
 * refused whole (too large, UTF-16), after one warning. */
long playlist_parse(const char *buf, size_t len, const char *base_dir, const playlist_sink *sink);

/* One line of display text from any bytes: ill-formed UTF-8 as U+FFFD,
 * control characters as spaces, runs of white space one space, both ends
 * trimmed, cut on a code point boundary to fit outsize (NUL included).
 * Returns the length written. Titles and descriptions all pass here. */
size_t playlist_clean_text(const char *s, size_t len, char *out, size_t outsize);

/* Writes dir/rel into out, or rel alone when it is absolute or dir is
 * empty (one '/' between them however dir ends). Returns 0, or -1 when
 * the result would not fit in outsize. */
int playlist_join(const char *dir, const char *rel, char *out, size_t outsize);

#endif
