// Bunnymark: the classic sprite benchmark (PixiJS's bunnymark), on
// @webglet/sprite. Every bunny is one Sprite of one small texture, falling
// under gravity, bouncing off the floor (with a random hop now and then) and
// the side walls. A click on the canvas (or Enter / Space while it has focus)
// adds 500 more. One texture, so one domain and one draw call however many.
//
// Decisions:
// - The bunny is pixel art drawn from a character map into PixelData (no image
//   file), shown with 'nearest' filtering at twice its size: crisp, and the same
//   bytes on every machine.
// - The physics is PixiJS bunnymark's, in "pixels per 60 Hz frame" units, scaled
//   by dt × 60, so it runs at the same speed at any frame rate; the fixed dt of
//   a deterministic run makes that exactly 1. Anchor (0.5, 1): a bunny's
//   position is the middle of its feet, bounded by the canvas edges, as in PixiJS.
// - New bunnies appear where the pointer went down (at the top-left corner
//   from the keyboard), with random speeds from the seeded stream.
// - ?bunnies=N sets the starting count (default 1000); ?seed=N drives every
//   random number; ?frames=N runs N ticks of 1/60 s (see ../shared/run.ts).
//   After that run a click redraws at once, without advancing the clock, so the
//   page stays a deterministic picture of "N frames, then these clicks".
import { Batch } from '@webglet/graphics';
import { Input, Sprite, Texture, type PixelData } from '@webglet/sprite';
import { createExample, reportGLErrors, run, start } from '../shared/run.ts';
import { FrameMeter, setStat } from '../shared/stats.ts';

const BACKGROUND = [34, 40, 58] as const;
const DEFAULT_BUNNIES = 1000;
const MAX_BUNNIES = 500_000;
const BUNNIES_PER_CLICK = 500;
/** PixiJS bunnymark's figures, per 60 Hz frame. */
const GRAVITY = 0.75;
const BOUNCE = 0.85;
const MAX_HOP = 6;
const MAX_SPEED_X = 10;
const MAX_SPEED_Y = 10;
/** Drawn twice the size of the map: 26 × 38 pixels. */
const BUNNY_SCALE = 2;

/** The bunny, one character per pixel: X outline, W fur, P pink, B eye, '.' transparent. */
const BUNNY_MAP = [
  '..XX.....XX..',
  '.XPPX...XPPX.',
  '.XPPX...XPPX.',
  '.XPPX...XPPX.',
  '.XPPX...XPPX.',
  '.XWPX...XPWX.',
  '..XWWXXXWWX..',
  '.XWWWWWWWWWX.',
  'XWWWWWWWWWWWX',
  'XWWBWWWWWBWWX',
  'XWPWWWPWWWPWX',
  'XWWWWWWWWWWWX',
  '.XWWWWWWWWWX.',
  '..XXWWWWWXX..',
  '.XWWWWWWWWWX.',
  'XWWWWWWWWWWWX',
  'XWWWWWWWWWWWX',
  'XWWXWWWWWXWWX',
  '.XXXXXXXXXXX.',
];
const BUNNY_COLORS: Readonly<Record<string, readonly [number, number, number, number]>> = {
  '.': [0, 0, 0, 0],
  X: [58, 50, 72, 255],
  W: [250, 248, 244, 255],
  P: [244, 164, 186, 255],
  B: [24, 22, 34, 255],
};

function drawBunny(): PixelData {
  const width = BUNNY_MAP[0]!.length,
    height = BUNNY_MAP.length;
  const data = new Uint8Array(width * height * 4);
  BUNNY_MAP.forEach((row, y) => {
    if (row.length !== width) throw new Error(`BUNNY_MAP row ${y} is ${row.length} wide, not ${width}`);
    [...row].forEach((char, x) => {
      const color = BUNNY_COLORS[char];
      if (!color) throw new Error(`BUNNY_MAP: unknown pixel '${char}'`);
      data.set(color, (y * width + x) * 4);
    });
  });
  return { width, height, data };
}

/** Every bunny and its motion; the motion lives in arrays indexed like `sprites`. */
class Bunnies {
  readonly sprites: Sprite[] = [];
  private readonly x: number[] = [];
  private readonly y: number[] = [];
  private readonly vx: number[] = [];
  private readonly vy: number[] = [];

  constructor(
    private readonly batch: Batch,
    private readonly texture: Texture,
    private readonly random: () => number,
    private readonly width: number,
    private readonly height: number,
  ) {}

  get count(): number {
    return this.sprites.length;
  }

  /** Adds `count` bunnies with their feet at (x, y) (clamped to the canvas). */
  add(count: number, x: number, y: number): void {
    const { random } = this;
    const startX = Math.min(Math.max(x, 0), this.width),
      startY = Math.min(Math.max(y, 0), this.height);
    for (let i = 0; i < count; i++) {
      this.x.push(startX);
      this.y.push(startY);
      this.vx.push(random() * MAX_SPEED_X);
      this.vy.push(random() * MAX_SPEED_Y - MAX_SPEED_Y / 2);
      this.sprites.push(
        new Sprite(this.texture, {
          batch: this.batch,
          x: startX,
          y: startY,
          scale: BUNNY_SCALE,
          anchorX: 0.5,
          anchorY: 1,
        }),
      );
    }
  }

  /** Adds `count` bunnies scattered over the upper part of the canvas (the starting crowd). */
  scatter(count: number): void {
    for (let i = 0; i < count; i++) this.add(1, this.random() * this.width, 40 + this.random() * this.height * 0.5);
  }

  /** PixiJS bunnymark's update, `dt` seconds long. */
  step(dt: number): void {
    const frames = dt * 60;
    const { sprites, x, y, vx, vy, width, height, random } = this;
    for (let i = 0; i < sprites.length; i++) {
      x[i] = x[i]! + vx[i]! * frames;
      y[i] = y[i]! + vy[i]! * frames;
      vy[i] = vy[i]! + GRAVITY * frames;
      if (x[i]! > width) {
        vx[i] = -vx[i]!;
        x[i] = width;
      } else if (x[i]! < 0) {
        vx[i] = -vx[i]!;
        x[i] = 0;
      }
      if (y[i]! > height) {
        vy[i] = -vy[i]! * BOUNCE;
        y[i] = height;
        if (random() > 0.5) vy[i] = vy[i]! - random() * MAX_HOP;
      } else if (y[i]! < 0) {
        vy[i] = 0;
        y[i] = 0;
      }
      sprites[i]!.setPosition(x[i]!, y[i]!);
    }
  }
}

/** ?bunnies=N: an integer in [0, MAX_BUNNIES], else the default. */
function bunniesParam(): number {
  const value = Number(new URLSearchParams(window.location.search).get('bunnies') ?? Number.NaN);
  return Number.isInteger(value) && value >= 0 && value <= MAX_BUNNIES ? value : DEFAULT_BUNNIES;
}

start(() => {
  const example = createExample();
  const { window: view } = example;
  const gl = view.gl;
  const texture = new Texture(gl, drawBunny(), { filter: 'nearest' });
  const batch = new Batch(gl);
  const bunnies = new Bunnies(batch, texture, example.random, view.width, view.height);
  bunnies.scatter(bunniesParam());

  let frame = 0;
  // Frames as shown (requestAnimationFrame intervals, the GPU's work included) beside the JS a frame takes.
  const meter = new FrameMeter();
  const showStats = (): void => {
    const stats = batch.stats();
    setStat('frame', frame);
    setStat('fps', Math.round(meter.fps));
    setStat('jsMs', meter.jsMs.toFixed(2));
    setStat('bunnies', bunnies.count);
    setStat('drawCalls', stats.drawCalls);
    setStat('bytesUploaded', stats.bytesUploaded);
  };
  const draw = (): void => {
    view.clear(BACKGROUND);
    batch.draw();
  };

  // Set once a deterministic run is over; until then (and while animating) frames draw every change.
  let settled = false;
  const addBunnies = (x: number, y: number): void => {
    if (bunnies.count + BUNNIES_PER_CLICK > MAX_BUNNIES) return;
    bunnies.add(BUNNIES_PER_CLICK, x, y);
    if (!settled) return;
    draw();
    showStats();
    reportGLErrors(gl, 'adding bunnies');
  };
  // Input gives pointer events in the window's coordinates and stops Space scrolling the page.
  const input = new Input(view);
  input.onPointer((event) => {
    if (event.type === 'down') addBunnies(event.x, event.y);
  });
  input.onKey((event) => {
    if (event.type !== 'down' || (event.key !== 'Enter' && event.key !== ' ')) return;
    // The top-left corner, the whole bunny in view.
    addBunnies((BUNNY_MAP[0]!.length * BUNNY_SCALE) / 2, BUNNY_MAP.length * BUNNY_SCALE);
  });

  run(
    example,
    (dt) => {
      meter.begin();
      bunnies.step(dt);
      draw();
      meter.end();
      frame += 1;
      if (example.frames === null && frame % 10 === 0) showStats();
    },
    showStats,
  );
  settled = example.frames !== null;
});
