// Growth that fails (issue "Reliability", part 3), in real Chromium (SwiftShader): a domain's
// maxCapacity and a buffer the GL refuses both throw GrowthError, and the old buffers, the
// allocators and every existing list stay exactly as they were. Checked on GL state: the
// WebGLBuffer objects, getBufferSubData of every buffer, readPixels of every list, getError.
// Measured here: bufferData of 2^31 − 1 bytes → INVALID_VALUE, of ≥ 2^31 → INVALID_OPERATION.
import type { Allocator } from '@webglet/allocator';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  addInstanced,
  Batch,
  GLBuffer,
  GrowthError,
  IndexedVertexDomain,
  InstancedVertexDomain,
  ShaderGroup,
  ShaderProgram,
  VertexDomain,
  type IndexedVertexList,
  type InstanceHandle,
  type VertexList,
} from '../src/index.ts';
import {
  cellColour,
  cellPixel,
  createContext,
  createPixelScene,
  glErrorName,
  instancedShaderSources,
  liveContexts,
  readBuffer,
  renderDomain,
} from './gl-test-helpers.ts';

const SIZE = 64;
const CELL = 8;

afterEach(() => {
  vi.unstubAllGlobals();
  for (const gl of liveContexts) expect(glErrorName(gl, gl.getError())).toBe('NO_ERROR');
});

const square = (cell: number): number[] => {
  const x0 = (cell % 8) * CELL + 1,
    y0 = Math.floor(cell / 8) * CELL + 1,
    x1 = x0 + CELL - 2,
    y1 = y0 + CELL - 2;
  return [x0, y0, 0, x1, y0, 0, x1, y1, 0, x1, y1, 0, x0, y1, 0, x0, y0, 0];
};
const corners = (cell: number): number[] => {
  const x0 = (cell % 8) * CELL + 1,
    y0 = Math.floor(cell / 8) * CELL + 1,
    x1 = x0 + CELL - 2,
    y1 = y0 + CELL - 2;
  return [x0, y0, 0, x1, y0, 0, x1, y1, 0, x0, y1, 0];
};
const QUAD_INDICES = [0, 1, 2, 2, 3, 0];
const solid = (cell: number, vertices: number): number[] => Array.from({ length: vertices }, () => cellColour(cell)).flat();
const BLACK = [0, 0, 0, 255];

/** Everything a failed growth must leave alone in one GLBuffer. */
interface BufferState {
  webgl: WebGLBuffer;
  byteCapacity: number;
  gpu: number[];
  shadow: number[];
}
function bufferState(gl: WebGL2RenderingContext, buffer: GLBuffer): BufferState {
  return {
    webgl: buffer.buffer,
    byteCapacity: buffer.byteCapacity,
    gpu: [...readBuffer(gl, buffer.buffer, 0, buffer.byteCapacity)],
    shadow: [...buffer.bytes],
  };
}
function expectSameBuffer(gl: WebGL2RenderingContext, buffer: GLBuffer, before: BufferState): void {
  expect(buffer.buffer).toBe(before.webgl);
  expect(buffer.byteCapacity).toBe(before.byteCapacity);
  expect(bufferState(gl, buffer)).toEqual(before);
}
const allocatorState = (allocator: Allocator): unknown => JSON.parse(JSON.stringify(allocator.stats()));

/** The colour at the centre of every cell of the 8 × 8 grid. */
const allCells = (gl: WebGL2RenderingContext): number[][] => Array.from({ length: 64 }, (_, cell) => cellPixel(gl, cell, CELL));

function expectGrowthError(call: () => unknown, expected: Partial<GrowthError>): GrowthError {
  let caught: unknown;
  try {
    call();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(GrowthError);
  expect(caught).toMatchObject(expected);
  return caught as GrowthError;
}

/** Makes `new Uint8Array(length)` throw a RangeError for one length, like a failed CPU allocation. */
function refuseShadowOf(length: number): void {
  const Real = Uint8Array;
  const Refusing = function (this: unknown, ...args: unknown[]) {
    if (args[0] === length) throw new RangeError('Array buffer allocation failed');
    return Reflect.construct(Real, args);
  } as unknown as Uint8ArrayConstructor;
  Object.setPrototypeOf(Refusing, Real);
  vi.stubGlobal('Uint8Array', Refusing);
}

describe('GLBuffer.grow that fails', () => {
  it.each(['vertex', 'index'] as const)(
    '%s buffer: the GL refusing 2^31 − 1 and 2^32 bytes leaves buffer, shadow and bytes unchanged',
    (kind) => {
      const gl = createContext(8, 8);
      const buffer = new GLBuffer(gl, kind, 64);
      buffer.write(0, new Uint8Array(Array.from({ length: 64 }, (_, i) => i + 1)));
      buffer.commit();
      buffer.write(8, new Uint8Array([200, 201])); // a pending dirty range must stay pending
      const before = bufferState(gl, buffer);
      expectGrowthError(() => buffer.grow(2 ** 31 - 1, 64, 2 ** 31 - 1), {
        reason: 'gl',
        glError: 'INVALID_VALUE',
        requested: 2 ** 31 - 1,
        limit: 2 ** 31 - 1,
      });
      expectGrowthError(() => buffer.grow(2 ** 31 + 1), {
        reason: 'gl',
        glError: 'INVALID_OPERATION',
        requested: 2 ** 31 + 1,
        limit: 2 ** 32,
      });
      expect(glErrorName(gl, gl.getError())).toBe('NO_ERROR');
      expectSameBuffer(gl, buffer, before);
      expect(buffer.growths).toBe(0);
      expect(buffer.dirty.count).toBe(1);
      // Still usable: a growth that fits keeps every byte, the pending write included.
      buffer.grow(128);
      buffer.commit();
      expect([...readBuffer(gl, buffer.buffer, 0, 64)]).toEqual([...before.shadow]);
    },
  );

  it('a shadow the CPU cannot allocate: GrowthError("memory"), the new WebGLBuffer deleted, the old one kept', () => {
    const gl = createContext(8, 8);
    const buffer = new GLBuffer(gl, 'vertex', 64);
    buffer.write(0, new Uint8Array(Array.from({ length: 64 }, (_, i) => 255 - i)));
    buffer.commit();
    const before = bufferState(gl, buffer);
    const created: WebGLBuffer[] = [];
    const create = gl.createBuffer.bind(gl);
    vi.spyOn(gl, 'createBuffer').mockImplementation(() => {
      const made = create();
      created.push(made);
      return made;
    });
    refuseShadowOf(128);
    expectGrowthError(() => buffer.grow(100), { reason: 'memory', requested: 100, limit: 128, glError: null });
    vi.unstubAllGlobals();
    expect(created).toHaveLength(1);
    expect(gl.isBuffer(created[0]!)).toBe(false);
    expectSameBuffer(gl, buffer, before);
  });

  it('the GL and the CPU both refusing: GrowthError("gl"), the new WebGLBuffer deleted, no error flag left', () => {
    const gl = createContext(8, 8);
    const buffer = new GLBuffer(gl, 'vertex', 64);
    buffer.write(0, new Uint8Array(Array.from({ length: 64 }, (_, i) => i ^ 0x5a)));
    buffer.commit();
    const before = bufferState(gl, buffer);
    const created: WebGLBuffer[] = [];
    const create = gl.createBuffer.bind(gl);
    vi.spyOn(gl, 'createBuffer').mockImplementation(() => {
      const made = create();
      created.push(made);
      return made;
    });
    refuseShadowOf(2 ** 32);
    expectGrowthError(() => buffer.grow(2 ** 31 + 1), { reason: 'gl', glError: 'INVALID_OPERATION', limit: 2 ** 32 });
    vi.unstubAllGlobals();
    expect(created).toHaveLength(1);
    expect(gl.isBuffer(created[0]!)).toBe(false);
    expect(glErrorName(gl, gl.getError())).toBe('NO_ERROR');
    expectSameBuffer(gl, buffer, before);
  });

  it('maxByteCapacity caps the doubling, but never below what is needed', () => {
    const gl = createContext(8, 8);
    const buffer = new GLBuffer(gl, 'vertex', 64);
    buffer.grow(65, 64, 100);
    expect(buffer.byteCapacity).toBe(100);
    buffer.grow(300, 100, 200);
    expect(buffer.byteCapacity).toBe(300);
    buffer.grow(301, 300, 10_000);
    expect(buffer.byteCapacity).toBe(600);
  });

  it('an error left pending by an earlier call is cleared, not blamed on the growth', () => {
    const gl = createContext(8, 8);
    const buffer = new GLBuffer(gl, 'vertex', 16);
    gl.bindBuffer(0x1234, null); // INVALID_ENUM, left pending
    buffer.grow(32);
    expect(buffer.byteCapacity).toBe(32);
    expect(glErrorName(gl, gl.getError())).toBe('NO_ERROR');
  });
});

describe('VertexDomain growth that fails', () => {
  const newDomain = (gl: WebGL2RenderingContext, program: ShaderProgram, initial: number, maxCapacity?: number): VertexDomain =>
    new VertexDomain(gl, program, { position: 'f', colors: 'Bn' }, initial, maxCapacity === undefined ? {} : { maxCapacity });
  const addSquare = (domain: VertexDomain, cell: number): VertexList => {
    const list = domain.alloc(6);
    list.setAttribute('position', square(cell));
    list.setAttribute('colors', solid(cell, 6));
    return list;
  };
  const states = (gl: WebGL2RenderingContext, domain: VertexDomain): BufferState[] =>
    [...domain.attributes.values()].map(({ buffer }) => bufferState(gl, buffer));

  it('maxCapacity: growth stops at it; the next add throws GrowthError and changes nothing', () => {
    const { gl, program } = createPixelScene(SIZE);
    const domain = newDomain(gl, program, 12, 48);
    const lists = [0, 9, 18, 27, 36, 45, 54, 63].map((cell) => addSquare(domain, cell));
    expect(domain.capacity).toBe(48); // 12 → 24 → 48: capped, not past
    renderDomain(gl, program, domain);
    const pixels = allCells(gl);
    const buffers = states(gl, domain);
    const allocator = allocatorState(domain.allocator);
    const version = domain.version;
    const error = expectGrowthError(() => domain.alloc(6), { reason: 'maxCapacity', requested: 54, limit: 48, glError: null });
    expect(error.message).toMatch(/VertexDomain.*54 vertices.*maxCapacity of 48/);
    expect(() => lists[3]!.resize(7)).toThrow(GrowthError); // a resize past the cap too
    expect(lists[3]!.count).toBe(6);
    expect(allocatorState(domain.allocator)).toEqual(allocator);
    expect(domain.version).toBe(version);
    [...domain.attributes.values()].forEach(({ buffer }, i) => expectSameBuffer(gl, buffer, buffers[i]!));
    renderDomain(gl, program, domain);
    expect(allCells(gl)).toEqual(pixels);
    expect(glErrorName(gl, gl.getError())).toBe('NO_ERROR');
    // What fits still fits.
    lists[2]!.delete();
    addSquare(domain, 20);
    renderDomain(gl, program, domain);
    expect(cellPixel(gl, 20, CELL)).toEqual(cellColour(20));
    expect(cellPixel(gl, 18, CELL)).toEqual(BLACK);
    expect(cellPixel(gl, 63, CELL)).toEqual(cellColour(63));
  });

  it('a buffer the GL refuses (> 2^31 bytes): GrowthError("gl"), same WebGLBuffers, shadows and bytes; lists still draw', () => {
    const { gl, program } = createPixelScene(SIZE);
    const domain = newDomain(gl, program, 16);
    for (const cell of [1, 2, 3, 40, 41, 50]) addSquare(domain, cell);
    domain.commit();
    renderDomain(gl, program, domain);
    const pixels = allCells(gl);
    const buffers = states(gl, domain);
    const allocator = allocatorState(domain.allocator);
    const version = domain.version;
    const capacity = domain.capacity;
    const growths = domain.growths;
    const used = domain.allocator.getAllocatedRegions().sizes.reduce((a, b) => a + b, 0);
    // 200M vertices of position (12 bytes) need 2.4e9 bytes: the allocator asks, the GL refuses, no CPU shadow is made.
    const count = 200_000_000;
    const error = expectGrowthError(() => domain.alloc(count), {
      reason: 'gl',
      requested: used + count,
      glError: 'INVALID_OPERATION',
      limit: 2 ** 32,
    });
    expect(error.message).toMatch(/VertexDomain.*"position".*capacity stays/);
    expect(glErrorName(gl, gl.getError())).toBe('NO_ERROR');
    expect(domain.capacity).toBe(capacity);
    expect(domain.version).toBe(version);
    expect(domain.growths).toBe(growths);
    expect(allocatorState(domain.allocator)).toEqual(allocator);
    [...domain.attributes.values()].forEach(({ buffer }, i) => expectSameBuffer(gl, buffer, buffers[i]!));
    renderDomain(gl, program, domain);
    expect(allCells(gl)).toEqual(pixels);
    addSquare(domain, 60);
    renderDomain(gl, program, domain);
    expect(cellPixel(gl, 60, CELL)).toEqual(cellColour(60));
    expect(cellPixel(gl, 41, CELL)).toEqual(cellColour(41));
  });

  it('the second buffer refused part-way: the first stays grown, the VAO follows it, capacity and lists unchanged', () => {
    // `shade` (float, 4 bytes) is buffer 1 of 2, `corner` (vec4, 16 bytes) buffer 2: for 2^27 vertices
    // the first needs 512 MiB (granted) and the second 2 GiB (refused).
    const gl = createContext(SIZE, SIZE);
    const program = new ShaderProgram(
      gl,
      `#version 300 es
layout(location = 0) in float shade;
layout(location = 1) in vec4 corner;
out vec4 vColor;
void main() {
  vColor = vec4(shade, 1.0 - shade, corner.z, 1.0);
  gl_Position = vec4(corner.xy / ${SIZE / 2}.0 - 1.0, 0.0, 1.0);
}`,
      `#version 300 es
precision mediump float;
in vec4 vColor;
out vec4 outColor;
void main() { outColor = vColor; }`,
    );
    const domain = new VertexDomain(gl, program, { shade: 'f', corner: 'f' }, 32);
    const [first, second] = [...domain.attributes.values()];
    expect([first!.name, first!.byteStride, second!.name, second!.byteStride]).toEqual(['shade', 4, 'corner', 16]);
    const add = (cell: number): VertexList => {
      const list = domain.alloc(6);
      const xy = square(cell);
      list.setAttribute(
        'shade',
        Array.from({ length: 6 }, () => (cell % 8) / 8),
      );
      list.setAttribute('corner', Array.from({ length: 6 }, (_, v) => [xy[v * 3]!, xy[v * 3 + 1]!, (cell >> 3) / 8, 1]).flat());
      return list;
    };
    const cells = [0, 7, 12, 33, 62];
    const lists = cells.map(add);
    renderDomain(gl, program, domain);
    const pixels = allCells(gl);
    for (const cell of cells) expect(cellPixel(gl, cell, CELL)).not.toEqual(BLACK);
    const shadeBefore = bufferState(gl, first!.buffer);
    const cornerBefore = bufferState(gl, second!.buffer);
    const allocator = allocatorState(domain.allocator);
    const version = domain.version;
    const used = 30; // 5 lists of 6, packed from 0
    const count = 2 ** 27 - used;
    expectGrowthError(() => domain.alloc(count), { reason: 'gl', requested: 2 ** 27, glError: 'INVALID_OPERATION', limit: 2 ** 31 });
    expect(glErrorName(gl, gl.getError())).toBe('NO_ERROR');
    // The first buffer grew: a new WebGLBuffer (the old one deleted) holding the old bytes.
    expect(first!.buffer.byteCapacity).toBe(2 ** 29);
    expect(first!.buffer.buffer).not.toBe(shadeBefore.webgl);
    expect(gl.isBuffer(shadeBefore.webgl)).toBe(false);
    expect([...readBuffer(gl, first!.buffer.buffer, 0, shadeBefore.byteCapacity)]).toEqual(shadeBefore.gpu);
    expect([...first!.buffer.bytes.subarray(0, shadeBefore.byteCapacity)]).toEqual(shadeBefore.shadow);
    // The second did not; the domain holds what it held.
    expectSameBuffer(gl, second!.buffer, cornerBefore);
    expect(domain.capacity).toBe(32);
    expect(allocatorState(domain.allocator)).toEqual(allocator);
    expect(domain.version).not.toBe(version); // lists must rebuild views of the new shadow
    lists.forEach((list, i) => expect([...list.get('shade')]).toEqual(Array.from({ length: 6 }, () => Math.fround((cells[i]! % 8) / 8))));
    renderDomain(gl, program, domain);
    expect(allCells(gl)).toEqual(pixels);
    expect(glErrorName(gl, gl.getError())).toBe('NO_ERROR');
    // A list that fits, written after the failure, draws; a retry does not grow the first buffer again.
    const grownShade = first!.buffer.buffer;
    expectGrowthError(() => domain.alloc(count), { reason: 'gl' });
    expect(first!.buffer.buffer).toBe(grownShade);
    add(45);
    lists[1]!.delete();
    renderDomain(gl, program, domain);
    expect(cellPixel(gl, 45, CELL)).not.toEqual(BLACK);
    expect(cellPixel(gl, 7, CELL)).toEqual(BLACK);
    expect(cellPixel(gl, 62, CELL)).toEqual(pixels[62]);
  });
});

describe('IndexedVertexDomain growth that fails', () => {
  const newDomain = (gl: WebGL2RenderingContext, program: ShaderProgram, options: { maxCapacity?: number; maxIndexCapacity?: number }) =>
    new IndexedVertexDomain(gl, program, { position: 'f', colors: 'Bn' }, 8, 12, options);
  const addQuad = (domain: IndexedVertexDomain, cell: number): IndexedVertexList => {
    const list = domain.alloc(4, QUAD_INDICES);
    list.setAttribute('position', corners(cell));
    list.setAttribute('colors', solid(cell, 4));
    return list;
  };
  /** What the lists hold: the vertex side may grow (succeed) before the index side fails, so its capacity is not compared. */
  const snapshot = (gl: WebGL2RenderingContext, domain: IndexedVertexDomain): unknown => ({
    vertices: domain.vertices.allocator.regions().filter((region) => !region.free),
    indices: allocatorState(domain.indexAllocator),
    buffers: [...domain.attributes.values()].map(({ buffer, byteStride }) => [
      ...readBuffer(gl, buffer.buffer, 0, 16 * byteStride),
      ...buffer.bytes.subarray(0, 16 * byteStride),
    ]),
    index: bufferState(gl, domain.indexBuffer),
  });

  it.each([
    {
      side: 'vertex',
      options: { maxCapacity: 16 },
      sameVertexBuffers: true,
      requested: 20,
      limit: 16,
      pattern: /VertexDomain.*maxCapacity of 16/,
    },
    {
      side: 'index',
      options: { maxIndexCapacity: 24 },
      sameVertexBuffers: false,
      requested: 30,
      limit: 24,
      pattern: /index buffer.*maxIndexCapacity of 24/,
    },
  ])(
    '$side side at its cap: GrowthError, both allocators and all buffers unchanged, lists still draw',
    ({ options, requested, limit, pattern, sameVertexBuffers }) => {
      const { gl, program } = createPixelScene(SIZE);
      const domain = newDomain(gl, program, options);
      const lists = [4, 13, 22, 31].map((cell) => addQuad(domain, cell));
      domain.commit();
      renderDomain(gl, program, domain);
      const pixels = allCells(gl);
      const before = snapshot(gl, domain);
      const webglBuffers = [...domain.attributes.values()].map(({ buffer }) => buffer.buffer);
      const error = expectGrowthError(() => domain.alloc(4, QUAD_INDICES), { reason: 'maxCapacity', requested, limit, glError: null });
      expect(error.message).toMatch(pattern);
      // The index side failing gives back the vertices it took: nothing leaks.
      expect(snapshot(gl, domain)).toEqual(before);
      if (sameVertexBuffers) [...domain.attributes.values()].forEach(({ buffer }, i) => expect(buffer.buffer).toBe(webglBuffers[i]));
      renderDomain(gl, program, domain);
      expect(allCells(gl)).toEqual(pixels);
      expect(glErrorName(gl, gl.getError())).toBe('NO_ERROR');
      lists[0]!.delete();
      addQuad(domain, 50);
      renderDomain(gl, program, domain);
      expect(cellPixel(gl, 50, CELL)).toEqual(cellColour(50));
      expect(cellPixel(gl, 4, CELL)).toEqual(BLACK);
      expect(cellPixel(gl, 31, CELL)).toEqual(cellColour(31));
    },
  );

  it('an index buffer the GL refuses: GrowthError("gl"), the old index buffer still in the VAO', () => {
    const { gl, program } = createPixelScene(SIZE);
    const domain = newDomain(gl, program, {});
    for (const cell of [5, 6, 30]) addQuad(domain, cell);
    domain.commit();
    renderDomain(gl, program, domain);
    const pixels = allCells(gl);
    const before = snapshot(gl, domain);
    // 600M indices need 2.4e9 bytes: the index allocator asks, the GL refuses.
    expectGrowthError(() => domain.withIndexGrowth(() => domain.indexAllocator.alloc(600_000_000)), {
      reason: 'gl',
      requested: 600_000_000 + 18,
      glError: 'INVALID_OPERATION',
      limit: 2 ** 32,
    });
    expect(glErrorName(gl, gl.getError())).toBe('NO_ERROR');
    expect(snapshot(gl, domain)).toEqual(before);
    renderDomain(gl, program, domain);
    expect(allCells(gl)).toEqual(pixels);
    addQuad(domain, 61);
    renderDomain(gl, program, domain);
    expect(cellPixel(gl, 61, CELL)).toEqual(cellColour(61));
  });
});

describe('InstancedVertexDomain growth that fails', () => {
  const QUAD = [1, 1, 7, 1, 7, 7, 7, 7, 1, 7, 1, 1];
  const offsetOf = (cell: number): number[] => [(cell % 8) * CELL, Math.floor(cell / 8) * CELL];
  function scene(
    initial: number,
    maxCapacity?: number,
  ): { gl: WebGL2RenderingContext; program: ShaderProgram; domain: InstancedVertexDomain } {
    const gl = createContext(SIZE, SIZE);
    const { vertex, fragment } = instancedShaderSources(SIZE);
    const program = new ShaderProgram(gl, vertex, fragment);
    const domain = new InstancedVertexDomain(
      gl,
      program,
      { position: 'f' },
      { offset: 'f', color: 'Bn' },
      initial,
      maxCapacity === undefined ? {} : { maxCapacity },
    );
    domain.setMesh(6, { position: QUAD });
    return { gl, program, domain };
  }
  const addCell = (domain: InstancedVertexDomain, cell: number): InstanceHandle =>
    domain.addInstance({ offset: offsetOf(cell), color: cellColour(cell) });
  const states = (gl: WebGL2RenderingContext, domain: InstancedVertexDomain): BufferState[] =>
    [...domain.instanceAttributes.values()].map(({ buffer }) => bufferState(gl, buffer));

  it('maxCapacity: the instance past it throws GrowthError, nothing changes, every instance still draws', () => {
    const { gl, program, domain } = scene(3, 8);
    const handles = [0, 8, 16, 24, 32, 40, 48, 56].map((cell) => addCell(domain, cell));
    expect(domain.capacity).toBe(8);
    domain.commit();
    renderDomain(gl, program, domain);
    const pixels = allCells(gl);
    const buffers = states(gl, domain);
    const allocator = allocatorState(domain.allocator);
    expectGrowthError(() => addCell(domain, 1), { reason: 'maxCapacity', requested: 9, limit: 8, glError: null });
    expect(allocatorState(domain.allocator)).toEqual(allocator);
    [...domain.instanceAttributes.values()].forEach(({ buffer }, i) => expectSameBuffer(gl, buffer, buffers[i]!));
    renderDomain(gl, program, domain);
    expect(allCells(gl)).toEqual(pixels);
    handles[4]!.delete();
    addCell(domain, 1);
    renderDomain(gl, program, domain);
    expect(cellPixel(gl, 1, CELL)).toEqual(cellColour(1));
    expect(cellPixel(gl, 32, CELL)).toEqual(BLACK);
  });

  it('the second instance buffer failing part-way (CPU shadow refused): first grown, VAO re-pointed, capacity kept', () => {
    const { gl, program, domain } = scene(4);
    for (const cell of [2, 11, 20, 29]) addCell(domain, cell);
    domain.commit();
    renderDomain(gl, program, domain);
    const pixels = allCells(gl);
    const [first, second] = [...domain.instanceAttributes.values()];
    const firstBefore = bufferState(gl, first!.buffer);
    const secondBefore = bufferState(gl, second!.buffer);
    const allocator = allocatorState(domain.allocator);
    const version = domain.version;
    expect(first!.buffer.byteCapacity * 2).not.toBe(second!.buffer.byteCapacity * 2); // the refusal hits only the second
    refuseShadowOf(second!.buffer.byteCapacity * 2);
    expectGrowthError(() => addCell(domain, 3), { reason: 'memory', requested: 5, glError: null });
    vi.unstubAllGlobals();
    expect(first!.buffer.buffer).not.toBe(firstBefore.webgl);
    expect(first!.buffer.byteCapacity).toBe(firstBefore.byteCapacity * 2);
    expect([...readBuffer(gl, first!.buffer.buffer, 0, firstBefore.byteCapacity)]).toEqual(firstBefore.gpu);
    expectSameBuffer(gl, second!.buffer, secondBefore);
    expect(domain.capacity).toBe(4);
    expect(allocatorState(domain.allocator)).toEqual(allocator);
    expect(domain.version).not.toBe(version);
    renderDomain(gl, program, domain);
    expect(allCells(gl)).toEqual(pixels);
    expect(glErrorName(gl, gl.getError())).toBe('NO_ERROR');
    addCell(domain, 3); // the retry grows only the second buffer and succeeds
    renderDomain(gl, program, domain);
    expect(cellPixel(gl, 3, CELL)).toEqual(cellColour(3));
    expect(cellPixel(gl, 29, CELL)).toEqual(cellColour(29));
  });
});

describe('Batch maxCapacity', () => {
  it('is passed to every domain: adds past it throw GrowthError and change nothing; what fits still draws', () => {
    const { gl, program } = createPixelScene(SIZE);
    const batch = new Batch(gl, { multiDraw: false, maxCapacity: 24, maxIndexCapacity: 12 });
    const group = new ShaderGroup(program);
    const add = (cell: number): VertexList =>
      batch.add(6, gl.TRIANGLES, group, program, { position: ['f', square(cell)], colors: ['Bn', solid(cell, 6)] });
    const addIndexed = (cell: number): IndexedVertexList =>
      batch.addIndexed(4, gl.TRIANGLES, group, program, QUAD_INDICES, { position: ['f', corners(cell)], colors: ['Bn', solid(cell, 4)] });
    const lists = [0, 1, 2, 3].map(add);
    const quads = [8, 9].map(addIndexed);
    const draw = (): void => {
      gl.clearColor(0, 0, 0, 1);
      gl.clear(gl.COLOR_BUFFER_BIT);
      batch.draw();
    };
    draw();
    const pixels = allCells(gl);
    const stats = batch.stats();
    expect(stats.domains.map((d) => d.capacity)).toEqual([24, 24]);
    expectGrowthError(() => add(4), { reason: 'maxCapacity', requested: 30, limit: 24 });
    expectGrowthError(() => addIndexed(10), { reason: 'maxCapacity', requested: 18, limit: 12 });
    expect(batch.stats().domains).toEqual(stats.domains);
    expect(batch.stats().bufferBytes).toBe(stats.bufferBytes);
    draw();
    expect(allCells(gl)).toEqual(pixels);
    lists[1]!.delete();
    quads[0]!.delete();
    add(20);
    addIndexed(21);
    draw();
    for (const cell of [0, 2, 3, 9, 20, 21]) expect(cellPixel(gl, cell, CELL)).toEqual(cellColour(cell));
    for (const cell of [1, 8]) expect(cellPixel(gl, cell, CELL)).toEqual(BLACK);
    // A first add past the cap leaves no empty domain behind.
    const other = new ShaderGroup(program, 5);
    expectGrowthError(() => batch.add(25, gl.TRIANGLES, other, program, { position: ['f'], colors: ['Bn'] }), {
      reason: 'maxCapacity',
      requested: 25,
    });
    expect(batch.stats().domains).toHaveLength(2);
    // Instanced domains take it in instances.
    const { vertex, fragment } = instancedShaderSources(SIZE);
    const instanced = new ShaderProgram(gl, vertex, fragment);
    const small = new Batch(gl, { maxCapacity: 2 });
    const mesh = { count: 6, attributes: { position: ['f', [1, 1, 7, 1, 7, 7, 7, 7, 1, 7, 1, 1]] as const } };
    const addInstance = (cell: number): InstanceHandle =>
      addInstanced(
        small,
        gl.TRIANGLES,
        new ShaderGroup(instanced),
        instanced,
        mesh,
        { offset: 'f', color: 'Bn' },
        { offset: [(cell % 8) * CELL, Math.floor(cell / 8) * CELL], color: cellColour(cell) },
      );
    addInstance(40);
    addInstance(41);
    expectGrowthError(() => addInstance(42), { reason: 'maxCapacity', requested: 3, limit: 2 });
    expect(small.stats().domains.map((d) => d.capacity)).toEqual([2]);
    gl.clearColor(0, 0, 0, 1);
    gl.clear(gl.COLOR_BUFFER_BIT);
    small.draw();
    expect(cellPixel(gl, 41, CELL)).toEqual(cellColour(41));
    expect(cellPixel(gl, 42, CELL)).toEqual(BLACK);
    small.delete();
    batch.delete();
  });
});
