// Deep fuzz: at least 1,000,000 lockstep calls per policy against the
// reference model (the same driver as lockstep.test.ts, more and longer runs).
//
//   pnpm --filter @webglet/allocator run test:deep [-- <seed>] [-- --calls <n per policy>]
//
// The seed is random unless given, and printed first. Runs are grouped in
// chunks, each with its own seed derived from the base seed, so a failure can
// be replayed either by the base seed (everything again) or by the chunk seed
// with the chunk's options. Exits 1 on the first mismatch, printing the seed,
// the op index where it was first seen and fast-check's shrunk reproduction.

import fc from 'fast-check';
import type { AllocationPolicy } from '../src/index.ts';
import { DEFAULT_SHAPE, LockstepMismatch, runLockstep, scenarioArbitrary, type LockstepOptions, type ScenarioShape } from './lockstep.ts';

const POLICIES: readonly AllocationPolicy[] = ['first-fit', 'best-fit', 'good-fit'];
/** 6 is not a power of two: alignment may be any positive whole number. */
const ALIGNMENTS = [1, 4, 6, 16];
/** Scenario shapes and runs per chunk, so that each shape makes about as many calls. */
const SHAPES: readonly { shape: ScenarioShape; runs: number }[] = [
  { shape: DEFAULT_SHAPE, runs: 100 },
  // Longer runs with more room: many free ranges at once.
  { shape: { minCapacity: 0, maxCapacity: 4096, maxSize: 256, maxOps: 2000 }, runs: 10 },
];
/** Only a failing chunk that is shrinking comes near this. */
const CHUNK_TIME_LIMIT_MS = 300_000;

function parseArgs(argv: readonly string[]): { seed: number; callsPerPolicy: number } {
  let seed = (Math.random() * 2 ** 31) | 0;
  let callsPerPolicy = 1_000_000;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') continue;
    if (arg === '--calls') callsPerPolicy = Number(argv[++i]);
    else seed = Number(arg) | 0;
  }
  if (!Number.isInteger(callsPerPolicy) || callsPerPolicy <= 0) throw new Error('--calls needs a positive whole number');
  return { seed, callsPerPolicy };
}

/** A chunk's seed: a deterministic mix of the base seed and the chunk number. */
function chunkSeed(base: number, chunk: number): number {
  let h = (base ^ Math.imul(chunk + 1, 0x9e3779b1)) | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  return (h ^ (h >>> 13)) | 0;
}

function main(): void {
  const { seed, callsPerPolicy } = parseArgs(process.argv.slice(2));
  console.log(`deep fuzz: seed ${seed}, ${callsPerPolicy} lockstep calls per policy`);
  const started = performance.now();
  let chunk = 0;
  for (const policy of POLICIES) {
    const policyStarted = performance.now();
    let calls = 0;
    let lastReport = policyStarted;
    while (calls < callsPerPolicy) {
      const debug = chunk % 2 === 1;
      const alignment = ALIGNMENTS[(chunk >> 1) % ALIGNMENTS.length]!;
      const { shape, runs } = SHAPES[(chunk >> 3) % SHAPES.length]!;
      const options: LockstepOptions = { policy, alignment, debug };
      const runSeed = chunkSeed(seed, chunk);
      let first: LockstepMismatch | undefined;
      const details = fc.check(
        fc.property(scenarioArbitrary(options, shape), (scenario) => {
          try {
            calls += runLockstep(scenario, options);
          } catch (error) {
            if (first === undefined && error instanceof LockstepMismatch) first = error;
            throw error;
          }
        }),
        { seed: runSeed, numRuns: runs, interruptAfterTimeLimit: CHUNK_TIME_LIMIT_MS },
      );
      if (details.failed) {
        console.error(`\nMISMATCH — base seed ${seed}, chunk ${chunk}, chunk seed ${runSeed}`);
        console.error(`options ${JSON.stringify(options)}, shape ${JSON.stringify(shape)}`);
        if (first !== undefined) console.error(`first seen at op index ${first.opIndex}`);
        console.error(`fast-check: seed ${details.seed}, path "${details.counterexamplePath ?? ''}", shrunk ${details.numShrinks} times`);
        const error = details.errorInstance;
        console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
        process.exit(1);
      }
      chunk++;
      const now = performance.now();
      if (now - lastReport > 5000 || calls >= callsPerPolicy) {
        const seconds = (now - policyStarted) / 1000;
        console.log(`  ${policy}: ${calls} calls, ${seconds.toFixed(1)} s, ${Math.round(calls / seconds)} calls/s`);
        lastReport = now;
      }
    }
  }
  console.log(`deep fuzz passed: seed ${seed}, ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

main();
