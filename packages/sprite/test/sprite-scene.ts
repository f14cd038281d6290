// What the sprite browser tests share: a canvas with the y-down projection
// mat4.ortho(0, W, H, 0, -1, 1) in a MatrixBlock and a Batch, drawing it over a
// background, reading pixels by (x, y) from the top, and solid-colour images.
import { mat4 } from 'gl-matrix';
import { Batch, MatrixBlock } from '@webglet/graphics';
import { createContext, pixel } from '../../graphics/test/gl-test-helpers.ts';
import type { PixelData } from '../src/index.ts';

export const BLACK = [0, 0, 0, 255];
export const RED = [255, 0, 0, 255];
export const GREEN = [0, 255, 0, 255];
export const BLUE = [0, 0, 255, 255];
export const YELLOW = [255, 255, 0, 255];
export const WHITE = [255, 255, 255, 255];

export interface Scene {
  gl: WebGL2RenderingContext;
  batch: Batch;
  width: number;
  height: number;
}

export function createScene(width = 64, height = 64): Scene {
  const gl = createContext(width, height);
  new MatrixBlock(gl).setProjection(mat4.ortho(mat4.create(), 0, width, height, 0, -1, 1));
  return { gl, batch: new Batch(gl), width, height };
}

/** Clears to `background` and draws the batch. */
export function render({ gl, batch }: Scene, background: readonly number[] = BLACK): void {
  gl.clearColor(background[0]! / 255, background[1]! / 255, background[2]! / 255, 1);
  gl.clear(gl.COLOR_BUFFER_BIT);
  batch.draw();
}

/** The pixel at screen (x, y), y down from the top (readPixels counts rows from the bottom). */
export const at = (scene: Scene, x: number, y: number): number[] => pixel(scene.gl, x, scene.height - 1 - y);

export function allPixels({ gl, width, height }: Scene): Uint8Array {
  const out = new Uint8Array(width * height * 4);
  gl.readPixels(0, 0, width, height, gl.RGBA, gl.UNSIGNED_BYTE, out);
  return out;
}

/** Solid `color` pixels, width × height. */
export function solid(width: number, height: number, color: readonly number[]): PixelData {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set(color, i * 4);
  return { width, height, data };
}
