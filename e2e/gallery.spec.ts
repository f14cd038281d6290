// Every gallery page renders deterministically, matches its committed
// screenshot, and logs no errors.
import { expect, test, type Page } from '@playwright/test';

/** Collects console.error messages and uncaught exceptions from the page. */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  return errors;
}

test('the index links every example', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/');
  await expect(page).toHaveTitle('webglet examples');
  await expect(page.locator('.card')).toHaveCount(2);
  for (const img of await page.locator('.card img').all()) await expect(img).toHaveJSProperty('complete', true);
  await expect(page).toHaveScreenshot('index.png', { fullPage: true });
  expect(errors).toEqual([]);
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
  // Every list holds 1–6 triangles (3 vertices each) or quads (6 vertices each).
  expect(vertices).toBeGreaterThanOrEqual(3 * lists);
  expect(vertices).toBeLessThanOrEqual(36 * lists);
  expect(await stat('drawCalls')).toBeGreaterThanOrEqual(2); // at least one per domain
  expect(await stat('bytesUploaded')).toBeGreaterThan(0); // the frame resized and added lists
  expect(await stat('totalGrowths')).toBeGreaterThanOrEqual(await stat('growths'));
  const bufferBytes = await stat('bufferBytes');
  expect(bufferBytes).toBeGreaterThan(0);
  // Two domains: quads (group order 0) and triangles (order 1).
  let capacity = 0, used = 0;
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
