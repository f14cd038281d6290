// Vertex formats: every letter with and without 'n', every kind of bad input,
// layout strides, and the shader attribute compatibility table (good and bad).
import { describe, expect, it } from 'vitest';
import {
  attributeComponents,
  BYTE,
  FLOAT,
  FLOAT_VEC2,
  FLOAT_VEC3,
  FLOAT_VEC4,
  glTypeName,
  INT,
  INT_VEC2,
  INT_VEC3,
  INT_VEC4,
  parseFormat,
  SHORT,
  UNSIGNED_BYTE,
  UNSIGNED_INT,
  UNSIGNED_INT_VEC2,
  UNSIGNED_INT_VEC3,
  UNSIGNED_INT_VEC4,
  UNSIGNED_SHORT,
  VertexFormatError,
  vertexLayout,
} from '../src/vertex-format.ts';

// Literal numbers from the WebGL2 spec, so a wrong constant in the source fails here too.
const EXPECTED = [
  ['f', 0x1406, Float32Array, 4],
  ['b', 0x1400, Int8Array, 1],
  ['B', 0x1401, Uint8Array, 1],
  ['h', 0x1402, Int16Array, 2],
  ['H', 0x1403, Uint16Array, 2],
  ['i', 0x1404, Int32Array, 4],
  ['I', 0x1405, Uint32Array, 4],
] as const;

function thrown(fn: () => unknown): VertexFormatError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(VertexFormatError);
    return error as VertexFormatError;
  }
  throw new Error('expected a VertexFormatError, nothing was thrown');
}

describe('parseFormat', () => {
  it.each(EXPECTED)("parses '%s'", (letter, glType, arrayType, bytes) => {
    expect(parseFormat(letter)).toEqual({
      letter,
      glType,
      normalized: false,
      bytesPerComponent: bytes,
      integer: letter !== 'f',
      arrayType,
    });
  });

  it.each(EXPECTED.filter(([letter]) => letter !== 'f'))("parses '%sn' as normalized, not integer", (letter, glType, arrayType, bytes) => {
    expect(parseFormat(`${letter}n`)).toEqual({
      letter,
      glType,
      normalized: true,
      bytesPerComponent: bytes,
      integer: false,
      arrayType,
    });
  });

  it('returns one frozen object per format', () => {
    expect(parseFormat('Bn')).toBe(parseFormat('Bn'));
    expect(Object.isFrozen(parseFormat('f'))).toBe(true);
  });

  it('names the GL constants as the spec does', () => {
    expect([BYTE, UNSIGNED_BYTE, SHORT, UNSIGNED_SHORT, INT, UNSIGNED_INT, FLOAT].map(glTypeName)).toEqual([
      'BYTE',
      'UNSIGNED_BYTE',
      'SHORT',
      'UNSIGNED_SHORT',
      'INT',
      'UNSIGNED_INT',
      'FLOAT',
    ]);
    expect(glTypeName(0x8b5c)).toBe('0x8b5c');
  });

  it("rejects 'fn': floats cannot be normalized", () => {
    const error = thrown(() => parseFormat('fn'));
    expect(error.name).toBe('VertexFormatError');
    expect(error.argument).toBe('format');
    expect(error.value).toBe('fn');
    expect(error.message).toMatch(/floats cannot be normalized/);
    expect(error.message).toMatch(/got "fn"$/);
  });

  it.each(['', 'x', 'F', 'd', 'n', 'Bnn', 'Bx', 'ff', ' f', 'f ', 'B n', 'nB', 'f3', '3f', 'BN'])('rejects %j', (bad) => {
    const error = thrown(() => parseFormat(bad));
    expect(error.argument).toBe('format');
    expect(error.value).toBe(bad);
    expect(error.message).toBe(
      `parseFormat: format must be one of 'f', 'b', 'B', 'h', 'H', 'i', 'I', each optionally followed by 'n' (normalized; not 'fn'); got ${JSON.stringify(bad)}`,
    );
  });

  it.each([undefined, null, 5, {}, ['f'], new String('f')])('rejects the non-string %o', (bad) => {
    const error = thrown(() => parseFormat(bad as unknown as string));
    expect(error.argument).toBe('format');
    expect(error.value).toBe(bad);
    expect(error.message).toMatch(/^parseFormat: format must be one of 'f', 'b', 'B', 'h', 'H', 'i', 'I'/);
    expect(error.message).toContain(`got ${typeof bad} `);
  });
});

describe('vertexLayout', () => {
  it.each([
    ['f', 1, 4],
    ['f', 2, 8],
    ['f', 3, 12],
    ['f', 4, 16],
    ['Bn', 1, 4],
    ['Bn', 2, 4],
    ['Bn', 3, 4],
    ['Bn', 4, 4],
    ['b', 3, 4],
    ['h', 1, 4],
    ['H', 2, 4],
    ['hn', 3, 8],
    ['Hn', 4, 8],
    ['i', 1, 4],
    ['I', 3, 12],
    ['in', 4, 16],
  ] as const)("'%s' × %i → stride %i", (format, components, byteStride) => {
    expect(vertexLayout(parseFormat(format), components)).toEqual({ components, byteStride });
  });

  it.each([0, 5, -1, 1.5, NaN, Infinity, '2', undefined])('rejects components %o', (bad) => {
    const error = thrown(() => vertexLayout(parseFormat('f'), bad as number));
    expect(error.argument).toBe('components');
    expect(error.value).toBe(bad);
    expect(error.message).toBe(`vertexLayout: components must be a whole number in [1, 4], got ${String(bad)}`);
  });
});

describe('attributeComponents', () => {
  const FLOATS = [
    [FLOAT, 1],
    [FLOAT_VEC2, 2],
    [FLOAT_VEC3, 3],
    [FLOAT_VEC4, 4],
  ] as const;
  const INTS = [
    [INT, 1],
    [INT_VEC2, 2],
    [INT_VEC3, 3],
    [INT_VEC4, 4],
  ] as const;
  const UINTS = [
    [UNSIGNED_INT, 1],
    [UNSIGNED_INT_VEC2, 2],
    [UNSIGNED_INT_VEC3, 3],
    [UNSIGNED_INT_VEC4, 4],
  ] as const;
  const FLOAT_FORMATS = ['f', 'bn', 'Bn', 'hn', 'Hn', 'in', 'In'];
  const INT_FORMATS = ['b', 'h', 'i'];
  const UINT_FORMATS = ['B', 'H', 'I'];
  const ALL = [...FLOAT_FORMATS, ...INT_FORMATS, ...UINT_FORMATS];

  // The full table: every attribute type against every format.
  const cases = [
    ...FLOATS.map(([type, n]) => [type, n, FLOAT_FORMATS] as const),
    ...INTS.map(([type, n]) => [type, n, INT_FORMATS] as const),
    ...UINTS.map(([type, n]) => [type, n, UINT_FORMATS] as const),
  ].flatMap(([type, n, good]) => ALL.map((format) => [glTypeName(type), format, type, n, good.includes(format)] as const));

  it('uses the spec numbers for the attribute types', () => {
    expect([
      FLOAT_VEC2,
      FLOAT_VEC3,
      FLOAT_VEC4,
      INT_VEC2,
      INT_VEC3,
      INT_VEC4,
      UNSIGNED_INT_VEC2,
      UNSIGNED_INT_VEC3,
      UNSIGNED_INT_VEC4,
    ]).toEqual([0x8b50, 0x8b51, 0x8b52, 0x8b53, 0x8b54, 0x8b55, 0x8dc6, 0x8dc7, 0x8dc8]);
  });

  it.each(cases)("%s with '%s'", (typeName, format, type, components, good) => {
    const parsed = parseFormat(format);
    if (good) {
      expect(attributeComponents('a_thing', type, parsed)).toBe(components);
      return;
    }
    const error = thrown(() => attributeComponents('a_thing', type, parsed));
    expect(error.argument).toBe('attributeType');
    expect(error.value).toBe(type);
    expect(error.message).toContain('attribute "a_thing"');
    expect(error.message).toContain(`shader type ${typeName} cannot take format '${format}' (${glTypeName(parsed.glType)}`);
  });

  it('spells out a mismatch', () => {
    const error = thrown(() => attributeComponents('colors', INT_VEC4, parseFormat('Bn')));
    expect(error.message).toBe(
      `attribute "colors": shader type INT_VEC4 cannot take format 'Bn' (UNSIGNED_BYTE, normalized); it needs 'b', 'h' or 'i'`,
    );
  });

  it.each([0x8b5a /* FLOAT_MAT2 */, 0x8b5e /* SAMPLER_2D */, 0x8b56 /* BOOL */, 0])('rejects the unsupported shader type %i', (type) => {
    const error = thrown(() => attributeComponents('position', type, parseFormat('f')));
    expect(error.argument).toBe('attributeType');
    expect(error.value).toBe(type);
    expect(error.message).toBe(
      `attribute "position": shader type 0x${type.toString(16)} is not supported; use FLOAT, INT or UNSIGNED_INT or their VEC2..4`,
    );
  });
});
