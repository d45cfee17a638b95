/* library: a studio's sessions, in order (issue 19). Pure C: libc file
 * checks only (stat, realpath, opendir, fopen), no SDL, no GL.
 *
 * What it does:
 *  - library_add turns a source into entries, and sources add up in the
 *    order they are given:
 *      a narration is one entry (a caption file is the narration beside
 *      it, found as session.c finds it);
 *      a folder is each narration in it (the extensions
 *      session_audio_exts gives; not recursive; hidden files left out;
 *      caption, timeline and transcript files are not entries), sorted by
 *      name in natural order, case-insensitive ("2 x" before "10 x");
 *      an M3U/M3U8 playlist is its entries (library/playlist.h has the
 *      rules); an entry that is a folder expands as a folder, one that is
 *      a playlist as a playlist, at most LIBRARY_MAX_DEPTH deep.
 *  - The same narration (the same real path) is listed once, where it came
 *    first. A folder or playlist met again adds nothing; a playlist that
 *    includes itself is skipped with a warning.
 *  - What cannot be used (a missing file, an image, a URL, a bad playlist
 *    line) leaves one warning line ("list.m3u:4: studio/gone.mp3: no such
 *    file; skipped") and is skipped. The caller logs lib.warnings. An empty
 *    library is the caller's to report (issue 19: exit 2).
 *  - library_add_default adds the default session, flagged; the caller
 *    adds it last unless --no-default.
 *  - Each entry has a title (the playlist's #EXTINF title, else the file
 *    name made readable by library_title_from_name; a tag's title replaces
 *    the latter through library_set_title), a description (the first
 *    sentence of the transcript NAME.txt beside it, library_describe; a
 *    tag's through library_set_description) and a duration (a playlist's
 *    hint, else 0, until the caller sets what the audio says).
 *  - Also here: --session N|TITLE (library_find) and the kiosk's orders
 *    (library_next, library_shuffle). Resume state is library/resume.h;
 *    the schedule's per-range sessions are in time/schedule.h.
 *
 * A zeroed library is empty and ready; library_free releases it. Bounded:
 * at most LIBRARY_MAX_ENTRIES entries (the default session comes on top),
 * LIBRARY_MAX_WARNINGS warning lines kept (the rest are counted),
 * LIBRARY_MAX_SOURCES folders and playlists read, and LIBRARY_MAX_CHECKS
 * paths from them looked at, so hostile playlists cost bounded time. */
#ifndef WS_LIBRARY_H
#define WS_LIBRARY_H

#include <stddef.h>
#include <stdint.h>

#define LIBRARY_MAX_ENTRIES 1000
#define LIBRARY_MAX_WARNINGS 50
#define LIBRARY_MAX_SOURCES 256
#define LIBRARY_MAX_DEPTH 8            /* playlists within playlists */
#define LIBRARY_MAX_CHECKS 10000       /* paths in playlists and folders looked at */
#define LIBRARY_TITLE_MAX 256          /* bytes, the NUL included */
#define LIBRARY_DESCRIPTION_CHARS 90   /* code points, the ellipsis included */
#define LIBRARY_DESCRIPTION_MAX 400    /* bytes, the NUL included */
#define LIBRARY_TRANSCRIPT_READ 16384  /* bytes of NAME.txt read for a description */
#define LIBRARY_DEFAULT_TITLE "Wellspring"
#define LIBRARY_NONE ((size_t)-1)

enum {
    LIBRARY_ENTRY_DEFAULT = 1u << 0,        /* the default session */
    LIBRARY_ENTRY_PLAYLIST_TITLE = 1u << 1, /* title from #EXTINF: a tag does not replace it */
    LIBRARY_ENTRY_TAG_TITLE = 1u << 2,      /* title set by library_set_title */
};

typedef struct library_entry {
    char *path;        /* the narration as found (what session_resolve gets) */
    char *real;        /* its real path: duplicates, and the resume key */
    char *title;       /* UTF-8, never empty */
    char *description; /* UTF-8, "" when none */
    double duration;   /* seconds; 0 when unknown (the caller sets it) */
    unsigned flags;    /* LIBRARY_ENTRY_* */
} library_entry;

struct library_source;

typedef struct library {
    library_entry *entries; /* in order; read only but for duration */
    size_t count;
    char *warnings[LIBRARY_MAX_WARNINGS]; /* one line each, for the log */
    size_t warning_count;
    size_t warnings_dropped; /* past LIBRARY_MAX_WARNINGS: "and N more" */
    /* private */
    size_t cap;
    struct library_source *sources; /* folders and playlists read */
    size_t source_count;
    size_t checked; /* paths looked at, against LIBRARY_MAX_CHECKS */
    int full;       /* a bound reached (each said once) */
} library;

/* Adds a narration, a caption file's narration, a folder or a playlist.
 * Returns the number of entries it added (0 when all were duplicates or
 * skipped), or -1 when path itself cannot be used (missing, unreadable,
 * of another kind); each problem leaves a warning. */
int library_add(library *lib, const char *path);

/* Adds the default session, flagged LIBRARY_ENTRY_DEFAULT, titled title
 * (NULL: LIBRARY_DEFAULT_TITLE). Returns 1, 0 when it is in the library
 * already (where it is stays, unflagged), or -1 with a warning when path
 * is not a narration. */
int library_add_default(library *lib, const char *path, const char *title);

void library_free(library *lib);

/* A tag's title for entry i: replaces a title made from the file name.
 * Returns 1 when set, 0 when kept (the playlist named it, or title is
 * blank), -1 for a bad index or no memory. */
int library_set_title(library *lib, size_t i, const char *title);

/* A tag's description for entry i, shortened as library_describe_text
 * shortens; replaces the transcript's. Returns 1, 0 (blank), or -1. */
int library_set_description(library *lib, size_t i, const char *text);

/* The file name made readable, into out (UTF-8, never empty for a
 * non-empty name). The rules, in order: the folder and the extension are
 * dropped; a leading track number goes ("02_Body_Scan", "3. Letting go",
 * "1 - Intro": a number of 1 to 3 digits that is zero-padded, or followed
 * by '.', ')', '_' or " - ", and not by another digit; kept when nothing
 * else is left, so "100 breaths" and "5-minute calm" keep theirs); '-'
 * and '_' become spaces; runs of spaces one space; a name all in lower
 * case gets a capital first letter (ASCII and Latin-1 letters: "evening-
 * calm.mp3" -> "Evening calm", "élan" -> "Élan"), any other keeps the
 * author's casing ("02_Body_Scan.ogg" -> "Body Scan"). Ill-formed UTF-8
 * shows as U+FFFD; a name with nothing printable is "Untitled". Returns
 * the length. */
size_t library_title_from_name(const char *path, char *out, size_t outsize);

/* The first sentence of a transcript, for the menu's description line.
 * The text is decoded as caption files are (text_decode.h: BOM, UTF-16,
 * Windows-1252); a line whose first non-blank is '#' is a comment and
 * [bracketed] stage directions are dropped, as the aligner drops them;
 * lines join with one space; the sentence ends after '.', '!', '?' or
 * '…' (and closing quotes) before white space, or at a blank line. Longer
 * than LIBRARY_DESCRIPTION_CHARS code points, it is cut at the last space
 * that leaves room for "…" and gets it. out gets "" when there is no
 * sentence. Returns the length. */
size_t library_describe_text(const char *text, size_t len, char *out, size_t outsize);

/* library_describe_text on the first LIBRARY_TRANSCRIPT_READ bytes of
 * NAME.txt beside the narration NAME.ext; "" when there is none. */
size_t library_describe(const char *narration, char *out, size_t outsize);

/* Natural, case-insensitive order of names: runs of digits compare as
 * numbers ("track 2" < "track 10"), letters without case (ASCII and
 * Latin-1), other code points by value; ties broken by the bytes, so the
 * order is total. <0, 0 or >0 like strcmp. */
int library_natural_compare(const char *a, const char *b);

/* --session N|TITLE. N (digits only) is 1-based. A title matches without
 * case (as library_natural_compare folds it): an exact match first (the
 * first of equals), else the one title it begins. Returns the entry's
 * index, or -1 with one line in err that says why and lists the sessions
 * ("no session called 'xyz'; the library has 1 Evening calm, 2 Body
 * scan, 3 Wellspring"). */
long library_find(const library *lib, const char *query, char *err, size_t errsize);

/* The kiosk's next entry after i, wrapping; 0 for i out of range or an
 * empty library. */
size_t library_next(size_t i, size_t count);

/* A shuffled order of 0..count-1 in order[], from seed alone (the same
 * seed gives the same order; the caller picks seeds, e.g. one per round).
 * With count >= 2, order[0] is never not_first: pass the last entry of
 * the round before (LIBRARY_NONE for the first round), so no session
 * plays twice in a row across the wrap. */
void library_shuffle(size_t *order, size_t count, uint64_t seed, size_t not_first);

#endif
