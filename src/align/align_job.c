#include "align/align_job.h"

#include "align/align_vtt.h"
#include "util/log.h"

#include <errno.h>
#include <espeak-ng/speak_lib.h>
#include <math.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_SECONDS (6.0 * 3600.0)
#define TRANSCRIPT_MAX (16u << 20)

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* ---- the recording ---------------------------------------------------- */

/* Decodes path to mono at rate / f, f the box average that brings the rate
 * to at most 32 kHz. */
static float *decode(const char *path, size_t *n_out, int *rate_out, char *err, size_t errsize)
{
    SF_INFO info;
    memset(&info, 0, sizeof info);
    SNDFILE *f = sf_open(path, SFM_READ, &info);
    if (!f) {
        snprintf(err, errsize, "%s: cannot read the narration: %s", path, sf_strerror(NULL));
        return NULL;
    }
    int ch = info.channels, fac = info.samplerate > 32000 ? info.samplerate / 16000 : 1;
    if (fac > 2 && info.samplerate / fac < 16000)
        fac--;
    size_t cap = 1 << 20, n = 0;
    float *out = malloc(cap * sizeof *out), buf[4096 * 8];
    sf_count_t per = (sf_count_t)(sizeof buf / sizeof buf[0]) / (ch > 0 ? ch : 1) / fac * fac;
    double acc = 0.0;
    int k = 0;
    sf_count_t got;
    while (out && ch > 0 && per > 0 && (got = sf_readf_float(f, buf, per)) > 0) {
        for (sf_count_t i = 0; i < got; i++) {
            float s = 0.0f;
            for (int c = 0; c < ch; c++)
                s += buf[i * ch + c];
            acc += s / ch;
            if (++k < fac)
                continue;
            if (n == cap) {
                float *g = realloc(out, 2 * cap * sizeof *g);
                if (!g) {
                    free(out);
                    out = NULL;
                    break;
                }
                out = g;
                cap *= 2;
            }
            out[n++] = (float)(acc / fac);
            acc = 0.0;
            k = 0;
        }
        if (!out || (double)n * fac / info.samplerate > MAX_SECONDS)
            break;
    }
    int decode_err = sf_error(f);
    sf_close(f);
    if (!out || n == 0 || decode_err) {
        snprintf(err, errsize, "%s: %s", path,
                 !out ? "out of memory while decoding the narration"
                      : decode_err ? "the narration cannot be decoded"
                                   : "the narration holds no sound");
        free(out);
        return NULL;
    }
    *n_out = n;
    *rate_out = info.samplerate / fac;
    return out;
}

/* ---- the transcript ----------------------------------------------------- */

static int read_transcript(const char *path, align_script *s, char *err, size_t errsize)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errsize, "%s: cannot read the transcript: %s", path, strerror(errno));
        return -1;
    }
    char *data = malloc(TRANSCRIPT_MAX);
    size_t len = data ? fread(data, 1, TRANSCRIPT_MAX, f) : 0;
    int bad = ferror(f) || (data && len == TRANSCRIPT_MAX);
    fclose(f);
    if (!data || bad || align_script_parse(data, len, s) < 0) {
        snprintf(err, errsize, "%s: cannot read the transcript (%s)", path,
                 bad ? "read error or over 16 MiB" : "out of memory");
        free(data);
        return -1;
    }
    free(data);
    if (s->count == 0) {
        snprintf(err, errsize, "%s: the transcript has no words to align", path);
        return -1;
    }
    if (s->encoding != TEXT_ENCODING_UTF8)
        log_warn("align", "%s: read as %s; save it as UTF-8", path,
                 text_encoding_name(s->encoding));
    if (s->replaced)
        log_warn("align", "%s: %zu bytes are not UTF-8 and were replaced", path, s->replaced);
    return 0;
}

/* ---- the synthetic voice ------------------------------------------------ */

typedef struct {
    float *x;
    size_t n, cap;
    int failed;
} pcm;

static int pcm_push(pcm *p, const short *w, size_t n, int zeros)
{
    if (p->n + n > p->cap) {
        size_t cap = (p->n + n) * 2;
        float *g = realloc(p->x, cap * sizeof *g);
        if (!g) {
            p->failed = 1;
            return -1;
        }
        p->x = g;
        p->cap = cap;
    }
    for (size_t i = 0; i < n; i++)
        p->x[p->n++] = zeros ? 0.0f : w[i] / 32768.0f;
    return 0;
}

static int synth_cb(short *wav, int n, espeak_EVENT *ev)
{
    pcm *p = ev ? ev->user_data : NULL;
    if (wav && n > 0 && p)
        return pcm_push(p, wav, (size_t)n, 0) < 0;
    return 0;
}

/* espeak-ng's sample rate, starting it the first time. espeak-ng keeps
 * one global state, and starting it again after espeak_Terminate hangs
 * (1.51), so it starts once per process and stays. */
static int espeak_start(void)
{
    static int rate; /* the library's own global state, mirrored */
    if (rate <= 0)
        rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, NULL, espeakINITIALIZE_DONT_EXIT);
    return rate;
}

/* 1 when some installed espeak-ng voice speaks lang ("de", "en-gb"). */
static int speaks(const char *lang)
{
    const espeak_VOICE **v = espeak_ListVoices(NULL);
    size_t n = strlen(lang);
    for (; v && *v; v++)
        for (const char *l = (*v)->languages; l && *l; l += strlen(l + 1) + 2)
            if (strcmp(l + 1, lang) == 0 || (strncmp(l + 1, lang, n) == 0 && l[1 + n] == '-'))
                return 1;
    return 0;
}

/* Synthesises every phrase in lang's voice (with a variant, "f3": a woman's
 * voice); spans get each phrase's trimmed speech. Returns 0, 1 when the
 * variant does not exist, or -1 with err. */
static int synthesise(const align_script *s, const char *lang, const char *variant, pcm *out,
                      int *rate, align_span *spans, char *err, size_t errsize)
{
    int sr = espeak_start();
    if (sr <= 0) {
        snprintf(err, errsize, "espeak-ng cannot start (is espeak-ng-data installed?)");
        return -1;
    }
    int rc = -1;
    espeak_VOICE want;
    memset(&want, 0, sizeof want);
    want.languages = lang;
    if (!speaks(lang) || espeak_SetVoiceByProperties(&want) != EE_OK) {
        snprintf(err, errsize, "espeak-ng speaks no language '%s' (espeak-ng --voices lists "
                 "them; --lang picks one)", lang);
        goto done;
    }
    if (variant) {
        char name[80];
        snprintf(name, sizeof name, "%s+%s", lang, variant);
        if (espeak_SetVoiceByName(name) != EE_OK) {
            rc = 1;
            goto done;
        }
    }
    espeak_SetParameter(espeakRATE, ALIGN_SYNTH_RATE, 0);
    espeak_SetSynthCallback(synth_cb);
    size_t gap = (size_t)lround(ALIGN_SYNTH_GAP * sr);
    pcm_push(out, NULL, gap, 1);
    for (size_t p = 0; p < s->count && !out->failed; p++) {
        size_t from = out->n;
        const char *t = s->phrases[p].speak;
        espeak_Synth(t, strlen(t) + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL, out);
        size_t a = from, b = out->n;
        while (a < b && fabsf(out->x[a]) < 0.01f)
            a++;
        while (b > a && fabsf(out->x[b - 1]) < 0.01f)
            b--;
        if (b <= a) /* nothing audible (punctuation only): a token of silence */
            b = a + (size_t)(0.05 * sr), pcm_push(out, NULL, (size_t)(0.05 * sr), 1);
        /* keep the trimmed speech only, then the gap */
        memmove(out->x + from, out->x + a, (b - a) * sizeof *out->x);
        out->n = from + (b - a);
        spans[p] = (align_span){from, out->n};
        pcm_push(out, NULL, gap, 1);
    }
    if (out->failed) {
        snprintf(err, errsize, "out of memory while synthesising the transcript");
        goto done;
    }
    *rate = sr;
    rc = 0;
done:
    return rc;
}

/* ---- the job -------------------------------------------------------------- */

static void report(const align_job *job, double base, double share, double f)
{
    if (job->progress)
        job->progress(job->user, base + share * f);
}

int align_job_run(const align_job *job, align_result *res, char *err, size_t errsize)
{
    memset(res, 0, sizeof *res);
    double t0 = now();
    const char *lang = job->lang && *job->lang ? job->lang : "en";
    size_t n = 0;
    int rate = 0, srate = 0;
    pcm syn = {0};
    align_span *spans = NULL;
    float *rec = NULL;
    if (read_transcript(job->transcript, &res->script, err, errsize) < 0)
        goto fail;
    report(job, 0.0, 1.0, 0.02);
    if (!(rec = decode(job->narration, &n, &rate, err, errsize)))
        goto fail;
    res->length = (double)n / rate;
    report(job, 0.0, 1.0, 0.15);
    spans = malloc(res->script.count * sizeof *spans);
    res->times = calloc(res->script.count, sizeof *res->times);
    if (!spans || !res->times) {
        snprintf(err, errsize, "out of memory");
        goto fail;
    }
    /* espeak-ng's woman's voice, then its man's: the warp that matches its
     * own null better wins (the closer voice aligns better). "f4", not the
     * breathier f2/f3/f5: espeak-ng makes breath noise with rand(), so
     * those voices differ from run to run. The order matters a little:
     * espeak-ng carries some state from one voice to the next, and this
     * order is the one the accuracy test measures. */
    static const char *const variants[] = {"f4", NULL};
    size_t count = res->script.count;
    align_time *trial = calloc(count, sizeof *trial);
    int done = 0;
    for (size_t v = 0; v < 2 && trial; v++) {
        align_summary sum;
        syn.n = 0;
        int sr = synthesise(&res->script, lang, variants[v], &syn, &srate, spans, err, errsize);
        if (sr < 0 && v == 0)
            break;
        if (sr != 0)
            continue;
        report(job, 0.0, 1.0, 0.35 + 0.3 * v);
        align_input in = {rec, n, rate, syn.x, syn.n, srate, spans, count, NULL, NULL};
        if (align_run(&in, trial, &sum, err, errsize) < 0)
            break;
        log_debug("align", "voice %s: median cost ratio %.3f, confidence %.2f",
                  variants[v] ? variants[v] : "default", sum.ratio, sum.confidence);
        if (!done || sum.ratio < res->summary.ratio) {
            memcpy(res->times, trial, count * sizeof *trial);
            res->summary = sum;
        }
        done = 1;
        report(job, 0.0, 1.0, 0.65 + 0.35 * v);
    }
    free(trial);
    if (!done) {
        if (!trial)
            snprintf(err, errsize, "out of memory");
        goto fail;
    }
    double low_share = (double)res->summary.low / (double)res->script.count;
    res->mismatch = res->summary.confidence < ALIGN_REFUSE || low_share > ALIGN_REFUSE_LOW;
    res->seconds = now() - t0;
    free(rec);
    free(syn.x);
    free(spans);
    return 0;
fail:
    free(rec);
    free(syn.x);
    free(spans);
    align_result_free(res);
    return -1;
}

void align_result_free(align_result *res)
{
    if (!res)
        return;
    align_script_free(&res->script);
    free(res->times);
    memset(res, 0, sizeof *res);
}

int align_result_write(const align_result *res, const char *path, int force, char *err,
                       size_t errsize)
{
    if (!force && access(path, F_OK) == 0) {
        snprintf(err, errsize, "%s exists; not overwritten (--force replaces it)", path);
        return -1;
    }
    size_t n = res->script.count;
    align_cue *cues = malloc((n ? n : 1) * sizeof *cues);
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid());
    FILE *f = cues ? fopen(tmp, "w") : NULL;
    if (!f) {
        snprintf(err, errsize, "%s: cannot write: %s", tmp, cues ? strerror(errno) : "out of memory");
        free(cues);
        return -1;
    }
    for (size_t k = 0; k < n; k++)
        cues[k] = (align_cue){res->times[k].start, res->times[k].end, res->script.phrases[k].text};
    align_cues_shape(cues, n, res->length);
    char note[160];
    snprintf(note, sizeof note, "timed by wellspring --align, median confidence %.2f",
             res->summary.confidence);
    int bad = align_vtt_write(f, cues, n, note) < 0;
    bad |= fclose(f) != 0;
    free(cues);
    if (bad || rename(tmp, path) != 0) {
        snprintf(err, errsize, "%s: cannot write: %s", path, strerror(errno));
        remove(tmp);
        return -1;
    }
    return 0;
}

size_t align_result_weakest(const align_result *res, size_t *idx, size_t max)
{
    size_t got = 0;
    for (size_t k = 0; k < res->script.count; k++) {
        size_t at = got < max ? got++ : max;
        if (at == max && (max == 0 || res->times[k].confidence >= res->times[idx[max - 1]].confidence))
            continue;
        if (at == max)
            at = max - 1;
        while (at > 0 && res->times[idx[at - 1]].confidence > res->times[k].confidence) {
            idx[at] = idx[at - 1];
            at--;
        }
        idx[at] = k;
    }
    return got;
}
