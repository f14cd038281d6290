// The allocation policies and what each one's free index must do (free-index.ts builds them), apart
// from the indexes themselves, so every index and the block list depend on this contract alone.

export type AllocationPolicy = 'first-fit' | 'best-fit' | 'good-fit';
export const POLICIES: readonly AllocationPolicy[] = ['first-fit', 'best-fit', 'good-fit'];

export interface FreeIndex {
  insert(id: number): void;
  remove(id: number): void;
  /** The block's start or size changed, without passing another free block. */
  resized(id: number): void;
  /** A free block the policy picks for `size` units at an aligned start, or 0. */
  find(size: number, alignment: number): number;
  /** The size of the largest free block (0 when none). */
  largest(): number;
  /** The block pool grew: ids up to `capacity - 1` are now valid. */
  grow(capacity: number): void;
  /** Throws an Error naming the first broken invariant; returns how many blocks it holds. */
  check(describe: (id: number) => string): number;
}

export function alignUp(value: number, alignment: number): number {
  return alignment === 1 ? value : Math.ceil(value / alignment) * alignment;
}
