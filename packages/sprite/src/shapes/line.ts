/**
 * Line (pyglet.shapes.Line): a quad `thickness` wide from (x, y) to (x2, y2).
 *
 * As pyglet: x, y is the start and x2, y2 the end, both canvas pixels, so
 * moving x/y moves only the start. The local frame runs along the line
 * (length × thickness); anchorX is a fraction of the length from the start,
 * anchorY a fraction across the thickness. The default (0, 0.5) is the start
 * point on the centre line, so the line draws exactly between its two points;
 * `rotation` turns it about that anchor. 6 vertices.
 */
import { checkFinite, checkSize } from './checks.ts';
import { setBox, Shape, writeQuad, type AnchorBox, type ShapeOptions } from './shape.ts';

export interface LineOptions extends ShapeOptions {
  /** Pixels, ≥ 0; default 1. */
  thickness?: number;
}

export class Line extends Shape {
  private x2Value: number;
  private y2Value: number;
  private thicknessValue: number;
  /** From the start to the end, set by measureFrame. */
  private length = 0;

  constructor(x: number, y: number, x2: number, y2: number, options: LineOptions) {
    super(x, y, options, [0, 0.5]);
    this.x2Value = checkFinite('new Line', 'x2', x2);
    this.y2Value = checkFinite('new Line', 'y2', y2);
    this.thicknessValue = checkSize('new Line', 'thickness', options.thickness ?? 1);
    this.attach();
  }

  get x2(): number {
    this.checkLive('x2');
    return this.x2Value;
  }

  set x2(value: number) {
    this.x2Value = this.checked('x2', value);
    this.writePositions();
  }

  get y2(): number {
    this.checkLive('y2');
    return this.y2Value;
  }

  set y2(value: number) {
    this.y2Value = this.checked('y2', value);
    this.writePositions();
  }

  get thickness(): number {
    this.checkLive('thickness');
    return this.thicknessValue;
  }

  set thickness(value: number) {
    this.thicknessValue = this.checked('thickness', value, true);
    this.writePositions();
  }

  /** The length, and the direction as the frame's angle (Math.sqrt: V8 boxes what Math.hypot returns). */
  protected override measureFrame(angle: Float64Array): void {
    const dx = this.x2Value - this.x, dy = this.y2Value - this.y;
    this.length = Math.sqrt(dx * dx + dy * dy);
    angle[0] = Math.atan2(dy, dx);
  }

  protected vertexCount(): number {
    return 6;
  }

  protected localVertices(out: Float64Array): void {
    const length = this.length, half = this.thicknessValue / 2;
    writeQuad(out, 0, 0, -half, length, 2 * half);
  }

  protected anchorBox(out: AnchorBox): void {
    setBox(out, 0, -this.thicknessValue / 2, this.length, this.thicknessValue);
  }
}
