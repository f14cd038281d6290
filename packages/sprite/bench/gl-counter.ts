// Counts what reaches WebGL, the same way for both engines of the sprite
// benchmark: bytes uploaded (bufferData with data, bufferSubData), draw calls
// (every draw entry point, a multi-draw call counting as one) and the bytes of
// live GPU buffers. A thin wrapper on WebGL2RenderingContext.prototype, installed
// before either engine makes its context; counting is on only while `enabled`.

export interface GLFigures { bytesUploaded: number; drawCalls: number }

export const counter = { enabled: false, bytesUploaded: 0, drawCalls: 0 };
const bufferBytes = new Map<WebGLBuffer, number>();
const bound = new Map<GLenum, WebGLBuffer | null>();
const vaoElements = new Map<WebGLVertexArrayObject | null, WebGLBuffer | null>();
let currentVao: WebGLVertexArrayObject | null = null;

/** Bytes of every live buffer the page created. */
export function liveBufferBytes(): number {
  let total = 0;
  for (const size of bufferBytes.values()) total += size;
  return total;
}

type Method = (this: WebGL2RenderingContext, ...args: never[]) => unknown;
function wrap(name: keyof WebGL2RenderingContext, before: (gl: WebGL2RenderingContext, args: unknown[]) => void): void {
  const proto = WebGL2RenderingContext.prototype as unknown as Record<string, Method>;
  const original = proto[name]!;
  proto[name] = function (this: WebGL2RenderingContext, ...args: never[]) {
    before(this, args);
    return original.apply(this, args);
  };
}

const byteLength = (data: unknown): number => (ArrayBuffer.isView(data) ? data.byteLength : data instanceof ArrayBuffer ? data.byteLength : 0);
const elementSize = (data: unknown): number => (data as { BYTES_PER_ELEMENT?: number } | null)?.BYTES_PER_ELEMENT ?? 1;
const countDraw = (): void => { if (counter.enabled) counter.drawCalls++; };

export function installCounter(): void {
  wrap('bindBuffer', (gl, [target, buffer]) => {
    bound.set(target as GLenum, buffer as WebGLBuffer | null);
    if (target === gl.ELEMENT_ARRAY_BUFFER) vaoElements.set(currentVao, buffer as WebGLBuffer | null);
  });
  wrap('bindVertexArray', (gl, [vao]) => {
    currentVao = vao as WebGLVertexArrayObject | null;
    bound.set(gl.ELEMENT_ARRAY_BUFFER, vaoElements.get(currentVao) ?? null);
  });
  wrap('deleteBuffer', (_gl, [buffer]) => { bufferBytes.delete(buffer as WebGLBuffer); });
  wrap('bufferData', (_gl, [target, sizeOrData, , srcOffset, length]) => {
    const buffer = bound.get(target as GLenum);
    const element = elementSize(sizeOrData);
    const size = typeof sizeOrData === 'number' ? sizeOrData
      : typeof length === 'number' && length > 0 ? length * element
      : byteLength(sizeOrData) - (typeof srcOffset === 'number' ? srcOffset * element : 0);
    if (buffer) bufferBytes.set(buffer, size);
    if (counter.enabled && typeof sizeOrData !== 'number') counter.bytesUploaded += size;
  });
  wrap('bufferSubData', (_gl, [, , data, srcOffset, length]) => {
    if (!counter.enabled) return;
    const element = elementSize(data);
    counter.bytesUploaded += typeof length === 'number' && length > 0 ? length * element
      : byteLength(data) - (typeof srcOffset === 'number' ? srcOffset * element : 0);
  });
  for (const name of ['drawArrays', 'drawElements', 'drawArraysInstanced', 'drawElementsInstanced', 'drawRangeElements'] as const) wrap(name, countDraw);
  const multiDraw = (globalThis as { WEBGL_multi_draw?: { prototype: Record<string, Method> } }).WEBGL_multi_draw?.prototype;
  if (multiDraw) {
    for (const name of Object.getOwnPropertyNames(multiDraw)) {
      if (!name.startsWith('multiDraw')) continue;
      const original = multiDraw[name]!;
      multiDraw[name] = function (this: WebGL2RenderingContext, ...args: never[]) { countDraw(); return original.apply(this, args); };
    }
  }
}
