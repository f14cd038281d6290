// The sprite benchmark (pnpm bench:sprites): the same bunnymark scene in webglet and PixiJS 8,
// on a fresh page per cell, engines alternating, in headless Chromium on SwiftShader. Per cell
// it reports the JS time of a frame (the app's update through getters and setters, and the
// draw) and the whole frame, finished on the GPU by a 1-pixel readPixels before the next frame
// starts, for both engines in one run; bytes uploaded and draw calls (counted at the WebGL API
// by the same wrapper for both), GPU buffer bytes, and the JS heap a frame (Chrome's sampling
// heap profiler, every allocation, app included; webglet's own share apart).
// Flags: --counts 1000,10000 --cases moving,static --engines webglet --rounds N --frames N
// --warmup N --heap-warmup N --policies (the allocator policies at the largest count, churn)
// --detail (where each webglet frame spends its time and allocates), --js-flags '…' (V8's, to trace
// what it compiles). The page: sprites-page.ts.
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { CDPSession, Page } from 'playwright';
import { withBenchBrowser } from '../../../scripts/browser-bench.mjs';
import { CANVAS, SPRITE } from './bunny-scene.ts';

const argument = (flag: string): string | undefined =>
  process.argv.includes(flag) ? process.argv[process.argv.indexOf(flag) + 1] : undefined;
const wholeArgument = (flag: string): number | undefined => {
  const value = Number(argument(flag));
  return Number.isInteger(value) && value >= 0 ? value : undefined;
};
const listArgument = <T extends string>(flag: string, all: readonly T[]): readonly T[] => {
  const value = argument(flag);
  return value === undefined ? all : all.filter((item) => value.split(',').includes(item));
};

const ALL_CASES = ['moving', 'spinning', 'static', 'churn'] as const;
const ALL_ENGINES = ['webglet', 'pixi'] as const;
const COUNTS = argument('--counts')?.split(',').map(Number) ?? [1_000, 10_000, 100_000];
const CASES = listArgument('--cases', ALL_CASES);
const ENGINES = listArgument('--engines', ALL_ENGINES);
const ROUNDS = wholeArgument('--rounds') ?? 2;
const DETAIL = process.argv.includes('--detail');
const WITH_POLICIES = process.argv.includes('--policies');
const POLICIES = ['first-fit', 'best-fit', 'good-fit'] as const;

type Case = (typeof ALL_CASES)[number];
type EngineName = (typeof ALL_ENGINES)[number];

/**
 * Frames per cell, fewer where a frame is slow: SwiftShader takes a quarter of a second or more
 * for 100k sprites. Warm-up frames let V8 compile the frame's code before anything is timed;
 * the heap is profiled after more of them (a function called once a frame is compiled late).
 */
function budget(count: number): { warmup: number; timed: number; heapWarmup: number; heap: number; counted: number } {
  const base = count >= 100_000 ? { warmup: 10, timed: 20, heapWarmup: 30, heap: 5, counted: 2 }
    : count >= 10_000 ? { warmup: 30, timed: 60, heapWarmup: 300, heap: 20, counted: 5 }
      : { warmup: 100, timed: 100, heapWarmup: 300, heap: 30, counted: 10 };
  return {
    ...base, warmup: wholeArgument('--warmup') ?? base.warmup, timed: wholeArgument('--frames') ?? base.timed,
    heapWarmup: wholeArgument('--heap-warmup') ?? base.heapWarmup,
  };
}

interface CallFrame { functionName: string; url: string; lineNumber: number }
interface SamplingNode { id: number; callFrame: CallFrame; children: SamplingNode[] }

/** "name file:line" of a profile's call frame (1-based line), for the --detail lists. */
const site = ({ functionName, url, lineNumber }: CallFrame): string =>
  `${functionName || '(anonymous)'} ${url.replace(/^.*\/(packages|node_modules)\//, '').replace(/\?.*$/, '')}:${lineNumber + 1}`;

/** The `n` largest entries of `tally`, as "site: value" lines. */
const top = (tally: Map<string, number>, n: number, unit: (value: number) => string): string[] =>
  [...tally].sort((a, b) => b[1] - a[1]).slice(0, n).map(([where, value]) => `      ${unit(value)}  ${where}`);

interface HeapFigures {
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
async function heapPerFrame(page: Page, cdp: CDPSession, frames: number): Promise<HeapFigures> {
  await cdp.send('HeapProfiler.enable');
  const perFrame: number[] = [];
  const bySite = new Map<string, number>();
  let libraryMax = 0;
  for (let f = 0; f < frames; f++) {
    await cdp.send('HeapProfiler.startSampling', {
      // Every allocation (interval 1 byte): at an interval of 64, a 12-byte object is sampled about one time in six.
      samplingInterval: 1, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true,
    } as never);
    await page.evaluate(() => window.bench!.frames(1));
    const { profile } = await cdp.send('HeapProfiler.stopSampling') as unknown as { profile: { head: SamplingNode; samples: { size: number; nodeId: number }[] } };
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
    let bytes = 0, libraryBytes = 0;
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
    frames, mean: perFrame.reduce((a, b) => a + b, 0) / frames, median: median(perFrame),
    allocating: perFrame.filter((bytes) => bytes > 0).length, bySite, libraryMax,
  };
}

interface ProfileNode { id: number; callFrame: CallFrame; hitCount?: number; children?: number[] }

/**
 * A CPU profile (50 µs sampling) over `frames` frames: the allocator's share of the samples
 * under benchFrame (self time in packages/allocator/src), and each function's share.
 */
async function cpuProfile(page: Page, cdp: CDPSession, frames: number): Promise<{ allocatorShare: number; bySite: Map<string, number> }> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  await cdp.send('Profiler.start');
  await page.evaluate((n) => window.bench!.frames(n), frames);
  const { profile } = await cdp.send('Profiler.stop') as unknown as { profile: { nodes: ProfileNode[] } };
  await cdp.send('Profiler.disable');
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  let inFrame = 0, inAllocator = 0;
  const hitsBySite = new Map<string, number>();
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0) continue;
    let under = false;
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      if (byId.get(id)?.callFrame.functionName === 'benchFrame') { under = true; break; }
    }
    if (!under) continue;
    inFrame += hits;
    hitsBySite.set(site(node.callFrame), (hitsBySite.get(site(node.callFrame)) ?? 0) + hits);
    if (node.callFrame.url.includes('/packages/allocator/src/')) inAllocator += hits;
  }
  const bySite = new Map([...hitsBySite].map(([where, hits]) => [where, hits / Math.max(1, inFrame)]));
  return { allocatorShare: inFrame === 0 ? 0 : inAllocator / inFrame, bySite };
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

interface Row {
  engine: EngineName; policy: string; count: number; scenario: Case;
  jsMs: number; wholeMs: number; bytesUploaded: number; drawCalls: number; bufferBytesPerSprite: number;
  heap: HeapFigures; allocatorShare: number | null; fragmentation: number | null;
}

async function measure(page: Page, baseUrl: string, engine: EngineName, count: number, scenario: Case, policy = 'first-fit'): Promise<Row> {
  const frames = budget(count);
  await page.goto(new URL(`sprites.html?engine=${engine}&count=${count}&case=${scenario}&policy=${policy}`, baseUrl).href);
  await page.waitForFunction(() => window.bench !== undefined || window.benchError !== undefined, null, { timeout: 600_000 });
  const error = await page.evaluate(() => window.benchError);
  if (error) throw new Error(`${engine} ${count} ${scenario}: ${error}`);
  await page.evaluate((n) => window.bench!.frames(n), frames.warmup);
  const { js, whole } = await page.evaluate((n) => window.bench!.frames(n), frames.timed);
  await page.evaluate((n) => window.bench!.frames(n), frames.heapWarmup);
  const cdp = await page.context().newCDPSession(page);
  const heap = await heapPerFrame(page, cdp, frames.heap);
  const profiled = engine === 'webglet' && (policy !== 'first-fit' || WITH_POLICIES && scenario === 'churn' || DETAIL)
    ? await cpuProfile(page, cdp, frames.heap) : null;
  await cdp.detach();
  if (DETAIL && profiled !== null) {
    process.stderr.write(`    where the frame's time goes (share of CPU samples, self time):\n${top(profiled.bySite, 12, (v) => `${(100 * v).toFixed(1).padStart(5)} %`).join('\n')}\n`);
    process.stderr.write(`    where the frame allocates (bytes per frame):\n${top(heap.bySite, 8, (v) => `${Math.round(v).toLocaleString('en-US').padStart(10)} B`).join('\n')}\n`);
  }
  const counted = await page.evaluate((n) => window.bench!.count(n), frames.counted);
  return {
    engine, policy: engine === 'webglet' ? policy : '–', count, scenario, jsMs: median(js), wholeMs: median(whole),
    bytesUploaded: counted.bytesUploaded, drawCalls: counted.drawCalls, bufferBytesPerSprite: counted.bufferBytes / count,
    heap, allocatorShare: profiled?.allocatorShare ?? null, fragmentation: counted.own?.fragmentation ?? null,
  };
}

const started = Date.now();
const jsFlags = argument('--js-flags');
const { rows, policies } = await withBenchBrowser({
  root: fileURLToPath(new URL('.', import.meta.url)), prebundle: ['pixi.js', 'gl-matrix', 'twgl.js'],
  extraArgs: jsFlags === undefined ? [] : [`--js-flags=${jsFlags}`],
}, async ({ page, baseUrl }) => {
  const rows: Row[] = [];
  let cell = 0;
  for (const count of COUNTS) {
    for (const scenario of CASES) {
      for (let round = 0; round < ROUNDS; round++) {
        // Which engine goes first alternates from run to run.
        for (const engine of (cell++ % 2 === 0 ? ENGINES : [...ENGINES].reverse())) {
          process.stderr.write(`  ${count} ${scenario} ${engine} (round ${round + 1}/${ROUNDS})\n`);
          const row = await measure(page, baseUrl, engine, count, scenario);
          process.stderr.write(`    js ${row.jsMs} ms, whole ${row.wholeMs} ms, heap ${Math.round(row.heap.mean)} B/frame\n`);
          rows.push(row);
        }
      }
    }
  }
  const policies: Row[] = [];
  for (const policy of WITH_POLICIES ? POLICIES : []) {
    const count = Math.max(...COUNTS);
    process.stderr.write(`  ${count} churn webglet ${policy}\n`);
    policies.push(await measure(page, baseUrl, 'webglet', count, 'churn', policy));
  }
  return { rows, policies };
});

const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
/** The median of a cell's rounds, and their range when there are several. */
const spread = (values: readonly number[], digits: number): string =>
  values.length < 2 ? fmt(values[0]!, digits) : `${fmt(median(values), digits)} (${fmt(Math.min(...values), digits)}–${fmt(Math.max(...values), digits)})`;
const cellRows = (count: number, scenario: Case, engine: EngineName): Row[] =>
  rows.filter((r) => r.count === count && r.scenario === scenario && r.engine === engine);
const ratio = (ours: Row[], theirs: Row[], of: (row: Row) => number): string =>
  ours.length === 0 || theirs.length === 0 ? '–' : `${fmt(median(ours.map(of)) / median(theirs.map(of)), 2)}×`;
const heapCell = (cell: Row[]): string => cell.length === 0 ? '–'
  : `${fmt(median(cell.map((r) => r.heap.mean)))} (${Math.max(...cell.map((r) => r.heap.allocating))}/${cell[0]!.heap.frames})`;

const lines = [
  '## Sprite benchmark',
  '',
  `Command: pnpm bench:sprites ${process.argv.slice(2).join(' ')}`.trimEnd(),
  `Machine: ${os.cpus()[0]?.model ?? 'unknown'} × ${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; headless Chromium, WebGL2 on SwiftShader (no GPU).`,
  `Canvas ${CANVAS} × ${CANVAS}, ${SPRITE} × ${SPRITE} white sprites; a fresh page per cell, ${ROUNDS} round(s), engines alternating; medians of each round, then the median of the rounds (their range in brackets).`,
  'JS = the app\'s update (`sprite.x += vx` … through getters and setters) and the engine\'s draw; whole = the same frame finished on the GPU (1-pixel readPixels) before the next starts.',
  'ratio = webglet ÷ PixiJS (below 1: webglet is faster). Heap: mean bytes a frame under the frame function, app included (frames allocating, of those profiled).',
  '',
  '| sprites | case | JS ms: webglet | PixiJS | ratio | whole ms: webglet | PixiJS | ratio | bytes up: webglet | PixiJS | draw calls: webglet | PixiJS | heap B/frame: webglet | PixiJS | of it in webglet (max frame) |',
  '| --: | :-- | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: |',
];
for (const count of COUNTS) {
  for (const scenario of CASES) {
    const ours = cellRows(count, scenario, 'webglet'), theirs = cellRows(count, scenario, 'pixi');
    const col = (cell: Row[], of: (row: Row) => number, digits: number): string => (cell.length === 0 ? '–' : spread(cell.map(of), digits));
    lines.push(`| ${fmt(count)} | ${scenario} | ${col(ours, (r) => r.jsMs, 3)} | ${col(theirs, (r) => r.jsMs, 3)} | ${ratio(ours, theirs, (r) => r.jsMs)} `
      + `| ${col(ours, (r) => r.wholeMs, 2)} | ${col(theirs, (r) => r.wholeMs, 2)} | ${ratio(ours, theirs, (r) => r.wholeMs)} `
      + `| ${col(ours, (r) => r.bytesUploaded, 0)} | ${col(theirs, (r) => r.bytesUploaded, 0)} | ${col(ours, (r) => r.drawCalls, 1)} | ${col(theirs, (r) => r.drawCalls, 1)} `
      + `| ${heapCell(ours)} | ${heapCell(theirs)} | ${ours.length === 0 ? '–' : fmt(Math.max(...ours.map((r) => r.heap.libraryMax)))} |`);
  }
}
const bytesPerSprite = (engine: EngineName): string => {
  const mine = rows.filter((r) => r.engine === engine && r.count === Math.max(...COUNTS));
  return mine.length === 0 ? '–' : fmt(median(mine.map((r) => r.bufferBytesPerSprite)), 1);
};
lines.push('', `GPU buffer bytes per sprite at ${fmt(Math.max(...COUNTS))}: webglet ${bytesPerSprite('webglet')}, PixiJS ${bytesPerSprite('pixi')}.`);
if (policies.length > 0) {
  lines.push('', 'The allocator in the batch (churn, webglet; allocator share = CPU-profile samples with their own time in @webglet/allocator, of all under the frame):', '',
    '| sprites | policy | JS ms | whole ms | allocator share | fragmentation at the end |', '| --: | :-- | --: | --: | --: | --: |',
    ...policies.map((r) => `| ${fmt(r.count)} | ${r.policy} | ${fmt(r.jsMs, 3)} | ${fmt(r.wholeMs, 2)} | ${fmt(100 * (r.allocatorShare ?? 0), 1)} % | ${fmt(r.fragmentation ?? 0, 3)} |`));
}
lines.push('', `Run took ${Math.round((Date.now() - started) / 1000)} s.`);
console.log(lines.join('\n'));
