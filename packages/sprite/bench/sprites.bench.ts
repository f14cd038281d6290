// The sprite benchmark (pnpm bench:sprites): the same bunnymark scene in webglet and PixiJS 8,
// on a fresh page per cell, engines alternating, in headless Chromium on SwiftShader. Per cell
// it reports the JS time of a frame (the app's update through getters and setters, and the
// draw) and the whole frame, finished on the GPU by a 1-pixel readPixels before the next frame
// starts, for both engines in one run; bytes uploaded and draw calls (counted at the WebGL API
// by the same wrapper for both), GPU buffer bytes, and the JS heap a frame (Chrome's sampling
// heap profiler, every allocation, app included; webglet's own share apart).
// Flags: --counts 1000,10000 --cases moving,static --engines webglet --rounds N --frames N
// --warmup N --heap-updates N --heap-warmup N --policies (the allocator policies at the largest count, churn)
// --detail (where each webglet frame spends its time and allocates), --js-flags '…' (V8's, to trace
// what it compiles). The page: sprites-page.ts.
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright';
import { withBenchBrowser } from '../../../scripts/browser-bench.mjs';
import {
  argument,
  comparisonTable,
  fmt,
  listArgument,
  machine,
  median,
  runCell,
  wholeArgument,
  type CellBudget,
  type HeapFigures,
} from './bench-driver.ts';
import { CANVAS, SPRITE } from './bunny-scene.ts';

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
 * At 100k, where 300 more frames would take minutes, the app's update runs 300 times alone first.
 */
function budget(count: number): CellBudget {
  const base =
    count >= 100_000
      ? { warmup: 10, timed: 20, heapUpdates: 300, heapWarmup: 30, heap: 5, counted: 2 }
      : count >= 10_000
        ? { warmup: 30, timed: 60, heapUpdates: 0, heapWarmup: 300, heap: 20, counted: 5 }
        : { warmup: 100, timed: 100, heapUpdates: 0, heapWarmup: 300, heap: 30, counted: 10 };
  return {
    ...base,
    warmup: wholeArgument('--warmup') ?? base.warmup,
    timed: wholeArgument('--frames') ?? base.timed,
    heapUpdates: wholeArgument('--heap-updates') ?? base.heapUpdates,
    heapWarmup: wholeArgument('--heap-warmup') ?? base.heapWarmup,
  };
}

interface Row {
  engine: EngineName;
  policy: string;
  count: number;
  scenario: Case;
  jsMs: number;
  wholeMs: number;
  bytesUploaded: number;
  drawCalls: number;
  bufferBytesPerSprite: number;
  heap: HeapFigures;
  allocatorShare: number | null;
  fragmentation: number | null;
}

async function measure(page: Page, baseUrl: string, engine: EngineName, count: number, scenario: Case, policy = 'first-fit'): Promise<Row> {
  const url = new URL(`sprites.html?engine=${engine}&count=${count}&case=${scenario}&policy=${policy}`, baseUrl).href;
  const cpu = engine === 'webglet' && (policy !== 'first-fit' || (WITH_POLICIES && scenario === 'churn') || DETAIL);
  const { js, whole, heap, profiled, counted } = await runCell(page, url, `${engine} ${count} ${scenario}`, budget(count), cpu, DETAIL);
  return {
    engine,
    policy: engine === 'webglet' ? policy : '–',
    count,
    scenario,
    jsMs: median(js),
    wholeMs: median(whole),
    bytesUploaded: counted.bytesUploaded,
    drawCalls: counted.drawCalls,
    bufferBytesPerSprite: counted.bufferBytes / count,
    heap,
    allocatorShare: profiled?.allocatorShare ?? null,
    fragmentation: counted.own?.fragmentation ?? null,
  };
}

const started = Date.now();
const jsFlags = argument('--js-flags');
const { rows, policies } = await withBenchBrowser(
  {
    root: fileURLToPath(new URL('.', import.meta.url)),
    prebundle: ['pixi.js', 'gl-matrix', 'twgl.js'],
    extraArgs: jsFlags === undefined ? [] : [`--js-flags=${jsFlags}`],
  },
  async ({ page, baseUrl }) => {
    const rows: Row[] = [];
    let cell = 0;
    for (const count of COUNTS) {
      for (const scenario of CASES) {
        for (let round = 0; round < ROUNDS; round++) {
          // Which engine goes first alternates from run to run.
          for (const engine of cell++ % 2 === 0 ? ENGINES : [...ENGINES].reverse()) {
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
  },
);

const cellRows = (count: number, scenario: Case, engine: EngineName): Row[] =>
  rows.filter((r) => r.count === count && r.scenario === scenario && r.engine === engine);

const lines = [
  '## Sprite benchmark',
  '',
  `Command: pnpm bench:sprites ${process.argv.slice(2).join(' ')}`.trimEnd(),
  machine(),
  `Canvas ${CANVAS} × ${CANVAS}, ${SPRITE} × ${SPRITE} white sprites; a fresh page per cell, ${ROUNDS} round(s), engines alternating; medians of each round, then the median of the rounds (their range in brackets).`,
  "JS = the app's update (`sprite.x += vx` … through getters and setters) and the engine's draw; whole = the same frame finished on the GPU (1-pixel readPixels) before the next starts.",
  'ratio = webglet ÷ PixiJS (below 1: webglet is faster). Heap: mean bytes a frame under the frame function, app included (frames allocating, of those profiled).',
  '',
  ...comparisonTable('sprites', COUNTS, CASES, cellRows),
];
const bytesPerSprite = (engine: EngineName): string => {
  const mine = rows.filter((r) => r.engine === engine && r.count === Math.max(...COUNTS));
  return mine.length === 0 ? '–' : fmt(median(mine.map((r) => r.bufferBytesPerSprite)), 1);
};
lines.push(
  '',
  `GPU buffer bytes per sprite at ${fmt(Math.max(...COUNTS))}: webglet ${bytesPerSprite('webglet')}, PixiJS ${bytesPerSprite('pixi')}.`,
);
if (policies.length > 0) {
  lines.push(
    '',
    'The allocator in the batch (churn, webglet; allocator share = CPU-profile samples with their own time in @webglet/allocator, of all under the frame):',
    '',
    '| sprites | policy | JS ms | whole ms | allocator share | fragmentation at the end |',
    '| --: | :-- | --: | --: | --: | --: |',
    ...policies.map(
      (r) =>
        `| ${fmt(r.count)} | ${r.policy} | ${fmt(r.jsMs, 3)} | ${fmt(r.wholeMs, 2)} | ${fmt(100 * (r.allocatorShare ?? 0), 1)} % | ${fmt(r.fragmentation ?? 0, 3)} |`,
    ),
  );
}
lines.push('', `Run took ${Math.round((Date.now() - started) / 1000)} s.`);
console.log(lines.join('\n'));
