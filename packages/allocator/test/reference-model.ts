// A deliberately simple reference model of the allocator contract
// (allocator.ts; docs/decisions.md, "Allocator"), for lockstep testing.
//
// State: the capacity and a sorted array of free ranges [start, end).
// Invariant: ranges are non-empty, ascending, and never touch (adjacent free
// ranges are merged), so the allocated space is exactly the gaps between them.
// Every operation is a linear scan; nothing here tries to be fast.
//
// Placement for 'good-fit' is unspecified by the contract, so the model takes
// the real allocator's choice as `placement`, checks that it is legal
// (aligned, inside one free range, hence not overlapping a realloc's old
// region) and applies it; an illegal choice throws IllegalPlacementError.

import { AllocatorArgumentError, AllocatorMemoryError, AllocatorMisuseError, AllocatorRangeError, MAX_CAPACITY } from '../src/errors.ts';

export type ModelPolicy = 'first-fit' | 'best-fit' | 'good-fit';

export interface ModelOptions {
  policy?: ModelPolicy;
  alignment?: number;
  debug?: boolean;
}

export interface ModelRegion {
  start: number;
  size: number;
  free: boolean;
}

interface FreeRange {
  start: number;
  end: number;
}

/** The real allocator chose a placement the contract does not allow. */
export class IllegalPlacementError extends Error {
  override name = 'IllegalPlacementError';
}

function checkUnits(argument: string, value: unknown): asserts value is number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_CAPACITY) return;
  throw new AllocatorArgumentError(argument, value, `model: bad ${argument} ${String(value)}`);
}

export class ReferenceAllocator {
  readonly policy: ModelPolicy;
  readonly alignment: number;
  readonly debug: boolean;
  private cap: number;
  private free: FreeRange[] = [];
  /** Debug mode only: live allocations, start -> size. */
  private readonly live = new Map<number, number>();

  constructor(capacity: number, options: ModelOptions = {}) {
    checkUnits('capacity', capacity);
    this.policy = options.policy ?? 'first-fit';
    this.alignment = options.alignment ?? 1;
    this.debug = options.debug ?? false;
    this.cap = capacity;
    if (capacity > 0) this.free.push({ start: 0, end: capacity });
  }

  get capacity(): number {
    return this.cap;
  }

  // ---- queries -------------------------------------------------------------

  alignUp(n: number): number {
    return Math.ceil(n / this.alignment) * this.alignment;
  }

  /** The free range that ends at the capacity, if any. */
  private tail(): FreeRange | undefined {
    const last = this.free[this.free.length - 1];
    return last !== undefined && last.end === this.cap ? last : undefined;
  }

  private tailStart(): number {
    return this.tail()?.start ?? this.cap;
  }

  /** True when [start, start + size) is inside one free range and start is aligned. */
  isLegalPlacement(start: number, size: number): boolean {
    if (size <= 0 || start % this.alignment !== 0) return false;
    return this.free.some((r) => r.start <= start && start + size <= r.end);
  }

  /** True when [start, start + size) lies within the capacity and touches no free range. */
  isWhollyAllocated(start: number, size: number): boolean {
    const end = start + size;
    if (end > this.cap) return false;
    return this.free.every((r) => r.end <= start || r.start >= end);
  }

  /**
   * Where the policy puts `size` units, or undefined when nothing fits.
   * For good-fit this is only *a* legal placement (the lowest).
   */
  findPlacement(size: number): number | undefined {
    let best: FreeRange | undefined;
    for (const r of this.free) {
      if (this.alignUp(r.start) + size > r.end) continue;
      if (this.policy !== 'best-fit') return this.alignUp(r.start);
      if (best === undefined || r.end - r.start < best.end - best.start) best = r;
    }
    return best === undefined ? undefined : this.alignUp(best.start);
  }

  /** Placement for a new region: the policy's choice, or the caller's for good-fit. */
  private place(size: number, placement: number | undefined): number | undefined {
    const own = this.findPlacement(size);
    if (own === undefined || this.policy !== 'good-fit' || placement === undefined) return own;
    if (!this.isLegalPlacement(placement, size)) {
      throw new IllegalPlacementError(
        `good-fit placed ${size} units at ${placement}: not aligned to ${this.alignment} ` +
          `or not inside one free range (free: ${JSON.stringify(this.free)})`,
      );
    }
    return placement;
  }

  // ---- state changes (all checks happen before any change) ----------------

  /** Marks [start, end), which lies inside one free range, allocated. */
  private take(start: number, end: number): void {
    const i = this.free.findIndex((r) => r.start <= start && end <= r.end);
    const r = this.free[i];
    if (r === undefined) throw new Error(`model bug: [${start}, ${end}) is not free`);
    const pieces: FreeRange[] = [];
    if (r.start < start) pieces.push({ start: r.start, end: start });
    if (end < r.end) pieces.push({ start: end, end: r.end });
    this.free.splice(i, 1, ...pieces);
  }

  /** Marks [start, end), which is wholly allocated, free; merges neighbours. */
  private give(start: number, end: number): void {
    if (start === end) return;
    let i = 0;
    while (i < this.free.length && this.free[i]!.end < start) i++;
    // Now free[i] (if any) is the first range that ends at or after `start`.
    let s = start;
    let e = end;
    let remove = 0;
    const before = this.free[i];
    if (before !== undefined && before.end === start) {
      s = before.start;
      remove++;
    }
    const after = this.free[i + remove];
    if (after !== undefined && after.start === end) {
      e = after.end;
      remove++;
    }
    this.free.splice(i, remove, { start: s, end: e });
  }

  private checkRange(start: number, size: number): void {
    if (this.debug) {
      if (this.live.get(start) !== size) {
        throw new AllocatorMisuseError(start, size, undefined, `model: [${start}, +${size}) is not a live allocation`);
      }
    } else if (!this.isWhollyAllocated(start, size)) {
      throw new AllocatorRangeError(start, size, `model: [${start}, +${size}) is not wholly allocated`);
    }
  }

  alloc(size: number, placement?: number): number {
    checkUnits('size', size);
    if (size === 0) return 0;
    const at = this.place(size, placement);
    if (at === undefined) {
      throw new AllocatorMemoryError(this.alignUp(this.tailStart()) + size, `model: ${size} units do not fit`);
    }
    this.take(at, at + size);
    if (this.debug) this.live.set(at, size);
    return at;
  }

  dealloc(start: number, size: number): void {
    checkUnits('start', start);
    checkUnits('size', size);
    if (size === 0) return;
    this.checkRange(start, size);
    this.give(start, start + size);
    if (this.debug) this.live.delete(start);
  }

  realloc(start: number, size: number, newSize: number, placement?: number): number {
    checkUnits('start', start);
    checkUnits('size', size);
    checkUnits('newSize', newSize);
    if (size === 0) return this.alloc(newSize, placement);
    this.checkRange(start, size);
    if (newSize === 0) {
      this.dealloc(start, size);
      return 0;
    }
    const end = start + size;
    if (newSize <= size) {
      this.give(start + newSize, end);
      if (this.debug) this.live.set(start, newSize);
      return start;
    }
    const newEnd = start + newSize;
    const next = this.free.find((r) => r.start === end);
    if (next !== undefined && newEnd <= next.end) {
      this.take(end, newEnd);
      if (this.debug) this.live.set(start, newSize);
      return start;
    }
    // Move: the old region is still allocated while the new one is chosen,
    // so the two cannot overlap.
    const at = this.place(newSize, placement);
    if (at === undefined) {
      const reachesCapacity = end === this.cap || next?.end === this.cap;
      const requested = reachesCapacity ? newEnd : this.alignUp(this.tailStart()) + newSize;
      throw new AllocatorMemoryError(requested, `model: cannot grow [${start}, +${size}) to ${newSize}`);
    }
    this.take(at, at + newSize);
    this.give(start, end);
    if (this.debug) {
      this.live.delete(start);
      this.live.set(at, newSize);
    }
    return at;
  }

  setCapacity(capacity: number): void {
    checkUnits('capacity', capacity);
    if (capacity < this.cap) {
      throw new AllocatorArgumentError('capacity', capacity, `model: capacity ${capacity} < ${this.cap}`);
    }
    const old = this.cap;
    this.cap = capacity;
    // The new space [old, capacity) was not part of the allocator: "free" it.
    this.give(old, capacity);
  }

  // ---- figures -------------------------------------------------------------

  getFreeSize(): number {
    return this.free.reduce((sum, r) => sum + (r.end - r.start), 0);
  }

  getAllocatedSize(): number {
    return this.cap - this.getFreeSize();
  }

  getLargestFreeSize(): number {
    return this.free.reduce((max, r) => Math.max(max, r.end - r.start), 0);
  }

  getFragmentedFreeSize(): number {
    const tail = this.tail();
    return this.getFreeSize() - (tail === undefined ? 0 : tail.end - tail.start);
  }

  getFragmentation(): number {
    const free = this.getFreeSize();
    return free === 0 ? 0 : this.getFragmentedFreeSize() / free;
  }

  getUsage(): number {
    return this.cap === 0 ? 0 : this.getAllocatedSize() / this.cap;
  }

  /** Every free and allocated range in address order, covering [0, capacity). */
  regions(): ModelRegion[] {
    const out: ModelRegion[] = [];
    let at = 0;
    for (const r of this.free) {
      if (r.start > at) out.push({ start: at, size: r.start - at, free: false });
      out.push({ start: r.start, size: r.end - r.start, free: true });
      at = r.end;
    }
    if (at < this.cap) out.push({ start: at, size: this.cap - at, free: false });
    return out;
  }

  getAllocatedRegions(): { starts: number[]; sizes: number[] } {
    const starts: number[] = [];
    const sizes: number[] = [];
    for (const r of this.regions()) {
      if (r.free) continue;
      starts.push(r.start);
      sizes.push(r.size);
    }
    return { starts, sizes };
  }

  /** Debug mode: live allocations in address order. */
  liveAllocations(): { start: number; size: number }[] {
    return [...this.live].map(([start, size]) => ({ start, size })).sort((a, b) => a.start - b.start);
  }
}
