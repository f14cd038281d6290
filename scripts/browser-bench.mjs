// Browser benchmarks: pages served by Vite from a package's bench/ folder
// (TypeScript as in the gallery) and driven in headless Chromium (SwiftShader).
// Shared by bench:growth and bench:sprites.
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright';
import { createServer } from 'vite';
import { chromiumLaunchOptions } from '@webglet/testing/chromium';
import { sourceResolve } from './source-condition.mjs';

// Cross-origin isolation gives performance.now() 5 µs resolution instead of 100 µs.
const ISOLATION_HEADERS = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

/**
 * Serves `root`, launches Chromium and calls `drive({ page, baseUrl })`; closes both after.
 * @template T
 * `prebundle` lists dependencies for Vite to pre-bundle at start: found later, they
 * would make Vite reload the page in the middle of a run.
 * @param {{ root: string, extraArgs?: string[], prebundle?: string[] }} options
 * @param {(context: { page: import('playwright').Page, baseUrl: string }) => Promise<T>} drive
 * @returns {Promise<T>}
 */
export async function withBenchBrowser({ root, extraArgs = [], prebundle = [] }, drive) {
  const server = await createServer({
    // No watcher and no HMR: an edit elsewhere in the workspace must not reload a page mid-run.
    root,
    configFile: false,
    logLevel: 'warn',
    resolve: sourceResolve,
    server: { host: '127.0.0.1', port: 0, headers: ISOLATION_HEADERS, hmr: false, watch: null },
    optimizeDeps: { include: prebundle },
  });
  await server.listen();
  const launch = chromiumLaunchOptions({ require: true });
  const browser = await chromium.launch({ ...launch, args: [...launch.args, ...extraArgs] });
  try {
    const page = await browser.newPage({ viewport: { width: 800, height: 600 }, deviceScaleFactor: 1 });
    page.on('pageerror', (error) => process.stderr.write(`[page error] ${error.message}\n`));
    page.on('console', (message) => {
      if (message.type() === 'error') process.stderr.write(`[page console.error] ${message.text()}\n`);
    });
    return await drive({ page, baseUrl: server.resolvedUrls.local[0] });
  } finally {
    await browser.close();
    await server.close();
  }
}

/**
 * Opens `page` and waits for it to set `window.benchResult` (or `window.benchError`),
 * echoing `window.benchProgress` to stderr; returns the result.
 * @param {{ root: string, page: string, timeoutMs?: number, extraArgs?: string[] }} options
 * @returns {Promise<unknown>}
 */
export function runBrowserBench({ root, page: pagePath, timeoutMs = 30 * 60_000, extraArgs = [] }) {
  return withBenchBrowser({ root, extraArgs }, async ({ page, baseUrl }) => {
    await page.goto(new URL(pagePath, baseUrl).href);
    let lastProgress = '';
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const state = await page.evaluate(() => ({
        result: window.benchResult,
        error: window.benchError,
        progress: window.benchProgress ?? '',
      }));
      if (state.progress && state.progress !== lastProgress) process.stderr.write(`  ${(lastProgress = state.progress)}\n`);
      if (state.error) throw new Error(`benchmark page failed: ${state.error}`);
      if (state.result !== undefined) return state.result;
      if (Date.now() > deadline) throw new Error(`benchmark page did not finish within ${timeoutMs} ms`);
      await sleep(250);
    }
  });
}
