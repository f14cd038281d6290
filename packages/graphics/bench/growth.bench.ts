// The growth benchmark (pnpm bench:growth): a vertex buffer grown from 1 MiB to
// 128 MiB by doubling, with copyBufferSubData (ours) and by re-uploading the CPU
// copy with bufferData (three.js, PixiJS), side by side in one headless Chromium
// run (SwiftShader). The page is growth-page.ts; this prints its table (Markdown).
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { runBrowserBench } from '../../../scripts/browser-bench.mjs';

interface Step { fromMiB: number; toMiB: number; copyMs: number; reuploadMs: number }
interface Result { runs: number; steps: Step[]; totals: { copyMs: number; reuploadMs: number }; identical: boolean; glError: number; renderer: string }

const started = Date.now();
const result = await runBrowserBench({ root: fileURLToPath(new URL('.', import.meta.url)), page: 'growth.html' }) as Result;
const ms = (value: number): string => value.toFixed(1);
const ratio = (ours: number, theirs: number): string => `${(theirs / ours).toFixed(1)}×`;
const lines = [
  '## Growth benchmark',
  '',
  `Machine: ${os.cpus()[0]?.model ?? 'unknown'} × ${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${process.platform} ${os.release()}; Chromium, ${result.renderer}.`,
  `Median of ${result.runs} alternating runs; each growth timed to gl.finish().`,
  '',
  '| growth | copyBufferSubData (ours) | bufferData re-upload (three.js, PixiJS) | re-upload / ours |',
  '| --: | --: | --: | --: |',
  ...result.steps.map((s) => `| ${s.fromMiB} → ${s.toMiB} MiB | ${ms(s.copyMs)} ms | ${ms(s.reuploadMs)} ms | ${ratio(s.copyMs, s.reuploadMs)} |`),
  `| **total 1 → 128 MiB** | **${ms(result.totals.copyMs)} ms** | **${ms(result.totals.reuploadMs)} ms** | **${ratio(result.totals.copyMs, result.totals.reuploadMs)}** |`,
  '',
  `Contents identical at 128 MiB (read back with getBufferSubData, byte for byte): ${result.identical ? 'yes' : 'NO'}; gl.getError(): ${result.glError === 0 ? 'NO_ERROR' : result.glError}.`,
  `Run took ${Math.round((Date.now() - started) / 1000)} s.`,
];
console.log(lines.join('\n'));
if (!result.identical || result.glError !== 0) process.exitCode = 1;
