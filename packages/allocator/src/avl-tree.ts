// An AVL tree over BlockPool ids (the free blocks), with parent links, stored in typed arrays.
// Ordered 'by-address' (start) or 'by-size' (size, then start). The address
// tree also keeps the largest size in each subtree (`maxSize`), which makes
// first-fit a single descent.
//
// Invariants (checked by `check()`):
// - in-order traversal is strictly increasing in the tree's order;
// - parent[child] is its parent, parent[root] is 0;
// - height[id] = 1 + max(height of children), height[0] = 0;
// - the heights of the two children of every node differ by at most 1;
// - with maxSize: maxSize[id] = max(size[id], maxSize[left], maxSize[right]),
//   maxSize[0] = 0.

import { grown, type BlockPool } from './block-pool.ts';

export type TreeOrder = 'by-address' | 'by-size';

export class AvlTree {
  root = 0;
  left: Int32Array;
  right: Int32Array;
  parent: Int32Array;
  height: Int8Array;
  /** Largest size in each subtree (address tree only; empty otherwise). */
  maxSize: Float64Array;
  private readonly pool: BlockPool;
  private readonly bySize: boolean;
  private readonly tracksMax: boolean;

  constructor(pool: BlockPool, order: TreeOrder, tracksMax: boolean) {
    const capacity = pool.capacity;
    this.pool = pool;
    this.bySize = order === 'by-size';
    this.tracksMax = tracksMax;
    this.left = new Int32Array(capacity);
    this.right = new Int32Array(capacity);
    this.parent = new Int32Array(capacity);
    this.height = new Int8Array(capacity);
    this.maxSize = new Float64Array(tracksMax ? capacity : 0);
  }

  /** Whether `a` comes before `b` in the tree's order. */
  before(a: number, b: number): boolean {
    const { start, size } = this.pool;
    if (!this.bySize) return start[a]! < start[b]!;
    const sa = size[a]!;
    const sb = size[b]!;
    return sa < sb || (sa === sb && start[a]! < start[b]!);
  }

  /** Called when the pool grows: ids up to `capacity - 1` become valid. */
  grow(capacity: number): void {
    this.left = grown(this.left, new Int32Array(capacity));
    this.right = grown(this.right, new Int32Array(capacity));
    this.parent = grown(this.parent, new Int32Array(capacity));
    this.height = grown(this.height, new Int8Array(capacity));
    if (this.tracksMax) this.maxSize = grown(this.maxSize, new Float64Array(capacity));
  }

  insert(id: number): void {
    this.left[id] = 0;
    this.right[id] = 0;
    this.height[id] = 1;
    if (this.tracksMax) this.maxSize[id] = this.pool.size[id]!;
    let node = this.root;
    if (node === 0) {
      this.parent[id] = 0;
      this.root = id;
      return;
    }
    for (;;) {
      if (this.before(id, node)) {
        const next = this.left[node]!;
        if (next === 0) {
          this.left[node] = id;
          break;
        }
        node = next;
      } else {
        const next = this.right[node]!;
        if (next === 0) {
          this.right[node] = id;
          break;
        }
        node = next;
      }
    }
    this.parent[id] = node;
    this.retrace(node, 0);
  }

  remove(id: number): void {
    const l = this.left[id]!;
    const r = this.right[id]!;
    const p = this.parent[id]!;
    if (l !== 0 && r !== 0) {
      // Put the in-order successor `s` (leftmost of the right subtree) where
      // `id` was; ids are referenced from outside, so move nodes, not keys.
      let s = r;
      while (this.left[s] !== 0) s = this.left[s]!;
      // s takes id's place; its old place's ancestors up to s need fixing.
      let retraceFrom = s;
      if (s !== r) {
        const sp = this.parent[s]!;
        const sr = this.right[s]!;
        this.left[sp] = sr;
        if (sr !== 0) this.parent[sr] = sp;
        this.right[s] = r;
        this.parent[r] = s;
        retraceFrom = sp;
      }
      this.left[s] = l;
      this.parent[l] = s;
      this.replaceChild(p, id, s);
      // s inherits id's height and subtree maximum, so that retrace compares
      // against what id's ancestors were built on.
      this.height[s] = this.height[id]!;
      if (this.tracksMax) this.maxSize[s] = this.maxSize[id]!;
      this.retrace(retraceFrom, s);
    } else {
      const child = l !== 0 ? l : r;
      this.replaceChild(p, id, child);
      if (p !== 0) this.retrace(p, 0);
    }
    this.left[id] = this.right[id] = this.parent[id] = 0;
    this.height[id] = 0;
  }

  /** After the size of `id` changed: fixes maxSize up the path, as far as it changes. */
  sizeChanged(id: number): void {
    if (!this.tracksMax) return;
    for (let node = id; node !== 0; node = this.parent[node]!) {
      const old = this.maxSize[node];
      this.fixMax(node);
      if (this.maxSize[node] === old) return;
    }
  }

  first(): number {
    return this.root === 0 ? 0 : this.leftmost(this.root);
  }

  last(): number {
    let node = this.root;
    if (node === 0) return 0;
    while (this.right[node] !== 0) node = this.right[node]!;
    return node;
  }

  leftmost(id: number): number {
    let node = id;
    while (this.left[node] !== 0) node = this.left[node]!;
    return node;
  }

  /** The in-order successor of `id`, or 0. */
  next(id: number): number {
    const r = this.right[id]!;
    if (r !== 0) return this.leftmost(r);
    let node = id;
    let p = this.parent[node]!;
    while (p !== 0 && this.right[p] === node) {
      node = p;
      p = this.parent[node]!;
    }
    return p;
  }

  /** Throws a description of the first broken invariant. Returns the node count. */
  check(describe: (id: number) => string): number {
    let count = 0;
    const visit = (id: number, parent: number): number => {
      if (id === 0) return 0;
      count++;
      if (this.parent[id] !== parent) throw new Error(`${describe(id)} has a wrong parent link`);
      const hl = visit(this.left[id]!, id);
      const hr = visit(this.right[id]!, id);
      if (Math.abs(hl - hr) > 1) throw new Error(`${describe(id)} is out of balance (${hl} vs ${hr})`);
      if (this.tracksMax) {
        const expected = Math.max(this.pool.size[id]!, this.maxSize[this.left[id]!]!, this.maxSize[this.right[id]!]!);
        if (this.maxSize[id] !== expected) throw new Error(`${describe(id)} has subtree maximum ${this.maxSize[id]}, expected ${expected}`);
      }
      const h = 1 + Math.max(hl, hr);
      if (this.height[id] !== h) throw new Error(`${describe(id)} has height ${this.height[id]}, expected ${h}`);
      return h;
    };
    if (this.root !== 0 && this.parent[this.root] !== 0) throw new Error('the root has a parent');
    visit(this.root, 0);
    let previous = 0;
    for (let id = this.first(); id !== 0; id = this.next(id)) {
      if (previous !== 0 && !this.before(previous, id)) {
        throw new Error(`${describe(previous)} and ${describe(id)} are out of order`);
      }
      previous = id;
    }
    return count;
  }

  private replaceChild(parent: number, oldChild: number, newChild: number): void {
    if (parent === 0) this.root = newChild;
    else if (this.left[parent] === oldChild) this.left[parent] = newChild;
    else this.right[parent] = newChild;
    if (newChild !== 0) this.parent[newChild] = parent;
  }

  /**
   * Fixes heights, balance and maxSize from `id` towards the root. It stops
   * once a subtree comes out unchanged (same root, height and maxSize), since
   * nothing above can change then — but not before passing `mustPass`.
   */
  private retrace(id: number, mustPass: number): void {
    let passed = mustPass === 0;
    for (let node = id; node !== 0; node = this.parent[node]!) {
      const height = this.height[node];
      const max = this.tracksMax ? this.maxSize[node] : 0;
      const root = this.rebalance(node);
      if (node === mustPass) passed = true;
      if (passed && root === node && this.height[node] === height && (!this.tracksMax || this.maxSize[node] === max)) return;
      node = root;
    }
  }

  /** Rebalances the subtree at `id`; returns the subtree's new root. */
  private rebalance(id: number): number {
    const l = this.left[id]!;
    const r = this.right[id]!;
    const balance = this.height[l]! - this.height[r]!;
    if (balance > 1) {
      if (this.height[this.left[l]!]! < this.height[this.right[l]!]!) this.rotateLeft(l);
      return this.rotateRight(id);
    }
    if (balance < -1) {
      if (this.height[this.right[r]!]! < this.height[this.left[r]!]!) this.rotateRight(r);
      return this.rotateLeft(id);
    }
    this.fix(id);
    return id;
  }

  private rotateLeft(x: number): number {
    const y = this.right[x]!;
    const inner = this.left[y]!;
    this.right[x] = inner;
    if (inner !== 0) this.parent[inner] = x;
    this.replaceChild(this.parent[x]!, x, y);
    this.left[y] = x;
    this.parent[x] = y;
    this.fix(x);
    this.fix(y);
    return y;
  }

  private rotateRight(x: number): number {
    const y = this.left[x]!;
    const inner = this.right[y]!;
    this.left[x] = inner;
    if (inner !== 0) this.parent[inner] = x;
    this.replaceChild(this.parent[x]!, x, y);
    this.right[y] = x;
    this.parent[x] = y;
    this.fix(x);
    this.fix(y);
    return y;
  }

  private fix(id: number): void {
    const hl = this.height[this.left[id]!]!;
    const hr = this.height[this.right[id]!]!;
    this.height[id] = 1 + (hl > hr ? hl : hr);
    if (this.tracksMax) this.fixMax(id);
  }

  private fixMax(id: number): void {
    const max = this.maxSize;
    const own = this.pool.size[id]!;
    const l = max[this.left[id]!]!;
    const r = max[this.right[id]!]!;
    max[id] = own > l ? (own > r ? own : r) : l > r ? l : r;
  }
}
