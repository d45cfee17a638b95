// Sprites drawn additively into the HDR target. Drops: a short streak along
// the drop's motion with a soft Gaussian profile, brighter at its leading
// end. Bubbles: small clear rings, squeezed a little as they wobble. Every
// other family: a round soft sprite, bright core and gentle falloff.
precision highp float;

in vec3 v_color;
flat in vec4 v_shape;   // see particles.vert
out vec4 o_color;

void main()
{
    vec2 q = (gl_PointCoord * 2.0 - 1.0) * v_shape.w;   // radius units from the sprite's centre
#if FAMILY == 2
    q *= vec2(1.0 + 0.14 * v_shape.x, 1.0 - 0.14 * v_shape.x);
    float d = length(q);
    // A thin bright edge around a nearly clear inside.
    float e = (d - 0.85) / 0.13;                          // (pow is undefined for a negative base)
    float a = exp(-e * e) + 0.06 * (1.0 - smoothstep(0.7, 0.9, d));
#else
    float hl = v_shape.z;
    float along = clamp(dot(q, v_shape.xy), -hl, hl);
    vec2 off = q - v_shape.xy * along;
    // The Gaussian less its value at the sprite's edge (0.7%), so it ends
    // at zero there instead of in a faint square.
    float a = max(exp(-dot(off, off) * 2.2) - 0.0071, 0.0) * 1.0072;
    if (hl > 0.01)
        a *= 0.45 + 0.55 * (along + hl) / (2.0 * hl);     // the leading end is the drop itself
#endif
    o_color = vec4(v_color * a, 1.0);
}
