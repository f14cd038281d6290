// Allocator: the RegionAllocator with its policy given by name ('first-fit', 'best-fit',
// 'good-fit'), as pyglet's API, a setting or a command line gives it. Naming by string brings all
// three policies into an app's bundle; code that knows its policy can take RegionAllocator and
// the policy's value instead (policies.ts).

import { RegionAllocator, type RegionAllocatorOptions } from './allocator.ts';
import { AllocatorArgumentError } from './errors.ts';
import { bestFit, firstFit, goodFit, type Policy } from './policies.ts';
import { POLICIES, type AllocationPolicy } from './policy.ts';

export interface AllocatorOptions extends Omit<RegionAllocatorOptions, 'policy'> {
  /** How `alloc` picks a free block. Default 'first-fit' (pyglet's placement). */
  readonly policy?: AllocationPolicy;
}

const BY_NAME: Readonly<Record<AllocationPolicy, Policy>> = { 'first-fit': firstFit, 'best-fit': bestFit, 'good-fit': goodFit };

/**
 * Hands out regions of `[0, capacity)` in abstract units (pyglet's Allocator API): a
 * RegionAllocator whose policy is chosen by name.
 *
 * @example
 * ```ts
 * const allocator = new Allocator(1024, { policy: 'good-fit' });
 * let start = allocator.alloc(100);
 * start = allocator.realloc(start, 100, 300); // may move: use the start it returns
 * try {
 *   allocator.alloc(2000);
 * } catch (error) {
 *   if (error instanceof AllocatorMemoryError) allocator.setCapacity(error.requestedCapacity);
 * }
 * allocator.dealloc(start, 300);
 * ```
 */
export class Allocator extends RegionAllocator {
  constructor(capacity: number, options: AllocatorOptions = {}) {
    const { policy: name = 'first-fit' } = options;
    if (!POLICIES.includes(name)) {
      throw new AllocatorArgumentError('policy', name, `policy must be one of ${POLICIES.join(', ')}, got ${String(name)}`);
    }
    super(capacity, { ...options, policy: BY_NAME[name] });
  }
}
