// Sprite sheets in a real WebGL2 context: ImageGrid cells and SpriteSheet frames (TexturePacker
// hash and array, Aseprite with durations and tags) cut from textures of known colours, checked by
// their regions, by sprites' pixels (trim offsets and pivots), and by the typed errors of bad JSON.
import { mat4 } from 'gl-matrix';
import { MatrixBlock } from '@webglet/graphics';
import { createContext, expectNoGLError, liveContexts, pixel } from '../../graphics/test/gl-test-helpers.ts';
import { afterEach, describe, expect, it } from 'vitest';
import {
  Animation,
  Batch,
  ImageGrid,
  Sprite,
  SpriteSheet,
  SpriteSheetError,
  Texture,
  TextureAtlas,
  type PixelData,
  type TextureRegion,
} from '../src/index.ts';

afterEach(() => {
  for (const gl of liveContexts) if (!gl.isContextLost()) expectNoGLError(gl);
});

const BLACK = [0, 0, 0, 255];
/** Eight colours, one a cell of the test sheets. */
const COLOURS = [
  [255, 0, 0, 255],
  [0, 255, 0, 255],
  [0, 0, 255, 255],
  [255, 255, 0, 255],
  [255, 0, 255, 255],
  [0, 255, 255, 255],
  [255, 128, 0, 255],
  [128, 0, 255, 255],
];

/** A width × height image whose pixel (x, y) is colour(x, y). */
function image(width: number, height: number, colour: (x: number, y: number) => readonly number[]): PixelData {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(colour(x, y), (y * width + x) * 4);
  return { width, height, data };
}

/** A 32 × 32 canvas with the y-down projection, a batch, and a way to read a pixel by (x, y) from the top. */
function scene(): { gl: WebGL2RenderingContext; batch: Batch; at: (x: number, y: number) => number[]; draw: () => void } {
  const gl = createContext(32, 32);
  new MatrixBlock(gl).setProjection(mat4.ortho(mat4.create(), 0, 32, 32, 0, -1, 1));
  const batch = new Batch(gl);
  const draw = (): void => {
    gl.clearColor(0, 0, 0, 1);
    gl.clear(gl.COLOR_BUFFER_BIT);
    batch.draw();
  };
  return { gl, batch, at: (x, y) => pixel(gl, x, 31 - y), draw };
}

describe('ImageGrid', () => {
  it('cuts cells row by row from the top-left, with padding, also from a region of an atlas page', () => {
    const { gl, batch, at, draw } = scene();
    // 4 columns × 2 rows of 3 × 3 cells, 1 px of padding between them: 15 × 7.
    const sheet = image(15, 7, (x, y) => (x % 4 === 3 || y % 4 === 3 ? [0, 0, 0, 0] : COLOURS[Math.floor(y / 4) * 4 + Math.floor(x / 4)]!));
    const atlas = new TextureAtlas(gl, { pageWidth: 32, pageHeight: 32, filter: 'nearest' });
    atlas.add(image(5, 5, () => [9, 9, 9, 255])); // the sheet is not at the page's origin
    const region = atlas.add(sheet);
    expect([region.x, region.y]).not.toEqual([0, 0]);
    const grid = new ImageGrid(region, 2, 4, { rowPadding: 1, columnPadding: 1 });
    expect(grid.regions.length).toBe(8);
    expect(grid.at(1, 2)).toBe(grid.regions[6]);
    for (const [i, cell] of grid.regions.entries()) {
      expect([cell.texture, cell.width, cell.height]).toEqual([region.texture, 3, 3]);
      expect([cell.x, cell.y]).toEqual([region.x + (i % 4) * 4, region.y + Math.floor(i / 4) * 4]);
      new Sprite(cell, { batch, x: i * 4, y: 10 });
    }
    draw();
    for (let i = 0; i < 8; i++) expect(at(i * 4 + 1, 11), `cell ${i}`).toEqual(COLOURS[i]);
    expect(batch.stats().drawCalls).toBe(1);
  });

  it('divides the image evenly when no cell size is given, and refuses cells that do not fit', () => {
    const { gl } = scene();
    const texture = new Texture(
      gl,
      image(8, 6, () => [1, 2, 3, 255]),
    );
    const grid = new ImageGrid(texture, 3, 2);
    expect(grid.regions.map((r) => [r.x, r.y, r.width, r.height])).toEqual([
      [0, 0, 4, 2],
      [4, 0, 4, 2],
      [0, 2, 4, 2],
      [4, 2, 4, 2],
      [0, 4, 4, 2],
      [4, 4, 4, 2],
    ]);
    const cases: [() => unknown, string, unknown][] = [
      [() => new ImageGrid(texture, 0, 2), 'rows', 0],
      [() => new ImageGrid(texture, 2, 1.5), 'columns', 1.5],
      [() => new ImageGrid(texture, 1, 3, { itemWidth: 3 }), 'itemWidth', 3],
      [() => new ImageGrid(texture, 4, 1, { itemHeight: 2 }), 'itemHeight', 2],
      [() => new ImageGrid(texture, 2, 2, { rowPadding: -1 }), 'rowPadding', -1],
      [() => new ImageGrid('sheet' as never, 1, 1), 'image', 'sheet'],
      [() => grid.at(3, 0), 'row', 3],
      [() => grid.at(0, -1), 'column', -1],
    ];
    for (const [call, argument, value] of cases) {
      let thrown: unknown = null;
      try {
        call();
      } catch (error) {
        thrown = error;
      }
      expect(thrown, argument).toBeInstanceOf(SpriteSheetError);
      expect([(thrown as SpriteSheetError).argument, (thrown as SpriteSheetError).value]).toEqual([argument, value]);
    }
  });
});

/** A 16 × 8 sheet: the left 8 × 8 red, the right 8 × 8 green. */
const sheetPixels = (): PixelData => image(16, 8, (x) => (x < 8 ? COLOURS[0]! : COLOURS[1]!));

describe('SpriteSheet.fromJson', () => {
  it('TexturePacker hash: a trimmed frame draws at its trim offset in its source frame, anchored at its pivot', () => {
    const { gl, batch, at, draw } = scene();
    const texture = new Texture(gl, sheetPixels(), { filter: 'nearest' });
    const json = {
      frames: {
        'hero.png': {
          frame: { x: 8, y: 0, w: 4, h: 2 },
          rotated: false,
          trimmed: true,
          spriteSourceSize: { x: 2, y: 3, w: 4, h: 2 },
          sourceSize: { w: 8, h: 8 },
          pivot: { x: 0.5, y: 0.5 },
        },
        'wall.png': { frame: { x: 0, y: 0, w: 8, h: 8 }, rotated: false, trimmed: false, sourceSize: { w: 8, h: 8 } },
      },
      meta: { image: 'sheet.png', size: { w: 16, h: 8 } },
    };
    const sheet = SpriteSheet.fromJson(json, texture);
    expect(sheet.names).toEqual(['hero.png', 'wall.png']);
    const hero = sheet.frame('hero.png');
    expect([hero.x, hero.y, hero.width, hero.height, hero.trimX, hero.trimY, hero.sourceWidth, hero.sourceHeight]).toEqual([
      8, 0, 4, 2, 2, 3, 8, 8,
    ]);
    const sprite = new Sprite(hero, { batch, x: 20, y: 20 });
    expect([sprite.anchorX, sprite.anchorY, sprite.width, sprite.height]).toEqual([0.5, 0.5, 8, 8]);
    draw();
    // The 8 × 8 source frame's top-left is at (16, 16); its pixels (2..5, 3..4) at (18..21, 19..20).
    expect(at(18, 19)).toEqual(COLOURS[1]);
    expect(at(21, 20)).toEqual(COLOURS[1]);
    expect(at(17, 19)).toEqual(BLACK);
    expect(at(22, 20)).toEqual(BLACK);
    expect(at(18, 18)).toEqual(BLACK);
    expect(at(18, 21)).toEqual(BLACK);
    // Another frame of another trim through `image`: the position is written again.
    sprite.image = sheet.frame('wall.png');
    draw();
    expect(at(16, 16)).toEqual(COLOURS[0]);
    expect(at(23, 23)).toEqual(COLOURS[0]);
    expect(at(15, 16)).toEqual(BLACK);
  });

  it('a rotated frame (stored turned 90° clockwise) draws upright, trimmed, at its pivot', () => {
    const { gl, batch, at, draw } = scene();
    const BLUE = COLOURS[2]!,
      RED = COLOURS[0]!,
      GREEN = COLOURS[1]!;
    // Upright 4 × 2: red left half, green right half, a blue marker at its top-left pixel. Turned
    // clockwise it is stored 2 wide × 4 high: upright (x, y) at stored (1 - y, x).
    const stored = image(2, 4, (sx, sy) => {
      const x = sy,
        y = 1 - sx;
      if (x === 0 && y === 0) return BLUE;
      return x < 2 ? RED : GREEN;
    });
    const texture = new Texture(gl, stored, { filter: 'nearest' });
    const sheet = SpriteSheet.fromJson(
      {
        frames: {
          turned: {
            frame: { x: 0, y: 0, w: 4, h: 2 },
            rotated: true,
            trimmed: true,
            spriteSourceSize: { x: 1, y: 1, w: 4, h: 2 },
            sourceSize: { w: 6, h: 4 },
            anchor: { x: 0.5, y: 0.5 },
          },
        },
      },
      texture,
    );
    const turned = sheet.frame('turned');
    expect([turned.width, turned.height, turned.rotated, turned.sourceWidth, turned.sourceHeight]).toEqual([2, 4, true, 6, 4]);
    const sprite = new Sprite(turned, { batch, x: 13, y: 12 });
    expect([sprite.anchorX, sprite.anchorY, sprite.width, sprite.height]).toEqual([0.5, 0.5, 6, 4]);
    draw();
    // The 6 × 4 source frame's top-left is at (10, 10); the pixels at (11..14, 11..12).
    expect(at(11, 11)).toEqual(BLUE);
    expect(at(12, 11)).toEqual(RED);
    expect(at(11, 12)).toEqual(RED);
    expect(at(13, 11)).toEqual(GREEN);
    expect(at(14, 12)).toEqual(GREEN);
    expect(at(10, 11)).toEqual(BLACK);
    expect(at(15, 12)).toEqual(BLACK);
    expect(at(12, 10)).toEqual(BLACK);
    expect(at(12, 13)).toEqual(BLACK);
  });

  it('TexturePacker array and Aseprite: frames in order by filename, durations in seconds, tags', () => {
    const { gl } = scene();
    const texture = new Texture(gl, sheetPixels());
    const packer = SpriteSheet.fromJson(
      {
        frames: [
          { filename: 'b', frame: { x: 8, y: 0, w: 8, h: 8 } },
          { filename: 'a', frame: { x: 0, y: 0, w: 8, h: 8 } },
        ],
      },
      texture,
    );
    expect(packer.names).toEqual(['b', 'a']);
    expect(packer.regions.map((r) => r.x)).toEqual([8, 0]);
    expect(packer.tags).toEqual([]);
    const aseprite = SpriteSheet.fromJson(
      {
        frames: {
          'run 0.aseprite': { frame: { x: 0, y: 0, w: 4, h: 4 }, duration: 100 },
          'run 1.aseprite': { frame: { x: 4, y: 0, w: 4, h: 4 }, duration: 150 },
          'run 2.aseprite': { frame: { x: 8, y: 0, w: 4, h: 4 }, duration: 50 },
        },
        meta: {
          frameTags: [
            { name: 'start', from: 0, to: 1, direction: 'forward' },
            { name: 'all', from: 0, to: 2, direction: 'pingpong' },
          ],
        },
      },
      texture,
    );
    expect(aseprite.durations).toEqual([0.1, 0.15, 0.05]);
    expect(aseprite.tag('all')).toEqual({ name: 'all', from: 0, to: 2, direction: 'pingpong' });
    expect(aseprite.tags.length).toBe(2);
    // Tags become Animations: their frames, in their direction, with their durations.
    const frameOf = (animation: Animation): number[] =>
      animation.frames.map((frame) => aseprite.regions.indexOf(frame.image as TextureRegion));
    expect(frameOf(aseprite.animation('start'))).toEqual([0, 1]);
    expect(frameOf(aseprite.animation('all'))).toEqual([0, 1, 2, 1]);
    expect(aseprite.animation('all').frames.map((frame) => frame.duration)).toEqual([0.1, 0.15, 0.05, 0.15]);
    expect(frameOf(aseprite.animation())).toEqual([0, 1, 2]);
    expect(aseprite.animation('start', false).loop).toBe(false);
    const reversed = SpriteSheet.fromJson(
      {
        frames: aseprite.names.map((name, i) => ({ filename: name, frame: { x: i * 4, y: 0, w: 4, h: 4 } })),
        meta: { frameTags: [{ name: 'back', from: 0, to: 2, direction: 'reverse' }] },
      },
      texture,
    );
    expect(reversed.animation('back').frames.map((frame) => reversed.regions.indexOf(frame.image as TextureRegion))).toEqual([2, 1, 0]);
  });

  it('bad JSON throws SpriteSheetError naming the field; an unknown frame or tag too', () => {
    const { gl } = scene();
    const texture = new Texture(gl, sheetPixels());
    const frame = { x: 0, y: 0, w: 8, h: 8 };
    const sheet = SpriteSheet.fromJson({ frames: { a: { frame } } }, texture);
    const cases: [() => unknown, string][] = [
      [() => SpriteSheet.fromJson(null, texture), 'json'],
      [() => SpriteSheet.fromJson({ frames: 5 }, texture), 'json'],
      [() => SpriteSheet.fromJson({ frames: {} }, texture), 'json'],
      [() => SpriteSheet.fromJson({ frames: { a: { frame: { x: 12, y: 0, w: 8, h: 8 } } } }, texture), 'json'],
      [() => SpriteSheet.fromJson({ frames: { a: { frame: { x: 0, y: 0, w: 0, h: 8 } } } }, texture), 'frame.w'],
      [() => SpriteSheet.fromJson({ frames: { a: { frame: { x: 0.5, y: 0, w: 2, h: 8 } } } }, texture), 'frame.x'],
      [() => SpriteSheet.fromJson({ frames: { a: { frame, rotated: 'yes' } } }, texture), 'rotated'],
      [() => SpriteSheet.fromJson({ frames: { a: { frame: { x: 0, y: 0, w: 2, h: 20 }, rotated: true } } }, texture), 'json'],
      [() => SpriteSheet.fromJson({ frames: { a: { frame, pivot: { x: NaN, y: 0 } } } }, texture), 'pivot'],
      [() => SpriteSheet.fromJson({ frames: { a: { frame, sourceSize: { w: 4, h: 8 } } } }, texture), 'sourceSize.w'],
      [() => SpriteSheet.fromJson({ frames: { a: { frame, duration: -5 } } }, texture), 'duration'],
      [
        () => SpriteSheet.fromJson({ frames: { a: { frame } }, meta: { frameTags: [{ name: 't', from: 0, to: 1 }] } }, texture),
        'frameTags',
      ],
      [() => SpriteSheet.fromJson({ frames: { a: { frame } } }, 'sheet.png' as never), 'image'],
      [() => sheet.frame('b'), 'name'],
      [() => sheet.tag('walk'), 'name'],
      [() => sheet.animation('walk'), 'name'],
    ];
    for (const [call, argument] of cases) {
      let thrown: unknown = null;
      try {
        call();
      } catch (error) {
        thrown = error;
      }
      expect(thrown, argument).toBeInstanceOf(SpriteSheetError);
      expect((thrown as SpriteSheetError).argument, String(thrown)).toBe(argument);
    }
  });
});
