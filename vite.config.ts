// The examples gallery: a Vite multi-page app rooted at examples/.
// Every examples/<name>/index.html is a page; examples/index.html links them.
import { readdirSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import { sourceResolve } from './scripts/source-condition.mjs';

const examplesDir = resolve(import.meta.dirname, 'examples');

function examplePages(): Record<string, string> {
  const pages: Record<string, string> = { index: resolve(examplesDir, 'index.html') };
  for (const entry of readdirSync(examplesDir, { withFileTypes: true })) {
    const page = resolve(examplesDir, entry.name, 'index.html');
    if (entry.isDirectory() && existsSync(page)) pages[entry.name] = page;
  }
  return pages;
}

export default defineConfig({
  root: examplesDir,
  // The workspace's packages from their sources, as in the tests (no build step).
  resolve: sourceResolve,
  server: { port: 5173, strictPort: false },
  build: {
    outDir: resolve(import.meta.dirname, 'dist/examples'),
    emptyOutDir: true,
    rollupOptions: { input: examplePages() },
  },
});
