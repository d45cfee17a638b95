/* field: fast marching geodesic distance. See field.h for the contract. */
#include "scene/field.h"

#include <math.h>
#include <stdlib.h>

enum { CELL_OUTSIDE = 0, CELL_FAR, CELL_TRIAL, CELL_KNOWN };

/* A binary min-heap of texel indices keyed by dist[], with each texel's heap
   slot kept in pos[] so a trial value can be lowered in place. */
typedef struct {
    int *items;
    int *pos;
    int count;
    const float *key;
} heap;

static void heap_swap(heap *hp, int a, int b)
{
    int ia = hp->items[a], ib = hp->items[b];
    hp->items[a] = ib;
    hp->items[b] = ia;
    hp->pos[ib] = a;
    hp->pos[ia] = b;
}

static void heap_up(heap *hp, int slot)
{
    while (slot > 0) {
        int parent = (slot - 1) / 2;
        if (hp->key[hp->items[parent]] <= hp->key[hp->items[slot]])
            break;
        heap_swap(hp, parent, slot);
        slot = parent;
    }
}

static void heap_down(heap *hp, int slot)
{
    for (;;) {
        int l = 2 * slot + 1, r = l + 1, m = slot;
        if (l < hp->count && hp->key[hp->items[l]] < hp->key[hp->items[m]])
            m = l;
        if (r < hp->count && hp->key[hp->items[r]] < hp->key[hp->items[m]])
            m = r;
        if (m == slot)
            return;
        heap_swap(hp, m, slot);
        slot = m;
    }
}

static void heap_push(heap *hp, int cell)
{
    hp->items[hp->count] = cell;
    hp->pos[cell] = hp->count;
    hp->count++;
    heap_up(hp, hp->count - 1);
}

static int heap_pop(heap *hp)
{
    int top = hp->items[0];
    hp->count--;
    if (hp->count > 0) {
        hp->items[0] = hp->items[hp->count];
        hp->pos[hp->items[0]] = 0;
        heap_down(hp, 0);
    }
    return top;
}

/* Smallest known value among the two neighbours along one axis, or INFINITY. */
static float axis_min(const float *dist, const unsigned char *state, int w, int h, int i,
                      int j, int di, int dj)
{
    float best = INFINITY;
    for (int s = -1; s <= 1; s += 2) {
        int x = i + s * di, y = j + s * dj;
        if (x < 0 || y < 0 || x >= w || y >= h)
            continue;
        int c = y * w + x;
        if (state[c] == CELL_KNOWN && dist[c] < best)
            best = dist[c];
    }
    return best;
}

/* The upwind value at texel (i, j) from its known neighbours, for a cost of
   f per texel width there. */
static float solve(const float *dist, const unsigned char *state, int w, int h, int i, int j,
                   float f)
{
    float a = axis_min(dist, state, w, h, i, j, 1, 0);
    float b = axis_min(dist, state, w, h, i, j, 0, 1);
    float t;
    if (isinf(a) && isinf(b))
        t = INFINITY;
    else if (fabsf(a - b) >= f || isinf(a) || isinf(b))
        t = (a < b ? a : b) + f;
    else {
        float diff = a - b;
        t = 0.5f * (a + b + sqrtf(2.0f * f * f - diff * diff));
    }
    /* a diagonal step keeps thin diagonal tapers connected; it is a real
       straight path, so it never undercuts the true distance */
    for (int dj = -1; dj <= 1; dj += 2) {
        for (int di = -1; di <= 1; di += 2) {
            int x = i + di, y = j + dj;
            if (x < 0 || y < 0 || x >= w || y >= h)
                continue;
            int c = y * w + x;
            if (state[c] == CELL_KNOWN && dist[c] + 1.41421356f * f < t)
                t = dist[c] + 1.41421356f * f;
        }
    }
    return t;
}

/* Cost per texel width at texel c: 1 without a slowness map, else the map's
   value held to at least FIELD_MIN_SLOWNESS. */
static float cost(const float *slowness, int c)
{
    if (!slowness)
        return 1.0f;
    float s = slowness[c];
    return s >= FIELD_MIN_SLOWNESS ? s : FIELD_MIN_SLOWNESS; /* NaN too */
}

int field_geodesic(const float *mask, int w, int h, float threshold, float seed_x,
                   float seed_y, float *dist)
{
    return field_geodesic_weighted(mask, NULL, w, h, threshold, seed_x, seed_y, dist);
}

/* One fast march: the field, each texel's state and the trial heap. */
typedef struct {
    const float *slowness;
    int w, h;
    float *dist;
    unsigned char *state;
    heap hp;
} march;

/* The texels around the seed point: those within 1.5 texels of it. */
typedef struct {
    int i0, i1, j0, j1;
} texel_box;

/* Seed: the inside texels within 1.5 texels of the seed point start known
   at their exact distance, which removes most of fast marching's error
   near a point source. Returns how many there are. */
static int seed_known(march *mr, texel_box b, float seed_x, float seed_y)
{
    int known = 0;
    for (int j = b.j0; j <= b.j1; j++) {
        for (int i = b.i0; i <= b.i1; i++) {
            if (i < 0 || j < 0 || i >= mr->w || j >= mr->h)
                continue;
            int c = j * mr->w + i;
            float dx = (float)i + 0.5f - seed_x, dy = (float)j + 0.5f - seed_y;
            float d = sqrtf(dx * dx + dy * dy);
            if (mr->state[c] == CELL_FAR && d <= 1.5f) {
                mr->state[c] = CELL_KNOWN;
                mr->dist[c] = d * cost(mr->slowness, c);
                known++;
            }
        }
    }
    return known;
}

/* The seeds' neighbours become trial texels. */
static void seed_trials(march *mr, texel_box b)
{
    int w = mr->w, h = mr->h;
    for (int j = b.j0 - 1; j <= b.j1 + 1; j++) {
        for (int i = b.i0 - 1; i <= b.i1 + 1; i++) {
            if (i < 0 || j < 0 || i >= w || j >= h)
                continue;
            int c = j * w + i;
            if (mr->state[c] != CELL_FAR)
                continue;
            float t = solve(mr->dist, mr->state, w, h, i, j, cost(mr->slowness, c));
            if (isinf(t))
                continue;
            mr->dist[c] = t;
            mr->state[c] = CELL_TRIAL;
            heap_push(&mr->hp, c);
        }
    }
}

/* Marches the front out from the trial texels: the nearest becomes known
   and its 8 neighbours are solved again. Returns how many became known. */
static int march_front(march *mr)
{
    static const int nb8[8][2] = { { 1, 0 },  { -1, 0 }, { 0, 1 },  { 0, -1 },
                                   { 1, 1 },  { -1, 1 }, { 1, -1 }, { -1, -1 } };
    int w = mr->w, h = mr->h, known = 0;
    float *dist = mr->dist;
    unsigned char *state = mr->state;
    while (mr->hp.count > 0) {
        int c = heap_pop(&mr->hp);
        state[c] = CELL_KNOWN;
        known++;
        int ci = c % w, cj = c / w;
        for (int k = 0; k < 8; k++) {
            int i = ci + nb8[k][0], j = cj + nb8[k][1];
            if (i < 0 || j < 0 || i >= w || j >= h)
                continue;
            int q = j * w + i;
            if (state[q] != CELL_FAR && state[q] != CELL_TRIAL)
                continue;
            float t = solve(dist, state, w, h, i, j, cost(mr->slowness, q));
            if (state[q] == CELL_FAR) {
                dist[q] = t;
                state[q] = CELL_TRIAL;
                heap_push(&mr->hp, q);
            } else if (t < dist[q]) {
                dist[q] = t;
                heap_up(&mr->hp, mr->hp.pos[q]);
            }
        }
    }
    return known;
}

int field_geodesic_weighted(const float *mask, const float *slowness, int w, int h,
                            float threshold, float seed_x, float seed_y, float *dist)
{
    if (!mask || !dist || w < 1 || h < 1 || (long long)w * h > 0x7fffffffLL)
        return -1;
    int n = w * h;
    for (int c = 0; c < n; c++)
        dist[c] = FIELD_UNREACHABLE;
    if (!(seed_x >= 0.0f && seed_y >= 0.0f && seed_x <= (float)w && seed_y <= (float)h))
        return -1;
    if (threshold <= 0.0f)
        threshold = 0.5f;

    march mr = { slowness, w, h, dist, malloc((size_t)n),
                 { malloc(sizeof(int) * (size_t)n), malloc(sizeof(int) * (size_t)n), 0, dist } };
    int reached = -1;
    if (mr.state && mr.hp.items && mr.hp.pos) {
        for (int c = 0; c < n; c++)
            mr.state[c] = mask[c] >= threshold ? CELL_FAR : CELL_OUTSIDE;
        texel_box b = { (int)floorf(seed_x - 1.5f), (int)floorf(seed_x + 1.5f),
                        (int)floorf(seed_y - 1.5f), (int)floorf(seed_y + 1.5f) };
        int known = seed_known(&mr, b, seed_x, seed_y);
        if (known > 0) {
            seed_trials(&mr, b);
            /* texels left FAR were cut off from the seed; like OUTSIDE ones
               they still hold FIELD_UNREACHABLE from the start */
            reached = known + march_front(&mr);
        }
    }
    free(mr.state);
    free(mr.hp.items);
    free(mr.hp.pos);
    return reached;
}

float field_normalize(const float *dist, int n, float *out)
{
    float maxd = 0.0f;
    if (!dist || !out || n < 1)
        return 0.0f;
    for (int c = 0; c < n; c++)
        if (dist[c] > maxd)
            maxd = dist[c];
    float inv = maxd > 0.0f ? 1.0f / maxd : 0.0f;
    for (int c = 0; c < n; c++)
        out[c] = dist[c] < 0.0f ? FIELD_UNREACHABLE : dist[c] * inv;
    return maxd;
}
