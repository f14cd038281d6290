// The scene and the plain CPU model of the batch fuzz (batch-fuzz-runner.ts): three batches, four groups
// (two of them equal at first) under two parents that the runner reorders, re-parents and hides, one
// program for every kind of shape, and what each shape's bytes and pixels must be.
//
// Every shape is a square in one cell of an 8 × 8 grid of 8-pixel cells (a 1-pixel margin), drawn by the
// instanced shader of gl-test-helpers (pixel coordinates: gl_Position from position + offset):
// - 'list' (Batch.add, TRIANGLES): `count` vertices, a multiple of 3 (a domain draws neighbouring lists as
//   one region, so a partial triangle would join the next list). Vertices 0–5 are the square's two
//   triangles, later ones degenerate triangles (three equal points, a different corner per triangle).
//   Attributes: position 'f' (corner − offset), offset 'f' (a per-shape constant), color 'Bn'.
// - 'indexed' (Batch.addIndexed): vertices 0–3 the corners (then repeating), indices QUAD + zeros.
// - 'instance' (addInstanced): a quad mesh; per instance offset 'f' (the cell origin), color 'Bn'.
// Positions are a function of (kind, cell, offset, vertex), so the model stores only those; colours are
// stored per vertex (a test may paint one vertex through a view), indices as local numbers.
import {
  Batch,
  Group,
  ShaderGroup,
  ShaderProgram,
  type IndexedVertexList,
  type InstancedMesh,
  type InstanceHandle,
  type VertexList,
} from '../src/index.ts';
import { createContext, instancedShaderSources } from './gl-test-helpers.ts';

export const SIZE = 64,
  CELL = 8,
  CELLS = 64,
  GROUPS = 4,
  PARENTS = 2;
/** Batch 2 is small: adds, resizes and migrates past these caps throw GrowthError and must change nothing. */
export const SMALL_BATCH = 2,
  SMALL_MAX_CAPACITY = 48,
  SMALL_MAX_INDEX_CAPACITY = 36;
/** A new domain's capacity (batch-domains.ts): min(64, cap). */
export const INITIAL_CAPACITY = 64;
export const PALETTE: readonly (readonly number[])[] = [
  [255, 0, 0, 255],
  [0, 255, 0, 255],
  [0, 0, 255, 255],
  [255, 255, 0, 255],
  [255, 0, 255, 255],
  [0, 255, 255, 255],
  [255, 255, 255, 255],
];
export const QUAD = [0, 1, 2, 2, 3, 0];
/** Non-indexed vertex counts (multiples of 3; 0 draws nothing; big ones force growth). */
export const LIST_COUNTS = [0, 6, 6, 9, 12, 24, 48, 96];
export const INDEXED_VERTEX_COUNTS = [0, 2, 4, 4, 5, 7, 20, 64];
/** Multiples of 3 but not 3, so a kept prefix of QUAD is all of it or none. */
export const INDEX_COUNTS = [0, 6, 6, 9, 12, 30];

export type Kind = 'list' | 'indexed' | 'instance';
export type Handle = VertexList | IndexedVertexList | InstanceHandle;

export interface Shape {
  readonly id: number;
  readonly kind: Kind;
  cell: number;
  batch: number;
  group: number;
  /** list/indexed: the per-vertex offset (a constant); instance: unused (its offset is the cell origin). */
  readonly offset: readonly [number, number];
  /** Vertices (list/indexed); 1 for an instance. */
  count: number;
  /** RGBA per vertex (list/indexed) or for the instance. */
  colours: number[];
  /** Local indices (indexed only). */
  indices: number[];
  /** Which of MESHES (instance only). */
  readonly mesh: number;
  readonly handle: Handle;
}

const corners = (cell: number): number[][] => {
  const x0 = (cell % 8) * CELL + 1,
    y0 = Math.floor(cell / 8) * CELL + 1,
    x1 = x0 + CELL - 2,
    y1 = y0 + CELL - 2;
  return [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
  ];
};
export const cellOrigin = (cell: number): number[] => [(cell % 8) * CELL, Math.floor(cell / 8) * CELL];

/** Position of vertex i of a list or indexed shape (before the offset is added back by the shader). */
export function vertexPosition(kind: Kind, cell: number, offset: readonly [number, number], i: number): [number, number] {
  const c = corners(cell);
  const corner = kind === 'indexed' ? c[i % 4]! : i < 6 ? c[QUAD[i]!]! : c[Math.floor(i / 3) % 4]!;
  return [corner[0]! - offset[0], corner[1]! - offset[1]];
}

export const positionsOf = (s: Pick<Shape, 'kind' | 'cell' | 'offset'>, from: number, to: number): number[] => {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(...vertexPosition(s.kind, s.cell, s.offset, i));
  return out;
};
export const offsetsOf = (s: Pick<Shape, 'offset'>, count: number): number[] => Array.from({ length: count }, () => [...s.offset]).flat();
export const repeat = (rgba: readonly number[], count: number): number[] => Array.from({ length: count }, () => [...rgba]).flat();

/** The quad in cell-local pixels, two ways round: two mesh objects, so two instanced domains per group. */
export const MESHES: readonly InstancedMesh[] = [
  { count: 6, attributes: { position: ['f', [1, 1, 7, 1, 7, 7, 7, 7, 1, 7, 1, 1]] } },
  { count: 6, attributes: { position: ['f', [7, 7, 1, 7, 1, 1, 1, 1, 7, 1, 7, 7]] } },
];
export const LIST_FORMATS = { position: 'f', offset: 'f', color: 'Bn' } as const;
export const INSTANCE_FORMATS = { offset: 'f', color: 'Bn' };

/** Whether the shape covers its cell's centre (the pixel the model predicts). */
export function drawsSquare(s: Shape): boolean {
  if (s.kind === 'instance') return true;
  if (s.kind === 'list') return s.count >= 6;
  return s.count >= 4 && s.indices.length >= 6 && QUAD.every((index, i) => s.indices[i] === index);
}

/** The colour the square is drawn with (its corner vertices all have it; the runner keeps them equal). */
export const squareColour = (s: Shape): number[] => s.colours.slice(0, 4);

/** What the GPU (and the shadow) must hold for the shape's attribute `name`, as bytes. */
export function expectedBytes(s: Shape, name: string): Uint8Array {
  if (s.kind === 'instance') {
    if (name === 'offset') return new Uint8Array(new Float32Array(cellOrigin(s.cell)).buffer);
    return new Uint8Array(s.colours);
  }
  if (name === 'position') return new Uint8Array(new Float32Array(positionsOf(s, 0, s.count)).buffer);
  if (name === 'offset') return new Uint8Array(new Float32Array(offsetsOf(s, s.count)).buffer);
  return new Uint8Array(s.colours);
}

/** Bytes per vertex (or instance) of each attribute, as the formats above lay them out. */
export const STRIDES: Readonly<Record<Kind, Readonly<Record<string, number>>>> = {
  list: { position: 8, offset: 8, color: 4 },
  indexed: { position: 8, offset: 8, color: 4 },
  instance: { offset: 8, color: 4 },
};

export interface Scene {
  gl: WebGL2RenderingContext;
  program: ShaderProgram;
  batches: Batch[];
  /** The groups shapes are added to (ShaderGroups of one program). */
  groups: ShaderGroup[];
  /** Plain groups the runner makes parents of `groups` (and changes). */
  parents: Group[];
}

/** Orders the runner gives groups: few, so groups often become equal (and share domains) and stop being so. */
export const ORDERS = [0, 10, 20];

/**
 * Batch 0 multi-draws (where WEBGL_multi_draw exists), batch 1 loops over regions, batch 2 is capped.
 * Groups 0 and 1 are created equal, as are both parents, so their lists share domains from the start.
 */
export function createScene(): Scene {
  const gl = createContext(SIZE, SIZE);
  const { vertex, fragment } = instancedShaderSources(SIZE);
  const program = new ShaderProgram(gl, vertex, fragment);
  const batches = [
    new Batch(gl),
    new Batch(gl, { multiDraw: false }),
    new Batch(gl, { maxCapacity: SMALL_MAX_CAPACITY, maxIndexCapacity: SMALL_MAX_INDEX_CAPACITY }),
  ];
  const groups = [0, 0, 10, 20].map((order) => new ShaderGroup(program, order));
  const parents = [new Group(0), new Group(0)];
  return { gl, program, batches, groups, parents };
}

/**
 * The model's own value of a group, for groups of this scene: two groups are equal (one node of the
 * draw tree, maybe one domain) exactly when their class, order and parents' values are.
 */
export function modelValue(group: Group): string {
  const kind = group instanceof ShaderGroup ? 'S' : 'G';
  return `${kind}${group.order}(${group.parent === null ? '' : modelValue(group.parent)})`;
}

/** Whether the model draws a group: it and every ancestor are visible. */
export function modelShown(group: Group): boolean {
  for (let g: Group | null = group; g !== null; g = g.parent) if (!g.visible) return false;
  return true;
}

/** The group and its ancestors, root first. */
const chain = (group: Group): Group[] => {
  const groups: Group[] = [];
  for (let g: Group | null = group; g !== null; g = g.parent) groups.unshift(g);
  return groups;
};

/**
 * Whether `a`'s square is drawn before `b`'s: 1 surely after, -1 surely before, 0 the model cannot say
 * (equal groups share a node, and siblings of equal order draw in the order they first appeared).
 */
export function drawOrder(scene: Scene, a: Shape, b: Shape): number {
  if (a.batch !== b.batch) return Math.sign(a.batch - b.batch);
  const ca = chain(scene.groups[a.group]!),
    cb = chain(scene.groups[b.group]!);
  for (let d = 0; d < Math.min(ca.length, cb.length); d++) {
    if (modelValue(ca[d]!) === modelValue(cb[d]!)) continue;
    return Math.sign(ca[d]!.order - cb[d]!.order);
  }
  return 0;
}
