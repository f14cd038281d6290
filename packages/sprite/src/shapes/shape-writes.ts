/**
 * ShapeWrites: one shape domain's writers of its four vertex attributes, the numbers of its shapes
 * (x, y, rotation) by vertex start, and what changed since its last commit. The setters a game
 * calls every frame only store their number here and mark the shape; the domain's commit (its
 * beforeCommit hook, so in every `batch.draw()`) copies the marked numbers into each marked
 * shape's vertices, and has a shape whose outline changed write its positions once. That keeps
 * those setters small enough for V8 to inline into the game's loop, where no number is boxed
 * (docs/decisions.md, "Sprite position, rotation and scale are written at the draw").
 *
 * Invariants (between calls), for a shape whose vertices are [start, start + counts[start]):
 * - numbers[start + k] is its k-th number (X, Y, ROTATION); a shape has at least 3 vertices, so
 *   its numbers never overlap another's; owners[start] is the shape;
 * - pending[start] holds the bits to write; `dirty` is true when any pending byte may be non-zero,
 *   so a frame in which nothing changed scans nothing;
 * - the arrays cover the domain's capacity (`of` reserves after every add, resize or move).
 */
import type { AttributeWriter } from '@webglet/graphics';
import { VertexMarks, writesOf, type GivenValues, type MarkedValues, type NumbersOwner } from '../vertex-marks.ts';

/** Offsets of a shape's numbers, from its first vertex. */
export const X = 0,
  Y = 1,
  ROTATION = 2;
/** Numbers a shape keeps in its domain; every shape has at least this many vertices. */
export const NUMBERS = 3;
/**
 * Bits of `pending`: translate and rotation from `numbers`; GEOMETRY: the owner writes its positions;
 * FRAME: what the owner's positions derive from moved (a line's ends), so it writes them if they changed.
 */
export const TRANSLATE = 1,
  ROTATE = 2,
  GEOMETRY = 4,
  FRAME = 8;

/** What ShapeWrites needs of a shape's domain (its list's domain). */
export interface ShapeDomain {
  readonly capacity: number;
  writer(name: string): AttributeWriter;
  beforeCommit(hook: () => void): void;
}

/** A shape, as its domain's commit sees it. */
export interface GeometryOwner {
  /** Writes the shape's positions from its outline, anchor and visibility (`bits`: its pending GEOMETRY and FRAME). */
  writeGeometry(bits: number): void;
}

/** A shape, as its setters' put… methods see it: where its numbers are, and what a move marks. */
export interface ShapeOwner extends NumbersOwner {
  /** TRANSLATE, and FRAME where the outline depends on the position (Line). */
  readonly moveBits: number;
}

/** A line, as its ends' put… methods see it: its end (x2, y2) is its own, not per-vertex data. */
export interface LineOwner extends ShapeOwner {
  readonly ends: Float64Array;
}

/**
 * What a shape's setters reach through its `values`: ShapeMarks (its domain's ShapeWrites, or the
 * numbers of a shape being made), or a RefusedValues once it may not be changed. A setter hands its
 * argument to `given` and calls the put… method of its property (vertex-marks.ts).
 */
export interface ShapeValues extends MarkedValues, GivenValues {
  putX(shape: ShapeOwner): void;
  putY(shape: ShapeOwner): void;
  putRotation(shape: ShapeOwner): void;
  putX2(line: LineOwner): void;
  putY2(line: LineOwner): void;
}

/** The put… methods of a shape's setters, on whatever holds its numbers. */
export class ShapeMarks extends VertexMarks implements ShapeValues {
  putX(shape: ShapeOwner): void {
    this.putNumber(shape, X, shape.moveBits, 'x');
  }

  putY(shape: ShapeOwner): void {
    this.putNumber(shape, Y, shape.moveBits, 'y');
  }

  putRotation(shape: ShapeOwner): void {
    this.putNumber(shape, ROTATION, ROTATE, 'rotation');
  }

  putX2(line: LineOwner): void {
    this.putEnd(line, 0, 'x2');
  }

  putY2(line: LineOwner): void {
    this.putEnd(line, 1, 'y2');
  }

  /** putNumber for a line's end, kept in the line's own array: FRAME, as its outline turns and stretches. */
  private putEnd(line: LineOwner, index: number, name: string): void {
    const value = this.staged;
    if (value - value !== 0) this.refuseGiven(line, name, value);
    line.ends[index] = value;
    this.mark(line.start, FRAME);
  }
}

export class ShapeWrites extends ShapeMarks {
  readonly position: AttributeWriter;
  readonly translate: AttributeWriter;
  readonly rotation: AttributeWriter;
  readonly colors: AttributeWriter;
  /** By vertex start: the shape's vertex count. */
  private counts = new Uint32Array(0);
  private owners: (GeometryOwner | undefined)[] = [];
  /**
   * The translate shadow with one 64-bit element a vertex: its x and y as stored (32 bits each), copied
   * from a shape's first vertex to the rest in one store a vertex. Never a NaN: both halves are finite.
   */
  private pairs: Float64Array<ArrayBufferLike> = new Float64Array(0);

  private constructor(private readonly domain: ShapeDomain) {
    super();
    this.position = domain.writer('position');
    this.translate = domain.writer('translate');
    // 'f' × 2, 8 bytes a vertex: what `pairs` relies on.
    if (this.translate.elementStride !== 2)
      throw new Error(`ShapeWrites: translate must be 2 floats a vertex, got ${this.translate.elementStride}`);
    this.rotation = domain.writer('rotation');
    this.colors = domain.writer('colors');
    domain.beforeCommit(() => this.writePending());
  }

  /** The one ShapeWrites of `domain`, covering every vertex it has now. */
  static of(domain: ShapeDomain): ShapeWrites {
    const writes = writesOf(byDomain, domain, (made) => new ShapeWrites(made));
    writes.reserve();
    return writes;
  }

  /** `owner` takes the `count` vertices at `start`, with numbers x, y, rotation; everything is written at the next commit. */
  adopt(owner: GeometryOwner, start: number, count: number, x: number, y: number, rotation: number): void {
    const numbers = this.numbers;
    numbers[start + X] = x;
    numbers[start + Y] = y;
    numbers[start + ROTATION] = rotation;
    this.counts[start] = count;
    this.owners[start] = owner;
    this.mark(start, TRANSLATE | ROTATE | GEOMETRY);
  }

  /** The shape at `start` left it: nothing to write there. */
  release(start: number): void {
    this.pending[start] = 0;
    this.owners[start] = undefined;
  }

  /** Grows the arrays to the domain's capacity (keeping their contents). */
  private reserve(): void {
    const capacity = this.growMarks(this.domain.capacity);
    if (capacity === 0) return;
    const numbers = new Float64Array(capacity);
    numbers.set(this.numbers);
    this.numbers = numbers;
    const counts = new Uint32Array(capacity);
    counts.set(this.counts);
    this.counts = counts;
    this.owners.length = capacity;
  }

  /** The commit's pass: the marked numbers of each marked shape into its vertices, then its positions if its outline changed. */
  private writePending(): void {
    if (!this.dirty) return;
    this.dirty = false;
    const { words, pending, numbers, counts, translate, rotation } = this;
    // Views and strides read once, and every number written in this one loop: a call with a
    // fractional argument that V8 does not inline would box it.
    const translates = translate.array;
    let pairs = this.pairs;
    if (pairs.buffer !== translates.buffer) pairs = this.pairs = new Float64Array(translates.buffer, 0, translates.byteLength >> 3);
    const rotations = rotation.array,
      rotationStride = rotation.elementStride;
    for (let word = 0; word < words.length; word++) {
      if (words[word] === 0) continue;
      for (let start = word * 4, last = start + 4; start < last; start++) {
        const bits = pending[start]!;
        if (bits === 0) continue;
        pending[start] = 0;
        const count = counts[start]!;
        if (bits & TRANSLATE) {
          translates[start * 2] = numbers[start + X]!;
          translates[start * 2 + 1] = numbers[start + Y]!;
          const pair = pairs[start]!;
          for (let v = start + 1, end = start + count; v < end; v++) pairs[v] = pair;
          translate.mark(start, count);
        }
        if (bits & ROTATE) {
          const angle = numbers[start + ROTATION]!;
          for (let v = start * rotationStride, end = v + count * rotationStride; v < end; v += rotationStride) rotations[v] = angle;
          rotation.mark(start, count);
        }
        if (bits & (GEOMETRY | FRAME)) this.owners[start]!.writeGeometry(bits);
      }
    }
  }
}

const byDomain = new WeakMap<ShapeDomain, ShapeWrites>();
