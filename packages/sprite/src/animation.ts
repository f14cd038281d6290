/**
 * Animation (pyglet.image.Animation): a list of frames, each an image (a TextureRegion or a whole
 * Texture) shown for a duration in seconds, that loops or plays once. An AnimatedSprite plays it
 * (animated-sprite.ts); many sprites may share one Animation.
 *
 * Invariants: an Animation never changes after it is made: `frames` is a frozen array of frozen
 * copies of the frames given, there is at least one, every image is a TextureRegion or a Texture
 * and every duration is a finite number > 0, so `duration` (their sum) is > 0 and a looping
 * animation always moves on. A bad argument throws AnimationError naming it, and nothing is made.
 * What was decided and why: docs/decisions.md, "Animation".
 */
import { AnimationError } from './errors.ts';
import { Texture, TextureRegion } from './texture.ts';
import type { SpriteImage } from './sprite.ts';

/** One frame: what is shown, and for how many seconds (of clock time, at speed 1). */
export interface AnimationFrame {
  readonly image: SpriteImage;
  readonly duration: number;
}

const show = (value: unknown): string => {
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
};

/**
 * Frames with durations, looping or not, after pyglet's Animation. Play it with an AnimatedSprite.
 *
 * @example
 * ```ts
 * const walk = Animation.fromImages([step1, step2, step3, step4], 0.1); // 10 frames a second, looping
 * const explode = new Animation([
 *   { image: flash, duration: 0.05 },
 *   { image: smoke, duration: 0.4 },
 * ], false); // plays once and stays on its last frame
 * ```
 */
export class Animation {
  /** The frames, in order (frozen copies of those given). */
  readonly frames: readonly AnimationFrame[];
  /** Whether the last frame is followed by the first again; otherwise the animation ends on its last frame. */
  readonly loop: boolean;
  /** Seconds: the sum of the frames' durations. */
  readonly duration: number;

  /** `frames`: at least one `{ image, duration }`, duration in seconds (finite, > 0). `loop` defaults to true. */
  constructor(frames: readonly AnimationFrame[], loop = true) {
    const where = 'new Animation';
    if (!Array.isArray(frames) || frames.length === 0) {
      throw new AnimationError('frames', frames, `${where}: frames must be a non-empty array of { image, duration }, got ${show(frames)}`);
    }
    checkLoop(where, loop);
    const copies: AnimationFrame[] = [];
    let total = 0;
    for (let i = 0; i < frames.length; i++) {
      const frame: unknown = frames[i];
      if (typeof frame !== 'object' || frame === null) {
        throw new AnimationError(`frames[${i}]`, frame, `${where}: frames[${i}] must be { image, duration }, got ${show(frame)}`);
      }
      const { image, duration } = frame as Partial<AnimationFrame>;
      checkImage(where, `frames[${i}].image`, image);
      checkDuration(where, `frames[${i}].duration`, duration);
      copies.push(Object.freeze({ image, duration }));
      total += duration;
    }
    this.frames = Object.freeze(copies);
    this.loop = loop;
    this.duration = total;
  }

  /** pyglet's from_image_sequence: every image shown for `duration` seconds. `loop` defaults to true. */
  static fromImages(images: readonly SpriteImage[], duration: number, loop = true): Animation {
    const where = 'Animation.fromImages';
    if (!Array.isArray(images) || images.length === 0) {
      throw new AnimationError(
        'images',
        images,
        `${where}: images must be a non-empty array of TextureRegion or Texture, got ${show(images)}`,
      );
    }
    for (let i = 0; i < images.length; i++) checkImage(where, `images[${i}]`, images[i]);
    checkDuration(where, 'duration', duration);
    checkLoop(where, loop);
    return new Animation(
      images.map((image) => ({ image, duration })),
      loop,
    );
  }
}

function checkImage(where: string, name: string, value: unknown): asserts value is SpriteImage {
  if (!(value instanceof TextureRegion) && !(value instanceof Texture)) {
    throw new AnimationError(name, value, `${where}: ${name} must be a TextureRegion or a Texture, got ${show(value)}`);
  }
}

function checkDuration(where: string, name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !(value > 0)) {
    throw new AnimationError(name, value, `${where}: ${name} must be a finite number > 0 (seconds), got ${show(value)}`);
  }
}

function checkLoop(where: string, value: unknown): asserts value is boolean {
  if (typeof value !== 'boolean') throw new AnimationError('loop', value, `${where}: loop must be a boolean, got ${show(value)}`);
}
