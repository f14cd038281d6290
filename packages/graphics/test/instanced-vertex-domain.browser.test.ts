// InstancedVertexDomain in a real WebGL2 context (SwiftShader): one quad mesh, per-instance offset and
// colour. Checks are on GL state: readPixels, getBufferSubData, getError after each test, and
// drawArraysInstanced counted by a spy that calls through.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  GraphicsArgumentError,
  InstancedVertexDomain,
  InstancedVertexDomainError,
  ShaderProgram,
  type InstanceHandle,
} from '../src/index.ts';
import {
  cellColour,
  cellPixel,
  createContext,
  liveContexts,
  pixel,
  readBuffer,
  renderDomain,
  instancedShaderSources,
} from './gl-test-helpers.ts';

const SIZE = 64;
const CELL = 8; // an 8 × 8 grid of cells; an instance at offset (x, y) fills one cell

afterEach(() => {
  for (const gl of liveContexts) expect(gl.getError()).toBe(gl.NO_ERROR);
});

// Pixel coordinates straight to clip space, so no projection block is needed.
const { vertex: VERTEX, fragment: FRAGMENT } = instancedShaderSources(SIZE);

/** Two triangles covering a cell but a 1-pixel margin. */
const QUAD = [1, 1, 7, 1, 7, 7, 7, 7, 1, 7, 1, 1];
const offsetOf = (cell: number): number[] => [(cell % 8) * CELL, Math.floor(cell / 8) * CELL];
const colour = cellColour;

interface Scene {
  gl: WebGL2RenderingContext;
  program: ShaderProgram;
  domain: InstancedVertexDomain;
}
function createScene(capacity?: number): Scene {
  const gl = createContext(SIZE, SIZE);
  const program = new ShaderProgram(gl, VERTEX, FRAGMENT);
  const domain = new InstancedVertexDomain(gl, program, { position: 'f' }, { offset: 'f', color: 'Bn' }, capacity);
  domain.setMesh(6, { position: QUAD });
  return { gl, program, domain };
}
const addCell = (domain: InstancedVertexDomain, cell: number): InstanceHandle =>
  domain.addInstance({ offset: offsetOf(cell), color: colour(cell) });

const render = ({ gl, program, domain }: Scene): void => renderDomain(gl, program, domain);
const pixelAt = (gl: WebGL2RenderingContext, cell: number): number[] => cellPixel(gl, cell, CELL);

/** One instance's `name` values as the GPU buffer holds them. */
function gpuValues(gl: WebGL2RenderingContext, domain: InstancedVertexDomain, handle: InstanceHandle, name: string): number[] {
  const { buffer, byteStride, format, components } = domain.instanceAttributes.get(name)!;
  const bytes = readBuffer(gl, buffer.buffer, handle.slot * byteStride, (handle.slot + 1) * byteStride);
  return [...new format.arrayType(bytes.buffer)].slice(0, components);
}

describe('InstancedVertexDomain drawing', () => {
  it('draws many instances of one mesh at their own offsets and colours, in one call', () => {
    const scene = createScene(64);
    const { gl, domain } = scene;
    const cells = [0, 5, 9, 20, 33, 47, 63];
    for (const cell of cells) addCell(domain, cell);
    const spy = vi.spyOn(gl, 'drawArraysInstanced');
    render(scene);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(spy).toHaveBeenCalledWith(gl.TRIANGLES, 0, 6, cells.length);
    for (let cell = 0; cell < 64; cell++) expect(pixelAt(gl, cell)).toEqual(cells.includes(cell) ? colour(cell) : [0, 0, 0, 255]);
    // The margin stays clear: the mesh, not the instance, sets the shape.
    expect(pixel(gl, 0, 0)).toEqual([0, 0, 0, 255]);
  });

  it('never draws freed slots; later regions draw from their own slots (pointers re-pointed)', () => {
    const scene = createScene(64);
    const { gl, domain } = scene;
    const handles = Array.from({ length: 24 }, (_, cell) => addCell(domain, cell));
    for (const cell of [0, 5, 6, 13, 23]) handles[cell]!.delete();
    // Freed slots keep their old bytes in the buffers: only the regions keep them from drawing.
    const { starts, sizes } = domain.allocator.getAllocatedRegions();
    expect([...starts]).toEqual([1, 7, 14]);
    expect([...sizes]).toEqual([4, 6, 9]);
    const spy = vi.spyOn(gl, 'drawArraysInstanced');
    render(scene);
    expect(spy.mock.calls).toEqual([
      [gl.TRIANGLES, 0, 6, 4],
      [gl.TRIANGLES, 0, 6, 6],
      [gl.TRIANGLES, 0, 6, 9],
    ]);
    for (let cell = 0; cell < 64; cell++) {
      const live = cell < 24 && ![0, 5, 6, 13, 23].includes(cell);
      expect(pixelAt(gl, cell), `cell ${cell}`).toEqual(live ? colour(cell) : [0, 0, 0, 255]);
    }
    // A second frame draws the same (the pointers left at the last region are re-pointed for the first).
    render(scene);
    expect(pixelAt(gl, 1)).toEqual(colour(1));
    expect(pixelAt(gl, 0)).toEqual([0, 0, 0, 255]);
    // A new instance fills a hole and draws there; setAttribute moves and recolours one instance.
    const refill = domain.addInstance({ offset: offsetOf(40), color: colour(40) });
    expect(refill.slot).toBe(0);
    handles[2]!.setAttribute('offset', offsetOf(50));
    render(scene);
    expect(pixelAt(gl, 40)).toEqual(colour(40));
    expect(pixelAt(gl, 50)).toEqual(colour(2));
    expect(pixelAt(gl, 2)).toEqual([0, 0, 0, 255]);
  });

  it('grows on the GPU keeping every instance, and still draws them all', () => {
    const scene = createScene(2);
    const { gl, domain } = scene;
    const handles: InstanceHandle[] = [];
    for (let cell = 0; cell < 64; cell++) {
      handles.push(addCell(domain, cell));
      if (cell % 3 === 0) domain.commit(); // growth copies both uploaded and still-dirty instances
    }
    expect(domain.growths).toBeGreaterThanOrEqual(5);
    expect(domain.capacity).toBeGreaterThanOrEqual(64);
    domain.commit();
    for (const [cell, handle] of handles.entries()) {
      expect(handle.get('offset')).toEqual(offsetOf(cell));
      expect(gpuValues(gl, domain, handle, 'offset')).toEqual(offsetOf(cell));
      expect(gpuValues(gl, domain, handle, 'color')).toEqual(colour(cell));
    }
    render(scene);
    for (let cell = 0; cell < 64; cell++) expect(pixelAt(gl, cell)).toEqual(colour(cell));
  });

  it('draws nothing without a mesh or without instances', () => {
    const gl = createContext(SIZE, SIZE);
    const program = new ShaderProgram(gl, VERTEX, FRAGMENT);
    const domain = new InstancedVertexDomain(gl, program, { position: 'f' }, { offset: 'f', color: 'Bn' }, 0);
    const spy = vi.spyOn(gl, 'drawArraysInstanced');
    domain.draw(gl.TRIANGLES);
    addCell(domain, 3);
    domain.draw(gl.TRIANGLES);
    expect(spy).not.toHaveBeenCalled();
    domain.setMesh(6, { position: QUAD }); // grows the empty mesh buffer and re-points the VAO
    render({ gl, program, domain });
    expect(spy).toHaveBeenCalledTimes(1);
    expect(pixelAt(gl, 3)).toEqual(colour(3));
  });
});

describe('InstancedVertexDomain.beforeCommit', () => {
  it('runs its hooks at every commit, before the upload: what a hook writes is drawn in the same frame', () => {
    const scene = createScene(8);
    const { gl, domain } = scene;
    const a = addCell(domain, 3);
    render(scene); // the mesh and the instance uploaded
    const offsets = domain.writer('offset');
    let target = 3;
    const calls: string[] = [];
    domain.beforeCommit(() => {
      calls.push('first');
      offsets.array.set(offsetOf(target), a.slot * offsets.elementStride);
      offsets.mark(a.slot);
    });
    domain.beforeCommit(() => calls.push('second'));
    target = 12;
    render(scene);
    expect(calls).toEqual(['first', 'second']);
    expect(gpuValues(gl, domain, a, 'offset')).toEqual(offsetOf(12));
    expect(pixelAt(gl, 12)).toEqual(colour(3));
    expect(pixelAt(gl, 3)).toEqual([0, 0, 0, 255]);
    expect(domain.lastCommit.bytesUploaded).toBe(8);
    target = 40;
    domain.commit();
    expect(calls).toHaveLength(4);
    expect(gpuValues(gl, domain, a, 'offset')).toEqual(offsetOf(40));
  });

  it('rejects a hook that is not a function, and any hook after delete', () => {
    const { domain } = createScene(4);
    expect(() => domain.beforeCommit(42 as unknown as () => void)).toThrow(InstancedVertexDomainError);
    expect(() => domain.beforeCommit(42 as unknown as () => void)).toThrow(/hook must be a function, got 42/);
    domain.commit(); // nothing was added: commit still works
    domain.delete();
    expect(() => domain.beforeCommit(() => {})).toThrow(/domain was deleted/);
  });
});

describe('InstancedVertexDomain bad input', () => {
  it('rejects wrong lengths, unknown attributes and use after delete, changing nothing', () => {
    const scene = createScene(4);
    const { gl, domain } = scene;
    const a = addCell(domain, 1);
    const b = addCell(domain, 2);
    const regions = (): unknown => structuredClone(domain.allocator.getAllocatedRegions());
    const before = regions();
    const expectError = (call: () => unknown, argument: string): void => {
      let error: unknown;
      try {
        call();
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(InstancedVertexDomainError);
      expect(error).toBeInstanceOf(GraphicsArgumentError);
      expect((error as InstancedVertexDomainError).argument).toBe(argument);
    };
    expectError(() => domain.addInstance({ offset: [1, 2, 3], color: colour(0) }), 'offset');
    expectError(() => domain.addInstance({ offset: [1, 2] }), 'color');
    expectError(() => domain.addInstance({ offset: [1, 2], color: colour(0), size: [1] }), 'name');
    expectError(() => domain.addInstance({ offset: [1, 2], color: colour(0), position: [1, 2] }), 'name');
    expectError(() => a.setAttribute('offset', [1]), 'offset');
    expectError(() => a.setAttribute('position', [1, 2]), 'name');
    expectError(() => a.get('nope'), 'name');
    expectError(() => domain.setMesh(6, { position: [1, 2] }), 'position');
    expectError(() => domain.setMesh(-1, { position: [] }), 'vertexCount');
    expect(regions()).toEqual(before);
    expect(a.get('offset')).toEqual(offsetOf(1));
    expect(domain.meshVertexCount).toBe(6);
    b.delete();
    expectError(() => b.delete(), 'this');
    expectError(() => b.setAttribute('offset', [0, 0]), 'this');
    expectError(() => b.get('offset'), 'this');
    expect(domain.allocator.getAllocatedRegions().sizes).toEqual([1]);
    render(scene);
    expect(pixelAt(gl, 1)).toEqual(colour(1));
    expect(pixelAt(gl, 2)).toEqual([0, 0, 0, 255]);
    domain.delete();
    expectError(() => domain.draw(gl.TRIANGLES), 'this');
    expectError(() => a.get('offset'), 'this');
    expectError(() => addCell(domain, 0), 'this');
  });

  it('rejects formats that do not match the program before creating GL objects', () => {
    const gl = createContext(SIZE, SIZE);
    const program = new ShaderProgram(gl, VERTEX, FRAGMENT);
    const create = vi.spyOn(gl, 'createBuffer');
    expect(() => new InstancedVertexDomain(gl, program, { position: 'f' }, { offset: 'f' })).toThrow(InstancedVertexDomainError);
    expect(() => new InstancedVertexDomain(gl, program, { position: 'f', offset: 'f' }, { offset: 'f', color: 'Bn' })).toThrow(/both/);
    expect(() => new InstancedVertexDomain(gl, program, { position: 'f', extra: 'f' }, { offset: 'f', color: 'Bn' })).toThrow(
      InstancedVertexDomainError,
    );
    expect(() => new InstancedVertexDomain(gl, program, { position: 'f' }, { offset: 'f', color: 'Bn' }, 1.5)).toThrow(
      InstancedVertexDomainError,
    );
    expect(create).not.toHaveBeenCalled();
  });
});
