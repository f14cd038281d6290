// first-fit, and best-fit with alignment > 1 (best-fit.ts has alignment 1):
// the block list with an ordered index over its free blocks, a B+tree with 16
// keys a node (b-tree.ts).
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
import { BlockList, NEXT, PREV, SIZE, START, STRIDE, TAG, USED } from './block-list.ts';

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
    if (free === 0) return 0;
    if (this.alignment !== 1) return this.carve(free, size, this.alignment);
    // Without padding the region is the front of `free`, which keeps the rest.
    this.freeUnits -= size;
    if (this.rec[free * STRIDE + SIZE] === size) {
      this.tree.remove(free);
      this.freeBlocks--;
      this.rec[free * STRIDE + TAG] = USED;
      return free;
    }
    const id = this.splitFront(free, size);
    this.resizedFree(free);
    return id;
  }

  canAllocate(size: number): boolean {
    return this.tree.firstAtLeast(size, this.alignment) !== 0;
  }

  release(id: number): void {
    // Flat, with the records in a local: the sentinel and used blocks are tagged USED, never FREE.
    const rec = this.rec;
    const base = id * STRIDE;
    const size = rec[base + SIZE]!;
    const before = rec[base + PREV]!;
    const after = rec[base + NEXT]!;
    const b = before * STRIDE;
    const a = after * STRIDE;
    this.freeUnits += size;
    if (rec[a + TAG] === FREE) {
      if (rec[b + TAG] === FREE) {
        // Take `after` out of the index before any size changes (the size tree is ordered by them).
        this.tree.remove(after);
        this.freeBlocks--;
        rec[b + SIZE]! += size + rec[a + SIZE]!;
        const last = rec[a + NEXT]!;
        rec[b + NEXT] = last;
        rec[last * STRIDE + PREV] = before;
        this.releaseId(id);
        this.releaseId(after);
        this.resizedFree(before);
      } else {
        rec[a + START] = rec[base + START]!;
        rec[a + SIZE]! += size;
        rec[a + PREV] = before;
        rec[b + NEXT] = after;
        this.releaseId(id);
        this.resizedFree(after);
      }
    } else if (rec[b + TAG] === FREE) {
      rec[b + SIZE]! += size;
      rec[b + NEXT] = after;
      rec[a + PREV] = before;
      this.releaseId(id);
      this.resizedFree(before);
    } else {
      rec[base + TAG] = FREE;
      this.tree.insert(id);
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
