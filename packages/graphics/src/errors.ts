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
