/* fuzz_captions: what the WebVTT and SRT harnesses share.
 *
 * Each harness parses the input with its parser and then drives everything
 * that consumes a parsed track, as the player and `--check` do: the TV layout
 * (with a fake monospace font), the split of long cues into timed parts, the
 * fades, cue lookup, and caption_check_track printing into /dev/null. Along
 * the way it checks the promises captions.h makes about every track (sorted
 * cues, end > start, well-formed UTF-8 text, runs covering the text) and
 * aborts when one breaks, so libFuzzer reports a broken promise as a crash.
 *
 * Header-only on purpose: fuzz_vtt.c and fuzz_srt.c are each built alone
 * (tools/fuzz.sh), one translation unit plus the pure sources. */
#ifndef WS_FUZZ_CAPTIONS_H
#define WS_FUZZ_CAPTIONS_H

#include "fuzz_require.h"

#include "captions/caption_check.h"
#include "captions/caption_layout.h"
#include "captions/captions.h"
#include "util/utf8.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Layout is the costly consumer (several layouts per cue, each measuring
 * lines): past this many cues the rest are only checked. Every layout path
 * is reachable through the first cues, which the fuzzer can make whatever
 * it likes, so laying out more of them bought coverage nothing and cost
 * most of the time per input. */
#define FUZZ_LAYOUT_CUES 4
#define FUZZ_MAX_PARTS 6

/* The one stream every printing call writes to, opened once per process:
 * opening /dev/null per input would cost more than the parse. */
static FILE *fuzz_null_stream(void)
{
    static FILE *null_out;
    if (!null_out)
        null_out = fopen("/dev/null", "w");
    if (!null_out)
        abort();
    return null_out;
}

/* A monospace fake font: 10 px per code point upright, 12 px italic. The
 * text is well-formed UTF-8 (fuzz_check_cue), so the code points are the
 * bytes that are not continuation bytes (10xxxxxx), counted with arithmetic
 * only: under the fuzzer every comparison is a traced call, and layout
 * measures many lines per cue. */
static float fuzz_measure(void *user, const char *s, size_t len, int italic)
{
    (void)user;
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned x = (unsigned)(p[i] ^ 0x80u) >> 6; /* 0 only for 10xxxxxx */
        n += (x | (x >> 1)) & 1u;
    }
    return (float)n * (italic ? 12.0f : 10.0f);
}

static void fuzz_check_cue(const caption_cue *c)
{
    FUZZ_REQUIRE(c->text && c->id);
    FUZZ_REQUIRE(isfinite(c->start) && isfinite(c->end) && c->end > c->start);
    FUZZ_REQUIRE(strlen(c->text) == c->text_len);
    FUZZ_REQUIRE(utf8_valid(c->text, c->text_len));
    FUZZ_REQUIRE(c->text_len <= CAPTIONS_MAX_CUE_BYTES);
    FUZZ_REQUIRE((c->run_count == 0) == (c->text_len == 0));
    size_t at = 0;
    for (size_t i = 0; i < c->run_count; i++) {
        FUZZ_REQUIRE(c->runs[i].offset == at && c->runs[i].length > 0);
        if (i > 0)
            FUZZ_REQUIRE(c->runs[i].italic != c->runs[i - 1].italic);
        at += c->runs[i].length;
    }
    FUZZ_REQUIRE(at == c->text_len);
}

static void fuzz_check_layout(const caption_layout *lay, int max_lines)
{
    FUZZ_REQUIRE(lay->line_count >= 0 && lay->line_count <= CAPTION_LAYOUT_MAX_LINES);
    FUZZ_REQUIRE(lay->line_count <= max_lines);
    for (int i = 0; i < lay->line_count; i++) {
        const caption_line *l = &lay->lines[i];
        FUZZ_REQUIRE(l->len < CAPTION_LINE_MAX_BYTES && l->text[l->len] == '\0');
        FUZZ_REQUIRE(l->run_count <= CAPTION_LINE_MAX_RUNS);
        size_t at = 0;
        for (size_t r = 0; r < l->run_count; r++) {
            FUZZ_REQUIRE(l->runs[r].offset == at);
            at += l->runs[r].length;
        }
        FUZZ_REQUIRE(l->run_count == 0 || at == l->len);
        FUZZ_REQUIRE(!isnan(l->width) && !isnan(l->x) && !isnan(l->baseline));
    }
}

static void fuzz_layout_cue(const caption_layout_env *env, const caption_cue *c)
{
    caption_text text = caption_text_of_cue(c);
    caption_style st = caption_style_resolve(&env->style);
    caption_layout lay;
    if (caption_layout_text(env, &text, &lay) == 0)
        fuzz_check_layout(&lay, st.max_lines);

    caption_part parts[FUZZ_MAX_PARTS];
    size_t n = caption_layout_split(env, &text, c->start, c->end, parts, FUZZ_MAX_PARTS);
    FUZZ_REQUIRE(n <= FUZZ_MAX_PARTS);
    size_t prev_end = 0;
    for (size_t i = 0; i < n; i++) {
        FUZZ_REQUIRE(parts[i].begin <= parts[i].end && parts[i].end <= c->text_len);
        FUZZ_REQUIRE(parts[i].begin >= prev_end);
        prev_end = parts[i].end;
        /* The first two parts and the last (which takes the rest when
         * more parts were needed) are laid out; the middle ones are cut
         * the same way as the second. */
        if (i >= 2 && i + 1 < n)
            continue;
        caption_text piece = text;
        piece.begin = parts[i].begin;
        piece.end = parts[i].end;
        if (piece.end > piece.begin && caption_layout_text(env, &piece, &lay) == 0)
            fuzz_check_layout(&lay, st.max_lines);
    }
}

/* Everything downstream of a parse; track may be NULL. */
static void fuzz_consume_track(const caption_track *track, captions_diag *diag)
{
    FILE *null_out = fuzz_null_stream();
    if (track) {
        FUZZ_REQUIRE(track->name);
        caption_layout_env tv = {0};
        tv.screen_w = 1920;
        tv.screen_h = 1080;
        tv.measure = fuzz_measure;
        caption_layout_env small = tv; /* a tiny window with a big font */
        small.screen_w = 160;
        small.screen_h = 90;
        small.style.size = 3.0f;
        small.style.max_lines = 4;

        const caption_fade_params fade = {0};
        for (size_t i = 0; i < track->count; i++) {
            const caption_cue *c = &track->cues[i];
            fuzz_check_cue(c);
            if (i > 0)
                FUZZ_REQUIRE(track->cues[i - 1].start <= c->start);
            double next = i + 1 < track->count ? track->cues[i + 1].start : INFINITY;
            float a = caption_fade_alpha(&fade, (c->start + c->end) * 0.5, c->start, c->end, next);
            FUZZ_REQUIRE(a >= 0.0f && a <= 1.0f);
            (void)caption_fade_hide_time(&fade, c->start, c->end, next);
            /* The first cue on both screens, then alternately: layout
             * costs far more than the parse, and one screen per cue keeps
             * every path reachable at twice the speed. */
            if (i < 1) {
                fuzz_layout_cue(&tv, c);
                fuzz_layout_cue(&small, c);
            } else if (i < FUZZ_LAYOUT_CUES) {
                fuzz_layout_cue(i % 2 ? &small : &tv, c);
            }
            long at = captions_cue_at(track, c->start);
            FUZZ_REQUIRE(at >= 0 && (size_t)at < track->count);
        }
        (void)captions_cue_at(track, NAN);
        (void)captions_cue_at(track, -INFINITY);
        (void)captions_cue_at(track, INFINITY);
    }

    caption_check_summary sum;
    caption_check_track(track, NULL, null_out, diag, &sum);
    caption_check_print_summary(&sum, null_out);
    captions_diag_sort(diag);
    captions_diag_print(diag, null_out);
    FUZZ_REQUIRE(diag->count <= CAPTIONS_MAX_DIAGS);
    FUZZ_REQUIRE(diag->count + diag->dropped == diag->errors + diag->warnings);
}

#endif
