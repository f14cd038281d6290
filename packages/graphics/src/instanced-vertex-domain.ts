/**
 * InstancedVertexDomain (DESIGN.md, "Domains"): one shared mesh drawn many times,
 * with per-instance attributes (vertexAttribDivisor 1). One VAO; one GLBuffer per
 * attribute (not interleaved, as in VertexDomain, so one attribute of one
 * instance can be rewritten alone); an Allocator whose units are instances.
 *
 * The mesh is set explicitly with `setMesh(vertexCount, data)` rather than taken
 * from the first allocation: every instance shares it, so it belongs to the
 * domain, and it can be replaced without touching any instance.
 *
 * Freed instance slots are never drawn: `draw` walks only the allocator's
 * allocated regions. WebGL2 has no baseInstance, so drawArraysInstanced always
 * starts at instance 0 of the attribute pointers. For a region starting at slot s
 * we re-point each per-instance attribute at byte offset s × byteStride before
 * drawing it (cheap: a few vertexAttribPointer calls per region, no data moved).
 * Compacting instead would move data on every delete and invalidate slots held by
 * handles. The VAO remembers the last offset, so a single region starting at 0
 * (the common case) costs no re-pointing at all.
 *
 * Growth that fails (GrowthError, as in VertexDomain): option `maxCapacity`
 * (instances; default Infinity) caps the instance buffers, and an addInstance
 * past it throws GrowthError('maxCapacity') before anything is touched. A GL
 * refusal part-way through the instance buffers keeps the ones already grown, so
 * the VAO is re-pointed and `version` changes in a `finally`; the allocator keeps
 * its old capacity. `setMesh` grows the mesh buffers first (copying the old mesh,
 * so a refusal of the second leaves the old mesh drawing) and writes only after.
 *
 * GL state: leaves the VAO bound to null, and ARRAY_BUFFER too whenever it bound
 * one (re-pointing). `draw` does not pick the program: that is the caller's
 * (group's) state, as in VertexDomain.
 */
import { Allocator, AllocatorMemoryError, type AllocationPolicy } from '@webglet/allocator';
import { AttributeWriter } from './attribute-writer.ts';
import { GraphicsArgumentError, GrowthError } from './errors.ts';
import type { ListOwner } from './list-owner.ts';
import { commitBuffers, GLBuffer, type CommitFigures } from './gl-buffer.ts';
import type { ShaderProgram } from './shader-program.ts';
import { attributeComponents, parseFormat, vertexLayout, type VertexArray } from './vertex-format.ts';
import type { Domain, DomainAttribute, DomainStats } from './domain.ts';
import { checkMaxCapacity, DEFAULT_POLICY, domainGrowthError, RegionArrays } from './vertex-domain.ts';

export interface InstancedDomainOptions {
  /** The most instances the domain may grow to (default Infinity); past it, addInstance throws GrowthError('maxCapacity'). */
  maxCapacity?: number;
  /** The allocator's policy (default DEFAULT_POLICY). */
  policy?: AllocationPolicy;
}

/** A bad argument, a format that does not match the program, or a use after delete. */
export class InstancedVertexDomainError extends GraphicsArgumentError {}

type Values = Readonly<Record<string, ArrayLike<number>>>;

const isNumbers = (data: unknown): data is ArrayLike<number> => Array.isArray(data) || ArrayBuffer.isView(data);

/** One instance: a slot in the instance buffers. Using it after `delete()` throws. */
export class InstanceHandle {
  /** @internal The batch's set of this instance's group's instances in its domain; left when deleted. */
  membership: Set<object> | null = null;
  /** Told when the instance moves to another domain or is deleted (see ListOwner); null: nobody. */
  owner: ListOwner | null = null;
  private deleted = false;
  private home: InstancedVertexDomain;
  private at: number;

  constructor(domain: InstancedVertexDomain, slot: number) {
    this.home = domain;
    this.at = slot;
  }

  /** The domain holding the instance; a batch may move it (see `owner`). */
  get domain(): InstancedVertexDomain {
    return this.home;
  }

  /** The instance's slot in its domain's instance buffers. */
  get slot(): number {
    return this.at;
  }

  get isDeleted(): boolean {
    return this.deleted;
  }

  /** Rewrites one per-instance attribute (exactly `components` values). */
  setAttribute(name: string, data: ArrayLike<number>): void {
    this.checkLive('setAttribute');
    this.domain.writeInstance(this.domain.writer(name, 'InstanceHandle.setAttribute'), this.slot, data);
  }

  /**
   * Marks this instance's bytes of `name` for upload, after writing them through
   * `domain.instanceArray(name)` at element `slot × elementStride` — the
   * allocation-free way to update many instances every frame.
   */
  markDirty(name: string): void {
    this.checkLive('markDirty');
    this.domain.writer(name, 'InstanceHandle.markDirty').mark(this.slot);
  }

  /**
   * Writes `name`'s first components (up to four: v0 … v3) in place and marks only
   * this instance's bytes: the allocation-free way to update instances every frame.
   */
  set(name: string, v0: number, v1 = 0, v2 = 0, v3 = 0): void {
    this.checkLive('set');
    const writer = this.domain.writer(name, 'InstanceHandle.set');
    const array = writer.array;
    const components = writer.attribute.components;
    const i = this.slot * writer.elementStride;
    array[i] = v0;
    if (components > 1) array[i + 1] = v1;
    if (components > 2) array[i + 2] = v2;
    if (components > 3) array[i + 3] = v3;
    writer.mark(this.slot);
  }

  /** The attribute's values as the shadow holds them (what the GPU holds after `commit`). */
  get(name: string): number[] {
    this.checkLive('get');
    const { buffer, byteStride, format, components } = this.domain.instanceAttribute('InstanceHandle.get', name);
    // Read through `buffer.bytes` each time: growth replaces the shadow.
    const view = new format.arrayType(buffer.bytes.buffer, this.slot * byteStride, components);
    return [...view];
  }

  /** Draws this one instance with the current program; returns the draw calls issued. */
  draw(mode: GLenum): number {
    this.checkLive('draw');
    return this.home.drawRange(mode, this.at, 1);
  }

  /** Frees the slot; it is no longer drawn. */
  delete(): void {
    this.checkLive('delete');
    this.domain.freeSlot(this.slot);
    this.membership?.delete(this);
    this.deleted = true;
    this.owner?.listLost();
  }

  /**
   * @internal For Batch: moves the instance into `domain` (same mesh and formats), its bytes copied
   * in the shadow; the old slot is freed. A GrowthError in `domain` changes nothing.
   */
  relocate(domain: InstancedVertexDomain): void {
    this.checkLive('relocate');
    const slot = domain.copyInstance(this.home, this.at);
    this.home.freeSlot(this.at);
    this.home = domain;
    this.at = slot;
    this.owner?.listMoved();
  }

  private checkLive(method: string): void {
    if (this.deleted) throw new InstancedVertexDomainError('this', 'deleted', `InstanceHandle.${method}: the instance was deleted`);
  }
}

export class InstancedVertexDomain implements Domain {
  readonly vertexAttributes: ReadonlyMap<string, DomainAttribute>;
  readonly instanceAttributes: ReadonlyMap<string, DomainAttribute>;
  readonly allocator: Allocator;
  /** Vertices in the shared mesh; nothing draws while it is 0. */
  meshVertexCount = 0;
  growths = 0;
  /** The most instances the domain grows to; Infinity when not capped. */
  readonly maxCapacity: number;
  /** Changes whenever the instance shadows are replaced (growth): arrays from instanceArray() and writers' arrays are stale then. */
  version = 0;
  /** Sum over all buffers for the last `commit()`; one object, updated in place. */
  readonly lastCommit: CommitFigures = { bytesUploaded: 0, uploadCalls: 0 };
  private readonly gl: WebGL2RenderingContext;
  private readonly vertexList: DomainAttribute[];
  private readonly instanceList: DomainAttribute[];
  /** Both lists, for loops over every buffer. */
  private readonly allAttributes: DomainAttribute[];
  /** One writer per per-instance attribute, in instanceList's order and by name. */
  private readonly writerList: AttributeWriter[];
  private readonly writers: ReadonlyMap<string, AttributeWriter>;
  /** Run first in each commit (beforeCommit). */
  private readonly commitHooks: (() => void)[] = [];
  private vao: WebGLVertexArrayObject;
  /** The allocated instance regions as Int32Arrays (see RegionArrays). */
  private readonly regionArrays = new RegionArrays(1);
  /** The instance slot the per-instance pointers currently start at (see the header). */
  private pointedAt = 0;
  private deleted = false;

  constructor(gl: WebGL2RenderingContext, program: ShaderProgram, vertexFormats: Record<string, string>,
    instanceFormats: Record<string, string>, initialInstances = 64, options: InstancedDomainOptions = {}) {
    if (!Number.isInteger(initialInstances) || initialInstances < 0) {
      throw new InstancedVertexDomainError('initialInstances', initialInstances, `InstancedVertexDomain: initialInstances must be a whole number ≥ 0, got ${String(initialInstances)}`);
    }
    // Check everything before creating any GL object, so a bad format leaks nothing.
    for (const name of [...Object.keys(vertexFormats), ...Object.keys(instanceFormats)]) {
      if (!program.attributes.has(name)) {
        throw new InstancedVertexDomainError('formats', name, `InstancedVertexDomain: format given for attribute ${JSON.stringify(name)}, which the program does not declare`);
      }
      if (name in vertexFormats && name in instanceFormats) {
        throw new InstancedVertexDomainError('formats', name, `InstancedVertexDomain: attribute ${JSON.stringify(name)} is both per-vertex and per-instance`);
      }
    }
    const layouts = [...program.attributes.values()].map((info) => {
      const perInstance = info.name in instanceFormats;
      const formatString = perInstance ? instanceFormats[info.name] : vertexFormats[info.name];
      if (formatString === undefined) {
        throw new InstancedVertexDomainError('formats', info.name, `InstancedVertexDomain: the program's attribute ${JSON.stringify(info.name)} has no format`);
      }
      const format = parseFormat(formatString);
      return { info, format, perInstance, layout: vertexLayout(format, attributeComponents(info.name, info.type, format)) };
    });
    try {
      this.maxCapacity = checkMaxCapacity('InstancedVertexDomain', 'maxCapacity', options.maxCapacity, initialInstances, 'instances');
    } catch (error) {
      const { argument, value, message } = error as GraphicsArgumentError;
      throw new InstancedVertexDomainError(argument, value, message);
    }
    this.gl = gl;
    this.allocator = new Allocator(initialInstances, { policy: options.policy ?? DEFAULT_POLICY });
    const all = layouts.map(({ info, format, perInstance, layout }) => ({
      perInstance,
      attribute: {
        name: info.name, format, components: layout.components, byteStride: layout.byteStride,
        elementStride: layout.byteStride / format.bytesPerComponent, location: info.location,
        buffer: new GLBuffer(gl, 'vertex', (perInstance ? initialInstances : 0) * layout.byteStride),
      },
    }));
    this.vertexList = all.filter((a) => !a.perInstance).map((a) => a.attribute);
    this.instanceList = all.filter((a) => a.perInstance).map((a) => a.attribute);
    this.allAttributes = [...this.vertexList, ...this.instanceList];
    this.vertexAttributes = new Map(this.vertexList.map((a) => [a.name, a]));
    this.instanceAttributes = new Map(this.instanceList.map((a) => [a.name, a]));
    this.writerList = this.instanceList.map((a) => new AttributeWriter(this, a));
    this.writers = new Map(this.writerList.map((w) => [w.attribute.name, w]));
    this.vao = gl.createVertexArray();
    this.pointVao();
  }

  get isDeleted(): boolean { return this.deleted; }

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
    if (!Number.isInteger(vertexCount) || vertexCount < 0) {
      throw new InstancedVertexDomainError('vertexCount', vertexCount, `InstancedVertexDomain.setMesh: vertexCount must be a whole number ≥ 0, got ${String(vertexCount)}`);
    }
    // Validate all before writing any, so a bad attribute leaves the old mesh whole.
    this.checkValues('InstancedVertexDomain.setMesh', data, this.vertexAttributes, this.vertexList, vertexCount);
    // Grow every buffer that is too small before writing any, keeping the old mesh
    // (copied on the GPU), so a refused growth leaves the old mesh whole and drawing.
    let regrown = false;
    try {
      for (const { name, buffer, byteStride } of this.vertexList) {
        if (vertexCount * byteStride <= buffer.byteCapacity) continue;
        try {
          buffer.grow(vertexCount * byteStride, this.meshVertexCount * byteStride);
        } catch (error) {
          throw domainGrowthError(error, vertexCount, `InstancedVertexDomain.setMesh: growing mesh attribute ${JSON.stringify(name)} to ${vertexCount} vertices failed; the old mesh stays`);
        }
        regrown = true;
      }
    } finally {
      if (regrown) this.pointVao();
    }
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
  copyInstance(from: InstancedVertexDomain, slot: number): number {
    this.checkLive('copyInstance');
    const to = this.allocSlot();
    for (let i = 0; i < this.writerList.length; i++) {
      const writer = this.writerList[i]!;
      const source = from.instanceList[i]!;
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
    if (typeof hook !== 'function') {
      throw new InstancedVertexDomainError('hook', hook, `InstancedVertexDomain.beforeCommit: hook must be a function, got ${String(hook)}`);
    }
    this.commitHooks.push(hook);
  }

  /** One instance slot, growing the domain when full. */
  private allocSlot(): number {
    try {
      return this.allocator.alloc(1);
    } catch (error) {
      if (!(error instanceof AllocatorMemoryError)) throw error;
      this.grow(error.requestedCapacity);
      return this.allocator.alloc(1); // the allocator guarantees the retry fits
    }
  }

  /** Runs the beforeCommit hooks, then uploads every buffer's dirty ranges; returns the summed figures (`lastCommit`). */
  commit(): CommitFigures {
    this.checkLive('commit');
    for (let i = 0; i < this.commitHooks.length; i++) this.commitHooks[i]!();
    for (let i = 0; i < this.writerList.length; i++) this.writerList[i]!.flush();
    return commitBuffers(this.allAttributes, this.lastCommit);
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
    this.checkLive(method);
    const writer = this.writers.get(name);
    if (writer === undefined) throw this.unknownAttribute(method, name);
    return writer;
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
    return new InstancedVertexDomainError('name', name, `${method}: no per-instance attribute ${JSON.stringify(name)} (there are ${[...this.instanceAttributes.keys()].join(', ')})`);
  }

  /** For InstanceHandle: checks then writes one instance's values. */
  writeInstance(writer: AttributeWriter, slot: number, data: ArrayLike<number>): void {
    this.checkLength('InstanceHandle.setAttribute', writer.attribute, data, 1);
    this.put(writer, slot, data);
  }

  /** For InstanceHandle.delete. */
  freeSlot(slot: number): void {
    this.checkLive('InstanceHandle.delete');
    this.allocator.dealloc(slot, 1);
  }

  /** `method` is the full name ('InstancedVertexDomain.addInstance'): no string is built unless something is wrong. */
  private checkValues(method: string, values: Values, attributes: ReadonlyMap<string, DomainAttribute>, list: readonly DomainAttribute[], count: number): void {
    // for-in and an array, not Object.keys and Map iterators: nothing allocated per instance added.
    for (const name in values) {
      if (!attributes.has(name)) {
        throw new InstancedVertexDomainError('name', name, `${method}: unknown attribute ${JSON.stringify(name)} (expected ${[...attributes.keys()].join(', ')})`);
      }
    }
    for (let i = 0; i < list.length; i++) this.checkLength(method, list[i]!, values[list[i]!.name], count);
  }

  private checkLength(method: string, attribute: { readonly name: string; readonly components: number }, data: unknown, count: number): void {
    const expected = count * attribute.components;
    if (!isNumbers(data) || data.length !== expected) {
      const got = isNumbers(data) ? `${data.length} values` : String(data);
      throw new InstancedVertexDomainError(attribute.name, data, `${method}: attribute ${JSON.stringify(attribute.name)} needs ${expected} values, got ${got}`);
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

  /**
   * Grows every instance buffer on the GPU (keeping the used prefix, at most
   * maxCapacity instances unless more are needed) and re-points the VAO. Throws
   * GrowthError as the file comment says; the capacity changes only when all grew.
   */
  private grow(instances: number): void {
    const used = this.allocator.capacity;
    if (instances > this.maxCapacity) {
      throw new GrowthError('maxCapacity', instances, this.maxCapacity, null,
        `InstancedVertexDomain: cannot grow to ${instances} instances: past its maxCapacity of ${this.maxCapacity} (capacity ${used})`);
    }
    let capacity = Infinity;
    let replaced = false;
    try {
      for (let i = 0; i < this.instanceList.length; i++) {
        const { name, buffer, byteStride } = this.instanceList[i]!;
        // A buffer grown by an earlier, failed growth may already hold enough.
        if (buffer.byteCapacity < instances * byteStride) {
          try {
            buffer.grow(instances * byteStride, used * byteStride, this.maxCapacity * byteStride);
          } catch (error) {
            throw domainGrowthError(error, instances,
              `InstancedVertexDomain: growing instance attribute ${JSON.stringify(name)} (buffer ${i + 1} of ${this.instanceList.length}) from ${used} to ${instances} instances failed; capacity stays ${used}`);
          }
          replaced = true;
        }
        // Byte capacities are powers of two; strides like 12 do not divide them evenly.
        capacity = Math.min(capacity, Math.floor(buffer.byteCapacity / byteStride));
      }
      this.allocator.setCapacity(capacity === Infinity ? instances : capacity);
      this.growths++;
    } finally {
      // Even after a failure part-way: buffers already grown have new WebGLBuffers and shadows.
      if (replaced) {
        this.pointVao();
        this.version++;
      }
    }
  }

  private checkLive(method: string): void {
    if (this.deleted) throw new InstancedVertexDomainError('this', 'deleted', `InstancedVertexDomain.${method}: the domain was deleted`);
  }

  private pointer(attribute: DomainAttribute, byteOffset: number): void {
    const { location, buffer, format, components, byteStride } = attribute;
    this.gl.bindBuffer(this.gl.ARRAY_BUFFER, buffer.buffer);
    if (format.integer) this.gl.vertexAttribIPointer(location, components, format.glType, byteStride, byteOffset);
    else this.gl.vertexAttribPointer(location, components, format.glType, format.normalized, byteStride, byteOffset);
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
    // An index loop, not for-of: this runs every frame once instances are fragmented, and for-of makes an iterator outside V8's optimizing tier.
    const list = this.instanceList;
    for (let i = 0; i < list.length; i++) this.pointer(list[i]!, start * list[i]!.byteStride);
    this.pointedAt = start;
  }

  /** (Re)records every attribute's current buffer in the VAO (a VAO holds buffer objects, so after growth too). */
  private pointVao(): void {
    const gl = this.gl;
    gl.bindVertexArray(this.vao);
    for (const attribute of this.vertexList) {
      gl.enableVertexAttribArray(attribute.location);
      gl.vertexAttribDivisor(attribute.location, 0);
      this.pointer(attribute, 0);
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
