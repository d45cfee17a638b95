// A screen-space rectangle in pixels (top-left origin) for captions, boxes
// and cards drawn at the output's native resolution.
uniform vec4 u_rect;   // x, y, w, h in pixels
uniform vec2 u_size;   // framebuffer size in pixels
out vec2 v_local;      // 0..1 across the rectangle, (0,0) top-left

void main()
{
    vec2 c = vec2(float(gl_VertexID & 1), float((gl_VertexID >> 1) & 1));
    v_local = c;
    vec2 p = u_rect.xy + c * u_rect.zw;
    gl_Position = vec4(p.x / u_size.x * 2.0 - 1.0, 1.0 - p.y / u_size.y * 2.0, 0.0, 1.0);
}
