// A B+tree over the free blocks of a block list, for first-fit and best-fit:
// up to 16 slots a node, each slot a key (hi, lo), a pointer and a maximum, in
// parallel runs of one Uint32Array stride, so the 16 `hi` keys a search reads
// are one cache line. Leaves point at blocks (each block's record keeps its
// leaf in its SPARE word, so a removal needs no search); internal nodes point
// at children and keep each child's smallest key and largest block size.
//
// Ordered 'by-address' (hi = start, lo = size: first-fit descends to the
// lowest block of at least a size through the maxima) or 'by-size' (hi = size,
// lo = start: best-fit descends to the smallest key at least (size, 0)).
// Nodes are split when full and dropped when empty; they are not merged, so a
// node may be nearly empty, and the height stays within that of the largest
// tree the churn has built.
//
// Invariants (check()): keys strictly ascend across the leaves, which are
// linked in order; an internal slot holds its child's smallest key and largest
// size; parent links and each block's leaf are right; no node is empty.

import { SIZE, SPARE, START, STRIDE } from './block-list.ts';

const B = 16;
const COUNT = 0;
const PARENT = 1;
/** Leaves: the next and previous leaf in key order. */
const NEXT = 2;
const PREV = 3;
const LEAF = 4;
/** The node's slot in its parent. */
const SLOT = 5;
const HI = 8;
const LO = HI + B;
const PTR = LO + B;
const MAX = PTR + B;
const NODE = MAX + B;

export type KeyOrder = 'by-address' | 'by-size';

/** Where the tree reads blocks: the list's records (replaced when they grow). */
export interface BlockRecords {
  rec: Uint32Array;
}

export class BTree {
  root = 0;
  private nodes = new Uint32Array(8 * NODE);
  private spare: number[] = [];
  private fresh = 1;
  private readonly list: BlockRecords;
  private readonly bySize: boolean;

  constructor(list: BlockRecords, order: KeyOrder) {
    this.list = list;
    this.bySize = order === 'by-size';
  }

  /** The largest block size in the tree (0 when empty). */
  largest(): number {
    const root = this.root;
    if (root === 0) return 0;
    const n = this.nodes;
    let best = 0;
    for (let i = 0; i < n[root * NODE + COUNT]!; i++) best = Math.max(best, n[root * NODE + MAX + i]!);
    return best;
  }

  insert(id: number): void {
    const rec = this.list.rec;
    const size = rec[id * STRIDE + SIZE]!;
    const start = rec[id * STRIDE + START]!;
    const hi = this.bySize ? size : start;
    const lo = this.bySize ? start : size;
    if (this.root === 0) {
      const leaf = this.newNode(true, 0);
      this.put(leaf, 0, hi, lo, id, size);
      this.nodes[leaf * NODE + COUNT] = 1;
      rec[id * STRIDE + SPARE] = leaf;
      this.root = leaf;
      return;
    }
    let node = this.root;
    while (this.nodes[node * NODE + LEAF] === 0) node = this.nodes[node * NODE + PTR + Math.max(0, this.lastAtMost(node, hi, lo))]!;
    const at = this.lastAtMost(node, hi, lo) + 1;
    // lastAtMost gives -1 + 1 = 0 when the key is below every key of the leaf.
    this.open(node, at);
    this.put(node, at, hi, lo, id, size);
    rec[id * STRIDE + SPARE] = node;
    if (this.nodes[node * NODE + COUNT]! > B - 1) this.split(node);
    else this.refresh(node);
  }

  remove(id: number): void {
    const n = this.nodes;
    const leaf = this.list.rec[id * STRIDE + SPARE]!;
    const base = leaf * NODE;
    const count = n[base + COUNT]!;
    let at = 0;
    while (n[base + PTR + at] !== id) at++;
    this.close(leaf, at);
    if (count === 1) this.drop(leaf);
    else this.refresh(leaf);
  }

  /** Block `id`'s key or size changed without passing another key: rewrite its slot. */
  rekey(id: number): void {
    const rec = this.list.rec;
    const leaf = rec[id * STRIDE + SPARE]!;
    const base = leaf * NODE;
    let at = 0;
    while (this.nodes[base + PTR + at] !== id) at++;
    const size = rec[id * STRIDE + SIZE]!;
    const start = rec[id * STRIDE + START]!;
    this.put(leaf, at, this.bySize ? size : start, this.bySize ? start : size, id, size);
    this.refresh(leaf);
  }

  /**
   * Block `id`'s key changed: rewrites its slot when the new key still falls
   * between its neighbours' (true), else changes nothing (false: remove and insert).
   */
  rekeyInPlace(id: number): boolean {
    const n = this.nodes;
    const rec = this.list.rec;
    const leaf = rec[id * STRIDE + SPARE]!;
    const base = leaf * NODE;
    const count = n[base + COUNT]!;
    let at = 0;
    while (n[base + PTR + at] !== id) at++;
    const size = rec[id * STRIDE + SIZE]!;
    const start = rec[id * STRIDE + START]!;
    const hi = this.bySize ? size : start;
    const lo = this.bySize ? start : size;
    const before = at > 0 ? base + at - 1 : n[base + PREV] !== 0 ? n[base + PREV]! * NODE + n[n[base + PREV]! * NODE + COUNT]! - 1 : -1;
    if (before >= 0 && !(n[before + HI]! < hi || (n[before + HI] === hi && n[before + LO]! < lo))) return false;
    const after = at < count - 1 ? base + at + 1 : n[base + NEXT] !== 0 ? n[base + NEXT]! * NODE : -1;
    if (after >= 0 && !(hi < n[after + HI]! || (hi === n[after + HI] && lo < n[after + LO]!))) return false;
    this.put(leaf, at, hi, lo, id, size);
    this.refresh(leaf);
    return true;
  }

  /** first-fit with alignment: the lowest-address block that holds `size` units at an aligned start, or 0. */
  firstAtLeast(size: number, alignment: number): number {
    const n = this.nodes;
    let node = this.root;
    if (node === 0) return 0;
    // Descend through the first child large enough, then walk the leaves from there.
    while (n[node * NODE + LEAF] === 0) {
      let i = 0;
      const count = n[node * NODE + COUNT]!;
      while (i < count && n[node * NODE + MAX + i]! < size) i++;
      if (i === count) return 0;
      node = n[node * NODE + PTR + i]!;
    }
    for (let leaf = node; leaf !== 0; leaf = n[leaf * NODE + NEXT]!) {
      const count = n[leaf * NODE + COUNT]!;
      for (let i = 0; i < count; i++) {
        if (n[leaf * NODE + MAX + i]! >= size && this.fits(n[leaf * NODE + PTR + i]!, size, alignment)) return n[leaf * NODE + PTR + i]!;
      }
    }
    return 0;
  }

  /** first-fit without alignment: the lowest-address block of at least `size`, or 0. */
  firstOfSize(size: number): number {
    const n = this.nodes;
    let node = this.root;
    if (node === 0) return 0;
    for (;;) {
      const base = node * NODE;
      let i = 0;
      const count = n[base + COUNT]!;
      while (i < count && n[base + MAX + i]! < size) i++;
      if (i === count) return 0;
      if (n[base + LEAF] !== 0) return n[base + PTR + i]!;
      node = n[base + PTR + i]!;
    }
  }

  /** best-fit: the block with the smallest key at least (size, 0) that holds `size` units at an aligned start, or 0. */
  smallestAtLeast(size: number, alignment: number): number {
    const n = this.nodes;
    let node = this.root;
    if (node === 0) return 0;
    while (n[node * NODE + LEAF] === 0) node = n[node * NODE + PTR + Math.max(0, this.lastAtMost(node, size, 0))]!;
    let i = this.lastAtMost(node, size, 0);
    // The slot found holds a key ≤ (size, 0); only an equal key (size, 0) can be taken.
    if (i < 0 || n[node * NODE + HI + i]! < size || n[node * NODE + LO + i] !== 0) i++;
    for (let leaf = node; leaf !== 0; leaf = n[leaf * NODE + NEXT]!, i = 0) {
      const count = n[leaf * NODE + COUNT]!;
      for (; i < count; i++) {
        const id = n[leaf * NODE + PTR + i]!;
        if (alignment === 1 || this.fits(id, size, alignment)) return id;
      }
    }
    return 0;
  }

  /** best-fit: the block with the largest key, or 0. */
  last(): number {
    const n = this.nodes;
    let node = this.root;
    if (node === 0) return 0;
    while (n[node * NODE + LEAF] === 0) node = n[node * NODE + PTR + n[node * NODE + COUNT]! - 1]!;
    return n[node * NODE + PTR + n[node * NODE + COUNT]! - 1]!;
  }

  /** Whether block `id` holds `size` units at a start rounded up to `alignment`. */
  private fits(id: number, size: number, alignment: number): boolean {
    const rec = this.list.rec;
    const start = rec[id * STRIDE + START]!;
    return Math.ceil(start / alignment) * alignment + size <= start + rec[id * STRIDE + SIZE]!;
  }

  // --- nodes -------------------------------------------------------------------------

  /** The last slot of `node` whose key is ≤ (hi, lo), or -1. */
  private lastAtMost(node: number, hi: number, lo: number): number {
    const n = this.nodes;
    const base = node * NODE;
    let i = n[base + COUNT]! - 1;
    while (i >= 0) {
      const h = n[base + HI + i]!;
      if (h < hi || (h === hi && n[base + LO + i]! <= lo)) break;
      i--;
    }
    return i;
  }

  private put(node: number, at: number, hi: number, lo: number, ptr: number, max: number): void {
    const base = node * NODE;
    this.nodes[base + HI + at] = hi;
    this.nodes[base + LO + at] = lo;
    this.nodes[base + PTR + at] = ptr;
    this.nodes[base + MAX + at] = max;
  }

  /** Makes room at slot `at` (count + 1). */
  private open(node: number, at: number): void {
    const n = this.nodes;
    const base = node * NODE;
    const count = n[base + COUNT]!;
    for (let i = base + count; i > base + at; i--) {
      n[i + HI] = n[i + HI - 1]!;
      n[i + LO] = n[i + LO - 1]!;
      n[i + PTR] = n[i + PTR - 1]!;
      n[i + MAX] = n[i + MAX - 1]!;
    }
    n[base + COUNT] = count + 1;
    if (n[base + LEAF] === 0) for (let i = at + 1; i <= count; i++) n[n[base + PTR + i]! * NODE + SLOT] = i;
  }

  /** Closes slot `at` (count - 1). */
  private close(node: number, at: number): void {
    const n = this.nodes;
    const base = node * NODE;
    const count = n[base + COUNT]!;
    for (let i = base + at; i < base + count - 1; i++) {
      n[i + HI] = n[i + HI + 1]!;
      n[i + LO] = n[i + LO + 1]!;
      n[i + PTR] = n[i + PTR + 1]!;
      n[i + MAX] = n[i + MAX + 1]!;
    }
    n[base + COUNT] = count - 1;
    if (n[base + LEAF] === 0) for (let i = at; i < count - 1; i++) n[n[base + PTR + i]! * NODE + SLOT] = i;
  }

  private newNode(leaf: boolean, parent: number): number {
    let node = this.spare.pop();
    if (node === undefined) {
      node = this.fresh++;
      if ((node + 1) * NODE > this.nodes.length) {
        const grown = new Uint32Array(this.nodes.length * 2);
        grown.set(this.nodes);
        this.nodes = grown;
      }
    }
    const base = node * NODE;
    this.nodes.fill(0, base, base + HI);
    this.nodes[base + LEAF] = leaf ? 1 : 0;
    this.nodes[base + PARENT] = parent;
    return node;
  }

  /** Copies `node`'s smallest key and largest size into its parent's slot, up the path while they change. */
  private refresh(node: number): void {
    const n = this.nodes;
    for (let child = node, parent = n[child * NODE + PARENT]!; parent !== 0; child = parent, parent = n[child * NODE + PARENT]!) {
      const c = child * NODE;
      let max = 0;
      for (let i = 0, count = n[c + COUNT]!; i < count; i++) if (n[c + MAX + i]! > max) max = n[c + MAX + i]!;
      const slot = parent * NODE + n[c + SLOT]!;
      if (n[slot + HI] === n[c + HI] && n[slot + LO] === n[c + LO] && n[slot + MAX] === max) return;
      n[slot + HI] = n[c + HI]!;
      n[slot + LO] = n[c + LO]!;
      n[slot + MAX] = max;
    }
  }

  /** Splits full `node` (B slots) into two halves, adding the upper one to its parent. */
  private split(node: number): void {
    const n = this.nodes;
    const leaf = n[node * NODE + LEAF] === 1;
    let parent = n[node * NODE + PARENT]!;
    if (parent === 0) {
      // A new root above the old one.
      parent = this.newNode(false, 0);
      this.put(parent, 0, 0, 0, node, 0);
      this.nodes[parent * NODE + COUNT] = 1;
      this.nodes[node * NODE + PARENT] = parent;
      this.nodes[node * NODE + SLOT] = 0;
      this.root = parent;
    }
    const upper = this.newNode(leaf, parent);
    const m = this.nodes;
    const half = B >> 1;
    const from = node * NODE;
    const to = upper * NODE;
    for (const run of [HI, LO, PTR, MAX]) m.copyWithin(to + run, from + run + half, from + run + B); // a split is rare
    m[from + COUNT] = half;
    m[to + COUNT] = B - half;
    if (leaf) {
      const rec = this.list.rec;
      for (let i = 0; i < B - half; i++) rec[m[to + PTR + i]! * STRIDE + SPARE] = upper;
      const after = m[from + NEXT]!;
      m[to + NEXT] = after;
      m[to + PREV] = node;
      m[from + NEXT] = upper;
      if (after !== 0) m[after * NODE + PREV] = upper;
    } else {
      for (let i = 0; i < B - half; i++) {
        m[m[to + PTR + i]! * NODE + PARENT] = upper;
        m[m[to + PTR + i]! * NODE + SLOT] = i;
      }
    }
    const at = m[from + SLOT]! + 1;
    this.open(parent, at);
    this.put(parent, at, 0, 0, upper, 0);
    m[to + SLOT] = at;
    this.refresh(node);
    this.refresh(upper);
    if (m[parent * NODE + COUNT]! > B - 1) this.split(parent);
  }

  /** Drops empty `node` from its parent (and the leaf list), and the parent too if that empties it. */
  private drop(node: number): void {
    const n = this.nodes;
    const base = node * NODE;
    if (n[base + LEAF] === 1) {
      const before = n[base + PREV]!;
      const after = n[base + NEXT]!;
      if (before !== 0) n[before * NODE + NEXT] = after;
      if (after !== 0) n[after * NODE + PREV] = before;
    }
    const parent = n[base + PARENT]!;
    this.spare.push(node);
    if (parent === 0) {
      this.root = 0;
      return;
    }
    const count = n[parent * NODE + COUNT]!;
    this.close(parent, n[base + SLOT]!);
    if (count === 1) {
      this.drop(parent);
      return;
    }
    if (parent === this.root && count === 2) {
      // A root with one child: the child becomes the root.
      const child = n[parent * NODE + PTR]!;
      n[child * NODE + PARENT] = 0;
      this.root = child;
      this.spare.push(parent);
      return;
    }
    this.refresh(parent);
  }

  // --- checks ------------------------------------------------------------------------

  /** Throws an Error naming the first broken invariant; returns the number of blocks. */
  check(describe: (id: number) => string): number {
    const n = this.nodes;
    const rec = this.list.rec;
    if (this.root === 0) return 0;
    if (n[this.root * NODE + PARENT] !== 0) throw new Error('the root of the free-block tree has a parent');
    const leaves: number[] = [];
    // Returns [smallest hi, smallest lo, largest size] of the subtree.
    const visit = (node: number, depth: number, leafDepth: number[]): [number, number, number] => {
      const base = node * NODE;
      const count = n[base + COUNT]!;
      if (count === 0 || count > B - 1) throw new Error(`free-block tree node ${node} holds ${count} slots`);
      let max = 0;
      for (let i = 0; i < count; i++) {
        const ptr = n[base + PTR + i]!;
        if (n[base + LEAF] === 1) {
          const size = rec[ptr * STRIDE + SIZE]!;
          const start = rec[ptr * STRIDE + START]!;
          if (rec[ptr * STRIDE + SPARE] !== node) throw new Error(`${describe(ptr)} does not know its leaf`);
          if (
            n[base + HI + i] !== (this.bySize ? size : start) ||
            n[base + LO + i] !== (this.bySize ? start : size) ||
            n[base + MAX + i] !== size
          )
            throw new Error(`${describe(ptr)} has a stale key in the free-block tree`);
        } else {
          if (n[ptr * NODE + PARENT] !== node || n[ptr * NODE + SLOT] !== i)
            throw new Error(`free-block tree node ${ptr} has a wrong parent link`);
          const [hi, lo, childMax] = visit(ptr, depth + 1, leafDepth);
          if (n[base + HI + i] !== hi || n[base + LO + i] !== lo || n[base + MAX + i] !== childMax)
            throw new Error(`free-block tree node ${node} has a stale slot for node ${ptr}`);
        }
        max = Math.max(max, n[base + MAX + i]!);
      }
      if (n[base + LEAF] === 1) {
        leaves.push(node);
        if (leafDepth.length === 0) leafDepth.push(depth);
        else if (leafDepth[0] !== depth) throw new Error('the free-block tree has leaves at different depths');
      }
      return [n[base + HI]!, n[base + LO]!, max];
    };
    visit(this.root, 0, []);
    let count = 0;
    let previous: [number, number] | undefined;
    for (let i = 0; i < leaves.length; i++) {
      const leaf = leaves[i]!;
      if (n[leaf * NODE + PREV] !== (leaves[i - 1] ?? 0) || n[leaf * NODE + NEXT] !== (leaves[i + 1] ?? 0))
        throw new Error(`free-block tree leaf ${leaf} has a wrong leaf link`);
      for (let j = 0; j < n[leaf * NODE + COUNT]!; j++) {
        const key: [number, number] = [n[leaf * NODE + HI + j]!, n[leaf * NODE + LO + j]!];
        if (previous && (key[0] < previous[0] || (key[0] === previous[0] && key[1] <= previous[1])))
          throw new Error(`${describe(n[leaf * NODE + PTR + j]!)} is out of order in the free-block tree`);
        previous = key;
        count++;
      }
    }
    return count;
  }
}
