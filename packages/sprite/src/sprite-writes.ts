/**
 * SpriteWrites: one sprite domain's writers of its six vertex attributes, the numbers of its
 * sprites (x, y, rotation, scale, anchor) by vertex start, and which of them changed since its
 * last commit. The setters a game calls every frame hand their number to `given` and call a
 * put… method, which checks it, stores it here and marks the sprite; the domain's commit (its
 * beforeCommit hook, so in every `batch.draw()`) copies the marked numbers into each marked
 * sprite's four vertices. That keeps those setters small enough for V8 to inline into any loop
 * of a game, where no number is boxed (docs/decisions.md, "Sprite setters").
 *
 * Invariants (between calls), for a sprite whose four vertices start at `start`:
 * - numbers[start × 2 + k] is its k-th number (X … ANCHOR_Y); a sprite takes 4 vertices, so
 *   the 8 numbers of one never overlap another's, whatever else the domain holds;
 * - pending[start] holds the attributes (bits) to write from its numbers; `dirty` is true when
 *   any pending byte may be non-zero, so a frame in which nothing changed scans nothing;
 * - numbers and pending cover the domain's capacity (`of` reserves after every add).
 */
import type { AttributeWriter, IndexedStore } from '@webglet/graphics';
import { VertexMarks, writesOf, type GivenValues, type MarkedValues, type NumbersOwner } from './vertex-marks.ts';

/** Offsets of a sprite's numbers within its 8. */
export const X = 0,
  Y = 1,
  ROTATION = 2,
  SCALE_X = 3,
  SCALE_Y = 4,
  ANCHOR_X = 5,
  ANCHOR_Y = 6;
/** Numbers per vertex: a sprite's 4 vertices hold 8. */
export const NUMBERS_PER_VERTEX = 2;
/** Bits of `pending`: which attributes the commit writes from `numbers`. */
export const TRANSLATE = 1,
  ROTATE = 2,
  SCALE = 4;
/** Vertices of one sprite. */
export const VERTICES = 4;

/**
 * What a sprite's setters reach through its `values`: its domain's SpriteWrites, or a
 * RefusedValues once it may not be changed. A setter hands its argument to `given` and calls the
 * put… method of its property, which checks the number and keeps it (vertex-marks.ts).
 */
export interface SpriteValues extends MarkedValues, GivenValues {
  putX(sprite: NumbersOwner): void;
  putY(sprite: NumbersOwner): void;
  putRotation(sprite: NumbersOwner): void;
  putScale(sprite: NumbersOwner): void;
  putScaleX(sprite: NumbersOwner): void;
  putScaleY(sprite: NumbersOwner): void;
}

export class SpriteWrites extends VertexMarks implements SpriteValues {
  readonly position: AttributeWriter;
  readonly translate: AttributeWriter;
  readonly rotation: AttributeWriter;
  readonly scale: AttributeWriter;
  readonly texCoords: AttributeWriter;
  readonly color: AttributeWriter;

  private constructor(readonly domain: IndexedStore) {
    super();
    this.position = domain.writer('position');
    this.translate = domain.writer('translate');
    this.rotation = domain.writer('rotation');
    this.scale = domain.writer('scale');
    this.texCoords = domain.writer('tex_coords');
    this.color = domain.writer('color');
    domain.beforeCommit(() => this.writePending());
  }

  /** The one SpriteWrites of `domain`, covering every vertex it has now. */
  static of(domain: IndexedStore): SpriteWrites {
    const writes = writesOf(byDomain, domain, (made) => new SpriteWrites(made));
    writes.reserve();
    return writes;
  }

  putX(sprite: NumbersOwner): void {
    this.putNumber(sprite, X, TRANSLATE, 'x');
  }

  putY(sprite: NumbersOwner): void {
    this.putNumber(sprite, Y, TRANSLATE, 'y');
  }

  putRotation(sprite: NumbersOwner): void {
    this.putNumber(sprite, ROTATION, ROTATE, 'rotation');
  }

  /** Uniform scale: scaleX and scaleY both. */
  putScale(sprite: NumbersOwner): void {
    this.putNumber(sprite, SCALE_X, SCALE, 'scale');
    this.numbers[sprite.at + SCALE_Y] = this.numbers[sprite.at + SCALE_X]!;
  }

  putScaleX(sprite: NumbersOwner): void {
    this.putNumber(sprite, SCALE_X, SCALE, 'scaleX');
  }

  putScaleY(sprite: NumbersOwner): void {
    this.putNumber(sprite, SCALE_Y, SCALE, 'scaleY');
  }

  /** Nothing to write at `start`: its sprite left it. */
  unmark(start: number): void {
    this.pending[start] = 0;
  }

  /** Grows the arrays to the domain's capacity (keeping their contents). */
  private reserve(): void {
    const capacity = this.growMarks(this.domain.capacity);
    if (capacity === 0) return;
    const numbers = new Float64Array(capacity * NUMBERS_PER_VERTEX);
    numbers.set(this.numbers);
    this.numbers = numbers;
  }

  /** The commit's pass: the marked attributes of each marked sprite, from numbers into its four vertices. */
  private writePending(): void {
    if (!this.dirty) return;
    this.dirty = false;
    const { words, pending, numbers, translate, rotation, scale } = this;
    // Views and strides read once, and every number written in this one loop: a call with a
    // fractional argument that V8 does not inline would box it.
    const translates = translate.array,
      translateStride = translate.elementStride;
    const rotations = rotation.array,
      rotationStride = rotation.elementStride;
    const scales = scale.array,
      scaleStride = scale.elementStride;
    for (let word = 0; word < words.length; word++) {
      if (words[word] === 0) continue;
      // Sprites start at multiples of 4 when the domain holds only sprites; the loop does not rely on it.
      for (let start = word * 4, last = start + 4; start < last; start++) {
        const bits = pending[start]!;
        if (bits === 0) continue;
        pending[start] = 0;
        const at = start * NUMBERS_PER_VERTEX;
        if (bits & TRANSLATE) {
          const x = numbers[at + X]!,
            y = numbers[at + Y]!;
          for (let v = start * translateStride, end = v + VERTICES * translateStride; v < end; v += translateStride) {
            translates[v] = x;
            translates[v + 1] = y;
          }
          translate.mark(start, VERTICES);
        }
        if (bits & ROTATE) {
          const angle = numbers[at + ROTATION]!;
          for (let v = start * rotationStride, end = v + VERTICES * rotationStride; v < end; v += rotationStride) rotations[v] = angle;
          rotation.mark(start, VERTICES);
        }
        if (bits & SCALE) {
          const sx = numbers[at + SCALE_X]!,
            sy = numbers[at + SCALE_Y]!;
          for (let v = start * scaleStride, end = v + VERTICES * scaleStride; v < end; v += scaleStride) {
            scales[v] = sx;
            scales[v + 1] = sy;
          }
          scale.mark(start, VERTICES);
        }
      }
    }
  }
}

const byDomain = new WeakMap<IndexedStore, SpriteWrites>();
