/* resume: where each session was stopped, kept across runs (issue 19).
 * Pure C: libc file I/O only.
 *
 * One text file, DIR/resume, where the caller works out DIR
 * ($XDG_STATE_HOME/wellspring, else ~/.local/state/wellspring):
 *   wellspring-resume 1
 *   POSITION<TAB>DURATION<TAB>SIZE<TAB>MTIME<TAB>PATH
 * one line a session, oldest first, keyed by the narration's absolute real
 * path together with the audio file's size and modification time (seconds),
 * so that a file replaced by another recording does not resume.
 *  - resume_get gives 0 (start from the beginning) for a session never
 *    stopped, a replaced or missing file, or one played more than
 *    RESUME_DONE_FRACTION (95%) of its duration.
 *  - A damaged file is tolerated: a line that does not parse is ignored
 *    (counted in bad_lines); past RESUME_MAX_ENTRIES entries or
 *    RESUME_MAX_BYTES bytes the rest is ignored.
 *  - resume_set keeps at most RESUME_MAX_ENTRIES sessions, forgetting the
 *    one stopped longest ago.
 *  - resume_save writes a temporary file in DIR and renames it over the
 *    old one, so a crash leaves the old file or the new one, never half of
 *    one; it creates DIR (and its parents, mode 0700) first.
 * A zeroed resume_state is empty and ready; resume_free releases it. */
#ifndef WS_RESUME_H
#define WS_RESUME_H

#include <stddef.h>

#define RESUME_FILE "resume"
#define RESUME_MAX_ENTRIES 1000
#define RESUME_MAX_BYTES (1024u * 1024u)
#define RESUME_DONE_FRACTION 0.95

typedef struct resume_entry {
    char *path;         /* the narration's absolute real path */
    double position;    /* seconds */
    double duration;    /* seconds; 0 when unknown */
    long long size;     /* the audio file's size in bytes ... */
    long long mtime;    /* ... and modification time (seconds) when stopped */
} resume_entry;

typedef struct resume_state {
    resume_entry *entries; /* oldest first */
    size_t count;
    size_t bad_lines; /* ignored by the last resume_load */
    size_t cap;       /* private */
} resume_state;

/* Reads DIR/resume into *rs (replacing what it held). Returns 0, also when
 * there is no file yet, or -1 with one line in err when it exists but
 * cannot be read; rs is usable (empty) then. */
int resume_load(resume_state *rs, const char *dir, char *err, size_t errsize);

/* Where to continue narration (any path naming it): the position stopped
 * at, or 0 (see the rules above). */
double resume_get(const resume_state *rs, const char *narration);

/* Remembers that narration (which must exist) stopped at position of
 * duration seconds (duration 0: unknown); a position of 0 or less clears
 * it. Returns 0, or -1 when the file is missing or the values are not
 * finite. */
int resume_set(resume_state *rs, const char *narration, double position, double duration);

/* Forgets narration. */
void resume_clear(resume_state *rs, const char *narration);

/* Writes *rs to DIR/resume atomically. Returns 0, or -1 with one line in
 * err (the folder or file that could not be written, and why). */
int resume_save(const resume_state *rs, const char *dir, char *err, size_t errsize);

void resume_free(resume_state *rs);

#endif
