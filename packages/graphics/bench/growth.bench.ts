// The growth benchmark (pnpm bench:growth): a vertex buffer grown by doubling with
// copyBufferSubData (GLBuffer.grow, ours), by re-uploading the CPU copy with bufferData (three.js,
// PixiJS), and by that re-upload kept to GLBuffer's contract (a new buffer and one getError), in
// headless Chromium (SwiftShader). Each run is a fresh page (growth-page.ts) that warms every way
// up, then grows each once, in an order that rotates between runs; every growth is timed from a
// drained GPU to a readPixels that waits for it. Prints Markdown tables: the median and min–max
// per size over the runs, what each growth's time went to, the first growth on a fresh page, and
// the machine's load.
// Flags: --runs 21, --from 1024, --to 134217728 (bytes), --large (to 512 MiB: minutes more).
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { withBenchBrowser } from '../../../scripts/browser-bench.mjs';
import type { Growth, PageResult, Way } from './growth-page.ts';

const flag = (name: string): string | undefined => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const whole = (name: string, fallback: number): number => {
  const value = Number(flag(name) ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} wants a whole number ≥ 1, not ${flag(name)}`);
  return value;
};
const MiB = 2 ** 20;
const RUNS = whole('--runs', 21);
const FROM = whole('--from', 1024);
const TO = whole('--to', process.argv.includes('--large') ? 512 * MiB : 128 * MiB);
const WAYS: Way[] = ['copy', 'reupload', 'checked', 'allocate'];
const PAGE_TIMEOUT_MS = 10 * 60_000;

/**
 * CPU clock ticks so far (Linux /proc; undefined elsewhere): the machine's, busy and in all, and
 * this process's tree (the browser, Vite). The machine is shared: others' load slows SwiftShader.
 */
function cpuTicks(): { busy: number; total: number; ours: number } | undefined {
  try {
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]!
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const parent = new Map<number, number>(),
      ticks = new Map<number, number>();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      } catch {
        continue;
      } // exited meanwhile
      // After "(command) ": state, ppid, …; utime and stime are the 12th and 13th fields from there.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(entry), Number(fields[1]));
      ticks.set(Number(entry), Number(fields[11]) + Number(fields[12]));
    }
    let ours = 0;
    for (const [pid, own] of ticks) {
      for (let p: number | undefined = pid; p !== undefined && p > 1; p = parent.get(p)) {
        if (p === process.pid) {
          ours += own;
          break;
        }
      }
    }
    const busy = user + nice + system + irq + softirq + steal;
    return { busy, total: busy + idle + iowait, ours };
  } catch {
    return undefined;
  }
}

/** The share of both cores that other processes took between two cpuTicks() (0–1). */
function othersShare(from: ReturnType<typeof cpuTicks>, to: ReturnType<typeof cpuTicks>): number | undefined {
  if (!from || !to || to.total <= from.total) return undefined;
  return Math.max(0, (to.busy - from.busy - (to.ours - from.ours)) / (to.total - from.total));
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  return sorted.length % 2 === 1 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const total = (growth: Growth): number => growth.call + growth.wait;
const ms = (value: number): string => (value < 10 ? value.toFixed(2) : value.toFixed(1));
const spread = (values: readonly number[]): string => `${ms(median(values))} (${ms(Math.min(...values))}–${ms(Math.max(...values))})`;
const size = (bytes: number): string => (bytes >= MiB ? `${bytes / MiB} MiB` : `${bytes / 1024} KiB`);
const percent = (share: number | undefined): string => (share === undefined ? '?' : `${Math.round(100 * share)} %`);

const started = Date.now();
const loadBefore = os.loadavg();
const results: PageResult[] = [];
const others: (number | undefined)[] = [];
const colds: Record<Way, Growth[]> = { copy: [], reupload: [], checked: [], allocate: [] };
await withBenchBrowser({ root: fileURLToPath(new URL('.', import.meta.url)) }, async ({ page, baseUrl }) => {
  // An error on the page (a module that fails to load, say) ends the run now, not at the timeout.
  let pageError: Error | undefined;
  page.on('pageerror', (error) => {
    pageError = error;
  });
  for (let run = 0; run < RUNS; run++) {
    // Rotated each run: neither way always runs first, on the colder (or emptier) page.
    const order = WAYS.map((_, i) => WAYS[(i + run) % WAYS.length]!);
    const before = cpuTicks();
    await page.goto(new URL(`growth.html?from=${FROM}&to=${TO}&ways=${order.join(',')}`, baseUrl).href);
    for (const deadline = Date.now() + PAGE_TIMEOUT_MS; ;) {
      const done = await page.evaluate(() => window.benchResult !== undefined || window.benchError !== undefined);
      if (done || pageError !== undefined) break;
      if (Date.now() > deadline) throw new Error(`run ${run + 1}: no result within ${PAGE_TIMEOUT_MS / 1000} s`);
      await sleep(250);
    }
    const { result, error } = await page.evaluate(() => ({
      result: window.benchResult as PageResult | undefined,
      error: window.benchError,
    }));
    if (error !== undefined || result === undefined) throw new Error(`run ${run + 1}: the page failed: ${error ?? pageError?.message}`);
    const share = othersShare(before, cpuTicks());
    results.push(result);
    others.push(share);
    colds[order[0]!].push(result.cold);
    const sum = (way: Way): number => result.growths[way]!.reduce((s, g) => s + total(g), 0);
    process.stderr.write(
      `  run ${run + 1}/${RUNS} (${order.join(', ')}): in all ${order.map((way) => `${way} ${ms(sum(way))} ms`).join(', ')}; others' CPU ${percent(share)}\n`,
    );
  }
});
const loadAfter = os.loadavg();

const steps = results[0]!.growths.copy!.length;
const of = (way: Way, step: number, pick: (g: Growth) => number = total): number[] => results.map((r) => pick(r.growths[way]![step]!));
const sums = (way: Way): number[] => results.map((r) => r.growths[way]!.reduce((s, g) => s + total(g), 0));
/** theirs / ours: the ratio of the medians, then the runs' own ratios, min–max. */
const ratioRange = (ours: number[], theirs: number[]): string => {
  const ratios = ours.map((o, i) => theirs[i]! / o);
  return `${(median(theirs) / median(ours)).toFixed(2)}× (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`;
};
const intact = results.every((r) => WAYS.every((way) => r.intact[way]));
const glErrors = results.filter((r) => r.glError !== 0).length;
const command = `pnpm bench:growth${process.argv
  .slice(2)
  .map((a) => ` ${a}`)
  .join('')}`;

const lines = [
  '## Growth benchmark',
  '',
  `Command: \`${command}\`. Machine: ${os.cpus()[0]?.model ?? 'unknown'} × ${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${process.platform} ${os.release()}; headless Chromium, ${results[0]!.renderer}.`,
  `Load average (1, 5, 15 min): ${loadBefore.map((l) => l.toFixed(2)).join(', ')} at the start, ${loadAfter.map((l) => l.toFixed(2)).join(', ')} at the end; others' share of the CPU by run: median ${percent(median(others.map((o) => o ?? 0)))}, max ${percent(Math.max(...others.map((o) => o ?? 0)))}.`,
  `${RUNS} runs, each on a fresh page: every way warmed up (${size(FROM)} → ${size(Math.min(TO, 16 * MiB))}), then each grown ${size(FROM)} → ${size(TO)}, the order rotating by run.`,
  'Each growth starts on a drained GPU and is timed to a 1-pixel readPixels after it, which returns when the GPU has finished the growth',
  "(gl.finish() does not: Chromium makes it a flush). Times in ms: median (min–max) over the runs; the ratio is of the medians, with the runs' own ratios.",
  '',
  'Checked re-upload: the re-upload into a new WebGLBuffer with one getError, the guarantee GLBuffer.grow gives (a refusal changes nothing).',
  'Allocation only: the bigger shadow and a new WebGLBuffer of the new size, no byte moved and no check: what any growth into a new buffer pays',
  'at least, so re-upload / allocation only is the most any such growth could gain over a re-upload.',
  '',
  '| growth | copyBufferSubData (ours) | bufferData re-upload (three.js, PixiJS) | re-upload / ours | checked re-upload | checked / ours | allocation only | re-upload / allocation only |',
  '| --: | --: | --: | --: | --: | --: | --: | --: |',
];
for (let step = 0; step < steps; step++) {
  const from = FROM * 2 ** step;
  const ours = of('copy', step),
    theirs = of('reupload', step),
    checked = of('checked', step),
    floor = of('allocate', step);
  lines.push(
    `| ${size(from)} → ${size(2 * from)} | ${spread(ours)} | ${spread(theirs)} | ${ratioRange(ours, theirs)} | ${spread(checked)} | ${ratioRange(ours, checked)} | ${spread(floor)} | ${ratioRange(floor, theirs)} |`,
  );
}
lines.push(
  `| **total ${size(FROM)} → ${size(TO)}** | **${spread(sums('copy'))}** | **${spread(sums('reupload'))}** | **${ratioRange(sums('copy'), sums('reupload'))}** | **${spread(sums('checked'))}** | **${ratioRange(sums('copy'), sums('checked'))}** | **${spread(sums('allocate'))}** | **${ratioRange(sums('allocate'), sums('reupload'))}** |`,
);

const part = (way: Way, step: number, pick: (g: Growth) => number): string => ms(median(of(way, step, pick)));
lines.push(
  '',
  'Where the time goes (medians, ms). Ours: JS = the call outside GL (mostly the CPU shadow: allocate and copy); create = createBuffer + bufferData(size) issued;',
  'getError = the check of that bufferData, which waits for the GPU process to run what was issued; copy = copyBufferSubData issued; wait = the readPixels after the call.',
  'Re-upload: JS = the shadow; bufferData = allocating and sending the whole shadow; wait = the readPixels.',
  '',
  '| growth | ours: JS | create | getError | copy | other GL | wait | re-upload: JS | bufferData | wait |',
  '| --: | --: | --: | --: | --: | --: | --: | --: | --: | --: |',
);
for (let step = 0; step < steps; step++) {
  const from = FROM * 2 ** step;
  lines.push(
    `| ${size(from)} → ${size(2 * from)} | ${part('copy', step, (g) => g.js)} | ${part('copy', step, (g) => g.create)} | ${part('copy', step, (g) => g.check)} | ${part('copy', step, (g) => g.copy)} | ${part('copy', step, (g) => g.otherGL)} | ${part('copy', step, (g) => g.wait)} | ${part('reupload', step, (g) => g.js)} | ${part('reupload', step, (g) => g.create)} | ${part('reupload', step, (g) => g.wait)} |`,
  );
}

const coldLine = (way: Way): string => {
  const runs = colds[way];
  if (runs.length === 0) return `| ${way} | – | – | – | – |`;
  const name = {
    copy: 'copyBufferSubData (ours)',
    reupload: 'bufferData re-upload',
    checked: 'checked re-upload',
    allocate: 'allocation only',
  }[way];
  return `| ${name} | ${runs.length} | ${spread(runs.map(total))} | ${ms(median(runs.map((g) => g.js)))} / ${ms(median(runs.map((g) => g.create)))} / ${ms(median(runs.map((g) => g.check)))} / ${ms(median(runs.map((g) => g.copy + g.otherGL)))} | ${ms(median(runs.map((g) => g.wait)))} |`;
};
lines.push(
  '',
  'The first growth on a fresh page (1 MiB → 2 MiB, before any warm-up), by the way that ran first:',
  '',
  '| way | runs | total ms | JS / create or bufferData / getError / copy and other GL | wait |',
  '| :-- | --: | --: | --: | --: |',
  ...WAYS.map(coldLine),
  '',
  `Every final buffer holds the pattern (read back with getBufferSubData, word for word): ${intact ? 'yes' : 'NO'}; gl.getError() after each run: ${glErrors === 0 ? 'NO_ERROR' : `an error in ${glErrors} runs`}.`,
  `Run took ${Math.round((Date.now() - started) / 1000)} s.`,
);
console.log(lines.join('\n'));
if (!intact || glErrors > 0) process.exitCode = 1;
