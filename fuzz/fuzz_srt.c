/* libFuzzer harness: the SRT parser and everything that consumes its track
 * (layout, split, fades, cue lookup, caption_check). Built and run by
 * tools/fuzz.sh; seeds in fuzz/corpus/srt, dictionary fuzz/srt.dict. */
#include "fuzz_captions.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    captions_diag diag = {0};
    caption_track *track = captions_parse_srt("fuzz.srt", (const char *)data, size, &diag);
    /* SRT gives NULL only for an oversized buffer or no memory. */
    FUZZ_REQUIRE(track != NULL);
    FUZZ_REQUIRE(track->format == CAPTIONS_FORMAT_SRT);
    fuzz_consume_track(track, &diag);
    captions_destroy(track);
    captions_diag_free(&diag);
    return 0;
}
