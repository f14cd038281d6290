/**
 * The domain bookkeeping of a Batch (see batch.ts): its entries (a domain and
 * the lists of each group in it), their keys, finding or making the domain
 * for add / addIndexed / addInstanced / migrate, and `settle`, which moves the
 * lists of a group that is no longer equal to the others in its domain.
 *
 * Invariants, after `settle` and between adds:
 * - an entry's key is `${shown}|${group key}|${suffix}` of every group in it:
 *   the groups of one entry are equal and all shown, or all hidden;
 * - `members` holds exactly the live lists (or instances) of each group in the
 *   entry's domain; a list leaves its set when deleted.
 * The suffix names the program, the sorted formats and the mode, with
 * 'indexed|' for indexed domains and 'instanced|mesh<id>|' for instanced ones.
 *
 * Over 400 lines: the key of a list and `settle` must agree on one rule, so
 * they stay in one module.
 */
import type { AllocationPolicy } from '@webglet/allocator';
import { GraphicsArgumentError, GrowthError } from './errors.ts';
import { identityId, isShown, type Group } from './group.ts';
import type { Domain } from './domain.ts';
import { IndexedVertexDomain } from './indexed-vertex-domain.ts';
import { InstanceHandle } from './instance-handle.ts';
import { InstancedVertexDomain } from './instanced-vertex-domain.ts';
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

/** A domain of lists (add / addIndexed), as the batch makes them. */
type ListDomain = VertexDomain | IndexedVertexDomain;
/** What a batch holds in its domains: a list, an indexed list or an instance. */
export type Member = VertexList | IndexedVertexList | InstanceHandle;

/** A domain and the lists of each group in it (see the invariants above). */
export interface DomainEntry {
  readonly suffix: string;
  readonly domain: Domain;
  readonly mode: GLenum;
  readonly program: ShaderProgram;
  readonly members: Map<Group, Set<Member>>;
  /** A new, empty domain made like this one: where lists go when their group leaves this entry's key. */
  readonly makeDomain: () => Domain;
  /** The key of its groups as of the last settle (or its making). */
  key: string;
}

/** The key of the entry that holds `group`'s lists of this `suffix`: hidden groups never share with shown ones. */
export const memberKey = (group: Group, suffix: string): string => `${isShown(group) ? 1 : 0}|${group.key}|${suffix}`;

/** One domain of a batch: the key of its groups' value and lists (`${group.key}|…`), whether they are shown, and its allocator's figures. */
export interface BatchDomainStats {
  key: string;
  shown: boolean;
  capacity: number;
  usage: number;
  fragmentation: number;
}

/**
 * What the batch passes to every domain it makes. `maxCapacity` caps vertices in
 * list domains and instances in instanced ones, `maxIndexCapacity` indices in
 * indexed ones (Infinity: no cap); a new domain starts at min(64, its cap).
 */
export interface DomainOptions {
  multiDraw: WEBGL_multi_draw | null;
  debug: boolean;
  maxCapacity: number;
  maxIndexCapacity: number;
  policy: AllocationPolicy;
}

const INITIAL_CAPACITY = 64;

/**
 * What a batch made each of its list domains for, so `migrate` can find the matching
 * domain in any batch from a list alone. Weak: deleted domains go with their lists.
 */
interface DomainInfo {
  gl: WebGL2RenderingContext;
  program: ShaderProgram;
  formats: Record<string, string>;
  mode: GLenum;
  suffix: string;
}
const domainInfo = new WeakMap<Domain, DomainInfo>();

/** The mesh's formats and data, and its formats' signature, read once per mesh object (after checking it). */
interface MeshParts {
  formats: Record<string, string>;
  data: Record<string, ArrayLike<number>>;
  signature: string;
}
const meshParts = new WeakMap<InstancedMesh, MeshParts>();
/** Instance formats' signatures, read once per formats object (after checking it). */
const formatSignatures = new WeakMap<Record<string, string>, string>();

/** What the last addList keyed, and its key. */
interface ListKey {
  groupKey: string;
  shown: boolean;
  program: ShaderProgram;
  mode: GLenum;
  indexed: boolean;
  attributes: BatchAttributes;
  names: string[];
  info: DomainInfo;
  suffix: string;
  key: string;
}

/** Whether `attributes` holds exactly `count` attributes with these formats (no allocation). */
function sameFormats(attributes: BatchAttributes, formats: Record<string, string>, count: number): boolean {
  let seen = 0;
  for (const name in attributes) {
    const spec = attributes[name];
    if (!Array.isArray(spec) || spec[0] !== formats[name]) return false;
    seen++;
  }
  return seen === count;
}

/** What the last addInstance keyed, and its key. */
interface InstancedKey {
  groupKey: string;
  shown: boolean;
  mesh: InstancedMesh;
  program: ShaderProgram;
  formats: Record<string, string>;
  mode: GLenum;
  suffix: string;
  key: string;
}

/** Sorted, so the same formats given in another order find the same domain. */
const signature = (formats: Record<string, string>): string =>
  Object.keys(formats)
    .sort()
    .map((name) => `${name}=${formats[name]}`)
    .join(',');

/** A group leaving an entry at a settle: its lists go to the entry of `key`. */
interface Departure {
  from: DomainEntry;
  group: Group;
  key: string;
}

/** The entries of one batch and their keys. */
export class BatchDomains {
  readonly entries: DomainEntry[] = [];
  private lastInstanced: InstancedKey | null = null;
  private lastList: ListKey | null = null;
  private readonly entriesByKey = new Map<string, DomainEntry>();
  private readonly gl: WebGL2RenderingContext;
  private readonly options: DomainOptions;

  constructor(gl: WebGL2RenderingContext, options: DomainOptions) {
    this.gl = gl;
    this.options = options;
  }

  /** Forgets every entry (the caller deletes the domains). */
  clear(): void {
    this.entries.length = 0;
    this.entriesByKey.clear();
  }

  /**
   * Re-keys every entry from its groups as they are now, and moves the lists of
   * each group whose key is no longer its entry's into the entry of its key (made
   * if needed). An entry keeps the key most of its lists have, so a change costs
   * at most the changed group's lists. Forgets groups with no lists left.
   * Returns the lists moved. A GrowthError other than a cap (the GL refused a
   * buffer) stops it part-way: every list is whole, some still to move.
   */
  settle(): number {
    const departures: Departure[] = [];
    for (const entry of this.entries) {
      const sizes = new Map<string, number>();
      for (const [group, members] of entry.members) {
        if (members.size === 0) {
          entry.members.delete(group);
          continue;
        }
        const key = memberKey(group, entry.suffix);
        sizes.set(key, (sizes.get(key) ?? 0) + members.size);
      }
      let kept = entry.key,
        most = -1;
      for (const [key, size] of sizes) {
        if (size > most) {
          kept = key;
          most = size;
        }
      }
      entry.key = kept;
      if (sizes.size > 1) {
        for (const group of entry.members.keys()) {
          const key = memberKey(group, entry.suffix);
          if (key !== kept) departures.push({ from: entry, group, key });
        }
      }
    }
    this.rekey();
    let moved = 0;
    for (const { from, group, key } of departures) {
      const members = from.members.get(group)!;
      from.members.delete(group);
      let target = this.find(key) ?? this.addSibling(from, key);
      try {
        for (const member of [...members]) {
          try {
            relocate(member, target.domain);
          } catch (error) {
            // This key's entry is full at its cap: a new one holds at most what `from` held, which fits.
            if (!(error instanceof GrowthError) || error.reason !== 'maxCapacity' || target.members.size === 0) throw error;
            target = this.addSibling(from, key);
            relocate(member, target.domain);
          }
          members.delete(member);
          this.join(target, group, member);
          moved++;
        }
      } finally {
        // A failure part-way leaves the lists not yet moved where they are, still recorded.
        if (members.size > 0) from.members.set(group, members);
      }
    }
    return moved;
  }

  /** The entry for `key`, if any. */
  find(key: string): DomainEntry | undefined {
    return this.entriesByKey.get(key);
  }

  /** Records `member` (a new or moved list of `group`) in `entry`; says whether the group is new there. */
  join(entry: DomainEntry, group: Group, member: Member): boolean {
    // An entry with no groups was found by either visibility: from now on it has its first group's key alone.
    if (entry.members.size === 0) this.claim(entry, memberKey(group, entry.suffix));
    let members = entry.members.get(group);
    const fresh = members === undefined;
    if (members === undefined) entry.members.set(group, (members = new Set()));
    members.add(member);
    member.membership = members as Set<object>;
    return fresh;
  }

  /** `entry` has `key` and no other. */
  private claim(entry: DomainEntry, key: string): void {
    for (const [other, found] of this.entriesByKey) if (found === entry && other !== key) this.entriesByKey.delete(other);
    entry.key = key;
    if (!this.entriesByKey.has(key)) this.entriesByKey.set(key, entry);
  }

  /**
   * The list for add / addIndexed (`indices` null for a non-indexed list) in the
   * domain for its key, made if needed; `created` says a new entry was added.
   * Arguments before the attributes are checked by the caller.
   */
  addList(
    method: string,
    count: number,
    mode: GLenum,
    group: Group,
    program: ShaderProgram,
    attributes: BatchAttributes,
    indices: ArrayLike<number> | null,
  ): { list: VertexList | IndexedVertexList; entry: DomainEntry; created: boolean } {
    const { key, suffix, info, names } = this.listKey(method, mode, group, program, attributes, indices !== null);
    const entry = this.find(key);
    // A new domain checks the formats against the program (VertexDomainError); it is kept only if all goes well.
    let list: VertexList | IndexedVertexList;
    // The key has no 'instanced|', so a found entry holds a list domain.
    const domain = (entry?.domain as ListDomain | undefined) ?? this.newListDomain(indices !== null, info);
    const vertices = domain instanceof VertexDomain ? domain : domain.vertices;
    try {
      for (let i = 0; i < names.length; i++) {
        const name = names[i]!,
          data = attributes[name]![1];
        const expected = count * vertices.attribute(method, name).components;
        if (data !== undefined && (data === null || typeof data !== 'object' || data.length !== expected)) {
          throw new BatchError(
            'attributes',
            data,
            `${method}: attribute ${JSON.stringify(name)} needs ${expected} values (${count} vertices), got ${String((data as ArrayLike<number> | null)?.length)}`,
          );
        }
      }
      if (indices !== null) checkLocalIndices(method, indices, count);
      // Inside the try: a GrowthError (past maxCapacity, or refused by the GL) must not leave a new, empty domain behind.
      list = domain instanceof VertexDomain ? domain.alloc(count) : domain.alloc(count, indices!);
    } catch (error) {
      if (entry === undefined) domain.delete();
      throw error;
    }
    for (let i = 0; i < names.length; i++) {
      const data = attributes[names[i]!]![1];
      if (data !== undefined) list.setAttribute(names[i]!, data);
    }
    if (entry !== undefined) return { list, entry, created: false };
    const made = this.addEntry(key, suffix, domain, mode, program, () => this.newListDomain(indices !== null, info));
    return { list, entry: made, created: true };
  }

  /**
   * The key of a list domain. The last one is kept and reused while the same attributes object
   * carries the same formats, so adding lists of one kind (sprites) builds no string.
   */
  private listKey(
    method: string,
    mode: GLenum,
    group: Group,
    program: ShaderProgram,
    attributes: BatchAttributes,
    indexed: boolean,
  ): ListKey {
    const groupKey = group.key;
    const shown = isShown(group);
    const last = this.lastList;
    if (
      last !== null &&
      last.attributes === attributes &&
      last.groupKey === groupKey &&
      last.shown === shown &&
      last.program === program &&
      last.mode === mode &&
      last.indexed === indexed &&
      sameFormats(attributes, last.info.formats, last.names.length)
    ) {
      return last;
    }
    const formats: Record<string, string> = {};
    for (const [name, spec] of Object.entries(attributes)) {
      if (!Array.isArray(spec) || typeof spec[0] !== 'string') {
        throw new BatchError(
          'attributes',
          spec,
          `${method}: attribute ${JSON.stringify(name)} must be [format, data?], got ${String(spec)}`,
        );
      }
      formats[name] = spec[0];
    }
    const suffix = `${indexed ? 'indexed|' : ''}program${identityId(program)}|${signature(formats)}|mode${mode}`;
    const info: DomainInfo = { gl: this.gl, program, formats, mode, suffix };
    return (this.lastList = {
      groupKey,
      shown,
      program,
      mode,
      indexed,
      attributes,
      names: Object.keys(formats),
      info,
      suffix,
      key: memberKey(group, suffix),
    });
  }

  /**
   * A new instance of `mesh` in the instanced domain for its key, made if needed
   * (see batch.ts: the mesh object's identity picks the domain). Mode, group and
   * the shapes of mesh and instanceFormats are checked by the caller.
   */
  addInstance(
    method: string,
    mode: GLenum,
    group: Group,
    program: ShaderProgram,
    mesh: InstancedMesh,
    instanceFormats: Record<string, string>,
    values: Readonly<Record<string, ArrayLike<number>>>,
  ): { handle: InstanceHandle; entry: DomainEntry; created: boolean } {
    const { key, suffix } = this.instancedKey(method, mode, group, program, mesh, instanceFormats);
    const entry = this.find(key);
    // A new domain checks the formats against the program; it is kept only if the mesh and values are good.
    const parts = meshParts.get(mesh)!;
    const make = (): InstancedVertexDomain => {
      const made = new InstancedVertexDomain(
        this.gl,
        program,
        parts.formats,
        instanceFormats,
        Math.min(INITIAL_CAPACITY, this.options.maxCapacity),
        { maxCapacity: this.options.maxCapacity, policy: this.options.policy },
      );
      try {
        made.setMesh(mesh.count, parts.data);
      } catch (error) {
        made.delete();
        throw error;
      }
      return made;
    };
    const domain = (entry?.domain as InstancedVertexDomain | undefined) ?? make();
    let handle: InstanceHandle;
    try {
      handle = domain.addInstance(values);
    } catch (error) {
      if (entry === undefined) domain.delete();
      throw error;
    }
    if (entry !== undefined) return { handle, entry, created: false };
    return { handle, entry: this.addEntry(key, suffix, domain, mode, program, make), created: true };
  }

  /** The key of an instanced domain; the last one is kept, as instances come in runs of one kind. */
  private instancedKey(
    method: string,
    mode: GLenum,
    group: Group,
    program: ShaderProgram,
    mesh: InstancedMesh,
    formats: Record<string, string>,
  ): InstancedKey {
    const groupKey = group.key;
    const shown = isShown(group);
    const last = this.lastInstanced;
    if (
      last !== null &&
      last.groupKey === groupKey &&
      last.shown === shown &&
      last.mesh === mesh &&
      last.program === program &&
      last.formats === formats &&
      last.mode === mode
    ) {
      return last;
    }
    let parts = meshParts.get(mesh);
    if (parts === undefined) {
      const partsFormats: Record<string, string> = {};
      const data: Record<string, ArrayLike<number>> = {};
      for (const [name, spec] of Object.entries(mesh.attributes)) {
        if (!Array.isArray(spec) || typeof spec[0] !== 'string') {
          throw new BatchError(
            'mesh',
            spec,
            `${method}: mesh attribute ${JSON.stringify(name)} must be [format, data], got ${String(spec)}`,
          );
        }
        partsFormats[name] = spec[0];
        data[name] = spec[1];
      }
      meshParts.set(mesh, (parts = { formats: partsFormats, data, signature: signature(partsFormats) }));
    }
    let formatsSignature = formatSignatures.get(formats);
    if (formatsSignature === undefined) {
      for (const [name, format] of Object.entries(formats)) {
        if (typeof format !== 'string') {
          throw new BatchError(
            'instanceFormats',
            format,
            `${method}: instance format of ${JSON.stringify(name)} must be a string, got ${String(format)}`,
          );
        }
      }
      formatSignatures.set(formats, (formatsSignature = signature(formats)));
    }
    const suffix = `instanced|mesh${identityId(mesh)}|program${identityId(program)}|${parts.signature}|${formatsSignature}|mode${mode}`;
    return (this.lastInstanced = { groupKey, shown, mesh, program, formats, mode, suffix, key: memberKey(group, suffix) });
  }

  /**
   * migrate's target: the entry in this batch for `group` and the live `list`'s
   * program, formats and mode, made if needed. Throws BatchError, changing
   * nothing, for a list not made by a batch on this context.
   */
  migrateTarget(method: string, list: VertexList | IndexedVertexList, group: Group): { entry: DomainEntry; created: boolean } {
    const info = domainInfo.get(list.domain);
    if (info === undefined) throw new BatchError('list', list, `${method}: the list was not made by a Batch`);
    if (info.gl !== this.gl) throw new BatchError('list', list, `${method}: the list belongs to another WebGL context`);
    const key = memberKey(group, info.suffix);
    // A list already in an entry of that key stays where it is: the batch may hold several such entries.
    const current = this.entries.find((candidate) => candidate.domain === list.domain);
    const entry = current?.key === key ? current : this.find(key);
    if (entry !== undefined) return { entry, created: false };
    const indexed = list instanceof IndexedVertexList;
    const make = (): ListDomain => this.newListDomain(indexed, info);
    return { entry: this.addEntry(key, info.suffix, make(), info.mode, info.program, make), created: true };
  }

  /** Forgets `entry` and deletes its domain (one just made for a migrate that failed). */
  remove(entry: DomainEntry): void {
    const index = this.entries.indexOf(entry);
    if (index !== -1) this.entries.splice(index, 1);
    if (this.entriesByKey.get(entry.key) === entry) this.rekey();
    if (!entry.domain.isDeleted) entry.domain.delete();
  }

  /** GPU bytes held by every domain's buffers. */
  bufferBytes(): number {
    let bytes = 0;
    for (let i = 0; i < this.entries.length; i++) bytes += this.entries[i]!.domain.bufferBytes;
    return bytes;
  }

  /** Growths of every domain since it was made. */
  totalGrowths(): number {
    let growths = 0;
    for (let i = 0; i < this.entries.length; i++) growths += this.entries[i]!.domain.totalGrowths;
    return growths;
  }

  stats(): BatchDomainStats[] {
    return this.entries.map((entry) => ({ key: entry.key.slice(2), shown: entry.key.startsWith('1|'), ...entry.domain.stats() }));
  }

  /**
   * Maps each key to the first entry with lists of that key; an entry with no groups left also
   * takes its key shown or hidden, where no entry has it, so an empty domain is reused first.
   */
  private rekey(): void {
    const byKey = this.entriesByKey;
    byKey.clear();
    for (const entry of this.entries) if (entry.members.size > 0 && !byKey.has(entry.key)) byKey.set(entry.key, entry);
    for (const entry of this.entries) {
      if (entry.members.size > 0) continue;
      const unshown = entry.key.slice(2);
      for (const key of [`1|${unshown}`, `0|${unshown}`]) if (!byKey.has(key)) byKey.set(key, entry);
    }
  }

  /** A new list domain, its initial capacities within the caps; recorded for migrate. */
  private newListDomain(indexed: boolean, info: DomainInfo): ListDomain {
    const options = this.options;
    const vertices = Math.min(INITIAL_CAPACITY, options.maxCapacity);
    const domain = indexed
      ? new IndexedVertexDomain(
          this.gl,
          info.program,
          info.formats,
          vertices,
          Math.min(INITIAL_CAPACITY, options.maxIndexCapacity),
          options,
        )
      : new VertexDomain(this.gl, info.program, info.formats, vertices, options);
    domainInfo.set(domain, info);
    return domain;
  }

  /** A new entry of `key` like `like`, with a domain of its own. */
  private addSibling(like: DomainEntry, key: string): DomainEntry {
    return this.addEntry(key, like.suffix, like.makeDomain(), like.mode, like.program, like.makeDomain);
  }

  private addEntry(
    key: string,
    suffix: string,
    domain: Domain,
    mode: GLenum,
    program: ShaderProgram,
    makeDomain: () => Domain,
  ): DomainEntry {
    const entry: DomainEntry = { suffix, domain, mode, program, members: new Map(), makeDomain, key };
    this.entries.push(entry);
    if (!this.entriesByKey.has(key)) this.entriesByKey.set(key, entry);
    return entry;
  }
}

/** Moves `member` into `domain` (of its own kind and formats), keeping the same object. */
function relocate(member: Member, domain: Domain): void {
  if (member instanceof InstanceHandle) member.relocate(domain as InstancedVertexDomain);
  else if (member instanceof IndexedVertexList) member.relocate(domain as IndexedVertexDomain);
  else member.relocate(domain as VertexDomain);
}
