// IndexedVertexDomain and IndexedVertexList in a real WebGL2 context (SwiftShader), with the default
// program (position vec3 'f', colors vec4 'Bn'). Checks are on GL state read back from the context:
// getBufferSubData of the index buffer, readPixels, getError after each test, drawElements counted by a
// spy that calls through.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IndexedVertexDomain, IndexedVertexListError, type IndexedVertexList, type ShaderProgram } from '../src/index.ts';
import { cellColour, cellPixel, createPixelScene, liveContexts, readBuffer, renderDomain } from './gl-test-helpers.ts';

const SIZE = 64;
const CELL = 8; // an 8 × 8 grid of cells; quad i fills cell i
const QUAD_INDICES = [0, 1, 2, 0, 2, 3];
const BLACK = [0, 0, 0, 255];

afterEach(() => {
  // Hooks run in reverse order: this runs before the shared afterEach gives the contexts back.
  for (const gl of liveContexts) expect(gl.getError()).toBe(gl.NO_ERROR);
});

interface Scene {
  gl: WebGL2RenderingContext;
  program: ShaderProgram;
}
const createScene = (): Scene => createPixelScene(SIZE);
const newDomain = (scene: Scene, vertices: number, indices: number): IndexedVertexDomain =>
  new IndexedVertexDomain(scene.gl, scene.program, { position: 'f', colors: 'Bn' }, vertices, indices);

/** The 4 corners of cell `cell` less a 1-pixel margin, counter-clockwise. */
function corners(cell: number): number[] {
  const x0 = (cell % 8) * CELL + 1,
    y0 = Math.floor(cell / 8) * CELL + 1,
    x1 = x0 + CELL - 2,
    y1 = y0 + CELL - 2;
  return [x0, y0, 0, x1, y0, 0, x1, y1, 0, x0, y1, 0];
}
const colour = cellColour;
const solid = (cell: number, vertices: number): number[] => Array.from({ length: vertices }, () => colour(cell)).flat();

function addQuad(domain: IndexedVertexDomain, cell: number): IndexedVertexList {
  const list = domain.alloc(4, QUAD_INDICES);
  list.setAttribute('position', corners(cell));
  list.setAttribute('colors', solid(cell, 4));
  return list;
}

/** The list's indices as the GPU holds them (absolute). */
function gpuIndices(gl: WebGL2RenderingContext, list: IndexedVertexList): number[] {
  const buffer = list.domain.indexBuffer.buffer;
  const bytes = readBuffer(gl, buffer, list.indexStart * 4, (list.indexStart + list.indexCount) * 4);
  return [...new Uint32Array(bytes.buffer)];
}
const absolute = (list: IndexedVertexList): number[] => list.indices.map((i) => list.start + i);
const shadowIndices = (list: IndexedVertexList): number[] => [
  ...list.domain.indexArray.subarray(list.indexStart, list.indexStart + list.indexCount),
];

const render = ({ gl, program }: Scene, domain: IndexedVertexDomain): void => renderDomain(gl, program, domain);
const pixelAt = (gl: WebGL2RenderingContext, cell: number): number[] => cellPixel(gl, cell, CELL);

/** Every live quad shows its colour, every other cell is black. */
function expectCells(gl: WebGL2RenderingContext, live: ReadonlyMap<number, IndexedVertexList>): void {
  for (let cell = 0; cell < 64; cell++) expect(pixelAt(gl, cell), `cell ${cell}`).toEqual(live.has(cell) ? colour(cell) : BLACK);
}

describe('IndexedVertexDomain growth', () => {
  it('keeps every index across several index-buffer doublings (GPU readback = start + local)', () => {
    const scene = createScene();
    const { gl } = scene;
    const domain = newDomain(scene, 4, 6);
    const live = new Map<number, IndexedVertexList>();
    for (let cell = 0; cell < 64; cell++) {
      live.set(cell, addQuad(domain, cell));
      if (cell % 3 === 0) domain.commit(); // growth copies uploaded and still-dirty indices alike
      if (cell % 5 === 4) {
        live.get(cell - 2)!.delete();
        live.delete(cell - 2);
      }
    }
    domain.commit();
    expect(domain.indexGrowths).toBeGreaterThanOrEqual(4);
    expect(domain.vertices.growths).toBeGreaterThanOrEqual(4);
    for (const list of live.values()) {
      expect(list.indices).toEqual(QUAD_INDICES);
      expect(gpuIndices(gl, list)).toEqual(absolute(list));
      expect(shadowIndices(list)).toEqual(absolute(list));
    }
  });

  // Both sides growing together would hide a VAO that follows only one of them, so each also grows alone.
  it.each([
    { side: 'both sides', vertices: 4, indices: 6 },
    { side: 'the vertex side only', vertices: 4, indices: 512 },
    { side: 'the index side only', vertices: 256, indices: 6 },
  ])('draws live quads after growth of $side; deleted quads never show', ({ vertices, indices }) => {
    const scene = createScene();
    const { gl } = scene;
    const domain = newDomain(scene, vertices, indices);
    const live = new Map<number, IndexedVertexList>();
    for (let cell = 0; cell < 64; cell++) {
      live.set(cell, addQuad(domain, cell));
      // Draw in between too, so the VAO has to follow each growth, not just the last one.
      if (cell % 7 === 0) render(scene, domain);
    }
    for (const cell of [0, 9, 10, 33, 63]) {
      live.get(cell)!.delete();
      live.delete(cell);
    }
    // Reuse freed space for one cell, then free it again: it must not reappear.
    const reused = addQuad(domain, 40);
    reused.delete();
    render(scene, domain);
    expect(domain.indexGrowths >= 4).toBe(indices < 64 * 6);
    expect(domain.vertices.growths >= 4).toBe(vertices < 64 * 4);
    expectCells(gl, live);
  });
});

describe('IndexedVertexList resize', () => {
  it('shifts the indices when the vertices move, and still draws right', () => {
    const scene = createScene();
    const { gl } = scene;
    const domain = newDomain(scene, 8, 12);
    const moved = addQuad(domain, 3);
    const blocker = addQuad(domain, 5); // right after `moved`: growing `moved` in place is impossible
    const oldStart = moved.start;
    moved.resize(8, 12); // vertices and indices both grow; vertex and index buffers grow too
    expect(moved.start).not.toBe(oldStart);
    expect(moved.indices).toEqual([...QUAD_INDICES, 0, 0, 0, 0, 0, 0]);
    // The 4 new vertices draw a second quad in cell 12 through the 6 new indices.
    moved.get('position').set(corners(12), 12);
    moved.markDirty('position');
    moved.get('colors').set(solid(3, 4), 16);
    moved.markDirty('colors');
    moved.indices = [...QUAD_INDICES, 4, 5, 6, 4, 6, 7];
    render(scene, domain);
    expect(gpuIndices(gl, moved)).toEqual(moved.indices.map((i) => moved.start + i));
    expect(gpuIndices(gl, blocker)).toEqual(absolute(blocker));
    expect(pixelAt(gl, 3)).toEqual(colour(3));
    expect(pixelAt(gl, 12)).toEqual(colour(3));
    expect(pixelAt(gl, 5)).toEqual(colour(5));

    // Shrinking back keeps the first 4 vertices and 6 indices; cell 12 goes dark.
    moved.resize(4, 6);
    render(scene, domain);
    expect(gpuIndices(gl, moved)).toEqual(absolute(moved));
    expect(pixelAt(gl, 3)).toEqual(colour(3));
    expect(pixelAt(gl, 12)).toEqual(BLACK);
  });
});

describe('IndexedVertexList bad input', () => {
  it('rejects a local index out of range, naming it, and changes nothing (shadow and GPU)', () => {
    const scene = createScene();
    const { gl } = scene;
    const domain = newDomain(scene, 16, 16);
    const list = addQuad(domain, 0);
    domain.commit();
    const before = { vertices: domain.vertices.allocator.getAllocatedSize(), indices: domain.indexAllocator.getAllocatedSize() };

    const allocError = ((): unknown => {
      try {
        domain.alloc(4, [0, 1, 4]);
      } catch (e) {
        return e;
      }
    })();
    expect(allocError).toBeInstanceOf(IndexedVertexListError);
    expect((allocError as IndexedVertexListError).value).toBe(4);
    expect((allocError as Error).message).toMatch(/index 4 .*out of range/);
    expect(domain.vertices.allocator.getAllocatedSize()).toBe(before.vertices);
    expect(domain.indexAllocator.getAllocatedSize()).toBe(before.indices);

    expect(() => {
      list.indices = [0, 1, 2, 0, 2, -1];
    }).toThrow(/index -1 /);
    expect(() => {
      list.indices = [0, 1, 2, 0, 2, 1.5];
    }).toThrow(IndexedVertexListError);
    expect(() => {
      list.indices = [0, 1, 2];
    }).toThrow(/expected 6 indices, got 3/);
    expect(() => {
      list.resize(2);
    }).toThrow(/index 2 /); // kept indices would point past 2 vertices
    expect(list.count).toBe(4);
    expect(domain.indexBuffer.dirty.isEmpty).toBe(true);
    expect(shadowIndices(list)).toEqual(absolute(list));
    expect(gpuIndices(gl, list)).toEqual(absolute(list));
    expect(list.indices).toEqual(QUAD_INDICES);

    list.delete();
    expect(() => list.indices).toThrow(/deleted/);
  });
});

describe('IndexedVertexDomain draw calls', () => {
  it('issues one drawElements for contiguous lists, and one per region after a hole', () => {
    const scene = createScene();
    const { gl } = scene;
    const domain = newDomain(scene, 64, 64);
    const lists = [0, 1, 2, 3].map((cell) => addQuad(domain, cell));
    const spy = vi.spyOn(gl, 'drawElements');
    render(scene, domain);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(spy).toHaveBeenCalledWith(gl.TRIANGLES, 24, gl.UNSIGNED_INT, 0);
    lists[1]!.delete();
    spy.mockClear();
    render(scene, domain);
    expect(spy).toHaveBeenCalledTimes(2);
    expect(spy.mock.calls.map((call) => [call[1], call[3]])).toEqual([
      [6, 0],
      [12, 12 * 4],
    ]);
    expectCells(
      gl,
      new Map([
        [0, lists[0]!],
        [2, lists[2]!],
        [3, lists[3]!],
      ]),
    );
    spy.mockRestore();
  });
});
