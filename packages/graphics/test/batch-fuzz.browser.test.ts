// Seeded model-based fuzz of Batch in a real WebGL2 context: random add, addIndexed, delete, resize,
// setAttribute, migrate (between 4 groups and 2 batches), visibility toggles and order swaps, checked
// every few steps against a CPU model: the colour at every cell centre of an 8 × 8 grid, gl.getError(),
// each domain's allocator.validate() and its allocated size against the live lists it holds.
// Each (batch, group) holds at most one shape per cell, and group orders stay distinct, so the
// expected colour of a cell is its shape in the last-drawn visible (batch, group): batch 0 before 1,
// then by group order.
import { mat4 } from 'gl-matrix';
import { afterEach, describe, expect, it } from 'vitest';
import {
  Batch, createDefaultProgram, IndexedVertexDomain, IndexedVertexList, MatrixBlock, ShaderGroup, VertexDomain, VertexList,
} from '../src/index.ts';
import { createContext, glErrorName, liveContexts, seededRandom } from './gl-test-helpers.ts';

const SIZE = 64, CELL = 8, CELLS = 64, STEPS = 300, CHECK_EVERY = 3;
const SEEDS = [1, 0xbeef, 20240607];
const PALETTE = [[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 0], [255, 0, 255], [0, 255, 255], [255, 255, 255]];

afterEach(() => {
  for (const gl of liveContexts) expect(gl.getError()).toBe(gl.NO_ERROR);
});

interface Shape { list: VertexList | IndexedVertexList; cell: number; batch: number; group: number; colour: number[] }

const corners = (cell: number): number[][] => {
  const x0 = (cell % 8) * CELL + 1, y0 = Math.floor(cell / 8) * CELL + 1, x1 = x0 + CELL - 2, y1 = y0 + CELL - 2;
  return [[x0, y0], [x1, y0], [x1, y1], [x0, y1]];
};
/** n vertices: two triangles covering the cell, then degenerate vertices at its first corner. */
function squarePositions(cell: number, n: number): number[] {
  const c = corners(cell);
  const order = [0, 1, 2, 2, 3, 0];
  return Array.from({ length: n }, (_, i) => [...c[i < 6 ? order[i]! : 0]!, 0]).flat();
}
const quadPositions = (cell: number, n: number): number[] =>
  Array.from({ length: n }, (_, i) => [...corners(cell)[Math.min(i, 3)]!, 0]).flat();
const colours = (rgb: number[], n: number): number[] => Array.from({ length: n }, () => [...rgb, 255]).flat();

function runSeed(seed: number): void {
  const random = seededRandom(seed);
  const int = (n: number): number => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const gl = createContext(SIZE, SIZE);
  const program = createDefaultProgram(gl);
  new MatrixBlock(gl).setProjection(mat4.ortho(mat4.create(), 0, SIZE, 0, SIZE, -1, 1));
  const batches = [new Batch(gl), new Batch(gl, { multiDraw: false })];
  const groups = [0, 1, 2, 3].map((i) => new ShaderGroup(program, i * 10));
  const shapes: Shape[] = [];
  const domains = new Set<VertexDomain | IndexedVertexDomain>();
  const occupied = (cell: number, batch: number, group: number): boolean =>
    shapes.some((s) => s.cell === cell && s.batch === batch && s.group === group);
  const log: string[] = [];

  const check = (step: number): void => {
    gl.clearColor(0, 0, 0, 1);
    gl.clear(gl.COLOR_BUFFER_BIT);
    for (const batch of batches) batch.draw();
    const pixels = new Uint8Array(SIZE * SIZE * 4);
    gl.readPixels(0, 0, SIZE, SIZE, gl.RGBA, gl.UNSIGNED_BYTE, pixels);
    const context = `seed ${seed}, step ${step}; last ops: ${log.slice(-5).join(' | ')}`;
    expect(glErrorName(gl, gl.getError()), context).toBe('NO_ERROR');
    for (let cell = 0; cell < CELLS; cell++) {
      let top: Shape | null = null;
      for (const s of shapes) {
        if (!groups[s.group]!.visible) continue;
        if (top === null || s.batch > top.batch || (s.batch === top.batch && groups[s.group]!.order > groups[top.group]!.order)) {
          if (s.cell === cell) top = s;
        }
      }
      const x = (cell % 8) * CELL + CELL / 2, y = Math.floor(cell / 8) * CELL + CELL / 2;
      const at = (y * SIZE + x) * 4;
      expect([...pixels.subarray(at, at + 4)], `cell ${cell}, ${context}`).toEqual(top === null ? [0, 0, 0, 255] : [...top.colour, 255]);
    }
    for (const s of shapes) domains.add(s.list.domain);
    for (const domain of domains) {
      const held = shapes.filter((s) => s.list.domain === domain);
      if (domain instanceof IndexedVertexDomain) {
        domain.vertices.allocator.validate();
        domain.indexAllocator.validate();
        expect(domain.vertices.allocator.getAllocatedSize(), context).toBe(held.reduce((sum, s) => sum + s.list.count, 0));
        expect(domain.indexAllocator.getAllocatedSize(), context)
          .toBe(held.reduce((sum, s) => sum + (s.list as IndexedVertexList).indexCount, 0));
      } else {
        domain.allocator.validate();
        expect(domain.allocator.getAllocatedSize(), context).toBe(held.reduce((sum, s) => sum + s.list.count, 0));
      }
    }
  };

  for (let step = 0; step < STEPS; step++) {
    const op = int(100);
    if (op < 30 || shapes.length === 0) {
      const cell = int(CELLS), batch = int(2), group = int(4);
      if (occupied(cell, batch, group)) continue;
      const colour = pick(PALETTE);
      let list: VertexList | IndexedVertexList;
      if (random() < 0.5) {
        list = batches[batch]!.add(6, gl.TRIANGLES, groups[group]!, program,
          { position: ['f', squarePositions(cell, 6)], colors: ['Bn', colours(colour, 6)] });
      } else {
        list = batches[batch]!.addIndexed(4, gl.TRIANGLES, groups[group]!, program, [0, 1, 2, 2, 3, 0],
          { position: ['f', quadPositions(cell, 4)], colors: ['Bn', colours(colour, 4)] });
      }
      shapes.push({ list, cell, batch, group, colour });
      log.push(`add cell ${cell} batch ${batch} group ${group} ${list instanceof IndexedVertexList ? 'indexed' : ''}`);
    } else if (op < 45) {
      const index = int(shapes.length);
      shapes[index]!.list.delete();
      log.push(`delete cell ${shapes[index]!.cell}`);
      shapes.splice(index, 1);
    } else if (op < 60) {
      const s = pick(shapes);
      if (s.list instanceof IndexedVertexList) {
        const vertices = 4 + int(3), indices = pick([6, 9]);
        s.list.resize(vertices, indices);
        log.push(`resize indexed cell ${s.cell} to ${vertices}/${indices}`);
      } else {
        const list = s.list, old = list.count, count = pick([6, 9, 12]);
        list.resize(count);
        if (count > old) {
          // Only the new tail is written: the kept vertices must survive the resize.
          const positions = list.get('position'), rgba = list.get('colors');
          positions.set(squarePositions(s.cell, count).slice(old * 3), old * 3);
          rgba.set(colours(s.colour, count).slice(old * 4), old * 4);
          list.markDirty('position');
          list.markDirty('colors');
        }
        log.push(`resize cell ${s.cell} ${old} → ${count}`);
      }
    } else if (op < 72) {
      const s = pick(shapes);
      s.colour = pick(PALETTE);
      s.list.setAttribute('colors', colours(s.colour, s.list.count));
      log.push(`colour cell ${s.cell}`);
    } else if (op < 88) {
      const s = pick(shapes), batch = int(2), group = int(4);
      if (occupied(s.cell, batch, group)) continue;
      s.list.migrate(batches[batch]!, groups[group]!);
      s.batch = batch;
      s.group = group;
      log.push(`migrate cell ${s.cell} → batch ${batch} group ${group}`);
    } else if (op < 94) {
      const group = groups[int(4)]!;
      group.visible = !group.visible;
      log.push(`toggle group order ${group.order}`);
    } else {
      const a = groups[int(4)]!, b = groups[int(4)]!;
      const order = a.order;
      a.order = b.order;
      b.order = order;
      log.push('swap orders');
    }
    if (step % CHECK_EVERY === 0) check(step);
  }
  check(STEPS);
  for (const batch of batches) batch.delete();
}

describe('Batch fuzz (model-based)', () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: ${STEPS} random steps match the CPU model`, () => runSeed(seed));
  }
});
