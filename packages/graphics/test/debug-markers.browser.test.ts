// Debug mode's vertex markers (vertex-domain.ts, "Debug mode"), in a real WebGL2 context (SwiftShader):
// fresh ranges read back 0xCB from the GPU, freed ranges read back NaN floats (0xDD bytes for the
// rest, the restart index for indices), and a raw draw of the WHOLE buffer with the domain's VAO —
// ignoring the allocator — rasterizes nothing where freed lists were. Debug off leaves freed bytes alone.
import { afterEach, describe, expect, it } from 'vitest';
import {
  Batch,
  createDefaultProgram,
  IndexedVertexDomain,
  MatrixBlock,
  ShaderGroup,
  VertexDomain,
  type GLBuffer,
  type VertexList,
} from '../src/index.ts';
import { DEBUG_DEAD_INDEX } from '../src/indexed-vertex-domain.ts';
import { DEBUG_CLEAN_BYTE, DEBUG_DEAD_BYTE } from '../src/vertex-domain.ts';
import { cellColour, cellPixel, createContext, createPixelScene, expectNoGLError, liveContexts, readBuffer } from './gl-test-helpers.ts';

const SIZE = 64;
const CELL = 8;
const FORMATS = { position: 'f', colors: 'Bn' };

afterEach(() => {
  for (const gl of liveContexts) expect(gl.getError()).toBe(gl.NO_ERROR);
});

function square(cell: number): number[] {
  const x0 = (cell % 8) * CELL + 1,
    y0 = Math.floor(cell / 8) * CELL + 1,
    x1 = x0 + CELL - 2,
    y1 = y0 + CELL - 2;
  return [x0, y0, 0, x1, y0, 0, x1, y1, 0, x1, y1, 0, x0, y1, 0, x0, y0, 0];
}
const solid = (cell: number, vertices: number): number[] => Array.from({ length: vertices }, () => cellColour(cell)).flat();

function addSquare(domain: VertexDomain, cell: number): VertexList {
  const list = domain.alloc(6);
  list.setAttribute('position', square(cell));
  list.setAttribute('colors', solid(cell, 6));
  return list;
}

/** Bytes of vertices [start, start + count) of attribute `name`, as the GPU holds them. */
function gpuBytes(gl: WebGL2RenderingContext, domain: VertexDomain, name: string, start: number, count: number): Uint8Array<ArrayBuffer> {
  const { buffer, byteStride } = domain.attributes.get(name)!;
  return readBuffer(gl, buffer.buffer, start * byteStride, (start + count) * byteStride);
}
const gpuFloats = (gl: WebGL2RenderingContext, domain: VertexDomain, start: number, count: number): Float32Array =>
  new Float32Array(gpuBytes(gl, domain, 'position', start, count).buffer);

const allNaN = (values: Float32Array): boolean => values.length > 0 && values.every((v) => Number.isNaN(v));
const allBytes = (bytes: Uint8Array, value: number): boolean => bytes.length > 0 && bytes.every((b) => b === value);

function clear(gl: WebGL2RenderingContext): void {
  gl.clearColor(0, 0, 0, 1);
  gl.clear(gl.COLOR_BUFFER_BIT);
}
const BLACK = [0, 0, 0, 255];

describe('VertexDomain debug markers', () => {
  it('fills fresh ranges with the clean marker, visible on the GPU before any write', () => {
    const { gl, program } = createPixelScene(SIZE);
    const domain = new VertexDomain(gl, program, FORMATS, 64, { debug: true });
    expect(domain.debug).toBe(true);
    const list = domain.alloc(6);
    domain.commit();
    expect(allBytes(gpuBytes(gl, domain, 'position', list.start, 6), DEBUG_CLEAN_BYTE)).toBe(true);
    expect(allBytes(gpuBytes(gl, domain, 'colors', list.start, 6), DEBUG_CLEAN_BYTE)).toBe(true);
    // 0xCBCBCBCB as a float: finite, huge and negative.
    const value = gpuFloats(gl, domain, list.start, 1)[0]!;
    expect(Number.isFinite(value) && value < -1e7).toBe(true);
  });

  it('fills freed ranges with NaN positions / 0xDD bytes, and a raw whole-buffer draw shows nothing there', () => {
    const { gl, program } = createPixelScene(SIZE);
    const domain = new VertexDomain(gl, program, FORMATS, 64, { debug: true });
    const lists = [0, 1, 2].map((cell) => addSquare(domain, cell));
    domain.commit();
    const freed = lists[1]!;
    const { start, count } = freed;
    freed.delete();
    domain.commit();
    expect(allNaN(gpuFloats(gl, domain, start, count))).toBe(true);
    expect(allBytes(gpuBytes(gl, domain, 'colors', start, count), DEBUG_DEAD_BYTE)).toBe(true);

    clear(gl);
    program.use();
    gl.bindVertexArray(domain.vao);
    gl.drawArrays(gl.TRIANGLES, 0, domain.capacity); // every vertex, allocated or not
    gl.bindVertexArray(null);
    expect(cellPixel(gl, 0, CELL)).toEqual(cellColour(0));
    expect(cellPixel(gl, 1, CELL)).toEqual(BLACK);
    expect(cellPixel(gl, 2, CELL)).toEqual(cellColour(2));
  });

  it('marks the cut tail of a shrink dead, the new tail of a grow clean, and the old range of a move dead', () => {
    const { gl, program } = createPixelScene(SIZE);
    const domain = new VertexDomain(gl, program, FORMATS, 64, { debug: true });
    const a = addSquare(domain, 0);
    const b = addSquare(domain, 1);
    domain.commit();
    // b is last: shrinks and grows in place.
    const bStart = b.start;
    b.resize(3);
    domain.commit();
    expect(b.start).toBe(bStart);
    expect(allNaN(gpuFloats(gl, domain, bStart + 3, 3))).toBe(true);
    expect([...gpuFloats(gl, domain, bStart, 3)]).toEqual(square(1).slice(0, 9));
    b.resize(9);
    domain.commit();
    expect(b.start).toBe(bStart);
    expect(allBytes(gpuBytes(gl, domain, 'position', bStart + 3, 6), DEBUG_CLEAN_BYTE)).toBe(true);
    // a is boxed in by b: growing it moves it.
    const aStart = a.start;
    a.resize(12);
    domain.commit();
    expect(a.start).not.toBe(aStart);
    expect(allNaN(gpuFloats(gl, domain, aStart, 6))).toBe(true);
    expect(allBytes(gpuBytes(gl, domain, 'colors', aStart, 6), DEBUG_DEAD_BYTE)).toBe(true);
    expect([...gpuFloats(gl, domain, a.start, 6)]).toEqual(square(0));
    expect(allBytes(gpuBytes(gl, domain, 'position', a.start + 6, 6), DEBUG_CLEAN_BYTE)).toBe(true);
  });

  it('with debug off, a freed range keeps its old bytes (no extra work)', () => {
    const { gl, program } = createPixelScene(SIZE);
    const domain = new VertexDomain(gl, program, FORMATS, 64);
    expect(domain.debug).toBe(false);
    const list = addSquare(domain, 0);
    domain.commit();
    const { start, count } = list;
    const colours = [...gpuBytes(gl, domain, 'colors', start, count)];
    const positionBuffer: GLBuffer = domain.attributes.get('position')!.buffer;
    list.delete();
    expect(domain.commit().bytesUploaded).toBe(0); // nothing was marked dirty
    expect(positionBuffer.byteCapacity).toBeGreaterThan(0);
    expect([...gpuFloats(gl, domain, start, count)]).toEqual(square(0));
    expect([...gpuBytes(gl, domain, 'colors', start, count)]).toEqual(colours);
  });
});

describe('IndexedVertexDomain debug markers', () => {
  const QUAD = [0, 1, 2, 2, 3, 0];
  function addQuad(domain: IndexedVertexDomain, cell: number): ReturnType<IndexedVertexDomain['alloc']> {
    const s = square(cell);
    const list = domain.alloc(4, QUAD);
    list.setAttribute('position', [...s.slice(0, 9), ...s.slice(12, 15)]);
    list.setAttribute('colors', solid(cell, 4));
    return list;
  }
  const gpuIndices = (gl: WebGL2RenderingContext, domain: IndexedVertexDomain, start: number, count: number): Uint32Array =>
    new Uint32Array(readBuffer(gl, domain.indexBuffer.buffer, start * 4, (start + count) * 4).buffer);

  it('fills freed indices with the restart index and freed vertices with NaN; a raw whole-buffer draw shows nothing there', () => {
    const { gl, program } = createPixelScene(SIZE);
    const domain = new IndexedVertexDomain(gl, program, FORMATS, 64, 64, { debug: true });
    expect(domain.debug).toBe(true);
    const lists = [0, 1, 2].map((cell) => addQuad(domain, cell));
    domain.commit();
    const freed = lists[1]!;
    const { start, count, indexStart, indexCount } = freed;
    freed.delete();
    domain.commit();
    expect(gpuIndices(gl, domain, indexStart, indexCount).every((i) => i === DEBUG_DEAD_INDEX)).toBe(true);
    expect(allNaN(gpuFloats(gl, domain.vertices, start, count))).toBe(true);

    clear(gl);
    program.use();
    gl.bindVertexArray(domain.vertices.vao);
    gl.drawElements(gl.TRIANGLES, domain.indexCapacity, gl.UNSIGNED_INT, 0); // every index slot
    gl.drawElements(gl.POINTS, domain.indexCapacity, gl.UNSIGNED_INT, 0);
    gl.bindVertexArray(null);
    expect(cellPixel(gl, 0, CELL)).toEqual(cellColour(0));
    expect(cellPixel(gl, 1, CELL)).toEqual(BLACK);
    expect(cellPixel(gl, 2, CELL)).toEqual(cellColour(2));
  });

  it('marks a shrunk index tail dead; debug off leaves freed indices alone', () => {
    const { gl, program } = createPixelScene(SIZE);
    const debug = new IndexedVertexDomain(gl, program, FORMATS, 64, 64, { debug: true });
    const list = addQuad(debug, 0);
    debug.commit();
    list.resize(4, 3);
    debug.commit();
    expect([...gpuIndices(gl, debug, list.indexStart + 3, 3)]).toEqual([DEBUG_DEAD_INDEX, DEBUG_DEAD_INDEX, DEBUG_DEAD_INDEX]);

    const plain = new IndexedVertexDomain(gl, program, FORMATS, 64, 64);
    const other = addQuad(plain, 0);
    plain.commit();
    const { indexStart, start } = other;
    other.delete();
    plain.commit();
    expect([...gpuIndices(gl, plain, indexStart, 6)]).toEqual(QUAD.map((i) => start + i));
  });
});

describe('Batch({ debug: true })', () => {
  it('passes debug mode to its domains: a deleted list reads back NaN positions', () => {
    const gl = createContext();
    const program = createDefaultProgram(gl);
    new MatrixBlock(gl); // the default program's WindowBlock needs a bound block to draw
    const batch = new Batch(gl, { debug: true, multiDraw: false });
    const group = new ShaderGroup(program);
    const list = batch.add(3, gl.TRIANGLES, group, program, {
      position: ['f', [1, 2, 0, 3, 4, 0, 5, 6, 0]],
      colors: ['Bn', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]],
    }) as VertexList;
    const domain = list.domain;
    const start = list.start;
    batch.draw();
    list.delete();
    batch.draw();
    const attribute = domain.attributes.get('position')!;
    const readback = new Float32Array(9);
    gl.bindBuffer(gl.COPY_READ_BUFFER, attribute.buffer.buffer);
    gl.getBufferSubData(gl.COPY_READ_BUFFER, start * attribute.byteStride, readback);
    gl.bindBuffer(gl.COPY_READ_BUFFER, null);
    expect([...readback].every(Number.isNaN)).toBe(true);
    expect(domain.debug).toBe(true);
    expectNoGLError(gl);
  });
});
