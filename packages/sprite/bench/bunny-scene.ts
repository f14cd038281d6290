// The bunnymark scene both engines draw in the sprite benchmark: one small bunny
// texture, sprites with seeded positions and velocities, the classic motion
// (gravity, bounce off the edges). Engine-neutral: it only moves numbers.

export const CANVAS = 128;
export const BUNNY_W = 4, BUNNY_H = 6;

/** The bunny: a 4 × 6 RGBA image (white body, pink ears, a dark eye), rows top to bottom. */
export function bunnyPixels(): Uint8Array {
  const data = new Uint8Array(BUNNY_W * BUNNY_H * 4);
  for (let y = 0; y < BUNNY_H; y++) {
    for (let x = 0; x < BUNNY_W; x++) {
      const ear = y < 2 && (x === 0 || x === 3);
      const body = y >= 2;
      const eye = y === 3 && x === 2;
      const rgba = eye ? [40, 40, 40, 255] : ear ? [255, 150, 180, 255] : body ? [255, 255, 255, 255] : [0, 0, 0, 0];
      data.set(rgba, (y * BUNNY_W + x) * 4);
    }
  }
  return data;
}

/** The spinning case's rotation (radians) and scale of a bunny at (x, y): fractional, changing every frame. */
export const spin = (x: number): number => x * 0.05;
export const pulse = (y: number): number => 0.75 + y / (2 * CANVAS);

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

/** Positions and velocities of every bunny, in flat arrays (no per-bunny objects). */
export class Motion {
  readonly x: Float64Array;
  readonly y: Float64Array;
  private readonly vx: Float64Array;
  private readonly vy: Float64Array;

  constructor(readonly count: number, random: () => number) {
    this.x = new Float64Array(count);
    this.y = new Float64Array(count);
    this.vx = new Float64Array(count);
    this.vy = new Float64Array(count);
    for (let i = 0; i < count; i++) this.reset(i, random);
  }

  reset(i: number, random: () => number): void {
    this.x[i] = random() * (CANVAS - BUNNY_W);
    this.y[i] = random() * (CANVAS - BUNNY_H);
    this.vx[i] = random() * 2;
    this.vy[i] = random() * 2 - 1;
  }

  /** One step of the classic bunnymark motion. */
  step(): void {
    const { x, y, vx, vy } = this;
    const maxX = CANVAS - BUNNY_W, maxY = CANVAS - BUNNY_H;
    for (let i = 0; i < this.count; i++) {
      let px = x[i]! + vx[i]!, py = y[i]! + vy[i]!;
      vy[i] = vy[i]! + 0.5;
      if (px > maxX) { vx[i] = -vx[i]!; px = maxX; } else if (px < 0) { vx[i] = -vx[i]!; px = 0; }
      if (py > maxY) { vy[i] = -0.85 * vy[i]!; py = maxY; } else if (py < 0) { vy[i] = 0; py = 0; }
      x[i] = px;
      y[i] = py;
    }
  }
}
