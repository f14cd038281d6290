// The shapes benchmark (pnpm bench:shapes): mixed shapes (shape-scene.ts) in webglet and in PixiJS 8
// Graphics, by the sprite benchmark's method (bench-driver.ts): a fresh page per cell, engines
// alternating, in headless Chromium on SwiftShader. Per cell it reports the JS time of a frame
// (the app's update through getters and setters, and the draw) and the whole frame, finished on
// the GPU by a 1-pixel readPixels before the next frame starts, for both engines in one run;
// bytes uploaded and draw calls (counted at the WebGL API for both), GPU buffer bytes, and the JS
// heap a frame (Chrome's sampling heap profiler, every allocation, app included; webglet's own
// share apart).
// Flags: --counts 1000,10000 --cases moving,static --engines webglet --rounds N --frames N
// --warmup N --heap-warmup N --detail (where each webglet frame spends its time and allocates),
// --js-flags '…' (V8's). The page: shapes-page.ts.
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
import { CANVAS, CIRCLE, LINE, RECTANGLE, STAR } from './shape-scene.ts';

const ALL_CASES = ['moving', 'static'] as const;
const ALL_ENGINES = ['webglet', 'pixi'] as const;
const COUNTS = argument('--counts')?.split(',').map(Number) ?? [1_000, 10_000];
const CASES = listArgument('--cases', ALL_CASES);
const ENGINES = listArgument('--engines', ALL_ENGINES);
const ROUNDS = wholeArgument('--rounds') ?? 2;
const DETAIL = process.argv.includes('--detail');

type Case = (typeof ALL_CASES)[number];
type EngineName = (typeof ALL_ENGINES)[number];

/** Frames per cell (bench:sprites' figures, fewer at 10k, where a frame takes tens of milliseconds). */
function budget(count: number): CellBudget {
  const base =
    count >= 10_000
      ? { warmup: 30, timed: 60, heapUpdates: 0, heapWarmup: 200, heap: 15, counted: 5 }
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
  count: number;
  scenario: Case;
  jsMs: number;
  wholeMs: number;
  bytesUploaded: number;
  drawCalls: number;
  bufferBytesPerShape: number;
  heap: HeapFigures;
}

async function measure(page: Page, baseUrl: string, engine: EngineName, count: number, scenario: Case): Promise<Row> {
  const url = new URL(`shapes.html?engine=${engine}&count=${count}&case=${scenario}`, baseUrl).href;
  const { js, whole, heap, counted } = await runCell(
    page,
    url,
    `${engine} ${count} ${scenario}`,
    budget(count),
    engine === 'webglet' && DETAIL,
    DETAIL,
  );
  return {
    engine,
    count,
    scenario,
    jsMs: median(js),
    wholeMs: median(whole),
    bytesUploaded: counted.bytesUploaded,
    drawCalls: counted.drawCalls,
    bufferBytesPerShape: counted.bufferBytes / count,
    heap,
  };
}

const started = Date.now();
const jsFlags = argument('--js-flags');
const rows = await withBenchBrowser(
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
    return rows;
  },
);

const cellRows = (count: number, scenario: Case, engine: EngineName): Row[] =>
  rows.filter((r) => r.count === count && r.scenario === scenario && r.engine === engine);

const lines = [
  '## Shapes benchmark',
  '',
  `Command: pnpm bench:shapes ${process.argv.slice(2).join(' ')}`.trimEnd(),
  machine(),
  `Canvas ${CANVAS} × ${CANVAS}; a quarter each of ${RECTANGLE.width} × ${RECTANGLE.height} rectangles, circles of radius ${CIRCLE.radius} in ${CIRCLE.segments} segments, ` +
    `${STAR.spikes}-point stars (radii ${STAR.outer} and ${STAR.inner}) and lines ${LINE.thickness} px thick; PixiJS: Graphics sharing one GraphicsContext per kind. ` +
    `A fresh page per cell, ${ROUNDS} round(s), engines alternating; medians of each round, then the median of the rounds (their range in brackets).`,
  "JS = the app's update (`shape.x += vx` … through getters and setters, bouncing at the edges; webglet's lines move their end too) and the engine's draw; " +
    'whole = the same frame finished on the GPU (1-pixel readPixels) before the next starts.',
  'ratio = webglet ÷ PixiJS (below 1: webglet is faster). Heap: mean bytes a frame under the frame function, app included (frames allocating, of those profiled).',
  '',
  ...comparisonTable('shapes', COUNTS, CASES, cellRows),
];
const bytesPerShape = (engine: EngineName): string => {
  const mine = rows.filter((r) => r.engine === engine && r.count === Math.max(...COUNTS));
  return mine.length === 0 ? '–' : fmt(median(mine.map((r) => r.bufferBytesPerShape)), 1);
};
lines.push(
  '',
  `GPU buffer bytes per shape at ${fmt(Math.max(...COUNTS))}: webglet ${bytesPerShape('webglet')}, PixiJS ${bytesPerShape('pixi')}.`,
);
lines.push('', `Run took ${Math.round((Date.now() - started) / 1000)} s.`);
console.log(lines.join('\n'));
