// Allocator: a live picture of a vertex domain's buffer, drawn with webglet's
// own shapes. The top band is a graphics Batch whose vertex lists are added,
// resized and deleted every frame (the population swells and shrinks). Below:
//   - the domain's address space as a strip of rectangles, one per region of
//     its allocator (allocator.regions(): allocated green, free slate), wrapped
//     over four rows, vertex 0 at the top-left;
//   - usage (blue) and fragmentation (orange) over the last 220 frames, as Line
//     shapes, with a red mark at every frame the domain grew.
// The figures beside the canvas come from allocator.stats().
//
// ?seed=N drives the churn; ?frames=N runs N ticks of 1/60 s (see ../shared/run.ts).
import { Batch, createDefaultProgram, ShaderGroup, type ShaderProgram, type VertexList, type VertexStore } from '@webglet/graphics';
import { BorderedRectangle, Line, Rectangle, type Color } from '@webglet/sprite';
import { hsv } from '../shared/color.ts';
import { createExample, run, start } from '../shared/run.ts';
import { percent, setStat } from '../shared/stats.ts';

const BACKGROUND = [20, 26, 38] as const;
const ALLOCATED: Color = [102, 187, 106];
const FREE: Color = [58, 70, 94];
const USAGE_COLOR: Color = [66, 165, 245];
const FRAGMENTATION_COLOR: Color = [255, 167, 38];
const GROWTH_COLOR: Color = [239, 83, 80];

/** Where things go on the 480 × 360 canvas. */
const SCENE = { left: 0, top: 0, width: 480, height: 100 };
const STRIP = { left: 20, top: 118, width: 440, rows: 4, rowHeight: 16, gap: 4 };
const PLOT = { left: 20, top: 222, width: 440, height: 120, samples: 220 };

/** Lists alive at the start and the swing of the population around it. */
const BASE_LISTS = 260,
  SWING = 200;
const OPERATIONS_PER_FRAME = 24;
const MAX_TRIANGLES = 24;

/** The churned batch: lists of 1–24 small triangles each, scattered over the top band. */
class Churn {
  readonly lists: VertexList[] = [];
  vertices = 0;
  private readonly group: ShaderGroup;
  private readonly positions = new Float32Array(MAX_TRIANGLES * 3 * 3);
  private readonly colors = new Uint8Array(MAX_TRIANGLES * 3 * 4);

  constructor(
    private readonly gl: WebGL2RenderingContext,
    private readonly batch: Batch,
    private readonly program: ShaderProgram,
    private readonly random: () => number,
  ) {
    this.group = new ShaderGroup(program);
  }

  /** The domain every list of the churn lives in (one group, program and format). */
  get domain(): VertexStore | null {
    return this.lists[0]?.domain ?? null;
  }

  step(t: number): void {
    const target = BASE_LISTS + SWING * Math.sin(t * 2.4);
    for (let i = 0; i < OPERATIONS_PER_FRAME; i++) {
      const r = this.random();
      if (this.lists.length === 0 || (this.lists.length < target && r < 0.6)) this.add();
      else if (r < 0.3) this.resize(this.pick());
      else this.remove(this.pick());
    }
  }

  add(): void {
    const count = this.fill();
    const list = this.batch.add(count, this.gl.TRIANGLES, this.group, this.program, {
      position: ['f', this.positions.subarray(0, count * 3)],
      colors: ['Bn', this.colors.subarray(0, count * 4)],
    });
    this.lists.push(list);
    this.vertices += count;
  }

  private resize(index: number): void {
    const list = this.lists[index]!;
    const count = this.fill();
    this.vertices += count - list.count;
    list.resize(count);
    list.setAttribute('position', this.positions.subarray(0, count * 3));
    list.setAttribute('colors', this.colors.subarray(0, count * 4));
  }

  private remove(index: number): void {
    const list = this.lists[index]!;
    this.vertices -= list.count;
    list.delete();
    this.lists[index] = this.lists[this.lists.length - 1]!;
    this.lists.pop();
  }

  private pick(): number {
    return Math.floor(this.random() * this.lists.length);
  }

  /** Writes a new list's triangles into the scratch arrays; returns its vertex count. */
  private fill(): number {
    const { random, positions, colors } = this;
    const triangles = 1 + Math.floor(random() * MAX_TRIANGLES);
    const x = SCENE.left + 10 + random() * (SCENE.width - 20),
      y = SCENE.top + 10 + random() * (SCENE.height - 20);
    const [r, g, b] = hsv(random(), 0.6, 0.95);
    for (let v = 0; v < triangles * 3; v++) {
      const corner = v % 3;
      if (corner === 0) {
        positions[v * 3] = x + (random() - 0.5) * 24;
        positions[v * 3 + 1] = y + (random() - 0.5) * 24;
      } else {
        positions[v * 3] = positions[(v - corner) * 3]! + (random() - 0.5) * 10;
        positions[v * 3 + 1] = positions[(v - corner) * 3 + 1]! + (random() - 0.5) * 10;
      }
      positions[v * 3 + 2] = 0;
      colors.set([r, g, b, 170], v * 4);
    }
    return triangles * 3;
  }
}

/**
 * The strip: a pool of Rectangles, one per piece of a region on a row. Spare
 * ones are hidden, not deleted, so a steady picture allocates nothing.
 */
class Strip {
  private readonly pool: Rectangle[] = [];
  shown = 0;

  constructor(private readonly batch: Batch) {
    const height = STRIP.rows * (STRIP.rowHeight + STRIP.gap) - STRIP.gap;
    new BorderedRectangle(STRIP.left - 3, STRIP.top - 3, STRIP.width + 6, height + 6, {
      batch,
      color: BACKGROUND,
      borderColor: [90, 100, 120],
      border: 1,
    });
  }

  /** One rectangle per region piece; `regions` cover [0, capacity) in address order. */
  update(regions: readonly { start: number; size: number; free: boolean }[], capacity: number): void {
    const perRow = capacity / STRIP.rows;
    const scale = STRIP.width / perRow;
    let shown = 0;
    for (const region of regions) {
      let start = region.start;
      const end = region.start + region.size;
      while (start < end) {
        const row = Math.min(STRIP.rows - 1, Math.floor(start / perRow));
        const rowEnd = Math.min(end, (row + 1) * perRow);
        const rectangle = this.rectangle(shown++);
        rectangle.position = [STRIP.left + (start - row * perRow) * scale, STRIP.top + row * (STRIP.rowHeight + STRIP.gap)];
        rectangle.width = (rowEnd - start) * scale;
        rectangle.color = region.free ? FREE : ALLOCATED;
        rectangle.visible = true;
        start = rowEnd;
      }
    }
    for (let i = shown; i < this.shown; i++) this.pool[i]!.visible = false;
    this.shown = shown;
  }

  /**
   * The vertices the shown rectangles stand for, by colour, read back from the
   * rectangles themselves: the overlay shows them so a test can check that the
   * picture covers the allocator's allocated and free space exactly.
   */
  covered(capacity: number): { allocated: number; free: number } {
    const verticesPerPixel = capacity / STRIP.rows / STRIP.width;
    let allocated = 0,
      free = 0;
    for (let i = 0; i < this.shown; i++) {
      const rectangle = this.pool[i]!;
      const vertices = rectangle.width * verticesPerPixel;
      if (rectangle.color[0] === ALLOCATED[0]) allocated += vertices;
      else free += vertices;
    }
    return { allocated: Math.round(allocated), free: Math.round(free) };
  }

  private rectangle(index: number): Rectangle {
    let rectangle = this.pool[index];
    if (rectangle === undefined) {
      rectangle = new Rectangle(0, 0, 0, STRIP.rowHeight, { batch: this.batch });
      this.pool.push(rectangle);
    }
    return rectangle;
  }
}

/** Two lines over the last PLOT.samples frames (0 at the bottom, 100% at the top) and growth marks. */
class Plot {
  private readonly usage: number[] = [];
  private readonly fragmentation: number[] = [];
  /** Sample index (counted from the first sample ever) of every growth. */
  private readonly growthsAt: number[] = [];
  private samples = 0;
  private readonly usageLines: Line[] = [];
  private readonly fragmentationLines: Line[] = [];
  private readonly marks: Line[] = [];
  shownMarks = 0;

  constructor(private readonly batch: Batch) {
    new BorderedRectangle(PLOT.left - 1, PLOT.top - 1, PLOT.width + 2, PLOT.height + 2, {
      batch,
      color: BACKGROUND,
      borderColor: [90, 100, 120],
      border: 1,
    });
    for (let i = 1; i < PLOT.samples; i++) {
      this.usageLines.push(new Line(0, 0, 0, 0, { batch, color: USAGE_COLOR, thickness: 2, visible: false }));
      this.fragmentationLines.push(new Line(0, 0, 0, 0, { batch, color: FRAGMENTATION_COLOR, thickness: 2, visible: false }));
    }
  }

  add(usage: number, fragmentation: number, grew: boolean): void {
    if (grew) this.growthsAt.push(this.samples);
    this.samples++;
    for (const [values, value] of [
      [this.usage, usage],
      [this.fragmentation, fragmentation],
    ] as const) {
      values.push(value);
      if (values.length > PLOT.samples) values.shift();
    }
    while (this.growthsAt.length > 0 && this.growthsAt[0]! < this.samples - PLOT.samples) this.growthsAt.shift();
    this.draw();
  }

  private draw(): void {
    const first = this.samples - this.usage.length;
    const x = (sample: number): number => PLOT.left + ((sample - first) / (PLOT.samples - 1)) * PLOT.width;
    const y = (value: number): number => PLOT.top + (1 - value) * PLOT.height;
    for (const [lines, values] of [
      [this.usageLines, this.usage],
      [this.fragmentationLines, this.fragmentation],
    ] as const) {
      lines.forEach((line, i) => {
        if (i + 1 >= values.length) {
          line.visible = false;
          return;
        }
        line.position = [x(first + i), y(values[i]!)];
        line.x2 = x(first + i + 1);
        line.y2 = y(values[i + 1]!);
        line.visible = true;
      });
    }
    this.growthsAt.forEach((sample, i) => {
      let mark = this.marks[i];
      if (mark === undefined)
        this.marks.push(
          (mark = new Line(0, PLOT.top, 0, PLOT.top + PLOT.height, { batch: this.batch, color: GROWTH_COLOR, thickness: 1 })),
        );
      mark.position = [x(sample), PLOT.top];
      mark.x2 = x(sample);
      mark.visible = true;
    });
    for (let i = this.growthsAt.length; i < this.shownMarks; i++) this.marks[i]!.visible = false;
    this.shownMarks = this.growthsAt.length;
  }
}

start(() => {
  const example = createExample();
  const { window: view, clock } = example;
  const gl = view.gl;
  const churned = new Batch(gl);
  const churn = new Churn(gl, churned, createDefaultProgram(gl), example.random);
  for (let i = 0; i < BASE_LISTS; i++) churn.add();
  // The picture: a batch of shapes of its own, so drawing it never touches the churned domain.
  const picture = new Batch(gl);
  const strip = new Strip(picture);
  const plot = new Plot(picture);

  let frame = 0;
  let growths = churn.domain?.totalGrowths ?? 0;
  const showStats = (): void => {
    const domain = churn.domain;
    setStat('frame', frame);
    setStat('fps', Math.round(clock.fps));
    setStat('lists', churn.lists.length);
    setStat('vertices', churn.vertices);
    setStat('rectangles', strip.shown);
    setStat('growthMarks', plot.shownMarks);
    if (domain === null) return;
    const stats = domain.allocator.stats();
    setStat('capacity', stats.capacity);
    setStat('allocated', stats.allocated);
    setStat('free', stats.free);
    setStat('allocatedRanges', stats.allocatedRanges);
    setStat('freeRanges', stats.freeRanges);
    setStat('largestFree', stats.largestFree);
    setStat('usage', percent(stats.usage));
    setStat('fragmentation', percent(stats.fragmentation));
    setStat('growths', domain.totalGrowths);
    const covered = strip.covered(stats.capacity);
    setStat('stripAllocated', covered.allocated);
    setStat('stripFree', covered.free);
  };
  run(
    example,
    () => {
      churn.step(clock.time);
      const domain = churn.domain;
      if (domain !== null) {
        const { allocator } = domain;
        strip.update(allocator.regions(), allocator.capacity);
        plot.add(allocator.getUsage(), allocator.getFragmentation(), domain.totalGrowths !== growths);
        growths = domain.totalGrowths;
      }
      view.clear(BACKGROUND);
      churned.draw();
      picture.draw();
      frame += 1;
      if (example.frames === null && frame % 10 === 0) showStats();
    },
    showStats,
  );
});
