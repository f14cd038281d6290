/**
 * CanvasFont: a Font made at run time from a CSS font ('bold 20px sans-serif') through the Canvas
 * 2D API, no asset file needed. Each glyph is drawn white on a small canvas when first asked for
 * (or up front, for `characters`), read back as pixels and packed into a TextureAtlas, the font's
 * own or one given (the sprites' atlas, so that labels and sprites share a page and a draw call).
 *
 * Invariants: a glyph is rasterised once and kept; its pixels reach the page as a copy (PixelData),
 * which the page texture keeps and replays after a lost context, so the text comes back with no
 * app code and no canvas kept. Metrics are whole pixels: the line from the font's bounding box, a
 * glyph's box from its ink, its advance rounded, so glyphs sit on whole pixels and stay crisp.
 */
import { FontError } from './errors.ts';
import type { Font, Glyph } from './font.ts';
import { TextureAtlas } from './texture-atlas.ts';
import type { TextureRegion } from './texture.ts';

export interface CanvasFontOptions {
  /** The atlas glyphs are packed into; default one of the font's own (512 × 512 pages), deleted with it. */
  atlas?: TextureAtlas;
  /** Characters rasterised now; any other is rasterised when a label first needs it. Default ''. */
  characters?: string;
}

/** Transparent pixels around a glyph's ink, so linear filtering at its edge reads no neighbour. */
const PAD = 1;

type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/**
 * Glyphs of a CSS font, drawn by the browser on demand into atlas pages.
 *
 * @example
 * ```ts
 * const font = new CanvasFont(window.gl, '24px sans-serif', { characters: '0123456789' });
 * new Label(font, { batch, text: 'Hello', x: 10, y: 40 });
 * ```
 */
export class CanvasFont implements Font {
  /** The CSS font, as the canvas reads it back. */
  readonly font: string;
  readonly atlas: TextureAtlas;
  readonly lineHeight: number;
  readonly base: number;
  private readonly ownsAtlas: boolean;
  private readonly context: Context2D;
  private readonly glyphs = new Map<number, Glyph | null>();
  private deleted = false;

  constructor(gl: WebGL2RenderingContext, font: string, options: CanvasFontOptions = {}) {
    const where = 'new CanvasFont';
    if (typeof WebGL2RenderingContext === 'undefined' || !(gl instanceof WebGL2RenderingContext)) {
      throw new FontError('gl', gl, `${where}: gl must be a WebGL2RenderingContext, got ${String(gl)}`);
    }
    if (typeof options !== 'object' || options === null) {
      throw new FontError('options', options, `${where}: options must be an object, got ${String(options)}`);
    }
    const { atlas, characters = '' } = options;
    if (atlas !== undefined && (!(atlas instanceof TextureAtlas) || atlas.isDeleted || atlas.gl !== gl)) {
      throw new FontError('atlas', atlas, `${where}: atlas must be a live TextureAtlas of the same context, got ${String(atlas)}`);
    }
    if (typeof characters !== 'string') {
      throw new FontError('characters', characters, `${where}: characters must be a string, got ${String(characters)}`);
    }
    const context = makeContext();
    const accepted = accepts(context, font);
    if (accepted === null) {
      throw new FontError(
        'font',
        font,
        `${where}: font must be a CSS font the canvas accepts, such as '20px sans-serif', got ${JSON.stringify(font)}`,
      );
    }
    context.font = accepted;
    const metrics = context.measureText('Mg');
    this.font = accepted;
    this.base = Math.ceil(metrics.fontBoundingBoxAscent);
    this.lineHeight = this.base + Math.ceil(metrics.fontBoundingBoxDescent);
    this.context = context;
    this.ownsAtlas = atlas === undefined;
    this.atlas = atlas ?? new TextureAtlas(gl, { pageWidth: 512, pageHeight: 512, padding: 1 });
    try {
      for (const character of characters) this.glyph(character.codePointAt(0)!);
    } catch (error) {
      // A font that throws was never made: its own atlas, and the pages it filled, go with it.
      if (this.ownsAtlas) this.atlas.delete();
      throw error;
    }
  }

  get isDeleted(): boolean {
    return this.deleted;
  }

  /** The glyph of `code`, rasterised now if it is new; null for control characters. */
  glyph(code: number): Glyph | null {
    let glyph = this.glyphs.get(code);
    if (glyph === undefined) {
      glyph = this.deleted || code < 32 || (code >= 0x7f && code < 0xa0) ? null : this.rasterise(code);
      if (!this.deleted) this.glyphs.set(code, glyph);
    }
    return glyph;
  }

  /** Canvas text has no kerning table to read: pairs are 0, and each glyph's advance is its own width. */
  kerning(_first: number, _second: number): number {
    return 0;
  }

  /** Forgets the glyphs and deletes the atlas if it is the font's own; labels of the font then refuse changes of text. */
  delete(): void {
    if (this.deleted) throw new FontError('this', 'deleted', 'CanvasFont.delete: the font was deleted');
    if (this.ownsAtlas && !this.atlas.isDeleted) this.atlas.delete();
    this.glyphs.clear();
    this.deleted = true;
  }

  /** Draws `code` white on the scratch canvas and packs its pixels (ink plus PAD) into the atlas. */
  private rasterise(code: number): Glyph {
    const context = this.context;
    const character = String.fromCodePoint(code);
    const metrics = context.measureText(character);
    const xAdvance = Math.round(metrics.width);
    const left = Math.ceil(metrics.actualBoundingBoxLeft),
      right = Math.ceil(metrics.actualBoundingBoxRight);
    const ascent = Math.ceil(metrics.actualBoundingBoxAscent),
      descent = Math.ceil(metrics.actualBoundingBoxDescent);
    if (left + right <= 0 || ascent + descent <= 0) return { region: null, xOffset: 0, yOffset: 0, xAdvance };
    const width = left + right + 2 * PAD,
      height = ascent + descent + 2 * PAD;
    const canvas = context.canvas;
    // A resize clears the canvas and resets its state, font included.
    if (canvas.width < width || canvas.height < height) {
      canvas.width = Math.max(canvas.width, width);
      canvas.height = Math.max(canvas.height, height);
    }
    context.font = this.font;
    context.clearRect(0, 0, width, height);
    context.fillStyle = '#fff';
    context.textBaseline = 'alphabetic';
    context.textAlign = 'left';
    context.fillText(character, PAD + left, PAD + ascent);
    const { data } = context.getImageData(0, 0, width, height);
    let region: TextureRegion;
    try {
      region = this.atlas.add({ width, height, data });
    } catch (error) {
      throw new FontError(
        'font',
        this.font,
        `CanvasFont: the glyph ${JSON.stringify(character)} of ${JSON.stringify(this.font)} (${width} × ${height} px) does not fit the atlas: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    return { region, xOffset: -left - PAD, yOffset: this.base - ascent - PAD, xAdvance };
  }
}

function makeContext(): Context2D {
  const canvas = typeof OffscreenCanvas === 'function' ? new OffscreenCanvas(64, 64) : document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true }) as Context2D | null;
  if (context === null) throw new FontError('font', null, 'CanvasFont: this browser gives no 2D canvas context');
  return context;
}

/** `font` as the canvas reads it back, or null if the canvas ignores it (a string it cannot parse). */
function accepts(context: Context2D, font: unknown): string | null {
  if (typeof font !== 'string' || font.trim() === '') return null;
  // An unparsable font leaves the previous one: try from two different ones, and see whether both changed.
  context.font = '10px serif';
  context.font = font;
  const fromSerif = context.font;
  context.font = '11px monospace';
  context.font = font;
  return fromSerif === context.font ? fromSerif : null;
}
