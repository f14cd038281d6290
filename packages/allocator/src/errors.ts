// Typed errors of @webglet/allocator. Every error leaves the allocator exactly
// as it was before the call that threw it.

/** Largest capacity (and so largest size or start) the allocator accepts. */
export const MAX_CAPACITY = 2 ** 32 - 1;

/** Base class: `instanceof AllocatorError` catches every error this package throws. */
export class AllocatorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * The capacity is too small for the call. `requestedCapacity` is the smallest
 * capacity at which the same call succeeds: after `setCapacity(requestedCapacity)`
 * the retry is guaranteed to pass (pyglet's `AllocatorMemoryException`).
 */
export class AllocatorMemoryError extends AllocatorError {
  readonly requestedCapacity: number;
  constructor(requestedCapacity: number, message: string) {
    super(message);
    this.requestedCapacity = requestedCapacity;
  }
}

/** An argument is not a whole number in range (or a capacity would shrink). */
export class AllocatorArgumentError extends AllocatorError {
  readonly argument: string;
  readonly value: unknown;
  constructor(argument: string, value: unknown, message: string) {
    super(message);
    this.argument = argument;
    this.value = value;
  }
}

/** A range passed to `dealloc` or `realloc` is not wholly allocated. */
export class AllocatorRangeError extends AllocatorError {
  readonly start: number;
  readonly size: number;
  constructor(start: number, size: number, message: string) {
    super(message);
    this.start = start;
    this.size = size;
  }
}

/** A live allocation, as debug mode records it. */
export interface LiveAllocation {
  /** 1 for the first allocation the allocator made, then counting up. */
  readonly serial: number;
  readonly start: number;
  readonly size: number;
  /** Where it was made (`captureStacks`), else undefined. */
  readonly stack: string | undefined;
}

/**
 * Debug mode: a free or realloc of something that is not exactly a live
 * allocation (double free, wrong size, stale start). Names the nearest live
 * allocation and where it was made.
 */
export class AllocatorMisuseError extends AllocatorRangeError {
  readonly nearest: LiveAllocation | undefined;
  constructor(start: number, size: number, nearest: LiveAllocation | undefined, message: string) {
    super(start, size, message);
    this.nearest = nearest;
  }
}

/**
 * A handle that names no live allocation: never handed out, already freed (or
 * moved by a realloc), or made invalid by a `dealloc`/`realloc` by start that
 * covered part of its allocation.
 */
export class AllocatorHandleError extends AllocatorError {
  readonly handle: number;
  constructor(handle: number, message: string) {
    super(message);
    this.handle = handle;
  }
}

/** `validate()` found a broken invariant: a bug in the allocator itself. */
export class AllocatorInvariantError extends AllocatorError {}

/** A debug-only call (`leaks()`) on an allocator made without `debug: true`. */
export class AllocatorModeError extends AllocatorError {}

function describe(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  return String(value);
}

/**
 * Checks that `value` is a whole number in [0, MAX_CAPACITY]; throws an
 * AllocatorArgumentError naming the argument and the value otherwise.
 */
export function checkUnits(argument: string, value: unknown): asserts value is number {
  // A whole number in [0, 2^32 - 1] is exactly one that `>>> 0` leaves unchanged (-0 included).
  if (typeof value === 'number' && value >>> 0 === value) return;
  let why: string;
  if (typeof value !== 'number') why = `must be a number, got ${typeof value} ${describe(value)}`;
  else if (Number.isNaN(value)) why = 'must be a whole number, got NaN';
  else if (!Number.isFinite(value)) why = `must be finite, got ${describe(value)}`;
  else if (!Number.isInteger(value)) why = `must be a whole number, got ${describe(value)}`;
  else if (value < 0) why = `must not be negative, got ${describe(value)}`;
  else why = `must be at most ${MAX_CAPACITY} (2^32 - 1), got ${describe(value)}`;
  throw new AllocatorArgumentError(argument, value, `${argument} ${why}`);
}
