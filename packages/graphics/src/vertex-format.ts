/**
 * Vertex formats, after pyglet's: a type letter ('f' float, 'b'/'B' byte, 'h'/'H' short, 'i'/'I'
 * int; lower case signed, upper case unsigned), optionally followed by 'n' for normalized ('Bn'
 * colours), and the layout of an attribute in that format. Pure data, no GL calls: the GL enums
 * are the WebGL2 spec's numbers, so this runs (and is tested) without a context.
 */

// GL enums (WebGL2 spec).
import { GraphicsArgumentError } from './errors.ts';

export const BYTE = 0x1400;
export const UNSIGNED_BYTE = 0x1401;
export const SHORT = 0x1402;
export const UNSIGNED_SHORT = 0x1403;
export const INT = 0x1404;
export const UNSIGNED_INT = 0x1405;
export const FLOAT = 0x1406;
export const FLOAT_VEC2 = 0x8b50;
export const FLOAT_VEC3 = 0x8b51;
export const FLOAT_VEC4 = 0x8b52;
export const INT_VEC2 = 0x8b53;
export const INT_VEC3 = 0x8b54;
export const INT_VEC4 = 0x8b55;
export const UNSIGNED_INT_VEC2 = 0x8dc6;
export const UNSIGNED_INT_VEC3 = 0x8dc7;
export const UNSIGNED_INT_VEC4 = 0x8dc8;

/** The typed array that holds one attribute's components in a VertexList view. */
export type VertexArrayType =
  | Float32ArrayConstructor
  | Int8ArrayConstructor
  | Uint8ArrayConstructor
  | Int16ArrayConstructor
  | Uint16ArrayConstructor
  | Int32ArrayConstructor
  | Uint32ArrayConstructor;
/** A typed array of one of those types: a view of an attribute's shadow. */
export type VertexArray = Float32Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array;

export interface VertexFormat {
  /** The type letter alone: 'f', 'b', 'B', 'h', 'H', 'i' or 'I'. */
  readonly letter: string;
  /** The `type` argument of vertexAttribPointer / vertexAttribIPointer. */
  readonly glType: number;
  readonly normalized: boolean;
  readonly bytesPerComponent: number;
  /** An integer type read as integers (not normalized): needs vertexAttribIPointer and an int/uint shader attribute. */
  readonly integer: boolean;
  readonly arrayType: VertexArrayType;
}

export interface VertexLayout {
  readonly components: number;
  readonly byteStride: number;
}

/** A bad format string, component count or attribute type; names the argument and the value. */
export class VertexFormatError extends GraphicsArgumentError {}

const GL_NAMES: Record<number, string> = {
  [BYTE]: 'BYTE',
  [UNSIGNED_BYTE]: 'UNSIGNED_BYTE',
  [SHORT]: 'SHORT',
  [UNSIGNED_SHORT]: 'UNSIGNED_SHORT',
  [INT]: 'INT',
  [UNSIGNED_INT]: 'UNSIGNED_INT',
  [FLOAT]: 'FLOAT',
  [FLOAT_VEC2]: 'FLOAT_VEC2',
  [FLOAT_VEC3]: 'FLOAT_VEC3',
  [FLOAT_VEC4]: 'FLOAT_VEC4',
  [INT_VEC2]: 'INT_VEC2',
  [INT_VEC3]: 'INT_VEC3',
  [INT_VEC4]: 'INT_VEC4',
  [UNSIGNED_INT_VEC2]: 'UNSIGNED_INT_VEC2',
  [UNSIGNED_INT_VEC3]: 'UNSIGNED_INT_VEC3',
  [UNSIGNED_INT_VEC4]: 'UNSIGNED_INT_VEC4',
};

/** A GL enum's name for messages, or its hex value when it is not one of ours. */
export function glTypeName(type: number): string {
  return GL_NAMES[type] ?? `0x${type.toString(16)}`;
}

const LETTERS: Record<string, readonly [glType: number, arrayType: VertexArrayType]> = {
  f: [FLOAT, Float32Array],
  b: [BYTE, Int8Array],
  B: [UNSIGNED_BYTE, Uint8Array],
  h: [SHORT, Int16Array],
  H: [UNSIGNED_SHORT, Uint16Array],
  i: [INT, Int32Array],
  I: [UNSIGNED_INT, Uint32Array],
};
const VALID = "'f', 'b', 'B', 'h', 'H', 'i', 'I', each optionally followed by 'n' (normalized; not 'fn')";

// Every valid format string maps to one frozen, shared object: parsing allocates
// nothing and two equal formats are the same object (cheap domain-key equality).
const FORMATS = new Map<string, VertexFormat>();
for (const [letter, [glType, arrayType]] of Object.entries(LETTERS)) {
  for (const normalized of glType === FLOAT ? [false] : [false, true]) {
    FORMATS.set(
      letter + (normalized ? 'n' : ''),
      Object.freeze({
        letter,
        glType,
        normalized,
        bytesPerComponent: arrayType.BYTES_PER_ELEMENT,
        integer: glType !== FLOAT && !normalized,
        arrayType,
      }),
    );
  }
}

/** Parses a pyglet format ('f', 'Bn', 'h', ...); throws VertexFormatError otherwise. */
export function parseFormat(format: string): VertexFormat {
  const parsed = typeof format === 'string' ? FORMATS.get(format) : undefined;
  if (parsed !== undefined) return parsed;
  const shown = typeof format === 'string' ? JSON.stringify(format) : `${typeof format} ${String(format)}`;
  const why = format === 'fn' ? 'floats cannot be normalized; ' : '';
  throw new VertexFormatError('format', format, `parseFormat: format must be one of ${VALID}; ${why}got ${shown}`);
}

/**
 * Components and byte stride of one attribute in its own (non-interleaved) buffer.
 *
 * The stride is rounded up to a multiple of 4 bytes ('Bn' × 3 → 4, 'h' × 3 → 8).
 * WebGL only demands strides and offsets aligned to the component size, which an
 * unpadded stride already meets — but 4 covers every type, so a vertex range
 * starting at vertex k (offset k × byteStride) stays aligned whatever format the
 * buffer is reinterpreted as, and ANGLE on D3D (Chrome on Windows) converts
 * vertex buffers with non-4-aligned strides on the CPU at every draw. The price is
 * padding: a VertexList view steps by byteStride / bytesPerComponent elements, not
 * by `components`.
 */
export function vertexLayout(format: VertexFormat, components: number): VertexLayout {
  if (typeof components !== 'number' || !Number.isInteger(components) || components < 1 || components > 4) {
    throw new VertexFormatError(
      'components',
      components,
      `vertexLayout: components must be a whole number in [1, 4], got ${String(components)}`,
    );
  }
  const bytes = components * format.bytesPerComponent;
  return { components, byteStride: Math.ceil(bytes / 4) * 4 };
}

// Shader attribute types (from getActiveAttrib) we accept: kind and component count.
// Matrices and other types are not vertex attributes here.
const ATTRIBUTE_TYPES: Record<number, readonly [kind: 'float' | 'int' | 'uint', components: number]> = {
  [FLOAT]: ['float', 1],
  [FLOAT_VEC2]: ['float', 2],
  [FLOAT_VEC3]: ['float', 3],
  [FLOAT_VEC4]: ['float', 4],
  [INT]: ['int', 1],
  [INT_VEC2]: ['int', 2],
  [INT_VEC3]: ['int', 3],
  [INT_VEC4]: ['int', 4],
  [UNSIGNED_INT]: ['uint', 1],
  [UNSIGNED_INT_VEC2]: ['uint', 2],
  [UNSIGNED_INT_VEC3]: ['uint', 3],
  [UNSIGNED_INT_VEC4]: ['uint', 4],
};

/** The shader attribute kind a format feeds: floats and normalized ints read as float, else int/uint by sign. */
function formatKind(format: VertexFormat): 'float' | 'int' | 'uint' {
  if (!format.integer) return 'float';
  return format.arrayType === Int8Array || format.arrayType === Int16Array || format.arrayType === Int32Array ? 'int' : 'uint';
}

const KIND_FORMATS = { float: "'f' or a normalized format ('Bn', ...)", int: "'b', 'h' or 'i'", uint: "'B', 'H' or 'I'" };

/**
 * Checks that shader attribute `name` of GL type `attributeType` can be fed from
 * `format`, and returns the attribute's component count (FLOAT_VEC3 → 3). A
 * mismatch is a GL error at draw time (or silent garbage), so it is caught here.
 */
export function attributeComponents(name: string, attributeType: number, format: VertexFormat): number {
  const entry = ATTRIBUTE_TYPES[attributeType];
  if (entry === undefined) {
    throw new VertexFormatError(
      'attributeType',
      attributeType,
      `attribute ${JSON.stringify(name)}: shader type ${glTypeName(attributeType)} is not supported; use FLOAT, INT or UNSIGNED_INT or their VEC2..4`,
    );
  }
  const [kind, components] = entry;
  if (kind !== formatKind(format)) {
    const label = format.letter + (format.normalized ? 'n' : '');
    throw new VertexFormatError(
      'attributeType',
      attributeType,
      `attribute ${JSON.stringify(name)}: shader type ${glTypeName(attributeType)} cannot take format '${label}' (${glTypeName(format.glType)}${format.normalized ? ', normalized' : ''}); it needs ${KIND_FORMATS[kind]}`,
    );
  }
  return components;
}
