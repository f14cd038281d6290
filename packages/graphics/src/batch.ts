/**
 * Batch (pyglet's graphics.Batch): lists and instances gathered into domains,
 * one per group value, program, formats and mode (batch-domains.ts), drawn
 * group by group: `draw()` walks a list of steps (set a group's state, commit
 * and draw a domain, unset) rebuilt only when the structure changes, so a
 * steady frame allocates nothing.
 *
 * Invariants: every list draws at its own group's place and is hidden exactly
 * when its group or an ancestor is (a group change settles the domains on the
 * next add or draw, moving lists, see BatchDomains.settle); a bad argument
 * throws BatchError and changes nothing. The batch listens for context loss on
 * the canvas: draw() does nothing while lost, and a restore rebuilds programs
 * and domains from their shadows. See docs/architecture.md.
 *
 * Over 400 lines: the whole public Batch API (adds, migrate, draws, stats,
 * restore, delete), each method documented; the domain bookkeeping already
 * lives in batch-domains.ts, and instances come in through addMember from
 * instancing.ts, so a batch does not bring the instanced domain with it.
 */
import { policyValue, wholeNumber } from './checks.ts';
import type { Policy } from '@webglet/allocator';
import {
  BatchDomains,
  BatchError,
  type BatchAttributes,
  type BatchDomainStats,
  type DomainEntry,
  type DomainOptions,
  type Member,
  type MemberPlan,
} from './batch-domains.ts';
import type { Domain, IndexedStore, VertexStore } from './domain.ts';
import { glState, isTrackedStateMethod, type GLState } from './gl-state.ts';
import { Group, isShown, ShaderGroup, type GroupListener } from './group.ts';
import type { InstanceHandle } from './instance-handle.ts';
import { IndexedVertexList, IndexedVertexListError } from './indexed-vertex-list.ts';
import { canvasTarget } from './canvas-target.ts';
import { ShaderProgram } from './shader-program.ts';
import { DEFAULT_POLICY } from './vertex-domain.ts';
import { VertexList } from './vertex-list.ts';

export { BatchError, type BatchAttributes, type BatchDomainStats } from './batch-domains.ts';

export interface BatchStats {
  /** In the last draw()/drawSubset(). */
  drawCalls: number;
  bytesUploaded: number;
  /** Domain growths since the draw before the last one, i.e. the ones the last frame paid for. */
  growths: number;
  totalGrowths: number;
  /** GPU bytes held by every domain's buffers. */
  bufferBytes: number;
  /**
   * Lists and instances the last draw() moved to another domain because their group stopped
   * being equal to the others in theirs (its order, parent or visibility changed): what a group change cost.
   */
  moved: number;
  domains: BatchDomainStats[];
}

export interface BatchOptions {
  /** Use WEBGL_multi_draw where the context has it (default true); false forces one call per region. */
  multiDraw?: boolean;
  /** Debug markers in every vertex and indexed domain (fresh ranges 0xCB, freed ranges NaN); default false. */
  debug?: boolean;
  /**
   * The most vertices (list domains) or instances (instanced domains) each domain
   * this batch makes may grow to; default Infinity. An add past it throws
   * GrowthError('maxCapacity') and changes nothing (see VertexDomain).
   */
  maxCapacity?: number;
  /** The most indices each indexed domain may grow to; default Infinity (not implied by maxCapacity). */
  maxIndexCapacity?: number;
  /** The allocation policy of every domain's allocator: `firstFit` (the default, docs/decisions.md), `bestFit` or `goodFit`. */
  policy?: Policy;
}

const SET = 0,
  DRAW = 1,
  UNSET = 2;
/**
 * One step of the draw list; `entry` only for DRAW. `untracked`: a SET or UNSET whose group method may
 * call GL itself (its class was not declared with trackGLState): GLState applies what was released
 * before it and, after it, forgets everything and adopts what GL holds (adoptGL).
 */
interface Step {
  kind: typeof SET | typeof DRAW | typeof UNSET;
  group: Group;
  entry: DomainEntry | null;
  untracked: boolean;
}

/** A node of the group tree, rebuilt with the draw list; equal-key groups share a node. */
interface Node {
  group: Group;
  entries: DomainEntry[];
  children: Node[];
  seq: number;
}

const MODES = ['POINTS', 'LINES', 'LINE_LOOP', 'LINE_STRIP', 'TRIANGLES', 'TRIANGLE_STRIP', 'TRIANGLE_FAN'] as const;
/** A loop, not MODES.some(closure): adding a list or an instance allocates nothing here. */
function isMode(gl: WebGL2RenderingContext, mode: GLenum): boolean {
  for (let i = 0; i < MODES.length; i++) if (gl[MODES[i]!] === mode) return true;
  return false;
}
/** Modes whose primitives would join across neighbouring lists drawn as one region (see add). */
const CONNECTED_MODES = ['LINE_LOOP', 'LINE_STRIP', 'TRIANGLE_STRIP', 'TRIANGLE_FAN'] as const;

/**
 * Vertex lists grouped into domains by format, group and mode, drawn with one call per domain.
 *
 * @example
 * ```ts
 * const batch = new Batch(gl);
 * const list = batch.add(3, gl.TRIANGLES, new ShaderGroup(program), program, {
 *   position: ['f', [10, 10, 0, 110, 10, 0, 60, 90, 0]],
 * });
 * batch.draw(); // uploads what changed, then draws
 * ```
 */
export class Batch implements GroupListener {
  /** Times the draw list was rebuilt; for tests and profiling. */
  rebuilds = 0;
  /** The context the batch draws on (shapes and sprites make their programs for it). */
  readonly gl: WebGL2RenderingContext;
  /** The enabled extension, or null when absent or turned off; passed to every domain. */
  private multiDraw: WEBGL_multi_draw | null;
  private readonly debug: boolean;
  /** What every domain this batch makes is given; `multiDraw` is re-read after a context restore. */
  private readonly options: DomainOptions;
  private readonly domains: BatchDomains;
  /** What webglet last set on the context (shared with its programs and groups). */
  private readonly state: GLState;
  private steps: Step[] = [];
  /** The draw list must be rebuilt. */
  private dirty = true;
  /** No group changed since the last settle: every entry's groups have its key. */
  private settled = true;
  /** Groups (with their ancestors) this batch listens to. */
  private readonly listened = new Set<Group>();
  /** Lists moved by settles since the last draw, and by the settles before the last draw. */
  private movedSinceDraw = 0;
  private movedLastFrame = 0;
  private drawCalls = 0;
  private bytesUploaded = 0;
  private growthsAtLastDraw = 0;
  private growthsLastFrame = 0;
  /** Between 'webglcontextlost' and 'webglcontextrestored': draw() does nothing. */
  private lost = false;
  private deleted = false;
  private readonly onLost = (event: Event): void => {
    event.preventDefault();
    this.lost = true;
  };
  private readonly onRestored = (): void => this.restore();

  constructor(gl: WebGL2RenderingContext, options: BatchOptions = {}) {
    if (typeof WebGL2RenderingContext === 'undefined' || !(gl instanceof WebGL2RenderingContext))
      throw new BatchError('gl', gl, `Batch: gl must be a WebGL2RenderingContext, got ${String(gl)}`);
    this.gl = gl;
    this.state = glState(gl);
    this.multiDraw = options.multiDraw === false ? null : gl.getExtension('WEBGL_multi_draw');
    this.debug = options.debug === true;
    const policy = policyValue(BatchError, 'Batch', options.policy ?? DEFAULT_POLICY);
    this.options = {
      multiDraw: this.multiDraw,
      debug: this.debug,
      policy,
      maxCapacity: checkCap('maxCapacity', options.maxCapacity),
      maxIndexCapacity: checkCap('maxIndexCapacity', options.maxIndexCapacity),
    };
    this.domains = new BatchDomains(gl, this.options);
    const canvas = canvasTarget(gl);
    canvas?.addEventListener('webglcontextlost', this.onLost);
    canvas?.addEventListener('webglcontextrestored', this.onRestored);
  }

  /** Whether the context is lost (draw() does nothing then). */
  get isContextLost(): boolean {
    // The event comes a task after the loss; isContextLost() knows at once.
    return this.lost || this.gl.isContextLost();
  }

  get isDeleted(): boolean {
    return this.deleted;
  }

  /**
   * After a lost context is restored (called by the batch's own listener):
   * restores every program the batch knows, then every domain, and rebuilds
   * the draw list. Does nothing while the context is still lost.
   */
  restore(): void {
    if (this.deleted || this.gl.isContextLost()) return;
    this.state.reset(); // a restored context holds GL's defaults (the record's own listener may not have run yet)
    const programs = new Set<ShaderProgram>();
    for (const entry of this.domains.entries) programs.add(entry.program);
    for (const group of this.listened) if (group instanceof ShaderGroup) programs.add(group.program);
    // Restoring is idempotent, so programs shared with other batches are recreated once.
    for (const program of programs) if (!program.isDeleted) program.restore();
    if (this.multiDraw !== null) this.options.multiDraw = this.multiDraw = this.gl.getExtension('WEBGL_multi_draw');
    for (const { domain } of this.domains.entries) domain.restore();
    this.lost = false;
    this.dirty = true;
  }

  /** Removes the context-loss listeners and deletes every domain (their lists become unusable). Idempotent. */
  delete(): void {
    if (this.deleted) return;
    const canvas = canvasTarget(this.gl);
    canvas?.removeEventListener('webglcontextlost', this.onLost);
    canvas?.removeEventListener('webglcontextrestored', this.onRestored);
    for (const { domain } of this.domains.entries) if (!domain.isDeleted) domain.delete();
    // Owners learn that their lists went with the batch (a sprite then refuses writes).
    for (const { members } of this.domains.entries) {
      for (const lists of members.values()) for (const list of lists) list.owner?.listLost();
    }
    this.domains.clear();
    for (const group of this.listened) group.removeListener(this);
    this.listened.clear();
    this.steps = [];
    this.deleted = true;
  }

  /** The same as delete(). */
  dispose(): void {
    this.delete();
  }

  /**
   * A new list of `count` vertices drawn with `mode` in `group` by `program`.
   * Everything is checked before anything is allocated.
   */
  add(count: number, mode: GLenum, group: Group, program: ShaderProgram, attributes: BatchAttributes): VertexList {
    return this.addList('Batch.add', count, mode, group, program, attributes, null) as VertexList;
  }

  /**
   * A new indexed list: `count` vertices and `indices` in local numbering
   * (0 … count - 1). A bad index throws IndexedVertexListError before anything is allocated.
   */
  addIndexed(
    count: number,
    mode: GLenum,
    group: Group,
    program: ShaderProgram,
    indices: ArrayLike<number>,
    attributes: BatchAttributes,
  ): IndexedVertexList {
    if (typeof indices !== 'object' || indices === null || typeof indices.length !== 'number') {
      throw new IndexedVertexListError(
        'indices',
        indices,
        `Batch.addIndexed: indices must be an array of whole numbers, got ${String(indices)}`,
      );
    }
    return this.addList('Batch.addIndexed', count, mode, group, program, attributes, indices) as IndexedVertexList;
  }

  /**
   * @internal How addInstanced (instancing.ts) adds to a batch, kept apart so an app that draws no
   * instances does not carry them: the checks every add makes, then `check` (its own arguments),
   * a settle, and `plan`, which names the domain's key, how to make the domain and how to add to it.
   */
  addMember<M extends Member>(
    method: string,
    mode: GLenum,
    group: Group,
    program: ShaderProgram,
    check: () => void,
    plan: (gl: WebGL2RenderingContext, options: DomainOptions) => MemberPlan<M>,
  ): M {
    if (this.deleted) throw new BatchError('this', 'deleted', `${method}: the batch was deleted`);
    this.checkModeAndGroup(method, mode, group);
    this.checkProgram(method, program);
    check();
    if (!this.settled) this.settle();
    const { key, suffix, make, add } = plan(this.gl, this.options);
    const { member, entry, created } = this.domains.addMember(key, suffix, mode, program, make, add);
    if (created) this.dirty = true;
    this.join(entry, group, member);
    return member;
  }

  /** add and addIndexed (`indices` null for a non-indexed list). */
  private addList(
    method: string,
    count: number,
    mode: GLenum,
    group: Group,
    program: ShaderProgram,
    attributes: BatchAttributes,
    indices: ArrayLike<number> | null,
  ): VertexList | IndexedVertexList {
    if (this.deleted) throw new BatchError('this', 'deleted', `${method}: the batch was deleted`);
    wholeNumber(BatchError, method, 'count', count);
    this.checkModeAndGroup(method, mode, group);
    this.checkProgram(method, program);
    const connected = CONNECTED_MODES.find((name) => this.gl[name] === mode);
    if (connected !== undefined) {
      throw new BatchError(
        'mode',
        mode,
        `${method}: mode ${connected} would join neighbouring lists into one primitive (a domain draws adjacent lists with one call); use TRIANGLES, LINES or POINTS, or addInstanced with a ${connected} mesh`,
      );
    }
    if (typeof attributes !== 'object' || attributes === null) {
      throw new BatchError('attributes', attributes, `${method}: attributes must be an object, got ${String(attributes)}`);
    }
    if (!this.settled) this.settle();
    const { list, entry, created } = this.domains.addList(method, count, mode, group, program, attributes, indices);
    if (created) this.dirty = true;
    this.join(entry, group, list);
    return list;
  }

  /**
   * Moves a live list of any batch on this context (pyglet's VertexList.migrate)
   * into this batch's domain for `group` and the list's program, formats and
   * mode, made if needed. Vertex data and indices (rebased to the new start)
   * are kept in the shadows and uploaded on the next commit; the old range is
   * freed; the list object stays the same. Lists also have `migrate(batch, group)`.
   * Throws BatchError, changing nothing, for a deleted batch or list, a group
   * that is not a Group, or a list not made by a batch on this context.
   */
  migrate(list: VertexList | IndexedVertexList, group: Group): void {
    const method = 'Batch.migrate';
    if (this.deleted) throw new BatchError('this', 'deleted', `${method}: the batch was deleted`);
    if (!(list instanceof VertexList || list instanceof IndexedVertexList) || list.isDeleted || list.domain.isDeleted) {
      throw new BatchError('list', list, `${method}: list must be a live VertexList or IndexedVertexList`);
    }
    if (!(group instanceof Group)) throw new BatchError('group', group, `${method}: group must be a Group, got ${String(group)}`);
    if (!this.settled) this.settle();
    const { entry, created } = this.domains.migrateTarget(method, list, group);
    try {
      if (entry.domain !== list.domain) {
        if (list instanceof IndexedVertexList) list.relocate(entry.domain as IndexedStore);
        else list.relocate(entry.domain as VertexStore);
      }
    } catch (error) {
      // A GrowthError in the target: a domain made for this move goes again, so nothing changed.
      if (created) this.domains.remove(entry);
      throw error;
    }
    if (created) this.dirty = true;
    list.membership?.delete(list);
    this.join(entry, group, list);
  }

  /** A live ShaderProgram of this batch's context. */
  private checkProgram(method: string, program: ShaderProgram): void {
    if (!(program instanceof ShaderProgram)) {
      throw new BatchError('program', program, `${method}: program must be a ShaderProgram, got ${String(program)}`);
    }
    if (program.isDeleted) throw new BatchError('program', program, `${method}: the program was deleted`);
    if (program.gl !== this.gl) throw new BatchError('program', program, `${method}: the program belongs to another WebGL context`);
  }

  private checkModeAndGroup(method: string, mode: GLenum, group: Group): void {
    if (!isMode(this.gl, mode)) {
      throw new BatchError('mode', mode, `${method}: mode must be one of ${MODES.join(', ')}, got ${String(mode)}`);
    }
    if (!(group instanceof Group)) throw new BatchError('group', group, `${method}: group must be a Group, got ${String(group)}`);
  }

  /** Records a new list of `group` in `entry`; a group new there is listened to and drawn from the next draw. */
  private join(entry: DomainEntry, group: Group, member: Member): void {
    if (!this.domains.join(entry, group, member)) return;
    this.listen(group);
    this.dirty = true;
  }

  /** Listens to `group` and its ancestors (a change to any of them may change where its lists belong). */
  private listen(group: Group): void {
    for (let g: Group | null = group; g !== null && !this.listened.has(g); g = g.parent) {
      g.addListener(this);
      this.listened.add(g);
    }
  }

  /**
   * Moves the lists of groups that are no longer equal to the others in their domain (see
   * BatchDomains.settle), then listens to exactly the groups that hold lists and their ancestors.
   */
  private settle(): void {
    this.movedSinceDraw += this.domains.settle();
    const wanted = new Set<Group>();
    for (const entry of this.domains.entries) {
      for (const group of entry.members.keys()) for (let g: Group | null = group; g !== null; g = g.parent) wanted.add(g);
    }
    for (const group of this.listened) {
      if (!wanted.has(group)) {
        group.removeListener(this);
        this.listened.delete(group);
      }
    }
    for (const group of wanted) this.listen(group);
    this.settled = true;
  }

  /** Groups call this when their order, parent or visibility changes: lists may move and the draw list is rebuilt. */
  invalidate(): void {
    this.dirty = true;
    this.settled = false;
  }

  /** Every visible group in order: set state, commit and draw each of its domains, children, unset state. */
  draw(): void {
    if (this.lost || this.deleted || this.gl.isContextLost()) return;
    if (this.dirty) this.rebuild();
    const steps = this.steps;
    let calls = 0,
      bytes = 0;
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i]!;
      if (step.kind === DRAW) {
        const { domain, mode } = step.entry!;
        this.state.applyReleased(this.gl);
        bytes += domain.commit().bytesUploaded;
        // One multiDraw call, or one call per aggregated region: the domain says which.
        calls += domain.draw(mode);
      } else {
        this.runGroupStep(step);
      }
    }
    this.endFrame(calls, bytes);
  }

  /**
   * Draws only `lists` (each a live list or instance of this batch), with the
   * same group states and order as draw(); lists in hidden groups are not drawn.
   * One drawArrays per non-empty VertexList, one drawElements (its index range)
   * per non-empty IndexedVertexList, one drawArraysInstanced per instance.
   */
  drawSubset(lists: readonly (VertexList | IndexedVertexList | InstanceHandle)[]): void {
    const byDomain = new Map<Domain, (VertexList | IndexedVertexList | InstanceHandle)[]>();
    for (const list of lists) {
      // Only this batch's lists and instances have a domain among its entries.
      const known = typeof list === 'object' && list !== null && this.domains.entries.some((entry) => entry.domain === list.domain);
      if (!known || list.isDeleted) {
        throw new BatchError('lists', list, 'Batch.drawSubset: every list must be a live list or instance of this batch');
      }
      const group = byDomain.get(list.domain) ?? [];
      group.push(list);
      byDomain.set(list.domain, group);
    }
    if (this.lost || this.deleted || this.gl.isContextLost()) return;
    if (this.dirty) this.rebuild();
    const gl = this.gl;
    let calls = 0,
      bytes = 0;
    for (const step of this.steps) {
      if (step.kind !== DRAW) {
        this.runGroupStep(step);
      } else {
        const { domain, mode } = step.entry!;
        const chosen = byDomain.get(domain);
        if (chosen === undefined) continue;
        this.state.applyReleased(gl);
        bytes += domain.commit().bytesUploaded;
        for (const list of chosen) calls += list.draw(mode);
      }
    }
    this.endFrame(calls, bytes);
  }

  stats(): BatchStats {
    return {
      drawCalls: this.drawCalls,
      bytesUploaded: this.bytesUploaded,
      growths: this.growthsLastFrame,
      totalGrowths: this.domains.totalGrowths(),
      bufferBytes: this.domains.bufferBytes(),
      moved: this.movedLastFrame,
      domains: this.domains.stats(),
    };
  }

  /** A group's setState or unsetState; one that may call GL itself first gets what was released, and the record is forgotten after it. */
  private runGroupStep(step: Step): void {
    if (step.untracked) this.state.applyReleased(this.gl);
    if (step.kind === SET) step.group.setState(this.gl);
    else step.group.unsetState(this.gl);
    if (step.untracked) this.state.adoptGL();
  }

  private endFrame(calls: number, bytes: number): void {
    this.drawCalls = calls;
    this.bytesUploaded = bytes;
    this.movedLastFrame = this.movedSinceDraw;
    this.movedSinceDraw = 0;
    const total = this.domains.totalGrowths();
    this.growthsLastFrame = total - this.growthsAtLastDraw;
    this.growthsAtLastDraw = total;
  }

  /**
   * Settles the groups if one changed, then builds the group tree from the shown
   * entries' groups (and their ancestors, which wrap them even with no lists of
   * their own), merging equal keys, and flattens it depth-first into steps.
   */
  private rebuild(): void {
    if (!this.settled) this.settle();
    const nodes = new Map<string, Node>();
    const roots: Node[] = [];
    const nodeOf = (group: Group): Node => {
      const key = group.key;
      let node = nodes.get(key);
      if (node === undefined) {
        node = { group, entries: [], children: [], seq: nodes.size };
        nodes.set(key, node);
        (group.parent === null ? roots : nodeOf(group.parent).children).push(node);
      }
      return node;
    };
    for (const entry of this.domains.entries) {
      // Settled, so every group of the entry has the entry's key and visibility.
      const group = firstGroup(entry);
      if (group !== null && isShown(group)) nodeOf(group).entries.push(entry);
    }
    const steps: Step[] = [];
    const visit = (node: Node): void => {
      const group = node.group;
      steps.push({ kind: SET, group, entry: null, untracked: !isTrackedStateMethod(group.setState) });
      for (const entry of node.entries) steps.push({ kind: DRAW, group, entry, untracked: false });
      for (const child of sortNodes(node.children)) visit(child);
      steps.push({ kind: UNSET, group, entry: null, untracked: !isTrackedStateMethod(group.unsetState) });
    };
    for (const root of sortNodes(roots)) visit(root);
    this.steps = steps;
    this.dirty = false;
    this.rebuilds++;
  }
}

/** A group of `entry` (one that held lists there at the last settle, or joined since), or null. */
function firstGroup(entry: DomainEntry): Group | null {
  for (const group of entry.members.keys()) return group;
  return null;
}

/** A BatchOptions cap: undefined or Infinity (no cap), else a whole number ≥ 1. */
function checkCap(argument: string, value: number | undefined): number {
  if (value === undefined || value === Infinity) return Infinity;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new BatchError(argument, value, `Batch: ${argument} must be Infinity or a whole number ≥ 1, got ${String(value)}`);
  }
  return value;
}

/** By order, then by first appearance (Array.prototype.sort is stable, but seq makes it explicit). */
function sortNodes(nodes: Node[]): Node[] {
  return nodes.sort((a, b) => a.group.order - b.group.order || a.seq - b.seq);
}
