/**
 * The sprite program and layout: a sprite is four vertices and six indices of a Batch's indexed
 * list (pyglet's sprite layout), drawn with every other sprite of its group in one drawElements.
 * Per vertex: `position` (the corner relative to the anchor point, in pixels, before scale and
 * rotation), `translate`, `rotation` (radians; clockwise on screen because y points down),
 * `scale`, `tex_coords` and `color` (r, g, b, opacity as normalized bytes); translate, rotation,
 * scale and color hold the same value in all four. The quad is scaled, turned, moved, then
 * projected by the shared WindowBlock, as in @webglet/graphics' default programs.
 *
 * One program per GL context, kept in a WeakMap (it goes with the context) and made again if
 * someone deleted it. The fragment stage is highp so texture coordinates stay texel-exact.
 */
import { ShaderProgram, WINDOW_BLOCK_GLSL, type BatchAttributes } from '@webglet/graphics';

export const spriteVertexSource = `#version 300 es
in vec2 position;
in vec2 translate;
in float rotation;
in vec2 scale;
in vec2 tex_coords;
in vec4 color;
out vec2 texture_coords;
out vec4 vertex_color;
${WINDOW_BLOCK_GLSL}
void main() {
  vec2 local = position * scale;
  float c = cos(rotation);
  float s = sin(rotation);
  // y points down, so this standard rotation turns clockwise on screen.
  vec2 turned = vec2(local.x * c - local.y * s, local.x * s + local.y * c);
  gl_Position = window.projection * window.view * vec4(turned + translate, 0.0, 1.0);
  texture_coords = tex_coords;
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

/**
 * The formats of a sprite's vertices, passed to every add (the same object each time, so the
 * batch finds the domain without building a key). No data: the sprite writes its vertices itself.
 */
export const SPRITE_ATTRIBUTES: BatchAttributes = {
  position: ['f'],
  translate: ['f'],
  rotation: ['f'],
  scale: ['f'],
  tex_coords: ['f'],
  color: ['Bn'],
};

/** Two triangles over the corners, vertex k at (k & 1, k >> 1): (0,0) (1,0) (0,1) (1,1). */
export const QUAD_INDICES: readonly number[] = [0, 1, 2, 2, 1, 3];

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
