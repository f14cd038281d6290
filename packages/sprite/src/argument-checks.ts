/**
 * The argument checks that sprites and labels share. Each takes the typed error its caller throws
 * (SpriteError, LabelError), and names the argument, what was expected and the value got. They only
 * read, so a failed check leaves the object it guards unchanged.
 */
import { Batch, Group } from '@webglet/graphics';

/** An error class of this package: (argument, value, message), as GraphicsArgumentError. */
export type ArgumentErrorClass = new (argument: string, value: unknown, message: string) => Error;

/** A value as an error message shows it: strings quoted, arrays element by element. */
export const show = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map((v) => show(v)).join(', ')}]`;
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
};

export const isByte = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 255;

export function checkFinite(error: ArgumentErrorClass, where: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new error(name, value, `${where}: ${name} must be a finite number, got ${show(value)}`);
  }
  return value;
}

export function checkOpacity(error: ArgumentErrorClass, where: string, value: unknown): number {
  if (!isByte(value)) throw new error('opacity', value, `${where}: opacity must be a whole number in 0–255, got ${show(value)}`);
  return value;
}

/** [r, g, b] or [r, g, b, a], whole numbers 0–255. */
export function checkColor(
  error: ArgumentErrorClass,
  where: string,
  value: unknown,
): asserts value is readonly [number, number, number] | readonly [number, number, number, number] {
  if (!Array.isArray(value) || (value.length !== 3 && value.length !== 4) || !value.every(isByte)) {
    throw new error('color', value, `${where}: color must be [r, g, b] or [r, g, b, a] of whole numbers in 0–255, got ${show(value)}`);
  }
}

export function checkBoolean(error: ArgumentErrorClass, where: string, name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new error(name, value, `${where}: ${name} must be a boolean, got ${show(value)}`);
  return value;
}

export function checkOneOf<T extends string>(
  error: ArgumentErrorClass,
  where: string,
  name: string,
  value: unknown,
  allowed: readonly T[],
): T {
  if (!allowed.includes(value as T)) {
    throw new error(name, value, `${where}: ${name} must be one of ${allowed.join(', ')}, got ${show(value)}`);
  }
  return value as T;
}

export function checkGroup(error: ArgumentErrorClass, where: string, value: unknown): Group | null {
  if (value !== null && !(value instanceof Group)) {
    throw new error('group', value, `${where}: group must be a Group or null, got ${show(value)}`);
  }
  return value;
}

export function checkBatch(error: ArgumentErrorClass, where: string, batch: unknown): asserts batch is Batch {
  if (!(batch instanceof Batch) || batch.isDeleted) {
    throw new error(
      'batch',
      batch,
      `${where}: batch must be a live Batch, got ${batch instanceof Batch ? 'a deleted Batch' : show(batch)}`,
    );
  }
}
