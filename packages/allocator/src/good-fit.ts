// good-fit: TLSF-style segregated free lists (after Masmano et al.), in the
// block records themselves. Free blocks are binned by size class (exact below
// 16, then 16 linear sub-classes per power of two); two bitmaps find the first
// non-empty class in O(1). A pair (release, then allocate) is two flat methods
// that read the records into locals: bin links live in the block's own record,
// so a block is one cache line and a pair touches no other per-block array.
//
// Placement: the head of the first class whose every block fits; failing that,
// the first block of the request's own class that fits (so "no room" is only
// said when nothing fits). The block taken keeps its id and becomes the
// allocation; what is left after it becomes a new free block. A freed block
// absorbs its free neighbours and is filed at the head of its class.
//
// Invariants (checkIndex): every free block is in exactly one bin, the one of
// its size, tagged bin + 1; bit b of binMap[b >> 5] is set iff bin b is
// non-empty; bit w of wordMap is set iff binMap[w] is non-zero.

import { BlockList, LINK_A, LINK_B, NEXT, PREV, RELEASED, SIZE, START, STRIDE, TAG, USED } from './block-list.ts';

const SUB_BITS = 4;
const SUB_CLASSES = 1 << SUB_BITS;
/** Size classes for sizes up to 2^32 - 1. */
const BIN_COUNT = SUB_CLASSES + (32 - SUB_BITS) * SUB_CLASSES;
const WORD_COUNT = Math.ceil(BIN_COUNT / 32);
/** Bin links: the next and previous free block of the same class. */
const BIN_NEXT = LINK_A;
const BIN_PREV = LINK_B;

/** The size class of `size` (1 ≤ size ≤ 2^32 - 1). */
export function binOf(size: number): number {
  if (size < SUB_CLASSES) return size;
  const log2 = 31 - Math.clz32(size);
  return SUB_CLASSES + ((log2 - SUB_BITS) << SUB_BITS) + ((size >>> (log2 - SUB_BITS)) & (SUB_CLASSES - 1));
}

/** The smallest size in class `bin`. */
export function binLowerBound(bin: number): number {
  if (bin < SUB_CLASSES) return bin;
  const log2 = ((bin - SUB_CLASSES) >> SUB_BITS) + SUB_BITS;
  const sub = (bin - SUB_CLASSES) & (SUB_CLASSES - 1);
  return ((SUB_CLASSES + sub) << (log2 - SUB_BITS)) >>> 0;
}

export class GoodFitList extends BlockList {
  /** The first free block of each class, 0 when empty. */
  protected readonly head = new Uint32Array(BIN_COUNT);
  protected readonly binMap = new Int32Array(WORD_COUNT);
  protected wordMap = 0;

  // allocate and release are written out flat (bins, links and the id stack
  // inline, arrays in locals) so that V8 compiles a pair into these two functions.

  allocate(size: number): number {
    const head = this.head;
    const binMap = this.binMap;
    // The first class whose every block fits: size's class, or the next one when size is above its lower bound.
    let bin = size;
    if (size >= SUB_CLASSES) {
      const shift = 31 - Math.clz32(size) - SUB_BITS;
      bin = SUB_CLASSES + (shift << SUB_BITS) + ((size >>> shift) & (SUB_CLASSES - 1));
      if ((size & ((1 << shift) - 1)) !== 0) bin++;
    }
    let id = 0;
    if (bin < BIN_COUNT) {
      let word = bin >> 5;
      let bits = binMap[word]! & (-1 << (bin & 31));
      if (bits === 0) {
        const words = this.wordMap & (-1 << (word + 1));
        if (words !== 0) {
          word = 31 - Math.clz32(words & -words);
          bits = binMap[word]!;
        }
      }
      if (bits !== 0) id = head[(word << 5) + 31 - Math.clz32(bits & -bits)]!;
    }
    if (id === 0) {
      id = this.firstFitIn(binOf(size), size);
      if (id === 0) return 0;
    }
    let rec = this.rec;
    const base = id * STRIDE;
    // Out of its class.
    bin = rec[base + TAG]! - 1;
    let next = rec[base + BIN_NEXT]!;
    const prev = rec[base + BIN_PREV]!;
    if (next !== 0) rec[next * STRIDE + BIN_PREV] = prev;
    if (prev !== 0) rec[prev * STRIDE + BIN_NEXT] = next;
    else if ((head[bin] = next) === 0 && (binMap[bin >> 5]! &= ~(1 << (bin & 31))) === 0) this.wordMap &= ~(1 << (bin >> 5));
    const rest = rec[base + SIZE]! - size;
    rec[base + SIZE] = size;
    rec[base + TAG] = USED;
    this.freeUnits -= size;
    if (rest === 0) {
      this.freeBlocks--;
      return id;
    }
    // The rest becomes a new free block after it, at the head of its class.
    let after: number;
    if (this.spareTop !== 0) after = this.spare[--this.spareTop]!;
    else {
      after = this.takeId();
      rec = this.rec;
    }
    const at = after * STRIDE;
    next = rec[base + NEXT]!;
    rec[at + START] = rec[base + START]! + size;
    rec[at + SIZE] = rest;
    rec[at + PREV] = id;
    rec[at + NEXT] = next;
    rec[base + NEXT] = after;
    rec[next * STRIDE + PREV] = after;
    this.bin(after);
    return id;
  }

  canAllocate(size: number): boolean {
    // allocate's two steps: the first class whose every block fits, then the first fitting block of size's own class.
    let bin = binOf(size);
    if (binLowerBound(bin) < size) bin++;
    return this.firstNonEmpty(bin) !== 0 || this.firstFitIn(binOf(size), size) !== 0;
  }

  release(id: number): void {
    const rec = this.rec;
    const head = this.head;
    const binMap = this.binMap;
    const base = id * STRIDE;
    let size = rec[base + SIZE]!;
    this.freeUnits += size;
    this.freeBlocks++;
    const before = rec[base + PREV]!;
    const b = before * STRIDE;
    let bin = rec[b + TAG]! - 1;
    if (bin >= 0) {
      // Absorb the free block before: out of its class, out of the ring, its id back on the stack.
      const next = rec[b + BIN_NEXT]!;
      const prev = rec[b + BIN_PREV]!;
      if (next !== 0) rec[next * STRIDE + BIN_PREV] = prev;
      if (prev !== 0) rec[prev * STRIDE + BIN_NEXT] = next;
      else if ((head[bin] = next) === 0 && (binMap[bin >> 5]! &= ~(1 << (bin & 31))) === 0) this.wordMap &= ~(1 << (bin >> 5));
      rec[base + START] = rec[b + START]!;
      size += rec[b + SIZE]!;
      const first = rec[b + PREV]!;
      rec[base + PREV] = first;
      rec[first * STRIDE + NEXT] = id;
      rec[b + TAG] = RELEASED;
      this.spare[this.spareTop++] = before;
      this.freeBlocks--;
    }
    const after = rec[base + NEXT]!;
    const a = after * STRIDE;
    bin = rec[a + TAG]! - 1;
    if (bin >= 0) {
      const next = rec[a + BIN_NEXT]!;
      const prev = rec[a + BIN_PREV]!;
      if (next !== 0) rec[next * STRIDE + BIN_PREV] = prev;
      if (prev !== 0) rec[prev * STRIDE + BIN_NEXT] = next;
      else if ((head[bin] = next) === 0 && (binMap[bin >> 5]! &= ~(1 << (bin & 31))) === 0) this.wordMap &= ~(1 << (bin >> 5));
      size += rec[a + SIZE]!;
      const last = rec[a + NEXT]!;
      rec[base + NEXT] = last;
      rec[last * STRIDE + PREV] = id;
      rec[a + TAG] = RELEASED;
      this.spare[this.spareTop++] = after;
      this.freeBlocks--;
    }
    rec[base + SIZE] = size;
    this.bin(id);
  }

  insertFree(id: number): void {
    this.bin(id);
  }

  removeFree(id: number): void {
    this.unbin(id);
  }

  resizedFree(id: number): void {
    this.unbin(id);
    this.bin(id);
  }

  /** The size of the largest free block: the largest in the highest non-empty bin. */
  largest(): number {
    if (this.wordMap === 0) return 0;
    const word = 31 - Math.clz32(this.wordMap);
    const bin = (word << 5) + 31 - Math.clz32(this.binMap[word]!);
    let largest = 0;
    for (let id = this.head[bin]!; id !== 0; id = this.rec[id * STRIDE + BIN_NEXT]!) largest = Math.max(largest, this.size(id));
    return largest;
  }

  protected grewIds(): void {}

  /** Files free block `id` at the head of its class. */
  protected bin(id: number): void {
    const rec = this.rec;
    const bin = binOf(rec[id * STRIDE + SIZE]!);
    const first = this.head[bin]!;
    rec[id * STRIDE + TAG] = bin + 1;
    rec[id * STRIDE + BIN_PREV] = 0;
    rec[id * STRIDE + BIN_NEXT] = first;
    if (first !== 0) rec[first * STRIDE + BIN_PREV] = id;
    else {
      this.binMap[bin >> 5]! |= 1 << (bin & 31);
      this.wordMap |= 1 << (bin >> 5);
    }
    this.head[bin] = id;
  }

  /** Takes free block `id` out of its class (its tag still names the class). */
  protected unbin(id: number): void {
    const rec = this.rec;
    const bin = rec[id * STRIDE + TAG]! - 1;
    const next = rec[id * STRIDE + BIN_NEXT]!;
    const prev = rec[id * STRIDE + BIN_PREV]!;
    if (next !== 0) rec[next * STRIDE + BIN_PREV] = prev;
    if (prev !== 0) rec[prev * STRIDE + BIN_NEXT] = next;
    else {
      this.head[bin] = next;
      if (next === 0) {
        const word = bin >> 5;
        if ((this.binMap[word]! &= ~(1 << (bin & 31))) === 0) this.wordMap &= ~(1 << word);
      }
    }
  }

  /** The head of the first non-empty class from `fromBin` on, or 0. */
  protected firstNonEmpty(fromBin: number): number {
    if (fromBin >= BIN_COUNT) return 0;
    let word = fromBin >> 5;
    let bits = this.binMap[word]! & (-1 << (fromBin & 31));
    if (bits === 0) {
      const words = word + 1 < 32 ? this.wordMap & (-1 << (word + 1)) : 0;
      if (words === 0) return 0;
      word = 31 - Math.clz32(words & -words);
      bits = this.binMap[word]!;
    }
    return this.head[(word << 5) + 31 - Math.clz32(bits & -bits)]!;
  }

  /** The first block of class `bin` that holds `size` units, or 0. */
  protected firstFitIn(bin: number, size: number): number {
    for (let id = this.head[bin]!; id !== 0; id = this.rec[id * STRIDE + BIN_NEXT]!) if (this.size(id) >= size) return id;
    return 0;
  }

  checkIndex(describe: (id: number) => string): number {
    let count = 0;
    for (let bin = 0; bin < BIN_COUNT; bin++) {
      const nonEmpty = this.head[bin] !== 0;
      if (nonEmpty !== ((this.binMap[bin >> 5]! >>> (bin & 31)) & 1) > 0) throw new Error(`bin ${bin}'s bitmap bit is wrong`);
      let prev = 0;
      for (let id = this.head[bin]!; id !== 0; id = this.rec[id * STRIDE + BIN_NEXT]!) {
        if (++count > this.fresh) throw new Error(`bin ${bin} has a cycle`);
        if (!this.isFree(id)) throw new Error(`bin ${bin} holds ${describe(id)}, which is not free`);
        if (binOf(this.size(id)) !== bin || this.rec[id * STRIDE + TAG] !== bin + 1) {
          throw new Error(`${describe(id)} is filed in the wrong bin ${bin}`);
        }
        if (this.rec[id * STRIDE + BIN_PREV] !== prev) throw new Error(`${describe(id)} has a wrong back link`);
        prev = id;
      }
    }
    for (let word = 0; word < WORD_COUNT; word++) {
      if ((this.binMap[word] !== 0) !== (((this.wordMap >>> word) & 1) === 1)) throw new Error(`word ${word}'s summary bit is wrong`);
    }
    return count;
  }
}

/**
 * good-fit with alignment > 1: a block fits when its start rounded up still
 * leaves room. The padding in front of a region stays free.
 */
export class AlignedGoodFitList extends GoodFitList {
  private readonly alignment: number;

  constructor(alignment: number) {
    super();
    this.alignment = alignment;
  }

  override allocate(size: number): number {
    const free = this.find(size);
    return free === 0 ? 0 : this.carve(free, size, this.alignment);
  }

  override canAllocate(size: number): boolean {
    return this.find(size) !== 0;
  }

  /**
   * First the O(1) look-up of a class whose every block fits even after the
   * worst padding; failing that, the classes that may hold a fitting block, one by one.
   */
  private find(size: number): number {
    const alignment = this.alignment;
    const guaranteed = size + alignment - 1;
    if (guaranteed <= 0xffffffff) {
      let bin = binOf(guaranteed);
      if (binLowerBound(bin) < guaranteed) bin++;
      const found = this.firstNonEmpty(bin);
      if (found !== 0) return found;
    }
    const lastBin = guaranteed <= 0xffffffff ? binOf(guaranteed) : BIN_COUNT - 1;
    for (let bin = binOf(size); bin <= lastBin; bin++) {
      for (let id = this.head[bin]!; id !== 0; id = this.rec[id * STRIDE + BIN_NEXT]!) {
        const start = this.start(id);
        if (Math.ceil(start / alignment) * alignment + size <= start + this.size(id)) return id;
      }
    }
    return 0;
  }
}
