// The two engines of the sprite benchmark behind one interface (bench-page.ts). Each builds the
// bunnies, runs one frame of a case as its users write it (the motion through getters and setters,
// a spin through `rotation` and the engine's scale), and finishes the frame on the GPU. The canvas,
// the renderers' set-up and the finishing readPixels are shared with the shapes benchmark.
import { Batch, bestFit, firstFit, goodFit, type AllocationPolicy } from '@webglet/graphics';
import { Container, Sprite as PixiSprite, Texture as PixiTexture, autoDetectRenderer, type Renderer } from 'pixi.js';
import { Sprite, Texture, Window } from '../src/index.ts';
import type { BenchEngine } from './bench-page.ts';
import { CANVAS, SPRITE, SPIN, moveBunnies, newBunny, pulse, whitePixels, type Bunny } from './bunny-scene.ts';

export type Case = 'moving' | 'spinning' | 'static' | 'churn';

export type Engine = BenchEngine<Case>;

export const BLACK = [0, 0, 0, 255];
const pixel = new Uint8Array(4);

/** The 1-pixel readPixels that finishes a frame on the GPU, the same for every engine. */
export function finishFrame(gl: WebGL2RenderingContext): void {
  gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel);
}

/** 1% of the bunnies replaced each churn frame (at least one). */
const churned = (count: number): number => Math.max(1, Math.round(count / 100));

/** webglet's Window on `canvas`, CANVAS × CANVAS CSS pixels at a pixel ratio of 1. */
export function webgletWindow(canvas: HTMLCanvasElement): Window {
  const window = new Window(canvas, { pixelRatio: 1 });
  window.resize(CANVAS, CANVAS);
  return window;
}

/** PixiJS's WebGL renderer on `canvas`, CANVAS × CANVAS, as webglet's: resolution 1, no antialiasing, black. */
export async function pixiRenderer(canvas: HTMLCanvasElement): Promise<{ renderer: Renderer; gl: WebGL2RenderingContext }> {
  const renderer: Renderer = await autoDetectRenderer({
    preference: 'webgl',
    canvas,
    width: CANVAS,
    height: CANVAS,
    resolution: 1,
    antialias: false,
    background: 0x000000,
  });
  return { renderer, gl: (renderer as unknown as { gl: WebGL2RenderingContext }).gl };
}

export function createWebglet(canvas: HTMLCanvasElement, count: number, random: () => number, policy?: AllocationPolicy): Engine {
  const window = webgletWindow(canvas);
  const gl = window.gl;
  const texture = new Texture(gl, { width: SPRITE, height: SPRITE, data: whitePixels() }, { filter: 'nearest' });
  const batch = new Batch(
    gl,
    policy === undefined ? {} : { policy: { 'first-fit': firstFit, 'best-fit': bestFit, 'good-fit': goodFit }[policy] },
  );
  const make = (x: number, y: number): Sprite => new Sprite(texture, { batch, x, y });
  const bunnies: Bunny<Sprite>[] = [];
  for (let i = 0; i < count; i++) bunnies.push(newBunny(random, make));
  const spin = (): void => {
    for (let i = 0; i < bunnies.length; i++) {
      const sprite = bunnies[i]!.sprite;
      sprite.rotation += SPIN;
      sprite.scale = pulse(sprite.y);
    }
  };
  const engine: Engine = {
    name: 'webglet',
    update(scenario) {
      if (scenario === 'moving' || scenario === 'spinning') moveBunnies(bunnies);
      if (scenario === 'spinning') spin();
      if (scenario === 'churn') {
        for (let k = churned(count); k > 0; k--) {
          const i = Math.floor(random() * count);
          bunnies[i]!.sprite.delete();
          bunnies[i] = newBunny(random, make);
        }
      }
    },
    frame(scenario) {
      engine.update(scenario);
      window.clear(BLACK);
      batch.draw();
    },
    finish() {
      finishFrame(gl);
    },
    ownFigures() {
      const { bytesUploaded, drawCalls, bufferBytes, domains } = batch.stats();
      return { bytesUploaded, drawCalls, bufferBytes, fragmentation: domains[0]?.fragmentation ?? 0 };
    },
  };
  return engine;
}

export async function createPixi(canvas: HTMLCanvasElement, count: number, random: () => number): Promise<Engine> {
  const { renderer, gl } = await pixiRenderer(canvas);
  const source = document.createElement('canvas');
  source.width = source.height = SPRITE;
  source.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(whitePixels()), SPRITE, SPRITE), 0, 0);
  const texture = PixiTexture.from(source);
  texture.source.scaleMode = 'nearest';
  const stage = new Container();
  const make = (x: number, y: number): PixiSprite => {
    const sprite = new PixiSprite(texture);
    sprite.x = x;
    sprite.y = y;
    stage.addChild(sprite);
    return sprite;
  };
  const bunnies: Bunny<PixiSprite>[] = [];
  for (let i = 0; i < count; i++) bunnies.push(newBunny(random, make));
  const spin = (): void => {
    for (let i = 0; i < bunnies.length; i++) {
      const sprite = bunnies[i]!.sprite;
      sprite.rotation += SPIN;
      sprite.scale.set(pulse(sprite.y));
    }
  };
  const engine: Engine = {
    name: 'PixiJS',
    update(scenario) {
      if (scenario === 'moving' || scenario === 'spinning') moveBunnies(bunnies);
      if (scenario === 'spinning') spin();
      if (scenario === 'churn') {
        for (let k = churned(count); k > 0; k--) {
          const i = Math.floor(random() * count);
          const old = bunnies[i]!.sprite;
          stage.removeChild(old);
          old.destroy();
          bunnies[i] = newBunny(random, make);
        }
      }
    },
    frame(scenario) {
      engine.update(scenario);
      renderer.render(stage);
    },
    finish() {
      finishFrame(gl);
    },
    ownFigures: () => null,
  };
  return engine;
}
