// Loading images: six PNGs of examples/public/assets (drawn by scripts/make-assets.mjs) loaded by
// URL with Assets.loadAll, which reports progress and packs them into one atlas page; the coin
// strip is cut into six frames with ImageGrid. A seeded field of trees, rocks, flowers, gems,
// hearts and turning coins is drawn from that page: one draw call. The coins turn by swapping
// their image to the next cell every few frames (only their texture coordinates change).
//
// ?seed=N places the field; ?frames=N runs N ticks of 1/60 s after the images have loaded (see
// ../shared/run.ts), so the screenshot is the same on every run.
import { Assets, Batch, ImageGrid, Sprite } from '@webglet/sprite';
import { createExample, reportGLErrors, run, start } from '../shared/run.ts';
import { setStat } from '../shared/stats.ts';

const BACKGROUND = [28, 42, 28] as const;
const IMAGES = ['tree', 'rock', 'flower', 'gem', 'heart'].map((name) => `../assets/${name}.png`);
const COINS = '../assets/coins.png';
const FIELD = 60;
/** Clock ticks a coin shows each of its six frames. */
const TICKS_PER_COIN_FRAME = 5;

start(() => {
  const example = createExample();
  const { window: view, random } = example;
  const progress = document.querySelector<HTMLProgressElement>('#progress')!;
  const assets = new Assets(view.gl, { atlas: { pageWidth: 256, pageHeight: 256, filter: 'nearest' } });
  assets
    .loadAll([...IMAGES, COINS], (done, total) => {
      progress.value = done / total;
    })
    .then((regions) => {
      const coinFrames = new ImageGrid(regions[IMAGES.length]!, 1, 6).regions;
      const batch = new Batch(view.gl);
      const coins: { sprite: Sprite; phase: number }[] = [];
      for (let i = 0; i < FIELD; i++) {
        const x = 16 + random() * (view.width - 48);
        const y = 16 + random() * (view.height - 48);
        if (random() < 0.25) {
          const phase = Math.floor(random() * 6 * TICKS_PER_COIN_FRAME);
          coins.push({ sprite: new Sprite(coinFrames[0]!, { batch, x, y, scale: 2 }), phase });
        } else {
          new Sprite(regions[Math.floor(random() * IMAGES.length)]!, { batch, x, y, scale: 2 });
        }
      }
      setStat('images', regions.length);
      setStat('pages', assets.atlas.pages.length);
      setStat('sprites', FIELD);
      let tick = 0;
      run(example, () => {
        tick++;
        for (const coin of coins) {
          coin.sprite.image = coinFrames[Math.floor((tick + coin.phase) / TICKS_PER_COIN_FRAME) % 6]!;
        }
        view.clear(BACKGROUND);
        batch.draw();
        setStat('frame', tick);
        setStat('drawCalls', batch.stats().drawCalls);
      });
      reportGLErrors(view.gl, 'the first frame');
    })
    .catch((error: unknown) => console.error(error));
});
