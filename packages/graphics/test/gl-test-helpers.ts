// Helpers shared by the browser tests: WebGL2 contexts that are given back after
// each test, GL error checks by name, a raw compile/link, and GL read-backs.
// Importing this module registers an afterEach in the importing test file.
import { afterEach, expect } from 'vitest';

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
