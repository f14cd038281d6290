// Animation: the hero sheet of examples/public/assets (drawn by scripts/make-assets.mjs, with an
// Aseprite-style JSON: trimmed frames, durations, `idle` and `walk` tags) read by SpriteSheet, and
// the coin strip cut by ImageGrid. Walkers cross the canvas playing `walk` at their own speed and
// wrap around; idlers stand playing `idle` from different frames; coins turn. Every AnimatedSprite
// is scheduled on the example's Clock, and a frame change rewrites only its texture rectangle (and
// its position, as trimmed frames differ in size). Both sheets share one atlas page: one draw call.
//
// ?seed=N places everything; ?frames=N runs N ticks of 1/60 s after the assets have loaded (see
// ../shared/run.ts), so the screenshot is the same on every run.
import { Animation, AnimatedSprite, Assets, Batch, ImageGrid, SpriteSheet } from '@webglet/sprite';
import { createExample, run, start } from '../shared/run.ts';
import { setStat } from '../shared/stats.ts';

const BACKGROUND = [32, 32, 44] as const;
const WALKERS = 8;
const IDLERS = 6;
const COINS = 16;
const SCALE = 3;

start(() => {
  const example = createExample();
  const { window: view, clock, random } = example;
  const assets = new Assets(view.gl, { atlas: { pageWidth: 256, pageHeight: 256, filter: 'nearest' } });
  Promise.all([
    assets.loadAll(['../assets/hero.png', '../assets/coins.png']),
    fetch('../assets/hero.json').then((response) => response.json()),
  ])
    .then(([[heroImage, coinImage], json]) => {
      const sheet = SpriteSheet.fromJson(json, heroImage!);
      const walk = sheet.animation('walk');
      const idle = sheet.animation('idle');
      const coin = Animation.fromImages(new ImageGrid(coinImage!, 1, 6).regions, 0.08);
      const batch = new Batch(view.gl);
      const walkers: { sprite: AnimatedSprite; vx: number }[] = [];
      for (let i = 0; i < WALKERS; i++) {
        const y = 40 + (i * (view.height - 80)) / WALKERS;
        const speed = 0.6 + random() * 0.8;
        const sprite = new AnimatedSprite(walk, { batch, clock, x: random() * view.width, y, scale: SCALE, speed });
        sprite.frameIndex = Math.floor(random() * walk.frames.length);
        walkers.push({ sprite, vx: 40 * speed });
      }
      for (let i = 0; i < IDLERS; i++) {
        const sprite = new AnimatedSprite(idle, {
          batch,
          clock,
          x: 20 + random() * (view.width - 60),
          y: 20 + random() * (view.height - 60),
          scale: SCALE,
        });
        sprite.frameIndex = i % idle.frames.length;
      }
      for (let i = 0; i < COINS; i++) {
        const sprite = new AnimatedSprite(coin, {
          batch,
          clock,
          x: 10 + random() * (view.width - 40),
          y: 10 + random() * (view.height - 40),
          scale: 2,
        });
        sprite.frameIndex = Math.floor(random() * coin.frames.length);
      }
      setStat('walkers', WALKERS);
      setStat('idlers', IDLERS);
      setStat('coins', COINS);
      setStat('pages', assets.atlas.pages.length);
      let tick = 0;
      run(example, (dt) => {
        tick++;
        for (const walker of walkers) {
          walker.sprite.x += walker.vx * dt;
          if (walker.sprite.x > view.width) walker.sprite.x -= view.width + 16 * SCALE;
        }
        view.clear(BACKGROUND);
        batch.draw();
        setStat('frame', tick);
        setStat('drawCalls', batch.stats().drawCalls);
      });
    })
    .catch((error: unknown) => console.error(error));
});
