/* suggest: "did you mean" (see suggest.h). Moved here from timeline.c so
 * that options and the config file share it. */
#include "util/suggest.h"

#include <string.h>

static int lower_ascii(int c)
{
    return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

/* Optimal string alignment distance, case-insensitive, when it is at most
 * `max`; otherwise some number > max. Strings over 63 bytes are not
 * compared (> max).
 *
 * Only the band |i - j| <= max of the table is computed (cells outside it
 * hold max + 1, which is no more than their true value, and every cell of
 * an alignment that costs <= max lies inside it): suggest_closest() asks for a
 * distance of at most 3, and the full table for every candidate of every
 * misspelt word was most of the time spent parsing a bad file. */
int suggest_distance_within(const char *a, const char *b, int max)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63 || max < 0)
        return max + 1;
    size_t k = (size_t)max;
    if ((la > lb ? la - lb : lb - la) > k)
        return max + 1;
    int over = max + 1;
    int d[64][64];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = (int)i < over ? (int)i : over;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = (int)j < over ? (int)j : over;
    int prev_min = 0; /* the least value in row i - 1 */
    for (size_t i = 1; i <= la; i++) {
        size_t lo = i > k ? i - k : 1, hi = i + k < lb ? i + k : lb;
        int row_min = d[i][0];
        if (lo > 1)
            d[i][lo - 1] = over;
        if (hi < lb)
            d[i][hi + 1] = over;
        for (size_t j = lo; j <= hi; j++) {
            int cost = lower_ascii((unsigned char)a[i - 1]) != lower_ascii((unsigned char)b[j - 1]);
            int v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < v)
                v = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v < over ? v : over;
            if (d[i][j] < row_min)
                row_min = d[i][j];
        }
        /* A cell derives from this row and the one before (transposition):
         * when both are past max, so is every cell below. */
        if (row_min > max && prev_min > max)
            return over;
        prev_min = row_min;
    }
    return d[la][lb];
}

/* The closest candidate within a distance that still looks like a typo, or
 * NULL. */
const char *suggest_closest(const char *word, const char *const *cands, size_t n)
{
    size_t len = strlen(word);
    int limit = 1 + (int)(len / 4);
    if (limit > 3)
        limit = 3;
    const char *best = NULL;
    int best_d = limit + 1;
    for (size_t i = 0; i < n; i++) {
        /* Only a distance below the best so far matters. */
        int dd = suggest_distance_within(word, cands[i], best_d - 1);
        if (dd < best_d) {
            best_d = dd;
            best = cands[i];
        }
    }
    return best;
}
