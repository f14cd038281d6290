/**
 * GLBuffer: one WebGLBuffer + a CPU shadow + dirty ranges (docs/architecture.md, "Invariants").
 * Outside the dirty ranges the GPU buffer holds exactly the shadow's bytes: writes go to the shadow
 * and mark bytes dirty, `commit()` uploads only the merged dirty ranges, and the shadow brings the
 * buffer back after a lost context (`restore`). The shadow is a plain fixed-size ArrayBuffer, copied
 * on growth: Chromium's WebGL refuses views of resizable ones in every upload and read-back.
 * `grow()` throws GrowthError and changes nothing when the GL or the CPU refuses the new size (see
 * its doc for how it asks the GL, and the error flags that clears).
 * GL state: leaves ARRAY_BUFFER, COPY_READ_BUFFER and COPY_WRITE_BUFFER bound to null. Creating an
 * index buffer (constructor, grow, restore) binds VAO null: ELEMENT_ARRAY_BUFFER belongs to the VAO.
 */
import { GraphicsArgumentError, GrowthError } from './errors.ts';
import { DirtyRanges } from './dirty-ranges.ts';
import { GLCallError, glErrorName } from './debug-context.ts';

export type GLBufferKind = 'vertex' | 'index';

/** A bad argument or a use after delete; the buffer is unchanged when it is thrown. */
export class GLBufferError extends GraphicsArgumentError {}

/** Figures for the last `commit()`; one object, updated in place (no per-frame garbage). */
export interface CommitFigures {
  bytesUploaded: number;
  uploadCalls: number;
}

/** Commits every buffer of `attributes`, summing their figures into `out` (a domain's lastCommit). */
export function commitBuffers(attributes: readonly { readonly buffer: GLBuffer }[], out: CommitFigures): CommitFigures {
  let bytes = 0,
    calls = 0;
  for (let i = 0; i < attributes.length; i++) {
    const figures = attributes[i]!.buffer.commit();
    bytes += figures.bytesUploaded;
    calls += figures.uploadCalls;
  }
  out.bytesUploaded = bytes;
  out.uploadCalls = calls;
  return out;
}

function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

function checkWhole(method: string, argument: string, value: unknown, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new GLBufferError(
      argument,
      value,
      `GLBuffer.${method}: ${argument} must be a whole number in [${min}, ${max}], got ${String(value)}`,
    );
  }
}

/**
 * A WebGLBuffer with a CPU copy: writes go to the copy and mark bytes dirty,
 * `commit()` uploads only the dirty ranges, and `grow()` copies on the GPU.
 *
 * @example
 * ```ts
 * const buffer = new GLBuffer(gl, 'vertex', 1024);
 * buffer.write(0, new Float32Array([0, 0, 100, 0, 0, 100]));
 * buffer.commit(); // one bufferSubData of 24 bytes
 * buffer.grow(4096); // a bigger WebGLBuffer; the bytes are copied with copyBufferSubData
 * gl.bindBuffer(gl.ARRAY_BUFFER, buffer.buffer); // the current WebGLBuffer
 * ```
 */
export class GLBuffer {
  readonly kind: GLBufferKind;
  readonly usage: GLenum;
  /** Dirty byte ranges not yet uploaded (overlapping and touching ones merged). */
  readonly dirty: DirtyRanges;
  /** commit() joins dirty ranges at most this many bytes apart, within its clean-byte budget. */
  readonly mergeGap: number;
  readonly lastCommit: CommitFigures = { bytesUploaded: 0, uploadCalls: 0 };
  /** How many times `grow()` ran, and the bytes it copied on the GPU in all. */
  growths = 0;
  bytesCopied = 0;
  private context: WebGL2RenderingContext;
  private glBuffer: WebGLBuffer;
  private shadow: Uint8Array<ArrayBuffer>;
  private deleted = false;

  constructor(gl: WebGL2RenderingContext, kind: GLBufferKind, byteCapacity: number, usage: GLenum = gl.DYNAMIC_DRAW, mergeGap = 256) {
    if (kind !== 'vertex' && kind !== 'index')
      throw new GLBufferError('kind', kind, `GLBuffer: kind must be 'vertex' or 'index', got ${String(kind)}`);
    checkWhole('constructor', 'byteCapacity', byteCapacity, 0, Number.MAX_SAFE_INTEGER);
    checkWhole('constructor', 'mergeGap', mergeGap, 0, Number.MAX_SAFE_INTEGER);
    this.context = gl;
    this.kind = kind;
    this.usage = usage;
    this.dirty = new DirtyRanges(0);
    this.mergeGap = mergeGap;
    this.shadow = new Uint8Array(byteCapacity);
    // bufferData(size) zero-fills, like the fresh shadow: GPU = shadow, nothing dirty.
    this.glBuffer = this.createGLBuffer(byteCapacity);
  }

  /** The shadow's bytes. Writing here does not mark them dirty (see `markDirty`); re-read after `grow()`. */
  get bytes(): Uint8Array<ArrayBuffer> {
    this.checkLive('bytes');
    return this.shadow;
  }

  get byteCapacity(): number {
    return this.shadow.byteLength;
  }

  /** The current WebGLBuffer; it changes on `grow()` and `restore()`. */
  get buffer(): WebGLBuffer {
    this.checkLive('buffer');
    return this.glBuffer;
  }

  get isDeleted(): boolean {
    return this.deleted;
  }

  /** Copies `data`'s bytes into the shadow at `byteOffset` and marks them dirty. */
  write(byteOffset: number, data: ArrayBufferView): void {
    this.checkLive('write');
    if (!ArrayBuffer.isView(data))
      throw new GLBufferError('data', data, `GLBuffer.write: data must be an ArrayBufferView, got ${String(data)}`);
    checkWhole('write', 'byteOffset', byteOffset, 0, this.byteCapacity);
    if (byteOffset + data.byteLength > this.byteCapacity) {
      throw new GLBufferError(
        'byteOffset',
        byteOffset,
        `GLBuffer.write: ${data.byteLength} bytes at byteOffset ${byteOffset} run past the capacity ${this.byteCapacity}`,
      );
    }
    this.shadow.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), byteOffset);
    this.dirty.add(byteOffset, byteOffset + data.byteLength);
  }

  /** Marks shadow bytes [start, end) for upload, after writing them through `bytes`. */
  markDirty(start: number, end: number): void {
    this.checkLive('markDirty');
    checkWhole('markDirty', 'start', start, 0, this.byteCapacity);
    checkWhole('markDirty', 'end', end, start, this.byteCapacity);
    this.dirty.add(start, end);
  }

  /**
   * Uploads the dirty ranges, one bufferSubData per upload, and returns `lastCommit`.
   * Neighbours at most `mergeGap` bytes apart are joined into one upload (a call
   * costs more than a few clean bytes), but only while the clean bytes joined stay
   * within a quarter of the dirty bytes: so bytes uploaded ≤ 1.25 × bytes marked.
   */
  commit(): CommitFigures {
    this.checkLive('commit');
    const gl = this.context;
    const dirty = this.dirty;
    const count = dirty.count;
    let bytes = 0,
      calls = 0;
    if (count > 0) {
      let budget = Math.floor(dirty.totalBytes / 4); // whole, like the gaps it is compared with: no double to box
      // COPY_WRITE_BUFFER takes both kinds and touches no VAO state.
      gl.bindBuffer(gl.COPY_WRITE_BUFFER, this.glBuffer);
      let start = dirty.startAt(0),
        end = dirty.endAt(0);
      for (let i = 1; i <= count; i++) {
        const gap = i < count ? dirty.startAt(i) - end : Infinity;
        if (gap <= this.mergeGap && gap <= budget) {
          budget -= gap;
          end = dirty.endAt(i);
          continue;
        }
        gl.bufferSubData(gl.COPY_WRITE_BUFFER, start, this.shadow, start, end - start);
        bytes += end - start;
        calls++;
        if (i < count) {
          start = dirty.startAt(i);
          end = dirty.endAt(i);
        }
      }
      gl.bindBuffer(gl.COPY_WRITE_BUFFER, null);
    }
    this.lastCommit.bytesUploaded = bytes;
    this.lastCommit.uploadCalls = calls;
    dirty.clear();
    return this.lastCommit;
  }

  /**
   * Grows to max(2 × capacity, next power of two ≥ minByteCapacity), or, with a
   * cap, to max(minByteCapacity, min(that, maxByteCapacity)): never past the cap
   * unless what is needed is, never below what is needed. The first
   * `usedBytes` move to a new WebGLBuffer with copyBufferSubData on the GPU;
   * bytes past them read as zero afterwards, in the shadow too, so the
   * invariant holds. Dirty ranges inside the used prefix stay dirty. Returns the
   * new WebGLBuffer: every VAO that pointed at the old one must be re-pointed;
   * `bytes` must be re-read (views of the old shadow no longer reach the GPU).
   *
   * The new WebGLBuffer comes first, checked with one gl.getError(): a refusal (OUT_OF_MEMORY,
   * INVALID_VALUE, INVALID_OPERATION; under debugContext, a GLCallError from bufferData) deletes
   * it and throws GrowthError('gl'). Then the shadow: a RangeError there deletes the new buffer
   * and throws GrowthError('memory'). Only then are bytes copied and buffers swapped, so a failed
   * grow() leaves the old WebGLBuffer, shadow and dirty ranges exactly as they were. An error
   * flag left pending by an earlier call is not taken for a refusal: on any error grow() reads
   * every pending flag and asks the GL again, so it CLEARS such flags. A context lost meanwhile
   * is no refusal.
   */
  grow(minByteCapacity: number, usedBytes: number = this.byteCapacity, maxByteCapacity = Infinity): WebGLBuffer {
    this.checkLive('grow');
    checkWhole('grow', 'minByteCapacity', minByteCapacity, 0, Number.MAX_SAFE_INTEGER);
    checkWhole('grow', 'usedBytes', usedBytes, 0, this.byteCapacity);
    if (maxByteCapacity !== Infinity) checkWhole('grow', 'maxByteCapacity', maxByteCapacity, 0, Number.MAX_SAFE_INTEGER);
    const doubled = Math.max(2 * this.byteCapacity, nextPowerOfTwo(minByteCapacity));
    const capacity = Math.max(minByteCapacity, Math.min(doubled, maxByteCapacity));
    const gl = this.context;
    const fresh = gl.createBuffer();
    this.allocate(fresh, capacity, minByteCapacity);
    this.checkAllocated(fresh, capacity, minByteCapacity);
    let shadow: Uint8Array<ArrayBuffer>;
    try {
      shadow = new Uint8Array(capacity);
    } catch (error) {
      gl.deleteBuffer(fresh);
      if (!(error instanceof RangeError)) throw error;
      throw new GrowthError(
        'memory',
        minByteCapacity,
        capacity,
        null,
        `GLBuffer.grow: the ${this.kind} buffer could not grow from ${this.byteCapacity} to ${capacity} bytes (${minByteCapacity} needed): the CPU shadow could not be allocated (${error.message})`,
        { cause: error },
      );
    }
    this.copyInto(fresh, usedBytes);
    shadow.set(this.shadow.subarray(0, usedBytes));
    gl.deleteBuffer(this.glBuffer);
    this.shadow = shadow;
    this.glBuffer = fresh;
    this.dirty.truncate(usedBytes);
    this.growths++;
    this.bytesCopied += usedBytes;
    return fresh;
  }

  /**
   * After a lost context is restored (or on a new context): a new WebGLBuffer
   * holding the whole shadow, one bufferData. Pending dirty ranges are included,
   * so nothing stays dirty. Returns the new WebGLBuffer.
   */
  restore(gl: WebGL2RenderingContext = this.context): WebGLBuffer {
    this.checkLive('restore');
    // The old buffer died with its context: deleting it would name a foreign object.
    this.context = gl;
    this.glBuffer = this.createGLBuffer(this.shadow);
    this.dirty.clear();
    return this.glBuffer;
  }

  /** Deletes the WebGLBuffer; every later use throws GLBufferError. */
  delete(): void {
    this.checkLive('delete');
    this.context.deleteBuffer(this.glBuffer);
    this.deleted = true;
  }

  private checkLive(method: string): void {
    if (this.deleted) throw new GLBufferError('this', 'deleted', `GLBuffer.${method}: the buffer was deleted`);
  }

  /**
   * bufferData(capacity) into grow()'s new buffer, bound to its kind's target. Under debugContext
   * a refusal throws here: the buffer is deleted and GrowthError('gl') thrown.
   */
  private allocate(buffer: WebGLBuffer, capacity: number, needed: number): void {
    const gl = this.context;
    let target: GLenum = gl.ARRAY_BUFFER;
    if (this.kind === 'index') {
      gl.bindVertexArray(null);
      target = gl.ELEMENT_ARRAY_BUFFER;
    }
    gl.bindBuffer(target, buffer);
    try {
      gl.bufferData(target, capacity, this.usage);
    } catch (thrown) {
      gl.bindBuffer(target, null);
      gl.deleteBuffer(buffer);
      // debugContext reports the refused bufferData itself; anything else is not ours to translate.
      if (!(thrown instanceof GLCallError)) throw thrown;
      throw this.refusal(thrown.error, needed, capacity, thrown);
    }
    gl.bindBuffer(target, null);
  }

  /** Copies the first `usedBytes` of the current buffer into `buffer`, on the GPU. */
  private copyInto(buffer: WebGLBuffer, usedBytes: number): void {
    if (usedBytes === 0) return;
    const gl = this.context;
    gl.bindBuffer(gl.COPY_READ_BUFFER, this.glBuffer);
    gl.bindBuffer(gl.COPY_WRITE_BUFFER, buffer);
    gl.copyBufferSubData(gl.COPY_READ_BUFFER, gl.COPY_WRITE_BUFFER, 0, 0, usedBytes);
    gl.bindBuffer(gl.COPY_READ_BUFFER, null);
    gl.bindBuffer(gl.COPY_WRITE_BUFFER, null);
  }

  /**
   * The GL's answer to allocate(), in one getError: each is a round trip to the GPU process, so
   * pending flags are not drained first. An error may be a flag left pending by an earlier call:
   * then every pending flag is read (each getError clears one; bounded) and the buffer allocated
   * again, so a refusal now is ours: the buffer is deleted and GrowthError('gl') thrown.
   */
  private checkAllocated(buffer: WebGLBuffer, capacity: number, needed: number): void {
    const gl = this.context;
    if (this.answeredYes(gl.getError())) return;
    for (let i = 0; i < 8 && gl.getError() !== gl.NO_ERROR; i++);
    this.allocate(buffer, capacity, needed);
    const error = gl.getError();
    if (this.answeredYes(error)) return;
    gl.deleteBuffer(buffer);
    throw this.refusal(error, needed, capacity);
  }

  /** No error, or a context lost meanwhile: no refusal, since restore() rebuilds from the shadow. */
  private answeredYes(error: GLenum): boolean {
    return error === this.context.NO_ERROR || error === this.context.CONTEXT_LOST_WEBGL;
  }

  private refusal(error: GLenum, needed: number, capacity: number, cause?: GLCallError): GrowthError {
    const name = glErrorName(error);
    return new GrowthError(
      'gl',
      needed,
      capacity,
      name,
      `GLBuffer.grow: the GL refused a ${this.kind} buffer of ${capacity} bytes (${needed} needed, growing from ${this.byteCapacity}): ${name}`,
      cause === undefined ? undefined : { cause },
    );
  }

  /** A buffer whose first binding fixes its WebGL type for life: ELEMENT_ARRAY_BUFFER for indices. */
  private createGLBuffer(sizeOrData: number | Uint8Array<ArrayBuffer>): WebGLBuffer {
    const gl = this.context;
    const buffer = gl.createBuffer();
    let target: GLenum = gl.ARRAY_BUFFER;
    if (this.kind === 'index') {
      gl.bindVertexArray(null);
      target = gl.ELEMENT_ARRAY_BUFFER;
    }
    gl.bindBuffer(target, buffer);
    if (typeof sizeOrData === 'number') gl.bufferData(target, sizeOrData, this.usage);
    else gl.bufferData(target, sizeOrData, this.usage);
    gl.bindBuffer(target, null);
    return buffer;
  }
}
