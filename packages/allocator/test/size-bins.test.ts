// best-fit's exact-size bins (src/size-bins.ts, src/best-fit.ts) under heavy
// churn, in lockstep with the reference model: sizes on both sides of
// BIN_LIMIT, so free blocks keep moving between the bins and the size tree as
// they split and merge. Alignment 1 runs on the bins; alignment 6 on the tree
// alone (tree-fit.ts): both must place exactly as the model does. Then
// validate() must name a broken bin.

import { describe, expect, it } from 'vitest';
import { Allocator, AllocatorInvariantError, type AllocationPolicy } from '../src/index.ts';
import { LINK_A, NEXT, SIZE, STRIDE, TAG, USED } from '../src/block-list.ts';
import { BIN_LIMIT } from '../src/size-bins.ts';
import { LockstepSession } from './lockstep.ts';

const POLICIES: readonly AllocationPolicy[] = ['best-fit', 'first-fit', 'good-fit'];
const OPS = 3000;

/** A seeded LCG in [0, 1). */
function random(seed: number): () => number {
  return () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
}

/** Mostly small sizes, some near BIN_LIMIT, a few well above it. */
function drawSize(next: () => number): number {
  const r = next();
  if (r < 0.7) return 1 + Math.floor(next() * 300);
  if (r < 0.9) return BIN_LIMIT - 200 + Math.floor(next() * 400);
  return BIN_LIMIT + Math.floor(next() * 2 * BIN_LIMIT);
}

describe.each(POLICIES)('%s: churn across BIN_LIMIT in lockstep with the reference model', (policy) => {
  it.each([1, 6])('alignment %i', (alignment) => {
    const s = new LockstepSession(0, { policy, alignment, debug: false });
    const next = random(alignment * 31 + policy.length);
    const live: [number, number][] = [];
    let smallFree = 0;
    let largeFree = 0;
    for (let i = 0; i < OPS; i++) {
      // Grow to about 60 live regions, then free and allocate in turn.
      if (live.length > 60 || (live.length > 0 && next() < 0.4)) {
        const [start, size] = live.splice(Math.floor(next() * live.length), 1)[0]!;
        expect(s.dealloc(start, size).ok).toBe(true);
      } else {
        const size = drawSize(next);
        const r = s.alloc(size, true);
        expect(r.ok).toBe(true);
        if (r.ok) live.push([r.value, size]);
      }
      if (i % 10 === 0) {
        for (const region of s.real.regions()) {
          if (!region.free) continue;
          if (region.size < BIN_LIMIT) smallFree++;
          else largeFree++;
        }
      }
    }
    // The churn kept free blocks on both sides of the limit, and the state is still whole.
    expect(smallFree).toBeGreaterThan(1000);
    expect(largeFree).toBeGreaterThan(100);
    expect(s.real.getAllocatedSize()).toBe(live.reduce((sum, [, size]) => sum + size, 0));
    s.real.validate();
  });
});

describe('validate() checks the bins', () => {
  /** A best-fit allocator with free blocks of 10 units at 0, 20, 40, ..., and the records under it. */
  function fragmented(): { a: Allocator; rec: () => Uint32Array; freeIds: () => number[] } {
    const a = new Allocator(400, { policy: 'best-fit' });
    const starts: number[] = [];
    for (let i = 0; i < 40; i++) starts.push(a.alloc(10));
    for (let i = 0; i < 40; i += 2) a.dealloc(starts[i]!, 10);
    a.validate();
    const rec = () => (a as unknown as { blocks: { rec: Uint32Array } }).blocks.rec;
    const freeIds = () => {
      const out: number[] = [];
      for (let id = rec()[NEXT]!; id !== 0; id = rec()[id * STRIDE + NEXT]!) if (rec()[id * STRIDE + TAG] !== USED) out.push(id);
      return out;
    };
    return { a, rec, freeIds };
  }

  it('files 20 free blocks of one size in one bin', () => {
    const { rec, freeIds } = fragmented();
    const ids = freeIds();
    expect(ids).toHaveLength(20);
    for (const id of ids) {
      expect(rec()[id * STRIDE + SIZE]).toBe(10);
      expect(rec()[id * STRIDE + TAG]).toBe(11);
    }
    // Heap slots are 0..19, each once.
    expect(ids.map((id) => rec()[id * STRIDE + LINK_A]).sort((x, y) => x! - y!)).toEqual([...Array(20).keys()]);
  });

  it('names a block whose heap slot is wrong', () => {
    const { a, rec, freeIds } = fragmented();
    const id = freeIds()[5]!;
    rec()[id * STRIDE + LINK_A]! ^= 1;
    expect(() => a.validate()).toThrow(AllocatorInvariantError);
    expect(() => a.validate()).toThrow(/heap slot/);
  });

  it('names a block tagged with the wrong bin', () => {
    const { a, rec, freeIds } = fragmented();
    rec()[freeIds()[3]! * STRIDE + TAG] = 12;
    expect(() => a.validate()).toThrow(/tagged 12, not 11/);
  });

  it('names a heap out of order', () => {
    const { a, rec } = fragmented();
    const heap = (a as unknown as { blocks: { bins: { heaps: Uint32Array[] } } }).blocks.bins.heaps[10]!;
    // Swap the top and its first child, slots included: only the heap's order is broken.
    const [top, child] = [heap[1]!, heap[3]!];
    heap.set([heap[2]!, child, heap[0]!, top], 0);
    rec()[child * STRIDE + LINK_A] = 0;
    rec()[top * STRIDE + LINK_A] = 1;
    expect(() => a.validate()).toThrow(/out of order/);
  });
});
