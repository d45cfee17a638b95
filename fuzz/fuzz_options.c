/* libFuzzer harness: the command-line parser. The input is split on NUL
 * bytes or newlines into an argv of at most FUZZ_MAX_ARGS strings (argv[0]
 * is "wellspring"), parsed twice (once with a roomy error buffer, once with
 * a tiny one, exactly sized so AddressSanitizer sees any overflow), and
 * checked against options.h's promises: a usage error carries a one-line
 * message; on success every value is in its option's range and every string
 * points into argv. --help is printed once per process to /dev/null. Built
 * and run by tools/fuzz.sh; seeds in fuzz/corpus/options. */
#include "fuzz_require.h"
#include "util/options.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_MAX_ARGS 64

/* 1 when p is NULL or points into one of the argv strings. */
static int in_argv(const char *p, int argc, char **argv)
{
    if (!p)
        return 1;
    for (int i = 0; i < argc; i++) {
        size_t n = strlen(argv[i]);
        if (p >= argv[i] && p <= argv[i] + n)
            return 1;
    }
    return 0;
}

static void check_result(options_result r, const options *o, const char *err, size_t errsize,
                         int argc, char **argv)
{
    FUZZ_REQUIRE(r == OPTIONS_OK || r == OPTIONS_USAGE);
    if (r == OPTIONS_USAGE) {
        FUZZ_REQUIRE(memchr(err, '\0', errsize) != NULL);
        FUZZ_REQUIRE(err[0] != '\0');
        return;
    }
    FUZZ_REQUIRE(o->volume >= 0 && o->volume <= 100);
    FUZZ_REQUIRE(isfinite(o->safe_area) && o->safe_area >= 50.0 && o->safe_area <= 100.0);
    /* Ranges that stay put while the table grows; the exact bounds live in
     * the table and are unit-tested in tests/test_options.c. */
    FUZZ_REQUIRE(isfinite(o->caption_size) && o->caption_size > 0.0);
    FUZZ_REQUIRE(isfinite(o->fps) && o->fps >= 0.0 && o->fps <= 1000.0);
    FUZZ_REQUIRE(o->window_w == 0 || (o->window_w >= 16 && o->window_w <= 16384));
    FUZZ_REQUIRE(o->size_w == 0 || (o->size_w >= 16 && o->size_w <= 16384));
    FUZZ_REQUIRE(isfinite(o->start) && o->start >= 0.0);
    FUZZ_REQUIRE(!o->render_dir || (o->has_to && o->to >= o->from));
    FUZZ_REQUIRE(!o->screenshot || (o->screenshot_path && *o->screenshot_path));
    const char *strs[] = {o->screenshot_path, o->render_dir, o->file,     o->captions,
                          o->lang,            o->check,      o->display,  o->schedule,
                          o->window_id,       o->export_path, o->quality};
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
        FUZZ_REQUIRE(in_argv(strs[i], argc, argv));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int help_printed;
    if (!help_printed) {
        FILE *null_out = fopen("/dev/null", "w");
        if (!null_out)
            abort();
        options_print_help(null_out, "wellspring");
        fclose(null_out);
        help_printed = 1;
    }

    /* A trailing separator ends the last argument; it does not add an
     * empty one (so seed files may end in a newline). */
    if (size > 0 && (data[size - 1] == '\n' || data[size - 1] == '\0'))
        size--;
    char *buf = malloc(size + 1);
    if (!buf)
        return 0;
    if (size)
        memcpy(buf, data, size);
    buf[size] = '\0';

    char prog[] = "wellspring";
    char *argv[FUZZ_MAX_ARGS + 1];
    int argc = 0;
    argv[argc++] = prog;
    if (size > 0) {
        char *s = buf;
        argv[argc++] = s;
        for (size_t i = 0; i < size && argc < FUZZ_MAX_ARGS; i++) {
            if (buf[i] == '\n' || buf[i] == '\0') {
                buf[i] = '\0';
                argv[argc++] = buf + i + 1;
            }
        }
        /* Past the cap the rest of the input stays in the last argument,
         * cut at its first separator. */
        buf[strcspn(argv[argc - 1], "\n") + (size_t)(argv[argc - 1] - buf)] = '\0';
    }
    argv[argc] = NULL;

    options o;
    char err[256];
    options_result r = options_parse(&o, argc, argv, err, sizeof err);
    check_result(r, &o, err, sizeof err, argc, argv);

    enum { TINY = 12 };
    char *tiny = malloc(TINY);
    if (tiny) {
        options o2;
        options_result r2 = options_parse(&o2, argc, argv, tiny, TINY);
        FUZZ_REQUIRE(r2 == r);
        check_result(r2, &o2, tiny, TINY, argc, argv);
        free(tiny);
    }

    for (int i = 1; i < argc; i++) {
        int w = -1, h = -1;
        if (options_parse_size(argv[i], &w, &h) == 0)
            FUZZ_REQUIRE(w >= 16 && w <= 16384 && h >= 16 && h <= 16384);
    }
    free(buf);
    return 0;
}
