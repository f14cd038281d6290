#!/usr/bin/env node
// What the twgl.js functions webglet uses weigh in an app on their own: a Vite production build of
// a page that imports just them (createProgramInfo, setUniforms, setTextureParameters,
// setEmptyTexture), minified and gzipped as `pnpm test:pack` measures the README app.
// Run: node scripts/twgl-size.mjs (docs/performance.md, "Bundle size").
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

// Inside packages/graphics, so `twgl.js` resolves to the version webglet depends on.
const root = mkdtempSync(join(fileURLToPath(new URL('../packages/graphics/', import.meta.url)), '.twgl-size-'));
try {
  writeFileSync(join(root, 'index.html'), '<script type="module" src="./main.js"></script>\n');
  writeFileSync(
    join(root, 'main.js'),
    "import { createProgramInfo, setUniforms, setTextureParameters, setEmptyTexture } from 'twgl.js';\n" +
      'window.twgl = [createProgramInfo, setUniforms, setTextureParameters, setEmptyTexture];\n',
  );
  await build({ root, logLevel: 'silent', build: { outDir: join(root, 'out') } });
  const assets = join(root, 'out', 'assets');
  for (const name of readdirSync(assets)) {
    const bytes = readFileSync(join(assets, name));
    console.log(
      `twgl.js as webglet uses it: ${(bytes.length / 1024).toFixed(1)} KB minified, ${(gzipSync(bytes).length / 1024).toFixed(1)} KB gzip`,
    );
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
