/* Unit tests: the shared position of synchronised screens. */
#include "check.h"
#include "time/sync.h"

TEST(test_sync_same_wall_same_position)
{
    sync_position a = sync_at(1764100000.25, 600.0), b = sync_at(1764100000.25, 600.0);
    CHECK(a.t == b.t && a.loop == b.loop);
    CHECK(a.t >= 0.0 && a.t < 600.0);
}

TEST(test_sync_advances_with_wall_time_and_wraps)
{
    double L = 600.0, w = 1764100000.0;
    sync_position a = sync_at(w, L), b = sync_at(w + 12.5, L);
    double d = b.t - a.t;
    if (d < 0)
        d += L;
    CHECK_NEAR(d, 12.5, 1e-6);
    sync_position end = sync_at(599.999, L), start = sync_at(600.0, L);
    CHECK(end.loop == 0 && start.loop == 1);
    CHECK_NEAR(start.t, 0.0, 1e-9);
    CHECK_NEAR(end.t, 599.999, 1e-9);
}

TEST(test_sync_rejects_nonsense)
{
    sync_position p = sync_at(100.0, 0.0);
    CHECK(p.t == 0.0 && p.loop == 0);
    p = sync_at(-5.0, 60.0);
    CHECK(p.t == 0.0);
}

int main(void)
{
    RUN(test_sync_same_wall_same_position);
    RUN(test_sync_advances_with_wall_time_and_wraps);
    RUN(test_sync_rejects_nonsense);
    return check_done();
}
