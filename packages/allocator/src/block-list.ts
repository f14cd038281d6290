// The physical block list under the allocator: blocks that tile [0, capacity)
// in address order, one record each, and the operations every policy shares
// (growing the capacity, carving an aligned region out of a free block,
// shrinking and growing a used block in place, splitting and joining used
// blocks for sub-range frees). A policy subclass (good-fit.ts, tree-fit.ts)
// owns its free index and the hot pair, `allocate` and `release`.
//
// A block is a small integer id (a handle). Its record is one stride of `rec`,
// a Uint32Array (starts and sizes are below 2^32): start, size, the address-order
// neighbours, two words and a spare for the free index, and a tag. Id 0 is the
// sentinel of the address-order ring (its next is the first block, its prev the
// last) and is never free, so neighbours need no end-of-list test.
//
// Invariants (checkBlocks() verifies them):
// - the blocks tile [0, capacity) in ring order; every size is > 0;
// - free blocks are never adjacent, and exactly the free blocks are indexed;
// - tag: USED, RELEASED (an id on the spare stack) or the index's mark (> 0);
// - freeUnits / freeBlocks are the free blocks' total size and count;
// - when `mapped`, `usedAt` holds every used block by its start, and only them.
//
// Callers pass arguments that keep these true (the Allocator checks its input
// first); nothing here validates.

import { StartMap } from './start-map.ts';

export const STRIDE = 8;
export const START = 0;
export const SIZE = 1;
export const PREV = 2;
export const NEXT = 3;
/** Two words and a spare for the free index: bin links, tree links. */
export const LINK_A = 4;
export const LINK_B = 5;
export const TAG = 6;
export const SPARE = 7;
/** Tags: a used block; an id on the spare stack. Any other tag is a free block's (the index's mark). */
export const USED = 0;
export const RELEASED = 0xffffffff;

const INITIAL_IDS = 64;

export abstract class BlockList {
  /** The records, STRIDE words a block. Replaced (grown) by takeId: read it again after taking an id. */
  rec = new Uint32Array(INITIAL_IDS * STRIDE);
  /** Released ids, a stack: spare[0, spareTop). */
  spare = new Uint32Array(INITIAL_IDS);
  spareTop = 0;
  /** Ids below this have been handed out at least once. */
  fresh = 1;
  capacity = 0;
  freeUnits = 0;
  freeBlocks = 0;
  /** Used blocks by start, kept only once a caller has freed by start (see Allocator). */
  readonly usedAt = new StartMap();
  mapped = false;

  // --- the policy ---------------------------------------------------------------

  /** Takes `size` (> 0) units; returns the used block, or 0 when no free block fits them. */
  abstract allocate(size: number): number;
  /** Whether `allocate(size)` would find a block, changing nothing. */
  abstract canAllocate(size: number): boolean;
  /** Frees used block `id`, merging it with free neighbours. The caller has taken it out of `usedAt`. */
  abstract release(id: number): void;
  /** Files free block `id` (its tag is set here). */
  abstract insertFree(id: number): void;
  /** Takes free block `id` out of the index (its tag is left for the caller to set). */
  abstract removeFree(id: number): void;
  /** Free block `id`'s start or size changed without passing another free block. */
  abstract resizedFree(id: number): void;
  /** The size of the largest free block (0 when none). */
  abstract largest(): number;
  /** Throws an Error naming the index's first broken invariant; returns how many blocks it holds. */
  abstract checkIndex(describe: (id: number) => string): number;
  /** Ids below `ids` are now valid (the records grew). */
  protected abstract grewIds(ids: number): void;

  // --- ids --------------------------------------------------------------------------

  /** A fresh id whose record the caller fills. May grow `rec`. */
  takeId(): number {
    if (this.spareTop !== 0) return this.spare[--this.spareTop]!;
    const id = this.fresh++;
    if (id * STRIDE >= this.rec.length) this.growIds(id * 2);
    return id;
  }

  releaseId(id: number): void {
    this.rec[id * STRIDE + TAG] = RELEASED;
    this.spare[this.spareTop++] = id;
  }

  private growIds(ids: number): void {
    const rec = new Uint32Array(ids * STRIDE);
    rec.set(this.rec);
    this.rec = rec;
    const spare = new Uint32Array(ids);
    spare.set(this.spare);
    this.spare = spare;
    this.grewIds(ids);
  }

  // --- the ring ---------------------------------------------------------------------

  /** Links `id` after `before` (0: first) in address order. */
  linkAfter(before: number, id: number): void {
    const rec = this.rec;
    const after = rec[before * STRIDE + NEXT]!;
    rec[id * STRIDE + PREV] = before;
    rec[id * STRIDE + NEXT] = after;
    rec[before * STRIDE + NEXT] = id;
    rec[after * STRIDE + PREV] = id;
  }

  unlink(id: number): void {
    const rec = this.rec;
    const before = rec[id * STRIDE + PREV]!;
    const after = rec[id * STRIDE + NEXT]!;
    rec[before * STRIDE + NEXT] = after;
    rec[after * STRIDE + PREV] = before;
  }

  start(id: number): number {
    return this.rec[id * STRIDE + START]!;
  }

  size(id: number): number {
    return this.rec[id * STRIDE + SIZE]!;
  }

  end(id: number): number {
    return this.rec[id * STRIDE + START]! + this.rec[id * STRIDE + SIZE]!;
  }

  next(id: number): number {
    return this.rec[id * STRIDE + NEXT]!;
  }

  isUsed(id: number): boolean {
    return this.rec[id * STRIDE + TAG] === USED;
  }

  /** True when `id` is a free block (the sentinel and used blocks are not). */
  isFree(id: number): boolean {
    const tag = this.rec[id * STRIDE + TAG]!;
    return tag !== USED && tag !== RELEASED;
  }

  /** Start of the free block that ends at capacity, else the capacity. */
  tailStart(): number {
    const tail = this.rec[PREV]!;
    return this.isFree(tail) ? this.rec[tail * STRIDE + START]! : this.capacity;
  }

  // --- shared operations -----------------------------------------------------------------

  /** Grows the capacity to `size` (> capacity) by growing or adding the free tail block. */
  growCapacity(size: number): void {
    const added = size - this.capacity;
    const tail = this.rec[PREV]!;
    if (this.isFree(tail)) {
      this.rec[tail * STRIDE + SIZE]! += added;
      this.resizedFree(tail);
    } else {
      this.addFree(this.capacity, added, tail);
    }
    this.freeUnits += added;
    this.capacity = size;
  }

  /** Links a new free block [start, start + size) after block `before`; returns it. */
  addFree(start: number, size: number, before: number): number {
    const id = this.takeId();
    const rec = this.rec;
    rec[id * STRIDE + START] = start;
    rec[id * STRIDE + SIZE] = size;
    this.linkAfter(before, id);
    this.insertFree(id);
    this.freeBlocks++;
    return id;
  }

  /** A new used block [start, start + size) after block `before`; returns it. */
  addUsed(start: number, size: number, before: number): number {
    const id = this.takeId();
    const rec = this.rec;
    rec[id * STRIDE + START] = start;
    rec[id * STRIDE + SIZE] = size;
    rec[id * STRIDE + TAG] = USED;
    this.linkAfter(before, id);
    return id;
  }

  /**
   * Cuts a used block of `size` units off the front of free block `free`, which
   * is larger, and returns it; `free` keeps the rest. Flat, for the policies'
   * plain allocate: the caller files `free` again by its new start and size.
   */
  splitFront(free: number, size: number): number {
    const id = this.takeId();
    // Read after takeId, which may have grown the records into a new array.
    const rec = this.rec;
    const f = free * STRIDE;
    const at = id * STRIDE;
    const start = rec[f + START]!;
    const before = rec[f + PREV]!;
    rec[at + START] = start;
    rec[at + SIZE] = size;
    rec[at + TAG] = USED;
    rec[at + PREV] = before;
    rec[at + NEXT] = free;
    rec[before * STRIDE + NEXT] = id;
    rec[f + PREV] = id;
    rec[f + START] = start + size;
    rec[f + SIZE]! -= size;
    return id;
  }

  /**
   * Takes `size` units from free block `free`, which holds them at a start
   * aligned to `alignment`; returns the used block. Padding in front stays free,
   * and so does what is left after the region.
   */
  carve(free: number, size: number, alignment: number): number {
    const rec = this.rec;
    const freeStart = rec[free * STRIDE + START]!;
    const freeEnd = freeStart + rec[free * STRIDE + SIZE]!;
    const start = alignment === 1 ? freeStart : Math.ceil(freeStart / alignment) * alignment;
    const end = start + size;
    this.freeUnits -= size;
    if (start === freeStart) {
      if (end === freeEnd) {
        this.removeFree(free);
        this.freeBlocks--;
        rec[free * STRIDE + TAG] = USED;
        return free;
      }
      const id = this.addUsed(start, size, rec[free * STRIDE + PREV]!);
      this.rec[free * STRIDE + START] = end;
      this.rec[free * STRIDE + SIZE] = freeEnd - end;
      this.resizedFree(free);
      return id;
    }
    this.rec[free * STRIDE + SIZE] = start - freeStart;
    this.resizedFree(free);
    const id = this.addUsed(start, size, free);
    if (end < freeEnd) this.addFree(end, freeEnd - end, id);
    return id;
  }

  /** Shrinks used block `id` to `newSize` (> 0), freeing its tail. */
  shrinkUsed(id: number, newSize: number): void {
    const rec = this.rec;
    const tailStart = rec[id * STRIDE + START]! + newSize;
    const tailSize = rec[id * STRIDE + SIZE]! - newSize;
    const after = rec[id * STRIDE + NEXT]!;
    rec[id * STRIDE + SIZE] = newSize;
    this.freeUnits += tailSize;
    if (this.isFree(after)) {
      rec[after * STRIDE + START] = tailStart;
      rec[after * STRIDE + SIZE]! += tailSize;
      this.resizedFree(after);
    } else {
      this.addFree(tailStart, tailSize, id);
    }
  }

  /** Grows used block `id` to `newSize` into the free block after it, if that has room. */
  growInPlace(id: number, newSize: number): boolean {
    const rec = this.rec;
    const extra = newSize - rec[id * STRIDE + SIZE]!;
    const after = rec[id * STRIDE + NEXT]!;
    if (!this.isFree(after) || rec[after * STRIDE + SIZE]! < extra) return false;
    if (rec[after * STRIDE + SIZE] === extra) {
      this.removeFree(after);
      this.freeBlocks--;
      this.unlink(after);
      this.releaseId(after);
    } else {
      rec[after * STRIDE + START]! += extra;
      rec[after * STRIDE + SIZE]! -= extra;
      this.resizedFree(after);
    }
    rec[id * STRIDE + SIZE] = newSize;
    this.freeUnits -= extra;
    return true;
  }

  /** Puts every used block into `usedAt`: from now on the Allocator keeps it. */
  mapStarts(): void {
    const rec = this.rec;
    for (let id = rec[NEXT]!; id !== 0; id = rec[id * STRIDE + NEXT]!) {
      if (rec[id * STRIDE + TAG] === USED) this.usedAt.set(rec[id * STRIDE + START]!, id);
    }
    this.mapped = true;
  }

  /** The block that holds unit `address` (< capacity): a walk, for the rare sub-range case. */
  blockContaining(address: number): number {
    let id = this.rec[NEXT]!;
    while (this.end(id) <= address) id = this.next(id);
    return id;
  }

  /**
   * Splits and joins the used blocks from `first` so that [start, end) is one
   * used block (the caller has checked that they are all used); returns it.
   * Needs `mapped`.
   */
  joinUsed(first: number, start: number, end: number): number {
    let id = first;
    if (this.start(id) < start) id = this.splitUsed(id, start);
    while (this.end(id) < end) {
      const following = this.next(id);
      this.rec[id * STRIDE + SIZE]! += this.size(following);
      this.usedAt.delete(this.start(following));
      this.unlink(following);
      this.releaseId(following);
    }
    if (this.end(id) > end) this.splitUsed(id, end);
    return id;
  }

  /** Splits used block `id` at `address`; returns the new used block that starts there. */
  splitUsed(id: number, address: number): number {
    const rest = this.addUsed(address, this.end(id) - address, id);
    this.rec[id * STRIDE + SIZE] = address - this.start(id);
    this.usedAt.set(address, rest);
    return rest;
  }

  /** Calls `visit` for each free block and each run of used blocks, in address order. */
  forEachRegion(visit: (start: number, size: number, free: boolean) => void): void {
    let id = this.rec[NEXT]!;
    while (id !== 0) {
      const regionStart = this.start(id);
      if (!this.isUsed(id)) {
        visit(regionStart, this.size(id), true);
        id = this.next(id);
        continue;
      }
      let regionEnd = regionStart;
      while (id !== 0 && this.isUsed(id)) {
        regionEnd += this.size(id);
        id = this.next(id);
      }
      visit(regionStart, regionEnd - regionStart, false);
    }
  }

  /** Every used block in address order. */
  usedBlocks(): number[] {
    const out: number[] = [];
    for (let id = this.rec[NEXT]!; id !== 0; id = this.next(id)) if (this.isUsed(id)) out.push(id);
    return out;
  }

  describeBlock(id: number): string {
    return `${this.isUsed(id) ? 'used' : 'free'} block #${id} [${this.start(id)}, ${this.end(id)})`;
  }

  private blockError(id: number, problem: string): Error {
    return new Error(`${this.describeBlock(id)} ${problem}`);
  }

  /** The invariants in the header, the index's included; throws an Error naming the first broken one. */
  checkBlocks(): void {
    const rec = this.rec;
    let expectedStart = 0;
    let previous = 0;
    let freeTotal = 0;
    let freeCount = 0;
    let usedCount = 0;
    if (rec[TAG] !== USED) throw new Error('the sentinel is tagged as a block');
    for (let id = rec[NEXT]!; id !== 0; id = this.next(id)) {
      if (id >= this.fresh) throw this.blockError(id, 'was never handed out');
      if (usedCount + freeCount >= this.fresh) throw new Error('the block list has a cycle');
      if (rec[id * STRIDE + PREV] !== previous) throw this.blockError(id, 'has a wrong back link');
      if (this.start(id) !== expectedStart) throw this.blockError(id, `should start at ${expectedStart}`);
      if (!(this.size(id) > 0)) throw this.blockError(id, `has size ${this.size(id)}`);
      if (rec[id * STRIDE + TAG] === RELEASED) throw this.blockError(id, 'is released but linked');
      if (!this.isUsed(id)) {
        if (this.isFree(previous)) throw this.blockError(id, 'follows a free block (not merged)');
        freeTotal += this.size(id);
        freeCount++;
      } else {
        usedCount++;
        if (this.mapped && this.usedAt.get(this.start(id)) !== id) throw this.blockError(id, 'is missing from the start map');
      }
      expectedStart = this.end(id);
      previous = id;
    }
    if (rec[PREV] !== previous) throw new Error('the tail link is wrong');
    if (expectedStart !== this.capacity) throw new Error(`the blocks end at ${expectedStart}, not at the capacity ${this.capacity}`);
    if (this.mapped && usedCount !== this.usedAt.size)
      throw new Error(`the start map holds ${this.usedAt.size} blocks, the list ${usedCount}`);
    if (freeTotal !== this.freeUnits) throw new Error(`free total is ${this.freeUnits}, the free blocks add up to ${freeTotal}`);
    if (freeCount !== this.freeBlocks) throw new Error(`free count is ${this.freeBlocks}, the list has ${freeCount}`);
    for (let i = 0; i < this.spareTop; i++) {
      if (rec[this.spare[i]! * STRIDE + TAG] !== RELEASED) throw new Error(`spare id ${this.spare[i]} is not tagged released`);
    }
    if (this.fresh - 1 - this.spareTop !== freeCount + usedCount)
      throw new Error(`${this.fresh - 1 - this.spareTop} ids are live, the list has ${freeCount + usedCount}`);
    const indexed = this.checkIndex((id) => this.describeBlock(id));
    if (indexed !== freeCount) throw new Error(`the free index holds ${indexed} blocks, the block list ${freeCount}`);
  }
}
