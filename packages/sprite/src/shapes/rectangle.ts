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
import { setBox, Shape, writeQuad, type AnchorBox, type ShapeOptions } from './shape.ts';

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
    this.widthValue = this.checked('width', value, true);
    this.writePositions();
  }

  get height(): number {
    this.checkLive('height');
    return this.heightValue;
  }

  set height(value: number) {
    this.heightValue = this.checked('height', value, true);
    this.writePositions();
  }

  protected anchorBox(out: AnchorBox): void {
    setBox(out, 0, 0, this.widthValue, this.heightValue);
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
    writeQuad(out, 0, 0, 0, this.widthValue, this.heightValue);
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
    this.borderValue = this.checked('border', value, true);
    this.writePositions();
  }

  get borderColor(): [number, number, number] {
    this.checkLive('borderColor');
    return [...this.borderRgb];
  }

  /** [r, g, b] or [r, g, b, a] (a sets the shared opacity). Rewrites only colours. */
  set borderColor(value: Color) {
    this.checkLive('borderColor');
    checkColor('BorderedRectangle.borderColor', 'borderColor', value);
    this.borderRgb = [value[0], value[1], value[2]];
    if (value.length === 4) this.opacity = value[3]!; // writes the colours
    else this.writeColors();
  }

  protected vertexCount(): number {
    return FILL_VERTICES + 24;
  }

  protected localVertices(out: Float64Array): void {
    const w = this.widthValue, h = this.heightValue;
    const b = Math.min(this.borderValue, w / 2, h / 2);
    let at = writeQuad(out, 0, b, b, w - 2 * b, h - 2 * b);
    at = writeQuad(out, at, 0, 0, w, b); // top
    at = writeQuad(out, at, 0, h - b, w, b); // bottom
    at = writeQuad(out, at, 0, b, b, h - 2 * b); // left
    writeQuad(out, at, w - b, b, b, h - 2 * b); // right
  }

  protected override vertexColor(index: number): readonly number[] {
    // Called while attach() runs, after the constructor set borderRgb.
    return index < FILL_VERTICES ? super.vertexColor(index) : this.borderRgb;
  }
}
