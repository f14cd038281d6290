/**
 * pyglet's default programs (pyglet.graphics.get_default_shader and
 * get_default_blit_shader) in GLSL ES 3.00: attributes `position`, `colors`
 * and, for the textured one, `tex_coords`; the shared WindowBlock gives
 * projection × view. `position` is a vec3: a 2-component buffer leaves z at 0.
 */
import { ShaderProgram } from './shader-program.ts';

/** The shared matrix block (MatrixBlock) in GLSL, for any program's vertex shader. */
export const WINDOW_BLOCK_GLSL = `layout(std140) uniform WindowBlock {
  mat4 projection;
  mat4 view;
} window;`;

export const defaultVertexSource = `#version 300 es
in vec3 position;
in vec4 colors;
out vec4 vertex_colors;
${WINDOW_BLOCK_GLSL}
void main() {
  gl_Position = window.projection * window.view * vec4(position, 1.0);
  vertex_colors = colors;
}
`;

export const defaultFragmentSource = `#version 300 es
precision mediump float;
in vec4 vertex_colors;
out vec4 final_colors;
void main() {
  final_colors = vertex_colors;
}
`;

export const defaultTexturedVertexSource = `#version 300 es
in vec3 position;
in vec4 colors;
in vec2 tex_coords;
out vec4 vertex_colors;
out vec2 texture_coords;
${WINDOW_BLOCK_GLSL}
void main() {
  gl_Position = window.projection * window.view * vec4(position, 1.0);
  vertex_colors = colors;
  texture_coords = tex_coords;
}
`;

export const defaultTexturedFragmentSource = `#version 300 es
precision mediump float;
in vec4 vertex_colors;
in vec2 texture_coords;
out vec4 final_colors;
uniform sampler2D sprite_texture;
void main() {
  final_colors = texture(sprite_texture, texture_coords) * vertex_colors;
}
`;

/** Untextured: each vertex's `colors`, transformed by the shared WindowBlock. */
export function createDefaultProgram(gl: WebGL2RenderingContext): ShaderProgram {
  return new ShaderProgram(gl, defaultVertexSource, defaultFragmentSource);
}

/** Textured: `sprite_texture` sampled at `tex_coords`, tinted by `colors`. */
export function createDefaultTexturedProgram(gl: WebGL2RenderingContext): ShaderProgram {
  return new ShaderProgram(gl, defaultTexturedVertexSource, defaultTexturedFragmentSource);
}
