/**
 * The region allocator under webglet's vertex domains, usable on its own: pyglet's
 * Allocator API with first-fit, best-fit and TLSF good-fit policies. No GL.
 *
 * @packageDocumentation
 * @module @webglet/allocator
 */
export { Allocator, type AllocatedRegions, type AllocatorOptions } from './allocator.ts';
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
