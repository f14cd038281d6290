/**
 * InstancedVertexDomain: one shared mesh drawn many times, with per-instance attributes
 * (vertexAttribDivisor 1), for apps that want instancing (sprites are lists, see docs/decisions.md).
 * One VAO, one GLBuffer per attribute, an Allocator whose units are instances (each wrapped in an
 * InstanceHandle, instance-handle.ts); `setMesh` replaces the mesh without touching any instance.
 *
 * Invariants: only allocated instance regions are drawn. WebGL2 has no base instance, so a region
 * starting at slot s is drawn with the per-instance attributes re-pointed at s (the VAO remembers
 * the last offset: one region from 0 costs no re-pointing). Growth keeps VertexDomain's contract
 * (domain-parts.ts); `setMesh` grows the mesh buffers before writing, so a refusal leaves the old
 * mesh drawing. GL state: leaves the VAO null, and ARRAY_BUFFER null whenever it bound one.
 *
 * Over 400 lines: two kinds of buffer (the mesh's and the instances'), each grown, restored and
 * checked under the same error contract; the shared parts already live in domain-parts.ts.
 */
import { checkNotDeleted, policyValue, wholeNumber } from './checks.ts';
import { AllocatorMemoryError, RegionAllocator, type Policy } from '@webglet/allocator';
import type { AttributeWriter } from './attribute-writer.ts';
import type { DomainAttribute, DomainStats, InstanceStore } from './domain.ts';
import { checkMaxCapacity, CommitSteps, growBuffers, layoutAttributes, pointAttribute, RegionArrays } from './domain-parts.ts';
import { GrowthError, InstancedVertexDomainError } from './errors.ts';
import { InstanceHandle } from './instance-handle.ts';
import type { CommitFigures } from './gl-buffer.ts';
import type { ShaderProgram } from './shader-program.ts';
import type { VertexArray } from './vertex-format.ts';
import { DEFAULT_POLICY } from './vertex-domain.ts';

export interface InstancedDomainOptions {
  /** The most instances the domain may grow to (default Infinity); past it, addInstance throws GrowthError('maxCapacity'). */
  maxCapacity?: number;
  /** The allocator's policy (default DEFAULT_POLICY). */
  policy?: Policy;
}

type Values = Readonly<Record<string, ArrayLike<number>>>;

const isNumbers = (data: unknown): data is ArrayLike<number> => Array.isArray(data) || ArrayBuffer.isView(data);

export class InstancedVertexDomain implements InstanceStore {
  readonly vertexAttributes: ReadonlyMap<string, DomainAttribute>;
  readonly instanceAttributes: ReadonlyMap<string, DomainAttribute>;
  readonly allocator: RegionAllocator;
  /** Vertices in the shared mesh; nothing draws while it is 0. */
  meshVertexCount = 0;
  /** Each live slot's allocator handle (slots are one instance each), so freeing one needs no look-up. */
  private slotHandles = new Uint32Array(0);
  growths = 0;
  /** The most instances the domain grows to; Infinity when not capped. */
  readonly maxCapacity: number;
  /** Changes whenever the instance CPU copies are replaced (growth): arrays from instanceArray() and writers' arrays are stale then. */
  version = 0;
  /** Sum over all buffers for the last `commit()`; one object, updated in place. */
  readonly lastCommit: CommitFigures = { bytesUploaded: 0, uploadCalls: 0 };
  private readonly gl: WebGL2RenderingContext;
  private readonly vertexList: DomainAttribute[];
  private readonly instanceList: DomainAttribute[];
  /** Both lists, for loops over every buffer. */
  private readonly allAttributes: DomainAttribute[];
  /** One writer per per-instance attribute, in instanceList's order (made with the domain: setters look them up every call). */
  private readonly writerList: AttributeWriter[];
  private readonly steps = new CommitSteps(this);
  private vao: WebGLVertexArrayObject;
  /** The allocated instance regions as Int32Arrays (see RegionArrays). */
  private readonly regionArrays = new RegionArrays(1);
  /** The instance slot the per-instance pointers currently start at (see the header). */
  private pointedAt = 0;
  private deleted = false;

  constructor(
    gl: WebGL2RenderingContext,
    program: ShaderProgram,
    vertexFormats: Record<string, string>,
    instanceFormats: Record<string, string>,
    initialInstances = 64,
    options: InstancedDomainOptions = {},
  ) {
    wholeNumber(InstancedVertexDomainError, 'InstancedVertexDomain', 'initialInstances', initialInstances);
    const policy = policyValue(InstancedVertexDomainError, 'InstancedVertexDomain', options.policy ?? DEFAULT_POLICY);
    // Check everything before creating any GL object, so a bad format leaks nothing.
    for (const name of [...Object.keys(vertexFormats), ...Object.keys(instanceFormats)]) {
      if (!program.attributes.has(name)) {
        throw new InstancedVertexDomainError(
          'formats',
          name,
          `InstancedVertexDomain: format given for attribute ${JSON.stringify(name)}, which the program does not declare`,
        );
      }
      if (name in vertexFormats && name in instanceFormats) {
        throw new InstancedVertexDomainError(
          'formats',
          name,
          `InstancedVertexDomain: attribute ${JSON.stringify(name)} is both per-vertex and per-instance`,
        );
      }
    }
    this.maxCapacity = checkMaxCapacity(
      InstancedVertexDomainError,
      'InstancedVertexDomain',
      'maxCapacity',
      options.maxCapacity,
      initialInstances,
      'instances',
    );
    this.gl = gl;
    const all = layoutAttributes(
      gl,
      program,
      (name) => instanceFormats[name] ?? vertexFormats[name],
      (name) => (name in instanceFormats ? initialInstances : 0),
      'InstancedVertexDomain',
      InstancedVertexDomainError,
      (name) => name,
    );
    this.allocator = new RegionAllocator(initialInstances, { policy });
    this.vertexList = all.filter((a) => !(a.name in instanceFormats));
    this.instanceList = all.filter((a) => a.name in instanceFormats);
    this.allAttributes = [...this.vertexList, ...this.instanceList];
    this.vertexAttributes = new Map(this.vertexList.map((a) => [a.name, a]));
    this.instanceAttributes = new Map(this.instanceList.map((a) => [a.name, a]));
    this.writerList = this.instanceList.map((a) => this.steps.writer(a));
    this.vao = gl.createVertexArray();
    this.pointVao();
  }

  get isDeleted(): boolean {
    return this.deleted;
  }

  /**
   * After a lost context is restored: every buffer is recreated from its shadow
   * and a new VAO is pointed at them. Does nothing while the context is lost or
   * if the VAO is still alive.
   */
  restore(): void {
    this.checkLive('restore');
    const gl = this.gl;
    if (gl.isContextLost() || gl.isVertexArray(this.vao)) return;
    for (const attribute of this.allAttributes) attribute.buffer.restore(gl);
    this.vao = gl.createVertexArray();
    this.pointVao();
  }

  /** Capacity in instances. */
  get capacity(): number {
    return this.allocator.capacity;
  }

  get totalGrowths(): number {
    return this.growths;
  }

  get bufferBytes(): number {
    let bytes = 0;
    for (const { buffer } of this.allAttributes) bytes += buffer.byteCapacity;
    return bytes;
  }

  /** Capacity and usage in instances. */
  stats(): DomainStats {
    return { capacity: this.capacity, usage: this.allocator.getUsage(), fragmentation: this.allocator.getFragmentation() };
  }

  /** Replaces the shared mesh: `data` gives every per-vertex attribute, vertexCount × components values. */
  setMesh(vertexCount: number, data: Values): void {
    this.checkLive('setMesh');
    wholeNumber(InstancedVertexDomainError, 'InstancedVertexDomain.setMesh', 'vertexCount', vertexCount);
    // Validate all before writing any, so a bad attribute leaves the old mesh whole.
    this.checkValues('InstancedVertexDomain.setMesh', data, this.vertexAttributes, this.vertexList, vertexCount);
    // Grow the mesh buffers before writing any, keeping the old mesh (copied on the GPU): a refused
    // growth leaves it whole and drawing.
    growBuffers(
      this.vertexList,
      vertexCount,
      this.meshVertexCount,
      Infinity,
      ({ name }) =>
        `InstancedVertexDomain.setMesh: growing mesh attribute ${JSON.stringify(name)} to ${vertexCount} vertices failed; the old mesh stays`,
      () => this.pointVao(),
    );
    for (const attribute of this.vertexList) this.write(attribute, 0, vertexCount, data[attribute.name]!);
    this.meshVertexCount = vertexCount;
  }

  /** A new instance holding `values` (every per-instance attribute); grows the domain when full. */
  addInstance(values: Values): InstanceHandle {
    this.checkLive('addInstance');
    this.checkValues('InstancedVertexDomain.addInstance', values, this.instanceAttributes, this.instanceList, 1);
    const slot = this.allocSlot();
    for (let i = 0; i < this.writerList.length; i++) {
      const writer = this.writerList[i]!;
      this.put(writer, slot, values[writer.attribute.name]!);
    }
    return new InstanceHandle(this, slot);
  }

  /** @internal A new slot holding a copy of instance `slot` of `from` (a domain of the same formats); grows when full. */
  copyInstance(from: InstanceStore, slot: number): number {
    this.checkLive('copyInstance');
    const to = this.allocSlot();
    for (let i = 0; i < this.writerList.length; i++) {
      const writer = this.writerList[i]!;
      const source = from.instanceAttribute('InstancedVertexDomain.copyInstance', writer.attribute.name);
      const stride = writer.attribute.byteStride;
      writer.attribute.buffer.bytes.set(source.buffer.bytes.subarray(slot * stride, (slot + 1) * stride), to * stride);
      writer.mark(to);
    }
    return to;
  }

  /**
   * Runs `hook` at the start of every later commit (so in every `batch.draw()` that
   * draws this domain, before anything is uploaded): for a layer that keeps its
   * values elsewhere and writes the instances that changed once per frame.
   */
  beforeCommit(hook: () => void): void {
    this.checkLive('beforeCommit');
    this.steps.beforeCommit('InstancedVertexDomain', InstancedVertexDomainError, hook);
  }

  /** One instance slot, growing the domain when full. */
  private allocSlot(): number {
    let handle: number;
    try {
      handle = this.allocator.allocHandle(1);
    } catch (error) {
      if (!(error instanceof AllocatorMemoryError)) throw error;
      this.grow(error.requestedCapacity);
      handle = this.allocator.allocHandle(1); // the allocator guarantees the retry fits
    }
    const slot = this.allocator.startOf(handle);
    if (slot >= this.slotHandles.length) {
      const grown = new Uint32Array(Math.max(slot + 1, this.slotHandles.length * 2));
      grown.set(this.slotHandles);
      this.slotHandles = grown;
    }
    this.slotHandles[slot] = handle;
    return slot;
  }

  /** Runs the beforeCommit hooks, then uploads every buffer's dirty ranges; returns the summed figures (`lastCommit`). */
  commit(): CommitFigures {
    this.checkLive('commit');
    return this.steps.commit(this.allAttributes, this.lastCommit);
  }

  /**
   * One drawArraysInstanced per aggregated allocated instance region, with the
   * current program; returns the draw calls issued. Commit first.
   */
  draw(mode: GLenum): number {
    this.checkLive('draw');
    const n = this.regionArrays.update(this.allocator.getAllocatedRegions());
    if (n === 0 || this.meshVertexCount === 0) return 0;
    const { firsts, counts } = this.regionArrays;
    this.gl.bindVertexArray(this.vao);
    let repointed = false;
    for (let i = 0; i < n; i++) repointed = this.drawInstances(mode, firsts[i]!, counts[i]!) || repointed;
    // Re-pointing bound ARRAY_BUFFER; a draw that did not leaves it alone (one GL call less per frame).
    if (repointed) this.gl.bindBuffer(this.gl.ARRAY_BUFFER, null);
    this.gl.bindVertexArray(null);
    return n;
  }

  /** Draws the instances in slots [first, first + count) (for a subset); returns the draw calls issued (0 or 1). */
  drawRange(mode: GLenum, first: number, count: number): number {
    this.checkLive('drawRange');
    if (count === 0 || this.meshVertexCount === 0) return 0;
    this.gl.bindVertexArray(this.vao);
    if (this.drawInstances(mode, first, count)) this.gl.bindBuffer(this.gl.ARRAY_BUFFER, null);
    this.gl.bindVertexArray(null);
    return 1;
  }

  /**
   * The whole shadow of per-instance attribute `name` as a typed array; instance
   * `slot` is at elements [slot × elementStride, + components). Cached until the
   * domain grows (`version` changes). Write through it, then `handle.markDirty(name)`.
   */
  instanceArray(name: string): VertexArray {
    return this.writer(name, 'InstancedVertexDomain.instanceArray').array;
  }

  /** The writer of per-instance attribute `name` (see AttributeWriter); `method` names the caller in errors. */
  writer(name: string, method = 'InstancedVertexDomain.writer'): AttributeWriter {
    return this.steps.writer(this.instanceAttribute(method, name));
  }

  /** Deletes the VAO and every buffer; every later use (of the domain or its handles) throws. */
  delete(): void {
    this.checkLive('delete');
    this.gl.deleteVertexArray(this.vao);
    for (const attribute of this.allAttributes) attribute.buffer.delete();
    this.deleted = true;
  }

  /** For InstanceHandle: the per-instance attribute `name`, or an error naming it. */
  instanceAttribute(method: string, name: string): DomainAttribute {
    this.checkLive(method);
    const attribute = this.instanceAttributes.get(name);
    if (attribute === undefined) throw this.unknownAttribute(method, name);
    return attribute;
  }

  private unknownAttribute(method: string, name: string): InstancedVertexDomainError {
    return new InstancedVertexDomainError(
      'name',
      name,
      `${method}: no per-instance attribute ${JSON.stringify(name)} (there are ${[...this.instanceAttributes.keys()].join(', ')})`,
    );
  }

  /** @internal For InstanceHandle: checks then writes one instance's values. */
  writeInstance(writer: AttributeWriter, slot: number, data: ArrayLike<number>): void {
    this.checkLength('InstanceHandle.setAttribute', writer.attribute, data, 1);
    this.put(writer, slot, data);
  }

  /** @internal For InstanceHandle.delete. */
  freeSlot(slot: number): void {
    this.checkLive('InstanceHandle.delete');
    this.allocator.deallocHandle(this.slotHandles[slot]!);
  }

  /** `method` is the full name ('InstancedVertexDomain.addInstance'): no string is built unless something is wrong. */
  private checkValues(
    method: string,
    values: Values,
    attributes: ReadonlyMap<string, DomainAttribute>,
    list: readonly DomainAttribute[],
    count: number,
  ): void {
    // for-in and an array, not Object.keys and Map iterators: nothing allocated per instance added.
    for (const name in values) {
      if (!attributes.has(name)) {
        throw new InstancedVertexDomainError(
          'name',
          name,
          `${method}: unknown attribute ${JSON.stringify(name)} (expected ${[...attributes.keys()].join(', ')})`,
        );
      }
    }
    for (let i = 0; i < list.length; i++) this.checkLength(method, list[i]!, values[list[i]!.name], count);
  }

  private checkLength(
    method: string,
    attribute: { readonly name: string; readonly components: number },
    data: unknown,
    count: number,
  ): void {
    const expected = count * attribute.components;
    if (!isNumbers(data) || data.length !== expected) {
      const got = isNumbers(data) ? `${data.length} values` : String(data);
      throw new InstancedVertexDomainError(
        attribute.name,
        data,
        `${method}: attribute ${JSON.stringify(attribute.name)} needs ${expected} values, got ${got}`,
      );
    }
  }

  /** Writes one instance's values in place (padding zeroed) and marks them: no allocation, unlike `write`. */
  private put(writer: AttributeWriter, slot: number, data: ArrayLike<number>): void {
    const array = writer.array;
    const at = slot * writer.elementStride;
    const components = writer.attribute.components;
    for (let c = 0; c < components; c++) array[at + c] = data[c]!;
    for (let c = components; c < writer.elementStride; c++) array[at + c] = 0;
    writer.mark(slot);
  }

  /** Writes `count` elements at unit `first`, spacing components by elementStride (the layout's padding). */
  private write(attribute: DomainAttribute, first: number, count: number, data: ArrayLike<number>): void {
    const { format, components, elementStride, byteStride } = attribute;
    const out = new format.arrayType(count * elementStride);
    for (let i = 0; i < count; i++) for (let c = 0; c < components; c++) out[i * elementStride + c] = data[i * components + c]!;
    attribute.buffer.write(first * byteStride, out);
  }

  /** Grows every instance buffer to hold at least `instances` (see growBuffers); the capacity changes only when all grew. */
  private grow(instances: number): void {
    const used = this.allocator.capacity;
    if (instances > this.maxCapacity) {
      throw new GrowthError(
        'maxCapacity',
        instances,
        this.maxCapacity,
        null,
        `InstancedVertexDomain: cannot grow to ${instances} instances: past its maxCapacity of ${this.maxCapacity} (capacity ${used})`,
      );
    }
    const { capacity } = growBuffers(
      this.instanceList,
      instances,
      used,
      this.maxCapacity,
      ({ name }, i) =>
        `InstancedVertexDomain: growing instance attribute ${JSON.stringify(name)} (buffer ${i + 1} of ${this.instanceList.length}) from ${used} to ${instances} instances failed; capacity stays ${used}`,
      () => {
        this.pointVao();
        this.version++;
      },
    );
    this.allocator.setCapacity(capacity);
    this.growths++;
  }

  private checkLive(method: string): void {
    checkNotDeleted(InstancedVertexDomainError, this.deleted, 'InstancedVertexDomain', method, 'domain');
  }

  /** With the VAO bound: draws `count` instances from slot `first` (re-pointing only if needed); says whether it re-pointed. */
  private drawInstances(mode: GLenum, first: number, count: number): boolean {
    const repoint = first !== this.pointedAt;
    if (repoint) this.pointInstances(first);
    this.gl.drawArraysInstanced(mode, 0, this.meshVertexCount, count);
    return repoint;
  }

  /** With the VAO bound: per-instance pointers start at slot `start`. */
  private pointInstances(start: number): void {
    // An index loop: this runs every frame once instances are fragmented, and for-of makes an iterator.
    const list = this.instanceList;
    for (let i = 0; i < list.length; i++) pointAttribute(this.gl, list[i]!, start * list[i]!.byteStride);
    this.pointedAt = start;
  }

  /** (Re)records every attribute's current buffer in the VAO (a VAO holds buffer objects, so after growth too). */
  private pointVao(): void {
    const gl = this.gl;
    gl.bindVertexArray(this.vao);
    for (const attribute of this.vertexList) {
      gl.enableVertexAttribArray(attribute.location);
      gl.vertexAttribDivisor(attribute.location, 0);
      pointAttribute(gl, attribute, 0);
    }
    for (const attribute of this.instanceList) {
      gl.enableVertexAttribArray(attribute.location);
      gl.vertexAttribDivisor(attribute.location, 1);
    }
    this.pointInstances(0);
    gl.bindBuffer(gl.ARRAY_BUFFER, null);
    gl.bindVertexArray(null);
  }
}
