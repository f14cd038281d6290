// Storage for blocks. The blocks of an allocator tile [0, capacity) in
// address order, like TLSF's physical block list: each is free or used, and
// knows its neighbours, so freeing merges with them in O(1).
//
// A block is a small integer id. Its fields live in typed arrays, packed so
// that what is read together shares a cache line: `spans` holds start and
// size side by side, `links` holds prev, next and the used flag. A steady
// churn allocates nothing. Spans are whole numbers below 2^32 (MAX_CAPACITY), so a
// Uint32Array holds them exactly, and V8 reads them back as small integers (below
// 2^30): read from a Float64Array they were doubles, which the allocator's callers
// stored in their own fields and arrays, turning those into boxed doubles too.
//
// Invariants: id 0 is never handed out (it means "none" everywhere); an id is
// either live (one block) or on `spare`; a live block has size > 0.

const SPAN = 2; // start, size
const LINK = 4; // prev, next, used, (unused)

export class BlockPool {
  private spans: Uint32Array;
  private links: Int32Array;
  /** Debug mode: each allocation's serial number. */
  private serials: Float64Array;
  private spare: number[] = [];
  private nextFresh = 1;
  private readonly onGrow: (capacity: number) => void;

  constructor(initialCapacity: number, onGrow: (capacity: number) => void) {
    this.spans = new Uint32Array(initialCapacity * SPAN);
    this.links = new Int32Array(initialCapacity * LINK);
    this.serials = new Float64Array(initialCapacity);
    this.onGrow = onGrow;
  }

  /** How many ids the arrays have room for. */
  get capacity(): number {
    return this.serials.length;
  }

  get liveCount(): number {
    return this.nextFresh - 1 - this.spare.length;
  }

  /** A fresh, unlinked block holding [start, start + size). */
  take(start: number, size: number, used: boolean): number {
    let id = this.spare.pop();
    if (id === undefined) {
      id = this.nextFresh++;
      if (id >= this.capacity) this.grow(this.capacity * 2);
    }
    this.spans[id * SPAN] = start;
    this.spans[id * SPAN + 1] = size;
    this.links[id * LINK] = 0;
    this.links[id * LINK + 1] = 0;
    this.links[id * LINK + 2] = used ? 1 : 0;
    this.serials[id] = 0;
    return id;
  }

  release(id: number): void {
    this.spans[id * SPAN + 1] = 0;
    this.spare.push(id);
  }

  start(id: number): number {
    return this.spans[id * SPAN]!;
  }

  size(id: number): number {
    return this.spans[id * SPAN + 1]!;
  }

  end(id: number): number {
    return this.spans[id * SPAN]! + this.spans[id * SPAN + 1]!;
  }

  setStart(id: number, start: number): void {
    this.spans[id * SPAN] = start;
  }

  setSize(id: number, size: number): void {
    this.spans[id * SPAN + 1] = size;
  }

  /** The block before this one in address order, or 0. */
  prev(id: number): number {
    return this.links[id * LINK]!;
  }

  /** The block after this one in address order, or 0. */
  next(id: number): number {
    return this.links[id * LINK + 1]!;
  }

  setPrev(id: number, prev: number): void {
    this.links[id * LINK] = prev;
  }

  setNext(id: number, next: number): void {
    this.links[id * LINK + 1] = next;
  }

  /** True for a used block (an allocation), false for a free one. */
  isUsed(id: number): boolean {
    return this.links[id * LINK + 2] !== 0;
  }

  /** True when `id` is a block (not 0) and free. */
  isFree(id: number): boolean {
    return id !== 0 && this.links[id * LINK + 2] === 0;
  }

  setUsed(id: number, used: boolean): void {
    this.links[id * LINK + 2] = used ? 1 : 0;
  }

  serial(id: number): number {
    return this.serials[id]!;
  }

  setSerial(id: number, serial: number): void {
    this.serials[id] = serial;
  }

  private grow(capacity: number): void {
    this.spans = grown(this.spans, new Uint32Array(capacity * SPAN));
    this.links = grown(this.links, new Int32Array(capacity * LINK));
    this.serials = grown(this.serials, new Float64Array(capacity));
    this.onGrow(capacity);
  }
}

export function grown<T extends Float64Array | Int32Array | Uint32Array>(old: T, target: T): T {
  target.set(old as ArrayLike<number>);
  return target;
}
