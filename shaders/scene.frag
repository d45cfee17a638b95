// The scene's light, back to front, in linear-light HDR: sky gradient and
// vignette. Everything is a function of the uniforms (session time and the
// timeline's values); nothing accumulates between frames.
precision highp float;

in vec2 v_uv;
out vec4 o_color;

uniform vec2 u_size;      // target size in pixels
uniform vec3 u_view;      // scale (px per figure unit), origin x, origin y (top-left, px)
uniform float u_time;     // session seconds
uniform float u_fade;     // master brightness 0..1

vec3 srgb_to_linear(vec3 c)
{
    return mix(c / 12.92, pow((c + 0.055) / 1.055, vec3(2.4)), step(0.04045, c));
}

void main()
{
    vec2 px = vec2(v_uv.x, 1.0 - v_uv.y) * u_size;          // top-left origin
    vec2 f = (px - u_view.yz) / u_view.x;                    // figure space
    vec3 sky_top = srgb_to_linear(vec3(0.043, 0.063, 0.149)); // #0B1026
    vec3 horizon = srgb_to_linear(vec3(0.102, 0.106, 0.227)); // #1A1B3A
    float g = smoothstep(0.0, 0.85, f.y);
    vec3 col = mix(sky_top, horizon, g);
    // Soft vignette from the shorter side so every aspect gets the same look.
    vec2 c = (px - 0.5 * u_size) / min(u_size.x, u_size.y);
    col *= 1.0 - 0.35 * smoothstep(0.35, 1.1, length(c));
    o_color = vec4(col * u_fade, 1.0);
}
