// Bad input over the whole public API, as ONE table (issue "Reliability", part 4).
//
// One scene on one WebGL2 context: a Batch with sprites from an atlas (and one on a
// plain texture), every kind of shape, vertex lists and indexed lists made through
// the batch with the default program. It is drawn once and its pixels kept. Then
// every case of the table makes one call (constructor, setter or method) with one
// bad argument and must throw the module's typed error with the argument's name
// (`error.argument`) and the value (`error.value`, Object.is) — ShaderError names the
// stage and the offending line, GrowthError the reason and limit instead. After EVERY
// case the scene is drawn again and must equal the kept frame pixel for pixel, the
// scene's readable state (sprites, shapes, lists, batch figures) must be unchanged,
// and gl.getError() must be NO_ERROR on every context.
//
// The contexts are made here (not with createContext, whose afterEach gives them back
// after each test): the scene lives for the whole table.
import { mat4 } from 'gl-matrix';
import {
  addInstanced,
  Batch,
  BatchError,
  createDefaultProgram,
  GraphicsArgumentError,
  Group,
  GroupError,
  GrowthError,
  IndexedVertexListError,
  MatrixBlock,
  ShaderArgumentError,
  ShaderError,
  ShaderGroup,
  ShaderProgram,
  VertexDomainError,
  VertexFormatError,
  VertexListError,
  type IndexedVertexList,
  type VertexList,
} from '@webglet/graphics';
import { glErrorName } from '../../graphics/test/gl-test-helpers.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { solid } from './sprite-scene.ts';
import { BLOCK_FONT_TEXT, BLOCK_FONT_XML, blockPage } from './text-fonts.ts';
import {
  AnimatedSprite,
  Animation,
  AnimationError,
  Arc,
  AssetError,
  Assets,
  BitmapFont,
  CanvasFont,
  FontError,
  Label,
  LabelError,
  parseBMFont,
  Camera,
  CameraError,
  Input,
  InputError,
  ImageGrid,
  SpriteSheet,
  SpriteSheetError,
  BorderedRectangle,
  Circle,
  Clock,
  ClockError,
  Ellipse,
  Line,
  Polygon,
  Rectangle,
  Sector,
  ShapeError,
  Sprite,
  SpriteError,
  Star,
  Texture,
  TextureAtlas,
  TextureAtlasError,
  TextureError,
  TextureRegion,
  Triangle,
  Window,
  WindowError,
  type Shape,
} from '../src/index.ts';

const SIZE = 64;
/** The cap of every domain of the scene's batch: a call past it must throw GrowthError('maxCapacity'). */
const CAP = 4096;

// Loose handles for wrong-typed arguments: the calls below are wrong on purpose.
/* eslint-disable @typescript-eslint/no-explicit-any */
const any = (value: unknown): any => value;

function context(): WebGL2RenderingContext {
  const gl = new OffscreenCanvas(SIZE, SIZE).getContext('webgl2', { antialias: false, preserveDrawingBuffer: true });
  if (!gl) throw new Error('WebGL2 is not available');
  gl.viewport(0, 0, SIZE, SIZE);
  return gl;
}

/** Two triangles over (x, y, w, h), z = 0, as 'f' × 3 positions. */
const quad = (x: number, y: number, w: number, h: number): number[] => [
  x,
  y,
  0,
  x + w,
  y,
  0,
  x + w,
  y + h,
  0,
  x,
  y,
  0,
  x + w,
  y + h,
  0,
  x,
  y + h,
  0,
];
/** The four corners of (x, y, w, h), for an indexed quad [0, 1, 2, 0, 2, 3]. */
const corners = (x: number, y: number, w: number, h: number): number[] => [x, y, 0, x + w, y, 0, x + w, y + h, 0, x, y + h, 0];
const colours = (count: number, rgba: readonly number[]): number[] => Array.from({ length: count }, () => [...rgba]).flat();
const QUAD_INDICES = [0, 1, 2, 0, 2, 3];

// ---------------------------------------------------------------------------------------------
// The scene.
// ---------------------------------------------------------------------------------------------

const gl = context();
const gl2 = context();
const matrices = new MatrixBlock(gl);
matrices.setProjection(mat4.ortho(mat4.create(), 0, SIZE, SIZE, 0, -1, 1));
const batch = new Batch(gl, { maxCapacity: CAP, maxIndexCapacity: CAP });
const program = createDefaultProgram(gl);
const group = new ShaderGroup(program);
const triangleAttributes = () =>
  ({ position: ['f', [20, 50, 0, 30, 50, 0, 25, 60, 0]], colors: ['Bn', colours(3, [255, 80, 0, 255])] }) as const;
const formatsOnly = { position: ['f'], colors: ['Bn'] } as const;

// Textures and sprites.
const atlas = new TextureAtlas(gl, { pageWidth: 32, pageHeight: 32, filter: 'nearest' });
const red = atlas.add(solid(6, 6, [255, 0, 0, 255]));
const green = atlas.add(solid(6, 6, [0, 255, 0, 255]));
const blue = atlas.add(solid(4, 8, [0, 0, 255, 255]));
const removedRegion = atlas.add(solid(2, 2, [9, 9, 9, 255]));
atlas.remove(removedRegion);
const texture = new Texture(gl, solid(4, 4, [255, 255, 0, 255]), { filter: 'nearest' });
const deletedTexture = new Texture(gl, solid(2, 2, [1, 2, 3, 255]));
deletedTexture.delete();
const doomed = new Texture(gl, solid(2, 2, [4, 5, 6, 255]));
const regionOfDeleted = doomed.region(0, 0, 1, 1);
doomed.delete();
const deletedAtlas = new TextureAtlas(gl, { pageWidth: 8, pageHeight: 8 });
const regionOfDeletedAtlas = deletedAtlas.add(solid(2, 2, [7, 7, 7, 255]));
deletedAtlas.delete();

const s1 = new Sprite(red, { batch, x: 2, y: 2 });
const s2 = new Sprite(green, { batch, x: 10, y: 2, scale: 1.5, color: [200, 255, 255], opacity: 220 });
const s3 = new Sprite(texture, { batch, x: 30, y: 4, rotation: 0.3 });
const s4 = new Sprite(blue, { batch, x: 44, y: 2, anchorX: 0.5, scaleX: 2 });
const deletedSprite = new Sprite(blue, { batch, x: 50, y: 2 });
deletedSprite.delete();

// Shapes.
const rect = new Rectangle(2, 20, 8, 6, { batch, color: [255, 0, 255] });
const bordered = new BorderedRectangle(12, 19, 10, 8, { batch, border: 2, color: [0, 128, 255], borderColor: [255, 255, 0] });
const circle = new Circle(30, 24, 5, { batch, color: [0, 255, 128], segments: 12 });
const ellipse = new Ellipse(44, 24, 6, 3, { batch, color: [128, 128, 255] });
const sector = new Sector(57, 24, 5, { batch, angle: 2, color: [255, 128, 0] });
const arc = new Arc(8, 38, 5, { batch, thickness: 2, angle: 4, color: [200, 200, 200] });
const line = new Line(16, 34, 30, 44, { batch, thickness: 2, color: [255, 255, 255] });
const triangle = new Triangle(34, 44, 40, 34, 46, 44, { batch, color: [0, 200, 0] });
const polygon = new Polygon(
  [
    [48, 34],
    [60, 34],
    [60, 46],
    [54, 40],
    [48, 46],
  ],
  { batch, color: [0, 0, 200] },
);
const star = new Star(9, 55, 6, 3, 5, { batch, color: [255, 200, 200] });
const deletedShape = new Circle(0, 0, 2, { batch });
deletedShape.delete();
const shapes: Record<string, Shape> = { rect, bordered, circle, ellipse, sector, arc, line, triangle, polygon, star };

// Vertex lists and indexed lists, default program.
const list1 = batch.add(3, gl.TRIANGLES, group, program, triangleAttributes());
const list2 = batch.add(6, gl.TRIANGLES, group, program, {
  position: ['f', quad(32, 50, 8, 8)],
  colors: ['Bn', colours(6, [0, 255, 255, 255])],
});
const deletedList = batch.add(3, gl.TRIANGLES, group, program, triangleAttributes());
deletedList.delete();
const indexed1 = batch.addIndexed(4, gl.TRIANGLES, group, program, QUAD_INDICES, {
  position: ['f', corners(44, 50, 8, 8)],
  colors: ['Bn', colours(4, [255, 255, 255, 255])],
});
const indexed2 = batch.addIndexed(4, gl.TRIANGLES, group, program, QUAD_INDICES, {
  position: ['f', corners(55, 50, 6, 10)],
  colors: ['Bn', colours(4, [160, 0, 160, 255])],
});
const deletedIndexed = batch.addIndexed(4, gl.TRIANGLES, group, program, QUAD_INDICES, formatsOnly);
deletedIndexed.delete();
const lists: Record<string, VertexList | IndexedVertexList> = { list1, list2, indexed1, indexed2 };

// Other batches, programs and contexts.
const otherBatch = new Batch(gl);
const listOfOtherBatch = otherBatch.add(3, gl.TRIANGLES, group, program, triangleAttributes());
const deletedBatch = new Batch(gl);
const listOfDeletedBatch = deletedBatch.add(3, gl.TRIANGLES, group, program, triangleAttributes());
const indexedOfDeletedBatch = deletedBatch.addIndexed(3, gl.TRIANGLES, group, program, [0, 1, 2], formatsOnly);
deletedBatch.delete();
const batch2 = new Batch(gl2);
const program2 = createDefaultProgram(gl2);
const group2 = new ShaderGroup(program2);
const listOnGl2 = batch2.add(3, gl2.TRIANGLES, group2, program2, triangleAttributes());
const textureOnGl2 = new Texture(gl2, solid(2, 2, [255, 255, 255, 255]));
const deletedProgram = createDefaultProgram(gl);
deletedProgram.delete();
const deletedMatrices = new MatrixBlock(gl2);
deletedMatrices.delete();

// Window and clock (their own canvas and context; the scene does not depend on them).
const windowCanvas = document.createElement('canvas');
windowCanvas.width = 16;
windowCanvas.height = 16;
const view = new Window(windowCanvas, { pixelRatio: 1 });
const deletedWindow = new Window(document.createElement('canvas'), { pixelRatio: 1 });
deletedWindow.delete();
// Text: a block font on a texture of its own, two labels, one of a font deleted later.
const blockDescription = parseBMFont(BLOCK_FONT_TEXT);
const blockTexture = new Texture(gl, blockPage(), { filter: 'nearest' });
const blockFont = new BitmapFont(blockDescription, [blockTexture]);
const label = new Label(blockFont, { batch, text: 'AB i\nBA', x: 30, y: 56, color: [255, 255, 0] });
const doomedFont = new BitmapFont(blockDescription, [blockTexture]);
const labelOfDeletedFont = new Label(doomedFont, { batch, text: 'A', x: 56, y: 60 });
doomedFont.delete();
const deletedLabel = new Label(blockFont, { batch, text: 'B', x: 0, y: 0 });
deletedLabel.delete();
const clock = new Clock();
const noop = (): void => {};

// The kept frame.
function draw(): Uint8Array {
  gl.clearColor(0.08, 0.1, 0.15, 1);
  gl.clear(gl.COLOR_BUFFER_BIT);
  batch.draw();
  const pixels = new Uint8Array(SIZE * SIZE * 4);
  gl.readPixels(0, 0, SIZE, SIZE, gl.RGBA, gl.UNSIGNED_BYTE, pixels);
  return pixels;
}

const names = new Map<unknown, string>([
  [red, 'red'],
  [green, 'green'],
  [blue, 'blue'],
  [texture, 'texture'],
  [null, 'null'],
]);
const round = (values: ArrayLike<number>): number[] => Array.from(values, (v) => Math.round(v * 1000) / 1000);

/** Everything the scene lets one read, as JSON: a failed call must not change any of it. */
function state(): string {
  const sprites = [s1, s2, s3, s4].map((s) => ({
    x: s.x,
    y: s.y,
    rotation: s.rotation,
    scaleX: s.scaleX,
    scaleY: s.scaleY,
    anchorX: s.anchorX,
    anchorY: s.anchorY,
    color: s.color,
    opacity: s.opacity,
    visible: s.visible,
    blend: s.blend,
    image: names.get(s.image),
    group: names.get(s.group),
    batch: s.batch === batch,
    slot: s.vertexList.start,
  }));
  const shapeState = Object.fromEntries(
    Object.entries(shapes).map(([name, s]) => {
      const own: Record<string, unknown> = {};
      for (const key of [
        'width',
        'height',
        'border',
        'borderColor',
        'radius',
        'a',
        'b',
        'segments',
        'angle',
        'startAngle',
        'thickness',
        'x2',
        'y2',
        'points',
        'outerRadius',
        'innerRadius',
        'spikes',
      ] as const) {
        if (key in s) own[key] = (s as unknown as Record<string, unknown>)[key];
      }
      const list = s.vertexList;
      return [
        name,
        {
          x: s.x,
          y: s.y,
          rotation: s.rotation,
          anchorX: s.anchorX,
          anchorY: s.anchorY,
          color: s.color,
          opacity: s.opacity,
          visible: s.visible,
          batch: s.batch === batch,
          group: s.group,
          own,
          start: list.start,
          count: list.count,
          position: round(list.get('position')),
          colors: round(list.get('colors')),
        },
      ];
    }),
  );
  const listState = Object.fromEntries(
    Object.entries(lists).map(([name, l]) => [
      name,
      {
        domain: batch.stats().domains.length,
        start: l.start,
        count: l.count,
        position: round(l.get('position')),
        colors: round(l.get('colors')),
        ...('indices' in l ? { indexStart: l.indexStart, indexCount: l.indexCount, indices: l.indices } : {}),
      },
    ]),
  );
  const { bufferBytes, totalGrowths, domains } = batch.stats();
  return JSON.stringify({
    sprites,
    shapeState,
    listState,
    bufferBytes,
    totalGrowths,
    domains: domains.map((d) => [d.key, d.capacity, d.usage]),
    pages: atlas.pages.length,
    matrices: round(matrices.projection),
    other: listOfOtherBatch.count,
    labels: [label, labelOfDeletedFont].map((l) => ({
      text: l.text,
      x: l.x,
      y: l.y,
      rotation: l.rotation,
      scale: l.scale,
      width: l.width,
      align: l.align,
      anchorX: l.anchorX,
      anchorY: l.anchorY,
      color: l.color,
      opacity: l.opacity,
      visible: l.visible,
      missingGlyph: l.missingGlyph,
      font: l.font === blockFont,
      size: [l.contentWidth, l.contentHeight],
      lists: l.vertexLists.map((list) => [
        list.start,
        list.count,
        list.indices,
        round(list.get('position')),
        round(list.get('tex_coords')),
      ]),
    })),
  });
}

// Kept before the first case; taken again only after a case that had to be undone (a domain it made stays).
let keptFrame = draw();
let keptState = state();

// ---------------------------------------------------------------------------------------------
// The table.
// ---------------------------------------------------------------------------------------------

type ErrorClass = abstract new (...args: never[]) => Error;
interface Case {
  module: string;
  name: string;
  call: () => unknown;
  error: ErrorClass;
  /** error.argument and error.value (Object.is) for GraphicsArgumentErrors. */
  argument?: string;
  value?: unknown;
  /** Checks of their own, for ShaderError and GrowthError. */
  check?: (error: Error) => void;
  /**
   * Puts the scene back after a call that changed it (a bug), once the frame and state are taken, so
   * later cases are judged alone. Gets what the call returned (undefined if it threw).
   */
  undo?: ((result: unknown) => void) | undefined;
}

const table: Case[] = [];
let module = '';
/** A case whose error is a GraphicsArgumentError naming `argument` and `value`. */
function bad(
  name: string,
  call: () => unknown,
  error: ErrorClass,
  argument: string,
  value: unknown,
  undo?: (result: unknown) => void,
): void {
  table.push({ module, name, call, error, argument, value, undo });
}
function badWith(name: string, call: () => unknown, error: ErrorClass, check: (error: Error) => void): void {
  table.push({ module, name, call, error, check });
}
/** GrowthError('maxCapacity'): the domain would need `requested` units (what it holds plus the call's `count`), past the cap. */
const growth =
  (count: number) =>
  (error: Error): void => {
    const e = error as GrowthError;
    expect.soft([e.reason, e.limit, e.glError]).toEqual(['maxCapacity', CAP, null]);
    expect.soft(e.requested).toBeGreaterThanOrEqual(count);
  };
const DELETED = 'deleted';

// ----- Sprite ---------------------------------------------------------------------------------
module = 'Sprite';
bad('new Sprite: options null', () => new Sprite(red, any(null)), SpriteError, 'options', null);
bad('new Sprite: options a number', () => new Sprite(red, any(42)), SpriteError, 'options', 42);
bad('new Sprite: batch a string', () => new Sprite(red, any({ batch: 'b' })), SpriteError, 'batch', 'b');
bad('new Sprite: batch missing', () => new Sprite(red, any({})), SpriteError, 'batch', undefined);
bad('new Sprite: deleted batch', () => new Sprite(red, { batch: deletedBatch }), SpriteError, 'batch', deletedBatch);
bad('new Sprite: image a string', () => new Sprite(any('red.png'), { batch }), SpriteError, 'image', 'red.png');
bad('new Sprite: image null', () => new Sprite(any(null), { batch }), SpriteError, 'image', null);
bad('new Sprite: deleted texture', () => new Sprite(deletedTexture, { batch }), SpriteError, 'image', deletedTexture);
bad('new Sprite: region of a deleted texture', () => new Sprite(regionOfDeleted, { batch }), SpriteError, 'image', regionOfDeleted);
bad('new Sprite: region of a deleted atlas', () => new Sprite(regionOfDeletedAtlas, { batch }), SpriteError, 'image', regionOfDeletedAtlas);
bad('new Sprite: texture of another context', () => new Sprite(textureOnGl2, { batch }), SpriteError, 'image', textureOnGl2);
bad('new Sprite: x NaN', () => new Sprite(red, { batch, x: NaN }), SpriteError, 'x', NaN);
bad('new Sprite: y Infinity', () => new Sprite(red, { batch, y: Infinity }), SpriteError, 'y', Infinity);
bad('new Sprite: rotation a string', () => new Sprite(red, { batch, rotation: any('1') }), SpriteError, 'rotation', '1');
bad('new Sprite: scale -Infinity', () => new Sprite(red, { batch, scale: -Infinity }), SpriteError, 'scale', -Infinity);
bad('new Sprite: scaleX NaN', () => new Sprite(red, { batch, scaleX: NaN }), SpriteError, 'scaleX', NaN);
bad('new Sprite: scaleY a bigint', () => new Sprite(red, { batch, scaleY: any(2n) }), SpriteError, 'scaleY', 2n);
bad('new Sprite: anchorX null', () => new Sprite(red, { batch, anchorX: any(null) }), SpriteError, 'anchorX', null);
bad('new Sprite: anchorY NaN', () => new Sprite(red, { batch, anchorY: NaN }), SpriteError, 'anchorY', NaN);
const colour256 = [256, 0, 0] as const;
bad('new Sprite: colour 256', () => new Sprite(red, { batch, color: colour256 }), SpriteError, 'color', colour256);
const colour2 = [1, 2] as const;
bad('new Sprite: colour of 2', () => new Sprite(red, { batch, color: any(colour2) }), SpriteError, 'color', colour2);
const colourFraction = [1.5, 2, 3] as const;
bad('new Sprite: colour 1.5', () => new Sprite(red, { batch, color: colourFraction }), SpriteError, 'color', colourFraction);
bad('new Sprite: opacity -1', () => new Sprite(red, { batch, opacity: -1 }), SpriteError, 'opacity', -1);
bad('new Sprite: opacity 12.5', () => new Sprite(red, { batch, opacity: 12.5 }), SpriteError, 'opacity', 12.5);
bad('new Sprite: visible 1', () => new Sprite(red, { batch, visible: any(1) }), SpriteError, 'visible', 1);
bad('new Sprite: blend unknown', () => new Sprite(red, { batch, blend: any('multiply') }), SpriteError, 'blend', 'multiply');
const notAGroup = { order: 0 };
bad('new Sprite: group not a Group', () => new Sprite(red, { batch, group: any(notAGroup) }), SpriteError, 'group', notAGroup);
bad(
  'Sprite.x = NaN',
  () => {
    s1.x = NaN;
  },
  SpriteError,
  'x',
  NaN,
);
bad(
  'Sprite.y = Infinity',
  () => {
    s1.y = Infinity;
  },
  SpriteError,
  'y',
  Infinity,
);
bad('Sprite.setPosition(1, NaN)', () => s1.setPosition(1, NaN), SpriteError, 'y', NaN);
bad('Sprite.setPosition("1", 2)', () => s1.setPosition(any('1'), 2), SpriteError, 'x', '1');
bad(
  'Sprite.rotation = "a"',
  () => {
    s1.rotation = any('a');
  },
  SpriteError,
  'rotation',
  'a',
);
bad(
  'Sprite.scale = NaN',
  () => {
    s2.scale = NaN;
  },
  SpriteError,
  'scale',
  NaN,
);
bad(
  'Sprite.scaleX = Infinity',
  () => {
    s2.scaleX = Infinity;
  },
  SpriteError,
  'scaleX',
  Infinity,
);
bad(
  'Sprite.scaleY = null',
  () => {
    s2.scaleY = any(null);
  },
  SpriteError,
  'scaleY',
  null,
);
bad(
  'Sprite.anchorX = NaN',
  () => {
    s4.anchorX = NaN;
  },
  SpriteError,
  'anchorX',
  NaN,
);
bad(
  'Sprite.anchorY = -Infinity',
  () => {
    s4.anchorY = -Infinity;
  },
  SpriteError,
  'anchorY',
  -Infinity,
);
const opacity256 = [0, 0, 0, 256] as const;
bad(
  'Sprite.color = [0, 0, 0, 256]',
  () => {
    s2.color = opacity256;
  },
  SpriteError,
  'color',
  opacity256,
);
bad(
  'Sprite.color = "red"',
  () => {
    s2.color = any('red');
  },
  SpriteError,
  'color',
  'red',
);
const colourNaN = [NaN, 0, 0] as const;
bad(
  'Sprite.color = [NaN, 0, 0]',
  () => {
    s2.color = colourNaN;
  },
  SpriteError,
  'color',
  colourNaN,
);
bad(
  'Sprite.opacity = 300',
  () => {
    s2.opacity = 300;
  },
  SpriteError,
  'opacity',
  300,
);
bad(
  'Sprite.opacity = NaN',
  () => {
    s2.opacity = NaN;
  },
  SpriteError,
  'opacity',
  NaN,
);
bad(
  'Sprite.visible = "yes"',
  () => {
    s1.visible = any('yes');
  },
  SpriteError,
  'visible',
  'yes',
);
bad(
  'Sprite.blend = "screen"',
  () => {
    s1.blend = any('screen');
  },
  SpriteError,
  'blend',
  'screen',
);
bad(
  'Sprite.group = 5',
  () => {
    s1.group = any(5);
  },
  SpriteError,
  'group',
  5,
);
bad(
  'Sprite.image = 7',
  () => {
    s1.image = any(7);
  },
  SpriteError,
  'image',
  7,
);
bad(
  'Sprite.image = deleted texture',
  () => {
    s1.image = deletedTexture;
  },
  SpriteError,
  'image',
  deletedTexture,
);
bad(
  'Sprite.image = texture of another context',
  () => {
    s1.image = textureOnGl2;
  },
  SpriteError,
  'image',
  textureOnGl2,
);
bad(
  'Sprite.batch = "x"',
  () => {
    s1.batch = any('x');
  },
  SpriteError,
  'batch',
  'x',
);
bad(
  'Sprite.batch = deleted batch',
  () => {
    s1.batch = deletedBatch;
  },
  SpriteError,
  'batch',
  deletedBatch,
);
bad(
  'Sprite.batch = batch of another context',
  () => {
    s1.batch = batch2;
  },
  SpriteError,
  'batch',
  batch2,
);
bad('Sprite.update(null)', () => s1.update(any(null)), SpriteError, 'values', null);
bad('Sprite.update({ x: 1, rotation: NaN })', () => s1.update({ x: 1, rotation: NaN }), SpriteError, 'rotation', NaN);
bad('Sprite.update({ scale: 2, scaleY: Infinity })', () => s1.update({ scale: 2, scaleY: Infinity }), SpriteError, 'scaleY', Infinity);
bad(
  'deleted Sprite: x = 1',
  () => {
    deletedSprite.x = 1;
  },
  SpriteError,
  'this',
  DELETED,
);
bad('deleted Sprite: read x', () => deletedSprite.x, SpriteError, 'this', DELETED);
bad(
  'deleted Sprite: image = red',
  () => {
    deletedSprite.image = red;
  },
  SpriteError,
  'this',
  DELETED,
);
bad('deleted Sprite: handle', () => deletedSprite.vertexList, SpriteError, 'this', DELETED);
bad('deleted Sprite: update', () => deletedSprite.update({ x: 1 }), SpriteError, 'this', DELETED);
bad('deleted Sprite: delete again', () => deletedSprite.delete(), SpriteError, 'this', DELETED);

// ----- Shapes ---------------------------------------------------------------------------------
module = 'Shapes';
bad('new Rectangle: options null', () => new Rectangle(0, 0, 1, 1, any(null)), ShapeError, 'options', null);
bad('new Rectangle: batch a number', () => new Rectangle(0, 0, 1, 1, any({ batch: 3 })), ShapeError, 'batch', 3);
bad('new Rectangle: deleted batch', () => new Rectangle(0, 0, 1, 1, { batch: deletedBatch }), ShapeError, 'batch', deletedBatch);
bad('new Rectangle: x NaN', () => new Rectangle(NaN, 0, 1, 1, { batch }), ShapeError, 'x', NaN);
bad('new Rectangle: y a string', () => new Rectangle(0, any('0'), 1, 1, { batch }), ShapeError, 'y', '0');
bad('new Rectangle: width -1', () => new Rectangle(0, 0, -1, 1, { batch }), ShapeError, 'width', -1);
bad('new Rectangle: height Infinity', () => new Rectangle(0, 0, 1, Infinity, { batch }), ShapeError, 'height', Infinity);
const colour300 = [0, 0, 300] as const;
bad('new Rectangle: colour 300', () => new Rectangle(0, 0, 1, 1, { batch, color: colour300 }), ShapeError, 'color', colour300);
bad('new Rectangle: opacity 1.5', () => new Rectangle(0, 0, 1, 1, { batch, opacity: 1.5 }), ShapeError, 'opacity', 1.5);
bad('new Rectangle: rotation NaN', () => new Rectangle(0, 0, 1, 1, { batch, rotation: NaN }), ShapeError, 'rotation', NaN);
bad('new Rectangle: visible "no"', () => new Rectangle(0, 0, 1, 1, { batch, visible: any('no') }), ShapeError, 'visible', 'no');
bad('new Rectangle: group a string', () => new Rectangle(0, 0, 1, 1, { batch, group: any('g') }), ShapeError, 'group', 'g');
bad('new Rectangle: anchorX Infinity', () => new Rectangle(0, 0, 1, 1, { batch, anchorX: Infinity }), ShapeError, 'anchorX', Infinity);
bad('new BorderedRectangle: border -2', () => new BorderedRectangle(0, 0, 4, 4, { batch, border: -2 }), ShapeError, 'border', -2);
const colour5 = [1, 2, 3, 4, 5] as const;
bad(
  'new BorderedRectangle: borderColor of 5',
  () => new BorderedRectangle(0, 0, 4, 4, { batch, borderColor: any(colour5) }),
  ShapeError,
  'borderColor',
  colour5,
);
bad('new Circle: radius -3', () => new Circle(0, 0, -3, { batch }), ShapeError, 'radius', -3);
bad('new Circle: segments 2', () => new Circle(0, 0, 3, { batch, segments: 2 }), ShapeError, 'segments', 2);
bad('new Circle: segments 3.5', () => new Circle(0, 0, 3, { batch, segments: 3.5 }), ShapeError, 'segments', 3.5);
bad('new Circle: radius NaN (default segments)', () => new Circle(0, 0, NaN, { batch }), ShapeError, 'radius', NaN);
badWith('new Circle: 2000 segments past the cap', () => new Circle(0, 0, 3, { batch, segments: 2000 }), GrowthError, growth(6000));
bad('new Ellipse: b NaN', () => new Ellipse(0, 0, 1, NaN, { batch }), ShapeError, 'b', NaN);
bad('new Ellipse: a -1', () => new Ellipse(0, 0, -1, 1, { batch }), ShapeError, 'a', -1);
bad('new Sector: angle NaN', () => new Sector(0, 0, 3, { batch, angle: NaN }), ShapeError, 'angle', NaN);
bad('new Sector: startAngle Infinity', () => new Sector(0, 0, 3, { batch, startAngle: Infinity }), ShapeError, 'startAngle', Infinity);
bad('new Arc: thickness -1', () => new Arc(0, 0, 3, { batch, thickness: -1 }), ShapeError, 'thickness', -1);
bad('new Arc: radius a string', () => new Arc(0, 0, any('3'), { batch }), ShapeError, 'radius', '3');
bad('new Line: x2 NaN', () => new Line(0, 0, NaN, 1, { batch }), ShapeError, 'x2', NaN);
bad('new Line: thickness NaN', () => new Line(0, 0, 1, 1, { batch, thickness: NaN }), ShapeError, 'thickness', NaN);
const twoPoints = [
  [0, 0],
  [1, 1],
];
bad('new Polygon: 2 points', () => new Polygon(any(twoPoints), { batch }), ShapeError, 'points', twoPoints);
const pointNaN = [
  [0, 0],
  [1, NaN],
  [2, 0],
];
bad('new Polygon: a NaN coordinate', () => new Polygon(any(pointNaN), { batch }), ShapeError, 'points', pointNaN);
bad('new Polygon: points a string', () => new Polygon(any('abc'), { batch }), ShapeError, 'points', 'abc');
const bowtie = [
  [0, 0],
  [10, 10],
  [10, 0],
  [0, 10],
];
bad('new Polygon: self-intersecting', () => new Polygon(any(bowtie), { batch }), ShapeError, 'points', bowtie);
badWith(
  'new Triangle: zero area',
  () => new Triangle(0, 0, 0, 0, 0, 0, { batch }),
  ShapeError,
  (error) => {
    const e = error as ShapeError;
    expect([e.argument, e.value]).toEqual([
      'points',
      [
        [0, 0],
        [0, 0],
        [0, 0],
      ],
    ]);
  },
);
badWith(
  'new Triangle: y3 Infinity',
  () => new Triangle(0, 0, 1, 0, 0, Infinity, { batch }),
  ShapeError,
  (error) => {
    const e = error as ShapeError;
    expect([e.argument, e.value]).toEqual([
      'points',
      [
        [0, 0],
        [1, 0],
        [0, Infinity],
      ],
    ]);
  },
);
bad('new Star: spikes 1', () => new Star(0, 0, 5, 2, 1, { batch }), ShapeError, 'spikes', 1);
bad('new Star: outerRadius -5', () => new Star(0, 0, -5, 2, 5, { batch }), ShapeError, 'outerRadius', -5);
bad('new Star: innerRadius NaN', () => new Star(0, 0, 5, NaN, 5, { batch }), ShapeError, 'innerRadius', NaN);
bad(
  'Rectangle.x = NaN',
  () => {
    rect.x = NaN;
  },
  ShapeError,
  'x',
  NaN,
);
bad(
  'Rectangle.y = Infinity',
  () => {
    rect.y = Infinity;
  },
  ShapeError,
  'y',
  Infinity,
);
const position1 = [1] as const;
bad(
  'Rectangle.position = [1]',
  () => {
    rect.position = any(position1);
  },
  ShapeError,
  'position',
  position1,
);
const positionNaN = [1, NaN] as const;
bad(
  'Rectangle.position = [1, NaN]',
  () => {
    rect.position = positionNaN;
  },
  ShapeError,
  'position',
  positionNaN,
);
bad(
  'Rectangle.position = "ab"',
  () => {
    rect.position = any('ab');
  },
  ShapeError,
  'position',
  'ab',
);
bad(
  'Rectangle.rotation = NaN',
  () => {
    rect.rotation = NaN;
  },
  ShapeError,
  'rotation',
  NaN,
);
bad(
  'Rectangle.anchorX = "a"',
  () => {
    rect.anchorX = any('a');
  },
  ShapeError,
  'anchorX',
  'a',
);
bad(
  'Rectangle.anchorY = Infinity',
  () => {
    rect.anchorY = Infinity;
  },
  ShapeError,
  'anchorY',
  Infinity,
);
bad(
  'Rectangle.width = -1',
  () => {
    rect.width = -1;
  },
  ShapeError,
  'width',
  -1,
);
bad(
  'Rectangle.height = NaN',
  () => {
    rect.height = NaN;
  },
  ShapeError,
  'height',
  NaN,
);
const opacityMinus = [0, 0, 0, -1] as const;
bad(
  'Rectangle.color = [0, 0, 0, -1]',
  () => {
    rect.color = opacityMinus;
  },
  ShapeError,
  'color',
  opacityMinus,
);
const colour00 = [0, 0] as const;
bad(
  'Rectangle.color = [0, 0]',
  () => {
    rect.color = any(colour00);
  },
  ShapeError,
  'color',
  colour00,
);
bad(
  'Rectangle.opacity = 256',
  () => {
    rect.opacity = 256;
  },
  ShapeError,
  'opacity',
  256,
);
bad(
  'Rectangle.visible = 0',
  () => {
    rect.visible = any(0);
  },
  ShapeError,
  'visible',
  0,
);
bad(
  'BorderedRectangle.border = -1',
  () => {
    bordered.border = -1;
  },
  ShapeError,
  'border',
  -1,
);
const border300 = [300, 0, 0] as const;
bad(
  'BorderedRectangle.borderColor = [300, 0, 0]',
  () => {
    bordered.borderColor = border300;
  },
  ShapeError,
  'borderColor',
  border300,
);
bad(
  'Circle.radius = -0.5',
  () => {
    circle.radius = -0.5;
  },
  ShapeError,
  'radius',
  -0.5,
);
bad(
  'Circle.segments = 2',
  () => {
    circle.segments = 2;
  },
  ShapeError,
  'segments',
  2,
);
bad(
  'Circle.segments = 4.5',
  () => {
    circle.segments = 4.5;
  },
  ShapeError,
  'segments',
  4.5,
);
bad(
  'Circle.segments = NaN',
  () => {
    circle.segments = NaN;
  },
  ShapeError,
  'segments',
  NaN,
);
bad(
  'Ellipse.a = NaN',
  () => {
    ellipse.a = NaN;
  },
  ShapeError,
  'a',
  NaN,
);
bad(
  'Ellipse.b = -1',
  () => {
    ellipse.b = -1;
  },
  ShapeError,
  'b',
  -1,
);
bad(
  'Ellipse.segments = "8"',
  () => {
    ellipse.segments = any('8');
  },
  ShapeError,
  'segments',
  '8',
);
bad(
  'Sector.angle = Infinity',
  () => {
    sector.angle = Infinity;
  },
  ShapeError,
  'angle',
  Infinity,
);
bad(
  'Sector.startAngle = NaN',
  () => {
    sector.startAngle = NaN;
  },
  ShapeError,
  'startAngle',
  NaN,
);
bad(
  'Arc.thickness = -3',
  () => {
    arc.thickness = -3;
  },
  ShapeError,
  'thickness',
  -3,
);
bad(
  'Arc.radius = NaN',
  () => {
    arc.radius = NaN;
  },
  ShapeError,
  'radius',
  NaN,
);
bad(
  'Line.x2 = NaN',
  () => {
    line.x2 = NaN;
  },
  ShapeError,
  'x2',
  NaN,
);
bad(
  'Line.y2 = Infinity',
  () => {
    line.y2 = Infinity;
  },
  ShapeError,
  'y2',
  Infinity,
);
bad(
  'Line.thickness = -1',
  () => {
    line.thickness = -1;
  },
  ShapeError,
  'thickness',
  -1,
);
bad(
  'Star.spikes = 1',
  () => {
    star.spikes = 1;
  },
  ShapeError,
  'spikes',
  1,
);
bad(
  'Star.spikes = 2.5',
  () => {
    star.spikes = 2.5;
  },
  ShapeError,
  'spikes',
  2.5,
);
bad(
  'Star.outerRadius = -1',
  () => {
    star.outerRadius = -1;
  },
  ShapeError,
  'outerRadius',
  -1,
);
bad(
  'Star.innerRadius = NaN',
  () => {
    star.innerRadius = NaN;
  },
  ShapeError,
  'innerRadius',
  NaN,
);
bad(
  'Polygon.x = NaN',
  () => {
    polygon.x = NaN;
  },
  ShapeError,
  'x',
  NaN,
);
bad(
  'Triangle.rotation = Infinity',
  () => {
    triangle.rotation = Infinity;
  },
  ShapeError,
  'rotation',
  Infinity,
);
table.push({
  module,
  name: 'Circle.segments = 2000 past the cap',
  call: () => {
    circle.segments = 2000;
  },
  error: GrowthError,
  check: growth(6000),
  undo: () => {
    circle.segments = 12;
  },
});
table.push({
  module,
  name: 'Star.spikes = 1000 past the cap',
  call: () => {
    star.spikes = 1000;
  },
  error: GrowthError,
  check: growth(6000),
  undo: () => {
    star.spikes = 5;
  },
});
bad('Rectangle.migrate("b")', () => rect.migrate(any('b')), ShapeError, 'batch', 'b');
bad('Rectangle.migrate(deleted batch)', () => rect.migrate(deletedBatch), ShapeError, 'batch', deletedBatch);
bad('Rectangle.migrate(batch of another context)', () => rect.migrate(batch2), ShapeError, 'batch', batch2);
bad('Rectangle.migrate(batch, "g")', () => rect.migrate(batch, any('g')), ShapeError, 'group', 'g');
bad(
  'deleted shape: x = 1',
  () => {
    deletedShape.x = 1;
  },
  ShapeError,
  'this',
  DELETED,
);
bad('deleted shape: read radius', () => deletedShape.radius, ShapeError, 'this', DELETED);
bad('deleted shape: vertexList', () => deletedShape.vertexList, ShapeError, 'this', DELETED);
bad(
  'deleted shape: color = [1, 2, 3]',
  () => {
    deletedShape.color = [1, 2, 3];
  },
  ShapeError,
  'this',
  DELETED,
);
bad(
  'deleted shape: segments = 8',
  () => {
    deletedShape.segments = 8;
  },
  ShapeError,
  'this',
  DELETED,
);
bad('deleted shape: migrate', () => deletedShape.migrate(batch), ShapeError, 'this', DELETED);
bad('deleted shape: delete again', () => deletedShape.delete(), ShapeError, 'this', DELETED);

// ----- Texture and TextureRegion ---------------------------------------------------------------
module = 'Texture';
const pixel1 = solid(1, 1, [10, 20, 30, 255]);
bad('new Texture: gl null', () => new Texture(any(null), pixel1), TextureError, 'gl', null);
const fakeGl = {};
bad('new Texture: gl not a context', () => new Texture(any(fakeGl), pixel1), TextureError, 'gl', fakeGl);
bad('new Texture: source null', () => new Texture(gl, any(null)), TextureError, 'source', null);
bad('new Texture: source a URL string', () => new Texture(gl, any('img.png')), TextureError, 'source', 'img.png');
const shortData = { width: 2, height: 2, data: new Uint8Array(3) };
bad('new Texture: data too short', () => new Texture(gl, shortData), TextureError, 'source', shortData);
const zeroWide = { width: 0, height: 2, data: new Uint8Array(0) };
bad('new Texture: width 0', () => new Texture(gl, zeroWide), TextureError, 'source', zeroWide);
const fractionWide = { width: 1.5, height: 2, data: new Uint8Array(12) };
bad('new Texture: width 1.5', () => new Texture(gl, fractionWide), TextureError, 'source', fractionWide);
const plainArray = { width: 1, height: 1, data: [1, 2, 3, 4] };
bad('new Texture: data a plain array', () => new Texture(gl, any(plainArray)), TextureError, 'source', plainArray);
const floatData = { width: 1, height: 1, data: new Float32Array(4) };
bad('new Texture: data a Float32Array', () => new Texture(gl, any(floatData)), TextureError, 'source', floatData);
const huge = { width: 1 << 16, height: 1, data: new Uint8Array((1 << 16) * 4) };
bad('new Texture: wider than MAX_TEXTURE_SIZE', () => new Texture(gl, huge), TextureError, 'source', huge);
bad('new Texture: filter "cubic"', () => new Texture(gl, pixel1, { filter: any('cubic') }), TextureError, 'filter', 'cubic');
bad('new Texture: wrap "tile"', () => new Texture(gl, pixel1, { wrap: any('tile') }), TextureError, 'wrap', 'tile');
bad('new Texture: options null', () => new Texture(gl, pixel1, any(null)), TextureError, 'options', null);
bad('Texture.empty: width 0', () => Texture.empty(gl, 0, 4), TextureError, 'width', 0);
bad('Texture.empty: height NaN', () => Texture.empty(gl, 4, NaN), TextureError, 'height', NaN);
bad('Texture.empty: width -1', () => Texture.empty(gl, -1, 1), TextureError, 'width', -1);
bad('Texture.empty: gl a string', () => Texture.empty(any('gl'), 1, 1), TextureError, 'gl', 'gl');
const big = solid(8, 8, [1, 1, 1, 255]);
bad('Texture.write: source larger than the texture', () => texture.write(big, 0, 0), TextureError, 'source', big);
bad('Texture.write: x -1', () => texture.write(pixel1, -1, 0), TextureError, 'x', -1);
bad('Texture.write: y 1.5', () => texture.write(pixel1, 0, 1.5), TextureError, 'y', 1.5);
bad('Texture.write: x past the edge', () => texture.write(pixel1, 4, 0), TextureError, 'x', 4);
bad('Texture.write: y NaN', () => texture.write(pixel1, 0, NaN), TextureError, 'y', NaN);
bad('Texture.write: source null', () => texture.write(any(null), 0, 0), TextureError, 'source', null);
bad('Texture.region: x -1', () => texture.region(-1, 0, 1, 1), TextureError, 'x', -1);
bad('Texture.region: width 0', () => texture.region(0, 0, 0, 1), TextureError, 'width', 0);
bad('Texture.region: width past the edge', () => texture.region(0, 0, 5, 1), TextureError, 'width', 5);
bad('Texture.region: y 4', () => texture.region(0, 4, 1, 1), TextureError, 'y', 4);
bad('Texture.region: height NaN', () => texture.region(0, 0, 1, NaN), TextureError, 'height', NaN);
bad('new TextureRegion: texture a string', () => new TextureRegion(any('t'), 0, 0, 1, 1), TextureError, 'texture', 't');
bad('Texture.region: frame trimX -1', () => texture.region(0, 0, 1, 1, { trimX: -1 }), TextureError, 'trimX', -1);
bad(
  'Texture.region: frame sourceWidth under trim + width',
  () => texture.region(0, 0, 2, 1, { trimX: 1, sourceWidth: 2 }),
  TextureError,
  'sourceWidth',
  2,
);
bad('Texture.region: frame pivotY NaN', () => texture.region(0, 0, 1, 1, { pivotY: NaN }), TextureError, 'pivotY', NaN);
bad('Texture.region: frame null', () => texture.region(0, 0, 1, 1, any(null)), TextureError, 'frame', null);
bad('deleted Texture: write', () => deletedTexture.write(pixel1, 0, 0), TextureError, 'this', DELETED);
bad('deleted Texture: region', () => deletedTexture.region(0, 0, 1, 1), TextureError, 'this', DELETED);
bad('deleted Texture: glTexture', () => deletedTexture.glTexture, TextureError, 'this', DELETED);
bad('deleted Texture: fullRegion', () => deletedTexture.fullRegion, TextureError, 'this', DELETED);
bad('deleted Texture: restore', () => deletedTexture.restore(), TextureError, 'this', DELETED);
bad('deleted Texture: delete again', () => deletedTexture.delete(), TextureError, 'this', DELETED);

// ----- TextureAtlas ------------------------------------------------------------------------------
module = 'TextureAtlas';
bad('new TextureAtlas: gl null', () => new TextureAtlas(any(null)), TextureAtlasError, 'gl', null);
bad('new TextureAtlas: options null', () => new TextureAtlas(gl, any(null)), TextureAtlasError, 'options', null);
bad('new TextureAtlas: pageWidth 0', () => new TextureAtlas(gl, { pageWidth: 0 }), TextureAtlasError, 'pageWidth', 0);
bad('new TextureAtlas: pageHeight 1.5', () => new TextureAtlas(gl, { pageHeight: 1.5 }), TextureAtlasError, 'pageHeight', 1.5);
bad(
  'new TextureAtlas: pageWidth past MAX_TEXTURE_SIZE',
  () => new TextureAtlas(gl, { pageWidth: 1e9 }),
  TextureAtlasError,
  'pageWidth',
  1e9,
);
bad('new TextureAtlas: padding -1', () => new TextureAtlas(gl, { padding: -1 }), TextureAtlasError, 'padding', -1);
bad('new TextureAtlas: padding NaN', () => new TextureAtlas(gl, { padding: NaN }), TextureAtlasError, 'padding', NaN);
bad(
  'new TextureAtlas: filter "bilinear"',
  () => new TextureAtlas(gl, { filter: any('bilinear') }),
  TextureAtlasError,
  'filter',
  'bilinear',
);
bad('TextureAtlas.add: source null', () => atlas.add(any(null)), TextureAtlasError, 'source', null);
const widerThanPage = solid(64, 1, [1, 1, 1, 255]);
bad('TextureAtlas.add: wider than a page', () => atlas.add(widerThanPage), TextureAtlasError, 'source', widerThanPage);
const badBytes = { width: 1, height: 1, data: new Uint8Array(5) };
bad('TextureAtlas.add: wrong byte count', () => atlas.add(badBytes), TextureAtlasError, 'source', badBytes);
const foreignRegion = texture.fullRegion;
bad('TextureAtlas.remove: region of another texture', () => atlas.remove(foreignRegion), TextureAtlasError, 'region', foreignRegion);
bad('TextureAtlas.remove: a string', () => atlas.remove(any('r')), TextureAtlasError, 'region', 'r');
bad('TextureAtlas.remove: removed twice', () => atlas.remove(removedRegion), TextureAtlasError, 'region', removedRegion);
bad('deleted TextureAtlas: add', () => deletedAtlas.add(pixel1), TextureAtlasError, 'this', DELETED);
bad('deleted TextureAtlas: remove', () => deletedAtlas.remove(regionOfDeletedAtlas), TextureAtlasError, 'this', DELETED);
bad('deleted TextureAtlas: restore', () => deletedAtlas.restore(), TextureAtlasError, 'this', DELETED);
bad('deleted TextureAtlas: delete again', () => deletedAtlas.delete(), TextureAtlasError, 'this', DELETED);

// ----- Batch -------------------------------------------------------------------------------------
module = 'Batch';
bad('new Batch: maxCapacity 0', () => new Batch(gl, { maxCapacity: 0 }), BatchError, 'maxCapacity', 0);
bad('new Batch: maxCapacity 1.5', () => new Batch(gl, { maxCapacity: 1.5 }), BatchError, 'maxCapacity', 1.5);
bad('new Batch: maxCapacity NaN', () => new Batch(gl, { maxCapacity: NaN }), BatchError, 'maxCapacity', NaN);
bad('new Batch: maxIndexCapacity -1', () => new Batch(gl, { maxIndexCapacity: -1 }), BatchError, 'maxIndexCapacity', -1);
bad('new Batch: gl null', () => new Batch(any(null)), BatchError, 'gl', null);
const T = gl.TRIANGLES;
bad('Batch.add: count -1', () => batch.add(-1, T, group, program, formatsOnly), BatchError, 'count', -1);
bad('Batch.add: count 1.5', () => batch.add(1.5, T, group, program, formatsOnly), BatchError, 'count', 1.5);
bad('Batch.add: count NaN', () => batch.add(NaN, T, group, program, formatsOnly), BatchError, 'count', NaN);
bad('Batch.add: count "3"', () => batch.add(any('3'), T, group, program, formatsOnly), BatchError, 'count', '3');
bad('Batch.add: mode 12345', () => batch.add(3, 12345, group, program, formatsOnly), BatchError, 'mode', 12345);
bad(
  'Batch.add: mode TRIANGLE_STRIP',
  () => batch.add(3, gl.TRIANGLE_STRIP, group, program, formatsOnly),
  BatchError,
  'mode',
  gl.TRIANGLE_STRIP,
);
bad('Batch.add: mode LINE_LOOP', () => batch.add(3, gl.LINE_LOOP, group, program, formatsOnly), BatchError, 'mode', gl.LINE_LOOP);
bad('Batch.add: group a string', () => batch.add(3, T, any('g'), program, formatsOnly), BatchError, 'group', 'g');
bad('Batch.add: attributes null', () => batch.add(3, T, group, program, any(null)), BatchError, 'attributes', null);
bad(
  'Batch.add: attribute spec a string',
  () => batch.add(3, T, group, program, any({ position: 'f', colors: ['Bn'] })),
  BatchError,
  'attributes',
  'f',
);
const threeValues = [1, 2, 3];
bad(
  'Batch.add: data of the wrong length',
  () => batch.add(3, T, group, program, { position: ['f', threeValues], colors: ['Bn'] }),
  BatchError,
  'attributes',
  threeValues,
);
bad(
  'Batch.add: unknown format "q"',
  () => batch.add(3, T, group, program, { position: ['q'], colors: ['Bn'] }),
  VertexFormatError,
  'format',
  'q',
);
bad(
  'Batch.add: format "fn"',
  () => batch.add(3, T, group, program, { position: ['fn'], colors: ['Bn'] }),
  VertexFormatError,
  'format',
  'fn',
);
const numberSpec = [5];
bad(
  'Batch.add: format a number',
  () => batch.add(3, T, group, program, any({ position: numberSpec, colors: ['Bn'] })),
  BatchError,
  'attributes',
  numberSpec,
);
badWith(
  'Batch.add: unknown attribute name',
  () => batch.add(3, T, group, program, { position: ['f'], colors: ['Bn'], bogus: ['f'] }),
  VertexDomainError,
  (error) => {
    const e = error as VertexDomainError;
    expect([e.argument, e.value]).toEqual(['formats', { position: 'f', colors: 'Bn', bogus: 'f' }]);
  },
);
badWith(
  'Batch.add: attribute missing',
  () => batch.add(3, T, group, program, { position: ['f'] }),
  VertexDomainError,
  (error) => {
    const e = error as VertexDomainError;
    expect([e.argument, e.value]).toEqual(['formats', { position: 'f' }]);
  },
);
badWith('Batch.add: past maxCapacity', () => batch.add(5000, T, group, program, formatsOnly), GrowthError, growth(5000));
bad(
  'Batch.add: program of another context',
  () => batch.add(3, T, group, program2, triangleAttributes()),
  BatchError,
  'program',
  program2,
  (list) => (list as VertexList).delete(),
);
bad('Batch.add: deleted batch', () => deletedBatch.add(3, T, group, program, formatsOnly), BatchError, 'this', DELETED);
bad(
  'Batch.addIndexed: index 3 of 3 vertices',
  () => batch.addIndexed(3, T, group, program, [0, 1, 3], formatsOnly),
  IndexedVertexListError,
  'indices',
  3,
);
bad(
  'Batch.addIndexed: index -1',
  () => batch.addIndexed(3, T, group, program, [0, 1, -1], formatsOnly),
  IndexedVertexListError,
  'indices',
  -1,
);
bad(
  'Batch.addIndexed: index 1.5',
  () => batch.addIndexed(3, T, group, program, [0, 1, 1.5], formatsOnly),
  IndexedVertexListError,
  'indices',
  1.5,
);
bad(
  'Batch.addIndexed: index NaN',
  () => batch.addIndexed(3, T, group, program, [0, 1, NaN], formatsOnly),
  IndexedVertexListError,
  'indices',
  NaN,
);
bad(
  'Batch.addIndexed: indices null',
  () => batch.addIndexed(3, T, group, program, any(null), formatsOnly),
  IndexedVertexListError,
  'indices',
  null,
  (list) => (list as VertexList).delete(),
);
bad('Batch.addIndexed: count -2', () => batch.addIndexed(-2, T, group, program, [], formatsOnly), BatchError, 'count', -2);
bad(
  'Batch.addIndexed: mode TRIANGLE_FAN',
  () => batch.addIndexed(3, gl.TRIANGLE_FAN, group, program, [0, 1, 2], formatsOnly),
  BatchError,
  'mode',
  gl.TRIANGLE_FAN,
);
badWith(
  'Batch.addIndexed: past maxIndexCapacity',
  () => batch.addIndexed(3, T, group, program, new Array<number>(6000).fill(0), formatsOnly),
  GrowthError,
  growth(6000),
);
const mesh = { count: 4, attributes: {} };
bad('addInstanced: batch null', () => addInstanced(any(null), T, group, program, mesh, {}, {}), BatchError, 'batch', null);
bad('addInstanced: mode 12345', () => addInstanced(batch, 12345, group, program, mesh, {}, {}), BatchError, 'mode', 12345);
bad('addInstanced: group null', () => addInstanced(batch, T, any(null), program, mesh, {}, {}), BatchError, 'group', null);
bad('addInstanced: mesh null', () => addInstanced(batch, T, group, program, any(null), {}, {}), BatchError, 'mesh', null);
bad(
  'addInstanced: instanceFormats null',
  () => addInstanced(batch, T, group, program, mesh, any(null), {}),
  BatchError,
  'instanceFormats',
  null,
);
bad('addInstanced: deleted batch', () => addInstanced(deletedBatch, T, group, program, mesh, {}, {}), BatchError, 'this', DELETED);
bad('Batch.migrate: list a string', () => batch.migrate(any('x'), group), BatchError, 'list', 'x');
bad('Batch.migrate: deleted list', () => batch.migrate(deletedList, group), BatchError, 'list', deletedList);
bad('Batch.migrate: group a string', () => batch.migrate(list1, any('g')), BatchError, 'group', 'g');
bad('Batch.migrate: list of another context', () => batch.migrate(listOnGl2, group), BatchError, 'list', listOnGl2);
bad('Batch.migrate: deleted batch', () => deletedBatch.migrate(list1, group), BatchError, 'this', DELETED);
bad('Batch.drawSubset: a list of another batch', () => batch.drawSubset([list1, listOfOtherBatch]), BatchError, 'lists', listOfOtherBatch);
bad('Batch.drawSubset: a deleted list', () => batch.drawSubset([deletedList]), BatchError, 'lists', deletedList);
bad('Batch.drawSubset: a string', () => batch.drawSubset([any('x')]), BatchError, 'lists', 'x');

// ----- VertexList ----------------------------------------------------------------------------------
module = 'VertexList';
const twoValues = [1, 2];
bad('setAttribute: wrong length', () => list1.setAttribute('position', twoValues), VertexListError, 'data', twoValues);
bad('setAttribute: data null', () => list1.setAttribute('position', any(null)), VertexListError, 'data', null);
bad('setAttribute: data a number', () => list1.setAttribute('position', any(5)), VertexListError, 'data', 5);
const elevenBytes = new Uint8Array(11);
bad('setAttribute: colours of 11', () => list1.setAttribute('colors', elevenBytes), VertexListError, 'data', elevenBytes);
bad('setAttribute: data a string', () => list1.setAttribute('position', any('123456789')), VertexListError, 'data', '123456789');
bad('setAttribute: unknown attribute', () => list1.setAttribute('nope', [1, 2, 3]), VertexDomainError, 'name', 'nope');
bad('get: unknown attribute', () => list1.get('nope'), VertexDomainError, 'name', 'nope');
bad('markDirty: unknown attribute', () => list1.markDirty('nope'), VertexDomainError, 'name', 'nope');
bad('resize: -1', () => list1.resize(-1), VertexListError, 'newCount', -1);
bad('resize: 2.5', () => list1.resize(2.5), VertexListError, 'newCount', 2.5);
bad('resize: NaN', () => list1.resize(NaN), VertexListError, 'newCount', NaN);
bad('resize: "4"', () => list1.resize(any('4')), VertexListError, 'newCount', '4');
badWith('resize: past maxCapacity', () => list2.resize(5000), GrowthError, growth(5000));
bad('migrate: group a string', () => list1.migrate(batch, any('g')), BatchError, 'group', 'g');
bad('migrate: batch a string', () => list1.migrate(any('b'), group), VertexListError, 'batch', 'b');
bad('migrate: deleted batch', () => list1.migrate(deletedBatch, group), BatchError, 'this', DELETED);
bad('migrate: batch of another context', () => list1.migrate(batch2, group2), BatchError, 'list', list1);
bad(
  'deleted list: setAttribute',
  () => deletedList.setAttribute('position', [1, 2, 3, 4, 5, 6, 7, 8, 9]),
  VertexListError,
  'this',
  DELETED,
);
bad('deleted list: get', () => deletedList.get('position'), VertexListError, 'this', DELETED);
bad('deleted list: count', () => deletedList.count, VertexListError, 'this', DELETED);
bad('deleted list: start', () => deletedList.start, VertexListError, 'this', DELETED);
bad('deleted list: resize', () => deletedList.resize(3), VertexListError, 'this', DELETED);
bad('deleted list: markDirty', () => deletedList.markDirty('position'), VertexListError, 'this', DELETED);
bad('deleted list: migrate', () => deletedList.migrate(batch, group), VertexListError, 'this', DELETED);
bad('deleted list: delete again', () => deletedList.delete(), VertexListError, 'this', DELETED);
bad('list of a deleted batch: get', () => listOfDeletedBatch.get('position'), VertexListError, 'this', DELETED);
bad(
  'list of a deleted batch: setAttribute',
  () => listOfDeletedBatch.setAttribute('position', [1, 2, 3, 4, 5, 6, 7, 8, 9]),
  VertexListError,
  'this',
  DELETED,
);

// ----- IndexedVertexList -----------------------------------------------------------------------------
module = 'IndexedVertexList';
const threeIndices = [0, 1, 2];
bad(
  'indices = 3 of 6',
  () => {
    indexed1.indices = threeIndices;
  },
  IndexedVertexListError,
  'indices',
  threeIndices,
);
bad(
  'indices = index 4 of 4 vertices',
  () => {
    indexed1.indices = [0, 1, 2, 0, 2, 4];
  },
  IndexedVertexListError,
  'indices',
  4,
);
bad(
  'indices = index -1',
  () => {
    indexed1.indices = [0, 1, 2, 0, 2, -1];
  },
  IndexedVertexListError,
  'indices',
  -1,
);
bad(
  'indices = index NaN',
  () => {
    indexed1.indices = [0, 1, 2, 0, 2, NaN];
  },
  IndexedVertexListError,
  'indices',
  NaN,
);
bad(
  'indices = index Infinity',
  () => {
    indexed1.indices = [0, 1, 2, 0, 2, Infinity];
  },
  IndexedVertexListError,
  'indices',
  Infinity,
);
bad(
  'indices = null',
  () => {
    indexed1.indices = any(null);
  },
  IndexedVertexListError,
  'indices',
  null,
);
bad(
  'indices = "012"',
  () => {
    indexed1.indices = any('012');
  },
  IndexedVertexListError,
  'indices',
  '012',
);
bad('resize: vertexCount -1', () => indexed1.resize(-1), IndexedVertexListError, 'vertexCount', -1);
bad('resize: indexCount 2.5', () => indexed1.resize(4, 2.5), IndexedVertexListError, 'indexCount', 2.5);
bad('resize: kept index past the new count', () => indexed1.resize(2), IndexedVertexListError, 'indices', 2);
badWith('resize: vertices past maxCapacity', () => indexed2.resize(5000), GrowthError, growth(5000));
badWith('resize: indices past maxIndexCapacity', () => indexed2.resize(4, 6000), GrowthError, growth(6000));
const oneValue = [1];
bad('setAttribute: wrong length', () => indexed1.setAttribute('position', oneValue), VertexListError, 'data', oneValue);
bad('get: unknown attribute', () => indexed1.get('nope'), VertexDomainError, 'name', 'nope');
bad('migrate: batch of another context', () => indexed1.migrate(batch2, group2), BatchError, 'list', indexed1);
bad('migrate: batch a string', () => indexed1.migrate(any('b'), group), IndexedVertexListError, 'batch', 'b');
bad('deleted list: indices', () => deletedIndexed.indices, IndexedVertexListError, 'this', DELETED);
bad(
  'deleted list: indices = ...',
  () => {
    deletedIndexed.indices = QUAD_INDICES;
  },
  IndexedVertexListError,
  'this',
  DELETED,
);
bad('deleted list: get', () => deletedIndexed.get('position'), IndexedVertexListError, 'this', DELETED);
bad('deleted list: resize', () => deletedIndexed.resize(4), IndexedVertexListError, 'this', DELETED);
bad('deleted list: count', () => deletedIndexed.count, IndexedVertexListError, 'this', DELETED);
bad('deleted list: delete again', () => deletedIndexed.delete(), IndexedVertexListError, 'this', DELETED);
bad('list of a deleted batch: indices', () => indexedOfDeletedBatch.indices, IndexedVertexListError, 'this', DELETED);

// ----- ShaderProgram, MatrixBlock, Group ------------------------------------------------------------
module = 'Programs';
const VERTEX = `#version 300 es
in vec3 position;
void main() {
  gl_Position = vec4(position, 1.0);
}
`;
const FRAGMENT = `#version 300 es
precision mediump float;
out vec4 colour;
void main() {
  colour = vec4(1.0);
}
`;
const badLine =
  (stage: string, number: number, text: string) =>
  (error: Error): void => {
    const e = error as ShaderError;
    expect(e.stage).toBe(stage);
    expect(e.lines).toContainEqual({ stage, number, text });
    expect(e.message).toContain(text);
  };
bad(
  'new ShaderProgram: vertexSource a script id',
  () => new ShaderProgram(gl, 'main', FRAGMENT),
  ShaderArgumentError,
  'vertexSource',
  'main',
);
bad('new ShaderProgram: vertexSource a number', () => new ShaderProgram(gl, any(42), FRAGMENT), ShaderArgumentError, 'vertexSource', 42);
bad('new ShaderProgram: fragmentSource null', () => new ShaderProgram(gl, VERTEX, any(null)), ShaderArgumentError, 'fragmentSource', null);
bad('new ShaderProgram: fragmentSource empty', () => new ShaderProgram(gl, VERTEX, ''), ShaderArgumentError, 'fragmentSource', '');
badWith(
  'new ShaderProgram: vertex shader does not compile',
  () => new ShaderProgram(gl, VERTEX.replace('vec4(position, 1.0);', 'vec4(position, 1.0) * undeclaredScale;'), FRAGMENT),
  ShaderError,
  badLine('VERTEX_SHADER', 4, 'gl_Position = vec4(position, 1.0) * undeclaredScale;'),
);
badWith(
  'new ShaderProgram: fragment shader does not compile',
  () => new ShaderProgram(gl, VERTEX, FRAGMENT.replace('colour = vec4(1.0);', 'colour = vec3(1.0);')),
  ShaderError,
  badLine('FRAGMENT_SHADER', 5, 'colour = vec3(1.0);'),
);
badWith(
  'new ShaderProgram: varyings do not link',
  () =>
    new ShaderProgram(
      gl,
      VERTEX.replace('in vec3 position;', 'in vec3 position;\nout vec4 v_shade;').replace('1.0);\n}', '1.0);\n  v_shade = vec4(1.0);\n}'),
      FRAGMENT.replace('out vec4 colour;', 'in vec3 v_shade;\nout vec4 colour;').replace('vec4(1.0);', 'vec4(v_shade, 1.0);'),
    ),
  ShaderError,
  (error) => expect((error as ShaderError).stage).toBe('PROGRAM'),
);
badWith(
  'new ShaderProgram: WindowBlock members swapped',
  () =>
    new ShaderProgram(
      gl,
      VERTEX.replace(
        'in vec3 position;',
        'in vec3 position;\nlayout(std140) uniform WindowBlock { mat4 view; mat4 projection; } window;',
      ).replace('vec4(position, 1.0);', 'window.projection * window.view * vec4(position, 1.0);'),
      FRAGMENT,
    ),
  ShaderError,
  (error) => {
    expect((error as ShaderError).stage).toBe('PROGRAM');
    expect(error.message).toContain('WindowBlock');
  },
);
bad('setUniforms: null', () => program.setUniforms(any(null)), ShaderArgumentError, 'values', null);
bad('setUniforms: unknown uniform', () => program.setUniforms({ nope: 1 }), ShaderArgumentError, 'values', 'nope');
bad('deleted program: use', () => deletedProgram.use(), ShaderArgumentError, 'this', DELETED);
bad('deleted program: setUniforms', () => deletedProgram.setUniforms({}), ShaderArgumentError, 'this', DELETED);
bad('deleted program: program', () => deletedProgram.program, ShaderArgumentError, 'this', DELETED);
bad('deleted program: restore', () => deletedProgram.restore(), ShaderArgumentError, 'this', DELETED);
bad('deleted program: delete again', () => deletedProgram.delete(), ShaderArgumentError, 'this', DELETED);
bad(
  'Batch.add: deleted program',
  () => batch.add(3, T, group, deletedProgram, triangleAttributes()),
  BatchError,
  'program',
  deletedProgram,
  (list) => (list as VertexList).delete(),
);
const matrix3 = [1, 2, 3];
bad('MatrixBlock.setProjection: 3 numbers', () => matrices.setProjection(any(matrix3)), ShaderArgumentError, 'matrix', matrix3);
const matrixNaN = new Float32Array(16).fill(NaN);
bad('MatrixBlock.setView: NaN', () => matrices.setView(matrixNaN), ShaderArgumentError, 'matrix', matrixNaN);
bad('MatrixBlock.setProjection: null', () => matrices.setProjection(any(null)), ShaderArgumentError, 'matrix', null);
bad('deleted MatrixBlock: bind', () => deletedMatrices.bind(), ShaderArgumentError, 'this', DELETED);
bad('deleted MatrixBlock: setView', () => deletedMatrices.setView(mat4.create()), ShaderArgumentError, 'this', DELETED);
bad('new Group: order NaN', () => new Group(NaN), GroupError, 'order', NaN);
bad('new Group: parent a string', () => new Group(0, any('p')), GroupError, 'parent', 'p');
bad('new ShaderGroup: order Infinity', () => new ShaderGroup(program, Infinity), GroupError, 'order', Infinity);
bad(
  'Group.order = NaN',
  () => {
    group.order = NaN;
  },
  GroupError,
  'order',
  NaN,
);
bad(
  'Group.visible = 0',
  () => {
    group.visible = any(0);
  },
  GroupError,
  'visible',
  0,
  () => {
    group.visible = true;
  },
);

// ----- Window and Clock --------------------------------------------------------------------------------
module = 'Window';
bad('new Window: canvas a string', () => new Window(any('#view')), WindowError, 'canvas', '#view');
bad('new Window: an OffscreenCanvas', () => new Window(any(gl2.canvas)), WindowError, 'canvas', gl2.canvas);
const canvasForOptions = document.createElement('canvas');
bad('new Window: options null', () => new Window(canvasForOptions, any(null)), WindowError, 'options', null);
bad('new Window: pixelRatio 0', () => new Window(canvasForOptions, { pixelRatio: 0 }), WindowError, 'pixelRatio', 0);
bad('new Window: pixelRatio NaN', () => new Window(canvasForOptions, { pixelRatio: NaN }), WindowError, 'pixelRatio', NaN);
bad('new Window: alpha "yes"', () => new Window(canvasForOptions, { alpha: any('yes') }), WindowError, 'alpha', 'yes');
bad(
  'new Window: contextAttributes 5',
  () => new Window(canvasForOptions, { contextAttributes: any(5) }),
  WindowError,
  'contextAttributes',
  5,
);
bad('Window.resize: width 0', () => view.resize(0, 10), WindowError, 'width', 0);
bad('Window.resize: height NaN', () => view.resize(10, NaN), WindowError, 'height', NaN);
bad('Window.resize: width Infinity', () => view.resize(Infinity, 10), WindowError, 'width', Infinity);
const clear300 = [300, 0, 0];
bad('Window.clear: colour 300', () => view.clear(clear300), WindowError, 'color', clear300);
bad('Window.clear: colour a string', () => view.clear(any('black')), WindowError, 'color', 'black');
bad('Window.onResize: not a function', () => view.onResize(any(5)), WindowError, 'fn', 5);
bad('Window.onContextRestored: null', () => view.onContextRestored(any(null)), WindowError, 'fn', null);
bad('deleted Window: resize', () => deletedWindow.resize(10, 10), WindowError, 'this', DELETED);
bad('deleted Window: gl', () => deletedWindow.gl, WindowError, 'this', DELETED);

module = 'Clock';
bad('new Clock: options null', () => new Clock(any(null)), ClockError, 'options', null);
bad('new Clock: maxDt 0', () => new Clock({ maxDt: 0 }), ClockError, 'maxDt', 0);
bad('new Clock: maxDt NaN', () => new Clock({ maxDt: NaN }), ClockError, 'maxDt', NaN);
bad('new Clock: now a number', () => new Clock({ now: any(5) }), ClockError, 'now', 5);
bad('Clock.schedule: not a function', () => clock.schedule(any(5)), ClockError, 'fn', 5);
bad('Clock.scheduleInterval: 0 s', () => clock.scheduleInterval(noop, 0), ClockError, 'seconds', 0);
bad('Clock.scheduleInterval: Infinity', () => clock.scheduleInterval(noop, Infinity), ClockError, 'seconds', Infinity);
bad('Clock.scheduleOnce: delay -1', () => clock.scheduleOnce(noop, -1), ClockError, 'delay', -1);
bad('Clock.scheduleOnce: delay NaN', () => clock.scheduleOnce(noop, NaN), ClockError, 'delay', NaN);
bad('Clock.unschedule: a string', () => clock.unschedule(any('f')), ClockError, 'fn', 'f');
bad('Clock.tick: dt -1', () => clock.tick(-1), ClockError, 'dt', -1);
bad('Clock.tick: dt NaN', () => clock.tick(NaN), ClockError, 'dt', NaN);
bad('Clock.runFrames: n 1.5', () => clock.runFrames(1.5), ClockError, 'n', 1.5);
bad('Clock.runFrames: n -1', () => clock.runFrames(-1), ClockError, 'n', -1);
bad('Clock.runFrames: dt Infinity', () => clock.runFrames(1, Infinity), ClockError, 'dt', Infinity);
bad('Clock.runFrames: onFrame 7', () => clock.runFrames(1, 1 / 60, any(7)), ClockError, 'onFrame', 7);
bad('Clock.start: onFrame 3', () => clock.start(any(3)), ClockError, 'onFrame', 3);

module = 'Input';
const inputCanvas = document.createElement('canvas');
const inputWindow = new Window(inputCanvas, { pixelRatio: 1 });
const input = new Input(inputWindow);
bad('new Input: window a canvas', () => new Input(any(inputCanvas)), InputError, 'window', inputCanvas);
bad('new Input: keyboard "page"', () => new Input(inputWindow, { keyboard: any('page') }), InputError, 'keyboard', 'page');
bad('Input.onPointer: not a function', () => input.onPointer(any(1)), InputError, 'fn', 1);
bad('Input.isDown: a number', () => input.isDown(any(32)), InputError, 'code', 32);
bad('Sprite.containsPoint: x NaN', () => s1.containsPoint(NaN, 0), SpriteError, 'x', NaN);
bad('Shape.containsPoint: y Infinity', () => rect.containsPoint(0, Infinity), ShapeError, 'y', Infinity);

module = 'Camera';
const camera = new Camera(inputWindow, { x: 1, y: 2 });
bad('new Camera: window a canvas', () => new Camera(any(inputCanvas)), CameraError, 'window', inputCanvas);
bad('new Camera: zoom 0', () => new Camera(inputWindow, { zoom: 0 }), CameraError, 'zoom', 0);
bad('Camera.zoom = -2', () => (camera.zoom = -2), CameraError, 'zoom', -2);
bad('Camera.x = NaN', () => (camera.x = NaN), CameraError, 'x', NaN);
bad('Camera.toWorld: y Infinity', () => camera.toWorld([0, 0], 0, Infinity), CameraError, 'y', Infinity);

module = 'Animation';
const blink = Animation.fromImages([red], 0.1);
// Its own batch, never drawn: the scene's kept state is taken before the table is built.
const animated = new AnimatedSprite(blink, { batch: new Batch(gl), clock: new Clock() });
const noAnimationFrames: never[] = [];
bad('new Animation: no frames', () => new Animation(noAnimationFrames), AnimationError, 'frames', noAnimationFrames);
bad('new Animation: duration 0', () => new Animation([{ image: red, duration: 0 }]), AnimationError, 'frames[0].duration', 0);
bad('new Animation: loop "yes"', () => new Animation([{ image: red, duration: 1 }], any('yes')), AnimationError, 'loop', 'yes');
bad('Animation.fromImages: duration NaN', () => Animation.fromImages([red], NaN), AnimationError, 'duration', NaN);
bad('new AnimatedSprite: clock a number', () => new AnimatedSprite(blink, any({ batch, clock: 5 })), SpriteError, 'clock', 5);
bad('new AnimatedSprite: speed -1', () => new AnimatedSprite(blink, { batch, clock, speed: -1 }), SpriteError, 'speed', -1);
bad('AnimatedSprite.speed = Infinity', () => (animated.speed = Infinity), SpriteError, 'speed', Infinity);
bad('AnimatedSprite.frameIndex = 1', () => (animated.frameIndex = 1), SpriteError, 'frameIndex', 1);
bad('AnimatedSprite.onEnd = 3', () => (animated.onEnd = any(3)), SpriteError, 'onEnd', 3);

module = 'SpriteSheet';
const sheetFrame = { x: 0, y: 0, w: 4, h: 4 };
const sheet = SpriteSheet.fromJson({ frames: { a: { frame: sheetFrame } } }, texture);
const grid = new ImageGrid(texture, 2, 2);
bad('new ImageGrid: rows 0', () => new ImageGrid(texture, 0, 1), SpriteSheetError, 'rows', 0);
bad('new ImageGrid: image a string', () => new ImageGrid(any('i'), 1, 1), SpriteSheetError, 'image', 'i');
bad('new ImageGrid: itemWidth too wide', () => new ImageGrid(texture, 1, 2, { itemWidth: 3 }), SpriteSheetError, 'itemWidth', 3);
bad('ImageGrid.at: row 2', () => grid.at(2, 0), SpriteSheetError, 'row', 2);
const noFrames = { frames: {} };
bad('SpriteSheet.fromJson: no frames', () => SpriteSheet.fromJson(noFrames, texture), SpriteSheetError, 'json', noFrames);
const rotatedSheet = { frames: { a: { frame: sheetFrame, rotated: 'yes' } } };
bad('SpriteSheet.fromJson: rotated not a boolean', () => SpriteSheet.fromJson(rotatedSheet, texture), SpriteSheetError, 'rotated', 'yes');
const outside = { frames: { a: { frame: { x: 2, y: 0, w: 4, h: 4 } } } };
bad('SpriteSheet.fromJson: a frame outside', () => SpriteSheet.fromJson(outside, texture), SpriteSheetError, 'json', outside);
bad('SpriteSheet.frame: unknown name', () => sheet.frame('b'), SpriteSheetError, 'name', 'b');

module = 'Text';
const malformed = BLOCK_FONT_TEXT.replace('char id=66 x=5', 'char id=66 x=abc');
bad('parseBMFont: char x not a number', () => parseBMFont(malformed), FontError, 'x', 'abc');
bad('parseBMFont: no common tag', () => parseBMFont('info face="x"'), FontError, 'common', undefined);
bad('parseBMFont: format "yaml"', () => parseBMFont(BLOCK_FONT_TEXT, any('yaml')), FontError, 'format', 'yaml');
bad('parseBMFont: source 42', () => parseBMFont(any(42)), FontError, 'source', 42);
const pagesOfTwo = [blockTexture, blockTexture];
bad('new BitmapFont: two pages for one', () => new BitmapFont(blockDescription, pagesOfTwo), FontError, 'pages', pagesOfTwo);
const smallPage = [texture];
bad('new BitmapFont: a page of the wrong size', () => new BitmapFont(blockDescription, smallPage), FontError, 'pages', smallPage);
bad('new BitmapFont: description null', () => new BitmapFont(any(null), [blockTexture]), FontError, 'description', null);
const farCharacter = BLOCK_FONT_XML.replace('face="', 'face="&#99999999;');
bad('parseBMFont: a character reference past U+10FFFF', () => parseBMFont(farCharacter), FontError, 'source', '&#99999999;Blocks test');
const noPages = any({ ...blockDescription, pages: undefined });
bad('new BitmapFont: description without pages', () => new BitmapFont(noPages, [blockTexture]), FontError, 'description', noPages);
const offPage = { ...blockDescription, chars: [{ ...blockDescription.chars[0]!, page: 3 }] };
bad('new BitmapFont: a char on a page the font lacks', () => new BitmapFont(offPage, [blockTexture]), FontError, 'description', offPage);
bad(
  'new CanvasFont: a glyph larger than its atlas page',
  () => new CanvasFont(gl, '900px serif', { characters: 'W' }),
  FontError,
  'font',
  '900px serif',
);
bad('BitmapFont.delete: twice', () => doomedFont.delete(), FontError, 'this', DELETED);
bad('new CanvasFont: not a CSS font', () => new CanvasFont(gl, 'big letters'), FontError, 'font', 'big letters');
bad('new CanvasFont: gl a string', () => new CanvasFont(any('gl'), '12px serif'), FontError, 'gl', 'gl');
const atlasOfGl2 = new TextureAtlas(gl2);
bad(
  'new CanvasFont: atlas of another context',
  () => new CanvasFont(gl, '12px serif', { atlas: atlasOfGl2 }),
  FontError,
  'atlas',
  atlasOfGl2,
);
bad('new Label: font null', () => new Label(any(null), { batch }), LabelError, 'font', null);
bad('new Label: deleted font', () => new Label(doomedFont, { batch }), LabelError, 'font', doomedFont);
bad('new Label: options null', () => new Label(blockFont, any(null)), LabelError, 'options', null);
bad('new Label: deleted batch', () => new Label(blockFont, { batch: deletedBatch }), LabelError, 'batch', deletedBatch);
bad('new Label: x NaN', () => new Label(blockFont, { batch, x: NaN }), LabelError, 'x', NaN);
bad('new Label: scale Infinity', () => new Label(blockFont, { batch, scale: Infinity }), LabelError, 'scale', Infinity);
bad('new Label: width -1', () => new Label(blockFont, { batch, width: -1 }), LabelError, 'width', -1);
bad('new Label: align "justify"', () => new Label(blockFont, { batch, align: any('justify') }), LabelError, 'align', 'justify');
bad('new Label: anchorY "middle"', () => new Label(blockFont, { batch, anchorY: any('middle') }), LabelError, 'anchorY', 'middle');
bad('new Label: text 42', () => new Label(blockFont, { batch, text: any(42) }), LabelError, 'text', 42);
bad('new Label: a glyph the font lacks', () => new Label(blockFont, { batch, text: 'A☺' }), LabelError, 'text', 'A☺');
bad('new Label: missingGlyph "xx"', () => new Label(blockFont, { batch, missingGlyph: 'xx' }), LabelError, 'missingGlyph', 'xx');
bad('new Label: missingGlyph not in the font', () => new Label(blockFont, { batch, missingGlyph: '☺' }), LabelError, 'missingGlyph', '☺');
bad('new Label: opacity 256', () => new Label(blockFont, { batch, opacity: 256 }), LabelError, 'opacity', 256);
bad('new Label: colour 256', () => new Label(blockFont, { batch, color: colour256 }), LabelError, 'color', colour256);
bad('Label.text: a glyph the font lacks', () => (label.text = 'AxB'), LabelError, 'text', 'AxB');
bad('Label.text = 5', () => (label.text = any(5)), LabelError, 'text', 5);
bad('Label.width = -5', () => (label.width = -5), LabelError, 'width', -5);
bad('Label.width = NaN', () => (label.width = NaN), LabelError, 'width', NaN);
bad('Label.x = Infinity', () => (label.x = Infinity), LabelError, 'x', Infinity);
bad('Label.setPosition: y NaN', () => label.setPosition(1, NaN), LabelError, 'y', NaN);
bad('Label.rotation = NaN', () => (label.rotation = NaN), LabelError, 'rotation', NaN);
bad('Label.scale = -Infinity', () => (label.scale = -Infinity), LabelError, 'scale', -Infinity);
bad('Label.anchorX = "middle"', () => (label.anchorX = any('middle')), LabelError, 'anchorX', 'middle');
bad('Label.align = "justify"', () => (label.align = any('justify')), LabelError, 'align', 'justify');
bad('Label.color of 2', () => (label.color = any(colour2)), LabelError, 'color', colour2);
bad('Label.opacity = -1', () => (label.opacity = -1), LabelError, 'opacity', -1);
bad('Label.visible = "yes"', () => (label.visible = any('yes')), LabelError, 'visible', 'yes');
bad('Label.missingGlyph = 7', () => (label.missingGlyph = any(7)), LabelError, 'missingGlyph', 7);
const notAFont = {};
bad('Label.font = {}', () => (label.font = any(notAFont)), LabelError, 'font', notAFont);
bad('Label.text of a deleted font', () => (labelOfDeletedFont.text = 'B'), LabelError, 'font', doomedFont);
bad('Label.text after delete', () => (deletedLabel.text = 'A'), LabelError, 'this', DELETED);
bad('Label.delete twice', () => deletedLabel.delete(), LabelError, 'this', DELETED);
bad('Label.containsPoint: x NaN', () => label.containsPoint(NaN, 0), LabelError, 'x', NaN);
bad('Label.containsPoint: y Infinity', () => label.containsPoint(0, Infinity), LabelError, 'y', Infinity);
bad('Label.containsPoint after delete', () => deletedLabel.containsPoint(0, 0), LabelError, 'this', DELETED);

module = 'Assets';
const assets = new Assets(gl);
const notGL = {};
bad('new Assets: gl not a context', () => new Assets(any(notGL)), AssetError, 'gl', notGL);
bad('new Assets: options null', () => new Assets(gl, any(null)), AssetError, 'options', null);
bad('new Assets: fetch a string', () => new Assets(gl, { fetch: any('f') }), AssetError, 'fetch', 'f');
bad('new Assets: atlas pageWidth 0', () => new Assets(gl, { atlas: { pageWidth: 0 } }), TextureAtlasError, 'pageWidth', 0);
bad('Assets.image: empty url', () => assets.image(''), AssetError, 'url', '');
bad('Assets.image: url 5', () => assets.image(any(5)), AssetError, 'url', 5);
bad('Assets.texture: not a URL', () => assets.texture('http://[::1'), AssetError, 'url', 'http://[::1');

// ---------------------------------------------------------------------------------------------
// The test.
// ---------------------------------------------------------------------------------------------

function differingPixels(a: Uint8Array, b: Uint8Array): number {
  let count = 0;
  for (let i = 0; i < a.length; i += 4) {
    if (a[i] !== b[i] || a[i + 1] !== b[i + 1] || a[i + 2] !== b[i + 2] || a[i + 3] !== b[i + 3]) count++;
  }
  return count;
}

const contexts = (): [string, WebGL2RenderingContext][] => [
  ['gl', gl],
  ['gl2', gl2],
  ['window', view.gl],
];

afterAll(() => {
  const counts = new Map<string, number>();
  for (const c of table) counts.set(c.module, (counts.get(c.module) ?? 0) + 1);
  console.log(`bad-input table: ${table.length} cases (${[...counts].map(([name, n]) => `${name} ${n}`).join(', ')})`);
  view.delete();
  for (const context of [gl, gl2]) context.getExtension('WEBGL_lose_context')?.loseContext();
});

describe('bad input over the whole API: a typed error naming the argument, and the same frame after', () => {
  it('the scene draws, with no GL error, and the table is large', () => {
    const background = keptFrame.slice(0, 4);
    let drawn = 0;
    for (let i = 0; i < keptFrame.length; i += 4) if (keptFrame[i] !== background[0] || keptFrame[i + 1] !== background[1]) drawn++;
    expect(drawn).toBeGreaterThan((SIZE * SIZE) / 8);
    for (const [name, context] of contexts()) expect(`${name} ${glErrorName(context, context.getError())}`).toBe(`${name} NO_ERROR`);
    expect(table.length).toBeGreaterThanOrEqual(150);
  });

  /** One case; every broken promise of it is reported (soft), not only the first. */
  const run = (c: Case): void => {
    const check = expect.soft;
    const [frameBefore, stateBefore] = [keptFrame, keptState];
    let thrown: unknown = undefined;
    let result: unknown = undefined;
    let threw = false;
    try {
      result = c.call();
    } catch (error) {
      threw = true;
      thrown = error;
    }
    const frame = draw();
    const errors = contexts().map(([name, context]) => `${name} ${glErrorName(context, context.getError())}`);
    const after = state();
    if (c.undo && !threw) {
      c.undo(result);
      keptFrame = draw();
      keptState = state();
    }

    // Soft: every broken promise of the case is reported, not only the first.
    check(threw, 'the call must throw').toBe(true);
    if (threw) {
      const error = thrown as Error;
      const describeError = `${error?.name}: ${error?.message}`;
      check(error instanceof c.error && error.name === c.error.name, `expected ${c.error.name}, got ${describeError}`).toBe(true);
      if (c.error !== GrowthError && c.error !== ShaderError) check(error).toBeInstanceOf(GraphicsArgumentError);
      if (c.check) {
        c.check(error);
      } else {
        const e = error as GraphicsArgumentError;
        check(e.argument, describeError).toBe(c.argument);
        check(Object.is(e.value, c.value), `error.value: expected ${String(c.value)}, got ${String(e.value)} (${describeError})`).toBe(
          true,
        );
      }
    }
    check(differingPixels(frame, frameBefore), 'pixels that differ from the kept frame').toBe(0);
    check(errors).toEqual(contexts().map(([name]) => `${name} NO_ERROR`));
    check(after === stateBefore, "the scene's readable state changed").toBe(true);
  };
  for (const c of table) it(`${c.module}: ${c.name}`, () => run(c));
});
