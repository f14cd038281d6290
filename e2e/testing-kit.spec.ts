// The gallery through @webglet/testing, as a user's game test would drive it:
// openGame at a seed with scripted input, expectFrame against a committed PNG of
// the canvas (read with readPixels), runs that are byte-identical, and a context
// loss driven from the test that leaves the same frame as a run without one.
import { expect, test } from '@playwright/test';
import { expectFrame, expectNoErrors, openGame, type GameInput } from '@webglet/testing/playwright';

const CLICK: GameInput[] = [
  { frame: 10, pointer: 'down', x: 240, y: 120 },
  { frame: 10, pointer: 'up', x: 240, y: 120 },
];

test('bunnymark with a scripted click: the frame matches, three runs are byte-identical', async ({ page, context }) => {
  const game = await openGame(page, '/bunnymark/', { seed: 1, frames: 30, query: { bunnies: 200 }, input: CLICK });
  await expect(page.locator('[data-stat="bunnies"]')).toHaveText('700');
  await expectFrame(game).toMatchSnapshot('bunnymark-click-frame30.png');
  const first = await game.capture();
  for (let run = 2; run <= 3; run++) {
    const again = await openGame(await context.newPage(), '/bunnymark/', { seed: 1, frames: 30, query: { bunnies: 200 }, input: CLICK });
    expect((await again.capture()).equals(first), `run ${run} gave other bytes`).toBe(true);
    expectNoErrors(again);
  }
  // Without the click the frame differs: the input is what the snapshot shows.
  const idle = await openGame(await context.newPage(), '/bunnymark/', { seed: 1, frames: 30, query: { bunnies: 200 } });
  expect((await idle.capture()).equals(first)).toBe(false);
  expectNoErrors(game);
});

test('animation: a loss and restore driven by the test leaves the frame of a run without one', async ({ page, context }) => {
  const plain = await openGame(page, '/animation/', { seed: 1, frames: 30 });
  const expected = await plain.capture();
  const lossy = await openGame(await context.newPage(), '/animation/', { seed: 1, frames: 20 });
  await lossy.loseContext();
  await lossy.step(5);
  await lossy.restoreContext();
  expect(await lossy.step(5)).toBe(30);
  expect((await lossy.capture()).equals(expected)).toBe(true);
  expectNoErrors(plain);
  expectNoErrors(lossy);
});

test('openGame refuses bad options, and says why a page never became ready', async ({ page }) => {
  await expect(openGame(page, '/game/', { frames: 0 })).rejects.toThrow(/frames must be a whole number >= 1, got 0/);
  await expect(openGame(page, '/game/', { frames: 10, input: [{ frame: 11, key: 'a' }] })).rejects.toThrow(
    /frame must be a whole number in 1..10/,
  );
  // The gallery index has no game on it: no hook ever appears.
  await expect(openGame(page, '/', { timeout: 1500 })).rejects.toThrow(
    /openGame\(\/\): the page did not become ready\. The page logged no errors\./,
  );
});

test("a game's errors are its page's while it is the page's game, and the failure message lists them", async ({ page }) => {
  // ?loseAt past ?frames is reported with console.error by the test mode.
  const first = await openGame(page, '/game/', { frames: 3, query: { loseAt: 5 } });
  expect(first.errors).toEqual(['console.error: ?loseAt=5 must be less than ?frames=3']);
  const second = await openGame(page, '/game/', { frames: 3 });
  await page.evaluate(() => console.error('after the second open'));
  expect(second.errors).toEqual(['console.error: after the second open']);
  expect(first.errors).toHaveLength(1);
  expect(() => expectNoErrors(second)).toThrow(/after the second open/);
});
