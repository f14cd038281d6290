/**
 * SpriteWrites: one sprite domain's (an InstancedVertexDomain of sprites) writers of
 * its six attributes, the numbers of its sprites by slot, and the slots whose
 * translate, rotation or scale changed since its last commit.
 *
 * Why: the setters called every frame (position, rotation, scale) only store their
 * number here and mark the slot; the domain's commit (its beforeCommit hook, so in
 * every `batch.draw()`) writes the marked slots' attributes into the shadow. That
 * keeps each of those setters a test and a few stores, small enough for V8 to inline
 * several into the caller's loop (a setter left out of line boxes its fractional
 * argument: 12 bytes per call). The price is this pass: measured with bench:sprites at
 * 100k moving, 6.2 ms a frame against 5.4 ms when setPosition wrote the shadow itself
 * (that design allocated nothing for setPosition alone, but boxed when a loop also set
 * rotation and scale and V8 left a setter out of line). The numbers live here by slot,
 * not in the sprites, so the pass reads a few arrays in slot order and touches no
 * sprite object (a pass through the sprite objects: 7.98 ms).
 *
 * The slots of a sprite domain are its sprites': an instance added to it by hand (same
 * SpriteGroup, QUAD_MESH and SPRITE_FORMATS) in the slot of a sprite whose handle was
 * deleted directly could get that sprite's pending numbers.
 *
 * Invariants (between calls):
 * - numbers[slot × NUMBERS + k] is the k-th number (X … ANCHOR_Y) of the sprite
 *   holding `slot`; a free slot keeps its last sprite's numbers.
 * - pending[slot] ≠ 0 exactly when `slot` is in queue[0, count), which holds each slot
 *   at most once, so count ≤ capacity = queue.length. pending is QUEUED plus the
 *   attributes to write; `unmark` leaves QUEUED alone (the slot stays in the queue and
 *   writes nothing, or the numbers of a sprite that takes the slot and marks it).
 * - numbers, pending and queue cover every slot a sprite of this domain holds
 *   (`reserve` runs whenever a sprite takes a slot).
 */
import type { InstanceAttributeWriter, InstancedVertexDomain } from '@webglet/graphics';

/** Offsets of a sprite's numbers within its slot's NUMBERS. */
export const X = 0, Y = 1, ROTATION = 2, SCALE_X = 3, SCALE_Y = 4, ANCHOR_X = 5, ANCHOR_Y = 6, NUMBERS = 7;
/** Bits of `pending`: which attributes the commit writes from `numbers`. */
export const TRANSLATE = 1, ROTATE = 2, SCALE = 4;
/** The bit of `pending` saying the slot is in the queue. */
const QUEUED = 8;

export class SpriteWrites {
  readonly translate: InstanceAttributeWriter;
  readonly rotation: InstanceAttributeWriter;
  readonly scale: InstanceAttributeWriter;
  readonly rect: InstanceAttributeWriter;
  readonly texRect: InstanceAttributeWriter;
  readonly color: InstanceAttributeWriter;
  /** By slot (see the invariants); replaced by a larger copy when the domain grows. */
  numbers = new Float64Array(0);
  private pending = new Uint8Array(0);
  private queue = new Int32Array(0);
  private count = 0;

  private constructor(private readonly domain: InstancedVertexDomain) {
    this.translate = domain.writer('translate');
    this.rotation = domain.writer('rotation');
    this.scale = domain.writer('scale');
    this.rect = domain.writer('rect');
    this.texRect = domain.writer('tex_rect');
    this.color = domain.writer('color');
    domain.beforeCommit(() => this.writeQueued());
  }

  /** The one SpriteWrites of `domain`, covering every slot it has now. */
  static of(domain: InstancedVertexDomain): SpriteWrites {
    let writes = byDomain.get(domain);
    if (writes === undefined) {
      writes = new SpriteWrites(domain);
      byDomain.set(domain, writes);
    }
    writes.reserve();
    return writes;
  }

  /** Marks `attributes` (bits) of `slot` for the next commit. */
  mark(slot: number, attributes: number): void {
    const pending = this.pending;
    const bits = pending[slot]!;
    if (bits === 0) this.queue[this.count++] = slot;
    pending[slot] = bits | attributes | QUEUED;
  }

  /** Nothing of `slot` to write: its sprite left it. It stays queued if it was (see the invariants). */
  unmark(slot: number): void {
    if (this.pending[slot] !== 0) this.pending[slot] = QUEUED;
  }

  /** Grows the arrays to the domain's capacity (keeping their contents). */
  private reserve(): void {
    const capacity = this.domain.capacity;
    if (this.pending.length >= capacity) return;
    const numbers = new Float64Array(capacity * NUMBERS);
    numbers.set(this.numbers);
    this.numbers = numbers;
    const pending = new Uint8Array(capacity);
    pending.set(this.pending);
    this.pending = pending;
    const queue = new Int32Array(capacity);
    queue.set(this.queue.subarray(0, this.count));
    this.queue = queue;
  }

  /** The commit's pass: each queued slot's marked attributes, from numbers into the shadow. */
  private writeQueued(): void {
    const count = this.count;
    if (count === 0) return;
    const { queue, pending, numbers, translate, rotation, scale } = this;
    // Views and strides read once: nothing grows the domain during the pass.
    const translates = translate.array, translateStride = translate.elementStride;
    const rotations = rotation.array, rotationStride = rotation.elementStride;
    const scales = scale.array, scaleStride = scale.elementStride;
    for (let i = 0; i < count; i++) {
      const slot = queue[i]!;
      const bits = pending[slot]!;
      pending[slot] = 0;
      const at = slot * NUMBERS;
      if (bits & TRANSLATE) {
        const to = slot * translateStride;
        translates[to] = numbers[at + X]!;
        translates[to + 1] = numbers[at + Y]!;
        translate.markInstance(slot);
      }
      if (bits & ROTATE) {
        rotations[slot * rotationStride] = numbers[at + ROTATION]!;
        rotation.markInstance(slot);
      }
      if (bits & SCALE) {
        const to = slot * scaleStride;
        scales[to] = numbers[at + SCALE_X]!;
        scales[to + 1] = numbers[at + SCALE_Y]!;
        scale.markInstance(slot);
      }
    }
    this.count = 0;
  }
}

const byDomain = new WeakMap<InstancedVertexDomain, SpriteWrites>();
