// The workspace's packages as a user gets them: `pnpm pack` of each (its prepack
// builds dist/), and the package.json fields that make npm install an app's
// dependencies from those tarballs, and the README's sprite example that the packed app runs.
// Shared by packed-app.mjs, template-app.mjs and bundle-breakdown.mjs.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));
/** Dependency order: each package's build reads the declarations of the ones before. */
export const PACKAGES = ['allocator', 'graphics', 'sprite', 'testing'];

/** Runs a command, its output piped back as a string, its errors to the terminal. */
export const run = (command, args, cwd, env = process.env) =>
  execFileSync(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });

/** Packs every package into `dir`/tarballs; returns name → `file:` spec of its tarball. */
export function packWorkspace(dir) {
  const tarballs = join(dir, 'tarballs');
  mkdirSync(tarballs);
  for (const name of PACKAGES) run('pnpm', ['pack', '--pack-destination', tarballs], join(root, 'packages', name));
  const files = readdirSync(tarballs);
  return (name) => {
    const file = files.find((f) => f.startsWith(`webglet-${name}-`));
    if (!file) throw new Error(`no tarball for @webglet/${name} in ${files.join(', ')}`);
    return `file:${join(tarballs, file)}`;
  };
}

/** `dependencies` on the `direct` packages' tarballs, and `overrides` so theirs come from the tarballs too. */
export function tarballDependencies(tarball, direct) {
  const dependencies = Object.fromEntries(direct.map((name) => [`@webglet/${name}`, tarball(name)]));
  const overrides = Object.fromEntries(
    PACKAGES.filter((name) => !direct.includes(name)).map((name) => [`@webglet/${name}`, tarball(name)]),
  );
  return { dependencies, overrides };
}

/**
 * The environment a user's shell gives npm and the app's tools: this process's, without the
 * NODE_ENV=production that a Vite build sets in it (npm would then leave out devDependencies).
 */
export function userEnv() {
  const env = { ...process.env };
  delete env.NODE_ENV;
  return env;
}

/** npm install in `app`: the tarballs, and the rest from the registry or npm's cache. */
export function npmInstall(app) {
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], app, userEnv());
}
/** The README's sprite example: the ```ts block after the `<!-- packed-app: main.ts -->` marker. */
export function readmeExample() {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const match = /<!-- packed-app: main\.ts -->\s*```ts\n([\s\S]*?)```/.exec(readme);
  if (!match) throw new Error('README.md has no ```ts block after <!-- packed-app: main.ts -->');
  return match[1];
}
