/**
 * Dirty byte ranges [start, end) of one buffer, kept merged as they are added so
 * that `commit()` makes one upload per merged range.
 *
 * Invariant (checked by the node tests against a byte-array model):
 *   ranges are sorted, non-empty, and each gap between neighbours is
 *   > `mergeGap` bytes: `ends[i] + mergeGap < starts[i + 1]`.
 * Two ranges that overlap, touch, or lie within `mergeGap` bytes become one:
 * uploading a few clean bytes is cheaper than another `bufferSubData` call.
 *
 * No allocation in steady state: `starts`/`ends` only ever grow and are reused
 * after `clear()` (which only resets `count`). Read them with `count`,
 * `startAt(i)`, `endAt(i)`; the iterator is a convenience for tests.
 */
export class DirtyRanges {
  readonly mergeGap: number;
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private rangeCount = 0;

  constructor(mergeGap = 0) {
    if (!Number.isInteger(mergeGap) || mergeGap < 0) {
      throw new RangeError(`DirtyRanges: mergeGap must be a whole number ≥ 0, got ${String(mergeGap)}`);
    }
    this.mergeGap = mergeGap;
  }

  /** Number of merged ranges. */
  get count(): number {
    return this.rangeCount;
  }

  get isEmpty(): boolean {
    return this.rangeCount === 0;
  }

  startAt(index: number): number {
    return this.starts[index] as number;
  }

  endAt(index: number): number {
    return this.ends[index] as number;
  }

  /** Sum of the merged ranges' lengths: what a commit would upload. */
  get totalBytes(): number {
    let total = 0;
    for (let i = 0; i < this.rangeCount; i++) total += (this.ends[i] as number) - (this.starts[i] as number);
    return total;
  }

  /** Marks [start, end) dirty; an empty range (start === end) is ignored. */
  add(start: number, end: number): void {
    if (!Number.isInteger(start) || start < 0) {
      throw new RangeError(`DirtyRanges.add: start must be a whole number ≥ 0, got ${String(start)}`);
    }
    if (!Number.isInteger(end) || end < start) {
      throw new RangeError(`DirtyRanges.add: end must be a whole number ≥ start (${start}), got ${String(end)}`);
    }
    if (end === start) return;
    const gap = this.mergeGap;
    const starts = this.starts;
    const ends = this.ends;
    const n = this.rangeCount;
    // The common case, marks in increasing order (a frame's instances): extend the last range.
    if (n > 0 && start >= (starts[n - 1] as number) && start <= (ends[n - 1] as number) + gap) {
      if (end > (ends[n - 1] as number)) ends[n - 1] = end;
      return;
    }
    // first: the first range that ends within `gap` of `start` or later (ends are sorted).
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((ends[mid] as number) + gap < start) lo = mid + 1;
      else hi = mid;
    }
    const first = lo;
    // last + 1: the first range that starts more than `gap` after `end` (starts are sorted).
    hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((starts[mid] as number) <= end + gap) lo = mid + 1;
      else hi = mid;
    }
    const after = lo;
    if (first === after) {
      // Touches nothing: open a slot at `first` by shifting the tail right.
      for (let i = n; i > first; i--) {
        starts[i] = starts[i - 1] as number;
        ends[i] = ends[i - 1] as number;
      }
      starts[first] = start;
      ends[first] = end;
      this.rangeCount = n + 1;
      return;
    }
    // Ranges first .. after-1 merge with [start, end) into slot `first`.
    starts[first] = Math.min(start, starts[first] as number);
    ends[first] = Math.max(end, ends[after - 1] as number);
    const removed = after - first - 1;
    if (removed > 0) {
      for (let i = after; i < n; i++) {
        starts[i - removed] = starts[i] as number;
        ends[i - removed] = ends[i] as number;
      }
      this.rangeCount = n - removed;
    }
  }

  /** Drops everything at or past `limit` (a buffer whose used prefix shrank to `limit`). */
  truncate(limit: number): void {
    let n = this.rangeCount;
    while (n > 0 && (this.starts[n - 1] as number) >= limit) n--;
    if (n > 0 && (this.ends[n - 1] as number) > limit) this.ends[n - 1] = limit;
    this.rangeCount = n;
  }

  clear(): void {
    this.rangeCount = 0;
  }

  /** Yields [start, end] pairs; allocates, so not for per-frame paths. */
  *[Symbol.iterator](): IterableIterator<[number, number]> {
    for (let i = 0; i < this.rangeCount; i++) yield [this.starts[i] as number, this.ends[i] as number];
  }
}
