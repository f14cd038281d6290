// Runs a benchmark page in headless Chromium (SwiftShader) and returns what the
// page reports. The page is served by Vite from `root` (TypeScript as in the
// gallery), sets `window.benchProgress` strings as it goes and `window.benchResult`
// when done (or `window.benchError`). Shared by the browser benchmarks.
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright';
import { createServer } from 'vite';
import { chromiumLaunchOptions } from './chromium.mjs';

/**
 * @param {{ root: string, page: string, timeoutMs?: number, extraArgs?: string[],
 *           withPage?: (page: import('playwright').Page) => Promise<void> }} options
 * @returns {Promise<unknown>} the page's benchResult
 */
export async function runBrowserBench({ root, page: pagePath, timeoutMs = 30 * 60_000, extraArgs = [], withPage }) {
  const server = await createServer({ root, configFile: false, logLevel: 'warn', server: { host: '127.0.0.1', port: 0 } });
  await server.listen();
  const launch = chromiumLaunchOptions();
  const browser = await chromium.launch({ ...launch, args: [...launch.args, ...extraArgs] });
  try {
    const page = await browser.newPage({ viewport: { width: 800, height: 600 }, deviceScaleFactor: 1 });
    page.on('pageerror', (error) => process.stderr.write(`[page error] ${error.message}\n`));
    page.on('console', (message) => {
      if (message.type() === 'error') process.stderr.write(`[page console.error] ${message.text()}\n`);
    });
    const url = new URL(pagePath, server.resolvedUrls.local[0]).href;
    await page.goto(url);
    if (withPage) await withPage(page);
    let lastProgress = '';
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const state = await page.evaluate(() => ({
        result: window.benchResult, error: window.benchError, progress: window.benchProgress ?? '',
      }));
      if (state.progress && state.progress !== lastProgress) process.stderr.write(`  ${(lastProgress = state.progress)}\n`);
      if (state.error) throw new Error(`benchmark page failed: ${state.error}`);
      if (state.result !== undefined) return state.result;
      if (Date.now() > deadline) throw new Error(`benchmark page did not finish within ${timeoutMs} ms`);
      await sleep(250);
    }
  } finally {
    await browser.close();
    await server.close();
  }
}
