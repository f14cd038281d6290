// Bad input: every argument that takes units, every kind of bad value, every
// policy and debug mode. Each call must throw the right typed error (naming the
// argument and the value) and leave the allocator exactly as it was.

import { describe, expect, it } from 'vitest';
import {
  Allocator,
  AllocatorArgumentError,
  AllocatorError,
  AllocatorMemoryError,
  AllocatorMisuseError,
  AllocatorRangeError,
  type AllocationPolicy,
} from '../src/index.ts';

const POLICIES: readonly AllocationPolicy[] = ['first-fit', 'best-fit', 'good-fit'];

const BAD_VALUES: readonly unknown[] = [-1, 1.5, NaN, Infinity, -Infinity, '3', undefined, null, 2 ** 32, 3n, true, {}];

/** How a value shows up in an error message (strings may be quoted). */
function shown(value: unknown): string {
  if (typeof value === 'bigint') return `${value}`;
  if (typeof value === 'object' && value !== null) return 'object';
  return String(value);
}

/**
 * A fixture with a leading gap, adjacent allocations, a hole and a final free block,
 * the same for every policy (each alloc fills the capacity exactly, so it has one place):
 *   [0, 8) free | [8, 18) A | [18, 38) B | [38, 48) free | [48, 53) C | [53, 100) free
 */
function fixture(policy: AllocationPolicy, debug: boolean): Allocator {
  const a = new Allocator(0, { policy, debug });
  let end = 0;
  for (const size of [8, 10, 20, 10, 5]) {
    a.setCapacity(end + size);
    expect(a.alloc(size)).toBe(end);
    end += size;
  }
  a.setCapacity(100);
  a.dealloc(0, 8);
  a.dealloc(38, 10);
  return a;
}

/** Allocation A of the fixture: exactly as allocated, so valid in debug mode too. */
const A = { start: 8, size: 10 };

/** Everything observable about an allocator. */
function snapshot(a: Allocator) {
  const regions = a.getAllocatedRegions();
  return {
    capacity: a.capacity,
    regions: a.regions(),
    allocated: { starts: [...regions.starts], sizes: [...regions.sizes] },
    figures: [a.getFreeSize(), a.getAllocatedSize(), a.getFragmentedFreeSize(), a.getFragmentation(), a.getUsage(), a.getLargestFreeSize()],
    stats: a.stats().toJSON(),
    table: a.stats().table(),
    leaks: a.debug ? a.leaks() : undefined,
  };
}

/** Runs `call`, which must throw; checks the allocator is exactly as before; returns the error. */
function throwsUnchanged(a: Allocator, call: () => unknown): AllocatorError {
  const before = snapshot(a);
  const regionsObject = a.getAllocatedRegions();
  let thrown: unknown;
  try {
    call();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, 'the call must throw').toBeInstanceOf(AllocatorError);
  expect(snapshot(a)).toEqual(before);
  expect(a.getAllocatedRegions(), 'getAllocatedRegions() must return the same object').toBe(regionsObject);
  a.validate();
  return thrown as AllocatorError;
}

function expectArgumentError(error: AllocatorError, argument: string, value: unknown): void {
  expect(error).toBeInstanceOf(AllocatorArgumentError);
  const e = error as AllocatorArgumentError;
  expect(e.argument).toBe(argument);
  expect(Object.is(e.value, value), `error.value must be the bad value ${String(value)}`).toBe(true);
  expect(e.message).toContain(argument);
  expect(e.message).toContain(shown(value));
}

interface Case {
  readonly name: string;
  readonly argument: string;
  /** Calls the method with `bad` in the argument's place and valid values elsewhere. */
  readonly call: (a: Allocator, bad: unknown) => unknown;
}

// `as never` lets bad values through the types, as plain JavaScript callers can.
const CASES: readonly Case[] = [
  { name: 'alloc(size)', argument: 'size', call: (a, bad) => a.alloc(bad as never) },
  {
    name: 'dealloc(start, size)',
    argument: 'start',
    call: (a, bad) => a.dealloc(bad as never, A.size),
  },
  { name: 'dealloc(start, 0)', argument: 'start', call: (a, bad) => a.dealloc(bad as never, 0) },
  { name: 'dealloc(start, size)', argument: 'size', call: (a, bad) => a.dealloc(A.start, bad as never) },
  {
    name: 'realloc(start, size, newSize)',
    argument: 'start',
    call: (a, bad) => a.realloc(bad as never, A.size, 2),
  },
  { name: 'realloc(start, 0, newSize)', argument: 'start', call: (a, bad) => a.realloc(bad as never, 0, 2) },
  {
    name: 'realloc(start, size, newSize)',
    argument: 'size',
    call: (a, bad) => a.realloc(A.start, bad as never, 2),
  },
  {
    name: 'realloc(start, size, newSize)',
    argument: 'newSize',
    call: (a, bad) => a.realloc(A.start, A.size, bad as never),
  },
  { name: 'setCapacity(capacity)', argument: 'capacity', call: (a, bad) => a.setCapacity(bad as never) },
];

describe.each(POLICIES)('bad input: %s', (policy) => {
  describe.each([false, true])('debug %s', (debug) => {
    for (const { name, argument, call } of CASES) {
      it.each(BAD_VALUES.map((value) => [shown(value), value] as const))(`${name}, ${argument} = %s`, (_, value) => {
        const a = fixture(policy, debug);
        expectArgumentError(
          throwsUnchanged(a, () => call(a, value)),
          argument,
          value,
        );
      });
    }

    it('accepts -0 as 0 everywhere', () => {
      const a = fixture(policy, debug);
      const b = fixture(policy, debug);
      expect(Object.is(a.alloc(-0), 0)).toBe(true);
      a.dealloc(-0, 0);
      a.dealloc(-0, -0);
      expect(Object.is(a.realloc(-0, 0, 0), 0)).toBe(true);
      expect(Object.is(a.realloc(A.start, A.size, -0), 0)).toBe(true);
      expect(Object.is(b.realloc(A.start, A.size, 0), 0)).toBe(true);
      expect(snapshot(a)).toEqual(snapshot(b));
      // A region at 0, named with start -0; a capacity of -0.
      const c = new Allocator(-0, { policy, debug });
      expect(Object.is(c.capacity, 0)).toBe(true);
      c.setCapacity(-0);
      expect(Object.is(c.capacity, 0)).toBe(true);
      c.setCapacity(10);
      expect(c.alloc(10)).toBe(0);
      expect(c.realloc(-0, 10, 10) === 0).toBe(true);
      expect(c.realloc(-0, 10, 4) === 0).toBe(true);
      c.dealloc(-0, 4);
      expect(c.regions()).toEqual([{ start: 0, size: 10, free: true }]);
      c.validate();
    });

    it('realloc(-0, …) in place returns 0, not -0', () => {
      // -0 is 0: a start handed back must not keep the sign (Object.is, 1 / x and
      // toEqual(0) tell them apart).
      const c = new Allocator(10, { policy, debug });
      expect(c.alloc(10)).toBe(0);
      expect(Object.is(c.realloc(-0, 10, 10), 0), 'same size').toBe(true);
      expect(Object.is(c.realloc(-0, 10, 4), 0), 'shrink').toBe(true);
      expect(Object.is(c.realloc(-0, 4, 8), 0), 'grow in place').toBe(true);
    });

    it('setCapacity smaller than the capacity: AllocatorArgumentError naming capacity', () => {
      const a = fixture(policy, debug);
      for (const value of [99, 53, 1, 0]) {
        expectArgumentError(
          throwsUnchanged(a, () => a.setCapacity(value)),
          'capacity',
          value,
        );
      }
    });

    it('AllocatorMemoryError leaves the allocator unchanged', () => {
      const a = fixture(policy, debug);
      // The largest free range is [53, 100): 47 units.
      const e = throwsUnchanged(a, () => a.alloc(48));
      expect(e).toBeInstanceOf(AllocatorMemoryError);
      expect((e as AllocatorMemoryError).requestedCapacity).toBe(53 + 48);
      expect(throwsUnchanged(a, () => a.realloc(A.start, A.size, 101))).toBeInstanceOf(AllocatorMemoryError);
    });
  });

  describe('ranges not wholly allocated (not debug)', () => {
    /** [0, 8) free | [8, 38) allocated | [38, 100) free, for every policy. */
    function layout(): Allocator {
      const a = new Allocator(38, { policy });
      expect(a.alloc(8)).toBe(0);
      expect(a.alloc(30)).toBe(8);
      a.setCapacity(100);
      a.dealloc(0, 8);
      return a;
    }
    const RANGES = [
      ['wholly free', 0, 8],
      ['a free range merged from two', 38, 62],
      ['overlapping free space before', 7, 2],
      ['overlapping free space after', 37, 2],
      ['covering an allocation and free space around it', 7, 32],
      ['past the capacity', 99, 2],
      ['starting at the capacity', 100, 1],
      ['starting past the capacity', 110, 1],
      ['at the largest start', 2 ** 32 - 1, 1],
      ['ending past the largest capacity', 8, 2 ** 32 - 1],
    ] as const;

    it.each(RANGES)('%s: dealloc and realloc throw AllocatorRangeError naming the range', (_, start, size) => {
      const a = layout();
      const grown = Math.min(size + 1, 2 ** 32 - 1);
      for (const call of [() => a.dealloc(start, size), () => a.realloc(start, size, grown), () => a.realloc(start, size, 1)]) {
        const e = throwsUnchanged(a, call);
        expect(e).toBeInstanceOf(AllocatorRangeError);
        expect((e as AllocatorRangeError).start).toBe(start);
        expect((e as AllocatorRangeError).size).toBe(size);
        expect(e.message).toContain(String(start));
      }
    });

    it('double free throws AllocatorRangeError', () => {
      const a = layout();
      a.dealloc(8, 10);
      expect(throwsUnchanged(a, () => a.dealloc(8, 10))).toBeInstanceOf(AllocatorRangeError);
      expect(throwsUnchanged(a, () => a.realloc(8, 10, 20))).toBeInstanceOf(AllocatorRangeError);
    });
  });

  describe('debug mode: anything but exactly a live allocation', () => {
    it('throws AllocatorMisuseError naming the nearest live allocation', () => {
      const a = new Allocator(10, { policy, debug: true });
      const x = a.alloc(10); // 0: it fills the capacity
      a.setCapacity(30);
      const y = a.alloc(20); // 10
      a.setCapacity(100);
      const misuses: [string, () => unknown, number][] = [
        ['part of an allocation', () => a.dealloc(x, 5), x],
        ['the tail of an allocation', () => a.dealloc(x + 5, 5), x],
        ['two adjacent allocations at once', () => a.dealloc(x, 30), x],
        ['wrong size, running past the capacity', () => a.dealloc(y, 200), y],
        ['a stale start', () => a.dealloc(x + 1, 10), x],
        ['realloc with the wrong size', () => a.realloc(y, 10, 40), y],
        ['free space', () => a.dealloc(50, 10), y],
        ['past the capacity', () => a.dealloc(100, 1), y],
      ];
      for (const [what, call, nearest] of misuses) {
        const e = throwsUnchanged(a, call);
        expect(e, what).toBeInstanceOf(AllocatorMisuseError);
        const live = (e as AllocatorMisuseError).nearest;
        expect(live?.start, what).toBe(nearest);
        expect(e.message, what).toContain(`${nearest}`);
      }
      a.dealloc(x, 10);
      const double = throwsUnchanged(a, () => a.dealloc(x, 10));
      expect(double).toBeInstanceOf(AllocatorMisuseError);
      expect((double as AllocatorMisuseError).nearest?.start).toBe(y);
    });
  });
});

describe('constructor', () => {
  it.each(BAD_VALUES.map((value) => [shown(value), value] as const))('capacity = %s', (_, value) => {
    let thrown: unknown;
    try {
      new Allocator(value as never);
    } catch (error) {
      thrown = error;
    }
    expectArgumentError(thrown as AllocatorError, 'capacity', value);
  });

  it.each([['worst-fit'], ['First-Fit'], [''], [null], [42]])('policy %s', (policy) => {
    expect(() => new Allocator(10, { policy: policy as never })).toThrow(AllocatorArgumentError);
    try {
      new Allocator(10, { policy: policy as never });
    } catch (error) {
      expect((error as AllocatorArgumentError).argument).toBe('policy');
      expect((error as AllocatorArgumentError).message).toContain(String(policy));
    }
  });

  it.each([[0], [1.5], [-1], [NaN], [Infinity], ['4'], [2 ** 32]])('alignment %s', (alignment) => {
    let thrown: unknown;
    try {
      new Allocator(10, { alignment: alignment as never });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AllocatorArgumentError);
    expect((thrown as AllocatorArgumentError).argument).toBe('alignment');
    expect((thrown as AllocatorArgumentError).message).toContain(String(alignment));
  });
});
