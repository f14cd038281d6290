// A sub-range realloc (a range that is not exactly one allocation, which pyglet
// allows) that runs out of room must change nothing: the same blocks, every
// handle still naming the same start and size, the same figures. The aggregated
// regions cannot show a re-cut; the handles can, so every test checks them.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Allocator, AllocatorMemoryError, type AllocationPolicy } from '../src/index.ts';

const POLICIES: readonly AllocationPolicy[] = ['first-fit', 'best-fit', 'good-fit'];

/** Everything a caller can observe, each live handle's start and size included. */
function state(a: Allocator, handles: readonly number[]) {
  return {
    capacity: a.capacity,
    regions: a.regions(),
    allocated: a.getAllocatedRegions(),
    free: a.getFreeSize(),
    largest: a.getLargestFreeSize(),
    stats: a.stats().toJSON(),
    handles: handles.map((h) => [h, a.startOf(h), a.sizeOf(h)]),
  };
}

/** Runs a realloc that must throw AllocatorMemoryError, and checks that nothing changed. */
function throwsUnchanged(a: Allocator, handles: readonly number[], start: number, size: number, newSize: number): void {
  const before = state(a, handles);
  const cached = a.getAllocatedRegions();
  expect(() => a.realloc(start, size, newSize)).toThrow(AllocatorMemoryError);
  expect(state(a, handles)).toEqual(before);
  expect(a.getAllocatedRegions()).toBe(cached);
  a.validate();
}

describe.each(POLICIES)('a sub-range realloc without room changes nothing: %s', (policy) => {
  for (const alignment of [1, 4]) {
    it(`when the range ends inside an allocation (alignment ${alignment})`, () => {
      const a = new Allocator(48, { policy, alignment });
      const handles = [12, 12, 12, 12].map((size) => a.allocHandle(size));
      a.deallocHandle(handles[2]!);
      const live = [handles[0]!, handles[1]!, handles[3]!];
      // [6, 18) covers the second half of [0, 12) and the first of [12, 24); 20 units fit nowhere.
      throwsUnchanged(a, live, 6, 12, 20);
      expect(a.realloc(6, 12, 12)).toBe(6);
    });

    it(`when the free block after the range is too small (alignment ${alignment})`, () => {
      const a = new Allocator(48, { policy, alignment });
      const handles = [12, 12, 12, 12].map((size) => a.allocHandle(size));
      a.deallocHandle(handles[2]!);
      const live = [handles[0]!, handles[1]!, handles[3]!];
      // [6, 24) ends where the free [24, 36) starts: 12 more units, not the 22 asked.
      throwsUnchanged(a, live, 6, 18, 40);
      // With room it still grows in place.
      expect(a.realloc(6, 18, 28)).toBe(6);
      a.validate();
    });

    it(`on random layouts (alignment ${alignment})`, () => {
      const layout = fc.record({
        sizes: fc.array(fc.integer({ min: 1, max: 24 }), { minLength: 2, maxLength: 24 }),
        freed: fc.array(fc.nat(), { maxLength: 8 }),
        from: fc.nat(),
        to: fc.nat(),
        cutStart: fc.nat(),
        cutEnd: fc.nat(),
        extra: fc.integer({ min: 1, max: 400 }),
      });
      fc.assert(
        fc.property(layout, ({ sizes, freed, from, to, cutStart, cutEnd, extra }) => {
          const a = new Allocator(0, { policy, alignment });
          const handles: number[] = [];
          for (const size of sizes) {
            a.setCapacity(a.capacity + size + alignment);
            handles.push(a.allocHandle(size));
          }
          for (const pick of freed) {
            if (handles.length <= 2) break;
            a.deallocHandle(handles.splice(pick % handles.length, 1)[0]!);
          }
          // A range from inside one live allocation to inside a later one (or the same one).
          const i = from % handles.length;
          const j = i + (to % (handles.length - i));
          const firstStart = a.startOf(handles[i]!);
          const lastStart = a.startOf(handles[j]!);
          const start = firstStart + (cutStart % a.sizeOf(handles[i]!));
          const end = Math.max(start + 1, lastStart + 1 + (cutEnd % a.sizeOf(handles[j]!)));
          const wholly = a.getAllocatedRegions().starts.some((s, k) => s <= start && end <= s + a.getAllocatedRegions().sizes[k]!);
          if (!wholly) return;
          const size = end - start;
          const newSize = size + a.getFreeSize() + extra;
          throwsUnchanged(a, handles, start, size, newSize);
        }),
        { numRuns: 300 },
      );
    });
  }
});
