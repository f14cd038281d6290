// Playwright Test for the examples gallery: starts Vite on a fixed port and
// compares every page with a committed screenshot in e2e/__snapshots__/. The
// browser, the page settings and the snapshot paths are @webglet/testing's, as
// a user's game test has them.
// Run: pnpm run test:e2e   (add --update-snapshots after an intended change)
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { gameTestUse, SNAPSHOT_PATH_TEMPLATE } from '@webglet/testing/chromium';

const PORT = 4174;
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: '.results',
  snapshotPathTemplate: SNAPSHOT_PATH_TEMPLATE,
  forbidOnly: !!process.env.CI,
  reporter: 'list',
  use: { baseURL: `http://127.0.0.1:${PORT}`, ...gameTestUse({ require: true }) },
  expect: {
    // Exact pixels: SwiftShader and the pages are deterministic, and Playwright's
    // default colour threshold (0.2) lets a wrong background tint through.
    toHaveScreenshot: { animations: 'disabled', caret: 'hide', scale: 'css', threshold: 0 },
  },
  webServer: {
    command: `pnpm exec vite --host 127.0.0.1 --port ${PORT} --strictPort`,
    cwd: repoRoot,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
