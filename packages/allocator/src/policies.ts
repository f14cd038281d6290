// The allocation policies as values: each is its name and how it makes the block list that places
// blocks at an alignment. An app that bundles and names one of these values carries that policy's
// index only; the others stay out of its bundle. `Allocator` takes the names instead, and so brings
// all three (named-allocator.ts).
//
// Invariant: these three objects are the only policies webglet makes. `isPolicy` checks a value's
// shape (one of their names and a `makeList`), not its identity, which would import all three.

import { BestFitList } from './best-fit.ts';
import type { BlockList } from './block-list.ts';
import { AlignedGoodFitList, GoodFitList } from './good-fit.ts';
import { POLICIES, type AllocationPolicy } from './policy.ts';
import { TreeFitList } from './tree-fit.ts';

/** An allocation policy, as a value: `firstFit`, `bestFit` or `goodFit`. */
export interface Policy {
  readonly name: AllocationPolicy;
  /** @internal The block list that places blocks by this policy, with starts that are multiples of `alignment`. */
  makeList(alignment: number): BlockList;
}

/** The lowest free block that fits (pyglet's placement). A B+tree by address. */
export const firstFit: Policy = {
  name: 'first-fit',
  makeList: (alignment) => new TreeFitList(alignment, true),
};

/** The smallest free block that fits, the lowest among equals. Exact-size bins and a B+tree by size. */
export const bestFit: Policy = {
  name: 'best-fit',
  makeList: (alignment) => (alignment === 1 ? new BestFitList() : new TreeFitList(alignment, false)),
};

/** TLSF: a free block from the first size class whose every block fits, in O(1). */
export const goodFit: Policy = {
  name: 'good-fit',
  makeList: (alignment) => (alignment === 1 ? new GoodFitList() : new AlignedGoodFitList(alignment)),
};

/** True for one of the three policy values (checked by shape, so that naming one does not bring the others). */
export function isPolicy(value: unknown): value is Policy {
  if (typeof value !== 'object' || value === null) return false;
  const { name, makeList } = value as Partial<Policy>;
  return POLICIES.includes(name as AllocationPolicy) && typeof makeList === 'function';
}
