// first-fit and best-fit: the block list with an ordered index over its free
// blocks, a B+tree with 16 keys a node (b-tree.ts).
//
// - first-fit: keyed by address, each node knowing the largest size under each
//   child; the lowest fitting block is one descent. O(log n).
// - best-fit: keyed by (size, start); the smallest fitting block is one
//   descent. O(log n).
//
// Placement is exact (the reference model checks every start): the region
// starts at the chosen block's start rounded up to the alignment; padding in
// front stays free, and so does what is left after the region. With alignment
// > 1 a block that is large enough but loses to the padding is stepped over.
//
// Invariants: exactly the free blocks are in the tree, tagged FREE; the tree's
// own invariants are b-tree.ts's.

import { BTree } from './b-tree.ts';
import { BlockList, NEXT, PREV, SIZE, START, STRIDE, TAG, USED } from './block-list.ts';

/** The tag of a free block. */
const FREE = 1;

abstract class TreeFitList extends BlockList {
  protected readonly tree: BTree;
  protected readonly alignment: number;

  constructor(alignment: number, byAddress: boolean) {
    super();
    this.alignment = alignment;
    this.tree = new BTree(this, byAddress ? 'by-address' : 'by-size');
  }

  /** A free block the policy picks for `size` units at an aligned start, or 0. */
  protected abstract find(size: number): number;

  allocate(size: number): number {
    const free = this.find(size);
    return free === 0 ? 0 : this.carve(free, size);
  }

  /** Takes `size` units from free block `free`, which holds them aligned; returns the used block. */
  private carve(free: number, size: number): number {
    const freeStart = this.start(free);
    const freeEnd = this.end(free);
    const start = this.alignment === 1 ? freeStart : Math.ceil(freeStart / this.alignment) * this.alignment;
    const end = start + size;
    this.freeUnits -= size;
    if (start === freeStart) {
      if (end === freeEnd) {
        this.removeFree(free);
        this.freeBlocks--;
        this.rec[free * STRIDE + TAG] = USED;
        return free;
      }
      const id = this.addUsed(start, size, this.rec[free * STRIDE + PREV]!);
      this.rec[free * STRIDE + START] = end;
      this.rec[free * STRIDE + SIZE] = freeEnd - end;
      this.resizedFree(free);
      return id;
    }
    // The padding in front stays free; what is left after the region becomes a new free block.
    this.rec[free * STRIDE + SIZE] = start - freeStart;
    this.resizedFree(free);
    const id = this.addUsed(start, size, free);
    if (end < freeEnd) this.addFree(end, freeEnd - end, id);
    return id;
  }

  release(id: number): void {
    const rec = this.rec;
    const before = rec[id * STRIDE + PREV]!;
    const after = this.next(id);
    const mergeBefore = this.isFree(before);
    const mergeAfter = this.isFree(after);
    this.freeUnits += this.size(id);
    if (mergeBefore && mergeAfter) {
      // Take `after` out of the index before any size changes (the size tree is ordered by them).
      this.removeFree(after);
      this.freeBlocks--;
      rec[before * STRIDE + SIZE] = this.end(after) - this.start(before);
      this.unlink(id);
      this.releaseId(id);
      this.unlink(after);
      this.releaseId(after);
      this.resizedFree(before);
    } else if (mergeBefore) {
      rec[before * STRIDE + SIZE]! += this.size(id);
      this.unlink(id);
      this.releaseId(id);
      this.resizedFree(before);
    } else if (mergeAfter) {
      rec[after * STRIDE + START] = this.start(id);
      rec[after * STRIDE + SIZE]! += this.size(id);
      this.unlink(id);
      this.releaseId(id);
      this.resizedFree(after);
    } else {
      this.insertFree(id);
      this.freeBlocks++;
    }
  }

  insertFree(id: number): void {
    this.rec[id * STRIDE + TAG] = FREE;
    this.tree.insert(id);
  }

  removeFree(id: number): void {
    this.tree.remove(id);
  }

  protected grewIds(): void {}

  checkIndex(describe: (id: number) => string): number {
    const count = this.tree.check(describe);
    for (let id = this.rec[NEXT]!; id !== 0; id = this.next(id)) {
      if (this.isFree(id) && this.rec[id * STRIDE + TAG] !== FREE) throw new Error(`${describe(id)} is not tagged as in the tree`);
    }
    return count;
  }
}

export class FirstFitList extends TreeFitList {
  constructor(alignment: number) {
    super(alignment, true);
  }

  resizedFree(id: number): void {
    this.tree.rekey(id);
  }

  largest(): number {
    return this.tree.largest();
  }

  protected find(size: number): number {
    return this.alignment === 1 ? this.tree.firstOfSize(size) : this.tree.firstAtLeast(size, this.alignment);
  }
}

export class BestFitList extends TreeFitList {
  constructor(alignment: number) {
    super(alignment, false);
  }

  resizedFree(id: number): void {
    // The key is (size, start): re-file the block unless it keeps its place.
    if (this.tree.rekeyInPlace(id)) return;
    this.tree.remove(id);
    this.tree.insert(id);
  }

  largest(): number {
    const last = this.tree.last();
    return last === 0 ? 0 : this.size(last);
  }

  /** Smallest block that fits, lowest address among equals. */
  protected find(size: number): number {
    return this.tree.smallestAtLeast(size, this.alignment);
  }
}
