/**
 * GLState: what webglet last set on a context (the program, the active unit, each unit's texture
 * and sampler, blending, the clear colour), so a frame skips calls that would set it again, as
 * three.js's WebGLState and PixiJS's state system do. One record per canvas (`glState(gl)`).
 *
 * Invariants: a field of what GL holds holds it or "unknown", never a guess; undoing is lazy (a
 * group's unsetState releases blending and the unit, and the batch applies the release before the
 * next draw call or untracked group); a lost or restored context forgets everything. GL calls of
 * the app's own need `resetGLState(gl)` after them; a debugContext checks every skipped call and
 * throws StaleGLStateError naming the parameter (docs/guide.md, "The GL-state contract").
 */
import { isDebugContext } from './debug-context.ts';

/** A tracked parameter changed outside webglet since webglet last set it (found through a debugContext). */
export class StaleGLStateError extends Error {
  /** The GL parameter, e.g. 'CURRENT_PROGRAM'. */
  readonly parameter: string;
  readonly expected: unknown;
  readonly actual: unknown;
  constructor(parameter: string, expected: unknown, actual: unknown) {
    super(
      `GL state: ${parameter} was changed outside webglet since webglet set it (expected ${String(expected)}, found ${String(actual)}); ` +
        'call resetGLState(gl) or Window.resetState() after GL calls of your own',
    );
    this.name = new.target.name;
    this.parameter = parameter;
    this.expected = expected;
    this.actual = actual;
  }
}

export type BlendMode = 'alpha' | 'additive' | 'none';

const UNITS = 32; // WebGL2 guarantees 32 combined units; TextureGroup refuses more.
const UNKNOWN = -1;
const OFF = 0,
  ALPHA = 1,
  ADDITIVE = 2;

/**
 * What webglet last set of the GL state of one canvas; get it with `glState(gl)`.
 *
 * @example
 * ```ts
 * gl.bindTexture(gl.TEXTURE_2D, myTexture); // a GL call of the app's own
 * resetGLState(gl);                         // webglet sets everything again before its next call
 * ```
 */
export class GLState {
  private program: WebGLProgram | null | undefined = undefined;
  /** The active unit GL holds; UNKNOWN. */
  private activeUnit = UNKNOWN;
  /** The active unit the groups in effect want (0 once released); UNKNOWN: whatever GL holds. */
  private wantedUnit = UNKNOWN;
  private readonly textures: (WebGLTexture | null | undefined)[] = new Array<undefined>(UNITS).fill(undefined);
  /** 1 where the unit's sampler binding is known to be null. */
  private readonly samplerCleared = new Uint8Array(UNITS);
  /** What GL holds: OFF, or ALPHA/ADDITIVE with blending on; UNKNOWN. */
  private blend = UNKNOWN;
  /** What the groups in effect want (OFF once released); UNKNOWN: whatever GL holds (an app's own blending). */
  private wantedBlend = UNKNOWN;
  /** The blend functions last set (ALPHA or ADDITIVE), kept while blending is off; UNKNOWN. */
  private blendFunction = UNKNOWN;
  /**
   * The clear colour last set, in 0–255 channels; -1: unknown. Whole numbers in an Int32Array: comparing
   * them boxes nothing even before V8 optimizes the frame (a Float64Array's element does, 12 B each).
   */
  private readonly clearValue = new Int32Array(4).fill(-1);
  /** Between webglcontextlost and webglcontextrestored: what is set then is not kept (GL ignores it). */
  private contextLost = false;

  /** Forget what GL holds: the next call of each kind goes to GL. What groups want is kept. */
  reset(): void {
    this.program = undefined;
    this.forgetTextures();
    this.blend = UNKNOWN;
    this.blendFunction = UNKNOWN;
    this.clearValue.fill(-1);
  }

  /** Forget what GL holds and what is wanted: GL now holds what a group set itself (see trackGLState). */
  adoptGL(): void {
    this.reset();
    this.wantedBlend = UNKNOWN;
    this.wantedUnit = UNKNOWN;
  }

  /** Forget the active unit and every unit's bindings (twgl's sampler setters bind textures). */
  forgetTextures(): void {
    this.activeUnit = UNKNOWN;
    this.textures.fill(undefined);
    this.samplerCleared.fill(0);
  }

  /** Called by the canvas's context events: a loss forgets, and nothing is kept until the restore, which forgets again. */
  setContextLost(lost: boolean): void {
    this.contextLost = lost;
    this.reset();
  }

  useProgram(gl: WebGL2RenderingContext, program: WebGLProgram): void {
    if (this.program === program) {
      if (isDebugContext(gl)) expectParameter(gl, 'CURRENT_PROGRAM', gl.CURRENT_PROGRAM, program);
      return;
    }
    gl.useProgram(program);
    this.program = program;
  }

  /** Makes `unit` active, binds `texture` to its TEXTURE_2D and clears its sampler (the texture's own filtering applies). */
  bindTexture(gl: WebGL2RenderingContext, unit: number, texture: WebGLTexture): void {
    this.wantedUnit = unit;
    if (this.activeUnit !== unit) {
      gl.activeTexture(gl.TEXTURE0 + unit);
      this.activeUnit = unit;
    } else if (isDebugContext(gl)) {
      expectParameter(gl, 'ACTIVE_TEXTURE', gl.ACTIVE_TEXTURE, gl.TEXTURE0 + unit);
    }
    if (this.textures[unit] !== texture) {
      gl.bindTexture(gl.TEXTURE_2D, texture);
      this.textures[unit] = texture;
    } else if (isDebugContext(gl)) {
      expectParameter(gl, 'TEXTURE_BINDING_2D', gl.TEXTURE_BINDING_2D, texture);
    }
    if (this.samplerCleared[unit] === 0) {
      gl.bindSampler(unit, null);
      this.samplerCleared[unit] = 1;
    } else if (isDebugContext(gl)) {
      expectParameter(gl, 'SAMPLER_BINDING', gl.SAMPLER_BINDING, null);
    }
  }

  /** 'alpha': SRC_ALPHA, ONE_MINUS_SRC_ALPHA; 'additive': SRC_ALPHA, ONE; 'none': blending off. */
  setBlend(gl: WebGL2RenderingContext, mode: BlendMode): void {
    this.wantedBlend = mode === 'none' ? OFF : mode === 'alpha' ? ALPHA : ADDITIVE;
    this.applyBlend(gl, this.wantedBlend);
  }

  /** Blending off and unit 0 active again, as pyglet's unsetState leaves them, applied lazily (see the header). */
  release(): void {
    this.wantedBlend = OFF;
    this.wantedUnit = 0;
  }

  /** Makes GL hold what is wanted: called before a draw call and before a group that may call GL itself. */
  applyReleased(gl: WebGL2RenderingContext): void {
    const debug = isDebugContext(gl);
    if (this.wantedBlend !== UNKNOWN && (this.wantedBlend !== this.blend || debug)) this.applyBlend(gl, this.wantedBlend);
    if (this.wantedUnit === UNKNOWN) return;
    if (this.wantedUnit !== this.activeUnit) {
      gl.activeTexture(gl.TEXTURE0 + this.wantedUnit);
      this.activeUnit = this.wantedUnit;
    } else if (debug) {
      expectParameter(gl, 'ACTIVE_TEXTURE', gl.ACTIVE_TEXTURE, gl.TEXTURE0 + this.wantedUnit);
    }
  }

  private applyBlend(gl: WebGL2RenderingContext, wanted: number): void {
    const debug = isDebugContext(gl);
    if (this.blend === wanted) {
      if (debug) expectBlend(gl, wanted !== OFF);
      if (debug && wanted !== OFF) expectBlendFunction(gl, wanted);
      return;
    }
    if (wanted === OFF) {
      gl.disable(gl.BLEND);
    } else {
      if (this.blend === OFF || this.blend === UNKNOWN) gl.enable(gl.BLEND);
      else if (debug) expectBlend(gl, true);
      if (this.blendFunction !== wanted) gl.blendFunc(gl.SRC_ALPHA, wanted === ALPHA ? gl.ONE_MINUS_SRC_ALPHA : gl.ONE);
      else if (debug) expectBlendFunction(gl, wanted);
      this.blendFunction = wanted;
    }
    this.blend = wanted;
  }

  /** gl.clearColor from channels 0–255 (Window.clear's colours), divided only when set; a fractional channel is set every time. */
  clearColor(gl: WebGL2RenderingContext, r: number, g: number, b: number, a: number): void {
    const value = this.clearValue;
    if (value[0] === r && value[1] === g && value[2] === b && value[3] === a) {
      if (isDebugContext(gl)) expectClearColor(gl, value);
      return;
    }
    gl.clearColor(r / 255, g / 255, b / 255, a / 255);
    value[0] = r;
    value[1] = g;
    value[2] = b;
    value[3] = a;
    const whole = value[0] === r && value[1] === g && value[2] === b && value[3] === a;
    if (!whole || this.contextLost) value[0] = -1; // unknown
  }
}

// A lost context answers null to everything (and the record is reset when its event comes): nothing to check.
function expectParameter(gl: WebGL2RenderingContext, name: string, parameter: GLenum, expected: unknown): void {
  if (gl.isContextLost()) return;
  const actual: unknown = gl.getParameter(parameter);
  if (actual !== expected) throw new StaleGLStateError(name, expected, actual);
}

function expectBlend(gl: WebGL2RenderingContext, on: boolean): void {
  if (gl.isContextLost()) return;
  const enabled = gl.isEnabled(gl.BLEND);
  if (enabled !== on) throw new StaleGLStateError('BLEND', on, enabled);
}

function expectBlendFunction(gl: WebGL2RenderingContext, blend: number): void {
  const dst = blend === ALPHA ? gl.ONE_MINUS_SRC_ALPHA : gl.ONE;
  expectParameter(gl, 'BLEND_SRC_RGB', gl.BLEND_SRC_RGB, gl.SRC_ALPHA);
  expectParameter(gl, 'BLEND_SRC_ALPHA', gl.BLEND_SRC_ALPHA, gl.SRC_ALPHA);
  expectParameter(gl, 'BLEND_DST_RGB', gl.BLEND_DST_RGB, dst);
  expectParameter(gl, 'BLEND_DST_ALPHA', gl.BLEND_DST_ALPHA, dst);
}

function expectClearColor(gl: WebGL2RenderingContext, value: Int32Array): void {
  if (gl.isContextLost()) return;
  const actual = gl.getParameter(gl.COLOR_CLEAR_VALUE) as Float32Array;
  const expected = [...value].map((channel) => channel / 255);
  for (let i = 0; i < 4; i++) {
    if (actual[i] !== Math.fround(expected[i]!))
      throw new StaleGLStateError('COLOR_CLEAR_VALUE', expected.join(', '), [...actual].join(', '));
  }
}

/** One record per canvas (a context and its debugContext share it); a context without a canvas keys by itself. */
const states = new WeakMap<object, GLState>();

/** The GLState of `gl`'s context, made (and told of context loss) on first use. */
export function glState(gl: WebGL2RenderingContext): GLState {
  const key = (gl.canvas as object | null) ?? gl;
  let state = states.get(key);
  if (state === undefined) {
    const made = new GLState();
    state = made;
    states.set(key, made);
    const target = key as Partial<EventTarget>;
    if (typeof target.addEventListener === 'function') {
      target.addEventListener('webglcontextlost', () => made.setContextLost(true));
      target.addEventListener('webglcontextrestored', () => made.setContextLost(false));
    }
  }
  return state;
}

/** Forget what webglet set on `gl`'s context: call it after GL calls of your own, before webglet draws again. */
export function resetGLState(gl: WebGL2RenderingContext): void {
  glState(gl).reset();
}

/** Group state methods that set GL state only through GLState (or not at all): a Batch need not forget after them. */
const trackedMethods = new WeakSet<object>();

/**
 * Declares that a Group class's own setState and unsetState set GL state only through `glState(gl)`
 * (or set none). Groups of other classes may call GL directly, so a Batch forgets the record after them.
 */
export function trackGLState(groupClass: { prototype: { setState: unknown; unsetState: unknown } }): void {
  trackedMethods.add(groupClass.prototype.setState as object);
  trackedMethods.add(groupClass.prototype.unsetState as object);
}

/** Whether `method` (a group's setState or unsetState) is declared to keep the record true. */
export function isTrackedStateMethod(method: unknown): boolean {
  return trackedMethods.has(method as object);
}
