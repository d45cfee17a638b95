#include "align/align_session.h"

#include "align/align_job.h"
#include "util/log.h"
#include "util/xdg.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int align_session_transcript(const session_files *files, const char *lang, char *out, size_t size)
{
    if (!files->audio[0])
        return 0;
    const char *slash = strrchr(files->audio, '/'), *dot = strrchr(files->audio, '.');
    size_t len = dot && (!slash || dot > slash + 1) ? (size_t)(dot - files->audio)
                                                      : strlen(files->audio);
    int n;
    /* NAME.LANG.txt first, as captions look for NAME.LANG.vtt first. */
    if (lang && *lang) {
        n = snprintf(out, size, "%.*s.%s.txt", (int)len, files->audio, lang);
        if (n > 0 && (size_t)n < size && access(out, R_OK) == 0)
            return 1;
    }
    n = snprintf(out, size, "%.*s.txt", (int)len, files->audio);
    return n > 0 && (size_t)n < size && access(out, R_OK) == 0;
}

/* FNV-1a, 64 bits, over a file's bytes. Returns 0 or -1. */
static int hash_file(const char *path, uint64_t *h)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    unsigned char buf[65536];
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, f)) > 0)
        for (size_t i = 0; i < got; i++)
            *h = (*h ^ buf[i]) * 0x100000001b3ull;
    int bad = ferror(f);
    fclose(f);
    return bad ? -1 : 0;
}

static void hash_str(const char *s, uint64_t *h)
{
    for (; *s; s++)
        *h = (*h ^ (unsigned char)*s) * 0x100000001b3ull;
    *h = (*h ^ 0xff) * 0x100000001b3ull; /* a separator */
}

/* $XDG_CACHE_HOME/wellspring (or ~/.cache/wellspring), made if missing. */
static int cache_dir(char *out, size_t size)
{
    if (xdg_app_dir("XDG_CACHE_HOME", ".cache", out, size) < 0)
        return -1;
    for (char *p = out + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        int bad = mkdir(out, 0755) < 0 && errno != EEXIST;
        *p = '/';
        if (bad)
            return -1;
    }
    return mkdir(out, 0755) < 0 && errno != EEXIST ? -1 : 0;
}

static int cache_path(const char *audio, const char *text, const char *lang, char *out,
                      size_t size)
{
    uint64_t h = 0xcbf29ce484222325ull;
    char dir[SESSION_PATH_MAX - 32];
    hash_str(ALIGN_CACHE_VERSION, &h);
    hash_str(lang, &h);
    if (hash_file(audio, &h) < 0)
        return -1;
    hash_str("", &h);
    if (hash_file(text, &h) < 0 || cache_dir(dir, sizeof dir) < 0)
        return -1;
    int n = snprintf(out, size, "%s/%016llx.vtt", dir, (unsigned long long)h);
    return n > 0 && (size_t)n < size ? 0 : -1;
}

int align_session_pending(const session_files *files, const char *lang)
{
    char text[SESSION_PATH_MAX], cached[SESSION_PATH_MAX];
    if (files->captions[0] || !align_session_transcript(files, lang, text, sizeof text))
        return 0;
    lang = lang && *lang ? lang : "en";
    return cache_path(files->audio, text, lang, cached, sizeof cached) == 0 &&
           access(cached, R_OK) != 0;
}

int align_session_captions(session_files *files, const char *lang, align_progress_fn progress,
                           void *user)
{
    char text[SESSION_PATH_MAX], cached[SESSION_PATH_MAX], err[SESSION_PATH_MAX + 256];
    if (files->captions[0] || !align_session_transcript(files, lang, text, sizeof text))
        return 0;
    lang = lang && *lang ? lang : "en";
    if (cache_path(files->audio, text, lang, cached, sizeof cached) < 0) {
        log_warn("align", "%s: no cache folder ($XDG_CACHE_HOME or $HOME); playing without "
                 "captions", text);
        return 0;
    }
    if (access(cached, R_OK) == 0) {
        log_info("align", "captions for %s from the cache: %s", text, cached);
        snprintf(files->captions, sizeof files->captions, "%s", cached);
        return 1;
    }
    log_info("align", "timing %s to %s (the first start only; the result is cached)", text,
             files->audio);
    align_job job = {files->audio, text, lang, progress, user};
    align_result res;
    if (align_job_run(&job, &res, err, sizeof err) < 0) {
        log_warn("align", "%s; playing without captions", err);
        return 0;
    }
    int ok = 0;
    if (res.mismatch)
        log_warn("align", "%s does not match %s (median confidence %.2f); playing without "
                 "captions (wellspring --align --force writes them anyway)", text, files->audio,
                 res.summary.confidence);
    else if (align_result_write(&res, cached, 1, err, sizeof err) < 0)
        log_warn("align", "%s; playing without captions", err);
    else
        ok = 1;
    if (ok) {
        log_info("align", "aligned %zu cues in %.1f s, median confidence %.2f; cached as %s",
                 res.script.count, res.seconds, res.summary.confidence, cached);
        snprintf(files->captions, sizeof files->captions, "%s", cached);
    }
    align_result_free(&res);
    return ok;
}
