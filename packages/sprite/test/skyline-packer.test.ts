// SkylinePacker (pure): placements stay inside the bin and never overlap under any
// sequence of pack/free, freed space is packed again, packing is dense, bad input throws.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TextureAtlasError } from '../src/errors.ts';
import { SkylinePacker, type PackedPosition } from '../src/skyline-packer.ts';

interface Placed {
  x: number;
  y: number;
  width: number;
  height: number;
}

const overlaps = (a: Placed, b: Placed): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

function expectValidLayout(placed: readonly Placed[], binWidth: number, binHeight: number): void {
  for (const rect of placed) {
    expect(rect.x).toBeGreaterThanOrEqual(0);
    expect(rect.y).toBeGreaterThanOrEqual(0);
    expect(rect.x + rect.width).toBeLessThanOrEqual(binWidth);
    expect(rect.y + rect.height).toBeLessThanOrEqual(binHeight);
  }
  for (let i = 0; i < placed.length; i++) {
    for (let j = i + 1; j < placed.length; j++) {
      if (overlaps(placed[i]!, placed[j]!)) throw new Error(`overlap: ${JSON.stringify(placed[i])} and ${JSON.stringify(placed[j])}`);
    }
  }
}

/** Packs random sizes in [min, max] until the first failure; the fraction of the bin then used. */
function fillUntilFailure(packer: SkylinePacker, random: () => number, min: number, max: number): Placed[] {
  const placed: Placed[] = [];
  for (;;) {
    const width = min + Math.floor(random() * (max - min + 1));
    const height = min + Math.floor(random() * (max - min + 1));
    const at = packer.pack(width, height);
    if (!at) return placed;
    placed.push({ ...at, width, height });
  }
}

type Op = { kind: 'pack'; width: number; height: number } | { kind: 'free'; pick: number };

/** Packs of 1 … maxSide (weight 3) and frees of a random placed rectangle (weight `freeWeight`). */
const opArbitrary = (maxSide: number, freeWeight: number): fc.Arbitrary<Op> =>
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('pack' as const),
        width: fc.integer({ min: 1, max: maxSide }),
        height: fc.integer({ min: 1, max: maxSide }),
      }),
    },
    { weight: freeWeight, arbitrary: fc.record({ kind: fc.constant('free' as const), pick: fc.nat() }) },
  );

/** Runs `op` on `packer` and mirrors it in `placed`; a pack's answer (null: did not fit), undefined for a free. */
function applyOp(packer: SkylinePacker, placed: Placed[], op: Op): PackedPosition | null | undefined {
  if (op.kind === 'pack') {
    const at = packer.pack(op.width, op.height);
    if (at) placed.push({ ...at, width: op.width, height: op.height });
    return at;
  }
  if (placed.length > 0) {
    const [rect] = placed.splice(op.pick % placed.length, 1);
    packer.free(rect!.x, rect!.y, rect!.width, rect!.height);
  }
  return undefined;
}

describe('SkylinePacker', () => {
  it('never places a rectangle outside the bin or over another, under random pack/free sequences', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 128 }),
        fc.integer({ min: 1, max: 128 }),
        fc.array(opArbitrary(40, 1), { maxLength: 150 }),
        (binWidth, binHeight, ops) => {
          const packer = new SkylinePacker(binWidth, binHeight);
          const placed: Placed[] = [];
          for (const op of ops) {
            const at = applyOp(packer, placed, op);
            if (op.kind === 'pack' && (op.width > binWidth || op.height > binHeight)) expect(at).toBeNull();
            expect(packer.count).toBe(placed.length);
            expect(packer.occupiedArea).toBe(placed.reduce((sum, r) => sum + r.width * r.height, 0));
          }
          expectValidLayout(placed, binWidth, binHeight);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('loses no space and overlaps nothing: after random pack/free, 1 × 1 rectangles fill the bin exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 24 }),
        fc.integer({ min: 1, max: 24 }),
        fc.array(opArbitrary(12, 2), { maxLength: 60 }),
        (binWidth, binHeight, ops) => {
          const packer = new SkylinePacker(binWidth, binHeight);
          const placed: Placed[] = [];
          for (const op of ops) applyOp(packer, placed, op);
          // Every free pixel is reachable (free list or skyline) and handed out once.
          for (let at = packer.pack(1, 1); at; at = packer.pack(1, 1)) placed.push({ ...at, width: 1, height: 1 });
          expect(packer.occupiedArea).toBe(binWidth * binHeight);
          const seen = new Uint8Array(binWidth * binHeight);
          for (const rect of placed) {
            expect(rect.x + rect.width <= binWidth && rect.y + rect.height <= binHeight).toBe(true);
            for (let y = rect.y; y < rect.y + rect.height; y++) {
              for (let x = rect.x; x < rect.x + rect.width; x++) seen[y * binWidth + x]!++;
            }
          }
          expect(seen.every((count) => count === 1)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("packs a freed rectangle's size again in a full bin, at the freed place", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 4, max: 30 }),
        fc.integer({ min: 4, max: 30 }),
        fc.nat(),
        fc.nat(),
        (width, height, pickFirst, pickSecond) => {
          const packer = new SkylinePacker(100, 90);
          const placed: Placed[] = [];
          for (let at = packer.pack(width, height); at; at = packer.pack(width, height)) placed.push({ ...at, width, height });
          expect(packer.pack(width, height)).toBeNull(); // full for this size
          // Free two, pack two: both come back, nothing overlaps.
          const freed = [placed.splice(pickFirst % placed.length, 1)[0]!];
          if (placed.length > 0) freed.push(placed.splice(pickSecond % placed.length, 1)[0]!);
          for (const rect of freed) packer.free(rect.x, rect.y, rect.width, rect.height);
          for (const _ of freed) {
            const at = packer.pack(width, height);
            expect(at).not.toBeNull();
            expect(freed.some((rect) => rect.x === at!.x && rect.y === at!.y)).toBe(true);
            placed.push({ ...at!, width, height });
          }
          expect(packer.pack(width, height)).toBeNull();
          expectValidLayout(placed, 100, 90);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('merges freed neighbours: four freed 16 × 16 squares take one 32 × 32 rectangle in a full bin', () => {
    const packer = new SkylinePacker(64, 64);
    const placed: Placed[] = [];
    for (let i = 0; i < 16; i++) placed.push({ ...packer.pack(16, 16)!, width: 16, height: 16 });
    expect(packer.pack(1, 1)).toBeNull();
    const block = placed.filter((r) => r.x >= 16 && r.x < 48 && r.y >= 16 && r.y < 48);
    expect(block).toHaveLength(4);
    for (const rect of block) packer.free(rect.x, rect.y, 16, 16);
    expect(packer.pack(32, 32)).toEqual({ x: 16, y: 16 });
    expect(packer.pack(1, 1)).toBeNull();
    packer.free(16, 16, 32, 32);
    // Freed in the other order (bottom row first), the merge still makes one 32 × 32 rectangle.
    packer.pack(16, 16);
    packer.pack(16, 16);
    packer.pack(16, 16);
    packer.pack(16, 16);
    for (const rect of [...block].reverse()) packer.free(rect.x, rect.y, 16, 16);
    expect(packer.pack(32, 32)).toEqual({ x: 16, y: 16 });
  });

  it('reuses the gaps under a rectangle resting on an uneven skyline (waste map)', () => {
    const packer = new SkylinePacker(20, 20);
    expect(packer.pack(10, 4)).toEqual({ x: 0, y: 0 });
    expect(packer.pack(10, 2)).toEqual({ x: 10, y: 0 });
    expect(packer.pack(20, 4)).toEqual({ x: 0, y: 4 }); // leaves a 10 × 2 gap at (10, 2)
    expect(packer.pack(10, 2)).toEqual({ x: 10, y: 2 });
  });

  it('uses at least 75% of the bin before the first failure for random sizes 8..64', () => {
    const efficiencies: number[] = [];
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        let state = seed >>> 0;
        const random = (): number => {
          state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
          return state / 2 ** 32;
        };
        const packer = new SkylinePacker(512, 512);
        const placed = fillUntilFailure(packer, random, 8, 64);
        expectValidLayout(placed, 512, 512);
        const efficiency = packer.occupiedArea / (512 * 512);
        efficiencies.push(efficiency);
        expect(efficiency).toBeGreaterThanOrEqual(0.75);
      }),
      { numRuns: 40 },
    );
    const mean = efficiencies.reduce((a, b) => a + b, 0) / efficiencies.length;
    console.info(
      `SkylinePacker 512²: mean fill before first failure ${(mean * 100).toFixed(1)}%, min ${(Math.min(...efficiencies) * 100).toFixed(1)}%`,
    );
  });

  it('reset() empties the bin', () => {
    const packer = new SkylinePacker(8, 8);
    expect(packer.pack(8, 8)).toEqual({ x: 0, y: 0 });
    expect(packer.pack(1, 1)).toBeNull();
    packer.reset();
    expect(packer.count).toBe(0);
    expect(packer.pack(8, 8)).toEqual({ x: 0, y: 0 });
  });

  it('throws TextureAtlasError naming the argument for bad sizes and unknown frees, and stays unchanged', () => {
    for (const bad of [0, -1, 1.5, Number.NaN, Infinity, '4']) {
      expect(() => new SkylinePacker(bad as number, 8)).toThrow(TextureAtlasError);
      expect(() => new SkylinePacker(8, bad as number)).toThrow(expect.objectContaining({ argument: 'height', value: bad }));
    }
    const packer = new SkylinePacker(16, 16);
    const at = packer.pack(4, 4)!;
    for (const bad of [0, -2, 2.5, Number.NaN]) {
      expect(() => packer.pack(bad, 4)).toThrow(expect.objectContaining({ name: 'TextureAtlasError', argument: 'width' }));
      expect(() => packer.pack(4, bad)).toThrow(expect.objectContaining({ argument: 'height' }));
    }
    expect(() => packer.free(at.x, at.y, 4, 5)).toThrow(TextureAtlasError); // not what was packed
    expect(() => packer.free(-1, 0, 4, 4)).toThrow(expect.objectContaining({ argument: 'x', value: -1 }));
    packer.free(at.x, at.y, 4, 4);
    expect(() => packer.free(at.x, at.y, 4, 4)).toThrow(/already freed/);
    expect(packer.count).toBe(0);
    expect(packer.occupiedArea).toBe(0);
  });
});
