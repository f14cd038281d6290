// Reliability: a WebGL context lost mid-animation (and restored, or never) and a
// strict Content-Security-Policy.
//
// Context loss: ?loseAt=K (@webglet/testing's test mode) loses the context after frame
// K, ticks on while it is lost (the app's frames change its state and draw
// nothing) and restores it, so the canvas at frame N must be the canvas of an
// uninterrupted run to frame N, byte for byte. ?restore=never leaves it lost:
// the page must stay quiet and keep working.
//
// CSP: `script-src 'self'` (no inline scripts, no eval or new Function) on every
// gallery page, served two ways, each started by the Vite API in beforeAll with
// the header set by the server: a dev server (what `pnpm start` serves) and
// `vite preview` of a production build (what users deploy; built into a
// temporary directory). Not page.route on the suite's dev server: a document
// fulfilled by Playwright has no address, so Chromium's local-network-access
// check then blocks the Vite client's WebSocket to 127.0.0.1.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { collectErrors } from '@webglet/testing/playwright';
import { build, createServer, preview, type PreviewServer, type ViteDevServer } from 'vite';

/** Waits for the end of a deterministic run of `frames` frames. */
async function expectReady(page: Page, frames: number): Promise<void> {
  // Generous: SwiftShader is a CPU renderer and the machine may be busy.
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  await expect(page.locator('body')).toHaveAttribute('data-frames', String(frames));
}

const stat = (page: Page, name: string) => page.locator(`[data-stat="${name}"]`);
const numericStat = (page: Page, name: string) => async (): Promise<number> => Number((await stat(page, name).textContent()) ?? Number.NaN);
/** Whether the page's #view context is lost now (a page function: runs in the browser). */
const viewContextLost = (page: Page): Promise<boolean> =>
  page.evaluate(() => document.querySelector<HTMLCanvasElement>('#view')?.getContext('webgl2')?.isContextLost() ?? false);

test.describe('context loss mid-animation (sprites)', () => {
  const FRAMES = 30;
  const URL = `/sprites/?seed=1&frames=${FRAMES}&count=2000`;

  test('lost after frame 10, restored 10 frames later: frame 30 is the uninterrupted frame 30', async ({ page }) => {
    const errors = collectErrors(page);
    const canvas = page.locator('#view');
    await page.goto(URL);
    await expectReady(page, FRAMES);
    const uninterrupted = await canvas.screenshot();

    await page.goto(`${URL}&loseAt=10&lostFrames=10`);
    await expectReady(page, FRAMES);
    const body = page.locator('body');
    await expect(body).toHaveAttribute('data-context', 'restored');
    await expect(body).toHaveAttribute('data-losses', '1');
    expect(await viewContextLost(page)).toBe(false);
    await expect(stat(page, 'frame')).toHaveText(String(FRAMES));
    await expect(stat(page, 'sprites')).toHaveText('2000');
    await expect(stat(page, 'drawCalls')).toHaveText('1');
    // Byte-equal PNGs: the restored atlas, instance buffers, program and projection draw the same pixels.
    const restored = await canvas.screenshot();
    expect(restored.equals(uninterrupted), 'frame 30 after a loss and restore differs from the uninterrupted frame 30').toBe(true);
    expect(errors).toEqual([]);
  });

  test('a loss that is never restored leaves the page quiet and working', async ({ page }) => {
    const errors = collectErrors(page);
    // Animating (no ?frames): lost after frame 5, for good.
    await page.goto('/sprites/?count=2000&loseAt=5&restore=never');
    const body = page.locator('body');
    await expect(body).toHaveAttribute('data-context', 'lost');
    await expect(body).toHaveAttribute('data-losses', '1');
    expect(await viewContextLost(page)).toBe(true);
    // The clock goes on (the stats show every 10th frame); ~2 s of frames on a lost context.
    await expect.poll(numericStat(page, 'frame')).toBeGreaterThanOrEqual(20);
    const before = await numericStat(page, 'frame')();
    await page.waitForTimeout(2_000);
    expect(await numericStat(page, 'frame')()).toBeGreaterThan(before);
    // The count control still works: 2000 more sprites (the instance buffers grow on a lost context), then fewer.
    const control = page.getByLabel('Sprites', { exact: true });
    await control.fill('4000');
    await expect(page.locator('#count-value')).toHaveText('4000');
    await expect(stat(page, 'sprites')).toHaveText('4000');
    await control.fill('1000');
    await expect(stat(page, 'sprites')).toHaveText('1000');
    await expect(body).toHaveAttribute('data-context', 'lost');
    expect(errors).toEqual([]);
  });
});

/** The policy under test: scripts from the page's origin only (no inline scripts, no eval, no new Function). */
const CSP = "script-src 'self'";
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** The gallery's pages: the index and every examples/<name>/ with an index.html (see vite.config.ts). */
function galleryPages(): string[] {
  const root = join(repoRoot, 'examples');
  return [
    '',
    ...readdirSync(root, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(root, entry.name, 'index.html')))
      .map((entry) => `${entry.name}/`)
      .sort(),
  ];
}

/**
 * Records 'securitypolicyviolation' events from the first moment of every
 * document (an init script: Playwright injects it outside the page's CSP) in
 * window.__cspViolations.
 */
async function recordViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const violations: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = violations;
    document.addEventListener('securitypolicyviolation', (event) => {
      violations.push(`${event.effectiveDirective} blocked ${event.blockedURI || '(inline)'} at ${event.sourceFile}:${event.lineNumber}`);
    });
  });
}

const violations = (page: Page): Promise<string[]> =>
  page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);

// Small scenes and 3 frames each: the point is that every page's scripts run.
const QUERY = '?seed=1&frames=3&count=1000&bunnies=100';

/**
 * Loads a gallery page (`path` under `base`, '' for the index) under the CSP and
 * checks that it gets going (an example: its deterministic run ends; the index:
 * its cards show) with no violation and no error. Soft: every page is checked
 * and reported.
 */
async function checkPage(page: Page, base: string, path: string, errors: string[]): Promise<void> {
  errors.length = 0;
  const url = `${base}/${path}${path === '' ? '' : QUERY}`;
  const response = await page.goto(url);
  expect.soft(response?.headers()['content-security-policy'], `${url}: the CSP header`).toBe(CSP);
  if (path === '') await expect.soft(page.locator('.card').first(), `${url}: a card`).toBeVisible();
  else await expect.soft(page.locator('body'), `${url}: data-ready`).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  expect.soft(await violations(page), `${url}: CSP violations`).toEqual([]);
  expect.soft([...errors], `${url}: errors`).toEqual([]);
}

/**
 * The policy is in force on this page: an inline <script> and an inline event
 * handler are refused and reported. (eval cannot be probed from here: code run
 * by page.evaluate bypasses the page's CSP, eval included. Our own eval or new
 * Function would throw an EvalError and report a violation on load instead.)
 */
async function checkPolicyEnforced(page: Page): Promise<void> {
  const ran = await page.evaluate(() => {
    const flags = window as unknown as { __inlineRan?: boolean; __handlerRan?: boolean };
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true';
    document.body.append(script);
    const button = document.createElement('button');
    button.setAttribute('onclick', 'window.__handlerRan = true');
    document.body.append(button);
    button.click();
    button.remove();
    return { inline: flags.__inlineRan === true, handler: flags.__handlerRan === true };
  });
  expect(ran).toEqual({ inline: false, handler: false });
  await expect.poll(async () => (await violations(page)).length).toBe(2);
}

/** The gallery, served with the CSP header by a dev server (`pnpm start`) or by `vite preview` of a production build. */
for (const kind of ['dev server', 'production build'] as const) {
  test.describe(`CSP "${CSP}", ${kind}`, () => {
    const configFile = join(repoRoot, 'vite.config.ts');
    const headers = { 'Content-Security-Policy': CSP };
    let server: ViteDevServer | PreviewServer | null = null;
    let outDir: string | null = null;
    let base = '';

    test.beforeAll(async () => {
      test.setTimeout(120_000);
      if (kind === 'dev server') {
        // Its own port; the dependency cache is shared with the suite's dev server. No file watcher: an edit
        // elsewhere in the tree while the test runs must not reload the page under test.
        const dev = await createServer({
          configFile,
          logLevel: 'warn',
          server: { host: '127.0.0.1', port: 4181, strictPort: false, headers, watch: null },
        });
        server = await dev.listen();
      } else {
        outDir = mkdtempSync(join(tmpdir(), 'webglet-csp-'));
        await build({ configFile, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
        server = await preview({
          configFile,
          logLevel: 'warn',
          build: { outDir },
          preview: { host: '127.0.0.1', port: 4182, strictPort: false, headers },
        });
      }
      const url = server.resolvedUrls?.local[0];
      if (!url) throw new Error(`the ${kind} has no local URL`);
      base = url.replace(/\/$/, '');
    });

    test.afterAll(async () => {
      await server?.close();
      if (outDir !== null) rmSync(outDir, { recursive: true, force: true });
    });

    test('every page runs with no violation', async ({ page }) => {
      test.setTimeout(120_000); // ~10 pages, on a CPU renderer
      const errors = collectErrors(page);
      await recordViolations(page);
      for (const path of galleryPages()) {
        await test.step(`/${path}`, () => checkPage(page, base, path, errors));
      }
      // The last page (with the CSP) refuses inline scripts: the checks above were not vacuous.
      await checkPolicyEnforced(page);
    });
  });
}
