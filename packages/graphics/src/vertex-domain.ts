/**
 * VertexDomain (pyglet's vertexdomain.VertexDomain): vertices of one format, one GLBuffer per
 * attribute (not interleaved, so one attribute of one list is rewritten alone), one VAO, and an
 * Allocator whose units are vertices. When the allocator is full the buffers grow on the GPU
 * (domain-parts.ts, growBuffers) and the VAO is re-pointed at the new WebGLBuffers.
 *
 * Invariants: every live list owns an allocated region, and only allocated regions are drawn; each
 * buffer holds at least the allocator's capacity; `version` changes whenever a CPU copy is
 * replaced, so lists rebuild their views; a failed growth leaves every list whole and drawing.
 * Debug mode marks fresh ranges 0xCB and freed ones dead (NaN floats, 0xDD), as CPython's memory
 * debug hooks do (docs/decisions.md). GL state: leaves the VAO and ARRAY_BUFFER bound to null.
 */
import { checkNotDeleted, policyValue, wholeNumber } from './checks.ts';
import { AllocatorMemoryError, firstFit, RegionAllocator, type Policy } from '@webglet/allocator';
import type { AttributeWriter } from './attribute-writer.ts';
import type { DomainAttribute, DomainStats, VertexStore } from './domain.ts';
import { checkMaxCapacity, CommitSteps, growBuffers, layoutAttributes, pointAttribute, RegionArrays } from './domain-parts.ts';
import { GraphicsArgumentError, GrowthError } from './errors.ts';
import type { CommitFigures } from './gl-buffer.ts';
import type { ShaderProgram } from './shader-program.ts';
import { VertexList } from './vertex-list.ts';

/** A bad argument, a format that does not match the program, or a use after delete. */
export class VertexDomainError extends GraphicsArgumentError {}

export interface DomainOptions {
  /** The enabled WEBGL_multi_draw extension; null (default) draws with the per-region loop. */
  multiDraw?: WEBGL_multi_draw | null;
  /** Debug mode (default false): clean marker in fresh vertex ranges, dead marker (NaN floats) in freed ones. */
  debug?: boolean;
  /** The most vertices the domain may grow to (default Infinity); past it, allocations throw GrowthError('maxCapacity'). */
  maxCapacity?: number;
  /** The allocator's policy (default DEFAULT_POLICY). */
  policy?: Policy;
}

/** The allocation policy of domains made without one (docs/decisions.md, "Allocation policy"). */
export const DEFAULT_POLICY: Policy = firstFit;

/** Debug mode's fill for fresh vertex ranges (CPython's CLEANBYTE). */
export const DEBUG_CLEAN_BYTE = 0xcb;
/** Debug mode's fill for freed ranges of non-float attributes (CPython's DEADBYTE); float attributes get NaN. */
export const DEBUG_DEAD_BYTE = 0xdd;

export class VertexDomain implements VertexStore {
  readonly attributes: ReadonlyMap<string, DomainAttribute>;
  readonly allocator: RegionAllocator;
  /** Sum over all buffers for the last `commit()`; one object, updated in place. */
  readonly lastCommit: CommitFigures = { bytesUploaded: 0, uploadCalls: 0 };
  /** Times the domain grew, and the bytes copied on the GPU by those growths (all buffers). */
  growths = 0;
  bytesCopied = 0;
  /** Changes whenever the CPU copies are replaced (growth): lists compare it to know their views are stale. */
  version = 0;
  /** Debug mode (see the header); fixed at construction. */
  readonly debug: boolean;
  /** The most vertices the domain grows to; Infinity when not capped. */
  readonly maxCapacity: number;
  private vertexArray: WebGLVertexArrayObject;
  private readonly gl: WebGL2RenderingContext;
  private readonly list: readonly DomainAttribute[];
  private multiDraw: WEBGL_multi_draw | null;
  private readonly regionArrays = new RegionArrays(1);
  private readonly steps = new CommitSteps(this);
  /** Recorded in the VAO by pointVao, so growth keeps it (see setElementBuffer). */
  private elementBuffer: WebGLBuffer | null = null;
  private deleted = false;

  constructor(
    gl: WebGL2RenderingContext,
    program: ShaderProgram,
    formats: Record<string, string>,
    initialCapacity = 64,
    options: DomainOptions = {},
  ) {
    wholeNumber(VertexDomainError, 'VertexDomain', 'initialCapacity', initialCapacity);
    // Check everything before creating any GL object, so a bad format or policy leaks nothing.
    const policy = policyValue(VertexDomainError, 'VertexDomain', options.policy ?? DEFAULT_POLICY);
    for (const name of Object.keys(formats)) {
      if (!program.attributes.has(name)) {
        throw new VertexDomainError(
          'formats',
          formats,
          `VertexDomain: format given for attribute ${JSON.stringify(name)}, which the program does not declare (it has ${[...program.attributes.keys()].join(', ')})`,
        );
      }
    }
    this.maxCapacity = checkMaxCapacity(VertexDomainError, 'VertexDomain', 'maxCapacity', options.maxCapacity, initialCapacity, 'vertices');
    this.gl = gl;
    this.multiDraw = options.multiDraw ?? null;
    this.debug = options.debug ?? false;
    this.list = layoutAttributes(
      gl,
      program,
      (name) => formats[name],
      () => initialCapacity,
      'VertexDomain',
      VertexDomainError,
      () => formats,
    );
    this.allocator = new RegionAllocator(initialCapacity, { policy });
    this.attributes = new Map(this.list.map((attribute) => [attribute.name, attribute]));
    this.vertexArray = gl.createVertexArray();
    this.pointVao();
  }

  /** The domain's one VAO (new after `restore()`); IndexedVertexDomain binds it to draw elements. */
  get vao(): WebGLVertexArrayObject {
    return this.vertexArray;
  }

  /**
   * After a lost context is restored: every buffer is recreated from its shadow
   * (GLBuffer.restore), then a new VAO is pointed at them, with `elementBuffer`
   * (IndexedVertexDomain's restored index buffer) as its ELEMENT_ARRAY_BUFFER.
   * Does nothing while the context is lost or if the VAO is still alive.
   */
  restore(elementBuffer: WebGLBuffer | null = null): void {
    this.checkLive('restore');
    const gl = this.gl;
    if (gl.isContextLost() || gl.isVertexArray(this.vertexArray)) return;
    // Extension objects die with their context: enable it again on the new one.
    if (this.multiDraw !== null) this.multiDraw = gl.getExtension('WEBGL_multi_draw');
    for (const attribute of this.list) attribute.buffer.restore(gl);
    this.elementBuffer = elementBuffer;
    this.vertexArray = gl.createVertexArray();
    this.pointVao();
  }

  get isDeleted(): boolean {
    return this.deleted;
  }

  /** Capacity in vertices. */
  get capacity(): number {
    return this.allocator.capacity;
  }

  get totalGrowths(): number {
    return this.growths;
  }

  get bufferBytes(): number {
    let bytes = 0;
    for (const { buffer } of this.list) bytes += buffer.byteCapacity;
    return bytes;
  }

  stats(): DomainStats {
    return { capacity: this.capacity, usage: this.allocator.getUsage(), fragmentation: this.allocator.getFragmentation() };
  }

  /** A new list of `count` vertices (contents unspecified until written); grows the domain when full. */
  alloc(count: number): VertexList {
    this.checkLive('alloc');
    wholeNumber(VertexDomainError, 'VertexDomain.alloc', 'count', count);
    const handle = this.withGrowth(() => this.allocator.allocHandle(count));
    const start = this.allocator.startOf(handle);
    if (this.debug) this.fillClean(start, count);
    return new VertexList(this, start, count, handle);
  }

  /**
   * Runs an allocator call; if it does not fit, grows to the capacity the error
   * asks for and retries once (the allocator guarantees the retry fits).
   * @internal For VertexList.resize and relocate.
   */
  withGrowth(call: () => number): number {
    try {
      return call();
    } catch (error) {
      if (!(error instanceof AllocatorMemoryError)) throw error;
      this.grow(error.requestedCapacity);
      return call();
    }
  }

  /** Grows every buffer to hold at least `vertices` (see growBuffers); the allocator's capacity changes only when all grew. */
  private grow(vertices: number): void {
    const used = this.allocator.capacity;
    if (vertices > this.maxCapacity) {
      throw new GrowthError(
        'maxCapacity',
        vertices,
        this.maxCapacity,
        null,
        `VertexDomain: cannot grow to ${vertices} vertices: past its maxCapacity of ${this.maxCapacity} (capacity ${used})`,
      );
    }
    const { capacity, bytesCopied } = growBuffers(
      this.list,
      vertices,
      used,
      this.maxCapacity,
      ({ name }, i) =>
        `VertexDomain: growing attribute ${JSON.stringify(name)} (buffer ${i + 1} of ${this.list.length}) from ${used} to ${vertices} vertices failed; capacity stays ${used}`,
      () => {
        this.pointVao();
        this.version++;
      },
    );
    this.allocator.setCapacity(capacity);
    this.growths++;
    this.bytesCopied += bytesCopied;
  }

  /** Runs the beforeCommit hooks, then uploads every buffer's dirty ranges; returns the summed figures (`lastCommit`). */
  commit(): CommitFigures {
    this.checkLive('commit');
    return this.steps.commit(this.list, this.lastCommit);
  }

  /** The writer of attribute `name` (see AttributeWriter; its units are vertices), made on first use. */
  writer(name: string): AttributeWriter {
    this.checkLive('writer');
    return this.steps.writer(this.attribute('VertexDomain.writer', name));
  }

  /**
   * Runs `hook` at the start of every later commit (so in every `batch.draw()` that draws this
   * domain, before anything is uploaded): for a layer that keeps its values elsewhere and writes
   * what changed once a frame.
   */
  beforeCommit(hook: () => void): void {
    this.checkLive('beforeCommit');
    this.steps.beforeCommit('VertexDomain', VertexDomainError, hook);
  }

  /**
   * Draws every allocated vertex with the current program: one multiDrawArraysWEBGL
   * with the extension, else one drawArrays per aggregated region (adjacent lists
   * merged by the allocator). Returns the GL draw calls issued. Commit first.
   */
  draw(mode: GLenum): number {
    this.checkLive('draw');
    const gl = this.gl;
    const n = this.regionArrays.update(this.allocator.getAllocatedRegions());
    if (n === 0) return 0;
    const { firsts, counts } = this.regionArrays;
    gl.bindVertexArray(this.vertexArray);
    let calls = 1;
    if (this.multiDraw !== null) {
      this.multiDraw.multiDrawArraysWEBGL(mode, firsts, 0, counts, 0, n);
    } else {
      for (let i = 0; i < n; i++) gl.drawArrays(mode, firsts[i]!, counts[i]!);
      calls = n;
    }
    gl.bindVertexArray(null);
    return calls;
  }

  /**
   * Records `buffer` as the VAO's ELEMENT_ARRAY_BUFFER, now and after every
   * re-pointing. For IndexedVertexDomain, after it creates or grows its index buffer.
   */
  setElementBuffer(buffer: WebGLBuffer | null): void {
    this.checkLive('setElementBuffer');
    this.elementBuffer = buffer;
    this.pointVao();
  }

  /** Draws the vertices [start, start + count) with the current program; returns the draw calls issued. */
  drawRange(mode: GLenum, start: number, count: number): number {
    this.checkLive('drawRange');
    if (count === 0) return 0;
    this.gl.bindVertexArray(this.vertexArray);
    this.gl.drawArrays(mode, start, count);
    this.gl.bindVertexArray(null);
    return 1;
  }

  /** Deletes the VAO and every buffer; every later use (of the domain or its lists) throws. */
  delete(): void {
    this.checkLive('delete');
    this.gl.deleteVertexArray(this.vertexArray);
    for (const attribute of this.list) attribute.buffer.delete();
    this.deleted = true;
  }

  /** @internal Debug mode: fills vertices [start, start + count) of every attribute with the clean marker, marked dirty. */
  fillClean(start: number, count: number): void {
    if (count <= 0) return;
    for (const { buffer, byteStride } of this.list) {
      buffer.bytes.fill(DEBUG_CLEAN_BYTE, start * byteStride, (start + count) * byteStride);
      buffer.markDirty(start * byteStride, (start + count) * byteStride);
    }
  }

  /** @internal Debug mode: fills vertices [start, start + count) with the dead marker (NaN floats, else 0xDD), marked dirty. */
  fillDead(start: number, count: number): void {
    if (count <= 0) return;
    for (const { buffer, byteStride, format } of this.list) {
      const from = start * byteStride,
        to = (start + count) * byteStride;
      // Float strides are multiples of 4, so the range is whole float32s (padding included).
      if (format.arrayType === Float32Array) new Float32Array(buffer.bytes.buffer, from, (to - from) / 4).fill(NaN);
      else buffer.bytes.fill(DEBUG_DEAD_BYTE, from, to);
      buffer.markDirty(from, to);
    }
  }

  /** The attribute called `name`, or a VertexDomainError naming it. */
  attribute(method: string, name: string): DomainAttribute {
    const attribute = this.attributes.get(name);
    if (attribute === undefined) {
      throw new VertexDomainError(
        'name',
        name,
        `${method}: no attribute ${JSON.stringify(name)} in this domain (it has ${[...this.attributes.keys()].join(', ')})`,
      );
    }
    return attribute;
  }

  private checkLive(method: string): void {
    checkNotDeleted(VertexDomainError, this.deleted, 'VertexDomain', method, 'domain');
  }

  /** (Re)records every attribute's current buffer in the VAO. */
  private pointVao(): void {
    const gl = this.gl;
    gl.bindVertexArray(this.vertexArray);
    for (const attribute of this.list) {
      gl.enableVertexAttribArray(attribute.location);
      pointAttribute(gl, attribute, 0);
    }
    gl.bindBuffer(gl.ARRAY_BUFFER, null);
    // The ELEMENT_ARRAY_BUFFER binding is VAO state; unbind the VAO before anyone unbinds it.
    if (this.elementBuffer !== null) gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, this.elementBuffer);
    gl.bindVertexArray(null);
  }
}
