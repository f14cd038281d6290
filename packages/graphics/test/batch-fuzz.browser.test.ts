// Seeded model-based fuzz of whole batches in Chromium (WebGL2 on SwiftShader): random add, addIndexed,
// addInstanced, bursts that force growth, resize, indices, setAttribute, view writes, moves, instance
// deletes, migrate between batches and groups, group visibility, order and parent (groups made equal,
// so sharing domains, and unequal again), and a capped batch whose
// GrowthErrors the model expects. What each step checks: batch-fuzz-runner.ts.
//
// Budget (2 cores, SwiftShader): 4 seeds × 1,300 steps = 5,200 steps in ~36 s. After every step: the
// shadow bytes of every shape, the GPU bytes (getBufferSubData) of the shapes the step touched,
// gl.getError() and every allocator; the pixel at every cell centre every 2 steps (every step cost ~66 s
// for 6,000 steps), and the GPU bytes of every shape every 20 steps.
// A failure prints its seed and a replay command: BATCH_FUZZ_SEED=<seed> BATCH_FUZZ_STEPS=<n> pnpm test:deep:graphics
// (the deep fuzz, batch-deep-fuzz.ts, runs one seed when given one).
import { afterEach, describe, expect, it } from 'vitest';
import { runBatchFuzz } from './batch-fuzz-runner.ts';
import { liveContexts } from './gl-test-helpers.ts';

const STEPS = 1_300;
const SEEDS = [1, 0xbeef, 20240607, 777];

afterEach(() => {
  for (const gl of liveContexts) expect(gl.getError()).toBe(gl.NO_ERROR);
});

describe('Batch fuzz (model-based, whole batches)', () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: ${STEPS} random steps match the CPU model`, () => {
      const report = runBatchFuzz({ seed, steps: STEPS, pixelsEvery: 2, fullBytesEvery: 20 });
      console.log(
        `batch fuzz seed ${seed}: ${report.steps} steps in ${(report.ms / 1000).toFixed(1)} s, ${report.growths} growths, ${report.expectedGrowthErrors} expected GrowthErrors, ${report.moved} lists moved by group changes, up to ${report.maxShapes} shapes; ops ${JSON.stringify(report.ops)}`,
      );
      expect(report.growths).toBeGreaterThan(0);
      expect(report.expectedGrowthErrors).toBeGreaterThan(0);
      expect(report.moved).toBeGreaterThan(0);
    }, 120_000);
  }
});
