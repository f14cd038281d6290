// The deep batch fuzz (packages/graphics/test/batch-deep-fuzz.ts) alone, in the same Chromium as the
// browser project. Not part of `pnpm test`; run it with `pnpm test:deep:graphics`.
//   BATCH_FUZZ_STEPS  total steps (default 1,000,000), in chunks of BATCH_FUZZ_CHUNK (default 10,000)
//   BATCH_FUZZ_SEED   base seed (default random, printed); with it and no BATCH_FUZZ_STEPS, one chunk
//                     runs exactly that seed — how a failure of `pnpm test` or of a chunk is replayed.
// The settings reach the browser through Vitest's `provide` / `inject`.
import { fileURLToPath } from 'node:url';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { chromiumLaunchOptions } from '@webglet/testing/chromium';
import { sourceResolve } from './scripts/source-condition.mjs';

const number = (name: string): number | undefined => {
  const value = process.env[name];
  if (value === undefined || value === '') return undefined;
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) throw new Error(`${name} must be a whole number, got ${value}`);
  return parsed;
};
const seed = number('BATCH_FUZZ_SEED');
const chunk = number('BATCH_FUZZ_CHUNK') ?? 10_000;
const steps = number('BATCH_FUZZ_STEPS') ?? (seed === undefined ? 1_000_000 : chunk);

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  resolve: sourceResolve,
  test: {
    name: 'deep',
    include: ['packages/graphics/test/batch-deep-fuzz.ts'],
    testTimeout: 0,
    provide: { batchFuzz: { seed: seed ?? Math.floor(Math.random() * 2 ** 31), seedGiven: seed !== undefined, steps, chunk } },
    browser: {
      enabled: true,
      headless: true,
      provider: playwright({ launchOptions: chromiumLaunchOptions({ require: true }) }),
      instances: [{ browser: 'chromium' }],
      screenshotFailures: false,
    },
  },
});
