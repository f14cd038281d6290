// Screenshot tests for the game: Chromium on SwiftShader (the same pixels on
// every machine, GPU or not), exact comparison, one committed PNG per check.
// Run: npm test   (npm run test:update after a change you meant)
import { defineConfig } from '@playwright/test';
import { gameTestUse, SNAPSHOT_PATH_TEMPLATE } from '@webglet/testing/chromium';

const PORT = 4180;

export default defineConfig({
  testDir: 'tests',
  snapshotPathTemplate: SNAPSHOT_PATH_TEMPLATE,
  reporter: 'list',
  use: { baseURL: `http://127.0.0.1:${PORT}`, ...gameTestUse() },
  webServer: {
    command: `npx vite --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: !process.env.CI,
  },
});
