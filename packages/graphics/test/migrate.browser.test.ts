// VertexList.migrate / IndexedVertexList.migrate / Batch.migrate (pyglet's VertexList.migrate) in a real
// WebGL2 context: data kept (GPU read-back after commit), pixels follow the new group's order and
// visibility, the old domain no longer draws the list, bad targets throw BatchError changing nothing.
import { mat4 } from 'gl-matrix';
import { afterEach, describe, expect, it } from 'vitest';
import {
  Batch,
  BatchError,
  createDefaultProgram,
  Group,
  MatrixBlock,
  ShaderGroup,
  VertexListError,
  type ShaderProgram,
} from '../src/index.ts';
import { createContext, liveContexts, pixel, readBuffer } from './gl-test-helpers.ts';

const SIZE = 32;
const RED = [255, 0, 0, 255],
  GREEN = [0, 255, 0, 255],
  BLACK = [0, 0, 0, 255];
const FULL = [0, 0, 0, 2 * SIZE, 0, 0, 0, 2 * SIZE, 0];
const QUAD = [0, 0, 0, SIZE, 0, 0, SIZE, SIZE, 0, 0, SIZE, 0];
const solid = (rgba: number[], n: number): number[] => Array.from({ length: n }, () => rgba).flat();

afterEach(() => {
  for (const gl of liveContexts) expect(gl.getError()).toBe(gl.NO_ERROR);
});

function scene(): { gl: WebGL2RenderingContext; program: ShaderProgram } {
  const gl = createContext(SIZE, SIZE);
  const program = createDefaultProgram(gl);
  new MatrixBlock(gl).setProjection(mat4.ortho(mat4.create(), 0, SIZE, 0, SIZE, -1, 1));
  return { gl, program };
}
function render(gl: WebGL2RenderingContext, ...batches: Batch[]): number[] {
  gl.clearColor(0, 0, 0, 1);
  gl.clear(gl.COLOR_BUFFER_BIT);
  for (const batch of batches) batch.draw();
  return pixel(gl, SIZE / 2, SIZE / 2);
}

describe('migrate', () => {
  it('moves a non-indexed list to another group: same object, data kept on the GPU, old range freed, order followed', () => {
    const { gl, program } = scene();
    const batch = new Batch(gl);
    const low = new ShaderGroup(program, 0),
      high = new ShaderGroup(program, 2),
      mid = new ShaderGroup(program, 1);
    const red = batch.add(3, gl.TRIANGLES, low, program, { position: ['f', FULL], colors: ['Bn', solid(RED, 3)] });
    batch.add(3, gl.TRIANGLES, mid, program, { position: ['f', FULL], colors: ['Bn', solid(GREEN, 3)] });
    expect(render(gl, batch)).toEqual(GREEN);
    const oldDomain = red.domain;
    red.migrate(batch, high);
    expect(red.isDeleted).toBe(false);
    expect(red.domain).not.toBe(oldDomain);
    expect(oldDomain.allocator.getAllocatedSize()).toBe(0);
    oldDomain.allocator.validate();
    expect(render(gl, batch)).toEqual(RED); // now above green
    const position = red.domain.attribute('t', 'position');
    const gpu = new Float32Array(readBuffer(gl, position.buffer.buffer!, red.start * 12, (red.start + 3) * 12).buffer);
    expect([...gpu]).toEqual(FULL);
    expect([...red.get('colors')]).toEqual(solid(RED, 3));
    high.visible = false;
    expect(render(gl, batch)).toEqual(GREEN);
    red.setAttribute('colors', solid(GREEN, 3)); // the list keeps working in its new domain
    high.visible = true;
    red.delete();
    expect(red.domain.allocator.getAllocatedSize()).toBe(0);
  });

  it('moves an indexed list into another batch, rebasing its indices; the old batch no longer draws it', () => {
    const { gl, program } = scene();
    const a = new Batch(gl),
      b = new Batch(gl, { multiDraw: false });
    const group = new Group();
    const filler = b.addIndexed(4, gl.TRIANGLES, group, program, [0, 1, 2], { position: ['f', QUAD], colors: ['Bn', solid(GREEN, 4)] });
    const list = a.addIndexed(4, gl.TRIANGLES, group, program, [0, 1, 2, 0, 2, 3], {
      position: ['f', QUAD],
      colors: ['Bn', solid(RED, 4)],
    });
    program.use();
    expect(render(gl, a)).toEqual(RED);
    const oldDomain = list.domain;
    list.migrate(b, group);
    expect(oldDomain.indexAllocator.getAllocatedSize()).toBe(0);
    expect(oldDomain.vertices.allocator.getAllocatedSize()).toBe(0);
    expect(list.domain).toBe(filler.domain);
    expect(list.start).toBe(4);
    expect(list.indices).toEqual([0, 1, 2, 0, 2, 3]);
    expect(render(gl, a)).toEqual(BLACK);
    expect(render(gl, b)).toEqual(RED);
    const gpu = new Uint32Array(readBuffer(gl, list.domain.indexBuffer.buffer!, list.indexStart * 4, (list.indexStart + 6) * 4).buffer);
    expect([...gpu]).toEqual([4, 5, 6, 4, 6, 7]);
    list.domain.vertices.allocator.validate();
    list.domain.indexAllocator.validate();
  });

  it('to an equal group in the same batch is a no-op that keeps the range', () => {
    const { gl, program } = scene();
    const batch = new Batch(gl);
    const list = batch.add(3, gl.TRIANGLES, new ShaderGroup(program), program, { position: ['f', FULL], colors: ['Bn', solid(RED, 3)] });
    const { domain, start } = list;
    list.migrate(batch, new ShaderGroup(program));
    expect(list.domain).toBe(domain);
    expect(list.start).toBe(start);
    expect(render(gl, batch)).toEqual(RED);
  });

  it('bad targets throw typed errors and change nothing', () => {
    const { gl, program } = scene();
    const other = scene();
    const batch = new Batch(gl);
    const list = batch.add(3, gl.TRIANGLES, new ShaderGroup(program), program, { position: ['f', FULL], colors: ['Bn', solid(RED, 3)] });
    const { domain, start } = list;
    const dead = new Batch(gl);
    dead.delete();
    expect(() => list.migrate(dead, new Group(1))).toThrow(BatchError);
    expect(() => list.migrate(batch, {} as Group)).toThrow(BatchError);
    expect(() => list.migrate(new Batch(other.gl), new Group(1))).toThrow(/another WebGL context/);
    expect(list.domain).toBe(domain);
    expect(list.start).toBe(start);
    expect(domain.allocator.getAllocatedSize()).toBe(3);
    expect(render(gl, batch)).toEqual(RED);
    list.delete();
    expect(() => list.migrate(batch, new Group(1))).toThrow(VertexListError);
    expect(() => batch.migrate(list, new Group(1))).toThrow(BatchError);
  });
});
