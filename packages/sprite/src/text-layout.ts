/**
 * TextLayout: where each glyph of a text goes, in pixels relative to the label's anchor point (y
 * down): lines broken at '\n' and, given a width, between words (greedy word wrap), each line
 * aligned in the layout box, the box placed by the anchor (pyglet's anchor_x / anchor_y).
 *
 * Invariants: after `run`, quads [0, quadCount) hold the glyphs that draw something, in text order,
 * with whole-pixel offsets whenever the font's metrics are whole (alignment and anchor offsets are
 * rounded); a line's width is its pen advance up to its last non-space glyph, kerning included. A
 * word wider than the width stays whole on a line of its own. The arrays are kept and grown, so a
 * layout of no more glyphs than before allocates nothing.
 */
import type { Font, Glyph } from './font.ts';
import type { TextureRegion } from './texture.ts';

export type TextAlign = 'left' | 'center' | 'right';
export type TextAnchorX = 'left' | 'center' | 'right';
export type TextAnchorY = 'top' | 'center' | 'baseline' | 'bottom';

export interface LayoutOptions {
  /** Wrap width in pixels, and the box lines are aligned in; null: no wrap, the box is the widest line. */
  readonly width: number | null;
  readonly align: TextAlign;
  readonly anchorX: TextAnchorX;
  readonly anchorY: TextAnchorY;
}

const SPACE = 32;

export class TextLayout {
  /** Glyphs that draw, in text order: region, and the left / top of the quad. */
  regions: TextureRegion[] = [];
  left = new Float64Array(16);
  top = new Float64Array(16);
  quadCount = 0;
  /** The widest line, and lines × lineHeight. */
  contentWidth = 0;
  contentHeight = 0;
  /** The layout box relative to the anchor point: its left and top edges and its width (its height is contentHeight). */
  boxLeft = 0;
  boxTop = 0;
  boxWidth = 0;
  lineCount = 0;
  /** Line ranges [lineStart[i], lineEnd[i]) of the codes. */
  private lineStart = new Int32Array(8);
  private lineEnd = new Int32Array(8);

  /** Lays out `codes` (code points, '\n' included) whose glyphs are `glyphs` (null at each '\n'). */
  run(font: Font, codes: readonly number[], glyphs: readonly (Glyph | null)[], options: LayoutOptions): void {
    this.breakLines(font, codes, glyphs, options.width);
    const { lineHeight, base } = font;
    let widest = 0;
    for (let line = 0; line < this.lineCount; line++)
      widest = Math.max(widest, measure(font, codes, glyphs, this.lineStart[line]!, this.lineEnd[line]!));
    this.contentWidth = widest;
    this.contentHeight = this.lineCount * lineHeight;
    const boxWidth = options.width ?? widest;
    const originX = options.anchorX === 'left' ? 0 : options.anchorX === 'center' ? Math.round(boxWidth / 2) : boxWidth;
    const originY =
      options.anchorY === 'top'
        ? 0
        : options.anchorY === 'baseline'
          ? base
          : options.anchorY === 'center'
            ? Math.round(this.contentHeight / 2)
            : this.contentHeight;
    this.boxLeft = -originX;
    this.boxTop = -originY;
    this.boxWidth = boxWidth;
    this.quadCount = 0;
    for (let line = 0; line < this.lineCount; line++) {
      const start = this.lineStart[line]!,
        end = this.lineEnd[line]!;
      const free = boxWidth - measure(font, codes, glyphs, start, end);
      const shift = options.align === 'left' ? 0 : options.align === 'center' ? Math.round(free / 2) : free;
      const lineTop = line * lineHeight - originY;
      let pen = shift - originX;
      for (let i = start; i < end; i++) {
        const glyph = glyphs[i]!;
        if (i > start) pen += font.kerning(codes[i - 1]!, codes[i]!);
        if (glyph.region !== null) this.push(glyph.region, pen + glyph.xOffset, lineTop + glyph.yOffset);
        pen += glyph.xAdvance;
      }
    }
  }

  /** Fills the line ranges: one line a paragraph, more where a word would pass `width`. */
  private breakLines(font: Font, codes: readonly number[], glyphs: readonly (Glyph | null)[], width: number | null): void {
    this.lineCount = 0;
    let paragraph = 0;
    for (let i = 0; i <= codes.length; i++) {
      if (i < codes.length && glyphs[i] !== null) continue;
      // [paragraph, i) is one paragraph: codes[i] is '\n', or the text ended.
      if (width === null) this.pushLine(paragraph, i);
      else this.wrap(font, codes, glyphs, paragraph, i, width);
      paragraph = i + 1;
    }
  }

  /** Greedy word wrap of the paragraph [from, to): a line breaks before the spaces ahead of a word that would pass `width`. */
  private wrap(font: Font, codes: readonly number[], glyphs: readonly (Glyph | null)[], from: number, to: number, width: number): void {
    let lineStart = from,
      lineEnd = from,
      i = from;
    while (i < to) {
      let wordStart = i;
      while (wordStart < to && codes[wordStart] === SPACE) wordStart++;
      let wordEnd = wordStart;
      while (wordEnd < to && codes[wordEnd] !== SPACE) wordEnd++;
      if (wordEnd > wordStart && lineEnd > lineStart && measure(font, codes, glyphs, lineStart, wordEnd) > width) {
        this.pushLine(lineStart, lineEnd);
        lineStart = wordStart;
      }
      lineEnd = wordEnd;
      i = wordEnd;
    }
    this.pushLine(lineStart, lineEnd > lineStart ? lineEnd : to);
  }

  private pushLine(start: number, end: number): void {
    if (this.lineCount === this.lineStart.length) {
      this.lineStart = grown(this.lineStart, Int32Array);
      this.lineEnd = grown(this.lineEnd, Int32Array);
    }
    this.lineStart[this.lineCount] = start;
    this.lineEnd[this.lineCount] = end;
    this.lineCount++;
  }

  private push(region: TextureRegion, left: number, top: number): void {
    const at = this.quadCount;
    if (at === this.left.length) {
      this.left = grown(this.left, Float64Array);
      this.top = grown(this.top, Float64Array);
    }
    this.regions[at] = region;
    this.left[at] = left;
    this.top[at] = top;
    this.quadCount = at + 1;
  }
}

/** The pen advance of codes [start, end) up to its last non-space glyph, kerning included. */
function measure(font: Font, codes: readonly number[], glyphs: readonly (Glyph | null)[], start: number, end: number): number {
  let pen = 0,
    width = 0;
  for (let i = start; i < end; i++) {
    if (i > start) pen += font.kerning(codes[i - 1]!, codes[i]!);
    pen += glyphs[i]!.xAdvance;
    if (codes[i] !== SPACE) width = pen;
  }
  return width;
}

function grown<T extends Float64Array | Int32Array>(array: T, Type: new (length: number) => T): T {
  const next = new Type(array.length * 2);
  next.set(array);
  return next;
}
