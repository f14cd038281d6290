// The growth benchmark's page (run by growth.bench.ts in headless Chromium):
// grows a vertex buffer from 1 MiB to 128 MiB by doubling, two ways, alternating:
// - "copyBufferSubData" (ours): GLBuffer.grow — a new WebGLBuffer, the used bytes
//   copied GPU-side, the CPU shadow grown;
// - "bufferData re-upload" (what three.js and PixiJS do when a buffer outgrows its
//   size): a bigger CPU array, the old bytes copied into it, the whole array
//   uploaded again with bufferData.
// Each growth is timed to a gl.finish(), so queued GPU work is inside the figure.
// Before every growth the buffer is full of the same data (a seeded pattern) in
// both; at the end both GPU buffers are read back and compared byte for byte.
import { GLBuffer } from '../src/index.ts';

declare global {
  interface Window { benchResult?: unknown; benchError?: string; benchProgress?: string }
}

const MiB = 1 << 20;
const FROM = 1 * MiB, TO = 128 * MiB;
const RUNS = 5;

/** The same bytes for any (offset, length): a hash of the position. */
function fillPattern(target: Uint8Array, offset: number, length: number): void {
  for (let i = offset; i < offset + length; i++) target[i] = Math.imul(i, 2654435761) >>> 24;
}

function readAll(gl: WebGL2RenderingContext, buffer: WebGLBuffer, bytes: number): Uint8Array {
  const out = new Uint8Array(bytes);
  gl.bindBuffer(gl.COPY_READ_BUFFER, buffer);
  gl.getBufferSubData(gl.COPY_READ_BUFFER, 0, out);
  gl.bindBuffer(gl.COPY_READ_BUFFER, null);
  return out;
}

/** Ours: returns ms per growth, and the final GPU contents. */
function growByCopy(gl: WebGL2RenderingContext): { times: number[]; contents: Uint8Array } {
  const buffer = new GLBuffer(gl, 'vertex', FROM);
  fillPattern(buffer.bytes, 0, FROM);
  buffer.markDirty(0, FROM);
  buffer.commit();
  const times: number[] = [];
  for (let capacity = FROM; capacity < TO; capacity *= 2) {
    gl.finish();
    const t0 = performance.now();
    buffer.grow(2 * capacity, capacity);
    gl.finish();
    times.push(performance.now() - t0);
    // Fill the new half (untimed): the next growth copies a full buffer.
    fillPattern(buffer.bytes, capacity, capacity);
    buffer.markDirty(capacity, 2 * capacity);
    buffer.commit();
  }
  const contents = readAll(gl, buffer.buffer, TO);
  buffer.delete();
  return { times, contents };
}

/** three.js / PixiJS: a bigger CPU array, copied, re-uploaded whole with bufferData. */
function growByReupload(gl: WebGL2RenderingContext): { times: number[]; contents: Uint8Array } {
  let shadow = new Uint8Array(FROM);
  fillPattern(shadow, 0, FROM);
  const buffer = gl.createBuffer();
  gl.bindBuffer(gl.ARRAY_BUFFER, buffer);
  gl.bufferData(gl.ARRAY_BUFFER, shadow, gl.DYNAMIC_DRAW);
  const times: number[] = [];
  for (let capacity = FROM; capacity < TO; capacity *= 2) {
    gl.finish();
    const t0 = performance.now();
    const grown = new Uint8Array(2 * capacity);
    grown.set(shadow);
    shadow = grown;
    gl.bufferData(gl.ARRAY_BUFFER, shadow, gl.DYNAMIC_DRAW);
    gl.finish();
    times.push(performance.now() - t0);
    fillPattern(shadow, capacity, capacity);
    gl.bufferSubData(gl.ARRAY_BUFFER, capacity, shadow, capacity, capacity);
  }
  gl.bindBuffer(gl.ARRAY_BUFFER, null);
  const contents = readAll(gl, buffer, TO);
  gl.deleteBuffer(buffer);
  return { times, contents };
}

/** The real renderer (SwiftShader here) where the debug extension tells it. */
function rendererName(gl: WebGL2RenderingContext): string {
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(info === null ? gl.RENDERER : info.UNMASKED_RENDERER_WEBGL));
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

async function run(): Promise<void> {
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
  if (!gl) throw new Error('WebGL2 is not available');
  const copy: number[][] = [], reupload: number[][] = [];
  let identical = true;
  for (let run = 0; run < RUNS; run++) {
    // Alternate which goes first, so neither always gets the warmer (or fuller) process.
    const order = run % 2 === 0 ? ['copy', 'reupload'] : ['reupload', 'copy'];
    const contents: Uint8Array[] = [];
    for (const way of order) {
      window.benchProgress = `run ${run + 1}/${RUNS}: ${way}`;
      await new Promise((resolve) => setTimeout(resolve, 0));
      const { times, contents: bytes } = way === 'copy' ? growByCopy(gl) : growByReupload(gl);
      (way === 'copy' ? copy : reupload).push(times);
      contents.push(bytes);
    }
    const [a, b] = contents as [Uint8Array, Uint8Array];
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) { identical = false; break; }
  }
  const steps = copy[0]!.map((_, step) => ({
    fromMiB: (FROM << step) / MiB, toMiB: (FROM << (step + 1)) / MiB,
    copyMs: median(copy.map((times) => times[step]!)), reuploadMs: median(reupload.map((times) => times[step]!)),
  }));
  const totals = { copyMs: median(copy.map((t) => t.reduce((x, y) => x + y, 0))), reuploadMs: median(reupload.map((t) => t.reduce((x, y) => x + y, 0))) };
  window.benchResult = { runs: RUNS, steps, totals, identical, glError: gl.getError(), renderer: rendererName(gl) };
}

run().catch((error: unknown) => { window.benchError = String((error as Error)?.stack ?? error); });
