// One cell of the allocator benchmark: one allocator ("contender") at one
// number of live regions L, on a steady free+alloc churn. allocator.bench.ts
// runs every cell in its own Node process so that no contender inherits
// another's JIT feedback, heap or garbage. The package's policies run on two
// paths: handles (allocHandle, deallocHandle, startOf), and pyglet's
// dealloc(start, size) with alloc returning the start ('<policy>/start').
// native/offset-reference.cpp draws the same stream and runs the same loop.

import { PygletAllocator, PygletAllocatorMemoryError } from './pyglet-allocator.ts';

export type Policy = 'first-fit' | 'best-fit' | 'good-fit';
/** A policy on the handle path, or on the dealloc(start, size) path. */
export type PolicyContender = Policy | `${Policy}/start`;
/**
 * 'native' is the C++ reference (run by allocator.bench.ts, not here); 'loop-only'
 * runs the churn against an allocator that does nothing: the harness's own floor.
 */
export type Contender = 'native' | PolicyContender | 'pyglet' | 'loop-only';

/** The handle path of the package's Allocator. */
interface HandleAllocator extends BenchAllocator {
  allocHandle(size: number): number;
  deallocHandle(handle: number): void;
  startOf(handle: number): number;
}

/** What the churn needs from an allocator; both the package's Allocator and the pyglet port have it. */
export interface BenchAllocator {
  readonly capacity: number;
  alloc(size: number): number;
  dealloc(start: number, size: number): void;
  setCapacity(size: number): void;
  getFragmentation(): number;
  getAllocatedRegions(): { readonly starts: readonly number[] };
}

export interface CellOptions {
  /** Timed batches; the reported figure is their median. */
  readonly batches: number;
  /** Aim for this much timed work per cell, all batches together. */
  readonly timedMs: number;
  /** Never time fewer pairs than this (unless the cell would pass maxCellMs). */
  readonly minPairs: number;
  /** Cap on the timed part of one cell; fewer pairs are measured past it. */
  readonly maxCellMs: number;
  /** Warm-up: run at least minWarmMs and aim for warmTurnovers × L pairs, but stop at maxWarmMs. */
  readonly minWarmMs: number;
  readonly maxWarmMs: number;
  readonly warmTurnovers: number;
  /**
   * maxWarmMs for the pyglet port: it is O(n) per pair, and a short warm-up
   * would time it on a barely fragmented layout (few blocks to scan), which
   * flatters it. A longer budget lets it reach the steady churn where it can.
   */
  readonly baselineMaxWarmMs: number;
}

export interface CellResult {
  readonly contender: Contender;
  readonly live: number;
  readonly initialCapacity: number;
  readonly finalCapacity: number;
  /** Median, fastest and slowest batch, in nanoseconds per free+alloc pair. */
  readonly nsPerPair: number;
  readonly minNs: number;
  readonly maxNs: number;
  readonly batches: number;
  readonly pairsPerBatch: number;
  readonly warmupPairs: number;
  /** True when maxCellMs cut the timed pairs below minPairs. */
  readonly capped: boolean;
  readonly fillMs: number;
  /** setCapacity calls during the fill, warm-up and timed churn. */
  readonly growths: number;
  readonly fragmentation: number;
  /** Aggregated allocated blocks at the end: what pyglet's linear scans walk. */
  readonly blocks: number;
  readonly checkedLiveTotal: boolean;
}

const MAX_BATCH = 1 << 22;

/** The built package. */
export const DIST = new URL('../dist/index.js', import.meta.url);

export const MIN_SIZE = 4;
export const MAX_SIZE = 1024;

/** mulberry32: small, fast, seeded; every contender draws the same stream for a given L. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Uniform in MIN_SIZE..MAX_SIZE, both included. */
  size(): number {
    return MIN_SIZE + Math.floor(this.next() * (MAX_SIZE - MIN_SIZE + 1));
  }
  /** Uniform index in 0..n-1. */
  index(n: number): number {
    return Math.floor(this.next() * n);
  }
}

export function seedFor(live: number): number {
  return (0x9e3779b9 ^ Math.imul(live, 0x85ebca6b)) >>> 0;
}

/** Does no bookkeeping at all; the 'loop-only' row measures the churn loop around it. */
class NoAllocator implements BenchAllocator {
  private top = 0;
  /** Consumes dealloc's arguments, so the JIT cannot drop the live-list reads. */
  freed = 0;
  capacity: number;
  constructor(capacity: number) {
    this.capacity = capacity;
  }
  alloc(size: number): number {
    this.top += size;
    return this.top - size;
  }
  dealloc(start: number, size: number): void {
    this.freed += start + size;
  }
  setCapacity(size: number): void {
    this.capacity = size;
  }
  getFragmentation(): number {
    return 0;
  }
  getAllocatedRegions(): { readonly starts: readonly number[] } {
    return { starts: [] };
  }
}

/** An allocator under test, and how to read requestedCapacity off its memory error. */
interface Subject {
  readonly allocator: BenchAllocator;
  readonly requestedCapacity: (error: unknown) => number | undefined;
  /** Set for the handle path. */
  readonly handles?: HandleAllocator;
}

async function makeSubject(contender: Contender, capacity: number): Promise<Subject> {
  if (contender === 'native') throw new Error('the native reference runs from allocator.bench.ts, not in a Node cell');
  if (contender === 'loop-only') return { allocator: new NoAllocator(capacity), requestedCapacity: () => undefined };
  if (contender === 'pyglet') {
    return {
      allocator: new PygletAllocator(capacity),
      requestedCapacity: (error) => (error instanceof PygletAllocatorMemoryError ? error.requestedCapacity : undefined),
    };
  }
  // The package as it ships (dist/, which allocator.bench.ts builds first), loaded only for the
  // package's policies, so the pyglet cells run on their own. Run from src/ through a TypeScript
  // loader, every constant one module imports from another can become a getter call.
  const { Allocator, AllocatorMemoryError } = (await import(DIST.href)) as typeof import('../src/index.ts');
  const onStarts = contender.endsWith('/start');
  const allocator = new Allocator(capacity, { policy: contender.replace('/start', '') as Policy });
  return {
    allocator,
    requestedCapacity: (error) => (error instanceof AllocatorMemoryError ? error.requestedCapacity : undefined),
    ...(onStarts ? {} : { handles: allocator }),
  };
}

/** The live list and the pre-drawn random numbers of the next batch. */
class Churn {
  readonly allocator: BenchAllocator;
  readonly requestedCapacity: (error: unknown) => number | undefined;
  readonly rng: Rng;
  readonly live: number;
  /** Slot i holds live region i: [starts[i], starts[i] + sizes[i]). */
  readonly starts: Float64Array;
  readonly sizes: Uint16Array;
  /** The handle path: the allocator and each slot's handle. */
  readonly handleAllocator: HandleAllocator | undefined;
  readonly handles: Uint32Array;
  victims = new Uint32Array(0);
  newSizes = new Uint16Array(0);
  growths = 0;

  constructor(subject: Subject, rng: Rng, live: number) {
    this.allocator = subject.allocator;
    this.requestedCapacity = subject.requestedCapacity;
    this.rng = rng;
    this.live = live;
    this.starts = new Float64Array(live);
    this.sizes = new Uint16Array(live);
    this.handleAllocator = subject.handles;
    this.handles = new Uint32Array(subject.handles ? live : 0);
  }

  /** Fills slot i with a new region of `size` units. */
  fill(i: number, size: number): void {
    if (this.handleAllocator) {
      this.handles[i] = this.allocHandle(size);
      this.starts[i] = this.handleAllocator.startOf(this.handles[i]!);
    } else {
      this.starts[i] = this.alloc(size);
    }
    this.sizes[i] = size;
  }

  /** allocHandle, growing on a memory error as alloc does. */
  allocHandle(size: number): number {
    const allocator = this.handleAllocator!;
    try {
      return allocator.allocHandle(size);
    } catch (error) {
      const requested = this.requestedCapacity(error);
      if (requested === undefined) throw error;
      allocator.setCapacity(requested);
      this.growths++;
      return allocator.allocHandle(size);
    }
  }

  /** alloc, and on a memory error grow like a vertex domain does, then retry. */
  alloc(size: number): number {
    try {
      return this.allocator.alloc(size);
    } catch (error) {
      const requested = this.requestedCapacity(error);
      if (requested === undefined) throw error;
      this.allocator.setCapacity(requested);
      this.growths++;
      return this.allocator.alloc(size);
    }
  }

  /** Draws the victims and new sizes of `pairs` pairs (kept out of the timed loop). */
  draw(pairs: number): void {
    if (this.victims.length !== pairs) {
      this.victims = new Uint32Array(pairs);
      this.newSizes = new Uint16Array(pairs);
    }
    for (let k = 0; k < pairs; k++) {
      this.victims[k] = this.rng.index(this.live);
      this.newSizes[k] = this.rng.size();
    }
  }

  /** The measured work: free a random live region, allocate a new size into its slot. */
  run(): void {
    if (this.handleAllocator) this.runHandles(this.handleAllocator);
    else this.runStarts();
  }

  /** The same on the handle path; the start is read as a vertex domain needs it. */
  private runHandles(allocator: HandleAllocator): void {
    const { handles, starts, sizes, victims, newSizes } = this;
    for (let k = 0; k < victims.length; k++) {
      const i = victims[k]!;
      const size = newSizes[k]!;
      allocator.deallocHandle(handles[i]!);
      const handle = this.allocHandle(size);
      handles[i] = handle;
      starts[i] = allocator.startOf(handle);
      sizes[i] = size;
    }
  }

  private runStarts(): void {
    const { allocator, starts, sizes, victims, newSizes } = this;
    for (let k = 0; k < victims.length; k++) {
      const i = victims[k]!;
      const size = newSizes[k]!;
      allocator.dealloc(starts[i]!, sizes[i]!);
      starts[i] = this.alloc(size);
      sizes[i] = size;
    }
  }

  /** Draws and runs `pairs` pairs; returns the milliseconds the run took. */
  timed(pairs: number): number {
    this.draw(pairs);
    globalThis.gc?.();
    const t0 = performance.now();
    this.run();
    return performance.now() - t0;
  }
}

/**
 * The agreement check with the native reference: fill, then `pairs` pairs of
 * the same stream, folding every new start into a 32-bit checksum as
 * offset-reference.cpp's check mode does.
 */
export async function checksumRun(contender: PolicyContender, live: number, pairs: number): Promise<ChecksumResult> {
  const rng = new Rng(seedFor(live));
  const firstSizes = new Uint16Array(live);
  let liveTotal = 0;
  for (let i = 0; i < live; i++) liveTotal += firstSizes[i] = rng.size();
  const churn = new Churn(await makeSubject(contender, 2 * liveTotal), rng, live);
  for (let i = 0; i < live; i++) churn.fill(i, firstSizes[i]!);
  churn.draw(pairs);
  let checksum = 0;
  for (let k = 0; k < pairs; k++) {
    const i = churn.victims[k]!;
    const size = churn.newSizes[k]!;
    if (churn.handleAllocator) churn.handleAllocator.deallocHandle(churn.handles[i]!);
    else churn.allocator.dealloc(churn.starts[i]!, churn.sizes[i]!);
    churn.fill(i, size);
    checksum = (Math.imul(checksum, 31) + churn.starts[i]!) >>> 0;
  }
  const allocator = churn.allocator as BenchAllocator & { getFreeSize(): number };
  return { checksum, growths: churn.growths, capacity: allocator.capacity, free: allocator.getFreeSize() };
}

export interface ChecksumResult {
  readonly checksum: number;
  readonly growths: number;
  readonly capacity: number;
  readonly free: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export async function runCell(contender: Contender, live: number, options: CellOptions): Promise<CellResult> {
  const rng = new Rng(seedFor(live));

  // Fill: L regions, packed; capacity is twice their total.
  const firstSizes = new Uint16Array(live);
  let liveTotal = 0;
  for (let i = 0; i < live; i++) liveTotal += firstSizes[i] = rng.size();
  const initialCapacity = 2 * liveTotal;
  const subject = await makeSubject(contender, initialCapacity);
  const { allocator } = subject;
  const churn = new Churn(subject, rng, live);
  const fillStart = performance.now();
  for (let i = 0; i < live; i++) churn.fill(i, firstSizes[i]!);
  const fillMs = performance.now() - fillStart;

  // Warm-up (JIT and a churned layout), in chunks that double up to ~20 ms;
  // the median of the last three chunks estimates the cost of a pair.
  let warmupPairs = 0;
  let warmMs = 0;
  let chunk = 16;
  const recentNs: number[] = [];
  const maxWarmMs = contender === 'pyglet' ? options.baselineMaxWarmMs : options.maxWarmMs;
  while (warmMs < maxWarmMs && (warmMs < options.minWarmMs || warmupPairs < options.warmTurnovers * live)) {
    const ms = churn.timed(chunk);
    warmMs += ms;
    warmupPairs += chunk;
    recentNs.push((ms * 1e6) / chunk);
    if (recentNs.length > 3) recentNs.shift();
    if (ms < 20) chunk *= 2;
  }
  // One more batch-sized chunk, with the JIT warm by now, refines the estimate.
  const calibrationPairs = Math.max(1, Math.min(MAX_BATCH, Math.round((options.timedMs * 1e6) / options.batches / median(recentNs))));
  const estimateNs = (churn.timed(calibrationPairs) * 1e6) / calibrationPairs;
  warmupPairs += calibrationPairs;

  // Timed batches: enough pairs for timedMs, at least minPairs, at most maxCellMs.
  let totalPairs = Math.max(options.minPairs, Math.round((options.timedMs * 1e6) / estimateNs));
  let capped = false;
  const maxPairs = Math.floor((options.maxCellMs * 1e6) / estimateNs);
  if (totalPairs > maxPairs) {
    totalPairs = Math.max(options.batches, maxPairs);
    capped = true;
  }
  // (At most MAX_BATCH pairs per batch, to keep the pre-drawn arrays small for the cheapest rows.)
  const pairsPerBatch = Math.min(MAX_BATCH, Math.max(1, Math.ceil(totalPairs / options.batches)));
  const perPair: number[] = [];
  for (let b = 0; b < options.batches; b++) perPair.push((churn.timed(pairsPerBatch) * 1e6) / pairsPerBatch);

  // Sanity: the allocator still holds exactly the live list's total (package allocator only).
  let checkedLiveTotal = true;
  const inspectable = allocator as BenchAllocator & { getAllocatedSize?: () => number };
  if (typeof inspectable.getAllocatedSize === 'function') {
    let total = 0;
    for (let i = 0; i < live; i++) total += churn.sizes[i]!;
    checkedLiveTotal = inspectable.getAllocatedSize() === total;
  }

  return {
    contender,
    live,
    initialCapacity,
    finalCapacity: allocator.capacity,
    nsPerPair: median(perPair),
    minNs: Math.min(...perPair),
    maxNs: Math.max(...perPair),
    batches: options.batches,
    pairsPerBatch,
    warmupPairs,
    capped,
    fillMs,
    growths: churn.growths,
    fragmentation: allocator.getFragmentation(),
    blocks: allocator.getAllocatedRegions().starts.length,
    checkedLiveTotal,
  };
}
