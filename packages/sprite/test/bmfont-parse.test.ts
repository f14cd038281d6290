// parseBMFont in Node: the three forms of one font read into the same description (kerning
// included), and every malformed file refused with a FontError naming the line (or JSON path) and
// the field.
import { describe, expect, it } from 'vitest';
import { FontError, parseBMFont } from '../src/index.ts';
import { BASE, BLOCK_FONT_JSON, BLOCK_FONT_TEXT, BLOCK_FONT_XML, GLYPHS, KERNINGS, LINE_HEIGHT } from './text-fonts.ts';

const refusal = (call: () => unknown): FontError => {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(FontError);
    return error as FontError;
  }
  throw new Error('expected a FontError, nothing was thrown');
};

describe('parseBMFont', () => {
  it('reads the text, XML and JSON forms into one description, with every glyph and kerning pair', () => {
    const text = parseBMFont(BLOCK_FONT_TEXT);
    expect(text).toEqual({
      face: 'Blocks test',
      size: 8,
      lineHeight: LINE_HEIGHT,
      base: BASE,
      scaleW: 32,
      scaleH: 16,
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
      })),
      kernings: KERNINGS.map(([first, second, amount]) => ({ first, second, amount })),
    });
    expect(parseBMFont(BLOCK_FONT_XML)).toEqual(text);
    expect(parseBMFont(BLOCK_FONT_JSON)).toEqual(text);
    expect(parseBMFont(JSON.parse(BLOCK_FONT_JSON) as object)).toEqual(text);
    expect(parseBMFont(BLOCK_FONT_TEXT.replace(/\n/g, '\r\n'), 'text')).toEqual(text);
  });

  it('keeps spaces in quoted values, unescapes XML entities and skips XML comments', () => {
    const text = parseBMFont(BLOCK_FONT_TEXT.replace('file="blocks.png"', 'file="my blocks.png"'));
    expect(text.pages).toEqual(['my blocks.png']);
    const xml = parseBMFont(
      BLOCK_FONT_XML.replace('face="Blocks test"', 'face="A &amp; B"').replace('<pages>', '<!-- <page id="9"> -->\n<pages>'),
    );
    expect(xml.face).toBe('A & B');
    expect(xml.pages).toEqual(['blocks.png']);
  });

  it('names the line and field of a malformed text file', () => {
    const bad = BLOCK_FONT_TEXT.replace('char id=66 x=5', 'char id=66 x=abc');
    const error = refusal(() => parseBMFont(bad));
    expect([error.argument, error.value]).toEqual(['x', 'abc']);
    expect(error.message).toContain('line 6: char x must be an integer');
    const missing = refusal(() => parseBMFont(BLOCK_FONT_TEXT.replace(' xadvance=2', '')));
    expect(missing.argument).toBe('xadvance');
    expect(missing.message).toMatch(/line 7: char xadvance .* got nothing \(the field is missing\)/);
  });

  it('names the line of a malformed XML file, counting from the first line', () => {
    const error = refusal(() => parseBMFont(BLOCK_FONT_XML.replace('height="7"', 'height="99"')));
    expect([error.argument, error.value]).toEqual(['height', '99']);
    expect(error.message).toContain('line 11: char height must be an integer in [0, 16]');
  });

  it('names the JSON path of a malformed JSON file', () => {
    const json = JSON.parse(BLOCK_FONT_JSON) as { chars: Record<string, unknown>[] };
    json.chars[2]!.page = 1;
    const error = refusal(() => parseBMFont(JSON.stringify(json)));
    expect([error.argument, error.value]).toEqual(['page', 1]);
    expect(error.message).toContain('chars[2]: char page must be an integer in [0, 0] (common pages=1)');
    expect(refusal(() => parseBMFont('{ "chars": [')).message).toContain('the JSON form does not parse');
  });

  it('refuses a file with no common tag, no chars, a missing page, a duplicate char or a glyph outside its page', () => {
    expect(refusal(() => parseBMFont(BLOCK_FONT_TEXT.replace(/^common.*$/m, ''))).argument).toBe('common');
    expect(refusal(() => parseBMFont(BLOCK_FONT_TEXT.replace(/^char .*$/gm, ''))).argument).toBe('chars');
    expect(refusal(() => parseBMFont(BLOCK_FONT_TEXT.replace('pages=1', 'pages=2'))).message).toContain('page id=1 has no page tag');
    expect(refusal(() => parseBMFont(BLOCK_FONT_TEXT.replace('char id=66', 'char id=65'))).message).toContain(
      'char id must be a char id not given before',
    );
    const outside = refusal(() => parseBMFont(BLOCK_FONT_TEXT.replace('x=15 y=0 width=2', 'x=15 y=0 width=20')));
    expect([outside.argument, outside.value]).toEqual(['width', '20']);
    expect(refusal(() => parseBMFont(42 as never)).argument).toBe('source');
    expect(refusal(() => parseBMFont(BLOCK_FONT_TEXT, 'yaml' as never)).argument).toBe('format');
  });
});
