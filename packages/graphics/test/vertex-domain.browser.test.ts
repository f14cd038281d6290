// VertexDomain and VertexList in a real WebGL2 context (SwiftShader), mostly with the default program
// (position vec3 'f', colors vec4 'Bn'). All checks are on GL state read back from the context:
// getBufferSubData, readPixels, getError after each test, drawArrays counted by a spy that calls through.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  goodFit,
  IndexedVertexDomain,
  InstancedVertexDomain,
  InstancedVertexDomainError,
  ShaderProgram,
  VertexDomain,
  VertexDomainError,
  VertexListError,
  type GLBuffer,
  type VertexList,
} from '../src/index.ts';
import { cellColour, cellPixel, createPixelScene, liveContexts, pixel, readBuffer, renderDomain } from './gl-test-helpers.ts';

const SIZE = 64;
const CELL = 8; // the canvas is an 8 × 8 grid of cells; list i draws a square in cell i

// Every test leaves no GL error behind (checked here so no test can forget). Hooks run in
// reverse order, so this runs before the shared afterEach gives the contexts back.
afterEach(() => {
  for (const gl of liveContexts) expect(gl.getError()).toBe(gl.NO_ERROR);
});

interface Scene {
  gl: WebGL2RenderingContext;
  program: ShaderProgram;
}
const createScene = (): Scene => createPixelScene(SIZE);
const newDomain = (scene: Scene, capacity?: number): VertexDomain =>
  new VertexDomain(scene.gl, scene.program, { position: 'f', colors: 'Bn' }, capacity);

/** Two triangles filling cell `cell` but a 1-pixel margin: 6 vertices × 3. */
function square(cell: number): number[] {
  const x0 = (cell % 8) * CELL + 1,
    y0 = Math.floor(cell / 8) * CELL + 1,
    x1 = x0 + CELL - 2,
    y1 = y0 + CELL - 2;
  return [x0, y0, 0, x1, y0, 0, x1, y1, 0, x1, y1, 0, x0, y1, 0, x0, y0, 0];
}
const colour = cellColour;

const solid = (cell: number, vertices: number): number[] => Array.from({ length: vertices }, () => colour(cell)).flat();

/** A list drawing cell `cell`'s square in its colour. */
function addSquare(domain: VertexDomain, cell: number): VertexList {
  const list = domain.alloc(6);
  list.setAttribute('position', square(cell));
  list.setAttribute('colors', solid(cell, 6));
  return list;
}
/** Bytes [start, end) of the GPU buffer. */
function readBack(gl: WebGL2RenderingContext, buffer: GLBuffer, start = 0, end = buffer.byteCapacity): Uint8Array<ArrayBuffer> {
  return readBuffer(gl, buffer.buffer, start, end);
}
/** The list's vertices of `name` as the GPU holds them, in the view's element type. */
function gpuValues(gl: WebGL2RenderingContext, list: VertexList, name: string): number[] {
  const { buffer, byteStride, format } = list.domain.attributes.get(name)!;
  const bytes = readBack(gl, buffer, list.start * byteStride, (list.start + list.count) * byteStride);
  return [...new format.arrayType(bytes.buffer)];
}

const render = ({ gl, program }: Scene, domain: VertexDomain): void => renderDomain(gl, program, domain);

const pixelAt = (gl: WebGL2RenderingContext, cell: number): number[] => cellPixel(gl, cell, CELL);

describe('VertexDomain growth and drawing', () => {
  it('keeps every vertex across many doublings, and the VAO still draws them', () => {
    const scene = createScene();
    const { gl } = scene;
    const domain = newDomain(scene, 4);
    const live = new Map<number, VertexList>();
    for (let cell = 0; cell < 64; cell++) {
      live.set(cell, addSquare(domain, cell));
      // Commit now and then, so growth copies both uploaded and still-dirty vertices.
      if (cell % 3 === 0) domain.commit();
      // Leave holes, so the used prefix is not just the allocated size.
      if (cell % 5 === 2) {
        live.get(cell - 1)!.delete();
        live.delete(cell - 1);
      }
    }
    expect(domain.growths).toBeGreaterThanOrEqual(5);
    expect(domain.bytesCopied).toBeGreaterThan(0);
    expect(domain.capacity).toBeGreaterThanOrEqual(live.size * 6);
    domain.commit();
    for (const [cell, list] of live) {
      expect(gpuValues(gl, list, 'position')).toEqual(square(cell));
      expect(gpuValues(gl, list, 'colors')).toEqual(solid(cell, 6));
      expect([...list.get('position')]).toEqual(square(cell));
    }
    render(scene, domain);
    for (let cell = 0; cell < 64; cell++) expect(pixelAt(gl, cell)).toEqual(live.has(cell) ? colour(cell) : [0, 0, 0, 255]);
  });

  it('draws coloured triangles and stops drawing deleted lists', () => {
    const scene = createScene();
    const { gl } = scene;
    const domain = newDomain(scene);
    const lists: VertexList[] = [];
    for (let cell = 0; cell < 16; cell++) {
      // One triangle per cell: the lower-right half of its square, centroid well inside.
      const list = domain.alloc(3);
      list.setAttribute('position', square(cell).slice(0, 9));
      list.setAttribute('colors', solid(cell, 3));
      lists.push(list);
    }
    // Inside the lower-right triangle of the cell's square, near its centroid.
    const inside = (cell: number): number[] => pixel(gl, (cell % 8) * CELL + 5, Math.floor(cell / 8) * CELL + 3);
    render(scene, domain);
    for (let cell = 0; cell < 16; cell++) expect(inside(cell)).toEqual(colour(cell));
    const deleted = new Set([0, 3, 4, 9, 15]);
    for (const cell of deleted) lists[cell]!.delete();
    render(scene, domain);
    for (let cell = 0; cell < 16; cell++) expect(inside(cell)).toEqual(deleted.has(cell) ? [0, 0, 0, 255] : colour(cell));
  });

  it('issues one drawArrays for contiguous lists, one per region with holes', () => {
    const scene = createScene();
    const { gl } = scene;
    const domain = newDomain(scene);
    const lists = [0, 1, 2, 3].map((cell) => addSquare(domain, cell));
    const drawArrays = vi.spyOn(gl, 'drawArrays');
    render(scene, domain);
    expect(drawArrays.mock.calls).toEqual([[gl.TRIANGLES, 0, 24]]);
    lists[1]!.delete();
    drawArrays.mockClear();
    render(scene, domain);
    expect(drawArrays.mock.calls).toEqual([
      [gl.TRIANGLES, 0, 6],
      [gl.TRIANGLES, 12, 12],
    ]);
    drawArrays.mockRestore();
    expect(pixelAt(gl, 1)).toEqual([0, 0, 0, 255]);
    expect(pixelAt(gl, 2)).toEqual(colour(2));
  });

  it('keeps data growing in place, growing by a move (with domain growth) and shrinking', () => {
    const scene = createScene();
    const { gl } = scene;
    const domain = newDomain(scene, 16);
    const a = addSquare(domain, 0);
    const b = addSquare(domain, 1);
    domain.commit();
    // b is last and the space after it is free: grows in place.
    b.resize(9);
    expect(b.start).toBe(6);
    expect([...b.get('position')].slice(0, 18)).toEqual(square(1));
    // a is followed by b and the domain is full: a moves, and the domain grows.
    a.resize(9);
    expect(domain.growths).toBe(1);
    expect(a.start).not.toBe(0);
    expect(a.count).toBe(9);
    expect([...a.get('position')].slice(0, 18)).toEqual(square(0));
    expect([...a.get('colors')].slice(0, 24)).toEqual(solid(0, 6));
    domain.commit();
    expect(gpuValues(gl, a, 'position').slice(0, 18)).toEqual(square(0));
    expect(gpuValues(gl, a, 'colors').slice(0, 24)).toEqual(solid(0, 6));
    expect(gpuValues(gl, b, 'position').slice(0, 18)).toEqual(square(1));
    // Shrink keeps the first vertices where they are.
    const start = a.start;
    a.resize(3);
    expect(a.start).toBe(start);
    expect([...a.get('position')]).toEqual(square(0).slice(0, 9));
    domain.commit();
    expect(gpuValues(gl, a, 'position')).toEqual(square(0).slice(0, 9));
    // The moved, grown lists still draw: b's square whole, a's first triangle. Counts stay
    // multiples of 3: regions are drawn merged, so a list must not split a triangle.
    b.setAttribute('colors', solid(1, 9));
    render(scene, domain);
    expect(pixelAt(gl, 1)).toEqual(colour(1));
    expect(pixel(gl, 5, 3)).toEqual(colour(0));
  });
});

describe('VertexList errors', () => {
  it('rejects a wrong length with "expected N, got M" and changes nothing', () => {
    const scene = createScene();
    const { gl } = scene;
    const domain = newDomain(scene);
    const list = addSquare(domain, 0);
    domain.commit();
    const position = domain.attributes.get('position')!.buffer;
    const shadow = position.bytes.slice();
    const gpu = readBack(gl, position);
    expect(() => list.setAttribute('position', square(0).slice(1))).toThrow(/expected 18 values \(6 vertices × 3 components\), got 17/);
    expect(() => list.setAttribute('position', square(0).slice(1))).toThrow(VertexListError);
    expect(domain.commit().bytesUploaded).toBe(0);
    expect(position.bytes).toEqual(shadow);
    expect(readBack(gl, position)).toEqual(gpu);
    expect(() => list.get('normals')).toThrow(VertexDomainError);
  });

  it('throws on every use after delete, of the list or of its domain', () => {
    const scene = createScene();
    const domain = newDomain(scene);
    const list = addSquare(domain, 0);
    const other = addSquare(domain, 1);
    list.delete();
    for (const use of [
      () => list.start,
      () => list.get('position'),
      () => list.setAttribute('colors', solid(0, 6)),
      () => list.resize(3),
      () => list.markDirty('colors'),
      () => list.delete(),
    ]) {
      expect(use).toThrow(VertexListError);
      expect(use).toThrow(/the list was deleted/);
    }
    domain.delete();
    expect(() => other.get('position')).toThrow(/its domain was deleted/);
    expect(() => domain.alloc(3)).toThrow(VertexDomainError);
    expect(() => domain.draw(scene.gl.TRIANGLES)).toThrow(/the domain was deleted/);
  });

  it('names the attribute when formats and program disagree', () => {
    const scene = createScene();
    expect(() => new VertexDomain(scene.gl, scene.program, { position: 'f' })).toThrow(/attribute "colors" has no format/);
    expect(() => new VertexDomain(scene.gl, scene.program, { position: 'f', colors: 'Bn', normals: 'f' })).toThrow(
      /"normals", which the program does not declare/,
    );
    expect(() => new VertexDomain(scene.gl, scene.program, { position: 'f', colors: 'B' })).toThrow(/"colors"/);
  });

  it('refuses a policy that is not a policy value before it makes any GL object, for every kind of domain', () => {
    const { gl, program } = createScene();
    const formats = { position: 'f', colors: 'Bn' };
    const createBuffer = vi.spyOn(gl, 'createBuffer');
    const createVertexArray = vi.spyOn(gl, 'createVertexArray');
    const makers: [string, (policy: never) => unknown, new (...args: never[]) => Error][] = [
      ['VertexDomain', (policy) => new VertexDomain(gl, program, formats, 8, { policy }), VertexDomainError],
      ['IndexedVertexDomain', (policy) => new IndexedVertexDomain(gl, program, formats, 8, 8, { policy }), VertexDomainError],
      [
        'InstancedVertexDomain',
        (policy) => new InstancedVertexDomain(gl, program, { position: 'f' }, { colors: 'Bn' }, 8, { policy }),
        InstancedVertexDomainError,
      ],
    ];
    for (const [name, make, ErrorClass] of makers) {
      for (const bad of ['good-fit', { name: 'good-fit' }, 42]) {
        let thrown: unknown;
        try {
          make(bad as never);
        } catch (error) {
          thrown = error;
        }
        expect(thrown, `${name} ${String(bad)}`).toBeInstanceOf(ErrorClass);
        expect((thrown as VertexDomainError).argument).toBe('policy');
        expect((thrown as Error).message).toMatch(/policy must be firstFit, bestFit or goodFit \(imported values, not names\)/);
      }
      expect(createBuffer, name).not.toHaveBeenCalled();
      expect(createVertexArray, name).not.toHaveBeenCalled();
    }
    // The values are taken, and the domain's allocators use them.
    const domain = new IndexedVertexDomain(gl, program, formats, 8, 8, { policy: goodFit });
    expect([domain.vertices.allocator.policy, domain.indexAllocator.policy]).toEqual(['good-fit', 'good-fit']);
    expect(createBuffer).toHaveBeenCalled();
    domain.delete();
  });
});

describe('VertexDomain.commit and VertexList views', () => {
  it("uploads only the changed list's bytes", () => {
    const scene = createScene();
    const { gl } = scene;
    const domain = newDomain(scene);
    const lists = [0, 1, 2].map((cell) => addSquare(domain, cell));
    expect(domain.commit().bytesUploaded).toBe(3 * 6 * (12 + 4));
    expect(domain.commit().bytesUploaded).toBe(0);
    lists[1]!.setAttribute('colors', solid(5, 6));
    const colors = domain.attributes.get('colors')!.buffer;
    const position = domain.attributes.get('position')!.buffer;
    expect(domain.commit()).toEqual({ bytesUploaded: 6 * 4, uploadCalls: 1 });
    expect(colors.lastCommit).toEqual({ bytesUploaded: 6 * 4, uploadCalls: 1 });
    expect(position.lastCommit).toEqual({ bytesUploaded: 0, uploadCalls: 0 });
    expect(gpuValues(gl, lists[1]!, 'colors')).toEqual(solid(5, 6));
    // Writes through get() upload after markDirty: the list's position bytes only.
    const view = lists[2]!.get('position');
    expect(lists[2]!.get('position')).toBe(view); // cached: a steady frame allocates no views
    view[0] = 2;
    lists[2]!.markDirty('position');
    expect(domain.commit()).toEqual({ bytesUploaded: 6 * 12, uploadCalls: 1 });
    expect(gpuValues(gl, lists[2]!, 'position')[0]).toBe(2);
  });

  it('rebuilds its cached view after the domain grew, so writes reach the new shadow', () => {
    const scene = createScene();
    const { gl } = scene;
    const domain = newDomain(scene, 6);
    const list = addSquare(domain, 0);
    const before = list.get('position');
    addSquare(domain, 1); // the domain is full: this grows it and replaces the shadows
    expect(domain.growths).toBe(1);
    const after = list.get('position');
    expect(after).not.toBe(before);
    expect(after.buffer).toBe(domain.attributes.get('position')!.buffer.bytes.buffer);
    after[1] = 42;
    list.markDirty('position');
    domain.commit();
    expect(gpuValues(gl, list, 'position')[1]).toBe(42);
    expect(list.get('position')).toBe(after);
  });

  it("feeds padded 'Bn' × 3 and integer 'B' attributes (vertexAttribIPointer)", () => {
    const scene = createScene();
    const { gl } = scene;
    const program = new ShaderProgram(
      gl,
      `#version 300 es
      in vec2 position; in vec3 tint; in uint shade; out vec3 v_tint; flat out uint v_shade;
      void main() { gl_Position = vec4(position, 0.0, 1.0); v_tint = tint; v_shade = shade; }`,
      `#version 300 es
      precision mediump float; in vec3 v_tint; flat in uint v_shade; out vec4 colour;
      void main() { colour = vec4(v_tint.rg, float(v_shade) / 255.0, 1.0); }`,
    );
    const domain = new VertexDomain(gl, program, { position: 'f', tint: 'Bn', shade: 'B' });
    const list = domain.alloc(3);
    list.setAttribute('position', [-1, -1, 3, -1, -1, 3]); // one triangle covering the canvas
    list.setAttribute('tint', [10, 20, 30, 10, 20, 30, 10, 20, 30]);
    list.setAttribute('shade', [200, 200, 200]);
    // 3 components padded to a 4-byte stride: the view steps by 4, the 4th byte untouched.
    expect([...list.get('tint')]).toEqual([10, 20, 30, 0, 10, 20, 30, 0, 10, 20, 30, 0]);
    expect([...list.get('shade')]).toEqual([200, 0, 0, 0, 200, 0, 0, 0, 200, 0, 0, 0]);
    program.use();
    domain.commit();
    domain.draw(gl.TRIANGLES);
    expect(pixelAt(gl, 27)).toEqual([10, 20, 200, 255]);
  });
});
