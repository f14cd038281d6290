/**
 * A bad argument to a graphics call (or a use after delete). It names the
 * argument and the value, and the object it was called on is unchanged.
 * Each module has its own subclass, so callers can tell where it came from.
 */
export class GraphicsArgumentError extends Error {
  readonly argument: string;
  readonly value: unknown;
  constructor(argument: string, value: unknown, message: string) {
    super(message);
    this.name = new.target.name;
    this.argument = argument;
    this.value = value;
  }
}

/** Why a growth failed: a domain's `maxCapacity`, the GL refusing the buffer, or the CPU shadow's allocation. */
export type GrowthFailure = 'maxCapacity' | 'gl' | 'memory';

/**
 * A growth that failed. Not an argument error: the call was valid, the buffer
 * or domain could not get bigger. Whoever throws it leaves every old buffer,
 * shadow and list valid (a domain may have grown some of its buffers, never its
 * capacity): the call that needed the room changed nothing and can be retried
 * with less, or after deleting lists.
 */
export class GrowthError extends Error {
  readonly reason: GrowthFailure;
  /** The units the allocation needed: bytes for a GLBuffer; vertices, indices or instances for a domain. */
  readonly requested: number;
  /** The maxCapacity (reason 'maxCapacity'), else the byte size the GL or the CPU refused. */
  readonly limit: number;
  /** The GL error's enum name ('OUT_OF_MEMORY', 'INVALID_VALUE', 'INVALID_OPERATION', …) for reason 'gl', else null. */
  readonly glError: string | null;
  constructor(reason: GrowthFailure, requested: number, limit: number, glError: string | null, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.reason = reason;
    this.requested = requested;
    this.limit = limit;
    this.glError = glError;
  }
}

/** A bad argument to an instanced domain or an instance, a format that does not match the program, or a use after delete. */
export class InstancedVertexDomainError extends GraphicsArgumentError {}
