/**
 * What sprites and shapes share between their per-frame setters and their domain's commit: a byte
 * of bits a vertex start saying what to write and the numbers it is written from (VertexMarks, the
 * base of SpriteWrites and ShapeWrites), how a setter hands a number over (`given`, then a put…
 * method that checks and keeps it), and the values an object reads and writes once it may not be
 * changed any more (RefusedValues).
 *
 * Invariants: `pending` is a whole number of 4-byte words, and `words` views the same bytes, so the
 * commit skips four clean starts with one test; `dirty` is true whenever a pending byte may be
 * non-zero, so a frame in which nothing changed scans nothing; `staged` only ever holds a number.
 */

/** What a sprite's or shape's per-frame accessors use: its domain's writes, or RefusedValues. */
export interface MarkedValues {
  readonly numbers: Float64Array;
  readonly pending: Uint8Array;
  dirty: boolean;
}

/** What a put… method needs of the object whose number it keeps. */
export interface NumbersOwner {
  /** Where its numbers are: numbers[at + offset]. */
  readonly at: number;
  /** Where its pending bits are: pending[start]. */
  readonly start: number;
  /** Throws the error for a bad `value` of its property `name`. */
  refuse(name: string, value: unknown): void;
}

/**
 * How a setter hands its number over: `values.given = value; values.putX(this)`. Setter and `given`
 * are each small enough that V8 inlines them into any loop of a game, even its mid tier (Maglev)
 * inside a function it inlined, and the put… call is passed no number that V8 would box.
 */
export interface GivenValues {
  set given(value: number);
}

export class VertexMarks implements GivenValues {
  /** By vertex start: the bits to write at the next commit. */
  pending = new Uint8Array(0);
  dirty = false;
  /** By vertex start: the numbers the commit writes from (see the subclass). */
  numbers = new Float64Array(0);
  /** `pending`, four starts a word. */
  protected words = new Uint32Array(0);
  /**
   * A setter's number until its put… method keeps it. Only numbers are stored here (see `given`),
   * starting with a fraction, so V8 keeps the field an unboxed double: one string stored here would
   * make it box every number after, in every object of its class.
   */
  protected staged = 0.5;
  /** What a setter was given that is not a number, kept for its put…'s error; null otherwise. */
  private unfit: [unknown] | null = null;

  set given(value: number) {
    if (typeof value === 'number') this.staged = value;
    else this.keepUnfit(value);
  }

  /** Marks `bits` of the object at `start` for the next commit. */
  mark(start: number, bits: number): void {
    const pending = this.pending;
    pending[start] = pending[start]! | bits;
    this.dirty = true;
  }

  /**
   * Keeps the number a setter gave as the owner's number at `offset` and marks `bits`; a value that
   * is not a finite number throws first, changing nothing.
   */
  protected putNumber(owner: NumbersOwner, offset: number, bits: number, name: string): void {
    const value = this.staged;
    // `staged` is always a number, so this is Number.isFinite; that call, where V8 left it out of line, boxed the number.
    if (value - value !== 0) this.refuseGiven(owner, name, value);
    this.numbers[owner.at + offset] = value;
    this.mark(owner.start, bits);
  }

  private keepUnfit(value: unknown): void {
    this.staged = Number.NaN;
    this.unfit = [value];
  }

  /** Has the owner throw for what it was given: the value itself, not the NaN that stood in for it. */
  protected refuseGiven(owner: NumbersOwner, name: string, value: number): void {
    const given = this.unfit === null ? value : this.unfit[0];
    this.unfit = null;
    owner.refuse(name, given);
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

/**
 * An object's values once it may not be changed: every write and put… throws why; its numbers stay
 * readable if `kept`. It takes the put… methods of sprites and shapes both.
 */
export class RefusedValues implements MarkedValues, GivenValues {
  constructor(
    private readonly kept: Float64Array | null,
    private readonly refusal: () => Error,
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
  set given(_value: number) {
    // Nothing to keep: the put… call that follows throws.
  }
  putX(): void {
    throw this.refusal();
  }
  putY(): void {
    throw this.refusal();
  }
  putRotation(): void {
    throw this.refusal();
  }
  putScale(): void {
    throw this.refusal();
  }
  putScaleX(): void {
    throw this.refusal();
  }
  putScaleY(): void {
    throw this.refusal();
  }
  putX2(): void {
    throw this.refusal();
  }
  putY2(): void {
    throw this.refusal();
  }
}
