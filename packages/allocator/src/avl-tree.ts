// An AVL tree over the free blocks of a block list, with parent links, in
// typed arrays: `nodes` packs left, right, parent and height per id (one cache
// line per step of a descent). Ordered 'by-address' (start) or 'by-size'
// (size, then start). The address tree also keeps the largest size in each
// subtree (`subtreeMax`), which makes first-fit a single descent.
//
// Invariants (checked by `check()`):
// - in-order traversal is strictly increasing in the tree's order;
// - the parent of a child is its parent, the parent of the root is 0;
// - height = 1 + max(height of children), an absent child (id 0) counting 0;
// - the heights of the two children of every node differ by at most 1;
// - with maxima: subtreeMax = max(size, subtreeMax of children), 0 for id 0.

/** Where the tree reads a block's key: its start and size. */
export interface BlockSpans {
  start(id: number): number;
  size(id: number): number;
}

function grown<T extends Int32Array | Uint32Array>(old: T, target: T): T {
  target.set(old);
  return target;
}

export type TreeOrder = 'by-address' | 'by-size';

const NODE = 4; // left, right, parent, height
const LEFT = 0;
const RIGHT = 1;
const PARENT = 2;
const HEIGHT = 3;

export class AvlTree {
  root = 0;
  private nodes: Int32Array;
  private maxima: Uint32Array;
  private readonly pool: BlockSpans;
  private readonly bySize: boolean;
  private readonly tracksMax: boolean;

  constructor(pool: BlockSpans, ids: number, order: TreeOrder, tracksMax: boolean) {
    this.pool = pool;
    this.bySize = order === 'by-size';
    this.tracksMax = tracksMax;
    this.nodes = new Int32Array(ids * NODE);
    this.maxima = new Uint32Array(tracksMax ? ids : 1);
  }

  /** Called when the block records grow: ids up to `capacity - 1` become valid. */
  grow(capacity: number): void {
    this.nodes = grown(this.nodes, new Int32Array(capacity * NODE));
    if (this.tracksMax) this.maxima = grown(this.maxima, new Uint32Array(capacity));
  }

  left(id: number): number {
    return this.nodes[id * NODE + LEFT]!;
  }

  right(id: number): number {
    return this.nodes[id * NODE + RIGHT]!;
  }

  parent(id: number): number {
    return this.nodes[id * NODE + PARENT]!;
  }

  /** The largest size in the subtree at `id` (0 for id 0; address tree only). */
  subtreeMax(id: number): number {
    return this.maxima[id]!;
  }

  insert(id: number): void {
    const nodes = this.nodes;
    nodes[id * NODE + LEFT] = 0;
    nodes[id * NODE + RIGHT] = 0;
    nodes[id * NODE + HEIGHT] = 1;
    if (this.tracksMax) this.maxima[id] = this.pool.size(id);
    let node = this.root;
    if (node === 0) {
      nodes[id * NODE + PARENT] = 0;
      this.root = id;
      return;
    }
    for (;;) {
      const side = this.before(id, node) ? LEFT : RIGHT;
      const child = nodes[node * NODE + side]!;
      if (child === 0) {
        nodes[node * NODE + side] = id;
        break;
      }
      node = child;
    }
    nodes[id * NODE + PARENT] = node;
    this.retrace(node, 0);
  }

  remove(id: number): void {
    const nodes = this.nodes;
    const l = this.left(id);
    const r = this.right(id);
    const p = this.parent(id);
    if (l !== 0 && r !== 0) {
      // Put the in-order successor `s` (leftmost of the right subtree) where
      // `id` was; ids are referenced from outside, so move nodes, not keys.
      const s = this.leftmost(r);
      // s's old place: its ancestors up to s need fixing.
      let retraceFrom = s;
      if (s !== r) {
        const sp = this.parent(s);
        const sr = this.right(s);
        nodes[sp * NODE + LEFT] = sr;
        if (sr !== 0) nodes[sr * NODE + PARENT] = sp;
        nodes[s * NODE + RIGHT] = r;
        nodes[r * NODE + PARENT] = s;
        retraceFrom = sp;
      }
      nodes[s * NODE + LEFT] = l;
      nodes[l * NODE + PARENT] = s;
      this.replaceChild(p, id, s);
      // s inherits id's height and subtree maximum, so that retrace compares
      // against what id's ancestors were built on.
      nodes[s * NODE + HEIGHT] = nodes[id * NODE + HEIGHT]!;
      if (this.tracksMax) this.maxima[s] = this.maxima[id]!;
      this.retrace(retraceFrom, s);
    } else {
      this.replaceChild(p, id, l !== 0 ? l : r);
      if (p !== 0) this.retrace(p, 0);
    }
    nodes[id * NODE + LEFT] = nodes[id * NODE + RIGHT] = nodes[id * NODE + PARENT] = nodes[id * NODE + HEIGHT] = 0;
    if (this.tracksMax) this.maxima[id] = 0;
  }

  /** After the size of `id` changed: fixes the maxima up the path, as far as they change. */
  sizeChanged(id: number): void {
    if (!this.tracksMax) return;
    for (let node = id; node !== 0; node = this.parent(node)) {
      const old = this.maxima[node];
      this.fixMax(node);
      if (this.maxima[node] === old) return;
    }
  }

  first(): number {
    return this.root === 0 ? 0 : this.leftmost(this.root);
  }

  last(): number {
    let node = this.root;
    if (node === 0) return 0;
    while (this.right(node) !== 0) node = this.right(node);
    return node;
  }

  /** The in-order successor of `id`, or 0. */
  next(id: number): number {
    const r = this.right(id);
    if (r !== 0) return this.leftmost(r);
    let node = id;
    let p = this.parent(node);
    while (p !== 0 && this.right(p) === node) {
      node = p;
      p = this.parent(node);
    }
    return p;
  }

  /** Throws a description of the first broken invariant. Returns the node count. */
  check(describe: (id: number) => string): number {
    let count = 0;
    const visit = (id: number, parent: number): number => {
      if (id === 0) return 0;
      count++;
      if (this.parent(id) !== parent) throw new Error(`${describe(id)} has a wrong parent link`);
      const hl = visit(this.left(id), id);
      const hr = visit(this.right(id), id);
      if (Math.abs(hl - hr) > 1) throw new Error(`${describe(id)} is out of balance (${hl} vs ${hr})`);
      const h = 1 + Math.max(hl, hr);
      if (this.nodes[id * NODE + HEIGHT] !== h)
        throw new Error(`${describe(id)} has height ${this.nodes[id * NODE + HEIGHT]}, expected ${h}`);
      if (this.tracksMax) {
        const expected = Math.max(this.pool.size(id), this.maxima[this.left(id)]!, this.maxima[this.right(id)]!);
        if (this.maxima[id] !== expected) throw new Error(`${describe(id)} has subtree maximum ${this.maxima[id]}, expected ${expected}`);
      }
      return h;
    };
    if (this.root !== 0 && this.parent(this.root) !== 0) throw new Error('the root has a parent');
    visit(this.root, 0);
    let previous = 0;
    for (let id = this.first(); id !== 0; id = this.next(id)) {
      if (previous !== 0 && !this.before(previous, id)) throw new Error(`${describe(previous)} and ${describe(id)} are out of order`);
      previous = id;
    }
    return count;
  }

  private leftmost(id: number): number {
    let node = id;
    while (this.left(node) !== 0) node = this.left(node);
    return node;
  }

  /** Whether block `a` comes before block `b` in the tree's order. */
  private before(a: number, b: number): boolean {
    const pool = this.pool;
    if (!this.bySize) return pool.start(a) < pool.start(b);
    const sa = pool.size(a);
    const sb = pool.size(b);
    return sa < sb || (sa === sb && pool.start(a) < pool.start(b));
  }

  private replaceChild(parent: number, oldChild: number, newChild: number): void {
    const nodes = this.nodes;
    if (parent === 0) this.root = newChild;
    else if (this.left(parent) === oldChild) nodes[parent * NODE + LEFT] = newChild;
    else nodes[parent * NODE + RIGHT] = newChild;
    if (newChild !== 0) nodes[newChild * NODE + PARENT] = parent;
  }

  /**
   * Fixes heights, balance and maxima from `id` towards the root. It stops once
   * a subtree comes out unchanged (same root, height and maximum), since
   * nothing above can change then — but not before passing `mustPass`.
   */
  private retrace(id: number, mustPass: number): void {
    let passed = mustPass === 0;
    for (let node = id; node !== 0; node = this.parent(node)) {
      const height = this.nodes[node * NODE + HEIGHT];
      const max = this.maxima[this.tracksMax ? node : 0];
      const root = this.rebalance(node);
      if (node === mustPass) passed = true;
      if (passed && root === node && this.nodes[node * NODE + HEIGHT] === height && this.maxima[this.tracksMax ? node : 0] === max) return;
      node = root;
    }
  }

  private height(id: number): number {
    return this.nodes[id * NODE + HEIGHT]!;
  }

  /** Rebalances the subtree at `id`; returns the subtree's new root. */
  private rebalance(id: number): number {
    const l = this.left(id);
    const r = this.right(id);
    const balance = this.height(l) - this.height(r);
    if (balance > 1) {
      if (this.height(this.left(l)) < this.height(this.right(l))) this.rotate(l, RIGHT, LEFT);
      return this.rotate(id, LEFT, RIGHT);
    }
    if (balance < -1) {
      if (this.height(this.right(r)) < this.height(this.left(r))) this.rotate(r, LEFT, RIGHT);
      return this.rotate(id, RIGHT, LEFT);
    }
    this.fix(id);
    return id;
  }

  /**
   * Rotates x's child on side `up` into x's place (up = RIGHT is a left
   * rotation); `down` is the other side. Returns the subtree's new root.
   */
  private rotate(x: number, up: number, down: number): number {
    const nodes = this.nodes;
    const y = nodes[x * NODE + up]!;
    const inner = nodes[y * NODE + down]!;
    nodes[x * NODE + up] = inner;
    if (inner !== 0) nodes[inner * NODE + PARENT] = x;
    this.replaceChild(this.parent(x), x, y);
    nodes[y * NODE + down] = x;
    nodes[x * NODE + PARENT] = y;
    this.fix(x);
    this.fix(y);
    return y;
  }

  private fix(id: number): void {
    const hl = this.height(this.left(id));
    const hr = this.height(this.right(id));
    this.nodes[id * NODE + HEIGHT] = 1 + (hl > hr ? hl : hr);
    if (this.tracksMax) this.fixMax(id);
  }

  private fixMax(id: number): void {
    const max = this.maxima;
    const own = this.pool.size(id);
    const l = max[this.left(id)]!;
    const r = max[this.right(id)]!;
    max[id] = own > l ? (own > r ? own : r) : l > r ? l : r;
  }
}
