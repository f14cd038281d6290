#!/usr/bin/env node
// Where the README sprite app's bytes come from: the app built as `pnpm test:pack` builds it (Vite,
// production), from the packages' dist/. The total is minified and gzipped as test:pack measures
// it. Each module's share is the code Rollup kept of it after tree-shaking, minified on its own by
// esbuild as Vite minifies the whole (comments out, names shortened), summed by package; gzip
// works on the whole file, so the shares are of the minified bytes, not of the gzip figure.
// Run: node scripts/bundle-breakdown.mjs (builds the packages first; docs/performance.md, "Bundle size").
import { Buffer } from 'node:buffer';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, transformWithEsbuild } from 'vite';
import { readmeExample, root } from './pack-workspace.mjs';

execFileSync('pnpm', ['-r', '--filter', './packages/*', 'run', 'build'], { cwd: root, stdio: 'ignore' });
// Inside packages/sprite, so twgl.js and gl-matrix resolve to the versions webglet depends on.
const app = mkdtempSync(join(root, 'packages', 'sprite', '.bundle-breakdown-'));
try {
  writeFileSync(join(app, 'index.html'), '<canvas></canvas><script type="module" src="./main.ts"></script>\n');
  writeFileSync(join(app, 'main.ts'), readmeExample());
  const alias = Object.fromEntries(
    ['allocator', 'graphics', 'sprite'].map((name) => [`@webglet/${name}`, join(root, 'packages', name, 'dist', 'index.js')]),
  );
  const result = await build({ root: app, logLevel: 'silent', resolve: { alias }, build: { write: false } });
  const chunk = [result].flat()[0].output.find((file) => file.type === 'chunk');
  const code = Buffer.from(chunk.code);
  console.log(`README sprite app: ${(code.length / 1024).toFixed(1)} KB minified, ${(gzipSync(code).length / 1024).toFixed(1)} KB gzip`);
  const owner = (id) =>
    /packages\/(\w+)\/dist\//.exec(id)?.[1]
      ? `@webglet/${/packages\/(\w+)\/dist\//.exec(id)[1]}`
      : (/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?([^/]+)/.exec(id)?.[1] ?? 'the app');
  const modules = await Promise.all(
    Object.entries(chunk.modules).map(async ([id, info]) => {
      const minified = info.code ? (await transformWithEsbuild(info.code, 'module.js', { minify: true })).code : '';
      return { id, owner: owner(id), bytes: Buffer.byteLength(minified) };
    }),
  );
  const total = modules.reduce((sum, m) => sum + m.bytes, 0);
  const byOwner = new Map();
  for (const m of modules) byOwner.set(m.owner, (byOwner.get(m.owner) ?? 0) + m.bytes);
  console.log('\nminified, by package (each module minified alone):');
  for (const [name, bytes] of [...byOwner].sort((a, b) => b[1] - a[1])) {
    console.log(`  ${name.padEnd(20)} ${(bytes / 1024).toFixed(1).padStart(6)} KB  ${((bytes / total) * 100).toFixed(0).padStart(3)} %`);
  }
  console.log('\nlargest modules:');
  for (const m of modules.sort((a, b) => b.bytes - a.bytes).slice(0, 15)) {
    console.log(`  ${(m.bytes / 1024).toFixed(1).padStart(6)} KB  ${m.owner} ${m.id.split('/').pop()}`);
  }
} finally {
  rmSync(app, { recursive: true, force: true });
}
