// The used blocks by start: an open-addressing hash table (linear probing,
// backward-shift deletion) in typed arrays. A JS Map under this churn of
// deletes and inserts spends most of its time rehashing.
//
// Invariants: `ids[slot] === 0` marks an empty slot; every key sits in the
// run of non-empty slots that starts at its home slot (no tombstones);
// the table is at most half full.

const EMPTY = 0;

export class StartMap {
  private keys: Float64Array;
  private ids: Int32Array;
  private mask: number;
  private shift: number;
  size = 0;

  constructor(initialSlots = 64) {
    this.keys = new Float64Array(initialSlots);
    this.ids = new Int32Array(initialSlots);
    this.mask = initialSlots - 1;
    this.shift = 32 - Math.log2(initialSlots);
  }

  /** The block starting at `start`, or 0. */
  get(start: number): number {
    const { keys, ids, mask } = this;
    for (let slot = this.home(start); ; slot = (slot + 1) & mask) {
      const id = ids[slot]!;
      if (id === EMPTY || keys[slot] === start) return id;
    }
  }

  set(start: number, id: number): void {
    if ((this.size + 1) * 2 > this.ids.length) this.resize(this.ids.length * 2);
    const { keys, ids, mask } = this;
    let slot = this.home(start);
    while (ids[slot] !== EMPTY && keys[slot] !== start) slot = (slot + 1) & mask;
    if (ids[slot] === EMPTY) this.size++;
    keys[slot] = start;
    ids[slot] = id;
  }

  delete(start: number): void {
    const { keys, ids, mask } = this;
    let hole = this.home(start);
    while (ids[hole] !== EMPTY && keys[hole] !== start) hole = (hole + 1) & mask;
    if (ids[hole] === EMPTY) return;
    this.size--;
    // Shift later entries of the run back into the hole when their home slot allows.
    for (let slot = (hole + 1) & mask; ids[slot] !== EMPTY; slot = (slot + 1) & mask) {
      const home = this.home(keys[slot]!);
      const stays = hole <= slot ? hole < home && home <= slot : hole < home || home <= slot;
      if (stays) continue;
      keys[hole] = keys[slot]!;
      ids[hole] = ids[slot]!;
      hole = slot;
    }
    ids[hole] = EMPTY;
  }

  /** Every block id in the table (any order). */
  *values(): IterableIterator<number> {
    for (const id of this.ids) if (id !== EMPTY) yield id;
  }

  private home(start: number): number {
    // Fibonacci hashing of the low 32 bits (starts are < 2^32).
    return Math.imul(start >>> 0, 0x9e3779b1) >>> this.shift;
  }

  private resize(slots: number): void {
    const { keys, ids } = this;
    this.keys = new Float64Array(slots);
    this.ids = new Int32Array(slots);
    this.mask = slots - 1;
    this.shift = 32 - Math.log2(slots);
    this.size = 0;
    for (let slot = 0; slot < ids.length; slot++) if (ids[slot] !== EMPTY) this.set(keys[slot]!, ids[slot]!);
  }
}
