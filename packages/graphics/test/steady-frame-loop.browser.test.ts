// batch.draw() with the per-region loop (no WEBGL_multi_draw, as in Firefox and
// Safari) in a steady frame: no object of its own (see expectSteadyFrame). Its own
// file, so its own page and JIT state.
import { expect, it } from 'vitest';
import { createScene, expectSteadyFrame, steadyFrameAllocations, WINDOW_FRAMES } from './steady-frame.ts';

it('allocates no object of its own in batch.draw() (per-region loop), lists and instances changing', async () => {
  const scene = createScene(false, 20);
  expectSteadyFrame(await steadyFrameAllocations(scene), WINDOW_FRAMES, 3);
  expect(scene.gl.getError()).toBe(scene.gl.NO_ERROR);
});
