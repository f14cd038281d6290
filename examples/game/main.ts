// Coin hunt: a small game that uses the whole sprite layer. The hero (the project's hero sheet,
// `idle` and `walk` tags) walks a world three screens wide with the arrow keys or WASD, or
// towards a click, which the camera turns into world coordinates. Coins (an ImageGrid strip) turn,
// and the hero collects one by touching it, which rewrites the score label's glyphs. The world sits
// in a Camera that follows the hero; the HUD (title, score, hint) sits in a group of its own,
// drawn after it and not scrolled. Every image and the font's page share one atlas page, so a
// frame is two draw calls: the world through its camera, then the HUD.
//
// ?seed=N places the coins, trees and rocks; ?frames=N runs N ticks of 1/60 s after the assets
// have loaded, and the e2e test steps it further with scripted keys and clicks (@webglet/testing).
import {
  Animation,
  AnimatedSprite,
  Assets,
  Batch,
  BitmapFont,
  Camera,
  Group,
  ImageGrid,
  Input,
  Label,
  Sprite,
  SpriteSheet,
} from '@webglet/sprite';
import { createExample, run, start } from '../shared/run.ts';
import { setStat } from '../shared/stats.ts';

const WORLD_WIDTH = 1440;
const GROUND_TOP = 70;
const GROUND_BOTTOM = 330;
const SPEED = 150; // world pixels a second
const COINS = 24;
const SCENERY = 40;
const SCALE = 3;
const REACH = 22; // how near the hero's centre must come to a coin's to collect it
const BACKGROUND = [38, 70, 52] as const;

start(() => {
  const example = createExample();
  const { window: view, clock, random } = example;
  const assets = new Assets(view.gl, { atlas: { pageWidth: 256, pageHeight: 256, filter: 'nearest' } });
  Promise.all([
    assets.loadAll(['../assets/hero.png', '../assets/coins.png', '../assets/tree.png', '../assets/rock.png']),
    fetch('../assets/hero.json').then((response) => response.json()),
    BitmapFont.load(assets, '../assets/pixel-font.fnt'),
  ])
    .then(([[heroImage, coinImage, treeImage, rockImage], json, font]) => {
      const sheet = SpriteSheet.fromJson(json, heroImage!);
      const walk = sheet.animation('walk');
      const idle = sheet.animation('idle');
      const spin = Animation.fromImages(new ImageGrid(coinImage!, 1, 6).regions, 0.08);
      const batch = new Batch(view.gl);
      const world = new Camera(view, { y: view.height / 2 });
      const hud = new Group(1);

      // Scenery first, so coins and the hero draw over it (one group: drawn in the order added).
      for (let i = 0; i < SCENERY; i++) {
        const image = random() < 0.6 ? treeImage! : rockImage!;
        const x = random() * WORLD_WIDTH;
        const y = GROUND_TOP + random() * (GROUND_BOTTOM - GROUND_TOP);
        new Sprite(image, { batch, group: world, x, y, scale: SCALE, anchorX: 0.5, anchorY: 1, opacity: 200 });
      }
      const coins: AnimatedSprite[] = [];
      for (let i = 0; i < COINS; i++) {
        const x = 80 + random() * (WORLD_WIDTH - 160);
        const y = GROUND_TOP + 20 + random() * (GROUND_BOTTOM - GROUND_TOP - 40);
        const coin = new AnimatedSprite(spin, { batch, clock, group: world, x, y, scale: 2, anchorX: 0.5, anchorY: 0.5 });
        coin.frameIndex = Math.floor(random() * spin.frames.length);
        coins.push(coin);
      }
      const hero = new AnimatedSprite(idle, { batch, clock, group: world, x: 120, y: 200, scale: SCALE, anchorX: 0.5, anchorY: 0.5 });

      new Label(font, {
        batch,
        group: hud,
        text: 'COIN HUNT',
        x: view.width / 2,
        y: 10,
        anchorX: 'center',
        anchorY: 'top',
        scale: 2,
        color: [255, 220, 90],
      });
      const scoreLabel = new Label(font, {
        batch,
        group: hud,
        text: 'SCORE 0',
        x: view.width - 10,
        y: 12,
        anchorX: 'right',
        anchorY: 'top',
      });
      const hint = new Label(font, {
        batch,
        group: hud,
        text: 'Arrows or WASD to walk, or click where to go',
        x: view.width / 2,
        y: view.height - 8,
        anchorX: 'center',
        anchorY: 'bottom',
        color: [220, 240, 220],
        opacity: 200,
      });

      const input = new Input(view);
      let target: [number, number] | null = null;
      input.onPointer((event) => {
        if (event.type === 'down') target = world.toWorld([0, 0], event.x, event.y);
      });
      const held = (...codes: string[]): number => (codes.some((code) => input.isDown(code)) ? 1 : 0);

      let score = 0;
      let left = COINS;
      let tick = 0;
      run(example, (dt) => {
        tick++;
        const dx = held('ArrowRight', 'KeyD') - held('ArrowLeft', 'KeyA');
        const dy = held('ArrowDown', 'KeyS') - held('ArrowUp', 'KeyW');
        let vx = dx * SPEED;
        let vy = dy * SPEED;
        if (dx !== 0 || dy !== 0) target = null;
        else if (target) {
          const [tx, ty] = target;
          const distance = Math.hypot(tx - hero.x, ty - hero.y);
          if (distance < SPEED * dt) target = null;
          else [vx, vy] = [((tx - hero.x) / distance) * SPEED, ((ty - hero.y) / distance) * SPEED];
        }
        const walking = vx !== 0 || vy !== 0;
        const animation = walking ? walk : idle;
        if (hero.animation !== animation) hero.animation = animation;
        if (vx !== 0) hero.scaleX = vx < 0 ? -SCALE : SCALE;
        hero.x = Math.min(WORLD_WIDTH - 20, Math.max(20, hero.x + vx * dt));
        hero.y = Math.min(GROUND_BOTTOM, Math.max(GROUND_TOP, hero.y + vy * dt));

        for (const coin of coins) {
          if (coin.visible && Math.abs(coin.x - hero.x) < REACH && Math.abs(coin.y - hero.y) < REACH) {
            coin.visible = false;
            score += 10;
            left--;
            scoreLabel.text = `SCORE ${score}`;
            if (left === 0) hint.text = 'All coins! Reload for a new seed';
          }
        }
        // Follow the hero, but never show past the world's ends.
        world.x = Math.min(WORLD_WIDTH - view.width / 2, Math.max(view.width / 2, hero.x));

        view.clear(BACKGROUND);
        batch.draw();
        setStat('frame', tick);
        setStat('score', score);
        setStat('coinsLeft', left);
        setStat('heroX', Math.round(hero.x));
        setStat('heroY', Math.round(hero.y));
        setStat('cameraX', Math.round(world.x));
        setStat('drawCalls', batch.stats().drawCalls);
      });
    })
    .catch((error: unknown) => console.error(error));
});
