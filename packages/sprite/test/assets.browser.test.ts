// Assets in a real WebGL2 context: PNGs made here (OffscreenCanvas → PNG bytes), served through
// blob: URLs or a fetch given real Response objects, decoded by the browser and packed into the
// atlas. Checked with the texels read back through a framebuffer, the atlas's pages, sprites'
// pixels and draw calls, and gl.getError() after every test.
import { mat4 } from 'gl-matrix';
import { MatrixBlock } from '@webglet/graphics';
import { canvasOf, createContext, expectNoGLError, liveContexts, pixel } from '../../graphics/test/gl-test-helpers.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { AssetError, Assets, Batch, Sprite, Texture, TextureAtlasError, type TextureRegion } from '../src/index.ts';

afterEach(() => {
  for (const gl of liveContexts) if (!gl.isContextLost()) expectNoGLError(gl);
});

/** PNG bytes of a width × height image of one RGBA colour (alpha 0–255). */
async function png(width: number, height: number, rgba: readonly number[]): Promise<Blob> {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d')!;
  const image = context.createImageData(width, height);
  for (let i = 0; i < width * height; i++) image.data.set(rgba, i * 4);
  context.putImageData(image, 0, 0);
  return canvas.convertToBlob({ type: 'image/png' });
}

/** A fetch over a table of URL → blob (a real Response each time); other URLs answer 404. Counts its calls. */
function servedFetch(files: Map<string, Blob>): { fetch: (url: string) => Promise<Response>; calls: string[] } {
  const calls: string[] = [];
  const fetch = async (url: string): Promise<Response> => {
    calls.push(url);
    const file = files.get(url);
    return file ? new Response(file, { headers: { 'Content-Type': 'image/png' } }) : new Response('not here', { status: 404 });
  };
  return { fetch, calls };
}

const base = (name: string): string => new URL(name, document.baseURI).href;

/** The RGBA bytes of a region's texels, read through a framebuffer. */
function regionTexels(region: TextureRegion): number[] {
  const gl = region.texture.gl;
  const framebuffer = gl.createFramebuffer();
  gl.bindFramebuffer(gl.FRAMEBUFFER, framebuffer);
  gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, region.texture.glTexture, 0);
  const out = new Uint8Array(region.width * region.height * 4);
  gl.readPixels(region.x, region.y, region.width, region.height, gl.RGBA, gl.UNSIGNED_BYTE, out);
  gl.bindFramebuffer(gl.FRAMEBUFFER, null);
  gl.deleteFramebuffer(framebuffer);
  return [...out];
}

const solid = (count: number, rgba: readonly number[]): number[] => Array.from({ length: count }, () => [...rgba]).flat();

describe('Assets.image', () => {
  it('packs images by URL into one atlas page, with their exact bytes (straight alpha), and sprites of both draw in one call', async () => {
    const gl = createContext(32, 32);
    new MatrixBlock(gl).setProjection(mat4.ortho(mat4.create(), 0, 32, 32, 0, -1, 1));
    const red = URL.createObjectURL(await png(4, 4, [255, 0, 0, 255]));
    const glass = URL.createObjectURL(await png(3, 2, [0, 128, 255, 100]));
    const assets = new Assets(gl, { atlas: { pageWidth: 64, pageHeight: 64, filter: 'nearest' } });
    const [a, b] = await Promise.all([assets.image(red), assets.image(glass)]);
    expect(assets.atlas.pages.length).toBe(1);
    expect(a!.texture).toBe(b!.texture);
    expect([a!.width, a!.height, b!.width, b!.height]).toEqual([4, 4, 3, 2]);
    expect(regionTexels(a!)).toEqual(solid(16, [255, 0, 0, 255]));
    expect(regionTexels(b!)).toEqual(solid(6, [0, 128, 255, 100]));
    const batch = new Batch(gl);
    new Sprite(a!, { batch, x: 2, y: 2 });
    new Sprite(b!, { batch, x: 20, y: 20 });
    gl.clearColor(0, 0, 0, 1);
    gl.clear(gl.COLOR_BUFFER_BIT);
    batch.draw();
    expect(batch.stats().drawCalls).toBe(1);
    expect(pixel(gl, 3, 32 - 1 - 3)).toEqual([255, 0, 0, 255]);
    // 'alpha' blend over black: the colour times 100 / 255.
    const [r, g, bl] = pixel(gl, 21, 32 - 1 - 20);
    expect([r, Math.abs(g! - 50) <= 1, Math.abs(bl! - 100) <= 1]).toEqual([0, true, true]);
  });

  it('caches by absolute URL: two spellings of one file fetch once and give the same region', async () => {
    const gl = createContext();
    const served = servedFetch(new Map([[base('sprites/hero.png'), await png(2, 2, [1, 2, 3, 255])]]));
    const assets = new Assets(gl, { fetch: served.fetch });
    const first = assets.image('sprites/hero.png');
    const second = assets.image('./sprites/../sprites/hero.png');
    expect(second).toBe(first);
    expect(await second).toBe(await first);
    expect(served.calls).toEqual([base('sprites/hero.png')]);
  });

  it('an image larger than a page gets a texture of its own, with the atlas filter', async () => {
    const gl = createContext();
    const served = servedFetch(new Map([[base('big.png'), await png(40, 8, [9, 9, 9, 255])]]));
    const assets = new Assets(gl, { fetch: served.fetch, atlas: { pageWidth: 32, pageHeight: 32, filter: 'nearest' } });
    const big = await assets.image('big.png');
    expect(assets.atlas.pages.length).toBe(0);
    expect(big.texture.filter).toBe('nearest');
    expect(big).toBe(big.texture.fullRegion);
    expect(regionTexels(big)).toEqual(solid(320, [9, 9, 9, 255]));
  });
});

describe('Assets.loadAll', () => {
  it('reports progress after each image and gives the regions in order, all on one page', async () => {
    const gl = createContext();
    const colours = [
      [255, 0, 0, 255],
      [0, 255, 0, 255],
      [0, 0, 255, 255],
    ];
    const files = new Map<string, Blob>();
    for (const [i, colour] of colours.entries()) files.set(base(`tile${i}.png`), await png(2, 2, colour));
    const assets = new Assets(gl, { fetch: servedFetch(files).fetch });
    const progress: number[][] = [];
    const regions = await assets.loadAll(['tile0.png', 'tile1.png', 'tile2.png'], (done, total) => progress.push([done, total]));
    expect(progress).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    expect(regions.map((region) => regionTexels(region).slice(0, 4))).toEqual(colours);
    expect(new Set(regions.map((region) => region.texture)).size).toBe(1);
  });
});

describe('Assets failures: a typed error naming the URL and the reason, and nothing kept', () => {
  it('HTTP 404: AssetError (http, 404); the atlas is unchanged; the next call fetches again', async () => {
    const gl = createContext();
    const files = new Map<string, Blob>();
    const served = servedFetch(files);
    const assets = new Assets(gl, { fetch: served.fetch });
    await assets.image('here.png').catch(() => {});
    files.set(base('here.png'), await png(2, 2, [5, 5, 5, 255]));
    const error = await assets.image('missing.png').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AssetError);
    expect(error).toMatchObject({ argument: 'url', value: base('missing.png'), reason: 'http', status: 404 });
    expect((error as Error).message).toContain('404');
    expect(assets.atlas.pages.length).toBe(0);
    // The failed first load of here.png was dropped from the cache: now it loads.
    const here = await assets.image('here.png');
    expect(regionTexels(here)).toEqual(solid(4, [5, 5, 5, 255]));
    expect(served.calls.filter((url) => url === base('here.png')).length).toBe(2);
  });

  it('undecodable bytes: AssetError (decode); loadAll rejects with it after every load settled, the good ones kept', async () => {
    const gl = createContext();
    const files = new Map([
      [base('good.png'), await png(2, 2, [7, 7, 7, 255])],
      [base('bad.png'), new Blob([new Uint8Array([1, 2, 3, 4, 5])], { type: 'image/png' })],
    ]);
    const assets = new Assets(gl, { fetch: servedFetch(files).fetch });
    const progress: number[] = [];
    const error = await assets.loadAll(['good.png', 'bad.png'], (done) => progress.push(done)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AssetError);
    expect(error).toMatchObject({ argument: 'url', value: base('bad.png'), reason: 'decode', status: null });
    expect(progress).toEqual([1, 2]);
    expect(assets.atlas.pages.length).toBe(1); // good.png is in
    expect(regionTexels(await assets.image('good.png'))).toEqual(solid(4, [7, 7, 7, 255]));
  });

  it('a lost context: AssetError (context-lost), nothing made; after the restore the same URL loads', async () => {
    const gl = createContext();
    const url = URL.createObjectURL(await png(2, 2, [1, 1, 1, 255]));
    const assets = new Assets(gl);
    const canvas = canvasOf(gl);
    const lose = gl.getExtension('WEBGL_lose_context')!;
    // preventDefault: without it the browser never gives the context back.
    canvas.addEventListener('webglcontextlost', (event) => event.preventDefault(), { once: true });
    const lost = new Promise((resolve) => canvas.addEventListener('webglcontextlost', resolve, { once: true }));
    lose.loseContext();
    await lost;
    const error = await assets.image(url).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AssetError);
    expect(error).toMatchObject({ argument: 'url', value: url, reason: 'context-lost' });
    expect(assets.atlas.pages.length).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 0));
    const restored = new Promise((resolve) => canvas.addEventListener('webglcontextrestored', resolve, { once: true }));
    lose.restoreContext();
    await restored;
    expect(regionTexels(await assets.image(url))).toEqual(solid(4, [1, 1, 1, 255]));
  });

  it('bad arguments throw at once, before anything is fetched', async () => {
    const gl = createContext();
    const served = servedFetch(new Map());
    const assets = new Assets(gl, { fetch: served.fetch });
    const notGL = {};
    const cases: [() => unknown, string, unknown][] = [
      [() => new Assets(notGL as WebGL2RenderingContext), 'gl', notGL],
      [() => new Assets(gl, null as never), 'options', null],
      [() => new Assets(gl, { fetch: 'no' as never }), 'fetch', 'no'],
      [() => assets.image(''), 'url', ''],
      [() => assets.image(42 as never), 'url', 42],
      [() => assets.texture('http://[::1'), 'url', 'http://[::1'],
      [() => assets.loadAll('a.png' as never), 'urls', 'a.png'],
      [() => assets.loadAll(['a.png'], 5 as never), 'onProgress', 5],
      [() => assets.loadAll(['a.png', 7 as never]), 'url', 7],
    ];
    for (const [call, argument, value] of cases) {
      let thrown: unknown = null;
      try {
        const result = call();
        if (result instanceof Promise) await result;
      } catch (error) {
        thrown = error;
      }
      expect(thrown, argument).toBeInstanceOf(AssetError);
      expect((thrown as AssetError).argument).toBe(argument);
      expect(Object.is((thrown as AssetError).value, value)).toBe(true);
    }
    expect(() => new Assets(gl, { atlas: { pageWidth: 0 } })).toThrow(TextureAtlasError);
    expect(served.calls).toEqual([]);
  });
});

describe('Assets.texture', () => {
  it('a texture of its own, with its options, cached by URL, and back by itself after a lost context', async () => {
    const gl = createContext();
    const url = URL.createObjectURL(await png(3, 3, [200, 100, 50, 255]));
    const assets = new Assets(gl);
    const texture = await assets.texture(url, { filter: 'nearest', wrap: 'repeat' });
    expect(texture).toBeInstanceOf(Texture);
    expect(await assets.texture(url)).toBe(texture);
    expect([texture.width, texture.height, texture.filter, texture.wrap]).toEqual([3, 3, 'nearest', 'repeat']);
    const canvas = canvasOf(gl);
    const lose = gl.getExtension('WEBGL_lose_context')!;
    // preventDefault: without it the browser never gives the context back.
    canvas.addEventListener('webglcontextlost', (event) => event.preventDefault(), { once: true });
    const lost = new Promise((resolve) => canvas.addEventListener('webglcontextlost', resolve, { once: true }));
    lose.loseContext();
    await lost;
    await new Promise((resolve) => setTimeout(resolve, 0));
    const restored = new Promise((resolve) => canvas.addEventListener('webglcontextrestored', resolve, { once: true }));
    lose.restoreContext();
    await restored;
    expect(regionTexels(texture.fullRegion)).toEqual(solid(9, [200, 100, 50, 255]));
  });
});
