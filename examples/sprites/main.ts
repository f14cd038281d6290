// Sprites: thousands of sprites of eight images that are drawn here, pixel by
// pixel, and packed into ONE TextureAtlas page. Every sprite shares that page,
// so they share one SpriteGroup, one domain and one draw call, whatever their
// image. Each frame moves and turns every sprite (setPosition + rotation: the
// translate and rotation of its four vertices, 48 bytes, the only bytes
// uploaded); the range control adds or deletes sprites.
//
// Decisions:
// - The images are PixelData computed from shape tests (4 × 4 samples per pixel
//   for smooth edges), not canvas 2D drawing or image files: the bytes are the
//   same on every machine, so the screenshots are too.
// - Sprites wrap around the canvas edges (leaving on one side, coming back on
//   the other), so the population stays evenly spread however long it runs.
// - Lowering the count deletes the newest sprites; raising it adds new ones
//   from the same seeded stream, so a sequence of changes is reproducible too.
// - ?count=N sets the starting count (snapped by the range control: 1000–100000
//   in steps of 1000; default 5000). ?seed=N drives every random choice;
//   ?frames=N runs N ticks of 1/60 s (see ../shared/run.ts). After that run a
//   count change redraws the scene at once, without advancing the clock, so the
//   page stays a deterministic picture of "N frames, then this change".
import { Batch } from '@webglet/graphics';
import { Sprite, TextureAtlas, type PixelData, type TextureRegion } from '@webglet/sprite';
import { hsv } from '../shared/color.ts';
import { createExample, reportGLErrors, run, start } from '../shared/run.ts';
import { FrameMeter, setStat } from '../shared/stats.ts';

const BACKGROUND = [16, 20, 32] as const;
/** Sprites may drift this far past an edge before they wrap to the other side. */
const MARGIN = 20;
const MIN_SPEED = 20,
  MAX_SPEED = 110; // pixels per second
const MAX_SPIN = 3; // radians per second, either way

/** A shape in the unit square [-1, 1]², y down: is (u, v) inside it? */
type Inside = (u: number, v: number) => boolean;

/** Even-odd point-in-polygon, for the shapes that are polygons. */
function polygon(points: readonly (readonly [number, number])[]): Inside {
  return (u, v) => {
    let inside = false;
    for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
      const [xi, yi] = points[i]!,
        [xj, yj] = points[j]!;
      if (yi > v !== yj > v && u < ((xj - xi) * (v - yi)) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  };
}

/** A regular polygon or star: `corners` points alternating between radius 1 and `inner`, the first one straight up. */
function radial(corners: number, inner = 1): Inside {
  return polygon(
    Array.from({ length: corners }, (_, i) => {
      const angle = -Math.PI / 2 + (i * 2 * Math.PI) / corners;
      const r = i % 2 === 0 ? 1 : inner;
      return [r * Math.cos(angle), r * Math.sin(angle)] as const;
    }),
  );
}

/** The eight images: a shape, its size in pixels and its hue (turns). */
const IMAGES: readonly { name: string; size: number; hue: number; inside: Inside }[] = [
  { name: 'ball', size: 24, hue: 0.58, inside: (u, v) => u * u + v * v <= 1 },
  { name: 'ring', size: 28, hue: 0.48, inside: (u, v) => u * u + v * v <= 1 && u * u + v * v >= 0.36 },
  { name: 'diamond', size: 20, hue: 0.12, inside: (u, v) => Math.abs(u) + Math.abs(v) <= 1 },
  { name: 'star', size: 32, hue: 0.15, inside: radial(10, 0.45) },
  {
    // (x² + y² − 1)³ ≤ x²y³ with y up, scaled to fit the square.
    name: 'heart',
    size: 26,
    hue: 0.97,
    inside: (u, v) => {
      const x = u * 1.15,
        y = 0.15 - v * 1.15;
      return (x * x + y * y - 1) ** 3 <= x * x * y * y * y;
    },
  },
  {
    name: 'triangle',
    size: 22,
    hue: 0.33,
    inside: polygon([
      [0, -1],
      [0.95, 0.8],
      [-0.95, 0.8],
    ]),
  },
  { name: 'plus', size: 18, hue: 0.78, inside: (u, v) => Math.min(Math.abs(u), Math.abs(v)) <= 0.34 },
  { name: 'hexagon', size: 16, hue: 0.05, inside: radial(6) },
];

const SAMPLES = 4; // per pixel and axis

/** One image as straight-alpha RGBA pixels: coverage from SAMPLES² samples, lit from the top left. */
function drawImage(size: number, hue: number, inside: Inside): PixelData {
  const data = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let covered = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const u = ((px + (sx + 0.5) / SAMPLES) / size) * 2 - 1;
          const v = ((py + (sy + 0.5) / SAMPLES) / size) * 2 - 1;
          if (inside(u, v)) covered++;
        }
      }
      if (covered === 0) continue;
      const u = ((px + 0.5) / size) * 2 - 1,
        v = ((py + 0.5) / size) * 2 - 1;
      // Brighter towards the top left, darker towards the bottom right.
      const light = 1 - 0.4 * ((u + v + 2) / 4);
      const [r, g, b] = hsv(hue, 0.7, light);
      const i = (py * size + px) * 4;
      data[i] = r;
      data[i + 1] = g;
      data[i + 2] = b;
      data[i + 3] = Math.round((255 * covered) / (SAMPLES * SAMPLES));
    }
  }
  return { width: size, height: size, data };
}

/** Every sprite and its motion; the motion lives in arrays indexed like `sprites`. */
class Swarm {
  readonly sprites: Sprite[] = [];
  private readonly x: number[] = [];
  private readonly y: number[] = [];
  private readonly vx: number[] = [];
  private readonly vy: number[] = [];
  private readonly spin: number[] = [];

  constructor(
    private readonly batch: Batch,
    private readonly images: readonly TextureRegion[],
    private readonly random: () => number,
    private readonly width: number,
    private readonly height: number,
  ) {}

  get count(): number {
    return this.sprites.length;
  }

  /** Adds sprites (newest last) or deletes the newest until there are `count`. */
  setCount(count: number): void {
    while (this.sprites.length > count) this.removeNewest();
    while (this.sprites.length < count) this.add();
  }

  /** Moves and turns every sprite by `dt` seconds of motion, wrapping at the edges. */
  step(dt: number): void {
    const { sprites, x, y, vx, vy, spin } = this;
    const spanX = this.width + 2 * MARGIN,
      spanY = this.height + 2 * MARGIN;
    for (let i = 0; i < sprites.length; i++) {
      x[i] = wrap(x[i]! + vx[i]! * dt, spanX);
      y[i] = wrap(y[i]! + vy[i]! * dt, spanY);
      const sprite = sprites[i]!;
      sprite.setPosition(x[i]!, y[i]!);
      sprite.rotation += spin[i]! * dt;
    }
  }

  private add(): void {
    const { random } = this;
    const image = this.images[Math.floor(random() * this.images.length)]!;
    const direction = random() * Math.PI * 2;
    const speed = MIN_SPEED + random() * (MAX_SPEED - MIN_SPEED);
    const x = -MARGIN + random() * (this.width + 2 * MARGIN);
    const y = -MARGIN + random() * (this.height + 2 * MARGIN);
    this.x.push(x);
    this.y.push(y);
    this.vx.push(Math.cos(direction) * speed);
    this.vy.push(Math.sin(direction) * speed);
    this.spin.push((random() * 2 - 1) * MAX_SPIN);
    this.sprites.push(
      new Sprite(image, {
        batch: this.batch,
        x,
        y,
        rotation: random() * Math.PI * 2,
        scale: 0.5 + random() * 0.75,
        anchorX: 0.5,
        anchorY: 0.5,
      }),
    );
  }

  private removeNewest(): void {
    this.sprites.pop()?.delete();
    for (const motion of [this.x, this.y, this.vx, this.vy, this.spin]) motion.pop();
  }
}

/** `value` (in [-MARGIN, span - MARGIN) after one step) brought back into that range. */
const wrap = (value: number, span: number): number => ((((value + MARGIN) % span) + span) % span) - MARGIN;

/** ?count=N, or null when absent or not a number. */
function countParam(): number | null {
  const value = Number(new URLSearchParams(window.location.search).get('count') ?? Number.NaN);
  return Number.isFinite(value) ? value : null;
}

start(() => {
  const control = document.querySelector<HTMLInputElement>('#count');
  const output = document.querySelector<HTMLOutputElement>('#count-value');
  if (!control || !output) throw new Error('no #count control');
  const example = createExample();
  const { window: view } = example;
  const gl = view.gl;

  // A 256 × 256 page holds all eight images with room to spare: one page, one draw call.
  const atlas = new TextureAtlas(gl, { pageWidth: 256, pageHeight: 256 });
  const images = IMAGES.map(({ size, hue, inside }) => atlas.add(drawImage(size, hue, inside)));
  const batch = new Batch(gl);
  // After a lost context: the batch restores its programs and buffers itself, the atlas page is ours to restore.
  view.onContextRestored(() => atlas.restore());
  const swarm = new Swarm(batch, images, example.random, view.width, view.height);

  // The control snaps ?count to its range and step; its value is the count from here on.
  const initial = countParam();
  if (initial !== null) control.value = String(initial);
  swarm.setCount(Number(control.value));
  output.value = control.value;

  let frame = 0;
  // Frames as shown (requestAnimationFrame intervals, the GPU's work included) beside the JS a frame takes.
  const meter = new FrameMeter();
  const showStats = (): void => {
    const stats = batch.stats();
    setStat('frame', frame);
    setStat('fps', Math.round(meter.fps));
    setStat('jsMs', meter.jsMs.toFixed(2));
    setStat('sprites', swarm.count);
    setStat('images', images.length);
    setStat('pages', atlas.pages.length);
    setStat('drawCalls', stats.drawCalls);
    setStat('bytesUploaded', stats.bytesUploaded);
    setStat('bufferBytes', stats.bufferBytes);
  };
  const draw = (): void => {
    view.clear(BACKGROUND);
    batch.draw();
  };

  // Set once a deterministic run is over; until then (and while animating) frames draw every change.
  let settled = false;
  control.addEventListener('input', () => {
    output.value = control.value;
    swarm.setCount(Number(control.value));
    if (!settled) return;
    // Deterministic and finished: show the change now, without advancing the clock.
    draw();
    showStats();
    reportGLErrors(gl, `setting the count to ${control.value}`);
  });

  run(
    example,
    (dt) => {
      meter.begin();
      swarm.step(dt);
      draw();
      meter.end();
      frame += 1;
      if (example.frames === null && frame % 10 === 0) showStats();
    },
    showStats,
  );
  settled = example.frames !== null;
});
