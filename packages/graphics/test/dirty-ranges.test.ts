// DirtyRanges: examples per rule, then random add / truncate / clear sequences
// checked after every call against a byte-array model of the covered bytes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DirtyRanges } from '../src/dirty-ranges.ts';

function ranges(dirty: DirtyRanges): [number, number][] {
  return [...dirty];
}

describe('DirtyRanges', () => {
  it('starts empty and ignores empty ranges', () => {
    const dirty = new DirtyRanges(4);
    expect(dirty.isEmpty).toBe(true);
    dirty.add(7, 7);
    expect(dirty.isEmpty).toBe(true);
    expect(dirty.count).toBe(0);
  });

  it('keeps far-apart ranges separate and sorted', () => {
    const dirty = new DirtyRanges(4);
    dirty.add(100, 110);
    dirty.add(0, 10);
    dirty.add(50, 60);
    expect(ranges(dirty)).toEqual([
      [0, 10],
      [50, 60],
      [100, 110],
    ]);
    expect(dirty.totalBytes).toBe(30);
  });

  it('merges ranges that overlap, touch, or lie within mergeGap bytes', () => {
    const dirty = new DirtyRanges(4);
    dirty.add(10, 20);
    dirty.add(24, 30); // gap 4 = mergeGap: merges
    expect(ranges(dirty)).toEqual([[10, 30]]);
    dirty.add(35, 40); // gap 5 > mergeGap: separate
    expect(ranges(dirty)).toEqual([
      [10, 30],
      [35, 40],
    ]);
    dirty.add(0, 6); // gap 4 before 10: merges
    expect(ranges(dirty)).toEqual([
      [0, 30],
      [35, 40],
    ]);
    dirty.add(29, 36); // bridges both
    expect(ranges(dirty)).toEqual([[0, 40]]);
  });

  it('with mergeGap 0 merges touching ranges only', () => {
    const dirty = new DirtyRanges();
    dirty.add(0, 4);
    dirty.add(4, 8);
    dirty.add(9, 10);
    expect(ranges(dirty)).toEqual([
      [0, 8],
      [9, 10],
    ]);
  });

  it('one range swallowing many collapses them in place', () => {
    const dirty = new DirtyRanges(0);
    for (let i = 0; i < 10; i++) dirty.add(i * 10, i * 10 + 2);
    expect(dirty.count).toBe(10);
    dirty.add(12, 75); // touches [10, 12), swallows [20, 22) .. [70, 72)
    expect(ranges(dirty)).toEqual([
      [0, 2],
      [10, 75],
      [80, 82],
      [90, 92],
    ]);
  });

  it('truncate drops and clips ranges at the limit', () => {
    const dirty = new DirtyRanges(0);
    dirty.add(0, 4);
    dirty.add(10, 20);
    dirty.add(30, 40);
    dirty.truncate(15);
    expect(ranges(dirty)).toEqual([
      [0, 4],
      [10, 15],
    ]);
    dirty.truncate(10);
    expect(ranges(dirty)).toEqual([[0, 4]]);
    dirty.truncate(0);
    expect(dirty.isEmpty).toBe(true);
  });

  it('clear empties it and the arrays are reused', () => {
    const dirty = new DirtyRanges(0);
    dirty.add(0, 1);
    dirty.add(5, 6);
    dirty.clear();
    expect(dirty.isEmpty).toBe(true);
    expect(ranges(dirty)).toEqual([]);
    dirty.add(3, 4);
    expect(ranges(dirty)).toEqual([[3, 4]]);
  });

  it('rejects bad arguments and stays unchanged', () => {
    const dirty = new DirtyRanges(2);
    dirty.add(10, 20);
    for (const [start, end] of [
      [-1, 4],
      [1.5, 4],
      [Number.NaN, 4],
      [4, 3],
      [0, Number.NaN],
      [0, Infinity],
      [0, 2.5],
    ] as const) {
      expect(() => dirty.add(start, end)).toThrow(RangeError);
    }
    expect(ranges(dirty)).toEqual([[10, 20]]);
    expect(() => new DirtyRanges(-1)).toThrow(RangeError);
    expect(() => new DirtyRanges(0.5)).toThrow(RangeError);
  });
});

/**
 * The model: one flag per byte that a commit would upload. After an add, runs
 * of covered bytes separated by ≤ mergeGap clean bytes are filled in, which is
 * exactly what merging means; truncate clears the tail; clear clears all.
 */
class CoverageModel {
  readonly covered: Uint8Array;
  constructor(
    size: number,
    readonly mergeGap: number,
  ) {
    this.covered = new Uint8Array(size);
  }
  add(start: number, end: number): void {
    this.covered.fill(1, start, end);
    const runs = this.ranges();
    for (let i = 1; i < runs.length; i++) {
      const [, previousEnd] = runs[i - 1]!;
      const [start] = runs[i]!;
      if (start - previousEnd <= this.mergeGap) this.covered.fill(1, previousEnd, start);
    }
  }
  truncate(limit: number): void {
    this.covered.fill(0, limit);
  }
  clear(): void {
    this.covered.fill(0);
  }
  ranges(): [number, number][] {
    const out: [number, number][] = [];
    for (let i = 0; i < this.covered.length; i++) {
      if (!this.covered[i]) continue;
      const start = i;
      while (i < this.covered.length && this.covered[i]) i++;
      out.push([start, i]);
    }
    return out;
  }
}

type Op = { kind: 'add'; start: number; length: number } | { kind: 'truncate'; limit: number } | { kind: 'clear' };

const SIZE = 400;

const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  { weight: 20, arbitrary: fc.record({ kind: fc.constant('add' as const), start: fc.nat(SIZE - 1), length: fc.nat(24) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), limit: fc.nat(SIZE) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('clear' as const) }) },
);

/** Plain comparisons (expect() per call is too slow for ~20,000 calls); throws with both sides. */
function check(dirty: DirtyRanges, model: CoverageModel, mergeGap: number): void {
  const actual = ranges(dirty);
  const expected = model.ranges();
  const fail = (what: string): never => {
    throw new Error(`${what}: mergeGap ${mergeGap}, actual ${JSON.stringify(actual)}, model ${JSON.stringify(expected)}`);
  };
  if (JSON.stringify(actual) !== JSON.stringify(expected)) fail('ranges differ from the model');
  // The invariant, stated directly: sorted, non-empty, gaps > mergeGap.
  for (let i = 0; i < actual.length; i++) {
    if (actual[i]![0] >= actual[i]![1]) fail(`range ${i} is empty`);
    if (i > 0 && actual[i]![0] - actual[i - 1]![1] <= mergeGap) fail(`ranges ${i - 1} and ${i} should have merged`);
  }
  if (dirty.count !== actual.length) fail(`count ${dirty.count}`);
  if (dirty.isEmpty !== (actual.length === 0)) fail(`isEmpty ${dirty.isEmpty}`);
  const covered = model.covered.reduce((sum, byte) => sum + byte, 0);
  if (dirty.totalBytes !== covered) fail(`totalBytes ${dirty.totalBytes} ≠ ${covered}`);
}

describe('DirtyRanges against a byte-array model', () => {
  it('matches the model after every call, and keeps its invariant', () => {
    let calls = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 32 }),
        fc.array(opArbitrary, { minLength: 20, maxLength: 200, size: 'max' }),
        (mergeGap, ops) => {
          const dirty = new DirtyRanges(mergeGap);
          const model = new CoverageModel(SIZE + 32, mergeGap);
          for (const op of ops) {
            if (op.kind === 'add') {
              dirty.add(op.start, op.start + op.length);
              model.add(op.start, op.start + op.length);
            } else if (op.kind === 'truncate') {
              dirty.truncate(op.limit);
              model.truncate(op.limit);
            } else {
              dirty.clear();
              model.clear();
            }
            calls++;
            check(dirty, model, mergeGap);
          }
        },
      ),
      { numRuns: 200 },
    );
    expect(calls).toBeGreaterThan(10_000);
  });
});
