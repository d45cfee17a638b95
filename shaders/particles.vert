// Stateless particles: each one's position, colour and life are a function
// of its index, the timeline's values and the session time. There is no
// simulation state, so any t renders the same whatever frames came before.
// One family per program: FAMILY is #defined by the loader (shader variants
// instead of branches, which software GL would not skip).
//   1 drops   2 bubbles   3 motes   4 stream to the loved one
//   5 rising from the well   6 dissolving loved form   7 radiating drift
precision highp float;

uniform vec2 u_size;        // target size in pixels
uniform vec3 u_view;        // scale (px per figure unit), origin x, origin y
uniform float u_time;
uniform vec2 u_heart;
uniform float u_loved_x;
uniform float u_breath;
uniform float u_rate;       // this family's emission strength 0..1
uniform float u_keep;       // this family's (fractional) particle count: the last one fades
uniform float u_density;    // <= 1: the look was tuned with 1/u_density times fewer particles
uniform float u_height;     // fountain height (frame units above the heart)
uniform float u_spread;     // fountain spread 0..1
uniform float u_breath_depth;
uniform vec3 u_color;       // fountain colour, linear

out vec3 v_color;

uint hash(uint x)
{
    x ^= x >> 16; x *= 0x7feb352du;
    x ^= x >> 15; x *= 0x846ca68bu;
    x ^= x >> 16;
    return x;
}

float rnd(uint seed, uint k) { return float(hash(seed ^ (k * 0x9e3779b9u)) >> 8) / 16777216.0; }

// The particle's life cycle: age 0..1 within its current cycle, and a seed
// that changes every cycle so each reincarnation differs.
void cycle(uint id, float life, out float age, out uint seed)
{
    float c = u_time / life + rnd(id, 101u);
    float k = floor(c);
    age = c - k;
    seed = hash(id * 747796405u + uint(int(k) + 1000000));
}

// Fades emission in and out particle by particle as u_rate moves, so a
// change of rate thins or fills the stream without popping.
float emitted(uint seed, float rate)
{
    float r = rnd(seed, 7u) * 0.85;
    return smoothstep(r, r + 0.15, rate);
}

float fade_ends(float age, float fin, float fout)
{
    return smoothstep(0.0, fin, age) * (1.0 - smoothstep(1.0 - fout, 1.0, age));
}

void main()
{
    uint id = uint(gl_VertexID);
    vec2 pos;          // figure space
    float size;        // sprite radius, figure units
    float bright;      // HDR intensity of the sprite's centre
    vec3 color;
    float age;
    uint seed;
    vec3 warm = vec3(1.0, 0.88, 0.72);
    vec3 gold = vec3(1.0, 0.58, 0.18);
    vec3 rose = vec3(0.88, 0.36, 0.33);

#if FAMILY == 1
    float life = 3.4 + 0.8 * rnd(id, 1u);
    cycle(id, life, age, seed);
    float a = age * life;
    float ta = 0.52 * life;                                      // time to the apex
    // Apex heights thin out toward the top (density falls linearly to zero
    // there), so the spray ends in a soft crown rather than a flat ceiling.
    float h = u_height * (1.1 - 0.55 * sqrt(rnd(seed, 2u))) * (1.0 + 0.3 * u_breath_depth * (u_breath - 0.5));
    float g = 2.0 * h / (ta * ta);
    float vy = g * ta;
    float ang = (rnd(seed, 3u) - 0.5) * (0.4 + 1.2 * u_spread);
    float vx = vy * tan(ang) * 0.55;                             // falls back around the shoulders
    vec2 start = u_heart + vec2((rnd(seed, 4u) - 0.5) * 0.012, -0.004);
    float wob = 0.006 * sin(0.9 * u_time + 6.2831853 * rnd(seed, 5u)) * age;   // soft turbulence
    pos = start + vec2(vx * a + wob, -(vy * a - 0.5 * g * a * a));
    size = mix(0.0020, 0.0052, rnd(seed, 6u));
    bright = 0.075 * fade_ends(age, 0.22, 0.35) * emitted(seed, u_rate); // a soft stem, not a beam
    color = mix(u_color, warm, rnd(seed, 8u) * 0.7);
#elif FAMILY == 2
    float life = 3.0 + 2.0 * rnd(id, 1u);
    cycle(id, life, age, seed);
    float a = age * life;
    float r = 0.030 * sqrt(rnd(seed, 2u));
    float th = 6.2831853 * rnd(seed, 3u);
    float rise = 0.018 + 0.018 * rnd(seed, 4u);                  // <= 5% of the height per second
    pos = u_heart + vec2(r * cos(th) + 0.006 * sin(2.6 * a + th), r * sin(th) * 0.6 - rise * a);
    size = mix(0.005, 0.011, rnd(seed, 5u));
    bright = 0.10 * fade_ends(age, 0.25, 0.35) * emitted(seed, u_rate);
    color = mix(warm, u_color, 0.4);
#elif FAMILY == 3
    float life = 10.0 + 8.0 * rnd(id, 1u);
    cycle(id, life, age, seed);
    float a = age * life;
    float half_w = 0.5 * u_size.x / u_view.x + 0.05;
    float top = -u_view.z / u_view.x - 0.05, bottom = (u_size.y - u_view.z) / u_view.x + 0.05;
    vec2 p0 = vec2(mix(-half_w, half_w, rnd(seed, 2u)), mix(top, bottom, rnd(seed, 3u)));
    float th = 6.2831853 * rnd(seed, 4u);
    vec2 v = vec2(cos(th), sin(th) - 0.6) * (0.006 + 0.010 * rnd(seed, 5u));
    pos = p0 + v * a;
    size = mix(0.0012, 0.0022, rnd(seed, 6u));
    bright = 0.10 * fade_ends(age, 0.3, 0.3) * emitted(seed, u_rate);
    color = mix(vec3(0.55, 0.6, 0.9), warm, rnd(seed, 7u));
#elif FAMILY == 4
    float life = 5.0 + 1.5 * rnd(id, 1u);
    cycle(id, life, age, seed);
    vec2 p0 = u_heart, p2 = vec2(u_loved_x, u_heart.y);
    vec2 p1 = 0.5 * (p0 + p2) + vec2(0.0, -0.09 - 0.03 * rnd(seed, 2u));
    float s = age;
    pos = mix(mix(p0, p1, s), mix(p1, p2, s), s);
    pos += vec2(0.0, 0.030 * (rnd(seed, 3u) - 0.5) * sin(3.14159 * s) + 0.004 * sin(1.7 * u_time + 9.0 * rnd(seed, 4u)));
    size = mix(0.0022, 0.0045, rnd(seed, 5u));
    bright = 0.12 * fade_ends(age, 0.15, 0.2) * emitted(seed, u_rate);
    color = mix(u_color, rose, 0.45);
#elif FAMILY == 5
    float life = 6.0 + 2.0 * rnd(id, 1u);
    cycle(id, life, age, seed);
    float bottom = (u_size.y - u_view.z) / u_view.x + 0.04;
    float y = mix(bottom, u_heart.y + 0.02, age);
    float depth = max(y - u_heart.y, 0.0);
    pos = vec2((rnd(seed, 2u) - 0.5) * (0.02 + 0.09 * depth) + 0.004 * sin(1.3 * u_time + 7.0 * rnd(seed, 3u)), y);
    size = mix(0.0018, 0.0040, rnd(seed, 4u));
    bright = 0.12 * fade_ends(age, 0.2, 0.25) * emitted(seed, u_rate);
    color = mix(vec3(0.85, 0.70, 0.42), warm, 0.5);
#elif FAMILY == 6
    float life = 5.0 + 3.0 * rnd(id, 1u);
    cycle(id, life, age, seed);
    float a = age * life;
    float th = 6.2831853 * rnd(seed, 2u);
    vec2 p0 = vec2(u_loved_x, u_heart.y) + 0.03 * sqrt(rnd(seed, 3u)) * vec2(cos(th), sin(th) * 1.4);
    vec2 v = vec2(cos(th), sin(th) - 0.8) * (0.010 + 0.012 * rnd(seed, 4u));
    pos = p0 + v * a;
    size = mix(0.0020, 0.0045, rnd(seed, 5u));
    bright = 0.15 * fade_ends(age, 0.1, 0.6) * emitted(seed, u_rate);
    color = mix(warm, rose, 0.5);
#else
    float life = 12.0 + 6.0 * rnd(id, 1u);
    cycle(id, life, age, seed);
    float a = age * life;
    float th = 6.2831853 * rnd(seed, 2u);
    float r = 0.03 + 0.035 * a * (0.7 + 0.6 * rnd(seed, 3u));
    pos = u_heart + r * vec2(cos(th), sin(th));
    size = mix(0.0018, 0.0038, rnd(seed, 4u));
    bright = 0.12 * fade_ends(age, 0.15, 0.5) * emitted(seed, u_rate);
    color = mix(u_color, warm, 0.5);
#endif

    // Quality ramps move u_keep gradually; the top particle fades with it.
    bright *= clamp(u_keep - float(gl_VertexID), 0.0, 1.0);

    // Many particles (a strong GPU's budget) make a finer mist, not a brighter
    // one: each sprite's area shrinks with the density, so the light and the
    // pixels filled stay what they were at the tuned count.
    size *= sqrt(u_density);

    // Sprites smaller than ~1.5 px would alias and shimmer; keep the quad at
    // least that big and lower the intensity so the energy stays the same.
    float r_px = size * u_view.x;
    float r_draw = max(r_px, 1.5);
    bright *= (r_px * r_px) / (r_draw * r_draw);

    // One point sprite per particle (a quarter of the vertex work of a quad):
    // the sprite spans one and a half radii each side of the centre, where
    // the falloff has reached zero (particles.frag); fill is most of the cost.
    vec2 p = u_view.yz + pos * u_view.x;
    v_color = color * bright;
    gl_PointSize = bright > 0.0 ? r_draw * 3.0 : 0.0;
    if (bright <= 0.0)
        p = vec2(-1e4);                                            // culled: off screen
    gl_Position = vec4(p.x / u_size.x * 2.0 - 1.0, 1.0 - p.y / u_size.y * 2.0, 0.0, 1.0);
}
