/**
 * Font and Glyph: what a Label reads from a font, whatever made it (a BMFont file, BitmapFont; or
 * the Canvas 2D API, CanvasFont). Metrics are pixels, y down, from a line's top-left.
 *
 * Invariants a font keeps: `glyph(code)` gives the same Glyph object for a code point every time
 * (or null, every time), and a glyph's region stays valid until the font is deleted, so a label
 * may keep glyphs between layouts; `lineHeight` and `base` never change.
 */
import type { TextureRegion } from './texture.ts';

/** One character of a font. */
export interface Glyph {
  /** Its pixels on an atlas page; null for a glyph that draws nothing (a space). */
  readonly region: TextureRegion | null;
  /** The region's top-left from the pen: x right, y down from the line's top. */
  readonly xOffset: number;
  readonly yOffset: number;
  /** How far the pen moves after it. */
  readonly xAdvance: number;
}

/** A font a Label draws from: BitmapFont or CanvasFont. */
export interface Font {
  /** Distance between the tops of two lines, pixels. */
  readonly lineHeight: number;
  /** From a line's top to its baseline, pixels. */
  readonly base: number;
  readonly isDeleted: boolean;
  /** The glyph of a code point, or null when the font has none. */
  glyph(code: number): Glyph | null;
  /** Added to the pen between `first` and `second` (0 for most pairs). */
  kerning(first: number, second: number): number;
}
