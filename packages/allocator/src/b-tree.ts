// A B+tree over the free blocks of a block list, for first-fit and best-fit:
// up to 16 slots a node, each slot a key (hi, lo), a pointer and a maximum, in
// parallel runs of one Uint32Array stride, so the 16 `hi` keys a search reads
// are one cache line. Leaves point at blocks (each block's record keeps its
// leaf in its SPARE word, so a removal needs no search); internal nodes point
// at children and keep each child's smallest key and largest block size.
//
// Ordered 'by-address' (hi = start, lo = size) for first-fit or 'by-size'
// (hi = size, lo = start) for best-fit; both find their block by descending
// to the first child whose largest size is enough.
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

  /** Whether block `id` is in the leaf its record names. */
  holds(id: number): boolean {
    const leaf = this.list.rec[id * STRIDE + SPARE]!;
    if (leaf === 0 || leaf >= this.fresh || this.nodes[leaf * NODE + LEAF] !== 1) return false;
    for (let i = 0; i < this.nodes[leaf * NODE + COUNT]!; i++) if (this.nodes[leaf * NODE + PTR + i] === id) return true;
    return false;
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
    else if (at === 0) this.refresh(node);
    else this.raise(node, size);
  }

  remove(id: number): void {
    const n = this.nodes;
    const leaf = this.list.rec[id * STRIDE + SPARE]!;
    const at = this.slotOf(leaf, id);
    const old = n[leaf * NODE + MAX + at]!;
    this.close(leaf, at);
    if (n[leaf * NODE + COUNT] === 0) this.drop(leaf);
    else if (at === 0) this.refresh(leaf);
    else this.lower(leaf, old);
  }

  /** Block `id`'s start or size changed without passing another block: rewrites its slot (by address only). */
  rekey(id: number): void {
    const rec = this.list.rec;
    const n = this.nodes;
    const leaf = rec[id * STRIDE + SPARE]!;
    const size = rec[id * STRIDE + SIZE]!;
    const at = this.slotOf(leaf, id);
    const slot = leaf * NODE + at;
    const old = n[slot + MAX]!;
    n[slot + HI] = rec[id * STRIDE + START]!;
    n[slot + LO] = size;
    n[slot + MAX] = size;
    // Only a leaf's first key is copied up; otherwise only the maxima above can change.
    if (at === 0) this.refresh(leaf);
    else if (size > old) this.raise(leaf, size);
    else if (size < old) this.lower(leaf, old);
  }

  /**
   * The first block in key order of at least `size` units that holds them at a
   * start aligned to `alignment`, or 0: by address, first-fit's pick; by size,
   * best-fit's (keys ascend by size, so the first large enough is the smallest).
   */
  firstAtLeast(size: number, alignment: number): number {
    const n = this.nodes;
    let node = this.root;
    if (node === 0) return 0;
    // Descend through the first child large enough, then walk the leaves from there (one step without alignment).
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
        const id = n[leaf * NODE + PTR + i]!;
        if (n[leaf * NODE + MAX + i]! >= size && (alignment === 1 || this.fits(id, size, alignment))) return id;
      }
    }
    return 0;
  }

  /** Whether block `id` holds `size` units at a start rounded up to `alignment`. */
  private fits(id: number, size: number, alignment: number): boolean {
    const rec = this.list.rec;
    const start = rec[id * STRIDE + START]!;
    return Math.ceil(start / alignment) * alignment + size <= start + rec[id * STRIDE + SIZE]!;
  }

  // --- nodes -------------------------------------------------------------------------

  /** The slot of block `id` in `leaf`. */
  private slotOf(leaf: number, id: number): number {
    let at = 0;
    while (this.nodes[leaf * NODE + PTR + at] !== id) at++;
    return at;
  }

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

  /** A slot of `node` now holds `max`, no less than before: raises the maxima above it up to where they are already as large. */
  private raise(node: number, max: number): void {
    const n = this.nodes;
    for (let child = node, parent = n[child * NODE + PARENT]!; parent !== 0; child = parent, parent = n[child * NODE + PARENT]!) {
      const slot = parent * NODE + MAX + n[child * NODE + SLOT]!;
      if (n[slot]! >= max) return;
      n[slot] = max;
    }
  }

  /** A slot of `node` that held `old` now holds less (or is gone): recomputes the maxima above it that were `old`. */
  private lower(node: number, old: number): void {
    const n = this.nodes;
    for (let child = node, parent = n[child * NODE + PARENT]!; parent !== 0; child = parent, parent = n[child * NODE + PARENT]!) {
      const slot = parent * NODE + MAX + n[child * NODE + SLOT]!;
      // The parent's slot holds the child's old maximum: when that was larger than `old`, it has not changed.
      if (n[slot] !== old) return;
      const c = child * NODE;
      let max = 0;
      for (let i = 0, count = n[c + COUNT]!; i < count; i++) if (n[c + MAX + i]! > max) max = n[c + MAX + i]!;
      if (max === old) return;
      n[slot] = max;
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
    let count = 0;
    let leafDepth = -1;
    let lastLeaf = 0;
    let last: number[] = [];
    const fail = (what: string): never => {
      throw new Error(`the free-block tree ${what}`);
    };
    // Returns the subtree's [smallest hi, smallest lo, largest size]; walks the leaves in order.
    const visit = (node: number, parent: number, slot: number, depth: number): number[] => {
      const base = node * NODE;
      const size = n[base + COUNT]!;
      if (size === 0 || size > B - 1 || n[base + PARENT] !== parent || (parent !== 0 && n[base + SLOT] !== slot))
        fail(`node ${node} is malformed`);
      let max = 0;
      for (let i = 0; i < size; i++) {
        const ptr = n[base + PTR + i]!;
        let key: number[];
        if (n[base + LEAF] === 1) {
          const s = rec[ptr * STRIDE + SIZE]!;
          const start = rec[ptr * STRIDE + START]!;
          key = this.bySize ? [s, start, s] : [start, s, s];
          if (rec[ptr * STRIDE + SPARE] !== node) fail(`has ${describe(ptr)} in a leaf it does not name`);
          if (last.length > 0 && (key[0]! < last[0]! || (key[0] === last[0] && key[1]! <= last[1]!)))
            fail(`has ${describe(ptr)} out of order`);
          last = key;
          count++;
        } else key = visit(ptr, node, i, depth + 1);
        if (n[base + HI + i] !== key[0] || n[base + LO + i] !== key[1] || n[base + MAX + i] !== key[2])
          fail(`node ${node} has a stale slot ${i}`);
        max = Math.max(max, key[2]!);
      }
      if (n[base + LEAF] === 1) {
        if (leafDepth !== -1 && leafDepth !== depth) fail('has leaves at different depths');
        if (n[base + PREV] !== lastLeaf || (lastLeaf !== 0 && n[lastLeaf * NODE + NEXT] !== node)) fail(`leaf ${node} is mislinked`);
        leafDepth = depth;
        lastLeaf = node;
      }
      return [n[base + HI]!, n[base + LO]!, max];
    };
    if (this.root !== 0) visit(this.root, 0, 0, 0);
    if (lastLeaf !== 0 && n[lastLeaf * NODE + NEXT] !== 0) fail('has a last leaf with a next');
    return count;
  }
}
