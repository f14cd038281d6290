// Coins: a small game to copy. Arrow keys (or a click) move the square; each coin
// it touches fills the score bar. ?seed=&frames= (from @webglet/testing) makes a
// run repeatable: the coins come from the seeded random, and the clock steps a
// fixed 1/60 s only when the test says so.
import { Batch, Input, Rectangle, Window } from '@webglet/sprite';
import { gameWindowOptions, readGameParams, runGame, seededRandom } from '@webglet/testing';

const params = readGameParams();
const random = seededRandom(params.seed);
const window = new Window(document.querySelector<HTMLCanvasElement>('#game')!, gameWindowOptions(params, { alpha: false }));
const input = new Input(window);
const batch = new Batch(window.gl);

const player = new Rectangle(160, 120, 16, 16, { batch, color: [240, 240, 240], anchorX: 0.5, anchorY: 0.5 });
const coins = Array.from(
  { length: 8 },
  () => new Rectangle(20 + random() * 280, 20 + random() * 200, 8, 8, { batch, color: [250, 200, 40] }),
);
const scoreBar = new Rectangle(8, 228, 0, 6, { batch, color: [80, 200, 120] });
let target: { x: number; y: number } | null = null;
let score = 0;

input.onPointer((event) => {
  if (event.type === 'down') target = { x: event.x, y: event.y };
});

function update(dt: number): void {
  const speed = 120 * dt;
  const dx = (input.isDown('ArrowRight') ? 1 : 0) - (input.isDown('ArrowLeft') ? 1 : 0);
  const dy = (input.isDown('ArrowDown') ? 1 : 0) - (input.isDown('ArrowUp') ? 1 : 0);
  if (dx !== 0 || dy !== 0) target = null;
  if (target) {
    const distance = Math.hypot(target.x - player.x, target.y - player.y);
    if (distance <= speed) target = null;
    else {
      player.x += ((target.x - player.x) / distance) * speed;
      player.y += ((target.y - player.y) / distance) * speed;
    }
  } else {
    player.x += dx * speed;
    player.y += dy * speed;
  }
  for (const coin of coins) {
    if (coin.visible && Math.abs(coin.x + 4 - player.x) < 12 && Math.abs(coin.y + 4 - player.y) < 12) {
      coin.visible = false;
      score++;
      scoreBar.width = score * 12;
    }
  }
}

runGame(
  window,
  (dt) => {
    update(dt);
    window.clear([20, 24, 40]);
    batch.draw();
  },
  { params },
);
