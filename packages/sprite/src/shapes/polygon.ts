/**
 * Shapes given by points: Triangle and Polygon, and the Star
 * (pyglet.shapes.Triangle, Polygon, Star).
 *
 * Triangle and Polygon: points are canvas pixels. Anchor: fractions of the
 * points' bounding box; the default (0, 0) is its top-left, and (x, y) start
 * there, so the shape draws where its points say. x/y then move the whole
 * shape (note: x, y are the box's anchor point, which is the first point only
 * when that is the top-left); rotation turns it about the anchor. Polygons may
 * be concave (ear clipping, triangulate.ts) but must be simple; a polygon of n
 * points has (n − 2) × 3 vertices. Points are fixed after construction.
 *
 * Star: centred on (x, y) (anchor: fractions of the 2·outerRadius box, default
 * 0.5), `spikes` points with the first pointing up (−y) before rotation, a fan
 * of 2 × spikes triangles (6 × spikes vertices).
 */
import { ShapeError } from '../errors.ts';
import { checkInteger, checkPoints, checkSize } from './checks.ts';
import { Shape, writeTriangle, type AnchorBox, type ShapeOptions } from './shape.ts';
import { GEOMETRY } from './shape-writes.ts';
import { triangulate } from './triangulate.ts';

type Point = readonly [number, number];

/** Points relative to their bounding box's top-left, the box, and the triangles. */
interface Outline {
  local: Point[];
  box: AnchorBox;
  triangles: number[];
}

/** `given`: what the caller passed, named in the error (points is its checked copy). */
function outline(where: string, points: Point[], given: unknown = points): Outline {
  const xs = points.map((p) => p[0]),
    ys = points.map((p) => p[1]);
  const left = Math.min(...xs),
    top = Math.min(...ys);
  const triangles = triangulate(points);
  if (triangles === null) {
    throw new ShapeError(
      'points',
      given,
      `${where}: points must outline a simple polygon with non-zero area, got ${JSON.stringify(points)}`,
    );
  }
  return {
    local: points.map(([x, y]) => [x - left, y - top] as const),
    box: { left: 0, top: 0, width: Math.max(...xs) - left, height: Math.max(...ys) - top },
    triangles,
  };
}

export class Polygon extends Shape {
  private readonly outline: Outline;
  private readonly pointsValue: Point[];

  /** At least 3 points [x, y], a simple polygon (convex or concave). */
  constructor(points: readonly Point[], options: ShapeOptions) {
    const checked = checkPoints(`new ${new.target.name}`, 'points', points, 3);
    const shape = outline(`new ${new.target.name}`, checked, points);
    // (x, y) is where the anchor is: the box's top-left plus the anchor's share of its size.
    // A bad anchor is left for the base to report (as anchorX/anchorY, not as x/y).
    const share = (anchor: unknown): number => (typeof anchor === 'number' && Number.isFinite(anchor) ? anchor : 0);
    const left = Math.min(...checked.map((p) => p[0])),
      top = Math.min(...checked.map((p) => p[1]));
    super(left + share(options?.anchorX) * shape.box.width, top + share(options?.anchorY) * shape.box.height, options, [0, 0]);
    this.outline = shape;
    this.pointsValue = checked;
    this.attach();
  }

  /** The points as given (a copy). */
  get points(): [number, number][] {
    this.checkLive('points');
    return this.pointsValue.map(([x, y]) => [x, y]);
  }

  protected vertexCount(): number {
    return this.outline.triangles.length;
  }

  protected localVertices(out: Float64Array): void {
    const { triangles, local } = this.outline;
    for (let i = 0; i < triangles.length; i++) {
      const point = local[triangles[i]!]!;
      out[i * 2] = point[0];
      out[i * 2 + 1] = point[1];
    }
  }

  protected anchorBox(out: AnchorBox): void {
    const { left, top, width, height } = this.outline.box;
    out.left = left;
    out.top = top;
    out.width = width;
    out.height = height;
  }
}

export class Triangle extends Polygon {
  constructor(x1: number, y1: number, x2: number, y2: number, x3: number, y3: number, options: ShapeOptions) {
    super(
      [
        [x1, y1],
        [x2, y2],
        [x3, y3],
      ],
      options,
    );
  }
}

export class Star extends Shape {
  private outerRadiusValue: number;
  private innerRadiusValue: number;
  private spikesValue: number;

  constructor(x: number, y: number, outerRadius: number, innerRadius: number, spikes: number, options: ShapeOptions) {
    super(x, y, options, [0.5, 0.5]);
    this.outerRadiusValue = checkSize('new Star', 'outerRadius', outerRadius);
    this.innerRadiusValue = checkSize('new Star', 'innerRadius', innerRadius);
    this.spikesValue = checkInteger('new Star', 'spikes', spikes, 2);
    this.attach();
  }

  get outerRadius(): number {
    this.checkLive('outerRadius');
    return this.outerRadiusValue;
  }

  set outerRadius(value: number) {
    if (!(Number.isFinite(value) && value >= 0)) this.refuse('outerRadius', value, true);
    const values = this.values,
      pending = values.pending,
      at = this.at;
    this.outerRadiusValue = value;
    pending[at] = pending[at]! | GEOMETRY;
    values.dirty = true;
  }

  get innerRadius(): number {
    this.checkLive('innerRadius');
    return this.innerRadiusValue;
  }

  set innerRadius(value: number) {
    if (!(Number.isFinite(value) && value >= 0)) this.refuse('innerRadius', value, true);
    const values = this.values,
      pending = values.pending,
      at = this.at;
    this.innerRadiusValue = value;
    pending[at] = pending[at]! | GEOMETRY;
    values.dirty = true;
  }

  /** Integer ≥ 2; changing it resizes the vertex list in place in its batch. */
  get spikes(): number {
    this.checkLive('spikes');
    return this.spikesValue;
  }

  set spikes(value: number) {
    this.checkWritable('spikes');
    checkInteger('Star.spikes', 'spikes', value, 2);
    if (value === this.spikesValue) return;
    const old = this.spikesValue;
    this.spikesValue = value;
    this.resizeOrRestore(() => {
      this.spikesValue = old;
    });
  }

  protected vertexCount(): number {
    return this.spikesValue * 6;
  }

  protected localVertices(out: Float64Array): void {
    const corners = this.spikesValue * 2,
      step = Math.PI / this.spikesValue;
    const outer = this.outerRadiusValue,
      inner = this.innerRadiusValue;
    // Corner k is on the outer radius when k is even; corner 0 is a spike pointing up.
    for (let k = 0; k < corners; k++) {
      const a0 = -Math.PI / 2 + k * step,
        a1 = -Math.PI / 2 + (k + 1) * step;
      const r0 = k % 2 === 0 ? outer : inner,
        r1 = k % 2 === 0 ? inner : outer;
      writeTriangle(out, k * 6, 0, 0, r0 * Math.cos(a0), r0 * Math.sin(a0), r1 * Math.cos(a1), r1 * Math.sin(a1));
    }
  }

  protected anchorBox(out: AnchorBox): void {
    const r = this.outerRadiusValue;
    out.left = -r;
    out.top = -r;
    out.width = 2 * r;
    out.height = 2 * r;
  }
}
