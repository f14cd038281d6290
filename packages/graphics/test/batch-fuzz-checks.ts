// The checks of the batch fuzz (batch-fuzz-runner.ts), run after a step against the CPU model of
// batch-fuzz-scene.ts: every shape's bytes in the CPU shadow, the GPU bytes (getBufferSubData) of the
// shapes asked for, the colour at every cell centre (readPixels), gl.getError(), and every domain's
// allocators (validate(), and their allocated sizes against the live shapes they hold).
import {
  IndexedVertexDomain, IndexedVertexList, InstanceHandle, type Domain, type DomainAttribute, type GLBuffer, type InstancedVertexDomain,
  type VertexDomain,
} from '../src/index.ts';
import {
  CELL, CELLS, drawOrder, drawsSquare, expectedBytes, modelShown, SIZE, squareColour, STRIDES, type Scene, type Shape,
} from './batch-fuzz-scene.ts';
import { glErrorName, readBuffer } from './gl-test-helpers.ts';

export type AnyDomain = Domain;

/** A mismatch between the batch and the model. */
export class FuzzMismatch extends Error {}

const fail = (message: string): never => {
  throw new FuzzMismatch(message);
};

const describeShape = (s: Shape): string => `${s.kind} #${s.id} (cell ${s.cell}, batch ${s.batch}, group ${s.group}, count ${s.count})`;

function compareBytes(what: string, actual: Uint8Array, expected: Uint8Array): void {
  if (actual.length !== expected.length) fail(`${what}: ${actual.length} bytes, expected ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    if (actual[i] !== expected[i]) {
      fail(`${what}: byte ${i} is ${actual[i]}, expected ${expected[i]}\n  actual   ${[...actual.subarray(Math.max(0, i - 8), i + 8)].join(' ')}\n  expected ${[...expected.subarray(Math.max(0, i - 8), i + 8)].join(' ')}`);
    }
  }
}

/** The attribute of `name` holding the shape's bytes, and the unit (vertex or instance slot) they start at. */
function placeOf(s: Shape, name: string): { attribute: DomainAttribute; unit: number } {
  const h = s.handle;
  if (h instanceof InstanceHandle) return { attribute: h.domain.instanceAttribute('fuzz', name), unit: h.slot };
  if (h instanceof IndexedVertexList) return { attribute: h.domain.vertices.attribute('fuzz', name), unit: h.start };
  return { attribute: h.domain.attribute('fuzz', name), unit: h.start };
}

/** Reads each GL buffer once per check: [0, byteCapacity). */
export class GpuReads {
  private readonly cache = new Map<GLBuffer, Uint8Array>();
  constructor(private readonly gl: WebGL2RenderingContext) {}
  bytes(buffer: GLBuffer, start: number, end: number): Uint8Array {
    let all = this.cache.get(buffer);
    if (all === undefined) {
      all = readBuffer(this.gl, buffer.buffer, 0, buffer.byteCapacity);
      this.cache.set(buffer, all);
    }
    return all.subarray(start, end);
  }
}

/** The shape's counts, then its bytes in the shadow and, when `gpu`, in the GL buffers. */
export function checkShape(s: Shape, gpu: GpuReads | null): void {
  const h = s.handle;
  if (h.isDeleted) fail(`${describeShape(s)} is deleted`);
  if (!(h instanceof InstanceHandle)) {
    if (h.count !== s.count) fail(`${describeShape(s)}: list.count is ${h.count}`);
    if (h instanceof IndexedVertexList && h.indexCount !== s.indices.length) {
      fail(`${describeShape(s)}: indexCount is ${h.indexCount}, expected ${s.indices.length}`);
    }
  }
  for (const [name, stride] of Object.entries(STRIDES[s.kind])) {
    const { attribute, unit } = placeOf(s, name);
    if (attribute.byteStride !== stride) fail(`${describeShape(s)}: ${name} byteStride ${attribute.byteStride}, expected ${stride}`);
    const expected = expectedBytes(s, name);
    const start = unit * stride, end = start + expected.length;
    compareBytes(`${describeShape(s)}: shadow bytes of ${name} at unit ${unit}`, attribute.buffer.bytes.subarray(start, end), expected);
    if (gpu !== null) compareBytes(`${describeShape(s)}: GPU bytes of ${name} at unit ${unit}`, gpu.bytes(attribute.buffer, start, end), expected);
  }
  if (h instanceof IndexedVertexList && s.indices.length > 0) {
    const expected = new Uint8Array(new Uint32Array(s.indices.map((local) => h.start + local)).buffer);
    const start = h.indexStart * 4, end = start + expected.length;
    const buffer = h.domain.indexBuffer;
    compareBytes(`${describeShape(s)}: shadow indices at ${h.indexStart} (vertex start ${h.start})`, buffer.bytes.subarray(start, end), expected);
    if (gpu !== null) compareBytes(`${describeShape(s)}: GPU indices at ${h.indexStart} (vertex start ${h.start})`, gpu.bytes(buffer, start, end), expected);
  }
}

/**
 * Compares each cell centre with the model: the square drawn last among the shown ones there. Where
 * the model cannot order two squares (equal groups, see drawOrder), either may be on top.
 */
export function checkPixels(scene: Scene, shapes: readonly Shape[], pixels: Uint8Array): void {
  const { gl, groups } = scene;
  gl.readPixels(0, 0, SIZE, SIZE, gl.RGBA, gl.UNSIGNED_BYTE, pixels);
  const byCell = Array.from({ length: CELLS }, (): Shape[] => []);
  for (const s of shapes) if (modelShown(groups[s.group]!) && drawsSquare(s)) byCell[s.cell]!.push(s);
  for (let cell = 0; cell < CELLS; cell++) {
    const x = (cell % 8) * CELL + CELL / 2, y = Math.floor(cell / 8) * CELL + CELL / 2;
    const at = (y * SIZE + x) * 4;
    const here = byCell[cell]!;
    const tops = here.filter((s) => !here.some((other) => drawOrder(scene, s, other) < 0));
    const expected = tops.length === 0 ? [[0, 0, 0, 255]] : tops.map(squareColour);
    const actual = [...pixels.subarray(at, at + 4)];
    if (!expected.some((colour) => colour.every((channel, c) => channel === actual[c]))) {
      fail(`cell ${cell}: pixel ${actual.join(',')}, expected ${expected.map((colour) => colour.join(',')).join(' or ')} (${tops.length === 0 ? 'no square' : tops.map(describeShape).join(', ')})`);
    }
  }
}

export function checkGLError(gl: WebGL2RenderingContext): void {
  const error = gl.getError();
  if (error !== gl.NO_ERROR) fail(`gl.getError() is ${glErrorName(gl, error)}`);
}

/** Every domain's allocators validate, and hold exactly what the live shapes in them hold. */
export function checkDomains(domains: ReadonlySet<AnyDomain>, shapes: readonly Shape[]): void {
  const vertices = new Map<AnyDomain, number>(), indices = new Map<AnyDomain, number>();
  for (const s of shapes) {
    const domain = s.handle.domain;
    vertices.set(domain, (vertices.get(domain) ?? 0) + s.count);
    indices.set(domain, (indices.get(domain) ?? 0) + s.indices.length);
  }
  for (const domain of domains) {
    if (domain.isDeleted) continue;
    const vertexAllocator = domain instanceof IndexedVertexDomain ? domain.vertices.allocator : (domain as VertexDomain | InstancedVertexDomain).allocator;
    vertexAllocator.validate();
    const allocated = vertexAllocator.getAllocatedSize();
    if (allocated !== (vertices.get(domain) ?? 0)) {
      fail(`a ${domain.constructor.name} has ${allocated} units allocated, the model's shapes in it hold ${vertices.get(domain) ?? 0}`);
    }
    if (domain instanceof IndexedVertexDomain) {
      domain.indexAllocator.validate();
      const allocatedIndices = domain.indexAllocator.getAllocatedSize();
      if (allocatedIndices !== (indices.get(domain) ?? 0)) {
        fail(`an IndexedVertexDomain has ${allocatedIndices} indices allocated, the model's shapes in it hold ${indices.get(domain) ?? 0}`);
      }
    }
  }
}
