// How a test launches Chromium so that WebGL2 renders the same everywhere: on
// SwiftShader, the CPU renderer that CI machines and GPU-less laptops share, so a
// screenshot taken on one matches another's. The other flags keep a test's
// browser off the network. And the Playwright settings a pixel-exact
// screenshot test wants. Node side: no page code here.
/**
 * Launching Chromium so WebGL2 renders on SwiftShader, and the Playwright settings of a pixel-exact screenshot test.
 *
 * @packageDocumentation
 * @module @webglet/testing/chromium
 */
import { existsSync } from 'node:fs';

/** The environment variable that names a Chromium executable. */
export const CHROMIUM_ENV = 'CHROMIUM_PATH';

/** Where a system Chromium usually is (Debian's package, others), looked at in order. */
export const CHROMIUM_CANDIDATES: readonly string[] = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** Chromium flags: WebGL2 on SwiftShader, and no background network traffic. */
export const SWIFTSHADER_ARGS: readonly string[] = [
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** $CHROMIUM_PATH if it exists, else the first candidate that exists, else undefined. */
export function findChromium(): string | undefined {
  const fromEnv = process.env[CHROMIUM_ENV];
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  return CHROMIUM_CANDIDATES.find((path) => existsSync(path));
}

export interface LaunchOptions {
  executablePath?: string;
  args: string[];
}

/**
 * Launch options for Playwright: a system Chromium when there is one, else
 * Playwright's own (from `npx playwright install`); `{ require: true }` throws
 * instead, naming what to do.
 */
export function chromiumLaunchOptions(options: { require?: boolean } = {}): LaunchOptions {
  const executablePath = findChromium();
  if (!executablePath && options.require) {
    throw new Error(
      `No Chromium found (looked at ${process.env[CHROMIUM_ENV] ?? CHROMIUM_CANDIDATES.join(', ')}). ` +
        `Install one (on Debian: apt-get install chromium) or set ${CHROMIUM_ENV}.`,
    );
  }
  return executablePath ? { executablePath, args: [...SWIFTSHADER_ARGS] } : { args: [...SWIFTSHADER_ARGS] };
}

/**
 * One committed image per screenshot, with no platform suffix: on SwiftShader
 * the pixels do not depend on the machine. Playwright's `snapshotPathTemplate`.
 */
export const SNAPSHOT_PATH_TEMPLATE = '{testDir}/__snapshots__/{testFilePath}/{arg}{ext}';

/**
 * Playwright `use` settings for a game screenshot test: Chromium on SwiftShader,
 * one device pixel per CSS pixel, and a fixed locale, time zone and colour scheme.
 */
export function gameTestUse(options: { require?: boolean } = {}) {
  return {
    browserName: 'chromium' as const,
    launchOptions: chromiumLaunchOptions(options),
    viewport: { width: 800, height: 600 },
    deviceScaleFactor: 1,
    colorScheme: 'light' as const,
    locale: 'en-US',
    timezoneId: 'UTC',
  };
}
