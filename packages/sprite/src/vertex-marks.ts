/**
 * What sprites and shapes share between their per-frame setters and their domain's commit: a byte
 * of bits a vertex start saying what to write (VertexMarks, the base of SpriteWrites and
 * ShapeWrites), and the values an object reads and writes once it may not be changed any more
 * (RefusedValues).
 *
 * Invariants: `pending` is a whole number of 4-byte words, and `words` views the same bytes, so the
 * commit skips four clean starts with one test; `dirty` is true whenever a pending byte may be
 * non-zero, so a frame in which nothing changed scans nothing.
 */

/** What a sprite's or shape's per-frame accessors use: its domain's writes, or RefusedValues. */
export interface MarkedValues {
  readonly numbers: Float64Array;
  readonly pending: Uint8Array;
  dirty: boolean;
}

export class VertexMarks {
  /** By vertex start: the bits to write at the next commit. */
  pending = new Uint8Array(0);
  dirty = false;
  /** `pending`, four starts a word. */
  protected words = new Uint32Array(0);

  /** Marks `bits` of the object at `start` for the next commit. */
  mark(start: number, bits: number): void {
    const pending = this.pending;
    pending[start] = pending[start]! | bits;
    this.dirty = true;
  }

  /**
   * Grows `pending` (keeping its bits) to cover `vertices`, rounded up to whole words; returns the
   * new length, or 0 when it already covered them.
   */
  protected growMarks(vertices: number): number {
    const capacity = Math.ceil(vertices / 4) * 4;
    if (this.pending.length >= capacity) return 0;
    const pending = new Uint8Array(capacity);
    pending.set(this.pending);
    this.pending = pending;
    this.words = new Uint32Array(pending.buffer);
    return capacity;
  }
}

/** The one writes object of `domain` in `cache`, made by `make` on first use. */
export function writesOf<D extends object, W>(cache: WeakMap<D, W>, domain: D, make: (domain: D) => W): W {
  let writes = cache.get(domain);
  if (writes === undefined) {
    writes = make(domain);
    cache.set(domain, writes);
  }
  return writes;
}

/** An object's values once it may not be changed: every write throws why; its numbers stay readable if `kept`. */
export class RefusedValues implements MarkedValues {
  constructor(
    private readonly kept: Float64Array | null,
    protected readonly refusal: () => Error,
  ) {}
  get numbers(): Float64Array {
    if (this.kept === null) throw this.refusal();
    return this.kept;
  }
  get pending(): Uint8Array {
    throw this.refusal();
  }
  get dirty(): boolean {
    throw this.refusal();
  }
  set dirty(_value: boolean) {
    throw this.refusal();
  }
}
