#include "audio/snd_narration.h"

#include <math.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HOP 0.05 /* s per loudness window */

/* The RMS of every HOP-second window of the file, mixed to mono. */
static float *envelope(SNDFILE *f, const SF_INFO *info, size_t *n_out)
{
    size_t per = (size_t)lround(info->samplerate * HOP);
    size_t cap = (size_t)((double)info->frames / (double)per) + 2;
    int ch = info->channels;
    float *rms = malloc(cap * sizeof *rms), *buf = malloc(per * (size_t)ch * sizeof *buf);
    if (!rms || !buf || per == 0) {
        free(rms);
        free(buf);
        return NULL;
    }
    size_t n = 0;
    sf_count_t got;
    while ((got = sf_readf_float(f, buf, (sf_count_t)per)) > 0) {
        if (n == cap) {
            float *r = realloc(rms, 2 * cap * sizeof *rms);
            if (!r)
                break;
            rms = r;
            cap *= 2;
        }
        double acc = 0.0;
        for (sf_count_t i = 0; i < got; i++) {
            double s = 0.0;
            for (int c = 0; c < ch; c++)
                s += buf[i * ch + c];
            s /= ch;
            acc += s * s;
        }
        rms[n++] = (float)sqrt(acc / (double)per);
    }
    free(buf);
    *n_out = n;
    return rms;
}

int narration_probe(const char *path, int want_speech, narration_info *out, char *err,
                    size_t errsize)
{
    memset(out, 0, sizeof *out);
    out->length = -1.0;
    out->speech.speech_start = out->speech.speech_end = -1.0;
    SF_INFO info;
    memset(&info, 0, sizeof info);
    SNDFILE *f = sf_open(path, SFM_READ, &info);
    if (!f) {
        snprintf(err, errsize, "%s: cannot read the narration: %s", path, sf_strerror(NULL));
        return -1;
    }
    if (info.samplerate <= 0 || info.channels <= 0 || info.frames <= 0) {
        snprintf(err, errsize, "%s: the narration holds no sound", path);
        sf_close(f);
        return -1;
    }
    /* A cut file (a truncated Ogg stream) has no length in its header:
     * libsndfile says SF_COUNT_MAX. Then the length is what decodes. */
    int unknown = info.frames == SF_COUNT_MAX ||
                  (double)info.frames / (double)info.samplerate > NARRATION_MAX_SECONDS;
    if (unknown) {
        sf_count_t n = 0, got;
        float buf[4096];
        int per = 4096 / info.channels;
        while ((got = sf_readf_float(f, buf, per)) > 0 &&
               (double)n / info.samplerate <= NARRATION_MAX_SECONDS)
            n += got;
        info.frames = n;
        if (n == 0 || (double)n / info.samplerate > NARRATION_MAX_SECONDS ||
            sf_seek(f, 0, SEEK_SET) < 0) {
            snprintf(err, errsize, "%s: the narration's length cannot be read", path);
            sf_close(f);
            return -1;
        }
    }
    out->length = (double)info.frames / (double)info.samplerate;
    if (want_speech) {
        size_t n = 0;
        float *rms = envelope(f, &info, &n);
        if (rms)
            speech_analyse(rms, n, HOP, &out->speech);
        free(rms);
    }
    sf_close(f);
    return 0;
}

void narration_info_free(narration_info *n)
{
    if (n)
        speech_free(&n->speech);
}
