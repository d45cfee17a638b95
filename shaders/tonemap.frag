// Finishing: filmic shoulder, sRGB encoding and triangular dither.
// The curve is the identity in the dark range (so the palette's deep blues
// come out as designed) and rolls highlights off smoothly toward a ceiling
// below white: the heart core never clips to a flat blob. The dither adds
// triangular noise of about 1 LSB before 8-bit quantisation so the dark
// gradients do not band on a TV; it is a hash of the pixel and the frame
// time, so a frame is still a pure function of t.
precision highp float;

in vec2 v_uv;
out vec4 o_color;

uniform sampler2D u_hdr;
uniform sampler2D u_bloom;
uniform float u_bloom_amount;
uniform float u_time;
uniform vec2 u_size;

const float KNEE = 0.45;
const float CEIL = 0.80;  // linear ceiling (relative luminance cap, ART.md)

float shoulder1(float x)
{
    float room = CEIL - KNEE;
    return min(x, KNEE) + room * (1.0 - exp(-max(x - KNEE, 0.0) / room));
}

// Applied to the brightest channel and the colour scaled with it, so a hot
// warm light keeps its hue (gold stays gold) instead of bleaching to white.
vec3 shoulder(vec3 x)
{
    float m = max(max(x.r, x.g), x.b);
    return m > KNEE ? x * (shoulder1(m) / m) : x;
}

// sRGB encoding. SRGB_FIT (#defined by the loader for software GL, which
// evaluates pow as a log and an exp per channel): above the linear toe, a fit
// in three square roots, within 0.26 of an 8-bit step everywhere (below the
// dither). A GPU's pow is two cheap instructions, so it keeps the exact curve.
vec3 linear_to_srgb(vec3 c)
{
    c = clamp(c, 0.0, 1.0);
#if SRGB_FIT
    vec3 s1 = sqrt(c), s2 = sqrt(s1), s3 = sqrt(s2);
    vec3 curve = 0.662002687 * s1 + 0.684122060 * s2 - 0.323583601 * s3 - 0.0225411470 * c;
#else
    vec3 curve = 1.055 * pow(c, vec3(1.0 / 2.4)) - 0.055;
#endif
    return mix(c * 12.92, curve, step(0.0031308, c));
}

// Two uniform values from one hash of the pixel and the frame's seed.
vec2 hash2(vec2 p, float s)
{
    vec3 p3 = fract(vec3(p.xyx) * vec3(0.1031, 0.1030, 0.0973) + s);
    p3 += dot(p3, p3.yzx + 33.33);
    return fract((p3.xx + p3.yz) * p3.zy);
}

void main()
{
    // The HDR image is the same size as this pass: one texel per pixel, no
    // filtering (software GL spends most of a bilinear tap on the filter).
    vec3 hdr = texelFetch(u_hdr, ivec2(gl_FragCoord.xy), 0).rgb + u_bloom_amount * texture(u_bloom, v_uv).rgb;
    vec3 c = linear_to_srgb(shoulder(hdr));
    vec2 px = floor(v_uv * u_size);
    float seed = fract(u_time * 0.618034);
    vec2 u = hash2(px, seed);
    float n = u.x + u.y - 1.0;  // triangular, -1..1
    c += n / 255.0;
    o_color = vec4(c, 1.0);
}
