// The growth benchmark's page (driven by growth.bench.ts, one fresh page per run): a buffer full
// of a seeded pattern grows by doubling, three ways, in the order given by ?ways=:
// "copy" (ours): GLBuffer.grow, a new WebGLBuffer and the used bytes copied GPU-side;
// "reupload" (three.js, PixiJS): a bigger CPU array, re-uploaded whole into the same WebGLBuffer;
// "checked": that re-upload into a new WebGLBuffer, with one getError, as GLBuffer's contract asks;
// "allocate": the floor of any growth into a new WebGLBuffer: the bigger shadow and bufferData(size)
// only, no byte moved and no check (the old bytes are uploaded after the timing, to keep the check).
// Each growth starts after a 1-pixel readPixels has drained the GPU and is timed to a second one
// (gl.finish() does not wait in Chromium); its GL calls are timed too, to split it by phase. First
// a cold growth, then an untimed warm-up of each way, then one timed sequence per way. At the end
// each way's GPU buffer is read back and checked against the pattern, word for word.
// gl-buffer.ts alone: the benchmark does not load (or wait on) the rest of the package.
import { GLBuffer } from '../src/gl-buffer.ts';

declare global {
  interface Window {
    benchResult?: unknown;
    benchError?: string;
    benchProgress?: string;
  }
}

export type Way = 'copy' | 'reupload' | 'checked' | 'allocate';

/**
 * One growth, in ms. `call` is the time in the growth's own code, split into the GL calls it made
 * (`create`: createBuffer and bufferData; `check`: getError; `copy`: copyBufferSubData; `otherGL`:
 * binds, deletes, flushes) and the rest (`js`: mostly the CPU shadow's allocation and copy).
 * `wait` is the readPixels after it: the GPU work still running when the call returned.
 */
export interface Growth {
  call: number;
  create: number;
  check: number;
  copy: number;
  otherGL: number;
  js: number;
  wait: number;
}

export interface PageResult {
  /** The first growth on the page, before any warm-up: `coldBytes` → twice that, by the first way. */
  cold: Growth;
  /** Per way, one Growth per doubling from `from` to `to`. */
  growths: Partial<Record<Way, Growth[]>>;
  /** Per way: the final GPU buffer holds the pattern, word for word. */
  intact: Partial<Record<Way, boolean>>;
  glError: number;
  renderer: string;
}

const MiB = 1 << 20;
const params = new URLSearchParams(location.search);
const wholeParam = (name: string, fallback: number): number => {
  const value = Number(params.get(name) ?? fallback);
  if (!Number.isInteger(value) || value < 4 || value % 4 !== 0)
    throw new Error(`?${name} must be a whole number of 32-bit words, got ${params.get(name)}`);
  return value;
};
const FROM = wholeParam('from', 1024),
  TO = wholeParam('to', 128 * MiB);
const COLD_BYTES = wholeParam('cold', MiB);
/** Far enough that small and large allocations have both run before anything is timed. */
const WARM_TO = Math.min(TO, 16 * MiB);
const WAYS = (params.get('ways') ?? 'copy,reupload,checked,allocate').split(',') as Way[];

/** The same 32-bit words for any range: a hash of the word's index. */
function fillPattern(target: Uint8Array<ArrayBuffer>, offset: number, length: number): void {
  const words = new Uint32Array(target.buffer, target.byteOffset + offset, length / 4);
  for (let i = 0, word = offset / 4; i < words.length; i++, word++) words[i] = Math.imul(word + 1, 2654435761);
}

function holdsPattern(gl: WebGL2RenderingContext, buffer: WebGLBuffer, length: number): boolean {
  const bytes = new Uint8Array(length);
  gl.bindBuffer(gl.COPY_READ_BUFFER, buffer);
  gl.getBufferSubData(gl.COPY_READ_BUFFER, 0, bytes);
  gl.bindBuffer(gl.COPY_READ_BUFFER, null);
  const words = new Uint32Array(bytes.buffer);
  for (let i = 0; i < words.length; i++) if (words[i] !== Math.imul(i + 1, 2654435761) >>> 0) return false;
  return true;
}

/** A growing buffer, either way: the shadow, the current WebGLBuffer, grow and upload. */
interface Subject {
  readonly bytes: Uint8Array<ArrayBuffer>;
  readonly buffer: WebGLBuffer;
  /** Doubles from `used` bytes, all of them in use. */
  grow(used: number): void;
  upload(start: number, end: number): void;
  delete(): void;
}

function glBufferSubject(gl: WebGL2RenderingContext, bytes: number): Subject {
  const buffer = new GLBuffer(gl, 'vertex', bytes);
  return {
    get bytes() {
      return buffer.bytes;
    },
    get buffer() {
      return buffer.buffer;
    },
    grow: (used) => {
      buffer.grow(2 * used, used);
    },
    upload: (start, end) => {
      buffer.markDirty(start, end);
      buffer.commit();
    },
    delete: () => buffer.delete(),
  };
}

/** A new WebGLBuffer of `sizeOrData`, as the ways other than ours make theirs. */
function newBuffer(gl: WebGL2RenderingContext, sizeOrData: number | Uint8Array<ArrayBuffer>): WebGLBuffer {
  const buffer = gl.createBuffer();
  gl.bindBuffer(gl.ARRAY_BUFFER, buffer);
  if (typeof sizeOrData === 'number') gl.bufferData(gl.ARRAY_BUFFER, sizeOrData, gl.DYNAMIC_DRAW);
  else gl.bufferData(gl.ARRAY_BUFFER, sizeOrData, gl.DYNAMIC_DRAW);
  gl.bindBuffer(gl.ARRAY_BUFFER, null);
  return buffer;
}

/** A CPU copy twice `used` bytes long, holding the first `used` of `shadow`. */
function doubled(shadow: Uint8Array<ArrayBuffer>, used: number): Uint8Array<ArrayBuffer> {
  const grown = new Uint8Array(2 * used);
  grown.set(shadow.subarray(0, used));
  return grown;
}

function uploadRange(gl: WebGL2RenderingContext, buffer: WebGLBuffer, shadow: Uint8Array<ArrayBuffer>, start: number, end: number): void {
  gl.bindBuffer(gl.ARRAY_BUFFER, buffer);
  gl.bufferSubData(gl.ARRAY_BUFFER, start, shadow, start, end - start);
  gl.bindBuffer(gl.ARRAY_BUFFER, null);
}

function reuploadSubject(gl: WebGL2RenderingContext, bytes: number): Subject {
  let shadow = new Uint8Array(bytes);
  const buffer = newBuffer(gl, shadow);
  return {
    get bytes() {
      return shadow;
    },
    buffer,
    grow: (used) => {
      const grown = doubled(shadow, used);
      shadow = grown;
      gl.bindBuffer(gl.ARRAY_BUFFER, buffer);
      gl.bufferData(gl.ARRAY_BUFFER, shadow, gl.DYNAMIC_DRAW);
      gl.bindBuffer(gl.ARRAY_BUFFER, null);
    },
    upload: (start, end) => uploadRange(gl, buffer, shadow, start, end),
    delete: () => gl.deleteBuffer(buffer),
  };
}

function checkedSubject(gl: WebGL2RenderingContext, bytes: number): Subject {
  let shadow = new Uint8Array(bytes);
  let buffer = newBuffer(gl, shadow);
  return {
    get bytes() {
      return shadow;
    },
    get buffer() {
      return buffer;
    },
    grow: (used) => {
      const grown = doubled(shadow, used);
      const fresh = newBuffer(gl, grown);
      if (gl.getError() !== gl.NO_ERROR) throw new Error(`the GL refused ${2 * used} bytes`);
      gl.deleteBuffer(buffer);
      buffer = fresh;
      shadow = grown;
    },
    upload: (start, end) => uploadRange(gl, buffer, shadow, start, end),
    delete: () => gl.deleteBuffer(buffer),
  };
}

function allocateSubject(gl: WebGL2RenderingContext, bytes: number): Subject {
  let shadow = new Uint8Array(bytes);
  let buffer = newBuffer(gl, shadow);
  // Bytes the timed growth left behind on the CPU: the next (untimed) upload starts there.
  let missingFrom = bytes;
  return {
    get bytes() {
      return shadow;
    },
    get buffer() {
      return buffer;
    },
    grow: (used) => {
      const grown = doubled(shadow, used);
      gl.deleteBuffer(buffer);
      buffer = newBuffer(gl, 2 * used);
      shadow = grown;
      missingFrom = 0;
    },
    upload: (start, end) => {
      uploadRange(gl, buffer, shadow, Math.min(start, missingFrom), end);
      missingFrom = shadow.length;
    },
    delete: () => gl.deleteBuffer(buffer),
  };
}

const SUBJECTS: Record<Way, (gl: WebGL2RenderingContext, bytes: number) => Subject> = {
  copy: glBufferSubject,
  reupload: reuploadSubject,
  checked: checkedSubject,
  allocate: allocateSubject,
};

type Phase = 'create' | 'check' | 'copy' | 'otherGL';
const PHASE_OF: Record<string, Phase> = {
  createBuffer: 'create',
  bufferData: 'create',
  getError: 'check',
  copyBufferSubData: 'copy',
  bindBuffer: 'otherGL',
  bindVertexArray: 'otherGL',
  deleteBuffer: 'otherGL',
  flush: 'otherGL',
};
const spent: Record<Phase, number> = { create: 0, check: 0, copy: 0, otherGL: 0 };
let timing = false;

/** Times the context's own GL calls by phase while `timing` is on: GLBuffer itself stays as shipped. */
function timeGLCalls(gl: WebGL2RenderingContext): void {
  const methods = gl as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const [name, phase] of Object.entries(PHASE_OF)) {
    const call = methods[name]!.bind(gl);
    methods[name] = (...args: unknown[]) => {
      if (!timing) return call(...args);
      const t0 = performance.now();
      try {
        return call(...args);
      } finally {
        spent[phase] += performance.now() - t0;
      }
    };
  }
}

const pixel = new Uint8Array(4);
/** Returns when the GPU has finished all earlier work (a readPixels needs its pixels). */
const drain = (gl: WebGL2RenderingContext): void => gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel);

function timeGrowth(gl: WebGL2RenderingContext, grow: () => void): Growth {
  drain(gl);
  spent.create = spent.check = spent.copy = spent.otherGL = 0;
  timing = true;
  const t0 = performance.now();
  grow();
  const t1 = performance.now();
  timing = false;
  drain(gl);
  const t2 = performance.now();
  const call = t1 - t0;
  return { call, ...spent, js: call - spent.create - spent.check - spent.copy - spent.otherGL, wait: t2 - t1 };
}

/** Grows `way`'s buffer from `from` to `to` bytes; the new half is filled and uploaded untimed. */
function sequence(gl: WebGL2RenderingContext, way: Way, from: number, to: number, growths?: Growth[]): boolean {
  const subject = SUBJECTS[way](gl, from);
  fillPattern(subject.bytes, 0, from);
  subject.upload(0, from);
  for (let used = from; used < to; used *= 2) {
    const growth = timeGrowth(gl, () => subject.grow(used));
    growths?.push(growth);
    fillPattern(subject.bytes, used, used);
    subject.upload(used, 2 * used);
  }
  const intact = growths === undefined || holdsPattern(gl, subject.buffer, to);
  subject.delete();
  return intact;
}

/** The real renderer (SwiftShader here) where the debug extension tells it. */
function rendererName(gl: WebGL2RenderingContext): string {
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(info === null ? gl.RENDERER : info.UNMASKED_RENDERER_WEBGL));
}

const breathe = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

async function run(): Promise<void> {
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
  if (!gl) throw new Error('WebGL2 is not available');
  timeGLCalls(gl);
  const first = SUBJECTS[WAYS[0]!](gl, COLD_BYTES);
  fillPattern(first.bytes, 0, COLD_BYTES);
  first.upload(0, COLD_BYTES);
  const cold = timeGrowth(gl, () => first.grow(COLD_BYTES));
  first.delete();
  for (const way of WAYS) {
    window.benchProgress = `warm-up: ${way}`;
    await breathe();
    sequence(gl, way, FROM, WARM_TO);
  }
  const growths: PageResult['growths'] = {},
    intact: PageResult['intact'] = {};
  for (const way of WAYS) {
    window.benchProgress = way;
    await breathe();
    const times: Growth[] = [];
    intact[way] = sequence(gl, way, FROM, TO, times);
    growths[way] = times;
  }
  const result: PageResult = { cold, growths, intact, glError: gl.getError(), renderer: rendererName(gl) };
  window.benchResult = result;
}

run().catch((error: unknown) => {
  window.benchError = String((error as Error)?.stack ?? error);
});
