// How each policy finds a free block: the index over the free blocks.
//
// - first-fit: an AVL tree by address whose nodes know the largest size in
//   their subtree; the lowest fitting block is one descent. O(log n).
// - best-fit: an AVL tree by (size, start); the smallest fitting block is one
//   descent. O(log n).
// - good-fit: TLSF bins (good-fit-bins.ts). O(1).
//
// Alignment: a block fits when its start rounded up to the alignment still
// leaves room. Blocks that are large enough but lose to the padding are
// stepped over, so with alignment > 1 a search can visit more than one
// candidate.

import { AvlTree } from './avl-tree.ts';
import type { BlockPool } from './block-pool.ts';
import { GoodFitBins } from './good-fit-bins.ts';
import { alignUp, type AllocationPolicy, type FreeIndex } from './policy.ts';

function fits(pool: BlockPool, id: number, size: number, alignment: number): boolean {
  return alignment === 1 || alignUp(pool.start(id), alignment) + size <= pool.end(id);
}

export function createFreeIndex(policy: AllocationPolicy, pool: BlockPool): FreeIndex {
  if (policy === 'best-fit') return new BestFitIndex(pool);
  if (policy === 'good-fit') return new GoodFitBins(pool);
  return new FirstFitIndex(pool);
}

/** What the two tree indexes share. */
abstract class TreeIndex {
  protected readonly pool: BlockPool;
  protected readonly tree: AvlTree;

  constructor(pool: BlockPool, tree: AvlTree) {
    this.pool = pool;
    this.tree = tree;
  }

  insert(id: number): void {
    this.tree.insert(id);
  }

  remove(id: number): void {
    this.tree.remove(id);
  }

  grow(capacity: number): void {
    this.tree.grow(capacity);
  }

  check(describe: (id: number) => string): number {
    const count = this.tree.check(describe);
    for (let id = this.tree.first(); id !== 0; id = this.tree.next(id)) {
      if (this.pool.isUsed(id)) throw new Error(`the free-block tree holds ${describe(id)}, which is used`);
    }
    return count;
  }
}

class FirstFitIndex extends TreeIndex implements FreeIndex {
  constructor(pool: BlockPool) {
    super(pool, new AvlTree(pool, 'by-address', true));
  }

  resized(id: number): void {
    this.tree.sizeChanged(id);
  }

  largest(): number {
    return this.tree.subtreeMax(this.tree.root);
  }

  find(size: number, alignment: number): number {
    for (let id = this.firstAtLeast(this.tree.root, size); id !== 0; id = this.nextAtLeast(id, size)) {
      if (fits(this.pool, id, size, alignment)) return id;
    }
    return 0;
  }

  /** In the subtree at `root`, the lowest-address block of at least `size`, or 0. */
  private firstAtLeast(root: number, size: number): number {
    const tree = this.tree;
    if (tree.subtreeMax(root) < size) return 0;
    let node = root;
    for (;;) {
      const l = tree.left(node);
      if (tree.subtreeMax(l) >= size) node = l;
      else if (this.pool.size(node) >= size) return node;
      else node = tree.right(node);
    }
  }

  /** The next block after `id` in address order of at least `size`, or 0. */
  private nextAtLeast(id: number, size: number): number {
    const tree = this.tree;
    const inRight = this.firstAtLeast(tree.right(id), size);
    if (inRight !== 0) return inRight;
    let node = id;
    for (let p = tree.parent(node); p !== 0; node = p, p = tree.parent(node)) {
      if (tree.right(p) === node) continue;
      if (this.pool.size(p) >= size) return p;
      const found = this.firstAtLeast(tree.right(p), size);
      if (found !== 0) return found;
    }
    return 0;
  }
}

class BestFitIndex extends TreeIndex implements FreeIndex {
  constructor(pool: BlockPool) {
    super(pool, new AvlTree(pool, 'by-size', false));
  }

  resized(id: number): void {
    // The key is (size, start): re-file the block.
    this.tree.remove(id);
    this.tree.insert(id);
  }

  largest(): number {
    return this.pool.size(this.tree.last());
  }

  /** Smallest block that fits, lowest address among equals. */
  find(size: number, alignment: number): number {
    const tree = this.tree;
    let node = tree.root;
    let found = 0;
    while (node !== 0) {
      if (this.pool.size(node) >= size) {
        found = node;
        node = tree.left(node);
      } else node = tree.right(node);
    }
    while (found !== 0 && !fits(this.pool, found, size, alignment)) found = this.tree.next(found);
    return found;
  }
}
