/* Picking from the library: --session N|TITLE, and the kiosk's orders
 * (library.h says what each promises). */
#include "library/library.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "library/internal.h"

/* 1: title equals q without case; 2: title begins with q; 0: neither. */
static int match(const char *title, const char *q, size_t qlen)
{
    size_t tl = strlen(title), i = 0, j = 0;
    while (i < tl && j < qlen)
        if (library_fold_at(title, tl, &i) != library_fold_at(q, qlen, &j))
            return 0;
    return j < qlen ? 0 : i == tl ? 1 : 2;
}

/* Appends "1 Evening calm, 2 Body scan, ..." (the entries for which
 * only_prefix matches, or all), cut with "..." where err runs out. */
static void list_titles(const library *lib, const char *q, size_t qlen, int only_prefix,
                        char *err, size_t errsize)
{
    size_t at = strlen(err), listed = 0;
    for (size_t i = 0; i < lib->count && at + 1 < errsize; i++) {
        if (only_prefix && !match(lib->entries[i].title, q, qlen))
            continue;
        char item[LIBRARY_TITLE_MAX + 32];
        snprintf(item, sizeof item, "%s%zu %s", listed ? ", " : "", i + 1, lib->entries[i].title);
        size_t n = strlen(item);
        if (at + n + 6 > errsize) {
            snprintf(err + at, errsize - at, "%s", listed ? ", ..." : "...");
            return;
        }
        memcpy(err + at, item, n + 1);
        at += n;
        listed++;
    }
    if (!listed && at + 1 < errsize)
        snprintf(err + at, errsize - at, "no sessions");
}

long library_find(const library *lib, const char *query, char *err, size_t errsize)
{
    if (errsize)
        err[0] = '\0';
    while (*query == ' ')
        query++;
    size_t qlen = strlen(query);
    while (qlen > 0 && query[qlen - 1] == ' ')
        qlen--;
    size_t digits = strspn(query, "0123456789");
    if (qlen > 0 && digits == qlen) {
        unsigned long n = digits <= 9 ? strtoul(query, NULL, 10) : 0;
        if (n >= 1 && n <= lib->count)
            return (long)n - 1;
        snprintf(err, errsize, "no session %.*s; the library has %zu: ", (int)qlen, query,
                 lib->count);
        list_titles(lib, query, qlen, 0, err, errsize);
        return -1;
    }
    long found = -1;
    int prefixes = 0;
    for (size_t i = 0; i < lib->count && qlen > 0; i++) {
        int m = match(lib->entries[i].title, query, qlen);
        if (m == 1)
            return (long)i;
        if (m == 2 && prefixes++ == 0)
            found = (long)i;
    }
    if (prefixes == 1)
        return found;
    if (prefixes > 1) {
        snprintf(err, errsize, "'%.*s' could be %d sessions (give more of the title, or its "
                 "number): ", (int)qlen, query, prefixes);
        list_titles(lib, query, qlen, 1, err, errsize);
    } else {
        snprintf(err, errsize, "no session called '%.*s'; the library has ", (int)qlen, query);
        list_titles(lib, query, qlen, 0, err, errsize);
    }
    return -1;
}

size_t library_next(size_t i, size_t count)
{
    return count == 0 || i + 1 >= count ? 0 : i + 1;
}

/* splitmix64: a small, well-mixed generator whose whole state is the
 * seed, so an order is a pure function of it. */
static uint64_t next_random(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* A number in [0, n): the modulo's bias is below 2^-50 for any library. */
static size_t below(uint64_t *state, size_t n)
{
    return (size_t)(next_random(state) % n);
}

void library_shuffle(size_t *order, size_t count, uint64_t seed, size_t not_first)
{
    uint64_t state = seed;
    for (size_t i = 0; i < count; i++)
        order[i] = i;
    for (size_t i = count; i > 1; i--) { /* Fisher-Yates */
        size_t j = below(&state, i), t = order[i - 1];
        order[i - 1] = order[j];
        order[j] = t;
    }
    if (count >= 2 && order[0] == not_first) {
        size_t j = 1 + below(&state, count - 1), t = order[0];
        order[0] = order[j];
        order[j] = t;
    }
}
