/**
 * The program, layout and groups every shape draws with. A shape is TRIANGLES of a Batch's
 * vertex list; per vertex: `position` (the vertex relative to the shape's anchor, in pixels,
 * before rotation), `translate` (the anchor's place on the canvas), `rotation` (radians,
 * clockwise on screen because y points down) and `colors` (r, g, b, opacity as normalized
 * bytes); translate and rotation hold the same value in all of a shape's vertices, so moving or
 * turning a shape rewrites only those, and the vertex shader turns and moves the rest.
 *
 * One program per GL context (a module-level WeakMap, so it goes with the context), and one
 * ShapeGroup per (program, parent group): a ShaderGroup that also turns on alpha blending, keyed
 * by class, program and parent, so all shapes in one batch and parent group share one domain and
 * one draw call. Groups are cached too, so a batch holds one group object per parent.
 */
import {
  glState,
  ShaderGroup,
  ShaderProgram,
  trackGLState,
  WINDOW_BLOCK_GLSL,
  type BatchAttributes,
  type GLState,
  type Group,
} from '@webglet/graphics';

export const shapeVertexSource = `#version 300 es
in vec2 position;
in vec2 translate;
in float rotation;
in vec4 colors;
out vec4 vertex_colors;
${WINDOW_BLOCK_GLSL}
void main() {
  float c = cos(rotation);
  float s = sin(rotation);
  // y points down, so this standard rotation turns clockwise on screen.
  vec2 turned = vec2(position.x * c - position.y * s, position.x * s + position.y * c);
  gl_Position = window.projection * window.view * vec4(turned + translate, 0.0, 1.0);
  vertex_colors = colors;
}
`;

export const shapeFragmentSource = `#version 300 es
precision mediump float;
in vec4 vertex_colors;
out vec4 final_colors;
void main() {
  final_colors = vertex_colors;
}
`;

/** The formats of a shape's vertices, passed to every add (one object, so the batch finds the domain without building a key). */
export const SHAPE_ATTRIBUTES: BatchAttributes = { position: ['f'], translate: ['f'], rotation: ['f'], colors: ['Bn'] };

const programs = new WeakMap<WebGL2RenderingContext, ShaderProgram>();

/** The shape program of `gl`, made on first use (and again if someone deleted it). */
export function shapeProgram(gl: WebGL2RenderingContext): ShaderProgram {
  let program = programs.get(gl);
  if (program === undefined || program.isDeleted) {
    program = new ShaderProgram(gl, shapeVertexSource, shapeFragmentSource);
    programs.set(gl, program);
  }
  return program;
}

/** Uses the program and blends SRC_ALPHA, ONE_MINUS_SRC_ALPHA (so `opacity` shows); blending released after (GLState). */
export class ShapeGroup extends ShaderGroup {
  /** The GLState of the program's context (the one this group draws on). */
  private readonly state: GLState;

  constructor(program: ShaderProgram, order = 0, parent: Group | null = null) {
    super(program, order, parent);
    this.state = glState(program.gl);
  }

  protected override stateKey(): string {
    return `blend-alpha:${super.stateKey()}`;
  }

  override setState(gl: WebGL2RenderingContext): void {
    super.setState(gl);
    this.state.setBlend(gl, 'alpha');
  }

  override unsetState(_gl: WebGL2RenderingContext): void {
    this.state.release();
  }
}

trackGLState(ShapeGroup);

const rootGroups = new WeakMap<ShaderProgram, ShapeGroup>();
const childGroups = new WeakMap<ShaderProgram, WeakMap<Group, ShapeGroup>>();

/** The ShapeGroup for `program` under `parent` (null: a root group), made once. */
export function shapeGroup(program: ShaderProgram, parent: Group | null): ShapeGroup {
  if (parent === null) {
    let group = rootGroups.get(program);
    if (group === undefined) rootGroups.set(program, (group = new ShapeGroup(program, 0, null)));
    return group;
  }
  let byParent = childGroups.get(program);
  if (byParent === undefined) childGroups.set(program, (byParent = new WeakMap()));
  let group = byParent.get(parent);
  if (group === undefined) byParent.set(parent, (group = new ShapeGroup(program, 0, parent)));
  return group;
}
