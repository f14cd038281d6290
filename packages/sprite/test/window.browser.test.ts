// Window in real Chromium (SwiftShader): canvas and drawing-buffer sizes at pixel
// ratios 1 and 2, the projection checked by drawing a quad at CSS pixels and
// reading those exact device pixels back, resize(), clear colours, autoResize
// through a real ResizeObserver, context loss and restore, bad input.
import { Batch, createDefaultProgram, ShaderGroup } from '@webglet/graphics';
import { expectNoGLError } from '../../graphics/test/gl-test-helpers.ts';
import { mat4 } from 'gl-matrix';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Window, WindowError } from '../src/index.ts';

const canvases: HTMLCanvasElement[] = [];

/** A canvas in the document (so it has a layout size), removed and its context given back after the test. */
function createCanvas(style = ''): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.style.cssText = `display: block; ${style}`;
  document.body.appendChild(canvas);
  canvases.push(canvas);
  return canvas;
}

afterEach(() => {
  vi.restoreAllMocks();
  for (const canvas of canvases.splice(0)) {
    const gl = canvas.getContext('webgl2');
    if (gl && !gl.isContextLost()) gl.getExtension('WEBGL_lose_context')?.loseContext();
    canvas.remove();
  }
});

const RED = [255, 0, 0, 255];
const BLUE = [0, 0, 255, 255];

/** A batch holding one quad from CSS pixel (x0, y0) to (x1, y1), red, with the default program. */
function quadBatch(gl: WebGL2RenderingContext, x0: number, y0: number, x1: number, y1: number): Batch {
  const program = createDefaultProgram(gl);
  const batch = new Batch(gl);
  batch.add(6, gl.TRIANGLES, new ShaderGroup(program), program, {
    position: ['f', [x0, y0, 0, x1, y0, 0, x1, y1, 0, x1, y1, 0, x0, y1, 0, x0, y0, 0]],
    colors: ['Bn', Array.from({ length: 6 }, () => RED).flat()],
  });
  return batch;
}

/**
 * The device pixels of the CSS rectangle (x0, y0)–(x1, y1) (y down) at `ratio`, read
 * bottom-up as readPixels counts rows, as RGBA quadruples.
 */
function readCssRect(gl: WebGL2RenderingContext, ratio: number, x0: number, y0: number, x1: number, y1: number): number[][] {
  const x = x0 * ratio,
    width = (x1 - x0) * ratio,
    height = (y1 - y0) * ratio;
  const y = gl.drawingBufferHeight - y1 * ratio;
  const bytes = new Uint8Array(width * height * 4);
  gl.readPixels(x, y, width, height, gl.RGBA, gl.UNSIGNED_BYTE, bytes);
  const pixels: number[][] = [];
  for (let i = 0; i < bytes.length; i += 4) pixels.push([...bytes.subarray(i, i + 4)]);
  return pixels;
}

/** The device pixel at CSS (x, y) (y down) offset by (dx, dy) device pixels. */
function devicePixel(gl: WebGL2RenderingContext, ratio: number, x: number, y: number, dx = 0, dy = 0): number[] {
  const out = new Uint8Array(4);
  gl.readPixels(x * ratio + dx, gl.drawingBufferHeight - 1 - (y * ratio + dy), 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, out);
  return [...out];
}

/** Every device pixel of CSS (10, 10)–(20, 20) is red and the ones just outside its corners and edges are `background`. */
function expectQuadAt10To20(gl: WebGL2RenderingContext, ratio: number, background: number[]): void {
  const inside = readCssRect(gl, ratio, 10, 10, 20, 20);
  expect(inside.length).toBe(100 * ratio * ratio);
  expect(inside.filter((p) => p.join() !== RED.join()).length).toBe(0);
  // One device pixel outside each edge.
  expect(devicePixel(gl, ratio, 10, 15, -1)).toEqual(background);
  expect(devicePixel(gl, ratio, 20, 15)).toEqual(background);
  expect(devicePixel(gl, ratio, 15, 10, 0, -1)).toEqual(background);
  expect(devicePixel(gl, ratio, 15, 20)).toEqual(background);
}

const nextFrame = (): Promise<number> => new Promise((resolve) => requestAnimationFrame(resolve));

const expectWindowError = (fn: () => unknown, argument: string, value: unknown): void => {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(WindowError);
  expect((caught as WindowError).argument).toBe(argument);
  expect((caught as WindowError).value).toBe(value);
  expect((caught as WindowError).message).toContain(argument === 'this' ? 'deleted' : argument);
};

describe('Window: sizes and context', () => {
  for (const ratio of [1, 2]) {
    it(`sets the CSS size, the drawing buffer (× ${ratio}), the viewport and the projection (pixelRatio ${ratio})`, () => {
      const canvas = createCanvas();
      canvas.width = 64;
      canvas.height = 48;
      const window = new Window(canvas, { pixelRatio: ratio });
      const gl = window.gl;
      expect(window.canvas).toBe(canvas);
      expect([window.width, window.height, window.pixelRatio]).toEqual([64, 48, ratio]);
      expect([canvas.clientWidth, canvas.clientHeight]).toEqual([64, 48]);
      expect([canvas.width, canvas.height]).toEqual([64 * ratio, 48 * ratio]);
      expect([gl.drawingBufferWidth, gl.drawingBufferHeight]).toEqual([64 * ratio, 48 * ratio]);
      expect([...(gl.getParameter(gl.VIEWPORT) as Int32Array)]).toEqual([0, 0, 64 * ratio, 48 * ratio]);
      expect([...window.matrices.projection]).toEqual([...mat4.ortho(mat4.create(), 0, 64, 48, 0, -1, 1)]);
      expect([...window.matrices.view]).toEqual([...mat4.create()]);
      expectNoGLError(gl);
    });

    it(`draws a quad at CSS pixels (10, 10)–(20, 20) on exactly those device pixels (pixelRatio ${ratio})`, () => {
      const window = new Window(createCanvas(), { pixelRatio: ratio });
      window.resize(40, 30);
      const gl = window.gl;
      const batch = quadBatch(gl, 10, 10, 20, 20);
      window.clear(BLUE);
      batch.draw();
      expectQuadAt10To20(gl, ratio, BLUE);
      expectNoGLError(gl);
    });
  }

  it('takes the layout size of a canvas sized by CSS and rounds a fractional pixel ratio', () => {
    const canvas = createCanvas('width: 101px; height: 51px');
    const window = new Window(canvas, { pixelRatio: 1.5 });
    expect([window.width, window.height]).toEqual([101, 51]);
    expect([canvas.width, canvas.height]).toEqual([152, 77]); // 151.5 and 76.5, rounded
    expectNoGLError(window.gl);
  });

  it('follows devicePixelRatio when no pixelRatio is given', () => {
    const window = new Window(createCanvas());
    expect(window.pixelRatio).toBe(globalThis.devicePixelRatio);
    window.resize(20, 10);
    expect(window.gl.drawingBufferWidth).toBe(Math.round(20 * globalThis.devicePixelRatio));
  });

  it('context attributes: antialias and preserveDrawingBuffer off by default; contextAttributes passed through, named options win', () => {
    const plain = new Window(createCanvas()).gl.getContextAttributes()!;
    expect(plain.antialias).toBe(false);
    expect(plain.preserveDrawingBuffer).toBe(false);
    expect(plain.alpha).toBe(true);
    const custom = new Window(createCanvas(), {
      alpha: false,
      preserveDrawingBuffer: false,
      contextAttributes: { stencil: true, preserveDrawingBuffer: true, antialias: true },
    }).gl.getContextAttributes()!;
    expect(custom.stencil).toBe(true);
    expect(custom.preserveDrawingBuffer).toBe(false);
    expect(custom.alpha).toBe(false);
    expect(custom.antialias).toBe(true); // not a named option here: contextAttributes wins over the default
  });
});

describe('Window: resize and clear', () => {
  it('resize() updates the viewport and the projection: the quad lands on the same CSS pixels of the new size', () => {
    const canvas = createCanvas();
    const window = new Window(canvas, { pixelRatio: 2 });
    window.resize(30, 30);
    const gl = window.gl;
    const sizes: number[][] = [];
    window.onResize((width, height) => sizes.push([width, height, window.pixelRatio, canvas.width]));
    const batch = quadBatch(gl, 10, 10, 20, 20);
    window.resize(70, 50);
    expect(sizes).toEqual([[70, 50, 2, 140]]);
    expect(canvas.style.width).toBe('70px');
    expect(canvas.style.height).toBe('50px');
    expect([canvas.clientWidth, canvas.clientHeight]).toEqual([70, 50]);
    expect([gl.drawingBufferWidth, gl.drawingBufferHeight]).toEqual([140, 100]);
    expect([...(gl.getParameter(gl.VIEWPORT) as Int32Array)]).toEqual([0, 0, 140, 100]);
    window.clear([0, 0, 0, 255]);
    batch.draw();
    // With the old 30 × 30 projection the quad would be stretched to other pixels.
    expectQuadAt10To20(gl, 2, [0, 0, 0, 255]);
    window.resize(70, 50); // the same size: no resize event
    expect(sizes.length).toBe(1);
    expectNoGLError(gl);
  });

  it('onResize returns an unsubscribe function', () => {
    const window = new Window(createCanvas(), { pixelRatio: 1 });
    const fn = vi.fn();
    const unsubscribe = window.onResize(fn);
    window.resize(10, 10);
    unsubscribe();
    window.resize(20, 20);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(fn).toHaveBeenCalledWith(10, 10);
  });

  it('clear() fills the buffer with the colour given in 0–255, [r, g, b] meaning opaque, default opaque black', () => {
    const window = new Window(createCanvas(), { pixelRatio: 1 });
    window.resize(8, 8);
    const gl = window.gl;
    window.clear([255, 128, 0, 255]);
    expect(devicePixel(gl, 1, 3, 3)).toEqual([255, 128, 0, 255]);
    window.clear([0, 255, 51]);
    expect(devicePixel(gl, 1, 7, 0)).toEqual([0, 255, 51, 255]);
    window.clear();
    expect(devicePixel(gl, 1, 0, 7)).toEqual([0, 0, 0, 255]);
    window.clear([10, 20, 30, 0]);
    expect(devicePixel(gl, 1, 4, 4)).toEqual([10, 20, 30, 0]);
    expectNoGLError(gl);
  });

  it('clear() sets the clear colour only when it changes; after GL calls of the app, resetState() makes it set it again', () => {
    const window = new Window(createCanvas(), { pixelRatio: 1 });
    window.resize(8, 8);
    const gl = window.gl;
    const clearColor = vi.spyOn(gl, 'clearColor');
    const orange = [255, 128, 0, 255];
    window.clear(orange);
    window.clear([255, 128, 0]);
    expect(clearColor).toHaveBeenCalledTimes(1);
    gl.clearColor(0, 0, 1, 1); // the app's own GL call
    window.resetState();
    window.clear(orange);
    expect(clearColor).toHaveBeenCalledTimes(3);
    expect(devicePixel(gl, 1, 3, 3)).toEqual(orange);
    // A fractional channel is set every time: after 100.6 (GL holds 100.6 / 255), 100 is not skipped.
    window.clear([100.6, 0, 0]);
    window.clear([100, 0, 0]);
    expect(clearColor).toHaveBeenCalledTimes(5);
    expect(devicePixel(gl, 1, 3, 3)).toEqual([100, 0, 0, 255]);
    expectNoGLError(gl);
  });
});

describe('Window: autoResize', () => {
  it('picks up a CSS size change on the next clear(), not before', async () => {
    const canvas = createCanvas('width: 40px; height: 30px');
    const window = new Window(canvas, { autoResize: true, pixelRatio: 2 });
    const gl = window.gl;
    expect([window.width, window.height, canvas.width, canvas.height]).toEqual([40, 30, 80, 60]);
    const sizes: number[][] = [];
    window.onResize((width, height) => sizes.push([width, height]));
    const batch = quadBatch(gl, 10, 10, 20, 20);
    canvas.style.width = '64px';
    canvas.style.height = '36px';
    await nextFrame();
    await nextFrame();
    // Seen by the observer, but not applied until the frame starts.
    expect([window.width, canvas.width]).toEqual([40, 80]);
    expect(sizes).toEqual([]);
    window.clear([0, 0, 0, 255]);
    expect(sizes).toEqual([[64, 36]]);
    expect([window.width, window.height]).toEqual([64, 36]);
    expect([canvas.width, canvas.height, gl.drawingBufferWidth, gl.drawingBufferHeight]).toEqual([128, 72, 128, 72]);
    expect([...(gl.getParameter(gl.VIEWPORT) as Int32Array)]).toEqual([0, 0, 128, 72]);
    expect(canvas.style.width).toBe('64px'); // the page's CSS still owns it
    batch.draw();
    expectQuadAt10To20(gl, 2, [0, 0, 0, 255]);
    // Nothing pending now: applyPendingResize does nothing.
    expect(window.applyPendingResize()).toBe(false);
    expect(sizes.length).toBe(1);
    expectNoGLError(gl);
  });

  it('without autoResize a CSS change is ignored', async () => {
    const canvas = createCanvas();
    const window = new Window(canvas, { pixelRatio: 1 });
    window.resize(40, 30);
    canvas.style.width = '64px';
    await nextFrame();
    await nextFrame();
    window.clear();
    expect([window.width, canvas.width]).toEqual([40, 40]);
  });

  it('delete() disconnects the observer, drops the pixel-ratio query and removes the context-loss listeners', async () => {
    const canvas = createCanvas('width: 40px; height: 30px');
    const disconnect = vi.spyOn(ResizeObserver.prototype, 'disconnect');
    const removeQueryListener = vi.spyOn(MediaQueryList.prototype, 'removeEventListener');
    const window = new Window(canvas, { autoResize: true });
    const gl = window.gl;
    const restored = vi.fn();
    window.onContextRestored(restored);
    window.delete();
    expect(disconnect).toHaveBeenCalledTimes(1);
    expect(removeQueryListener).toHaveBeenCalledWith('change', expect.any(Function));
    const lose = gl.getExtension('WEBGL_lose_context')!;
    const lost = new Promise<Event>((resolve) => canvas.addEventListener('webglcontextlost', resolve, { once: true }));
    lose.loseContext();
    const event = await lost;
    expect(event.defaultPrevented).toBe(false);
    expect(restored).not.toHaveBeenCalled();
  });
});

describe('Window: context loss', () => {
  it('prevents the default on loss, restores itself, then calls onContextRestored; the next frame is right', async () => {
    const canvas = createCanvas();
    const window = new Window(canvas, { pixelRatio: 2 });
    window.resize(30, 30);
    const gl = window.gl;
    const batch = quadBatch(gl, 10, 10, 20, 20);
    const seenInCallback: unknown[] = [];
    window.onContextRestored(() => {
      seenInCallback.push([...(gl.getParameter(gl.VIEWPORT) as Int32Array)], gl.isBuffer(window.matrices.buffer), window.isContextLost);
    });
    expect(window.isContextLost).toBe(false);
    const lose = gl.getExtension('WEBGL_lose_context')!;
    const lost = new Promise<Event>((resolve) => canvas.addEventListener('webglcontextlost', resolve, { once: true }));
    lose.loseContext();
    const event = await lost;
    expect(event.defaultPrevented).toBe(true);
    expect(window.isContextLost).toBe(true);
    // While lost: a resize still takes (the restore uses it), clear() does nothing and throws nothing.
    window.resize(40, 35);
    window.clear([0, 0, 0, 255]); // the GL drops its clear colour: webglet must not remember it
    await new Promise((resolve) => setTimeout(resolve, 0)); // restoreContext needs the lost dispatch to be over
    const restored = new Promise((resolve) => canvas.addEventListener('webglcontextrestored', resolve, { once: true }));
    lose.restoreContext();
    await restored;
    expect(window.isContextLost).toBe(false);
    expect(seenInCallback).toEqual([[0, 0, 80, 70], true, false]);
    gl.getError(); // drop CONTEXT_LOST_WEBGL from the lost period
    window.clear([0, 0, 0, 255]);
    batch.draw();
    expect([gl.drawingBufferWidth, gl.drawingBufferHeight]).toEqual([80, 70]);
    expectQuadAt10To20(gl, 2, [0, 0, 0, 255]);
    expect([...window.matrices.projection]).toEqual([...mat4.ortho(mat4.create(), 0, 40, 35, 0, -1, 1)]);
    expectNoGLError(gl);
  });

  it('calls preventDefault on loss itself, not only through its MatrixBlock', async () => {
    const canvas = createCanvas();
    const window = new Window(canvas, { pixelRatio: 1 });
    window.matrices.delete(); // takes the block's own listener away
    const lost = new Promise<Event>((resolve) => canvas.addEventListener('webglcontextlost', resolve, { once: true }));
    window.gl.getExtension('WEBGL_lose_context')!.loseContext();
    expect((await lost).defaultPrevented).toBe(true);
  });
});

describe('Window: bad input', () => {
  it('throws WindowError for a canvas that is not a canvas or has no WebGL2', () => {
    const div = document.createElement('div');
    expectWindowError(() => new Window(div as never), 'canvas', div);
    expectWindowError(() => new Window(null as never), 'canvas', null);
    const offscreen = new OffscreenCanvas(4, 4);
    expectWindowError(() => new Window(offscreen as never), 'canvas', offscreen);
    const taken = createCanvas();
    taken.getContext('2d');
    expectWindowError(() => new Window(taken), 'canvas', taken);
  });

  it('throws WindowError for bad options, before touching the canvas', () => {
    const canvas = createCanvas();
    for (const value of [0, -1, NaN, Infinity, '2'])
      expectWindowError(() => new Window(canvas, { pixelRatio: value as never }), 'pixelRatio', value);
    expectWindowError(() => new Window(canvas, { antialias: 'yes' as never }), 'antialias', 'yes');
    expectWindowError(() => new Window(canvas, { autoResize: 1 as never }), 'autoResize', 1);
    expectWindowError(() => new Window(canvas, { contextAttributes: 5 as never }), 'contextAttributes', 5);
    expectWindowError(() => new Window(canvas, null as never), 'options', null);
    // No context was created by the failed calls: the canvas can still get a 2D one.
    expect(canvas.getContext('2d')).not.toBeNull();
  });

  it('throws WindowError for bad sizes, colours and listeners, leaving the window unchanged', () => {
    const canvas = createCanvas();
    const window = new Window(canvas, { pixelRatio: 2 });
    window.resize(30, 20);
    const gl = window.gl;
    window.clear([0, 0, 255, 255]);
    for (const value of [0, -5, NaN, Infinity, '10', null]) {
      expectWindowError(() => window.resize(value as never, 10), 'width', value);
      expectWindowError(() => window.resize(10, value as never), 'height', value);
    }
    for (const value of [[256, 0, 0], [0, 0], [0, 0, 0, 0, 0], [-1, 0, 0], [0, NaN, 0], 'red', 5]) {
      expectWindowError(() => window.clear(value as never), 'color', value);
    }
    expectWindowError(() => window.onResize(5 as never), 'fn', 5);
    expectWindowError(() => window.onContextRestored('f' as never), 'fn', 'f');
    expect([window.width, window.height, canvas.width, canvas.height, canvas.style.width]).toEqual([30, 20, 60, 40, '30px']);
    expect([...(gl.getParameter(gl.VIEWPORT) as Int32Array)]).toEqual([0, 0, 60, 40]);
    expect([...window.matrices.projection]).toEqual([...mat4.ortho(mat4.create(), 0, 30, 20, 0, -1, 1)]);
    expect(devicePixel(gl, 2, 5, 5)).toEqual([0, 0, 255, 255]); // no clear happened
    expectNoGLError(gl);
  });

  it('throws WindowError on use after delete()', () => {
    const window = new Window(createCanvas(), { pixelRatio: 1 });
    window.delete();
    expectWindowError(() => window.gl, 'this', 'deleted');
    expectWindowError(() => window.width, 'this', 'deleted');
    expectWindowError(() => window.matrices, 'this', 'deleted');
    expectWindowError(() => window.resize(10, 10), 'this', 'deleted');
    expectWindowError(() => window.clear(), 'this', 'deleted');
    expectWindowError(() => window.onResize(() => {}), 'this', 'deleted');
    expectWindowError(() => window.delete(), 'this', 'deleted');
  });
});
