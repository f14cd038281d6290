#!/usr/bin/env node
// One-time set-up that the README's two commands run first, so a fresh machine
// (Node 20 and npm; no pnpm, no Chromium) needs nothing else. Every step is a
// no-op when its work is already done.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const want = process.argv.slice(2); // 'deps', 'chromium'; none = both

function run(command) {
  console.log(`[setup] ${command}`);
  execSync(command, { stdio: 'inherit', cwd: root });
}

function has(command) {
  try {
    execSync(`command -v ${command}`, { stdio: 'ignore', shell: '/bin/sh' });
    return true;
  } catch {
    return false;
  }
}

function ensurePnpm() {
  if (has('pnpm')) return;
  run('npm install --global pnpm@12');
}

function ensureDependencies() {
  // pnpm is quick when node_modules already matches the lockfile.
  run('pnpm install --frozen-lockfile');
}

/** The launch module of @webglet/testing, built here: the workspace's test configs import it from dist/. */
async function chromiumModule() {
  if (!existsSync(`${root}/packages/testing/dist/chromium.js`)) run('pnpm --filter @webglet/testing run build:node');
  return import('@webglet/testing/chromium');
}

async function ensureChromium() {
  const { findChromium, CHROMIUM_ENV } = await chromiumModule();
  if (findChromium()) return;
  const fromEnv = process.env[CHROMIUM_ENV];
  if (fromEnv) {
    console.error(`[setup] ${CHROMIUM_ENV}=${fromEnv}, but there is no file there. Point it at a Chromium executable.`);
    process.exit(1);
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (has('apt-get') && (isRoot || has('sudo'))) {
    const sudo = isRoot ? '' : 'sudo ';
    run(`${sudo}apt-get update -qq`);
    run(`${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium`);
  }
  if (!findChromium()) {
    console.error(
      `[setup] No Chromium found. Install one, or set ${CHROMIUM_ENV} to a Chromium executable ` +
        `(e.g. ${CHROMIUM_ENV}=/usr/bin/chromium).`,
    );
    process.exit(1);
  }
}

const all = want.length === 0;
if (all || want.includes('deps')) {
  ensurePnpm();
  if (!existsSync(`${root}/package.json`)) throw new Error('run from the webglet checkout');
  ensureDependencies();
  // Always rebuilt after an install, so the configs never run a stale copy of the package's Node side.
  run('pnpm --filter @webglet/testing run build:node');
}
if (all || want.includes('chromium')) await ensureChromium();
