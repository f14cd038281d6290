// The sprite pages (sprites, bunnymark): each renders deterministically and
// matches its committed screenshot, its stats agree with the scene, its
// controls change the scene and it still renders, and it logs no errors.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { collectErrors } from '@webglet/testing/playwright';

/** Loads `path` (with ?seed&frames) and waits for the end of its deterministic run. */
async function loadDeterministic(page: Page, path: string, frames: number): Promise<void> {
  await page.goto(path);
  // Generous: the run is synchronous, but SwiftShader is a CPU renderer and the machine may be busy.
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  await expect(page.locator('body')).toHaveAttribute('data-frames', String(frames));
}

/** Reads `[data-stat="name"]`, which must be a whole number. */
async function readStat(page: Page, name: string): Promise<number> {
  const text = (await page.locator(`[data-stat="${name}"]`).textContent()) ?? '';
  expect(text, name).toMatch(/^\d+$/);
  return Number(text);
}

/** Waits until `[data-stat="name"]` shows `value`. */
async function expectStat(page: Page, name: string, value: number): Promise<void> {
  await expect(page.locator(`[data-stat="${name}"]`), name).toHaveText(String(value));
}

// Bytes per sprite (see @webglet/sprite's SPRITE_ATTRIBUTES): four vertices of position 8, translate 8,
// rotation 4, scale 8, tex_coords 8 (floats) and color 4 (bytes), and six 4-byte indices.
const SPRITE_BYTES = 4 * (8 + 8 + 4 + 8 + 8 + 4) + 6 * 4;

/** The fps depends on the clock, not the scene: masked in screenshots. */
const timing = (page: Page): Locator[] => [page.locator('[data-timing]')];

/** `[data-stat="name"]` as a number (NaN before the page first shows its stats), for expect.poll. */
const pollStat = (page: Page, name: string) => async (): Promise<number> =>
  Number((await page.locator(`[data-stat="${name}"]`).textContent()) ?? Number.NaN);

// Small scenes and short runs: SwiftShader renders on the CPU, and the spec stays within ~20 s.
const FRAMES = 30;
/** Screenshots of a CPU-rendered page can take a while on a busy machine. */
const SCREENSHOT_TIMEOUT = 20_000;

test.describe('sprites', () => {
  const URL = `/sprites/?seed=1&frames=${FRAMES}&count=2000`;

  test('seed 1, 30 frames: screenshot, stats, and the count control', async ({ page }) => {
    const errors = collectErrors(page);
    await loadDeterministic(page, URL, FRAMES);
    await expect(page).toHaveScreenshot(`sprites-seed1-frames${FRAMES}.png`, {
      fullPage: true,
      mask: timing(page),
      timeout: SCREENSHOT_TIMEOUT,
    });

    const control = page.getByLabel('Sprites', { exact: true });
    expect(await control.inputValue()).toBe('2000');
    await expect(page.locator('#count-value')).toHaveText('2000');
    expect(await readStat(page, 'frame')).toBe(FRAMES);
    expect(await readStat(page, 'sprites')).toBe(2000);
    // Eight images, one atlas page: every sprite in one group, one domain, one draw call.
    expect(await readStat(page, 'images')).toBe(8);
    expect(await readStat(page, 'pages')).toBe(1);
    expect(await readStat(page, 'drawCalls')).toBe(1);
    // The last frame moved and turned every sprite: translate (8 bytes) and rotation (4) of its 4 vertices, nothing else.
    expect(await readStat(page, 'bytesUploaded')).toBe(4 * 12 * 2000);
    // The buffers hold at least every sprite, and grow by doubling.
    const bufferBytes = await readStat(page, 'bufferBytes');
    expect(bufferBytes).toBeGreaterThanOrEqual(SPRITE_BYTES * 2000);
    expect(bufferBytes).toBeLessThan(2 * SPRITE_BYTES * 2000 + 1024);

    // More: the page redraws at once (the clock stays put), with the new sprites added.
    const canvas = page.locator('#view');
    const before = await canvas.screenshot();
    await control.fill('4000');
    await expectStat(page, 'sprites', 4000);
    await expect(page.locator('#count-value')).toHaveText('4000');
    expect(await readStat(page, 'drawCalls')).toBe(1);
    expect(await readStat(page, 'pages')).toBe(1);
    // The redraw uploaded the 2000 new sprites, every attribute of each, and nothing else.
    expect(await readStat(page, 'bytesUploaded')).toBe(2000 * SPRITE_BYTES);
    expect(await readStat(page, 'bufferBytes')).toBeGreaterThanOrEqual(4000 * SPRITE_BYTES);
    const more = await canvas.screenshot();
    expect(more.equals(before), 'the canvas did not change after adding sprites').toBe(false);
    await expect(canvas).toHaveScreenshot(`sprites-seed1-frames${FRAMES}-count4000.png`, { timeout: SCREENSHOT_TIMEOUT });

    // Fewer: the newest are deleted, the 1000 oldest stay where they were (one draw call); deleting uploads nothing.
    await control.fill('1000');
    await expectStat(page, 'sprites', 1000);
    await expect(page.locator('#count-value')).toHaveText('1000');
    expect(await readStat(page, 'drawCalls')).toBe(1);
    expect(await readStat(page, 'bytesUploaded')).toBe(0);
    const fewer = await canvas.screenshot();
    expect(fewer.equals(more), 'the canvas did not change after deleting sprites').toBe(false);
    await expect(canvas).toHaveScreenshot(`sprites-seed1-frames${FRAMES}-count1000.png`, { timeout: SCREENSHOT_TIMEOUT });
    expect(errors).toEqual([]);
  });

  test('animates without ?frames', async ({ page }) => {
    const errors = collectErrors(page);
    await page.goto('/sprites/?count=2000');
    await expect.poll(pollStat(page, 'frame')).toBeGreaterThanOrEqual(10);
    expect(await page.getByLabel('Sprites', { exact: true }).inputValue()).toBe('2000');
    expect(await readStat(page, 'sprites')).toBe(2000);
    expect(await readStat(page, 'drawCalls')).toBe(1);
    expect(errors).toEqual([]);
  });
});

test.describe('bunnymark', () => {
  const URL = `/bunnymark/?seed=1&frames=${FRAMES}&bunnies=600`;

  test('seed 1, 30 frames: screenshot, stats, and clicks add 500 bunnies', async ({ page }) => {
    const errors = collectErrors(page);
    await loadDeterministic(page, URL, FRAMES);
    await expect(page).toHaveScreenshot(`bunnymark-seed1-frames${FRAMES}.png`, {
      fullPage: true,
      mask: timing(page),
      timeout: SCREENSHOT_TIMEOUT,
    });
    expect(await readStat(page, 'frame')).toBe(FRAMES);
    expect(await readStat(page, 'bunnies')).toBe(600);
    // One texture: one draw call. Every bunny moved in the last frame: the translate of its 4 vertices only, 32 bytes each.
    expect(await readStat(page, 'drawCalls')).toBe(1);
    expect(await readStat(page, 'bytesUploaded')).toBe(4 * 8 * 600);

    const canvas = page.locator('#view');
    const before = await canvas.screenshot();
    await canvas.click({ position: { x: 240, y: 120 } });
    await expectStat(page, 'bunnies', 1100);
    expect(await readStat(page, 'drawCalls')).toBe(1);
    // The redraw uploaded the 500 new bunnies (every attribute) and nothing else.
    expect(await readStat(page, 'bytesUploaded')).toBe(500 * SPRITE_BYTES);
    const after = await canvas.screenshot();
    expect(after.equals(before), 'the canvas did not change after the click').toBe(false);
    // 500 bunnies stacked with their feet at the click.
    await expect(canvas).toHaveScreenshot(`bunnymark-seed1-frames${FRAMES}-click.png`, { timeout: SCREENSHOT_TIMEOUT });

    // From the keyboard too, with the canvas focused.
    await canvas.focus();
    await page.keyboard.press('Enter');
    await expectStat(page, 'bunnies', 1600);
    await page.keyboard.press(' ');
    await expectStat(page, 'bunnies', 2100);
    expect(await readStat(page, 'drawCalls')).toBe(1);
    expect(errors).toEqual([]);
  });

  test('animates without ?frames, and a click adds 500', async ({ page }) => {
    const errors = collectErrors(page);
    await page.goto('/bunnymark/?bunnies=100');
    await expect.poll(pollStat(page, 'frame')).toBeGreaterThanOrEqual(10);
    expect(await readStat(page, 'bunnies')).toBe(100);
    await page.locator('#view').click({ position: { x: 100, y: 100 } });
    await expect.poll(pollStat(page, 'bunnies')).toBe(600);
    expect(await readStat(page, 'drawCalls')).toBe(1);
    expect(errors).toEqual([]);
  });
});
