/* libFuzzer harness: the WebVTT parser and everything that consumes its
 * track (layout, split, fades, cue lookup, caption_check). Built and run by
 * tools/fuzz.sh; seeds in fuzz/corpus/vtt, dictionary fuzz/vtt.dict. */
#include "fuzz_captions.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    captions_diag diag = {0};
    caption_track *track = captions_parse_vtt("fuzz.vtt", (const char *)data, size, &diag);
    if (track)
        FUZZ_REQUIRE(track->format == CAPTIONS_FORMAT_VTT);
    else
        FUZZ_REQUIRE(diag.errors > 0); /* NULL always comes with a reason */
    fuzz_consume_track(track, &diag);
    captions_destroy(track);
    captions_diag_free(&diag);

    /* Detection must agree with the explicit parser on a headed buffer. */
    if (captions_detect("fuzz.srt", (const char *)data, size) == CAPTIONS_FORMAT_VTT) {
        caption_track *again = captions_parse("fuzz.srt", (const char *)data, size, NULL);
        FUZZ_REQUIRE(!again || again->format == CAPTIONS_FORMAT_VTT);
        captions_destroy(again);
    }
    return 0;
}
