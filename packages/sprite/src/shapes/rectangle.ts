/**
 * Rectangle and BorderedRectangle (pyglet.shapes.Rectangle, BorderedRectangle).
 *
 * Anchor: fractions of width and height; the default (0, 0) puts the top-left
 * corner at (x, y) (y is down), 0.5 the centre. Width and height are ≥ 0.
 *
 * Rectangle: 6 vertices (two triangles). BorderedRectangle: 30 — the inside
 * (6, fill `color`) and the border as four strips (24, `borderColor`) that do
 * not overlap it, so a translucent rectangle shows no border behind its fill.
 * A border wider than half the rectangle is drawn as half (no inside left).
 * Both extend one module-private base that owns width, height and the anchor box.
 */
import { checkColor, checkSize, type Color } from './checks.ts';
import { QUAD, Shape, writeQuad, type AnchorBox, type ShapeOptions } from './shape.ts';
import { GEOMETRY } from './shape-writes.ts';

/** What both rectangles share: a width × height box from the top-left corner, anchored in it. */
abstract class AxisAlignedBox extends Shape {
  protected widthValue: number;
  protected heightValue: number;

  /** Checks width and height (after the common options); the subclass checks the rest, then calls `attach()`. */
  protected constructor(where: string, x: number, y: number, width: number, height: number, options: ShapeOptions) {
    super(x, y, options, [0, 0]);
    this.widthValue = checkSize(where, 'width', width);
    this.heightValue = checkSize(where, 'height', height);
  }

  get width(): number {
    this.checkLive('width');
    return this.widthValue;
  }

  set width(value: number) {
    if (!(Number.isFinite(value) && value >= 0)) this.refuse('width', value, true);
    const values = this.values,
      pending = values.pending,
      at = this.at;
    this.widthValue = value;
    pending[at] = pending[at]! | GEOMETRY;
    values.dirty = true;
  }

  get height(): number {
    this.checkLive('height');
    return this.heightValue;
  }

  set height(value: number) {
    if (!(Number.isFinite(value) && value >= 0)) this.refuse('height', value, true);
    const values = this.values,
      pending = values.pending,
      at = this.at;
    this.heightValue = value;
    pending[at] = pending[at]! | GEOMETRY;
    values.dirty = true;
  }

  protected anchorBox(out: AnchorBox): void {
    out.left = 0;
    out.top = 0;
    out.width = this.widthValue;
    out.height = this.heightValue;
  }
}

export class Rectangle extends AxisAlignedBox {
  constructor(x: number, y: number, width: number, height: number, options: ShapeOptions) {
    super('new Rectangle', x, y, width, height, options);
    this.attach();
  }

  protected vertexCount(): number {
    return 6;
  }

  protected localVertices(out: Float64Array): void {
    QUAD[0] = 0;
    QUAD[1] = 0;
    QUAD[2] = this.widthValue;
    QUAD[3] = this.heightValue;
    writeQuad(out, 0);
  }
}

export interface BorderedRectangleOptions extends ShapeOptions {
  /** Border width in pixels, ≥ 0; default 1. */
  border?: number;
  /** Default [100, 100, 100]; a 4th component sets `opacity` (shared by fill and border). */
  borderColor?: Color;
}

const FILL_VERTICES = 6;

export class BorderedRectangle extends AxisAlignedBox {
  private borderValue: number;
  private borderRgb: [number, number, number];

  constructor(x: number, y: number, width: number, height: number, options: BorderedRectangleOptions) {
    const where = 'new BorderedRectangle';
    super(where, x, y, width, height, options);
    this.borderValue = checkSize(where, 'border', options.border ?? 1);
    const borderColor = checkColor(where, 'borderColor', options.borderColor ?? [100, 100, 100]);
    this.borderRgb = [borderColor[0], borderColor[1], borderColor[2]];
    // A 4th borderColor component sets the shared opacity, over color's (but not over `opacity`).
    if (borderColor.length === 4 && options.opacity === undefined) this.opacity = borderColor[3]!;
    this.attach();
  }

  get border(): number {
    this.checkLive('border');
    return this.borderValue;
  }

  set border(value: number) {
    if (!(Number.isFinite(value) && value >= 0)) this.refuse('border', value, true);
    const values = this.values,
      pending = values.pending,
      at = this.at;
    this.borderValue = value;
    pending[at] = pending[at]! | GEOMETRY;
    values.dirty = true;
  }

  get borderColor(): [number, number, number] {
    this.checkLive('borderColor');
    return [...this.borderRgb];
  }

  /** [r, g, b] or [r, g, b, a] (a sets the shared opacity). Rewrites only colours. */
  set borderColor(value: Color) {
    this.checkWritable('borderColor');
    checkColor('BorderedRectangle.borderColor', 'borderColor', value);
    this.borderRgb = [value[0], value[1], value[2]];
    if (value.length === 4)
      this.opacity = value[3]!; // writes the colours
    else this.writeColors();
  }

  protected vertexCount(): number {
    return FILL_VERTICES + 24;
  }

  protected localVertices(out: Float64Array): void {
    const w = this.widthValue,
      h = this.heightValue;
    const b = Math.min(this.borderValue, w / 2, h / 2);
    // Each quad changes only what differs from the one before it.
    QUAD[0] = b;
    QUAD[1] = b;
    QUAD[2] = w - 2 * b;
    QUAD[3] = h - 2 * b;
    let at = writeQuad(out, 0); // the inside
    QUAD[0] = 0;
    QUAD[1] = 0;
    QUAD[2] = w;
    QUAD[3] = b;
    at = writeQuad(out, at); // top
    QUAD[1] = h - b;
    at = writeQuad(out, at); // bottom
    QUAD[1] = b;
    QUAD[2] = b;
    QUAD[3] = h - 2 * b;
    at = writeQuad(out, at); // left
    QUAD[0] = w - b;
    writeQuad(out, at); // right
  }

  protected override vertexColor(index: number): readonly number[] {
    // Called while attach() runs, after the constructor set borderRgb.
    return index < FILL_VERTICES ? super.vertexColor(index) : this.borderRgb;
  }
}
