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
#if FAMILY == 3
uniform sampler2D u_body;   // the figure's maps (coverage in r): motes dim over it
#endif

out vec3 v_color;
// The sprite's shape, in units of its radius: the streak's direction (x, y,
// y down), half its length (z) and the sprite's half-extent (w). Bubbles
// use x for their wobble. Round sprites: (1, 0, 0, 1.5).
flat out vec4 v_shape;

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
    vec2 vel = vec2(0.0);  // figure units per second (drops: drawn as a streak)
    float exposure = 0.0;  // seconds of motion each streak shows; 0: a round sprite
    float wobble = 0.0;    // bubbles: how far the ring is squeezed, -1..1

#if FAMILY == 1
    // A small stone fountain lit from inside: five slender jets (a centre
    // one, an inner and an outer pair) rise from the heart, crest about chin
    // height and break into drops that fall back in parabolas around the
    // chest and shoulders. A tenth of the family draws the rising jets
    // (long dim streaks that fade as they crest, so the crown is
    // translucent), a twelfth the falling drops; the rest are not drawn:
    // every one of them would thicken the spray into a cloud. The choice is
    // by index, so a particle keeps its role from cycle to cycle.
    float role = rnd(id, 11u);
    bool jet_part = role < 0.10;
    uint jet = id % 5u;
    float side = (jet == 1u || jet == 3u) ? -1.0 : 1.0;
    // The centre jet's rare tall drops reach u_height (a little above the
    // head at the fountain's strongest); the rest crest near the chin.
    bool tall = jet == 0u && rnd(id, 9u) < 0.06;
    float crown = tall ? 0.75 + 0.25 * rnd(id, 10u) : (jet == 0u ? 0.44 : (jet < 3u ? 0.42 : 0.31));
    float apex_x = jet == 0u ? 0.0 : (jet < 3u ? 0.046 : 0.085);
    float life = (tall ? 4.8 : 2.7) + 0.4 * rnd(id, 1u);           // drops stay near 30% of the height per second
    float ta = life / 2.3;                                       // rise time: the drop falls past its start
    if (jet_part)
        life = ta;                                               // a jet streak lives only while it rises
    cycle(id, life, age, seed);
    float a = age * life;
    float h = u_height * crown * (0.9 + 0.2 * rnd(seed, 2u)) * (1.0 + 0.3 * u_breath_depth * (u_breath - 0.5));
    float g = 2.0 * h / (ta * ta);
    float vy = g * ta;
    // Each jet sways very slowly (periods near 40 s), as water in a breeze.
    float sway = 1.0 + 0.12 * sin(0.16 * u_time + 1.7 * float(jet));
    float vx = side * apex_x * (0.55 + 0.9 * u_spread) * sway * (0.85 + 0.3 * rnd(seed, 3u)) / ta;
    if (jet == 0u)
        vx = (rnd(seed, 3u) - 0.5) * 0.016 / ta;
    vec2 start = u_heart + vec2((rnd(seed, 4u) - 0.5) * 0.006, -0.006);
    pos = start + vec2(vx * a, -(vy * a - 0.5 * g * a * a));
    vel = vec2(vx, -(vy - g * a));
    size = mix(0.0011, 0.0019, rnd(seed, 6u));                   // streak half-width
    if (jet_part) {
        exposure = 0.24;                                         // long: the streaks join into a jet
        bright = 0.034 * smoothstep(0.0, 0.08, age) * (1.0 - smoothstep(0.5, 1.0, age));
    } else {
        exposure = 0.06;                                         // short streaks along the arc
        // Brighter at launch, dimmer as they fall; gone before the lap.
        float fall = clamp((age * 2.3 - 1.0) / 1.3, 0.0, 1.0);
        bright = 0.16 * smoothstep(0.0, 0.05, age) * mix(1.0, 0.45, age) * (1.0 - smoothstep(0.55, 1.0, fall));
    }
    if (tall)
        bright *= 0.5 * smoothstep(0.2, 0.28, u_height);        // faint, and only when the fountain is strong
    if (role >= 0.18)
        bright = 0.0;
    bright *= emitted(seed, u_rate);
    color = mix(u_color, warm, rnd(seed, 8u) * 0.7);
#elif FAMILY == 2
    // Small clear rings at the fountain's base, rising slowly and wobbling
    // (side to side and in shape, at 0.4 Hz) as they go. A twelfth of the
    // family is drawn: more would froth into a cloud round the heart.
    float life = 3.0 + 2.0 * rnd(id, 1u);
    cycle(id, life, age, seed);
    float a = age * life;
    float r = 0.045 * sqrt(rnd(seed, 2u));
    float th = 6.2831853 * rnd(seed, 3u);
    float rise = 0.012 + 0.012 * rnd(seed, 4u);                  // <= 5% of the height per second
    float ph = 2.6 * a + th;
    pos = u_heart + vec2(r * cos(th) + 0.005 * sin(ph), r * sin(th) * 0.5 + 0.01 - rise * a);
    size = mix(0.0045, 0.0085, rnd(seed, 5u));
    wobble = sin(ph + 1.2);
    bright = rnd(id, 11u) < 0.08 ? 0.13 * fade_ends(age, 0.25, 0.4) * emitted(seed, u_rate) : 0.0;
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
    // The figure stands in front of the air: over its silhouette a mote is
    // much fainter, so the night sky does not seem to show through the body.
    ivec2 bs = textureSize(u_body, 0);
    vec2 bt = vec2(pos.x + 0.5, pos.y) * vec2(bs);
    if (bt.x >= 0.0 && bt.y >= 0.0 && bt.x < float(bs.x) && bt.y < float(bs.y))
        bright *= 1.0 - 0.8 * texelFetch(u_body, ivec2(bt), 0).r;
    color = mix(vec3(0.55, 0.6, 0.9), warm, rnd(seed, 7u));
#elif FAMILY == 4
    float life = 5.0 + 1.5 * rnd(id, 1u);
    cycle(id, life, age, seed);
    // Each particle lands somewhere on the loved one's form, not on one
    // point, and has faded by then: the stream never piles into a bright dot.
    float land = 6.2831853 * rnd(seed, 6u);
    vec2 p0 = u_heart, p2 = vec2(u_loved_x, u_heart.y) + vec2(0.014 * cos(land), 0.022 * sin(land));
    vec2 p1 = 0.5 * (p0 + p2) + vec2(0.0, -0.09 - 0.03 * rnd(seed, 2u));
    float s = age;
    pos = mix(mix(p0, p1, s), mix(p1, p2, s), s);
    pos += vec2(0.0, 0.030 * (rnd(seed, 3u) - 0.5) * sin(3.14159 * s) + 0.004 * sin(1.7 * u_time + 9.0 * rnd(seed, 4u)));
    size = mix(0.0022, 0.0045, rnd(seed, 5u));
    bright = 0.12 * fade_ends(age, 0.15, 0.35) * emitted(seed, u_rate);
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
    size = mix(0.0015, 0.0032, rnd(seed, 4u));
    bright = 0.09 * fade_ends(age, 0.15, 0.5) * emitted(seed, u_rate);
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

    // A drop is drawn as a short streak along its velocity (motion blur in
    // closed form): from its position back along the way it came, so the
    // sprite grows by the streak's length. Fill is most of the cost, which
    // is why the drops are few and thin.
    float speed = length(vel);
    float half_len = exposure > 0.0 && speed > 1e-5 ? 0.5 * speed * exposure * u_view.x : 0.0;
    vec2 dir = half_len > 0.0 ? vel / speed : vec2(1.0, 0.0);
    float extent = half_len + 1.5 * r_draw;                        // pixels from the sprite's centre
    v_shape = vec4(dir, half_len / r_draw, extent / r_draw);
#if FAMILY == 2
    v_shape.x = wobble;
#endif

    // One point sprite per particle (a quarter of the vertex work of a quad):
    // the sprite spans one and a half radii beyond the streak each side,
    // where the falloff has reached zero (particles.frag).
    vec2 p = u_view.yz + pos * u_view.x - dir * half_len;
    v_color = color * bright;
    gl_PointSize = bright > 0.0 ? extent * 2.0 : 0.0;
    if (bright <= 0.0)
        p = vec2(-1e4);                                            // culled: off screen
    gl_Position = vec4(p.x / u_size.x * 2.0 - 1.0, 1.0 - p.y / u_size.y * 2.0, 0.0, 1.0);
}
