// Where the browser tests find Chromium, and how they launch it. Shared by the
// Vitest browser project, Playwright Test and the benchmarks.
import { existsSync } from 'node:fs';

export const CHROMIUM_ENV = 'CHROMIUM_PATH';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The Chromium executable to use, or undefined when there is none. */
export function findChromium() {
  const fromEnv = process.env[CHROMIUM_ENV];
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  return CANDIDATES.find((path) => existsSync(path));
}

/** The Chromium path, or an error that says how to provide one. */
export function requireChromium() {
  const path = findChromium();
  if (!path) {
    throw new Error(
      `No Chromium found (looked at ${process.env[CHROMIUM_ENV] ?? CANDIDATES.join(', ')}). ` +
        `Run "node scripts/setup.mjs chromium" or set ${CHROMIUM_ENV}.`,
    );
  }
  return path;
}

// No GPU here: WebGL2 runs on SwiftShader. The rest keeps Chromium off the
// (closed) network.
export const CHROMIUM_ARGS = [
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

export function chromiumLaunchOptions() {
  return { executablePath: requireChromium(), args: CHROMIUM_ARGS };
}
