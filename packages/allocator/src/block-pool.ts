// Storage for blocks. The blocks of an allocator tile [0, capacity) in
// address order, like TLSF's physical block list: each is free or used, and
// knows its neighbours, so freeing merges with them in O(1). A block is a
// small integer id indexing parallel typed arrays, so trees, bins and lists
// hold ids, not objects, and a steady churn allocates nothing.
//
// Invariants: id 0 is never handed out (it means "none" everywhere); an id is
// either live (one block) or on `spare`; a live block has size > 0.

export class BlockPool {
  /** First unit of the block. */
  start: Float64Array;
  /** Length in units. */
  size: Float64Array;
  /** The block before / after this one in address order, or 0. */
  prev: Int32Array;
  next: Int32Array;
  /** 1 for a used block (an allocation), 0 for a free one. */
  used: Uint8Array;
  /** Debug mode: the allocation's serial number. */
  serial: Float64Array;
  private spare: number[] = [];
  private nextFresh = 1;
  private readonly onGrow: (capacity: number) => void;

  constructor(initialCapacity: number, onGrow: (capacity: number) => void) {
    this.start = new Float64Array(initialCapacity);
    this.size = new Float64Array(initialCapacity);
    this.prev = new Int32Array(initialCapacity);
    this.next = new Int32Array(initialCapacity);
    this.used = new Uint8Array(initialCapacity);
    this.serial = new Float64Array(initialCapacity);
    this.onGrow = onGrow;
  }

  get capacity(): number {
    return this.start.length;
  }

  get liveCount(): number {
    return this.nextFresh - 1 - this.spare.length;
  }

  /** A fresh, unlinked block holding [start, start + size). */
  take(start: number, size: number, used: boolean): number {
    let id = this.spare.pop();
    if (id === undefined) {
      id = this.nextFresh++;
      if (id >= this.start.length) this.grow(this.start.length * 2);
    }
    this.start[id] = start;
    this.size[id] = size;
    this.used[id] = used ? 1 : 0;
    this.prev[id] = this.next[id] = 0;
    this.serial[id] = 0;
    return id;
  }

  release(id: number): void {
    this.size[id] = 0;
    this.spare.push(id);
  }

  end(id: number): number {
    return this.start[id]! + this.size[id]!;
  }

  private grow(capacity: number): void {
    this.start = grown(this.start, new Float64Array(capacity));
    this.size = grown(this.size, new Float64Array(capacity));
    this.prev = grown(this.prev, new Int32Array(capacity));
    this.next = grown(this.next, new Int32Array(capacity));
    this.used = grown(this.used, new Uint8Array(capacity));
    this.serial = grown(this.serial, new Float64Array(capacity));
    this.onGrow(capacity);
  }
}

export function grown<T extends Float64Array | Int32Array | Int8Array | Uint8Array>(old: T, target: T): T {
  target.set(old as ArrayLike<number>);
  return target;
}
