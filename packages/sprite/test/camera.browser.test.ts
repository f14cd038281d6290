// Camera in real Chromium: a world layer seen through a camera and a HUD layer beside it, checked
// by pixels; toScreen and toWorld against where sprites are drawn; containsPoint through toWorld
// against the pixels; two cameras and a HUD in one batch; the window's view put back after every
// camera; no allocation in a frame whose camera follows a moving sprite; bad input refused.
import { describe, expect, it } from 'vitest';
import {
  EARLY_FRAMES,
  expectNoGLError,
  expectSteadyFrame,
  GRAPHICS_SOURCES,
  steadyFrameAllocations,
  type ProbeScope,
} from '../../graphics/test/gl-test-helpers.ts';
import { Batch, Camera, CameraError, Group, Sprite, Texture, Window, type TextureRegion } from '../src/index.ts';

const RED = [255, 0, 0, 255];
const GREEN = [0, 255, 0, 255];
const BLUE = [0, 0, 255, 255];
const BLACK = [0, 0, 0, 255];

/** A 64 × 48 window, a batch and three 4 × 4 regions of solid colours on one texture. */
function scene(): {
  window: Window;
  canvas: HTMLCanvasElement;
  batch: Batch;
  red: TextureRegion;
  green: TextureRegion;
  blue: TextureRegion;
} {
  const canvas = document.createElement('canvas');
  document.body.append(canvas);
  const window = new Window(canvas, { pixelRatio: 1, preserveDrawingBuffer: true });
  window.resize(64, 48);
  const data = new Uint8Array(12 * 4 * 4);
  for (let y = 0; y < 4; y++) for (let x = 0; x < 12; x++) data.set(x < 4 ? RED : x < 8 ? GREEN : BLUE, (y * 12 + x) * 4);
  const texture = new Texture(window.gl, { width: 12, height: 4, data }, { filter: 'nearest' });
  return {
    window,
    canvas,
    batch: new Batch(window.gl),
    red: texture.region(0, 0, 4, 4),
    green: texture.region(4, 0, 4, 4),
    blue: texture.region(8, 0, 4, 4),
  };
}

function pixelAt(window: Window, x: number, y: number): number[] {
  const out = new Uint8Array(4);
  window.gl.readPixels(x, window.height - 1 - y, 1, 1, window.gl.RGBA, window.gl.UNSIGNED_BYTE, out);
  return [...out];
}

function draw(window: Window, batch: Batch): void {
  window.clear([0, 0, 0]);
  batch.draw();
}

describe('Camera', () => {
  it('a world layer scrolls and zooms while a HUD layer stays; moving the camera moves no list', () => {
    const { window, canvas, batch, red, green } = scene();
    const camera = new Camera(window, { x: 10, y: 10, zoom: 2 });
    const hud = new Group(1);
    new Sprite(red, { batch, group: camera, x: 10, y: 10, anchorX: 0.5, anchorY: 0.5 });
    new Sprite(green, { batch, group: hud, x: 2, y: 2 });
    draw(window, batch);
    // World (10, 10) at the centre (32, 24), 4 px zoomed to 8: x 28..35, y 20..27.
    expect(pixelAt(window, 28, 20)).toEqual(RED);
    expect(pixelAt(window, 35, 27)).toEqual(RED);
    expect(pixelAt(window, 27, 24)).toEqual(BLACK);
    expect(pixelAt(window, 36, 24)).toEqual(BLACK);
    expect(pixelAt(window, 2, 2)).toEqual(GREEN);
    expect(pixelAt(window, 5, 5)).toEqual(GREEN);
    const domains = batch.stats().domains.length;
    camera.x = 12; // two world pixels right: the world moves four screen pixels left
    draw(window, batch);
    expect(pixelAt(window, 24, 20)).toEqual(RED);
    expect(pixelAt(window, 31, 27)).toEqual(RED);
    expect(pixelAt(window, 32, 24)).toEqual(BLACK);
    expect(pixelAt(window, 2, 2)).toEqual(GREEN);
    expect(batch.stats().domains.length).toBe(domains);
    expect(batch.stats().drawCalls).toBe(2);
    // After the draw, the window's view is its own again (identity: no camera).
    expect([...window.matrices.view]).toEqual([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
    expectNoGLError(window.gl);
    window.delete();
    canvas.remove();
  });

  it('toScreen finds where a world point is drawn, toWorld undoes it, and hit tests through it agree with the pixels', () => {
    const { window, canvas, batch, blue } = scene();
    const camera = new Camera(window, { x: 40, y: -7, zoom: 1.75, rotation: 0.7 });
    const sprite = new Sprite(blue, { batch, group: camera, x: 44, y: -3, scale: 2, rotation: 0.3, anchorX: 0.5, anchorY: 0.5 });
    draw(window, batch);
    const at = camera.toScreen([0, 0], sprite.x, sprite.y);
    expect(pixelAt(window, Math.floor(at[0]), Math.floor(at[1]))).toEqual(BLUE);
    const back = camera.toWorld([0, 0], at[0], at[1]);
    expect(back[0]).toBeCloseTo(44, 12);
    expect(back[1]).toBeCloseTo(-3, 12);
    const pixels = new Uint8Array(64 * 48 * 4);
    window.gl.readPixels(0, 0, 64, 48, window.gl.RGBA, window.gl.UNSIGNED_BYTE, pixels);
    const world: [number, number] = [0, 0];
    const hit = (x: number, y: number): boolean => {
      camera.toWorld(world, x, y);
      return sprite.containsPoint(world[0], world[1]);
    };
    let inside = 0;
    for (let py = 0; py < 48; py++) {
      for (let px = 0; px < 64; px++) {
        const x = px + 0.5,
          y = py + 0.5;
        const here = hit(x, y);
        // Within 0.1 px of an edge the rasterizer's 1/16 px snapping decides: skip.
        if ([hit(x - 0.1, y), hit(x + 0.1, y), hit(x, y - 0.1), hit(x, y + 0.1)].some((value) => value !== here)) continue;
        const drawn = pixels[((47 - py) * 64 + px) * 4 + 2] === 255;
        expect(drawn, `pixel (${px}, ${py})`).toBe(here);
        if (here) inside++;
      }
    }
    expect(inside).toBeGreaterThan(100); // 8 × 8 world pixels, zoomed 1.75: about 196
    window.delete();
    canvas.remove();
  });

  it('two cameras and a HUD in one batch: each sees its own view, and the HUD sprites share one draw call', () => {
    const { window, canvas, batch, red, green, blue } = scene();
    const left = new Camera(window, { x: 0, y: 0, order: 0 });
    const right = new Camera(window, { x: -20, y: 0, order: 1 });
    const hud = new Group(2);
    new Sprite(red, { batch, group: left, x: 0, y: 0 });
    new Sprite(green, { batch, group: right, x: 0, y: 0 });
    for (let i = 0; i < 5; i++) new Sprite(blue, { batch, group: hud, x: 4 + i * 6, y: 40 });
    draw(window, batch);
    expect(pixelAt(window, 33, 25)).toEqual(RED); // world (0, 0) at the centre (32, 24)
    expect(pixelAt(window, 53, 25)).toEqual(GREEN); // the right camera looks 20 px further left
    for (let i = 0; i < 5; i++) expect(pixelAt(window, 5 + i * 6, 41), `HUD ${i}`).toEqual(BLUE);
    expect(batch.stats().drawCalls).toBe(3); // one a group: two cameras, and all the HUD in one
    expectNoGLError(window.gl);
    window.delete();
    canvas.remove();
  });

  it('a frame whose camera follows a moving sprite allocates nothing in the library once optimized (early: only MatrixBlock checks)', async () => {
    const { window, canvas, batch, red, green } = scene();
    const camera = new Camera(window);
    const hud = new Group(1);
    const hero = new Sprite(red, { batch, group: camera, x: 0, y: 0 });
    new Sprite(green, { batch, group: hud, x: 1, y: 1 });
    const scope: ProbeScope = {
      within: /\/test\/camera\.browser\.test\.ts/,
      sites: new RegExp(`${GRAPHICS_SOURCES.source}|/packages/sprite/src/`),
    };
    const frame = (n: number): void => {
      hero.x = (n % 200) * 0.37;
      camera.x = hero.x;
      camera.zoom = 1 + (n % 7) * 0.125;
      window.clear([0, 0, 0]);
      batch.draw();
    };
    // Early, only MatrixBlock's check of the 16 numbers of each setView allocates: it boxes the
    // fractional ones until V8 optimizes it (about 32 bytes a frame; docs/decisions.md). Then nothing.
    const early = await steadyFrameAllocations(frame, scope, EARLY_FRAMES);
    expect(
      Object.keys(early.sites).every((site) => site.includes('matrix-block.ts')),
      JSON.stringify(early.sites),
    ).toBe(true);
    expectSteadyFrame(await steadyFrameAllocations(frame, scope, { warmUpFrames: 3_000 }));
    expectNoGLError(window.gl);
    window.delete();
    canvas.remove();
  }, 120_000);

  it('bad input throws CameraError naming the argument, and the camera is unchanged', () => {
    const { window, canvas } = scene();
    const camera = new Camera(window, { x: 5, y: 6, zoom: 2, rotation: 0.5 });
    const notWindow = {};
    const cases: [() => unknown, string, unknown][] = [
      [() => new Camera(notWindow as Window), 'window', notWindow],
      [() => new Camera(window, null as never), 'options', null],
      [() => new Camera(window, { zoom: 0 }), 'zoom', 0],
      [() => new Camera(window, { x: NaN }), 'x', NaN],
      [() => (camera.zoom = -1), 'zoom', -1],
      [() => (camera.y = Infinity), 'y', Infinity],
      [() => (camera.rotation = 'a' as never), 'rotation', 'a'],
      [() => camera.toWorld([0, 0], NaN, 0), 'x', NaN],
      [() => camera.toScreen([0, 0], 0, undefined as never), 'y', undefined],
    ];
    for (const [call, argument, value] of cases) {
      let thrown: unknown = null;
      try {
        call();
      } catch (error) {
        thrown = error;
      }
      expect(thrown, argument).toBeInstanceOf(CameraError);
      expect([(thrown as CameraError).argument, Object.is((thrown as CameraError).value, value)]).toEqual([argument, true]);
    }
    expect([camera.x, camera.y, camera.zoom, camera.rotation]).toEqual([5, 6, 2, 0.5]);
    window.delete();
    canvas.remove();
  });
});
