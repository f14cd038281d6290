// TextureAtlas in real Chromium: every region's texels read back equal to its
// image, padding stays transparent, pages open when full, removed space is
// reused, and bad input (too big, foreign region, bad options) changes nothing.
import { canvasOf, createContext, expectNoGLError, seededRandom } from '../../graphics/test/gl-test-helpers.ts';
import { describe, expect, it } from 'vitest';
import { Texture, TextureAtlas, TextureAtlasError, type PixelData, type TextureRegion } from '../src/index.ts';

function readTexels(gl: WebGL2RenderingContext, texture: WebGLTexture, x: number, y: number, width: number, height: number): number[] {
  const framebuffer = gl.createFramebuffer();
  gl.bindFramebuffer(gl.FRAMEBUFFER, framebuffer);
  gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, texture, 0);
  const out = new Uint8Array(width * height * 4);
  gl.readPixels(x, y, width, height, gl.RGBA, gl.UNSIGNED_BYTE, out);
  gl.bindFramebuffer(gl.FRAMEBUFFER, null);
  gl.deleteFramebuffer(framebuffer);
  return [...out];
}

const regionTexels = (region: TextureRegion): number[] =>
  readTexels(region.texture.gl, region.texture.glTexture, region.x, region.y, region.width, region.height);

const pageTexels = (page: Texture): number[] => readTexels(page.gl, page.glTexture, 0, 0, page.width, page.height);

/** Opaque random pixels (never transparent black, so padding can be told apart). */
function image(width: number, height: number, random: () => number): PixelData {
  const data = new Uint8Array(width * height * 4).map((_, i) => (i % 4 === 3 ? 255 : Math.floor(random() * 256)));
  return { width, height, data };
}

function nextEvent(target: EventTarget, type: string): Promise<Event> {
  return new Promise((resolve) => target.addEventListener(type, resolve, { once: true }));
}

async function loseAndRestore(gl: WebGL2RenderingContext): Promise<void> {
  const canvas = canvasOf(gl);
  canvas.addEventListener('webglcontextlost', (event) => event.preventDefault(), { once: true });
  const lose = gl.getExtension('WEBGL_lose_context')!;
  const lost = nextEvent(canvas, 'webglcontextlost');
  lose.loseContext();
  await lost;
  await new Promise((resolve) => setTimeout(resolve, 0));
  const restored = nextEvent(canvas, 'webglcontextrestored');
  lose.restoreContext();
  await restored;
}

/** Every texel of every page outside the given regions is transparent black. */
function expectOnlyRegionsDrawn(atlas: TextureAtlas, regions: readonly TextureRegion[]): void {
  for (const page of atlas.pages) {
    const texels = pageTexels(page);
    const covered = new Uint8Array(page.width * page.height);
    for (const region of regions.filter((r) => r.texture === page)) {
      for (let y = region.y; y < region.y + region.height; y++)
        covered.fill(1, y * page.width + region.x, y * page.width + region.x + region.width);
    }
    const stray = covered.findIndex((inside, i) => !inside && texels.slice(i * 4, i * 4 + 4).some((byte) => byte !== 0));
    expect(stray, `stray texel at ${stray % page.width}, ${Math.floor(stray / page.width)}`).toBe(-1);
  }
}

describe('TextureAtlas', () => {
  for (const padding of [0, 1, 3]) {
    it(`packs many random images (padding ${padding}): each region reads back as its image, ≥ padding apart`, () => {
      const gl = createContext();
      const random = seededRandom(100 + padding);
      const atlas = new TextureAtlas(gl, { pageWidth: 128, pageHeight: 96, padding });
      const added: { region: TextureRegion; pixels: PixelData }[] = [];
      for (let i = 0; i < 60; i++) {
        const pixels = image(1 + Math.floor(random() * 40), 1 + Math.floor(random() * 40), random);
        added.push({ region: atlas.add(pixels), pixels });
      }
      expect(atlas.pages.length).toBeGreaterThanOrEqual(2);
      for (const { region, pixels } of added) {
        expect(atlas.pages).toContain(region.texture);
        expect([region.width, region.height]).toEqual([pixels.width, pixels.height]);
        expect([region.u0, region.v0, region.u1, region.v1]).toEqual([
          region.x / 128,
          region.y / 96,
          (region.x + region.width) / 128,
          (region.y + region.height) / 96,
        ]);
        expect(regionTexels(region)).toEqual([...pixels.data]);
      }
      for (const { region: a } of added) {
        for (const { region: b } of added) {
          if (a === b || a.texture !== b.texture) continue;
          const apart =
            a.x + a.width + padding <= b.x ||
            b.x + b.width + padding <= a.x ||
            a.y + a.height + padding <= b.y ||
            b.y + b.height + padding <= a.y;
          expect(apart, `${JSON.stringify([a.x, a.y, a.width, a.height])} vs ${JSON.stringify([b.x, b.y, b.width, b.height])}`).toBe(true);
        }
      }
      expectOnlyRegionsDrawn(
        atlas,
        added.map((a) => a.region),
      );
      expectNoGLError(gl);
    });
  }

  it('defaults: 1024 × 1024 linear pages, padding 1', () => {
    const gl = createContext();
    const atlas = new TextureAtlas(gl);
    expect([atlas.pageWidth, atlas.pageHeight, atlas.padding, atlas.filter]).toEqual([1024, 1024, 1, 'linear']);
    expect(atlas.pages).toHaveLength(0); // a page opens with the first image
    const region = atlas.add(image(3, 3, seededRandom(1)));
    expect([atlas.pages[0]!.width, atlas.pages[0]!.height]).toEqual([1024, 1024]);
    expect(region.texture).toBe(atlas.pages[0]);
    gl.bindTexture(gl.TEXTURE_2D, atlas.pages[0]!.glTexture);
    expect(gl.getTexParameter(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER)).toBe(gl.LINEAR);
    expectNoGLError(gl);
  });

  it("uses the atlas's filter for its pages", () => {
    const gl = createContext();
    const atlas = new TextureAtlas(gl, { pageWidth: 16, pageHeight: 16, filter: 'nearest' });
    atlas.add(image(2, 2, seededRandom(2)));
    gl.bindTexture(gl.TEXTURE_2D, atlas.pages[0]!.glTexture);
    expect(gl.getTexParameter(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER)).toBe(gl.NEAREST);
    expect(gl.getTexParameter(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER)).toBe(gl.NEAREST);
    expectNoGLError(gl);
  });

  it('opens a second page when the first is full, and fits a page-sized image despite padding', () => {
    const gl = createContext();
    const random = seededRandom(3);
    const atlas = new TextureAtlas(gl, { pageWidth: 32, pageHeight: 24, padding: 2 });
    const full = image(32, 24, random);
    const first = atlas.add(full);
    expect(atlas.pages).toHaveLength(1);
    expect([first.x, first.y]).toEqual([0, 0]);
    const small = image(1, 1, random);
    const second = atlas.add(small);
    expect(atlas.pages).toHaveLength(2);
    expect(second.texture).toBe(atlas.pages[1]);
    expect(regionTexels(first)).toEqual([...full.data]);
    expect(regionTexels(second)).toEqual([...small.data]);
    expectNoGLError(gl);
  });

  it('remove() then add() reuses the space: no new page, the new image where the old was, removed texels cleared', () => {
    const gl = createContext();
    const random = seededRandom(4);
    const atlas = new TextureAtlas(gl, { pageWidth: 64, pageHeight: 64, padding: 0 });
    const tiles = Array.from({ length: 16 }, () => image(16, 16, random));
    const regions = tiles.map((tile) => atlas.add(tile));
    expect(atlas.pages).toHaveLength(1);
    const gone = regions[6]!;
    atlas.remove(gone);
    expect(regionTexels(gone)).toEqual(new Array(16 * 16 * 4).fill(0));
    const replacement = image(16, 16, random);
    const region = atlas.add(replacement);
    expect(atlas.pages).toHaveLength(1);
    expect(region.texture).toBe(atlas.pages[0]);
    expect([region.x, region.y]).toEqual([gone.x, gone.y]);
    expect(regionTexels(region)).toEqual([...replacement.data]);
    regions.forEach((r, i) => {
      if (i !== 6) expect(regionTexels(r)).toEqual([...tiles[i]!.data]);
    });
    // A smaller image in freed space leaves the rest of that space transparent.
    atlas.remove(regions[9]!);
    const smaller = image(5, 7, random);
    const smallRegion = atlas.add(smaller);
    expect(atlas.pages).toHaveLength(1);
    expectOnlyRegionsDrawn(atlas, [...regions.filter((_, i) => i !== 6 && i !== 9), region, smallRegion]);
    expectNoGLError(gl);
  });

  it('an image larger than a page throws TextureAtlasError and changes nothing', () => {
    const gl = createContext();
    const random = seededRandom(5);
    const atlas = new TextureAtlas(gl, { pageWidth: 32, pageHeight: 32 });
    atlas.add(image(8, 8, random));
    const before = pageTexels(atlas.pages[0]!);
    for (const [width, height] of [
      [33, 1],
      [1, 33],
      [40, 40],
    ] as const) {
      const big = image(width, height, random);
      expect(() => atlas.add(big)).toThrow(expect.objectContaining({ name: 'TextureAtlasError', argument: 'source', value: big }));
    }
    expect(atlas.pages).toHaveLength(1);
    expect(pageTexels(atlas.pages[0]!)).toEqual(before);
    expectNoGLError(gl);
  });

  it('rejects a bad source, bad options, and regions that are not live in this atlas, changing nothing', () => {
    const gl = createContext();
    const random = seededRandom(6);
    const atlas = new TextureAtlas(gl, { pageWidth: 32, pageHeight: 32 });
    const kept = atlas.add(image(4, 4, random));
    const before = pageTexels(atlas.pages[0]!);
    const other = new TextureAtlas(gl, { pageWidth: 32, pageHeight: 32 });
    const foreign = other.add(image(4, 4, random));
    const plain = new Texture(gl, image(4, 4, random)).fullRegion;
    const sameSpot = atlas.pages[0]!.region(kept.x, kept.y, kept.width, kept.height);
    for (const region of [foreign, plain, sameSpot, null as unknown as TextureRegion]) {
      expect(() => atlas.remove(region)).toThrow(expect.objectContaining({ name: 'TextureAtlasError', argument: 'region' }));
    }
    expect(() => atlas.add({ width: 2, height: 2, data: new Uint8Array(3) })).toThrow(TextureAtlasError);
    expect(() => atlas.add(42 as unknown as PixelData)).toThrow(expect.objectContaining({ argument: 'source', value: 42 }));
    const notGL = {} as WebGL2RenderingContext;
    const options: [unknown, string][] = [
      [{ pageWidth: 0 }, 'pageWidth'],
      [{ pageWidth: 1.5 }, 'pageWidth'],
      [{ pageHeight: Number.NaN }, 'pageHeight'],
      [{ pageHeight: gl.getParameter(gl.MAX_TEXTURE_SIZE) + 1 }, 'pageHeight'],
      [{ padding: -1 }, 'padding'],
      [{ padding: 0.5 }, 'padding'],
      [{ filter: 'cubic' }, 'filter'],
      [null, 'options'],
    ];
    for (const [bad, argument] of options) {
      expect(() => new TextureAtlas(gl, bad as object)).toThrow(expect.objectContaining({ name: 'TextureAtlasError', argument }));
    }
    expect(() => new TextureAtlas(notGL)).toThrow(expect.objectContaining({ argument: 'gl', value: notGL }));
    atlas.remove(kept);
    expect(() => atlas.remove(kept)).toThrow(/not a live region/); // twice
    expect(atlas.pages).toHaveLength(1);
    expect(before.some((byte) => byte !== 0)).toBe(true);
    expectNoGLError(gl);
  });

  it('restore() after a lost context brings every page back, removals included', async () => {
    const gl = createContext();
    const random = seededRandom(7);
    const atlas = new TextureAtlas(gl, { pageWidth: 48, pageHeight: 48, padding: 1 });
    const regions = Array.from({ length: 30 }, () =>
      atlas.add(image(4 + Math.floor(random() * 12), 4 + Math.floor(random() * 12), random)),
    );
    atlas.remove(regions[3]!);
    atlas.remove(regions[17]!);
    atlas.add(image(6, 6, random));
    expect(atlas.pages.length).toBeGreaterThanOrEqual(2);
    const before = atlas.pages.map(pageTexels);
    await loseAndRestore(gl);
    atlas.restore();
    expect(atlas.pages.map(pageTexels)).toEqual(before);
    expectNoGLError(gl);
  });

  it('delete() deletes every page; any later use throws TextureAtlasError', () => {
    const gl = createContext();
    const atlas = new TextureAtlas(gl, { pageWidth: 8, pageHeight: 8 });
    const region = atlas.add(image(8, 8, seededRandom(8)));
    atlas.add(image(8, 8, seededRandom(9)));
    const pages = [...atlas.pages];
    const glTextures = pages.map((page) => page.glTexture);
    atlas.delete();
    expect(atlas.isDeleted).toBe(true);
    expect(pages.every((page) => page.isDeleted)).toBe(true);
    expect(glTextures.some((texture) => gl.isTexture(texture))).toBe(false);
    for (const use of [
      () => atlas.add(image(1, 1, seededRandom(10))),
      () => atlas.remove(region),
      () => atlas.restore(),
      () => atlas.delete(),
    ]) {
      expect(use).toThrow(expect.objectContaining({ name: 'TextureAtlasError', argument: 'this' }));
    }
    expectNoGLError(gl);
  });
});
