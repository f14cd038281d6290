/**
 * Group and ShaderGroup (pyglet's graphics.Group): GL state set before, and
 * unset after, drawing a group's lists, an `order` among siblings, a `parent`
 * whose state wraps it, and `visible`.
 *
 * Equality is by value, as pyglet's: groups with equal `key` (class, order,
 * parent key, state) may share a domain and a draw call. Order, parent and
 * visibility may change at any time: a Batch that holds a group listens to it
 * and, on its next draw, moves the lists of any group no longer equal to the
 * others in their domain (see docs/architecture.md, "Groups").
 * The built-in groups set GL state only through GLState (trackGLState).
 */
import { GraphicsArgumentError } from './errors.ts';
import { trackGLState } from './gl-state.ts';
import type { ShaderProgram } from './shader-program.ts';

/** A bad argument to a Group (order not a finite number, a parent that is not a Group). */
export class GroupError extends GraphicsArgumentError {}

/** What a group tells when its order or visibility changes (a Batch; an interface to avoid an import cycle). */
export interface GroupListener {
  invalidate(): void;
}

/**
 * Small stable ids for identities that must go into a string key: classes and
 * programs. A WeakMap keeps ids without holding the objects alive (and without
 * adding a field to ShaderProgram).
 */
const ids = new WeakMap<object, number>();
let nextId = 1;
export function identityId(object: object): number {
  let id = ids.get(object);
  if (id === undefined) {
    id = nextId++;
    ids.set(object, id);
  }
  return id;
}

function checkParent(group: Group, parent: unknown): Group | null {
  if (parent !== null && !(parent instanceof Group)) {
    throw new GroupError('parent', parent, `Group: parent must be a Group or null, got ${String(parent)}`);
  }
  for (let ancestor = parent; ancestor !== null; ancestor = ancestor.parent) {
    if (ancestor === group) throw new GroupError('parent', parent, 'Group.parent: the group would be its own ancestor');
  }
  return parent;
}

/** Whether `group` draws: it and every ancestor are visible. */
export function isShown(group: Group): boolean {
  for (let g: Group | null = group; g !== null; g = g.parent) if (!g.visible) return false;
  return true;
}

function checkOrder(order: unknown): number {
  if (typeof order !== 'number' || !Number.isFinite(order)) {
    throw new GroupError('order', order, `Group: order must be a finite number, got ${String(order)}`);
  }
  return order;
}

/**
 * GL state set before its lists draw and unset after; `order` draws it over lower orders.
 *
 * @example
 * ```ts
 * const background = new Group(0);
 * const foreground = new Group(1); // drawn after background
 * foreground.visible = false;      // its lists stay in the batch but do not draw
 * ```
 */
export class Group {
  private parentValue: Group | null;
  private orderValue: number;
  private visibleValue = true;
  private readonly listeners = new Set<GroupListener>();
  /** `key` as last built, and the order and parent key it was built from. */
  private keyCache: string | null = null;
  private keyOrder = 0;
  private keyParent = '';

  constructor(order = 0, parent: Group | null = null) {
    this.orderValue = checkOrder(order);
    this.parentValue = checkParent(this, parent);
  }

  /** The group whose state wraps this one's, and among whose children this one is ordered; null: a root. */
  get parent(): Group | null {
    return this.parentValue;
  }

  set parent(parent: Group | null) {
    this.parentValue = checkParent(this, parent);
    this.notify();
  }

  /** Drawing order among siblings: lower first; equal orders keep the order they were first drawn in. */
  get order(): number {
    return this.orderValue;
  }

  set order(order: number) {
    this.orderValue = checkOrder(order);
    this.notify();
  }

  /** A hidden group draws nothing, and neither do its children. */
  get visible(): boolean {
    return this.visibleValue;
  }

  set visible(visible: boolean) {
    if (typeof visible !== 'boolean') throw new GroupError('visible', visible, `Group.visible: must be a boolean, got ${String(visible)}`);
    if (visible === this.visibleValue) return;
    this.visibleValue = visible;
    this.notify();
  }

  /**
   * Value identity: groups with equal keys share domains and draw calls. Built once
   * and again only when the order or the parent's key changed (adding a sprite or
   * a shape reads it: no string building per add).
   */
  get key(): string {
    const parentKey = this.parent === null ? '' : this.parent.key;
    if (this.keyCache === null || this.keyOrder !== this.orderValue || this.keyParent !== parentKey) {
      this.keyCache = `${identityId(this.constructor)}:${this.orderValue}:${this.stateKey()}(${parentKey})`;
      this.keyOrder = this.orderValue;
      this.keyParent = parentKey;
    }
    return this.keyCache;
  }

  /**
   * The part of the key that describes this group's own GL state; subclasses with
   * state override it. It must not change after construction (the key is cached).
   */
  protected stateKey(): string {
    return '';
  }

  setState(_gl: WebGL2RenderingContext): void {}

  unsetState(_gl: WebGL2RenderingContext): void {}

  /** Called by Batch for every group (and ancestor) it holds. */
  addListener(listener: GroupListener): void {
    this.listeners.add(listener);
  }

  removeListener(listener: GroupListener): void {
    this.listeners.delete(listener);
  }

  private notify(): void {
    for (const listener of this.listeners) listener.invalidate();
  }
}

/** Uses a program; groups on the same program (and order, parent) are equal. */
export class ShaderGroup extends Group {
  readonly program: ShaderProgram;

  constructor(program: ShaderProgram, order = 0, parent: Group | null = null) {
    super(order, parent);
    this.program = program;
  }

  protected override stateKey(): string {
    return `program${identityId(this.program)}`;
  }

  override setState(_gl: WebGL2RenderingContext): void {
    this.program.use();
  }
}

// Both set GL state only through GLState (program.use) or not at all.
trackGLState(Group);
trackGLState(ShaderGroup);
