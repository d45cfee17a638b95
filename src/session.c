#include "session.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static const char *const audio_exts[] = {".ogg", ".oga", ".opus", ".mp3", ".flac", ".wav"};

static int is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static const char *ext_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(path, '.');
    return dot && (!slash || dot > slash) ? dot : NULL;
}

int session_is_caption_path(const char *path)
{
    const char *e = ext_of(path);
    return e && (strcasecmp(e, ".vtt") == 0 || strcasecmp(e, ".srt") == 0);
}

static int try_path(char *out, const char *base, const char *suffix)
{
    char path[SESSION_PATH_MAX + 32];
    snprintf(path, sizeof path, "%s%s", base, suffix);
    if (strlen(path) >= SESSION_PATH_MAX || !is_file(path))
        return 0;
    memcpy(out, path, strlen(path) + 1);
    return 1;
}

static void find_captions(session_files *s, const char *lang)
{
    char suffix[64];
    if (lang && strlen(lang) < 32) {
        snprintf(suffix, sizeof suffix, ".%s.vtt", lang);
        if (try_path(s->captions, s->base, suffix))
            return;
        snprintf(suffix, sizeof suffix, ".%s.srt", lang);
        if (try_path(s->captions, s->base, suffix))
            return;
    }
    if (!try_path(s->captions, s->base, ".vtt"))
        try_path(s->captions, s->base, ".srt");
}

int session_resolve(const session_query *q, session_files *s, char *err, size_t errsize)
{
    memset(s, 0, sizeof *s);
    const char *file = q->file;
    char def[SESSION_PATH_MAX];
    if (!file) {
        snprintf(def, sizeof def, "%s/audio/fountain.ogg", q->data_dir ? q->data_dir : ".");
        file = def;
    }
    if (strlen(file) >= SESSION_PATH_MAX - 32) {
        snprintf(err, errsize, "path too long: %.60s...", file);
        return -1;
    }
    if (!is_file(file)) {
        snprintf(err, errsize, "%s: no such file", file);
        return -1;
    }
    snprintf(s->base, sizeof s->base, "%s", file);
    const char *e = ext_of(file);
    int is_caption = session_is_caption_path(file);
    if (e)
        s->base[e - file] = '\0';
    if (is_caption) {
        /* NAME.LANG.vtt: the session's base name drops the language too. */
        const char *e2 = ext_of(s->base);
        if (e2 && strlen(e2) >= 3 && strlen(e2) <= 4) {
            char base2[SESSION_PATH_MAX];
            snprintf(base2, sizeof base2, "%s", s->base);
            base2[e2 - s->base] = '\0';
            for (size_t i = 0; i < sizeof audio_exts / sizeof audio_exts[0]; i++)
                if (try_path(s->audio, base2, audio_exts[i])) {
                    memcpy(s->base, base2, strlen(base2) + 1);
                    break;
                }
        }
        if (!s->audio[0])
            for (size_t i = 0; i < sizeof audio_exts / sizeof audio_exts[0]; i++)
                if (try_path(s->audio, s->base, audio_exts[i]))
                    break;
        snprintf(s->captions, sizeof s->captions, "%s", file);
    } else {
        snprintf(s->audio, sizeof s->audio, "%s", file);
        find_captions(s, q->lang);
    }
    if (q->captions) {
        if (!is_file(q->captions)) {
            snprintf(err, errsize, "%s: no such caption file", q->captions);
            return -1;
        }
        snprintf(s->captions, sizeof s->captions, "%s", q->captions);
    }
    try_path(s->timeline, s->base, ".timeline");
    return 0;
}
