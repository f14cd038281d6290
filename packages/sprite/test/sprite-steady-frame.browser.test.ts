// The steady frame of sprites, measured in real Chromium with the allocation probe of
// @webglet/graphics (Chrome's sampling heap profiler through CDP): once V8 has
// compiled the frame, moving, turning and scaling every sprite with fractional numbers
// and drawing allocates nothing — no boxed number at a setter's call (the setters are
// small enough to be inlined, all of them) and none on the way to the shadow (written
// at the draw, from the domain's numbers by slot) — and each frame uploads exactly the
// bytes that changed.
import { mat4 } from 'gl-matrix';
import { Batch, MatrixBlock } from '@webglet/graphics';
import {
  createContext, EARLY_FRAMES, expectNoGLError, expectSteadyFrame, GRAPHICS_SOURCES, readBuffer, steadyFrameAllocations,
  type ProbeScope,
} from '@webglet/graphics/test-helpers';
import { describe, expect, it } from 'vitest';
import { Sprite, Texture } from '../src/index.ts';

const SIZE = 64;
const COUNT = 200;
/** Allocations anywhere in the library or in this file's frame, under this file's frames. */
const SCOPE: ProbeScope = {
  within: /\/test\/sprite-steady-frame\.browser\.test\.ts/,
  sites: new RegExp(`${GRAPHICS_SOURCES.source}|/packages/sprite/src/|/test/sprite-steady-frame\\.browser\\.test\\.ts`),
};

function createSprites(): { gl: WebGL2RenderingContext; batch: Batch; sprites: Sprite[] } {
  const gl = createContext(SIZE, SIZE);
  new MatrixBlock(gl).setProjection(mat4.ortho(mat4.create(), 0, SIZE, SIZE, 0, -1, 1));
  const texture = new Texture(gl, { width: 2, height: 2, data: new Uint8Array(16).fill(255) });
  const batch = new Batch(gl);
  const sprites = Array.from({ length: COUNT }, (_, i) => new Sprite(texture, { batch, x: i % SIZE, y: (i * 7) % SIZE }));
  return { gl, batch, sprites };
}

describe('a steady frame of sprites', () => {
  it('setPosition, rotation and scale with fractional values on every sprite and batch.draw() allocate nothing, early and once optimized', async () => {
    const { gl, batch, sprites } = createSprites();
    // Fractional values every frame: a boxed number per call would show here.
    const update = (n: number): void => {
      const t = n * 0.013;
      for (let i = 0; i < sprites.length; i++) {
        const sprite = sprites[i]!;
        sprite.setPosition((i * 0.37 + t) % SIZE, (i * 0.61 + 2 * t) % SIZE);
        sprite.rotation = t + i * 0.01;
        sprite.scale = 1 + Math.sin(t + i) * 0.5;
      }
    };
    const frame = (n: number): void => {
      update(n);
      batch.draw();
    };
    expectSteadyFrame(await steadyFrameAllocations(frame, SCOPE, EARLY_FRAMES));
    expectSteadyFrame(await steadyFrameAllocations(frame, SCOPE, { warmUpFrames: 5_000 }));
    // And the frame still does its job: 8 + 4 + 8 bytes per sprite, one draw call, the GPU holding the positions.
    frame(1_000_000);
    expect(batch.stats().bytesUploaded).toBe(COUNT * (8 + 4 + 8));
    expect(batch.stats().drawCalls).toBe(1);
    const translate = sprites[5]!.handle.domain.instanceAttributes.get('translate')!;
    const slot = sprites[5]!.handle.slot;
    const gpu = new Float32Array(readBuffer(gl, translate.buffer.buffer, slot * 8, slot * 8 + 8).buffer);
    expect([...gpu]).toEqual([Math.fround(sprites[5]!.x), Math.fround(sprites[5]!.y)]);
    expectNoGLError(gl);
  }, 120_000);
});
