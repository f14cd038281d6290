// Two test projects: "node" for pure TypeScript (the allocator), "browser" for
// everything that touches WebGL, run in real Chromium (SwiftShader, no GPU).
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { chromiumLaunchOptions } from '@webglet/testing/chromium';
import { sourceResolve, sourceResolveServer } from './scripts/source-condition.mjs';

export default defineConfig({
  test: {
    projects: [
      {
        // The workspace's packages from their sources (src/index.ts), not dist/.
        ssr: { resolve: sourceResolveServer },
        test: {
          name: 'node',
          environment: 'node',
          include: ['packages/*/test/**/*.test.ts'],
          exclude: ['packages/*/test/**/*.browser.test.ts'],
        },
      },
      {
        resolve: sourceResolve,
        test: {
          name: 'browser',
          include: ['packages/*/test/**/*.browser.test.ts'],
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: chromiumLaunchOptions({ require: true }) }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
