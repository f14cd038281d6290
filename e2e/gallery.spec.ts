// Every gallery page renders deterministically, matches its committed
// screenshot, and logs no errors.
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { collectErrors } from '@webglet/testing/playwright';

/** Every example: a directory of examples/ with an index.html (the pages Vite serves, see vite.config.ts). */
function exampleDirectories(): string[] {
  const root = fileURLToPath(new URL('../examples/', import.meta.url));
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(`${root}${entry.name}/index.html`))
    .map((entry) => entry.name)
    .sort();
}

test('the index links every example', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/');
  await expect(page).toHaveTitle('webglet examples');
  // One card per example directory, each linking its own.
  const examples = exampleDirectories();
  expect(examples.length).toBeGreaterThanOrEqual(6);
  await expect(page.locator('.card')).toHaveCount(examples.length);
  const links = await page.locator('.card').evaluateAll((cards) => cards.map((card) => card.getAttribute('href')));
  expect([...links].sort()).toEqual(examples.map((name) => `./${name}/`));
  for (const img of await page.locator('.card img').all()) await expect(img).toHaveJSProperty('complete', true);
  await expect(page).toHaveScreenshot('index.png', { fullPage: true });
  expect(errors).toEqual([]);
});

test('the index links the API reference that pnpm run docs writes', async ({ page }) => {
  const missing: string[] = [];
  page.on('response', (response) => {
    if (response.status() >= 400) missing.push(`${response.status()} ${response.url()}`);
  });
  await page.goto('/');
  await page.getByRole('link', { name: 'API reference' }).click();
  // TypeDoc's page for the three packages (test:e2e runs pnpm run docs first).
  await expect(page).toHaveTitle('webglet');
  await expect(page.getByRole('link', { name: '@webglet/sprite' }).first()).toBeVisible();
  expect(missing).toEqual([]);
});

test('the index card opens the triangle', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/');
  await page.getByRole('link', { name: /Triangle/ }).click();
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  expect(errors).toEqual([]);
});

test('triangle, seed 1, 3 frames', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/triangle/?seed=1&frames=3');
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  await expect(page.locator('body')).toHaveAttribute('data-frames', '3');
  await expect(page).toHaveScreenshot('triangle-seed1-frames3.png', { fullPage: true });
  expect(errors).toEqual([]);
});

test('the index card opens the batch', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/');
  await page.getByRole('link', { name: /Batch churn/ }).click();
  await expect(page).toHaveURL(/\/batch\/$/);
  // Without ?frames the page animates: wait for a few frames of stats instead of data-ready.
  await expect.poll(async () => Number(await page.locator('[data-stat="frame"]').textContent())).toBeGreaterThan(2);
  expect(errors).toEqual([]);
});

test('batch, seed 1, 30 frames', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/batch/?seed=1&frames=30');
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  await expect(page.locator('body')).toHaveAttribute('data-frames', '30');
  // The stats values are masked: how many draw calls or bytes a frame takes is up to
  // @webglet/graphics (multi-draw, growth policy) and is checked by the next test instead.
  await expect(page).toHaveScreenshot('batch-seed1-frames30.png', { fullPage: true, mask: [page.locator('#stats td')] });
  expect(errors).toEqual([]);
});

test('batch stats agree with the scene', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/batch/?seed=1&frames=30');
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  const stat = async (name: string): Promise<number> => {
    const text = await page.locator(`[data-stat="${name}"]`).textContent();
    expect(text, name).toMatch(/^\d+$/);
    return Number(text);
  };
  const domainStat = async (domain: string, name: string): Promise<number> => {
    const text = await page.locator(`[data-domain="${domain}"][data-domain-stat="${name}"]`).textContent();
    expect(text, `${domain} ${name}`).toMatch(/^\d+(\.\d+)?%?$/);
    return Number.parseFloat(text ?? '');
  };
  expect(await stat('frame')).toBe(30);
  const lists = await stat('lists');
  const vertices = await stat('vertices');
  expect(lists).toBeGreaterThan(900);
  // Every list holds 1–6 triangles (3 vertices each) or indexed quads (4 vertices each).
  expect(vertices).toBeGreaterThanOrEqual(3 * lists);
  expect(vertices).toBeLessThanOrEqual(24 * lists);
  expect(await stat('drawCalls')).toBeGreaterThanOrEqual(2); // at least one per domain
  expect(await stat('bytesUploaded')).toBeGreaterThan(0); // the frame resized and added lists
  expect(await stat('totalGrowths')).toBeGreaterThanOrEqual(await stat('growths'));
  const bufferBytes = await stat('bufferBytes');
  expect(bufferBytes).toBeGreaterThan(0);
  // Two domains: indexed quads (group order 0) and triangles (order 1).
  let capacity = 0,
    used = 0;
  for (const domain of ['quads', 'triangles']) {
    const domainCapacity = await domainStat(domain, 'capacity');
    const usage = await domainStat(domain, 'usage');
    const fragmentation = await domainStat(domain, 'fragmentation');
    expect(domainCapacity).toBeGreaterThan(0);
    expect(usage).toBeGreaterThan(0);
    expect(usage).toBeLessThanOrEqual(100);
    expect(fragmentation).toBeGreaterThanOrEqual(0);
    expect(fragmentation).toBeLessThanOrEqual(100);
    capacity += domainCapacity;
    used += (usage / 100) * domainCapacity;
  }
  // The domains' used vertices are the live vertices (usage is shown to 0.1%).
  expect(Math.abs(used - vertices)).toBeLessThanOrEqual(0.001 * capacity + 1);
  // Each vertex takes a vec3 of floats (12 bytes) and 4 colour bytes, in separate buffers.
  expect(bufferBytes).toBeGreaterThanOrEqual(16 * capacity);
  expect(errors).toEqual([]);
});

/** Loads `path` (with ?seed&frames) and waits for the end of its deterministic run. */
async function loadDeterministic(page: Page, path: string, frames: number): Promise<void> {
  await page.goto(path);
  // Generous: the run is synchronous, but the machine may be busy (and SwiftShader is a CPU renderer).
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  await expect(page.locator('body')).toHaveAttribute('data-frames', String(frames));
}

test('shapes, seed 1, 90 frames', async ({ page }) => {
  const errors = collectErrors(page);
  await loadDeterministic(page, '/shapes/?seed=1&frames=90', 90);
  await expect(page).toHaveScreenshot('shapes-seed1-frames90.png', { fullPage: true, mask: [page.locator('[data-timing]')] });
  expect(errors).toEqual([]);
});

test('loading images, seed 1, 30 frames: six PNGs by URL on one atlas page, one draw call', async ({ page }) => {
  const errors = collectErrors(page);
  await loadDeterministic(page, '/loading/?seed=1&frames=30', 30);
  expect(await readStats(page, ['images', 'pages', 'sprites', 'drawCalls', 'frame'])).toEqual({
    images: 6,
    pages: 1,
    sprites: 60,
    drawCalls: 1,
    frame: 30,
  });
  await expect(page.locator('#progress')).toHaveJSProperty('value', 1);
  await expect(page).toHaveScreenshot('loading-seed1-frames30.png', { fullPage: true });
  expect(errors).toEqual([]);
});

test('animation, seed 1, 45 frames: sheet tags and a coin strip play on one atlas page, one draw call', async ({ page }) => {
  const errors = collectErrors(page);
  await loadDeterministic(page, '/animation/?seed=1&frames=45', 45);
  expect(await readStats(page, ['walkers', 'idlers', 'coins', 'pages', 'drawCalls', 'frame'])).toEqual({
    walkers: 8,
    idlers: 6,
    coins: 16,
    pages: 1,
    drawCalls: 1,
    frame: 45,
  });
  await expect(page).toHaveScreenshot('animation-seed1-frames45.png', { fullPage: true });
  expect(errors).toEqual([]);
});

/** Reads `[data-stat="name"]`: an integer, or a percentage with one decimal (returned as a fraction). */
async function readStat(page: Page, name: string): Promise<number> {
  const text = (await page.locator(`[data-stat="${name}"]`).textContent()) ?? '';
  expect(text, name).toMatch(/^\d+(\.\d)?%$|^\d+$/);
  return text.endsWith('%') ? Number.parseFloat(text) / 100 : Number(text);
}

/** Reads several stats at once, by name. */
async function readStats<Name extends string>(page: Page, names: readonly Name[]): Promise<Record<Name, number>> {
  const values = await Promise.all(names.map((name) => readStat(page, name)));
  return Object.fromEntries(names.map((name, i) => [name, values[i]])) as Record<Name, number>;
}

test('churn, seed 1, 90 frames', async ({ page }) => {
  const errors = collectErrors(page);
  await loadDeterministic(page, '/churn/?seed=1&frames=90', 90);
  await expect(page).toHaveScreenshot('churn-seed1-frames90.png', { fullPage: true, mask: [page.locator('[data-timing]')] });
  expect(errors).toEqual([]);
});

test('churn overlay agrees with the scene', async ({ page }) => {
  const errors = collectErrors(page);
  await loadDeterministic(page, '/churn/?seed=1&frames=90', 90);
  const {
    shapes,
    vertices,
    peakVertices: peak,
    created,
    deleted,
    inFreedSpace,
    capacity,
    usage,
    fragmentation,
    growths,
  } = await readStats(page, [
    'shapes',
    'vertices',
    'peakVertices',
    'created',
    'deleted',
    'inFreedSpace',
    'capacity',
    'usage',
    'fragmentation',
    'growths',
  ]);
  // 1.5 s at ~3000 spawns per second, each shape living 0.3–1.5 s.
  expect(created).toBeGreaterThan(3000);
  expect(deleted).toBeGreaterThan(1000);
  expect(created - deleted).toBe(shapes);
  // Every shape has 3 (a triangle) to 36 (a 6-spike star or a 12-segment circle) vertices.
  expect(vertices).toBeGreaterThanOrEqual(3 * shapes);
  expect(vertices).toBeLessThanOrEqual(36 * shapes);
  // The domain's used space is exactly the live shapes' vertices (usage shown to 0.1%).
  expect(Math.abs(usage * capacity - vertices)).toBeLessThanOrEqual(0.0005 * capacity + 1);
  expect(fragmentation).toBeGreaterThanOrEqual(0);
  expect(fragmentation).toBeLessThanOrEqual(1);
  // Freed space is reused: most shapes created after the first deaths land below the high-water mark…
  expect(inFreedSpace).toBeGreaterThan(deleted / 2);
  // …so the buffer grew, but only to hold the peak: it never doubled past twice the peak.
  expect(growths).toBeGreaterThanOrEqual(1);
  expect(capacity).toBeGreaterThanOrEqual(peak);
  expect(capacity).toBeLessThan(2 * peak);
  expect(errors).toEqual([]);
});

test('allocator, seed 1, 150 frames', async ({ page }) => {
  const errors = collectErrors(page);
  await loadDeterministic(page, '/allocator/?seed=1&frames=150', 150);
  await expect(page).toHaveScreenshot('allocator-seed1-frames150.png', { fullPage: true, mask: [page.locator('[data-timing]')] });
  expect(errors).toEqual([]);
});

test('context loss: the scene comes back unchanged', async ({ page }) => {
  const errors = collectErrors(page);
  await loadDeterministic(page, '/context-loss/?seed=1&frames=60', 60);
  const state = page.locator('#context-state');
  const canvas = page.locator('#view');
  await expect(state).toHaveAttribute('data-state', 'live');
  await expect(page).toHaveScreenshot('context-loss-seed1-frames60.png', { fullPage: true });
  const before = await canvas.screenshot();

  await page.getByRole('button', { name: 'Lose context' }).click();
  await expect(state).toHaveAttribute('data-state', 'restored', { timeout: 10_000 });
  await expect(state).toHaveAttribute('data-losses', '1');
  const after = await canvas.screenshot();
  // Byte-equal PNGs: every pixel of the restored frame is the one before the loss.
  expect(after.equals(before), 'the restored canvas differs from the canvas before the loss').toBe(true);
  await expect(canvas).toHaveScreenshot('context-loss-canvas-restored.png');
  expect(errors).toEqual([]);
});

test('allocator overlay agrees with the scene', async ({ page }) => {
  const errors = collectErrors(page);
  await loadDeterministic(page, '/allocator/?seed=1&frames=150', 150);
  const s = await readStats(page, [
    'lists',
    'vertices',
    'rectangles',
    'stripAllocated',
    'stripFree',
    'growthMarks',
    'capacity',
    'allocated',
    'free',
    'allocatedRanges',
    'freeRanges',
    'largestFree',
    'usage',
    'fragmentation',
    'growths',
  ]);
  expect(s.lists).toBeGreaterThan(50);
  // The allocator's allocated space is the churned lists' vertices, and with the free space it covers the capacity.
  expect(s.allocated).toBe(s.vertices);
  expect(s.allocated + s.free).toBe(s.capacity);
  expect(s.vertices).toBeGreaterThanOrEqual(3 * s.lists);
  expect(s.vertices).toBeLessThanOrEqual(72 * s.lists);
  expect(Math.abs(s.usage - s.allocated / s.capacity)).toBeLessThanOrEqual(0.0005);
  expect(s.largestFree).toBeLessThanOrEqual(s.free);
  expect(s.fragmentation).toBeGreaterThanOrEqual(0);
  expect(s.fragmentation).toBeLessThanOrEqual(1);
  // Allocated and free ranges alternate (adjacent allocations are merged), so their counts differ by at most one…
  expect(Math.abs(s.allocatedRanges - s.freeRanges)).toBeLessThanOrEqual(1);
  // …and the strip draws at least one rectangle per range (more where a range wraps onto the next row, at most 3 more).
  expect(s.rectangles).toBeGreaterThanOrEqual(s.allocatedRanges + s.freeRanges);
  expect(s.rectangles).toBeLessThanOrEqual(s.allocatedRanges + s.freeRanges + 3);
  // The green and slate rectangles' widths stand for exactly the allocated and the free vertices.
  expect(s.stripAllocated).toBe(s.allocated);
  expect(s.stripFree).toBe(s.free);
  // The domain grew while the churn ran (the marks cover the plot's last 220 frames: all of a 150-frame run).
  expect(s.growthMarks).toBeGreaterThanOrEqual(1);
  expect(s.growthMarks).toBeLessThanOrEqual(s.growths);
  expect(errors).toEqual([]);
});
