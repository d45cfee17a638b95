// Dual-filter bloom, downsample step: five bilinear taps around the texel.
// The first step from the scene keeps only light above a soft threshold so
// the dark sky does not haze over.
precision highp float;

in vec2 v_uv;
out vec4 o_color;

uniform sampler2D u_src;
uniform vec2 u_texel;      // 1 / source size
uniform float u_threshold; // 0 for every step after the first

void main()
{
    vec3 s = texture(u_src, v_uv).rgb * 4.0;
    s += texture(u_src, v_uv + vec2(-u_texel.x, -u_texel.y)).rgb;
    s += texture(u_src, v_uv + vec2(u_texel.x, -u_texel.y)).rgb;
    s += texture(u_src, v_uv + vec2(-u_texel.x, u_texel.y)).rgb;
    s += texture(u_src, v_uv + vec2(u_texel.x, u_texel.y)).rgb;
    s *= 0.125;
    if (u_threshold > 0.0) {
        float l = max(max(s.r, s.g), s.b);
        s *= smoothstep(u_threshold, u_threshold * 2.5, l);
    }
    o_color = vec4(s, 1.0);
}
