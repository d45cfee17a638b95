// Bloom, upsample step: a 3x3 tent around the texel, from four bilinear taps
// (each at a corner between four texels: weights 1-2-1 in each direction),
// added onto the next larger level.
precision highp float;

in vec2 v_uv;
out vec4 o_color;

uniform sampler2D u_src;
uniform vec2 u_texel;  // 1 / source size

void main()
{
    vec2 h = u_texel * 0.5;
    vec3 s = texture(u_src, v_uv + vec2(-h.x, -h.y)).rgb;
    s += texture(u_src, v_uv + vec2(h.x, -h.y)).rgb;
    s += texture(u_src, v_uv + vec2(-h.x, h.y)).rgb;
    s += texture(u_src, v_uv + vec2(h.x, h.y)).rgb;
    o_color = vec4(s * 0.25, 1.0);
}
