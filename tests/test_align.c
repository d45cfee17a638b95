/* The aligner's pure core (src/align/): transcript to phrases, features and
 * warping on made-up signals, cues a person can read. No audio file, no
 * device, no synthesiser. */
#include "check.h"

#include "align/align.h"
#include "align/align_text.h"
#include "align/align_vtt.h"
#include "util/utf8.h"

#include <stdlib.h>
#include <string.h>

static align_script parse(const char *text)
{
    align_script s;
    CHECK(align_script_parse(text, strlen(text), &s) == 0);
    return s;
}

TEST(test_align_keeps_lines_that_fit_as_written)
{
    align_script s = parse("Breathe in.\nBreathe out.\n\nRest here a while.\n");
    CHECK(s.count == 3);
    CHECK_STR(s.phrases[0].text, "Breathe in.");
    CHECK_STR(s.phrases[2].text, "Rest here a while.");
    CHECK(s.phrases[2].line == 4);
    align_script_free(&s);
}

TEST(test_align_ignores_comments_and_stage_directions)
{
    align_script s = parse("# recorded in March\n[pause] Welcome. [softly]\n  # another\n[long pause]\nRest.\n");
    CHECK(s.count == 2);
    CHECK_STR(s.phrases[0].speak, "Welcome.");
    CHECK_STR(s.phrases[1].speak, "Rest.");
    CHECK(s.ignored == 5);
    align_script_free(&s);
}

TEST(test_align_splits_long_text_at_sentences_then_commas_never_mid_word)
{
    const char *para =
        "Let your shoulders soften and drop away from your ears, and feel the weight of your "
        "arms resting easily. Notice the breath as it comes and goes, without changing it, "
        "simply watching it arrive and leave again.";
    align_script s = parse(para);
    CHECK(s.count >= 3);
    size_t total = 0;
    for (size_t i = 0; i < s.count; i++) {
        const char *t = s.phrases[i].speak;
        CHECK(align_text_fits(t, strlen(t)));
        CHECK(t[0] != ' ' && t[strlen(t) - 1] != ' ');
        CHECK(strstr(para, t) != NULL); /* whole words, in order */
        total += strlen(t) + 1;
    }
    CHECK(total == strlen(para) + 1);
    /* the sentence end is a cut: some phrase ends with "easily." */
    int sentence = 0;
    for (size_t i = 0; i < s.count; i++)
        sentence |= strcmp(s.phrases[i].speak + strlen(s.phrases[i].speak) - 7, "easily.") == 0;
    CHECK(sentence);
    align_script_free(&s);
}

TEST(test_align_breaks_two_lines_evenly)
{
    align_script s = parse("Most of us speak to ourselves more harshly than we would speak to anyone else.");
    CHECK(s.count == 1);
    const char *nl = strchr(s.phrases[0].text, '\n');
    CHECK(nl != NULL);
    if (nl) {
        size_t a = utf8_count(s.phrases[0].text, (size_t)(nl - s.phrases[0].text));
        size_t b = utf8_count(nl + 1, strlen(nl + 1));
        CHECK(a <= 42 && b <= 42);
        CHECK(a > b ? a - b < 12 : b - a < 12);
    }
    align_script_free(&s);
}

TEST(test_align_decodes_windows_1252)
{
    align_script s = parse("Caf\xe9 au lait, tr\xe8s calme.\n");
    CHECK(s.encoding == TEXT_ENCODING_CP1252);
    CHECK(s.count == 1);
    CHECK_STR(s.phrases[0].speak, "Caf\xc3\xa9 au lait, tr\xc3\xa8s calme.");
    align_script_free(&s);
}

TEST(test_align_empty_transcript_has_no_phrases)
{
    align_script s = parse("# nothing\n\n[pause]\n   \n");
    CHECK(s.count == 0);
    align_script_free(&s);
}

/* ---- warping made-up voices ------------------------------------------------ */

#define RATE 16000

/* A "word": a buzz with harmonics of f0 whose brightness follows a slow
 * pattern unique to the phrase, so phrases differ in their spectra. */
static void word(float *x, size_t at, double secs, int phrase)
{
    size_t n = (size_t)(secs * RATE);
    for (size_t i = 0; i < n; i++) {
        double t = (double)i / RATE, v = 0.0;
        double f0 = 110.0 + 15.0 * phrase, tilt = 0.5 + 0.45 * sin(6.0 * t + phrase);
        for (int h = 1; h <= 20; h++)
            v += pow(tilt, h) * sin(2.0 * 3.14159265 * f0 * h * t * (1.0 + 0.02 * sin(3.0 * t)));
        x[at + i] += (float)(0.1 * v);
    }
}

/* Phrases of `len` seconds at onsets `on`, in a buffer of `total` seconds,
 * with a faint noise floor (a room). */
static float *voice(const double *on, const double *len, int n, double total, double rate_scale,
                    unsigned seed)
{
    size_t N = (size_t)(total * RATE);
    float *x = calloc(N, sizeof *x);
    for (size_t i = 0; i < N; i++) {
        seed = seed * 1664525u + 1013904223u;
        x[i] = (float)((seed >> 8) / 16777216.0 - 0.5) * 0.002f;
    }
    for (int p = 0; p < n; p++)
        word(x, (size_t)(on[p] * RATE), len[p] * rate_scale, p);
    return x;
}

TEST(test_align_finds_onsets_across_long_pauses)
{
    /* The recording: slower, with long and uneven pauses and silence at
     * both ends. The "synthetic voice": the same phrases, 0.3 s apart. */
    double rec_on[] = {2.0, 5.5, 14.0, 17.2, 24.0}, len[] = {2.0, 1.6, 2.4, 1.2, 2.0};
    double syn_on[5], t = 0.3;
    align_span spans[5];
    for (int p = 0; p < 5; p++) {
        syn_on[p] = t;
        spans[p].start = (size_t)(t * RATE);
        spans[p].end = spans[p].start + (size_t)(len[p] * 0.8 * RATE);
        t += len[p] * 0.8 + 0.3;
    }
    float *rec = voice(rec_on, len, 5, 29.0, 1.0, 1);
    float *syn = voice(syn_on, len, 5, t + 0.3, 0.8, 2);
    align_input in = {rec, (size_t)(29.0 * RATE), RATE, syn, (size_t)((t + 0.3) * RATE), RATE,
                      spans, 5, NULL, NULL};
    align_time out[5];
    align_summary sum;
    char err[200];
    CHECK(align_run(&in, out, &sum, err, sizeof err) == 0);
    for (int p = 0; p < 5; p++) {
        CHECK_NEAR(out[p].start, rec_on[p], 0.08);
        CHECK_NEAR(out[p].end, rec_on[p] + len[p], 0.5);
        printf("phrase %d: %.2f..%.2f (true %.2f..%.2f), confidence %.2f\n", p, out[p].start,
               out[p].end, rec_on[p], rec_on[p] + len[p], out[p].confidence);
    }
    CHECK(sum.voiced_share > 0.1 && sum.voiced_share < 0.5); /* 9.2 s of 29 s, less the soft ends */
    free(rec);
    free(syn);
}

TEST(test_align_refuses_a_silent_recording)
{
    size_t N = 5 * RATE;
    float *rec = calloc(N, sizeof *rec), *syn = calloc(N, sizeof *syn);
    double on[] = {0.3};
    double len[] = {1.0};
    float *v = voice(on, len, 1, 5.0, 1.0, 3);
    memcpy(syn, v, N * sizeof *syn);
    align_span span = {(size_t)(0.3 * RATE), (size_t)(1.3 * RATE)};
    align_input in = {rec, N, RATE, syn, N, RATE, &span, 1, NULL, NULL};
    align_time out;
    align_summary sum;
    char err[200] = "";
    CHECK(align_run(&in, &out, &sum, err, sizeof err) < 0);
    CHECK(strstr(err, "no voice") != NULL);
    free(rec);
    free(syn);
    free(v);
}

/* ---- cues ------------------------------------------------------------------ */

TEST(test_align_cues_stay_long_enough_to_read_without_overlap)
{
    align_cue c[3] = {{1.0, 1.4, "The air coming in."}, {2.0, 3.0, "Out."}, {2.9, 4.0, "Rest now."}};
    align_cues_shape(c, 3, 10.0);
    /* four words need 1.34 s: up to the next cue, then at most 0.3 s early */
    CHECK_NEAR(c[0].start, 1.0 - ALIGN_VTT_EARLY, 1e-9);
    CHECK_NEAR(c[0].end, 2.0, 1e-9);
    CHECK(c[1].start >= c[0].end && c[1].end <= c[2].start);
    CHECK(c[2].end - c[2].start >= 0.83);
    CHECK(c[2].end <= 10.0);
}

TEST(test_align_vtt_escapes_markup)
{
    align_cue c = {0.5, 2.0, "Fish & chips <b>"};
    char buf[256] = "";
    FILE *f = fmemopen(buf, sizeof buf, "w");
    CHECK(f != NULL);
    if (!f)
        return;
    CHECK(align_vtt_write(f, &c, 1, "note") == 0);
    fclose(f);
    CHECK(strstr(buf, "WEBVTT\n\nNOTE note\n\n00:00:00.500 --> 00:00:02.000\nFish &amp; chips &lt;b&gt;\n") == buf);
}

int main(void)
{
    RUN(test_align_keeps_lines_that_fit_as_written);
    RUN(test_align_ignores_comments_and_stage_directions);
    RUN(test_align_splits_long_text_at_sentences_then_commas_never_mid_word);
    RUN(test_align_breaks_two_lines_evenly);
    RUN(test_align_decodes_windows_1252);
    RUN(test_align_empty_transcript_has_no_phrases);
    RUN(test_align_finds_onsets_across_long_pauses);
    RUN(test_align_refuses_a_silent_recording);
    RUN(test_align_cues_stay_long_enough_to_read_without_overlap);
    RUN(test_align_vtt_escapes_markup);
    return check_done();
}
