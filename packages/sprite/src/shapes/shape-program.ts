/**
 * The program and groups every shape draws with. One default program per GL
 * context (a module-level WeakMap, so it goes with the context), and one
 * ShapeGroup per (program, parent group): a ShaderGroup that also turns on
 * alpha blending. Its key is the class, program and parent, so all shapes in
 * one batch and parent group share one domain and one draw call. Groups are
 * cached too (equal keys would merge anyway) so a batch holds one group object
 * per parent, not one per shape.
 */
import { createDefaultProgram, glState, ShaderGroup, trackGLState, type GLState, type Group, type ShaderProgram } from '@webglet/graphics';

const programs = new WeakMap<WebGL2RenderingContext, ShaderProgram>();

/** The default untextured program of `gl`, made on first use (and again if someone deleted it). */
export function shapeProgram(gl: WebGL2RenderingContext): ShaderProgram {
  let program = programs.get(gl);
  if (program === undefined || program.isDeleted) {
    program = createDefaultProgram(gl);
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
    if (group === undefined) rootGroups.set(program, group = new ShapeGroup(program, 0, null));
    return group;
  }
  let byParent = childGroups.get(program);
  if (byParent === undefined) childGroups.set(program, byParent = new WeakMap());
  let group = byParent.get(parent);
  if (group === undefined) byParent.set(parent, group = new ShapeGroup(program, 0, parent));
  return group;
}
