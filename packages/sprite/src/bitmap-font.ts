/**
 * BitmapFont: a Font from an AngelCode BMFont description (parseBMFont) and its page images, each a
 * TextureRegion or Texture; `BitmapFont.load` fetches a `.fnt` (text, XML or JSON) and packs its
 * pages into an Assets atlas, so labels and sprites on one atlas page share a draw call.
 *
 * Invariants: every glyph region is cut from its page once, at construction, and lies inside it
 * (the parser checked the rectangle against the page size, and the page given must have that
 * size); kerning pairs are kept by (first, second) in one map. The font owns no texture: its pages
 * are the caller's (or the Assets atlas's), which restore themselves after a lost context.
 */
import type { Assets } from './assets.ts';
import { parseBMFont, type BMFontDescription, type BMFontFormat } from './bmfont-parse.ts';
import { AssetError, FontError } from './errors.ts';
import type { Font, Glyph } from './font.ts';
import { Texture, TextureRegion } from './texture.ts';

export interface BitmapFontLoadOptions {
  /** The file's form; default 'auto' (told apart by its first character). */
  format?: BMFontFormat;
  /** What fetches the `.fnt`; default the page's `fetch` (the pages go through `assets`). */
  fetch?: (url: string) => Promise<Response>;
}

/** Kerning pairs by first × KEY + second: both are code points, below KEY, so the key is exact. */
const KEY = 0x110000;

/**
 * A font of glyphs cut from BMFont pages.
 *
 * @example
 * ```ts
 * const font = await BitmapFont.load(assets, 'fonts/pixel.fnt'); // pages packed into assets.atlas
 * const score = new Label(font, { batch, text: 'Score 0', x: 8, y: 8, anchorY: 'top' });
 * ```
 */
export class BitmapFont implements Font {
  readonly description: BMFontDescription;
  readonly lineHeight: number;
  readonly base: number;
  private readonly glyphs = new Map<number, Glyph>();
  private readonly kernings = new Map<number, number>();
  private deleted = false;

  /** A font of `description`, page i drawn from `pages[i]`, which must be scaleW × scaleH pixels. */
  constructor(description: BMFontDescription, pages: readonly (TextureRegion | Texture)[]) {
    const where = 'new BitmapFont';
    if (typeof description !== 'object' || description === null || !Array.isArray(description.chars) || !Array.isArray(description.pages)) {
      throw new FontError('description', description, `${where}: description must be what parseBMFont returns, got ${String(description)}`);
    }
    if (!Array.isArray(pages) || pages.length !== description.pages.length) {
      throw new FontError(
        'pages',
        pages,
        `${where}: pages must be an array of ${description.pages.length} TextureRegion or Texture (one a page of the font), got ${Array.isArray(pages) ? `${pages.length}` : String(pages)}`,
      );
    }
    const regions = pages.map((page, i) => {
      const region = page instanceof Texture ? (page.isDeleted ? null : page.fullRegion) : page instanceof TextureRegion ? page : null;
      if (region === null || region.texture.isDeleted) {
        throw new FontError(
          'pages',
          pages,
          `${where}: pages[${i}] must be a TextureRegion or Texture that is not deleted, got ${String(page)}`,
        );
      }
      if (region.width !== description.scaleW || region.height !== description.scaleH || region.rotated) {
        throw new FontError(
          'pages',
          pages,
          `${where}: pages[${i}] is ${region.width} × ${region.height}${region.rotated ? ' (rotated)' : ''}, but the font's pages are ${description.scaleW} × ${description.scaleH}`,
        );
      }
      return region;
    });
    for (const char of description.chars) {
      const page = regions[char.page];
      if (page === undefined) {
        throw new FontError(
          'description',
          description,
          `${where}: char ${char.id} is on page ${char.page}, but the font has ${regions.length}`,
        );
      }
      const region =
        char.width > 0 && char.height > 0 ? page.texture.region(page.x + char.x, page.y + char.y, char.width, char.height) : null;
      this.glyphs.set(char.id, { region, xOffset: char.xoffset, yOffset: char.yoffset, xAdvance: char.xadvance });
    }
    for (const { first, second, amount } of description.kernings) this.kernings.set(first * KEY + second, amount);
    this.description = description;
    this.lineHeight = description.lineHeight;
    this.base = description.base;
  }

  /**
   * Fetches the BMFont file at `url`, reads it, and loads its pages (relative to it) with
   * `assets.image`, so they are packed into the assets' atlas with the sprites' images.
   */
  static async load(assets: Assets, url: string, options: BitmapFontLoadOptions = {}): Promise<BitmapFont> {
    const where = 'BitmapFont.load';
    if (typeof assets !== 'object' || assets === null || typeof (assets as Partial<Assets>).image !== 'function') {
      throw new FontError('assets', assets, `${where}: assets must be an Assets, got ${String(assets)}`);
    }
    if (typeof url !== 'string' || url === '')
      throw new FontError('url', url, `${where}: url must be a non-empty string, got ${String(url)}`);
    if (typeof options !== 'object' || options === null)
      throw new FontError('options', options, `${where}: options must be an object, got ${String(options)}`);
    const { format = 'auto', fetch: fetcher = (address: string) => globalThis.fetch(address) } = options;
    const absolute = new URL(url, globalThis.document?.baseURI ?? globalThis.location?.href).href;
    let response: Response;
    try {
      response = await fetcher(absolute);
    } catch (error) {
      throw new AssetError('url', url, `${where}: fetching ${absolute} failed: ${String(error)}`, 'network');
    }
    if (!response.ok) throw new AssetError('url', url, `${where}: ${absolute} answered HTTP ${response.status}`, 'http', response.status);
    let description: BMFontDescription;
    try {
      description = parseBMFont(await response.text(), format);
    } catch (error) {
      if (!(error instanceof FontError)) throw error;
      throw new FontError(error.argument, error.value, `${error.message} (in ${absolute})`);
    }
    const pages = await Promise.all(description.pages.map((file) => assets.image(new URL(file, absolute).href)));
    return new BitmapFont(description, pages);
  }

  get isDeleted(): boolean {
    return this.deleted;
  }

  glyph(code: number): Glyph | null {
    return this.glyphs.get(code) ?? null;
  }

  kerning(first: number, second: number): number {
    return this.kernings.get(first * KEY + second) ?? 0;
  }

  /** Forgets the glyphs (the pages are the caller's); labels of the font then refuse changes of text. */
  delete(): void {
    if (this.deleted) throw new FontError('this', 'deleted', 'BitmapFont.delete: the font was deleted');
    this.glyphs.clear();
    this.deleted = true;
  }
}
