// Allocator statistics, after CPython's allocator statistics and VMA's
// virtual-block JSON: the figures, every range, and a text table whose
// figures add up (allocated + free = capacity).

import type { AllocationPolicy } from './free-index.ts';

/** One range of the address space, free or allocated (virtual-allocator's MemoryRange). */
export interface Region {
  readonly start: number;
  readonly size: number;
  readonly free: boolean;
}

export interface AllocatorFigures {
  readonly policy: AllocationPolicy;
  readonly alignment: number;
  readonly capacity: number;
  readonly allocated: number;
  readonly free: number;
  /** Free space outside the final free block (the one that ends at capacity). */
  readonly fragmentedFree: number;
  readonly fragmentation: number;
  readonly usage: number;
  readonly largestFree: number;
  readonly freeRanges: number;
  /** Aggregated: adjacent allocations count as one. */
  readonly allocatedRanges: number;
  /** Debug mode only: live allocations. */
  readonly liveAllocations: number | undefined;
}

export class AllocatorStats implements AllocatorFigures {
  readonly policy: AllocationPolicy;
  readonly alignment: number;
  readonly capacity: number;
  readonly allocated: number;
  readonly free: number;
  readonly fragmentedFree: number;
  readonly fragmentation: number;
  readonly usage: number;
  readonly largestFree: number;
  readonly freeRanges: number;
  readonly allocatedRanges: number;
  readonly liveAllocations: number | undefined;
  /** Every free and allocated range in address order, covering [0, capacity). */
  readonly ranges: readonly Region[];

  constructor(figures: AllocatorFigures, ranges: readonly Region[]) {
    this.policy = figures.policy;
    this.alignment = figures.alignment;
    this.capacity = figures.capacity;
    this.allocated = figures.allocated;
    this.free = figures.free;
    this.fragmentedFree = figures.fragmentedFree;
    this.fragmentation = figures.fragmentation;
    this.usage = figures.usage;
    this.largestFree = figures.largestFree;
    this.freeRanges = figures.freeRanges;
    this.allocatedRanges = figures.allocatedRanges;
    this.liveAllocations = figures.liveAllocations;
    this.ranges = ranges;
  }

  /** A JSON dump of the figures and every range. */
  toJSON(): object {
    return { ...this, ranges: this.ranges.map((r) => ({ ...r })) };
  }

  /** A readable table: the summary, then one row per range. */
  table(maxRows = 50): string {
    const percent = (x: number) => `${(x * 100).toFixed(2)}%`;
    const summary: [string, string][] = [
      ['policy', `${this.policy} (alignment ${this.alignment})`],
      ['capacity', String(this.capacity)],
      ['allocated', `${this.allocated} in ${this.allocatedRanges} ranges (${percent(this.usage)})`],
      ['free', `${this.free} in ${this.freeRanges} ranges, largest ${this.largestFree}`],
      ['fragmented free', `${this.fragmentedFree} (${percent(this.fragmentation)} of free)`],
    ];
    if (this.liveAllocations !== undefined) summary.push(['live allocations', String(this.liveAllocations)]);
    summary.push(['allocated + free', `${this.allocated + this.free} = capacity ${this.capacity}`]);
    const labelWidth = Math.max(...summary.map(([label]) => label.length));
    const lines = summary.map(([label, value]) => `${label.padEnd(labelWidth)}  ${value}`);
    lines.push('', `${'start'.padStart(12)} ${'end'.padStart(12)} ${'size'.padStart(12)}  state`);
    for (const range of this.ranges.slice(0, maxRows)) {
      const cells = [range.start, range.start + range.size, range.size].map((n) => String(n).padStart(12));
      lines.push(`${cells.join(' ')}  ${range.free ? 'free' : 'allocated'}`);
    }
    if (this.ranges.length > maxRows) lines.push(`… ${this.ranges.length - maxRows} more ranges (toJSON() has them all)`);
    return lines.join('\n');
  }
}
