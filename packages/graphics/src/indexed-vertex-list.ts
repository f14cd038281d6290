/**
 * IndexedVertexList: a VertexList (the vertices) plus `indexCount` indices at
 * `indexStart` in an IndexedVertexDomain's index buffer.
 *
 * Invariant: every index in the shadow equals `start` + its local index, and
 * every local index is in [0, count). The shadow is absolute because WebGL2 has
 * no base-vertex draw; `indices` reads and writes local numbers. When the
 * vertices move (resize that relocates them), the absolute indices are shifted
 * by the move and marked dirty, so the invariant holds again before any draw.
 */
import { checkNotDeleted, wholeNumber } from './checks.ts';
import { GraphicsArgumentError } from './errors.ts';
import type { IndexedStore } from './domain.ts';
import type { Group } from './group.ts';
import type { ListOwner } from './list-owner.ts';
import type { MigrationTarget, VertexList } from './vertex-list.ts';

/** A bad argument or a use after delete; the list is unchanged when it is thrown. */
export class IndexedVertexListError extends GraphicsArgumentError {}

type VertexArray = ReturnType<VertexList['get']>;

/** Throws IndexedVertexListError naming the first local index not a whole number in [0, vertexCount). */
export function checkLocalIndices(method: string, indices: ArrayLike<number>, vertexCount: number): void {
  if (indices === null || typeof indices !== 'object' || typeof indices.length !== 'number') {
    throw new IndexedVertexListError('indices', indices, `${method}: indices must be an array of numbers, got ${String(indices)}`);
  }
  for (let i = 0; i < indices.length; i++) {
    const value = indices[i];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value >= vertexCount) {
      throw new IndexedVertexListError(
        'indices',
        value,
        `${method}: index ${String(value)} at position ${i} is out of range for ${vertexCount} vertices (local indices run 0 … ${vertexCount - 1})`,
      );
    }
  }
}

/**
 * A vertex list with its own indices, numbered from its first vertex.
 *
 * @example
 * ```ts
 * const quad = batch.addIndexed(4, gl.TRIANGLES, group, program, [0, 1, 2, 0, 2, 3], {
 *   position: ['f', [0, 0, 0, 10, 0, 0, 10, 10, 0, 0, 10, 0]],
 * });
 * quad.indices = [0, 2, 1, 0, 3, 2]; // same vertices, the other winding
 * ```
 */
export class IndexedVertexList {
  /** @internal The batch's set of this list's group's lists in its domain; the list leaves it when deleted. */
  membership: Set<object> | null = null;
  /** Told when the list moves to another domain or is deleted (see ListOwner); null: nobody. */
  owner: ListOwner | null = null;
  private home: IndexedStore;
  /** The vertex side; use it through this list (resize/delete here keep the indices right). */
  private readonly vertexList: VertexList;
  private firstIndex: number;
  private indexSize: number;
  /** The index allocator's handle to the index region. */
  private indexHandle: number;
  private deleted = false;

  /** Made by `IndexedVertexDomain.alloc`, which has allocated both regions (the index one as `indexHandle`). */
  constructor(domain: IndexedStore, vertexList: VertexList, indexStart: number, indexCount: number, indexHandle: number) {
    this.home = domain;
    this.vertexList = vertexList;
    this.firstIndex = indexStart;
    this.indexSize = indexCount;
    this.indexHandle = indexHandle;
  }

  /** The domain holding the vertices and indices; `migrate` changes it. */
  get domain(): IndexedStore {
    return this.home;
  }

  get isDeleted(): boolean {
    return this.deleted;
  }

  /** First vertex in the domain (what absolute indices are counted from). */
  get start(): number {
    this.checkLive('start');
    return this.vertexList.start;
  }

  get count(): number {
    this.checkLive('count');
    return this.vertexList.count;
  }

  get indexStart(): number {
    this.checkLive('indexStart');
    return this.firstIndex;
  }

  get indexCount(): number {
    this.checkLive('indexCount');
    return this.indexSize;
  }

  /** The indices in local numbering (a fresh array). */
  get indices(): number[] {
    this.checkLive('indices');
    const view = this.domain.indexArray;
    const start = this.vertexList.start;
    const out = new Array<number>(this.indexSize);
    for (let i = 0; i < this.indexSize; i++) out[i] = view[this.firstIndex + i]! - start;
    return out;
  }

  /** Replaces all `indexCount` indices (local numbering); a wrong length or an out-of-range index changes nothing. */
  set indices(values: ArrayLike<number>) {
    this.checkLive('indices');
    checkLocalIndices('IndexedVertexList.indices', values, this.vertexList.count);
    if (values.length !== this.indexSize) {
      throw new IndexedVertexListError(
        'indices',
        values,
        `IndexedVertexList.indices: expected ${this.indexSize} indices, got ${values.length} (resize to change the count)`,
      );
    }
    this.writeLocal(values);
  }

  /** The list's vertices of attribute `name` in the shadow (see VertexList.get). */
  get(name: string): VertexArray {
    this.checkLive('get');
    return this.vertexList.get(name);
  }

  setAttribute(name: string, data: ArrayLike<number>): void {
    this.checkLive('setAttribute');
    this.vertexList.setAttribute(name, data);
  }

  markDirty(name: string): void {
    this.checkLive('markDirty');
    this.vertexList.markDirty(name);
  }

  /**
   * Resizes to `vertexCount` vertices and `indexCount` indices (default: unchanged),
   * keeping the first min(old, new) of each. New indices are local 0. Throws,
   * changing nothing, when a kept index would point past the new vertex count.
   */
  resize(vertexCount: number, indexCount: number = this.indexSize): void {
    this.checkLive('resize');
    for (const [argument, value] of [
      ['vertexCount', vertexCount],
      ['indexCount', indexCount],
    ] as const) {
      wholeNumber(IndexedVertexListError, 'IndexedVertexList.resize', argument, value);
    }
    const kept = Math.min(this.indexSize, indexCount);
    const local = this.indices;
    checkLocalIndices('IndexedVertexList.resize', local.slice(0, kept), vertexCount);
    if (indexCount > kept && vertexCount === 0) {
      throw new IndexedVertexListError('vertexCount', vertexCount, 'IndexedVertexList.resize: new indices need at least one vertex');
    }
    const domain = this.domain;
    const oldIndexStart = this.firstIndex;
    const oldIndexCount = this.indexSize;
    const oldIndexHandle = this.indexHandle;
    // Indices first: if the vertex side then fails (GrowthError), the index range is
    // given back and rewritten, so the list keeps every vertex and index.
    const indexHandle = domain.withIndexGrowth(() => domain.indexAllocator.reallocHandle(oldIndexHandle, indexCount));
    const indexStart = domain.indexAllocator.startOf(indexHandle);
    try {
      this.vertexList.resize(vertexCount); // may move the vertices and grow the vertex buffers
    } catch (error) {
      this.indexHandle = domain.indexAllocator.reallocHandle(indexHandle, oldIndexCount);
      this.firstIndex = domain.indexAllocator.startOf(this.indexHandle);
      this.writeLocal(local);
      throw error;
    }
    this.firstIndex = indexStart;
    this.indexSize = indexCount;
    this.indexHandle = indexHandle;
    if (domain.debug) {
      // In place: only a cut tail is freed; moved: the whole old range is (regions do not overlap).
      if (this.firstIndex === oldIndexStart) domain.fillDeadIndices(oldIndexStart + indexCount, oldIndexCount - indexCount);
      else domain.fillDeadIndices(oldIndexStart, oldIndexCount);
    }
    // Rewrite every index from its local number: this shifts them by however far the
    // vertices moved and copies them if the index region moved (realloc regions never overlap).
    for (let i = kept; i < indexCount; i++) local[i] = 0;
    local.length = indexCount;
    this.writeLocal(local);
  }

  /**
   * Moves the list into the domain `batch` uses for `group` (and the list's
   * program, formats and mode), maybe another batch, keeping its vertices and
   * indices; this same object stays valid. A bad target throws BatchError, changing nothing.
   */
  migrate(batch: MigrationTarget<IndexedVertexList>, group: Group): void {
    this.checkLive('migrate');
    if (typeof (batch as Partial<MigrationTarget<IndexedVertexList>> | null)?.migrate !== 'function')
      throw new IndexedVertexListError('batch', batch, `IndexedVertexList.migrate: batch must be a Batch, got ${String(batch)}`);
    batch.migrate(this, group);
  }

  /** Draws the list's indices with the current program (pyglet's draw); returns the draw calls issued. */
  draw(mode: GLenum): number {
    this.checkLive('draw');
    return this.home.drawRange(mode, this.firstIndex, this.indexSize);
  }

  /**
   * @internal For Batch.migrate: moves the vertices (VertexList.relocate) and the indices
   * into `domain` (same formats), rewriting the indices from the new vertex start.
   */
  relocate(domain: IndexedStore): void {
    this.checkLive('relocate');
    const local = this.indices;
    // Indices first, given back if the vertices cannot move: a failed migrate changes nothing.
    const indexHandle = domain.withIndexGrowth(() => domain.indexAllocator.allocHandle(this.indexSize));
    const indexStart = domain.indexAllocator.startOf(indexHandle);
    try {
      this.vertexList.relocate(domain.vertices);
    } catch (error) {
      domain.indexAllocator.deallocHandle(indexHandle);
      throw error;
    }
    this.home.indexAllocator.deallocHandle(this.indexHandle);
    if (this.home.debug) this.home.fillDeadIndices(this.firstIndex, this.indexSize);
    this.home = domain;
    this.firstIndex = indexStart;
    this.indexHandle = indexHandle;
    this.writeLocal(local);
    this.owner?.listMoved();
  }

  /** Frees the vertices and the indices; every later use throws IndexedVertexListError. */
  delete(): void {
    this.checkLive('delete');
    this.domain.indexAllocator.deallocHandle(this.indexHandle);
    if (this.domain.debug) this.domain.fillDeadIndices(this.firstIndex, this.indexSize);
    this.vertexList.delete();
    this.membership?.delete(this);
    this.deleted = true;
    this.owner?.listLost();
  }

  /** Writes already-checked local indices as absolute ones and marks them dirty. For the domain's alloc too. */
  writeLocal(values: ArrayLike<number>): void {
    if (this.indexSize === 0) return;
    const view = this.domain.indexArray;
    const start = this.vertexList.start;
    for (let i = 0; i < this.indexSize; i++) view[this.firstIndex + i] = start + values[i]!;
    const bytes = Uint32Array.BYTES_PER_ELEMENT;
    this.domain.indexBuffer.markDirty(this.firstIndex * bytes, (this.firstIndex + this.indexSize) * bytes);
  }

  private checkLive(method: string): void {
    checkNotDeleted(IndexedVertexListError, this.deleted, 'IndexedVertexList', method, 'list');
    if (this.domain.isDeleted) throw new IndexedVertexListError('this', 'deleted', `IndexedVertexList.${method}: its domain was deleted`);
  }
}
