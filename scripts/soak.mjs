// Soak (a script, not CI): `pnpm soak [--minutes N] [--interval S]` runs the churn
// example (examples/churn: thousands of shapes created and deleted per second in one
// Batch) animating with requestAnimationFrame in headless Chromium for N minutes
// (default 10), and every S seconds (default 10) samples:
// - the JS heap after a forced GC (CDP HeapProfiler.collectGarbage, then
//   Runtime.getHeapUsage) and performance.memory (--enable-precise-memory-info);
// - the page's live shapes and vertices, and the shape domain's capacity and the
//   batch's GPU buffer bytes, through the read-only `window.__soak` hook of churn/main.ts.
// It prints a table and checks that nothing grows after the warm-up (the first
// minute, or the first half of a run shorter than two minutes) beyond 2 × the peak
// live data:
// - JS heap: a later sample fails if it is above 2 × the largest heap of the warm-up;
// - GPU buffers: a later sample fails if it is above both 2 × the peak live vertex
//   bytes (peak live vertices of the whole run × bytes per vertex) and the largest
//   buffer bytes of the warm-up. So a capacity the warm-up reached is not held
//   against the run (power-of-two doubling plus fragmentation can put it just past
//   2 ×; that is printed as a note), but any growth after it past the bound is.
// Exit code 1 when a check fails (or the page stops animating), 0 otherwise.
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { withBenchBrowser } from './browser-bench.mjs';

const { values: args } = parseArgs({
  options: { minutes: { type: 'string', default: '10' }, interval: { type: 'string', default: '10' } },
  allowPositionals: false,
});
const minutes = Number(args.minutes);
const intervalSeconds = Number(args.interval);
if (!(minutes > 0) || !Number.isFinite(minutes)) throw new Error(`--minutes must be a number > 0, got ${args.minutes}`);
if (!(intervalSeconds > 0) || !Number.isFinite(intervalSeconds)) throw new Error(`--interval must be a number > 0, got ${args.interval}`);

const totalMs = minutes * 60_000;
const warmupMs = Math.min(60_000, totalMs / 2);
const MB = 1024 * 1024;

const root = resolve(import.meta.dirname, '../examples');
const samples = await withBenchBrowser(
  { root, extraArgs: ['--enable-precise-memory-info'], prebundle: ['gl-matrix'] },
  async ({ page, baseUrl }) => {
    const cdp = await page.context().newCDPSession(page);
    let loads = 0;
    page.on('load', () => {
      loads++;
    });
    await page.goto(new URL('churn/index.html', baseUrl).href);
    await page.waitForFunction(() => window.__soak !== undefined, undefined, { timeout: 60_000 });
    process.stderr.write(`soak: churn example running for ${minutes} min, sampling every ${intervalSeconds} s\n`);
    const started = Date.now();
    const out = [];
    for (let next = intervalSeconds * 1000; next <= totalMs + 1; next += intervalSeconds * 1000) {
      await sleep(Math.max(0, started + next - Date.now()));
      await cdp.send('HeapProfiler.collectGarbage');
      const heap = await cdp.send('Runtime.getHeapUsage');
      const page_ = await page.evaluate(() => ({
        ...window.__soak.sample(),
        jsHeap: window.performance.memory?.usedJSHeapSize ?? NaN,
      }));
      const sample = { t: (Date.now() - started) / 1000, heapUsed: heap.usedSize, heapTotal: heap.totalSize, ...page_, loads };
      out.push(sample);
      process.stderr.write(
        `  ${sample.t.toFixed(0)} s: ${sample.shapes} shapes, ${(sample.heapUsed / MB).toFixed(2)} MB heap, ${sample.bufferBytes} buffer bytes\n`,
      );
    }
    return out;
  },
);

// The table.
const columns = [
  ['t (s)', (s) => s.t.toFixed(0)],
  ['frame', (s) => String(s.frame)],
  ['fps', (s, i) => (i === 0 ? '–' : ((s.frame - samples[i - 1].frame) / (s.t - samples[i - 1].t)).toFixed(1))],
  ['live shapes', (s) => String(s.shapes)],
  ['vertices', (s) => String(s.vertices)],
  ['peak vertices', (s) => String(s.peakVertices)],
  ['created', (s) => String(s.created)],
  ['capacity', (s) => String(s.capacity)],
  ['growths', (s) => String(s.growths)],
  ['buffer bytes', (s) => String(s.bufferBytes)],
  ['heap after GC (MB)', (s) => (s.heapUsed / MB).toFixed(2)],
  ['performance.memory (MB)', (s) => (Number.isFinite(s.jsHeap) ? (s.jsHeap / MB).toFixed(2) : 'n/a')],
];
const cells = samples.map((s, i) => columns.map(([, cell]) => cell(s, i)));
const widths = columns.map(([title], c) => Math.max(title.length, ...cells.map((row) => row[c].length)));
const line = (row) => row.map((text, c) => text.padStart(widths[c])).join('  ');
console.log(line(columns.map(([title]) => title)));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const row of cells) console.log(line(row));

// The checks.
const failures = [];
const warm = samples.filter((s) => s.t * 1000 <= warmupMs + 500);
const later = samples.filter((s) => s.t * 1000 > warmupMs + 500);
const last = samples[samples.length - 1];
if (samples.some((s) => s.loads > 1)) failures.push('the page reloaded during the run (its figures restarted)');
for (let i = 1; i < samples.length; i++) {
  if (samples[i].frame <= samples[i - 1].frame)
    failures.push(`the page stopped animating between ${samples[i - 1].t.toFixed(0)} s and ${samples[i].t.toFixed(0)} s`);
}
const heapPeakWarm = Math.max(...warm.map((s) => s.heapUsed));
const heapLimit = 2 * heapPeakWarm;
const heapMaxLater = later.length > 0 ? Math.max(...later.map((s) => s.heapUsed)) : NaN;
const bytesPerVertex = last.capacity > 0 ? last.bufferBytes / last.capacity : 0;
const peakLiveBytes = last.peakVertices * bytesPerVertex;
const bufferPeakWarm = Math.max(...warm.map((s) => s.bufferBytes));
const bufferLimit = Math.max(2 * peakLiveBytes, bufferPeakWarm);
const bufferMaxLater = later.length > 0 ? Math.max(...later.map((s) => s.bufferBytes)) : NaN;
for (const s of later) {
  if (s.heapUsed > heapLimit)
    failures.push(
      `JS heap ${(s.heapUsed / MB).toFixed(2)} MB at ${s.t.toFixed(0)} s > 2 × warm-up peak ${(heapPeakWarm / MB).toFixed(2)} MB`,
    );
  if (s.bufferBytes > bufferLimit) {
    failures.push(
      `GPU buffer bytes ${s.bufferBytes} at ${s.t.toFixed(0)} s grew past the warm-up's ${bufferPeakWarm} and 2 × peak live vertex bytes ${peakLiveBytes}`,
    );
  }
}

console.log('');
console.log(`warm-up: first ${(warmupMs / 1000).toFixed(0)} s (${warm.length} samples); checked after it: ${later.length} samples`);
console.log(
  `JS heap after GC: warm-up peak ${(heapPeakWarm / MB).toFixed(2)} MB, later max ${(heapMaxLater / MB).toFixed(2)} MB, limit ${(heapLimit / MB).toFixed(2)} MB`,
);
console.log(
  `GPU buffers: peak live ${last.peakVertices} vertices × ${bytesPerVertex} B = ${peakLiveBytes} B, warm-up max ${bufferPeakWarm} B, later max ${bufferMaxLater} B, limit ${bufferLimit} B`,
);
if (bufferPeakWarm > 2 * peakLiveBytes) {
  console.log(
    `note: the warm-up already reached ${(bufferPeakWarm / peakLiveBytes).toFixed(3)} × the peak live vertex bytes (doubling past a fragmented domain)`,
  );
}
console.log(`shapes: ${last.created} created, ${last.deleted} deleted, ${last.shapes} live at the end; domain growths ${last.growths}`);
if (later.length === 0) console.log('note: the run is too short for any sample after the warm-up; nothing was checked');
if (failures.length > 0) {
  console.log(`\nSOAK FAILED:\n${[...new Set(failures)].map((f) => `  - ${f}`).join('\n')}`);
  process.exitCode = 1;
} else {
  console.log('\nsoak passed: JS heap and GPU buffer bytes stayed bounded');
}
