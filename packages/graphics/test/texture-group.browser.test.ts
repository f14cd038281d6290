// TextureGroup in a real WebGL2 context (SwiftShader) with the default textured program: 2 × 2 twgl
// textures (NEAREST) drawn as quads through a Batch, checked with readPixels, draw-call counts,
// blending against a computed expectation and getError after each test.
import * as twgl from 'twgl.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  Batch,
  createDefaultProgram,
  createDefaultTexturedProgram,
  debugContext,
  defaultTexturedFragmentSource,
  defaultTexturedVertexSource,
  glState,
  GraphicsArgumentError,
  Group,
  resetGLState,
  SAMPLER_UNIFORM,
  ShaderGroup,
  ShaderProgram,
  StaleGLStateError,
  TextureGroup,
  TextureGroupError,
  trackGLState,
  type VertexList,
} from '../src/index.ts';
import { createContext, createPixelScene, liveContexts, pixel } from './gl-test-helpers.ts';

const SIZE = 64;
const QUAD = 16;

afterEach(() => {
  for (const gl of liveContexts) expect(gl.getError()).toBe(gl.NO_ERROR);
});

interface Scene {
  gl: WebGL2RenderingContext;
  program: ShaderProgram;
  batch: Batch;
}
function createScene(): Scene {
  const { gl, program } = createPixelScene(SIZE, createDefaultTexturedProgram);
  return { gl, program, batch: new Batch(gl, { multiDraw: false }) };
}

/**
 * A 2 × 2 RGBA texture; texels in GL order: bottom-left, bottom-right, top-left, top-right.
 * twgl binds it on the active unit; the binding found is put back, as webglet's Texture does,
 * so what webglet last set stays in effect (the GLState contract).
 */
function texture2x2(gl: WebGL2RenderingContext, texels: number[][]): WebGLTexture {
  const binding = gl.getParameter(gl.TEXTURE_BINDING_2D) as WebGLTexture | null;
  const texture = twgl.createTexture(gl, {
    src: new Uint8Array(texels.flat()),
    width: 2,
    height: 2,
    format: gl.RGBA,
    internalFormat: gl.RGBA8,
    type: gl.UNSIGNED_BYTE,
    min: gl.NEAREST,
    mag: gl.NEAREST,
    wrap: gl.CLAMP_TO_EDGE,
    auto: false,
  });
  gl.bindTexture(gl.TEXTURE_2D, binding);
  return texture;
}

/** A QUAD-pixel square with its lower-left corner at (x, y), textured 0..1, tinted white. */
function addQuad(scene: Scene, group: Group, x: number, y: number): VertexList {
  const x1 = x + QUAD,
    y1 = y + QUAD;
  const position = [x, y, 0, x1, y, 0, x1, y1, 0, x1, y1, 0, x, y1, 0, x, y, 0];
  const tex = [0, 0, 1, 0, 1, 1, 1, 1, 0, 1, 0, 0];
  return scene.batch.add(6, scene.gl.TRIANGLES, group, scene.program, {
    position: ['f', position],
    colors: ['Bn', Array.from({ length: 6 }, () => [255, 255, 255, 255]).flat()],
    tex_coords: ['f', tex],
  });
}

/** The four texel-quadrant centres of a quad at (x, y), in texel order. */
function quadTexels(gl: WebGL2RenderingContext, x: number, y: number): number[][] {
  const q = QUAD / 4;
  return [pixel(gl, x + q, y + q), pixel(gl, x + 3 * q, y + q), pixel(gl, x + q, y + 3 * q), pixel(gl, x + 3 * q, y + 3 * q)];
}

function render(scene: Scene, background: number[] = [0, 0, 0, 255]): void {
  const { gl } = scene;
  gl.clearColor(background[0]! / 255, background[1]! / 255, background[2]! / 255, background[3]! / 255);
  gl.clear(gl.COLOR_BUFFER_BIT);
  scene.batch.draw();
}

const TEXELS_A = [
  [255, 0, 0, 255],
  [0, 255, 0, 255],
  [0, 0, 255, 255],
  [255, 255, 255, 255],
];
const TEXELS_B = [
  [255, 255, 0, 255],
  [0, 255, 255, 255],
  [255, 0, 255, 255],
  [64, 128, 192, 255],
];
const TRANSLUCENT = [
  [255, 0, 0, 128],
  [100, 50, 0, 128],
  [0, 200, 100, 64],
  [255, 255, 255, 0],
];

function expectClose(actual: number[], expected: number[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, i) => expect(Math.abs(value - expected[i]!), `channel ${i}: ${value} vs ${expected[i]}`).toBeLessThanOrEqual(1));
}

const unit = (value: number): number => value / 255;
/** glBlendFunc(SRC_ALPHA, dstFactor) per channel, in bytes, clamped as the framebuffer does. */
function blended(src: number[], dst: number[], dstFactor: 'oneMinusSrcAlpha' | 'one'): number[] {
  const a = unit(src[3]!);
  return src.map((s, i) => Math.min(255, Math.round(s * a + dst[i]! * (dstFactor === 'one' ? 1 : 1 - a))));
}

describe('TextureGroup drawing', () => {
  it('draws two textures with their exact texels, one domain and one draw call each', () => {
    const scene = createScene();
    const { gl, batch, program } = scene;
    const a = texture2x2(gl, TEXELS_A),
      b = texture2x2(gl, TEXELS_B);
    const listA = addQuad(scene, new TextureGroup(a, program, { blend: 'none' }), 0, 0);
    const listB = addQuad(scene, new TextureGroup(b, program, { blend: 'none' }), 32, 32);
    expect(listA.domain).not.toBe(listB.domain);
    render(scene);
    expect(quadTexels(gl, 0, 0)).toEqual(TEXELS_A);
    expect(quadTexels(gl, 32, 32)).toEqual(TEXELS_B);
    expect(pixel(gl, 24, 24)).toEqual([0, 0, 0, 255]); // between the quads: background
    expect(batch.stats().domains).toHaveLength(2);
    expect(batch.stats().drawCalls).toBe(2);
  });

  it('puts equal TextureGroups (same texture, program, blend, unit) in one domain drawn with one call', () => {
    const scene = createScene();
    const { gl, batch, program } = scene;
    const a = texture2x2(gl, TEXELS_A);
    const first = new TextureGroup(a, program);
    const second = new TextureGroup(a, program);
    expect(first).not.toBe(second);
    expect(first.key).toBe(second.key);
    const one = addQuad(scene, first, 0, 0);
    const two = addQuad(scene, second, 32, 0);
    expect(one.domain).toBe(two.domain);
    render(scene);
    expect(batch.stats().domains).toHaveLength(1);
    expect(batch.stats().drawCalls).toBe(1);
    expect(quadTexels(gl, 0, 0)).toEqual(TEXELS_A);
    expect(quadTexels(gl, 32, 0)).toEqual(TEXELS_A);
  });

  it('takes a TextureLike: binds its current glTexture, keyed by the object so a replaced glTexture keeps the domain', () => {
    const scene = createScene();
    const { gl, program } = scene;
    const holder = { glTexture: texture2x2(gl, TEXELS_A) };
    const group = new TextureGroup(holder, program, { blend: 'none' });
    const key = group.key;
    addQuad(scene, group, 0, 0);
    render(scene);
    expect(quadTexels(gl, 0, 0)).toEqual(TEXELS_A);
    holder.glTexture = texture2x2(gl, TEXELS_B); // what a texture does when its context comes back
    expect(group.key).toBe(key);
    render(scene);
    expect(quadTexels(gl, 0, 0)).toEqual(TEXELS_B);
    expect(gl.getError()).toBe(gl.NO_ERROR);
  });

  it('keys apart groups that differ in texture, blend, unit or program', () => {
    const scene = createScene();
    const { gl, program } = scene;
    const a = texture2x2(gl, TEXELS_A),
      b = texture2x2(gl, TEXELS_B);
    const other = createDefaultTexturedProgram(gl);
    const base = new TextureGroup(a, program).key;
    const variants = [
      new TextureGroup(b, program),
      new TextureGroup(a, program, { blend: 'additive' }),
      new TextureGroup(a, program, { blend: 'none' }),
      new TextureGroup(a, program, { unit: 1 }),
      new TextureGroup(a, other),
    ].map((group) => group.key);
    expect(new Set([base, ...variants]).size).toBe(6);
  });

  it('samples from the unit it was given, leaving its state set for the next group (blending on, its unit active, its texture bound)', () => {
    const scene = createScene();
    const { gl, program } = scene;
    const a = texture2x2(gl, TEXELS_A),
      b = texture2x2(gl, TEXELS_B);
    gl.activeTexture(gl.TEXTURE0);
    gl.bindTexture(gl.TEXTURE_2D, b); // a decoy on unit 0: a group that ignored its unit would sample it
    addQuad(scene, new TextureGroup(a, program, { unit: 3 }), 0, 0);
    render(scene);
    expect(quadTexels(gl, 0, 0)).toEqual(TEXELS_A);
    expect(gl.isEnabled(gl.BLEND)).toBe(true);
    expect(gl.getParameter(gl.ACTIVE_TEXTURE)).toBe(gl.TEXTURE3);
    expect(gl.getParameter(gl.TEXTURE_BINDING_2D)).toBe(a);
    gl.activeTexture(gl.TEXTURE0);
    expect(gl.getParameter(gl.TEXTURE_BINDING_2D)).toBe(b); // unit 0's decoy untouched
    resetGLState(gl); // the activeTexture above was ours
  });
});

describe('TextureGroup sampler uniform', () => {
  it('is set once per program and unit, again after the program is restored, and when another unit is wanted', async () => {
    const scene = createScene();
    const { gl, program } = scene;
    // A TextureLike, so the texture can be made again after the context comes back.
    const a = { glTexture: texture2x2(gl, TEXELS_A) };
    addQuad(scene, new TextureGroup(a, program, { unit: 2 }), 0, 0);
    const calls: number[] = [];
    const uniform1i = gl.uniform1i.bind(gl);
    gl.uniform1i = (location, value) => {
      calls.push(value);
      uniform1i(location, value);
    };
    render(scene);
    render(scene);
    expect(calls).toEqual([2]); // the program keeps it: the second frame sets nothing
    // A lost and restored context: the program is a new WebGLProgram whose sampler reads unit 0 until set again.
    const lose = gl.getExtension('WEBGL_lose_context')!;
    const canvas = gl.canvas as OffscreenCanvas;
    const lost = new Promise((resolve) => canvas.addEventListener('webglcontextlost', resolve, { once: true }));
    lose.loseContext();
    await lost;
    await new Promise((resolve) => setTimeout(resolve, 0)); // restoreContext works once the lost event is done
    const restored = new Promise((resolve) => canvas.addEventListener('webglcontextrestored', resolve, { once: true }));
    lose.restoreContext();
    await restored;
    a.glTexture = texture2x2(gl, TEXELS_A);
    calls.length = 0;
    render(scene);
    expect(calls).toEqual([2]);
    expect(quadTexels(gl, 0, 0)).toEqual(TEXELS_A);
    // setUniforms through twgl points the sampler at twgl's unit (0): the next frame sets it again.
    program.setUniforms({ [SAMPLER_UNIFORM]: a.glTexture });
    calls.length = 0;
    render(scene);
    expect(calls).toEqual([2]);
    expect(quadTexels(gl, 0, 0)).toEqual(TEXELS_A);
    // Two units on one program: each frame switches the sampler both ways.
    addQuad(scene, new TextureGroup(texture2x2(gl, TEXELS_B), program, { unit: 5, order: 1 }), 32, 32);
    calls.length = 0;
    render(scene);
    render(scene);
    expect(calls).toEqual([5, 2, 5]);
    expect(quadTexels(gl, 0, 0)).toEqual(TEXELS_A);
    expect(quadTexels(gl, 32, 32)).toEqual(TEXELS_B);
  });
});

describe('TextureGroup blending', () => {
  const BACKGROUND = [20, 40, 200, 255];

  it('alpha: SRC_ALPHA, ONE_MINUS_SRC_ALPHA over the background', () => {
    const scene = createScene();
    const { gl, program } = scene;
    addQuad(scene, new TextureGroup(texture2x2(gl, TRANSLUCENT), program, { blend: 'alpha' }), 0, 0);
    render(scene, BACKGROUND);
    const got = quadTexels(gl, 0, 0);
    TRANSLUCENT.forEach((texel, i) => expectClose(got[i]!, blended(texel, BACKGROUND, 'oneMinusSrcAlpha')));
    expect(got[3]!.slice(0, 3)).toEqual(BACKGROUND.slice(0, 3)); // alpha 0: untouched colour
    expect(gl.isEnabled(gl.BLEND)).toBe(true); // left for the next group
    expect(gl.getParameter(gl.BLEND_DST_RGB)).toBe(gl.ONE_MINUS_SRC_ALPHA);
  });

  it('additive: SRC_ALPHA, ONE over the background', () => {
    const scene = createScene();
    const { gl, program } = scene;
    addQuad(scene, new TextureGroup(texture2x2(gl, TRANSLUCENT), program, { blend: 'additive' }), 0, 0);
    render(scene, BACKGROUND);
    const got = quadTexels(gl, 0, 0);
    TRANSLUCENT.forEach((texel, i) => expectClose(got[i]!, blended(texel, BACKGROUND, 'one')));
    expect(gl.isEnabled(gl.BLEND)).toBe(true);
    expect(gl.getParameter(gl.BLEND_DST_RGB)).toBe(gl.ONE);
  });

  it('none: the texel replaces the background, alpha and all', () => {
    const scene = createScene();
    const { gl, program } = scene;
    addQuad(scene, new TextureGroup(texture2x2(gl, TRANSLUCENT), program, { blend: 'none' }), 0, 0);
    render(scene, BACKGROUND);
    expect(quadTexels(gl, 0, 0)).toEqual(TRANSLUCENT);
    expect(gl.isEnabled(gl.BLEND)).toBe(false);
  });

  it('switches between the three modes group by group, frame after frame, from whatever the last group left', () => {
    const scene = createScene();
    const { gl, program } = scene;
    const texture = texture2x2(gl, TRANSLUCENT);
    // Two groups per mode, so each mode follows another within a frame and across frames (none → alpha wraps).
    const modes = ['alpha', 'additive', 'none', 'alpha', 'none', 'additive'] as const;
    modes.forEach((blend, order) =>
      addQuad(scene, new TextureGroup(texture, program, { blend, order }), (order % 3) * 20, order < 3 ? 0 : 32),
    );
    for (let frame = 0; frame < 3; frame++) {
      render(scene, BACKGROUND);
      modes.forEach((blend, order) => {
        const got = quadTexels(gl, (order % 3) * 20, order < 3 ? 0 : 32);
        if (blend === 'none') expect(got).toEqual(TRANSLUCENT);
        else
          TRANSLUCENT.forEach((texel, i) =>
            expectClose(got[i]!, blended(texel, BACKGROUND, blend === 'alpha' ? 'oneMinusSrcAlpha' : 'one')),
          );
      });
    }
  });
});

describe('TextureGroup arguments', () => {
  it('throws TextureGroupError (a GraphicsArgumentError) naming the argument', () => {
    const gl = createContext(4, 4);
    const program = createDefaultTexturedProgram(gl);
    const texture = texture2x2(gl, TEXELS_A);
    const cases: [string, () => unknown][] = [
      ['texture', () => new TextureGroup({} as WebGLTexture, program)],
      ['texture', () => new TextureGroup(null as unknown as WebGLTexture, program)],
      ['texture', () => new TextureGroup(gl.createBuffer() as unknown as WebGLTexture, program)],
      ['program', () => new TextureGroup(texture, {} as ShaderProgram)],
      ['program', () => new TextureGroup(texture, createDefaultProgram(gl))], // no sprite_texture sampler
      ['unit', () => new TextureGroup(texture, program, { unit: -1 })],
      ['unit', () => new TextureGroup(texture, program, { unit: 1.5 })],
      ['unit', () => new TextureGroup(texture, program, { unit: 32 })],
      ['unit', () => new TextureGroup(texture, program, { unit: '0' as unknown as number })],
      ['blend', () => new TextureGroup(texture, program, { blend: 'multiply' as 'alpha' })],
      ['options', () => new TextureGroup(texture, program, null as unknown as object)],
    ];
    for (const [argument, make] of cases) {
      let error: unknown;
      try {
        make();
      } catch (caught) {
        error = caught;
      }
      expect(error, argument).toBeInstanceOf(TextureGroupError);
      expect(error).toBeInstanceOf(GraphicsArgumentError);
      expect((error as TextureGroupError).argument).toBe(argument);
      expect((error as Error).name).toBe('TextureGroupError');
    }
    // Group's own checks still apply.
    expect(() => new TextureGroup(texture, program, { order: Number.NaN })).toThrow(GraphicsArgumentError);
  });
});

describe('GL state kept between groups and frames (GLState)', () => {
  const STATE_CALLS = ['useProgram', 'activeTexture', 'bindTexture', 'bindSampler', 'enable', 'disable', 'blendFunc', 'uniform1i'] as const;
  /** Counts the state calls made on the real context while `fn` runs. */
  function stateCalls(gl: WebGL2RenderingContext, fn: () => void): number {
    const spies = STATE_CALLS.map((name) => vi.spyOn(gl, name));
    try {
      fn();
      return spies.reduce((sum, spy) => sum + spy.mock.calls.length, 0);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  }

  it('a second frame sets no state: the program, texture, sampler and blending are still in effect', () => {
    const scene = createScene();
    const { gl, program } = scene;
    addQuad(scene, new TextureGroup(texture2x2(gl, TEXELS_A), program, { unit: 1 }), 0, 0);
    expect(stateCalls(gl, () => render(scene))).toBeGreaterThanOrEqual(6);
    expect(stateCalls(gl, () => render(scene))).toBe(0);
    expect(quadTexels(gl, 0, 0)).toEqual(TEXELS_A);
  });

  it('GL calls of the app followed by resetGLState: the next frame sets everything again and draws right', () => {
    const scene = createScene();
    const { gl, program } = scene;
    const a = texture2x2(gl, TEXELS_A),
      decoy = texture2x2(gl, TEXELS_B);
    addQuad(scene, new TextureGroup(a, program, { blend: 'none' }), 0, 0);
    render(scene);
    gl.useProgram(null);
    gl.bindTexture(gl.TEXTURE_2D, decoy);
    resetGLState(gl);
    render(scene);
    expect(quadTexels(gl, 0, 0)).toEqual(TEXELS_A);
  });

  it('through a debugContext, state changed behind webglet throws StaleGLStateError naming the parameter', () => {
    const { gl: raw } = createScene();
    const gl = debugContext(raw);
    const program = createDefaultTexturedProgram(gl);
    const batch = new Batch(gl, { multiDraw: false });
    const a = texture2x2(raw, TRANSLUCENT),
      decoy = texture2x2(raw, TEXELS_B);
    const scene = { gl, program, batch };
    addQuad(scene, new TextureGroup(a, program, { unit: 2 }), 0, 0);
    render(scene);
    const changes: [string, () => void][] = [
      ['CURRENT_PROGRAM', () => raw.useProgram(null)],
      ['ACTIVE_TEXTURE', () => raw.activeTexture(raw.TEXTURE0)],
      ['TEXTURE_BINDING_2D', () => raw.bindTexture(raw.TEXTURE_2D, decoy)],
      ['SAMPLER_BINDING', () => raw.bindSampler(2, raw.createSampler())],
      ['BLEND', () => raw.disable(raw.BLEND)],
      ['BLEND_DST_RGB', () => raw.blendFunc(raw.SRC_ALPHA, raw.ONE)],
    ];
    for (const [parameter, change] of changes) {
      change();
      let error: unknown;
      try {
        render(scene);
      } catch (caught) {
        error = caught;
      }
      expect(error, parameter).toBeInstanceOf(StaleGLStateError);
      expect((error as StaleGLStateError).parameter).toBe(parameter);
      expect((error as Error).message).toMatch(/changed outside webglet.*resetGLState/);
      resetGLState(gl);
      render(scene); // told: draws right again
      TRANSLUCENT.forEach((texel, i) => expectClose(quadTexels(raw, 0, 0)[i]!, blended(texel, [0, 0, 0, 255], 'oneMinusSrcAlpha')));
    }
    glState(gl).clearColor(gl, 0, 0, 0, 0);
    raw.clearColor(1, 0, 0, 1);
    expect(() => glState(gl).clearColor(gl, 0, 0, 0, 0)).toThrow(StaleGLStateError);
    resetGLState(gl);
  });

  it('a group of a class not declared with trackGLState may call GL itself: the batch forgets after it', () => {
    const scene = createScene();
    const { gl, program } = scene;
    const a = texture2x2(gl, TEXELS_A),
      decoy = texture2x2(gl, TEXELS_B);
    class RawGroup extends Group {
      override setState(raw: WebGL2RenderingContext): void {
        raw.activeTexture(raw.TEXTURE0);
        raw.bindTexture(raw.TEXTURE_2D, decoy); // pyglet-style: GL called directly
      }
    }
    // The same texture before and inside the raw group: trusting its record, the second would sample the decoy.
    addQuad(scene, new TextureGroup(a, program, { blend: 'none' }), 0, 0);
    addQuad(scene, new TextureGroup(a, program, { blend: 'none', parent: new RawGroup(1) }), 32, 32);
    for (let frame = 0; frame < 2; frame++) {
      render(scene);
      expect(quadTexels(gl, 0, 0)).toEqual(TEXELS_A);
      expect(quadTexels(gl, 32, 32)).toEqual(TEXELS_A);
    }
    class TrackedGroup extends Group {
      override setState(raw: WebGL2RenderingContext): void {
        glState(raw).setBlend(raw, 'none');
      }
    }
    trackGLState(TrackedGroup);
    const tracked = createScene();
    addQuad(
      tracked,
      new TextureGroup(texture2x2(tracked.gl, TEXELS_A), tracked.program, { blend: 'none', parent: new TrackedGroup() }),
      0,
      0,
    );
    render(tracked);
    expect(stateCalls(tracked.gl, () => render(tracked))).toBe(0);
  });

  it.each([
    ['a ShaderGroup', false],
    ['a ShaderGroup inside a group not declared with trackGLState (the release is applied before it)', true],
  ])('%s sets no blending: it draws unblended after a blending group, in every frame', (_, untracked) => {
    const scene = createScene();
    const { gl, program } = scene;
    addQuad(scene, new TextureGroup(texture2x2(gl, TRANSLUCENT), program, { blend: 'additive' }), 0, 0);
    const plain = createDefaultProgram(gl);
    const HALF_RED = [255, 0, 0, 128];
    class UntrackedGroup extends Group {
      override setState(raw: WebGL2RenderingContext): void {
        raw.disable(raw.SCISSOR_TEST); // its own GL call, on no parameter GLState tracks: blending is left as it finds it
      }
    }
    scene.batch.add(6, gl.TRIANGLES, new ShaderGroup(plain, 1, untracked ? new UntrackedGroup(1) : null), plain, {
      position: ['f', [32, 32, 0, 48, 32, 0, 48, 48, 0, 48, 48, 0, 32, 48, 0, 32, 32, 0]],
      colors: ['Bn', Array<number[]>(6).fill(HALF_RED).flat()],
    });
    const BACKDROP = [20, 40, 200, 255];
    for (let frame = 0; frame < 3; frame++) {
      render(scene, BACKDROP);
      expect(pixel(gl, 40, 40), `frame ${frame}`).toEqual(HALF_RED); // replaced, not added to the backdrop
      TRANSLUCENT.forEach((texel, i) => expectClose(quadTexels(gl, 0, 0)[i]!, blended(texel, BACKDROP, 'one')));
    }
  });

  it('a release still pending when the app resets after batch.draw() is applied in the next frame: blending off, unit 0 active', () => {
    const scene = createScene();
    const { gl, program } = scene;
    const b = texture2x2(gl, TEXELS_B);
    class BindsOnUnit0 extends Group {
      override setState(raw: WebGL2RenderingContext): void {
        raw.bindTexture(raw.TEXTURE_2D, b); // pyglet-style: after the last group's unset, unit 0 is active
      }
    }
    const sampling0 = createDefaultTexturedProgram(gl); // its sampler reads unit 0, GL's default
    addQuad({ ...scene, program: sampling0 }, new ShaderGroup(sampling0, 0, new BindsOnUnit0(0)), 32, 32);
    // Last in the frame: additive blending on unit 2, released lazily when batch.draw() returns.
    addQuad(scene, new TextureGroup(texture2x2(gl, TRANSLUCENT), program, { blend: 'additive', unit: 2, order: 1 }), 0, 0);
    const BACKDROP = [20, 40, 200, 255];
    for (let frame = 0; frame < 3; frame++) {
      render(scene, BACKDROP);
      expect(quadTexels(gl, 32, 32), `frame ${frame}`).toEqual(TEXELS_B); // bound on unit 0, drawn unblended
      resetGLState(gl); // the app's own GL calls, then the reset the contract asks for
    }
  });

  it('a group not declared with trackGLState that blends on its own keeps its blending (what it set is adopted, not released over)', () => {
    const scene = createScene();
    const { gl, program } = scene;
    addQuad(scene, new TextureGroup(texture2x2(gl, TRANSLUCENT), program, { blend: 'alpha' }), 0, 0);
    class AddsItself extends Group {
      override setState(raw: WebGL2RenderingContext): void {
        raw.enable(raw.BLEND);
        raw.blendFunc(raw.ONE, raw.ONE);
      }
    }
    const plain = createDefaultProgram(gl);
    scene.batch.add(6, gl.TRIANGLES, new ShaderGroup(plain, 0, new AddsItself(1)), plain, {
      position: ['f', [32, 32, 0, 48, 32, 0, 48, 48, 0, 48, 48, 0, 32, 48, 0, 32, 32, 0]],
      colors: ['Bn', Array<number[]>(6).fill([100, 0, 0, 255]).flat()],
    });
    const BACKDROP = [20, 40, 200, 255];
    for (let frame = 0; frame < 2; frame++) {
      render(scene, BACKDROP);
      expect(pixel(gl, 40, 40), `frame ${frame}`).toEqual([120, 40, 200, 255]); // ONE, ONE: added to the backdrop
    }
  });

  it('through a debugContext, a release that needs no call is checked too: blending turned on behind webglet is found before a group draws with it', () => {
    const { gl: raw } = createScene();
    const gl = debugContext(raw);
    const program = createDefaultTexturedProgram(gl);
    const textured = { gl, program, batch: new Batch(gl, { multiDraw: false }) };
    addQuad(textured, new TextureGroup(texture2x2(raw, TEXELS_A), program, { blend: 'none' }), 0, 0);
    const plain = createDefaultProgram(gl);
    const untextured = new Batch(gl, { multiDraw: false });
    untextured.add(3, gl.TRIANGLES, new ShaderGroup(plain), plain, {
      position: ['f', [0, 0, 0, 8, 0, 0, 0, 8, 0]],
      colors: ['Bn', Array<number>(12).fill(255)],
    });
    textured.batch.draw(); // released: blending off (GL holds that already), unit 0
    raw.enable(raw.BLEND); // the app's own call, no reset
    expect(() => untextured.draw()).toThrow(expect.objectContaining({ name: 'StaleGLStateError', parameter: 'BLEND' }));
    raw.disable(raw.BLEND);
    raw.activeTexture(raw.TEXTURE5);
    expect(() => untextured.draw()).toThrow(expect.objectContaining({ name: 'StaleGLStateError', parameter: 'ACTIVE_TEXTURE' }));
    resetGLState(gl);
    untextured.draw();
  });

  it('setUniforms of a uniform that is not a sampler keeps the record: the next frame sets no state', () => {
    const scene = createScene();
    const { gl } = scene;
    const fading = new ShaderProgram(
      gl,
      defaultTexturedVertexSource,
      defaultTexturedFragmentSource
        .replace('uniform sampler2D sprite_texture;', 'uniform sampler2D sprite_texture;\nuniform float fade;')
        .replace('* vertex_colors;', '* vertex_colors * fade;'),
    );
    addQuad({ ...scene, program: fading }, new TextureGroup(texture2x2(gl, TEXELS_A), fading, { blend: 'none', unit: 3 }), 0, 0);
    fading.setUniforms({ fade: 1 });
    render(scene);
    fading.setUniforms({ fade: 0.5 });
    expect(stateCalls(gl, () => render(scene))).toBe(0);
    expectClose(quadTexels(gl, 0, 0)[0]!, [128, 0, 0, 128]);
    fading.setUniforms({ fade: 1, sprite_texture: texture2x2(gl, TEXELS_B) }); // a sampler: twgl binds on unit 0
    expect(stateCalls(gl, () => render(scene))).toBeGreaterThanOrEqual(3); // unit, texture and the sampler's unit again
    expect(quadTexels(gl, 0, 0)).toEqual(TEXELS_A);
  });

  it('through a debugContext, blending changed behind webglet is found when only part of it is set again', () => {
    const { gl: raw } = createScene();
    const gl = debugContext(raw);
    const program = createDefaultTexturedProgram(gl);
    const texture = texture2x2(raw, TRANSLUCENT);
    const sceneOf = (second: 'additive' | 'none') => {
      const scene = { gl, program, batch: new Batch(gl, { multiDraw: false }) };
      addQuad(scene, new TextureGroup(texture, program, { blend: 'alpha' }), 0, 0);
      addQuad(scene, new TextureGroup(texture, program, { blend: second, order: 1 }), 32, 0);
      return scene;
    };
    // Alpha after additive: blending is on and stays on, so only the function is set; the enable skipped is checked.
    const switching = sceneOf('additive');
    render(switching);
    raw.disable(raw.BLEND);
    expect(() => render(switching)).toThrow(expect.objectContaining({ name: 'StaleGLStateError', parameter: 'BLEND' }));
    resetGLState(gl);
    // Alpha after none: blending is turned on with alpha's function still set; the blendFunc skipped is checked.
    const toggling = sceneOf('none');
    render(toggling);
    raw.blendFunc(raw.ONE, raw.ONE);
    expect(() => render(toggling)).toThrow(expect.objectContaining({ name: 'StaleGLStateError', parameter: 'BLEND_SRC_RGB' }));
    resetGLState(gl);
  });

  it("setUniforms with a texture for the sampler (twgl binds it on its own unit): the next frame binds the group's again", () => {
    const scene = createScene();
    const { gl, program } = scene;
    const a = texture2x2(gl, TEXELS_A),
      b = texture2x2(gl, TEXELS_B);
    addQuad(scene, new TextureGroup(a, program, { blend: 'none' }), 0, 0);
    render(scene);
    program.setUniforms({ [SAMPLER_UNIFORM]: b }); // twgl: unit 0 active, b bound to it
    render(scene);
    expect(quadTexels(gl, 0, 0)).toEqual(TEXELS_A);
  });

  it('the record alone, with no Batch or Window: a loss forgets it, and what is set while lost is not kept', async () => {
    const gl = createContext(8, 8);
    const canvas = gl.canvas as OffscreenCanvas;
    const cleared: number[][] = [];
    canvas.addEventListener('webglcontextlost', (event) => event.preventDefault()); // or GL never restores it
    // Registered before the record exists, so it runs before the record hears of the restore.
    canvas.addEventListener('webglcontextrestored', () => {
      glState(gl).clearColor(gl, 10, 20, 30, 255);
      gl.clear(gl.COLOR_BUFFER_BIT);
      cleared.push(pixel(gl, 4, 4));
    });
    const state = glState(gl);
    state.setBlend(gl, 'alpha');
    const lose = gl.getExtension('WEBGL_lose_context')!;
    const lost = new Promise((resolve) => canvas.addEventListener('webglcontextlost', resolve, { once: true }));
    lose.loseContext();
    await lost;
    state.clearColor(gl, 10, 20, 30, 255); // while lost: GL ignores it
    await new Promise((resolve) => setTimeout(resolve, 0));
    const restored = new Promise((resolve) => canvas.addEventListener('webglcontextrestored', resolve, { once: true }));
    lose.restoreContext();
    await restored;
    expect(cleared).toEqual([[10, 20, 30, 255]]);
    state.setBlend(gl, 'alpha'); // GL's default is off: set again
    expect(gl.isEnabled(gl.BLEND)).toBe(true);
    expect(gl.getParameter(gl.BLEND_DST_RGB)).toBe(gl.ONE_MINUS_SRC_ALPHA);
  });

  it("a lost and restored context starts from GL's defaults: blending is turned on again", async () => {
    const scene = createScene();
    const { gl, program } = scene;
    const holder = { glTexture: texture2x2(gl, TRANSLUCENT) };
    addQuad(scene, new TextureGroup(holder, program, { blend: 'alpha' }), 0, 0);
    const BACKDROP = [20, 40, 200, 255];
    render(scene, BACKDROP);
    const before = quadTexels(gl, 0, 0);
    const lose = gl.getExtension('WEBGL_lose_context')!;
    const canvas = gl.canvas as OffscreenCanvas;
    const lost = new Promise((resolve) => canvas.addEventListener('webglcontextlost', resolve, { once: true }));
    lose.loseContext();
    await lost;
    await new Promise((resolve) => setTimeout(resolve, 0));
    const restored = new Promise((resolve) => canvas.addEventListener('webglcontextrestored', resolve, { once: true }));
    lose.restoreContext();
    await restored;
    holder.glTexture = texture2x2(gl, TRANSLUCENT);
    render(scene, BACKDROP);
    expect(gl.isEnabled(gl.BLEND)).toBe(true);
    expect(quadTexels(gl, 0, 0)).toEqual(before);
  });
});
