// The region allocator that vertex domains sit on: pyglet's Allocator API,
// with first-fit and best-fit in O(log n), TLSF good-fit in O(1), alignment,
// a debug mode and statistics.
//
// The blocks tile [0, capacity) in address order (block-list.ts, which holds
// their invariants and mechanics): free blocks are never adjacent, and every
// used block is one allocation, found by its start in `usedAt`. Freeing an
// allocation is a hash look-up and a merge with its neighbours; the policy's
// free index (free-index.ts) only picks blocks for `alloc`. This file keeps
// the contract: argument checks, errors, realloc's decisions, debug mode,
// statistics.
//
// pyglet lets `dealloc` free any sub-range of allocated space. A range that is
// exactly an allocation takes the fast path; any other range is first made
// into one used block by splitting and joining used blocks, which walks the
// block list from the start: O(n), for that rare case only.
//
// Every public method validates all its input before it changes anything, so
// a call that throws leaves the allocator exactly as it was.

import { BlockList } from './block-list.ts';
import { callerStack, describeAllocation, nearestAllocation } from './debug-info.ts';
import {
  AllocatorArgumentError,
  AllocatorInvariantError,
  AllocatorMemoryError,
  AllocatorMisuseError,
  AllocatorModeError,
  AllocatorRangeError,
  checkUnits,
  MAX_CAPACITY,
  type LiveAllocation,
} from './errors.ts';
import { alignUp, POLICIES, type AllocationPolicy } from './policy.ts';
import { makeStats, type AllocatorStats, type Region } from './stats.ts';

export interface AllocatorOptions {
  /** How `alloc` picks a free block. Default 'first-fit' (pyglet's placement). */
  readonly policy?: AllocationPolicy;
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
 * capacity that would satisfy it; a call that throws changes nothing.
 *
 * @example
 * ```ts
 * const allocator = new Allocator(1024, { policy: 'good-fit' });
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
export class Allocator {
  readonly policy: AllocationPolicy;
  readonly alignment: number;
  readonly debug: boolean;
  private readonly blocks: BlockList;
  private readonly captureStacks: boolean;
  private readonly stacks = new Map<number, string>();
  private lastSerial = 0;
  /** Bumped by every change, so getAllocatedRegions() can reuse its answer. */
  private version = 0;
  private regionsCache: AllocatedRegions = { starts: [], sizes: [] };
  private regionsVersion = -1;

  constructor(capacity: number, options: AllocatorOptions = {}) {
    checkUnits('capacity', capacity);
    const { policy = 'first-fit', alignment = 1, debug = false, captureStacks = false } = options;
    if (!POLICIES.includes(policy)) {
      throw new AllocatorArgumentError('policy', policy, `policy must be one of ${POLICIES.join(', ')}, got ${String(policy)}`);
    }
    if (!Number.isInteger(alignment) || alignment < 1 || alignment > MAX_CAPACITY) {
      throw new AllocatorArgumentError('alignment', alignment, `alignment must be a whole number ≥ 1, got ${String(alignment)}`);
    }
    this.policy = policy;
    this.alignment = alignment;
    this.debug = debug;
    this.captureStacks = debug && captureStacks;
    this.blocks = new BlockList(policy, alignment);
    this.blocks.growCapacity(capacity);
  }

  get capacity(): number {
    return this.blocks.capacity;
  }

  /** Allocates `size` units; returns the start. AllocatorMemoryError when it does not fit. */
  alloc(size: number): number {
    checkUnits('size', size);
    if (size === 0) return 0;
    const free = this.blocks.index.find(size, this.alignment);
    if (free === 0) throw this.memoryError(alignUp(this.blocks.tailStart(), this.alignment) + size, `alloc(${size})`);
    const block = this.blocks.carve(free, size);
    this.register(block);
    this.version++;
    return this.blocks.pool.start(block);
  }

  /** Frees [start, start + size), which must be wholly allocated (any sub-range of allocated space). */
  dealloc(start: number, size: number): void {
    checkUnits('start', start);
    checkUnits('size', size);
    if (size === 0) return;
    const block = this.isolate('dealloc', start, size);
    this.unregister(block);
    this.blocks.free(block);
    this.version++;
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
    const block = this.isolate('realloc', start, size);
    if (newSize === size) return start;
    if (newSize === 0) {
      this.unregister(block);
      this.blocks.free(block);
    } else if (newSize < size) {
      this.blocks.shrinkUsed(block, newSize);
    } else if (!this.blocks.growInPlace(block, newSize)) {
      return this.move(block, newSize);
    }
    this.version++;
    return newSize === 0 ? 0 : start;
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
    return this.blocks.freeTotal;
  }

  getAllocatedSize(): number {
    return this.blocks.capacity - this.blocks.freeTotal;
  }

  /** Free space outside the final free block (the one that ends at capacity). */
  getFragmentedFreeSize(): number {
    return this.blocks.freeTotal - (this.blocks.capacity - this.blocks.tailStart());
  }

  /** Fragmented free space as a fraction of all free space (0 when nothing is free). */
  getFragmentation(): number {
    return this.blocks.freeTotal === 0 ? 0 : this.getFragmentedFreeSize() / this.blocks.freeTotal;
  }

  /** Allocated space as a fraction of capacity (0 when the capacity is 0). */
  getUsage(): number {
    return this.blocks.capacity === 0 ? 0 : this.getAllocatedSize() / this.blocks.capacity;
  }

  getLargestFreeSize(): number {
    return this.blocks.index.largest();
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
        free: this.blocks.freeTotal,
        fragmentedFree: this.getFragmentedFreeSize(),
        fragmentation: this.getFragmentation(),
        usage: this.getUsage(),
        largestFree: this.getLargestFreeSize(),
        freeRanges: this.blocks.freeCount,
        allocatedRanges: ranges.length - this.blocks.freeCount,
        liveAllocations: this.debug ? this.blocks.usedAt.size : undefined,
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
      this.blocks.checkBlocks(this.debug);
      const indexed = this.blocks.index.check((id) => this.blocks.describeBlock(id));
      if (indexed !== this.blocks.freeCount)
        throw new Error(`the free index holds ${indexed} blocks, the block list ${this.blocks.freeCount}`);
    } catch (error) {
      if (error instanceof AllocatorInvariantError) throw error;
      throw new AllocatorInvariantError(`allocator invariant broken: ${(error as Error).message}`);
    }
  }

  // --- allocations ----------------------------------------------------------

  /** realloc's last resort: a new block that does not overlap `block`, then `block` is freed. */
  private move(block: number, newSize: number): number {
    const pool = this.blocks.pool;
    const start = pool.start(block);
    const size = pool.size(block);
    const free = this.blocks.index.find(newSize, this.alignment);
    if (free === 0) {
      const after = pool.next(block);
      const atTail = after === 0 || (pool.isFree(after) && pool.next(after) === 0);
      const requested = atTail ? start + newSize : alignUp(this.blocks.tailStart(), this.alignment) + newSize;
      throw this.memoryError(requested, `realloc(${start}, ${size}, ${newSize})`);
    }
    const moved = this.blocks.carve(free, newSize);
    const newStart = pool.start(moved);
    // The allocation keeps its serial number and stack.
    this.blocks.usedAt.delete(start);
    this.blocks.usedAt.set(newStart, moved);
    pool.setSerial(moved, pool.serial(block));
    const stack = this.stacks.get(block);
    this.stacks.delete(block);
    if (stack !== undefined) this.stacks.set(moved, stack);
    this.blocks.free(block);
    this.version++;
    return newStart;
  }

  private register(block: number): void {
    const blocks = this.blocks;
    blocks.usedAt.set(blocks.pool.start(block), block);
    if (!this.debug) return;
    blocks.pool.setSerial(block, ++this.lastSerial);
    if (this.captureStacks) this.stacks.set(block, callerStack());
  }

  private unregister(block: number): void {
    const blocks = this.blocks;
    blocks.usedAt.delete(blocks.pool.start(block));
    if (this.captureStacks) this.stacks.delete(block);
  }

  // --- ranges that callers pass in ------------------------------------------

  /**
   * Throws unless [start, start + size) is wholly allocated (in debug mode:
   * exactly one live allocation); returns it as one used block.
   */
  private isolate(method: string, start: number, size: number): number {
    const blocks = this.blocks;
    const pool = blocks.pool;
    const end = start + size;
    if (end > blocks.capacity) {
      throw this.rangeError(method, start, size, `[${start}, ${end}) runs past the capacity ${blocks.capacity}`);
    }
    const exact = blocks.usedAt.get(start);
    if (exact !== 0 && pool.size(exact) === size) return exact;
    const first = exact !== 0 ? exact : blocks.blockContaining(start);
    for (let block = first; ; block = pool.next(block)) {
      if (!pool.isUsed(block)) {
        const freeStart = Math.max(start, pool.start(block));
        const freeEnd = Math.min(end, pool.end(block));
        throw this.rangeError(method, start, size, `[${start}, ${end}) is not wholly allocated: [${freeStart}, ${freeEnd}) is free`);
      }
      if (pool.end(block) >= end) break;
    }
    if (this.debug) throw this.rangeError(method, start, size, `[${start}, ${end}) is not a live allocation`);
    return blocks.joinUsed(first, start, end);
  }

  // --- reporting ------------------------------------------------------------

  private liveAllocations(): LiveAllocation[] {
    const pool = this.blocks.pool;
    return [...this.blocks.usedAt.values()].map((block) => ({
      serial: pool.serial(block),
      start: pool.start(block),
      size: pool.size(block),
      stack: this.stacks.get(block),
    }));
  }

  private rangeError(method: string, start: number, size: number, problem: string): AllocatorRangeError {
    const call = `${method}(start ${start}, size ${size})`;
    if (!this.debug) return new AllocatorRangeError(start, size, `${call}: ${problem}`);
    const nearest = nearestAllocation(this.liveAllocations(), start, size);
    const hint = nearest ? `; the nearest live allocation is ${describeAllocation(nearest)}` : '; there are no live allocations';
    return new AllocatorMisuseError(start, size, nearest, `${call}: ${problem} (double free, wrong size or stale start?)${hint}`);
  }

  private memoryError(requested: number, call: string): AllocatorMemoryError {
    const beyond = requested > MAX_CAPACITY ? `, beyond the largest capacity ${MAX_CAPACITY}` : '';
    return new AllocatorMemoryError(
      requested,
      `${call} does not fit in capacity ${this.blocks.capacity} (largest free block ${this.getLargestFreeSize()}); it needs capacity ${requested}${beyond}`,
    );
  }
}
