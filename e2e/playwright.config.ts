// Playwright Test for the examples gallery: starts Vite on a fixed port and
// compares every page with a committed screenshot in e2e/__snapshots__/.
// Run: pnpm run test:e2e   (add --update-snapshots after an intended change)
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from '../scripts/chromium.mjs';

const PORT = 4174;
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: '.results',
  // No platform suffix: one committed image per screenshot. The rendering is
  // SwiftShader everywhere, so the only per-machine variable is fonts.
  snapshotPathTemplate: '{testDir}/__snapshots__/{testFilePath}/{arg}{ext}',
  forbidOnly: !!process.env.CI,
  reporter: 'list',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    launchOptions: chromiumLaunchOptions(),
    viewport: { width: 800, height: 600 },
    deviceScaleFactor: 1,
    colorScheme: 'light',
    locale: 'en-US',
    timezoneId: 'UTC',
  },
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
