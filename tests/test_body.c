/* Unit tests: the glow's arrival order through the body. */
#include "scene/body.h"
#include "check.h"

static body_maps g_maps; /* built once; read-only afterwards */

static float arrival(const char *anchor, float dx, float dy)
{
    float x, y;
    if (figure_anchor(figure_wellspring(), anchor, &x, &y) < 0)
        return -1.0f;
    return body_arrival_at(&g_maps, x + dx, y + dy);
}

TEST(test_body_heart_is_zero_and_outside_is_marked)
{
    CHECK(g_maps.n == 256);
    CHECK(arrival("heart", 0, 0) < 0.02f);
    CHECK(body_arrival_at(&g_maps, -0.45f, 0.05f) == BODY_OUTSIDE);
    CHECK(body_arrival_at(&g_maps, 0.0f, 0.95f) == BODY_OUTSIDE);
}

TEST(test_body_glow_order_torso_arms_head_legs_then_tips)
{
    float torso = arrival("torso", 0, 0);
    float shoulder = arrival("shoulder_left", 0, 0);
    float elbow = arrival("elbow_left", 0, 0);
    float neck = arrival("neck", 0, 0);
    float crown = arrival("head_top", 0, 0.01f);
    float knee = arrival("knee_right", 0, -0.01f);
    float fingertip = arrival("fingertip_left", -0.004f, 0);
    float ear = arrival("ear_right", 0.004f, 0);
    printf("torso %.3f shoulder %.3f elbow %.3f neck %.3f crown %.3f knee %.3f "
           "fingertip %.3f ear %.3f\n",
           torso, shoulder, elbow, neck, crown, knee, fingertip, ear);
    CHECK(torso < elbow && shoulder < elbow);
    CHECK(neck < crown);
    CHECK(torso < knee);
    CHECK(fingertip > 0.85f);
    CHECK(ear > 0.85f);
    CHECK(fingertip > crown && fingertip > knee && fingertip > elbow);
    CHECK(ear > crown && ear > knee);
}

TEST(test_body_every_inside_texel_is_reached)
{
    int inside = 0, unreached = 0;
    for (int k = 0; k < g_maps.n * g_maps.n; k++) {
        const float *t = g_maps.texels + (size_t)k * 4;
        if (t[0] > 0.5f) {
            inside++;
            unreached += t[2] == BODY_OUTSIDE;
        }
    }
    CHECK(inside > 1000);
    CHECK(unreached == 0);
}

TEST(test_body_resistance_patches_are_soft_and_inside)
{
    float maxr = 0.0f;
    int hard_edges = 0;
    for (int k = 0; k < g_maps.n * g_maps.n; k++) {
        float r = g_maps.texels[(size_t)k * 4 + 3];
        maxr = r > maxr ? r : maxr;
        hard_edges += r < 0.0f || r > 1.0f;
    }
    CHECK(maxr > 0.9f);
    CHECK(hard_edges == 0);
}

int main(void)
{
    if (body_maps_build(&g_maps, figure_wellspring(), 256) < 0) {
        printf("body_maps_build failed\n");
        return 1;
    }
    RUN(test_body_heart_is_zero_and_outside_is_marked);
    RUN(test_body_glow_order_torso_arms_head_legs_then_tips);
    RUN(test_body_every_inside_texel_is_reached);
    RUN(test_body_resistance_patches_are_soft_and_inside);
    body_maps_free(&g_maps);
    return check_done();
}
