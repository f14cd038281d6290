// The README's "draw a sprite" example, run as written — but for the image's URL (a blob: URL of
// a PNG made here, not a file) and a handle on the clock so the test can stop it.
import { expectNoGLError, pixel } from '../../graphics/test/gl-test-helpers.ts';
import { expect, it } from 'vitest';
import { Assets, Batch, Clock, Sprite, Window } from '../src/index.ts';

/** The URL of a 32 × 32 orange PNG standing in for bunny.png. */
async function bunnyUrl(): Promise<string> {
  const canvas = new OffscreenCanvas(32, 32);
  const context = canvas.getContext('2d')!;
  context.fillStyle = 'rgb(255, 128, 0)';
  context.fillRect(0, 0, 32, 32);
  return URL.createObjectURL(await canvas.convertToBlob({ type: 'image/png' }));
}

it("the README's sprite example draws its sprite and turns it every frame", async () => {
  const canvas = document.createElement('canvas');
  document.body.append(canvas);
  const window = new Window(canvas, { pixelRatio: 1 });
  window.resize(640, 480);
  const image = await new Assets(window.gl).image(await bunnyUrl());
  const batch = new Batch(window.gl);
  const bunny = new Sprite(image, { batch, x: 320, y: 240, anchorX: 0.5, anchorY: 0.5 });
  const clock = new Clock();
  clock.start((dt) => {
    bunny.rotation += dt;
    window.clear();
    batch.draw();
  });
  await new Promise((resolve) => setTimeout(resolve, 200));
  clock.stop();
  expect(bunny.rotation).toBeGreaterThan(0);
  window.clear();
  batch.draw();
  const gl = window.gl;
  expect(pixel(gl, 320, 480 - 240)).toEqual([255, 128, 0, 255]); // the centre, whatever the angle
  expect(pixel(gl, 10, 10)).toEqual([0, 0, 0, 255]);
  expect(batch.stats().drawCalls).toBe(1);
  expectNoGLError(gl);
  window.delete();
  canvas.remove();
});
