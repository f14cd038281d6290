import type { Page } from 'playwright';

/** See browser-bench.mjs. */
export function withBenchBrowser<T>(
  options: { root: string; extraArgs?: string[]; prebundle?: string[] },
  drive: (context: { page: Page; baseUrl: string }) => Promise<T>,
): Promise<T>;

/** See browser-bench.mjs. */
export function runBrowserBench(options: { root: string; page: string; timeoutMs?: number; extraArgs?: string[] }): Promise<unknown>;
