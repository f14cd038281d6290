/**
 * TextureGroup (pyglet's TextureGroup, with its blend state folded in as pyglet's sprite groups
 * do): setState uses the program, binds the texture to `unit`, points the program's
 * `sprite_texture` sampler at that unit and sets blending; unsetState releases blending and the
 * unit. All through GLState, so a steady frame sets nothing.
 *
 * Invariants: the key holds the texture object's identity, the unit, the blend and the program, so
 * groups over one texture share domains and draw calls; a `TextureLike` may replace its WebGLTexture
 * (after a lost context) and setState binds the current one; the sampler uniform is set only when
 * the program last had another unit (twgl's sampler setter would pick its own unit).
 */
import { GraphicsArgumentError } from './errors.ts';
import { glState, trackGLState, type BlendMode, type GLState } from './gl-state.ts';
import { Group, identityId } from './group.ts';
import { ShaderProgram } from './shader-program.ts';

/** A bad argument to a TextureGroup (not a texture, not a program, a bad unit or blend). */
export class TextureGroupError extends GraphicsArgumentError {}

/** A texture that may re-create its WebGLTexture (context loss); its identity is the group's. */
export interface TextureLike {
  readonly glTexture: WebGLTexture;
}

export type TextureBlend = BlendMode;

export interface TextureGroupOptions {
  /** Texture unit, 0 ≤ unit < 32 (WebGL2 guarantees 32 combined units). Default 0. */
  unit?: number;
  /** 'alpha': SRC_ALPHA, ONE_MINUS_SRC_ALPHA; 'additive': SRC_ALPHA, ONE; 'none': blending off. Default 'alpha'. */
  blend?: TextureBlend;
  order?: number;
  parent?: Group | null;
}

export const SAMPLER_UNIFORM = 'sprite_texture';
const MAX_UNITS = 32;
const BLENDS: readonly TextureBlend[] = ['alpha', 'additive', 'none'];

/** The unit each program's sampler points at, as TextureGroups last set it, and the program's samplerWrites then. */
const samplerUnits = new WeakMap<WebGLProgram, { unit: number; samplerWrites: number }>();

const isWebGLTexture = (value: unknown): value is WebGLTexture => typeof WebGLTexture !== 'undefined' && value instanceof WebGLTexture;

/**
 * Binds a texture to a unit and sets blending around its lists.
 *
 * @example
 * ```ts
 * const program = createDefaultTexturedProgram(gl);
 * const group = new TextureGroup(texture, program, { unit: 0, blend: 'alpha' });
 * ```
 */
export class TextureGroup extends Group {
  readonly texture: WebGLTexture | TextureLike;
  readonly program: ShaderProgram;
  readonly unit: number;
  readonly blend: TextureBlend;
  /** The GLState of the program's context (the one this group draws on). */
  private readonly state: GLState;

  constructor(texture: WebGLTexture | TextureLike, program: ShaderProgram, options: TextureGroupOptions = {}) {
    if (
      !isWebGLTexture(texture) &&
      !(typeof texture === 'object' && texture !== null && isWebGLTexture((texture as TextureLike).glTexture))
    ) {
      throw new TextureGroupError(
        'texture',
        texture,
        `TextureGroup: texture must be a WebGLTexture or an object with a glTexture, got ${String(texture)}`,
      );
    }
    if (!(program instanceof ShaderProgram)) {
      throw new TextureGroupError('program', program, `TextureGroup: program must be a ShaderProgram, got ${String(program)}`);
    }
    if (program.isDeleted) throw new TextureGroupError('program', program, 'TextureGroup: the program was deleted');
    if (!program.programInfo.uniformLocations[SAMPLER_UNIFORM]) {
      throw new TextureGroupError(
        'program',
        program,
        `TextureGroup: the program has no active sampler uniform ${JSON.stringify(SAMPLER_UNIFORM)}`,
      );
    }
    if (typeof options !== 'object' || options === null) {
      throw new TextureGroupError('options', options, `TextureGroup: options must be an object, got ${String(options)}`);
    }
    const { unit = 0, blend = 'alpha', order = 0, parent = null } = options;
    if (typeof unit !== 'number' || !Number.isInteger(unit) || unit < 0 || unit >= MAX_UNITS) {
      throw new TextureGroupError('unit', unit, `TextureGroup: unit must be an integer in [0, ${MAX_UNITS}), got ${String(unit)}`);
    }
    if (!BLENDS.includes(blend)) {
      throw new TextureGroupError('blend', blend, `TextureGroup: blend must be one of ${BLENDS.join(', ')}, got ${String(blend)}`);
    }
    super(order, parent);
    this.texture = texture;
    this.program = program;
    this.unit = unit;
    this.blend = blend;
    this.state = glState(program.gl);
  }

  protected override stateKey(): string {
    return `texture${identityId(this.texture)}:unit${this.unit}:${this.blend}:program${identityId(this.program)}`;
  }

  override setState(gl: WebGL2RenderingContext): void {
    const state = this.state;
    this.program.use();
    state.bindTexture(gl, this.unit, isWebGLTexture(this.texture) ? this.texture : (this.texture as TextureLike).glTexture);
    const { program, uniformLocations } = this.program.programInfo;
    const samplerWrites = this.program.samplerWrites;
    const set = samplerUnits.get(program);
    if (set === undefined || set.unit !== this.unit || set.samplerWrites !== samplerWrites) {
      gl.uniform1i(uniformLocations[SAMPLER_UNIFORM]!, this.unit);
      if (set === undefined) {
        samplerUnits.set(program, { unit: this.unit, samplerWrites });
      } else {
        set.unit = this.unit;
        set.samplerWrites = samplerWrites;
      }
    }
    state.setBlend(gl, this.blend);
  }

  override unsetState(_gl: WebGL2RenderingContext): void {
    this.state.release();
  }
}

trackGLState(TextureGroup);
