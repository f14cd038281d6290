// Batch churn: thousands of coloured triangles and indexed quads in one
// @webglet/graphics Batch, added, resized and deleted every frame, with the
// batch's stats beside the canvas. Only the package's public API is used.
//
// Triangles are non-indexed lists (Batch.add, 3 vertices each). Quads are
// indexed lists (Batch.addIndexed): 4 vertices and 6 indices, [0, 1, 2, 0, 2, 3]
// per quad; resizing one resizes its vertices and indices together
// (IndexedVertexList.resize) and rewrites the indices. Triangles and quads sit
// in two ShaderGroups (orders 0 and 1, quads drawn first), so the batch keeps
// two domains (one indexed) and the stats table shows both.
//
// URL parameters (every example takes them, so screenshots are deterministic):
//   ?seed=N    seeds the PRNG that drives every add, resize and delete.
//   ?frames=N  runs exactly N frames synchronously (no timers, no
//              requestAnimationFrame), then sets document.body.dataset.ready = 'true'.
//              Without it the scene animates with requestAnimationFrame.
// GL errors and failures go to console.error, which the e2e tests treat as a failure.
import { mat4 } from 'gl-matrix';
import {
  Batch,
  createDefaultProgram,
  MatrixBlock,
  ShaderGroup,
  type BatchStats,
  type IndexedVertexList,
  type ShaderProgram,
  type VertexList,
} from '@webglet/graphics';
import { readGameParams, seededRandom } from '@webglet/testing';
import { percent, setStat } from '../shared/stats.ts';

/** Lists alive at the start; the churn keeps the population around this. */
const TARGET_LISTS = 1200;
/** Adds, resizes and deletes per frame. */
const OPERATIONS_PER_FRAME = 120;
/** Shapes (triangles or quads) per list: resizing a list changes this. */
const MAX_SHAPES = 6;
const VERTICES_PER_SHAPE = { triangles: 3, quads: 4 } as const;
/** The two triangles of quad q, as indices into its list's vertices. */
const quadIndices = (quads: number): number[] =>
  Array.from({ length: quads * 6 }, (_, i) => Math.floor(i / 6) * 4 + [0, 1, 2, 0, 2, 3][i % 6]!);
type Kind = keyof typeof VERTICES_PER_SHAPE;

/** One list of the batch: `shapes` triangles or quads around (x, y), in one colour. */
type Item = {
  x: number;
  y: number;
  rgb: readonly [number, number, number];
} & ({ kind: 'triangles'; list: VertexList } | { kind: 'quads'; list: IndexedVertexList });

const PALETTE: readonly (readonly [number, number, number])[] = [
  [229, 57, 53],
  [67, 160, 71],
  [30, 136, 229],
  [253, 216, 53],
  [142, 36, 170],
  [0, 137, 123],
  [244, 81, 30],
  [216, 27, 96],
  [57, 73, 171],
  [124, 179, 66],
];
const ALPHA = 200;

class Churn {
  readonly items: Item[] = [];
  vertices = 0;
  private readonly random: () => number;
  private readonly groups: Record<Kind, ShaderGroup>;
  // Scratch arrays for one list's data; Batch.add and setAttribute get exact-length views.
  private readonly positions = new Float32Array(MAX_SHAPES * 4 * 3);
  private readonly colors = new Uint8Array(MAX_SHAPES * 4 * 4);

  constructor(
    private readonly gl: WebGL2RenderingContext,
    private readonly batch: Batch,
    private readonly program: ShaderProgram,
    seed: number,
    private readonly width: number,
    private readonly height: number,
  ) {
    this.random = seededRandom(seed);
    this.groups = { quads: new ShaderGroup(program, 0), triangles: new ShaderGroup(program, 1) };
  }

  groupKey(kind: Kind): string {
    return this.groups[kind].key;
  }

  /** One frame's worth of adds, resizes and deletes. */
  step(): void {
    for (let i = 0; i < OPERATIONS_PER_FRAME; i++) {
      const r = this.random();
      const live = this.items.length;
      if (live === 0 || (live < TARGET_LISTS && r < 0.4) || r < 0.3) this.add();
      else if (r < 0.65) this.resize(this.pick());
      else this.remove(this.pick());
    }
  }

  add(): void {
    const kind: Kind = this.random() < 0.5 ? 'triangles' : 'quads';
    const shapes = this.shapeCount();
    const count = shapes * VERTICES_PER_SHAPE[kind];
    const x = 10 + this.random() * (this.width - 20);
    const y = 10 + this.random() * (this.height - 20);
    const rgb = PALETTE[Math.floor(this.random() * PALETTE.length)]!;
    this.fill(kind, shapes, x, y, rgb);
    const attributes = {
      position: ['f', this.positions.subarray(0, count * 3)],
      colors: ['Bn', this.colors.subarray(0, count * 4)],
    } as const;
    const { gl, batch, program } = this;
    if (kind === 'quads') {
      const list = batch.addIndexed(count, gl.TRIANGLES, this.groups.quads, program, quadIndices(shapes), attributes);
      this.items.push({ list, kind, x, y, rgb });
    } else {
      this.items.push({ list: batch.add(count, gl.TRIANGLES, this.groups.triangles, program, attributes), kind, x, y, rgb });
    }
    this.vertices += count;
  }

  private resize(index: number): void {
    const item = this.items[index]!;
    const shapes = this.shapeCount();
    const count = shapes * VERTICES_PER_SHAPE[item.kind];
    this.vertices += count - item.list.count;
    if (item.kind === 'quads') {
      // Indices first go with the vertices (the kept ones still fit: a quad's indices
      // point into its own 4 vertices), then are rewritten for the new quad count.
      item.list.resize(count, shapes * 6);
      item.list.indices = quadIndices(shapes);
    } else {
      item.list.resize(count);
    }
    this.fill(item.kind, shapes, item.x, item.y, item.rgb);
    item.list.setAttribute('position', this.positions.subarray(0, count * 3));
    item.list.setAttribute('colors', this.colors.subarray(0, count * 4));
  }

  private remove(index: number): void {
    const item = this.items[index]!;
    this.vertices -= item.list.count;
    item.list.delete();
    // Swap-remove: the order of `items` does not matter, only that it is deterministic.
    this.items[index] = this.items[this.items.length - 1]!;
    this.items.pop();
  }

  private pick(): number {
    return Math.floor(this.random() * this.items.length);
  }

  private shapeCount(): number {
    return 1 + Math.floor(this.random() * MAX_SHAPES);
  }

  /** Writes `shapes` shapes scattered around (x, y), in pixels, into the scratch arrays. */
  private fill(kind: Kind, shapes: number, x: number, y: number, rgb: readonly [number, number, number]): void {
    const { positions, colors, random } = this;
    let p = 0;
    const vertex = (vx: number, vy: number): void => {
      positions[p * 3] = vx;
      positions[p * 3 + 1] = vy;
      positions[p * 3 + 2] = 0;
      const shade = 0.75 + 0.25 * random();
      colors[p * 4] = Math.round(rgb[0] * shade);
      colors[p * 4 + 1] = Math.round(rgb[1] * shade);
      colors[p * 4 + 2] = Math.round(rgb[2] * shade);
      colors[p * 4 + 3] = ALPHA;
      p++;
    };
    for (let s = 0; s < shapes; s++) {
      const cx = x + (random() - 0.5) * 30;
      const cy = y + (random() - 0.5) * 30;
      if (kind === 'triangles') {
        const size = 3 + random() * 6;
        const angle = random() * Math.PI * 2;
        for (let v = 0; v < 3; v++) {
          const a = angle + (v * Math.PI * 2) / 3;
          vertex(cx + Math.cos(a) * size, cy + Math.sin(a) * size);
        }
      } else {
        const w = 2 + random() * 5,
          h = 2 + random() * 5;
        const x0 = cx - w,
          x1 = cx + w,
          y0 = cy - h,
          y1 = cy + h;
        vertex(x0, y0);
        vertex(x1, y0);
        vertex(x1, y1);
        vertex(x0, y1);
      }
    }
  }
}

/** Fills the stats table: plain integers (and percentages), so tests can read them back. */
function showStats(frame: number, churn: Churn, stats: BatchStats): void {
  setStat('frame', frame);
  setStat('lists', churn.items.length);
  setStat('vertices', churn.vertices);
  setStat('drawCalls', stats.drawCalls);
  setStat('bytesUploaded', stats.bytesUploaded);
  setStat('growths', stats.growths);
  setStat('totalGrowths', stats.totalGrowths);
  setStat('bufferBytes', stats.bufferBytes);

  const body = document.querySelector('#domains');
  if (!body) return;
  const rows: HTMLTableRowElement[] = [];
  const row = (label: string, value: string, domain: string, stat: string | null, heading = false): void => {
    const tr = document.createElement('tr');
    const th = document.createElement('th');
    th.textContent = label;
    tr.append(th);
    const td = document.createElement('td');
    td.textContent = value;
    if (heading) {
      th.colSpan = 2;
      th.className = 'domain';
    } else {
      tr.append(td);
    }
    if (stat) {
      td.dataset.domain = domain;
      td.dataset.domainStat = stat;
    }
    rows.push(tr);
  };
  for (const domain of stats.domains) {
    const kind = (['quads', 'triangles'] as const).find((k) => domain.key.startsWith(`${churn.groupKey(k)}|`));
    const name = kind ?? domain.key;
    row(`${name} domain`, '', name, null, true);
    row('capacity (vertices)', String(domain.capacity), name, 'capacity');
    row('usage', percent(domain.usage), name, 'usage');
    row('fragmentation', percent(domain.fragmentation), name, 'fragmentation');
  }
  body.replaceChildren(...rows);
}

function reportGLError(gl: WebGL2RenderingContext, where: string): void {
  const error = gl.getError();
  if (error !== gl.NO_ERROR) console.error(`GL error 0x${error.toString(16)} after ${where}`);
}

function main(): void {
  const { seed, frames } = readGameParams();
  const canvas = document.querySelector<HTMLCanvasElement>('#view');
  if (!canvas) throw new Error('no <canvas id="view">');
  // preserveDrawingBuffer keeps the last frame readable for screenshots; an opaque
  // canvas so blended alpha never shows the page through.
  const gl = canvas.getContext('webgl2', { antialias: false, preserveDrawingBuffer: true, alpha: false });
  if (!gl) throw new Error('WebGL2 is not available in this browser');

  const { width, height } = canvas;
  const program = createDefaultProgram(gl);
  // Pixel coordinates, origin at the top left.
  const matrices = new MatrixBlock(gl);
  matrices.setProjection(mat4.ortho(mat4.create(), 0, width, height, 0, -1, 1));
  const batch = new Batch(gl);
  const churn = new Churn(gl, batch, program, seed, width, height);
  for (let i = 0; i < TARGET_LISTS; i++) churn.add();
  gl.enable(gl.BLEND);
  gl.blendFunc(gl.SRC_ALPHA, gl.ONE_MINUS_SRC_ALPHA);
  reportGLError(gl, 'setup');

  let frame = 0;
  const renderFrame = (): void => {
    churn.step();
    gl.viewport(0, 0, gl.drawingBufferWidth, gl.drawingBufferHeight);
    gl.clearColor(0.08, 0.1, 0.15, 1);
    gl.clear(gl.COLOR_BUFFER_BIT);
    batch.draw();
    reportGLError(gl, `frame ${frame}`);
    frame += 1;
  };

  if (frames === null) {
    const animate = (): void => {
      renderFrame();
      showStats(frame, churn, batch.stats());
      requestAnimationFrame(animate);
    };
    requestAnimationFrame(animate);
    return;
  }
  // Deterministic: exactly `frames` frames, synchronously, then the stats of the last one.
  for (let i = 0; i < frames; i++) renderFrame();
  showStats(frame, churn, batch.stats());
  document.body.dataset.frames = String(frame);
  document.body.dataset.ready = 'true';
}

try {
  main();
} catch (error) {
  console.error(error);
}
