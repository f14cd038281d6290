/**
 * ShaderProgram and MatrixBlock (pyglet's ShaderProgram and WindowBlock; docs/guide.md, "A batch by hand").
 *
 * twgl compiles and links (`createProgramInfo`), sets uniforms (`setUniforms`)
 * and introspects uniform blocks (`uniformBlockSpec`). What twgl does not give
 * us we add: a typed error with the log and the offending source lines, a
 * per-attribute component count, and one projection/view block shared by all
 * programs at a fixed binding point.
 *
 * The shared block: every program that declares
 *   layout(std140) uniform WindowBlock { mat4 projection; mat4 view; } window;
 * gets that block bound to MATRIX_BLOCK_BINDING (0), where one MatrixBlock's
 * UBO lives, so updating the matrices once moves everything. Binding point 0
 * is reserved for it. GL starts every block at binding 0 and twgl's own block
 * helpers bind a block at its block index, so give a program's other blocks
 * their own binding points (gl.uniformBlockBinding) or they read this UBO.
 */
import { GraphicsArgumentError } from './errors.ts';
import { glState, type GLState } from './gl-state.ts';
import type { ReadonlyMat4 } from 'gl-matrix';
import { createProgramInfo, setUniforms as twglSetUniforms, type ProgramInfo } from 'twgl.js';

export const MATRIX_BLOCK_BINDING = 0;
export const MATRIX_BLOCK_NAME = 'WindowBlock';

/** A bad argument or a use after delete; nothing was changed when it is thrown. */
export class ShaderArgumentError extends GraphicsArgumentError {}

export type ShaderStage = 'VERTEX_SHADER' | 'FRAGMENT_SHADER' | 'PROGRAM';

/** One source line the log points at; `number` is 1-based in the source as given. */
export interface OffendingLine {
  stage: 'VERTEX_SHADER' | 'FRAGMENT_SHADER';
  number: number;
  text: string;
}

/** A compile or link failure. `stage` is the shader that failed, or PROGRAM for a link error. */
export class ShaderError extends Error {
  readonly stage: ShaderStage;
  readonly log: string;
  readonly lines: readonly OffendingLine[];
  constructor(stage: ShaderStage, log: string, lines: readonly OffendingLine[]) {
    const what = stage === 'PROGRAM' ? 'program failed to link' : `${stage} failed to compile`;
    const listing = lines.map((line) => `  ${line.stage} ${line.number}: ${line.text}`).join('\n');
    super(`ShaderProgram: ${what}:\n${log.trim()}${listing ? `\noffending lines:\n${listing}` : ''}`);
    this.name = new.target.name;
    this.stage = stage;
    this.log = log;
    this.lines = lines;
  }
}

export interface AttributeInfo {
  readonly name: string;
  /** The GLSL type as a GL enum (gl.FLOAT_VEC3, ...). */
  readonly type: GLenum;
  /** Scalars per vertex: 3 for vec3, 16 for mat4. */
  readonly components: number;
  readonly location: number;
}

// GL enum values for attribute types (WebGL2 spec, fixed). twgl keeps its own table private.
const COMPONENTS = new Map<GLenum, number>([
  [0x1406, 1], [0x8b50, 2], [0x8b51, 3], [0x8b52, 4], // FLOAT, FLOAT_VEC2..4
  [0x1404, 1], [0x8b53, 2], [0x8b54, 3], [0x8b55, 4], // INT, INT_VEC2..4
  [0x1405, 1], [0x8dc6, 2], [0x8dc7, 3], [0x8dc8, 4], // UNSIGNED_INT, UNSIGNED_INT_VEC2..4
  [0x8b5a, 4], [0x8b5b, 9], [0x8b5c, 16], // FLOAT_MAT2..4
  [0x8b65, 6], [0x8b66, 8], [0x8b67, 6], [0x8b68, 12], [0x8b69, 8], [0x8b6a, 12], // FLOAT_MAT2x3, 2x4, 3x2, 3x4, 4x2, 4x3
]);

// GL enum values of the WebGL2 sampler types: twgl's setters for these bind textures. twgl keeps its table private.
const SAMPLER_TYPES = new Set<GLenum>([
  0x8b5e, 0x8b5f, 0x8b60, 0x8b62, // SAMPLER_2D, SAMPLER_3D, SAMPLER_CUBE, SAMPLER_2D_SHADOW
  0x8dc1, 0x8dc4, 0x8dc5, // SAMPLER_2D_ARRAY, SAMPLER_2D_ARRAY_SHADOW, SAMPLER_CUBE_SHADOW
  0x8dca, 0x8dcb, 0x8dcc, 0x8dcf, // INT_SAMPLER_2D, 3D, CUBE, 2D_ARRAY
  0x8dd2, 0x8dd3, 0x8dd4, 0x8dd7, // UNSIGNED_INT_SAMPLER_2D, 3D, CUBE, 2D_ARRAY
]);

/** Whether setUniforms({ [name]: … }) sets `uniform`: its own name, or a struct's or array's ("light.colour", "offsets[1]"). */
const sets = (name: string, uniform: string): boolean => uniform === name || uniform.startsWith(`${name}.`) || uniform.startsWith(`${name}[`);

// twgl strips one leading blank line before compiling (so `#version` comes first);
// GL's line numbers then count from the line after it.
const LEADING_BLANK_LINE = /^[ \t]*\n/;
const LOG_LINE = /ERROR:\s*\d+:(\d+)/gi;

function offendingLines(stage: 'VERTEX_SHADER' | 'FRAGMENT_SHADER', source: string, log: string): OffendingLine[] {
  const offset = LEADING_BLANK_LINE.test(source) ? 1 : 0;
  const lines = source.split('\n');
  const numbers = new Set([...log.matchAll(LOG_LINE)].map((match) => Number(match[1]) + offset));
  return [...numbers]
    .filter((number) => number >= 1 && number <= lines.length)
    .sort((a, b) => a - b)
    .map((number) => ({ stage, number, text: lines[number - 1]!.trim() }));
}

/**
 * A link log names no lines; it names identifiers ('v_colour'). The lines of
 * either shader that declare an identifier the log quotes are the ones to look at.
 */
function declaringLines(log: string, sources: Record<'VERTEX_SHADER' | 'FRAGMENT_SHADER', string>): OffendingLine[] {
  const names = new Set([...log.matchAll(/['"`]([A-Za-z_]\w*)['"`]/g)].map((match) => match[1]!));
  const found: OffendingLine[] = [];
  for (const stage of ['VERTEX_SHADER', 'FRAGMENT_SHADER'] as const) {
    sources[stage].split('\n').forEach((text, index) => {
      const declaration = /^\s*(?:layout\s*\([^)]*\)\s*)?(?:flat\s+|smooth\s+)?(?:in|out|uniform)\s+\w+\s+(\w+)/.exec(text);
      if (declaration && names.has(declaration[1]!)) found.push({ stage, number: index + 1, text: text.trim() });
    });
  }
  return found;
}

/**
 * twgl reports failures as text through the error callback and deletes the
 * shaders and program before returning null, so the logs can only be read from
 * its messages: "Error in program linking: <log>" and, per failed shader,
 * "<numbered source>\nError compiling VERTEX_SHADER: <log>".
 */
function errorFromTwgl(messages: string[], sources: Record<'VERTEX_SHADER' | 'FRAGMENT_SHADER', string>): ShaderError {
  for (const message of messages) {
    const match = /\nError compiling (VERTEX_SHADER|FRAGMENT_SHADER): ([\s\S]*)$/.exec(message);
    if (match) {
      const stage = match[1] as 'VERTEX_SHADER' | 'FRAGMENT_SHADER';
      const log = match[2]!;
      return new ShaderError(stage, log, offendingLines(stage, sources[stage], log));
    }
  }
  const link = messages.find((message) => message.startsWith('Error in program linking: '));
  const log = link ? link.slice('Error in program linking: '.length) : messages.join('\n');
  return new ShaderError('PROGRAM', log, declaringLines(log, sources));
}

function checkSource(argument: string, value: unknown): asserts value is string {
  // twgl takes a string with no whitespace, braces or semicolons for a <script> id: never GLSL.
  if (typeof value !== 'string' || !/\s|{|}|;/.test(value)) {
    throw new ShaderArgumentError(argument, value, `ShaderProgram: ${argument} must be GLSL source text, got ${JSON.stringify(value)}`);
  }
}

/** The context's canvas as an event target, or null (a context without one, e.g. a test double). */
export function canvasTarget(gl: WebGL2RenderingContext): EventTarget | null {
  const canvas = gl.canvas as unknown;
  return typeof (canvas as EventTarget | null)?.addEventListener === 'function' ? canvas as EventTarget : null;
}

/**
 * A compiled and linked program. A failure throws a `ShaderError` with the log and
 * the offending source lines; a lost context is recovered by `restore()`, which
 * a Batch calls for the programs it draws with.
 *
 * @example
 * ```ts
 * const program = new ShaderProgram(gl, `#version 300 es
 * in vec2 position;
 * ${WINDOW_BLOCK_GLSL}
 * void main() { gl_Position = window.projection * window.view * vec4(position, 0.0, 1.0); }`, `#version 300 es
 * precision mediump float;
 * uniform vec4 tint;
 * out vec4 colour;
 * void main() { colour = tint; }`);
 * program.setUniforms({ tint: [1, 0.5, 0, 1] });
 * batch.add(3, gl.TRIANGLES, new ShaderGroup(program), program, { position: ['f', [0, 0, 100, 0, 0, 100]] });
 * ```
 */
export class ShaderProgram {
  /** twgl's program info; replaced by `restore()` after a lost context. */
  programInfo: ProgramInfo;
  /** Active attributes by name, in location order. */
  readonly attributes: ReadonlyMap<string, AttributeInfo>;
  /** Whether the program declares the shared WindowBlock (and reads it from MATRIX_BLOCK_BINDING). */
  readonly usesMatrixBlock: boolean;
  /** The context the program was made on. */
  readonly gl: WebGL2RenderingContext;
  private readonly sources: Record<'VERTEX_SHADER' | 'FRAGMENT_SHADER', string>;
  /** Every uniform value last given to setUniforms, by name: re-set by `restore()`. */
  private readonly uniforms: Record<string, unknown> = {};
  /** The active sampler uniforms' names (as GL lists them, "textures[0]" for an array). */
  private readonly samplerNames: readonly string[];
  private deleted = false;
  private samplerWriteCount = 0;
  private readonly state: GLState;

  constructor(gl: WebGL2RenderingContext, vertexSource: string, fragmentSource: string) {
    checkSource('vertexSource', vertexSource);
    checkSource('fragmentSource', fragmentSource);
    this.gl = gl;
    this.state = glState(gl);
    this.sources = { VERTEX_SHADER: vertexSource, FRAGMENT_SHADER: fragmentSource };
    this.programInfo = this.link();
    try {
      this.usesMatrixBlock = this.bindMatrixBlock();
    } catch (error) {
      this.delete();
      throw error;
    }
    this.attributes = this.readAttributes();
    this.samplerNames = this.readSamplerNames();
  }

  get program(): WebGLProgram {
    this.checkLive('program');
    return this.programInfo.program;
  }

  get isDeleted(): boolean {
    return this.deleted;
  }

  /**
   * How many times setUniforms set a sampler uniform (twgl points it at a unit of its own and binds the
   * texture there): a cache of a sampler set some other way (TextureGroup's) is stale when it changes.
   */
  get samplerWrites(): number {
    return this.samplerWriteCount;
  }

  use(): void {
    this.checkLive('use');
    this.state.useProgram(this.gl, this.programInfo.program);
  }

  /**
   * Sets uniforms through twgl; leaves this program in use (GL sets uniforms of
   * the current program). An unknown name throws: twgl would silently ignore it.
   */
  setUniforms(values: Record<string, unknown>): void {
    this.checkLive('setUniforms');
    if (typeof values !== 'object' || values === null) {
      throw new ShaderArgumentError('values', values, `ShaderProgram.setUniforms: values must be an object, got ${String(values)}`);
    }
    const setters = Object.keys(this.programInfo.uniformSetters);
    const names = Object.keys(values);
    for (const name of names) {
      if (!setters.some((setter) => sets(name, setter))) {
        throw new ShaderArgumentError('values', name, `ShaderProgram.setUniforms: no active uniform named ${JSON.stringify(name)}`);
      }
    }
    this.use();
    if (names.some((name) => this.samplerNames.some((sampler) => sets(name, sampler)))) {
      this.state.forgetTextures(); // twgl's sampler setters make their own unit active and bind to it
      this.samplerWriteCount++;
    }
    twglSetUniforms(this.programInfo, values);
    // Kept by reference, as twgl read them: a typed array changed later is re-set as it is then.
    Object.assign(this.uniforms, values);
  }

  /**
   * After a lost context is restored: recompiles and relinks the kept sources,
   * re-points the WindowBlock at MATRIX_BLOCK_BINDING and re-sets every uniform
   * last given to setUniforms (leaving the program in use if there were any).
   * Does nothing while the context is lost, or if the program is still alive
   * (so several owners, e.g. two batches, may all call it).
   */
  restore(): void {
    this.checkLive('restore');
    const gl = this.gl;
    if (gl.isContextLost() || gl.isProgram(this.programInfo.program)) return;
    // Pin the attribute locations the domains' VAOs were built with.
    const attribLocations: Record<string, number> = {};
    for (const attribute of this.attributes.values()) attribLocations[attribute.name] = attribute.location;
    this.programInfo = this.link(attribLocations);
    this.bindMatrixBlock();
    if (Object.keys(this.uniforms).length > 0) {
      this.use();
      this.state.forgetTextures(); // as in setUniforms (a sampler or not: this is no frame's path)
      twglSetUniforms(this.programInfo, this.uniforms);
    }
  }

  /** Deletes the program and the shaders twgl attached to it; later use throws. */
  delete(): void {
    this.checkLive('delete');
    const gl = this.gl;
    const program = this.programInfo.program;
    for (const shader of gl.getAttachedShaders(program) ?? []) gl.deleteShader(shader);
    gl.deleteProgram(program);
    this.deleted = true;
  }

  private checkLive(method: string): void {
    if (this.deleted) throw new ShaderArgumentError('this', 'deleted', `ShaderProgram.${method}: the program was deleted`);
  }

  private link(attribLocations?: Record<string, number>): ProgramInfo {
    const messages: string[] = [];
    const errorCallback = (message: string): void => { messages.push(message); };
    const info = createProgramInfo(this.gl, [this.sources.VERTEX_SHADER, this.sources.FRAGMENT_SHADER], attribLocations ? { attribLocations, errorCallback } : { errorCallback });
    if (!info) throw errorFromTwgl(messages, this.sources);
    return info;
  }

  /** Points the program's WindowBlock at the shared binding point, after checking its layout matches MatrixBlock's. */
  private bindMatrixBlock(): boolean {
    const spec = this.programInfo.uniformBlockSpec;
    const block = spec?.blockSpecs[MATRIX_BLOCK_NAME];
    if (!spec || !block) return false;
    // uniformIndices is a Uint32Array: map through Array.from, or the objects become numbers.
    const layout = Array.from(block.uniformIndices, (index) => spec.uniformData[index]!);
    const member = (name: string) => layout.find((uniform) => uniform.name === `${MATRIX_BLOCK_NAME}.${name}` || uniform.name === name);
    const projection = member('projection');
    const view = member('view');
    const gl = this.gl;
    if (projection?.type !== gl.FLOAT_MAT4 || projection.offset !== 0 || view?.type !== gl.FLOAT_MAT4 || view.offset !== 64) {
      const found = layout.map((uniform) => `${uniform.name} at ${uniform.offset}`).join(', ');
      throw new ShaderError('PROGRAM', `${MATRIX_BLOCK_NAME} must be layout(std140) { mat4 projection; mat4 view; }, found ${found || 'no active members'}`, []);
    }
    gl.uniformBlockBinding(this.programInfo.program, block.index, MATRIX_BLOCK_BINDING);
    return true;
  }

  /** From twgl's uniformData, which lists every active uniform (in a block or not) with its type. */
  private readSamplerNames(): string[] {
    const uniforms = this.programInfo.uniformBlockSpec?.uniformData ?? [];
    return uniforms.filter((uniform) => SAMPLER_TYPES.has(uniform.type)).map((uniform) => uniform.name);
  }

  private readAttributes(): ReadonlyMap<string, AttributeInfo> {
    const gl = this.gl;
    const program = this.programInfo.program;
    const list: AttributeInfo[] = [];
    const count = gl.getProgramParameter(program, gl.ACTIVE_ATTRIBUTES) as number;
    for (let i = 0; i < count; i++) {
      const active = gl.getActiveAttrib(program, i);
      if (!active || active.name.startsWith('gl_')) continue;
      const location = this.programInfo.attribLocations[active.name] ?? gl.getAttribLocation(program, active.name);
      list.push(Object.freeze({ name: active.name, type: active.type, components: (COMPONENTS.get(active.type) ?? 1) * active.size, location }));
    }
    list.sort((a, b) => a.location - b.location);
    return new Map(list.map((attribute) => [attribute.name, attribute]));
  }
}

/**
 * One UBO holding `mat4 projection; mat4 view;` (std140: offsets 0 and 64, 128
 * bytes), bound at MATRIX_BLOCK_BINDING for every program with a WindowBlock.
 *
 * Plain GL, not twgl's UniformBlockInfo: twgl derives a block's layout and
 * binding point from one program (binding point = that program's block index)
 * and re-binds per program per draw. This block belongs to no program; std140
 * fixes its layout, which ShaderProgram checks against each program.
 *
 * @example
 * ```ts
 * // A Window makes one; without a Window, make it yourself:
 * const matrices = new MatrixBlock(gl);
 * matrices.setProjection(mat4.ortho(mat4.create(), 0, 640, 480, 0, -1, 1));
 * matrices.setView(mat4.fromTranslation(mat4.create(), [-cameraX, -cameraY, 0])); // scroll
 * ```
 */
export class MatrixBlock {
  static readonly byteLength = 128;
  /** CPU copy of the block: projection in [0, 16), view in [16, 32). Starts as two identities. */
  private readonly shadow = new Float32Array(32);
  private readonly gl: WebGL2RenderingContext;
  private ubo: WebGLBuffer;
  private deleted = false;
  private readonly onLost = (event: Event): void => event.preventDefault();
  private readonly onRestored = (): void => this.restore();

  /**
   * Context loss is handled by the block itself: it listens on `gl.canvas`
   * (preventDefault on 'webglcontextlost', so the context can come back) and on
   * 'webglcontextrestored' recreates its UBO from the CPU copy and binds it
   * again. `delete()` removes the listeners.
   */
  constructor(gl: WebGL2RenderingContext) {
    this.gl = gl;
    for (let i = 0; i < 4; i++) this.shadow[i * 5] = this.shadow[16 + i * 5] = 1;
    this.ubo = this.createUbo();
    this.bind();
    const canvas = canvasTarget(gl);
    canvas?.addEventListener('webglcontextlost', this.onLost);
    canvas?.addEventListener('webglcontextrestored', this.onRestored);
  }

  /**
   * Recreates the UBO from the CPU copy and binds it at MATRIX_BLOCK_BINDING.
   * Called on 'webglcontextrestored' by the block's own listener; does nothing
   * while the context is lost or if the UBO is still alive.
   */
  restore(): void {
    this.checkLive('restore');
    if (this.gl.isContextLost() || this.gl.isBuffer(this.ubo)) return;
    this.ubo = this.createUbo();
    this.bind();
  }

  get buffer(): WebGLBuffer {
    this.checkLive('buffer');
    return this.ubo;
  }

  /** A copy of the current projection (column-major, like gl-matrix). */
  get projection(): Float32Array {
    return this.shadow.slice(0, 16);
  }

  get view(): Float32Array {
    return this.shadow.slice(16, 32);
  }

  setProjection(matrix: ReadonlyMat4): void {
    this.write('setProjection', 'matrix', matrix, 0);
  }

  setView(matrix: ReadonlyMat4): void {
    this.write('setView', 'matrix', matrix, 16);
  }

  /** (Re)binds the UBO at MATRIX_BLOCK_BINDING, in case something else was bound there. */
  bind(): void {
    this.checkLive('bind');
    // bindBufferBase also sets the generic UNIFORM_BUFFER binding; clear it so no state leaks.
    this.gl.bindBufferBase(this.gl.UNIFORM_BUFFER, MATRIX_BLOCK_BINDING, this.ubo);
    this.gl.bindBuffer(this.gl.UNIFORM_BUFFER, null);
  }

  delete(): void {
    this.checkLive('delete');
    this.gl.deleteBuffer(this.ubo);
    const canvas = canvasTarget(this.gl);
    canvas?.removeEventListener('webglcontextlost', this.onLost);
    canvas?.removeEventListener('webglcontextrestored', this.onRestored);
    this.deleted = true;
  }

  private createUbo(): WebGLBuffer {
    const gl = this.gl;
    const ubo = gl.createBuffer();
    gl.bindBuffer(gl.UNIFORM_BUFFER, ubo);
    gl.bufferData(gl.UNIFORM_BUFFER, this.shadow, gl.DYNAMIC_DRAW);
    gl.bindBuffer(gl.UNIFORM_BUFFER, null);
    return ubo;
  }

  private write(method: string, argument: string, matrix: ReadonlyMat4, start: number): void {
    this.checkLive(method);
    const valid = matrix !== null && typeof matrix === 'object' && matrix.length === 16 && Array.prototype.every.call(matrix, Number.isFinite);
    if (!valid) throw new ShaderArgumentError(argument, matrix, `MatrixBlock.${method}: ${argument} must be 16 finite numbers (a gl-matrix mat4), got ${String(matrix)}`);
    this.shadow.set(matrix, start);
    const gl = this.gl;
    gl.bindBuffer(gl.UNIFORM_BUFFER, this.ubo);
    gl.bufferSubData(gl.UNIFORM_BUFFER, start * 4, this.shadow, start, 16);
    gl.bindBuffer(gl.UNIFORM_BUFFER, null);
  }

  private checkLive(method: string): void {
    if (this.deleted) throw new ShaderArgumentError('this', 'deleted', `MatrixBlock.${method}: the block was deleted`);
  }
}
