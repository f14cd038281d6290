// The sprite benchmark (pnpm bench:sprites; --quick for 10k only; --engines webglet,
// --cases static, --counts 100000 pick cells; --detail prints where each webglet cell
// spends its frame: top self-time functions and top allocation sites): the same
// bunnymark scene in webglet and in PixiJS 8, alternating in one headless
// Chromium run. For each count and case it prints the median JS time per frame
// (the engine's update and draw), bytes uploaded and draw calls per frame, GPU
// buffer bytes per sprite and JS heap allocated per frame (Chrome's sampling heap
// profiler through CDP, every allocation sampled, collected objects included,
// attributed to the frame).
// The page is sprites-page.ts.
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { CDPSession, Page } from 'playwright';
import { withBenchBrowser } from '../../../scripts/browser-bench.mjs';
import { BUNNY_H, BUNNY_W, CANVAS } from './bunny-scene.ts';

const QUICK = process.argv.includes('--quick');
/** --counts 10000,100000 picks the sprite counts (default 10k, 50k and 100k; --quick: 10k). */
const countsArg = process.argv[process.argv.indexOf('--counts') + 1];
const COUNTS = process.argv.includes('--counts') && countsArg !== undefined ? countsArg.split(',').map(Number)
  : QUICK ? [10_000] : [10_000, 50_000, 100_000];
/** The allocator-policy rows are measured at the largest count only (each cell takes minutes on SwiftShader). */
const POLICY_COUNTS = [Math.max(...COUNTS)];
const ALL_CASES = ['moving', 'spinning', 'static', 'churn'] as const;
const ALL_ENGINES = ['webglet', 'pixi'] as const;
const listArg = <T extends string>(flag: string, all: readonly T[]): readonly T[] => {
  const value = process.argv.includes(flag) ? process.argv[process.argv.indexOf(flag) + 1] : undefined;
  return value === undefined ? all : all.filter((item) => value.split(',').includes(item));
};
const CASES = listArg('--cases', ALL_CASES);
const ENGINES = listArg('--engines', ALL_ENGINES);
const DETAIL = process.argv.includes('--detail');
/** The policy rows need the churn case of webglet. */
const WITH_POLICIES = CASES.includes('churn') && ENGINES.includes('webglet') && !process.argv.includes('--no-policies');
/** --warmup N: frames before the timed ones (V8 optimizes a function called once per frame only after hundreds of calls). */
const warmupArg = process.argv.includes('--warmup') ? Number(process.argv[process.argv.indexOf('--warmup') + 1]) : NaN;
const WARMUP_FRAMES = Number.isInteger(warmupArg) && warmupArg >= 0 ? warmupArg : 30;
/**
 * --heap-warmup N: frames between the timed ones and the heap profile. The app's own loop (here the
 * harness's, reading positions from a Float64Array) boxes numbers until V8 has compiled it whole, and on
 * these 2 cores that was still not done at frame 150 in half the runs (25–33 KB in 5–6 of 30 frames).
 */
const heapWarmupArg = process.argv.includes('--heap-warmup') ? Number(process.argv[process.argv.indexOf('--heap-warmup') + 1]) : NaN;
const HEAP_WARMUP_FRAMES = Number.isInteger(heapWarmupArg) && heapWarmupArg >= 0 ? heapWarmupArg : 300;
const TIMED_FRAMES = 120, HEAP_FRAMES = 30, COUNTED_FRAMES = 10;
const REPEATS = 1;
const POLICIES = ['first-fit', 'best-fit', 'good-fit'] as const;

type Case = (typeof ALL_CASES)[number];
type EngineName = (typeof ALL_ENGINES)[number];
interface Row { engine: EngineName; policy: string; count: number; scenario: Case; allocatorShare: number | null; fragmentation: number | null; frameMs: number; p90Ms: number; bytesUploaded: number; drawCalls: number; bufferBytesPerSprite: number; heapBytesPerFrame: number; heapMedian: number; heapFramesAllocating: number; changedBytes: number }

interface CallFrame { functionName: string; url: string; lineNumber: number }
interface SamplingNode { id: number; callFrame: CallFrame; children: SamplingNode[] }

/** "name file:line" of a profile's call frame (1-based line), for the --detail lists. */
const site = ({ functionName, url, lineNumber }: CallFrame): string =>
  `${functionName || '(anonymous)'} ${url.replace(/^.*\/(packages|node_modules)\//, '').replace(/\?.*$/, '')}:${lineNumber + 1}`;

/** The `n` largest entries of `tally`, as "site: value" lines. */
const top = (tally: Map<string, number>, n: number, unit: (value: number) => string): string[] =>
  [...tally].sort((a, b) => b[1] - a[1]).slice(0, n).map(([where, value]) => `      ${unit(value)}  ${where}`);

interface HeapFigures {
  /** Mean bytes per frame. */
  mean: number;
  /** The median frame's bytes (a frame in which V8 compiles a function up a tier allocates for that once, not every frame). */
  median: number;
  /** Frames that allocated anything under benchFrame. */
  allocating: number;
  /** Mean bytes per frame by allocation site. */
  bySite: Map<string, number>;
}

/** Bytes allocated under benchFrame in each of `frames` frames (one profile per frame), and by allocation site. */
async function heapPerFrame(page: Page, cdp: CDPSession, frames: number): Promise<HeapFigures> {
  await cdp.send('HeapProfiler.enable');
  const perFrame: number[] = [];
  const bySite = new Map<string, number>();
  for (let f = 0; f < frames; f++) {
    await cdp.send('HeapProfiler.startSampling', {
      // Every allocation (interval 1 byte): at an interval of 64, a 12-byte object is sampled about one time in six.
      samplingInterval: 1, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true,
    } as never);
    await page.evaluate(() => window.bench!.frames(1));
    const { profile } = await cdp.send('HeapProfiler.stopSampling') as unknown as { profile: { head: SamplingNode; samples: { size: number; nodeId: number }[] } };
    // Node id → its site; a builtin (no url) is named with the nearest script frame that called it.
    const inFrame = new Map<number, string>();
    const walk = (node: SamplingNode, under: boolean, caller: string): void => {
      const here = under || node.callFrame.functionName === 'benchFrame';
      const name = node.callFrame.url === '' ? `${node.callFrame.functionName} < ${caller}` : site(node.callFrame);
      if (here) inFrame.set(node.id, name);
      for (const child of node.children) walk(child, here, node.callFrame.url === '' ? caller : name);
    };
    walk(profile.head, false, '');
    let bytes = 0;
    for (const sample of profile.samples) {
      const where = inFrame.get(sample.nodeId);
      if (where === undefined) continue;
      bytes += sample.size;
      bySite.set(where, (bySite.get(where) ?? 0) + sample.size / frames);
    }
    perFrame.push(bytes);
  }
  await cdp.send('HeapProfiler.disable');
  return {
    mean: perFrame.reduce((a, b) => a + b, 0) / frames, median: median(perFrame),
    allocating: perFrame.filter((bytes) => bytes > 0).length, bySite,
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

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const percentile = (values: number[], p: number): number => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;

async function measure(page: Page, baseUrl: string, engine: EngineName, count: number, scenario: Case, policy = 'first-fit'): Promise<Row> {
  await page.goto(new URL(`sprites.html?engine=${engine}&count=${count}&case=${scenario}&policy=${policy}`, baseUrl).href);
  await page.waitForFunction(() => window.bench !== undefined || window.benchError !== undefined, null, { timeout: 300_000 });
  const error = await page.evaluate(() => window.benchError);
  if (error) throw new Error(`${engine} ${count} ${scenario}: ${error}`);
  await page.evaluate((n) => window.bench!.frames(n), WARMUP_FRAMES);
  const times = await page.evaluate((n) => window.bench!.frames(n), TIMED_FRAMES);
  await page.evaluate((n) => window.bench!.frames(n), HEAP_WARMUP_FRAMES);
  const cdp = await page.context().newCDPSession(page);
  const heap = await heapPerFrame(page, cdp, HEAP_FRAMES);
  const profiled = engine === 'webglet' && (scenario === 'churn' || DETAIL) ? await cpuProfile(page, cdp, HEAP_FRAMES) : null;
  await cdp.detach();
  if (DETAIL && profiled !== null) {
    process.stderr.write(`    where the frame's time goes (share of CPU samples, self time):\n${top(profiled.bySite, 12, (v) => `${(100 * v).toFixed(1).padStart(5)} %`).join('\n')}\n`);
    process.stderr.write(`    where the frame allocates (bytes per frame):\n${top(heap.bySite, 8, (v) => `${Math.round(v).toLocaleString('en-US').padStart(10)} B`).join('\n')}\n`);
  }
  const counted = await page.evaluate((n) => window.bench!.count(n), COUNTED_FRAMES);
  const changedBytes = await page.evaluate(() => window.bench!.changedBytesPerFrame);
  return {
    engine, policy: engine === 'webglet' ? policy : '–', allocatorShare: scenario === 'churn' ? profiled?.allocatorShare ?? null : null, fragmentation: counted.own?.fragmentation ?? null,
    count, scenario, frameMs: median(times), p90Ms: percentile(times, 0.9),
    bytesUploaded: counted.bytesUploaded, drawCalls: counted.drawCalls, bufferBytesPerSprite: counted.bufferBytes / count,
    heapBytesPerFrame: heap.mean, heapMedian: heap.median, heapFramesAllocating: heap.allocating, changedBytes,
  };
}

const started = Date.now();
const { rows, policies } = await withBenchBrowser({ root: fileURLToPath(new URL('.', import.meta.url)), prebundle: ['pixi.js', 'gl-matrix', 'twgl.js'] }, async ({ page, baseUrl }) => {
  const all: Row[][] = [];
  for (const count of COUNTS) {
    for (const scenario of CASES) {
      const runs: Row[] = [];
      for (let repeat = 0; repeat < REPEATS; repeat++) {
        // Alternate which engine goes first, from cell to cell.
        for (const engine of (repeat + CASES.indexOf(scenario)) % 2 === 0 ? ENGINES : [...ENGINES].reverse()) {
          process.stderr.write(`  ${count} ${scenario} ${engine} (run ${repeat + 1}/${REPEATS})\n`);
          const row = await measure(page, baseUrl, engine, count, scenario);
          process.stderr.write(`    ${JSON.stringify(row)}\n`); // partial results survive an interrupted run
          runs.push(row);
        }
      }
      all.push(ENGINES.map((engine) => {
        const mine = runs.filter((row) => row.engine === engine);
        return { ...mine[0]!, frameMs: median(mine.map((r) => r.frameMs)), p90Ms: median(mine.map((r) => r.p90Ms)), heapBytesPerFrame: median(mine.map((r) => r.heapBytesPerFrame)), heapMedian: median(mine.map((r) => r.heapMedian)), heapFramesAllocating: Math.max(...mine.map((r) => r.heapFramesAllocating)) };
      }));
    }
  }
  // The allocator in the batch: the churn case with each policy (webglet only).
  const policies: Row[] = [];
  for (const count of WITH_POLICIES ? POLICY_COUNTS : []) {
    for (const policy of POLICIES) {
      process.stderr.write(`  ${count} churn webglet ${policy}\n`);
      const row = await measure(page, baseUrl, 'webglet', count, 'churn', policy);
      process.stderr.write(`    ${JSON.stringify(row)}\n`);
      policies.push(row);
    }
  }
  return { rows: all.flat(), policies };
});

const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const lines = [
  '## Sprite benchmark',
  '',
  `Machine: ${os.cpus()[0]?.model ?? 'unknown'} × ${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; headless Chromium, WebGL2 on SwiftShader (no GPU).`,
  `Canvas ${CANVAS} × ${CANVAS}, bunnies ${BUNNY_W} × ${BUNNY_H} px: small on purpose, so software rasterization does not drown the CPU figures.`,
  `Per cell: ${WARMUP_FRAMES} warm-up frames, then ${TIMED_FRAMES} timed frames (${REPEATS} run per engine, the engine going first alternating from case to case), heap over ${HEAP_FRAMES} frames after ${HEAP_WARMUP_FRAMES} more, GL counts over ${COUNTED_FRAMES}.`,
  'ms/frame = JS time of the engine\'s update and draw (PixiJS: renderer.render(stage); webglet: sprite.setPosition for moved bunnies, window.clear, batch.draw). Cases: moving = every bunny moves;',
  'spinning = every bunny moves, turns and scales (webglet: setPosition, rotation, scale; PixiJS: x, y, rotation, scale.set);',
  'static = none moves; churn = none moves, 1% removed and 1% added every frame. Bytes and draw calls are counted at the WebGL API by the same wrapper for both engines.',
  '',
  `| sprites | case | engine | ms / frame (median) | p90 | bytes uploaded / frame | draw calls / frame | GPU buffer bytes / sprite | JS heap / frame: mean | median frame | frames allocating (of ${HEAP_FRAMES}) |`,
  '| --: | :-- | :-- | --: | --: | --: | --: | --: | --: | --: | --: |',
  ...rows.map((r) => `| ${fmt(r.count)} | ${r.scenario} | ${r.engine === 'pixi' ? 'PixiJS 8' : 'webglet'} | ${fmt(r.frameMs, 3)} | ${fmt(r.p90Ms, 3)} | ${fmt(r.bytesUploaded)} | ${fmt(r.drawCalls, 1)} | ${fmt(r.bufferBytesPerSprite, 1)} | ${fmt(r.heapBytesPerFrame)} | ${fmt(r.heapMedian)} | ${r.heapFramesAllocating} |`),
  '',
  '**Aims** (from the performance issue):',
];
const cell = (count: number, scenario: Case, engine: EngineName): Row | undefined => rows.find((r) => r.count === count && r.scenario === scenario && r.engine === engine);
const largest = Math.max(...COUNTS);
const verdict = (ok: boolean): string => (ok ? 'met' : '**MISSED**');
const [moving, movingPixi] = [cell(largest, 'moving', 'webglet'), cell(largest, 'moving', 'pixi')];
if (moving && movingPixi) lines.push(`- all moving at ${fmt(largest)}: ≤ half of PixiJS's ms/frame: ${fmt(moving.frameMs, 3)} vs ${fmt(movingPixi.frameMs, 3)} ms (${fmt(movingPixi.frameMs / moving.frameMs, 1)}× faster) — ${verdict(moving.frameMs <= movingPixi.frameMs / 2)}`);
const still = cell(largest, 'static', 'webglet');
if (still) lines.push(`- none moving at ${fmt(largest)}: ≤ 0.1 ms and 0 bytes uploaded: ${fmt(still.frameMs, 3)} ms, ${fmt(still.bytesUploaded)} bytes — ${verdict(still.frameMs <= 0.1 && still.bytesUploaded === 0)}`);
const [churn, churnPixi] = [cell(largest, 'churn', 'webglet'), cell(largest, 'churn', 'pixi')];
if (churn && churnPixi) lines.push(`- structure changing at ${fmt(largest)}: ≤ half of PixiJS's: ${fmt(churn.frameMs, 3)} vs ${fmt(churnPixi.frameMs, 3)} ms — ${verdict(churn.frameMs <= churnPixi.frameMs / 2)}`);
if (moving) lines.push(`- bytes uploaded ≤ 1.25 × bytes changed (all moving, ${fmt(largest)}): ${fmt(moving.bytesUploaded)} vs ${fmt(moving.changedBytes)} changed (${fmt(moving.bytesUploaded / moving.changedBytes, 2)}×) — ${verdict(moving.bytesUploaded <= 1.25 * moving.changedBytes)}`);
const ours = rows.filter((r) => r.engine === 'webglet');
if (ours.length > 0) lines.push(`- one draw call for sprites sharing an atlas page and group: ${ours.map((r) => fmt(r.drawCalls, 1)).join(', ')} per frame — ${verdict(ours.every((r) => r.drawCalls === 1))}`);
const steady = ours.filter((r) => r.scenario !== 'churn');
// Met only when no profiled frame allocated; the median and the count tell a frame in which V8 compiled something from every frame.
if (steady.length > 0) lines.push(`- no JS allocation in a steady frame (webglet, ${steady.map((r) => `${fmt(r.count)} ${r.scenario}`).join(', ')}): frames allocating ${steady.map((r) => `${r.heapFramesAllocating}/${HEAP_FRAMES}`).join(', ')}; mean ${steady.map((r) => `${fmt(r.heapBytesPerFrame)} B`).join(', ')}; median frame ${steady.map((r) => `${fmt(r.heapMedian)} B`).join(', ')} — ${verdict(steady.every((r) => r.heapFramesAllocating === 0))}`);
if (policies.length > 0) lines.push('', '**The allocator in the batch** (churn case, webglet; allocator share = CPU profile samples with their own time in',
  '@webglet/allocator, of all samples under the frame, 50 µs sampling):', '',
  '| sprites | policy | ms / frame (median) | allocator share of the frame | fragmentation at the end |', '| --: | :-- | --: | --: | --: |',
  ...policies.map((r) => `| ${fmt(r.count)} | ${r.policy} | ${fmt(r.frameMs, 3)} | ${fmt(100 * (r.allocatorShare ?? 0), 1)} % | ${fmt(r.fragmentation ?? 0, 3)} |`));
lines.push('', `Run took ${Math.round((Date.now() - started) / 1000)} s.`);
console.log(lines.join('\n'));
