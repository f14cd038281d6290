/**
 * The round shapes (pyglet.shapes.Circle, Ellipse, Arc, Sector).
 *
 * Anchor: fractions of the full circle's (or ellipse's) bounding box, so the
 * default (0.5, 0.5) puts the centre at (x, y); (0, 0) the box's top-left.
 * Angles are radians from +x, clockwise on screen (y is down), like rotation.
 *
 * `segments` (integer ≥ 3) defaults to pyglet's max(14, radius / 1.25) (the
 * larger semi-axis for Ellipse) and stays when the radius changes. Setting it
 * resizes the shape's vertex list in place in its batch (VertexList.resize).
 *
 * Vertices: Circle, Ellipse, Sector are fans of `segments` triangles (3 each,
 * non-indexed); Arc is a band `thickness` wide centred on `radius`, a quad per
 * segment (6 each).
 */
import { checkFinite, checkInteger, checkSize } from './checks.ts';
import { Shape, writeTriangle, type AnchorBox, type ShapeOptions } from './shape.ts';
import { GEOMETRY } from './shape-writes.ts';

export interface CurveOptions extends ShapeOptions {
  /** Integer ≥ 3; default max(14, trunc(radius / 1.25)). */
  segments?: number;
}

export interface SectorOptions extends CurveOptions {
  /** Sweep in radians, clockwise on screen; default 2π (whole circle). */
  angle?: number;
  /** Where the sweep starts, radians from +x; default 0. */
  startAngle?: number;
}

export interface ArcOptions extends SectorOptions {
  /** Width of the band in pixels, ≥ 0; default 1. */
  thickness?: number;
}

/** pyglet's default: enough segments for the radius to look round, at least 14. */
export const defaultSegments = (radius: number): number => Math.max(14, Math.trunc(radius / 1.25));

/** What writeFan writes: semi-axes a, b, start and sweep angles (an argument block, as shape.ts's QUAD). */
const FAN = new Float64Array(4);

/** Writes a fan of `segments` triangles around (0, 0) over FAN's ellipse, from its start angle over its sweep. */
function writeFan(out: Float64Array, segments: number): void {
  const a = FAN[0]!,
    b = FAN[1]!,
    start = FAN[2]!,
    sweep = FAN[3]!;
  for (let i = 0; i < segments; i++) {
    const t0 = start + (sweep * i) / segments,
      t1 = start + (sweep * (i + 1)) / segments;
    writeTriangle(out, i * 6, 0, 0, a * Math.cos(t0), b * Math.sin(t0), a * Math.cos(t1), b * Math.sin(t1));
  }
}

/** A shape with `segments`; subclasses give the radii of their bounding box. */
abstract class CurveShape extends Shape {
  private segmentsValue = 0;

  /** Called by subclass constructors once their radii are set. */
  protected initSegments(where: string, segments: number | undefined, radius: number): void {
    this.segmentsValue = checkInteger(where, 'segments', segments ?? defaultSegments(radius), 3);
  }

  get segments(): number {
    this.checkLive('segments');
    return this.segmentsValue;
  }

  set segments(value: number) {
    this.checkWritable('segments');
    checkInteger(`${this.constructor.name}.segments`, 'segments', value, 3);
    if (value === this.segmentsValue) return;
    const old = this.segmentsValue;
    this.segmentsValue = value;
    this.resizeOrRestore(() => {
      this.segmentsValue = old;
    });
  }

  protected vertexCount(): number {
    return this.segmentsValue * 3;
  }
}

export class Circle extends CurveShape {
  private radiusValue: number;

  constructor(x: number, y: number, radius: number, options: CurveOptions) {
    super(x, y, options, [0.5, 0.5]);
    this.radiusValue = checkSize('new Circle', 'radius', radius);
    this.initSegments('new Circle', options.segments, radius);
    this.attach();
  }

  get radius(): number {
    this.checkLive('radius');
    return this.radiusValue;
  }

  set radius(value: number) {
    if (!(Number.isFinite(value) && value >= 0)) this.refuse('radius', value, true);
    const values = this.values,
      pending = values.pending,
      at = this.at;
    this.radiusValue = value;
    pending[at] = pending[at]! | GEOMETRY;
    values.dirty = true;
  }

  protected localVertices(out: Float64Array): void {
    FAN[0] = FAN[1] = this.radiusValue;
    FAN[2] = 0;
    FAN[3] = 2 * Math.PI;
    writeFan(out, this.segments);
  }

  protected anchorBox(out: AnchorBox): void {
    const r = this.radiusValue;
    out.left = -r;
    out.top = -r;
    out.width = 2 * r;
    out.height = 2 * r;
  }
}

export class Ellipse extends CurveShape {
  private aValue: number;
  private bValue: number;

  /** `a`: horizontal semi-axis, `b`: vertical semi-axis (before rotation). */
  constructor(x: number, y: number, a: number, b: number, options: CurveOptions) {
    super(x, y, options, [0.5, 0.5]);
    this.aValue = checkSize('new Ellipse', 'a', a);
    this.bValue = checkSize('new Ellipse', 'b', b);
    this.initSegments('new Ellipse', options.segments, Math.max(a, b));
    this.attach();
  }

  get a(): number {
    this.checkLive('a');
    return this.aValue;
  }

  set a(value: number) {
    if (!(Number.isFinite(value) && value >= 0)) this.refuse('a', value, true);
    const values = this.values,
      pending = values.pending,
      at = this.at;
    this.aValue = value;
    pending[at] = pending[at]! | GEOMETRY;
    values.dirty = true;
  }

  get b(): number {
    this.checkLive('b');
    return this.bValue;
  }

  set b(value: number) {
    if (!(Number.isFinite(value) && value >= 0)) this.refuse('b', value, true);
    const values = this.values,
      pending = values.pending,
      at = this.at;
    this.bValue = value;
    pending[at] = pending[at]! | GEOMETRY;
    values.dirty = true;
  }

  protected localVertices(out: Float64Array): void {
    FAN[0] = this.aValue;
    FAN[1] = this.bValue;
    FAN[2] = 0;
    FAN[3] = 2 * Math.PI;
    writeFan(out, this.segments);
  }

  protected anchorBox(out: AnchorBox): void {
    out.left = -this.aValue;
    out.top = -this.bValue;
    out.width = 2 * this.aValue;
    out.height = 2 * this.bValue;
  }
}

/** Circle-bounded shapes with a sweep: Sector and Arc. */
abstract class SweptShape extends CurveShape {
  private radiusValue = 0;
  private angleValue = 0;
  private startAngleValue = 0;

  protected initSweep(where: string, radius: number, options: SectorOptions): void {
    const radiusValue = checkSize(where, 'radius', radius);
    const angle = checkFinite(where, 'angle', options.angle ?? 2 * Math.PI);
    const startAngle = checkFinite(where, 'startAngle', options.startAngle ?? 0);
    this.initSegments(where, options.segments, radius);
    this.radiusValue = radiusValue;
    this.angleValue = angle;
    this.startAngleValue = startAngle;
  }

  get radius(): number {
    this.checkLive('radius');
    return this.radiusValue;
  }

  set radius(value: number) {
    if (!(Number.isFinite(value) && value >= 0)) this.refuse('radius', value, true);
    const values = this.values,
      pending = values.pending,
      at = this.at;
    this.radiusValue = value;
    pending[at] = pending[at]! | GEOMETRY;
    values.dirty = true;
  }

  get angle(): number {
    this.checkLive('angle');
    return this.angleValue;
  }

  set angle(value: number) {
    if (!Number.isFinite(value)) this.refuse('angle', value);
    const values = this.values,
      pending = values.pending,
      at = this.at;
    this.angleValue = value;
    pending[at] = pending[at]! | GEOMETRY;
    values.dirty = true;
  }

  get startAngle(): number {
    this.checkLive('startAngle');
    return this.startAngleValue;
  }

  set startAngle(value: number) {
    if (!Number.isFinite(value)) this.refuse('startAngle', value);
    const values = this.values,
      pending = values.pending,
      at = this.at;
    this.startAngleValue = value;
    pending[at] = pending[at]! | GEOMETRY;
    values.dirty = true;
  }

  protected anchorBox(out: AnchorBox): void {
    const r = this.radiusValue;
    out.left = -r;
    out.top = -r;
    out.width = 2 * r;
    out.height = 2 * r;
  }
}

/** A pie slice: a fan from the centre over `angle`. */
export class Sector extends SweptShape {
  constructor(x: number, y: number, radius: number, options: SectorOptions) {
    super(x, y, options, [0.5, 0.5]);
    this.initSweep('new Sector', radius, options);
    this.attach();
  }

  protected localVertices(out: Float64Array): void {
    FAN[0] = FAN[1] = this.radius;
    FAN[2] = this.startAngle;
    FAN[3] = this.angle;
    writeFan(out, this.segments);
  }
}

/** A curved band along the circle of `radius`, `thickness` wide, over `angle`. */
export class Arc extends SweptShape {
  private thicknessValue: number;

  constructor(x: number, y: number, radius: number, options: ArcOptions) {
    super(x, y, options, [0.5, 0.5]);
    // Checked before initSweep assigns, so a bad thickness leaves nothing half-set (nothing is allocated either way).
    this.thicknessValue = checkSize('new Arc', 'thickness', options.thickness ?? 1);
    this.initSweep('new Arc', radius, options);
    this.attach();
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

  protected override vertexCount(): number {
    return this.segments * 6;
  }

  protected localVertices(out: Float64Array): void {
    const inner = Math.max(0, this.radius - this.thicknessValue / 2),
      outer = this.radius + this.thicknessValue / 2;
    const segments = this.segments,
      start = this.startAngle,
      sweep = this.angle;
    for (let i = 0; i < segments; i++) {
      const t0 = start + (sweep * i) / segments,
        t1 = start + (sweep * (i + 1)) / segments;
      const c0 = Math.cos(t0),
        s0 = Math.sin(t0),
        c1 = Math.cos(t1),
        s1 = Math.sin(t1);
      const at = writeTriangle(out, i * 12, inner * c0, inner * s0, outer * c0, outer * s0, outer * c1, outer * s1);
      writeTriangle(out, at, inner * c0, inner * s0, outer * c1, outer * s1, inner * c1, inner * s1);
    }
  }
}
