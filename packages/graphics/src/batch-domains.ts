/**
 * The domain bookkeeping of a Batch (see batch.ts): its entries (a domain and
 * the lists of each group in it), their keys, finding or making the domain
 * for add / addIndexed / migrate (and addMember, for addInstanced), and `settle`, which moves the
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
import type { Policy } from '@webglet/allocator';
import { GraphicsArgumentError, GrowthError } from './errors.ts';
import { identityId, isShown, type Group } from './group.ts';
import type { Domain } from './domain.ts';
import { IndexedVertexDomain } from './indexed-vertex-domain.ts';
import type { InstanceHandle } from './instance-handle.ts';
import { checkLocalIndices, IndexedVertexList } from './indexed-vertex-list.ts';
import type { ShaderProgram } from './shader-program.ts';
import { VertexDomain } from './vertex-domain.ts';
import type { VertexList } from './vertex-list.ts';

/** A bad argument to a Batch; the batch is unchanged when it is thrown. */
export class BatchError extends GraphicsArgumentError {}

/** Attribute name → [format, initial data]; data has count × components values. */
export type BatchAttributes = Record<string, readonly [format: string, data?: ArrayLike<number>]>;

/** A domain of lists (add / addIndexed), as the batch makes them. */
type ListDomain = VertexDomain | IndexedVertexDomain;
/** What a batch holds in its domains: a list, an indexed list or an instance. */
export type Member = VertexList | IndexedVertexList | InstanceHandle;

/** Where addMember puts a new member: its entry's key and suffix, and how to make the domain and add to it. */
export interface MemberPlan<M extends Member> {
  key: string;
  suffix: string;
  make: () => Domain;
  add: (domain: Domain) => M;
}

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
  policy: Policy;
}

/** A new domain's capacity, within its caps. */
export const INITIAL_CAPACITY = 64;

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

/** Sorted, so the same formats given in another order find the same domain. */
export const signature = (formats: Record<string, string>): string =>
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
   * A new member added by `add` to the domain of the entry of `key`, or to a new domain from
   * `make` (kept only if `add` succeeds): how addInstanced (instancing.ts) adds, so this
   * module does not bring the instanced domain to an app that does not use it.
   */
  addMember<M extends Member>(
    key: string,
    suffix: string,
    mode: GLenum,
    program: ShaderProgram,
    make: () => Domain,
    add: (domain: Domain) => M,
  ): { member: M; entry: DomainEntry; created: boolean } {
    const entry = this.find(key);
    const domain = entry?.domain ?? make();
    let member: M;
    try {
      member = add(domain);
    } catch (error) {
      if (entry === undefined) domain.delete();
      throw error;
    }
    if (entry !== undefined) return { member, entry, created: false };
    return { member, entry: this.addEntry(key, suffix, domain, mode, program, make), created: true };
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
  // Each kind of member takes a domain of its own kind, which settle always gives it.
  (member as { relocate(domain: Domain): void }).relocate(domain);
}
