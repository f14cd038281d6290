// Handles: allocHandle, startOf, sizeOf, deallocHandle, reallocHandle. A
// handle-driven allocator must end up exactly where a start-driven twin does
// (same calls, same policy: placement does not depend on the path), bad
// handles throw typed errors and change nothing, and handles mix with
// dealloc(start, size).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Allocator,
  AllocatorArgumentError,
  AllocatorError,
  AllocatorHandleError,
  AllocatorMemoryError,
  type AllocationPolicy,
} from '../src/index.ts';

const POLICIES: readonly AllocationPolicy[] = ['first-fit', 'best-fit', 'good-fit'];

function state(a: Allocator) {
  return { capacity: a.capacity, regions: a.regions(), stats: a.stats().toJSON(), leaks: a.debug ? a.leaks() : undefined };
}

/** Runs `call`, which must throw an AllocatorError, and checks that nothing changed. */
function throwsUnchanged(a: Allocator, call: () => unknown): AllocatorError {
  const before = state(a);
  const regions = a.getAllocatedRegions();
  let thrown: unknown;
  try {
    call();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(AllocatorError);
  expect(state(a)).toEqual(before);
  expect(a.getAllocatedRegions()).toBe(regions);
  a.validate();
  return thrown as AllocatorError;
}

const steps = fc.array(
  fc.oneof(
    { arbitrary: fc.record({ t: fc.constant('alloc' as const), size: fc.integer({ min: 0, max: 40 }) }), weight: 4 },
    { arbitrary: fc.record({ t: fc.constant('free' as const), pick: fc.nat() }), weight: 3 },
    { arbitrary: fc.record({ t: fc.constant('realloc' as const), pick: fc.nat(), size: fc.integer({ min: 0, max: 60 }) }), weight: 3 },
  ),
  { maxLength: 300 },
);

describe.each(POLICIES)('handles: %s', (policy) => {
  for (const alignment of [1, 4]) {
    for (const debug of [false, true]) {
      it(`a handle-driven allocator matches a start-driven twin (alignment ${alignment}, debug ${debug})`, () => {
        fc.assert(
          fc.property(steps, (ops) => {
            const byHandle = new Allocator(64, { policy, alignment, debug });
            const byStart = new Allocator(64, { policy, alignment, debug });
            const live: { handle: number; start: number; size: number }[] = [];
            // Grow both as a vertex domain does: to requestedCapacity, then retry.
            const grow = <T>(call: (a: Allocator) => T, a: Allocator): T => {
              try {
                return call(a);
              } catch (error) {
                if (!(error instanceof AllocatorMemoryError)) throw error;
                a.setCapacity(error.requestedCapacity);
                return call(a);
              }
            };
            for (const op of ops) {
              if (op.t === 'alloc') {
                const handle = grow((a) => a.allocHandle(op.size), byHandle);
                const start = grow((a) => a.alloc(op.size), byStart);
                expect(byHandle.startOf(handle)).toBe(start);
                expect(byHandle.sizeOf(handle)).toBe(op.size);
                if (op.size > 0) live.push({ handle, start, size: op.size });
                else expect(handle).toBe(0);
              } else if (live.length > 0) {
                const i = op.pick % live.length;
                const entry = live[i]!;
                if (op.t === 'free') {
                  byHandle.deallocHandle(entry.handle);
                  byStart.dealloc(entry.start, entry.size);
                  live.splice(i, 1);
                } else {
                  const handle = grow((a) => a.reallocHandle(entry.handle, op.size), byHandle);
                  const start = grow((a) => a.realloc(entry.start, entry.size, op.size), byStart);
                  if (op.size === 0) {
                    expect(handle).toBe(0);
                    live.splice(i, 1);
                  } else {
                    expect(byHandle.startOf(handle)).toBe(start);
                    if (start === entry.start) expect(handle).toBe(entry.handle);
                    live[i] = { handle, start, size: op.size };
                  }
                }
              }
              expect(byHandle.capacity).toBe(byStart.capacity);
              expect(byHandle.regions()).toEqual(byStart.regions());
              byHandle.validate();
            }
            if (debug)
              expect(byHandle.leaks().map((l) => [l.serial, l.start, l.size])).toEqual(
                byStart.leaks().map((l) => [l.serial, l.start, l.size]),
              );
          }),
          { numRuns: 30 },
        );
      });
    }
  }

  it('handle 0 is the empty allocation', () => {
    const a = new Allocator(10, { policy });
    expect(a.allocHandle(0)).toBe(0);
    expect(a.startOf(0)).toBe(0);
    expect(a.sizeOf(0)).toBe(0);
    a.deallocHandle(0);
    expect(a.getAllocatedSize()).toBe(0);
    const h = a.reallocHandle(0, 4);
    expect(a.startOf(h)).toBe(0);
    expect(a.sizeOf(h)).toBe(4);
    expect(a.reallocHandle(h, 0)).toBe(0);
    expect(a.getAllocatedSize()).toBe(0);
  });

  it('reallocHandle keeps the handle in place and hands out a new one when it moves', () => {
    const a = new Allocator(100, { policy });
    const x = a.allocHandle(10);
    const y = a.allocHandle(10); // blocks x from growing in place
    expect(a.reallocHandle(x, 5)).toBe(x);
    expect(a.reallocHandle(x, 10)).toBe(x);
    const moved = a.reallocHandle(x, 30);
    expect(moved).not.toBe(x);
    expect(a.startOf(moved)).toBeGreaterThanOrEqual(20);
    expect(a.sizeOf(moved)).toBe(30);
    expect(a.startOf(y)).toBe(10);
    // The old handle names nothing now.
    const e = throwsUnchanged(a, () => a.deallocHandle(x));
    expect(e).toBeInstanceOf(AllocatorHandleError);
  });

  it('bad handles throw typed errors naming them and change nothing', () => {
    for (const debug of [false, true]) {
      const a = new Allocator(100, { policy, debug });
      const h = a.allocHandle(10);
      a.allocHandle(20);
      const freed = a.allocHandle(5);
      a.deallocHandle(freed);
      for (const bad of [-1, 1.5, NaN, Infinity, '1', null, undefined, 2 ** 32, 3n]) {
        for (const call of [
          () => a.startOf(bad as never),
          () => a.sizeOf(bad as never),
          () => a.deallocHandle(bad as never),
          () => a.reallocHandle(bad as never, 4),
        ]) {
          const e = throwsUnchanged(a, call);
          expect(e).toBeInstanceOf(AllocatorArgumentError);
          expect((e as AllocatorArgumentError).argument).toBe('handle');
        }
      }
      for (const stale of [freed, 999, 2 ** 32 - 1]) {
        for (const call of [() => a.startOf(stale), () => a.deallocHandle(stale), () => a.reallocHandle(stale, 4)]) {
          const e = throwsUnchanged(a, call);
          expect(e).toBeInstanceOf(AllocatorHandleError);
          expect((e as AllocatorHandleError).handle).toBe(stale);
          expect(e.message).toContain(String(stale));
        }
      }
      const e = throwsUnchanged(a, () => a.reallocHandle(h, -1));
      expect((e as AllocatorArgumentError).argument).toBe('newSize');
      expect(throwsUnchanged(a, () => a.reallocHandle(h, 1000))).toBeInstanceOf(AllocatorMemoryError);
      expect(throwsUnchanged(a, () => a.allocHandle(1000))).toBeInstanceOf(AllocatorMemoryError);
    }
  });

  it('mixes with dealloc(start, size) and sub-range frees', () => {
    const a = new Allocator(100, { policy });
    const x = a.allocHandle(10);
    const y = a.allocHandle(10);
    const z = a.allocHandle(10);
    a.dealloc(a.startOf(y), 10); // builds the start map from the blocks
    expect(a.regions().filter((r) => !r.free)).toEqual([
      { start: 0, size: 10, free: false },
      { start: 20, size: 10, free: false },
    ]);
    a.dealloc(5, 5); // the second half of x, by start
    expect(a.startOf(x)).toBe(0);
    expect(a.sizeOf(x)).toBe(5);
    a.deallocHandle(z);
    a.deallocHandle(x);
    expect(a.getAllocatedSize()).toBe(0);
    a.validate();
  });

  it('debug mode keeps the serial of an allocation through a handle move', () => {
    const a = new Allocator(100, { policy, debug: true });
    const x = a.allocHandle(10);
    a.allocHandle(10);
    const moved = a.reallocHandle(x, 40);
    expect(a.leaks().map((l) => [l.serial, l.start, l.size])).toEqual([
      [1, a.startOf(moved), 40],
      [2, 10, 10],
    ]);
  });
});
