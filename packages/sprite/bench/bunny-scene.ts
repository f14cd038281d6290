// The scene both engines draw in the sprite benchmark: a 256 × 256 canvas, 4 × 4 white
// sprites with seeded positions and velocities, and the classic bunnymark motion written
// the way a PixiJS user writes it: `sprite.x += bunny.vx` through the engine's own getters
// and setters. The motion and the bunnies are shared, so both engines run the same code.

export const CANVAS = 256;
export const SPRITE = 4;
const MAX_X = CANVAS - SPRITE,
  MAX_Y = CANVAS - SPRITE,
  GRAVITY = 0.5;

/** The sprite image: 4 × 4 opaque white RGBA pixels. */
export function whitePixels(): Uint8Array {
  return new Uint8Array(SPRITE * SPRITE * 4).fill(255);
}

/** What the motion needs of a sprite: PixiJS's and webglet's sprites both have it. */
export interface Movable {
  x: number;
  y: number;
}

/** A sprite and its velocity, as bunnymark keeps them. */
export interface Bunny<S extends Movable> {
  sprite: S;
  vx: number;
  vy: number;
}

/** mulberry32, so both engines get the same bunnies. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A new bunny: `make` builds the engine's sprite at a random place; a random velocity. */
export function newBunny<S extends Movable>(random: () => number, make: (x: number, y: number) => S): Bunny<S> {
  const sprite = make(random() * MAX_X, random() * MAX_Y);
  return { sprite, vx: random() * 2, vy: random() * 2 - 1 };
}

/** One step of the classic bunnymark motion, through the sprites' getters and setters. */
export function moveBunnies<S extends Movable>(bunnies: readonly Bunny<S>[]): void {
  for (let i = 0; i < bunnies.length; i++) {
    const bunny = bunnies[i]!,
      sprite = bunny.sprite;
    sprite.x += bunny.vx;
    sprite.y += bunny.vy;
    bunny.vy += GRAVITY;
    if (sprite.x > MAX_X) {
      bunny.vx = -bunny.vx;
      sprite.x = MAX_X;
    } else if (sprite.x < 0) {
      bunny.vx = -bunny.vx;
      sprite.x = 0;
    }
    if (sprite.y > MAX_Y) {
      bunny.vy *= -0.85;
      sprite.y = MAX_Y;
    } else if (sprite.y < 0) {
      bunny.vy = 0;
      sprite.y = 0;
    }
  }
}

/** The spinning case's scale of a bunny at height y: fractional, changing every frame. */
export const pulse = (y: number): number => 0.75 + y / (2 * CANVAS);
/** Radians a spinning bunny turns each frame. */
export const SPIN = 0.05;
