// best-fit with alignment 1: the block list with two indexes over its free
// blocks, split by size. Blocks below BIN_LIMIT (nearly all of them when the
// regions are small) are in exact-size bins (size-bins.ts); the few larger
// ones are in a B+tree keyed by (size, start) (b-tree.ts), as tree-fit.ts
// keeps all of them.
//
// The pick: the smallest non-empty bin at or above the size, its
// lowest-address block; failing that, the tree's smallest block of at least
// the size, lowest address among equals. That is the block tree-fit.ts picks.
//
// Invariants (checkIndex): exactly the free blocks are indexed; a free block
// of size s < BIN_LIMIT is in bin s, tagged s + 1; a larger one is in the
// tree, tagged IN_TREE. The indexes' own invariants are theirs.

import { BTree } from './b-tree.ts';
import { BlockList, NEXT, PREV, SIZE, START, STRIDE, TAG, USED } from './block-list.ts';
import { BIN_LIMIT, SizeBins } from './size-bins.ts';

/** The tag of a free block in the tree; a binned block's is its size + 1 (at least 2). */
const IN_TREE = 1;

/** best-fit, alignment 1. */
export class BestFitList extends BlockList {
  private readonly bins = new SizeBins(this);
  private readonly tree = new BTree(this, 'by-size');

  /** The block best-fit picks for `size` units, or 0. */
  private find(size: number): number {
    if (size < BIN_LIMIT) {
      const binned = this.bins.smallestFrom(size);
      if (binned !== 0) return binned;
    }
    return this.tree.root === 0 ? 0 : this.tree.firstAtLeast(size, 1);
  }

  allocate(size: number): number {
    const free = this.find(size);
    if (free === 0) return 0;
    // The region is the front of `free`, which keeps the rest, filed again by its new size.
    this.freeUnits -= size;
    this.unfile(free);
    if (this.rec[free * STRIDE + SIZE] === size) {
      this.freeBlocks--;
      this.rec[free * STRIDE + TAG] = USED;
      return free;
    }
    const id = this.splitFront(free, size);
    this.file(free);
    return id;
  }

  canAllocate(size: number): boolean {
    return this.find(size) !== 0;
  }

  release(id: number): void {
    // The sentinel and used blocks are tagged USED; linked blocks are never RELEASED: any other tag is free.
    const rec = this.rec;
    const base = id * STRIDE;
    const size = rec[base + SIZE]!;
    const before = rec[base + PREV]!;
    const after = rec[base + NEXT]!;
    const b = before * STRIDE;
    const a = after * STRIDE;
    this.freeUnits += size;
    if (rec[a + TAG] !== USED) {
      this.unfile(after);
      if (rec[b + TAG] !== USED) {
        this.unfile(before);
        this.freeBlocks--;
        rec[b + SIZE]! += size + rec[a + SIZE]!;
        const last = rec[a + NEXT]!;
        rec[b + NEXT] = last;
        rec[last * STRIDE + PREV] = before;
        this.releaseId(id);
        this.releaseId(after);
        this.file(before);
      } else {
        rec[a + START] = rec[base + START]!;
        rec[a + SIZE]! += size;
        rec[a + PREV] = before;
        rec[b + NEXT] = after;
        this.releaseId(id);
        this.file(after);
      }
    } else if (rec[b + TAG] !== USED) {
      this.unfile(before);
      rec[b + SIZE]! += size;
      rec[b + NEXT] = after;
      rec[a + PREV] = before;
      this.releaseId(id);
      this.file(before);
    } else {
      this.file(id);
      this.freeBlocks++;
    }
  }

  /** Files free block `id` by its size and tags it. */
  private file(id: number): void {
    const rec = this.rec;
    const size = rec[id * STRIDE + SIZE]!;
    if (size < BIN_LIMIT) {
      rec[id * STRIDE + TAG] = size + 1;
      this.bins.insert(id, rec[id * STRIDE + START]!, size);
    } else {
      rec[id * STRIDE + TAG] = IN_TREE;
      this.tree.insert(id);
    }
  }

  /** Takes free block `id` out of the index its tag names (its start and size may have changed since). */
  private unfile(id: number): void {
    const tag = this.rec[id * STRIDE + TAG]!;
    if (tag === IN_TREE) this.tree.remove(id);
    else this.bins.remove(id, tag - 1);
  }

  insertFree(id: number): void {
    this.file(id);
  }

  removeFree(id: number): void {
    this.unfile(id);
  }

  resizedFree(id: number): void {
    // Its size is its key in either index: file it again.
    this.unfile(id);
    this.file(id);
  }

  largest(): number {
    return this.tree.root !== 0 ? this.tree.largest() : this.bins.largest();
  }

  protected grewIds(): void {}

  checkIndex(describe: (id: number) => string): number {
    const rec = this.rec;
    for (let id = rec[NEXT]!; id !== 0; id = this.next(id)) {
      if (!this.isFree(id)) continue;
      const size = rec[id * STRIDE + SIZE]!;
      const tag = size < BIN_LIMIT ? size + 1 : IN_TREE;
      if (rec[id * STRIDE + TAG] !== tag) throw new Error(`${describe(id)} is tagged ${rec[id * STRIDE + TAG]}, not ${tag}`);
      if (tag === IN_TREE && !this.tree.holds(id)) throw new Error(`${describe(id)} is missing from the tree`);
    }
    const binned = this.bins.check(
      describe,
      (bin) => bin + 1,
      (id) => rec[id * STRIDE + TAG]!,
    );
    return binned + this.tree.check(describe);
  }
}
