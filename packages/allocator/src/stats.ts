// Allocator statistics, after CPython's allocator statistics and VMA's
// virtual-block JSON: the figures, every range, and a text table whose
// figures add up (allocated + free = capacity).

import type { AllocationPolicy } from './policy.ts';

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

/** The figures, every range in address order (covering [0, capacity)), a JSON dump and a table. */
export interface AllocatorStats extends AllocatorFigures {
  readonly ranges: readonly Region[];
  /** The figures and every range, for JSON.stringify. */
  toJSON(): object;
  /** A readable table: the summary, then one row per range (at most `maxRows`). */
  table(maxRows?: number): string;
}

export function makeStats(figures: AllocatorFigures, ranges: readonly Region[]): AllocatorStats {
  return {
    ...figures,
    ranges,
    toJSON: () => ({ ...figures, ranges: ranges.map((range) => ({ ...range })) }),
    table: (maxRows = 50) => formatTable(figures, ranges, maxRows),
  };
}

function formatTable(stats: AllocatorFigures, ranges: readonly Region[], maxRows: number): string {
  const percent = (x: number) => `${(x * 100).toFixed(2)}%`;
  const summary: [string, string][] = [
    ['policy', `${stats.policy} (alignment ${stats.alignment})`],
    ['capacity', String(stats.capacity)],
    ['allocated', `${stats.allocated} in ${stats.allocatedRanges} ranges (${percent(stats.usage)})`],
    ['free', `${stats.free} in ${stats.freeRanges} ranges, largest ${stats.largestFree}`],
    ['fragmented free', `${stats.fragmentedFree} (${percent(stats.fragmentation)} of free)`],
  ];
  if (stats.liveAllocations !== undefined) summary.push(['live allocations', String(stats.liveAllocations)]);
  summary.push(['allocated + free', `${stats.allocated + stats.free} = capacity ${stats.capacity}`]);
  const labelWidth = Math.max(...summary.map(([label]) => label.length));
  const lines = summary.map(([label, value]) => `${label.padEnd(labelWidth)}  ${value}`);
  lines.push('', `${'start'.padStart(12)} ${'end'.padStart(12)} ${'size'.padStart(12)}  state`);
  for (const range of ranges.slice(0, maxRows)) {
    const cells = [range.start, range.start + range.size, range.size].map((n) => String(n).padStart(12));
    lines.push(`${cells.join(' ')}  ${range.free ? 'free' : 'allocated'}`);
  }
  if (ranges.length > maxRows) lines.push(`… ${ranges.length - maxRows} more ranges (toJSON() has them all)`);
  return lines.join('\n');
}
