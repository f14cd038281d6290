// The page side of @webglet/testing in real Chromium (SwiftShader): runGame's
// deterministic frames and hook, capture() checked against the pixels drawn (its
// PNG decoded here, byte for byte), masks, step(), the loss and restore, and
// encodePng's bytes for translucent pixels.
import { Batch, Rectangle, Window } from '@webglet/sprite';
import { afterEach, describe, expect, it } from 'vitest';
import { encodePng, readGameParams, runGame, seededRandom, TestModeError, type GameHook } from '../src/index.ts';

const WIDTH = 40;
const HEIGHT = 30;
const canvases: HTMLCanvasElement[] = [];

afterEach(() => {
  globalThis.__webglet = undefined;
  for (const canvas of canvases.splice(0)) {
    const gl = canvas.getContext('webgl2');
    if (gl && !gl.isContextLost()) gl.getExtension('WEBGL_lose_context')?.loseContext();
    canvas.remove();
  }
  delete document.body.dataset.ready;
  delete document.body.dataset.frames;
});

/** PNG bytes back to width, height and RGBA rows: the chunks read, IDAT inflated, filter bytes (all 0) dropped. */
async function decodePng(png: Uint8Array): Promise<{ width: number; height: number; rgba: Uint8Array }> {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Uint8Array[] = [];
  while (offset < png.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...png.subarray(offset + 4, offset + 8));
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') [width, height] = [view.getUint32(offset + 8), view.getUint32(offset + 12)];
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const stream = new Blob(idat as BlobPart[]).stream().pipeThrough(new DecompressionStream('deflate'));
  const rows = new Uint8Array(await new Response(stream).arrayBuffer());
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    expect(rows[y * (width * 4 + 1)], `filter byte of row ${y}`).toBe(0);
    rgba.set(rows.subarray(y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1)), y * width * 4);
  }
  return { width, height, rgba };
}

const fromBase64 = (text: string): Uint8Array => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
const pixelAt = (image: { width: number; rgba: Uint8Array }, x: number, y: number): number[] => [
  ...image.rgba.subarray((y * image.width + x) * 4, (y * image.width + x) * 4 + 4),
];

interface TestGame {
  hook: GameHook;
  window: Window;
  frames: number[];
  /** readPixels of the last frame, done in the frame's own task (rows bottom first). */
  lastRead: Uint8Array;
}

/** A game whose frame N draws a white 4 × 4 rectangle at x = N on dark blue: its position tells the frame. */
function startGame(search: string): TestGame {
  const canvas = document.createElement('canvas');
  canvas.style.cssText = `display: block; width: ${WIDTH}px; height: ${HEIGHT}px`;
  document.body.appendChild(canvas);
  canvases.push(canvas);
  const window = new Window(canvas, { alpha: false, pixelRatio: 1 });
  const gl = window.gl;
  const batch = new Batch(gl);
  const rectangle = new Rectangle(0, 10, 4, 4, { batch, color: [255, 255, 255] });
  const game: TestGame = { hook: undefined as unknown as GameHook, window, frames: [], lastRead: new Uint8Array(WIDTH * HEIGHT * 4) };
  game.hook = runGame(
    window,
    () => {
      game.frames.push(game.frames.length + 1);
      rectangle.x = game.frames.length;
      window.clear([0, 0, 80]);
      batch.draw();
      gl.readPixels(0, 0, WIDTH, HEIGHT, gl.RGBA, gl.UNSIGNED_BYTE, game.lastRead);
    },
    { params: readGameParams(search) },
  );
  return game;
}

/** The x of the first white pixel in row `y`, and how many follow it. */
function whiteRun(image: { width: number; rgba: Uint8Array }, y: number): [number, number] {
  let x = 0;
  while (x < image.width && pixelAt(image, x, y).join() !== '255,255,255,255') x++;
  let end = x;
  while (end < image.width && pixelAt(image, end, y).join() === '255,255,255,255') end++;
  return [x, end - x];
}

describe('runGame in a deterministic run', () => {
  it('runs ?frames=N frames once ready, marks <body>, and capture() is the frame as drawn', async () => {
    const { hook, window, lastRead } = startGame('?seed=3&frames=5');
    expect(globalThis.__webglet).toBe(hook);
    await hook.ready;
    expect(hook.frame).toBe(5);
    expect(document.body.dataset.ready).toBe('true');
    expect(document.body.dataset.frames).toBe('5');
    const image = await decodePng(fromBase64(await hook.capture()));
    expect([image.width, image.height]).toEqual([WIDTH, HEIGHT]);
    // Frame 5 put the rectangle at x = 5..8, y = 10..13 (top-left origin, as the PNG's rows run).
    expect(pixelAt(image, 5, 10)).toEqual([255, 255, 255, 255]);
    expect(pixelAt(image, 8, 13)).toEqual([255, 255, 255, 255]);
    expect(pixelAt(image, 4, 10)).toEqual([0, 0, 80, 255]);
    expect(pixelAt(image, 9, 10)).toEqual([0, 0, 80, 255]);
    expect(pixelAt(image, 5, 9)).toEqual([0, 0, 80, 255]);
    // The same bytes as readPixels in the frame's own task, whose rows run bottom first. A readPixels now
    // would read a cleared buffer: the frame has been composited and the context does not preserve it.
    const direct = lastRead;
    for (let y = 0; y < HEIGHT; y++) {
      expect(image.rgba.subarray(y * WIDTH * 4, (y + 1) * WIDTH * 4)).toEqual(
        direct.subarray((HEIGHT - 1 - y) * WIDTH * 4, (HEIGHT - y) * WIDTH * 4),
      );
    }
    expect(window.gl.getError()).toBe(window.gl.NO_ERROR);
  });

  it('step(n) runs n more frames and the capture follows; a bad n throws and runs nothing', async () => {
    const { hook, frames } = startGame('?frames=2');
    await hook.ready;
    expect(hook.step(3)).toBe(5);
    expect(frames).toEqual([1, 2, 3, 4, 5]);
    expect(() => hook.step(-1)).toThrow(RangeError);
    expect(() => hook.step(1.5)).toThrow(/whole number >= 0/);
    expect(hook.frame).toBe(5);
    const image = await decodePng(fromBase64(await hook.capture()));
    expect(pixelAt(image, 5, 10)).toEqual([255, 255, 255, 255]);
    expect(pixelAt(image, 4, 10)).toEqual([0, 0, 80, 255]);
  });

  it('step() before ready throws, naming the wait', () => {
    const { hook } = startGame('?frames=1');
    expect(() => hook.step(1)).toThrow(/await __webglet.ready/);
  });

  it('a mask paints its rectangles, clipped to the canvas; a bad rectangle throws', async () => {
    const { hook } = startGame('?frames=5');
    await hook.ready;
    const image = await decodePng(
      fromBase64(
        await hook.capture({
          mask: [
            { x: 4, y: 9, width: 6, height: 6 },
            { x: 38, y: 28, width: 9, height: 9 },
          ],
        }),
      ),
    );
    expect(pixelAt(image, 5, 10)).toEqual([255, 0, 255, 255]);
    expect(pixelAt(image, 4, 9)).toEqual([255, 0, 255, 255]);
    expect(pixelAt(image, 10, 10)).toEqual([0, 0, 80, 255]);
    expect(pixelAt(image, 39, 29)).toEqual([255, 0, 255, 255]);
    await expect(hook.capture({ mask: [{ x: 0, y: 0, width: -1, height: 2 }] })).rejects.toThrow(/size >= 0/);
  });

  it('?loseAt loses and restores the context mid-run, and the last frame equals a run without it', async () => {
    const plain = startGame('?frames=12');
    await plain.hook.ready;
    const expected = await plain.hook.capture();
    await plain.hook.loseContext(); // its context goes back, and its <body> marks are done before the next game's

    const lossy = startGame('?frames=12&loseAt=4&lostFrames=3');
    await lossy.hook.ready;
    expect(document.body.dataset.context).toBe('restored');
    expect(document.body.dataset.losses).toBe('1');
    expect(lossy.frames.length).toBe(12);
    expect(await lossy.hook.capture()).toBe(expected);
  });

  it('loseContext() and restoreContext() resolve after their events; a step after the restore draws again', async () => {
    const { hook, window } = startGame('?frames=2');
    await hook.ready;
    await hook.loseContext();
    expect(window.gl.isContextLost()).toBe(true);
    expect(document.body.dataset.context).toBe('lost');
    hook.step(1);
    await hook.restoreContext();
    expect(window.gl.isContextLost()).toBe(false);
    hook.step(1);
    const image = await decodePng(fromBase64(await hook.capture()));
    expect(pixelAt(image, 4, 10)).toEqual([255, 255, 255, 255]);
    expect(pixelAt(image, 3, 10)).toEqual([0, 0, 80, 255]);
  });
});

describe("runGame when used at the wrong moment, or around the app's GL state", () => {
  it('a loss of a lost context and a restore of a live one throw TestModeError instead of waiting forever', async () => {
    const { hook } = startGame('?frames=1');
    await hook.ready;
    expect(() => hook.restoreContext()).toThrow(TestModeError);
    await hook.loseContext();
    expect(() => hook.loseContext()).toThrow(/lost already/);
    await hook.restoreContext();
  });

  it('with ?restore=never the capture stays the last frame drawn before the loss', async () => {
    const { hook, frames } = startGame('?frames=6&loseAt=3&restore=never');
    await hook.ready;
    expect(frames.length).toBe(6);
    expect(document.body.dataset.context).toBe('lost');
    const image = await decodePng(fromBase64(await hook.capture()));
    expect(whiteRun(image, 10)).toEqual([3, 4]);
  });

  it('reads tight rows whatever pack state the app left, and puts that state back', async () => {
    const { hook, window } = startGame('?frames=4');
    const gl = window.gl;
    gl.pixelStorei(gl.PACK_ROW_LENGTH, 7);
    gl.pixelStorei(gl.PACK_ALIGNMENT, 8);
    hook.ready.catch(() => {});
    await hook.ready;
    hook.step(1);
    const image = await decodePng(fromBase64(await hook.capture()));
    expect(whiteRun(image, 10)).toEqual([5, 4]);
    expect(gl.getParameter(gl.PACK_ROW_LENGTH)).toBe(7);
    expect(gl.getParameter(gl.PACK_ALIGNMENT)).toBe(8);
    gl.pixelStorei(gl.PACK_ROW_LENGTH, 0);
    gl.pixelStorei(gl.PACK_ALIGNMENT, 4);
  });

  it('a bad mask colour throws RangeError', async () => {
    const { hook } = startGame('?frames=1');
    await hook.ready;
    await expect(hook.capture({ maskColor: [255, 0, 0] as never })).rejects.toThrow(/maskColor must be/);
    await expect(hook.capture({ maskColor: [256, 0, 0, 255] })).rejects.toThrow(RangeError);
  });
});

describe('runGame animating (no ?frames)', () => {
  it('ready resolves after the first frame; capture() reads a later frame; step() is refused', async () => {
    const { hook, frames } = startGame('');
    await hook.ready;
    expect(frames.length).toBeGreaterThanOrEqual(1);
    expect(() => hook.step(1)).toThrow(/animates/);
    const before = frames.length;
    const image = await decodePng(fromBase64(await hook.capture()));
    // Frames go on while the PNG is encoded: the one read was drawn after the call, by the time it resolved.
    const [x, width] = whiteRun(image, 10);
    expect(width).toBe(4);
    expect(x).toBeGreaterThan(before);
    expect(x).toBeLessThanOrEqual(frames.length);
  });
});

describe('encodePng', () => {
  it('keeps translucent pixels exactly (no premultiplication) and makes a PNG the browser decodes', async () => {
    const rgba = Uint8Array.from({ length: 3 * 2 * 4 }, (_, i) => (i * 37 + 11) % 256);
    const png = await encodePng(3, 2, rgba);
    const decoded = await decodePng(png);
    expect([decoded.width, decoded.height]).toEqual([3, 2]);
    expect(decoded.rgba).toEqual(rgba);
    const bitmap = await createImageBitmap(new Blob([png as BlobPart], { type: 'image/png' }));
    expect([bitmap.width, bitmap.height]).toEqual([3, 2]);
  });

  it('refuses a size that does not match the bytes', async () => {
    await expect(encodePng(2, 2, new Uint8Array(15))).rejects.toThrow(/needs 16 bytes, got 15/);
    await expect(encodePng(0, 2, new Uint8Array(0))).rejects.toThrow(/whole numbers > 0/);
  });
});

describe('readGameParams and seededRandom', () => {
  it('read whole numbers in range and ignore the rest', () => {
    expect(readGameParams('?seed=7&frames=30&loseAt=3&lostFrames=2&restore=never')).toEqual({
      seed: 7,
      frames: 30,
      loseAt: 3,
      lostFrames: 2,
      restore: false,
    });
    expect(readGameParams('?seed=-1&frames=0&loseAt=x')).toEqual({ seed: 1, frames: null, loseAt: null, lostFrames: 10, restore: true });
    // An empty value is no value, not 0.
    expect(readGameParams('?seed=&frames=&loseAt=')).toEqual({ seed: 1, frames: null, loseAt: null, lostFrames: 10, restore: true });
  });

  it('give the same numbers for the same seed, and others for another', () => {
    const a = seededRandom(5);
    const b = seededRandom(5);
    const c = seededRandom(6);
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect([c(), c(), c()]).not.toEqual(first);
    expect(first.every((v) => v >= 0 && v < 1)).toBe(true);
  });
});
