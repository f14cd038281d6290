/**
 * The sprite program: one quad mesh (`corner`, 0–1 in x and y) drawn once per
 * sprite instance, in GLSL ES 3.00.
 *
 * Per instance: `translate` (vec2), `rotation` (float, radians; clockwise on
 * screen because y points down), `scale` (vec2), `rect` (vec4: top-left of the
 * quad relative to the anchor point, then width and height in pixels),
 * `tex_rect` (vec4: u0, v0, u1, v1) and `color` (vec4: r, g, b, opacity,
 * normalized bytes). The quad corner is placed at rect.xy + corner × rect.zw,
 * scaled, turned, moved, then projected by the shared WindowBlock
 * (projection × view), as in @webglet/graphics' default programs.
 *
 * One program per GL context, kept in a WeakMap (it goes with the context) and
 * made again if someone deleted it. The fragment stage is highp so texture
 * coordinates stay texel-exact on large atlas pages.
 */
import { ShaderProgram, WINDOW_BLOCK_GLSL, type InstancedMesh } from '@webglet/graphics';

export const spriteVertexSource = `#version 300 es
in vec2 corner;
in vec2 translate;
in float rotation;
in vec2 scale;
in vec4 rect;
in vec4 tex_rect;
in vec4 color;
out vec2 texture_coords;
out vec4 vertex_color;
${WINDOW_BLOCK_GLSL}
void main() {
  vec2 local = (rect.xy + corner * rect.zw) * scale;
  float c = cos(rotation);
  float s = sin(rotation);
  // y points down, so this standard rotation turns clockwise on screen.
  vec2 turned = vec2(local.x * c - local.y * s, local.x * s + local.y * c);
  gl_Position = window.projection * window.view * vec4(turned + translate, 0.0, 1.0);
  texture_coords = mix(tex_rect.xy, tex_rect.zw, corner);
  vertex_color = color;
}
`;

export const spriteFragmentSource = `#version 300 es
precision highp float;
in vec2 texture_coords;
in vec4 vertex_color;
out vec4 final_color;
uniform sampler2D sprite_texture;
void main() {
  final_color = texture(sprite_texture, texture_coords) * vertex_color;
}
`;

/** The one quad every sprite instance draws: a TRIANGLE_STRIP over corners (0,0) (1,0) (0,1) (1,1). Its identity keys the domain. */
export const QUAD_MESH: InstancedMesh = { count: 4, attributes: { corner: ['f', [0, 0, 1, 0, 0, 1, 1, 1]] } };

/** Per-instance formats, in the order the header lists them. */
export const SPRITE_FORMATS: Readonly<Record<string, string>> = {
  translate: 'f', rotation: 'f', scale: 'f', rect: 'f', tex_rect: 'f', color: 'Bn',
};

const programs = new WeakMap<WebGL2RenderingContext, ShaderProgram>();

/** The sprite program of `gl`, made on first use (and again if it was deleted). */
export function spriteProgram(gl: WebGL2RenderingContext): ShaderProgram {
  let program = programs.get(gl);
  if (program === undefined || program.isDeleted) {
    program = new ShaderProgram(gl, spriteVertexSource, spriteFragmentSource);
    programs.set(gl, program);
  }
  return program;
}
