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
  await expect(page.locator('.card')).toHaveCount(1);
  await expect(page.locator('.card img')).toHaveJSProperty('complete', true);
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
