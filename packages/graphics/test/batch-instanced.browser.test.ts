// addInstanced in a real WebGL2 context (SwiftShader): a quad mesh drawn per instance at an offset
// with a colour. Checked with readPixels, drawArraysInstanced counted by a spy that calls through, stats(),
// getError after each test, and a real context loss + restore (WEBGL_lose_context).
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  addInstanced,
  Batch,
  GraphicsArgumentError,
  BatchError,
  InstancedVertexDomain,
  InstancedVertexDomainError,
  ShaderGroup,
  ShaderProgram,
  type InstanceHandle,
  type InstanceStore,
} from '../src/index.ts';
import type { InstancedMesh } from '../src/instancing.ts';
import { canvasOf, cellColour, cellPixel, createContext, liveContexts, instancedShaderSources, readBuffer } from './gl-test-helpers.ts';

const SIZE = 64;
const CELL = 8;

afterEach(() => {
  for (const gl of liveContexts) expect(gl.getError()).toBe(gl.NO_ERROR);
});

// Pixel coordinates straight to clip space: no projection block needed.
const { vertex: VERTEX, fragment: FRAGMENT } = instancedShaderSources(SIZE);

const BLACK = [0, 0, 0, 255],
  RED = [255, 0, 0, 255],
  GREEN = [0, 255, 0, 255];
/** A quad covering a cell but a 1-pixel margin. */
const quadMesh = (): InstancedMesh => ({ count: 6, attributes: { position: ['f', [1, 1, 7, 1, 7, 7, 7, 7, 1, 7, 1, 1]] } });
/** One triangle covering the whole canvas (drawn at offset 0, 0). */
const FULL_MESH: InstancedMesh = { count: 3, attributes: { position: ['f', [0, 0, 2 * SIZE, 0, 0, 2 * SIZE]] } };
const FORMATS = { offset: 'f', color: 'Bn' };
const offsetOf = (cell: number): number[] => [(cell % 8) * CELL, Math.floor(cell / 8) * CELL];

interface Scene {
  gl: WebGL2RenderingContext;
  program: ShaderProgram;
  batch: Batch;
  mesh: InstancedMesh;
}
function createScene(): Scene {
  const gl = createContext(SIZE, SIZE);
  return { gl, program: new ShaderProgram(gl, VERTEX, FRAGMENT), batch: new Batch(gl, { multiDraw: false }), mesh: quadMesh() };
}
const addCell = ({ gl, program, batch, mesh }: Scene, group: ShaderGroup, cell: number, rgba = cellColour(cell)): InstanceHandle =>
  addInstanced(batch, gl.TRIANGLES, group, program, mesh, FORMATS, { offset: offsetOf(cell), color: rgba });

/** Four instances in cells 0–3 of one group, drawn once. */
function fourDrawnCells(): { scene: Scene; group: ShaderGroup; handles: InstanceHandle[]; domain: InstancedVertexDomain } {
  const scene = createScene();
  const group = new ShaderGroup(scene.program);
  const handles = Array.from({ length: 4 }, (_, cell) => addCell(scene, group, cell));
  render(scene);
  return { scene, group, handles, domain: handles[0]!.domain as InstancedVertexDomain };
}

function render({ gl, batch }: Scene): void {
  gl.clearColor(0, 0, 0, 1);
  gl.clear(gl.COLOR_BUFFER_BIT);
  batch.draw();
}
const pixelAt = (gl: WebGL2RenderingContext, cell: number): number[] => cellPixel(gl, cell, CELL);

function frame(scene: Scene): Uint8Array {
  render(scene);
  const out = new Uint8Array(SIZE * SIZE * 4);
  scene.gl.readPixels(0, 0, SIZE, SIZE, scene.gl.RGBA, scene.gl.UNSIGNED_BYTE, out);
  return out;
}

describe('addInstanced', () => {
  it('draws instanced quads of two groups in group order, re-ordering when an order changes', () => {
    const scene = createScene();
    const { gl, batch, program } = scene;
    const top = new ShaderGroup(program, 1),
      bottom = new ShaderGroup(program, 0);
    // Same cells in both groups: the later-drawn group wins. `top` is added first.
    for (const cell of [0, 9, 18]) addCell(scene, top, cell, GREEN);
    for (const cell of [0, 9, 18, 27]) addCell(scene, bottom, cell, RED);
    const spy = vi.spyOn(gl, 'drawArraysInstanced');
    render(scene);
    expect([0, 9, 18, 27, 36].map((cell) => pixelAt(gl, cell))).toEqual([GREEN, GREEN, GREEN, RED, BLACK]);
    // One domain per group (one mesh), one call each, bottom first.
    expect(spy.mock.calls).toEqual([
      [gl.TRIANGLES, 0, 6, 4],
      [gl.TRIANGLES, 0, 6, 3],
    ]);
    expect(batch.stats().domains).toHaveLength(2);

    top.order = -1;
    render(scene);
    expect([0, 9, 18, 27].map((cell) => pixelAt(gl, cell))).toEqual([RED, RED, RED, RED]);
  });

  it('draws instanced domains in group order with non-instanced domains of the same batch', () => {
    const scene = createScene();
    const { gl, batch, program } = scene;
    const over = new ShaderGroup(program, 1);
    addCell(scene, over, 5, GREEN);
    // Another mesh (a full triangle) in a lower group: drawn first, under the quad.
    addInstanced(batch, gl.TRIANGLES, new ShaderGroup(program, 0), program, FULL_MESH, FORMATS, { offset: [0, 0], color: RED });
    render(scene);
    expect(pixelAt(gl, 5)).toEqual(GREEN);
    expect(pixelAt(gl, 6)).toEqual(RED);
    over.order = -1;
    render(scene);
    expect(pixelAt(gl, 5)).toEqual(RED);
  });

  it('keys domains by mesh identity: the same mesh object shares a domain, an equal copy does not', () => {
    const scene = createScene();
    const { gl, batch, program } = scene;
    const group = new ShaderGroup(program);
    const a = addCell(scene, group, 0);
    const b = addCell(scene, new ShaderGroup(program), 1); // equal group key: same domain
    const c = addInstanced(batch, gl.TRIANGLES, group, program, quadMesh(), FORMATS, { offset: offsetOf(2), color: cellColour(2) });
    expect(b.domain).toBe(a.domain);
    expect(c.domain).not.toBe(a.domain);
    expect(a.domain).toBeInstanceOf(InstancedVertexDomain);
    expect(batch.stats().domains.map((d) => d.key.includes('instanced|'))).toEqual([true, true]);
    render(scene);
    for (const cell of [0, 1, 2]) expect(pixelAt(gl, cell)).toEqual(cellColour(cell));
  });

  it('never draws deleted instances: holes stay background, one call per live run, counted in stats', () => {
    const scene = createScene();
    const { gl, batch, program } = scene;
    const group = new ShaderGroup(program);
    const handles = Array.from({ length: 12 }, (_, cell) => addCell(scene, group, cell));
    for (const cell of [0, 4, 5, 9]) handles[cell]!.delete();
    const spy = vi.spyOn(gl, 'drawArraysInstanced');
    render(scene);
    for (let cell = 0; cell < 16; cell++) {
      expect(pixelAt(gl, cell)).toEqual(cell < 12 && ![0, 4, 5, 9].includes(cell) ? cellColour(cell) : BLACK);
    }
    // Live runs: 1–3, 6–8, 10–11.
    expect(spy.mock.calls.map((call) => call[3])).toEqual([3, 3, 2]);
    expect(batch.stats().drawCalls).toBe(3);
    expect(batch.stats().domains[0]).toMatchObject({ capacity: 64, usage: 8 / 64 });

    // A recoloured instance is uploaded on the next draw (bytes counted), and a refilled hole draws again.
    handles[1]!.setAttribute('color', GREEN);
    addCell(scene, group, 0, RED);
    render(scene);
    expect(batch.stats().bytesUploaded).toBeGreaterThan(0);
    expect(pixelAt(gl, 1)).toEqual(GREEN);
    expect(pixelAt(gl, 0)).toEqual(RED);
    render(scene);
    expect(batch.stats().bytesUploaded).toBe(0);
  });

  it('drawSubset draws only the given instances (one call each) with lists of other domains', () => {
    const scene = createScene();
    const { gl, batch, program } = scene;
    const group = new ShaderGroup(program);
    const handles = Array.from({ length: 8 }, (_, cell) => addCell(scene, group, cell));
    const spy = vi.spyOn(gl, 'drawArraysInstanced');
    gl.clearColor(0, 0, 0, 1);
    gl.clear(gl.COLOR_BUFFER_BIT);
    batch.drawSubset([handles[6]!, handles[2]!]);
    for (let cell = 0; cell < 8; cell++) expect(pixelAt(gl, cell)).toEqual([2, 6].includes(cell) ? cellColour(cell) : BLACK);
    expect(spy.mock.calls.map((call) => call[3])).toEqual([1, 1]);
    expect(batch.stats().drawCalls).toBe(2);
    handles[2]!.delete();
    expect(() => batch.drawSubset([handles[2]!])).toThrow(BatchError);
    const stranger = addInstanced(new Batch(gl), gl.TRIANGLES, group, program, scene.mesh, FORMATS, { offset: [0, 0], color: RED });
    expect(() => batch.drawSubset([stranger])).toThrow(BatchError);
  });

  it('instanceArray + markDirty: writes in place upload only that instance, and the array follows growth', () => {
    const { scene, group, handles, domain } = fourDrawnCells();
    const { gl, batch } = scene;
    const colors = domain.instanceArray('color');
    expect(domain.instanceArray('color')).toBe(colors); // cached
    const stride = domain.instanceAttributes.get('color')!.elementStride;
    colors.set(GREEN, handles[2]!.slot * stride);
    handles[2]!.markDirty('color');
    render(scene);
    expect(batch.stats().bytesUploaded).toBe(4); // one instance's 4 colour bytes
    expect([0, 1, 2, 3].map((cell) => pixelAt(gl, cell))).toEqual([cellColour(0), cellColour(1), GREEN, cellColour(3)]);
    for (let cell = 4; cell < 70; cell++) addCell(scene, group, cell % 64); // grows past 64
    const grown = domain.instanceArray('color');
    expect(grown).not.toBe(colors);
    expect([...grown.subarray(handles[2]!.slot * stride, handles[2]!.slot * stride + 4)]).toEqual(GREEN);
    expect(() => domain.instanceArray('nope')).toThrow(InstancedVertexDomainError);

    // set(): the same in one call — only this instance's bytes, and the values read back.
    render(scene);
    handles[3]!.set('color', 0, 0, 255, 255);
    render(scene);
    expect(batch.stats().bytesUploaded).toBe(4);
    expect(handles[3]!.get('color')).toEqual([0, 0, 255, 255]);
    const colorBuffer = domain.instanceAttributes.get('color')!.buffer; // cell 3 is overdrawn by a later instance: read the GPU bytes
    expect([...readBuffer(gl, colorBuffer.buffer, handles[3]!.slot * 4, handles[3]!.slot * 4 + 4)]).toEqual([0, 0, 255, 255]);
    handles[3]!.delete();
    expect(() => handles[3]!.set('color', 1, 2, 3, 4)).toThrow(InstancedVertexDomainError);
    expect(() => handles[2]!.set('nope', 1)).toThrow(InstancedVertexDomainError);
  });

  it('writer(name): writes through its array and mark uploads that instance only, and the array follows growth', () => {
    const { scene, group, handles, domain } = fourDrawnCells();
    const { gl, batch } = scene;
    const offsets = domain.writer('offset');
    expect(domain.writer('offset')).toBe(offsets); // one per attribute
    const before = offsets.array;
    // Move instance 1 into cell 9 (8 bytes of offset), and nothing else.
    const at = handles[1]!.slot * offsets.elementStride;
    offsets.array[at] = offsetOf(9)[0]!;
    offsets.array[at + 1] = offsetOf(9)[1]!;
    offsets.mark(handles[1]!.slot);
    render(scene);
    expect(batch.stats().bytesUploaded).toBe(8);
    expect(pixelAt(gl, 9)).toEqual(cellColour(1));
    expect(pixelAt(gl, 1)).toEqual(BLACK);
    const buffer = offsets.attribute.buffer;
    expect([...new Float32Array(readBuffer(gl, buffer.buffer, handles[1]!.slot * 8, handles[1]!.slot * 8 + 8).buffer)]).toEqual(
      offsetOf(9),
    );
    // Growth replaces the shadow: the writer's array is a new view holding the same values.
    for (let cell = 4; cell < 70; cell++) addCell(scene, group, cell % 64);
    expect(offsets.array).not.toBe(before);
    expect(offsets.array.buffer).toBe(buffer.bytes.buffer);
    expect([...offsets.array.subarray(at, at + 2)]).toEqual(offsetOf(9));
    render(scene); // uploads the instances just added
    expect(() => offsets.mark(-1)).toThrow(GraphicsArgumentError);
    offsets.mark(domain.capacity - 1); // a run ending at the capacity cannot grow past it
    expect(() => offsets.mark(domain.capacity)).toThrow(GraphicsArgumentError);
    render(scene);
    expect(batch.stats().bytesUploaded).toBe(8);
    expect(() => offsets.mark(domain.capacity)).toThrow(/units \[128, 129\) must be whole, non-empty and within \[0, 128\)/);
    expect(() => offsets.mark(0.5)).toThrow(GraphicsArgumentError);
    expect(() => offsets.mark(3, 0)).toThrow(GraphicsArgumentError);
    expect(() => domain.writer('nope')).toThrow(InstancedVertexDomainError);
    expect(() => domain.writer('nope')).toThrow(/no per-instance attribute "nope" \(there are offset, color\)/);
  });

  it('finds the domain by group key, mesh, program, formats and mode, whatever the order of adds (the last key is kept)', () => {
    const scene = createScene();
    const { gl, program, batch } = scene;
    const low = new ShaderGroup(program, 0),
      high = new ShaderGroup(program, 1),
      twin = new ShaderGroup(program, 0);
    const domainOf = (group: ShaderGroup, cell: number): InstanceStore => addCell(scene, group, cell).domain;
    const a = domainOf(low, 0);
    expect(domainOf(high, 1)).not.toBe(a);
    expect(domainOf(low, 2)).toBe(a); // alternating groups
    expect(domainOf(twin, 3)).toBe(a); // an equal group: same key, same domain
    expect(domainOf(high, 4)).toBe(domainOf(high, 5));
    const other = addInstanced(batch, gl.TRIANGLES, low, program, quadMesh(), FORMATS, { offset: offsetOf(6), color: RED });
    expect(other.domain).not.toBe(a); // another mesh object
    const lines = addInstanced(batch, gl.LINES, low, program, scene.mesh, FORMATS, { offset: offsetOf(7), color: RED });
    expect(lines.domain).not.toBe(a); // another mode
    // An order change between adds: the domain follows its group's new key (the batch re-keys),
    // and a new group with the old order no longer finds it.
    const before = domainOf(high, 8);
    high.order = 5;
    expect(domainOf(high, 9)).toBe(before);
    expect(domainOf(new ShaderGroup(program, 1), 10)).not.toBe(before);
    expect(domainOf(new ShaderGroup(program, 5), 11)).toBe(before);
    render(scene);
    expect(gl.getError()).toBe(gl.NO_ERROR);
  });

  it('counts instanced draw calls, growths and buffer bytes in stats()', () => {
    const scene = createScene();
    const { gl, batch, program } = scene;
    const group = new ShaderGroup(program);
    addCell(scene, group, 0);
    render(scene);
    const small = batch.stats();
    expect(small.drawCalls).toBe(1);
    // Mesh: 6 vertices × 8 bytes (position 'f' ×2), rounded up to a power of two; instances: 64 × (8 + 4).
    expect(small.bufferBytes).toBeGreaterThanOrEqual(6 * 8 + 64 * 12);
    expect(small.totalGrowths).toBe(0);

    for (let i = 1; i < 100; i++) addCell(scene, group, i % 64);
    addInstanced(batch, gl.TRIANGLES, new ShaderGroup(program, 3), program, FULL_MESH, FORMATS, { offset: [0, 0], color: RED });
    render(scene);
    const big = batch.stats();
    expect(big.drawCalls).toBe(2); // one run of 100 instances, one of 1
    expect(big.growths).toBeGreaterThan(0);
    expect(big.totalGrowths).toBe(big.growths);
    expect(big.bufferBytes).toBeGreaterThan(small.bufferBytes);
    expect(big.domains[1]!.capacity).toBe(64);
    expect(big.domains[0]!.capacity).toBeGreaterThanOrEqual(100);
    render(scene);
    expect(batch.stats().growths).toBe(0);
  });

  it('checks its arguments and allocates nothing on a bad call', () => {
    const scene = createScene();
    const { gl, batch, program, mesh } = scene;
    const group = new ShaderGroup(program);
    const values = { offset: [0, 0], color: RED };
    expect(() => addInstanced(batch, -1, group, program, mesh, FORMATS, values)).toThrow(BatchError);
    expect(() => addInstanced(batch, gl.TRIANGLES, {} as ShaderGroup, program, mesh, FORMATS, values)).toThrow(BatchError);
    expect(() => addInstanced(batch, gl.TRIANGLES, group, program, null as unknown as InstancedMesh, FORMATS, values)).toThrow(BatchError);
    expect(() => addInstanced(batch, gl.TRIANGLES, group, program, mesh, { offset: 'f' }, values)).toThrow(InstancedVertexDomainError);
    expect(() => addInstanced(batch, gl.TRIANGLES, group, program, mesh, FORMATS, { offset: [0], color: RED })).toThrow(
      InstancedVertexDomainError,
    );
    const badMesh: InstancedMesh = { count: 6, attributes: { position: ['f', [1, 2]] } };
    expect(() => addInstanced(batch, gl.TRIANGLES, group, program, badMesh, FORMATS, values)).toThrow(InstancedVertexDomainError);
    expect(batch.stats().domains).toEqual([]);
    // A bad instance for an existing domain keeps the domain and its instances.
    addCell(scene, group, 0);
    expect(() => addInstanced(batch, gl.TRIANGLES, group, program, mesh, FORMATS, { offset: [0, 0] })).toThrow(InstancedVertexDomainError);
    expect(batch.stats().domains).toHaveLength(1);
    render(scene);
    expect(pixelAt(gl, 0)).toEqual(cellColour(0));
  });

  it('draws the identical frame after the context is lost and restored', async () => {
    const scene = createScene();
    const { gl, batch, program } = scene;
    const group = new ShaderGroup(program, 1);
    const handles = Array.from({ length: 80 }, (_, i) => addCell(scene, group, i % 64)); // grown past 64
    for (const i of [3, 20, 64, 65]) handles[i]!.delete(); // holes; cells 0, 1 and 3 are also drawn by instances 64+
    handles[30]!.setAttribute('color', GREEN); // a later edit, still in the shadow
    addInstanced(batch, gl.TRIANGLES, new ShaderGroup(program, 0), program, FULL_MESH, FORMATS, {
      offset: [0, 0],
      color: [26, 51, 77, 255],
    });
    const before = frame(scene);
    expect(pixelAt(gl, 20)).toEqual([26, 51, 77, 255]); // a hole shows the lower group
    expect(pixelAt(gl, 30)).toEqual(GREEN);

    const lose = gl.getExtension('WEBGL_lose_context')!;
    const lost = new Promise((resolve) => canvasOf(gl).addEventListener('webglcontextlost', resolve, { once: true }));
    lose.loseContext();
    await lost;
    await new Promise((resolve) => setTimeout(resolve, 0)); // restoreContext works only after the lost dispatch
    expect(() => batch.draw()).not.toThrow();
    const restored = new Promise((resolve) => canvasOf(gl).addEventListener('webglcontextrestored', resolve, { once: true }));
    lose.restoreContext();
    await restored;
    expect(batch.isContextLost).toBe(false);
    const after = frame(scene);
    expect(gl.getError()).toBe(gl.NO_ERROR);
    expect(after).toEqual(before);
    // Instances still work on the restored domain.
    handles[30]!.setAttribute('color', RED);
    render(scene);
    expect(pixelAt(gl, 30)).toEqual(RED);
  });
});
