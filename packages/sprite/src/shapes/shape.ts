/**
 * Shape: the base of every shape (pyglet.shapes.ShapeBase). A shape owns one
 * VertexList of TRIANGLES in a Batch, drawn by the context's default program in
 * a ShapeGroup (see shape-program.ts), so every shape of a batch and parent
 * group shares one domain and one draw call.
 *
 * Decisions:
 * - Non-indexed `batch.add`: every shape then lands in the same domain (indexed
 *   and non-indexed lists never share one), and resizing for `segments` is a
 *   plain VertexList.resize. The cost is repeated vertices (16 bytes each).
 * - Formats: `position` 'f' × 3 (the default program declares a vec3 and the
 *   domain takes its component count from the shader, so 2 is not possible;
 *   z is always 0), `colors` 'Bn' × 4.
 * - Geometry: a subclass writes its vertices in a local frame and names the
 *   local box its anchor refers to; here they are moved so the anchor point
 *   (box.left + anchorX × box.width, box.top + anchorY × box.height) lands on
 *   (x, y), turned by `rotation` (radians, clockwise on screen: y is down)
 *   about it. Changing position, rotation, anchor or size rewrites only this
 *   shape's positions; colour or opacity only its colours.
 * - `visible = false` writes every position as (0, 0) (zero-area triangles;
 *   the list stays); `visible = true` writes them back.
 * - Every setter checks first and throws ShapeError with the shape unchanged;
 *   any use after `delete()` throws ShapeError.
 */
import { Batch, Group, type VertexList } from '@webglet/graphics';
import { ShapeError } from '../errors.ts';
import { checkBoolean, checkColor, checkFinite, checkOpacity, checkSize, isFiniteNumber, isSize, type Color } from './checks.ts';
import { shapeGroup, shapeProgram } from './shape-program.ts';

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
export interface AnchorBox { left: number; top: number; width: number; height: number }

/** Writes triangle (a, b, c) into `out` at element `at`; returns the element after it. Element by element: no array per write. */
export function writeTriangle(out: Float64Array, at: number, ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  out[at] = ax;
  out[at + 1] = ay;
  out[at + 2] = bx;
  out[at + 3] = by;
  out[at + 4] = cx;
  out[at + 5] = cy;
  return at + 6;
}

/** Writes the box [left, left + width) × [top, top + height) as two triangles at element `at`; returns the element after it. */
export function writeQuad(out: Float64Array, at: number, left: number, top: number, width: number, height: number): number {
  const right = left + width, bottom = top + height;
  return writeTriangle(out, writeTriangle(out, at, left, top, right, top, right, bottom), left, top, right, bottom, left, bottom);
}

/** Writes a box into `out` (for anchorBox). */
export function setBox(out: AnchorBox, left: number, top: number, width: number, height: number): void {
  out.left = left;
  out.top = top;
  out.width = width;
  out.height = height;
}

// Local vertices, anchor box and frame angle of the shape being written; shared, as writes never nest.
let scratch = new Float64Array(64);
const BOX: AnchorBox = { left: 0, top: 0, width: 0, height: 0 };
const FRAME_ANGLE = new Float64Array(1);

export abstract class Shape {
  private batchValue: Batch;
  private parentGroup: Group | null;
  private list: VertexList | null = null;
  private xValue: number;
  private yValue: number;
  private rotationValue: number;
  private anchorXValue: number;
  private anchorYValue: number;
  private rgb: [number, number, number];
  private opacityValue: number;
  private visibleValue: boolean;
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
    this.xValue = checkFinite(where, 'x', x);
    this.yValue = checkFinite(where, 'y', y);
    this.rotationValue = checkFinite(where, 'rotation', rotation);
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
  }

  /** Vertices the shape has now (a multiple of 3: TRIANGLES). */
  protected abstract vertexCount(): number;
  /** Writes vertexCount() × [x, y] in the local frame. */
  protected abstract localVertices(out: Float64Array): void;
  /** Writes into `out` the box anchorX/anchorY are fractions of, in the local frame. */
  protected abstract anchorBox(out: AnchorBox): void;
  /**
   * First in every position write: brings what the local frame derives from up to date, and writes
   * into angle[0] the angle added to `rotation` (Line: its length, and its direction). An out-parameter:
   * returned from a method (V8 boxes a fractional double returned from a call it does not inline) or
   * kept in a field of Shape and read here, the angle cost 12 bytes a write (measured).
   */
  protected measureFrame(angle: Float64Array): void {
    angle[0] = 0;
  }
  /** The colour of vertex `index`; all the shape's colour unless a subclass has more. */
  protected vertexColor(_index: number): readonly number[] {
    return this.rgb;
  }

  /** Allocates the list and writes it; the last step of every subclass constructor. */
  protected attach(): void {
    const gl = this.batchValue.gl;
    const program = shapeProgram(gl);
    this.list = this.batchValue.add(this.vertexCount(), gl.TRIANGLES, shapeGroup(program, this.parentGroup), program, {
      position: ['f'], colors: ['Bn'],
    });
    this.writePositions();
    this.writeColors();
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

  /** The shape's vertices, for reading (count, start); write through the shape's properties. */
  get vertexList(): VertexList {
    this.checkLive('vertexList');
    return this.list!;
  }

  get x(): number {
    this.checkLive('x');
    return this.xValue;
  }

  set x(value: number) {
    this.xValue = this.checked('x', value);
    this.writePositions();
  }

  get y(): number {
    this.checkLive('y');
    return this.yValue;
  }

  set y(value: number) {
    this.yValue = this.checked('y', value);
    this.writePositions();
  }

  get position(): [number, number] {
    this.checkLive('position');
    return [this.xValue, this.yValue];
  }

  set position(value: readonly [number, number]) {
    this.checkLive('position');
    if (!Array.isArray(value) || value.length !== 2 || !value.every((c) => typeof c === 'number' && Number.isFinite(c))) {
      throw new ShapeError('position', value, `${this.constructor.name}.position: must be [x, y] of finite numbers, got ${String(value)}`);
    }
    this.xValue = value[0];
    this.yValue = value[1];
    this.writePositions();
  }

  get rotation(): number {
    this.checkLive('rotation');
    return this.rotationValue;
  }

  set rotation(value: number) {
    this.rotationValue = this.checked('rotation', value);
    this.writePositions();
  }

  get anchorX(): number {
    this.checkLive('anchorX');
    return this.anchorXValue;
  }

  set anchorX(value: number) {
    this.anchorXValue = this.checked('anchorX', value);
    this.writePositions();
  }

  get anchorY(): number {
    this.checkLive('anchorY');
    return this.anchorYValue;
  }

  set anchorY(value: number) {
    this.anchorYValue = this.checked('anchorY', value);
    this.writePositions();
  }

  /** [r, g, b] (a copy); opacity is separate. */
  get color(): [number, number, number] {
    this.checkLive('color');
    return [...this.rgb];
  }

  /** [r, g, b] or [r, g, b, a]; a 4th component sets opacity. Rewrites only colours. */
  set color(value: Color) {
    this.checkLive('color');
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
    this.checkLive('opacity');
    checkOpacity(`${this.constructor.name}.opacity`, 'opacity', value);
    this.opacityValue = value;
    this.writeColors();
  }

  get visible(): boolean {
    this.checkLive('visible');
    return this.visibleValue;
  }

  set visible(value: boolean) {
    this.checkLive('visible');
    checkBoolean(`${this.constructor.name}.visible`, 'visible', value);
    if (value === this.visibleValue) return;
    this.visibleValue = value;
    this.writePositions();
  }

  /**
   * Moves the shape into `batch` (under parent `group`, default none), keeping
   * its vertices (VertexList.migrate). The batch must draw on the same context.
   */
  migrate(batch: Batch, group: Group | null = null): void {
    const where = `${this.constructor.name}.migrate`;
    this.checkLive('migrate');
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
    this.list!.delete();
    this.list = null;
    this.deleted = true;
  }

  /**
   * `value` for geometry number `name` once checked: finite, and ≥ 0 if `size`.
   * A setter stores it and rewrites positions; nothing changes if this throws. No
   * closure and no string unless it throws: setters run every frame.
   */
  protected checked(name: string, value: unknown, size = false): number {
    this.checkLive(name);
    if (size ? isSize(value) : isFiniteNumber(value)) return value as number;
    return (size ? checkSize : checkFinite)(`${this.constructor.name}.${name}`, name, value);
  }

  /** After the vertex count changed (segments, spikes): resize in place in the batch and rewrite everything. */
  /**
   * Resizes the list for a new segment or spike count already stored; if the list
   * cannot grow (GrowthError), `restore` puts the old count back and the error goes
   * on, so the shape is as it was.
   */
  protected resizeOrRestore(restore: () => void): void {
    try {
      this.list!.resize(this.vertexCount());
    } catch (error) {
      restore();
      throw error;
    }
    this.writePositions();
    this.writeColors();
  }

  protected writeColors(): void {
    const list = this.list;
    if (list === null) return; // still in the constructor: attach() writes them
    const count = list.count;
    if (count === 0) return;
    const view = list.get('colors');
    const stride = view.length / count;
    for (let i = 0; i < count; i++) {
      const color = this.vertexColor(i);
      view[i * stride] = color[0]!;
      view[i * stride + 1] = color[1]!;
      view[i * stride + 2] = color[2]!;
      view[i * stride + 3] = this.opacityValue;
    }
    list.markDirty('colors');
  }

  protected writePositions(): void {
    const list = this.list;
    if (list === null) return; // still in the constructor: attach() writes them
    const count = list.count;
    if (count === 0) return;
    const view = list.get('position');
    if (!this.visibleValue) {
      view.fill(0);
      list.markDirty('position');
      return;
    }
    const stride = view.length / count;
    if (scratch.length < count * 2) scratch = new Float64Array(count * 2);
    this.measureFrame(FRAME_ANGLE);
    this.localVertices(scratch);
    const box = BOX;
    this.anchorBox(box);
    const anchorX = box.left + this.anchorXValue * box.width;
    const anchorY = box.top + this.anchorYValue * box.height;
    const angle = this.rotationValue + FRAME_ANGLE[0]!;
    const cos = Math.cos(angle), sin = Math.sin(angle);
    for (let i = 0; i < count; i++) {
      const dx = scratch[i * 2]! - anchorX, dy = scratch[i * 2 + 1]! - anchorY;
      // y points down, so this standard rotation turns clockwise on screen.
      view[i * stride] = this.xValue + dx * cos - dy * sin;
      view[i * stride + 1] = this.yValue + dx * sin + dy * cos;
      view[i * stride + 2] = 0;
    }
    list.markDirty('position');
  }

  protected checkLive(name: string): void {
    if (this.deleted) throw new ShapeError('this', 'deleted', `${this.constructor.name}.${name}: the shape was deleted`);
  }
}

function checkBatch(where: string, batch: unknown): asserts batch is Batch {
  if (!(batch instanceof Batch) || batch.isDeleted) {
    throw new ShapeError('batch', batch, `${where}: batch must be a live Batch, got ${batch instanceof Batch ? 'a deleted Batch' : String(batch)}`);
  }
}

function checkParent(where: string, group: unknown): void {
  if (group !== undefined && group !== null && !(group instanceof Group)) {
    throw new ShapeError('group', group, `${where}: group must be a Group, got ${String(group)}`);
  }
}
