// @webglet/testing's template game as a user gets it: copied out of the packed
// package into a fresh app, installed with npm (the webglet tarballs; Playwright,
// Vite and TypeScript from the registry), type-checked, and its screenshot test
// run twice: as shipped it passes; with one pixel of the game changed it must
// fail, and leave the expected, actual and diff images behind.
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { npmInstall, run, tarballDependencies, userEnv } from './pack-workspace.mjs';

/** One pixel the game does not draw: a 1 × 1 red rectangle in the top-right corner. */
const ONE_PIXEL = '\nnew Rectangle(310, 4, 1, 1, { batch, color: [255, 0, 0] });\n';

function playwright(app) {
  return spawnSync('npx', ['playwright', 'test'], { cwd: app, env: { ...userEnv(), CI: '1' }, encoding: 'utf8' });
}

/** Every file under `dir` whose name ends with `suffix`. */
function findFiles(dir, suffix) {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith(suffix));
}

export async function checkTemplate(dir, tarball, step) {
  const app = join(dir, 'template-app');
  // The template as the tarball has it, not as the repository does.
  const unpacked = join(dir, 'testing-tarball');
  run('mkdir', ['-p', unpacked], dir);
  run('tar', ['-xzf', tarball('testing').slice('file:'.length), '-C', unpacked], dir);
  cpSync(join(unpacked, 'package', 'template'), app, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'));
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ ...manifest, ...tarballDependencies(tarball, ['sprite', 'testing']) }, null, 2),
  );

  step('template: npm install (the tarballs; Playwright, Vite and TypeScript from the registry or its cache)');
  npmInstall(app);
  step('template: tsc');
  try {
    run('npx', ['tsc', '-p', '.'], app, userEnv());
  } catch (error) {
    throw new Error(`the template does not type-check:\n${error.stdout}`);
  }

  step('template: its screenshot test passes as shipped');
  const passing = playwright(app);
  if (passing.status !== 0) throw new Error(`the template's test failed as shipped:\n${passing.stdout}\n${passing.stderr}`);

  step('template: one pixel changed, the test fails with a diff image');
  writeFileSync(join(app, 'main.ts'), readFileSync(join(app, 'main.ts'), 'utf8') + ONE_PIXEL);
  const failing = playwright(app);
  const output = `${failing.stdout}\n${failing.stderr}`;
  if (failing.status === 0) throw new Error(`the template's test passed with a pixel changed:\n${output}`);
  const results = join(app, 'test-results');
  const images = ['-expected.png', '-actual.png', '-diff.png'].map((suffix) => [suffix, findFiles(results, suffix)]);
  const missing = images.filter(([, files]) => files.length !== 1).map(([suffix]) => suffix);
  if (missing.length > 0) throw new Error(`the failing test left no single ${missing.join(', ')} image:\n${output}`);
  if (!/1 pixels? \(ratio/.test(output)) throw new Error(`the failure does not say that 1 pixel differs:\n${output}`);
  step(`template: failed as it should (${images.map(([, [file]]) => file.split('/').pop()).join(', ')})`);
}
