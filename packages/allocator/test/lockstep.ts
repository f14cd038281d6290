// Lockstep driver: runs one random operation sequence on the real Allocator and
// on the ReferenceAllocator side by side, and compares after every operation —
// return values (exact for first-fit and best-fit, legality for good-fit),
// thrown error class and fields, getAllocatedRegions(), regions(), every figure,
// stats(), leaks() in debug mode — and calls allocator.validate().
//
// Operations are generated as raw numbers by fast-check and interpreted against
// the current state (which handle, which sub-range), so shrinking stays
// meaningful. A mismatch throws LockstepMismatch with the op index and the
// calls made so far as code, which after shrinking is a small reproduction.

import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { Allocator, AllocatorError, AllocatorMemoryError, MAX_CAPACITY, type AllocationPolicy } from '../src/index.ts';
import { ReferenceAllocator, type ModelRegion } from './reference-model.ts';

export interface LockstepOptions {
  readonly policy: AllocationPolicy;
  readonly alignment: number;
  /** Debug mode: only exact live allocations are freed or reallocated. */
  readonly debug: boolean;
}

/** How a sub-range of a chosen range is picked. */
export type Part = 'whole' | 'prefix' | 'suffix' | 'middle';

export type Op =
  /** alloc(size); on AllocatorMemoryError, if `grow`, setCapacity(requestedCapacity) and retry. */
  | { readonly t: 'alloc'; readonly size: number; readonly grow: boolean }
  /** dealloc of (part of) a handle — something alloc/realloc returned — or of an aggregated allocated region. */
  | { readonly t: 'free'; readonly fromRegion: boolean; readonly pick: number; readonly part: Part; readonly cut: number }
  /** realloc of (part of) a handle or region to a smaller, equal, larger or zero size. */
  | {
      readonly t: 'realloc';
      readonly fromRegion: boolean;
      readonly pick: number;
      readonly part: Part;
      readonly cut: number;
      readonly to: 'shrink' | 'same' | 'grow' | 'zero';
      readonly amount: number;
      readonly grow: boolean;
    }
  /** realloc(start, 0, size): the same as alloc(size). */
  | { readonly t: 'reallocEmpty'; readonly start: number; readonly size: number; readonly grow: boolean }
  /** setCapacity(capacity + extra); with extra 0 it changes nothing. */
  | { readonly t: 'setCapacity'; readonly extra: number }
  /** setCapacity(capacity - by): must throw AllocatorArgumentError. */
  | { readonly t: 'shrinkCapacity'; readonly by: number }
  /** dealloc / realloc of an arbitrary range: valid or not, the model decides. */
  | { readonly t: 'wildFree'; readonly start: number; readonly size: number }
  | { readonly t: 'wildRealloc'; readonly start: number; readonly size: number; readonly newSize: number };

export interface Scenario {
  readonly capacity: number;
  readonly ops: readonly Op[];
}

export interface ScenarioShape {
  readonly minCapacity: number;
  readonly maxCapacity: number;
  /** Largest size an alloc or realloc asks for (small sizes are always favoured too). */
  readonly maxSize: number;
  /** Sequences have 0..maxOps ops (about maxOps / 2 on average); 0 so shrinking can drop every irrelevant op. */
  readonly maxOps: number;
}

export const DEFAULT_SHAPE: ScenarioShape = { minCapacity: 0, maxCapacity: 256, maxSize: 48, maxOps: 300 };

export function scenarioArbitrary(options: LockstepOptions, shape: ScenarioShape = DEFAULT_SHAPE): fc.Arbitrary<Scenario> {
  const { maxSize } = shape;
  // Mostly small sizes (dense, fragmented), sometimes larger ones.
  const size = fc.oneof(
    { arbitrary: fc.integer({ min: 1, max: 8 }), weight: 3 },
    { arbitrary: fc.integer({ min: 0, max: maxSize }), weight: 2 },
  );
  const pick = fc.nat();
  const part = options.debug ? fc.constant<Part>('whole') : fc.constantFrom<Part>('whole', 'whole', 'prefix', 'suffix', 'middle');
  const fromRegion = options.debug ? fc.constant(false) : fc.boolean();
  const alloc = fc.record({ t: fc.constant('alloc' as const), size, grow: fc.boolean() });
  const free = fc.record({ t: fc.constant('free' as const), fromRegion, pick, part, cut: pick });
  const realloc = fc.record({
    t: fc.constant('realloc' as const),
    fromRegion,
    pick,
    part,
    cut: pick,
    to: fc.constantFrom('shrink' as const, 'same' as const, 'grow' as const, 'grow' as const, 'zero' as const),
    amount: size,
    grow: fc.boolean(),
  });
  const reallocEmpty = fc.record({ t: fc.constant('reallocEmpty' as const), start: pick, size, grow: fc.boolean() });
  const setCapacity = fc.record({ t: fc.constant('setCapacity' as const), extra: fc.integer({ min: 0, max: maxSize }) });
  const shrinkCapacity = fc.record({ t: fc.constant('shrinkCapacity' as const), by: fc.integer({ min: 1, max: 4 }) });
  const wildFree = fc.record({ t: fc.constant('wildFree' as const), start: pick, size: fc.integer({ min: 0, max: 16 }) });
  const wildRealloc = fc.record({
    t: fc.constant('wildRealloc' as const),
    start: pick,
    size: fc.integer({ min: 0, max: 16 }),
    newSize: size,
  });
  const arbitraries: { arbitrary: fc.Arbitrary<Op>; weight: number }[] = [
    { arbitrary: alloc, weight: 10 },
    { arbitrary: free, weight: 6 },
    { arbitrary: realloc, weight: 6 },
    { arbitrary: setCapacity, weight: 1 },
    { arbitrary: shrinkCapacity, weight: 1 },
    { arbitrary: wildFree, weight: 1 },
    { arbitrary: wildRealloc, weight: 1 },
  ];
  // In debug mode realloc(start, 0, n) names no live allocation; keep to exact frees there.
  if (!options.debug) arbitraries.push({ arbitrary: reallocEmpty, weight: 1 });
  return fc.record({
    capacity: fc.oneof(fc.constant(shape.minCapacity), fc.integer({ min: shape.minCapacity, max: shape.maxCapacity })),
    ops: fc.array(fc.oneof(...arbitraries), { maxLength: shape.maxOps, size: 'max' }),
  });
}

export class LockstepMismatch extends Error {
  override name = 'LockstepMismatch';
  constructor(
    message: string,
    readonly opIndex: number,
  ) {
    super(message);
  }
}

interface Range {
  start: number;
  size: number;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

function attempt<T>(f: () => T): Outcome<T> {
  try {
    return { ok: true, value: f() };
  } catch (error) {
    return { ok: false, error };
  }
}

function describeOutcome(o: Outcome<unknown>): string {
  if (o.ok) return `returned ${String(o.value)}`;
  const e = o.error;
  if (e instanceof AllocatorMemoryError) return `threw AllocatorMemoryError(requestedCapacity ${e.requestedCapacity}): ${e.message}`;
  if (e instanceof Error) return `threw ${e.constructor.name}: ${e.message}`;
  return `threw ${String(e)}`;
}

/** Picks the sub-range `part` of [start, start + size) (size >= 1) using `cut`. */
function subRange(r: Range, part: Part, cut: number): Range {
  if (part === 'whole' || r.size === 1) return { ...r };
  const len = 1 + (cut % (r.size - 1)); // 1 .. size-1: a proper part
  if (part === 'prefix') return { start: r.start, size: len };
  if (part === 'suffix') return { start: r.start + r.size - len, size: len };
  const offset = 1 + (cut % (r.size - 1)); // 1 .. size-1
  return { start: r.start + offset, size: 1 + ((cut >>> 3) % (r.size - offset)) };
}

/**
 * Runs one scenario in lockstep; throws LockstepMismatch on the first
 * difference. Returns the number of allocator calls made.
 */
export function runLockstep(scenario: Scenario, options: LockstepOptions): number {
  return new LockstepSession(scenario.capacity, options).run(scenario.ops);
}

/**
 * The real allocator and the model side by side. run() interprets generated
 * ops; alloc/dealloc/realloc/setCapacity make one call on both (with the
 * grow-and-retry on AllocatorMemoryError where asked) and compare.
 */
export class LockstepSession {
  readonly real: Allocator;
  readonly model: ReferenceAllocator;
  private readonly goodFit: boolean;
  /** What the driver owns: disjoint ranges returned by alloc/realloc, clipped by frees. */
  private handles: Range[] = [];
  private readonly log: string[] = [];
  private opIndex = -1;
  /** Allocator calls made so far. */
  calls = 0;

  constructor(
    capacity: number,
    private readonly options: LockstepOptions,
  ) {
    const { policy, alignment, debug } = options;
    this.real = new Allocator(capacity, { policy, alignment, debug });
    this.model = new ReferenceAllocator(capacity, { policy, alignment, debug });
    this.goodFit = policy === 'good-fit';
    this.log.push(`const a = new Allocator(${capacity}, ${JSON.stringify({ policy, alignment, debug })});`);
    this.compareState();
  }

  run(ops: readonly Op[]): number {
    for (const op of ops) {
      this.opIndex++;
      this.step(op);
    }
    return this.calls;
  }

  private fail(what: string): never {
    const calls = this.log.length > 60 ? ['…', ...this.log.slice(-60)] : this.log;
    throw new LockstepMismatch(
      `lockstep mismatch at op #${this.opIndex} (${JSON.stringify(this.options)}): ${what}\n` + `calls so far:\n  ${calls.join('\n  ')}`,
      this.opIndex,
    );
  }

  private expectEqual(actual: unknown, expected: unknown, what: string): void {
    if (!isDeepStrictEqual(actual, expected)) {
      this.fail(`${what}: allocator ${JSON.stringify(actual)}, model ${JSON.stringify(expected)}`);
    }
  }

  private step(op: Op): void {
    const cap = this.model.capacity;
    switch (op.t) {
      case 'alloc':
        this.alloc(op.size, op.grow);
        return;
      case 'free': {
        const r = this.choose(op.fromRegion, op.pick);
        if (r === undefined) return;
        const { start, size } = subRange(r, op.part, op.cut);
        this.dealloc(start, size);
        return;
      }
      case 'realloc': {
        const r = this.choose(op.fromRegion, op.pick);
        if (r === undefined) return;
        const { start, size } = subRange(r, op.part, op.cut);
        const newSize =
          op.to === 'same' ? size : op.to === 'zero' ? 0 : op.to === 'shrink' ? op.amount % size : size + Math.max(1, op.amount);
        this.realloc(start, size, newSize, op.grow);
        return;
      }
      case 'reallocEmpty':
        this.realloc(op.start % (cap + 8), 0, op.size, op.grow);
        return;
      case 'setCapacity':
        this.setCapacity(cap + op.extra);
        return;
      case 'shrinkCapacity':
        if (cap - op.by >= 0) this.setCapacity(cap - op.by);
        return;
      case 'wildFree':
        this.dealloc(op.start % (cap + 8), op.size);
        return;
      case 'wildRealloc':
        this.realloc(op.start % (cap + 8), op.size, op.newSize, false);
        return;
    }
  }

  /** A handle, or (outside debug mode, if fromRegion) an aggregated allocated region. */
  private choose(fromRegion: boolean, pick: number): Range | undefined {
    if (fromRegion) {
      const { starts, sizes } = this.model.getAllocatedRegions();
      const i = pick % Math.max(1, starts.length);
      const start = starts[i];
      const size = sizes[i];
      return start === undefined || size === undefined ? undefined : { start, size };
    }
    return this.handles[pick % Math.max(1, this.handles.length)];
  }

  /** Removes [start, start + size) from the handles (it was freed). */
  private clip(start: number, size: number): void {
    const end = start + size;
    this.handles = this.handles.flatMap((h) => {
      const hEnd = h.start + h.size;
      if (hEnd <= start || h.start >= end) return [h];
      const pieces: Range[] = [];
      if (h.start < start) pieces.push({ start: h.start, size: start - h.start });
      if (end < hEnd) pieces.push({ start: end, size: hEnd - end });
      return pieces;
    });
  }

  // ---- one call on both sides ------------------------------------------------

  /**
   * Calls the allocator, then the model (passing the allocator's result as the
   * good-fit placement), and compares the outcomes and the whole state after.
   */
  private call<T>(code: string, real: () => T, model: (placement: number | undefined) => T): Outcome<T> {
    this.calls++;
    const regionsBefore = this.real.getAllocatedRegions();
    const r = attempt(real);
    const placement = this.goodFit && r.ok && typeof r.value === 'number' ? r.value : undefined;
    const m = attempt(() => model(placement));
    this.log.push(`${code}; // ${describeOutcome(r)}`);
    if (m.ok !== r.ok) {
      this.fail(`${code}: allocator ${describeOutcome(r)}, model ${describeOutcome(m)}`);
    }
    if (r.ok && m.ok) {
      this.expectEqual(r.value, m.value, `${code} return value`);
    } else if (!r.ok && !m.ok) {
      this.compareErrors(code, r.error, m.error);
      // A failing call leaves the allocator exactly as it was: even the cached regions object.
      if (this.real.getAllocatedRegions() !== regionsBefore) {
        this.fail(`${code} failed but getAllocatedRegions() returns a new object`);
      }
    }
    this.compareState();
    return r;
  }

  private compareErrors(code: string, real: unknown, model: unknown): void {
    if (!(model instanceof AllocatorError)) throw model; // the model itself broke (or IllegalPlacementError)
    if (!(real instanceof AllocatorError) || real.constructor !== model.constructor) {
      this.fail(`${code}: allocator ${describeOutcome({ ok: false, error: real })}, model ${describeOutcome({ ok: false, error: model })}`);
    }
    const fields = (e: AllocatorError): Record<string, unknown> => {
      const { name, ...rest } = e as AllocatorError & Record<string, unknown>;
      delete rest['nearest']; // debug-mode detail the model does not track
      delete rest['stack'];
      return { name, ...rest };
    };
    this.expectEqual(fields(real), fields(model), `${code} error fields`);
    if (!real.message) this.fail(`${code}: error without a message`);
  }

  alloc(size: number, grow = false): Outcome<number> {
    const code = `a.alloc(${size})`;
    const regionsBefore = this.real.getAllocatedRegions();
    const r = this.withGrowth(code, grow, () =>
      this.call(
        code,
        () => this.real.alloc(size),
        (p) => this.model.alloc(size, p),
      ),
    );
    if (!r.ok) return r;
    if (size === 0 && this.real.getAllocatedRegions() !== regionsBefore) {
      this.fail('alloc(0) changed the getAllocatedRegions() object');
    }
    if (size > 0) this.handles.push({ start: r.value, size });
    return r;
  }

  dealloc(start: number, size: number): Outcome<void> {
    const regionsBefore = this.real.getAllocatedRegions();
    const r = this.call(
      `a.dealloc(${start}, ${size})`,
      () => this.real.dealloc(start, size),
      () => this.model.dealloc(start, size),
    );
    if (!r.ok) return r;
    if (size === 0 && this.real.getAllocatedRegions() !== regionsBefore) {
      this.fail('dealloc(start, 0) changed the getAllocatedRegions() object');
    }
    this.clip(start, size);
    return r;
  }

  realloc(start: number, size: number, newSize: number, grow = false): Outcome<number> {
    const code = `a.realloc(${start}, ${size}, ${newSize})`;
    const regionsBefore = this.real.getAllocatedRegions();
    const r = this.withGrowth(code, grow, () =>
      this.call(
        code,
        () => this.real.realloc(start, size, newSize),
        (p) => this.model.realloc(start, size, newSize, p),
      ),
    );
    if (!r.ok) return r;
    if (size > 0 && newSize === size && this.real.getAllocatedRegions() !== regionsBefore) {
      this.fail('a same-size realloc changed the getAllocatedRegions() object');
    }
    this.clip(start, size);
    if (newSize > 0) this.handles.push({ start: r.value, size: newSize });
    return r;
  }

  /**
   * Makes the call; if it throws AllocatorMemoryError and `grow` is set, grows
   * to the requested capacity and checks that the retry succeeds. (A requested
   * capacity beyond MAX_CAPACITY cannot be set: the error alone is checked.)
   */
  private withGrowth(code: string, grow: boolean, attemptIt: () => Outcome<number>): Outcome<number> {
    const first = attemptIt();
    if (first.ok || !grow || !(first.error instanceof AllocatorMemoryError)) return first;
    const requested = first.error.requestedCapacity;
    if (requested > MAX_CAPACITY) return first;
    this.setCapacity(requested);
    const retry = attemptIt();
    if (!retry.ok) this.fail(`${code} failed after setCapacity(${requested}): ${describeOutcome(retry)}`);
    return retry;
  }

  setCapacity(capacity: number): Outcome<void> {
    const regionsBefore = this.real.getAllocatedRegions();
    const unchanged = capacity === this.model.capacity;
    const r = this.call(
      `a.setCapacity(${capacity})`,
      () => this.real.setCapacity(capacity),
      () => this.model.setCapacity(capacity),
    );
    if (unchanged && this.real.getAllocatedRegions() !== regionsBefore) {
      this.fail('setCapacity(capacity) with the same capacity changed the getAllocatedRegions() object');
    }
    return r;
  }

  // ---- the whole state ---------------------------------------------------------

  private compareState(): void {
    const { real, model } = this;
    try {
      real.validate();
    } catch (error) {
      this.fail(`validate() threw ${describeOutcome({ ok: false, error })}`);
    }
    this.expectEqual(real.capacity, model.capacity, 'capacity');
    const expectedRegions = model.regions();
    const expectedAllocated = model.getAllocatedRegions();
    const ar = real.getAllocatedRegions();
    if (!numbersEqual(ar.starts, expectedAllocated.starts) || !numbersEqual(ar.sizes, expectedAllocated.sizes)) {
      this.expectEqual({ starts: [...ar.starts], sizes: [...ar.sizes] }, expectedAllocated, 'getAllocatedRegions()');
    }
    if (real.getAllocatedRegions() !== ar) this.fail('getAllocatedRegions() returned a new object with nothing changed');
    this.expectRegions(real.regions(), expectedRegions, 'regions()');
    const expected = {
      free: model.getFreeSize(),
      fragmentedFree: model.getFragmentedFreeSize(),
      fragmentation: model.getFragmentation(),
      usage: model.getUsage(),
      allocated: model.getAllocatedSize(),
      largestFree: model.getLargestFreeSize(),
    };
    const figures = {
      free: real.getFreeSize(),
      fragmentedFree: real.getFragmentedFreeSize(),
      fragmentation: real.getFragmentation(),
      usage: real.getUsage(),
      allocated: real.getAllocatedSize(),
      largestFree: real.getLargestFreeSize(),
    };
    this.expectEqual(figures, expected, 'figures');
    const s = real.stats();
    this.expectRegions(s.ranges, expectedRegions, 'stats().ranges');
    let freeRanges = 0;
    for (const r of expectedRegions) if (r.free) freeRanges++;
    this.expectEqual(
      {
        capacity: s.capacity,
        free: s.free,
        fragmentedFree: s.fragmentedFree,
        fragmentation: s.fragmentation,
        usage: s.usage,
        allocated: s.allocated,
        largestFree: s.largestFree,
        freeRanges: s.freeRanges,
        allocatedRanges: s.allocatedRanges,
        liveAllocations: s.liveAllocations,
      },
      {
        ...expected,
        capacity: model.capacity,
        freeRanges,
        allocatedRanges: expectedRegions.length - freeRanges,
        liveAllocations: this.options.debug ? model.liveAllocations().length : undefined,
      },
      'stats()',
    );
    if (this.options.debug) {
      const leaks = real
        .leaks()
        .map(({ start, size }) => ({ start, size }))
        .sort((x, y) => x.start - y.start);
      const live = model.liveAllocations();
      if (leaks.length !== live.length || leaks.some((l, i) => l.start !== live[i]!.start || l.size !== live[i]!.size)) {
        this.expectEqual(leaks, live, 'leaks()');
      }
    }
  }

  /** Compares region lists field by field (isDeepStrictEqual is too slow for the deep fuzz). */
  private expectRegions(actual: readonly ModelRegion[], expected: readonly ModelRegion[], what: string): void {
    const same =
      actual.length === expected.length &&
      actual.every((r, i) => {
        const e = expected[i]!;
        return r.start === e.start && r.size === e.size && r.free === e.free;
      });
    if (!same)
      this.expectEqual(
        actual.map(({ start, size, free }) => ({ start, size, free })),
        expected,
        what,
      );
  }
}

function numbersEqual(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
