/**
 * The region allocator under webglet's vertex domains, usable on its own: pyglet's
 * Allocator API with first-fit, best-fit and TLSF good-fit policies. No GL.
 * `Allocator` takes a policy's name; `RegionAllocator` takes its value (`firstFit`,
 * `bestFit`, `goodFit`), so a bundle carries only the policy it uses.
 *
 * @packageDocumentation
 * @module @webglet/allocator
 */
export { RegionAllocator, type AllocatedRegions, type RegionAllocatorOptions } from './allocator.ts';
export { Allocator, type AllocatorOptions } from './named-allocator.ts';
export { bestFit, firstFit, goodFit, isPolicy, type Policy } from './policies.ts';
export {
  AllocatorArgumentError,
  AllocatorError,
  AllocatorHandleError,
  AllocatorInvariantError,
  AllocatorMemoryError,
  AllocatorMisuseError,
  AllocatorModeError,
  AllocatorRangeError,
  MAX_CAPACITY,
  type LiveAllocation,
} from './errors.ts';
export { POLICIES, type AllocationPolicy } from './policy.ts';
export type { AllocatorFigures, AllocatorStats, Region } from './stats.ts';
