/* Unit tests: benchmark percentiles. */
#include "check.h"
#include "util/stats.h"

TEST(test_stats_percentiles_by_nearest_rank)
{
    frame_stats s;
    CHECK(stats_init(&s, 1000) == 0);
    for (int i = 100; i >= 1; i--)
        stats_add(&s, i);
    CHECK_NEAR(stats_percentile(&s, 50), 50, 0);
    CHECK_NEAR(stats_percentile(&s, 95), 95, 0);
    CHECK_NEAR(stats_percentile(&s, 99), 99, 0);
    CHECK_NEAR(stats_percentile(&s, 100), 100, 0);
    CHECK_NEAR(stats_max(&s), 100, 0);
    stats_free(&s);
}

TEST(test_stats_empty_and_full)
{
    frame_stats s;
    CHECK(stats_init(&s, 2) == 0);
    CHECK(stats_percentile(&s, 50) == 0.0);
    stats_add(&s, 1);
    stats_add(&s, 2);
    stats_add(&s, 3); /* ignored: full */
    CHECK(s.count == 2);
    CHECK_NEAR(stats_max(&s), 2, 0);
    stats_free(&s);
}

int main(void)
{
    RUN(test_stats_percentiles_by_nearest_rank);
    RUN(test_stats_empty_and_full);
    return check_done();
}
