// Helpers shared by the browser tests: WebGL2 contexts that are given back after
// each test, GL error checks by name, a raw compile/link, and GL read-backs.
// Importing this module registers an afterEach in the importing test file.
import { mat4 } from 'gl-matrix';
import { afterEach, expect } from 'vitest';
import { createDefaultProgram, MatrixBlock, type ShaderProgram } from '../src/index.ts';

export {
  allocationsDuring,
  EARLY_FRAMES,
  expectSteadyFrame,
  GRAPHICS_SOURCES,
  steadyFrameAllocations,
  type ProbeScope,
  type ProbeWindows,
} from './allocation-probe.ts';

const contexts: WebGL2RenderingContext[] = [];

/** The contexts created in the current test, released after it ends. */
export const liveContexts: readonly WebGL2RenderingContext[] = contexts;

/** A WebGL2 context on its own OffscreenCanvas (reach it through `gl.canvas`), released after the test. */
export function createContext(width = 64, height = 64): WebGL2RenderingContext {
  const gl = new OffscreenCanvas(width, height).getContext('webgl2', { antialias: false });
  if (!gl) throw new Error('WebGL2 is not available');
  contexts.push(gl);
  gl.viewport(0, 0, width, height);
  return gl;
}

/** The canvas behind a context from `createContext`, e.g. for context-loss events. */
export function canvasOf(gl: WebGL2RenderingContext): OffscreenCanvas {
  return gl.canvas as OffscreenCanvas;
}

afterEach(() => {
  // Chromium caps live contexts; give each one back as soon as its test ends.
  for (const gl of contexts.splice(0)) if (!gl.isContextLost()) gl.getExtension('WEBGL_lose_context')?.loseContext();
});

export function glErrorName(gl: WebGL2RenderingContext, error: GLenum): string {
  const names = ['NO_ERROR', 'INVALID_ENUM', 'INVALID_VALUE', 'INVALID_OPERATION', 'OUT_OF_MEMORY', 'CONTEXT_LOST_WEBGL'] as const;
  return names.find((name) => gl[name] === error) ?? `0x${error.toString(16)}`;
}

export function expectGLError(gl: WebGL2RenderingContext, expected: GLenum): void {
  expect(glErrorName(gl, gl.getError())).toBe(glErrorName(gl, expected));
}

export function expectNoGLError(gl: WebGL2RenderingContext): void {
  expect(glErrorName(gl, gl.getError())).toBe('NO_ERROR');
}

export function compile(gl: WebGL2RenderingContext, type: GLenum, source: string): WebGLShader {
  const shader = gl.createShader(type);
  if (!shader) throw new Error('createShader failed');
  gl.shaderSource(shader, source);
  gl.compileShader(shader);
  if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS)) throw new Error(`${gl.getShaderInfoLog(shader)}`);
  return shader;
}

export function link(gl: WebGL2RenderingContext, vertex: string, fragment: string): WebGLProgram {
  const program = gl.createProgram();
  gl.attachShader(program, compile(gl, gl.VERTEX_SHADER, vertex));
  gl.attachShader(program, compile(gl, gl.FRAGMENT_SHADER, fragment));
  gl.linkProgram(program);
  if (!gl.getProgramParameter(program, gl.LINK_STATUS)) throw new Error(`${gl.getProgramInfoLog(program)}`);
  return program;
}

/** One pixel of the framebuffer as [r, g, b, a] bytes. */
export function pixel(gl: WebGL2RenderingContext, x: number, y: number): number[] {
  const out = new Uint8Array(4);
  gl.readPixels(x, y, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, out);
  return [...out];
}

/** Bytes [start, end) of a GPU buffer, read through COPY_READ_BUFFER (which takes index buffers too). */
export function readBuffer(gl: WebGL2RenderingContext, buffer: WebGLBuffer, start: number, end: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(end - start);
  gl.bindBuffer(gl.COPY_READ_BUFFER, buffer);
  gl.getBufferSubData(gl.COPY_READ_BUFFER, start, bytes);
  gl.bindBuffer(gl.COPY_READ_BUFFER, null);
  return bytes;
}

/** mulberry32: a tiny seeded PRNG, so a seed always gives the same numbers. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A size × size context with `makeProgram`'s program (the default one unless given) and a
 * projection in pixel coordinates, origin bottom-left, as readPixels counts them.
 */
export function createPixelScene(
  size: number,
  makeProgram: (gl: WebGL2RenderingContext) => ShaderProgram = createDefaultProgram,
): { gl: WebGL2RenderingContext; program: ShaderProgram } {
  const gl = createContext(size, size);
  const program = makeProgram(gl);
  new MatrixBlock(gl).setProjection(mat4.ortho(mat4.create(), 0, size, 0, size, -1, 1));
  return { gl, program };
}

/** Clears to opaque black, then commits and draws `domain` as triangles with `program`. */
export function renderDomain(
  gl: WebGL2RenderingContext,
  program: ShaderProgram,
  domain: { commit(): void; draw(mode: GLenum): void },
): void {
  gl.clearColor(0, 0, 0, 1);
  gl.clear(gl.COLOR_BUFFER_BIT);
  program.use();
  domain.commit();
  domain.draw(gl.TRIANGLES);
}

/** The pixel at the centre of cell `cell` of an 8 × 8 grid of `cellSize`-pixel cells. */
export const cellPixel = (gl: WebGL2RenderingContext, cell: number, cellSize: number): number[] =>
  pixel(gl, (cell % 8) * cellSize + cellSize / 2, Math.floor(cell / 8) * cellSize + cellSize / 2);

/** A distinct opaque colour per cell, as RGBA bytes. */
export const cellColour = (cell: number): number[] => [((cell * 37) % 200) + 55, ((cell * 91) % 200) + 55, ((cell * 53) % 200) + 55, 255];

/**
 * An instanced shader in pixel coordinates of a `size` × `size` canvas (no
 * projection block): per-vertex `position`, per-instance `offset` and `color`.
 */
export function instancedShaderSources(size: number): { vertex: string; fragment: string } {
  return {
    vertex: `#version 300 es
in vec2 position;
in vec2 offset;
in vec4 color;
out vec4 vColor;
void main() {
  vColor = color;
  gl_Position = vec4((position + offset) / ${size / 2}.0 - 1.0, 0.0, 1.0);
}`,
    fragment: `#version 300 es
precision mediump float;
in vec4 vColor;
out vec4 outColor;
void main() { outColor = vColor; }`,
  };
}

/** Spies on every WebGL2 method of `gl` (calling through); returns the names called, in order. */
export function recordGLCalls(gl: WebGL2RenderingContext): string[] {
  const calls: string[] = [];
  // Multi-draw calls go through the extension object: record them too (it is the same object each time).
  const multiDraw = gl.getExtension('WEBGL_multi_draw') as object | null;
  const targets = multiDraw === null ? [gl] : [gl, multiDraw];
  recorded.set(gl, targets);
  for (const target of targets) {
    const proto = Object.getPrototypeOf(target) as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const descriptor = Object.getOwnPropertyDescriptor(proto, name);
      if (name === 'constructor' || typeof descriptor?.value !== 'function') continue;
      const original = proto[name] as (...args: unknown[]) => unknown;
      Object.defineProperty(target, name, {
        configurable: true,
        writable: true,
        value: (...args: unknown[]) => {
          calls.push(name);
          return original.apply(target, args);
        },
      });
    }
  }
  return calls;
}

/** Ends recordGLCalls: the context's (and its multi-draw extension's) own methods again. */
export function stopRecording(gl: WebGL2RenderingContext): void {
  for (const target of recorded.get(gl) ?? [gl]) {
    for (const name of Object.getOwnPropertyNames(target)) delete (target as Record<string, unknown>)[name];
  }
  recorded.delete(gl);
}

/** What recordGLCalls wrapped, by context. */
const recorded = new WeakMap<WebGL2RenderingContext, object[]>();
