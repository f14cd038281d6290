// Deep fuzz: at least 10,000,000 lockstep calls per policy against the
// reference model (the same driver as lockstep.test.ts, more and longer runs).
//
//   pnpm --filter @webglet/allocator run test:deep [-- <seed>] [-- --calls <n per policy>] [-- --policy <policy>]
//
// Each policy runs in its own process, as many at once as there are CPUs.
// The seed is random unless given, and printed first. Runs are grouped in
// chunks, each with its own seed derived from the base seed, the policy and
// the chunk number, so a failure can be replayed either by the base seed and
// policy (everything again) or by the chunk seed with the chunk's options.
// Exits 1 on the first mismatch, printing the seed, the op index where it was
// first seen and fast-check's shrunk reproduction.

import { fork } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { POLICIES, type AllocationPolicy } from '../src/index.ts';
import { DEFAULT_SHAPE, LockstepMismatch, runLockstep, scenarioArbitrary, type LockstepOptions, type ScenarioShape } from './lockstep.ts';

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

function parseArgs(argv: readonly string[]): { seed: number; callsPerPolicy: number; policy: AllocationPolicy | undefined } {
  let seed = (Math.random() * 2 ** 31) | 0;
  let callsPerPolicy = 10_000_000;
  let policy: AllocationPolicy | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') continue;
    if (arg === '--calls') callsPerPolicy = Number(argv[++i]);
    else if (arg === '--policy') policy = argv[++i] as AllocationPolicy;
    else seed = Number(arg) | 0;
  }
  if (!Number.isInteger(callsPerPolicy) || callsPerPolicy <= 0) throw new Error('--calls needs a positive whole number');
  if (policy !== undefined && !POLICIES.includes(policy)) throw new Error(`--policy must be one of ${POLICIES.join(', ')}`);
  return { seed, callsPerPolicy, policy };
}

/** A chunk's seed: a deterministic mix of the base seed and the chunk number. */
function chunkSeed(base: number, chunk: number): number {
  let h = (base ^ Math.imul(chunk + 1, 0x9e3779b1)) | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  return (h ^ (h >>> 13)) | 0;
}

/** One policy's share of the fuzz, in this process. */
function fuzzPolicy(policy: AllocationPolicy, seed: number, callsPerPolicy: number): void {
  const policyStarted = performance.now();
  const policyIndex = POLICIES.indexOf(policy);
  let calls = 0;
  let lastReport = policyStarted;
  for (let chunk = 0; calls < callsPerPolicy; chunk++) {
    const debug = chunk % 2 === 1;
    const alignment = ALIGNMENTS[(chunk >> 1) % ALIGNMENTS.length]!;
    const { shape, runs } = SHAPES[(chunk >> 3) % SHAPES.length]!;
    const options: LockstepOptions = { policy, alignment, debug };
    const runSeed = chunkSeed(seed, policyIndex * 2 ** 24 + chunk);
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
      console.error(`\nMISMATCH — base seed ${seed}, policy ${policy}, chunk ${chunk}, chunk seed ${runSeed}`);
      console.error(`options ${JSON.stringify(options)}, shape ${JSON.stringify(shape)}`);
      if (first !== undefined) console.error(`first seen at op index ${first.opIndex}`);
      console.error(`fast-check: seed ${details.seed}, path "${details.counterexamplePath ?? ''}", shrunk ${details.numShrinks} times`);
      const error = details.errorInstance;
      console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exit(1);
    }
    const now = performance.now();
    if (now - lastReport > 30_000 || calls >= callsPerPolicy) {
      const seconds = (now - policyStarted) / 1000;
      console.log(`  ${policy}: ${calls} calls, ${seconds.toFixed(1)} s, ${Math.round(calls / seconds)} calls/s`);
      lastReport = now;
    }
  }
}

/** Runs `--policy <policy>` in a child process with the same seed and calls; resolves to its exit code. */
function fuzzInChild(policy: AllocationPolicy, seed: number, callsPerPolicy: number): Promise<number> {
  return new Promise((resolve) => {
    const child = fork(fileURLToPath(import.meta.url), [String(seed), '--calls', String(callsPerPolicy), '--policy', policy], {
      execArgv: process.execArgv,
      stdio: 'inherit',
    });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

async function main(): Promise<void> {
  const { seed, callsPerPolicy, policy } = parseArgs(process.argv.slice(2));
  if (policy !== undefined) return fuzzPolicy(policy, seed, callsPerPolicy);
  const parallel = Math.max(1, Math.min(POLICIES.length, os.cpus().length));
  console.log(`deep fuzz: seed ${seed}, ${callsPerPolicy} lockstep calls per policy, ${parallel} at a time`);
  const started = performance.now();
  const queue = [...POLICIES];
  let failed = false;
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next !== undefined && !failed; next = queue.shift()) {
      if ((await fuzzInChild(next, seed, callsPerPolicy)) !== 0) failed = true;
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  if (failed) {
    console.error(`deep fuzz FAILED: seed ${seed}`);
    process.exit(1);
  }
  console.log(`deep fuzz passed: seed ${seed}, ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

await main();
