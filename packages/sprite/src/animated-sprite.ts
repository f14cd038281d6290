/**
 * AnimatedSprite: a Sprite that plays an Animation on a Clock (pyglet's Sprite given an Animation,
 * with PixiJS's AnimatedSprite names where pyglet has none): play and pause, speed, the frame
 * index, and onEnd / onLoop callbacks.
 *
 * Invariants: the sprite holds ONE callback on its clock, made once and scheduled from the
 * constructor to delete(); a tick advances clock time × speed and, only when the frame's image
 * changes, sets Sprite's `image` (same page: tex_coords and position rewritten; another page: the
 * sprite moves to that page's list). A tick allocates nothing. Every frame's image is on the
 * batch's context, checked when the animation is given. A bad argument throws SpriteError naming
 * it, with the sprite unchanged; any use after delete() throws. Decisions: docs/decisions.md, "Animation".
 */
import { Batch } from '@webglet/graphics';
import { Animation } from './animation.ts';
import { Clock, type ClockCallback } from './clock.ts';
import { SpriteError } from './errors.ts';
import { Sprite, type SpriteImage, type SpriteOptions } from './sprite.ts';
import { Texture } from './texture.ts';

/** Called with the sprite whose animation ended (onEnd) or looped (onLoop). */
export type AnimationCallback = (sprite: AnimatedSprite) => void;

export interface AnimatedSpriteOptions extends SpriteOptions {
  /** The clock whose ticks advance the animation (required). */
  clock: Clock;
  /** Clock seconds × speed is animation time; finite, ≥ 0 (0 holds the frame). Default 1. */
  speed?: number;
  /** Whether it plays from the start; false shows frame 0 until play(). Default true. */
  playing?: boolean;
  /** Called once when a non-looping animation has shown its last frame for that frame's duration. */
  onEnd?: AnimationCallback | null;
  /** Called when a looping animation goes from its last frame back to its first (at most once a tick). */
  onLoop?: AnimationCallback | null;
}

const show = (value: unknown): string => {
  if (typeof value === 'function') return 'a function';
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
};

/**
 * A sprite that plays an Animation on a Clock.
 *
 * @example
 * ```ts
 * const walk = Animation.fromImages(atlasRegions, 0.1); // looping, 10 frames a second
 * const hero = new AnimatedSprite(walk, { batch, clock, x: 100, y: 80 });
 * hero.speed = 2; // twice as fast
 * const boom = new AnimatedSprite(explosion, { batch, clock, onEnd: (sprite) => sprite.delete() });
 * ```
 */
export class AnimatedSprite extends Sprite {
  private readonly clockValue: Clock;
  private animationValue: Animation;
  private index = 0;
  /** Animation seconds the current frame has been shown. */
  private frameTime = 0;
  private speedValue: number;
  private playingValue: boolean;
  /** A non-looping animation reached its end; play() starts it again from frame 0. */
  private ended = false;
  private onEndValue: AnimationCallback | null;
  private onLoopValue: AnimationCallback | null;
  /** The sprite's one clock callback, made once, so a tick makes no closure. */
  private readonly advance: ClockCallback = (dt) => this.step(dt);

  constructor(animation: Animation, options: AnimatedSpriteOptions) {
    const where = 'new AnimatedSprite';
    checkAnimation(where, animation);
    if (typeof options !== 'object' || options === null) {
      throw new SpriteError('options', options, `${where}: options must be { batch, clock, x?, y?, ... }, got ${show(options)}`);
    }
    const { clock, speed = 1, playing = true, onEnd = null, onLoop = null } = options;
    checkClock(where, clock);
    checkSpeed(where, speed);
    if (typeof playing !== 'boolean') {
      throw new SpriteError('playing', playing, `${where}: playing must be a boolean, got ${show(playing)}`);
    }
    checkCallback(where, 'onEnd', onEnd);
    checkCallback(where, 'onLoop', onLoop);
    // Checked before Sprite adds its vertices, so a bad frame adds nothing; a bad batch is Sprite's to report.
    if (options.batch instanceof Batch) checkFramesOn(where, animation, options.batch.gl);
    super(animation.frames[0]!.image, options);
    this.clockValue = clock;
    this.animationValue = animation;
    this.speedValue = speed;
    this.playingValue = playing;
    this.onEndValue = onEnd;
    this.onLoopValue = onLoop;
    clock.schedule(this.advance);
  }

  /** The clock whose ticks advance the animation. */
  get clock(): Clock {
    this.checkNotDeleted('clock');
    return this.clockValue;
  }

  get animation(): Animation {
    this.checkNotDeleted('animation');
    return this.animationValue;
  }

  /** Shows the new animation's frame 0 from its start; playing or paused stays as it was. */
  set animation(value: Animation) {
    const where = 'AnimatedSprite.animation';
    this.checkNotDeleted('animation');
    checkAnimation(where, value);
    checkFramesOn(where, value, this.batch.gl);
    this.showFrame(value, 0);
    this.animationValue = value;
    this.restartAt(0);
  }

  /** The frame shown, 0 to frames.length − 1 (PixiJS's currentFrame). */
  get frameIndex(): number {
    this.checkNotDeleted('frameIndex');
    return this.index;
  }

  /** Shows that frame from its start; playing or paused stays as it was, and no callback runs. */
  set frameIndex(value: number) {
    this.checkNotDeleted('frameIndex');
    const last = this.animationValue.frames.length - 1;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > last) {
      throw new SpriteError(
        'frameIndex',
        value,
        `AnimatedSprite.frameIndex: frameIndex must be an integer in [0, ${last}], got ${show(value)}`,
      );
    }
    this.showFrame(this.animationValue, value);
    this.restartAt(value);
  }

  /** Whether clock ticks advance the animation: false after pause() and after a non-looping animation ended. */
  get playing(): boolean {
    this.checkNotDeleted('playing');
    return this.playingValue;
  }

  /** Plays on from the frame shown; an animation that ended starts again from frame 0. */
  play(): void {
    this.checkNotDeleted('play');
    if (this.ended) {
      this.showFrame(this.animationValue, 0);
      this.restartAt(0);
    }
    this.playingValue = true;
  }

  /** Holds the frame shown, and the time into it, until play(). */
  pause(): void {
    this.checkNotDeleted('pause');
    this.playingValue = false;
  }

  get speed(): number {
    this.checkNotDeleted('speed');
    return this.speedValue;
  }

  /** Animation seconds per clock second: finite, ≥ 0. */
  set speed(value: number) {
    this.checkNotDeleted('speed');
    checkSpeed('AnimatedSprite.speed', value);
    this.speedValue = value;
  }

  get onEnd(): AnimationCallback | null {
    this.checkNotDeleted('onEnd');
    return this.onEndValue;
  }

  set onEnd(value: AnimationCallback | null) {
    this.checkNotDeleted('onEnd');
    checkCallback('AnimatedSprite.onEnd', 'onEnd', value);
    this.onEndValue = value;
  }

  get onLoop(): AnimationCallback | null {
    this.checkNotDeleted('onLoop');
    return this.onLoopValue;
  }

  set onLoop(value: AnimationCallback | null) {
    this.checkNotDeleted('onLoop');
    checkCallback('AnimatedSprite.onLoop', 'onLoop', value);
    this.onLoopValue = value;
  }

  /** Unschedules the sprite from its clock, then frees its vertices; any later use throws SpriteError. */
  override delete(): void {
    if (!this.isDeleted) this.clockValue.unschedule(this.advance);
    super.delete();
  }

  /** One clock tick: moves on by dt × speed, sets the image only if the frame changed, then calls onEnd or onLoop. */
  private step(dt: number): void {
    if (!this.playingValue) return;
    const animation = this.animationValue,
      frames = animation.frames;
    let index = this.index;
    let duration = frames[index]!.duration;
    let time = this.frameTime + dt * this.speedValue;
    if (time < duration) {
      this.frameTime = time;
      return;
    }
    let looped = false,
      ended = false;
    // Whole cycles end where they began: skipping them keeps a long tick to one pass over the frames.
    if (animation.loop && time >= animation.duration) {
      time %= animation.duration;
      looped = true;
    }
    const last = frames.length - 1;
    while (time >= duration) {
      if (index === last && !animation.loop) {
        ended = true;
        time = duration;
        break;
      }
      time -= duration;
      if (index === last) {
        index = 0;
        looped = true;
      } else {
        index++;
      }
      duration = frames[index]!.duration;
    }
    if (index !== this.index) this.showPlayedFrame(frames[index]!.image);
    this.index = index;
    this.frameTime = time;
    if (ended) {
      this.playingValue = false;
      this.ended = true;
      this.onEndValue?.(this);
    } else if (looped) {
      this.onLoopValue?.(this);
    }
  }

  /** A frame reached by playing: written unless the sprite's batch or list was deleted, which only the app's next use reports. */
  private showPlayedFrame(image: SpriteImage): void {
    if (image !== this.image && !this.batch.isDeleted && !this.vertexList.isDeleted) this.image = image;
  }

  /** Sets the image of `animation`'s frame `index` if it is not the one shown (Sprite's setter throws if the sprite may not change). */
  private showFrame(animation: Animation, index: number): void {
    const image = animation.frames[index]!.image;
    if (image !== this.image) this.image = image;
  }

  private restartAt(index: number): void {
    this.index = index;
    this.frameTime = 0;
    this.ended = false;
  }

  private checkNotDeleted(name: string): void {
    if (this.isDeleted) throw new SpriteError('this', 'deleted', `AnimatedSprite.${name}: the sprite was deleted`);
  }
}

function checkAnimation(where: string, value: unknown): asserts value is Animation {
  if (!(value instanceof Animation)) {
    throw new SpriteError('animation', value, `${where}: animation must be an Animation, got ${show(value)}`);
  }
}

function checkClock(where: string, value: unknown): asserts value is Clock {
  if (!(value instanceof Clock)) throw new SpriteError('clock', value, `${where}: clock must be a Clock, got ${show(value)}`);
}

function checkSpeed(where: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new SpriteError('speed', value, `${where}: speed must be a finite number ≥ 0, got ${show(value)}`);
  }
}

function checkCallback(where: string, name: string, value: unknown): asserts value is AnimationCallback | null {
  if (value !== null && typeof value !== 'function') {
    throw new SpriteError(name, value, `${where}: ${name} must be a function or null, got ${show(value)}`);
  }
}

/** Every frame's texture is live and on `gl`, so no frame change can fail on its image. */
function checkFramesOn(where: string, animation: Animation, gl: WebGL2RenderingContext): void {
  const { frames } = animation;
  for (let i = 0; i < frames.length; i++) {
    const image = frames[i]!.image;
    const texture = image instanceof Texture ? image : image.texture;
    if (texture.isDeleted) {
      throw new SpriteError('animation', animation, `${where}: animation.frames[${i}].image is on a deleted Texture`);
    }
    if (texture.gl !== gl) {
      throw new SpriteError(
        'animation',
        animation,
        `${where}: animation.frames[${i}].image is a texture of another WebGL context than the batch's`,
      );
    }
  }
}
