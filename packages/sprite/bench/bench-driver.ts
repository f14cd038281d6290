// What every benchmark driver shares (sprites.bench.ts, shapes.bench.ts): the command-line
// flags, one cell on a fresh page (warm-up, timed frames, the heap profiled frame by frame, an
// optional CPU profile, frames counted at the WebGL API) and the table's number formats. The
// pages it drives expose window.bench (bench-page.ts).
import os from 'node:os';
import type { CDPSession, Page } from 'playwright';
import type { OwnFigures } from './bench-page.ts';

export const argument = (flag: string): string | undefined =>
  process.argv.includes(flag) ? process.argv[process.argv.indexOf(flag) + 1] : undefined;
export const wholeArgument = (flag: string): number | undefined => {
  const value = Number(argument(flag));
  return Number.isInteger(value) && value >= 0 ? value : undefined;
};
export const listArgument = <T extends string>(flag: string, all: readonly T[]): readonly T[] => {
  const value = argument(flag);
  return value === undefined ? all : all.filter((item) => value.split(',').includes(item));
};

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface SamplingNode {
  id: number;
  callFrame: CallFrame;
  children: SamplingNode[];
}

/** "name file:line" of a profile's call frame (1-based line), for the --detail lists. */
const site = ({ functionName, url, lineNumber }: CallFrame): string =>
  `${functionName || '(anonymous)'} ${url.replace(/^.*\/(packages|node_modules)\//, '').replace(/\?.*$/, '')}:${lineNumber + 1}`;

/** The `n` largest entries of `tally`, as "site: value" lines. */
export const top = (tally: Map<string, number>, n: number, unit: (value: number) => string): string[] =>
  [...tally]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([where, value]) => `      ${unit(value)}  ${where}`);

export interface HeapFigures {
  /** Frames profiled. */
  frames: number;
  /** Mean bytes per frame. */
  mean: number;
  /** The median frame's bytes (a frame in which V8 compiles a function up a tier allocates for that once, not every frame). */
  median: number;
  /** Frames that allocated anything under benchFrame. */
  allocating: number;
  /** Mean bytes per frame by allocation site. */
  bySite: Map<string, number>;
  /** The most bytes one frame allocated in webglet's own code (the packages' src folders; a builtin counts for its caller). */
  libraryMax: number;
}

/** Bytes allocated under benchFrame in each of `frames` frames (one profile per frame), and by allocation site. */
export async function heapPerFrame(page: Page, cdp: CDPSession, frames: number): Promise<HeapFigures> {
  await cdp.send('HeapProfiler.enable');
  const perFrame: number[] = [];
  const bySite = new Map<string, number>();
  let libraryMax = 0;
  for (let f = 0; f < frames; f++) {
    await cdp.send('HeapProfiler.startSampling', {
      // Every allocation (interval 1 byte): at an interval of 64, a 12-byte object is sampled about one time in six.
      samplingInterval: 1,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    } as never);
    await page.evaluate(() => window.bench!.frames(1));
    const { profile } = (await cdp.send('HeapProfiler.stopSampling')) as unknown as {
      profile: { head: SamplingNode; samples: { size: number; nodeId: number }[] };
    };
    // Node id → its site; a builtin (no url) is named with the nearest script frame that called it.
    const inFrame = new Map<number, string>();
    const inLibrary = new Set<number>();
    const walk = (node: SamplingNode, under: boolean, caller: string, callerInLibrary: boolean): void => {
      const here = under || node.callFrame.functionName === 'benchFrame';
      const builtin = node.callFrame.url === '';
      const name = builtin ? `${node.callFrame.functionName} < ${caller}` : site(node.callFrame);
      const library = builtin ? callerInLibrary : /\/packages\/(allocator|graphics|sprite)\/src\//.test(node.callFrame.url);
      if (here) inFrame.set(node.id, name);
      if (here && library) inLibrary.add(node.id);
      for (const child of node.children) walk(child, here, builtin ? caller : name, library);
    };
    walk(profile.head, false, '', false);
    let bytes = 0,
      libraryBytes = 0;
    for (const sample of profile.samples) {
      const where = inFrame.get(sample.nodeId);
      if (where === undefined) continue;
      bytes += sample.size;
      if (inLibrary.has(sample.nodeId)) libraryBytes += sample.size;
      bySite.set(where, (bySite.get(where) ?? 0) + sample.size / frames);
    }
    perFrame.push(bytes);
    libraryMax = Math.max(libraryMax, libraryBytes);
  }
  await cdp.send('HeapProfiler.disable');
  return {
    frames,
    mean: perFrame.reduce((a, b) => a + b, 0) / frames,
    median: median(perFrame),
    allocating: perFrame.filter((bytes) => bytes > 0).length,
    bySite,
    libraryMax,
  };
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  hitCount?: number;
  children?: number[];
}

/**
 * A CPU profile (50 µs sampling) over `frames` frames: the allocator's share of the samples
 * under benchFrame (self time in packages/allocator/src), and each function's share.
 */
export async function cpuProfile(
  page: Page,
  cdp: CDPSession,
  frames: number,
): Promise<{ allocatorShare: number; bySite: Map<string, number> }> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  await cdp.send('Profiler.start');
  await page.evaluate((n) => window.bench!.frames(n), frames);
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: { nodes: ProfileNode[] } };
  await cdp.send('Profiler.disable');
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  let inFrame = 0,
    inAllocator = 0;
  const hitsBySite = new Map<string, number>();
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0) continue;
    let under = false;
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      if (byId.get(id)?.callFrame.functionName === 'benchFrame') {
        under = true;
        break;
      }
    }
    if (!under) continue;
    inFrame += hits;
    hitsBySite.set(site(node.callFrame), (hitsBySite.get(site(node.callFrame)) ?? 0) + hits);
    if (node.callFrame.url.includes('/packages/allocator/src/')) inAllocator += hits;
  }
  const bySite = new Map([...hitsBySite].map(([where, hits]) => [where, hits / Math.max(1, inFrame)]));
  return { allocatorShare: inFrame === 0 ? 0 : inAllocator / inFrame, bySite };
}

export const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Frames of one cell: warm-up, timed, more warm-up before the heap profile (first the app's
 * update alone, `heapUpdates` times, then whole frames), heap-profiled, counted.
 */
export interface CellBudget {
  warmup: number;
  timed: number;
  heapUpdates: number;
  heapWarmup: number;
  heap: number;
  counted: number;
}

/** What one cell measured. */
export interface CellFigures {
  js: number[];
  whole: number[];
  heap: HeapFigures;
  profiled: { allocatorShare: number; bySite: Map<string, number> } | null;
  counted: { bytesUploaded: number; drawCalls: number; bufferBytes: number; own: OwnFigures };
}

/**
 * Opens `url` (a fresh page), waits for window.bench (its error is thrown after `label`), then runs
 * the budget's frames in order;
 * `cpu` adds a CPU profile over as many frames as the heap's, and `detail` prints where the
 * frame's time goes and what it allocates.
 */
export async function runCell(
  page: Page,
  url: string,
  label: string,
  frames: CellBudget,
  cpu: boolean,
  detail: boolean,
): Promise<CellFigures> {
  await page.goto(url);
  await page.waitForFunction(() => window.bench !== undefined || window.benchError !== undefined, null, { timeout: 600_000 });
  const error = await page.evaluate(() => window.benchError);
  if (error) throw new Error(`${label}: ${error}`);
  await page.evaluate((n) => window.bench!.frames(n), frames.warmup);
  const { js, whole } = await page.evaluate((n) => window.bench!.frames(n), frames.timed);
  await page.evaluate((n) => window.bench!.updates(n), frames.heapUpdates);
  await page.evaluate((n) => window.bench!.frames(n), frames.heapWarmup);
  const cdp = await page.context().newCDPSession(page);
  const heap = await heapPerFrame(page, cdp, frames.heap);
  const profiled = cpu ? await cpuProfile(page, cdp, frames.heap) : null;
  await cdp.detach();
  if (detail && profiled !== null) {
    process.stderr.write(
      `    where the frame's time goes (share of CPU samples, self time):\n${top(profiled.bySite, 12, (v) => `${(100 * v).toFixed(1).padStart(5)} %`).join('\n')}\n`,
    );
    process.stderr.write(
      `    where the frame allocates (bytes per frame):\n${top(heap.bySite, 8, (v) => `${Math.round(v).toLocaleString('en-US').padStart(10)} B`).join('\n')}\n`,
    );
  }
  const counted = await page.evaluate((n) => window.bench!.count(n), frames.counted);
  return { js, whole, heap, profiled, counted };
}

export const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
/** The median of a cell's rounds, and their range when there are several. */
export const spread = (values: readonly number[], digits: number): string =>
  values.length < 2
    ? fmt(values[0]!, digits)
    : `${fmt(median(values), digits)} (${fmt(Math.min(...values), digits)}–${fmt(Math.max(...values), digits)})`;

/** The table's "Machine:" line. */
export const machine = (): string =>
  `Machine: ${os.cpus()[0]?.model ?? 'unknown'} × ${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; headless Chromium, WebGL2 on SwiftShader (no GPU).`;

/** What a row of the webglet-against-PixiJS table needs of one round of one cell. */
export interface ComparedRow {
  jsMs: number;
  wholeMs: number;
  bytesUploaded: number;
  drawCalls: number;
  heap: HeapFigures;
}

/**
 * The table of a benchmark against PixiJS, a line a count and case: JS and whole frame for both
 * engines and their ratio (medians of the rounds), bytes, draw calls and the heap. `noun` heads the
 * first column; `rounds(count, case, engine)` gives that cell's rounds.
 */
export function comparisonTable<C extends string>(
  noun: string,
  counts: readonly number[],
  cases: readonly C[],
  rounds: (count: number, scenario: C, engine: 'webglet' | 'pixi') => ComparedRow[],
): string[] {
  const ratio = (ours: ComparedRow[], theirs: ComparedRow[], of: (row: ComparedRow) => number): string =>
    ours.length === 0 || theirs.length === 0 ? '–' : `${fmt(median(ours.map(of)) / median(theirs.map(of)), 2)}×`;
  const heapCell = (cell: ComparedRow[]): string =>
    cell.length === 0
      ? '–'
      : `${fmt(median(cell.map((r) => r.heap.mean)))} (${Math.max(...cell.map((r) => r.heap.allocating))}/${cell[0]!.heap.frames})`;
  const col = (cell: ComparedRow[], of: (row: ComparedRow) => number, digits: number): string =>
    cell.length === 0 ? '–' : spread(cell.map(of), digits);
  const lines = [
    `| ${noun} | case | JS ms: webglet | PixiJS | ratio | whole ms: webglet | PixiJS | ratio | bytes up: webglet | PixiJS | draw calls: webglet | PixiJS | heap B/frame: webglet | PixiJS | of it in webglet (max frame) |`,
    '| --: | :-- | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: |',
  ];
  for (const count of counts) {
    for (const scenario of cases) {
      const ours = rounds(count, scenario, 'webglet'),
        theirs = rounds(count, scenario, 'pixi');
      lines.push(
        `| ${fmt(count)} | ${scenario} | ${col(ours, (r) => r.jsMs, 3)} | ${col(theirs, (r) => r.jsMs, 3)} | ${ratio(ours, theirs, (r) => r.jsMs)} ` +
          `| ${col(ours, (r) => r.wholeMs, 2)} | ${col(theirs, (r) => r.wholeMs, 2)} | ${ratio(ours, theirs, (r) => r.wholeMs)} ` +
          `| ${col(ours, (r) => r.bytesUploaded, 0)} | ${col(theirs, (r) => r.bytesUploaded, 0)} | ${col(ours, (r) => r.drawCalls, 1)} | ${col(theirs, (r) => r.drawCalls, 1)} ` +
          `| ${heapCell(ours)} | ${heapCell(theirs)} | ${ours.length === 0 ? '–' : fmt(Math.max(...ours.map((r) => r.heap.libraryMax)))} |`,
      );
    }
  }
  return lines;
}
