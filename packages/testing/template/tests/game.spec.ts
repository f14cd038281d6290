// The game at seed 1: the right arrow held for 40 frames, then a click to the
// left, then 60 frames. Frames step only between inputs, so every run draws
// the same frame 100, byte for byte.
import { expect, test } from '@playwright/test';
import { expectFrame, expectNoErrors, openGame } from '@webglet/testing/playwright';

test('the square collects coins to the right, then walks to a click', async ({ page }) => {
  const game = await openGame(page, '/', {
    seed: 1,
    frames: 100,
    input: [
      { frame: 1, key: 'ArrowRight', action: 'down' },
      { frame: 40, key: 'ArrowRight', action: 'up' },
      { frame: 41, pointer: 'down', x: 60, y: 60 },
      { frame: 41, pointer: 'up', x: 60, y: 60 },
    ],
  });
  expect(await game.frame()).toBe(100);
  await expectFrame(game).toMatchSnapshot('coins-seed1-frame100.png');
  expectNoErrors(game);
});
