/* scratch.h: a scratch folder for unit tests that need real files. It is
 * made under $TMPDIR (or /tmp), filled by the test and removed at the end:
 *
 *   if (scratch_make("ws-library") != 0) return 1;
 *   SCRATCH_PUT("calm.ogg", "OggS...");
 *   library_add(&lib, scratch_path("calm.ogg"));
 *   ...
 *   scratch_remove();
 */
#ifndef WS_TEST_SCRATCH_H
#define WS_TEST_SCRATCH_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char scratch_dir_[512];

/* Makes the folder TMPDIR/TAG-XXXXXX. Returns 0, or -1 (said on stderr). */
static inline int scratch_make(const char *tag)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(scratch_dir_, sizeof scratch_dir_, "%s/%s-XXXXXX", tmp && tmp[0] ? tmp : "/tmp",
             tag);
    if (mkdtemp(scratch_dir_))
        return 0;
    perror(scratch_dir_);
    return -1;
}

/* The folder's path of name; valid until 8 more calls. */
static inline const char *scratch_path(const char *name)
{
    static char path[8][1024];
    static int k;
    k = (k + 1) % 8;
    snprintf(path[k], sizeof path[k], "%s/%s", scratch_dir_, name);
    return path[k];
}

/* Writes n bytes as the whole of the folder's file name. */
static inline void scratch_put(const char *name, const void *bytes, size_t n)
{
    FILE *f = fopen(scratch_path(name), "wb");
    if (f) {
        fwrite(bytes, 1, n, f);
        fclose(f);
    }
}

#define SCRATCH_PUT(name, lit) scratch_put(name, lit, sizeof lit - 1)

static inline void scratch_remove(void)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", scratch_dir_);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", scratch_dir_);
}

/* 1 when one of lines[0..n) holds part (a warning said, for instance). */
static inline int scratch_lines_hold(char *const *lines, size_t n, const char *part)
{
    for (size_t i = 0; i < n; i++)
        if (strstr(lines[i], part))
            return 1;
    return 0;
}

#endif
