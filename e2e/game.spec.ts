// The Coin hunt page, driven as a player would, through @webglet/testing: keys held over given
// frames and a click, then the frame compared with a committed PNG. The hero's position, the
// camera and the score are read back from the page's stats to check what the input did.
import { expect, test, type Page } from '@playwright/test';
import { expectFrame, expectNoErrors, openGame, type GameInput } from '@webglet/testing/playwright';

const stat = async (page: Page, name: string): Promise<number> => Number(await page.locator(`[data-stat="${name}"]`).textContent());

const WALK_RIGHT: GameInput[] = [
  { frame: 5, key: 'ArrowRight', action: 'down' },
  { frame: 125, key: 'ArrowRight', action: 'up' },
];

test('idle: the hero stands, the HUD shows the title and score 0', async ({ page }) => {
  const game = await openGame(page, '/game/', { seed: 1, frames: 30 });
  expect(await stat(page, 'heroX')).toBe(120);
  expect(await stat(page, 'score')).toBe(0);
  expect(await stat(page, 'drawCalls')).toBe(2); // the world through its camera, then the HUD
  await expectFrame(game).toMatchSnapshot('game-seed1-frame30.png');
  expectNoErrors(game);
});

test('keys walk the hero right, the camera follows, the HUD stays; a click walks it back', async ({ page }) => {
  const game = await openGame(page, '/game/', { seed: 1, frames: 130, input: WALK_RIGHT });
  // 120 frames of 1/60 s at 150 px/s: 300 px.
  expect(await stat(page, 'heroX')).toBe(420);
  expect(await stat(page, 'cameraX')).toBe(420);
  const score = await stat(page, 'score');
  await expectFrame(game).toMatchSnapshot('game-seed1-walk-right-frame130.png');

  // A click 100 px left of the canvas centre is 100 px left of the hero in the world.
  await game.send({ frame: 130, pointer: 'down', x: 140, y: 180 });
  await game.send({ frame: 130, pointer: 'up', x: 140, y: 180 });
  await game.step(60);
  expect(await stat(page, 'heroX')).toBe(320);
  expect(await stat(page, 'score')).toBeGreaterThanOrEqual(score);
  expect(await stat(page, 'drawCalls')).toBe(2); // the world through its camera, then the HUD
  expectNoErrors(game);
});

test('the score counts the coins the hero walks over', async ({ page }) => {
  // Right along y = 200 with D, then up with W: at seed 1 that path crosses several coins.
  const game = await openGame(page, '/game/', {
    seed: 1,
    frames: 400,
    input: [
      { frame: 1, key: 'd', action: 'down' },
      { frame: 300, key: 'd', action: 'up' },
      { frame: 300, key: 'w', action: 'down' },
      { frame: 390, key: 'w', action: 'up' },
    ],
  });
  const score = await stat(page, 'score');
  const left = await stat(page, 'coinsLeft');
  expect(score).toBeGreaterThan(0);
  expect(score).toBe((24 - left) * 10);
  await expectFrame(game).toMatchSnapshot('game-seed1-collect-frame400.png');
  expectNoErrors(game);
});
