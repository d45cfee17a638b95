/* Unit tests for the caption-derived choreography (src/timeline_derive.h). */
#include "check.h"
#include "time/timefmt.h"
#include "session/timeline.h"
#include "session/timeline_derive.h"

#include <stdlib.h>
#include <string.h>

#define EVENING_VTT WS_SOURCE_DATA_DIR "/tests/data/derive/evening.vtt"
#define FOUNTAIN_PATH WS_SOURCE_DATA_DIR "/audio/fountain.timeline"

/* ---- a minimal WebVTT reader, enough for the test's own file ----------- */

typedef struct {
    timeline_cue_ref cue[128];
    char text[128][256];
    size_t n;
} cue_list;

static int read_vtt(const char *path, cue_list *cl)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char line[512];
    int in_cue = 0;
    cl->n = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *arrow = strstr(line, " --> ");
        if (arrow && cl->n < 128) {
            *arrow = '\0';
            timeline_cue_ref *c = &cl->cue[cl->n];
            if (timefmt_parse(line, &c->start) < 0 || timefmt_parse(arrow + 5, &c->end) < 0)
                break;
            cl->text[cl->n][0] = '\0';
            c->text = cl->text[cl->n];
            cl->n++;
            in_cue = 1;
        } else if (line[0] == '\0') {
            in_cue = 0;
        } else if (in_cue) {
            char *t = cl->text[cl->n - 1];
            size_t used = strlen(t);
            snprintf(t + used, sizeof cl->text[0] - used, "%s%s", used ? "\n" : "", line);
        }
    }
    fclose(f);
    return 0;
}

/* Same rule as test_timeline.c: no parameter moves faster than a full-range
 * smooth change over 2 s would. Returns the number of violations. */
static int count_fast_changes(const timeline *tl, double t0, double t1)
{
    const double dt = 0.05;
    int bad = 0;
    scene_state prev = timeline_eval(tl, t0);
    for (long i = 1; t0 + i * dt <= t1; i++) {
        scene_state s = timeline_eval(tl, t0 + i * dt);
        for (size_t p = 0; p < timeline_param_count(); p++) {
            const timeline_param_desc *d = timeline_param_info(p);
            int comps = d->kind == TIMELINE_COLOUR ? 3 : 1;
            double range = d->kind == TIMELINE_COLOUR ? 1.0 : (double)(d->max - d->min);
            for (int c = 0; c < comps; c++) {
                float a, b;
                memcpy(&a, (const char *)&prev + d->offset + c * sizeof(float), sizeof a);
                memcpy(&b, (const char *)&s + d->offset + c * sizeof(float), sizeof b);
                if (fabs((double)b - a) > range * 1.5 * dt / 2.0 + 1e-6) {
                    if (bad < 10)
                        fprintf(stderr, "  %s jumps by %g at %.2f s\n", d->name,
                                fabs((double)b - a), t0 + i * dt);
                    bad++;
                }
            }
        }
        prev = s;
    }
    return bad;
}

enum { WELCOME, SETTLE, HEART_BREATH, FOUNTAIN, SOMEONE_DEAR, WELL, DISSOLVE, BODY,
       RESISTANCE, REST, RADIATE, ALWAYS, RETURN };

TEST(test_derive_arc_matches_the_session_plan)
{
    CHECK_STR(timeline_arc_phase_name(0), "welcome");
    CHECK_STR(timeline_arc_phase_name(12), "return");
    CHECK(timeline_arc_phase_name(13) == NULL);
    CHECK_NEAR(timeline_arc_phase_start(FOUNTAIN), 140.0, 0);
    CHECK_NEAR(timeline_arc_phase_start(RETURN), 565.0, 0);
    CHECK_NEAR(timeline_arc_duration(), 590.0, 0);
    for (size_t i = 1; i < TIMELINE_ARC_PHASES; i++)
        CHECK(timeline_arc_phase_start(i) > timeline_arc_phase_start(i - 1));
    /* the shipped timeline uses the same names, in the same order */
    timeline *tl = timeline_load(FOUNTAIN_PATH);
    CHECK(timeline_phase_count(tl) == TIMELINE_ARC_PHASES + 1);
    for (size_t i = 0; i < TIMELINE_ARC_PHASES; i++)
        CHECK_STR(timeline_phase_name(tl, i), timeline_arc_phase_name(i));
    /* then the end card's mark, last */
    CHECK_STR(timeline_phase_name(tl, TIMELINE_ARC_PHASES), TIMELINE_CARD_PHASE);
    timeline_destroy(tl);
}

TEST(test_derive_without_cues_scales_the_arc)
{
    double s[TIMELINE_ARC_PHASES];
    CHECK(timeline_derive_phases(NULL, 0, 295.0, s) == 0);
    for (size_t i = 0; i < TIMELINE_ARC_PHASES; i++)
        CHECK_NEAR(s[i], timeline_arc_phase_start(i) / 2.0, 1e-9);
    CHECK(timeline_derive_phases(NULL, 0, 0.0, s) == 0); /* unknown: 9:50 */
    CHECK_NEAR(s[RETURN], 565.0, 1e-9);
    CHECK(timeline_derive_phases(NULL, 0, NAN, s) == 0);
    CHECK_NEAR(s[BODY], 295.0, 1e-9);
}

TEST(test_derive_finds_phases_in_order_at_keyword_cues)
{
    cue_list *cl = calloc(1, sizeof *cl);
    CHECK(read_vtt(EVENING_VTT, cl) == 0);
    CHECK(cl->n == 33);
    double s[TIMELINE_ARC_PHASES];
    unsigned found = timeline_derive_phases(cl->cue, cl->n, 360.0, s);
    unsigned expect = (1u << SETTLE) | (1u << HEART_BREATH) | (1u << FOUNTAIN) |
                      (1u << SOMEONE_DEAR) | (1u << DISSOLVE) | (1u << BODY) |
                      (1u << RESISTANCE) | (1u << REST) | (1u << RADIATE) | (1u << RETURN);
    CHECK(found == expect);
    CHECK_NEAR(s[WELCOME], 0.0, 0);
    CHECK_NEAR(s[SETTLE], 30.0, 1e-9);       /* "comfortable" */
    CHECK_NEAR(s[HEART_BREATH], 65.0, 1e-9); /* "chest"; not the "heart" at 0:19 */
    CHECK_NEAR(s[FOUNTAIN], 100.0, 1e-9);    /* "Fountain", "bubbling" */
    CHECK_NEAR(s[SOMEONE_DEAR], 130.0, 1e-9); /* "friend" */
    CHECK_NEAR(s[DISSOLVE], 165.0, 1e-9);
    CHECK_NEAR(s[BODY], 180.0, 1e-9);
    CHECK_NEAR(s[RESISTANCE], 230.0, 1e-9);  /* "doesn't want" with a curly apostrophe */
    CHECK_NEAR(s[REST], 255.0, 1e-9);
    CHECK_NEAR(s[RADIATE], 280.0, 1e-9);
    CHECK_NEAR(s[RETURN], 330.0, 1e-9);      /* "the room"; not "come back" at 2:52 */
    for (size_t i = 1; i < TIMELINE_ARC_PHASES; i++)
        CHECK(s[i] > s[i - 1]);
    free(cl);
}

TEST(test_derive_places_missing_phases_on_the_arc_between_neighbours)
{
    cue_list *cl = calloc(1, sizeof *cl);
    read_vtt(EVENING_VTT, cl);
    double s[TIMELINE_ARC_PHASES];
    timeline_derive_phases(cl->cue, cl->n, 360.0, s);
    /* well: between someone-dear (130, arc 185) and dissolve (165, arc 275) */
    CHECK_NEAR(s[WELL], 130.0 + (225.0 - 185.0) / (275.0 - 185.0) * 35.0, 1e-9);
    /* always: between radiate (280, arc 495) and return (330, arc 565) */
    CHECK_NEAR(s[ALWAYS], 280.0 + (535.0 - 495.0) / (565.0 - 495.0) * 50.0, 1e-9);
    free(cl);
}

TEST(test_derive_uses_cue_order_not_input_order)
{
    cue_list *cl = calloc(1, sizeof *cl);
    read_vtt(EVENING_VTT, cl);
    double a[TIMELINE_ARC_PHASES], b[TIMELINE_ARC_PHASES];
    timeline_derive_phases(cl->cue, cl->n, 360.0, a);
    /* reverse the array */
    for (size_t i = 0; i < cl->n / 2; i++) {
        timeline_cue_ref t = cl->cue[i];
        cl->cue[i] = cl->cue[cl->n - 1 - i];
        cl->cue[cl->n - 1 - i] = t;
    }
    timeline_derive_phases(cl->cue, cl->n, 360.0, b);
    for (size_t i = 0; i < TIMELINE_ARC_PHASES; i++)
        CHECK_NEAR(a[i], b[i], 0);
    /* unknown duration: the last cue's end (359 s) stands in */
    timeline_derive_phases(cl->cue, cl->n, 0.0, b);
    CHECK_NEAR(b[RETURN], 330.0, 1e-9);
    free(cl);
}

/* One keyword cue at 200 s in a 590 s session: is phase p found? */
static int finds(const char *text, int phase)
{
    timeline_cue_ref c = {200.0, 204.0, text};
    double s[TIMELINE_ARC_PHASES];
    unsigned m = timeline_derive_phases(&c, 1, 590.0, s);
    return (m >> phase) & 1u;
}

TEST(test_derive_keywords_match_at_word_starts_ignoring_case)
{
    CHECK(finds("BUBBLES rise slowly", FOUNTAIN));
    CHECK(finds("a quiet fountain", FOUNTAIN));
    CHECK(!finds("stubbles and rubble", FOUNTAIN));
    CHECK(finds("a well of light", WELL));
    CHECK(finds("the Spring below", WELL));
    CHECK(!finds("wellbeing matters", WELL));
    CHECK(finds("Open  your\neyes", RETURN));
    CHECK(finds("your dearest one", SOMEONE_DEAR));
    CHECK(finds("through the veins", BODY));
    CHECK(finds("it does not want this", RESISTANCE));
    CHECK(finds("it doesn\xE2\x80\x99t want this", RESISTANCE));
    CHECK(!finds("interest", REST));
    CHECK(finds("let go now", DISSOLVE));
    CHECK(!finds("let goodness in", DISSOLVE));
    CHECK(finds("caf\xC3\xA9 radiates", RADIATE));
    CHECK(!finds("caf\xC3\xA9rest", REST)); /* no word start inside a UTF-8 word */
}

TEST(test_derive_survives_odd_input)
{
    double s[TIMELINE_ARC_PHASES];
    timeline_cue_ref odd[5] = {
        {NAN, 5.0, "heart"}, {10.0, 12.0, NULL}, {-4.0, 1.0, "fountain"},
        {1e9, 1e9 + 1, "body"}, {50.0, 40.0, ""}};
    CHECK(timeline_derive_phases(odd, 5, 100.0, s) == 0);
    for (size_t i = 1; i < TIMELINE_ARC_PHASES; i++)
        CHECK(s[i] >= s[i - 1] && s[i] <= 100.0);

    /* many cues that all match every phase: bounded work, sane result */
    size_t n = TIMELINE_DERIVE_MAX_CUES + 100;
    timeline_cue_ref *many = malloc(n * sizeof *many);
    const char *all = "breath heart fountain friend well dissolve body resist rest offer "
                      "always open your eyes";
    for (size_t i = 0; i < n; i++) {
        many[i].start = (double)i * 0.25;
        many[i].end = many[i].start + 0.2;
        many[i].text = all;
    }
    unsigned found = timeline_derive_phases(many, n, 0.0, s);
    CHECK(found == 0x1FFEu); /* phases 1..12 */
    CHECK_NEAR(s[0], 0.0, 0);
    for (size_t i = 1; i < TIMELINE_ARC_PHASES; i++)
        CHECK(s[i] > s[i - 1]);
    free(many);

    /* a very long cue text is looked at only up to the cap */
    char *longtext = malloc(100000);
    memset(longtext, 'a', 99999);
    longtext[99999] = '\0';
    memcpy(longtext + 90000, " fountain ", 10);
    timeline_cue_ref lc = {200.0, 210.0, longtext};
    CHECK(timeline_derive_phases(&lc, 1, 590.0, s) == 0);
    free(longtext);
}

#define SHORT_PATH WS_SOURCE_DATA_DIR "/audio/short-session.timeline"

/* Every cue shows on a full picture with no end card over it (the fade in
 * from black at the very start aside). */
static int count_cues_under_the_card(const timeline *tl, const timeline_cue_ref *c, size_t n)
{
    int bad = 0;
    for (size_t i = 0; i < n; i++)
        for (double t = c[i].start; t <= c[i].end; t += 0.1) {
            scene_state s = timeline_eval(tl, t);
            if (s.endcard > 1e-6 || (t > 3.0 && s.fade < 0.999)) {
                fprintf(stderr, "  cue %zu at %.1f s: endcard %.3f fade %.3f\n", i, t,
                        (double)s.endcard, (double)s.fade);
                bad++;
                break;
            }
        }
    return bad;
}

TEST(test_fit_applies_the_phases_to_the_fountain_template)
{
    timeline *tmpl = timeline_load(FOUNTAIN_PATH);
    CHECK(timeline_error_count(tmpl) == 0);
    cue_list *cl = calloc(1, sizeof *cl);
    read_vtt(EVENING_VTT, cl);
    double length = cl->cue[cl->n - 1].end + 2.0;
    timeline_fit fit = {.length = length, .cues = cl->cue, .cue_count = cl->n};
    timeline_fit_result r;
    timeline *tl = timeline_fit_session(tmpl, &fit, &r);
    CHECK(tl != NULL);
    CHECK(r.phases == TIMELINE_ARC_PHASES);
    /* found phases start at their cues, as timeline_derive_phases finds them */
    double s[TIMELINE_ARC_PHASES];
    unsigned found = timeline_derive_phases(cl->cue, cl->n, r.card, s);
    CHECK(found & (1u << BODY));
    for (size_t i = 0; i < TIMELINE_ARC_PHASES; i++)
        if (found & (1u << i))
            CHECK_NEAR(timeline_phase_start(tl, i), s[i], 1e-9);
    CHECK_NEAR(timeline_phase_start(tmpl, BODY), 295.0, 0); /* template untouched */
    /* the card just after the last word, the session ends when it has faded */
    CHECK_NEAR(r.card, cl->cue[cl->n - 1].end + TIMELINE_CARD_AFTER_WORDS, 1e-9);
    CHECK_NEAR(r.duration, r.card + 12.5, 1e-6);
    CHECK_NEAR(timeline_eval(tl, 10.0).duration, r.duration, 1e-4);
    CHECK_NEAR(timeline_last_key_time(tl), r.duration, 1e-6);
    CHECK(timeline_eval(tl, r.duration).fade < 1e-6);
    CHECK_NEAR(timeline_eval(tl, 0.0).fade, 0.0, 1e-6);
    CHECK(timeline_eval(tl, 3.0).fade > 0.99);
    /* the fountain waits for its phase (100 s here, not 140) */
    CHECK(timeline_eval(tl, 99.0).fountain_rate < 1e-6);
    CHECK(timeline_eval(tl, 125.0).fountain_rate > 0.5);
    CHECK(timeline_eval(tl, 200.0).phase == BODY);
    CHECK(timeline_eval(tl, 181.0).glow < 0.05);
    CHECK(timeline_eval(tl, 230.0).glow > 0.999);
    CHECK(count_cues_under_the_card(tl, cl->cue, cl->n) == 0);
    CHECK(count_fast_changes(tl, -1.0, r.duration + 5.0) == 0);
    timeline_destroy(tl);
    free(cl);
    CHECK(timeline_fit_session(NULL, &fit, NULL) == NULL);
    timeline_destroy(tmpl);
}

/* Cues of a short session: the arc's themes at even steps over `length`. */
static size_t short_cues(timeline_cue_ref *c, double length)
{
    static const char *const text[] = {
        "Welcome to a few quiet minutes.", "Find a comfortable way to sit.",
        "Breathe through your heart.", "A fountain bubbles up at your heart.",
        "Its water rises and falls.", "The warmth moves through the body to the fingertips.",
        "It fills every cell.", "Offer it outward, radiating to everyone.",
        "It is always there.", "Come back to the room and open your eyes."};
    size_t n = sizeof text / sizeof text[0];
    double step = (length - 2.0) / (double)n;
    for (size_t i = 0; i < n; i++)
        c[i] = (timeline_cue_ref){1.0 + step * (double)i, 1.0 + step * (double)i + step * 0.55,
                                  text[i]};
    return n;
}

TEST(test_fit_a_short_session_keeps_its_whole_arc_inside_the_narration)
{
    timeline *tmpl = timeline_load(SHORT_PATH);
    CHECK(timeline_error_count(tmpl) == 0);
    const double lengths[] = {60.0, 90.0, 200.0};
    for (size_t k = 0; k < 3; k++) {
        double L = lengths[k];
        timeline_cue_ref c[16];
        size_t n = short_cues(c, L);
        timeline_fit fit = {.length = L, .cues = c, .cue_count = n};
        timeline_fit_result r;
        timeline *tl = timeline_fit_session(tmpl, &fit, &r);
        CHECK(tl != NULL);
        CHECK(r.phases == 6);
        /* never padded: the narration plus the end card */
        CHECK(r.card <= L);
        CHECK(r.duration <= L + 13.0);
        double last_word = c[n - 1].end;
        /* the fountain and the whole glow while the voice speaks */
        int fountain = 0, glow_done = 0;
        for (double t = 0; t < last_word; t += 0.25) {
            scene_state s = timeline_eval(tl, t);
            fountain |= s.fountain_rate > 0.5;
            glow_done |= s.glow > 0.999;
        }
        CHECK(fountain);
        CHECK(glow_done);
        CHECK(timeline_eval(tl, last_word).radiance > 0.05);
        CHECK(count_cues_under_the_card(tl, c, n) == 0);
        CHECK(timeline_eval(tl, r.card + 5.0).endcard > 0.9);
        CHECK(timeline_eval(tl, r.duration).fade < 1e-6);
        CHECK(count_fast_changes(tl, -1.0, r.duration + 5.0) == 0);
        timeline_destroy(tl);
    }
    timeline_destroy(tmpl);
}

TEST(test_fit_without_captions_lands_phase_changes_in_pauses)
{
    timeline *tmpl = timeline_load(FOUNTAIN_PATH);
    /* a 10-minute narration that pauses for 3 s every 20 s */
    timeline_span p[40];
    size_t n = 0;
    for (double t = 17.0; t < 580.0; t += 20.0)
        p[n++] = (timeline_span){t, t + 3.0};
    timeline_fit fit = {.length = 600.0, .speech_end = 596.0, .pauses = p, .pause_count = n};
    timeline_fit_result r;
    timeline *tl = timeline_fit_session(tmpl, &fit, &r);
    CHECK(tl != NULL);
    CHECK(r.found == 0);
    CHECK_NEAR(r.card, 596.0 + TIMELINE_CARD_AFTER_WORDS, 1e-9);
    CHECK_NEAR(r.duration, r.card + 12.5, 1e-6);
    for (size_t ph = 1; ph < TIMELINE_ARC_PHASES; ph++) {
        double t = timeline_phase_start(tl, ph);
        int in_pause = 0;
        for (size_t i = 0; i < n; i++)
            in_pause |= t >= p[i].start && t <= p[i].end;
        if (!in_pause)
            fprintf(stderr, "  phase %s at %.2f s is not in a pause\n", timeline_phase_name(tl, ph), t);
        CHECK(in_pause);
    }
    CHECK(count_fast_changes(tl, -1.0, r.duration + 5.0) == 0);
    timeline_destroy(tl);

    /* nothing measured but the length: the card at the narration's end */
    timeline_fit bare = {.length = 420.0};
    tl = timeline_fit_session(tmpl, &bare, &r);
    CHECK_NEAR(r.card, 420.0, 1e-9);
    CHECK_NEAR(timeline_phase_start(tl, BODY), 295.0 * 420.0 / 586.475, 1e-6);
    timeline_destroy(tl);
    /* nothing known at all: the template's own times */
    timeline_fit none = {0};
    tl = timeline_fit_session(tmpl, &none, &r);
    CHECK_NEAR(r.card, 586.475, 1e-9);
    CHECK_NEAR(timeline_phase_start(tl, BODY), 295.0, 1e-9);
    timeline_destroy(tl);
    timeline_destroy(tmpl);
}

TEST(test_fit_a_long_session_stretches_without_padding)
{
    timeline *tmpl = timeline_load(FOUNTAIN_PATH);
    timeline_fit fit = {.length = 1800.0, .speech_end = 1790.0};
    timeline_fit_result r;
    timeline *tl = timeline_fit_session(tmpl, &fit, &r);
    CHECK(tl != NULL);
    CHECK_NEAR(r.duration, 1790.0 + TIMELINE_CARD_AFTER_WORDS + 12.5, 1e-6);
    CHECK(timeline_eval(tl, 1780.0).glow > 0.999);
    CHECK(timeline_eval(tl, 1780.0).endcard < 1e-6);
    CHECK(count_fast_changes(tl, -1.0, r.duration + 5.0) == 0);
    timeline_destroy(tl);
    timeline_destroy(tmpl);
}

int main(void)
{
    RUN(test_derive_arc_matches_the_session_plan);
    RUN(test_derive_without_cues_scales_the_arc);
    RUN(test_derive_finds_phases_in_order_at_keyword_cues);
    RUN(test_derive_places_missing_phases_on_the_arc_between_neighbours);
    RUN(test_derive_uses_cue_order_not_input_order);
    RUN(test_derive_keywords_match_at_word_starts_ignoring_case);
    RUN(test_derive_survives_odd_input);
    RUN(test_fit_applies_the_phases_to_the_fountain_template);
    RUN(test_fit_a_short_session_keeps_its_whole_arc_inside_the_narration);
    RUN(test_fit_without_captions_lands_phase_changes_in_pauses);
    RUN(test_fit_a_long_session_stretches_without_padding);
    return check_done();
}
