/* Unit tests: the kiosk schedule and the burn-in drift. */
#include <math.h>

#include "check.h"
#include "video/drift.h"
#include "time/schedule.h"

#define HM(h, m) ((h) * 60 + (m))

TEST(test_schedule_day_and_overnight_ranges)
{
    schedule s;
    char err[128];
    CHECK(schedule_parse("08:00-12:30,22:00-06:00", &s, err, sizeof err) == 0);
    CHECK(s.count == 2);
    CHECK(schedule_active(&s, HM(8, 0)) && schedule_active(&s, HM(12, 29)));
    CHECK(!schedule_active(&s, HM(12, 30)) && !schedule_active(&s, HM(7, 59)));
    CHECK(schedule_active(&s, HM(23, 0)) && schedule_active(&s, HM(0, 0)) &&
          schedule_active(&s, HM(5, 59)));
    CHECK(!schedule_active(&s, HM(6, 0)) && !schedule_active(&s, HM(21, 59)));
    CHECK(schedule_minutes_to_next(&s, HM(13, 0)) == HM(9, 0));
    CHECK(schedule_minutes_to_next(&s, HM(7, 0)) == 60);
    CHECK(schedule_minutes_to_next(&s, HM(9, 0)) == 0);
    CHECK(schedule_parse("09:00-24:00", &s, err, sizeof err) == 0);
    CHECK(schedule_active(&s, HM(23, 59)) && !schedule_active(&s, HM(0, 0)));
}

TEST(test_schedule_rejects_bad_input_clearly)
{
    schedule s;
    char err[128];
    const char *bad[] = {"", "8-12", "08:00", "08:00-", "08:00-25:00", "08:60-09:00",
                         "08:00-09:00;10:00-11:00", "10:00-10:00", "a:00-09:00"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err[0] = '\0';
        CHECK(schedule_parse(bad[i], &s, err, sizeof err) < 0);
        CHECK(err[0] != '\0');
    }
}

TEST(test_drift_bounded_continuous_and_shared)
{
    float maxd = 0.0f, prevx = 0.0f, prevy = 0.0f, maxstep = 0.0f;
    double t0 = 1764100000.0;
    for (int i = 0; i <= 7200; i++) { /* two hours, every second */
        float dx, dy;
        drift_at(t0 + i, 1080, &dx, &dy);
        float m = fabsf(dx) > fabsf(dy) ? fabsf(dx) : fabsf(dy);
        maxd = m > maxd ? m : maxd;
        if (i) {
            float step = fabsf(dx - prevx) + fabsf(dy - prevy);
            maxstep = step > maxstep ? step : maxstep;
        }
        prevx = dx;
        prevy = dy;
    }
    CHECK(maxd <= DRIFT_AMPLITUDE * 1080 + 1e-4);
    CHECK(maxd > 0.9 * DRIFT_AMPLITUDE * 1080); /* it does move */
    CHECK(maxstep < 0.1f);                       /* far below a pixel per second */
    float ax, ay, bx, by;
    drift_at(t0 + 123.25, 720, &ax, &ay);
    drift_at(t0 + 123.25, 720, &bx, &by);
    CHECK(ax == bx && ay == by);
}

int main(void)
{
    RUN(test_schedule_day_and_overnight_ranges);
    RUN(test_schedule_rejects_bad_input_clearly);
    RUN(test_drift_bounded_continuous_and_shared);
    return check_done();
}
