// Label and BitmapFont in real WebGL2: a BMFont of solid white blocks (text-fonts.ts), so each
// glyph's pixels and vertex bytes follow from the font's numbers. Checked by readPixels, the
// label's vertex bytes read back with getBufferSubData, draw calls, and gl.getError() after every
// test; a change of text is shown to rewrite only the label's own bytes, in place when its glyph
// count is the same.
import { MatrixBlock, type IndexedVertexList } from '@webglet/graphics';
import { mat4 } from 'gl-matrix';
import { afterEach, describe, expect, it } from 'vitest';
import { createContext, expectNoGLError, liveContexts, readBuffer } from '../../graphics/test/gl-test-helpers.ts';
import { Batch, BitmapFont, Label, LabelError, Sprite, TextureAtlas, parseBMFont } from '../src/index.ts';
import { at, BLACK, createScene, render, solid, WHITE, type Scene } from './sprite-scene.ts';
import { BLOCK_FONT_JSON, BLOCK_FONT_TEXT, BLOCK_FONT_XML, blockPage } from './text-fonts.ts';

afterEach(() => {
  for (const gl of liveContexts) if (!gl.isContextLost()) expectNoGLError(gl);
});

/** The block font on a page of an atlas (nearest filtering: exact pixels), and that atlas. */
function blockFont(scene: Scene, text = BLOCK_FONT_TEXT): { font: BitmapFont; atlas: TextureAtlas } {
  const atlas = new TextureAtlas(scene.gl, { pageWidth: 64, pageHeight: 64, filter: 'nearest' });
  const page = atlas.add(blockPage());
  return { font: new BitmapFont(parseBMFont(text), [page]), atlas };
}

/** The GPU bytes of attribute `name` of a list's vertices, as floats (or bytes for color). */
function gpuAttribute(gl: WebGL2RenderingContext, list: IndexedVertexList, name: string): number[] {
  const attribute = list.domain.vertices.attributes.get(name)!;
  const bytes = readBuffer(
    gl,
    attribute.buffer.buffer,
    list.start * attribute.byteStride,
    (list.start + list.count) * attribute.byteStride,
  );
  return name === 'color' ? [...bytes] : [...new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4)];
}

/** Every vertex attribute and the index buffer of `list`'s domain, as GPU bytes. */
function domainBytes(gl: WebGL2RenderingContext, list: IndexedVertexList): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  const domain = list.domain;
  for (const [name, attribute] of domain.vertices.attributes) {
    out.set(name, readBuffer(gl, attribute.buffer.buffer, 0, domain.vertices.capacity * attribute.byteStride));
  }
  out.set('indices', readBuffer(gl, domain.indexBuffer.buffer, 0, domain.indexAllocator.capacity * 4));
  return out;
}

/** Corners of the box (x0, y0)–(x1, y1) in the sprite vertex order (k & 1, k >> 1). */
const corners = (x0: number, y0: number, x1: number, y1: number): number[] => [x0, y0, x1, y0, x0, y1, x1, y1];

/** Which pixels of row y (from the top) are lit, as a string of '#' and '.'. */
const row = (scene: Scene, y: number, from: number, to: number): string => {
  let out = '';
  for (let x = from; x < to; x++) out += at(scene, x, y)[0]! > 128 ? '#' : '.';
  return out;
};

describe('BitmapFont', () => {
  it('cuts each glyph from its page, and reads kerning pairs', () => {
    const scene = createScene();
    const { font, atlas } = blockFont(scene);
    const page = atlas.pages[0]!;
    const b = font.glyph(66)!;
    expect(b.region!.texture).toBe(page);
    expect([b.region!.width, b.region!.height, b.xOffset, b.yOffset, b.xAdvance]).toEqual([3, 6, 1, 1, 5]);
    expect(font.glyph(32)!.region).toBeNull();
    expect(font.glyph(0x263a)).toBeNull();
    expect(font.kerning(65, 66)).toBe(-1);
    expect(font.kerning(66, 65)).toBe(0);
    expect([font.lineHeight, font.base]).toEqual([9, 7]);
  });

  it('loads a .fnt of each form through Assets, its page packed into the assets atlas', async () => {
    const scene = createScene();
    const canvas = new OffscreenCanvas(32, 16);
    const context = canvas.getContext('2d')!;
    const { data } = blockPage();
    context.putImageData(new ImageData(new Uint8ClampedArray(data), 32, 16), 0, 0);
    const png = await canvas.convertToBlob({ type: 'image/png' });
    const base = new URL('fonts/', document.baseURI).href;
    const files = new Map<string, string | Blob>([
      [`${base}blocks.fnt`, BLOCK_FONT_TEXT],
      [`${base}blocks.xml`, BLOCK_FONT_XML],
      [`${base}blocks.json`, BLOCK_FONT_JSON],
      [`${base}blocks.png`, png],
    ]);
    const fetch = async (url: string): Promise<Response> => {
      const file = files.get(url);
      return file === undefined ? new Response('no', { status: 404 }) : new Response(file);
    };
    const { Assets } = await import('../src/index.ts');
    const assets = new Assets(scene.gl, { fetch, atlas: { filter: 'nearest', pageWidth: 64, pageHeight: 64 } });
    const fonts = await Promise.all(
      ['fonts/blocks.fnt', 'fonts/blocks.xml', 'fonts/blocks.json'].map((url) => BitmapFont.load(assets, url, { fetch })),
    );
    for (const font of fonts) {
      expect(font.description).toEqual(fonts[0]!.description);
      expect(font.glyph(65)!.region!.texture).toBe(assets.atlas.pages[0]);
    }
    // One page image, loaded once, in the same atlas as any sprite's image.
    expect(assets.atlas.pages).toHaveLength(1);
    new Label(fonts[1]!, { batch: scene.batch, text: 'A', x: 2, y: 2, anchorY: 'top' });
    render(scene);
    expect(at(scene, 3, 4)).toEqual(WHITE);
    await expect(BitmapFont.load(assets, 'fonts/missing.fnt', { fetch })).rejects.toMatchObject({ name: 'AssetError', status: 404 });
    files.set(`${base}broken.fnt`, BLOCK_FONT_TEXT.replace('xadvance=5', 'xadvance=five'));
    await expect(BitmapFont.load(assets, 'fonts/broken.fnt', { fetch })).rejects.toThrow(/line 5: char xadvance .*broken\.fnt/);
  });
});

describe('Label', () => {
  it('draws its glyphs where the font puts them: kerning, offsets, baseline anchor and colour', () => {
    const scene = createScene();
    const { font } = blockFont(scene);
    const label = new Label(font, { batch: scene.batch, text: 'AB', x: 4, y: 10, color: [255, 0, 0] });
    render(scene);
    // Baseline at y = 10: the line's top is 10 - base = 3. 'A' at pen 0: x 4–7, rows 4–9 (yoffset 1);
    // 'B' at pen 5 - 1 (kerning) + 1 (xoffset) = 5: x 9–11.
    expect(row(scene, 4, 0, 16)).toBe('....####.###....');
    expect(row(scene, 9, 0, 16)).toBe('....####.###....');
    expect(row(scene, 3, 0, 16)).toBe('................');
    expect(row(scene, 10, 0, 16)).toBe('................');
    expect(at(scene, 5, 5)).toEqual([255, 0, 0, 255]);
    const [list] = label.vertexLists;
    expect(gpuAttribute(scene.gl, list!, 'position')).toEqual([...corners(0, -6, 4, 0), ...corners(5, -6, 8, 0)]);
    expect(gpuAttribute(scene.gl, list!, 'translate')).toEqual(Array(8).fill([4, 10]).flat());
    expect(gpuAttribute(scene.gl, list!, 'color')).toEqual(Array(8).fill([255, 0, 0, 255]).flat());
    expect([label.contentWidth, label.contentHeight]).toEqual([9, 9]);
  });

  it('a label and a sprite on one atlas page are one draw call', () => {
    const scene = createScene();
    const { font, atlas } = blockFont(scene);
    const block = atlas.add(solid(4, 4, [0, 0, 255, 255]));
    new Sprite(block, { batch: scene.batch, x: 40, y: 40 });
    new Label(font, { batch: scene.batch, text: 'ABi', x: 2, y: 20 });
    render(scene);
    expect(scene.batch.stats().drawCalls).toBe(1);
    expect(at(scene, 41, 41)).toEqual([0, 0, 255, 255]);
    expect(at(scene, 3, 18)).toEqual(WHITE);
  });

  it('anchors: left/center/right of the widest line, top/center/baseline/bottom of the lines', () => {
    const scene = createScene();
    const { font } = blockFont(scene);
    const label = new Label(font, { batch: scene.batch, text: 'A\nAA', x: 30, y: 30 });
    const firstQuad = (): number[] => gpuAttribute(scene.gl, label.vertexLists[0]!, 'position').slice(0, 2);
    // Widest line: 'AA' = 5 + 5 = 10; two lines: 18 high; base 7.
    const cases: [Label['anchorX'], Label['anchorY'], number[]][] = [
      ['left', 'baseline', [0, 1 - 7]],
      ['left', 'top', [0, 1]],
      ['center', 'center', [-5, 1 - 9]],
      ['right', 'bottom', [-10, 1 - 18]],
    ];
    for (const [anchorX, anchorY, expected] of cases) {
      label.anchorX = anchorX;
      label.anchorY = anchorY;
      render(scene);
      expect(firstQuad(), `${anchorX} ${anchorY}`).toEqual(expected);
    }
    // The second line's glyphs are one lineHeight lower.
    expect(gpuAttribute(scene.gl, label.vertexLists[0]!, 'position')[9]).toBe(1 - 18 + 9);
  });

  it('aligns each line in the box, and wraps words at the width (a word wider than it stays whole)', () => {
    const scene = createScene();
    const { font } = blockFont(scene);
    const label = new Label(font, { batch: scene.batch, text: 'A\nAAA', anchorY: 'top', align: 'right' });
    const lefts = (): number[] => {
      render(scene);
      const position = gpuAttribute(scene.gl, label.vertexLists[0]!, 'position');
      return Array.from({ length: position.length / 8 }, (_, q) => position[q * 8]!);
    };
    const tops = (): number[] => {
      render(scene);
      const position = gpuAttribute(scene.gl, label.vertexLists[0]!, 'position');
      return Array.from({ length: position.length / 8 }, (_, q) => position[q * 8 + 1]!);
    };
    expect(lefts()).toEqual([10, 0, 5, 10]);
    label.align = 'center';
    expect(lefts()).toEqual([5, 0, 5, 10]);
    label.text = 'AA A AAAA A';
    label.align = 'left';
    label.width = 12;
    // Lines: 'AA A'? 'AA' is 10 wide, 'AA A' 18 > 12: 'AA' | 'A' | 'AAAA' (20, alone) | 'A'.
    expect(lefts()).toEqual([0, 5, 0, 0, 5, 10, 15, 0]);
    expect(tops()).toEqual([1, 1, 10, 19, 19, 19, 19, 28]);
    expect(label.contentWidth).toBe(20);
    expect(label.contentHeight).toBe(36);
    label.width = null;
    expect(tops()).toEqual(Array(8).fill(1));
  });

  it('a change of text rewrites only its own bytes, in place for the same glyph count; more or fewer glyphs resize its list', () => {
    const scene = createScene();
    const { font, atlas } = blockFont(scene);
    const sprite = new Sprite(atlas.add(solid(2, 2, [0, 255, 0, 255])), { batch: scene.batch, x: 50, y: 50 });
    const score = new Label(font, { batch: scene.batch, text: 'AB A', x: 2, y: 10, color: [200, 100, 50] });
    const other = new Label(font, { batch: scene.batch, text: 'BiA', x: 2, y: 30 });
    render(scene);
    const list = score.vertexLists[0]!;
    const [start, indexStart] = [list.start, list.indexStart];
    const before = domainBytes(scene.gl, list);
    score.text = 'BA i';
    render(scene);
    expect(scene.gl.getError()).toBe(scene.gl.NO_ERROR);
    expect(score.vertexLists[0]).toBe(list);
    expect([list.start, list.indexStart]).toEqual([start, indexStart]);
    const after = domainBytes(scene.gl, list);
    for (const [name, bytes] of before) {
      const stride = name === 'indices' ? 0 : list.domain.vertices.attributes.get(name)!.byteStride;
      const [from, to] = [start * stride, (start + list.count) * stride];
      const changed: number[] = [];
      for (let i = 0; i < bytes.length; i++) if (bytes[i] !== after.get(name)![i]) changed.push(i);
      // Only position and tex_coords of this label's vertices change; indices, colours and the rest stay.
      if (name === 'position' || name === 'tex_coords') {
        expect(changed.length, name).toBeGreaterThan(0);
        expect(
          changed.every((i) => i >= from && i < to),
          `${name}: bytes outside the label's changed`,
        ).toBe(true);
      } else expect(changed, name).toEqual([]);
    }
    // Still the other label's and the sprite's pixels.
    expect(at(scene, 51, 51)).toEqual([0, 255, 0, 255]);
    expect(gpuAttribute(scene.gl, other.vertexLists[0]!, 'translate').slice(0, 2)).toEqual([2, 30]);
    expect(sprite.x).toBe(50);

    score.text = 'AAAAAAAA';
    render(scene);
    expect(score.vertexLists[0]!.count).toBe(32);
    expect(score.vertexLists[0]!.indexCount).toBe(48);
    expect(gpuAttribute(scene.gl, score.vertexLists[0]!, 'color')).toEqual(Array(32).fill([200, 100, 50, 255]).flat());
    expect(row(scene, 5, 0, 44)).toBe(`..${'####.'.repeat(8)}`.padEnd(44, '.'));
    score.text = 'i';
    render(scene);
    expect(score.vertexLists[0]!.count).toBe(4);
    expect(row(scene, 5, 0, 44)).toBe('..#'.padEnd(44, '.'));
    score.text = ' ';
    expect(score.vertexLists).toEqual([]);
    score.text = 'A';
    render(scene);
    expect(at(scene, 3, 5)).toEqual([200, 100, 50, 255]);
    expect(at(scene, 51, 51)).toEqual([0, 255, 0, 255]);
  });

  it('x, y, rotation, scale, colour, opacity and visible write only their attribute', () => {
    const scene = createScene();
    const { font } = blockFont(scene);
    const label = new Label(font, { batch: scene.batch, text: 'AB', x: 10, y: 10, anchorY: 'top' });
    const list = label.vertexLists[0]!;
    render(scene);
    label.setPosition(20, 30);
    label.rotation = 0.5;
    label.scale = 2;
    label.color = [1, 2, 3, 4];
    render(scene);
    expect(gpuAttribute(scene.gl, list, 'translate')).toEqual(Array(8).fill([20, 30]).flat());
    expect(gpuAttribute(scene.gl, list, 'rotation')).toEqual(Array(8).fill(0.5));
    expect(gpuAttribute(scene.gl, list, 'scale')).toEqual(Array(8).fill([2, 2]).flat());
    expect(gpuAttribute(scene.gl, list, 'color')).toEqual(Array(8).fill([1, 2, 3, 4]).flat());
    label.rotation = 0;
    label.scale = 1;
    label.color = [255, 255, 255, 255];
    label.visible = false;
    render(scene);
    expect(gpuAttribute(scene.gl, list, 'position')).toEqual(Array(16).fill(0));
    expect(row(scene, 32, 0, 64)).toBe('.'.repeat(64));
    label.visible = true;
    render(scene);
    expect(row(scene, 32, 0, 64)).toBe(`${'.'.repeat(20)}####.###`.padEnd(64, '.'));
    label.delete();
    render(scene);
    expect(row(scene, 32, 0, 64)).toBe('.'.repeat(64));
    expect(scene.batch.stats().drawCalls).toBe(0);
    expect(() => (label.text = 'A')).toThrow(LabelError);
  });

  it("missing glyphs: 'error' names the character, 'skip' leaves it out, a replacement draws instead", () => {
    const scene = createScene();
    const { font } = blockFont(scene);
    const label = new Label(font, { batch: scene.batch, text: 'A', anchorY: 'top' });
    expect(() => (label.text = 'AxB')).toThrow(/no glyph for "x" \(U\+0078\) at index 1/);
    expect(label.text).toBe('A');
    label.missingGlyph = 'skip';
    label.text = 'AxB';
    expect(label.vertexLists[0]!.count).toBe(8);
    label.missingGlyph = '?';
    render(scene);
    expect(label.vertexLists[0]!.count).toBe(12);
    // '?' is 2 × 2 at yoffset 5, at pen 5.
    expect(at(scene, 5, 5)).toEqual(WHITE);
    expect(at(scene, 5, 4)).toEqual(BLACK);
  });

  it('a steady frame with labels allocates nothing and uploads nothing', async () => {
    const { steadyFrameAllocations, expectSteadyFrame, EARLY_FRAMES, GRAPHICS_SOURCES } =
      await import('../../graphics/test/gl-test-helpers.ts');
    const gl = createContext(64, 64);
    new MatrixBlock(gl).setProjection(mat4.ortho(mat4.create(), 0, 64, 64, 0, -1, 1));
    const batch = new Batch(gl);
    const scene = { gl, batch, width: 64, height: 64 };
    const { font } = blockFont(scene);
    for (let i = 0; i < 20; i++) new Label(font, { batch, text: 'AB iA\ngA', x: i * 3, y: i * 3 });
    const frame = (): void => batch.draw();
    frame();
    const scope = {
      within: /\/test\/label\.browser\.test\.ts/,
      sites: new RegExp(`${GRAPHICS_SOURCES.source}|/packages/sprite/src/|/test/label\\.browser\\.test\\.ts`),
    };
    expectSteadyFrame(await steadyFrameAllocations(frame, scope, EARLY_FRAMES));
    batch.draw();
    expect(batch.stats().bytesUploaded).toBe(0);
  }, 60_000);
});

describe('Label.containsPoint', () => {
  it('is the layout box placed by the anchor: every lit pixel is in it, and nothing a pixel outside', () => {
    const scene = createScene();
    const { font } = blockFont(scene);
    const label = new Label(font, { batch: scene.batch, text: 'AB\nBA', x: 10, y: 20, anchorY: 'top' });
    render(scene);
    const { contentWidth: w, contentHeight: h } = label;
    expect(w).toBeGreaterThan(0);
    let lit = 0;
    for (let y = 0; y < scene.height; y++) {
      for (let x = 0; x < scene.width; x++) {
        if (at(scene, x, y)[0]! > 128) {
          lit++;
          expect(label.containsPoint(x + 0.5, y + 0.5), `lit pixel (${x}, ${y})`).toBe(true);
        }
      }
    }
    expect(lit).toBeGreaterThan(10);
    // The box's edges: [10, 10 + w) × [20, 20 + h).
    expect(label.containsPoint(10, 20)).toBe(true);
    expect(label.containsPoint(10 + w - 0.01, 20 + h - 0.01)).toBe(true);
    expect(label.containsPoint(9.99, 25)).toBe(false);
    expect(label.containsPoint(10 + w, 25)).toBe(false);
    expect(label.containsPoint(12, 19.99)).toBe(false);
    expect(label.containsPoint(12, 20 + h)).toBe(false);
  });

  it('follows the anchor, the wrap width, rotation and scale', () => {
    const scene = createScene();
    const { font } = blockFont(scene);
    const label = new Label(font, { batch: scene.batch, text: 'AB', x: 30, y: 30, anchorX: 'center', anchorY: 'center' });
    const { contentWidth: w, contentHeight: h } = label;
    const left = 30 - Math.round(w / 2),
      top = 30 - Math.round(h / 2);
    expect(label.containsPoint(left, top)).toBe(true);
    expect(label.containsPoint(left - 0.01, top)).toBe(false);
    label.width = 40; // the box is the wrap width now, centred the same way
    expect(label.containsPoint(30 - 20, 30)).toBe(true);
    expect(label.containsPoint(30 + 19.9, 30)).toBe(true);
    expect(label.containsPoint(30 + 20, 30)).toBe(false);
    // A quarter turn clockwise and twice the size: the layout's x runs down the screen and its y to the
    // left, so the box (x in [-20, 20), y in [-up, h - up)) covers screen x (30 - 2(h - up), 30 + 2 up].
    label.rotation = Math.PI / 2;
    label.scale = 2;
    const up = Math.round(h / 2);
    expect(label.containsPoint(30, 30 + 39)).toBe(true);
    expect(label.containsPoint(30, 30 - 39)).toBe(true);
    expect(label.containsPoint(30, 30 + 41)).toBe(false);
    expect(label.containsPoint(30 + 2 * up - 0.5, 30)).toBe(true);
    expect(label.containsPoint(30 + 2 * up + 0.5, 30)).toBe(false);
    expect(label.containsPoint(30 - 2 * (h - up) + 0.5, 30)).toBe(true);
    expect(label.containsPoint(30 - 2 * (h - up) - 0.5, 30)).toBe(false);
  });

  it('a hidden label or one of scale 0 contains nothing; bad input and a deleted label throw LabelError', () => {
    const scene = createScene();
    const { font } = blockFont(scene);
    const label = new Label(font, { batch: scene.batch, text: 'A', x: 5, y: 5, anchorY: 'top' });
    expect(label.containsPoint(6, 6)).toBe(true);
    label.visible = false;
    expect(label.containsPoint(6, 6)).toBe(false);
    label.visible = true;
    label.scale = 0;
    expect(label.containsPoint(5, 5)).toBe(false);
    label.scale = 1;
    expect(() => label.containsPoint(NaN, 6)).toThrow(LabelError);
    expect(() => label.containsPoint(6, Infinity)).toThrow(/y must be a finite number/);
    expect(label.containsPoint(6, 6)).toBe(true);
    label.delete();
    expect(() => label.containsPoint(6, 6)).toThrow(/the label was deleted/);
  });
});
