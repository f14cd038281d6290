// Multi-draw (WEBGL_multi_draw) against the per-region fallback, in a real WebGL2 context (SwiftShader
// Chromium has the extension; the first test fails loudly if that ever changes, rather than silently
// testing only the fallback). Checked on GL state: full readPixels buffers, calls counted by spies
// that call through, getError after each test.
import { mat4 } from 'gl-matrix';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Batch, createDefaultProgram, MatrixBlock, ShaderGroup, type ShaderProgram } from '../src/index.ts';
import { createContext, liveContexts } from './gl-test-helpers.ts';

const SIZE = 64;
const CELL = 8;

afterEach(() => {
  for (const gl of liveContexts) expect(gl.getError()).toBe(gl.NO_ERROR);
});

const colour = (cell: number): number[] => [((cell * 37) % 200) + 55, ((cell * 91) % 200) + 55, ((cell * 53) % 200) + 55, 255];
const solid = (cell: number, vertices: number): number[] => Array.from({ length: vertices }, () => colour(cell)).flat();
function corners(cell: number): number[] {
  const x0 = (cell % 8) * CELL + 1,
    y0 = Math.floor(cell / 8) * CELL + 1,
    x1 = x0 + CELL - 2,
    y1 = y0 + CELL - 2;
  return [x0, y0, 0, x1, y0, 0, x1, y1, 0, x0, y1, 0];
}
const TRIANGLES = [0, 1, 2, 0, 2, 3];
const unindexed = (cell: number): number[] => TRIANGLES.flatMap((i) => corners(cell).slice(i * 3, i * 3 + 3));

/**
 * The same scene in a batch: two orders, each with a non-indexed and an indexed domain of quads,
 * every third quad deleted so each domain has several regions (holes).
 */
function buildScene(gl: WebGL2RenderingContext, program: ShaderProgram, multiDraw: boolean): Batch {
  const batch = new Batch(gl, { multiDraw });
  const doomed = [];
  for (let cell = 0; cell < 48; cell++) {
    const group = new ShaderGroup(program, cell % 2);
    const list =
      cell < 24
        ? batch.add(6, gl.TRIANGLES, group, program, { position: ['f', unindexed(cell)], colors: ['Bn', solid(cell, 6)] })
        : batch.addIndexed(4, gl.TRIANGLES, group, program, TRIANGLES, { position: ['f', corners(cell)], colors: ['Bn', solid(cell, 4)] });
    if (cell % 3 === 1) doomed.push(list);
  }
  // Deleted after every add, or later adds would refill the holes (first-fit).
  for (const list of doomed) list.delete();
  return batch;
}

function setUp(): { gl: WebGL2RenderingContext; program: ShaderProgram } {
  const gl = createContext(SIZE, SIZE);
  const program = createDefaultProgram(gl);
  new MatrixBlock(gl).setProjection(mat4.ortho(mat4.create(), 0, SIZE, 0, SIZE, -1, 1));
  return { gl, program };
}

function frame(gl: WebGL2RenderingContext, batch: Batch): Uint8Array {
  gl.clearColor(0, 0, 0, 1);
  gl.clear(gl.COLOR_BUFFER_BIT);
  batch.draw();
  const out = new Uint8Array(SIZE * SIZE * 4);
  gl.readPixels(0, 0, SIZE, SIZE, gl.RGBA, gl.UNSIGNED_BYTE, out);
  return out;
}

describe('multi-draw', () => {
  it('draws the same pixels as the per-region fallback, non-indexed and indexed, with holes', () => {
    const { gl, program } = setUp();
    expect(gl.getExtension('WEBGL_multi_draw')).not.toBeNull();
    const fallback = frame(gl, buildScene(gl, program, false));
    const multi = frame(gl, buildScene(gl, program, true));
    expect(multi).toEqual(fallback);
    // Not a blank-equals-blank pass: drawn cells are coloured, deleted ones black.
    const at = (pixels: Uint8Array, cell: number): number[] => {
      const x = (cell % 8) * CELL + CELL / 2,
        y = Math.floor(cell / 8) * CELL + CELL / 2;
      return [...pixels.subarray((y * SIZE + x) * 4, (y * SIZE + x) * 4 + 4)];
    };
    expect(at(multi, 0)).toEqual(colour(0));
    expect(at(multi, 1)).toEqual([0, 0, 0, 255]);
    expect(at(multi, 27)).toEqual(colour(27));
    expect(at(multi, 25)).toEqual([0, 0, 0, 255]);
  });

  it('issues exactly one multiDraw call per domain and counts GL calls in stats', () => {
    const { gl, program } = setUp();
    const ext = gl.getExtension('WEBGL_multi_draw')!;
    const arrays = vi.spyOn(ext, 'multiDrawArraysWEBGL');
    const elements = vi.spyOn(ext, 'multiDrawElementsWEBGL');
    const drawArrays = vi.spyOn(gl, 'drawArrays');
    const drawElements = vi.spyOn(gl, 'drawElements');
    const batch = buildScene(gl, program, true);
    frame(gl, batch);
    expect(arrays).toHaveBeenCalledTimes(2);
    expect(elements).toHaveBeenCalledTimes(2);
    expect(drawArrays).not.toHaveBeenCalled();
    expect(drawElements).not.toHaveBeenCalled();
    expect(batch.stats().drawCalls).toBe(4);
    // Order 0 non-indexed: cells 0, 2, 6, 8, … with every third one (cell % 3 === 1) deleted → several regions.
    const [, firsts, , counts, , drawCount] = arrays.mock.calls[0]!;
    expect(drawCount).toBe(4); // [0 2] hole [6 8] hole [12 14] hole [18 20] (cells 4, 10, 16, 22 deleted)
    expect([...(counts as Int32Array)].reduce((a, b) => a + b, 0)).toBe(8 * 6);
    expect(firsts).toBeInstanceOf(Int32Array);

    // The fallback issues one call per region, and says so.
    const fallback = buildScene(gl, program, false);
    drawArrays.mockClear();
    drawElements.mockClear();
    frame(gl, fallback);
    expect(fallback.stats().drawCalls).toBe(drawArrays.mock.calls.length + drawElements.mock.calls.length);
    expect(fallback.stats().drawCalls).toBeGreaterThan(4);
  });

  it('reuses its Int32Arrays on steady frames and rebuilds them when the regions change', () => {
    const { gl, program } = setUp();
    const ext = gl.getExtension('WEBGL_multi_draw')!;
    const elements = vi.spyOn(ext, 'multiDrawElementsWEBGL');
    const batch = new Batch(gl, { multiDraw: true });
    const group = new ShaderGroup(program);
    const lists = [0, 1, 2].map((cell) =>
      batch.addIndexed(4, gl.TRIANGLES, group, program, TRIANGLES, { position: ['f', corners(cell)], colors: ['Bn', solid(cell, 4)] }),
    );
    frame(gl, batch);
    frame(gl, batch);
    const [first, second] = elements.mock.calls;
    expect(second![1]).toBe(first![1]); // counts
    expect(second![4]).toBe(first![4]); // byte offsets
    lists[1]!.delete();
    const pixels = frame(gl, batch);
    const third = elements.mock.calls[2]!;
    expect(third[1]).not.toBe(first![1]);
    expect([...(third[1] as Int32Array)]).toEqual([6, 6]);
    expect([...(third[4] as Int32Array)]).toEqual([0, 12 * 4]);
    expect(third[6]).toBe(2);
    const centre = (cell: number): number[] => [
      ...pixels.subarray(((CELL / 2) * SIZE + cell * CELL + CELL / 2) * 4, ((CELL / 2) * SIZE + cell * CELL + CELL / 2) * 4 + 4),
    ];
    expect([0, 1, 2].map(centre)).toEqual([colour(0), [0, 0, 0, 255], colour(2)]);
  });
});
