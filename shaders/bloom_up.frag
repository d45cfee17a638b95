// Dual-filter bloom, upsample step: eight taps in a tent around the texel,
// added onto the next larger level.
precision highp float;

in vec2 v_uv;
out vec4 o_color;

uniform sampler2D u_src;
uniform vec2 u_texel;  // 1 / source size

void main()
{
    vec2 h = u_texel * 0.5;
    vec3 s = texture(u_src, v_uv + vec2(-h.x * 2.0, 0.0)).rgb;
    s += texture(u_src, v_uv + vec2(-h.x, h.y)).rgb * 2.0;
    s += texture(u_src, v_uv + vec2(0.0, h.y * 2.0)).rgb;
    s += texture(u_src, v_uv + vec2(h.x, h.y)).rgb * 2.0;
    s += texture(u_src, v_uv + vec2(h.x * 2.0, 0.0)).rgb;
    s += texture(u_src, v_uv + vec2(h.x, -h.y)).rgb * 2.0;
    s += texture(u_src, v_uv + vec2(0.0, -h.y * 2.0)).rgb;
    s += texture(u_src, v_uv + vec2(-h.x, -h.y)).rgb * 2.0;
    o_color = vec4(s / 12.0, 1.0);
}
