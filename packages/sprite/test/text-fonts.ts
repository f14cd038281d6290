// What the text tests share: one small BMFont in its three forms (text, XML, JSON), whose glyphs are
// solid white blocks of known sizes on a 32 × 16 page, so a label's pixels and vertex bytes can be
// computed from the font's numbers alone; and that page as PixelData.
import type { PixelData } from '../src/index.ts';

/** id, x, y, width, height, xoffset, yoffset, xadvance of each glyph (page 0). */
export const GLYPHS: readonly (readonly [number, number, number, number, number, number, number, number])[] = [
  [65, 0, 0, 4, 6, 0, 1, 5], // 'A': a 4 × 6 block, 1 below the line's top, advance 5
  [66, 5, 0, 3, 6, 1, 1, 5], // 'B': 3 × 6, 1 right of the pen
  [105, 9, 0, 1, 7, 0, 0, 2], // 'i': 1 × 7, at the line's top
  [103, 11, 0, 3, 4, 0, 5, 4], // 'g': 3 × 4, below the baseline
  [63, 15, 0, 2, 2, 0, 5, 3], // '?': 2 × 2
  [32, 0, 0, 0, 0, 0, 0, 3], // ' ': draws nothing, advance 3
];
/** first, second, amount. */
export const KERNINGS: readonly (readonly [number, number, number])[] = [[65, 66, -1]];
export const LINE_HEIGHT = 9;
export const BASE = 7;

export const BLOCK_FONT_TEXT = [
  'info face="Blocks test" size=8 bold=0 italic=0 charset="" unicode=1 padding=0,0,0,0 spacing=1,1',
  `common lineHeight=${LINE_HEIGHT} base=${BASE} scaleW=32 scaleH=16 pages=1 packed=0`,
  'page id=0 file="blocks.png"',
  `chars count=${GLYPHS.length}`,
  ...GLYPHS.map(
    ([id, x, y, w, h, xo, yo, xa]) =>
      `char id=${id} x=${x} y=${y} width=${w} height=${h} xoffset=${xo} yoffset=${yo} xadvance=${xa} page=0 chnl=15`,
  ),
  `kernings count=${KERNINGS.length}`,
  ...KERNINGS.map(([first, second, amount]) => `kerning first=${first} second=${second} amount=${amount}`),
  '',
].join('\n');

export const BLOCK_FONT_XML = [
  '<?xml version="1.0"?>',
  '<font>',
  '  <info face="Blocks test" size="8" bold="0" italic="0" charset="" unicode="1" padding="0,0,0,0" spacing="1,1"/>',
  `  <common lineHeight="${LINE_HEIGHT}" base="${BASE}" scaleW="32" scaleH="16" pages="1" packed="0"/>`,
  '  <pages>',
  '    <page id="0" file="blocks.png" />',
  '  </pages>',
  `  <chars count="${GLYPHS.length}">`,
  ...GLYPHS.map(
    ([id, x, y, w, h, xo, yo, xa]) =>
      `    <char id="${id}" x="${x}" y="${y}" width="${w}" height="${h}" xoffset="${xo}" yoffset="${yo}" xadvance="${xa}" page="0" chnl="15" />`,
  ),
  '  </chars>',
  `  <kernings count="${KERNINGS.length}">`,
  ...KERNINGS.map(([first, second, amount]) => `    <kerning first="${first}" second="${second}" amount="${amount}" />`),
  '  </kernings>',
  '</font>',
  '',
].join('\n');

export const BLOCK_FONT_JSON = JSON.stringify({
  pages: ['blocks.png'],
  chars: GLYPHS.map(([id, x, y, width, height, xoffset, yoffset, xadvance]) => ({
    id,
    x,
    y,
    width,
    height,
    xoffset,
    yoffset,
    xadvance,
    page: 0,
    chnl: 15,
  })),
  info: { face: 'Blocks test', size: 8, bold: 0, italic: 0, charset: '', unicode: 1, padding: [0, 0, 0, 0], spacing: [1, 1] },
  common: { lineHeight: LINE_HEIGHT, base: BASE, scaleW: 32, scaleH: 16, pages: 1, packed: 0 },
  kernings: KERNINGS.map(([first, second, amount]) => ({ first, second, amount })),
});

/** The page: each glyph's rectangle solid white, the rest transparent. */
export function blockPage(): PixelData {
  const data = new Uint8Array(32 * 16 * 4);
  for (const [, x, y, w, h] of GLYPHS) {
    for (let row = y; row < y + h; row++)
      for (let column = x; column < x + w; column++) data.fill(255, (row * 32 + column) * 4, (row * 32 + column) * 4 + 4);
  }
  return { width: 32, height: 16, data };
}
