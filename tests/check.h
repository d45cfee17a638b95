/* check.h: the tiny test harness every unit test uses.
 *
 *   TEST(test_vtt_rejects_end_before_start) { CHECK(...); CHECK_NEAR(a, b, eps); }
 *   int main(void) { RUN(test_vtt_rejects_end_before_start); return check_done(); }
 *
 * A failed CHECK prints file:line and the expression and marks the test
 * failed; the run goes on so one report lists every failure. A RUN whose
 * test made no check at all fails, and so does check_done() when the whole
 * file made none: a test that cannot fail is not a test. */
#ifndef WS_CHECK_H
#define WS_CHECK_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int check_failures_;
static int check_count_;
static const char *check_current_ = "";

#define TEST(name) static void name(void)
#define RUN(name)                                                                  \
    do {                                                                           \
        int before_ = check_failures_, count_before_ = check_count_;               \
        check_current_ = #name;                                                    \
        name();                                                                    \
        if (check_count_ == count_before_) {                                       \
            check_failures_++;                                                     \
            fprintf(stderr, "%s: made no checks\n", #name);                        \
        }                                                                          \
        printf("%s %s\n", check_failures_ == before_ ? "ok  " : "FAIL", #name);    \
    } while (0)

#define CHECK(cond)                                                                \
    do {                                                                           \
        check_count_++;                                                            \
        if (!(cond)) {                                                             \
            check_failures_++;                                                     \
            fprintf(stderr, "%s:%d: %s: CHECK(%s) failed\n", __FILE__, __LINE__,   \
                    check_current_, #cond);                                        \
        }                                                                          \
    } while (0)

#define CHECK_NEAR(a, b, eps)                                                      \
    do {                                                                           \
        double a_ = (a), b_ = (b);                                                 \
        check_count_++;                                                            \
        if (!(fabs(a_ - b_) <= (eps))) {                                           \
            check_failures_++;                                                     \
            fprintf(stderr, "%s:%d: %s: %s = %.9g, expected %s = %.9g (+-%g)\n",   \
                    __FILE__, __LINE__, check_current_, #a, a_, #b, b_,            \
                    (double)(eps));                                                \
        }                                                                          \
    } while (0)

#define CHECK_STR(a, b)                                                            \
    do {                                                                           \
        const char *a_ = (a), *b_ = (b);                                           \
        check_count_++;                                                            \
        if (!a_ || !b_ || strcmp(a_, b_) != 0) {                                   \
            check_failures_++;                                                     \
            fprintf(stderr, "%s:%d: %s: %s = \"%s\", expected \"%s\"\n", __FILE__, \
                    __LINE__, check_current_, #a, a_ ? a_ : "(null)",              \
                    b_ ? b_ : "(null)");                                           \
        }                                                                          \
    } while (0)

static inline int check_done(void)
{
    printf("%d checks, %d failed\n", check_count_, check_failures_);
    if (check_count_ == 0) {
        fprintf(stderr, "no checks ran: a test file that checks nothing proves nothing\n");
        return 1;
    }
    return check_failures_ ? 1 : 0;
}

#endif
