// The allocation policies' names, and the one piece of arithmetic every policy
// and the Allocator share: rounding a start up to the alignment.

export type AllocationPolicy = 'first-fit' | 'best-fit' | 'good-fit';
export const POLICIES: readonly AllocationPolicy[] = ['first-fit', 'best-fit', 'good-fit'];

export function alignUp(value: number, alignment: number): number {
  return alignment === 1 ? value : Math.ceil(value / alignment) * alignment;
}
