/**
 * TextureAtlas: many images packed into a few page textures, so sprites of different images share
 * one texture (one SpriteGroup, one draw call). Each page is a Texture with its own SkylinePacker;
 * `add` tries the pages in order and opens one only when none has room.
 *
 * Invariants: two images are always at least `padding` pixels apart; a removed image's space is
 * cleared to transparent black before it is reused. What was decided: docs/decisions.md,
 * "TextureAtlas".
 */
import { TextureAtlasError } from './errors.ts';
import { SkylinePacker } from './skyline-packer.ts';
import { describeSource, Texture, type TextureFilter, type TextureSource } from './texture.ts';
import type { TextureRegion } from './texture.ts';

export interface TextureAtlasOptions {
  /** Default 1024. */
  pageWidth?: number;
  /** Default 1024. */
  pageHeight?: number;
  /** Transparent pixels between images; default 1. */
  padding?: number;
  /** The pages' filter; default 'linear'. */
  filter?: TextureFilter;
}

interface Page {
  readonly texture: Texture;
  readonly packer: SkylinePacker;
}

interface Placement {
  readonly page: Page;
  /** The packed rectangle (image plus padding). */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

const FILTERS: readonly TextureFilter[] = ['linear', 'nearest'];

/**
 * Packs many images into a few page textures, so that sprites of different
 * images share a texture and a draw call.
 *
 * @example
 * ```ts
 * const atlas = new TextureAtlas(window.gl, { pageWidth: 512, pageHeight: 512, padding: 1 });
 * const hero = atlas.add(heroImage); // a TextureRegion of one page
 * const coin = atlas.add(coinImage);
 * new Sprite(hero, { batch, x: 100, y: 100 });
 * new Sprite(coin, { batch, x: 140, y: 100 }); // the same page: the same draw call
 * ```
 */
export class TextureAtlas {
  readonly gl: WebGL2RenderingContext;
  readonly pageWidth: number;
  readonly pageHeight: number;
  readonly padding: number;
  readonly filter: TextureFilter;
  private readonly pageList: Page[] = [];
  private readonly textures: Texture[] = [];
  private readonly placements = new Map<TextureRegion, Placement>();
  private deleted = false;

  constructor(gl: WebGL2RenderingContext, options: TextureAtlasOptions = {}) {
    if (typeof WebGL2RenderingContext === 'undefined' || !(gl instanceof WebGL2RenderingContext)) {
      throw new TextureAtlasError('gl', gl, `TextureAtlas: gl must be a WebGL2RenderingContext, got ${String(gl)}`);
    }
    if (typeof options !== 'object' || options === null) {
      throw new TextureAtlasError('options', options, `TextureAtlas: options must be an object, got ${String(options)}`);
    }
    const { pageWidth = 1024, pageHeight = 1024, padding = 1, filter = 'linear' } = options;
    const maxSize = (gl.getParameter(gl.MAX_TEXTURE_SIZE) as number | null) ?? Infinity;
    for (const [argument, value] of [
      ['pageWidth', pageWidth],
      ['pageHeight', pageHeight],
    ] as const) {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > maxSize) {
        throw new TextureAtlasError(
          argument,
          value,
          `TextureAtlas: ${argument} must be an integer in [1, ${maxSize}], got ${String(value)}`,
        );
      }
    }
    if (typeof padding !== 'number' || !Number.isInteger(padding) || padding < 0) {
      throw new TextureAtlasError('padding', padding, `TextureAtlas: padding must be an integer ≥ 0, got ${String(padding)}`);
    }
    if (!FILTERS.includes(filter)) {
      throw new TextureAtlasError('filter', filter, `TextureAtlas: filter must be one of ${FILTERS.join(', ')}, got ${String(filter)}`);
    }
    this.gl = gl;
    this.pageWidth = pageWidth;
    this.pageHeight = pageHeight;
    this.padding = padding;
    this.filter = filter;
  }

  /** The page textures, in the order they were opened. */
  get pages(): readonly Texture[] {
    return this.textures;
  }

  /** Packs `source` into the first page with room (a new page when none has); returns its region. */
  add(source: TextureSource): TextureRegion {
    this.checkLive('add');
    const info = describeSource(source);
    if (typeof info === 'string') throw new TextureAtlasError('source', source, `TextureAtlas.add: ${info}`);
    if (info.width > this.pageWidth || info.height > this.pageHeight) {
      throw new TextureAtlasError(
        'source',
        source,
        `TextureAtlas.add: a ${info.width} × ${info.height} image is larger than a ${this.pageWidth} × ${this.pageHeight} page`,
      );
    }
    const width = info.width + this.padding;
    const height = info.height + this.padding;
    let page: Page | undefined;
    let at: { x: number; y: number } | null = null;
    for (const candidate of this.pageList) {
      at = candidate.packer.pack(width, height);
      if (at) {
        page = candidate;
        break;
      }
    }
    if (!page || !at) {
      page = this.openPage();
      at = page.packer.pack(width, height)!; // fits an empty page: checked above
    }
    try {
      page.texture.write(source, at.x, at.y);
    } catch (error) {
      page.packer.free(at.x, at.y, width, height);
      throw error;
    }
    const region = page.texture.region(at.x, at.y, info.width, info.height);
    this.placements.set(region, { page, x: at.x, y: at.y, width, height });
    return region;
  }

  /** Frees a region's space for reuse; its texels become transparent black. */
  remove(region: TextureRegion): void {
    this.checkLive('remove');
    const placement = this.placements.get(region);
    if (!placement) {
      throw new TextureAtlasError(
        'region',
        region,
        'TextureAtlas.remove: the region is not a live region of this atlas (never added, or removed)',
      );
    }
    const { page, x, y, width, height } = placement;
    const blank = new Uint8Array(region.width * region.height * 4);
    page.texture.write({ width: region.width, height: region.height, data: blank }, region.x, region.y);
    page.packer.free(x, y, width, height);
    this.placements.delete(region);
  }

  /** Re-creates any page that died with a lost context (see Texture.restore): never needed, as pages restore themselves. */
  restore(): void {
    this.checkLive('restore');
    for (const texture of this.textures) texture.restore();
  }

  /** Deletes every page; every later use throws TextureAtlasError. */
  delete(): void {
    this.checkLive('delete');
    for (const texture of this.textures) texture.delete();
    this.placements.clear();
    this.deleted = true;
  }

  get isDeleted(): boolean {
    return this.deleted;
  }

  private openPage(): Page {
    const texture = Texture.empty(this.gl, this.pageWidth, this.pageHeight, { filter: this.filter });
    const page = { texture, packer: new SkylinePacker(this.pageWidth + this.padding, this.pageHeight + this.padding) };
    this.pageList.push(page);
    this.textures.push(texture);
    return page;
  }

  private checkLive(method: string): void {
    if (this.deleted) throw new TextureAtlasError('this', 'deleted', `TextureAtlas.${method}: the atlas was deleted`);
  }
}
