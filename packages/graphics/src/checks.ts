/**
 * The argument checks every graphics module makes the same way, each throwing the caller's error
 * class (its `argument` and `value` name what was wrong) before anything is changed.
 */
import { isPolicy, type Policy } from '@webglet/allocator';
import type { GraphicsArgumentError } from './errors.ts';

/** A module's error class: the argument, its value and the message. */
export type ErrorClass = new (argument: string, value: unknown, message: string) => GraphicsArgumentError;

/** `value` if it is a whole number ≥ `min`; else throws `Error(argument, value, '<where>: <argument> must be …')`. */
export function wholeNumber(Error: ErrorClass, where: string, argument: string, value: unknown, min = 0): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new Error(argument, value, `${where}: ${argument} must be a whole number ≥ ${min}, got ${String(value)}`);
  }
  return value;
}

/** `value` if it is an allocation policy's value; names are refused, as resolving them would bring every policy into a bundle. */
export function policyValue(Error: ErrorClass, where: string, value: unknown): Policy {
  if (!isPolicy(value)) {
    throw new Error(
      'policy',
      value,
      `${where}: policy must be firstFit, bestFit or goodFit (imported values, not names), got ${String(value)}`,
    );
  }
  return value;
}

/**
 * Throws `Error('this', 'deleted', '<owner>.<method>: the <what> was deleted')` when `deleted`. The
 * message is built only then: a live object's every call passes here.
 */
export function checkNotDeleted(Error: ErrorClass, deleted: boolean, owner: string, method: string, what: string): void {
  if (deleted) throw new Error('this', 'deleted', `${owner}.${method}: the ${what} was deleted`);
}
