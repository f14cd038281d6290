// Debug mode's words, after CPython's debug hooks but for regions: every live
// allocation carries a serial number (and optionally the stack that made it),
// so a free or realloc of anything that is not exactly a live allocation can
// be explained by naming the nearest one.

import type { LiveAllocation } from './errors.ts';

export function describeAllocation(entry: LiveAllocation): string {
  const where = entry.stack ? `, made at\n${entry.stack}` : ' (captureStacks: true shows where it was made)';
  return `#${entry.serial} [${entry.start}, ${entry.start + entry.size})${where}`;
}

/** The live allocation closest to [start, start + size), overlapping ones first. */
export function nearestAllocation(live: Iterable<LiveAllocation>, start: number, size: number): LiveAllocation | undefined {
  let best: LiveAllocation | undefined;
  let bestDistance = Infinity;
  for (const entry of live) {
    const gap = Math.max(0, entry.start - (start + size), start - (entry.start + entry.size));
    const distance = gap + Math.abs(entry.start - start) / 2 ** 33; // ties: the closer start
    if (distance < bestDistance) {
      best = entry;
      bestDistance = distance;
    }
  }
  return best;
}

/** The caller's stack, without the allocator's own frames. */
export function callerStack(): string {
  const lines = (new Error().stack ?? '').split('\n').slice(1);
  return lines
    .filter((line) => !/(debug-info|debug-watch|allocator)\.[jt]s/.test(line))
    .map((line) => line.trim())
    .join('\n');
}
