/**
 * Shape: the base of every shape (pyglet.shapes.ShapeBase): one VertexList of TRIANGLES in a Batch,
 * drawn by the shape program in a ShapeGroup (shape-program.ts), one domain and draw call a group.
 *
 * Invariants: x, y and rotation live in the domain's numbers (shape-writes.ts), the rest in fields.
 * A subclass writes its outline in a local frame and names the box its anchor refers to; positions
 * are the outline less the anchor point, which the shader turns by `rotation` and moves to (x, y).
 * Setters store and mark, and the next draw writes translate, rotation or positions (a move writes
 * no position but a line's); colour and opacity are written at once. Hidden, every position is 0.
 * A bad argument throws ShapeError naming it, with the shape unchanged; so does a change after
 * delete() or after its list or batch was deleted.
 *
 * Over 400 lines: the base class of every shape, 26 documented accessors, each setter checked;
 * the vertex writes (shape-writes.ts) and checks (checks.ts) already live apart.
 */
import { Batch, Group, type ListOwner, type VertexList } from '@webglet/graphics';
import { ShapeError } from '../errors.ts';
import { checkBoolean, checkColor, checkFinite, checkOpacity, checkSize, type Color } from './checks.ts';
import { SHAPE_ATTRIBUTES, shapeGroup, shapeProgram } from './shape-program.ts';
import {
  GEOMETRY,
  NUMBERS,
  ROTATION,
  ShapeMarks,
  ShapeWrites,
  TRANSLATE,
  X,
  Y,
  type GeometryOwner,
  type ShapeValues,
} from './shape-writes.ts';
import { RefusedValues } from '../vertex-marks.ts';

export type { Color } from './checks.ts';

/** What every shape constructor takes after its geometry. */
export interface ShapeOptions {
  batch: Batch;
  /** Parent group: the shape's ShapeGroup is its child. Default: none. */
  group?: Group;
  /** Default [255, 255, 255]; a 4th component sets `opacity`. */
  color?: Color;
  /** 0–255, default 255 (or the 4th colour component). */
  opacity?: number;
  /** Radians, clockwise on screen, about the anchor. Default 0. */
  rotation?: number;
  /** Fractions of the shape's anchor box (see each shape); defaults per shape. */
  anchorX?: number;
  anchorY?: number;
  visible?: boolean;
}

/** The rectangle of the local frame that anchorX/anchorY are fractions of. */
export interface AnchorBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Writes triangle (a, b, c) into `out` at element `at`; returns the element after it. Element by element: no array per write. */
export function writeTriangle(
  out: Float64Array,
  at: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
): number {
  out[at] = ax;
  out[at + 1] = ay;
  out[at + 2] = bx;
  out[at + 3] = by;
  out[at + 4] = cx;
  out[at + 5] = cy;
  return at + 6;
}

/**
 * The box writeQuad writes: left, top, width, height. An argument block, not arguments: V8 boxes a
 * fractional argument of a call it has not inlined yet (a game's first frames), 12 bytes each.
 */
export const QUAD = new Float64Array(4);

/** Writes the box [left, left + width) × [top, top + height) of QUAD as two triangles at element `at`; returns the element after it. */
export function writeQuad(out: Float64Array, at: number): number {
  const left = QUAD[0]!,
    top = QUAD[1]!,
    right = left + QUAD[2]!,
    bottom = top + QUAD[3]!;
  return writeTriangle(out, writeTriangle(out, at, left, top, right, top, right, bottom), left, top, right, bottom, left, bottom);
}

// Local vertices, anchor box and frame angle of the shape being written; shared, as writes never nest.
let scratch = new Float64Array(64);
/** containsPoint's positions, apart from the draw's. */
let hitScratch = new Float64Array(64);

/** Whether (px, py) is inside or on the triangle (ax, ay), (bx, by), (cx, cy), either winding. */
function inTriangle(px: number, py: number, ax: number, ay: number, bx: number, by: number, cx: number, cy: number): boolean {
  const d1 = (px - bx) * (ay - by) - (ax - bx) * (py - by);
  const d2 = (px - cx) * (by - cy) - (bx - cx) * (py - cy);
  const d3 = (px - ax) * (cy - ay) - (cx - ax) * (py - ay);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
}
const BOX: AnchorBox = { left: 0, top: 0, width: 0, height: 0 };
const FRAME_ANGLE = new Float64Array(1);

/** x, y and rotation while the constructor runs, copied into the domain by attach(). */
class StagedValues extends ShapeMarks {
  override numbers = new Float64Array(NUMBERS);
  override pending = new Uint8Array(4);
}

export abstract class Shape implements ListOwner, GeometryOwner {
  private batchValue: Batch;
  private parentGroup: Group | null;
  private list: VertexList | null = null;
  private writes: ShapeWrites | null = null;
  /**
   * What the per-frame getters and setters read and write: the domain's ShapeWrites (this shape's
   * numbers and pending bits at `at`; StagedValues until attached), or a RefusedValues once the shape
   * may not be changed, whose writes throw. So those accessors need no test of their own and stay
   * small enough for V8 to inline into a game's loop. Subclasses' outline setters mark through it too.
   */
  protected values: ShapeValues;
  /** @internal Where this shape's numbers and pending bits are in `values` (its list's start once attached). */
  at = 0;
  /** @internal The bits a change of x or y marks: TRANSLATE, and FRAME where the outline depends on the position (Line). */
  moveBits = TRANSLATE;
  private anchorXValue: number;
  private anchorYValue: number;
  private rgb: [number, number, number];
  private opacityValue: number;
  private visibleValue: boolean;
  /** Why the list is gone while the shape is not: deleted directly, or with its batch; null while it is there. */
  private lost: 'list' | 'batch' | null = null;
  private deleted = false;

  /** Checks the common options; the subclass checks its own, sets its fields, then calls `attach()`. */
  protected constructor(x: number, y: number, options: ShapeOptions, defaultAnchor: readonly [number, number]) {
    const where = `new ${new.target.name}`;
    if (typeof options !== 'object' || options === null) {
      throw new ShapeError('options', options, `${where}: options must be { batch, group?, ... }, got ${String(options)}`);
    }
    const { batch, group, color = [255, 255, 255], rotation = 0, visible = true } = options;
    const { anchorX = defaultAnchor[0], anchorY = defaultAnchor[1] } = options;
    checkBatch(where, batch);
    checkParent(where, group);
    const staged = new StagedValues();
    staged.numbers[X] = checkFinite(where, 'x', x);
    staged.numbers[Y] = checkFinite(where, 'y', y);
    staged.numbers[ROTATION] = checkFinite(where, 'rotation', rotation);
    this.anchorXValue = checkFinite(where, 'anchorX', anchorX);
    this.anchorYValue = checkFinite(where, 'anchorY', anchorY);
    checkColor(where, 'color', color);
    const opacity = options.opacity ?? (color as readonly number[])[3] ?? 255;
    checkOpacity(where, 'opacity', opacity);
    this.visibleValue = checkBoolean(where, 'visible', visible);
    this.rgb = [color[0], color[1], color[2]];
    this.opacityValue = opacity;
    this.batchValue = batch;
    this.parentGroup = group ?? null;
    this.values = staged;
  }

  /** Vertices the shape has now (a multiple of 3: TRIANGLES; at least 3). */
  protected abstract vertexCount(): number;
  /** Writes vertexCount() × [x, y] in the local frame. */
  protected abstract localVertices(out: Float64Array): void;
  /** Writes into `out` the box anchorX/anchorY are fractions of, in the local frame. */
  protected abstract anchorBox(out: AnchorBox): void;
  /**
   * First in every position write: brings what the local frame derives from up to date, and writes
   * into angle[0] the angle the local frame is turned by (Line: its length, and its direction). An
   * out-parameter: returned from a method (V8 boxes a fractional double returned from a call it does
   * not inline) or kept in a field of Shape and read here, the angle cost 12 bytes a write (measured).
   */
  protected measureFrame(angle: Float64Array): void {
    angle[0] = 0;
  }
  /** The colour of vertex `index`; all the shape's colour unless a subclass has more. */
  protected vertexColor(_index: number): readonly number[] {
    return this.rgb;
  }

  /** Allocates the list; the last step of every subclass constructor. Its vertices are written at the next draw, its colours now. */
  protected attach(): void {
    const gl = this.batchValue.gl;
    const program = shapeProgram(gl);
    const list = this.batchValue.add(this.vertexCount(), gl.TRIANGLES, shapeGroup(program, this.parentGroup), program, SHAPE_ATTRIBUTES);
    this.take(list, this.values.numbers, this.at);
  }

  get isDeleted(): boolean {
    return this.deleted;
  }

  get batch(): Batch {
    this.checkLive('batch');
    return this.batchValue;
  }

  /** The parent group given (or null), not the internal ShapeGroup. */
  get group(): Group | null {
    this.checkLive('group');
    return this.parentGroup;
  }

  /**
   * The shape's vertices, for reading (count, start; `position` relative to the anchor, `translate`,
   * `rotation`, `colors`). Changes of x, y, rotation and the outline reach them at the next draw.
   */
  get vertexList(): VertexList {
    this.checkLive('vertexList');
    return this.list!;
  }

  // The getters and setters below are what a game calls for every shape every frame. A getter is a
  // few loads; x, y and rotation hand their argument to `values.given` and call a put… method,
  // which checks and keeps it (vertex-marks.ts): small enough that V8 inlines them into any loop,
  // where no number is boxed. The subclasses' outline setters store and mark in their own body.

  get x(): number {
    return this.values.numbers[this.at + X]!;
  }

  set x(value: number) {
    const values = this.values;
    values.given = value;
    values.putX(this);
  }

  get y(): number {
    return this.values.numbers[this.at + Y]!;
  }

  set y(value: number) {
    const values = this.values;
    values.given = value;
    values.putY(this);
  }

  get position(): [number, number] {
    const numbers = this.values.numbers;
    return [numbers[this.at + X]!, numbers[this.at + Y]!];
  }

  set position(value: readonly [number, number]) {
    if (!Array.isArray(value) || value.length !== 2 || !Number.isFinite(value[0]) || !Number.isFinite(value[1])) this.refusePosition(value);
    const values = this.values,
      pending = values.pending,
      at = this.at;
    values.numbers[at + X] = value[0];
    values.numbers[at + Y] = value[1];
    pending[at] = pending[at]! | this.moveBits;
    values.dirty = true;
  }

  get rotation(): number {
    return this.values.numbers[this.at + ROTATION]!;
  }

  set rotation(value: number) {
    const values = this.values;
    values.given = value;
    values.putRotation(this);
  }

  get anchorX(): number {
    this.checkLive('anchorX');
    return this.anchorXValue;
  }

  set anchorX(value: number) {
    if (!Number.isFinite(value)) this.refuse('anchorX', value);
    const values = this.values,
      pending = values.pending,
      at = this.at;
    this.anchorXValue = value;
    pending[at] = pending[at]! | GEOMETRY;
    values.dirty = true;
  }

  get anchorY(): number {
    this.checkLive('anchorY');
    return this.anchorYValue;
  }

  set anchorY(value: number) {
    if (!Number.isFinite(value)) this.refuse('anchorY', value);
    const values = this.values,
      pending = values.pending,
      at = this.at;
    this.anchorYValue = value;
    pending[at] = pending[at]! | GEOMETRY;
    values.dirty = true;
  }

  /** [r, g, b] (a copy); opacity is separate. */
  get color(): [number, number, number] {
    this.checkLive('color');
    return [...this.rgb];
  }

  /** [r, g, b] or [r, g, b, a]; a 4th component sets opacity. Rewrites only colours. */
  set color(value: Color) {
    this.checkWritable('color');
    checkColor(`${this.constructor.name}.color`, 'color', value);
    this.rgb = [value[0], value[1], value[2]];
    if (value.length === 4) this.opacityValue = value[3]!;
    this.writeColors();
  }

  get opacity(): number {
    this.checkLive('opacity');
    return this.opacityValue;
  }

  set opacity(value: number) {
    this.checkWritable('opacity');
    checkOpacity(`${this.constructor.name}.opacity`, 'opacity', value);
    this.opacityValue = value;
    this.writeColors();
  }

  get visible(): boolean {
    this.checkLive('visible');
    return this.visibleValue;
  }

  set visible(value: boolean) {
    this.checkWritable('visible');
    checkBoolean(`${this.constructor.name}.visible`, 'visible', value);
    if (value === this.visibleValue) return;
    this.visibleValue = value;
    const values = this.values;
    values.pending[this.at] = values.pending[this.at]! | GEOMETRY;
    values.dirty = true;
  }

  /**
   * Moves the shape into `batch` (under parent `group`, default none), keeping
   * its vertices (VertexList.migrate). The batch must draw on the same context.
   */
  migrate(batch: Batch, group: Group | null = null): void {
    const where = `${this.constructor.name}.migrate`;
    this.checkWritable('migrate');
    checkBatch(where, batch);
    checkParent(where, group ?? undefined);
    const gl = batch.gl;
    if (gl !== this.batchValue.gl) {
      throw new ShapeError('batch', batch, `${where}: batch must draw on the shape's WebGL context, got a batch on another context`);
    }
    this.list!.migrate(batch, shapeGroup(shapeProgram(gl), group));
    this.batchValue = batch;
    this.parentGroup = group;
  }

  /** Frees the vertices; any later use throws ShapeError. */
  delete(): void {
    this.checkLive('delete');
    const list = this.list!;
    list.owner = null;
    if (this.lost === null) {
      this.writes!.release(this.at);
      list.delete();
    }
    this.list = null;
    this.deleted = true;
    const name = this.constructor.name;
    this.values = new RefusedValues(null, () => new ShapeError('this', 'deleted', `${name}: the shape was deleted`));
  }

  /** @internal The batch moved the list to another domain: the numbers follow it, and everything is written again there. */
  listMoved(): void {
    const writes = this.writes!,
      from = this.at;
    writes.release(from);
    this.take(this.list!, writes.numbers, from);
  }

  /** @internal The list was deleted directly (its vertices may be another shape's now), or with its batch. */
  listLost(): void {
    const writes = this.writes!,
      at = this.at;
    writes.release(at);
    this.lost = this.list!.isDeleted ? 'list' : 'batch';
    this.values = new RefusedValues(writes.numbers.slice(at, at + NUMBERS), () => this.lostError(null));
    this.at = 0;
  }

  /**
   * @internal For the domain's commit: writes the positions (the outline less the anchor, turned by the
   * frame's angle; 0 when hidden), and marks them only if one changed. `bits`: what is pending (Line).
   */
  writeGeometry(_bits: number): void {
    const writer = this.writes!.position;
    const array = writer.array,
      stride = writer.elementStride;
    const count = this.list!.count,
      first = this.at * stride;
    let changed = false;
    if (!this.visibleValue) {
      for (let v = first, end = first + count * stride; v < end; v += stride) {
        changed ||= array[v] !== 0 || array[v + 1] !== 0;
        array[v] = 0;
        array[v + 1] = 0;
      }
    } else {
      if (scratch.length < count * 2) scratch = new Float64Array(count * 2);
      this.positions(scratch);
      for (let i = 0, v = first; i < count; i++, v += stride) {
        const oldX = array[v],
          oldY = array[v + 1];
        array[v] = scratch[i * 2]!;
        array[v + 1] = scratch[i * 2 + 1]!;
        // Compared as stored (32-bit): outside its marks, the GPU's copy is the shadow's.
        changed ||= array[v] !== oldX || array[v + 1] !== oldY;
      }
    }
    if (changed) writer.mark(this.at, count);
  }

  /** Writes the positions, vertexCount() × [x, y]: the outline less the anchor point, turned by the frame's angle. */
  private positions(out: Float64Array): void {
    this.measureFrame(FRAME_ANGLE);
    this.localVertices(out);
    const box = BOX;
    this.anchorBox(box);
    const anchorX = box.left + this.anchorXValue * box.width;
    const anchorY = box.top + this.anchorYValue * box.height;
    const angle = FRAME_ANGLE[0]!;
    const cos = Math.cos(angle),
      sin = Math.sin(angle);
    for (let i = 0, end = this.vertexCount() * 2; i < end; i += 2) {
      const dx = out[i]! - anchorX,
        dy = out[i + 1]! - anchorY;
      // y points down, so this standard rotation turns clockwise on screen.
      out[i] = dx * cos - dy * sin;
      out[i + 1] = dx * sin + dy * cos;
    }
  }

  /**
   * Whether the point (x, y), in the batch's coordinates (the window's, under a plain projection),
   * is inside one of the shape's triangles, as they are drawn now; a hidden shape contains nothing.
   */
  containsPoint(x: number, y: number): boolean {
    this.checkLive('containsPoint');
    checkFinite(`${this.constructor.name}.containsPoint`, 'x', x);
    checkFinite(`${this.constructor.name}.containsPoint`, 'y', y);
    if (!this.visibleValue) return false;
    const count = this.vertexCount();
    if (hitScratch.length < count * 2) hitScratch = new Float64Array(count * 2);
    const points = hitScratch;
    this.positions(points);
    // Into the shape's turned frame: the inverse of the shader's rotation, then of its translate.
    const rotation = this.rotation,
      dx = x - this.x,
      dy = y - this.y;
    const cos = Math.cos(rotation),
      sin = Math.sin(rotation);
    const px = dx * cos + dy * sin,
      py = -dx * sin + dy * cos;
    for (let i = 0; i < count * 2; i += 6) {
      if (inTriangle(px, py, points[i]!, points[i + 1]!, points[i + 2]!, points[i + 3]!, points[i + 4]!, points[i + 5]!)) return true;
    }
    return false;
  }

  /**
   * Resizes the list for a new segment or spike count already stored (in place when it can); if
   * the list cannot grow (GrowthError), `restore` puts the old count back and the error goes on, so
   * the shape is as it was. The call's caller has checked that the shape may be changed.
   */
  protected resizeOrRestore(restore: () => void): void {
    const list = this.list!,
      writes = this.writes!,
      from = this.at;
    try {
      list.resize(this.vertexCount());
    } catch (error) {
      restore();
      throw error;
    }
    writes.release(from);
    this.take(list, writes.numbers, from);
  }

  /** Writes every vertex's colour and opacity now. */
  protected writeColors(): void {
    const writes = this.writes;
    if (writes === null) return; // still in the constructor: attach() writes them
    const writer = writes.colors;
    const array = writer.array,
      stride = writer.elementStride;
    const count = this.list!.count;
    for (let i = 0, v = this.at * stride; i < count; i++, v += stride) {
      const color = this.vertexColor(i);
      array[v] = color[0]!;
      array[v + 1] = color[1]!;
      array[v + 2] = color[2]!;
      array[v + 3] = this.opacityValue;
    }
    writer.mark(this.at, count);
  }

  /** Runs only when a setter's argument is not a number it takes (finite, and ≥ 0 if `size`): throws the error that names what is wrong. */
  /** @internal Where its pending bits are, for the put… methods: at its first vertex, as its numbers. */
  get start(): number {
    return this.at;
  }

  /** @internal Throws the ShapeError for a bad `value` of `name` (`size`: one that must also be ≥ 0). */
  refuse(name: string, value: unknown, size = false): void {
    this.checkWritable(name);
    (size ? checkSize : checkFinite)(`${this.constructor.name}.${name}`, name, value);
  }

  protected checkLive(name: string): void {
    if (this.deleted) throw new ShapeError('this', 'deleted', `${this.constructor.name}.${name}: the shape was deleted`);
  }

  /** Throws the error that says why the shape may not be changed, if it may not. */
  protected checkWritable(name: string): void {
    this.checkLive(name);
    if (this.lost !== null) throw this.lostError(name);
  }

  /** Takes `list`: its numbers from source[from …]; its vertices are written at the next draw, its colours now. */
  private take(list: VertexList, source: Float64Array, from: number): void {
    // Read first: ShapeWrites.of may replace the array `source` is (a growth of the same domain).
    const x = source[from + X]!,
      y = source[from + Y]!,
      rotation = source[from + ROTATION]!;
    const writes = ShapeWrites.of(list.domain);
    this.list = list;
    this.writes = writes;
    this.values = writes;
    this.at = list.start;
    this.lost = null;
    list.owner = this;
    writes.adopt(this, this.at, list.count, x, y, rotation);
    this.writeColors();
  }

  private refusePosition(value: unknown): void {
    this.checkWritable('position');
    throw new ShapeError('position', value, `${this.constructor.name}.position: must be [x, y] of finite numbers, got ${String(value)}`);
  }

  /** `name`: the property or method used, where known. */
  private lostError(name: string | null): ShapeError {
    const where = `${this.constructor.name}${name === null ? '' : `.${name}`}`;
    return this.lost === 'batch'
      ? new ShapeError('batch', this.batchValue, `${where}: the shape's batch was deleted`)
      : new ShapeError(
          'vertexList',
          this.list,
          `${where}: the shape's vertex list was deleted directly (its vertices may hold another shape now); delete the shape instead`,
        );
  }
}

function checkBatch(where: string, batch: unknown): asserts batch is Batch {
  if (!(batch instanceof Batch) || batch.isDeleted) {
    throw new ShapeError(
      'batch',
      batch,
      `${where}: batch must be a live Batch, got ${batch instanceof Batch ? 'a deleted Batch' : String(batch)}`,
    );
  }
}

function checkParent(where: string, group: unknown): void {
  if (group !== undefined && group !== null && !(group instanceof Group)) {
    throw new ShapeError('group', group, `${where}: group must be a Group, got ${String(group)}`);
  }
}
