/**
 * The domain bookkeeping of a Batch (see batch.ts): domain keys, the entries
 * (a domain and the groups whose vertices it holds), finding or making the
 * domain for add / addIndexed / addInstanced / migrate, and what each domain
 * was made for. The Batch owns one BatchDomains; it keeps the draw list,
 * group listeners and stats.
 *
 * A key is `${group.key}|${suffix}`; the suffix names the program, the sorted
 * formats and the mode, with 'indexed|' for indexed domains and
 * 'instanced|mesh<id>|' for instanced ones (the mesh object's identity).
 *
 * Instanced: every instance added with the same mesh object, group, program,
 * formats and mode shares one InstancedVertexDomain (one drawArraysInstanced
 * per run of live instances), and two different mesh objects never share a
 * domain, even with equal data. The mesh is uploaded when its domain is made:
 * build it once and reuse it; changing the object later does not change what
 * is drawn (`handle.domain.setMesh` does). The mesh and the instance formats
 * are read once per object (kept in WeakMaps), and the last add's key is kept:
 * adding an instance like the last one builds no string and no object.
 */
import type { AllocationPolicy } from '@webglet/allocator';
import { GraphicsArgumentError } from './errors.ts';
import { identityId, type Group } from './group.ts';
import { IndexedVertexDomain } from './indexed-vertex-domain.ts';
import { InstancedVertexDomain, type InstanceHandle } from './instanced-vertex-domain.ts';
import { checkLocalIndices, IndexedVertexList } from './indexed-vertex-list.ts';
import type { ShaderProgram } from './shader-program.ts';
import { VertexDomain } from './vertex-domain.ts';
import type { VertexList } from './vertex-list.ts';

/** A bad argument to a Batch; the batch is unchanged when it is thrown. */
export class BatchError extends GraphicsArgumentError {}

/** Attribute name → [format, initial data]; data has count × components values. */
export type BatchAttributes = Record<string, readonly [format: string, data?: ArrayLike<number>]>;

/**
 * The shared mesh of `addInstanced`: `count` vertices and, for every per-vertex
 * attribute, [format, data] with count × components values. Its identity keys the domain.
 */
export interface InstancedMesh {
  readonly count: number;
  readonly attributes: Readonly<Record<string, readonly [format: string, data: ArrayLike<number>]>>;
}

export type AnyDomain = VertexDomain | IndexedVertexDomain;
export type EntryDomain = AnyDomain | InstancedVertexDomain;
/** A domain and the groups whose vertices it holds (equal keys, so equal state). */
export interface DomainEntry { suffix: string; domain: EntryDomain; mode: GLenum; program: ShaderProgram; groups: Group[] }
export const vertexSide = (domain: AnyDomain): VertexDomain => (domain instanceof VertexDomain ? domain : domain.vertices);
/** The entry's key now: its group's key may have changed with its order. */
export const entryKey = (entry: DomainEntry): string => `${entry.groups[0]!.key}|${entry.suffix}`;

export interface BatchDomainStats { key: string; capacity: number; usage: number; fragmentation: number }

/**
 * What the batch passes to every domain it makes. `maxCapacity` caps vertices in
 * list domains and instances in instanced ones, `maxIndexCapacity` indices in
 * indexed ones (Infinity: no cap); a new domain starts at min(64, its cap).
 */
export interface DomainOptions {
  multiDraw: WEBGL_multi_draw | null; debug: boolean; maxCapacity: number; maxIndexCapacity: number; policy: AllocationPolicy;
}

const INITIAL_CAPACITY = 64;

/**
 * What a batch made each of its domains for, so `migrate` can find the matching
 * domain in any batch from a list alone. Weak: deleted domains go with their lists.
 */
interface DomainInfo { gl: WebGL2RenderingContext; program: ShaderProgram; formats: Record<string, string>; mode: GLenum; suffix: string }
const domainInfo = new WeakMap<AnyDomain, DomainInfo>();

/** The mesh's formats and data, and its formats' signature, read once per mesh object (after checking it). */
interface MeshParts { formats: Record<string, string>; data: Record<string, ArrayLike<number>>; signature: string }
const meshParts = new WeakMap<InstancedMesh, MeshParts>();
/** Instance formats' signatures, read once per formats object (after checking it). */
const formatSignatures = new WeakMap<Record<string, string>, string>();

/** What the last addInstance keyed, and its key. */
interface InstancedKey { groupKey: string; mesh: InstancedMesh; program: ShaderProgram; formats: Record<string, string>; mode: GLenum; suffix: string; key: string }

/** Sorted, so the same formats given in another order find the same domain. */
const signature = (formats: Record<string, string>): string =>
  Object.keys(formats).sort().map((name) => `${name}=${formats[name]}`).join(',');

/**
 * The entries of one batch and their keys. `stale` (the batch's dirty flag)
 * says orders may have changed keys since the last re-key.
 */
export class BatchDomains {
  readonly entries: DomainEntry[] = [];
  private lastInstanced: InstancedKey | null = null;
  private readonly entriesByKey = new Map<string, DomainEntry>();
  private readonly gl: WebGL2RenderingContext;

  constructor(gl: WebGL2RenderingContext) {
    this.gl = gl;
  }

  /** The entry for `key`, re-keying first if orders may have changed keys since the last rebuild. */
  find(key: string, stale: boolean): DomainEntry | undefined {
    if (stale) this.rekey();
    return this.entriesByKey.get(key);
  }

  /** Orders may have changed keys since the domains were made: re-key so later adds find them. */
  rekey(): void {
    this.entriesByKey.clear();
    for (const entry of this.entries) {
      const key = entryKey(entry);
      if (!this.entriesByKey.has(key)) this.entriesByKey.set(key, entry);
    }
  }

  /** Forgets every entry (the caller deletes the domains). */
  clear(): void {
    this.entries.length = 0;
    this.entriesByKey.clear();
  }

  /**
   * The list for add / addIndexed (`indices` null for a non-indexed list) in the
   * domain for its key, made if needed; `created` says a new entry was added.
   * Arguments before the attributes are checked by the caller.
   */
  addList(
    method: string, count: number, mode: GLenum, group: Group, program: ShaderProgram, attributes: BatchAttributes,
    indices: ArrayLike<number> | null, options: DomainOptions, stale: boolean,
  ): { list: VertexList | IndexedVertexList; entry: DomainEntry; created: boolean } {
    const formats: Record<string, string> = {};
    for (const [name, spec] of Object.entries(attributes)) {
      if (!Array.isArray(spec) || typeof spec[0] !== 'string') {
        throw new BatchError('attributes', spec, `${method}: attribute ${JSON.stringify(name)} must be [format, data?], got ${String(spec)}`);
      }
      formats[name] = spec[0];
    }
    const suffix = `${indices === null ? '' : 'indexed|'}program${identityId(program)}|${signature(formats)}|mode${mode}`;
    const key = `${group.key}|${suffix}`;
    const entry = this.find(key, stale);
    // A new domain checks the formats against the program (VertexDomainError); it is kept only if all goes well.
    let list: VertexList | IndexedVertexList;
    // The key has no 'instanced|', so a found entry holds a list domain.
    const domain = (entry?.domain as AnyDomain | undefined) ?? this.newListDomain(indices !== null, program, formats, options);
    try {
      for (const [name, [, data]] of Object.entries(attributes)) {
        const expected = count * vertexSide(domain).attribute(method, name).components;
        if (data !== undefined && (data === null || typeof data !== 'object' || data.length !== expected)) {
          throw new BatchError('attributes', data, `${method}: attribute ${JSON.stringify(name)} needs ${expected} values (${count} vertices), got ${String((data as ArrayLike<number> | null)?.length)}`);
        }
      }
      if (indices !== null) checkLocalIndices(method, indices, count);
      // Inside the try: a GrowthError (past maxCapacity, or refused by the GL) must not leave a new, empty domain behind.
      list = domain instanceof VertexDomain ? domain.alloc(count) : domain.alloc(count, indices!);
    } catch (error) {
      if (entry === undefined) domain.delete();
      throw error;
    }
    for (const [name, [, data]] of Object.entries(attributes)) if (data !== undefined) list.setAttribute(name, data);
    if (entry !== undefined) return { list, entry, created: false };
    domainInfo.set(domain, { gl: this.gl, program, formats, mode, suffix });
    return { list, entry: this.addEntry(key, { suffix, domain, mode, program, groups: [] }), created: true };
  }

  /**
   * A new instance of `mesh` in the instanced domain for its key, made if needed
   * (see batch.ts: the mesh object's identity picks the domain). Mode, group and
   * the shapes of mesh and instanceFormats are checked by the caller.
   */
  addInstance(
    method: string, mode: GLenum, group: Group, program: ShaderProgram, mesh: InstancedMesh,
    instanceFormats: Record<string, string>, values: Readonly<Record<string, ArrayLike<number>>>, stale: boolean,
    options: DomainOptions,
  ): { handle: InstanceHandle; entry: DomainEntry; created: boolean } {
    const { key, suffix } = this.instancedKey(method, mode, group, program, mesh, instanceFormats);
    const entry = this.find(key, stale);
    // A new domain checks the formats against the program; it is kept only if the mesh and values are good.
    const parts = meshParts.get(mesh)!;
    const domain = (entry?.domain as InstancedVertexDomain | undefined)
      ?? new InstancedVertexDomain(this.gl, program, parts.formats, instanceFormats, Math.min(INITIAL_CAPACITY, options.maxCapacity),
        { maxCapacity: options.maxCapacity, policy: options.policy });
    let handle: InstanceHandle;
    try {
      if (entry === undefined) domain.setMesh(mesh.count, parts.data);
      handle = domain.addInstance(values);
    } catch (error) {
      if (entry === undefined) domain.delete();
      throw error;
    }
    if (entry !== undefined) return { handle, entry, created: false };
    return { handle, entry: this.addEntry(key, { suffix, domain, mode, program, groups: [] }), created: true };
  }

  /** The key of an instanced domain; the last one is kept, as instances come in runs of one kind. */
  private instancedKey(
    method: string, mode: GLenum, group: Group, program: ShaderProgram, mesh: InstancedMesh, formats: Record<string, string>,
  ): InstancedKey {
    const groupKey = group.key;
    const last = this.lastInstanced;
    if (last !== null && last.groupKey === groupKey && last.mesh === mesh && last.program === program && last.formats === formats && last.mode === mode) {
      return last;
    }
    let parts = meshParts.get(mesh);
    if (parts === undefined) {
      const partsFormats: Record<string, string> = {};
      const data: Record<string, ArrayLike<number>> = {};
      for (const [name, spec] of Object.entries(mesh.attributes)) {
        if (!Array.isArray(spec) || typeof spec[0] !== 'string') {
          throw new BatchError('mesh', spec, `${method}: mesh attribute ${JSON.stringify(name)} must be [format, data], got ${String(spec)}`);
        }
        partsFormats[name] = spec[0];
        data[name] = spec[1];
      }
      meshParts.set(mesh, parts = { formats: partsFormats, data, signature: signature(partsFormats) });
    }
    let formatsSignature = formatSignatures.get(formats);
    if (formatsSignature === undefined) {
      for (const [name, format] of Object.entries(formats)) {
        if (typeof format !== 'string') {
          throw new BatchError('instanceFormats', format, `${method}: instance format of ${JSON.stringify(name)} must be a string, got ${String(format)}`);
        }
      }
      formatSignatures.set(formats, formatsSignature = signature(formats));
    }
    const suffix = `instanced|mesh${identityId(mesh)}|program${identityId(program)}|${parts.signature}|${formatsSignature}|mode${mode}`;
    return this.lastInstanced = { groupKey, mesh, program, formats, mode, suffix, key: `${groupKey}|${suffix}` };
  }

  /**
   * migrate's target: the entry in this batch for `group` and the live `list`'s
   * program, formats and mode, made if needed. Throws BatchError, changing
   * nothing, for a list not made by a batch on this context.
   */
  migrateTarget(
    method: string, list: VertexList | IndexedVertexList, group: Group, options: DomainOptions, stale: boolean,
  ): { entry: DomainEntry; created: boolean } {
    const info = domainInfo.get(list.domain);
    if (info === undefined) throw new BatchError('list', list, `${method}: the list was not made by a Batch`);
    if (info.gl !== this.gl) throw new BatchError('list', list, `${method}: the list belongs to another WebGL context`);
    const key = `${group.key}|${info.suffix}`;
    const entry = this.find(key, stale);
    if (entry !== undefined) return { entry, created: false };
    const domain = this.newListDomain(list instanceof IndexedVertexList, info.program, info.formats, options);
    domainInfo.set(domain, info);
    return { entry: this.addEntry(key, { suffix: info.suffix, domain, mode: info.mode, program: info.program, groups: [] }), created: true };
  }

  /** Forgets `entry` and deletes its domain (one just made for a migrate that failed). */
  remove(entry: DomainEntry): void {
    const index = this.entries.indexOf(entry);
    if (index !== -1) this.entries.splice(index, 1);
    for (const [key, value] of this.entriesByKey) if (value === entry) this.entriesByKey.delete(key);
    if (!entry.domain.isDeleted) entry.domain.delete();
  }

  /** GPU bytes held by every domain's buffers. */
  bufferBytes(): number {
    let bufferBytes = 0;
    for (const { domain } of this.entries) {
      if (domain instanceof InstancedVertexDomain) {
        for (const attribute of domain.vertexAttributes.values()) bufferBytes += attribute.buffer.byteCapacity;
        for (const attribute of domain.instanceAttributes.values()) bufferBytes += attribute.buffer.byteCapacity;
        continue;
      }
      for (const attribute of domain.attributes.values()) bufferBytes += attribute.buffer.byteCapacity;
      if (domain instanceof IndexedVertexDomain) bufferBytes += domain.indexBuffer.byteCapacity;
    }
    return bufferBytes;
  }

  /** Growths of every domain since it was made. */
  totalGrowths(): number {
    let growths = 0;
    for (let i = 0; i < this.entries.length; i++) {
      const domain = this.entries[i]!.domain;
      growths += domain instanceof VertexDomain || domain instanceof InstancedVertexDomain
        ? domain.growths : domain.vertices.growths + domain.indexGrowths;
    }
    return growths;
  }

  stats(): BatchDomainStats[] {
    // Indexed domains report their vertex side (capacity in vertices), like the others;
    // instanced domains their instances (capacity in instances).
    return this.entries.map((entry) => {
      const { allocator } = entry.domain instanceof InstancedVertexDomain ? entry.domain : vertexSide(entry.domain);
      return { key: entryKey(entry), capacity: entry.domain.capacity, usage: allocator.getUsage(), fragmentation: allocator.getFragmentation() };
    });
  }

  /** A new list domain, its initial capacities within the caps. */
  private newListDomain(indexed: boolean, program: ShaderProgram, formats: Record<string, string>, options: DomainOptions): AnyDomain {
    const vertices = Math.min(INITIAL_CAPACITY, options.maxCapacity);
    return indexed
      ? new IndexedVertexDomain(this.gl, program, formats, vertices, Math.min(INITIAL_CAPACITY, options.maxIndexCapacity), options)
      : new VertexDomain(this.gl, program, formats, vertices, options);
  }

  private addEntry(key: string, entry: DomainEntry): DomainEntry {
    this.entries.push(entry);
    this.entriesByKey.set(key, entry);
    return entry;
  }
}
