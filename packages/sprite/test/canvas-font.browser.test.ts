// CanvasFont and text through a lost context, in real WebGL2: glyphs of a generic CSS font drawn
// by the browser into atlas pages (so exact pixels depend on the machine's fonts: these tests check
// where ink is and how it compares, never a hard-coded image), and a frame of labels from both
// kinds of font that comes back byte for byte after WEBGL_lose_context's loss and restore, with no
// app code.
import { afterEach, describe, expect, it } from 'vitest';
import { expectNoGLError, liveContexts } from '../../graphics/test/gl-test-helpers.ts';
import { BitmapFont, CanvasFont, FontError, Label, Sprite, TextureAtlas, parseBMFont } from '../src/index.ts';
import { allPixels, at, createScene, render, solid, type Scene } from './sprite-scene.ts';
import { BLOCK_FONT_TEXT, blockPage } from './text-fonts.ts';

afterEach(() => {
  for (const gl of liveContexts) if (!gl.isContextLost()) expectNoGLError(gl);
});

/** How many pixels of the box [x0, x1) × [y0, y1) are not the background (black). */
function ink(scene: Scene, x0: number, y0: number, x1: number, y1: number): number {
  let count = 0;
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (at(scene, x, y)[0]! > 40) count++;
  return count;
}

describe('CanvasFont', () => {
  it('rasterises glyphs of a CSS font on demand, once each, white with coverage in alpha', () => {
    const scene = createScene(128, 64);
    const font = new CanvasFont(scene.gl, '20px sans-serif');
    expect(font.font).toBe('20px sans-serif');
    expect(font.lineHeight).toBeGreaterThanOrEqual(20);
    expect(font.base).toBeGreaterThan(10);
    expect(font.base).toBeLessThan(font.lineHeight);
    expect(font.atlas.pages).toHaveLength(0);
    const w = font.glyph(87)!;
    expect(font.glyph(87)).toBe(w);
    expect(font.atlas.pages).toHaveLength(1);
    expect(w.region!.width).toBeGreaterThan(8);
    expect(w.xAdvance).toBeGreaterThan(w.region!.width - 6);
    expect(font.glyph(32)!.region).toBeNull();
    expect(font.glyph(32)!.xAdvance).toBeGreaterThan(0);
    expect(font.glyph(9)).toBeNull();
    const label = new Label(font, { batch: scene.batch, text: 'Wi', x: 4, y: 4, anchorY: 'top' });
    render(scene);
    // Ink inside the label's box, none outside it.
    expect(ink(scene, 4, 4, 4 + label.contentWidth + 2, 4 + font.lineHeight)).toBeGreaterThan(40);
    expect(ink(scene, 4 + label.contentWidth + 3, 0, 128, 64)).toBe(0);
    expect(ink(scene, 0, 4 + font.lineHeight + 1, 128, 64)).toBe(0);
    const brightest = Math.max(...Array.from({ length: 20 * 20 }, (_, i) => at(scene, 4 + (i % 20), 4 + Math.floor(i / 20))[0]!));
    expect(brightest).toBe(255);
  });

  it("given the sprites' atlas, its glyphs share their page: a label and a sprite in one draw call", () => {
    const scene = createScene(64, 64);
    const atlas = new TextureAtlas(scene.gl, { pageWidth: 256, pageHeight: 256 });
    const sprite = new Sprite(atlas.add(solid(4, 4, [0, 0, 255, 255])), { batch: scene.batch, x: 50, y: 50 });
    const font = new CanvasFont(scene.gl, 'bold 16px monospace', { atlas, characters: '0123456789' });
    expect(font.glyph(48)!.region!.texture).toBe(atlas.pages[0]);
    new Label(font, { batch: scene.batch, text: 'Score 42', x: 2, y: 2, anchorY: 'top', color: [255, 200, 0] });
    render(scene);
    expect(scene.batch.stats().drawCalls).toBe(1);
    expect(atlas.pages).toHaveLength(1);
    expect(at(scene, 51, 51)).toEqual([0, 0, 255, 255]);
    expect(sprite.x).toBe(50);
    font.delete();
    expect(atlas.isDeleted).toBe(false); // not the font's own
  });

  it('refuses a string the canvas does not read as a font, and options that are not an atlas of the context', () => {
    const scene = createScene();
    expect(() => new CanvasFont(scene.gl, 'twenty pixels of sans')).toThrow(FontError);
    expect(() => new CanvasFont(scene.gl, '')).toThrow(/font must be a CSS font/);
    const other = createScene();
    const foreign = new TextureAtlas(other.gl);
    expect(() => new CanvasFont(scene.gl, '12px serif', { atlas: foreign })).toThrow(
      /atlas must be a live TextureAtlas of the same context/,
    );
  });
});

describe('text through a lost context', () => {
  it('the frame after restore equals the frame before, byte for byte, with no app code', async () => {
    const scene = createScene(96, 64);
    const { gl, batch } = scene;
    const atlas = new TextureAtlas(gl, { pageWidth: 64, pageHeight: 64, filter: 'nearest' });
    const blocks = new BitmapFont(parseBMFont(BLOCK_FONT_TEXT), [atlas.add(blockPage())]);
    const canvasFont = new CanvasFont(gl, '18px serif');
    new Label(blocks, { batch, text: 'AB i\nBAg', x: 4, y: 4, anchorY: 'top', color: [255, 80, 80] });
    const label = new Label(canvasFont, { batch, text: 'Hello', x: 90, y: 60, anchorX: 'right', anchorY: 'bottom' });
    render(scene);
    const before = allPixels(scene);
    expect(before.some((value, i) => i % 4 === 1 && value > 200)).toBe(true);
    const loss = gl.getExtension('WEBGL_lose_context')!;
    const restored = new Promise<void>((resolve) => gl.canvas.addEventListener('webglcontextrestored', () => resolve(), { once: true }));
    const lost = new Promise<void>((resolve) => gl.canvas.addEventListener('webglcontextlost', () => resolve(), { once: true }));
    loss.loseContext();
    await lost;
    // restoreContext only works once the lost event's dispatch has finished (a macrotask later).
    await new Promise((resolve) => setTimeout(resolve, 0));
    // Changes while lost are kept and drawn after the restore; new glyphs are rasterised while lost too.
    label.text = 'Hellos';
    label.text = 'Hello';
    render(scene);
    loss.restoreContext();
    await restored;
    gl.viewport(0, 0, scene.width, scene.height);
    render(scene);
    const after = allPixels(scene);
    let differing = 0;
    for (let i = 0; i < before.length; i++) if (before[i] !== after[i]) differing++;
    expect(differing).toBe(0);
    expectNoGLError(gl);
  });
});
