// Deep batch fuzz: the model-based fuzz of batch-fuzz-runner.ts for 1,000,000 steps (by default), in
// chunks of 10,000 steps, each a fresh scene with its own seed derived from the base seed. Not part of
// `pnpm test` (its name does not end in .test.ts); run it with `pnpm test:deep:graphics`, which uses
// vitest.deep.config.ts (settings from BATCH_FUZZ_SEED / BATCH_FUZZ_STEPS / BATCH_FUZZ_CHUNK, see there).
// A failing chunk prints its seed; `BATCH_FUZZ_SEED=<that seed> pnpm test:deep:graphics` replays it alone.
// Checks as in the normal run, but pixels every 4 steps and every shape's GPU bytes every 50 steps.
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { runBatchFuzz } from './batch-fuzz-runner.ts';
import { liveContexts } from './gl-test-helpers.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    batchFuzz: { seed: number; seedGiven: boolean; steps: number; chunk: number };
  }
}

const { seed, seedGiven, steps, chunk } = inject('batchFuzz');

/** A chunk's seed: chunk 0 is the base seed itself (so a replay of a printed seed is that chunk), later ones mixed. */
function chunkSeed(base: number, index: number): number {
  if (index === 0) return base;
  let h = (base ^ Math.imul(index + 1, 0x9e3779b1)) | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  return (h ^ (h >>> 13)) >>> 0;
}

afterEach(() => {
  for (const gl of liveContexts) expect(gl.getError()).toBe(gl.NO_ERROR);
});

let done = 0,
  ms = 0,
  growths = 0,
  growthErrors = 0;
const started = performance.now();
afterAll(() => {
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `deep batch fuzz: base seed ${seed}: ${done} steps in ${seconds.toFixed(1)} s (${(done / seconds).toFixed(0)} steps/s; ${(done / (ms / 1000)).toFixed(0)} steps/s inside the runs), ${growths} growths, ${growthErrors} expected GrowthErrors`,
  );
});

describe(`deep batch fuzz: base seed ${seed}${seedGiven ? ' (given)' : ''}, ${steps} steps in chunks of ${chunk}`, () => {
  const chunks = Math.ceil(steps / chunk);
  for (let index = 0; index < chunks; index++) {
    const chunkSteps = Math.min(chunk, steps - index * chunk),
      runSeed = chunkSeed(seed, index);
    it(`chunk ${index + 1}/${chunks}: seed ${runSeed}, ${chunkSteps} steps`, () => {
      const report = runBatchFuzz({ seed: runSeed, steps: chunkSteps, pixelsEvery: 4, fullBytesEvery: 50 });
      done += report.steps;
      ms += report.ms;
      growths += report.growths;
      growthErrors += report.expectedGrowthErrors;
      console.log(
        `chunk ${index + 1}/${chunks} seed ${runSeed}: ${report.steps} steps in ${(report.ms / 1000).toFixed(1)} s (${(report.steps / (report.ms / 1000)).toFixed(0)} steps/s); total ${done}`,
      );
    });
  }
});
