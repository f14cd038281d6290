// The region allocator that vertex domains sit on: pyglet's Allocator API,
// with first-fit and best-fit in O(log n), TLSF good-fit in O(1), alignment,
// handles, a debug mode and statistics. It takes its policy as a value
// (policies.ts), so a bundle carries only the policy it names; `Allocator`
// (named-allocator.ts) takes the policy's name.
//
// The blocks tile [0, capacity) in address order (block-list.ts, which holds
// their invariants); the policy's subclass of the block list (good-fit.ts,
// best-fit.ts, tree-fit.ts), made by the policy at construction for the
// alignment, picks blocks and frees them. This file keeps the contract:
// argument checks, errors, realloc's decisions, the debug watch
// (debug-watch.ts), statistics.
//
// Handles are block ids: a handle-based free or realloc goes straight to the
// block. `dealloc(start, size)` finds it by start in a hash table that is
// built the first time a caller frees by start, and kept from then on, so
// callers that use handles only never pay for it. pyglet lets `dealloc` free
// any sub-range of allocated space: a range that is not exactly an allocation
// is first made into one used block by splitting and joining used blocks,
// which walks the block list from the start: O(n), for that rare case only.
//
// Every public method validates all its input before it changes anything, so
// a call that throws leaves the allocator exactly as it was. A sub-range
// realloc that grows checks for room before it re-cuts any block.

import { STRIDE, START, TAG, USED, type BlockList } from './block-list.ts';
import { describeAllocation, nearestAllocation } from './debug-info.ts';
import { DebugWatch, NO_WATCH, type AllocationWatch } from './debug-watch.ts';
import {
  AllocatorArgumentError,
  AllocatorHandleError,
  AllocatorInvariantError,
  AllocatorMemoryError,
  AllocatorMisuseError,
  AllocatorModeError,
  AllocatorRangeError,
  checkUnits,
  MAX_CAPACITY,
  type LiveAllocation,
} from './errors.ts';
import { firstFit, isPolicy, type Policy } from './policies.ts';
import { alignUp, POLICIES, type AllocationPolicy } from './policy.ts';
import { makeStats, type AllocatorStats, type Region } from './stats.ts';

export interface RegionAllocatorOptions {
  /** How `alloc` picks a free block: `firstFit` (the default, pyglet's placement), `bestFit` or `goodFit`. */
  readonly policy?: Policy;
  /** Starts returned by `alloc` and by a moving `realloc` are multiples of this. Default 1. */
  readonly alignment?: number;
  /** Number live allocations and reject frees that are not exactly one. Default false. */
  readonly debug?: boolean;
  /** In debug mode, record the stack of each allocation. Default false. */
  readonly captureStacks?: boolean;
}

/** Aggregated allocated regions: adjacent allocations merged, ascending. */
export interface AllocatedRegions {
  readonly starts: readonly number[];
  readonly sizes: readonly number[];
}

/**
 * Hands out regions of `[0, capacity)` in abstract units (pyglet's Allocator API).
 * A call that cannot be satisfied throws an `AllocatorMemoryError` naming the
 * capacity that would satisfy it; a call that throws changes nothing. It takes
 * its policy as a value, so an app's bundle carries only that policy; `Allocator`
 * is the same with the policy given by name.
 *
 * @example
 * ```ts
 * const allocator = new RegionAllocator(1024, { policy: goodFit });
 * let start = allocator.alloc(100);
 * start = allocator.realloc(start, 100, 300); // may move: use the start it returns
 * try {
 *   allocator.alloc(2000);
 * } catch (error) {
 *   if (error instanceof AllocatorMemoryError) allocator.setCapacity(error.requestedCapacity);
 * }
 * allocator.dealloc(start, 300);
 * ```
 */
export class RegionAllocator {
  /** The policy's name. */
  readonly policy: AllocationPolicy;
  readonly alignment: number;
  readonly debug: boolean;
  private readonly blocks: BlockList;
  private readonly watch: AllocationWatch;
  /** Bumped by every change, so getAllocatedRegions() can reuse its answer. */
  private version = 0;
  private regionsCache: AllocatedRegions = { starts: [], sizes: [] };
  private regionsVersion = -1;

  constructor(capacity: number, options: RegionAllocatorOptions = {}) {
    checkUnits('capacity', capacity);
    const { policy = firstFit, alignment = 1, debug = false, captureStacks = false } = options;
    if (!isPolicy(policy)) {
      const expected = `firstFit, bestFit or goodFit (Allocator takes their names: ${POLICIES.join(', ')})`;
      throw new AllocatorArgumentError('policy', policy, `policy must be ${expected}, got ${String(policy)}`);
    }
    if (!Number.isInteger(alignment) || alignment < 1 || alignment > MAX_CAPACITY) {
      throw new AllocatorArgumentError('alignment', alignment, `alignment must be a whole number ≥ 1, got ${String(alignment)}`);
    }
    this.policy = policy.name;
    this.alignment = alignment;
    this.debug = debug;
    this.blocks = policy.makeList(alignment);
    this.watch = debug ? new DebugWatch(captureStacks) : NO_WATCH;
    if (capacity > 0) this.blocks.growCapacity(capacity);
  }

  get capacity(): number {
    return this.blocks.capacity;
  }

  /** Allocates `size` units; returns the start. AllocatorMemoryError when it does not fit. */
  alloc(size: number): number {
    checkUnits('size', size);
    if (size === 0) return 0;
    const id = this.take(size, 'alloc');
    return this.blocks.rec[id * STRIDE + START]!;
  }

  /**
   * Allocates `size` units; returns a handle to them (0 for size 0), for
   * `startOf`, `deallocHandle` and `reallocHandle`, which need no look-up.
   * A handle stays valid until its allocation is freed or moved through it, or
   * a `dealloc`/`realloc` by start covers part of it.
   */
  allocHandle(size: number): number {
    checkUnits('size', size);
    if (size === 0) return 0;
    return this.take(size, 'allocHandle');
  }

  /** The start of a handle's allocation (0 for handle 0). */
  startOf(handle: number): number {
    if (!this.isLive(handle)) this.checkHandle('startOf', handle);
    return this.blocks.rec[handle * STRIDE + START]!;
  }

  /** The size of a handle's allocation (0 for handle 0). */
  sizeOf(handle: number): number {
    if (!this.isLive(handle)) {
      this.checkHandle('sizeOf', handle);
      return 0;
    }
    return this.blocks.size(handle);
  }

  /** Frees [start, start + size), which must be wholly allocated (any sub-range of allocated space). */
  dealloc(start: number, size: number): void {
    checkUnits('start', start);
    checkUnits('size', size);
    if (size === 0) return;
    this.free(this.isolate('dealloc', start, size));
  }

  /** Frees a handle's allocation (handle 0: nothing). */
  deallocHandle(handle: number): void {
    if (!this.isLive(handle)) {
      this.checkHandle('deallocHandle', handle);
      return;
    }
    this.free(handle);
  }

  /**
   * Resizes the region [start, start + size) to `newSize` units and returns its
   * start: in place when it shrinks or the space after it is free, otherwise at
   * a new region that does not overlap the old one (so the caller can copy
   * old → new in one go), after which the old one is freed. `newSize` 0 frees
   * and returns 0; `size` 0 is `alloc(newSize)`.
   */
  realloc(start: number, size: number, newSize: number): number {
    checkUnits('start', start);
    checkUnits('size', size);
    checkUnits('newSize', newSize);
    start += 0; // -0 is accepted as 0; never hand it back
    if (size === 0) return this.alloc(newSize);
    const id = this.isolate('realloc', start, size, newSize);
    if (newSize === size) return start;
    const resized = this.resize(id, newSize, 'realloc');
    return resized === 0 ? 0 : this.blocks.rec[resized * STRIDE + START]!;
  }

  /**
   * `realloc` through a handle: resizes its allocation to `newSize` units and
   * returns its handle, the same one when it stays in place, a new one when it
   * moves (the old one is then invalid), 0 when `newSize` is 0. Handle 0 is
   * `allocHandle(newSize)`.
   */
  reallocHandle(handle: number, newSize: number): number {
    checkUnits('newSize', newSize);
    if (!this.isLive(handle)) {
      this.checkHandle('reallocHandle', handle);
      return newSize === 0 ? 0 : this.take(newSize, 'allocHandle');
    }
    return this.resize(handle, newSize, 'reallocHandle');
  }

  /** Grows the capacity; it can never shrink. */
  setCapacity(size: number): void {
    checkUnits('capacity', size);
    if (size < this.blocks.capacity) {
      throw new AllocatorArgumentError(
        'capacity',
        size,
        `capacity ${size} is smaller than the current capacity ${this.blocks.capacity}; capacity never shrinks`,
      );
    }
    if (size === this.blocks.capacity) return;
    this.blocks.growCapacity(size);
    this.version++;
  }

  /**
   * Allocated space as aggregated regions (adjacent allocations merged),
   * ascending. While the allocator is unchanged this returns the same object
   * and allocates nothing; do not modify it.
   */
  getAllocatedRegions(): AllocatedRegions {
    // The rebuild is its own method: its closure would make V8 allocate a context on every call, cached or not.
    if (this.regionsVersion !== this.version) this.rebuildRegions();
    return this.regionsCache;
  }

  private rebuildRegions(): void {
    const starts: number[] = [];
    const sizes: number[] = [];
    this.blocks.forEachRegion((start, size, free) => {
      if (free) return;
      starts.push(start);
      sizes.push(size);
    });
    this.regionsCache = { starts, sizes };
    this.regionsVersion = this.version;
  }

  /** All free space, a leading gap included. */
  getFreeSize(): number {
    return this.blocks.freeUnits;
  }

  getAllocatedSize(): number {
    return this.blocks.capacity - this.blocks.freeUnits;
  }

  /** Free space outside the final free block (the one that ends at capacity). */
  getFragmentedFreeSize(): number {
    return this.blocks.freeUnits - (this.blocks.capacity - this.blocks.tailStart());
  }

  /** Fragmented free space as a fraction of all free space (0 when nothing is free). */
  getFragmentation(): number {
    return this.blocks.freeUnits === 0 ? 0 : this.getFragmentedFreeSize() / this.blocks.freeUnits;
  }

  /** Allocated space as a fraction of capacity (0 when the capacity is 0). */
  getUsage(): number {
    return this.blocks.capacity === 0 ? 0 : this.getAllocatedSize() / this.blocks.capacity;
  }

  getLargestFreeSize(): number {
    return this.blocks.largest();
  }

  /** Every free and (aggregated) allocated range in address order, covering [0, capacity). */
  regions(): Region[] {
    const out: Region[] = [];
    this.blocks.forEachRegion((start, size, free) => out.push({ start, size, free }));
    return out;
  }

  stats(): AllocatorStats {
    const ranges = this.regions();
    return makeStats(
      {
        policy: this.policy,
        alignment: this.alignment,
        capacity: this.blocks.capacity,
        allocated: this.getAllocatedSize(),
        free: this.blocks.freeUnits,
        fragmentedFree: this.getFragmentedFreeSize(),
        fragmentation: this.getFragmentation(),
        usage: this.getUsage(),
        largestFree: this.getLargestFreeSize(),
        freeRanges: this.blocks.freeBlocks,
        allocatedRanges: ranges.length - this.blocks.freeBlocks,
        liveAllocations: this.debug ? this.blocks.usedBlocks().length : undefined,
      },
      ranges,
    );
  }

  /** Debug mode: the allocations still live, oldest first. */
  leaks(): LiveAllocation[] {
    if (!this.debug) throw new AllocatorModeError('leaks() needs an allocator made with { debug: true }');
    return this.liveAllocations().sort((a, b) => a.serial - b.serial);
  }

  /** Checks every invariant; throws AllocatorInvariantError naming the first one broken. */
  validate(): void {
    try {
      this.blocks.checkBlocks();
      if (this.watch instanceof DebugWatch) {
        for (const id of this.blocks.usedBlocks()) {
          if (!(this.watch.serial(id) > 0)) throw new Error(`${this.blocks.describeBlock(id)} has no serial number`);
        }
      }
    } catch (error) {
      if (error instanceof AllocatorInvariantError) throw error;
      throw new AllocatorInvariantError(`allocator invariant broken: ${(error as Error).message}`);
    }
  }

  // --- allocations ----------------------------------------------------------

  /** A new used block of `size` (> 0) units; `method` names the call in a memory error. */
  private take(size: number, method: string): number {
    const blocks = this.blocks;
    const id = blocks.allocate(size);
    if (id === 0) throw this.memoryError(alignUp(blocks.tailStart(), this.alignment) + size, `${method}(${size})`);
    if (blocks.mapped) blocks.usedAt.set(blocks.rec[id * STRIDE + START]!, id);
    this.watch.allocated(id);
    this.version++;
    return id;
  }

  private free(id: number): void {
    const blocks = this.blocks;
    if (blocks.mapped) blocks.usedAt.delete(blocks.rec[id * STRIDE + START]!);
    this.watch.freed(id);
    blocks.release(id);
    this.version++;
  }

  /** Resizes used block `id` to `newSize` (≠ its size); returns its block, 0 when freed. */
  private resize(id: number, newSize: number, method: 'realloc' | 'reallocHandle'): number {
    const blocks = this.blocks;
    const size = blocks.size(id);
    if (newSize === size) return id;
    if (newSize === 0) {
      this.free(id);
      return 0;
    }
    if (newSize < size) blocks.shrinkUsed(id, newSize);
    else if (!blocks.growInPlace(id, newSize)) return this.move(id, newSize, method);
    this.version++;
    return id;
  }

  /** realloc's last resort: a new block that does not overlap `id`, then `id` is freed. */
  private move(id: number, newSize: number, method: 'realloc' | 'reallocHandle'): number {
    const blocks = this.blocks;
    const start = blocks.start(id);
    const size = blocks.size(id);
    const moved = blocks.allocate(newSize);
    if (moved === 0) {
      const call = method === 'realloc' ? `realloc(${start}, ${size}, ${newSize})` : `reallocHandle(${id}, ${newSize})`;
      throw this.growthError(blocks.next(id), start, newSize, call);
    }
    if (blocks.mapped) {
      blocks.usedAt.delete(start);
      blocks.usedAt.set(blocks.start(moved), moved);
    }
    // The allocation keeps its serial number and stack.
    this.watch.moved(id, moved);
    blocks.release(id);
    this.version++;
    return moved;
  }

  // --- what callers pass in -------------------------------------------------

  /** True when `handle` names a live allocation (handle 0 does not). */
  private isLive(handle: number): boolean {
    const blocks = this.blocks;
    return (
      typeof handle === 'number' &&
      handle > 0 &&
      handle < blocks.fresh &&
      handle >>> 0 === handle &&
      blocks.rec[handle * STRIDE + TAG] === USED
    );
  }

  /** For a handle that is not live: returns for handle 0, throws for anything else. */
  private checkHandle(method: string, handle: number): void {
    checkUnits('handle', handle);
    if (handle === 0) return;
    throw new AllocatorHandleError(
      handle,
      `${method}(${handle}): ${handle} is not a live allocation's handle (freed, moved or never handed out?)`,
    );
  }

  /**
   * Throws unless [start, start + size) is wholly allocated (in debug mode:
   * exactly one live allocation); returns it as one used block. For realloc,
   * `newSize`: a sub-range that could not grow to it throws before any re-cut.
   */
  private isolate(method: string, start: number, size: number, newSize = 0): number {
    const blocks = this.blocks;
    const end = start + size;
    if (end > blocks.capacity) {
      throw this.rangeError(method, start, size, `[${start}, ${end}) runs past the capacity ${blocks.capacity}`);
    }
    // The start map is built the first time a caller frees by start (a look-up that fails leaves it built: it is not observable).
    if (!blocks.mapped) blocks.mapStarts();
    const exact = blocks.usedAt.get(start);
    if (exact !== 0 && blocks.size(exact) === size) return exact;
    const first = exact !== 0 ? exact : blocks.blockContaining(start);
    let last = first;
    for (; ; last = blocks.next(last)) {
      if (!blocks.isUsed(last)) {
        const freeStart = Math.max(start, blocks.start(last));
        const freeEnd = Math.min(end, blocks.end(last));
        throw this.rangeError(method, start, size, `[${start}, ${end}) is not wholly allocated: [${freeStart}, ${freeEnd}) is free`);
      }
      if (blocks.end(last) >= end) break;
    }
    if (this.debug) throw this.rangeError(method, start, size, `[${start}, ${end}) is not a live allocation`);
    if (newSize > size) {
      // After the re-cut, the block after the range is `last`'s used remainder, or the block after `last`.
      const after = blocks.end(last) === end ? blocks.next(last) : last;
      const inPlace = blocks.isFree(after) && blocks.size(after) >= newSize - size;
      if (!inPlace && !blocks.canAllocate(newSize)) {
        throw this.growthError(after, start, newSize, `realloc(${start}, ${size}, ${newSize})`);
      }
    }
    return blocks.joinUsed(first, start, end);
  }

  // --- reporting ------------------------------------------------------------

  private liveAllocations(): LiveAllocation[] {
    const blocks = this.blocks;
    const watch = this.watch instanceof DebugWatch ? this.watch : undefined;
    return blocks.usedBlocks().map((id) => ({
      serial: watch?.serial(id) ?? 0,
      start: blocks.start(id),
      size: blocks.size(id),
      stack: watch?.stack(id),
    }));
  }

  private rangeError(method: string, start: number, size: number, problem: string): AllocatorRangeError {
    const call = `${method}(start ${start}, size ${size})`;
    if (!this.debug) return new AllocatorRangeError(start, size, `${call}: ${problem}`);
    const nearest = nearestAllocation(this.liveAllocations(), start, size);
    const hint = nearest ? `; the nearest live allocation is ${describeAllocation(nearest)}` : '; there are no live allocations';
    return new AllocatorMisuseError(start, size, nearest, `${call}: ${problem} (double free, wrong size or stale start?)${hint}`);
  }

  /** A realloc of [start, …) to `newSize` that found no room; `after` is the block after the region. */
  private growthError(after: number, start: number, newSize: number, call: string): AllocatorMemoryError {
    const blocks = this.blocks;
    const atTail = after === 0 || (blocks.isFree(after) && blocks.next(after) === 0);
    return this.memoryError(atTail ? start + newSize : alignUp(blocks.tailStart(), this.alignment) + newSize, call);
  }

  private memoryError(requested: number, call: string): AllocatorMemoryError {
    const beyond = requested > MAX_CAPACITY ? `, beyond the largest capacity ${MAX_CAPACITY}` : '';
    return new AllocatorMemoryError(
      requested,
      `${call} does not fit in capacity ${this.blocks.capacity} (largest free block ${this.getLargestFreeSize()}); it needs capacity ${requested}${beyond}`,
    );
  }
}
