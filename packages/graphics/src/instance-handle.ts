/**
 * InstanceHandle: one instance of an instanced domain, a slot in its instance buffers. It writes
 * its per-instance attributes, draws itself, and is moved by a Batch whose group changed (its
 * domain and slot then change, and its owner is told). Using it after `delete()` throws.
 */
import { checkNotDeleted } from './checks.ts';
import type { InstanceStore } from './domain.ts';
import { InstancedVertexDomainError } from './errors.ts';
import type { ListOwner } from './list-owner.ts';

/** One instance: a slot in the instance buffers. Using it after `delete()` throws. */
export class InstanceHandle {
  /** @internal The batch's set of this instance's group's instances in its domain; left when deleted. */
  membership: Set<object> | null = null;
  /** Told when the instance moves to another domain or is deleted (see ListOwner); null: nobody. */
  owner: ListOwner | null = null;
  private deleted = false;
  private home: InstanceStore;
  private at: number;

  constructor(domain: InstanceStore, slot: number) {
    this.home = domain;
    this.at = slot;
  }

  /** The domain holding the instance; a batch may move it (see `owner`). */
  get domain(): InstanceStore {
    return this.home;
  }

  /** The instance's slot in its domain's instance buffers. */
  get slot(): number {
    return this.at;
  }

  get isDeleted(): boolean {
    return this.deleted;
  }

  /** Rewrites one per-instance attribute (exactly `components` values). */
  setAttribute(name: string, data: ArrayLike<number>): void {
    this.checkLive('setAttribute');
    this.domain.writeInstance(this.domain.writer(name, 'InstanceHandle.setAttribute'), this.slot, data);
  }

  /**
   * Marks this instance's bytes of `name` for upload, after writing them through
   * `domain.instanceArray(name)` at element `slot × elementStride` — the
   * allocation-free way to update many instances every frame.
   */
  markDirty(name: string): void {
    this.checkLive('markDirty');
    this.domain.writer(name, 'InstanceHandle.markDirty').mark(this.slot);
  }

  /**
   * Writes `name`'s first components (up to four: v0 … v3) in place and marks only
   * this instance's bytes: the allocation-free way to update instances every frame.
   */
  set(name: string, v0: number, v1 = 0, v2 = 0, v3 = 0): void {
    this.checkLive('set');
    const writer = this.domain.writer(name, 'InstanceHandle.set');
    const array = writer.array;
    const components = writer.attribute.components;
    const i = this.slot * writer.elementStride;
    array[i] = v0;
    if (components > 1) array[i + 1] = v1;
    if (components > 2) array[i + 2] = v2;
    if (components > 3) array[i + 3] = v3;
    writer.mark(this.slot);
  }

  /** The attribute's values as the shadow holds them (what the GPU holds after `commit`). */
  get(name: string): number[] {
    this.checkLive('get');
    const { buffer, byteStride, format, components } = this.domain.instanceAttribute('InstanceHandle.get', name);
    // Read through `buffer.bytes` each time: growth replaces the shadow.
    const view = new format.arrayType(buffer.bytes.buffer, this.slot * byteStride, components);
    return [...view];
  }

  /** Draws this one instance with the current program; returns the draw calls issued. */
  draw(mode: GLenum): number {
    this.checkLive('draw');
    return this.home.drawRange(mode, this.at, 1);
  }

  /** Frees the slot; it is no longer drawn. */
  delete(): void {
    this.checkLive('delete');
    this.domain.freeSlot(this.slot);
    this.membership?.delete(this);
    this.deleted = true;
    this.owner?.listLost();
  }

  /**
   * @internal For Batch: moves the instance into `domain` (same mesh and formats), its bytes copied
   * in the shadow; the old slot is freed. A GrowthError in `domain` changes nothing.
   */
  relocate(domain: InstanceStore): void {
    this.checkLive('relocate');
    const slot = domain.copyInstance(this.home, this.at);
    this.home.freeSlot(this.at);
    this.home = domain;
    this.at = slot;
    this.owner?.listMoved();
  }

  private checkLive(method: string): void {
    checkNotDeleted(InstancedVertexDomainError, this.deleted, 'InstanceHandle', method, 'instance');
  }
}
