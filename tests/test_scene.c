/* Unit tests for the scene's optional parts (src/scene.h): which parts a
 * state shows, and which combinations a timeline shows over a session. */
#include "check.h"
#include "scene/scene.h"

#include <string.h>

TEST(test_scene_parts_follow_their_thresholds)
{
    scene_state s = timeline_defaults();
    s.well = s.glow = s.loved = s.radiance = s.dissolve = 0.0f;
    CHECK(scene_parts(&s) == 0);
    s.well = SCENE_PART_WELL_MIN * 2.0f;
    CHECK(scene_parts(&s) == SCENE_PART_WELL);
    s.glow = SCENE_PART_GLOW_MIN * 0.5f; /* below its threshold: not shown */
    CHECK(scene_parts(&s) == SCENE_PART_WELL);
    s.glow = 1.0f;
    s.radiance = 0.5f;
    CHECK(scene_parts(&s) == (SCENE_PART_WELL | SCENE_PART_GLOW | SCENE_PART_RADIANCE));
    s.loved = 1.0f;
    CHECK(scene_parts(&s) == SCENE_PARTS_ALL);
    s.dissolve = 1.0f; /* the loved one's form fully dissolved: not drawn */
    CHECK(!(scene_parts(&s) & SCENE_PART_LOVED));
}

TEST(test_scene_parts_used_over_a_session)
{
    /* Nothing for 10 s, then the well, then the well with the glow, then the
     * glow alone after the well goes at 30 s (hold: a step, no ramp). */
    const char *text = "0 well 0 hold\n0 glow 0 hold\n0 loved 0 hold\n0 radiance 0 hold\n"
                       "10 well 1 hold\n20 glow 1 hold\n30 well 0 hold\n";
    timeline *tl = timeline_parse(text, strlen(text), "parts.timeline");
    CHECK(tl != NULL);
    if (!tl)
        return;
    unsigned used = scene_parts_used(tl, 40.0);
    unsigned want = 1u << 0 | 1u << SCENE_PART_WELL | 1u << (SCENE_PART_WELL | SCENE_PART_GLOW) |
                    1u << SCENE_PART_GLOW;
    CHECK(used == want);
    CHECK(scene_parts_used(tl, 5.0) == 1u); /* only the first 5 s: nothing shown */
    CHECK(scene_parts_used(tl, 0.0) == 0u);
    timeline_destroy(tl);
}

TEST(test_scene_bloom_levels_follow_the_screen)
{
    int first, count;
    scene_bloom_levels(1080, 5, &first, &count); /* 1080p at full scale: as designed */
    CHECK(first == 1 && count == 5);
    scene_bloom_levels(2160, 5, &first, &count); /* 4K: from a quarter, same coarsest rows */
    CHECK(first == 2 && count == 5);
    CHECK((2160 >> (first + count - 1)) == (1080 >> 5));
    scene_bloom_levels(378, 5, &first, &count); /* 35% of 1080p: the same spread */
    CHECK(first == 1 && count == 3);
    CHECK(378 >> (first + count - 1) >= 30 && 378 >> (first + count - 1) <= 60);
    scene_bloom_levels(90, 5, &first, &count); /* tiny: still one level */
    CHECK(first == 1 && count == 1);
    scene_bloom_levels(0, 5, &first, &count);
    CHECK(count == 1);
    scene_bloom_levels(4320, 5, &first, &count); /* 8K: a quarter at most */
    CHECK(first == 2 && count == 5);
    scene_bloom_levels(100000, 5, &first, &count);
    CHECK(first == 2 && count == 5);
}

int main(void)
{
    RUN(test_scene_parts_follow_their_thresholds);
    RUN(test_scene_parts_used_over_a_session);
    RUN(test_scene_bloom_levels_follow_the_screen);
    return check_done();
}
