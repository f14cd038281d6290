/**
 * ShaderProgram (pyglet's ShaderProgram): a program compiled and linked by twgl, its uniforms set by
 * name, and its attributes with their component counts. A program that declares
 *   layout(std140) uniform WindowBlock { mat4 projection; mat4 view; } window;
 * gets that block bound to MATRIX_BLOCK_BINDING, where one MatrixBlock lives, so updating the
 * matrices once moves everything. A failure throws ShaderError (shader-errors.ts); `restore()`
 * recompiles from the kept sources after a lost context and sets the uniforms again.
 */
import { checkNotDeleted } from './checks.ts';
import { createProgramInfo, setUniforms as twglSetUniforms, type ProgramInfo } from 'twgl.js';
import { glState, type GLState } from './gl-state.ts';
import { MATRIX_BLOCK_BINDING, MATRIX_BLOCK_NAME } from './matrix-block.ts';
import { errorFromTwgl, ShaderArgumentError, ShaderError } from './shader-errors.ts';

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
  [0x1406, 1],
  [0x8b50, 2],
  [0x8b51, 3],
  [0x8b52, 4], // FLOAT, FLOAT_VEC2..4
  [0x1404, 1],
  [0x8b53, 2],
  [0x8b54, 3],
  [0x8b55, 4], // INT, INT_VEC2..4
  [0x1405, 1],
  [0x8dc6, 2],
  [0x8dc7, 3],
  [0x8dc8, 4], // UNSIGNED_INT, UNSIGNED_INT_VEC2..4
  [0x8b5a, 4],
  [0x8b5b, 9],
  [0x8b5c, 16], // FLOAT_MAT2..4
  [0x8b65, 6],
  [0x8b66, 8],
  [0x8b67, 6],
  [0x8b68, 12],
  [0x8b69, 8],
  [0x8b6a, 12], // FLOAT_MAT2x3, 2x4, 3x2, 3x4, 4x2, 4x3
]);

// GL enum values of the WebGL2 sampler types: twgl's setters for these bind textures. twgl keeps its table private.
const SAMPLER_TYPES = new Set<GLenum>([
  0x8b5e,
  0x8b5f,
  0x8b60,
  0x8b62, // SAMPLER_2D, SAMPLER_3D, SAMPLER_CUBE, SAMPLER_2D_SHADOW
  0x8dc1,
  0x8dc4,
  0x8dc5, // SAMPLER_2D_ARRAY, SAMPLER_2D_ARRAY_SHADOW, SAMPLER_CUBE_SHADOW
  0x8dca,
  0x8dcb,
  0x8dcc,
  0x8dcf, // INT_SAMPLER_2D, 3D, CUBE, 2D_ARRAY
  0x8dd2,
  0x8dd3,
  0x8dd4,
  0x8dd7, // UNSIGNED_INT_SAMPLER_2D, 3D, CUBE, 2D_ARRAY
]);

/** Whether setUniforms({ [name]: … }) sets `uniform`: its own name, or a struct's or array's ("light.colour", "offsets[1]"). */
const sets = (name: string, uniform: string): boolean =>
  uniform === name || uniform.startsWith(`${name}.`) || uniform.startsWith(`${name}[`);

function checkSource(argument: string, value: unknown): asserts value is string {
  // twgl takes a string with no whitespace, braces or semicolons for a <script> id: never GLSL.
  if (typeof value !== 'string' || !/\s|{|}|;/.test(value)) {
    throw new ShaderArgumentError(argument, value, `ShaderProgram: ${argument} must be GLSL source text, got ${JSON.stringify(value)}`);
  }
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
    checkNotDeleted(ShaderArgumentError, this.deleted, 'ShaderProgram', method, 'program');
  }

  private link(attribLocations?: Record<string, number>): ProgramInfo {
    const messages: string[] = [];
    const errorCallback = (message: string): void => {
      messages.push(message);
    };
    const info = createProgramInfo(
      this.gl,
      [this.sources.VERTEX_SHADER, this.sources.FRAGMENT_SHADER],
      attribLocations ? { attribLocations, errorCallback } : { errorCallback },
    );
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
      throw new ShaderError(
        'PROGRAM',
        `${MATRIX_BLOCK_NAME} must be layout(std140) { mat4 projection; mat4 view; }, found ${found || 'no active members'}`,
        [],
      );
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
      list.push(
        Object.freeze({ name: active.name, type: active.type, components: (COMPONENTS.get(active.type) ?? 1) * active.size, location }),
      );
    }
    list.sort((a, b) => a.location - b.location);
    return new Map(list.map((attribute) => [attribute.name, attribute]));
  }
}
