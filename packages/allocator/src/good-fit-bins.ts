// TLSF-style segregated free lists ("good fit", after Masmano et al.): free
// blocks are binned by size class — exact below 16, then 16 linear sub-classes per
// power of two — and two bitmaps find the first non-empty class in O(1).
//
// Invariants (checked by `check()`):
// - every free block is in exactly one bin, the one of its size class;
// - bit b of `binMap[b >> 5]` is set iff bin b is non-empty;
// - bit w of `wordMap` is set iff `binMap[w]` is non-zero.

import { grown, type BlockPool } from './block-pool.ts';
import type { FreeIndex } from './policy.ts';

const SUB_BITS = 4;
const SUB_CLASSES = 1 << SUB_BITS;
/** Size classes for sizes up to 2^32 - 1. */
const BIN_COUNT = SUB_CLASSES + (32 - SUB_BITS) * SUB_CLASSES;
const WORD_COUNT = Math.ceil(BIN_COUNT / 32);
const ENTRY = 4; // next, prev, bin, (unused)
const NEXT = 0;
const PREV = 1;
const BIN = 2;

/** The size class of `size` (1 ≤ size ≤ 2^32 - 1). */
export function binOf(size: number): number {
  if (size < SUB_CLASSES) return size;
  const log2 = 31 - Math.clz32(size);
  const sub = (size >>> (log2 - SUB_BITS)) & (SUB_CLASSES - 1);
  return SUB_CLASSES + (log2 - SUB_BITS) * SUB_CLASSES + sub;
}

/** The smallest size in class `bin`. */
export function binLowerBound(bin: number): number {
  if (bin < SUB_CLASSES) return bin;
  const log2 = ((bin - SUB_CLASSES) >> SUB_BITS) + SUB_BITS;
  const sub = (bin - SUB_CLASSES) & (SUB_CLASSES - 1);
  return ((SUB_CLASSES + sub) << (log2 - SUB_BITS)) >>> 0;
}

function lowestBit(word: number): number {
  return 31 - Math.clz32(word & -word);
}

export class GoodFitBins implements FreeIndex {
  private readonly pool: BlockPool;
  private readonly head = new Int32Array(BIN_COUNT);
  private readonly binMap = new Int32Array(WORD_COUNT);
  private wordMap = 0;
  /** Per block: next and previous in its bin, and the bin it was filed under
   * (its size may change before it is refiled). */
  private entries: Int32Array;

  constructor(pool: BlockPool) {
    this.pool = pool;
    this.entries = new Int32Array(pool.capacity * ENTRY);
  }

  grow(capacity: number): void {
    this.entries = grown(this.entries, new Int32Array(capacity * ENTRY));
  }

  insert(id: number): void {
    const entries = this.entries;
    const bin = binOf(this.pool.size(id));
    const head = this.head[bin]!;
    entries[id * ENTRY + BIN] = bin;
    entries[id * ENTRY + PREV] = 0;
    entries[id * ENTRY + NEXT] = head;
    if (head !== 0) entries[head * ENTRY + PREV] = id;
    else {
      this.binMap[bin >> 5]! |= 1 << (bin & 31);
      this.wordMap |= 1 << (bin >> 5);
    }
    this.head[bin] = id;
  }

  remove(id: number): void {
    const entries = this.entries;
    const bin = entries[id * ENTRY + BIN]!;
    const next = entries[id * ENTRY + NEXT]!;
    const prev = entries[id * ENTRY + PREV]!;
    if (prev !== 0) entries[prev * ENTRY + NEXT] = next;
    else this.head[bin] = next;
    if (next !== 0) entries[next * ENTRY + PREV] = prev;
    if (this.head[bin] === 0) {
      const word = bin >> 5;
      this.binMap[word]! &= ~(1 << (bin & 31));
      if (this.binMap[word] === 0) this.wordMap &= ~(1 << word);
    }
  }

  /** The block's size changed: file it under its new class if that differs. */
  resized(id: number): void {
    if (binOf(this.pool.size(id)) === this.entries[id * ENTRY + BIN]) return;
    this.remove(id);
    this.insert(id);
  }

  /**
   * A free block that holds `size` units at a start aligned to `alignment`, or 0.
   * First the O(1) TLSF look-up of a class whose every block fits; failing
   * that, the classes that may hold a fitting block are searched one by one,
   * so "no room" is only said when no free block fits.
   */
  find(size: number, alignment: number): number {
    const guaranteed = size + alignment - 1;
    if (guaranteed <= 0xffffffff) {
      let bin = binOf(guaranteed);
      if (binLowerBound(bin) < guaranteed) bin++;
      const found = this.firstNonEmpty(bin);
      if (found !== 0) return found;
    }
    const lastBin = guaranteed <= 0xffffffff ? binOf(guaranteed) : BIN_COUNT - 1;
    for (let bin = binOf(size); bin <= lastBin; bin++) {
      for (let id = this.head[bin]!; id !== 0; id = this.entries[id * ENTRY + NEXT]!) {
        const start = this.pool.start(id);
        if (Math.ceil(start / alignment) * alignment + size <= start + this.pool.size(id)) return id;
      }
    }
    return 0;
  }

  /** The size of the largest free block: the largest in the highest non-empty bin. */
  largest(): number {
    if (this.wordMap === 0) return 0;
    const word = 31 - Math.clz32(this.wordMap);
    const bin = (word << 5) + 31 - Math.clz32(this.binMap[word]!);
    let largest = 0;
    for (let id = this.head[bin]!; id !== 0; id = this.entries[id * ENTRY + NEXT]!) largest = Math.max(largest, this.pool.size(id));
    return largest;
  }

  private firstNonEmpty(fromBin: number): number {
    if (fromBin >= BIN_COUNT) return 0;
    let word = fromBin >> 5;
    let bits = this.binMap[word]! & (-1 << (fromBin & 31));
    if (bits === 0) {
      const words = word + 1 < 32 ? this.wordMap & (-1 << (word + 1)) : 0;
      if (words === 0) return 0;
      word = lowestBit(words);
      bits = this.binMap[word]!;
    }
    return this.head[(word << 5) + lowestBit(bits)]!;
  }

  check(describe: (id: number) => string): number {
    let count = 0;
    for (let bin = 0; bin < BIN_COUNT; bin++) {
      const nonEmpty = this.head[bin] !== 0;
      if (nonEmpty !== ((this.binMap[bin >> 5]! >>> (bin & 31)) & 1) > 0) throw new Error(`bin ${bin}'s bitmap bit is wrong`);
      let prev = 0;
      for (let id = this.head[bin]!; id !== 0; id = this.entries[id * ENTRY + NEXT]!) {
        count++;
        if (this.pool.isUsed(id)) throw new Error(`bin ${bin} holds ${describe(id)}, which is not free`);
        if (binOf(this.pool.size(id)) !== bin || this.entries[id * ENTRY + BIN] !== bin) {
          throw new Error(`${describe(id)} is filed in the wrong bin ${bin}`);
        }
        if (this.entries[id * ENTRY + PREV] !== prev) throw new Error(`${describe(id)} has a wrong back link`);
        prev = id;
      }
    }
    for (let word = 0; word < WORD_COUNT; word++) {
      if ((this.binMap[word] !== 0) !== (((this.wordMap >>> word) & 1) === 1)) throw new Error(`word ${word}'s summary bit is wrong`);
    }
    return count;
  }
}
