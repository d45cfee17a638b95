// Caption pieces, premultiplied alpha. BOX: a rounded-end backing box with a
// one-pixel soft edge. Otherwise: a glyph texture (white text, coverage in
// alpha) tinted with u_color.
precision highp float;

in vec2 v_local;
out vec4 o_color;

uniform vec4 u_color;   // straight colour and alpha
uniform vec4 u_rect;
uniform sampler2D u_tex;

void main()
{
#ifdef BOX
    vec2 p = v_local * u_rect.zw;                  // pixels inside the box
    float r = 0.5 * u_rect.w;                      // rounded ends: radius = half the height
    vec2 q = abs(p - 0.5 * u_rect.zw) - (0.5 * u_rect.zw - r);
    float d = length(max(q, 0.0)) + min(max(q.x, q.y), 0.0) - r;
    float a = u_color.a * clamp(0.5 - d, 0.0, 1.0);
#else
    float a = u_color.a * texture(u_tex, v_local).a;
#endif
    o_color = vec4(u_color.rgb * a, a);
}
