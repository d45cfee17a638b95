#include "session/session.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "time/timefmt.h"

static const char *const audio_exts[] = {".ogg", ".oga", ".opus", ".mp3", ".flac", ".wav"};
static const char *const playlist_exts[] = {".m3u", ".m3u8", ".pls"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const char *const *session_audio_exts(size_t *count)
{
    *count = COUNT(audio_exts);
    return audio_exts;
}

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

/* The line app logs when no caption file is found: which names were tried. */
static void note_missing_captions(session_files *s, char suffixes[][48], int n)
{
    const char *slash = strrchr(s->base, '/');
    const char *name = slash ? slash + 1 : s->base;
    int len = snprintf(s->captions_note, sizeof s->captions_note,
                       "no caption file beside %s (looked for ", s->audio);
    for (int i = 0; i < n && len > 0 && (size_t)len < sizeof s->captions_note; i++)
        len += snprintf(s->captions_note + len, sizeof s->captions_note - (size_t)len, "%s%s%s",
                        i == 0 ? "" : i == n - 1 ? " and " : ", ", name, suffixes[i]);
    if (len > 0 && (size_t)len < sizeof s->captions_note)
        snprintf(s->captions_note + len, sizeof s->captions_note - (size_t)len,
                 "); playing without captions");
}

static void find_captions(session_files *s, const char *lang)
{
    char suffixes[4][48];
    int n = 0;
    if (lang && strlen(lang) < 32) {
        snprintf(suffixes[n++], sizeof suffixes[0], ".%s.vtt", lang);
        snprintf(suffixes[n++], sizeof suffixes[0], ".%s.srt", lang);
    }
    snprintf(suffixes[n++], sizeof suffixes[0], ".vtt");
    snprintf(suffixes[n++], sizeof suffixes[0], ".srt");
    for (int i = 0; i < n; i++)
        if (try_path(s->captions, s->base, suffixes[i]))
            return;
    note_missing_captions(s, suffixes, n);
}

/* ---- what a file is --------------------------------------------------- */

static int has_ext(const char *path, const char *const *exts, size_t n)
{
    const char *e = ext_of(path);
    for (size_t i = 0; e && i < n; i++)
        if (strcasecmp(e, exts[i]) == 0)
            return 1;
    return 0;
}

static int starts(const unsigned char *b, size_t n, size_t at, const char *magic)
{
    size_t m = strlen(magic);
    return n >= at + m && memcmp(b + at, magic, m) == 0;
}

/* An MPEG audio frame header: 11 sync bits, then a version and a layer that
 * are not the reserved values (ADTS AAC, which SDL_mixer does not play,
 * has layer 0). */
static int is_mpeg_frame(const unsigned char *b, size_t n)
{
    return n >= 2 && b[0] == 0xFF && (b[1] & 0xE0) == 0xE0 && (b[1] & 0x18) != 0x08 &&
           (b[1] & 0x06) != 0;
}

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* "WEBVTT" alone or followed by a space, a tab or a line break. */
static int is_webvtt(const unsigned char *b, size_t n)
{
    return starts(b, n, 0, "WEBVTT") &&
           (n == 6 || b[6] == ' ' || b[6] == '\t' || b[6] == '\n' || b[6] == '\r');
}

/* SubRip: (blank lines,) a line of digits, then a line that starts with a
 * digit and holds "-->". */
static int is_srt(const unsigned char *b, size_t n)
{
    size_t i = 0;
    while (i < n && (b[i] == '\n' || b[i] == '\r'))
        i++;
    size_t digits = i;
    while (i < n && is_digit(b[i]))
        i++;
    if (i == digits)
        return 0;
    if (i < n && b[i] == '\r')
        i++;
    if (i >= n || b[i] != '\n' || i + 1 >= n || !is_digit(b[i + 1]))
        return 0;
    for (i++; i + 2 < n && b[i] != '\n'; i++)
        if (b[i] == '-' && b[i + 1] == '-' && b[i + 2] == '>')
            return 1;
    return 0;
}

/* No NUL or other control bytes but tab, line breaks and form feed. */
static int is_text(const unsigned char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = b[i];
        if (c == 0x7F || (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f'))
            return 0;
    }
    return 1;
}

static session_file_kind sniff_bytes(const unsigned char *b, size_t n)
{
    if (n == 0)
        return SESSION_FILE_EMPTY;
    if (starts(b, n, 0, "OggS") || starts(b, n, 0, "fLaC") || starts(b, n, 0, "ID3") ||
        (starts(b, n, 0, "RIFF") && starts(b, n, 8, "WAVE")) || is_mpeg_frame(b, n))
        return SESSION_FILE_AUDIO;
    if (starts(b, n, 0, "\x89PNG\r\n\x1a\n") || starts(b, n, 0, "\xFF\xD8\xFF") ||
        starts(b, n, 0, "GIF87a") || starts(b, n, 0, "GIF89a") ||
        (starts(b, n, 0, "RIFF") && starts(b, n, 8, "WEBP")))
        return SESSION_FILE_IMAGE;
    size_t bom = starts(b, n, 0, "\xEF\xBB\xBF") ? 3 : 0;
    if (is_webvtt(b + bom, n - bom) || is_srt(b + bom, n - bom))
        return SESSION_FILE_CAPTIONS;
    if (starts(b + bom, n - bom, 0, "#EXTM3U") || starts(b + bom, n - bom, 0, "[playlist]"))
        return SESSION_FILE_PLAYLIST;
    return is_text(b, n) ? SESSION_FILE_TEXT : SESSION_FILE_OTHER;
}

session_file_kind session_sniff(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return SESSION_FILE_MISSING;
    if (S_ISDIR(st.st_mode))
        return SESSION_FILE_FOLDER;
    FILE *f = S_ISREG(st.st_mode) ? fopen(path, "rb") : NULL;
    if (!f)
        return SESSION_FILE_OTHER;
    unsigned char b[512];
    size_t n = fread(b, 1, sizeof b, f);
    fclose(f);
    session_file_kind k = sniff_bytes(b, n);
    /* Where the content cannot tell, the name does. */
    if ((k == SESSION_FILE_TEXT || k == SESSION_FILE_EMPTY) && session_is_caption_path(path))
        return SESSION_FILE_CAPTIONS;
    if (k == SESSION_FILE_TEXT && has_ext(path, playlist_exts, COUNT(playlist_exts)))
        return SESSION_FILE_PLAYLIST;
    if (k == SESSION_FILE_OTHER && has_ext(path, audio_exts, COUNT(audio_exts)))
        return SESSION_FILE_AUDIO;
    return k;
}

const char *session_file_kind_name(session_file_kind kind)
{
    switch (kind) {
    case SESSION_FILE_MISSING: return "no such file";
    case SESSION_FILE_AUDIO: return "a narration";
    case SESSION_FILE_CAPTIONS: return "a caption file";
    case SESSION_FILE_FOLDER: return "a folder";
    case SESSION_FILE_PLAYLIST: return "a playlist";
    case SESSION_FILE_IMAGE: return "an image";
    case SESSION_FILE_TEXT: return "a text file";
    case SESSION_FILE_EMPTY: return "an empty file";
    case SESSION_FILE_OTHER: break;
    }
    return "a file of a kind Wellspring does not know";
}

/* The one line for a FILE that is neither a narration nor captions. */
static int refuse(const char *file, session_file_kind kind, char *err, size_t errsize)
{
    if (kind == SESSION_FILE_MISSING)
        snprintf(err, errsize, "%s: no such file", file);
    else
        snprintf(err, errsize,
                 "%s: %s, not a narration; Wellspring plays OGG, Opus, MP3, FLAC or WAV "
                 "narrations, or .vtt/.srt captions", file, session_file_kind_name(kind));
    return -1;
}

int session_check_start(double start, double duration, char *err, size_t errsize)
{
    if (!(duration > 0.0) || start < duration)
        return 0;
    char s[32], d[32];
    timefmt_format(start, s, sizeof s);
    timefmt_format(duration, d, sizeof d);
    snprintf(err, errsize, "--start %s is past the end of the session, which lasts %s", s,
             d);
    return -1;
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
    session_file_kind kind = session_sniff(file);
    if (kind != SESSION_FILE_AUDIO && kind != SESSION_FILE_CAPTIONS)
        return refuse(file, kind, err, errsize);
    snprintf(s->base, sizeof s->base, "%s", file);
    const char *e = ext_of(file);
    int is_caption = kind == SESSION_FILE_CAPTIONS;
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
        struct stat cst;
        if (stat(q->captions, &cst) == 0 && S_ISDIR(cst.st_mode)) {
            snprintf(err, errsize, "%s: is a directory, not a caption file", q->captions);
            return -1;
        }
        if (!is_file(q->captions)) {
            snprintf(err, errsize, "%s: no such caption file", q->captions);
            return -1;
        }
        snprintf(s->captions, sizeof s->captions, "%s", q->captions);
    }
    try_path(s->timeline, s->base, ".timeline");
    return 0;
}
