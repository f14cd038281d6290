// Churn: thousands of shapes created and deleted every second in ONE Batch
// (one domain: every shape of a batch shares it), with the domain's figures
// beside the canvas. Each shape lives a random 0.3–1.5 s; the spawn rate swells
// and ebbs, so the population does too. What to watch: new shapes land in the
// space the dead ones freed ("in freed space"), and the capacity only doubles
// when the live vertices cannot fit ("growths").
//
// ?seed=N drives every spawn; ?frames=N runs N ticks of 1/60 s (see ../shared/run.ts).
import { Batch, type VertexStore } from '@webglet/graphics';
import { Circle, Rectangle, Star, Triangle, type Shape } from '@webglet/sprite';
import { hsv } from '../shared/color.ts';
import { createExample, run, start } from '../shared/run.ts';
import { percent, setStat } from '../shared/stats.ts';

/** Shapes spawned per second on average; the rate swings ±70% around it. */
const SPAWN_RATE = 3000;
const MIN_LIFE = 0.3,
  MAX_LIFE = 1.5;
const BACKGROUND = [20, 26, 38] as const;

interface Live {
  shape: Shape;
  dies: number;
}

class Churn {
  readonly live: Live[] = [];
  vertices = 0;
  peakVertices = 0;
  created = 0;
  deleted = 0;
  /** Shapes whose vertices landed below the high-water mark: in space a dead shape freed. */
  inFreedSpace = 0;
  /** One past the highest vertex ever allocated. */
  private highWater = 0;
  private owed = 0;
  domain: VertexStore | null = null;

  constructor(
    private readonly batch: Batch,
    private readonly random: () => number,
    private readonly width: number,
    private readonly height: number,
  ) {}

  step(t: number, dt: number): void {
    this.expire(t);
    // Fractional spawns carry over, so the rate is exact over time.
    this.owed += SPAWN_RATE * (1 + 0.7 * Math.sin(t * 2.2)) * dt;
    for (; this.owed >= 1; this.owed--) this.spawn(t);
    this.peakVertices = Math.max(this.peakVertices, this.vertices);
  }

  private expire(t: number): void {
    const live = this.live;
    for (let i = live.length - 1; i >= 0; i--) {
      const item = live[i]!;
      if (item.dies > t) continue;
      this.vertices -= item.shape.vertexList.count;
      item.shape.delete();
      this.deleted++;
      // Swap-remove: the order does not matter, only that it is deterministic.
      live[i] = live[live.length - 1]!;
      live.pop();
    }
  }

  private spawn(t: number): void {
    const { random, batch } = this;
    const x = 8 + random() * (this.width - 16),
      y = 8 + random() * (this.height - 16);
    const color = hsv(random(), 0.65, 0.95);
    const options = { batch, color, opacity: 190, rotation: random() * Math.PI };
    const kind = random();
    const size = 3 + random() * 6;
    const shape =
      kind < 0.3
        ? new Rectangle(x, y, size * 1.6, size, { ...options, anchorX: 0.5, anchorY: 0.5 })
        : kind < 0.55
          ? new Circle(x, y, size, { ...options, segments: 6 + Math.floor(random() * 7) })
          : kind < 0.8
            ? new Triangle(x - size, y + size, x + size, y + size, x, y - size, options)
            : new Star(x, y, size * 1.3, size * 0.6, 4 + Math.floor(random() * 3), options);
    const list = shape.vertexList;
    this.domain ??= list.domain;
    const end = list.start + list.count;
    if (end <= this.highWater) this.inFreedSpace++;
    this.highWater = Math.max(this.highWater, end);
    this.vertices += list.count;
    this.created++;
    this.live.push({ shape, dies: t + MIN_LIFE + random() * (MAX_LIFE - MIN_LIFE) });
  }
}

start(() => {
  const example = createExample();
  const { window: view, clock } = example;
  const batch = new Batch(view.gl);
  const churn = new Churn(batch, example.random, view.width, view.height);

  let frame = 0;
  const showStats = (): void => {
    const domain = churn.domain;
    setStat('frame', frame);
    setStat('fps', Math.round(clock.fps));
    setStat('shapes', churn.live.length);
    setStat('vertices', churn.vertices);
    setStat('peakVertices', churn.peakVertices);
    setStat('created', churn.created);
    setStat('deleted', churn.deleted);
    setStat('inFreedSpace', churn.inFreedSpace);
    if (domain === null) return;
    setStat('capacity', domain.capacity);
    setStat('usage', percent(domain.allocator.getUsage()));
    setStat('fragmentation', percent(domain.allocator.getFragmentation()));
    setStat('growths', domain.totalGrowths);
  };
  // Read-only figures for the soak script (scripts/soak.mjs, `pnpm soak`); reads only.
  Object.defineProperty(window, '__soak', {
    value: Object.freeze({
      sample: () => ({
        frame,
        shapes: churn.live.length,
        vertices: churn.vertices,
        peakVertices: churn.peakVertices,
        created: churn.created,
        deleted: churn.deleted,
        capacity: churn.domain?.capacity ?? 0,
        growths: churn.domain?.totalGrowths ?? 0,
        bufferBytes: batch.stats().bufferBytes,
      }),
    }),
  });
  run(
    example,
    (dt) => {
      churn.step(clock.time, dt);
      view.clear(BACKGROUND);
      batch.draw();
      frame += 1;
      if (example.frames === null && frame % 10 === 0) showStats();
    },
    showStats,
  );
});
