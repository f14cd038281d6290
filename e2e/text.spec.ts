// The text page renders deterministically, matches its committed screenshot, logs no errors, and
// draws all its labels, from both kinds of font, in one draw call. Its generated-font labels use
// generic CSS families, so the screenshot holds this machine's fonts (docs/guide.md, "Text").
import { expect, test } from '@playwright/test';
import { collectErrors } from '@webglet/testing/playwright';

test('text, seed 1, 30 frames', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/text/?seed=1&frames=30');
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  await expect(page.locator('body')).toHaveAttribute('data-frames', '30');
  await expect(page).toHaveScreenshot('text-seed1-frames30.png', { fullPage: true });
  expect(errors).toEqual([]);
});

test('text: every label on one atlas page, one draw call; the score is frame × 125', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/text/?seed=1&frames=12');
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  const stat = async (name: string): Promise<number> => Number(await page.locator(`[data-stat="${name}"]`).textContent());
  expect(await stat('frame')).toBe(12);
  expect(await stat('pages')).toBe(1);
  expect(await stat('drawCalls')).toBe(1);
  expect(await stat('labels')).toBeGreaterThan(20);
  expect(await stat('quads')).toBeGreaterThan(150);
  // Frame 12 changed the score from 1375 to 1500 (four glyphs each: position and tex_coords, 8 + 8 bytes a
  // vertex) and turned 'turning' (seven glyphs: rotation, 4 bytes a vertex); nothing else was uploaded.
  expect(await stat('bytesUploaded')).toBe(4 * 4 * 16 + 7 * 4 * 4);
  expect(errors).toEqual([]);
});
