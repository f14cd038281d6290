// The sprite benchmark (pnpm bench:sprites; --quick for 10k only): the same
// bunnymark scene in webglet and in PixiJS 8, alternating in one headless
// Chromium run. For each count and case it prints the median JS time per frame
// (the engine's update and draw), bytes uploaded and draw calls per frame, GPU
// buffer bytes per sprite and JS heap allocated per frame (Chrome's sampling heap
// profiler through CDP, collected objects included, attributed to the frame).
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
const CASES = ['moving', 'static', 'churn'] as const;
const ENGINES = ['webglet', 'pixi'] as const;
const WARMUP_FRAMES = 30, TIMED_FRAMES = 120, HEAP_FRAMES = 30, COUNTED_FRAMES = 10;
const REPEATS = 1;
const POLICIES = ['first-fit', 'best-fit', 'good-fit'] as const;

type Case = (typeof CASES)[number];
type EngineName = (typeof ENGINES)[number];
interface Row { engine: EngineName; policy: string; count: number; scenario: Case; allocatorShare: number | null; fragmentation: number | null; frameMs: number; p90Ms: number; bytesUploaded: number; drawCalls: number; bufferBytesPerSprite: number; heapBytesPerFrame: number; changedBytes: number }

interface SamplingNode { id: number; callFrame: { functionName: string }; children: SamplingNode[] }

/** Bytes allocated under benchFrame while the page runs `frames` frames. */
async function heapPerFrame(page: Page, cdp: CDPSession, frames: number): Promise<number> {
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.startSampling', {
    samplingInterval: 64, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true,
  } as never);
  await page.evaluate((n) => window.bench!.frames(n), frames);
  const { profile } = await cdp.send('HeapProfiler.stopSampling') as unknown as { profile: { head: SamplingNode; samples: { size: number; nodeId: number }[] } };
  await cdp.send('HeapProfiler.disable');
  const inFrame = new Set<number>();
  const walk = (node: SamplingNode, under: boolean): void => {
    const here = under || node.callFrame.functionName === 'benchFrame';
    if (here) inFrame.add(node.id);
    for (const child of node.children) walk(child, here);
  };
  walk(profile.head, false);
  let bytes = 0;
  for (const sample of profile.samples) if (inFrame.has(sample.nodeId)) bytes += sample.size;
  return bytes / frames;
}

interface ProfileNode { id: number; callFrame: { functionName: string; url: string }; hitCount?: number; children?: number[] }

/** The allocator's share of the samples under benchFrame (self time in packages/allocator/src), over `frames` frames. */
async function allocatorShare(page: Page, cdp: CDPSession, frames: number): Promise<number> {
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
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0) continue;
    let under = false;
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      if (byId.get(id)?.callFrame.functionName === 'benchFrame') { under = true; break; }
    }
    if (!under) continue;
    inFrame += hits;
    if (node.callFrame.url.includes('/packages/allocator/src/')) inAllocator += hits;
  }
  return inFrame === 0 ? 0 : inAllocator / inFrame;
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
  const cdp = await page.context().newCDPSession(page);
  const heapBytesPerFrame = await heapPerFrame(page, cdp, HEAP_FRAMES);
  const share = engine === 'webglet' && scenario === 'churn' ? await allocatorShare(page, cdp, HEAP_FRAMES) : null;
  await cdp.detach();
  const counted = await page.evaluate((n) => window.bench!.count(n), COUNTED_FRAMES);
  const changedBytes = await page.evaluate(() => window.bench!.changedBytesPerFrame);
  return {
    engine, policy: engine === 'webglet' ? policy : '–', allocatorShare: share, fragmentation: counted.own?.fragmentation ?? null,
    count, scenario, frameMs: median(times), p90Ms: percentile(times, 0.9),
    bytesUploaded: counted.bytesUploaded, drawCalls: counted.drawCalls, bufferBytesPerSprite: counted.bufferBytes / count,
    heapBytesPerFrame, changedBytes,
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
        return { ...mine[0]!, frameMs: median(mine.map((r) => r.frameMs)), p90Ms: median(mine.map((r) => r.p90Ms)), heapBytesPerFrame: median(mine.map((r) => r.heapBytesPerFrame)) };
      }));
    }
  }
  // The allocator in the batch: the churn case with each policy (webglet only).
  const policies: Row[] = [];
  for (const count of POLICY_COUNTS) {
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
  `Per cell: ${WARMUP_FRAMES} warm-up frames, then ${TIMED_FRAMES} timed frames (${REPEATS} run per engine, the engine going first alternating from case to case), heap over ${HEAP_FRAMES} frames, GL counts over ${COUNTED_FRAMES}.`,
  'ms/frame = JS time of the engine\'s update and draw (PixiJS: renderer.render(stage); webglet: sprite.setPosition for moved bunnies, window.clear, batch.draw). Cases: moving = every bunny moves;',
  'static = none moves; churn = none moves, 1% removed and 1% added every frame. Bytes and draw calls are counted at the WebGL API by the same wrapper for both engines.',
  '',
  '| sprites | case | engine | ms / frame (median) | p90 | bytes uploaded / frame | draw calls / frame | GPU buffer bytes / sprite | JS heap / frame |',
  '| --: | :-- | :-- | --: | --: | --: | --: | --: | --: |',
  ...rows.map((r) => `| ${fmt(r.count)} | ${r.scenario} | ${r.engine === 'pixi' ? 'PixiJS 8' : 'webglet'} | ${fmt(r.frameMs, 3)} | ${fmt(r.p90Ms, 3)} | ${fmt(r.bytesUploaded)} | ${fmt(r.drawCalls, 1)} | ${fmt(r.bufferBytesPerSprite, 1)} | ${fmt(r.heapBytesPerFrame)} |`),
  '',
  '**Aims** (from the performance issue):',
];
const cell = (count: number, scenario: Case, engine: EngineName): Row | undefined => rows.find((r) => r.count === count && r.scenario === scenario && r.engine === engine);
const top = Math.max(...COUNTS);
const verdict = (ok: boolean): string => (ok ? 'met' : '**MISSED**');
const moving = [cell(top, 'moving', 'webglet')!, cell(top, 'moving', 'pixi')!] as const;
lines.push(`- all moving at ${fmt(top)}: ≤ half of PixiJS's ms/frame: ${fmt(moving[0].frameMs, 3)} vs ${fmt(moving[1].frameMs, 3)} ms (${fmt(moving[1].frameMs / moving[0].frameMs, 1)}× faster) — ${verdict(moving[0].frameMs <= moving[1].frameMs / 2)}`);
const still = cell(top, 'static', 'webglet')!;
lines.push(`- none moving at ${fmt(top)}: ≤ 0.1 ms and 0 bytes uploaded: ${fmt(still.frameMs, 3)} ms, ${fmt(still.bytesUploaded)} bytes — ${verdict(still.frameMs <= 0.1 && still.bytesUploaded === 0)}`);
const churn = [cell(top, 'churn', 'webglet')!, cell(top, 'churn', 'pixi')!] as const;
lines.push(`- structure changing at ${fmt(top)}: ≤ half of PixiJS's: ${fmt(churn[0].frameMs, 3)} vs ${fmt(churn[1].frameMs, 3)} ms — ${verdict(churn[0].frameMs <= churn[1].frameMs / 2)}`);
lines.push(`- bytes uploaded ≤ 1.25 × bytes changed (all moving, ${fmt(top)}): ${fmt(moving[0].bytesUploaded)} vs ${fmt(moving[0].changedBytes)} changed (${fmt(moving[0].bytesUploaded / moving[0].changedBytes, 2)}×) — ${verdict(moving[0].bytesUploaded <= 1.25 * moving[0].changedBytes)}`);
lines.push(`- one draw call for sprites sharing an atlas page and group: ${rows.filter((r) => r.engine === 'webglet').map((r) => fmt(r.drawCalls, 1)).join(', ')} per frame — ${verdict(rows.filter((r) => r.engine === 'webglet').every((r) => r.drawCalls === 1))}`);
lines.push(`- no JS allocation in a steady frame (webglet, moving and static): ${rows.filter((r) => r.engine === 'webglet' && r.scenario !== 'churn').map((r) => `${fmt(r.heapBytesPerFrame)} B`).join(', ')} — ${verdict(rows.filter((r) => r.engine === 'webglet' && r.scenario !== 'churn').every((r) => r.heapBytesPerFrame === 0))}`);
lines.push('', '**The allocator in the batch** (churn case, webglet; allocator share = CPU profile samples with their own time in',
  '@webglet/allocator, of all samples under the frame, 50 µs sampling):', '',
  '| sprites | policy | ms / frame (median) | allocator share of the frame | fragmentation at the end |', '| --: | :-- | --: | --: | --: |',
  ...policies.map((r) => `| ${fmt(r.count)} | ${r.policy} | ${fmt(r.frameMs, 3)} | ${fmt(100 * (r.allocatorShare ?? 0), 1)} % | ${fmt(r.fragmentation ?? 0, 3)} |`));
lines.push('', `Run took ${Math.round((Date.now() - started) / 1000)} s.`);
console.log(lines.join('\n'));
