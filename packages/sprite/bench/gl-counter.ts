// Counts what reaches WebGL, the same way for both engines of the sprite
// benchmark: bytes uploaded (bufferData with data, bufferSubData), draw calls
// (every draw entry point, a multi-draw call counting as one) and the bytes of
// live GPU buffers.
//
// The counting wrappers go on WebGL2RenderingContext.prototype only between
// startCounting() and stopCounting(), so the timed and heap-profiled frames call
// the browser's own methods (a wrapper with rest arguments allocates on every
// call). Only createBuffer is wrapped for good, to know every buffer made; sizes
// are asked of the GL when they are needed.

type Method = (this: unknown, ...args: never[]) => unknown;
type Prototype = Record<string, Method>;

export const counter = { bytesUploaded: 0, drawCalls: 0 };
const buffers = new Map<WebGLBuffer, WebGL2RenderingContext>();
const originals: [Prototype, string, Method][] = [];

/** Bytes of every live buffer the page created (asked of the GL through COPY_READ_BUFFER). */
export function liveBufferBytes(): number {
  let total = 0;
  for (const [buffer, gl] of buffers) {
    if (!gl.isBuffer(buffer)) continue; // deleted, or never bound (no storage yet)
    const saved = gl.getParameter(gl.COPY_READ_BUFFER_BINDING) as WebGLBuffer | null;
    gl.bindBuffer(gl.COPY_READ_BUFFER, buffer);
    total += gl.getBufferParameter(gl.COPY_READ_BUFFER, gl.BUFFER_SIZE) as number;
    gl.bindBuffer(gl.COPY_READ_BUFFER, saved);
  }
  return total;
}

/** Installed before either engine makes its context. */
export function installCounter(): void {
  const proto = WebGL2RenderingContext.prototype as unknown as Prototype;
  const create = proto.createBuffer!;
  proto.createBuffer = function (this: unknown) {
    const buffer = create.call(this) as WebGLBuffer | null;
    if (buffer !== null) buffers.set(buffer, this as WebGL2RenderingContext);
    return buffer;
  };
}

function wrap(proto: Prototype, name: string, before: (args: unknown[]) => void): void {
  const original = proto[name]!;
  originals.push([proto, name, original]);
  proto[name] = function (this: unknown, ...args: never[]) {
    before(args);
    return original.apply(this, args);
  };
}

const byteLength = (data: unknown): number =>
  ArrayBuffer.isView(data) ? data.byteLength : data instanceof ArrayBuffer ? data.byteLength : 0;
const elementSize = (data: unknown): number => (data as { BYTES_PER_ELEMENT?: number } | null)?.BYTES_PER_ELEMENT ?? 1;
/** Bytes of data[srcOffset, + length) (elements; length 0 or absent: to the end). */
const uploaded = (data: unknown, srcOffset: unknown, length: unknown): number =>
  typeof length === 'number' && length > 0
    ? length * elementSize(data)
    : byteLength(data) - (typeof srcOffset === 'number' ? srcOffset * elementSize(data) : 0);

/** Zeroes the counts and wraps the upload and draw methods until stopCounting(). */
export function startCounting(): void {
  counter.bytesUploaded = 0;
  counter.drawCalls = 0;
  const proto = WebGL2RenderingContext.prototype as unknown as Prototype;
  wrap(proto, 'bufferData', ([, data, , srcOffset, length]) => {
    if (typeof data !== 'number') counter.bytesUploaded += uploaded(data, srcOffset, length);
  });
  wrap(proto, 'bufferSubData', ([, , data, srcOffset, length]) => {
    counter.bytesUploaded += uploaded(data, srcOffset, length);
  });
  const countDraw = (): void => {
    counter.drawCalls++;
  };
  for (const name of ['drawArrays', 'drawElements', 'drawArraysInstanced', 'drawElementsInstanced', 'drawRangeElements'])
    wrap(proto, name, countDraw);
  // The multi-draw extension's interface object is not a global in Chromium: wrap each context's extension object.
  for (const gl of new Set(buffers.values())) {
    const multiDraw = gl.getExtension('WEBGL_multi_draw') as unknown as Prototype | null;
    if (multiDraw === null) continue;
    for (const name of Object.getOwnPropertyNames(Object.getPrototypeOf(multiDraw))) {
      if (name.startsWith('multiDraw')) wrap(multiDraw, name, countDraw);
    }
  }
}

export function stopCounting(): void {
  // Restoring an own property of an extension object: delete it, so its prototype's method shows again.
  for (const [target, name, original] of originals.splice(0)) {
    if (Object.prototype.hasOwnProperty.call(Object.getPrototypeOf(target), name)) delete target[name];
    else target[name] = original;
  }
}
