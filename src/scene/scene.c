#include "scene/scene.h"

#include <math.h>

static float smooth01(double x)
{
    x = x < 0.0 ? 0.0 : x > 1.0 ? 1.0 : x;
    return (float)(x * x * (3.0 - 2.0 * x));
}

float scene_breath(double t, float period)
{
    if (!(period > 0.5f))
        period = 11.0f;
    double p = t / period;
    p -= floor(p);
    if (p < SCENE_IN_BREATH)
        return smooth01(p / SCENE_IN_BREATH);
    return 1.0f - smooth01((p - SCENE_IN_BREATH) / (1.0 - SCENE_IN_BREATH));
}

static const float shares[SCENE_FAMILY_COUNT] = {0.45f, 0.06f, 0.14f, 0.08f, 0.09f, 0.06f, 0.12f};

float scene_family_share(scene_family f)
{
    return f < SCENE_FAMILY_COUNT ? shares[f] : 0.0f;
}

void scene_bloom_levels(int ih, int max_count, int *first, int *count)
{
    int f = ih > 0 ? (int)lround(log2(ih / 540.0)) : 1;
    int last = ih > 0 ? (int)lround(log2(ih / 34.0)) : 1;
    f = f < 1 ? 1 : f > 2 ? 2 : f; /* the first step's taps cover 4x4 pixels, no more */
    int n = last - f + 1;
    n = n < 1 ? 1 : n > max_count ? max_count : n;
    *first = f;
    *count = max_count > 0 ? n : 0;
}

unsigned scene_parts(const scene_state *s)
{
    unsigned m = 0;
    if (s->well > SCENE_PART_WELL_MIN)
        m |= SCENE_PART_WELL;
    if (s->glow > SCENE_PART_GLOW_MIN)
        m |= SCENE_PART_GLOW;
    if (s->loved * (1.0f - s->dissolve) > SCENE_PART_LOVED_MIN)
        m |= SCENE_PART_LOVED;
    if (s->radiance > SCENE_PART_RADIANCE_MIN)
        m |= SCENE_PART_RADIANCE;
    return m;
}

unsigned scene_parts_used(const timeline *tl, double duration)
{
    unsigned used = 0;
    /* nothing changes after the last key: a long session costs no more */
    double end = timeline_last_key_time(tl) + 0.1;
    if (end > duration)
        end = duration;
    for (double t = 0.0; t < end; t += 0.1) {
        scene_state s = timeline_eval(tl, t);
        used |= 1u << scene_parts(&s);
    }
    return used;
}

float scene_family_rate(const scene_state *s, scene_family f)
{
    switch (f) {
    case SCENE_DROPS:
        return s->fountain_rate;
    case SCENE_BUBBLES:
        return s->bubbles;
    case SCENE_MOTES:
        return s->dust;
    case SCENE_STREAM:
        return s->loved_stream;
    case SCENE_WELL_RISE:
        return s->well_rise;
    case SCENE_DISSOLVE:
        /* The form breaks up while it dissolves: a bump over dissolve 0..1. */
        return 4.0f * s->dissolve * (1.0f - s->dissolve) * (s->loved > 0.0f ? 1.0f : 0.0f);
    case SCENE_DRIFT:
        return s->drift;
    default:
        return 0.0f;
    }
}

float scene_loved_x(float units_wide)
{
    float x = 0.25f * units_wide;
    float max_x = 0.5f * units_wide - 0.06f;
    if (x < 0.40f)
        x = 0.40f;
    if (x > max_x)
        x = max_x;
    return x;
}
