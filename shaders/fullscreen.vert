// One triangle that covers the viewport; no vertex buffers needed.
// uv runs 0..1 over the viewport with (0,0) at the bottom-left (GL convention).
out vec2 v_uv;

void main()
{
    vec2 p = vec2(float((gl_VertexID << 1) & 2), float(gl_VertexID & 2));
    v_uv = p;
    gl_Position = vec4(p * 2.0 - 1.0, 0.0, 1.0);
}
