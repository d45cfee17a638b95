// Brings the tone-mapped picture from the internal resolution to the
// output's: one bilinear tap per output pixel, nothing more (per-output-pixel
// work is what software GL cannot afford).
precision highp float;

in vec2 v_uv;
out vec4 o_color;

uniform sampler2D u_src;

void main()
{
    o_color = vec4(texture(u_src, v_uv).rgb, 1.0);
}
