// The checks of the batch fuzz (batch-fuzz-runner.ts), run after a step against the CPU model of
// batch-fuzz-scene.ts: every shape's bytes in the CPU shadow, the GPU bytes (getBufferSubData) of the
// shapes asked for, the colour at every cell centre (readPixels), gl.getError(), and every domain's
// allocators (validate(), and their allocated sizes against the live shapes they hold).
import {
  GLBuffer,
  IndexedVertexDomain,
  IndexedVertexList,
  InstanceHandle,
  type Domain,
  type DomainAttribute,
  type GLBufferKind,
  type InstancedVertexDomain,
  type VertexDomain,
} from '../src/index.ts';
import {
  CELL,
  CELLS,
  drawOrder,
  drawsSquare,
  expectedBytes,
  modelShown,
  SIZE,
  squareColour,
  STRIDES,
  type Scene,
  type Shape,
} from './batch-fuzz-scene.ts';
import { glErrorName, readBuffer } from './gl-test-helpers.ts';

export type AnyDomain = Domain;

/** A mismatch between the batch and the model. */
export class FuzzMismatch extends Error {}

const fail = (message: string): never => {
  throw new FuzzMismatch(message);
};

const describeShape = (s: Shape): string => `${s.kind} #${s.id} (cell ${s.cell}, batch ${s.batch}, group ${s.group}, count ${s.count})`;

/** `what` names the bytes in a failure; a function, so a passing check (most of the fuzz's time) builds no string. */
function compareBytes(what: () => string, actual: Uint8Array, expected: Uint8Array): void {
  if (actual.length !== expected.length) fail(`${what()}: ${actual.length} bytes, expected ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    if (actual[i] !== expected[i]) {
      fail(
        `${what()}: byte ${i} is ${actual[i]}, expected ${expected[i]}\n  actual   ${[...actual.subarray(Math.max(0, i - 8), i + 8)].join(' ')}\n  expected ${[...expected.subarray(Math.max(0, i - 8), i + 8)].join(' ')}`,
      );
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

/**
 * The GPU side of a check: ranges of GL buffers and the bytes expected there, copied on the GPU into
 * one staging buffer per kind and read back with one getBufferSubData each, since every readback
 * waits for the GPU. (WebGL2 copies index data only into index buffers, hence the two.)
 */
export class GpuReads {
  private readonly expected: { what: () => string; buffer: GLBuffer; start: number; bytes: Uint8Array }[] = [];
  private readonly staging = new Map<GLBufferKind, GLBuffer>();
  constructor(private readonly gl: WebGL2RenderingContext) {}

  expect(what: () => string, buffer: GLBuffer, start: number, bytes: Uint8Array): void {
    this.expected.push({ what, buffer, start, bytes });
  }

  /** Reads every expected range and compares it; forgets them either way. */
  verify(): void {
    try {
      for (const kind of ['vertex', 'index'] as const) this.verifyKind(kind);
    } finally {
      this.expected.length = 0;
    }
  }

  private verifyKind(kind: GLBufferKind): void {
    const { gl } = this;
    const ranges = this.expected.filter((range) => range.buffer.kind === kind);
    const total = ranges.reduce((sum, range) => sum + range.bytes.length, 0);
    if (total === 0) return;
    let staging = this.staging.get(kind);
    if (staging === undefined || staging.byteCapacity < total) {
      staging?.delete();
      staging = new GLBuffer(gl, kind, Math.max(total, 2 * (staging?.byteCapacity ?? 0)), gl.STREAM_READ);
      this.staging.set(kind, staging);
    }
    // COPY_READ / COPY_WRITE take both kinds and touch no VAO state.
    gl.bindBuffer(gl.COPY_WRITE_BUFFER, staging.buffer);
    let offset = 0;
    for (const range of ranges) {
      gl.bindBuffer(gl.COPY_READ_BUFFER, range.buffer.buffer);
      gl.copyBufferSubData(gl.COPY_READ_BUFFER, gl.COPY_WRITE_BUFFER, range.start, offset, range.bytes.length);
      offset += range.bytes.length;
    }
    gl.bindBuffer(gl.COPY_READ_BUFFER, null);
    gl.bindBuffer(gl.COPY_WRITE_BUFFER, null);
    const all = readBuffer(gl, staging.buffer, 0, total);
    offset = 0;
    for (const range of ranges) {
      compareBytes(range.what, all.subarray(offset, offset + range.bytes.length), range.bytes);
      offset += range.bytes.length;
    }
  }

  delete(): void {
    for (const buffer of this.staging.values()) buffer.delete();
    this.staging.clear();
  }
}

const STRIDE_ENTRIES = {
  list: Object.entries(STRIDES.list),
  indexed: Object.entries(STRIDES.indexed),
  instance: Object.entries(STRIDES.instance),
};

/** Each shape's expected bytes by attribute, kept until a step changes the shape (most steps change few). */
const expectedCache = new WeakMap<Shape, Map<string, Uint8Array>>();

/**
 * The shape's counts and its bytes in the shadow; with `gpu`, its GL bytes are queued for
 * `gpu.verify()`. `changed`: the step changed the shape's model, so its expected bytes are rebuilt.
 */
export function checkShape(s: Shape, gpu: GpuReads | null, changed: boolean): void {
  const h = s.handle;
  if (h.isDeleted) fail(`${describeShape(s)} is deleted`);
  if (!(h instanceof InstanceHandle)) {
    if (h.count !== s.count) fail(`${describeShape(s)}: list.count is ${h.count}`);
    if (h instanceof IndexedVertexList && h.indexCount !== s.indices.length) {
      fail(`${describeShape(s)}: indexCount is ${h.indexCount}, expected ${s.indices.length}`);
    }
  }
  let cache = expectedCache.get(s);
  if (cache === undefined || changed) expectedCache.set(s, (cache = new Map()));
  for (const [name, stride] of STRIDE_ENTRIES[s.kind]) {
    const { attribute, unit } = placeOf(s, name);
    if (attribute.byteStride !== stride) fail(`${describeShape(s)}: ${name} byteStride ${attribute.byteStride}, expected ${stride}`);
    let expected = cache.get(name);
    if (expected === undefined) cache.set(name, (expected = expectedBytes(s, name)));
    const start = unit * stride;
    compareBytes(
      () => `${describeShape(s)}: shadow bytes of ${name} at unit ${unit}`,
      attribute.buffer.bytes.subarray(start, start + expected.length),
      expected,
    );
    gpu?.expect(() => `${describeShape(s)}: GPU bytes of ${name} at unit ${unit}`, attribute.buffer, start, expected);
  }
  if (h instanceof IndexedVertexList && s.indices.length > 0) {
    const expected = new Uint8Array(new Uint32Array(s.indices.map((local) => h.start + local)).buffer);
    const start = h.indexStart * 4;
    const buffer = h.domain.indexBuffer;
    compareBytes(
      () => `${describeShape(s)}: shadow indices at ${h.indexStart} (vertex start ${h.start})`,
      buffer.bytes.subarray(start, start + expected.length),
      expected,
    );
    gpu?.expect(() => `${describeShape(s)}: GPU indices at ${h.indexStart} (vertex start ${h.start})`, buffer, start, expected);
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
    const x = (cell % 8) * CELL + CELL / 2,
      y = Math.floor(cell / 8) * CELL + CELL / 2;
    const at = (y * SIZE + x) * 4;
    const here = byCell[cell]!;
    const tops = here.filter((s) => !here.some((other) => drawOrder(scene, s, other) < 0));
    const expected = tops.length === 0 ? [[0, 0, 0, 255]] : tops.map(squareColour);
    const actual = [...pixels.subarray(at, at + 4)];
    if (!expected.some((colour) => colour.every((channel, c) => channel === actual[c]))) {
      fail(
        `cell ${cell}: pixel ${actual.join(',')}, expected ${expected.map((colour) => colour.join(',')).join(' or ')} (${tops.length === 0 ? 'no square' : tops.map(describeShape).join(', ')})`,
      );
    }
  }
}

export function checkGLError(gl: WebGL2RenderingContext): void {
  const error = gl.getError();
  if (error !== gl.NO_ERROR) fail(`gl.getError() is ${glErrorName(gl, error)}`);
}

/** Every domain's allocators validate, and hold exactly what the live shapes in them hold. */
export function checkDomains(domains: ReadonlySet<AnyDomain>, shapes: readonly Shape[]): void {
  const vertices = new Map<AnyDomain, number>(),
    indices = new Map<AnyDomain, number>();
  for (const s of shapes) {
    const domain = s.handle.domain;
    vertices.set(domain, (vertices.get(domain) ?? 0) + s.count);
    indices.set(domain, (indices.get(domain) ?? 0) + s.indices.length);
  }
  for (const domain of domains) {
    if (domain.isDeleted) continue;
    const vertexAllocator =
      domain instanceof IndexedVertexDomain ? domain.vertices.allocator : (domain as VertexDomain | InstancedVertexDomain).allocator;
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
