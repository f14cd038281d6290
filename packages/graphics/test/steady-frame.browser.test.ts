// The speed contract of a steady frame, measured in real Chromium (see steady-frame.ts):
// - batch.draw() allocates nothing, from the 200th frame (before V8's optimizing
//   tier) and once optimized, with multi-draw and with the per-region loop;
// - bytes uploaded per frame stay within 1.25 × the bytes the user changed;
// - a domain whose lists are contiguous costs one draw call.
import { describe, expect, it } from 'vitest';
import { liveContexts } from './gl-test-helpers.ts';
import { allocationsDuring, EARLY_FRAMES, expectSteadyFrame, steadyFrameAllocations } from './allocation-probe.ts';
import { createScene, SCENE_SCOPE } from './steady-frame.ts';

describe('a steady frame', () => {
  for (const [multiDraw, name] of [
    [true, 'multi-draw'],
    [false, 'the per-region loop, as without WEBGL_multi_draw'],
  ] as const) {
    it(`batch.draw() allocates nothing (${name}), lists and instances changing every frame, every other one deleted: early and once optimized`, async () => {
      const scene = createScene(multiDraw, 20, true);
      scene.batch.draw();
      // Ten regions a domain: one call each in the loop; multi-draw joins the two non-instanced domains' into one call each.
      expect(scene.batch.stats().drawCalls).toBe(multiDraw ? 1 + 1 + 10 : 30);
      const frame = (n: number): void => {
        scene.change(n);
        scene.batch.draw();
      };
      expectSteadyFrame(await steadyFrameAllocations(frame, SCENE_SCOPE, EARLY_FRAMES));
      expectSteadyFrame(await steadyFrameAllocations(frame, SCENE_SCOPE));
      expect(scene.gl.getError()).toBe(scene.gl.NO_ERROR);
    });
  }

  it('the allocation check sees allocations when there are some (stats() builds objects)', async () => {
    const scene = createScene(true, 20);
    scene.batch.draw();
    const sites = await allocationsDuring(() => {
      for (let i = 0; i < 200; i++) scene.batch.stats();
    }, SCENE_SCOPE);
    expect([...sites.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(200 * 32);
  });

  it('uploads at most 1.25 × the bytes changed, and a domain of contiguous lists costs one draw call', () => {
    for (const multiDraw of [true, false]) {
      const scene = createScene(multiDraw);
      scene.batch.draw();
      // Three domains (triangles, indexed quads, instances), each one contiguous run: three calls either way.
      expect(scene.batch.stats().drawCalls).toBe(3);
      let changed = 0,
        uploaded = 0;
      for (let frame = 0; frame < 200; frame++) {
        const bytes = scene.change(frame);
        scene.batch.draw();
        const { bytesUploaded, drawCalls } = scene.batch.stats();
        expect(bytesUploaded).toBeLessThanOrEqual(1.25 * bytes);
        expect(drawCalls).toBe(3);
        changed += bytes;
        uploaded += bytesUploaded;
      }
      // Lists changed in the same frame can repeat, so the total uploaded may be below the total marked.
      expect(uploaded).toBeGreaterThan(0.5 * changed);
      expect(uploaded).toBeLessThanOrEqual(1.25 * changed);
    }
    for (const gl of liveContexts) expect(gl.getError()).toBe(gl.NO_ERROR);
  });
});
