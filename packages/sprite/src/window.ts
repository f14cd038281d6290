/**
 * Window: a canvas's WebGL2 context, its size in CSS pixels and the shared projection (pyglet's
 * Window, for a canvas): mat4.ortho(0, width, height, 0, -1, 1) in a MatrixBlock, so CSS pixels,
 * y down, origin at the top-left. The drawing buffer and viewport are width × pixelRatio by
 * height × pixelRatio device pixels.
 *
 * Invariants: at the start of a frame (clear()) the buffer, the viewport and the projection agree,
 * also after a resize (autoResize applies a new size there, not in the ResizeObserver); a lost
 * context is restored here, then the app's onContextRestored callbacks run. What was decided and
 * why: docs/decisions.md, "Window".
 */
import { glState, MatrixBlock, type GLState } from '@webglet/graphics';
import { mat4 } from 'gl-matrix';
import { WindowError } from './errors.ts';

export interface WindowOptions {
  /** Default false (see the header). */
  antialias?: boolean;
  /** A canvas with an alpha channel, composited over the page; WebGL's default is true. */
  alpha?: boolean;
  /** Default false (see the header). */
  preserveDrawingBuffer?: boolean;
  /** Passed to getContext('webgl2'); the named options above win over it. */
  contextAttributes?: WebGLContextAttributes;
  /** Device pixels per CSS pixel, fixed; default devicePixelRatio (followed on resize). */
  pixelRatio?: number;
  /** Follow the canvas's CSS size (ResizeObserver) and devicePixelRatio changes; default false. */
  autoResize?: boolean;
}

export type ResizeListener = (width: number, height: number) => void;
export type ContextRestoredListener = () => void;

const describe = (value: unknown): string =>
  typeof value === 'string' ? `"${value}"` : Array.isArray(value) ? `[${value.join(', ')}]` : String(value);
/** [r, g, b] or [r, g, b, a], 0–255; a loop, not every(), so a frame's clear() allocates nothing. */
function isColor(color: unknown): boolean {
  if (!Array.isArray(color) || (color.length !== 3 && color.length !== 4)) return false;
  for (let i = 0; i < color.length; i++) {
    const c: unknown = color[i];
    if (typeof c !== 'number' || !(c >= 0 && c <= 255)) return false;
  }
  return true;
}
const isPositiveSize = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value > 0;

/**
 * A canvas's WebGL2 context, its size in CSS pixels and the projection every
 * webglet program shares (y down, origin at the top-left).
 *
 * @example
 * ```ts
 * const window = new Window(canvas, { autoResize: true });
 * const batch = new Batch(window.gl);
 * new Clock().start(() => {
 *   window.clear([30, 30, 40]);
 *   batch.draw();
 * });
 * ```
 */
export class Window {
  readonly canvas: HTMLCanvasElement;
  private readonly context: WebGL2RenderingContext;
  private readonly state: GLState;
  private readonly matrixBlock: MatrixBlock;
  private readonly fixedPixelRatio: number | undefined;
  private readonly projection = mat4.create();
  private cssWidth = 0;
  private cssHeight = 0;
  private ratio = 1;
  private deleted = false;
  private readonly resizeListeners = new Set<ResizeListener>();
  private readonly restoredListeners = new Set<ContextRestoredListener>();
  // autoResize
  private observer: ResizeObserver | null = null;
  private pixelRatioQuery: MediaQueryList | null = null;
  private pendingResize = false;
  private pendingWidth = 0;
  private pendingHeight = 0;

  private readonly onLost = (event: Event): void => event.preventDefault();
  private readonly onRestored = (): void => this.restore();
  private readonly onPixelRatioChange = (): void => {
    this.watchPixelRatio();
    this.pendingResize = true;
  };

  constructor(canvas: HTMLCanvasElement, options: WindowOptions = {}) {
    if (typeof HTMLCanvasElement === 'undefined' || !(canvas instanceof HTMLCanvasElement)) {
      throw new WindowError('canvas', canvas, `Window: canvas must be an HTMLCanvasElement, got ${describe(canvas)}`);
    }
    if (options === null || typeof options !== 'object')
      throw new WindowError('options', options, `Window: options must be an object, got ${describe(options)}`);
    const { antialias, alpha, preserveDrawingBuffer, contextAttributes, pixelRatio, autoResize = false } = options;
    for (const [name, value] of [
      ['antialias', antialias],
      ['alpha', alpha],
      ['preserveDrawingBuffer', preserveDrawingBuffer],
      ['autoResize', autoResize],
    ] as const) {
      if (value !== undefined && typeof value !== 'boolean')
        throw new WindowError(name, value, `Window: options.${name} must be a boolean, got ${describe(value)}`);
    }
    if (contextAttributes !== undefined && (contextAttributes === null || typeof contextAttributes !== 'object')) {
      throw new WindowError(
        'contextAttributes',
        contextAttributes,
        `Window: options.contextAttributes must be an object, got ${describe(contextAttributes)}`,
      );
    }
    if (pixelRatio !== undefined && !isPositiveSize(pixelRatio)) {
      throw new WindowError(
        'pixelRatio',
        pixelRatio,
        `Window: options.pixelRatio must be a finite number > 0, got ${describe(pixelRatio)}`,
      );
    }
    const attributes: WebGLContextAttributes = { antialias: false, preserveDrawingBuffer: false, ...contextAttributes };
    if (antialias !== undefined) attributes.antialias = antialias;
    if (alpha !== undefined) attributes.alpha = alpha;
    if (preserveDrawingBuffer !== undefined) attributes.preserveDrawingBuffer = preserveDrawingBuffer;
    const gl = canvas.getContext('webgl2', attributes);
    if (!gl)
      throw new WindowError(
        'canvas',
        canvas,
        'Window: WebGL2 is not available on this canvas (no WebGL2 support, or the canvas already has another kind of context)',
      );

    this.canvas = canvas;
    this.context = gl;
    this.state = glState(gl);
    this.fixedPixelRatio = pixelRatio;
    this.matrixBlock = new MatrixBlock(gl);
    canvas.addEventListener('webglcontextlost', this.onLost);
    canvas.addEventListener('webglcontextrestored', this.onRestored);

    // The CSS size the canvas has now: its layout size, or its attribute size when it has no layout (detached).
    const width = canvas.clientWidth > 0 ? canvas.clientWidth : canvas.width;
    const height = canvas.clientHeight > 0 ? canvas.clientHeight : canvas.height;
    this.applySize(width, height, !autoResize);
    if (autoResize) this.watchSize();
  }

  get gl(): WebGL2RenderingContext {
    this.checkLive('gl');
    return this.context;
  }

  get isDeleted(): boolean {
    return this.deleted;
  }

  /** The shared projection/view uniform block (restores itself on context loss). */
  get matrices(): MatrixBlock {
    this.checkLive('matrices');
    return this.matrixBlock;
  }

  /** Width in CSS pixels (the projection's). */
  get width(): number {
    this.checkLive('width');
    return this.cssWidth;
  }

  /** Height in CSS pixels. */
  get height(): number {
    this.checkLive('height');
    return this.cssHeight;
  }

  /** Device pixels per CSS pixel in use. */
  get pixelRatio(): number {
    this.checkLive('pixelRatio');
    return this.ratio;
  }

  get isContextLost(): boolean {
    this.checkLive('isContextLost');
    return this.context.isContextLost();
  }

  /**
   * Sets the CSS size (style.width/height), the drawing buffer (× pixelRatio,
   * rounded), the viewport and the projection. Sizes are finite numbers > 0.
   */
  resize(width: number, height: number): void {
    this.checkLive('resize');
    if (!isPositiveSize(width))
      throw new WindowError('width', width, `Window.resize: width must be a finite number > 0 (CSS pixels), got ${describe(width)}`);
    if (!isPositiveSize(height))
      throw new WindowError('height', height, `Window.resize: height must be a finite number > 0 (CSS pixels), got ${describe(height)}`);
    this.applySize(width, height, true);
  }

  /** With autoResize, applies a size change seen since the last call; clear() calls it. Returns whether it resized. */
  applyPendingResize(): boolean {
    this.checkLive('applyPendingResize');
    if (!this.pendingResize) return false;
    this.pendingResize = false;
    return this.applySize(this.pendingWidth, this.pendingHeight, false);
  }

  /** Applies a pending autoResize, then clears colour, depth and stencil; colour is [r, g, b] or [r, g, b, a], 0–255 (default opaque black). */
  clear(color?: readonly number[]): void {
    this.checkLive('clear');
    const valid = color === undefined || isColor(color);
    if (!valid)
      throw new WindowError(
        'color',
        color,
        `Window.clear: color must be [r, g, b] or [r, g, b, a] with numbers 0–255, got ${describe(color)}`,
      );
    this.applyPendingResize();
    const gl = this.context;
    if (color === undefined) this.state.clearColor(gl, 0, 0, 0, 255);
    else this.state.clearColor(gl, color[0]!, color[1]!, color[2]!, color[3] ?? 255);
    gl.clear(gl.COLOR_BUFFER_BIT | gl.DEPTH_BUFFER_BIT | gl.STENCIL_BUFFER_BIT);
  }

  /**
   * Forgets the GL state webglet set on this context, so its next draw sets all it needs again:
   * call it after GL calls of your own (three.js's and PixiJS's `resetState`).
   */
  resetState(): void {
    this.checkLive('resetState');
    this.state.reset();
  }

  /** `fn(width, height)` after each change of size or pixel ratio; returns the unsubscribe function. */
  onResize(fn: ResizeListener): () => void {
    return this.listen('onResize', this.resizeListeners, fn);
  }

  /** `fn()` after a lost context came back and the window restored itself (batches, textures and atlases restore themselves: this is for the app's own GL objects). */
  onContextRestored(fn: ContextRestoredListener): () => void {
    return this.listen('onContextRestored', this.restoredListeners, fn);
  }

  /** Removes the window's listeners and observers and deletes its MatrixBlock; the context stays. */
  delete(): void {
    this.checkLive('delete');
    this.canvas.removeEventListener('webglcontextlost', this.onLost);
    this.canvas.removeEventListener('webglcontextrestored', this.onRestored);
    this.observer?.disconnect();
    this.observer = null;
    this.pixelRatioQuery?.removeEventListener('change', this.onPixelRatioChange);
    this.pixelRatioQuery = null;
    this.resizeListeners.clear();
    this.restoredListeners.clear();
    this.matrixBlock.delete();
    this.deleted = true;
  }

  /** Returns whether anything changed (and then tells the onResize listeners). */
  private applySize(width: number, height: number, setStyle: boolean): boolean {
    const ratio = this.fixedPixelRatio ?? (globalThis.devicePixelRatio || 1);
    const canvas = this.canvas;
    if (setStyle) {
      canvas.style.width = `${width}px`;
      canvas.style.height = `${height}px`;
    }
    const bufferWidth = Math.max(1, Math.round(width * ratio));
    const bufferHeight = Math.max(1, Math.round(height * ratio));
    const changed =
      width !== this.cssWidth ||
      height !== this.cssHeight ||
      ratio !== this.ratio ||
      bufferWidth !== canvas.width ||
      bufferHeight !== canvas.height;
    // Setting width/height clears the buffer even to the same value: only when it differs.
    if (canvas.width !== bufferWidth) canvas.width = bufferWidth;
    if (canvas.height !== bufferHeight) canvas.height = bufferHeight;
    this.cssWidth = width;
    this.cssHeight = height;
    this.ratio = ratio;
    this.context.viewport(0, 0, bufferWidth, bufferHeight);
    mat4.ortho(this.projection, 0, width, height, 0, -1, 1);
    this.matrixBlock.setProjection(this.projection);
    if (changed) for (const fn of this.resizeListeners) this.callListener(fn, width, height);
    return changed;
  }

  private watchSize(): void {
    this.observer = new ResizeObserver((entries) => {
      const box = entries[entries.length - 1]?.contentBoxSize[0];
      if (!box || box.inlineSize <= 0 || box.blockSize <= 0) return; // hidden: keep the last size
      this.pendingWidth = box.inlineSize;
      this.pendingHeight = box.blockSize;
      this.pendingResize = true;
    });
    this.observer.observe(this.canvas);
    this.pendingWidth = this.cssWidth;
    this.pendingHeight = this.cssHeight;
    if (this.fixedPixelRatio === undefined) this.watchPixelRatio();
  }

  /** A media query true at the current devicePixelRatio only: its 'change' is a ratio change. Re-armed on each change. */
  private watchPixelRatio(): void {
    this.pixelRatioQuery?.removeEventListener('change', this.onPixelRatioChange);
    this.pixelRatioQuery = globalThis.matchMedia(`(resolution: ${globalThis.devicePixelRatio || 1}dppx)`);
    this.pixelRatioQuery.addEventListener('change', this.onPixelRatioChange);
  }

  private restore(): void {
    if (this.deleted || this.context.isContextLost()) return;
    this.state.reset(); // a restored context holds GL's defaults (the record's own listener may not have run yet)
    this.matrixBlock.restore();
    this.context.viewport(0, 0, this.canvas.width, this.canvas.height);
    for (const fn of this.restoredListeners) this.callListener(fn);
  }

  private listen<T extends (...args: never[]) => void>(method: string, listeners: Set<T>, fn: T): () => void {
    this.checkLive(method);
    if (typeof fn !== 'function') throw new WindowError('fn', fn, `Window.${method}: fn must be a function, got ${describe(fn)}`);
    listeners.add(fn);
    return () => {
      listeners.delete(fn);
    };
  }

  private callListener<A extends unknown[]>(fn: (...args: A) => void, ...args: A): void {
    try {
      fn(...args);
    } catch (error) {
      console.error('Window: a listener threw', error);
    }
  }

  private checkLive(method: string): void {
    if (this.deleted) throw new WindowError('this', 'deleted', `Window.${method}: the window was deleted`);
  }
}
