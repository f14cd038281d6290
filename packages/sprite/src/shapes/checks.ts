/**
 * Argument checks shared by the shapes: each throws ShapeError naming the
 * argument and the value, with what was expected and what was got. They only
 * read, so a failed check leaves the shape unchanged.
 */
import { ShapeError } from '../errors.ts';

/** [r, g, b] or [r, g, b, a], integers 0–255; a 4th component sets the opacity. */
export type Color = readonly [number, number, number] | readonly [number, number, number, number];

const show = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map((v) => String(v)).join(', ')}]`;
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
};

export const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** Sizes, radii, thicknesses: finite and ≥ 0. */
export const isSize = (value: unknown): value is number => isFiniteNumber(value) && value >= 0;

export function checkFinite(where: string, name: string, value: unknown): number {
  if (!isFiniteNumber(value)) {
    throw new ShapeError(name, value, `${where}: ${name} must be a finite number, got ${show(value)}`);
  }
  return value;
}

export function checkSize(where: string, name: string, value: unknown): number {
  if (!isSize(value)) {
    throw new ShapeError(name, value, `${where}: ${name} must be a finite number ≥ 0, got ${show(value)}`);
  }
  return value;
}

export function checkInteger(where: string, name: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new ShapeError(name, value, `${where}: ${name} must be an integer ≥ ${min}, got ${show(value)}`);
  }
  return value;
}

const isByte = (value: unknown): boolean => typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 255;

export function checkOpacity(where: string, name: string, value: unknown): number {
  if (!isByte(value)) throw new ShapeError(name, value, `${where}: ${name} must be an integer in 0–255, got ${show(value)}`);
  return value as number;
}

export function checkColor(where: string, name: string, value: unknown): Color {
  if (!Array.isArray(value) || (value.length !== 3 && value.length !== 4) || !value.every(isByte)) {
    throw new ShapeError(name, value, `${where}: ${name} must be [r, g, b] or [r, g, b, a] with integers in 0–255, got ${show(value)}`);
  }
  return value as unknown as Color;
}

export function checkBoolean(where: string, name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new ShapeError(name, value, `${where}: ${name} must be a boolean, got ${show(value)}`);
  return value;
}

/** At least `min` points, each [x, y] of finite numbers. */
export function checkPoints(where: string, name: string, value: unknown, min: number): (readonly [number, number])[] {
  const ok =
    Array.isArray(value) &&
    value.length >= min &&
    value.every(
      (point: unknown) =>
        Array.isArray(point) && point.length === 2 && point.every((c: unknown) => typeof c === 'number' && Number.isFinite(c)),
    );
  if (!ok) {
    const got = Array.isArray(value) ? `${value.length} points: ${JSON.stringify(value)}` : show(value);
    throw new ShapeError(name, value, `${where}: ${name} must be at least ${min} points [x, y] of finite numbers, got ${got}`);
  }
  return (value as (readonly [number, number])[]).map(([x, y]) => [x, y] as const);
}
