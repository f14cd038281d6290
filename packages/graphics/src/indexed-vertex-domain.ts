/**
 * IndexedVertexDomain (pyglet's IndexedVertexDomain): vertices in a VertexDomain (`vertices`: its
 * buffers, allocator, growth and the one VAO), plus an index Allocator (units: indices) and one
 * Uint32 index buffer, recorded in that same VAO (the ELEMENT_ARRAY_BUFFER binding is VAO state).
 *
 * Invariants: indices are stored absolute (vertex start + local index; WebGL2 has no base-vertex
 * draw), so lists shift them when their vertices move; an absolute index never reaches the
 * primitive-restart index 0xFFFFFFFF. Two caps, `maxCapacity` (vertices) and `maxIndexCapacity`;
 * a failed alloc gives back the vertices it took. Debug mode fills freed index ranges with the
 * restart index, which draws nothing in any mode (docs/architecture.md, "Indexed domains").
 * GL state: leaves the VAO, ARRAY_BUFFER and (in the default VAO) ELEMENT_ARRAY_BUFFER null.
 */
import { checkNotDeleted, wholeNumber } from './checks.ts';
import { AllocatorMemoryError, RegionAllocator } from '@webglet/allocator';
import type { AttributeWriter } from './attribute-writer.ts';
import { GraphicsArgumentError, GrowthError } from './errors.ts';
import { GLBuffer, type CommitFigures } from './gl-buffer.ts';
import { IndexedVertexList, checkLocalIndices } from './indexed-vertex-list.ts';
import type { ShaderProgram } from './shader-program.ts';
import type { DomainAttribute, DomainStats, IndexedStore } from './domain.ts';
import { checkMaxCapacity, domainGrowthError, RegionArrays } from './domain-parts.ts';
import { DEFAULT_POLICY, VertexDomain, type DomainOptions } from './vertex-domain.ts';

/** A bad argument or a use after delete; the domain is unchanged when it is thrown. */
export class IndexedVertexDomainError extends GraphicsArgumentError {}

/** DomainOptions (maxCapacity: vertices) plus the index cap. */
export interface IndexedDomainOptions extends DomainOptions {
  /** The most indices the domain may grow to (default Infinity); past it, allocations throw GrowthError('maxCapacity'). */
  maxIndexCapacity?: number;
}

const INDEX_BYTES = Uint32Array.BYTES_PER_ELEMENT;

/** Debug mode's fill for freed index ranges: the primitive-restart index, which draws nothing. */
export const DEBUG_DEAD_INDEX = 0xffffffff;

export class IndexedVertexDomain implements IndexedStore {
  /** The vertex side: attribute buffers and the vertex allocator. Its own `draw` is not indexed. */
  readonly vertices: VertexDomain;
  readonly indexAllocator: RegionAllocator;
  readonly indexBuffer: GLBuffer;
  /** Sum over vertex and index buffers for the last `commit()`; one object, updated in place. */
  readonly lastCommit: CommitFigures = { bytesUploaded: 0, uploadCalls: 0 };
  /** Times the index buffer grew. */
  indexGrowths = 0;
  /** The most indices the index side grows to; Infinity when not capped. */
  readonly maxIndexCapacity: number;
  private readonly gl: WebGL2RenderingContext;
  private multiDraw: WEBGL_multi_draw | null;
  /** Offsets in bytes (start × 4), as multiDrawElementsWEBGL takes them. */
  private readonly regionArrays = new RegionArrays(INDEX_BYTES);
  /** A Uint32 view of the index shadow, rebuilt when the shadow is replaced (growth). */
  private indexView: Uint32Array;
  private deleted = false;

  constructor(
    gl: WebGL2RenderingContext,
    program: ShaderProgram,
    formats: Record<string, string>,
    initialVertexCapacity = 64,
    initialIndexCapacity = 64,
    options: IndexedDomainOptions = {},
  ) {
    wholeNumber(IndexedVertexDomainError, 'IndexedVertexDomain', 'initialIndexCapacity', initialIndexCapacity);
    this.maxIndexCapacity = checkMaxCapacity(
      IndexedVertexDomainError,
      'IndexedVertexDomain',
      'maxIndexCapacity',
      options.maxIndexCapacity,
      initialIndexCapacity,
      'indices',
    );
    this.gl = gl;
    this.multiDraw = options.multiDraw ?? null;
    // Checks the formats (and maxCapacity) first. The vertex domain never draws on its own, so it needs no multi-draw.
    this.vertices = new VertexDomain(gl, program, formats, initialVertexCapacity, {
      debug: options.debug ?? false,
      ...(options.maxCapacity === undefined ? {} : { maxCapacity: options.maxCapacity }),
      ...(options.policy === undefined ? {} : { policy: options.policy }),
    });
    this.indexAllocator = new RegionAllocator(initialIndexCapacity, { policy: options.policy ?? DEFAULT_POLICY });
    this.indexBuffer = new GLBuffer(gl, 'index', initialIndexCapacity * INDEX_BYTES);
    this.indexView = new Uint32Array(this.indexBuffer.bytes.buffer);
    this.vertices.setElementBuffer(this.indexBuffer.buffer);
  }

  /** Debug mode (see the file comment), as given to the constructor. */
  get debug(): boolean {
    return this.vertices.debug;
  }

  /** @internal Debug mode: fills indices [start, start + count) with DEBUG_DEAD_INDEX, marked dirty. */
  fillDeadIndices(start: number, count: number): void {
    if (count <= 0) return;
    this.indexView.fill(DEBUG_DEAD_INDEX, start, start + count);
    this.indexBuffer.markDirty(start * INDEX_BYTES, (start + count) * INDEX_BYTES);
  }

  get isDeleted(): boolean {
    return this.deleted;
  }

  get attributes(): ReadonlyMap<string, DomainAttribute> {
    return this.vertices.attributes;
  }

  /** Capacity in vertices. */
  get capacity(): number {
    return this.vertices.capacity;
  }

  get totalGrowths(): number {
    return this.vertices.growths + this.indexGrowths;
  }

  get bufferBytes(): number {
    return this.vertices.bufferBytes + this.indexBuffer.byteCapacity;
  }

  /** The vertex side's figures (capacity and usage in vertices), like the other domains'. */
  stats(): DomainStats {
    return this.vertices.stats();
  }

  /** Draws indices [first, first + count) with the current program; returns the draw calls issued. */
  drawRange(mode: GLenum, first: number, count: number): number {
    this.checkLive('drawRange');
    if (count === 0) return 0;
    const gl = this.gl;
    gl.bindVertexArray(this.vertices.vao);
    // Indices are stored absolute, so the range draws as it is.
    gl.drawElements(mode, count, gl.UNSIGNED_INT, first * INDEX_BYTES);
    gl.bindVertexArray(null);
    return 1;
  }

  /** The most vertices the vertex side grows to; Infinity when not capped. */
  get maxCapacity(): number {
    return this.vertices.maxCapacity;
  }

  /** Capacity in indices. */
  get indexCapacity(): number {
    return this.indexAllocator.capacity;
  }

  /** The index shadow as Uint32 (absolute indices); re-read after growth. For lists and tests. */
  get indexArray(): Uint32Array {
    return this.indexView;
  }

  /**
   * A new list of `vertexCount` vertices (contents unspecified until written) and
   * `indices.length` indices, given in local numbering (0 … vertexCount - 1).
   * A local index out of range throws before anything is allocated.
   */
  alloc(vertexCount: number, indices: ArrayLike<number>): IndexedVertexList {
    this.checkLive('alloc');
    wholeNumber(IndexedVertexDomainError, 'IndexedVertexDomain.alloc', 'vertexCount', vertexCount);
    checkLocalIndices('IndexedVertexDomain.alloc', indices, vertexCount);
    const vertexList = this.vertices.alloc(vertexCount);
    let indexHandle: number;
    try {
      indexHandle = this.withIndexGrowth(() => this.indexAllocator.allocHandle(indices.length));
    } catch (error) {
      vertexList.delete(); // the index side failed (GrowthError): give the vertices back
      throw error;
    }
    const list = new IndexedVertexList(this, vertexList, this.indexAllocator.startOf(indexHandle), indices.length, indexHandle);
    list.writeLocal(indices);
    return list;
  }

  /**
   * Runs an index-allocator call; if it does not fit, grows the index buffer to
   * what the error asks for and retries once (the allocator guarantees the
   * retry fits).
   * @internal For IndexedVertexList.resize and relocate.
   */
  withIndexGrowth(call: () => number): number {
    try {
      return call();
    } catch (error) {
      if (!(error instanceof AllocatorMemoryError)) throw error;
      this.growIndices(error.requestedCapacity);
      return call();
    }
  }

  /** The writer of vertex attribute `name` (see AttributeWriter; its units are vertices). */
  writer(name: string): AttributeWriter {
    this.checkLive('writer');
    return this.vertices.writer(name);
  }

  /** Runs `hook` at the start of every later commit (see VertexDomain.beforeCommit). */
  beforeCommit(hook: () => void): void {
    this.checkLive('beforeCommit');
    this.vertices.beforeCommit(hook);
  }

  /** Uploads the dirty ranges of every vertex buffer and the index buffer. */
  commit(): CommitFigures {
    this.checkLive('commit');
    const vertexFigures = this.vertices.commit();
    const indexFigures = this.indexBuffer.commit();
    this.lastCommit.bytesUploaded = vertexFigures.bytesUploaded + indexFigures.bytesUploaded;
    this.lastCommit.uploadCalls = vertexFigures.uploadCalls + indexFigures.uploadCalls;
    return this.lastCommit;
  }

  /**
   * Draws every allocated index with the current program: one multiDrawElementsWEBGL
   * with the extension, else one drawElements per aggregated index region (adjacent
   * lists merged by the allocator). Returns the GL draw calls issued. Commit first.
   */
  draw(mode: GLenum): number {
    this.checkLive('draw');
    const gl = this.gl;
    const n = this.regionArrays.update(this.indexAllocator.getAllocatedRegions());
    if (n === 0) return 0;
    const { firsts, counts } = this.regionArrays;
    gl.bindVertexArray(this.vertices.vao);
    let calls = 1;
    if (this.multiDraw !== null) {
      this.multiDraw.multiDrawElementsWEBGL(mode, counts, 0, gl.UNSIGNED_INT, firsts, 0, n);
    } else {
      for (let i = 0; i < n; i++) gl.drawElements(mode, counts[i]!, gl.UNSIGNED_INT, firsts[i]!);
      calls = n;
    }
    gl.bindVertexArray(null);
    return calls;
  }

  /**
   * After a lost context is restored: the index buffer and every vertex buffer
   * are recreated from their shadows and a new VAO records them all. Does
   * nothing while the context is lost or if the domain's VAO is still alive.
   */
  restore(): void {
    this.checkLive('restore');
    const gl = this.gl;
    if (gl.isContextLost() || gl.isVertexArray(this.vertices.vao)) return;
    // Extension objects die with their context: enable it again on the new one.
    if (this.multiDraw !== null) this.multiDraw = gl.getExtension('WEBGL_multi_draw');
    this.vertices.restore(this.indexBuffer.restore(gl));
  }

  /** Deletes the VAO and all buffers; every later use (of the domain or its lists) throws. */
  delete(): void {
    this.checkLive('delete');
    this.indexBuffer.delete();
    this.vertices.delete();
    this.deleted = true;
  }

  /** Grows the index buffer to hold at least `indices` (at most maxIndexCapacity unless more is needed). */
  private growIndices(indices: number): void {
    const used = this.indexAllocator.capacity;
    if (indices > this.maxIndexCapacity) {
      throw new GrowthError(
        'maxCapacity',
        indices,
        this.maxIndexCapacity,
        null,
        `IndexedVertexDomain: cannot grow the index buffer to ${indices} indices: past its maxIndexCapacity of ${this.maxIndexCapacity} (capacity ${used})`,
      );
    }
    // GLBuffer.grow makes the new buffer an ELEMENT_ARRAY_BUFFER (with VAO null bound) and copies on the GPU.
    // On failure it keeps the old buffer, which the VAO still names: nothing to undo.
    try {
      this.indexBuffer.grow(indices * INDEX_BYTES, used * INDEX_BYTES, this.maxIndexCapacity * INDEX_BYTES);
    } catch (error) {
      throw domainGrowthError(
        error,
        indices,
        `IndexedVertexDomain: growing the index buffer from ${used} to ${indices} indices failed; capacity stays ${used}`,
      );
    }
    this.indexAllocator.setCapacity(this.indexBuffer.byteCapacity / INDEX_BYTES);
    this.indexView = new Uint32Array(this.indexBuffer.bytes.buffer);
    // The VAO still names the old (now deleted) index buffer: record the new one.
    this.vertices.setElementBuffer(this.indexBuffer.buffer);
    this.indexGrowths++;
  }

  private checkLive(method: string): void {
    checkNotDeleted(IndexedVertexDomainError, this.deleted, 'IndexedVertexDomain', method, 'domain');
  }
}
