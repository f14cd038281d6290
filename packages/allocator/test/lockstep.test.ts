// Property test: the real Allocator against the reference model, in lockstep,
// for every policy × alignment × debug mode; then targeted cases near the
// largest capacity, 2^32 - 1.
//
// The seed is random per run and printed on failure (fast-check's report and
// the message below); set ALLOCATOR_SEED=<seed> to replay it.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AllocatorArgumentError, AllocatorMemoryError, MAX_CAPACITY, type AllocationPolicy } from '../src/index.ts';
import { DEFAULT_SHAPE, LockstepSession, runLockstep, scenarioArbitrary, type LockstepOptions, type ScenarioShape } from './lockstep.ts';

const POLICIES: readonly AllocationPolicy[] = ['first-fit', 'best-fit', 'good-fit'];
const ALIGNMENTS = [1, 4, 6, 16];
const MIN_CALLS_PER_POLICY = 20_000;
/** Runs per (policy, alignment, debug); ~150 calls each on average. */
const RUNS = 40;
/** Bounds the whole property run; only shrinking a failure ever gets near it. */
const TIME_LIMIT_MS = 60_000;
const TEST_TIMEOUT_MS = 120_000;

const seed = process.env['ALLOCATOR_SEED'] !== undefined ? Number(process.env['ALLOCATOR_SEED']) : (Math.random() * 2 ** 31) | 0;

function checkLockstep(options: LockstepOptions, shape: ScenarioShape, numRuns: number): number {
  let calls = 0;
  try {
    fc.assert(
      fc.property(scenarioArbitrary(options, shape), (scenario) => {
        calls += runLockstep(scenario, options);
      }),
      { seed, numRuns, interruptAfterTimeLimit: TIME_LIMIT_MS },
    );
  } catch (error) {
    // fast-check's report names the seed too; this says how to replay it.
    console.error(`lockstep failed for ${JSON.stringify(options)}: replay with ALLOCATOR_SEED=${seed}`);
    throw error;
  }
  return calls;
}

describe.each(POLICIES)('lockstep with the reference model: %s', (policy) => {
  let calls = 0;
  for (const alignment of ALIGNMENTS) {
    for (const debug of [false, true]) {
      it(
        `alignment ${alignment}, debug ${debug}`,
        () => {
          calls += checkLockstep({ policy, alignment, debug }, DEFAULT_SHAPE, RUNS);
        },
        TEST_TIMEOUT_MS,
      );
    }
  }

  it(
    'capacities near 2^32 - 1 with huge sizes and alignment 2^20',
    () => {
      const shape: ScenarioShape = { minCapacity: MAX_CAPACITY - 2 ** 24, maxCapacity: MAX_CAPACITY, maxSize: 2 ** 30, maxOps: 80 };
      for (const alignment of [1, 2 ** 20]) {
        calls += checkLockstep({ policy, alignment, debug: false }, shape, 10);
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(`made at least ${MIN_CALLS_PER_POLICY} calls in lockstep`, () => {
    console.log(`${policy}: ${calls} calls in lockstep (seed ${seed})`);
    expect(calls).toBeGreaterThanOrEqual(MIN_CALLS_PER_POLICY);
  });
});

describe.each(POLICIES)('capacity 2^32 - 1: %s', (policy) => {
  const options = { policy, alignment: 1, debug: false };
  const half = 2 ** 31;

  it('allocates, grows, moves and frees regions of billions of units', () => {
    const s = new LockstepSession(MAX_CAPACITY, options);
    expect(s.alloc(half)).toEqual({ ok: true, value: 0 });
    expect(s.alloc(half - 1)).toEqual({ ok: true, value: half });
    expect(s.real.getUsage()).toBe(1);
    expect(s.real.regions()).toEqual([{ start: 0, size: MAX_CAPACITY, free: false }]);

    // Full: the smallest capacity that would do is beyond the largest one.
    const full = s.alloc(1);
    expect(full.ok).toBe(false);
    if (!full.ok) {
      expect(full.error).toBeInstanceOf(AllocatorMemoryError);
      expect((full.error as AllocatorMemoryError).requestedCapacity).toBe(MAX_CAPACITY + 1);
    }

    s.dealloc(0, half); // [0, 2^31) free again
    s.dealloc(MAX_CAPACITY - 10, 10); // the last 10 units free: the final free block
    expect(s.real.regions()).toEqual([
      { start: 0, size: half, free: true },
      { start: half, size: half - 11, free: false },
      { start: MAX_CAPACITY - 10, size: 10, free: true },
    ]);
    expect(s.real.getFreeSize()).toBe(half + 10);
    expect(s.real.getFragmentedFreeSize()).toBe(half);

    // Grows in place up to and including the capacity end.
    expect(s.realloc(half, half - 11, half - 1)).toEqual({ ok: true, value: half });
    // Cannot grow in place, cannot move (the largest free range is 2^31): needs start + newSize.
    const tooBig = s.realloc(half, half - 1, half + 1);
    expect(tooBig.ok).toBe(false);
    if (!tooBig.ok) expect((tooBig.error as AllocatorMemoryError).requestedCapacity).toBe(2 ** 32 + 1);
    // A part with allocated space after it moves into the leading gap, not overlapping itself.
    const moved = s.realloc(half, 10, 2 ** 30);
    expect(moved.ok).toBe(true);
    if (moved.ok) {
      expect(moved.value + 2 ** 30).toBeLessThanOrEqual(half);
      if (policy !== 'good-fit') expect(moved.value).toBe(0);
    }
    expect(s.real.getAllocatedSize()).toBe(2 ** 30 + half - 11);
    // Free everything, region by region, then take it all in one go.
    const { starts, sizes } = s.real.getAllocatedRegions();
    const all = starts.map((start, i) => [start, sizes[i]!] as const);
    for (const [start, size] of all) s.dealloc(start, size);
    expect(s.real.getAllocatedRegions()).toEqual({ starts: [], sizes: [] });
    expect(s.alloc(MAX_CAPACITY)).toEqual({ ok: true, value: 0 });
    expect(s.realloc(0, MAX_CAPACITY, 0)).toEqual({ ok: true, value: 0 });
    expect(s.real.getFreeSize()).toBe(MAX_CAPACITY);
  });

  it('grows the capacity up to exactly 2^32 - 1 and not beyond', () => {
    const s = new LockstepSession(0, options);
    const r = s.alloc(MAX_CAPACITY);
    expect(r.ok).toBe(false);
    if (!r.ok) expect((r.error as AllocatorMemoryError).requestedCapacity).toBe(MAX_CAPACITY);
    expect(s.setCapacity(MAX_CAPACITY).ok).toBe(true);
    expect(s.alloc(MAX_CAPACITY)).toEqual({ ok: true, value: 0 });
    const beyond = s.setCapacity(MAX_CAPACITY + 1);
    expect(beyond.ok).toBe(false);
    if (!beyond.ok) {
      expect(beyond.error).toBeInstanceOf(AllocatorArgumentError);
      expect((beyond.error as AllocatorArgumentError).argument).toBe('capacity');
    }
  });

  it('keeps large aligned starts exact', () => {
    const alignment = 2 ** 30;
    const s = new LockstepSession(MAX_CAPACITY, { policy, alignment, debug: false });
    expect(s.alloc(1)).toEqual({ ok: true, value: 0 });
    expect(s.alloc(1)).toEqual({ ok: true, value: alignment });
    expect(s.alloc(alignment)).toEqual({ ok: true, value: 2 * alignment });
    // [3 * 2^30, 2^32 - 1) is one unit short of 2^30.
    const r = s.alloc(alignment);
    expect(r.ok).toBe(false);
    if (!r.ok) expect((r.error as AllocatorMemoryError).requestedCapacity).toBe(2 ** 32);
    expect(s.alloc(alignment - 1)).toEqual({ ok: true, value: 3 * alignment });
  });
});
