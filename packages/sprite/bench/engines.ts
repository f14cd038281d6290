// The two engines of the sprite benchmark behind one interface: build N bunnies,
// then per frame write every moved bunny's position, churn some, and draw.
import { Batch } from '@webglet/graphics';
import type { AllocationPolicy } from '@webglet/graphics';
import { Container, Sprite as PixiSprite, Texture as PixiTexture, autoDetectRenderer, type Renderer } from 'pixi.js';
import { Sprite, Texture, Window } from '../src/index.ts';
import { BUNNY_H, BUNNY_W, CANVAS, bunnyPixels, pulse, spin, type Motion } from './bunny-scene.ts';

const BLACK = [0, 0, 0, 255];

export interface Engine {
  readonly name: string;
  /** Positions from `motion` for bunnies [0, count). */
  place(motion: Motion): void;
  /** Positions, and rotation and scale derived from them (`spin`, `pulse`), for bunnies [0, count). */
  transform(motion: Motion): void;
  /** Replaces bunny i (removed, a new one added at the motion's position). */
  replace(i: number, motion: Motion): void;
  draw(): void;
  /** Draw calls and GPU buffer bytes as the engine itself reports them, where it does. */
  ownFigures(): { bytesUploaded: number; drawCalls: number; bufferBytes: number; fragmentation: number } | null;
}

export function createWebglet(canvas: HTMLCanvasElement, motion: Motion, policy?: AllocationPolicy): Engine {
  const window = new Window(canvas, { pixelRatio: 1 });
  window.resize(CANVAS, CANVAS);
  const texture = new Texture(window.gl, { width: BUNNY_W, height: BUNNY_H, data: bunnyPixels() }, { filter: 'nearest' });
  const batch = new Batch(window.gl, policy === undefined ? {} : { policy });
  const sprites: Sprite[] = [];
  for (let i = 0; i < motion.count; i++) sprites.push(new Sprite(texture, { batch, x: motion.x[i]!, y: motion.y[i]! }));
  return {
    name: 'webglet',
    place(m) {
      for (let i = 0; i < m.count; i++) sprites[i]!.setPosition(m.x[i]!, m.y[i]!);
    },
    transform(m) {
      for (let i = 0; i < m.count; i++) {
        const sprite = sprites[i]!, x = m.x[i]!, y = m.y[i]!;
        sprite.setPosition(x, y);
        sprite.rotation = spin(x);
        sprite.scale = pulse(y);
      }
    },
    replace(i, m) {
      sprites[i]!.delete();
      sprites[i] = new Sprite(texture, { batch, x: m.x[i]!, y: m.y[i]! });
    },
    draw() {
      window.clear(BLACK);
      batch.draw();
    },
    ownFigures() {
      const { bytesUploaded, drawCalls, bufferBytes, domains } = batch.stats();
      return { bytesUploaded, drawCalls, bufferBytes, fragmentation: domains[0]?.fragmentation ?? 0 };
    },
  };
}

export async function createPixi(canvas: HTMLCanvasElement, motion: Motion): Promise<Engine> {
  const renderer: Renderer = await autoDetectRenderer({
    preference: 'webgl', canvas, width: CANVAS, height: CANVAS, resolution: 1, antialias: false, background: 0x000000,
  });
  const source = document.createElement('canvas');
  source.width = BUNNY_W;
  source.height = BUNNY_H;
  source.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(bunnyPixels()), BUNNY_W, BUNNY_H), 0, 0);
  const texture = PixiTexture.from(source);
  texture.source.scaleMode = 'nearest';
  const stage = new Container();
  const sprites: PixiSprite[] = [];
  const make = (i: number, m: Motion): PixiSprite => {
    const sprite = new PixiSprite(texture);
    sprite.x = m.x[i]!;
    sprite.y = m.y[i]!;
    return sprite;
  };
  for (let i = 0; i < motion.count; i++) stage.addChild((sprites[i] = make(i, motion)));
  return {
    name: 'PixiJS',
    place(m) {
      for (let i = 0; i < m.count; i++) {
        const sprite = sprites[i]!;
        sprite.x = m.x[i]!;
        sprite.y = m.y[i]!;
      }
    },
    transform(m) {
      for (let i = 0; i < m.count; i++) {
        const sprite = sprites[i]!, x = m.x[i]!, y = m.y[i]!;
        sprite.x = x;
        sprite.y = y;
        sprite.rotation = spin(x);
        sprite.scale.set(pulse(y));
      }
    },
    replace(i, m) {
      const old = sprites[i]!;
      stage.removeChild(old);
      old.destroy();
      stage.addChild((sprites[i] = make(i, m)));
    },
    draw() {
      renderer.render(stage);
    },
    ownFigures: () => null,
  };
}
