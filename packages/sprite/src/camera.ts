/**
 * Camera: a Group that views what it holds through a 2D camera (translate, zoom, rotate), so a
 * world layer scrolls while a HUD layer beside it does not; and the conversions between the
 * window's coordinates and the world's, for placing things and hit testing.
 *
 * Invariants: the camera's world point (x, y) is drawn at the window's centre, zoomed by `zoom`
 * and turned by `rotation`; `setState` saves the window's view and writes the camera's into the
 * one MatrixBlock, `unsetState` puts the saved view back, so groups outside the camera (and other
 * cameras) see their own view. Every camera is a group of its own (never equal to another), and
 * moving it changes no group key: no domain moves, no draw list is rebuilt. A frame allocates
 * nothing once V8 has optimized it. A bad argument throws CameraError naming it, with the camera
 * unchanged.
 */
import { Group, identityId, trackGLState, type MatrixBlock } from '@webglet/graphics';
import { mat4, vec3, type vec2 } from 'gl-matrix';
import { CameraError } from './errors.ts';
import { Window } from './window.ts';

export interface CameraOptions {
  /** The world point at the window's centre; default the centre itself (no scroll). */
  x?: number;
  y?: number;
  /** Magnification, > 0; default 1. */
  zoom?: number;
  /** Radians the view turns the world, clockwise on screen; default 0. */
  rotation?: number;
  /** Its order among its siblings, as any Group's; default 0. */
  order?: number;
  parent?: Group | null;
}

/** gl-matrix's vector arguments, filled in place, so making the view allocates nothing. */
const SCRATCH = vec3.create();

const finite = (where: string, argument: string, value: unknown): number => {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new CameraError(argument, value, `${where}: ${argument} must be a finite number, got ${String(value)}`);
  }
  return value;
};

/**
 * A group whose sprites and shapes are seen through a camera.
 *
 * @example
 * ```ts
 * const camera = new Camera(window, { zoom: 2 });
 * const hud = new Group(1); // drawn after the world, without the camera
 * new Sprite(tree, { batch, group: camera, x: 500, y: 300 }); // world coordinates
 * new Sprite(heart, { batch, group: hud, x: 8, y: 8 }); // window coordinates
 * camera.x = hero.x; // follow the hero: only the view changes
 * input.onPointer((e) => {
 *   const [wx, wy] = camera.toWorld([0, 0], e.x, e.y);
 *   if (tree.containsPoint(wx, wy)) chop();
 * });
 * ```
 */
export class Camera extends Group {
  readonly window: Window;
  private xValue: number;
  private yValue: number;
  private zoomValue: number;
  private rotationValue: number;
  /** The view matrix, and the window's view while the camera's is in effect. */
  private readonly view = mat4.create();
  private readonly saved = new Float32Array(16);
  private dirty = true;
  /** The window size `view` was made for. */
  private madeWidth = 0;
  private madeHeight = 0;
  private readonly matrices: MatrixBlock;

  constructor(window: Window, options: CameraOptions = {}) {
    const where = 'new Camera';
    if (!(window instanceof Window) || window.isDeleted) {
      throw new CameraError('window', window, `${where}: window must be a live Window, got ${String(window)}`);
    }
    if (typeof options !== 'object' || options === null) {
      throw new CameraError('options', options, `${where}: options must be an object, got ${String(options)}`);
    }
    const { x = window.width / 2, y = window.height / 2, zoom = 1, rotation = 0, order = 0, parent = null } = options;
    finite(where, 'x', x);
    finite(where, 'y', y);
    if (finite(where, 'zoom', zoom) <= 0) throw new CameraError('zoom', zoom, `${where}: zoom must be > 0, got ${zoom}`);
    finite(where, 'rotation', rotation);
    super(order, parent);
    this.window = window;
    this.matrices = window.matrices;
    this.xValue = x;
    this.yValue = y;
    this.zoomValue = zoom;
    this.rotationValue = rotation;
  }

  get x(): number {
    return this.xValue;
  }

  set x(value: number) {
    this.xValue = finite('Camera.x', 'x', value);
    this.dirty = true;
  }

  get y(): number {
    return this.yValue;
  }

  set y(value: number) {
    this.yValue = finite('Camera.y', 'y', value);
    this.dirty = true;
  }

  get zoom(): number {
    return this.zoomValue;
  }

  set zoom(value: number) {
    if (finite('Camera.zoom', 'zoom', value) <= 0) throw new CameraError('zoom', value, `Camera.zoom: zoom must be > 0, got ${value}`);
    this.zoomValue = value;
    this.dirty = true;
  }

  get rotation(): number {
    return this.rotationValue;
  }

  set rotation(value: number) {
    this.rotationValue = finite('Camera.rotation', 'rotation', value);
    this.dirty = true;
  }

  /** Writes into `out` where the world point (x, y) is in the window's coordinates; returns `out`. */
  toScreen<T extends vec2 | [number, number]>(out: T, x: number, y: number): T {
    finite('Camera.toScreen', 'x', x);
    finite('Camera.toScreen', 'y', y);
    // In doubles, from the camera's numbers: the view matrix is 32-bit, too coarse for a large world.
    const dx = (x - this.xValue) * this.zoomValue,
      dy = (y - this.yValue) * this.zoomValue;
    const cos = Math.cos(this.rotationValue),
      sin = Math.sin(this.rotationValue);
    out[0] = this.window.width / 2 + dx * cos - dy * sin;
    out[1] = this.window.height / 2 + dx * sin + dy * cos;
    return out;
  }

  /** Writes into `out` the world point under the window point (x, y) (a pointer's, say); returns `out`. */
  toWorld<T extends vec2 | [number, number]>(out: T, x: number, y: number): T {
    finite('Camera.toWorld', 'x', x);
    finite('Camera.toWorld', 'y', y);
    const ex = x - this.window.width / 2,
      ey = y - this.window.height / 2;
    const cos = Math.cos(this.rotationValue),
      sin = Math.sin(this.rotationValue);
    out[0] = this.xValue + (ex * cos + ey * sin) / this.zoomValue;
    out[1] = this.yValue + (-ex * sin + ey * cos) / this.zoomValue;
    return out;
  }

  /** Saves the window's view and puts the camera's in its place. */
  override setState(_gl: WebGL2RenderingContext): void {
    this.matrices.viewInto(this.saved);
    this.matrices.setView(this.matrix());
  }

  /** Puts the saved view back, for whatever is drawn after the camera's lists. */
  override unsetState(_gl: WebGL2RenderingContext): void {
    this.matrices.setView(this.saved);
  }

  /** Every camera is its own group: two cameras never share a domain, whatever their views. */
  protected override stateKey(): string {
    return `camera${identityId(this)}`;
  }

  /** The view: the world point (x, y) to the window's centre, turned and zoomed about it. */
  private matrix(): mat4 {
    const width = this.window.width,
      height = this.window.height;
    // A resized window moves its centre, so the view is made again then too.
    if (this.dirty || width !== this.madeWidth || height !== this.madeHeight) {
      const view = this.view;
      mat4.fromTranslation(view, vec3.set(SCRATCH, width / 2, height / 2, 0));
      mat4.rotateZ(view, view, this.rotationValue);
      mat4.scale(view, view, vec3.set(SCRATCH, this.zoomValue, this.zoomValue, 1));
      mat4.translate(view, view, vec3.set(SCRATCH, -this.xValue, -this.yValue, 0));
      this.madeWidth = width;
      this.madeHeight = height;
      this.dirty = false;
    }
    return this.view;
  }
}

// It writes only the MatrixBlock's view, and puts the UNIFORM_BUFFER binding back: the record stays true.
trackGLState(Camera);
