/**
 * parseBMFont: an AngelCode BMFont description in any of its three forms, the text `.fnt`
 * (`char id=65 x=0 …` lines), the XML `.fnt` (`<char id="65" … />`) and the JSON of bmfont2json
 * and msdf-bmfont (`{ "chars": [{ "id": 65, … }] }`), read into one BMFontDescription.
 *
 * Invariants: the three forms become records of (tag, fields, where) and one builder checks them,
 * so a file is accepted or refused the same way whatever its form; a refusal is a FontError whose
 * message names the line (text, XML) or the JSON path, and the field. Unknown tags and fields are
 * ignored, as BMFont tools add their own. No DOM: the parser runs anywhere, in Node too.
 */
import { FontError } from './errors.ts';

/** One glyph of a BMFont page, in the page's pixels (x, y from the top-left). */
export interface BMFontChar {
  /** Unicode code point. */
  readonly id: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** Where the glyph's top-left sits from the pen: x right, y down from the line's top. */
  readonly xoffset: number;
  readonly yoffset: number;
  /** How far the pen moves after the glyph. */
  readonly xadvance: number;
  readonly page: number;
}

export interface BMFontKerning {
  readonly first: number;
  readonly second: number;
  /** Added to the pen between `first` and `second` (negative: closer). */
  readonly amount: number;
}

/** What a BMFont file says, whatever its form. */
export interface BMFontDescription {
  /** info face and size (0 and '' when the file has no info). */
  readonly face: string;
  readonly size: number;
  /** common: the distance between lines, and from a line's top to its baseline. */
  readonly lineHeight: number;
  readonly base: number;
  /** common: every page's size in pixels. */
  readonly scaleW: number;
  readonly scaleH: number;
  /** The page image files by page id, as written (relative to the font file). */
  readonly pages: readonly string[];
  readonly chars: readonly BMFontChar[];
  readonly kernings: readonly BMFontKerning[];
}

/** The forms parseBMFont reads; 'auto' tells them apart by the first character. */
export type BMFontFormat = 'text' | 'xml' | 'json' | 'auto';

/** One tag of the file: its fields as written, and where it is, for messages ("line 7", "chars[3]"). */
interface FontRecord {
  readonly tag: string;
  readonly fields: ReadonlyMap<string, unknown>;
  readonly where: string;
}

const FORMATS: readonly BMFontFormat[] = ['text', 'xml', 'json', 'auto'];
const MAX_CODE_POINT = 0x10ffff;

/**
 * Reads a BMFont file: its text (text, XML or JSON form) or an already parsed JSON object.
 *
 * @example
 * ```ts
 * const description = parseBMFont(await (await fetch('font.fnt')).text());
 * const font = new BitmapFont(description, [await assets.image('font_0.png')]);
 * ```
 */
export function parseBMFont(source: string | object, format: BMFontFormat = 'auto'): BMFontDescription {
  if (!FORMATS.includes(format)) {
    throw new FontError('format', format, `parseBMFont: format must be one of ${FORMATS.join(', ')}, got ${show(format)}`);
  }
  if (typeof source === 'object' && source !== null) return build(jsonRecords(source));
  if (typeof source !== 'string') {
    throw new FontError('source', source, `parseBMFont: source must be the file's text or its parsed JSON, got ${show(source)}`);
  }
  const first = source.trimStart()[0];
  const form = format !== 'auto' ? format : first === '<' ? 'xml' : first === '{' ? 'json' : 'text';
  if (form === 'json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(source);
    } catch (error) {
      throw new FontError('source', source, `parseBMFont: the JSON form does not parse: ${(error as Error).message}`);
    }
    return build(jsonRecords(parsed));
  }
  return build(form === 'xml' ? xmlRecords(source) : textRecords(source));
}

/** `tag key=value key="quoted value" …`, one tag a line. */
function textRecords(source: string): FontRecord[] {
  const records: FontRecord[] = [];
  const lines = source.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const tag = /^[A-Za-z]+/.exec(line)?.[0];
    const where = `line ${i + 1}`;
    if (tag === undefined)
      throw new FontError(
        'source',
        lines[i],
        `parseBMFont: ${where}: expected a tag (info, common, page, char, kerning), got ${show(line)}`,
      );
    const fields = new Map<string, unknown>();
    // A quoted value may hold spaces; an unquoted one runs to the next space.
    for (const match of line.slice(tag.length).matchAll(/(\w+)=(?:"([^"]*)"|(\S*))/g)) fields.set(match[1]!, match[2] ?? match[3]);
    records.push({ tag, fields, where });
  }
  return records;
}

/** Every element of the XML form, `<tag a="1" … />`, with its line; nesting is not needed, as BMFont's tags are unique by name. */
function xmlRecords(source: string): FontRecord[] {
  const records: FontRecord[] = [];
  let line = 1,
    counted = 0;
  // Comments and the declaration may hold '<' and '>': drop them, keeping their newlines for the line count.
  const text = source.replace(/<!--[\s\S]*?-->|<\?[\s\S]*?\?>/g, (skipped) => skipped.replace(/[^\n]/g, ' '));
  for (const match of text.matchAll(/<([A-Za-z]+)([^>]*)>/g)) {
    for (; counted < match.index; counted++) if (text.charCodeAt(counted) === 10) line++;
    const fields = new Map<string, unknown>();
    for (const field of match[2]!.matchAll(/(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g))
      fields.set(field[1]!, unescapeXml(field[2] ?? field[3]!));
    records.push({ tag: match[1]!, fields, where: `line ${line}` });
  }
  if (records.length === 0) throw new FontError('source', source, 'parseBMFont: the XML form has no elements');
  return records;
}

const unescapeXml = (value: string): string =>
  value.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-fA-F]+);/g, (_, name: string) => {
    if (name[0] !== '#') return { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' }[name]!;
    const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    // String.fromCodePoint would throw a RangeError past U+10FFFF.
    if (!(code <= 0x10ffff))
      throw new FontError('source', value, `parseBMFont: the XML form has a character reference &${name}; past U+10FFFF`);
    return String.fromCodePoint(code);
  });

/** The JSON form: { info, common, pages: [file], chars: [{…}], kernings: [{…}] }. */
function jsonRecords(json: unknown): FontRecord[] {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new FontError(
      'source',
      json,
      `parseBMFont: the JSON form must be an object { info, common, pages, chars, kernings }, got ${show(json)}`,
    );
  }
  const root = json as Record<string, unknown>;
  const records: FontRecord[] = [];
  const object = (value: unknown, where: string): Map<string, unknown> => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new FontError(where, value, `parseBMFont: ${where} must be an object, got ${show(value)}`);
    }
    return new Map(Object.entries(value));
  };
  const list = (name: string): unknown[] => {
    const value = root[name] ?? [];
    if (!Array.isArray(value)) throw new FontError(name, value, `parseBMFont: ${name} must be an array, got ${show(value)}`);
    return value;
  };
  if (root.info !== undefined) records.push({ tag: 'info', fields: object(root.info, 'info'), where: 'info' });
  if (root.common !== undefined) records.push({ tag: 'common', fields: object(root.common, 'common'), where: 'common' });
  list('pages').forEach((file, id) =>
    records.push({
      tag: 'page',
      fields: new Map([
        ['id', id],
        ['file', file],
      ]),
      where: `pages[${id}]`,
    }),
  );
  list('chars').forEach((char, i) => records.push({ tag: 'char', fields: object(char, `chars[${i}]`), where: `chars[${i}]` }));
  list('kernings').forEach((kerning, i) =>
    records.push({ tag: 'kerning', fields: object(kerning, `kernings[${i}]`), where: `kernings[${i}]` }),
  );
  return records;
}

/** The description the records give, every field checked; the first fault throws, naming where it is and the field. */
function build(records: readonly FontRecord[]): BMFontDescription {
  const info = records.find((record) => record.tag === 'info');
  const common = records.find((record) => record.tag === 'common');
  if (common === undefined)
    throw new FontError('common', undefined, 'parseBMFont: the file has no common tag (lineHeight, base, scaleW, scaleH, pages)');
  const lineHeight = field(common, 'lineHeight', 'integer ≥ 1', isInteger(1, Infinity));
  const base = field(common, 'base', 'integer ≥ 0', isInteger(0, Infinity));
  const scaleW = field(common, 'scaleW', 'integer ≥ 1', isInteger(1, Infinity));
  const scaleH = field(common, 'scaleH', 'integer ≥ 1', isInteger(1, Infinity));
  const pageCount = field(common, 'pages', 'integer ≥ 1', isInteger(1, 4096));
  const face = info === undefined || !info.fields.has('face') ? '' : String(info.fields.get('face'));
  const size = info === undefined || !info.fields.has('size') ? 0 : field(info, 'size', 'integer', isInteger(-Infinity, Infinity));

  const pages = new Array<string | undefined>(pageCount);
  const chars: BMFontChar[] = [];
  const ids = new Set<number>();
  const kernings: BMFontKerning[] = [];
  for (const record of records) {
    if (record.tag === 'page') {
      const id = field(record, 'id', `integer in [0, ${pageCount - 1}] (common pages=${pageCount})`, isInteger(0, pageCount - 1));
      const file = record.fields.get('file');
      if (typeof file !== 'string' || file === '') fault(record, 'file', file, 'a file name');
      if (pages[id] !== undefined) fault(record, 'id', id, 'a page id not given before');
      pages[id] = file;
    } else if (record.tag === 'char') {
      const id = field(record, 'id', `integer in [0, ${MAX_CODE_POINT}]`, isInteger(0, MAX_CODE_POINT));
      if (ids.has(id)) fault(record, 'id', id, 'a char id not given before');
      const x = field(record, 'x', `integer in [0, ${scaleW}]`, isInteger(0, scaleW));
      const y = field(record, 'y', `integer in [0, ${scaleH}]`, isInteger(0, scaleH));
      const width = field(record, 'width', `integer in [0, ${scaleW - x}] (inside the ${scaleW}-wide page)`, isInteger(0, scaleW - x));
      const height = field(record, 'height', `integer in [0, ${scaleH - y}] (inside the ${scaleH}-high page)`, isInteger(0, scaleH - y));
      const xoffset = field(record, 'xoffset', 'finite number', isFinite);
      const yoffset = field(record, 'yoffset', 'finite number', isFinite);
      const xadvance = field(record, 'xadvance', 'finite number', isFinite);
      const page = field(record, 'page', `integer in [0, ${pageCount - 1}] (common pages=${pageCount})`, isInteger(0, pageCount - 1));
      ids.add(id);
      chars.push({ id, x, y, width, height, xoffset, yoffset, xadvance, page });
    } else if (record.tag === 'kerning') {
      const first = field(record, 'first', `integer in [0, ${MAX_CODE_POINT}]`, isInteger(0, MAX_CODE_POINT));
      const second = field(record, 'second', `integer in [0, ${MAX_CODE_POINT}]`, isInteger(0, MAX_CODE_POINT));
      const amount = field(record, 'amount', 'finite number', isFinite);
      kernings.push({ first, second, amount });
    }
  }
  const missing = pages.findIndex((file) => file === undefined);
  if (missing >= 0)
    throw new FontError('pages', missing, `parseBMFont: common says pages=${pageCount}, but page id=${missing} has no page tag`);
  if (chars.length === 0) throw new FontError('chars', chars, 'parseBMFont: the file has no char tags');
  return { face, size, lineHeight, base, scaleW, scaleH, pages: pages as string[], chars, kernings };
}

/** The field `name` of `record` as a number that passes `ok`; text forms hold numbers as strings. */
function field(record: FontRecord, name: string, expected: string, ok: (value: number) => boolean): number {
  const raw = record.fields.get(name);
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof value !== 'number' || !ok(value)) fault(record, name, raw, `an ${expected}`);
  return value;
}

function fault(record: FontRecord, name: string, value: unknown, expected: string): never {
  const got = value === undefined ? 'nothing (the field is missing)' : show(value);
  throw new FontError(name, value, `parseBMFont: ${record.where}: ${record.tag} ${name} must be ${expected}, got ${got}`);
}

const isInteger =
  (min: number, max: number) =>
  (value: number): boolean =>
    Number.isInteger(value) && value >= min && value <= max;
const isFinite = (value: number): boolean => Number.isFinite(value);

const show = (value: unknown): string => {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? `an array of ${value.length}` : 'an object';
  return String(value);
};
