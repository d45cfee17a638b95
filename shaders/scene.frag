// The scene's light, back to front, in linear-light HDR: sky and dawn, the
// well's shaft, the seated figure (dark body, cool rim), the glow spreading
// inside it, the heart light, the loved one's form and the radiating waves.
// Everything is a function of the uniforms (session time and the timeline's
// values for that time); nothing accumulates between frames.
// PART_WELL, PART_GLOW, PART_LOVED and PART_RADIANCE (0 or 1, #defined by the
// loader) keep or leave out the optional parts: with software GL, which runs
// both sides of every branch, the renderer draws with a variant holding only
// the parts the moment shows. Each part still checks its value, so a variant
// with every part is right at any moment.
precision highp float;

in vec2 v_uv;
out vec4 o_color;

uniform vec2 u_size;        // target size in pixels
uniform vec3 u_view;        // scale (px per figure unit), origin x, origin y (top-left, px)
uniform float u_time;       // session seconds
uniform sampler2D u_body;   // coverage, signed distance, glow arrival, resistance
uniform vec2 u_heart;       // figure space
uniform float u_breath;     // 0 (rest, out-breath done) .. 1 (top of the in-breath)
uniform float u_loved_x;    // figure space x of the loved one's form
uniform vec2 u_face;        // figure space: where the fountain's light falls on the face
uniform float u_face_light; // 0..1: how strongly (follows the fountain)

uniform float u_fade, u_figure, u_heart_light, u_breath_depth, u_loved, u_dissolve, u_well;
uniform float u_glow, u_resist, u_radiance, u_dawn;

vec3 srgb(vec3 c)  // sRGB colour constant to linear light
{
    return mix(c / 12.92, pow((c + 0.055) / 1.055, vec3(2.4)), step(0.04045, c));
}

float hash12(vec2 p)
{
    vec3 p3 = fract(vec3(p.xyx) * 0.1031);
    p3 += dot(p3, p3.yzx + 33.33);
    return fract((p3.x + p3.y) * p3.z);
}

float vnoise(vec2 p)  // smooth value noise, 0..1
{
    vec2 i = floor(p), f = fract(p);
    f = f * f * (3.0 - 2.0 * f);
    return mix(mix(hash12(i), hash12(i + vec2(1, 0)), f.x),
               mix(hash12(i + vec2(0, 1)), hash12(i + vec2(1, 1)), f.x), f.y);
}

void main()
{
    vec2 px = vec2(v_uv.x, 1.0 - v_uv.y) * u_size;   // top-left origin
    vec2 f = (px - u_view.yz) / u_view.x;             // figure space
    float unit_px = 1.0 / u_view.x;                   // one pixel in figure units

    // Sky: indigo gradient, warming toward dawn at the end.
    vec3 top = mix(srgb(vec3(0.043, 0.063, 0.149)), srgb(vec3(0.169, 0.137, 0.314)), u_dawn);
    vec3 horizon = mix(srgb(vec3(0.102, 0.106, 0.227)), srgb(vec3(0.420, 0.290, 0.431)), u_dawn);
    vec3 col = mix(top, horizon, smoothstep(0.0, 0.95, f.y));
    vec2 c = (px - 0.5 * u_size) / min(u_size.x, u_size.y);
    col *= 1.0 - 0.35 * smoothstep(0.35, 1.1, length(c));

    // The well: a soft shaft of pale gold from the heart down into the ground.
    float below = f.y - u_heart.y;
#if PART_WELL
    if (u_well > 0.001) {
        float width = 0.035 + 0.05 * max(below, 0.0);
        float across = f.x / width;                      // (pow is undefined for a negative base)
        float shaft = exp(-across * across) * smoothstep(-0.02, 0.12, below);
        float flow = 0.75 + 0.25 * vnoise(vec2(f.x * 30.0, f.y * 6.0 + u_time * 0.35));
        col += srgb(vec3(0.910, 0.827, 0.627)) * (0.16 * u_well * shaft * flow);
    }
#endif

    // The figure: dark body with a cool rim just inside its edge.
    vec4 body = texture(u_body, vec2(f.x + 0.5, f.y));
    bool in_box = abs(f.x) < 0.5 && f.y > 0.0 && f.y < 1.0;
    float sd = in_box ? body.g : 1.0;
    float cover = clamp(0.5 - sd / unit_px, 0.0, 1.0);  // anti-aliased at any size
    vec3 body_col = srgb(vec3(0.078, 0.094, 0.200)) * (0.80 + 0.20 * u_figure);
    float rim = exp(-abs(sd + 0.004) / 0.006) * cover;
    vec3 inside = body_col + srgb(vec3(0.435, 0.482, 0.761)) * (0.11 * u_figure * rim);

    // The glow: light inside a translucent body, spreading as a slow liquid
    // front by geodesic arrival from the heart. Brightest round the heart,
    // falling off softly toward the limbs (the fingertips and ears, reached
    // last, still clearly lit); a thin brighter rim where the light shows
    // through the body's edge; a very slow, broad drift of light inside
    // (under 0.05 Hz, +-8%), never small blotches.
#if PART_GLOW
    float arrival = in_box ? body.b : 2.0;
    if (u_glow > 0.0005 && arrival < 1.5) {
        float wobble = (vnoise(f * 18.0 + vec2(0.0, u_time * 0.08)) - 0.5) * 0.05;
        float front = u_glow * 1.06;
        float lit = smoothstep(front, front - 0.07, arrival + wobble);
        // Rose at the spreading front, settling to gold behind it.
        float near_front = smoothstep(front - 0.22, front - 0.02, arrival + wobble);
        // Resistance: a few regions hold back a little, with a slow shimmer
        // (0.3 Hz), and fill in as the timeline lets `resist` go.
        float held = u_resist * body.a;
        float shimmer = (1.0 - 0.3 * held) * (1.0 + 0.15 * held * sin(u_time * 2.0 + f.y * 20.0));
        // Light pools downward like honey: distance above the heart counts
        // a little more than below it, so the head glows softer than the lap
        // but is still lit (never a dark cap over a glowing body).
        vec2 from_heart = (f - u_heart) * vec2(1.0, f.y < u_heart.y ? 1.4 : 0.75);
        float up = clamp((u_heart.y - f.y) / 0.2, 0.0, 1.0);
        float core = exp(-length(from_heart) / 0.15);
        float falloff = 0.56 - 0.25 * up + 0.80 * core;
        // Rose at the front; behind it, gold near the heart and peach where
        // the light has travelled further (rosier on the softer-lit head), as
        // in a hand held over a lamp: the dim parts keep a warm colour
        // instead of going grey-brown or olive.
        vec3 far = mix(srgb(vec3(1.0, 0.720, 0.400)), srgb(vec3(1.0, 0.640, 0.520)), up);  // rosier on the head
        vec3 settled = mix(far, srgb(vec3(1.0, 0.800, 0.500)), core);
        vec3 glow_col = mix(settled, srgb(vec3(0.949, 0.639, 0.627)), near_front);
        // Each limb is fuller of light along its middle than at its sides,
        // so the body reads round rather than as a flat cut-out; a thin, soft
        // brighter band just inside the edge is the light through the skin.
        float depth = 0.72 + 0.28 * smoothstep(0.0, 0.035, -sd);
        float rim_in = exp(-abs(sd + 0.004) / 0.006);
        float drift = 0.92 + 0.16 * vnoise(f * 3.5 + u_time * vec2(0.030, -0.021));
        // At dawn the sky brightens, and the body's light rises with it so
        // that it still reads as light, not as a brown cut-out on the sky.
        // On the head the lift goes to its rim, which keeps the head's
        // outline clear of the brighter sky behind it.
        float dawn_lift = 0.15 * u_dawn * (1.0 - up);
        float rim_w = 0.45 + (0.15 + 0.45 * u_dawn) * up;
        float strength = 0.15 * falloff * (depth + rim_w * rim_in) * drift *
                         (1.0 + 0.12 * u_breath_depth * u_breath) * (1.0 + dawn_lift);
        // The light replaces most of the body's dark blue, not only adds to it.
        inside = inside * (1.0 - 0.75 * lit) + glow_col * lit * strength * shimmer;
    }
#endif
    // The face: a faint warm light from the fountain below, so the face
    // reads through the spray's crown.
    vec2 to_face = (f - u_face) / vec2(0.06, 0.07);
    float face = exp(-dot(to_face, to_face));
    inside += srgb(vec3(1.0, 0.788, 0.478)) * (0.04 * u_face_light * face);
    col = mix(col, inside, cover);
#ifdef MASK_VIEW
    o_color = vec4(vec3(step(0.5, cover)) * u_fade, 1.0);  // test aid: the silhouette only
    return;
#endif

    // Heart light: breathes with the breath (in-breath brighter).
    float dh = length(f - u_heart);
    float pulse = 1.0 + u_breath_depth * (2.0 * u_breath - 1.0);
    vec3 warm = srgb(vec3(1.0, 0.945, 0.863));
    vec3 gold = srgb(vec3(1.0, 0.788, 0.478));
    col += u_heart_light * pulse * (warm * 0.9 * exp(-pow(dh / 0.018, 2.0)) +
                                    gold * 0.30 * exp(-pow(dh / 0.06, 2.0)) +
                                    gold * 0.06 * exp(-dh / 0.12));

    // The loved one: a small soft form of light beside the figure, upright
    // like a little seated or standing person (a head over a rounded body),
    // rose-gold and dimmer than the heart, with a soft halo; a warm point at
    // its own heart is where the stream arrives. Never a white orb.
#if PART_LOVED
    float loved = u_loved * (1.0 - u_dissolve);
    if (loved > 0.001) {
        vec2 lp = vec2(u_loved_x, u_heart.y);
        float head_d = length(f - lp - vec2(0.0, -0.035)) - 0.0115;
        float body_d = (length((f - lp - vec2(0.0, 0.008)) / vec2(0.021, 0.032)) - 1.0) * 0.021;
        float k = 0.014, h = max(k - abs(head_d - body_d), 0.0) / k;
        float shape = min(head_d, body_d) - h * h * k * 0.25;      // smooth union, figure units
        float fill = 1.0 - smoothstep(-0.006, 0.002, shape);
        float halo = exp(-max(shape, 0.0) / 0.012);
        vec3 rose = srgb(vec3(0.949, 0.639, 0.627));
        float core = exp(-dot(f - lp, f - lp) / (0.012 * 0.012));
        col += loved * (1.0 + 0.1 * u_breath) * (rose * (0.16 * fill + 0.04 * halo) + gold * 0.12 * core);
    }
#endif

    // Radiance: rings of light moving outward from the heart (~8% of the
    // height per second, one every 5 s), fading with distance, two or three
    // in view at once. Each is a soft warm edge at its front with a long fade
    // behind it, like a ripple of light, and the sky between them stays
    // clear: the waves brighten the sky rather than tint it.
#if PART_RADIANCE
    if (u_radiance > 0.001) {
        float ph = fract((dh - 0.08 * u_time) / 0.40);   // 1 at a ring's front, falling behind it
        float ring = smoothstep(0.10, 0.88, ph) * (1.0 - smoothstep(0.88, 1.0, ph));
        float fall = exp(-dh * 1.6) * (0.3 + 0.7 * smoothstep(0.1, 0.4, dh));  // strongest beyond the figure
        // Over the figure the waves are fainter: the body keeps its own light
        // and the face stays readable; they show beyond it.
        col += gold * (u_radiance * 0.085 * fall * ring * ring * (1.0 - 0.9 * cover));
    }
#endif

    o_color = vec4(col * u_fade, 1.0);
}
