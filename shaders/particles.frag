// A round soft sprite: bright core, gentle falloff; bubbles are faint discs
// with a slightly brighter edge. Drawn additively into the HDR target.
precision highp float;

in vec3 v_color;
out vec4 o_color;

void main()
{
    vec2 corner = gl_PointCoord * 3.0 - 1.5;   // -1.5..1.5 across the sprite; 1 is its radius
    float d2 = dot(corner, corner);
#if FAMILY == 2
    float d = sqrt(d2);
    float a = (1.0 - smoothstep(0.8, 1.1, d)) * (0.45 + 0.55 * smoothstep(0.4, 0.95, d));
#else
    // The Gaussian less its value at the sprite's edge (0.7%), so it ends
    // at zero there instead of in a faint square.
    float a = max(exp(-d2 * 2.2) - 0.0071, 0.0) * 1.0072;
#endif
    o_color = vec4(v_color * a, 1.0);
}
