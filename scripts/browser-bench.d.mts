import type { Page } from 'playwright';

/** See browser-bench.mjs. */
export function runBrowserBench(options: {
  root: string;
  page: string;
  timeoutMs?: number;
  extraArgs?: string[];
  withPage?: (page: Page) => Promise<void>;
}): Promise<unknown>;
