// A port of pyglet's list-based region allocator (pyglet/graphics/allocation.py,
// pyglet 2.x), FOR BENCHMARKING ONLY: it is the baseline that
// allocator.bench.ts measures @webglet/allocator against. It is not part of the
// package and nothing outside bench/ may import it.
//
// The algorithm is kept as pyglet has it, quirks included, because a baseline
// that quietly fixed them would not be pyglet any more:
// - only ALLOCATED space is stored, as aggregated blocks in two parallel,
//   ascending arrays `starts`/`sizes`; free space is whatever lies between;
// - every operation is a linear scan from the first block, and blocks are
//   inserted and removed with splice (O(n) moves);
// - a leading gap (before the first block) is used only when it is strictly
//   larger than the request, so a gap of exactly the requested size is skipped;
// - getFreeSize / getFragmentedFreeSize ignore the leading gap;
// - realloc to the same size at the capacity end relocates (and so throws when
//   the buffer is full);
// - pyglet's `assert`s become plain Errors (benchmarks run without -O too).

/** pyglet's AllocatorMemoryException: grow to `requestedCapacity`, then retry. */
export class PygletAllocatorMemoryError extends Error {
  readonly requestedCapacity: number;
  constructor(requestedCapacity: number) {
    super(`pyglet allocator: capacity must grow to ${requestedCapacity}`);
    this.name = 'PygletAllocatorMemoryError';
    this.requestedCapacity = requestedCapacity;
  }
}

function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(`pyglet allocator: ${message}`);
}

export class PygletAllocator {
  // Aggregated allocated blocks, ascending and never touching each other:
  // block i covers [starts[i], starts[i] + sizes[i]). Free ranges are the gaps
  // between blocks, before the first one and after the last one.
  private readonly starts: number[] = [];
  private readonly sizes: number[] = [];
  private cap: number;

  constructor(capacity: number) {
    this.cap = capacity;
  }

  get capacity(): number {
    return this.cap;
  }

  /** The capacity can only grow (pyglet asserts `size > capacity`). */
  setCapacity(size: number): void {
    check(size > this.cap, `capacity can only grow (${this.cap} -> ${size})`);
    this.cap = size;
  }

  alloc(size: number): number {
    check(size >= 0, `size must not be negative, got ${size}`);
    if (size === 0) return 0;
    const { starts, sizes } = this;

    if (starts.length === 0) {
      if (size > this.cap) throw new PygletAllocatorMemoryError(size);
      starts.push(0);
      sizes.push(size);
      return 0;
    }

    // Leading gap: taken only when strictly larger than the request (quirk).
    if (starts[0]! > size) {
      starts.unshift(0);
      sizes.unshift(size);
      return 0;
    }

    // First gap between block `prev` and block `prev + 1` that fits.
    let freeStart = starts[0]! + sizes[0]!;
    for (let next = 1; next < starts.length; next++) {
      const prev = next - 1;
      const blockStart = starts[next]!;
      const freeSize = blockStart - freeStart;
      if (freeSize === size) {
        // Fills the gap exactly: the two neighbouring blocks become one.
        sizes[prev]! += freeSize + sizes[next]!;
        starts.splice(next, 1);
        sizes.splice(next, 1);
        return freeStart;
      }
      if (freeSize > size) {
        // The previous block grows into the gap.
        sizes[prev]! += size;
        return freeStart;
      }
      freeStart = blockStart + sizes[next]!;
    }

    // The free space after the last block, up to the capacity.
    const freeSize = this.cap - freeStart;
    if (freeSize >= size) {
      sizes[sizes.length - 1]! += size;
      return freeStart;
    }
    throw new PygletAllocatorMemoryError(this.cap + size - freeSize);
  }

  realloc(start: number, size: number, newSize: number): number {
    check(size >= 0 && newSize >= 0, `sizes must not be negative, got ${size} -> ${newSize}`);
    if (newSize === 0) {
      if (size !== 0) this.dealloc(start, size);
      return 0;
    }
    if (size === 0) return this.alloc(newSize);

    // Shrinking frees the tail.
    if (newSize < size) {
      this.dealloc(start + newSize, size - newSize);
      return start;
    }

    const { starts, sizes } = this;
    const i = this.findBlock(start, size);
    const offset = start - starts[i]!;

    if (size === sizes[i]! - offset) {
      // The region ends its block: how much free space follows?
      const isFinalBlock = i === starts.length - 1;
      const freeSize = isFinalBlock ? this.cap - (start + size) : starts[i + 1]! - (start + size);
      const growth = newSize - size;
      if (freeSize === growth && !isFinalBlock) {
        // Grows to exactly fill the gap: merge with the next block.
        sizes[i]! += freeSize + sizes[i + 1]!;
        starts.splice(i + 1, 1);
        sizes.splice(i + 1, 1);
        return start;
      }
      if (freeSize > growth) {
        // Strictly greater (quirk): an exact fit at the capacity end relocates.
        sizes[i]! += growth;
        return start;
      }
    }

    // Relocate: allocate first so that a failure leaves the old region intact.
    const result = this.alloc(newSize);
    this.dealloc(start, size);
    return result;
  }

  dealloc(start: number, size: number): void {
    check(size >= 0, `size must not be negative, got ${size}`);
    if (size === 0) return;
    check(this.starts.length > 0, 'region not allocated (nothing is)');

    const { starts, sizes } = this;
    const i = this.findBlock(start, size);
    const blockSize = sizes[i]!;
    const offset = start - starts[i]!;

    if (offset === 0 && size === blockSize) {
      // The whole block.
      starts.splice(i, 1);
      sizes.splice(i, 1);
    } else if (offset === 0) {
      // The head of the block.
      starts[i]! += size;
      sizes[i]! -= size;
    } else if (size === blockSize - offset) {
      // The tail of the block.
      sizes[i]! -= size;
    } else {
      // The middle: the block splits in two around the freed range.
      sizes[i] = offset;
      starts.splice(i + 1, 0, start + size);
      sizes.splice(i + 1, 0, blockSize - (offset + size));
    }
  }

  /** Index of the first block that wholly contains [start, start + size): a linear scan. */
  private findBlock(start: number, size: number): number {
    const { starts, sizes } = this;
    for (let i = 0; i < starts.length; i++) {
      const offset = start - starts[i]!;
      if (offset >= 0 && size <= sizes[i]! - offset) return i;
    }
    throw new Error(`pyglet allocator: region not allocated (start ${start}, size ${size})`);
  }

  /** The aggregated blocks themselves, as pyglet returns them (do not mutate). */
  getAllocatedRegions(): { readonly starts: readonly number[]; readonly sizes: readonly number[] } {
    return { starts: this.starts, sizes: this.sizes };
  }

  /** Free space between blocks: neither the leading gap nor the final free block (quirk). */
  getFragmentedFreeSize(): number {
    const { starts, sizes } = this;
    if (starts.length === 0) return 0;
    let total = 0;
    let freeStart = starts[0]! + sizes[0]!;
    for (let i = 1; i < starts.length; i++) {
      total += starts[i]! - freeStart;
      freeStart = starts[i]! + sizes[i]!;
    }
    return total;
  }

  /** Fragmented free size plus the final free block; the leading gap is forgotten (quirk). */
  getFreeSize(): number {
    const { starts, sizes } = this;
    if (starts.length === 0) return this.cap;
    const last = starts.length - 1;
    const freeEnd = this.cap - (starts[last]! + sizes[last]!);
    return this.getFragmentedFreeSize() + freeEnd;
  }

  getUsage(): number {
    return 1 - this.getFreeSize() / this.cap;
  }

  /** Fraction of the free space that is not in the final free block. */
  getFragmentation(): number {
    const free = this.getFreeSize();
    if (free === 0) return 0;
    return this.getFragmentedFreeSize() / free;
  }
}
