/**
 * VertexList (pyglet's VertexList): `count` vertices at `start` in a domain. Reads and writes go
 * to the domain's CPU copies; the domain's commit uploads what was marked dirty.
 *
 * Views: `get(name)` is a typed array over the list's vertices, stepping by the attribute's
 * `elementStride` (its byte stride padded to 4 bytes: 'Bn' × 3 takes 4 elements a vertex). Views are
 * cached until the domain grows or the list moves, so a steady frame allocates nothing.
 */
import { checkNotDeleted, wholeNumber } from './checks.ts';
import { GraphicsArgumentError } from './errors.ts';
import type { ListOwner } from './list-owner.ts';
import type { DomainAttribute, VertexStore } from './domain.ts';
import type { Group } from './group.ts';
import type { VertexArray } from './vertex-format.ts';

/** A bad argument or a use after delete; the list is unchanged when it is thrown. */
export class VertexListError extends GraphicsArgumentError {}

/** What `migrate` moves a list into: a Batch (an interface, so lists do not depend on the batch). */
export interface MigrationTarget<List> {
  migrate(list: List, group: Group): void;
}

/**
 * `count` vertices in a domain's buffers; views write into the CPU copy, `draw` uploads them.
 *
 * @example
 * ```ts
 * const list = batch.add(3, gl.TRIANGLES, group, program, { position: ['f', [0, 0, 0, 1, 0, 0, 0, 1, 0]] });
 * list.get('position')[0] = 5; // vertex 0's x
 * list.markDirty('position');
 * list.delete();
 * ```
 */
export class VertexList {
  /** @internal The batch's set of this list's group's lists in its domain; the list leaves it when deleted. */
  membership: Set<object> | null = null;
  /** Told when the list moves to another domain or is deleted (see ListOwner); null: nobody. */
  owner: ListOwner | null = null;
  private home: VertexStore;
  private first: number;
  private size: number;
  /** The allocator's handle to [first, first + size): frees and resizes need no look-up. */
  private handle: number;
  private deleted = false;
  private readonly views = new Map<string, VertexArray>();
  /** The domain version the cached views were built for; -1 after a resize. */
  private viewsVersion = -1;

  /** Made by `VertexDomain.alloc`, which has allocated [start, start + count) as `handle`. */
  constructor(domain: VertexStore, start: number, count: number, handle: number) {
    this.home = domain;
    this.first = start;
    this.size = count;
    this.handle = handle;
  }

  /** The domain holding the vertices; `migrate` changes it. */
  get domain(): VertexStore {
    return this.home;
  }

  get start(): number {
    this.checkLive('start');
    return this.first;
  }

  get count(): number {
    this.checkLive('count');
    return this.size;
  }

  get isDeleted(): boolean {
    return this.deleted;
  }

  /** The list's vertices of attribute `name` in the shadow; after writing through it, call `markDirty(name)`. */
  get(name: string): VertexArray {
    this.checkLive('get');
    const attribute = this.domain.attribute('VertexList.get', name);
    if (this.viewsVersion !== this.domain.version) {
      this.views.clear();
      this.viewsVersion = this.domain.version;
    }
    let view = this.views.get(name);
    if (view === undefined) {
      view = this.makeView(attribute);
      this.views.set(name, view);
    }
    return view;
  }

  /**
   * Writes `count × components` values (no padding: the list fills it in) and
   * marks exactly the list's bytes dirty. A wrong length throws and writes nothing.
   */
  setAttribute(name: string, data: ArrayLike<number>): void {
    this.checkLive('setAttribute');
    const attribute = this.domain.attribute('VertexList.setAttribute', name);
    const { components, elementStride } = attribute;
    const expected = this.size * components;
    if (data === null || typeof data !== 'object' || data.length !== expected) {
      const got = data !== null && typeof data === 'object' ? String(data.length) : `${typeof data} ${String(data)}`;
      throw new VertexListError(
        'data',
        data,
        `VertexList.setAttribute(${JSON.stringify(name)}): expected ${expected} values (${this.size} vertices × ${components} components), got ${got}`,
      );
    }
    const view = this.get(name);
    if (elementStride === components) {
      view.set(data);
    } else {
      for (let vertex = 0; vertex < this.size; vertex++) {
        for (let c = 0; c < components; c++) view[vertex * elementStride + c] = data[vertex * components + c]!;
      }
    }
    this.markDirty(name);
  }

  /** Marks the list's bytes of attribute `name` for upload (after writes through `get(name)`). */
  markDirty(name: string): void {
    this.checkLive('markDirty');
    const { buffer, byteStride } = this.domain.attribute('VertexList.markDirty', name);
    if (this.size > 0) buffer.markDirty(this.first * byteStride, (this.first + this.size) * byteStride);
  }

  /**
   * Resizes to `newCount` vertices, keeping the first min(count, newCount). In
   * place when the allocator can; otherwise the allocator returns a region that
   * does not overlap the old one, and the kept vertices are copied over in the
   * shadow and marked dirty. Grows the domain when it is full.
   */
  resize(newCount: number): void {
    this.checkLive('resize');
    wholeNumber(VertexListError, 'VertexList.resize', 'newCount', newCount);
    const { first: oldStart, size: oldCount, handle: oldHandle, domain } = this;
    const handle = domain.withGrowth(() => domain.allocator.reallocHandle(oldHandle, newCount));
    const newStart = domain.allocator.startOf(handle);
    const kept = Math.min(oldCount, newCount);
    if (newStart !== oldStart && kept > 0) {
      // Growth (if any) kept the old vertices at oldStart, so the shadow still holds them there.
      for (const { buffer, byteStride } of domain.attributes.values()) {
        buffer.bytes.copyWithin(newStart * byteStride, oldStart * byteStride, (oldStart + kept) * byteStride);
        buffer.markDirty(newStart * byteStride, (newStart + kept) * byteStride);
      }
    }
    if (domain.debug) {
      if (newStart === oldStart) {
        // In place: a new tail is fresh, a cut tail is freed.
        if (newCount > oldCount) domain.fillClean(oldStart + oldCount, newCount - oldCount);
        else domain.fillDead(oldStart + newCount, oldCount - newCount);
      } else {
        // Moved (regions do not overlap): the uncopied tail is fresh, the whole old range is freed.
        domain.fillClean(newStart + kept, newCount - kept);
        domain.fillDead(oldStart, oldCount);
      }
    }
    this.first = newStart;
    this.size = newCount;
    this.handle = handle;
    this.viewsVersion = -1; // start or length changed: rebuild views on next get()
  }

  /**
   * Moves the list into the domain `batch` uses for `group` (and the list's
   * program, formats and mode), maybe another batch, keeping its vertex data;
   * this same object stays valid. A bad target throws BatchError, changing nothing.
   */
  migrate(batch: MigrationTarget<VertexList>, group: Group): void {
    this.checkLive('migrate');
    if (typeof (batch as Partial<MigrationTarget<VertexList>> | null)?.migrate !== 'function')
      throw new VertexListError('batch', batch, `VertexList.migrate: batch must be a Batch, got ${String(batch)}`);
    batch.migrate(this, group);
  }

  /** Draws the list's vertices with the current program (pyglet's VertexList.draw); returns the draw calls issued. */
  draw(mode: GLenum): number {
    this.checkLive('draw');
    return this.home.drawRange(mode, this.first, this.size);
  }

  /**
   * @internal For Batch.migrate: allocates `count` vertices in `domain` (same formats),
   * copies the vertices there in the shadow (marked dirty), frees the old range.
   * Debug mode: the old range gets the dead marker; the new one needs no clean
   * marker, as the copy overwrites all of it.
   */
  relocate(domain: VertexStore): void {
    this.checkLive('relocate');
    const handle = domain.withGrowth(() => domain.allocator.allocHandle(this.size));
    const start = domain.allocator.startOf(handle);
    if (this.size > 0) {
      for (const { name, buffer, byteStride } of this.home.attributes.values()) {
        const target = domain.attribute('VertexList.relocate', name);
        target.buffer.bytes.set(
          buffer.bytes.subarray(this.first * byteStride, (this.first + this.size) * byteStride),
          start * target.byteStride,
        );
        target.buffer.markDirty(start * target.byteStride, (start + this.size) * target.byteStride);
      }
    }
    this.home.allocator.deallocHandle(this.handle);
    if (this.home.debug) this.home.fillDead(this.first, this.size);
    this.home = domain;
    this.first = start;
    this.handle = handle;
    this.views.clear();
    this.viewsVersion = -1;
    this.owner?.listMoved();
  }

  /** Frees the vertices; every later use throws VertexListError. */
  delete(): void {
    this.checkLive('delete');
    this.domain.allocator.deallocHandle(this.handle);
    if (this.domain.debug) this.domain.fillDead(this.first, this.size);
    this.views.clear();
    this.membership?.delete(this);
    this.deleted = true;
    this.owner?.listLost();
  }

  private makeView(attribute: DomainAttribute): VertexArray {
    const { format, buffer, byteStride, elementStride } = attribute;
    return new format.arrayType(buffer.bytes.buffer, this.first * byteStride, this.size * elementStride);
  }

  private checkLive(method: string): void {
    checkNotDeleted(VertexListError, this.deleted, 'VertexList', method, 'list');
    if (this.domain.isDeleted) throw new VertexListError('this', 'deleted', `VertexList.${method}: its domain was deleted`);
  }
}
