/* libFuzzer harness: the M3U/M3U8 playlist parser (library/playlist.h), and
 * what the library makes of its entries without the file system: a title
 * from each path (library_title_from_name), the natural order of the paths,
 * and a description from the same bytes read as a transcript
 * (library_describe_text). Pure: nothing here opens a file.
 * It checks playlist.h's promises: every path is NUL-free, shorter than
 * PLAYLIST_PATH_MAX and under the base folder unless absolute; titles are
 * well-formed UTF-8 with no control characters, trimmed, shorter than
 * PLAYLIST_TITLE_MAX; durations finite and not negative; entry lines rise;
 * the count returned is the entries handed over; a buffer is refused only
 * for its size or a UTF-16 mark. Built and run by tools/fuzz.sh; seeds in
 * fuzz/corpus/playlist, dictionary fuzz/playlist.dict. */
#include "fuzz_require.h"
#include "library/library.h"
#include "library/playlist.h"
#include "util/utf8.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define BASE "/base/dir/"

/* Titles, descriptions, anything shown: well-formed UTF-8, no control
 * characters, no space at either end. */
static void check_display_text(const char *s, size_t cap)
{
    size_t n = strlen(s);
    FUZZ_REQUIRE(n < cap);
    FUZZ_REQUIRE(utf8_valid(s, n));
    for (size_t i = 0; i < n; i++)
        FUZZ_REQUIRE((unsigned char)s[i] >= 0x20 && s[i] != 0x7F);
    FUZZ_REQUIRE(n == 0 || (s[0] != ' ' && s[n - 1] != ' '));
}

typedef struct {
    const char *base;
    long items;
    int last_line;
    char prev[PLAYLIST_PATH_MAX];
} walk;

static int on_item(void *user, const playlist_item *it)
{
    walk *w = user;
    FUZZ_REQUIRE(it->path && it->title);
    size_t n = strlen(it->path);
    FUZZ_REQUIRE(n > 0 && n < PLAYLIST_PATH_MAX);
    FUZZ_REQUIRE(!w->base || it->path[0] == '/'); /* relative ones are joined to BASE */
    check_display_text(it->title, PLAYLIST_TITLE_MAX);
    FUZZ_REQUIRE(isfinite(it->duration) && it->duration >= 0.0);
    FUZZ_REQUIRE(it->line > w->last_line);
    w->last_line = it->line;
    w->items++;

    char title[LIBRARY_TITLE_MAX];
    size_t tl = library_title_from_name(it->path, title, sizeof title);
    FUZZ_REQUIRE(tl == strlen(title));
    check_display_text(title, sizeof title);
    const char *slash = strrchr(it->path, '/');
    FUZZ_REQUIRE(tl > 0 || (slash && slash[1] == '\0'));

    /* The order is antisymmetric and total. */
    if (w->items > 1) {
        int ab = library_natural_compare(w->prev, it->path);
        int ba = library_natural_compare(it->path, w->prev);
        FUZZ_REQUIRE((ab > 0) == (ba < 0) && (ab == 0) == (ba == 0));
        FUZZ_REQUIRE((ab == 0) == (strcmp(w->prev, it->path) == 0));
    }
    memcpy(w->prev, it->path, n + 1);
    return 0;
}

static void on_warning(void *user, int line, const char *message)
{
    (void)user;
    FUZZ_REQUIRE(line >= 0);
    FUZZ_REQUIRE(message && strlen(message) > 0 && strlen(message) < 256);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *buf = (const char *)data;
    int utf16 = size >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) ||
                              (data[0] == 0xFE && data[1] == 0xFF));
    static const char *const bases[] = {BASE, NULL};
    for (int b = 0; b < 2; b++) {
        walk w = {.base = bases[b]};
        playlist_sink sink = {on_item, on_warning, &w};
        long n = playlist_parse(buf, size, bases[b], &sink);
        if (n < 0)
            FUZZ_REQUIRE(size > PLAYLIST_MAX_BYTES || utf16);
        else
            FUZZ_REQUIRE(n == w.items && !utf16);
    }

    char desc[LIBRARY_DESCRIPTION_MAX];
    size_t dl = library_describe_text(buf, size, desc, sizeof desc);
    FUZZ_REQUIRE(dl == strlen(desc));
    check_display_text(desc, sizeof desc);
    FUZZ_REQUIRE(utf8_count(desc, dl) <= LIBRARY_DESCRIPTION_CHARS);
    return 0;
}
