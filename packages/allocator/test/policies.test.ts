// Policies as values: a RegionAllocator given firstFit, bestFit or goodFit places
// every block where an Allocator given the policy's name does (the name is only a
// way to pick the value), anything else is refused with an AllocatorArgumentError
// that names it, and an Allocator is a RegionAllocator.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Allocator,
  AllocatorArgumentError,
  AllocatorMemoryError,
  bestFit,
  firstFit,
  goodFit,
  isPolicy,
  RegionAllocator,
  type Policy,
} from '../src/index.ts';

const steps = fc.array(
  fc.oneof(
    { arbitrary: fc.record({ t: fc.constant('alloc' as const), size: fc.integer({ min: 1, max: 40 }) }), weight: 4 },
    { arbitrary: fc.record({ t: fc.constant('free' as const), pick: fc.nat() }), weight: 3 },
  ),
  { maxLength: 200 },
);

describe.each([firstFit, bestFit, goodFit])('$name as a value', (policy: Policy) => {
  for (const alignment of [1, 4]) {
    it(`places every block where Allocator with '${policy.name}' does (alignment ${alignment})`, () => {
      fc.assert(
        fc.property(steps, (ops) => {
          const byValue = new RegionAllocator(64, { policy, alignment });
          const byName = new Allocator(64, { policy: policy.name, alignment });
          const live: { start: number; size: number }[] = [];
          for (const op of ops) {
            if (op.t === 'alloc') {
              let start: number;
              try {
                start = byValue.alloc(op.size);
              } catch (error) {
                if (!(error instanceof AllocatorMemoryError)) throw error;
                expect(() => byName.alloc(op.size)).toThrow(AllocatorMemoryError);
                continue;
              }
              expect(byName.alloc(op.size)).toBe(start);
              live.push({ start, size: op.size });
            } else if (live.length > 0) {
              const [{ start, size }] = live.splice(op.pick % live.length, 1) as [{ start: number; size: number }];
              byValue.dealloc(start, size);
              byName.dealloc(start, size);
            }
          }
          expect(byValue.regions()).toEqual(byName.regions());
          expect(byValue.stats().toJSON()).toEqual(byName.stats().toJSON());
          byValue.validate();
        }),
        { numRuns: 60 },
      );
    });
  }

  it('reports its name as the policy, and an Allocator is a RegionAllocator', () => {
    expect(new RegionAllocator(8, { policy }).policy).toBe(policy.name);
    expect(new Allocator(8, { policy: policy.name })).toBeInstanceOf(RegionAllocator);
  });
});

describe('RegionAllocator policy', () => {
  it('is firstFit by default', () => {
    const allocator = new RegionAllocator(100);
    expect(allocator.policy).toBe('first-fit');
    const [a, , c] = [30, 10, 5, 10].map((size) => allocator.alloc(size)) as [number, number, number, number];
    allocator.dealloc(a, 30);
    allocator.dealloc(c, 5);
    // Holes of 30 at 0 and of 5 at 40: first-fit takes the lowest, where best-fit would take the 5.
    expect(allocator.alloc(3)).toBe(0);
  });

  it.each([['first-fit'], ['good-fit'], [{ name: 'good-fit' }], [{ ...goodFit, name: 'worst-fit' }], [null], [42]])(
    'refuses %s and makes nothing',
    (policy) => {
      let thrown: unknown;
      try {
        new RegionAllocator(10, { policy: policy as never });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(AllocatorArgumentError);
      expect((thrown as AllocatorArgumentError).argument).toBe('policy');
      expect((thrown as AllocatorArgumentError).message).toMatch(/policy must be firstFit, bestFit or goodFit/);
      expect(isPolicy(policy)).toBe(false);
    },
  );
});
