/**
 * Line (pyglet.shapes.Line): a quad `thickness` wide from (x, y) to (x2, y2).
 *
 * As pyglet: x, y is the start and x2, y2 the end, both canvas pixels, so
 * moving x/y moves only the start. The local frame runs along the line
 * (length × thickness); anchorX is a fraction of the length from the start,
 * anchorY a fraction across the thickness. The default (0, 0.5) is the start
 * point on the centre line, so the line draws exactly between its two points;
 * `rotation` turns it about that anchor. 6 vertices. Its direction is in its positions, so
 * moving one end rewrites them too (moving both alike does not), unlike any other shape's move.
 */
import { checkFinite, checkSize } from './checks.ts';
import { QUAD, Shape, writeQuad, type AnchorBox, type ShapeOptions } from './shape.ts';
import { FRAME, GEOMETRY, TRANSLATE } from './shape-writes.ts';

export interface LineOptions extends ShapeOptions {
  /** Pixels, ≥ 0; default 1. */
  thickness?: number;
}

export class Line extends Shape {
  /** @internal The end, [x2, y2]: in a typed array, so its put… methods store a number unboxed. */
  readonly ends = new Float64Array(2);
  private thicknessValue: number;
  /** From the start to the end, set by measureFrame. */
  private length = 0;
  /** end − start when the positions were last written: an outline moved whole (both ends alike) is not rewritten. */
  private writtenDx = NaN;
  private writtenDy = NaN;

  constructor(x: number, y: number, x2: number, y2: number, options: LineOptions) {
    super(x, y, options, [0, 0.5]);
    // The start is the anchor: moving it may turn and stretch the outline, so the draw looks at the positions too.
    this.moveBits = TRANSLATE | FRAME;
    this.ends[0] = checkFinite('new Line', 'x2', x2);
    this.ends[1] = checkFinite('new Line', 'y2', y2);
    this.thicknessValue = checkSize('new Line', 'thickness', options.thickness ?? 1);
    this.attach();
  }

  get x2(): number {
    this.checkLive('x2');
    return this.ends[0]!;
  }

  // The ends hand their number over as x and y do (vertex-marks.ts), so a game's loop inlines them.
  set x2(value: number) {
    const values = this.values;
    values.given = value;
    values.putX2(this);
  }

  get y2(): number {
    this.checkLive('y2');
    return this.ends[1]!;
  }

  set y2(value: number) {
    const values = this.values;
    values.given = value;
    values.putY2(this);
  }

  get thickness(): number {
    this.checkLive('thickness');
    return this.thicknessValue;
  }

  set thickness(value: number) {
    if (!(Number.isFinite(value) && value >= 0)) this.refuse('thickness', value, true);
    const values = this.values,
      pending = values.pending,
      at = this.at;
    this.thicknessValue = value;
    pending[at] = pending[at]! | GEOMETRY;
    values.dirty = true;
  }

  /** @internal Rewrites the positions unless only the ends moved, and both by as much (GEOMETRY: something else changed). */
  override writeGeometry(bits: number): void {
    const dx = this.ends[0]! - this.x,
      dy = this.ends[1]! - this.y;
    if ((bits & GEOMETRY) === 0 && dx === this.writtenDx && dy === this.writtenDy) return;
    this.writtenDx = dx;
    this.writtenDy = dy;
    super.writeGeometry(bits);
  }

  /** The length, and the direction as the frame's angle (Math.sqrt: V8 boxes what Math.hypot returns). */
  protected override measureFrame(angle: Float64Array): void {
    const dx = this.ends[0]! - this.x,
      dy = this.ends[1]! - this.y;
    this.length = Math.sqrt(dx * dx + dy * dy);
    angle[0] = Math.atan2(dy, dx);
  }

  protected vertexCount(): number {
    return 6;
  }

  protected localVertices(out: Float64Array): void {
    QUAD[0] = 0;
    QUAD[1] = -this.thicknessValue / 2;
    QUAD[2] = this.length;
    QUAD[3] = this.thicknessValue;
    writeQuad(out, 0);
  }

  protected anchorBox(out: AnchorBox): void {
    // Field by field, not through a call: V8 boxes fractional arguments of a call it has not inlined.
    out.left = 0;
    out.top = -this.thicknessValue / 2;
    out.width = this.length;
    out.height = this.thicknessValue;
  }
}
