/**
 * VertexDomain (DESIGN.md, "Domains"; pyglet's graphics.vertexdomain.VertexDomain):
 * vertices of one format, one GLBuffer per attribute (not interleaved, as in
 * pyglet, so one attribute of a list can be rewritten without touching the
 * others), one VAO, and an Allocator whose units are vertices.
 *
 * Growth: when the allocator is full, every buffer grows on the GPU (GLBuffer.grow
 * copies only the used prefix), the allocator takes the new capacity, the VAO is
 * re-pointed at the new WebGLBuffers (a VAO holds the buffer object, not the
 * binding point), and `version` changes so lists rebuild their views of the new
 * shadows. Non-indexed, non-instanced only; those domains come later.
 *
 * Growth that fails (GrowthError, errors.ts), leaving every list whole:
 * - option `maxCapacity` (vertices; default Infinity): growth stops at it (the
 *   buffers grow to min(doubling, maxCapacity) but never below what is needed);
 *   an allocation whose requestedCapacity is past it throws
 *   GrowthError('maxCapacity') before anything is touched.
 * - a buffer the GL refuses (or a shadow the CPU cannot allocate) throws
 *   GrowthError('gl' | 'memory') from GLBuffer.grow, which keeps that buffer as it
 *   was. The buffers grown before it in this growth stay grown (their old
 *   WebGLBuffers are deleted, their bytes copied over), so the VAO is re-pointed
 *   at the current buffers and `version` changes in a `finally`; the allocator
 *   keeps its old capacity (the tightest buffer still holds exactly that), so no
 *   list loses anything and every list still draws. A later growth skips the
 *   buffers that already hold what it needs.
 *
 * IndexedVertexDomain composes one of these and records its index buffer in THIS
 * VAO through `setElementBuffer` (one VAO per domain, DESIGN.md); the VAO keeps
 * it across re-pointing after growth.
 *
 * Multi-draw: given the WEBGL_multi_draw extension, `draw` issues one
 * multiDrawArraysWEBGL for all aggregated regions instead of one drawArrays per
 * region. The Int32Array arguments are cached (RegionArrays) and rebuilt only
 * when the allocator hands out a new regions object, so steady frames allocate nothing.
 *
 * Debug mode (DESIGN.md "Debug mode", after CPython's debug hooks; option `debug`):
 * - every newly allocated vertex range (alloc, the new tail of a resize, the new
 *   tail of a moved resize) is filled with DEBUG_CLEAN_BYTE (0xCB, CPython's
 *   CLEANBYTE) in every attribute and marked dirty. 0xCB is a distinctive pattern
 *   in any readback; as a float32 0xCBCBCBCB is about -2.67e7 — finite (so no NaN
 *   surprises, and distinct from the dead marker), but so far outside any sane
 *   clip space that forgotten writes show up as missing or wildly stretched
 *   geometry, never as plausible-looking vertices.
 * - every freed range (list delete, the freed tail of a shrink, the old range after
 *   a move or a migrate) gets the DEAD marker, marked dirty: EVERY float attribute
 *   (not only one called `position`, so a position under any name is covered) is
 *   filled with NaN, every other attribute with DEBUG_DEAD_BYTE (0xDD, CPython's
 *   DEADBYTE). A triangle with NaN positions is dropped by clipping, so a stale
 *   draw of freed vertices rasterizes nothing (tested with readPixels).
 * With debug off (the default) none of this runs: one boolean test per operation.
 *
 * GL state: leaves the VAO and ARRAY_BUFFER bound to null. `draw` does not pick
 * the program: that is the group's state, as in pyglet.
 */
import { Allocator, AllocatorMemoryError, type AllocatedRegions, type AllocationPolicy } from '@webglet/allocator';
import { AttributeWriter } from './attribute-writer.ts';
import { GraphicsArgumentError, GrowthError } from './errors.ts';
import { commitBuffers, GLBuffer, type CommitFigures } from './gl-buffer.ts';
import type { DomainAttribute, DomainStats, VertexStore } from './domain.ts';
import type { ShaderProgram } from './shader-program.ts';
import { attributeComponents, parseFormat, vertexLayout } from './vertex-format.ts';
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
  policy?: AllocationPolicy;
}

/** The allocation policy of domains made without one; see the README's "Performance" for why. */
export const DEFAULT_POLICY: AllocationPolicy = 'first-fit';

/** A maxCapacity option: Infinity, or a whole number ≥ `initial` (the initial capacity). */
export function checkMaxCapacity(owner: string, argument: string, value: unknown, initial: number, units: string): number {
  if (value === undefined || value === Infinity) return Infinity;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < initial) {
    throw new GraphicsArgumentError(argument, value,
      `${owner}: ${argument} must be Infinity or a whole number ≥ the initial capacity ${initial} (${units}), got ${String(value)}`);
  }
  return value;
}

/**
 * Re-throws a GLBuffer's GrowthError in a domain's units and words: `requested`
 * becomes `units` (vertices, indices or instances), `limit` and `glError` stay.
 */
export function domainGrowthError(error: unknown, requested: number, what: string): unknown {
  if (!(error instanceof GrowthError)) return error;
  return new GrowthError(error.reason, requested, error.limit, error.glError, `${what}: ${error.message}`, { cause: error });
}

/** Debug mode's fill for fresh vertex ranges (CPython's CLEANBYTE). */
export const DEBUG_CLEAN_BYTE = 0xcb;
/** Debug mode's fill for freed ranges of non-float attributes (CPython's DEADBYTE); float attributes get NaN. */
export const DEBUG_DEAD_BYTE = 0xdd;

/**
 * Int32Array copies of an allocator's aggregated regions, what every draw reads:
 * multi-draw calls take them as they are, and the per-region loops read whole
 * numbers from them whatever the allocator's arrays hold (V8 boxes a double passed
 * to a call outside its optimizing tier: 24 bytes per draw, measured when the
 * allocator's spans were a Float64Array). `firsts` are the starts times `scale`
 * (1 for vertices, bytes per index for element offsets: so index offsets must
 * stay below 2^31 bytes, as multi-draw's Int32Array requires anyway). Rebuilt only
 * when getAllocatedRegions() returns a new object: the allocator caches that
 * object until something changes.
 */
export class RegionArrays {
  firsts = new Int32Array(0);
  counts = new Int32Array(0);
  private source: AllocatedRegions | null = null;

  constructor(private readonly scale: number) {}

  /** Refreshes from `regions` if they changed; returns the number of regions. */
  update(regions: AllocatedRegions): number {
    // The copy is its own method: its closure would make V8 allocate a context on every call, copying or not.
    if (regions !== this.source) this.copy(regions);
    return this.counts.length;
  }

  private copy(regions: AllocatedRegions): void {
    this.source = regions;
    this.firsts = Int32Array.from(regions.starts, (start) => start * this.scale);
    this.counts = Int32Array.from(regions.sizes);
  }
}

export class VertexDomain implements VertexStore {
  readonly attributes: ReadonlyMap<string, DomainAttribute>;
  readonly allocator: Allocator;
  /** Sum over all buffers for the last `commit()`; one object, updated in place. */
  readonly lastCommit: CommitFigures = { bytesUploaded: 0, uploadCalls: 0 };
  /** Times the domain grew, and the bytes copied on the GPU by those growths (all buffers). */
  growths = 0;
  bytesCopied = 0;
  /** Changes whenever the shadows are replaced (growth): lists compare it to know their views are stale. */
  version = 0;
  /** Debug mode (see the file comment); fixed at construction. */
  readonly debug: boolean;
  /** The most vertices the domain grows to (see the file comment); Infinity when not capped. */
  readonly maxCapacity: number;
  private vertexArray: WebGLVertexArrayObject;
  private readonly gl: WebGL2RenderingContext;
  private readonly list: readonly DomainAttribute[];
  private multiDraw: WEBGL_multi_draw | null;
  private readonly regionArrays = new RegionArrays(1);
  /** Writers made so far (writer()), flushed by every commit, and the hooks run before it. */
  private readonly writers = new Map<string, AttributeWriter>();
  private readonly writerList: AttributeWriter[] = [];
  private readonly commitHooks: (() => void)[] = [];
  /** Recorded in the VAO by pointVao, so growth keeps it (see setElementBuffer). */
  private elementBuffer: WebGLBuffer | null = null;
  private deleted = false;

  constructor(
    gl: WebGL2RenderingContext, program: ShaderProgram, formats: Record<string, string>, initialCapacity = 64,
    options: DomainOptions = {},
  ) {
    if (!Number.isInteger(initialCapacity) || initialCapacity < 0) {
      throw new VertexDomainError('initialCapacity', initialCapacity, `VertexDomain: initialCapacity must be a whole number ≥ 0, got ${String(initialCapacity)}`);
    }
    // Check everything before creating any GL object, so a bad format leaks nothing.
    for (const name of Object.keys(formats)) {
      if (!program.attributes.has(name)) {
        throw new VertexDomainError('formats', formats, `VertexDomain: format given for attribute ${JSON.stringify(name)}, which the program does not declare (it has ${[...program.attributes.keys()].join(', ')})`);
      }
    }
    const layouts = [...program.attributes.values()].map((info) => {
      const formatString = formats[info.name];
      if (formatString === undefined) {
        throw new VertexDomainError('formats', formats, `VertexDomain: the program's attribute ${JSON.stringify(info.name)} has no format`);
      }
      const format = parseFormat(formatString);
      const components = attributeComponents(info.name, info.type, format);
      return { info, format, layout: vertexLayout(format, components) };
    });
    this.gl = gl;
    this.multiDraw = options.multiDraw ?? null;
    this.debug = options.debug ?? false;
    try {
      this.maxCapacity = checkMaxCapacity('VertexDomain', 'maxCapacity', options.maxCapacity, initialCapacity, 'vertices');
    } catch (error) {
      const { argument, value, message } = error as GraphicsArgumentError;
      throw new VertexDomainError(argument, value, message);
    }
    this.allocator = new Allocator(initialCapacity, { policy: options.policy ?? DEFAULT_POLICY });
    this.list = layouts.map(({ info, format, layout }) => ({
      name: info.name, format, components: layout.components, byteStride: layout.byteStride,
      elementStride: layout.byteStride / format.bytesPerComponent, location: info.location,
      buffer: new GLBuffer(gl, 'vertex', initialCapacity * layout.byteStride),
    }));
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
    if (!Number.isInteger(count) || count < 0) {
      throw new VertexDomainError('count', count, `VertexDomain.alloc: count must be a whole number ≥ 0, got ${String(count)}`);
    }
    const start = this.withGrowth(() => this.allocator.alloc(count));
    if (this.debug) this.fillClean(start, count);
    return new VertexList(this, start, count);
  }

  /**
   * Runs an allocator call; if it does not fit, grows to the capacity the error
   * asks for and retries once (the allocator guarantees the retry fits).
   * For VertexList.resize too, hence public; not for general use.
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

  /**
   * Grows every buffer to hold at least `vertices` vertices (at most maxCapacity
   * unless more is needed) and re-points the VAO. Throws GrowthError as the file
   * comment says; the allocator's capacity changes only when every buffer grew.
   */
  private grow(vertices: number): void {
    const used = this.allocator.capacity;
    if (vertices > this.maxCapacity) {
      throw new GrowthError('maxCapacity', vertices, this.maxCapacity, null,
        `VertexDomain: cannot grow to ${vertices} vertices: past its maxCapacity of ${this.maxCapacity} (capacity ${used})`);
    }
    let capacity = Infinity;
    let replaced = false;
    try {
      for (let i = 0; i < this.list.length; i++) {
        const { name, buffer, byteStride } = this.list[i]!;
        // A buffer grown by an earlier, failed growth may already hold enough.
        if (buffer.byteCapacity < vertices * byteStride) {
          try {
            buffer.grow(vertices * byteStride, used * byteStride, this.maxCapacity * byteStride);
          } catch (error) {
            throw domainGrowthError(error, vertices,
              `VertexDomain: growing attribute ${JSON.stringify(name)} (buffer ${i + 1} of ${this.list.length}) from ${used} to ${vertices} vertices failed; capacity stays ${used}`);
          }
          replaced = true;
          this.bytesCopied += used * byteStride;
        }
        // GLBuffer picks max(2×, next power of two) in bytes; strides like 12 do not
        // divide that evenly, so the domain holds what the tightest buffer holds.
        capacity = Math.min(capacity, Math.floor(buffer.byteCapacity / byteStride));
      }
      this.allocator.setCapacity(capacity);
      this.growths++;
    } finally {
      // Even after a failure part-way: buffers already grown have new WebGLBuffers
      // (the old ones are deleted) and new shadows, so the VAO and lists' views must follow.
      if (replaced) {
        this.pointVao();
        this.version++;
      }
    }
  }

  /** Runs the beforeCommit hooks, then uploads every buffer's dirty ranges; returns the summed figures (`lastCommit`). */
  commit(): CommitFigures {
    this.checkLive('commit');
    for (let i = 0; i < this.commitHooks.length; i++) this.commitHooks[i]!();
    for (let i = 0; i < this.writerList.length; i++) this.writerList[i]!.flush();
    return commitBuffers(this.list, this.lastCommit);
  }

  /** The writer of attribute `name` (see AttributeWriter; its units are vertices), made on first use. */
  writer(name: string): AttributeWriter {
    this.checkLive('writer');
    let writer = this.writers.get(name);
    if (writer === undefined) {
      writer = new AttributeWriter(this, this.attribute('VertexDomain.writer', name));
      this.writers.set(name, writer);
      this.writerList.push(writer);
    }
    return writer;
  }

  /**
   * Runs `hook` at the start of every later commit (so in every `batch.draw()` that draws this
   * domain, before anything is uploaded): for a layer that keeps its values elsewhere and writes
   * what changed once a frame.
   */
  beforeCommit(hook: () => void): void {
    this.checkLive('beforeCommit');
    if (typeof hook !== 'function') {
      throw new VertexDomainError('hook', hook, `VertexDomain.beforeCommit: hook must be a function, got ${String(hook)}`);
    }
    this.commitHooks.push(hook);
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

  /** Debug mode: fills vertices [start, start + count) of every attribute with the clean marker, marked dirty. */
  fillClean(start: number, count: number): void {
    if (count <= 0) return;
    for (const { buffer, byteStride } of this.list) {
      buffer.bytes.fill(DEBUG_CLEAN_BYTE, start * byteStride, (start + count) * byteStride);
      buffer.markDirty(start * byteStride, (start + count) * byteStride);
    }
  }

  /** Debug mode: fills vertices [start, start + count) with the dead marker (NaN floats, else 0xDD), marked dirty. */
  fillDead(start: number, count: number): void {
    if (count <= 0) return;
    for (const { buffer, byteStride, format } of this.list) {
      const from = start * byteStride, to = (start + count) * byteStride;
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
      throw new VertexDomainError('name', name, `${method}: no attribute ${JSON.stringify(name)} in this domain (it has ${[...this.attributes.keys()].join(', ')})`);
    }
    return attribute;
  }

  private checkLive(method: string): void {
    if (this.deleted) throw new VertexDomainError('this', 'deleted', `VertexDomain.${method}: the domain was deleted`);
  }

  /** (Re)records every attribute's current buffer in the VAO. */
  private pointVao(): void {
    const gl = this.gl;
    gl.bindVertexArray(this.vertexArray);
    for (const { location, buffer, format, components, byteStride } of this.list) {
      gl.bindBuffer(gl.ARRAY_BUFFER, buffer.buffer);
      gl.enableVertexAttribArray(location);
      // Integer formats read as int/uint in the shader need the I variant; the
      // float variant would convert them to floats.
      if (format.integer) gl.vertexAttribIPointer(location, components, format.glType, byteStride, 0);
      else gl.vertexAttribPointer(location, components, format.glType, format.normalized, byteStride, 0);
    }
    gl.bindBuffer(gl.ARRAY_BUFFER, null);
    // The ELEMENT_ARRAY_BUFFER binding is VAO state; unbind the VAO before anyone unbinds it.
    if (this.elementBuffer !== null) gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, this.elementBuffer);
    gl.bindVertexArray(null);
  }
}
