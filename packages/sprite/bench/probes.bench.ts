// The sprite layout probes (pnpm --filter @webglet/sprite run bench:probes): which GPU layout
// should webglet's sprites use? SwiftShader runs an instanced draw as one draw per instance, so
// today's layout (instanced) costs several µs a sprite before any pixel; the probes draw the same
// seeded sprites in raw WebGL2 in each candidate layout (see probes-page.ts) and time the frame
// as a player gets it: the JS of update and draw, and the whole frame up to a one-pixel
// readPixels, which waits for the GPU. Each cell runs on a fresh page; layouts alternate their
// order between rounds, and the table gives the median over all rounds' timed frames, with the
// spread of the rounds' own medians.
// This machine is shared (2 cores; SwiftShader uses both), so each cell also reports the CPU that
// other processes took while it ran, waits (up to --wait-quiet seconds) for a quiet machine first,
// and runs a round again (up to --retries times) when others took over 15 % of the CPU meanwhile.
// Flags: --counts 1000,10000 --layouts quads,records:arrays --cases static,moving --frames 30
// --warmup 10 --rounds 2 --wait-quiet 10 --retries 2 (layout options: :u16 indices, :arrays for
// records; see the page).
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright';
import { withBenchBrowser } from '../../../scripts/browser-bench.mjs';
import type { FrameTimes } from './probes-page.ts';

const flag = (name: string): string | undefined => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const list = (name: string, fallback: readonly string[]): string[] => flag(name)?.split(',').filter(Boolean) ?? [...fallback];
const whole = (name: string, fallback: number): number => {
  const value = Number(flag(name) ?? fallback);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} wants a whole number, not ${flag(name)}`);
  return value;
};

const COUNTS = list('--counts', ['1000', '10000', '100000']).map(Number);
const CASES = list('--cases', ['static', 'moving']);
const LAYOUTS = list('--layouts', ['instanced', 'quads', 'records', 'cpu-quads']);
const FRAMES = whole('--frames', 30);
const WARMUP = whole('--warmup', 10);
const ROUNDS = Math.max(1, whole('--rounds', 2));
const WAIT_QUIET_S = whole('--wait-quiet', 10);
const RETRIES = whole('--retries', 2);
/** Others' share of the CPU above which a round is run again. */
const BUSY = 0.15;

interface Run {
  js: number;
  whole: number;
  bytes: number;
  draws: number;
  frames: FrameTimes;
  others: number | undefined;
}

/**
 * CPU clock ticks so far (Linux /proc; undefined elsewhere): the machine's, busy and in all, and
 * this process's and its descendants' (the browser and Vite). Another engineer's test run halves
 * SwiftShader's speed here; without this a slow cell looks like a slow layout.
 */
function cpuTicks(): { busy: number; total: number; ours: number } | undefined {
  try {
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]!
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const busy = user + nice + system + irq + softirq + steal;
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
      // After the command name in parentheses: state, ppid, … utime and stime are fields 14 and 15.
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
    return { busy, total: busy + idle + iowait, ours };
  } catch {
    return undefined;
  }
}

/** The share of the machine's CPU that other processes took between two cpuTicks() (0–1). */
const othersShare = (from: ReturnType<typeof cpuTicks>, to: ReturnType<typeof cpuTicks>): number | undefined =>
  from && to && to.total > from.total ? Math.max(0, (to.busy - from.busy - (to.ours - from.ours)) / (to.total - from.total)) : undefined;

/** Waits until other processes take under 10% of the CPU for a second, or `WAIT_QUIET_S` have passed. */
async function waitQuiet(): Promise<void> {
  const deadline = Date.now() + WAIT_QUIET_S * 1000;
  for (;;) {
    const from = cpuTicks();
    await sleep(1000);
    const share = othersShare(from, cpuTicks());
    if (share === undefined || share < 0.1 || Date.now() > deadline) return;
  }
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  return sorted.length % 2 === 1 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function measure(page: Page, baseUrl: string, layout: string, count: number, scenario: string): Promise<Run> {
  await page.goto(new URL(`probes.html?layout=${layout}&count=${count}&case=${scenario}`, baseUrl).href);
  await page.waitForFunction(() => window.probe !== undefined || window.benchError !== undefined, null, { timeout: 300_000 });
  const failed = async (): Promise<void> => {
    const error = await page.evaluate(() => window.benchError);
    if (error !== undefined) throw new Error(`${layout} ${count} ${scenario}: ${error}`);
  };
  await failed();
  await page.evaluate((n) => window.probe!.frames(n), WARMUP);
  const before = cpuTicks();
  const frames = await page.evaluate((n) => window.probe!.frames(n), FRAMES);
  const others = othersShare(before, cpuTicks());
  await failed();
  const { bytesPerFrame, drawCallsPerFrame } = await page.evaluate(() => window.probe!.counts());
  return { js: median(frames.js), whole: median(frames.whole), bytes: bytesPerFrame, draws: drawCallsPerFrame, frames, others };
}

const percent = (share: number | undefined): string => (share === undefined ? '?' : `${Math.round(100 * share)} %`);

const started = Date.now();
const loadBefore = os.loadavg();
let renderer = '';
const runs = new Map<string, Run[]>();
const key = (count: number, scenario: string, layout: string): string => `${count} ${scenario} ${layout}`;
await withBenchBrowser({ root: fileURLToPath(new URL('.', import.meta.url)) }, async ({ page, baseUrl }) => {
  for (const count of COUNTS) {
    for (const scenario of CASES) {
      for (let round = 0; round < ROUNDS; round++) {
        // Reversed every other round, so no layout always runs first (or last) in a cell.
        for (const layout of round % 2 === 0 ? LAYOUTS : [...LAYOUTS].reverse()) {
          let run: Run;
          for (let attempt = 0; ; attempt++) {
            await waitQuiet();
            run = await measure(page, baseUrl, layout, count, scenario);
            process.stderr.write(
              `  ${key(count, scenario, layout)} round ${round + 1}/${ROUNDS}: js ${run.js.toFixed(3)} ms, whole ${run.whole.toFixed(3)} ms, others' CPU ${percent(run.others)}\n`,
            );
            // A round that shared the cores measures the neighbour as much as the layout: run it again.
            if (attempt >= RETRIES || (run.others ?? 0) <= BUSY) break;
            process.stderr.write(`    others took over ${percent(BUSY)} of the CPU: again\n`);
          }
          renderer ||= await page.evaluate(() => window.probe!.renderer);
          runs.set(key(count, scenario, layout), [...(runs.get(key(count, scenario, layout)) ?? []), run]);
        }
      }
    }
  }
});

const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ms = (n: number): string => fmt(n, n < 10 ? 3 : 1);
const loadAfter = os.loadavg();
const lines = [
  '## Sprite layout probes',
  '',
  `Command: pnpm --filter @webglet/sprite run bench:probes${process.argv
    .slice(2)
    .map((a) => ` ${a}`)
    .join('')}`,
  `Machine: ${os.cpus()[0]?.model ?? 'unknown'} × ${os.cpus().length}, Node ${process.version}; headless Chromium, ${renderer || 'WebGL2'}.`,
  `Load average (1, 5, 15 min): ${loadBefore.map((l) => l.toFixed(2)).join(', ')} at the start, ${loadAfter.map((l) => l.toFixed(2)).join(', ')} at the end.`,
  `256 × 256 canvas, 4 × 4 px sprites (white 4 × 4 texture, nearest, alpha blending), seeded positions, turns and scales.`,
  `Per cell: a fresh page, ${WARMUP} warm-up frames, ${FRAMES} timed frames, ${ROUNDS} rounds (layout order reversed every other round).`,
  "JS = update (moving: positions into the layout's arrays, upload) and draw calls; whole = from the start of the frame",
  "to a one-pixel readPixels returning (the GPU has finished). Medians over every timed frame of all rounds; the range is the rounds' own medians.",
  `Others' CPU = the share of both cores other processes took during each round's timed frames (50 % = a whole core: expect the whole frame to slow down); a round over ${percent(BUSY)} was run again, up to ${RETRIES} times.`,
  '',
  "| sprites | case | layout | JS ms / frame (median) | whole frame ms (median) | whole: rounds' medians, min–max | bytes uploaded / frame | draw calls / frame | whole vs quads | others' CPU by round |",
  '| --: | :-- | :-- | --: | --: | --: | --: | --: | --: | --: |',
];
for (const count of COUNTS) {
  for (const scenario of CASES) {
    const reference = runs.get(key(count, scenario, 'quads'));
    const referenceWhole = reference && median(reference.flatMap((r) => r.frames.whole));
    for (const layout of LAYOUTS) {
      const mine = runs.get(key(count, scenario, layout)) ?? [];
      if (mine.length === 0) continue;
      const js = median(mine.flatMap((r) => r.frames.js));
      const wholeMs = median(mine.flatMap((r) => r.frames.whole));
      const rounds = mine.map((r) => r.whole);
      const ratio = referenceWhole === undefined ? '–' : `${fmt(wholeMs / referenceWhole, 2)}×`;
      lines.push(
        `| ${fmt(count)} | ${scenario} | ${layout} | ${ms(js)} | ${ms(wholeMs)} | ${ms(Math.min(...rounds))}–${ms(Math.max(...rounds))} | ${fmt(mine[0]!.bytes)} | ${fmt(mine[0]!.draws, 1)} | ${ratio} | ${mine.map((r) => percent(r.others)).join(', ')} |`,
      );
    }
  }
}
lines.push('', `Run took ${Math.round((Date.now() - started) / 1000)} s.`);
console.log(lines.join('\n'));
