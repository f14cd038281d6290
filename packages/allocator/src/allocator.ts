// The region allocator that vertex domains sit on: pyglet's Allocator API,
// with first-fit and best-fit in O(log n), TLSF good-fit in O(1), alignment,
// a debug mode and statistics.
//
// The blocks tile [0, capacity) in address order (block-pool.ts): free blocks
// are never adjacent (a freed block merges with free neighbours), and every
// used block is one allocation, found by its start in `usedAt`. Freeing an
// allocation is a hash look-up and a merge with its neighbours; the policy's
// free index (free-index.ts) only picks blocks for `alloc`.
//
// pyglet lets `dealloc` free any sub-range of allocated space. A range that is
// exactly an allocation takes the fast path; any other range is first made
// into one used block by splitting and joining used blocks, which walks the
// block list from the start: O(n), for that rare case only.
//
// Every public method validates all its input before it changes anything, so
// a call that throws leaves the allocator exactly as it was.

import { BlockPool } from './block-pool.ts';
import { StartMap } from './start-map.ts';
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
import { alignUp, createFreeIndex, POLICIES, type AllocationPolicy, type FreeIndex } from './free-index.ts';
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

const INITIAL_BLOCKS = 64;

export class Allocator {
  readonly policy: AllocationPolicy;
  readonly alignment: number;
  readonly debug: boolean;
  private capacityUnits: number;
  private readonly pool: BlockPool;
  private readonly index: FreeIndex;
  /** Used blocks by start. */
  private readonly usedAt = new StartMap();
  /** First and last block in address order (0 when the capacity is 0). */
  private head = 0;
  private tail = 0;
  private freeTotal = 0;
  private freeCount = 0;
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
    this.capacityUnits = 0;
    this.pool = new BlockPool(INITIAL_BLOCKS, (blocks) => this.index.grow(blocks));
    this.index = createFreeIndex(policy, this.pool);
    this.growCapacity(capacity);
  }

  get capacity(): number {
    return this.capacityUnits;
  }

  /** Allocates `size` units; returns the start. AllocatorMemoryError when it does not fit. */
  alloc(size: number): number {
    checkUnits('size', size);
    if (size === 0) return 0;
    const free = this.index.find(size, this.alignment);
    if (free === 0) throw this.memoryError(alignUp(this.tailStart(), this.alignment) + size, `alloc(${size})`);
    const block = this.carve(free, size);
    this.register(block);
    this.version++;
    return this.pool.start(block);
  }

  /** Frees [start, start + size), which must be wholly allocated (any sub-range of allocated space). */
  dealloc(start: number, size: number): void {
    checkUnits('start', start);
    checkUnits('size', size);
    if (size === 0) return;
    const block = this.isolate('dealloc', start, size);
    this.unregister(block);
    this.free(block);
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
      this.free(block);
    } else if (newSize < size) {
      this.shrinkUsed(block, newSize);
    } else if (!this.growInPlace(block, newSize)) {
      return this.move(block, newSize);
    }
    this.version++;
    return newSize === 0 ? 0 : start;
  }

  /** Grows the capacity; it can never shrink. */
  setCapacity(size: number): void {
    checkUnits('capacity', size);
    if (size < this.capacityUnits) {
      throw new AllocatorArgumentError(
        'capacity',
        size,
        `capacity ${size} is smaller than the current capacity ${this.capacityUnits}; capacity never shrinks`,
      );
    }
    if (size === this.capacityUnits) return;
    this.growCapacity(size);
    this.version++;
  }

  /**
   * Allocated space as aggregated regions (adjacent allocations merged),
   * ascending. While the allocator is unchanged this returns the same object
   * and allocates nothing; do not modify it.
   */
  getAllocatedRegions(): AllocatedRegions {
    if (this.regionsVersion === this.version) return this.regionsCache;
    const starts: number[] = [];
    const sizes: number[] = [];
    this.forEachRegion((start, size, free) => {
      if (free) return;
      starts.push(start);
      sizes.push(size);
    });
    this.regionsCache = { starts, sizes };
    this.regionsVersion = this.version;
    return this.regionsCache;
  }

  /** All free space, a leading gap included. */
  getFreeSize(): number {
    return this.freeTotal;
  }

  getAllocatedSize(): number {
    return this.capacityUnits - this.freeTotal;
  }

  /** Free space outside the final free block (the one that ends at capacity). */
  getFragmentedFreeSize(): number {
    return this.freeTotal - (this.capacityUnits - this.tailStart());
  }

  /** Fragmented free space as a fraction of all free space (0 when nothing is free). */
  getFragmentation(): number {
    return this.freeTotal === 0 ? 0 : this.getFragmentedFreeSize() / this.freeTotal;
  }

  /** Allocated space as a fraction of capacity (0 when the capacity is 0). */
  getUsage(): number {
    return this.capacityUnits === 0 ? 0 : this.getAllocatedSize() / this.capacityUnits;
  }

  getLargestFreeSize(): number {
    return this.index.largest();
  }

  /** Every free and (aggregated) allocated range in address order, covering [0, capacity). */
  regions(): Region[] {
    const out: Region[] = [];
    this.forEachRegion((start, size, free) => out.push({ start, size, free }));
    return out;
  }

  stats(): AllocatorStats {
    const ranges = this.regions();
    return makeStats(
      {
        policy: this.policy,
        alignment: this.alignment,
        capacity: this.capacityUnits,
        allocated: this.getAllocatedSize(),
        free: this.freeTotal,
        fragmentedFree: this.getFragmentedFreeSize(),
        fragmentation: this.getFragmentation(),
        usage: this.getUsage(),
        largestFree: this.getLargestFreeSize(),
        freeRanges: this.freeCount,
        allocatedRanges: ranges.length - this.freeCount,
        liveAllocations: this.debug ? this.usedAt.size : undefined,
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
      this.checkBlocks();
      const indexed = this.index.check((id) => this.describeBlock(id));
      if (indexed !== this.freeCount) throw new Error(`the free index holds ${indexed} blocks, the block list ${this.freeCount}`);
    } catch (error) {
      if (error instanceof AllocatorInvariantError) throw error;
      throw new AllocatorInvariantError(`allocator invariant broken: ${(error as Error).message}`);
    }
  }

  // --- blocks -------------------------------------------------------------

  /** Start of the free block that ends at capacity, else the capacity. */
  private tailStart(): number {
    const tail = this.tail;
    return tail !== 0 && !this.pool.isUsed(tail) ? this.pool.start(tail) : this.capacityUnits;
  }

  private growCapacity(size: number): void {
    const pool = this.pool;
    const added = size - this.capacityUnits;
    const tail = this.tail;
    if (added === 0) return;
    if (tail !== 0 && !pool.isUsed(tail)) {
      pool.setSize(tail, pool.size(tail) + added);
      this.index.resized(tail);
    } else {
      this.addFree(this.capacityUnits, added, tail);
    }
    this.freeTotal += added;
    this.capacityUnits = size;
  }

  /** Links a new free block [start, start + size) after block `after` (0: first). */
  private addFree(start: number, size: number, after: number): number {
    const block = this.pool.take(start, size, false);
    this.linkAfter(after, block);
    this.index.insert(block);
    this.freeCount++;
    return block;
  }

  private linkAfter(after: number, block: number): void {
    const pool = this.pool;
    const following = after === 0 ? this.head : pool.next(after);
    pool.setPrev(block, after);
    pool.setNext(block, following);
    if (after === 0) this.head = block;
    else pool.setNext(after, block);
    if (following === 0) this.tail = block;
    else pool.setPrev(following, block);
  }

  /** Unlinks and releases `block`. */
  private drop(block: number): void {
    const pool = this.pool;
    const before = pool.prev(block);
    const after = pool.next(block);
    if (before === 0) this.head = after;
    else pool.setNext(before, after);
    if (after === 0) this.tail = before;
    else pool.setPrev(after, before);
    this.pool.release(block);
  }

  /** Takes `size` units from free block `free` (which fits them); returns the new used block. */
  private carve(free: number, size: number): number {
    const pool = this.pool;
    const freeStart = pool.start(free);
    const freeEnd = freeStart + pool.size(free);
    const start = alignUp(freeStart, this.alignment);
    const end = start + size;
    this.freeTotal -= size;
    if (start === freeStart) {
      if (end === freeEnd) {
        this.index.remove(free);
        this.freeCount--;
        pool.setUsed(free, true);
        return free;
      }
      const block = pool.take(start, size, true);
      this.linkAfter(pool.prev(free), block);
      pool.setStart(free, end);
      pool.setSize(free, freeEnd - end);
      this.index.resized(free);
      return block;
    }
    // The padding in front stays free; what is left after the region becomes a new free block.
    pool.setSize(free, start - freeStart);
    this.index.resized(free);
    const block = pool.take(start, size, true);
    this.linkAfter(free, block);
    if (end < freeEnd) this.addFree(end, freeEnd - end, block);
    return block;
  }

  /** Makes used `block` free, merging it with free neighbours. */
  private free(block: number): void {
    const pool = this.pool;
    const before = pool.prev(block);
    const after = pool.next(block);
    const mergeBefore = pool.isFree(before);
    const mergeAfter = pool.isFree(after);
    this.freeTotal += pool.size(block);
    if (mergeBefore && mergeAfter) {
      // Take `after` out of the index before any size changes (its tree is ordered by them).
      this.index.remove(after);
      this.freeCount--;
      pool.setSize(before, pool.start(after) + pool.size(after) - pool.start(before));
      this.drop(block);
      this.drop(after);
      this.index.resized(before);
    } else if (mergeBefore) {
      pool.setSize(before, pool.size(before) + pool.size(block));
      this.drop(block);
      this.index.resized(before);
    } else if (mergeAfter) {
      pool.setStart(after, pool.start(block));
      pool.setSize(after, pool.size(after) + pool.size(block));
      this.drop(block);
      this.index.resized(after);
    } else {
      pool.setUsed(block, false);
      this.index.insert(block);
      this.freeCount++;
    }
  }

  /** Shrinks used `block` to `newSize`, freeing its tail. */
  private shrinkUsed(block: number, newSize: number): void {
    const pool = this.pool;
    const tailStart = pool.start(block) + newSize;
    const tailSize = pool.size(block) - newSize;
    const after = pool.next(block);
    pool.setSize(block, newSize);
    this.freeTotal += tailSize;
    if (pool.isFree(after)) {
      pool.setStart(after, tailStart);
      pool.setSize(after, pool.size(after) + tailSize);
      this.index.resized(after);
    } else {
      this.addFree(tailStart, tailSize, block);
    }
  }

  /** Grows used `block` to `newSize` into the free block after it, if that has room. */
  private growInPlace(block: number, newSize: number): boolean {
    const pool = this.pool;
    const extra = newSize - pool.size(block);
    const after = pool.next(block);
    if (!pool.isFree(after) || pool.size(after) < extra) return false;
    if (pool.size(after) === extra) {
      this.index.remove(after);
      this.freeCount--;
      this.drop(after);
    } else {
      pool.setStart(after, pool.start(after) + extra);
      pool.setSize(after, pool.size(after) - extra);
      this.index.resized(after);
    }
    pool.setSize(block, newSize);
    this.freeTotal -= extra;
    return true;
  }

  /** realloc's last resort: a new block that does not overlap `block`, then `block` is freed. */
  private move(block: number, newSize: number): number {
    const pool = this.pool;
    const start = pool.start(block);
    const size = pool.size(block);
    const free = this.index.find(newSize, this.alignment);
    if (free === 0) {
      const after = pool.next(block);
      const atTail = after === 0 || (pool.isFree(after) && pool.next(after) === 0);
      const requested = atTail ? start + newSize : alignUp(this.tailStart(), this.alignment) + newSize;
      throw this.memoryError(requested, `realloc(${start}, ${size}, ${newSize})`);
    }
    const moved = this.carve(free, newSize);
    const newStart = pool.start(moved);
    // The allocation keeps its serial number and stack.
    this.usedAt.delete(start);
    this.usedAt.set(newStart, moved);
    pool.setSerial(moved, pool.serial(block));
    const stack = this.stacks.get(block);
    this.stacks.delete(block);
    if (stack !== undefined) this.stacks.set(moved, stack);
    this.free(block);
    this.version++;
    return newStart;
  }

  private register(block: number): void {
    this.usedAt.set(this.pool.start(block), block);
    if (!this.debug) return;
    this.pool.setSerial(block, ++this.lastSerial);
    if (this.captureStacks) this.stacks.set(block, callerStack());
  }

  private unregister(block: number): void {
    this.usedAt.delete(this.pool.start(block));
    if (this.captureStacks) this.stacks.delete(block);
  }

  // --- ranges that callers pass in ------------------------------------------

  /**
   * Throws unless [start, start + size) is wholly allocated (in debug mode:
   * exactly one live allocation); returns it as one used block.
   */
  private isolate(method: string, start: number, size: number): number {
    const end = start + size;
    if (end > this.capacityUnits) {
      throw this.rangeError(method, start, size, `[${start}, ${end}) runs past the capacity ${this.capacityUnits}`);
    }
    const exact = this.usedAt.get(start);
    if (exact !== 0 && this.pool.size(exact) === size) return exact;
    const first = exact !== 0 ? exact : this.blockContaining(start);
    for (let block = first; ; block = this.pool.next(block)) {
      if (!this.pool.isUsed(block)) {
        const freeStart = Math.max(start, this.pool.start(block));
        const freeEnd = Math.min(end, this.pool.end(block));
        throw this.rangeError(method, start, size, `[${start}, ${end}) is not wholly allocated: [${freeStart}, ${freeEnd}) is free`);
      }
      if (this.pool.end(block) >= end) break;
    }
    if (this.debug) throw this.rangeError(method, start, size, `[${start}, ${end}) is not a live allocation`);
    return this.joinUsed(first, start, end);
  }

  /** The block that holds unit `address` (< capacity): a walk, for the rare sub-range case. */
  private blockContaining(address: number): number {
    let block = this.head;
    while (this.pool.end(block) <= address) block = this.pool.next(block);
    return block;
  }

  /** Splits and joins the used blocks from `first` so that [start, end) is one used block. */
  private joinUsed(first: number, start: number, end: number): number {
    const pool = this.pool;
    let block = first;
    if (pool.start(block) < start) block = this.splitUsed(block, start);
    while (pool.end(block) < end) {
      const following = pool.next(block);
      pool.setSize(block, pool.size(block) + pool.size(following));
      this.usedAt.delete(pool.start(following));
      this.drop(following);
    }
    if (pool.end(block) > end) this.splitUsed(block, end);
    return block;
  }

  /** Splits used `block` at `address`; returns the new used block that starts there. */
  private splitUsed(block: number, address: number): number {
    const pool = this.pool;
    const rest = pool.take(address, pool.end(block) - address, true);
    pool.setSize(block, address - pool.start(block));
    this.linkAfter(block, rest);
    this.usedAt.set(address, rest);
    return rest;
  }

  // --- reporting ------------------------------------------------------------

  /** Calls `visit` for each free block and each run of used blocks, in address order. */
  private forEachRegion(visit: (start: number, size: number, free: boolean) => void): void {
    const pool = this.pool;
    let block = this.head;
    while (block !== 0) {
      const regionStart = pool.start(block);
      if (!pool.isUsed(block)) {
        visit(regionStart, pool.size(block), true);
        block = pool.next(block);
        continue;
      }
      let regionEnd = regionStart;
      while (block !== 0 && pool.isUsed(block)) {
        regionEnd += pool.size(block);
        block = pool.next(block);
      }
      visit(regionStart, regionEnd - regionStart, false);
    }
  }

  private liveAllocations(): LiveAllocation[] {
    const pool = this.pool;
    return [...this.usedAt.values()].map((block) => ({
      serial: pool.serial(block),
      start: pool.start(block),
      size: pool.size(block),
      stack: this.stacks.get(block),
    }));
  }

  private describeBlock(block: number): string {
    const state = this.pool.isUsed(block) ? 'used' : 'free';
    return `${state} block #${block} [${this.pool.start(block)}, ${this.pool.end(block)})`;
  }

  private blockError(block: number, problem: string): Error {
    return new Error(`${this.describeBlock(block)} ${problem}`);
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
      `${call} does not fit in capacity ${this.capacityUnits} (largest free block ${this.getLargestFreeSize()}); it needs capacity ${requested}${beyond}`,
    );
  }

  /** The block list's invariants (see the header); throws an Error naming the first broken one. */
  private checkBlocks(): void {
    const pool = this.pool;
    let expectedStart = 0;
    let previous = 0;
    let freeTotal = 0;
    let freeCount = 0;
    let usedCount = 0;
    for (let block = this.head; block !== 0; block = pool.next(block)) {
      if (usedCount + freeCount >= pool.liveCount) throw new Error('the block list has a cycle');
      if (pool.prev(block) !== previous) throw this.blockError(block, 'has a wrong back link');
      if (pool.start(block) !== expectedStart) throw this.blockError(block, `should start at ${expectedStart}`);
      if (!(pool.size(block) > 0) || !Number.isInteger(pool.size(block))) throw this.blockError(block, `has size ${pool.size(block)}`);
      if (!pool.isUsed(block)) {
        if (previous !== 0 && !pool.isUsed(previous)) throw this.blockError(block, 'follows a free block (not merged)');
        freeTotal += pool.size(block);
        freeCount++;
      } else {
        usedCount++;
        if (this.usedAt.get(pool.start(block)) !== block) throw this.blockError(block, 'is missing from the start map');
        if (this.debug && !(pool.serial(block) > 0)) throw this.blockError(block, 'has no serial number');
      }
      expectedStart = pool.end(block);
      previous = block;
    }
    if (this.tail !== previous) throw new Error('the tail link is wrong');
    if (expectedStart !== this.capacityUnits) throw new Error(`the blocks end at ${expectedStart}, not at the capacity ${this.capacityUnits}`);
    if (usedCount !== this.usedAt.size) throw new Error(`the start map holds ${this.usedAt.size} blocks, the list ${usedCount}`);
    if (freeTotal !== this.freeTotal) throw new Error(`free total is ${this.freeTotal}, the free blocks add up to ${freeTotal}`);
    if (freeCount !== this.freeCount) throw new Error(`free count is ${this.freeCount}, the list has ${freeCount}`);
    if (pool.liveCount !== freeCount + usedCount) throw new Error(`the pool holds ${pool.liveCount} blocks, the list ${freeCount + usedCount}`);
  }
}
