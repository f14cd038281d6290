// Batch and Group in a real WebGL2 context (SwiftShader), with the default program (position vec3 'f',
// colors vec4 'Bn'). Checked on GL state: readPixels, drawArrays counted by a spy that calls through,
// getError after each test. These batches force the per-region fallback ({ multiDraw: false }) so the
// drawArrays calls show the regions; multi-draw is tested in multi-draw.browser.test.ts.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  Batch,
  BatchError,
  bestFit,
  createDefaultProgram,
  goodFit,
  GraphicsArgumentError,
  Group,
  IndexedVertexDomain,
  IndexedVertexListError,
  ShaderGroup,
  VertexDomainError,
  type ShaderProgram,
  type VertexList,
} from '../src/index.ts';
import { createPixelScene, liveContexts, pixel } from './gl-test-helpers.ts';

const SIZE = 64;
const CELL = 8;

afterEach(() => {
  for (const gl of liveContexts) expect(gl.getError()).toBe(gl.NO_ERROR);
});

interface Scene {
  gl: WebGL2RenderingContext;
  program: ShaderProgram;
  batch: Batch;
}
function createScene(): Scene {
  const { gl, program } = createPixelScene(SIZE, createDefaultProgram);
  return { gl, program, batch: new Batch(gl, { multiDraw: false }) };
}

const RED = [255, 0, 0, 255],
  GREEN = [0, 255, 0, 255],
  BLUE = [0, 0, 255, 255],
  BLACK = [0, 0, 0, 255];
/** One triangle covering the whole canvas. */
const FULL = [0, 0, 0, 2 * SIZE, 0, 0, 0, 2 * SIZE, 0];
/** Two triangles filling cell `cell` of an 8 × 8 grid but a 1-pixel margin. */
function square(cell: number): number[] {
  const x0 = (cell % 8) * CELL + 1,
    y0 = Math.floor(cell / 8) * CELL + 1,
    x1 = x0 + CELL - 2,
    y1 = y0 + CELL - 2;
  return [x0, y0, 0, x1, y0, 0, x1, y1, 0, x1, y1, 0, x0, y1, 0, x0, y0, 0];
}
const solid = (rgba: number[], vertices: number): number[] => Array.from({ length: vertices }, () => rgba).flat();
const cellPixel = (gl: WebGL2RenderingContext, cell: number): number[] =>
  pixel(gl, (cell % 8) * CELL + CELL / 2, Math.floor(cell / 8) * CELL + CELL / 2);
const centre = (gl: WebGL2RenderingContext): number[] => pixel(gl, SIZE / 2, SIZE / 2);

function addTriangles(scene: Scene, group: Group, positions: number[], rgba: number[]): VertexList {
  const count = positions.length / 3;
  return scene.batch.add(count, scene.gl.TRIANGLES, group, scene.program, {
    position: ['f', positions],
    colors: ['Bn', solid(rgba, count)],
  });
}

function render(scene: Scene, draw: () => void = () => scene.batch.draw()): void {
  const { gl } = scene;
  gl.clearColor(0, 0, 0, 1);
  gl.clear(gl.COLOR_BUFFER_BIT);
  draw();
}

/** A group that logs its state calls, with a name in its key so groups of different names stay apart. */
class LoggingGroup extends Group {
  constructor(
    readonly name: string,
    readonly log: string[],
    order = 0,
    parent: Group | null = null,
  ) {
    super(order, parent);
  }
  protected override stateKey(): string {
    return this.name;
  }
  override setState(): void {
    this.log.push(`${this.name}+`);
  }
  override unsetState(): void {
    this.log.push(`${this.name}-`);
  }
}

describe('Batch drawing order', () => {
  it('draws groups by order, not by insertion, and rebuilds the draw list exactly when an order changes', () => {
    const scene = createScene();
    const { gl, batch, program } = scene;
    const green = new ShaderGroup(program, 1);
    const red = new ShaderGroup(program, 0);
    addTriangles(scene, green, FULL, GREEN); // added first, drawn last
    addTriangles(scene, red, FULL, RED);
    render(scene);
    expect(centre(gl)).toEqual(GREEN);
    expect(batch.rebuilds).toBe(1);
    render(scene);
    expect(batch.rebuilds).toBe(1);

    green.order = 0;
    red.order = 1;
    expect(batch.rebuilds).toBe(1); // lazily, on the next draw
    render(scene);
    expect(centre(gl)).toEqual(RED);
    expect(batch.rebuilds).toBe(2);
    render(scene);
    expect(centre(gl)).toEqual(RED);
    expect(batch.rebuilds).toBe(2);
  });

  it('keeps equal orders in the order their groups first appeared', () => {
    const scene = createScene();
    const log: string[] = [];
    scene.program.use(); // LoggingGroup sets no program
    for (const name of ['c', 'a', 'b']) addTriangles(scene, new LoggingGroup(name, log), square(0), RED);
    render(scene);
    expect(log).toEqual(['c+', 'c-', 'a+', 'a-', 'b+', 'b-']);
  });

  it("draws a parent's subtree at the parent's place, with the parent's state around its children", () => {
    const scene = createScene();
    const { gl, program } = scene;
    const log: string[] = [];
    const parent = new LoggingGroup('P', log, 5);
    const child = new LoggingGroup('C', log, 0, parent);
    const other = new LoggingGroup('R', log, 1);
    program.use(); // LoggingGroup sets no program
    addTriangles(scene, child, FULL, RED); // child order 0 < 1, but its parent's 5 decides
    addTriangles(scene, other, FULL, GREEN);
    render(scene);
    expect(log).toEqual(['R+', 'R-', 'P+', 'C+', 'C-', 'P-']);
    expect(centre(gl)).toEqual(RED);

    parent.order = 0;
    log.length = 0;
    render(scene);
    expect(log).toEqual(['P+', 'C+', 'C-', 'P-', 'R+', 'R-']);
    expect(centre(gl)).toEqual(GREEN);
  });
});

describe('Batch sharing and visibility', () => {
  it('puts equal-key groups in one domain, drawn with one call for contiguous lists', () => {
    const scene = createScene();
    const { gl, batch, program } = scene;
    const a = addTriangles(scene, new ShaderGroup(program), square(0), RED);
    const b = addTriangles(scene, new ShaderGroup(program), square(1), GREEN);
    const c = addTriangles(scene, new ShaderGroup(program, 1), square(2), BLUE); // another order: its own domain
    expect(a.domain).toBe(b.domain);
    expect(c.domain).not.toBe(a.domain);
    const drawArrays = vi.spyOn(gl, 'drawArrays');
    render(scene);
    expect(drawArrays.mock.calls).toEqual([
      [gl.TRIANGLES, 0, 12],
      [gl.TRIANGLES, 0, 6],
    ]);
    expect(batch.stats().domains).toHaveLength(2);
    expect([0, 1, 2].map((cell) => cellPixel(gl, cell))).toEqual([RED, GREEN, BLUE]);
  });

  it('skips hidden groups and their children: nothing drawn, no draw calls issued', () => {
    const scene = createScene();
    const { gl, batch, program } = scene;
    const parent = new ShaderGroup(program, 0);
    const child = new ShaderGroup(program, 1, parent);
    const hidden = new ShaderGroup(program, 2);
    addTriangles(scene, parent, square(0), RED);
    addTriangles(scene, child, square(1), GREEN);
    addTriangles(scene, hidden, square(2), BLUE);
    hidden.visible = false;
    const drawArrays = vi.spyOn(gl, 'drawArrays');
    render(scene);
    expect([0, 1, 2].map((cell) => cellPixel(gl, cell))).toEqual([RED, GREEN, BLACK]);
    expect(drawArrays).toHaveBeenCalledTimes(2);

    parent.visible = false;
    hidden.visible = true;
    drawArrays.mockClear();
    render(scene);
    expect([0, 1, 2].map((cell) => cellPixel(gl, cell))).toEqual([BLACK, BLACK, BLUE]);
    expect(drawArrays).toHaveBeenCalledTimes(1);
    expect(batch.stats().drawCalls).toBe(1);
  });

  it('stops drawing a deleted list and draws the rest', () => {
    const scene = createScene();
    const { gl, program } = scene;
    const group = new ShaderGroup(program);
    const lists = [0, 1, 2].map((cell) => addTriangles(scene, group, square(cell), RED));
    lists[1]!.delete();
    const drawArrays = vi.spyOn(gl, 'drawArrays');
    render(scene);
    expect([0, 1, 2].map((cell) => cellPixel(gl, cell))).toEqual([RED, BLACK, RED]);
    expect(drawArrays.mock.calls).toEqual([
      [gl.TRIANGLES, 0, 6],
      [gl.TRIANGLES, 12, 6],
    ]);
  });

  it('drawSubset draws only the given lists, in their groups', () => {
    const scene = createScene();
    const { gl, batch, program } = scene;
    const lists = [0, 1, 2, 3].map((cell) => addTriangles(scene, new ShaderGroup(program, cell % 2), square(cell), GREEN));
    const drawArrays = vi.spyOn(gl, 'drawArrays');
    render(scene, () => batch.drawSubset([lists[3]!, lists[0]!]));
    expect([0, 1, 2, 3].map((cell) => cellPixel(gl, cell))).toEqual([GREEN, BLACK, BLACK, GREEN]);
    expect(drawArrays).toHaveBeenCalledTimes(2);
    expect(batch.stats().drawCalls).toBe(2);
    const stranger = new Batch(gl).add(3, gl.TRIANGLES, new Group(), program, { position: ['f'], colors: ['Bn'] });
    expect(() => batch.drawSubset([stranger])).toThrow(BatchError);
  });
});

describe('Batch stats and steady state', () => {
  it('counts the real draw calls and only the bytes changed since the last frame', () => {
    const scene = createScene();
    const { gl, batch, program } = scene;
    const lists = [0, 1, 2, 3, 4].map((cell) => addTriangles(scene, new ShaderGroup(program, cell % 2), square(cell), RED));
    lists[2]!.delete(); // a gap in the order-0 domain: two regions there
    const drawArrays = vi.spyOn(gl, 'drawArrays');
    render(scene);
    let stats = batch.stats();
    expect(stats.drawCalls).toBe(drawArrays.mock.calls.length);
    expect(stats.drawCalls).toBe(3);
    // Every vertex written so far, 12 bytes of position + 4 of colour; the deleted list was written
    // before it was freed, so its bytes are still dirty and go up too.
    expect(stats.bytesUploaded).toBe(5 * 6 * (12 + 4));
    render(scene);
    expect(batch.stats().bytesUploaded).toBe(0);

    lists[3]!.setAttribute('colors', solid(GREEN, 6));
    drawArrays.mockClear();
    render(scene);
    stats = batch.stats();
    expect(stats.bytesUploaded).toBe(4 * 6);
    expect(stats.drawCalls).toBe(drawArrays.mock.calls.length);
    expect(cellPixel(gl, 3)).toEqual(GREEN);
    expect(stats.domains.map((d) => d.capacity)).toEqual([64, 64]);
    expect(stats.domains[0]!.usage).toBeCloseTo(12 / 64);
    expect(stats.domains[0]!.fragmentation).toBeGreaterThan(0); // a 6-vertex hole before the free tail
    expect(stats.domains[1]!.fragmentation).toBe(0);
    expect(stats.bufferBytes).toBe(2 * 64 * (12 + 4));
  });

  it('reports growths in the frame that pays for them', () => {
    const scene = createScene();
    const { batch, program } = scene;
    const group = new ShaderGroup(program);
    addTriangles(scene, group, square(0), RED);
    render(scene);
    expect(batch.stats().growths).toBe(0);
    for (let cell = 1; cell < 20; cell++) addTriangles(scene, group, square(cell), RED); // 120 vertices > 64
    render(scene);
    const stats = batch.stats();
    expect(stats.growths).toBe(1);
    expect(stats.domains[0]!.capacity).toBeGreaterThanOrEqual(120);
    render(scene);
    expect(batch.stats().growths).toBe(0);
    expect(batch.stats().totalGrowths).toBe(1);
  });

  it('a steady draw() neither rebuilds nor changes its calls', () => {
    const scene = createScene();
    const { gl, batch, program } = scene;
    for (let cell = 0; cell < 6; cell++) addTriangles(scene, new ShaderGroup(program, cell % 3), square(cell), RED);
    render(scene);
    const rebuilds = batch.rebuilds;
    const drawArrays = vi.spyOn(gl, 'drawArrays');
    const useProgram = vi.spyOn(gl, 'useProgram');
    render(scene);
    const first = [...drawArrays.mock.calls];
    drawArrays.mockClear();
    useProgram.mockClear();
    render(scene);
    expect(drawArrays.mock.calls).toEqual(first);
    expect(useProgram).toHaveBeenCalledTimes(0); // the three groups share the program, which GLState knows is in use
    expect(batch.rebuilds).toBe(rebuilds);
  });
});

describe('Batch allocation policy', () => {
  it('gives every domain it makes the policy asked for (first-fit by default) and refuses an unknown one', () => {
    const scene = createScene();
    const { gl, program } = scene;
    expect(
      scene.batch.add(3, gl.TRIANGLES, new ShaderGroup(program), program, { position: ['f'], colors: ['Bn'] }).domain.allocator.policy,
    ).toBe('first-fit');
    for (const policy of [bestFit, goodFit]) {
      const batch = new Batch(gl, { policy });
      const list = batch.add(3, gl.TRIANGLES, new ShaderGroup(program), program, { position: ['f'], colors: ['Bn'] });
      const indexed = batch.addIndexed(3, gl.TRIANGLES, new ShaderGroup(program), program, [0, 1, 2], { position: ['f'], colors: ['Bn'] });
      expect(list.domain.allocator.policy).toBe(policy.name);
      expect(indexed.domain.vertices.allocator.policy).toBe(policy.name);
      expect(indexed.domain.indexAllocator.policy).toBe(policy.name);
      batch.delete();
    }
    // A name is refused too: the values are what let a bundle leave the other policies out.
    for (const bad of ['worst-fit', 'good-fit', { name: 'good-fit' }, 42]) {
      expect(() => new Batch(gl, { policy: bad as never })).toThrow(BatchError);
    }
    expect(() => new Batch(gl, { policy: 'good-fit' as never })).toThrow(
      /policy must be firstFit, bestFit or goodFit \(imported values, not names\), got good-fit/,
    );
  });
});

describe('Batch bad input', () => {
  it('throws a typed error and leaves the batch drawing the same pixels', () => {
    const scene = createScene();
    const { gl, batch, program } = scene;
    const group = new ShaderGroup(program);
    addTriangles(scene, group, square(0), RED);
    render(scene);
    const before = [0, 1].map((cell) => cellPixel(gl, cell));
    const domains = batch.stats().domains.length;
    const attempts: [() => unknown, new (...args: never[]) => Error][] = [
      [() => batch.add(6, gl.TRIANGLES, group, program, { position: ['f'], colors: ['Bn'], nope: ['f'] }), VertexDomainError],
      [
        () => batch.add(6, gl.TRIANGLES, group, program, { position: ['f', square(1).slice(1)], colors: ['Bn', solid(GREEN, 6)] }),
        BatchError,
      ],
      [() => batch.add(-1, gl.TRIANGLES, group, program, { position: ['f'], colors: ['Bn'] }), BatchError],
      [() => batch.add(2.5, gl.TRIANGLES, group, program, { position: ['f'], colors: ['Bn'] }), BatchError],
      [() => batch.add(6, 99, group, program, { position: ['f'], colors: ['Bn'] }), BatchError],
      [() => batch.add(6, gl.TRIANGLES, {} as Group, program, { position: ['f'], colors: ['Bn'] }), BatchError],
      // Strips, fans and loops would join neighbouring lists drawn as one region.
      ...[gl.TRIANGLE_STRIP, gl.TRIANGLE_FAN, gl.LINE_STRIP, gl.LINE_LOOP].flatMap((mode): [() => unknown, typeof BatchError][] => [
        [() => batch.add(6, mode, group, program, { position: ['f'], colors: ['Bn'] }), BatchError],
        [() => batch.addIndexed(4, mode, group, program, [0, 1, 2, 3], { position: ['f'], colors: ['Bn'] }), BatchError],
      ]),
      // A new domain (other order) whose data is wrong: the domain must not be kept.
      [() => batch.add(6, gl.TRIANGLES, new ShaderGroup(program, 3), program, { position: ['f', [1, 2]], colors: ['Bn'] }), BatchError],
    ];
    for (const [attempt, type] of attempts) {
      expect(attempt).toThrow(type);
      expect(attempt).toThrow(GraphicsArgumentError);
    }
    expect(() => batch.add(3, gl.TRIANGLE_STRIP, group, program, { position: ['f'], colors: ['Bn'] })).toThrow(
      /TRIANGLE_STRIP would join neighbouring lists/,
    );
    render(scene);
    expect([0, 1].map((cell) => cellPixel(gl, cell))).toEqual(before);
    expect(batch.stats().domains).toHaveLength(domains);
    expect(() => new ShaderGroup(program, Number.NaN)).toThrow(GraphicsArgumentError);
  });
});

describe('Batch indexed lists', () => {
  /** Quad (4 vertices, 6 indices) filling cell `cell` but a 1-pixel margin. */
  const quad = (scene: Scene, group: Group, cell: number, rgba: number[], indices: number[] = [0, 1, 2, 0, 2, 3]) => {
    const [x0, y0, , x1, , , , y1] = square(cell);
    return scene.batch.addIndexed(4, scene.gl.TRIANGLES, group, scene.program, indices, {
      position: ['f', [x0!, y0!, 0, x1!, y0!, 0, x1!, y1!, 0, x0!, y1!, 0]],
      colors: ['Bn', solid(rgba, 4)],
    });
  };

  it('drawSubset draws indexed lists: one drawElements per list over its own index range', () => {
    const scene = createScene();
    const { gl, batch, program } = scene;
    const low = new ShaderGroup(program, 0),
      high = new ShaderGroup(program, 1);
    // Cells 0–3 share one indexed domain (group order 1); cell 4 is non-indexed; cell 5 is indexed, order 0.
    const quads = [0, 1, 2, 3].map((cell) => quad(scene, high, cell, [RED, GREEN, BLUE, RED][cell]!));
    const plain = addTriangles(scene, low, square(4), GREEN);
    const under = quad(scene, low, 5, BLUE);
    // A full-canvas indexed list under everything in order 0 proves subsets skip unchosen lists.
    const [x0, y0, , x1, , , , y1] = [0, 0, 0, 2 * SIZE, 0, 0, 0, 2 * SIZE];
    batch.addIndexed(3, gl.TRIANGLES, low, program, [0, 1, 2], {
      position: ['f', [x0!, y0!, 0, x1!, y0!, 0, x0!, y1!, 0]],
      colors: ['Bn', solid(GREEN, 3)],
    });
    quads[1]!.delete(); // a hole before quads[2]: its range must come from indexStart, not a count
    const drawElements = vi.spyOn(gl, 'drawElements');
    render(scene, () => batch.drawSubset([quads[3]!, plain, quads[2]!, under]));
    expect([0, 1, 2, 3, 4, 5, 6].map((cell) => cellPixel(gl, cell))).toEqual([BLACK, BLACK, BLUE, RED, GREEN, BLUE, BLACK]);
    // Group order first (low: under; high: the two quads in the order given), each at its byte offset.
    expect(drawElements.mock.calls).toEqual([
      [gl.TRIANGLES, 6, gl.UNSIGNED_INT, under.indexStart * 4],
      [gl.TRIANGLES, 6, gl.UNSIGNED_INT, quads[3]!.indexStart * 4],
      [gl.TRIANGLES, 6, gl.UNSIGNED_INT, quads[2]!.indexStart * 4],
    ]);
    expect(quads[3]!.indexStart).toBeGreaterThan(0);
    expect(batch.stats().drawCalls).toBe(4);

    // Indices edited since the last frame are committed before the subset draws: a triangle only.
    quads[3]!.indices = [0, 1, 2, 0, 1, 2];
    render(scene, () => batch.drawSubset([quads[3]!]));
    const [cx0, cy0] = [3 * CELL + 1, 1];
    expect(pixel(gl, cx0 + 5, cy0 + 1)).toEqual(RED); // below the diagonal: triangle 0-1-2
    expect(pixel(gl, cx0 + 1, cy0 + 5)).toEqual(BLACK); // above it: the dropped triangle 0-2-3
    expect(cellPixel(gl, 2)).toEqual(BLACK);
  });

  it('draws indexed quads in group order with the non-indexed lists, sharing domains by key', () => {
    const scene = createScene();
    const { gl, batch, program } = scene;
    const a = quad(scene, new ShaderGroup(program, 1), 0, RED);
    const b = quad(scene, new ShaderGroup(program, 1), 1, GREEN);
    const c = quad(scene, new ShaderGroup(program, 0), 2, BLUE);
    addTriangles(scene, new ShaderGroup(program, 0), FULL, GREEN); // order 0: under every order-1 quad
    expect(a.domain).toBe(b.domain);
    expect(a.domain).toBeInstanceOf(IndexedVertexDomain);
    expect(c.domain).not.toBe(a.domain);
    const drawElements = vi.spyOn(gl, 'drawElements');
    render(scene);
    expect([0, 1, 2, 3].map((cell) => cellPixel(gl, cell))).toEqual([RED, GREEN, GREEN, GREEN]);
    expect(drawElements).toHaveBeenCalledTimes(2);
    const stats = batch.stats();
    expect(stats.domains).toHaveLength(3); // indexed and non-indexed domains are keyed apart
    expect(stats.domains.filter((d) => d.key.includes('indexed|'))).toHaveLength(2);
    expect(stats.drawCalls).toBe(3);
    expect(stats.bytesUploaded).toBe(3 * 4 * (12 + 4) + 3 * 6 * 4 + 3 * (12 + 4));
    expect(stats.bufferBytes).toBe(2 * 64 * (12 + 4 + 4) + 64 * (12 + 4));
    expect(pixel(gl, 60, 60)).toEqual(GREEN);
  });

  it('stops drawing a deleted indexed list', () => {
    const scene = createScene();
    const { gl, program } = scene;
    const group = new ShaderGroup(program);
    const lists = [0, 1, 2].map((cell) => quad(scene, group, cell, RED));
    lists[1]!.delete();
    const drawElements = vi.spyOn(gl, 'drawElements');
    render(scene);
    expect([0, 1, 2].map((cell) => cellPixel(gl, cell))).toEqual([RED, BLACK, RED]);
    expect(drawElements.mock.calls.map((call) => [call[1], call[3]])).toEqual([
      [6, 0],
      [6, 12 * 4],
    ]);
  });

  it('bad indices throw a typed error, keep no new domain and leave the same pixels', () => {
    const scene = createScene();
    const { gl, batch, program } = scene;
    quad(scene, new ShaderGroup(program), 0, RED);
    render(scene);
    const before = new Uint8Array(SIZE * SIZE * 4);
    gl.readPixels(0, 0, SIZE, SIZE, gl.RGBA, gl.UNSIGNED_BYTE, before);
    for (const [group, indices] of [
      [new ShaderGroup(program), [0, 1, 4]],
      [new ShaderGroup(program, 5), [0, -1, 2]],
      [new ShaderGroup(program), [0, 1.5, 2]],
    ] as const) {
      expect(() => quad(scene, group, 1, GREEN, [...indices])).toThrow(IndexedVertexListError);
    }
    expect(batch.stats().domains).toHaveLength(1);
    render(scene);
    const after = new Uint8Array(SIZE * SIZE * 4);
    gl.readPixels(0, 0, SIZE, SIZE, gl.RGBA, gl.UNSIGNED_BYTE, after);
    expect(after).toEqual(before);
    expect(cellPixel(gl, 1)).toEqual(BLACK);
  });
});
