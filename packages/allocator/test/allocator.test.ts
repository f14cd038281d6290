// Unit tests: one block per rule of the allocator contract (allocator.ts; docs/decisions.md, "Allocator").
import { describe, expect, it } from 'vitest';
import {
  Allocator,
  AllocatorMemoryError,
  AllocatorMisuseError,
  AllocatorModeError,
  AllocatorRangeError,
  MAX_CAPACITY,
  type AllocationPolicy,
} from '../src/index.ts';

const POLICIES: AllocationPolicy[] = ['first-fit', 'best-fit', 'good-fit'];

/** Allocates the given sizes in order and returns their starts. */
function fill(allocator: Allocator, sizes: number[]): number[] {
  return sizes.map((size) => allocator.alloc(size));
}

function regionsOf(allocator: Allocator) {
  const { starts, sizes } = allocator.getAllocatedRegions();
  return starts.map((start, i) => [start, sizes[i]]);
}

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

describe('placement', () => {
  it('first-fit takes the lowest address where the region fits', () => {
    const a = new Allocator(100);
    const [x, , z] = fill(a, [10, 10, 30, 10]);
    a.dealloc(x!, 10); // gap [0, 10)
    a.dealloc(z!, 30); // gap [20, 50)
    expect(a.alloc(5)).toBe(0);
    expect(a.alloc(20)).toBe(20);
    expect(a.alloc(5)).toBe(5);
    a.validate();
  });

  it('first-fit uses a leading gap of exactly the requested size (pyglet skips it)', () => {
    const a = new Allocator(30);
    fill(a, [10, 10]);
    a.dealloc(0, 10);
    expect(a.alloc(10)).toBe(0);
  });

  it('best-fit takes the smallest free range that fits, the lowest among equals', () => {
    const a = new Allocator(200, { policy: 'best-fit' });
    const s = fill(a, [30, 1, 12, 1, 12, 1, 20, 1]);
    a.dealloc(s[0]!, 30); // [0, 30)
    a.dealloc(s[2]!, 12); // [31, 43)
    a.dealloc(s[4]!, 12); // [44, 56)
    a.dealloc(s[6]!, 20); // [57, 77)
    expect(a.alloc(11)).toBe(31);
    expect(a.alloc(12)).toBe(44);
    expect(a.alloc(13)).toBe(57);
    expect(a.alloc(29)).toBe(0);
    a.validate();
  });

  it('good-fit finds a fitting range even when its size class is rounded past it', () => {
    // A free range of 33 sits in the class [32, 34); TLSF's rounded look-up
    // for 33 would skip it. The contract says: never a false "no room".
    const a = new Allocator(34, { policy: 'good-fit' });
    fill(a, [33, 1]);
    a.dealloc(0, 33);
    expect(a.alloc(33)).toBe(0);
    expect(a.getFreeSize()).toBe(0);
    a.validate();
  });

  it.each(POLICIES)('%s never reports no room while a fitting range exists', (policy) => {
    const a = new Allocator(1000, { policy });
    const starts = fill(
      a,
      Array.from({ length: 100 }, () => 10),
    );
    for (let i = 0; i < 100; i += 2) a.dealloc(starts[i]!, 10);
    for (let i = 0; i < 50; i++) a.alloc(10);
    expect(a.getFreeSize()).toBe(0);
    expect(() => a.alloc(1)).toThrow(AllocatorMemoryError);
    a.validate();
  });
});

describe('zero sizes', () => {
  it.each(POLICIES)('%s: alloc(0) returns 0 and changes nothing; dealloc(start, 0) does nothing', (policy) => {
    const a = new Allocator(10, { policy });
    a.alloc(4);
    const before = JSON.stringify(a.stats());
    expect(a.alloc(0)).toBe(0);
    a.dealloc(7, 0);
    expect(JSON.stringify(a.stats())).toBe(before);
  });
});

describe('dealloc', () => {
  it('frees any sub-range of allocated space and merges free neighbours', () => {
    const a = new Allocator(100);
    fill(a, [10, 10, 10]);
    a.dealloc(12, 5);
    expect(regionsOf(a)).toEqual([
      [0, 12],
      [17, 13],
    ]);
    a.dealloc(10, 2);
    a.dealloc(17, 3);
    expect(regionsOf(a)).toEqual([
      [0, 10],
      [20, 10],
    ]);
    expect(a.regions().filter((r) => r.free)).toEqual([
      { start: 10, size: 10, free: true },
      { start: 30, size: 70, free: true },
    ]);
    a.dealloc(20, 10);
    expect(a.regions()).toEqual([
      { start: 0, size: 10, free: false },
      { start: 10, size: 90, free: true },
    ]);
    a.validate();
  });

  it('rejects a range that is not wholly allocated and names the free part', () => {
    const a = new Allocator(100);
    fill(a, [10, 10]);
    a.dealloc(0, 10);
    const error = catchError(() => a.dealloc(5, 10));
    expect(error).toBeInstanceOf(AllocatorRangeError);
    expect((error as Error).message).toMatch(/\[5, 10\) is free/);
    expect(() => a.dealloc(15, 10)).toThrow(/\[20, 25\) is free/);
    expect(() => a.dealloc(95, 10)).toThrow(/past the capacity 100/);
    expect(regionsOf(a)).toEqual([[10, 10]]);
  });
});

describe('realloc', () => {
  it('shrinks in place and frees the tail', () => {
    const a = new Allocator(100);
    const [x] = fill(a, [20, 10]);
    expect(a.realloc(x!, 20, 5)).toBe(0);
    expect(regionsOf(a)).toEqual([
      [0, 5],
      [20, 10],
    ]);
  });

  it('grows in place into free space after the region, up to the capacity end', () => {
    const a = new Allocator(40);
    fill(a, [10, 10]);
    expect(a.realloc(10, 10, 30)).toBe(10);
    expect(a.getFreeSize()).toBe(0);
    a.dealloc(10, 30);
    fill(a, [10]);
    a.dealloc(0, 10);
    expect(a.realloc(10, 10, 20)).toBe(10); // in place beats moving to the free [0, 10)
  });

  it('a same-size realloc at the capacity end returns the start (pyglet raises)', () => {
    const a = new Allocator(10);
    a.alloc(10);
    expect(a.realloc(0, 10, 10)).toBe(0);
  });

  it.each(POLICIES)('%s: moves to a region that does not overlap the old one', (policy) => {
    // [0,10) free, [10,20) allocated, [20,22) free, [22,30) allocated.
    // Freeing first would let a 15-unit region overlap the old one at [0, 15);
    // the contract says it must not, so the caller can copy old -> new at once.
    const a = new Allocator(30, { policy });
    fill(a, [10, 10, 2, 8]);
    a.dealloc(0, 10);
    a.dealloc(20, 2);
    const error = catchError(() => a.realloc(10, 10, 15));
    expect(error).toBeInstanceOf(AllocatorMemoryError);
    expect((error as AllocatorMemoryError).requestedCapacity).toBe(45);
    a.setCapacity(45);
    expect(a.realloc(10, 10, 15)).toBe(30);
    expect(regionsOf(a)).toEqual([[22, 23]]);
    a.validate();
  });

  it('moves to free space elsewhere when the region cannot grow in place', () => {
    const a = new Allocator(100);
    fill(a, [10, 10, 10]);
    a.dealloc(0, 10);
    expect(a.realloc(10, 10, 10)).toBe(10);
    expect(a.realloc(10, 10, 40)).toBe(30);
    expect(regionsOf(a)).toEqual([[20, 50]]);
  });

  it('newSize 0 frees; size 0 allocates', () => {
    const a = new Allocator(100);
    fill(a, [10, 10]);
    expect(a.realloc(0, 10, 0)).toBe(0);
    expect(regionsOf(a)).toEqual([[10, 10]]);
    expect(a.realloc(55, 0, 7)).toBe(0);
    expect(regionsOf(a)).toEqual([
      [0, 7],
      [10, 10],
    ]);
  });
});

describe('AllocatorMemoryError.requestedCapacity', () => {
  it.each(POLICIES)('%s: is the smallest capacity at which alloc succeeds, and the retry does', (policy) => {
    const a = new Allocator(100, { policy });
    fill(a, [60, 30]);
    const error = catchError(() => a.alloc(25)) as AllocatorMemoryError;
    expect(error).toBeInstanceOf(AllocatorMemoryError);
    expect(error.requestedCapacity).toBe(115); // the final free block [90, 100) is reused
    expect(error.message).toMatch(/alloc\(25\).*capacity 115/);
    a.setCapacity(error.requestedCapacity);
    expect(a.alloc(25)).toBe(90);
    expect(a.getFreeSize()).toBe(0);
  });

  it('counts the capacity itself when the end is allocated, and alignment padding', () => {
    const a = new Allocator(10, { alignment: 8 });
    a.alloc(10);
    expect((catchError(() => a.alloc(3)) as AllocatorMemoryError).requestedCapacity).toBe(19);
  });

  it('for a region at the end that grows, is start + newSize', () => {
    const a = new Allocator(100);
    fill(a, [50, 40]);
    const error = catchError(() => a.realloc(50, 40, 70)) as AllocatorMemoryError;
    expect(error.requestedCapacity).toBe(120);
    a.setCapacity(120);
    expect(a.realloc(50, 40, 70)).toBe(50);
  });
});

describe('alignment', () => {
  it.each(POLICIES)('%s: starts are aligned; padding stays free and reusable', (policy) => {
    const a = new Allocator(64, { policy, alignment: 16 });
    expect(a.alloc(5)).toBe(0);
    expect(a.alloc(5)).toBe(16);
    expect(a.getFreeSize()).toBe(54);
    expect(a.regions()).toEqual([
      { start: 0, size: 5, free: false },
      { start: 5, size: 11, free: true },
      { start: 16, size: 5, free: false },
      { start: 21, size: 43, free: true },
    ]);
    a.validate();
  });

  it('first-fit skips a range whose padding leaves too little room', () => {
    const a = new Allocator(100, { alignment: 10 });
    fill(a, [10, 10, 10]);
    a.dealloc(0, 10);
    a.dealloc(20, 10);
    a.alloc(3); // [0, 3)
    // Free: [3, 10) is 7 units, but the next aligned start is 10 — allocated.
    expect(a.alloc(7)).toBe(20);
  });
});

describe('figures', () => {
  it('free size counts a leading gap; fragmentation is fragmented / free', () => {
    const a = new Allocator(100);
    fill(a, [10, 10, 10]);
    a.dealloc(0, 10);
    a.dealloc(20, 10);
    expect(a.getFreeSize()).toBe(90);
    expect(a.getFragmentedFreeSize()).toBe(10); // [20, 100) is the final free block
    expect(a.getFragmentation()).toBeCloseTo(10 / 90);
    expect(a.getUsage()).toBe(0.1);
    expect(a.getLargestFreeSize()).toBe(80);
  });

  it('with the end allocated, all free space is fragmented; nothing free means 0', () => {
    const a = new Allocator(20);
    fill(a, [10, 10]);
    expect(a.getFragmentation()).toBe(0);
    a.dealloc(0, 10);
    expect(a.getFragmentedFreeSize()).toBe(10);
    expect(a.getFragmentation()).toBe(1);
    expect(new Allocator(0).getUsage()).toBe(0);
  });

  it('getAllocatedRegions returns the same object while nothing changes', () => {
    const a = new Allocator(100);
    fill(a, [10, 10]);
    const first = a.getAllocatedRegions();
    expect(a.getAllocatedRegions()).toBe(first);
    a.alloc(1);
    const second = a.getAllocatedRegions();
    expect(second).not.toBe(first);
    expect(second.starts).toEqual([0]);
    expect(second.sizes).toEqual([21]);
  });

  it('stats: a JSON dump of every range and a table whose figures add up', () => {
    const a = new Allocator(100, { policy: 'best-fit' });
    fill(a, [10, 20, 30]);
    a.dealloc(10, 20);
    const stats = a.stats();
    expect(stats.allocated + stats.free).toBe(stats.capacity);
    const json = JSON.parse(JSON.stringify(stats));
    expect(json).toMatchObject({ capacity: 100, allocated: 40, free: 60, largestFree: 40, freeRanges: 2, allocatedRanges: 2 });
    expect(json.ranges).toEqual([
      { start: 0, size: 10, free: false },
      { start: 10, size: 20, free: true },
      { start: 30, size: 30, free: false },
      { start: 60, size: 40, free: true },
    ]);
    const table = stats.table();
    expect(table).toMatch(/allocated\s+40 in 2 ranges \(40\.00%\)/);
    expect(table).toMatch(/free\s+60 in 2 ranges, largest 40/);
    expect(table).toMatch(/allocated \+ free\s+100 = capacity 100/);
    expect(table.match(/^\s+\d+\s+\d+\s+\d+\s+(free|allocated)$/gm)).toHaveLength(4);
  });
});

describe('capacity', () => {
  it('grows, merging the new space with a final free block', () => {
    const a = new Allocator(10);
    a.alloc(5);
    a.setCapacity(20);
    expect(a.regions()).toEqual([
      { start: 0, size: 5, free: false },
      { start: 5, size: 15, free: true },
    ]);
    a.alloc(15);
    a.setCapacity(30);
    expect(a.regions().at(-1)).toEqual({ start: 20, size: 10, free: true });
    a.validate();
  });

  it.each(POLICIES)('%s: capacities up to 2^32 - 1 work', (policy) => {
    const a = new Allocator(MAX_CAPACITY, { policy });
    const big = 2 ** 31;
    expect(a.alloc(big)).toBe(0);
    expect(a.alloc(big - 2)).toBe(big);
    expect(a.alloc(1)).toBe(MAX_CAPACITY - 1);
    expect(a.getFreeSize()).toBe(0);
    a.dealloc(big, big - 2);
    expect(a.getLargestFreeSize()).toBe(big - 2);
    expect(a.realloc(MAX_CAPACITY - 1, 1, 3)).toBe(big);
    a.validate();
    const error = catchError(() => a.alloc(big)) as AllocatorMemoryError;
    expect(error.requestedCapacity).toBe(big + 3 + big); // the final free block starts at big + 3
    expect(error.message).toMatch(/beyond the largest capacity/);
  });
});

describe('debug mode', () => {
  function debugAllocator(captureStacks = false) {
    const a = new Allocator(100, { debug: true, captureStacks });
    fill(a, [10, 20, 30]);
    return a;
  }

  it('catches a double free and names the nearest live allocation', () => {
    const a = debugAllocator();
    a.dealloc(10, 20);
    const error = catchError(() => a.dealloc(10, 20)) as AllocatorMisuseError;
    expect(error).toBeInstanceOf(AllocatorMisuseError);
    expect(error.nearest).toMatchObject({ serial: 1, start: 0, size: 10 });
    expect(error.message).toMatch(/double free.*#1 \[0, 10\)/s);
  });

  it('catches a wrong size and a stale start, even inside allocated space', () => {
    const a = debugAllocator();
    expect(() => a.dealloc(10, 19)).toThrow(AllocatorMisuseError);
    expect(() => a.dealloc(11, 19)).toThrow(AllocatorMisuseError);
    const error = catchError(() => a.realloc(30, 20, 40)) as AllocatorMisuseError;
    expect(error.nearest).toMatchObject({ serial: 3, start: 30, size: 30 });
    a.validate();
    expect(a.leaks().map((l) => l.serial)).toEqual([1, 2, 3]);
  });

  it('records where each allocation was made', () => {
    const a = debugAllocator(true);
    const [leak] = a.leaks();
    expect(leak!.stack).toMatch(/allocator\.test\.ts/);
    const error = catchError(() => a.dealloc(0, 5)) as AllocatorMisuseError;
    expect(error.message).toMatch(/made at\n.*allocator\.test\.ts/);
  });

  it('keeps serials through realloc and lists leaks oldest first', () => {
    const a = debugAllocator();
    a.realloc(0, 10, 4); // shrink in place
    a.realloc(10, 20, 25); // grow: moves to 60
    a.dealloc(30, 30);
    expect(a.leaks()).toEqual([
      { serial: 1, start: 0, size: 4, stack: undefined },
      { serial: 2, start: 60, size: 25, stack: undefined },
    ]);
    a.validate();
  });

  it('leaks() needs debug mode', () => {
    expect(() => new Allocator(10).leaks()).toThrow(AllocatorModeError);
  });
});

describe('validate', () => {
  it.each(POLICIES)('%s: passes through a long churn', (policy) => {
    const a = new Allocator(2000, { policy, alignment: 4 });
    const live: [number, number][] = [];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    for (let i = 0; i < 3000; i++) {
      if (live.length > 0 && random() < 0.5) {
        const [start, size] = live.splice(Math.floor(random() * live.length), 1)[0]!;
        a.dealloc(start, size);
      } else {
        const size = 1 + Math.floor(random() * 40);
        try {
          live.push([a.alloc(size), size]);
        } catch (error) {
          a.setCapacity((error as AllocatorMemoryError).requestedCapacity);
          live.push([a.alloc(size), size]);
        }
      }
      if (i % 50 === 0) a.validate();
    }
    a.validate();
    expect(a.getAllocatedSize()).toBe(live.reduce((sum, [, size]) => sum + size, 0));
  });
});
