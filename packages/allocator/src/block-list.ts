// The physical block list under the allocator: blocks (block-pool.ts) that
// tile [0, capacity) in address order, and the operations that carve, free,
// resize, split and join them. Allocator (allocator.ts) owns the contract —
// argument checks, errors, realloc's decisions, debug mode — and calls these.
//
// Invariants (checkBlocks() verifies them all):
// - The blocks, linked head → tail by next/prev, tile [0, capacity): each
//   starts where the one before it ends, the last ends at capacity, and every
//   size is a whole number > 0. head = tail = 0 only when capacity is 0.
// - Free blocks are never adjacent: a freed block merges with free neighbours.
// - Every free block is in the free index, and only free blocks are.
// - Every used block is one allocation, found by its start in `usedAt`.
// - freeTotal / freeCount are the sum of the free blocks' sizes / their number.
// - The pool's live blocks are exactly the blocks in the list.
//
// Callers must pass arguments that keep these true (the Allocator checks its
// input first); nothing here validates.

import { BlockPool } from './block-pool.ts';
import { StartMap } from './start-map.ts';
import { createFreeIndex } from './free-index.ts';
import { alignUp, type AllocationPolicy, type FreeIndex } from './policy.ts';

const INITIAL_BLOCKS = 64;

export class BlockList {
  readonly pool: BlockPool;
  readonly index: FreeIndex;
  /** Used blocks by start. */
  readonly usedAt = new StartMap();
  private readonly alignment: number;
  private capacityUnits = 0;
  /** First and last block in address order (0 when the capacity is 0). */
  private headBlock = 0;
  private tailBlock = 0;
  private freeUnits = 0;
  private freeBlocks = 0;

  constructor(policy: AllocationPolicy, alignment: number) {
    this.alignment = alignment;
    this.pool = new BlockPool(INITIAL_BLOCKS, (blocks) => this.index.grow(blocks));
    this.index = createFreeIndex(policy, this.pool);
  }

  get capacity(): number {
    return this.capacityUnits;
  }

  get freeTotal(): number {
    return this.freeUnits;
  }

  get freeCount(): number {
    return this.freeBlocks;
  }

  /** Start of the free block that ends at capacity, else the capacity. */
  tailStart(): number {
    const tail = this.tailBlock;
    return tail !== 0 && !this.pool.isUsed(tail) ? this.pool.start(tail) : this.capacityUnits;
  }

  /** Grows the capacity to `size` (> capacity) by growing or adding the free tail block. */
  growCapacity(size: number): void {
    const pool = this.pool;
    const added = size - this.capacityUnits;
    const tail = this.tailBlock;
    if (added === 0) return;
    if (tail !== 0 && !pool.isUsed(tail)) {
      pool.setSize(tail, pool.size(tail) + added);
      this.index.resized(tail);
    } else {
      this.addFree(this.capacityUnits, added, tail);
    }
    this.freeUnits += added;
    this.capacityUnits = size;
  }

  /** Links a new free block [start, start + size) after block `after` (0: first). */
  addFree(start: number, size: number, after: number): number {
    const block = this.pool.take(start, size, false);
    this.linkAfter(after, block);
    this.index.insert(block);
    this.freeBlocks++;
    return block;
  }

  linkAfter(after: number, block: number): void {
    const pool = this.pool;
    const following = after === 0 ? this.headBlock : pool.next(after);
    pool.setPrev(block, after);
    pool.setNext(block, following);
    if (after === 0) this.headBlock = block;
    else pool.setNext(after, block);
    if (following === 0) this.tailBlock = block;
    else pool.setPrev(following, block);
  }

  /** Unlinks and releases `block`. */
  drop(block: number): void {
    const pool = this.pool;
    const before = pool.prev(block);
    const after = pool.next(block);
    if (before === 0) this.headBlock = after;
    else pool.setNext(before, after);
    if (after === 0) this.tailBlock = before;
    else pool.setPrev(after, before);
    this.pool.release(block);
  }

  /**
   * Takes `size` units from free block `free` (which fits them, aligned);
   * returns the new used block. The caller registers it in `usedAt`.
   */
  carve(free: number, size: number): number {
    const pool = this.pool;
    const freeStart = pool.start(free);
    const freeEnd = freeStart + pool.size(free);
    const start = alignUp(freeStart, this.alignment);
    const end = start + size;
    this.freeUnits -= size;
    if (start === freeStart) {
      if (end === freeEnd) {
        this.index.remove(free);
        this.freeBlocks--;
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

  /** Makes used `block` free, merging it with free neighbours. The caller has taken it out of `usedAt`. */
  free(block: number): void {
    const pool = this.pool;
    const before = pool.prev(block);
    const after = pool.next(block);
    const mergeBefore = pool.isFree(before);
    const mergeAfter = pool.isFree(after);
    this.freeUnits += pool.size(block);
    if (mergeBefore && mergeAfter) {
      // Take `after` out of the index before any size changes (its tree is ordered by them).
      this.index.remove(after);
      this.freeBlocks--;
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
      this.freeBlocks++;
    }
  }

  /** Shrinks used `block` to `newSize`, freeing its tail. */
  shrinkUsed(block: number, newSize: number): void {
    const pool = this.pool;
    const tailStart = pool.start(block) + newSize;
    const tailSize = pool.size(block) - newSize;
    const after = pool.next(block);
    pool.setSize(block, newSize);
    this.freeUnits += tailSize;
    if (pool.isFree(after)) {
      pool.setStart(after, tailStart);
      pool.setSize(after, pool.size(after) + tailSize);
      this.index.resized(after);
    } else {
      this.addFree(tailStart, tailSize, block);
    }
  }

  /** Grows used `block` to `newSize` into the free block after it, if that has room. */
  growInPlace(block: number, newSize: number): boolean {
    const pool = this.pool;
    const extra = newSize - pool.size(block);
    const after = pool.next(block);
    if (!pool.isFree(after) || pool.size(after) < extra) return false;
    if (pool.size(after) === extra) {
      this.index.remove(after);
      this.freeBlocks--;
      this.drop(after);
    } else {
      pool.setStart(after, pool.start(after) + extra);
      pool.setSize(after, pool.size(after) - extra);
      this.index.resized(after);
    }
    pool.setSize(block, newSize);
    this.freeUnits -= extra;
    return true;
  }

  /** The block that holds unit `address` (< capacity): a walk, for the rare sub-range case. */
  blockContaining(address: number): number {
    let block = this.headBlock;
    while (this.pool.end(block) <= address) block = this.pool.next(block);
    return block;
  }

  /**
   * Splits and joins the used blocks from `first` so that [start, end) is one
   * used block (the caller has checked that they are all used); returns it.
   */
  joinUsed(first: number, start: number, end: number): number {
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
  splitUsed(block: number, address: number): number {
    const pool = this.pool;
    const rest = pool.take(address, pool.end(block) - address, true);
    pool.setSize(block, address - pool.start(block));
    this.linkAfter(block, rest);
    this.usedAt.set(address, rest);
    return rest;
  }

  /** Calls `visit` for each free block and each run of used blocks, in address order. */
  forEachRegion(visit: (start: number, size: number, free: boolean) => void): void {
    const pool = this.pool;
    let block = this.headBlock;
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

  describeBlock(block: number): string {
    const state = this.pool.isUsed(block) ? 'used' : 'free';
    return `${state} block #${block} [${this.pool.start(block)}, ${this.pool.end(block)})`;
  }

  private blockError(block: number, problem: string): Error {
    return new Error(`${this.describeBlock(block)} ${problem}`);
  }

  /**
   * The block list's invariants (see the header), and with `serials` that
   * every used block has a serial number; throws an Error naming the first broken one.
   */
  checkBlocks(serials: boolean): void {
    const pool = this.pool;
    let expectedStart = 0;
    let previous = 0;
    let freeTotal = 0;
    let freeCount = 0;
    let usedCount = 0;
    for (let block = this.headBlock; block !== 0; block = pool.next(block)) {
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
        if (serials && !(pool.serial(block) > 0)) throw this.blockError(block, 'has no serial number');
      }
      expectedStart = pool.end(block);
      previous = block;
    }
    if (this.tailBlock !== previous) throw new Error('the tail link is wrong');
    if (expectedStart !== this.capacityUnits)
      throw new Error(`the blocks end at ${expectedStart}, not at the capacity ${this.capacityUnits}`);
    if (usedCount !== this.usedAt.size) throw new Error(`the start map holds ${this.usedAt.size} blocks, the list ${usedCount}`);
    if (freeTotal !== this.freeUnits) throw new Error(`free total is ${this.freeUnits}, the free blocks add up to ${freeTotal}`);
    if (freeCount !== this.freeBlocks) throw new Error(`free count is ${this.freeBlocks}, the list has ${freeCount}`);
    if (pool.liveCount !== freeCount + usedCount)
      throw new Error(`the pool holds ${pool.liveCount} blocks, the list ${freeCount + usedCount}`);
  }
}
