// first-fit and best-fit: the block list with an ordered index over its free
// blocks, a B+tree with 16 keys a node (b-tree.ts).
//
// - first-fit: keyed by address. Each node knows the largest size under each
//   child, so the lowest block of at least a size is one descent. O(log n).
// - best-fit: keyed by (size, start). The same descent finds the smallest
//   block of at least a size, lowest address among equals. O(log n).
//
// Placement is exact (the reference model checks every start): the block
// list's carve puts the region at the chosen block's start rounded up to the
// alignment. With alignment > 1 a block that is large enough but loses to the
// padding is stepped over, in key order.
//
// Invariants: exactly the free blocks are in the tree, tagged FREE; the tree's
// own invariants are b-tree.ts's.

import { BTree } from './b-tree.ts';
import { BlockList, NEXT, PREV, SIZE, START, STRIDE, TAG } from './block-list.ts';

/** The tag of a free block. */
const FREE = 1;

/** first-fit (`byAddress`) or best-fit. */
export class TreeFitList extends BlockList {
  protected readonly tree: BTree;
  protected readonly alignment: number;
  private readonly byAddress: boolean;

  constructor(alignment: number, byAddress: boolean) {
    super();
    this.alignment = alignment;
    this.byAddress = byAddress;
    this.tree = new BTree(this, byAddress ? 'by-address' : 'by-size');
  }

  allocate(size: number): number {
    const free = this.tree.firstAtLeast(size, this.alignment);
    return free === 0 ? 0 : this.carve(free, size, this.alignment);
  }

  canAllocate(size: number): boolean {
    return this.tree.firstAtLeast(size, this.alignment) !== 0;
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

  resizedFree(id: number): void {
    // By address a resize never passes another block; by size the key moves: re-file the block.
    if (this.byAddress) this.tree.rekey(id);
    else {
      this.tree.remove(id);
      this.tree.insert(id);
    }
  }

  removeFree(id: number): void {
    this.tree.remove(id);
  }

  largest(): number {
    return this.tree.largest();
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
