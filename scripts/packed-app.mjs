#!/usr/bin/env node
// The packages as a user gets them: packs each one (`pnpm pack`, which builds
// dist/), installs the tarballs with npm into a fresh app in a temporary
// directory outside the workspace, and checks that the README's sprite example,
// copied verbatim into that app, type-checks (strict, skipLibCheck false, with
// moduleResolution bundler and node16), builds with Vite within the size
// budget and without the modules it does not use (the allocation policies it
// does not name, instancing, shapes), and draws its sprite in Chromium (checked
// by pixels of a screenshot).
// Then @webglet/testing's template game, from the same tarballs (template-app.mjs).
// TypeScript and Vite are the workspace's own (the versions an app would
// install); twgl.js and gl-matrix come from the registry through npm's cache.
// Run: pnpm test:pack (part of npm test). KEEP=1 keeps the directory.
/* global createImageBitmap, Blob, OffscreenCanvas -- inside page.evaluate, which runs in the browser */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright';
import { build, preview } from 'vite';
import { chromiumLaunchOptions } from '@webglet/testing/chromium';
import { collectErrors } from '@webglet/testing/playwright';
import { npmInstall, PACKAGES, packWorkspace, readmeExample, root, run, tarballDependencies } from './pack-workspace.mjs';
import { encodePng } from './png.mjs';
import { checkTemplate } from './template-app.mjs';
/** gzip bytes of the README's sprite app: the aim, and what CI enforces until the aim is met (docs/performance.md). */
const SIZE_BUDGET = 30 * 1024;
const SIZE_CEILING = 45 * 1024;
const CANVAS = { width: 640, height: 480 };

const started = performance.now();
const step = (message) => console.log(`[packed-app ${((performance.now() - started) / 1000).toFixed(1)} s] ${message}`);
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

/** A width × height PNG of one RGBA colour: the example's bunny.png. */
function png(width, height, rgba) {
  const pixels = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) pixels.set(rgba, i * 4);
  return encodePng(width, height, pixels);
}

function tsconfig(module, moduleResolution) {
  return JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        module,
        moduleResolution,
        lib: ['ES2022', 'DOM', 'DOM.Iterable'],
        strict: true,
        skipLibCheck: false,
        noEmit: true,
        types: [],
      },
      include: ['main.ts'],
    },
    null,
    2,
  );
}

function writeApp(app, tarball) {
  mkdirSync(join(app, 'public'), { recursive: true });
  // As `npm i @webglet/sprite` would: one dependency; its own dependencies from the tarballs too.
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'packed-app', private: true, type: 'module', ...tarballDependencies(tarball, ['sprite']) }, null, 2),
  );
  writeFileSync(
    join(app, 'index.html'),
    `<!doctype html>\n<html><head><link rel="icon" href="data:,"></head><body style="margin:0">` +
      `<canvas width="${CANVAS.width}" height="${CANVAS.height}"></canvas>` +
      `<script type="module" src="/main.ts"></script></body></html>\n`,
  );
  writeFileSync(join(app, 'main.ts'), readmeExample());
  writeFileSync(join(app, 'public', 'bunny.png'), png(32, 32, [255, 128, 0, 255]));
  writeFileSync(join(app, 'tsconfig.bundler.json'), tsconfig('ESNext', 'Bundler'));
  writeFileSync(join(app, 'tsconfig.node16.json'), tsconfig('Node16', 'Node16'));
}

function typecheck(app) {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  for (const config of ['tsconfig.bundler.json', 'tsconfig.node16.json']) {
    try {
      run(process.execPath, [tsc, '-p', config], app);
    } catch (error) {
      throw new Error(`tsc -p ${config} failed:\n${error.stdout}`);
    }
  }
}

/** What an app of sprites must leave out of its bundle, by the path of the module in its package. */
const LEFT_OUT = [
  '@webglet/allocator/dist/good-fit.js', // the policies it does not name, and the names' lookup
  '@webglet/allocator/dist/best-fit.js',
  '@webglet/allocator/dist/size-bins.js',
  '@webglet/allocator/dist/named-allocator.js',
  '@webglet/graphics/dist/instanced-vertex-domain.js', // addInstanced's
  '@webglet/sprite/dist/shapes/',
];
/** What it must carry: its one policy, first-fit; so the check above reads real module paths. */
const CARRIED = '@webglet/allocator/dist/tree-fit.js';

async function buildApp(app) {
  const outDir = join(app, 'dist');
  const result = await build({ root: app, configFile: false, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const modules = [result]
    .flat()
    .flatMap((output) => output.output)
    .flatMap((file) => (file.type === 'chunk' ? Object.keys(file.modules) : []));
  const carried = (path) => modules.some((id) => id.replaceAll('\\', '/').includes(path));
  if (!carried(CARRIED)) throw new Error(`the README app's bundle should hold ${CARRIED}; it holds:\n${modules.join('\n')}`);
  const extra = LEFT_OUT.filter(carried);
  if (extra.length > 0) throw new Error(`the README app's bundle carries what it does not use: ${extra.join(', ')}`);
  const assets = join(outDir, 'assets');
  const scripts = readdirSync(assets).filter((file) => file.endsWith('.js'));
  const raw = scripts.reduce((sum, file) => sum + readFileSync(join(assets, file)).length, 0);
  const gzip = scripts.reduce((sum, file) => sum + gzipSync(readFileSync(join(assets, file))).length, 0);
  return { outDir, raw, gzip };
}

/** Screenshots the page until the sprite shows (or 10 s pass), then checks its pixels. */
async function checkDrawing(app, outDir) {
  const server = await preview({
    root: app,
    configFile: false,
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0 },
  });
  const browser = await chromium.launch(chromiumLaunchOptions({ require: true }));
  try {
    const page = await browser.newPage({ viewport: { width: 800, height: 600 }, deviceScaleFactor: 1 });
    const errors = collectErrors(page);
    await page.goto(server.resolvedUrls.local[0]);
    const { width, height } = CANVAS;
    // Inside the sprite's inscribed circle (radius 16) at any angle, and outside its reach (half-diagonal 22.6).
    const points = { centre: [320, 240], inside: [320 + 10, 240 - 10], outside: [320 + 30, 240], corner: [10, 10] };
    const want = { centre: [255, 128, 0, 255], inside: [255, 128, 0, 255], outside: [0, 0, 0, 255], corner: [0, 0, 0, 255] };
    let seen;
    for (const deadline = Date.now() + 10_000; Date.now() < deadline && errors.length === 0;) {
      const shot = await page.locator('canvas').screenshot();
      seen = await page.evaluate(
        async ({ bytes, width, height, points }) => {
          const image = await createImageBitmap(new Blob([new Uint8Array(bytes)], { type: 'image/png' }));
          const context = new OffscreenCanvas(width, height).getContext('2d');
          context.drawImage(image, 0, 0);
          return Object.fromEntries(Object.entries(points).map(([name, [x, y]]) => [name, [...context.getImageData(x, y, 1, 1).data]]));
        },
        { bytes: [...shot], width, height, points },
      );
      if (JSON.stringify(seen) === JSON.stringify(want)) break;
      await page.waitForTimeout(100);
    }
    if (errors.length > 0) throw new Error(`the page logged errors:\n${errors.join('\n')}`);
    if (JSON.stringify(seen) !== JSON.stringify(want)) {
      throw new Error(`the sprite did not draw: pixels ${JSON.stringify(seen)}, expected ${JSON.stringify(want)}`);
    }
  } finally {
    await browser.close();
    await new Promise((resolve) => server.httpServer.close(resolve));
  }
}

const dir = mkdtempSync(join(tmpdir(), 'webglet-packed-'));
try {
  step(`packing ${PACKAGES.map((name) => `@webglet/${name}`).join(', ')} into ${dir}`);
  const tarball = packWorkspace(dir);
  const app = join(dir, 'app');
  writeApp(app, tarball);
  step("npm install (the tarballs; twgl.js and gl-matrix from the registry or npm's cache)");
  npmInstall(app);
  step('tsc: strict, skipLibCheck false, moduleResolution bundler and node16');
  typecheck(app);
  step('vite build');
  const { outDir, raw, gzip } = await buildApp(app);
  const verdict =
    gzip <= SIZE_BUDGET
      ? `within the ${kb(SIZE_BUDGET)} budget`
      : `over the ${kb(SIZE_BUDGET)} budget by ${kb(gzip - SIZE_BUDGET)} (CI fails above ${kb(SIZE_CEILING)})`;
  console.log(`README sprite app, Vite build, minified: ${kb(raw)}, ${kb(gzip)} gzip: ${verdict}`);
  if (gzip > SIZE_CEILING) throw new Error(`the README sprite app is ${kb(gzip)} gzip, above the ${kb(SIZE_CEILING)} ceiling`);
  step('Chromium: the built page draws the sprite');
  await checkDrawing(app, outDir);
  await checkTemplate(dir, tarball, step);
  step('passed');
} finally {
  if (process.env.KEEP) console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
