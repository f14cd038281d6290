// The used blocks by start: an open-addressing hash table (linear probing,
// backward-shift deletion) in typed arrays. A JS Map under this churn of
// deletes and inserts spends most of its time rehashing.
//
// A slot is two numbers, key then id, side by side in one array, so a look-up
// is one cache miss. Both are below 2^32, so the array is a Uint32Array: 8 bytes
// a slot, and whole numbers read back as small integers (see block-pool.ts).
//
// Invariants: id 0 marks an empty slot; every key sits in the run of
// non-empty slots that starts at its home slot (no tombstones); the table is
// at most half full.

const EMPTY = 0;

export class StartMap {
  /** slots[2i] = key (a start), slots[2i + 1] = id. */
  private slots: Uint32Array;
  private mask: number;
  private shift: number;
  size = 0;

  constructor(initialSlots = 64) {
    this.slots = new Uint32Array(initialSlots * 2);
    this.mask = initialSlots - 1;
    this.shift = 32 - Math.log2(initialSlots);
  }

  /** The block starting at `start`, or 0. */
  get(start: number): number {
    const slots = this.slots;
    for (let slot = this.home(start); ; slot = (slot + 1) & this.mask) {
      const id = slots[2 * slot + 1]!;
      if (id === EMPTY || slots[2 * slot] === start) return id;
    }
  }

  set(start: number, id: number): void {
    if ((this.size + 1) * 2 > this.mask + 1) this.resize(2 * (this.mask + 1));
    const slots = this.slots;
    let slot = this.home(start);
    while (slots[2 * slot + 1] !== EMPTY && slots[2 * slot] !== start) slot = (slot + 1) & this.mask;
    if (slots[2 * slot + 1] === EMPTY) this.size++;
    slots[2 * slot] = start;
    slots[2 * slot + 1] = id;
  }

  delete(start: number): void {
    const slots = this.slots;
    const mask = this.mask;
    let hole = this.home(start);
    while (slots[2 * hole + 1] !== EMPTY && slots[2 * hole] !== start) hole = (hole + 1) & mask;
    if (slots[2 * hole + 1] === EMPTY) return;
    this.size--;
    // Shift later entries of the run back into the hole when their home slot allows.
    for (let slot = (hole + 1) & mask; slots[2 * slot + 1] !== EMPTY; slot = (slot + 1) & mask) {
      const home = this.home(slots[2 * slot]!);
      const stays = hole <= slot ? hole < home && home <= slot : hole < home || home <= slot;
      if (stays) continue;
      slots[2 * hole] = slots[2 * slot]!;
      slots[2 * hole + 1] = slots[2 * slot + 1]!;
      hole = slot;
    }
    slots[2 * hole + 1] = EMPTY;
  }

  private home(start: number): number {
    // Fibonacci hashing of the low 32 bits (starts are < 2^32).
    return Math.imul(start >>> 0, 0x9e3779b1) >>> this.shift;
  }

  private resize(slotCount: number): void {
    const old = this.slots;
    this.slots = new Uint32Array(slotCount * 2);
    this.mask = slotCount - 1;
    this.shift = 32 - Math.log2(slotCount);
    this.size = 0;
    for (let i = 0; i < old.length; i += 2) if (old[i + 1] !== EMPTY) this.set(old[i]!, old[i + 1]!);
  }
}
