#!/usr/bin/env node
// Where the README sprite app's bytes come from: the app built as `pnpm test:pack` builds it (Vite,
// production), from the packages' dist/. The total is minified and gzipped as test:pack measures it.
// A module's or a package's weight is what the gzipped app loses without it: the app is built
// unminified, that code is cut out of it, and the rest is minified by esbuild (as Vite minifies) and
// gzipped. gzip shares strings and names across modules, so the weights add up to less than the
// whole; each says what dropping that code would save, which is the question a size budget asks.
// Last, the same for every thrown error's construction, message included (each `throw new X(…)`
// cut to `throw 0`): what the checks' messages weigh, beside the checks themselves; and the app
// with neither those nor twgl.js, what webglet's own logic weighs.
// Run: node scripts/bundle-breakdown.mjs (builds the packages first; docs/performance.md, "Bundle size").
import { Buffer } from 'node:buffer';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, parseAst, transformWithEsbuild } from 'vite';
import { readmeExample, root } from './pack-workspace.mjs';

execFileSync('pnpm', ['-r', '--filter', './packages/*', 'run', 'build'], { cwd: root, stdio: 'ignore' });
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const minifiedGzip = async (code) => {
  const minified = Buffer.from((await transformWithEsbuild(code, 'app.js', { minify: true, format: 'esm' })).code);
  return { minified: minified.length, gzip: gzipSync(minified).length };
};

// Inside packages/sprite, so twgl.js and gl-matrix resolve to the versions webglet depends on.
const app = mkdtempSync(join(root, 'packages', 'sprite', '.bundle-breakdown-'));
try {
  writeFileSync(join(app, 'index.html'), '<canvas></canvas><script type="module" src="./main.ts"></script>\n');
  writeFileSync(join(app, 'main.ts'), readmeExample());
  const alias = Object.fromEntries(
    ['allocator', 'graphics', 'sprite'].map((name) => [`@webglet/${name}`, join(root, 'packages', name, 'dist', 'index.js')]),
  );
  const chunkOf = async (build_) => {
    const result = await build({ root: app, logLevel: 'silent', resolve: { alias }, build: { write: false, ...build_ } });
    return [result].flat()[0].output.find((file) => file.type === 'chunk');
  };
  const shipped = Buffer.from((await chunkOf({})).code);
  console.log(`README sprite app: ${kb(shipped.length)} minified, ${kb(gzipSync(shipped).length)} gzip`);

  // Unminified and untransformed, so each module's rendered code appears in the chunk as it is.
  const chunk = await chunkOf({ minify: false, target: 'esnext', modulePreload: false });
  const whole = await minifiedGzip(chunk.code);
  const owner = (id) => {
    const ours = /packages\/(\w+)\/dist\//.exec(id);
    if (ours) return `@webglet/${ours[1]}`;
    return /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?([^/]+)/.exec(id)?.[1] ?? 'the app';
  };
  const modules = Object.entries(chunk.modules)
    .filter(([, info]) => info.code && chunk.code.includes(info.code))
    .map(([id, info]) => ({ id, name: `${owner(id)} ${id.split('/').pop()}`, owner: owner(id), code: info.code }));
  const without = async (dropped) => {
    let code = chunk.code;
    for (const m of dropped) code = code.replace(m.code, '');
    const rest = await minifiedGzip(code);
    return { minified: whole.minified - rest.minified, gzip: whole.gzip - rest.gzip };
  };
  const table = (rows) => {
    for (const { name, weight } of rows.sort((a, b) => b.weight.gzip - a.weight.gzip)) {
      console.log(`  ${name.padEnd(44)} ${kb(weight.gzip).padStart(8)} gzip ${kb(weight.minified).padStart(9)} minified`);
    }
  };
  console.log(`\nwhat the app loses without each package (whole, measured this way: ${kb(whole.gzip)} gzip):`);
  const owners = [...new Set(modules.map((m) => m.owner))];
  table(await Promise.all(owners.map(async (name) => ({ name, weight: await without(modules.filter((m) => m.owner === name)) }))));
  console.log('\nthe 25 heaviest modules:');
  const rows = await Promise.all(modules.map(async (m) => ({ name: m.name, weight: await without([m]) })));
  table(rows.sort((a, b) => b.weight.gzip - a.weight.gzip).slice(0, 25));

  // Each `throw new X(…)` cut to `throw 0`, so the checks stay and their errors go.
  const withoutThrown = (code) => {
    const thrown = [];
    const visit = (node) => {
      if (Array.isArray(node)) node.forEach(visit);
      else if (node && typeof node === 'object') {
        if (node.type === 'ThrowStatement') thrown.push(node.argument);
        for (const key in node) if (key !== 'type') visit(node[key]);
      }
    };
    visit(parseAst(code));
    for (const argument of thrown.sort((a, b) => b.start - a.start)) code = code.slice(0, argument.start) + '0' + code.slice(argument.end);
    return { code, throws: thrown.length };
  };
  const plain = withoutThrown(chunk.code);
  const errors = await minifiedGzip(plain.code);
  console.log(
    `\nevery thrown error's construction and message (${plain.throws} throws): ${kb(whole.gzip - errors.gzip)} gzip, ${kb(whole.minified - errors.minified)} minified`,
  );
  // What the rest weighs: the app with neither twgl.js nor any thrown error's construction.
  let ours = chunk.code;
  for (const m of modules.filter((m) => m.owner === 'twgl.js')) ours = ours.replace(m.code, '');
  const rest = await minifiedGzip(withoutThrown(ours).code);
  console.log(`the app without twgl.js and without them: ${kb(rest.gzip)} gzip, ${kb(rest.minified)} minified`);
} finally {
  rmSync(app, { recursive: true, force: true });
}
