// Exact-size bins for best-fit's small free blocks (best-fit.ts): a free
// block of size s < BIN_LIMIT lives in bin s.
//
// Each bin is a binary min-heap of (start, id) pairs ordered by start, so its
// top is its lowest-address block: best-fit's tie-break among equal sizes. A
// block's slot in its heap is kept in its record (LINK_A), so any block leaves
// its bin by a sift, not a search. Two bitmaps (a bit per bin, a bit per
// bitmap word) find the smallest non-empty bin at or above a size in a few
// Math.clz32 steps; that bin's top is best-fit's pick.
//
// Invariants (check()): each heap is ordered by start; each of its blocks has
// the bin's size and its slot in LINK_A; a bin's bit is set iff it is
// non-empty, a summary bit iff its bitmap word is non-zero.

import type { BlockRecords } from './b-tree.ts';
import { LINK_A, SIZE, START, STRIDE } from './block-list.ts';

/** Blocks smaller than this are binned; a multiple of 1024 (whole summary words). */
export const BIN_LIMIT = 4096;
const WORDS = BIN_LIMIT >> 5;
const SUMMARY_WORDS = WORDS >> 5;
/** A block's slot in its bin's heap. */
const SLOT = LINK_A;
const NO_HEAP = new Uint32Array(0);

export class SizeBins {
  /** Bin b's heap: (start, id) pairs, slot i at 2i and 2i + 1; counts[b] of them. */
  private readonly heaps: Uint32Array[] = [];
  private readonly counts = new Uint32Array(BIN_LIMIT);
  private readonly binMap = new Int32Array(WORDS);
  private readonly wordMap = new Int32Array(SUMMARY_WORDS);
  private readonly list: BlockRecords;

  constructor(list: BlockRecords) {
    this.list = list;
    for (let bin = 0; bin < BIN_LIMIT; bin++) this.heaps.push(NO_HEAP);
  }

  /** Files free block `id` ([start, start + size), size < BIN_LIMIT) in bin `size`. */
  insert(id: number, start: number, size: number): void {
    let heap = this.heaps[size]!;
    const count = this.counts[size]!;
    if (2 * count + 2 > heap.length) heap = this.grow(size);
    this.counts[size] = count + 1;
    if (count === 0) {
      this.binMap[size >> 5]! |= 1 << (size & 31);
      this.wordMap[size >> 10]! |= 1 << ((size >> 5) & 31);
    }
    this.siftUp(heap, count, start, id);
  }

  /** Takes free block `id` out of bin `bin`, the size it was filed with. */
  remove(id: number, bin: number): void {
    const heap = this.heaps[bin]!;
    const count = this.counts[bin]! - 1;
    this.counts[bin] = count;
    const slot = this.list.rec[id * STRIDE + SLOT]!;
    if (slot !== count) {
      // The last pair fills the hole, then moves up or down to its place.
      const start = heap[2 * count]!;
      const last = heap[2 * count + 1]!;
      if (slot > 0 && heap[2 * ((slot - 1) >> 1)]! > start) this.siftUp(heap, slot, start, last);
      else this.siftDown(heap, count, slot, start, last);
    }
    if (count === 0 && (this.binMap[bin >> 5]! &= ~(1 << (bin & 31))) === 0) this.wordMap[bin >> 10]! &= ~(1 << ((bin >> 5) & 31));
  }

  /** The lowest-address block of the smallest non-empty bin >= `size` (< BIN_LIMIT), or 0. */
  smallestFrom(size: number): number {
    const binMap = this.binMap;
    let word = size >> 5;
    let bits = binMap[word]! & (-1 << (size & 31));
    if (bits === 0) {
      word++;
      let summary = word >> 5;
      if (summary === SUMMARY_WORDS) return 0;
      let words = this.wordMap[summary]! & (-1 << (word & 31));
      while (words === 0) {
        if (++summary === SUMMARY_WORDS) return 0;
        words = this.wordMap[summary]!;
      }
      word = (summary << 5) + 31 - Math.clz32(words & -words);
      bits = binMap[word]!;
    }
    return this.heaps[(word << 5) + 31 - Math.clz32(bits & -bits)]![1]!;
  }

  /** The size of the largest binned block (0 when none). */
  largest(): number {
    for (let summary = SUMMARY_WORDS - 1; summary >= 0; summary--) {
      const words = this.wordMap[summary]!;
      if (words === 0) continue;
      const word = (summary << 5) + 31 - Math.clz32(words);
      return (word << 5) + 31 - Math.clz32(this.binMap[word]!);
    }
    return 0;
  }

  // --- heaps ---------------------------------------------------

  private grow(bin: number): Uint32Array {
    const old = this.heaps[bin]!;
    const heap = new Uint32Array(Math.max(8, 2 * old.length));
    heap.set(old);
    this.heaps[bin] = heap;
    return heap;
  }

  /** Puts (start, id) at slot `at` or above, moving larger parents down. */
  private siftUp(heap: Uint32Array, at: number, start: number, id: number): void {
    const rec = this.list.rec;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      const parentStart = heap[2 * parent]!;
      if (parentStart < start) break;
      const parentId = heap[2 * parent + 1]!;
      heap[2 * at] = parentStart;
      heap[2 * at + 1] = parentId;
      rec[parentId * STRIDE + SLOT] = at;
      at = parent;
    }
    heap[2 * at] = start;
    heap[2 * at + 1] = id;
    rec[id * STRIDE + SLOT] = at;
  }

  /** Puts (start, id) at slot `at` or below in a heap of `count` slots, moving smaller children up. */
  private siftDown(heap: Uint32Array, count: number, at: number, start: number, id: number): void {
    const rec = this.list.rec;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= count) break;
      if (child + 1 < count && heap[2 * child + 2]! < heap[2 * child]!) child++;
      const childStart = heap[2 * child]!;
      if (childStart > start) break;
      const childId = heap[2 * child + 1]!;
      heap[2 * at] = childStart;
      heap[2 * at + 1] = childId;
      rec[childId * STRIDE + SLOT] = at;
      at = child;
    }
    heap[2 * at] = start;
    heap[2 * at + 1] = id;
    rec[id * STRIDE + SLOT] = at;
  }

  // --- checks ------------------------------------------------------------------------

  /**
   * Throws an Error naming the first broken invariant; returns the number of
   * blocks. `tagOf(bin)` is the tag a block filed in bin `bin` must carry.
   */
  check(describe: (id: number) => string, tagOf: (bin: number) => number, tag: (id: number) => number): number {
    const rec = this.list.rec;
    let total = 0;
    for (let bin = 0; bin < BIN_LIMIT; bin++) {
      const heap = this.heaps[bin]!;
      const count = this.counts[bin]!;
      if (2 * count > heap.length) throw new Error(`bin ${bin} counts ${count} blocks, more than its heap holds`);
      if (bin === 0 && count !== 0) throw new Error('bin 0 holds blocks');
      for (let slot = 0; slot < count; slot++) {
        const id = heap[2 * slot + 1]!;
        if (heap[2 * slot] !== rec[id * STRIDE + START]) throw new Error(`bin ${bin} has a stale start for ${describe(id)}`);
        if (rec[id * STRIDE + SIZE] !== bin || tag(id) !== tagOf(bin)) throw new Error(`${describe(id)} is filed in the wrong bin ${bin}`);
        if (rec[id * STRIDE + SLOT] !== slot) throw new Error(`${describe(id)} has a wrong heap slot`);
        if (slot > 0 && heap[2 * ((slot - 1) >> 1)]! > heap[2 * slot]!)
          throw new Error(`bin ${bin}'s heap is out of order at ${describe(id)}`);
      }
      total += count;
      if (count > 0 !== (((this.binMap[bin >> 5]! >>> (bin & 31)) & 1) === 1)) throw new Error(`bin ${bin}'s bitmap bit is wrong`);
    }
    for (let word = 0; word < WORDS; word++) {
      if ((this.binMap[word] !== 0) !== (((this.wordMap[word >> 5]! >>> (word & 31)) & 1) === 1))
        throw new Error(`bitmap word ${word}'s summary bit is wrong`);
    }
    return total;
  }
}
