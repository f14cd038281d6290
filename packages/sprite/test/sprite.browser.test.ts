// Sprites in a real WebGL2 context (SwiftShader): a canvas with the y-down projection
// mat4.ortho(0, W, H, 0, -1, 1) in a MatrixBlock, sprites in a Batch, checked with readPixels
// (converted from readPixels' bottom-up rows), batch.stats() (draw calls, bytes uploaded, domains)
// and gl.getError() after every test.
import { Batch, Group } from '@webglet/graphics';
import { canvasOf, createContext, expectNoGLError, liveContexts, seededRandom } from '../../graphics/test/gl-test-helpers.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { allPixels, at, BLACK, BLUE, createScene, GREEN, RED, render, solid, WHITE, YELLOW, type Scene } from './sprite-scene.ts';
import {
  AnimatedSprite,
  Animation,
  Circle,
  Clock,
  Line,
  Rectangle,
  Sprite,
  SpriteError,
  SpriteGroup,
  spriteGroup,
  Star,
  Texture,
  TextureAtlas,
  type PixelData,
  type TextureRegion,
} from '../src/index.ts';

afterEach(() => {
  for (const gl of liveContexts) if (!gl.isContextLost()) expectNoGLError(gl);
});

/** An 8 × 8 image: top-left red, top-right green, bottom-left blue, bottom-right yellow (row 0 = top). */
function quadrants(): PixelData {
  const data = new Uint8Array(8 * 8 * 4);
  for (let y = 0; y < 8; y++) {
    for (let x = 0; x < 8; x++) data.set(y < 4 ? (x < 4 ? RED : GREEN) : x < 4 ? BLUE : YELLOW, (y * 8 + x) * 4);
  }
  return { width: 8, height: 8, data };
}

const quadrantTexture = (gl: WebGL2RenderingContext): Texture => new Texture(gl, quadrants(), { filter: 'nearest' });

/** Pixels of the four quadrants of an 8 × 8 sprite drawn unrotated at top-left (x, y), scale sx, sy. */
function expectQuadrantsAt(scene: Scene, x: number, y: number, sx = 1, sy = 1): void {
  const w = 8 * sx,
    h = 8 * sy;
  expect(at(scene, x, y)).toEqual(RED);
  expect(at(scene, x + w / 2 - 1, y + h / 2 - 1)).toEqual(RED);
  expect(at(scene, x + w / 2, y)).toEqual(GREEN);
  expect(at(scene, x + w - 1, y + h / 2 - 1)).toEqual(GREEN);
  expect(at(scene, x, y + h / 2)).toEqual(BLUE);
  expect(at(scene, x + w / 2 - 1, y + h - 1)).toEqual(BLUE);
  expect(at(scene, x + w / 2, y + h / 2)).toEqual(YELLOW);
  expect(at(scene, x + w - 1, y + h - 1)).toEqual(YELLOW);
  // Just outside on every side: background.
  expect(at(scene, x - 1, y + 1)).toEqual(BLACK);
  expect(at(scene, x + w, y + 1)).toEqual(BLACK);
  expect(at(scene, x + 1, y - 1)).toEqual(BLACK);
  expect(at(scene, x + 1, y + h)).toEqual(BLACK);
}

/** r, g, b within ±1 (alpha is left out: the blend function applies to it too). */
const near = (actual: number[], expected: readonly number[]): void => {
  for (let i = 0; i < 3; i++)
    expect(Math.abs(actual[i]! - expected[i]!), `component ${i} of ${actual} vs ${expected}`).toBeLessThanOrEqual(1);
};

describe('Sprite placement', () => {
  it('draws the image unscaled at (x, y), upright: the top-left quadrant at the top-left', () => {
    const scene = createScene();
    const sprite = new Sprite(quadrantTexture(scene.gl), { batch: scene.batch, x: 10, y: 20 });
    render(scene);
    expectQuadrantsAt(scene, 10, 20);
    expect([sprite.width, sprite.height]).toEqual([8, 8]);
    expect(scene.batch.stats().drawCalls).toBe(1);
  });

  it('a region draws only its part of the texture', () => {
    const scene = createScene();
    const texture = quadrantTexture(scene.gl);
    new Sprite(texture.region(4, 4, 4, 4), { batch: scene.batch, x: 30, y: 30 }); // the yellow quadrant
    render(scene);
    expect(at(scene, 30, 30)).toEqual(YELLOW);
    expect(at(scene, 33, 33)).toEqual(YELLOW);
    expect(at(scene, 34, 31)).toEqual(BLACK);
    expect(at(scene, 31, 34)).toEqual(BLACK);
  });

  it('anchor 0.5 centres the image on (x, y); anchors move only position (4 vertices × 8 bytes)', () => {
    const scene = createScene();
    const sprite = new Sprite(quadrantTexture(scene.gl), { batch: scene.batch, x: 32, y: 32, anchorX: 0.5, anchorY: 0.5 });
    render(scene);
    expectQuadrantsAt(scene, 28, 28);
    sprite.anchorX = 1;
    sprite.anchorY = 0;
    render(scene);
    expect(scene.batch.stats().bytesUploaded).toBe(32);
    expectQuadrantsAt(scene, 24, 32);
  });

  it('rotation π/2 turns clockwise about the anchor: the top-left quadrant goes to the top-right', () => {
    const scene = createScene();
    const sprite = new Sprite(quadrantTexture(scene.gl), { batch: scene.batch, x: 32, y: 32, anchorX: 0.5, anchorY: 0.5 });
    sprite.rotation = Math.PI / 2;
    render(scene);
    // Covers 28..35 in both axes; clockwise: TL → TR, TR → BR, BR → BL, BL → TL.
    expect(at(scene, 33, 29)).toEqual(RED);
    expect(at(scene, 33, 34)).toEqual(GREEN);
    expect(at(scene, 29, 34)).toEqual(YELLOW);
    expect(at(scene, 29, 29)).toEqual(BLUE);
    expect(at(scene, 37, 30)).toEqual(BLACK);
    expect(sprite.rotation).toBe(Math.PI / 2);
    render(scene);
    sprite.rotation = 0;
    render(scene);
    expect(scene.batch.stats().bytesUploaded).toBe(16);
    expectQuadrantsAt(scene, 28, 28);
  });

  it('scaleX, scaleY and scale stretch the image; width and height follow', () => {
    const scene = createScene();
    const sprite = new Sprite(quadrantTexture(scene.gl), { batch: scene.batch, x: 8, y: 4, scaleX: 2, scaleY: 3 });
    render(scene);
    expectQuadrantsAt(scene, 8, 4, 2, 3);
    expect([sprite.width, sprite.height, sprite.scale]).toEqual([16, 24, 2]);
    sprite.scale = 4;
    render(scene);
    expect(scene.batch.stats().bytesUploaded).toBe(32);
    expectQuadrantsAt(scene, 8, 4, 4, 4);
    expect([sprite.scaleX, sprite.scaleY, sprite.width]).toEqual([4, 4, 32]);
    sprite.update({ y: 12, scaleY: -1 }); // mirrored upwards from the anchor: rows y - 8 … y - 1
    render(scene);
    expect(sprite.height).toBe(8);
    expect(at(scene, 9, 11)).toEqual(RED); // the image's top row lands just above y
    expect(at(scene, 9, 4)).toEqual(BLUE);
    expect(at(scene, 9, 12)).toEqual(BLACK);
    expect(at(scene, 9, 3)).toEqual(BLACK);
  });

  it('the constructor takes scale with scaleX overriding it', () => {
    const scene = createScene();
    const sprite = new Sprite(quadrantTexture(scene.gl), { batch: scene.batch, x: 1, y: 1, scale: 3, scaleX: 2 });
    expect([sprite.scaleX, sprite.scaleY]).toEqual([2, 3]);
    render(scene);
    expectQuadrantsAt(scene, 1, 1, 2, 3);
  });

  it('setPosition and update write each attribute once', () => {
    const scene = createScene();
    const sprite = new Sprite(quadrantTexture(scene.gl), { batch: scene.batch });
    render(scene);
    sprite.setPosition(20, 12);
    render(scene);
    expect(scene.batch.stats().bytesUploaded).toBe(32);
    expectQuadrantsAt(scene, 20, 12);
    sprite.update({ x: 30, y: 40, rotation: 0, scale: 2, scaleY: 1 });
    render(scene);
    expect(scene.batch.stats().bytesUploaded).toBe(4 * (8 + 4 + 8));
    expect([sprite.x, sprite.y, sprite.scaleX, sprite.scaleY]).toEqual([30, 40, 2, 1]);
    expectQuadrantsAt(scene, 30, 40, 2, 1);
    sprite.update({ y: 41 });
    render(scene);
    expect(scene.batch.stats().bytesUploaded).toBe(32);
    expectQuadrantsAt(scene, 30, 41, 2, 1);
  });
});

describe('Sprite colour, opacity, blend, visibility', () => {
  it('tints by color and fades by opacity (alpha blend over the background)', () => {
    const scene = createScene();
    const sprite = new Sprite(new Texture(scene.gl, solid(4, 4, WHITE)), { batch: scene.batch, x: 4, y: 4, color: [200, 100, 50] });
    render(scene, BLUE);
    expect(at(scene, 5, 5)).toEqual([200, 100, 50, 255]);
    sprite.opacity = 100;
    render(scene, BLUE);
    expect(scene.batch.stats().bytesUploaded).toBe(16);
    const a = 100 / 255;
    near(at(scene, 5, 5), [200 * a, 100 * a, 50 * a + 255 * (1 - a), 255].map(Math.round));
    sprite.color = [255, 255, 255, 255];
    render(scene, BLUE);
    expect(scene.batch.stats().bytesUploaded).toBe(16);
    expect(sprite.opacity).toBe(255);
    expect(at(scene, 5, 5)).toEqual(WHITE);
  });

  it('a texture\'s own alpha blends too; blend "none" writes it as is; "additive" adds', () => {
    const scene = createScene();
    const sprite = new Sprite(new Texture(scene.gl, solid(4, 4, [255, 0, 0, 128])), { batch: scene.batch, x: 4, y: 4 });
    render(scene, [0, 0, 200]);
    const a = 128 / 255;
    near(at(scene, 5, 5), [Math.round(255 * a), 0, Math.round(200 * (1 - a)), 255]);
    sprite.blend = 'additive';
    render(scene, [0, 0, 200]);
    near(at(scene, 5, 5), [Math.round(255 * a), 0, 200, 255]);
    sprite.blend = 'none';
    render(scene, [0, 0, 200]);
    expect(at(scene, 5, 5)).toEqual([255, 0, 0, 128]);
    expect(sprite.blend).toBe('none');
  });

  it('visible false draws nothing but keeps the slot; true shows it again (position only)', () => {
    const scene = createScene();
    const sprite = new Sprite(quadrantTexture(scene.gl), { batch: scene.batch, x: 10, y: 10 });
    const slot = sprite.vertexList.start;
    render(scene);
    sprite.visible = false;
    render(scene);
    expect(scene.batch.stats().bytesUploaded).toBe(32);
    expect(at(scene, 11, 11)).toEqual(BLACK);
    expect(at(scene, 17, 17)).toEqual(BLACK);
    sprite.x = 20; // moving while hidden still works
    sprite.visible = true;
    expect(sprite.vertexList.start).toBe(slot);
    render(scene);
    expectQuadrantsAt(scene, 20, 10);
    const hidden = new Sprite(quadrantTexture(scene.gl), { batch: scene.batch, x: 40, y: 40, visible: false });
    render(scene);
    expect(at(scene, 41, 41)).toEqual(BLACK);
    hidden.visible = true;
    render(scene);
    expectQuadrantsAt(scene, 40, 40);
  });
});

describe('Sprite in an atlas', () => {
  const COLOURS = [RED, GREEN, BLUE, YELLOW];

  function atlasScene(): { scene: Scene; regions: TextureRegion[]; sprites: Sprite[] } {
    const scene = createScene(256, 128);
    const atlas = new TextureAtlas(scene.gl, { pageWidth: 64, pageHeight: 64 });
    const regions = COLOURS.map((colour) => atlas.add(solid(4, 4, colour)));
    expect(atlas.pages.length).toBe(1);
    const sprites: Sprite[] = [];
    for (let i = 0; i < 1000; i++) {
      sprites.push(new Sprite(regions[i % 4]!, { batch: scene.batch, x: (i % 50) * 5, y: Math.floor(i / 50) * 5 }));
    }
    render(scene);
    return { scene, regions, sprites };
  }

  it('1,000 sprites of different regions on one page share one group, one domain and ONE draw call', () => {
    const { scene, sprites } = atlasScene();
    const stats = scene.batch.stats();
    expect(stats.drawCalls).toBe(1);
    expect(stats.domains.length).toBe(1);
    expect(new Set(sprites.map((s) => s.vertexList.domain)).size).toBe(1);
    const random = seededRandom(7);
    for (let n = 0; n < 40; n++) {
      const i = Math.floor(random() * 1000);
      expect(at(scene, (i % 50) * 5 + 2, Math.floor(i / 50) * 5 + 2), `sprite ${i}`).toEqual(COLOURS[i % 4]);
      expect(at(scene, (i % 50) * 5 + 4, Math.floor(i / 50) * 5 + 4), `gap after sprite ${i}`).toEqual(BLACK);
    }
  });

  it('ONE draw call also after every other sprite is deleted and others are added into the holes and past them', () => {
    const { scene, regions, sprites } = atlasScene();
    expect(scene.gl.getExtension('WEBGL_multi_draw')).not.toBeNull(); // one call over the runs; without it, one a run
    for (let i = 0; i < 1000; i += 2) sprites[i]!.delete();
    render(scene);
    expect(scene.batch.stats().drawCalls).toBe(1);
    const random = seededRandom(11);
    const added: Sprite[] = [];
    for (let n = 0; n < 700; n++) added.push(new Sprite(regions[n % 4]!, { batch: scene.batch, x: 250, y: 120 }));
    for (let n = 0; n < 100; n++) added.splice(Math.floor(random() * added.length), 1)[0]!.delete();
    render(scene);
    expect(scene.batch.stats().drawCalls).toBe(1);
    for (let i = 0; i < 1000; i++) {
      const x = (i % 50) * 5 + 2,
        y = Math.floor(i / 50) * 5 + 2;
      expect(at(scene, x, y), `sprite ${i}`).toEqual(i % 2 === 0 ? BLACK : COLOURS[i % 4]);
    }
  });

  it('uploads only what changed, in each of the 4 vertices: move 32 bytes, recolour 16, nothing 0, same-page image swap 32 (64 to another size)', () => {
    const { scene, regions, sprites } = atlasScene();
    render(scene);
    expect(scene.batch.stats().bytesUploaded).toBe(0);
    const sprite = sprites[123]!; // at (115, 10), yellow
    sprite.x = 252;
    sprite.y = 120;
    render(scene);
    expect(scene.batch.stats().bytesUploaded).toBe(32);
    expect(at(scene, 253, 121)).toEqual(YELLOW);
    expect(at(scene, 116, 11)).toEqual(BLACK);
    sprite.color = [0, 0, 0];
    render(scene);
    expect(scene.batch.stats().bytesUploaded).toBe(16);
    expect(at(scene, 253, 121)).toEqual(BLACK);
    sprite.color = [255, 255, 255];
    const before = sprite.vertexList;
    sprite.image = regions[1]!; // the same size: the corners stay, the texture rectangle changes
    render(scene);
    expect(scene.batch.stats().bytesUploaded).toBe(16 + 32);
    expect(sprite.vertexList).toBe(before);
    expect(at(scene, 253, 121)).toEqual(GREEN);
    expect(scene.batch.stats().drawCalls).toBe(1);
    render(scene);
    expect(scene.batch.stats().bytesUploaded).toBe(0);
    // Another size on the same page: the corners too.
    sprite.image = regions[1]!.texture.region(regions[1]!.x, regions[1]!.y, 2, 3);
    render(scene);
    expect(scene.batch.stats().bytesUploaded).toBe(32 + 32);
    expect(at(scene, 253, 122)).toEqual(GREEN);
    expect(at(scene, 254, 121)).toEqual(BLACK);
  });
});

describe('Sprite moves between groups and batches', () => {
  it('an image on another texture moves it to another domain, and it draws', () => {
    const scene = createScene();
    const sprite = new Sprite(quadrantTexture(scene.gl), { batch: scene.batch, x: 10, y: 10, rotation: 0.5, opacity: 200 });
    const old = sprite.vertexList;
    sprite.rotation = 0;
    sprite.opacity = 255;
    sprite.image = new Texture(scene.gl, solid(4, 4, GREEN));
    expect(old.isDeleted).toBe(true);
    expect(sprite.vertexList.domain).not.toBe(old.domain);
    render(scene);
    expect(scene.batch.stats().domains.length).toBe(2);
    expect(at(scene, 10, 10)).toEqual(GREEN);
    expect(at(scene, 13, 13)).toEqual(GREEN);
    expect(at(scene, 14, 14)).toEqual(BLACK);
    expect([sprite.width, sprite.x, sprite.opacity]).toEqual([4, 10, 255]);
  });

  it('sprites on one texture, blend and parent share a SpriteGroup; other textures or blends do not', () => {
    const scene = createScene();
    const texture = quadrantTexture(scene.gl);
    const a = new Sprite(texture, { batch: scene.batch });
    const b = new Sprite(texture.region(0, 0, 4, 4), { batch: scene.batch });
    const c = new Sprite(texture, { batch: scene.batch, blend: 'additive' });
    expect(a.vertexList.domain).toBe(b.vertexList.domain);
    expect(c.vertexList.domain).not.toBe(a.vertexList.domain);
    const group = spriteGroup(texture, 'alpha', null);
    expect(group).toBeInstanceOf(SpriteGroup);
    expect(spriteGroup(texture, 'alpha', null)).toBe(group);
    expect(spriteGroup(texture, 'additive', null)).not.toBe(group);
    expect([group.spriteTexture, group.blend, group.parent, group.order]).toEqual([texture, 'alpha', null, 0]);
    render(scene);
    expect(scene.batch.stats().drawCalls).toBe(2);
    expect(scene.batch.stats().domains.length).toBe(2);
  });

  it('group sets layering by order; changing group moves the sprite and it still draws', () => {
    const scene = createScene();
    const back = new Group(0);
    const front = new Group(1);
    const red = new Sprite(new Texture(scene.gl, solid(8, 8, RED)), { batch: scene.batch, x: 10, y: 10, group: front });
    const blue = new Sprite(new Texture(scene.gl, solid(8, 8, BLUE)), { batch: scene.batch, x: 14, y: 14, group: back });
    render(scene);
    expect(at(scene, 15, 15)).toEqual(RED);
    expect(at(scene, 20, 20)).toEqual(BLUE);
    const old = blue.vertexList;
    blue.group = new Group(2);
    expect(old.isDeleted).toBe(true);
    expect(blue.group).not.toBe(back);
    render(scene);
    expect(at(scene, 15, 15)).toEqual(BLUE);
    expect(at(scene, 11, 11)).toEqual(RED);
    blue.group = null;
    red.group = null;
    render(scene);
    expect(at(scene, 11, 11)).toEqual(RED);
    expect(at(scene, 20, 20)).toEqual(BLUE);
  });

  it('changing batch moves it: the old batch no longer draws it, the new one does', () => {
    const scene = createScene();
    const sprite = new Sprite(quadrantTexture(scene.gl), { batch: scene.batch, x: 5, y: 6 });
    const other = new Batch(scene.gl);
    sprite.batch = other;
    expect(sprite.batch).toBe(other);
    render(scene);
    expect(at(scene, 6, 7)).toEqual(BLACK);
    expect(scene.batch.stats().drawCalls).toBe(0);
    render({ ...scene, batch: other });
    expectQuadrantsAt(scene, 5, 6);
    // After its batch is deleted a sprite refuses writes until it gets a live batch.
    other.delete();
    expect(() => {
      sprite.x = 1;
    }).toThrow(SpriteError);
    sprite.batch = scene.batch;
    sprite.x = 20;
    render(scene);
    expectQuadrantsAt(scene, 20, 6);
  });

  it('delete removes its pixels and frees the slot for the next sprite; later use throws', () => {
    const scene = createScene();
    const texture = quadrantTexture(scene.gl);
    const keep = new Sprite(texture, { batch: scene.batch, x: 2, y: 2 });
    const sprite = new Sprite(texture, { batch: scene.batch, x: 20, y: 20 });
    const { start: slot, domain } = sprite.vertexList;
    render(scene);
    sprite.delete();
    expect(sprite.isDeleted).toBe(true);
    render(scene);
    expect(at(scene, 21, 21)).toEqual(BLACK);
    expectQuadrantsAt(scene, 2, 2);
    const next = new Sprite(texture, { batch: scene.batch, x: 40, y: 40 });
    expect([next.vertexList.start, next.vertexList.domain]).toEqual([slot, domain]);
    expect(keep.vertexList.start).not.toBe(slot);
    for (const use of [
      () => sprite.x,
      () => {
        sprite.x = 1;
      },
      () => sprite.vertexList,
      () => sprite.delete(),
      () => sprite.update({ x: 1 }),
    ]) {
      expect(use).toThrow(SpriteError);
    }
  });

  it('a sprite whose vertex list was deleted refuses writes, so the sprite now in its vertices stays put', () => {
    const scene = createScene();
    const texture = quadrantTexture(scene.gl);
    const sprite = new Sprite(texture, { batch: scene.batch, x: 2, y: 2 });
    sprite.vertexList.delete();
    const next = new Sprite(texture, { batch: scene.batch, x: 40, y: 40 }); // takes the freed slot
    // Its numbers were kept by slot, which is the next sprite's now: reads and moves refuse too.
    const other = new Batch(scene.gl);
    for (const use of [
      () => {
        sprite.x = 20;
      },
      () => sprite.setPosition(20, 20),
      () => {
        sprite.rotation = 1;
      },
      () => {
        sprite.opacity = 9;
      },
      () => sprite.x,
      () => sprite.scaleY,
      () => sprite.width,
      () => {
        sprite.batch = other;
      },
    ]) {
      expect(use).toThrow(/vertex list was deleted directly/);
    }
    render(scene);
    expectQuadrantsAt(scene, 40, 40);
    expect(next.x).toBe(40);
    sprite.delete(); // still possible, and leaves the other sprite alone
    render(scene);
    expectQuadrantsAt(scene, 40, 40);
  });

  it('drawSubset([sprite.vertexList]) draws just that sprite', () => {
    const scene = createScene();
    const texture = quadrantTexture(scene.gl);
    const a = new Sprite(texture, { batch: scene.batch, x: 4, y: 4 });
    new Sprite(texture, { batch: scene.batch, x: 30, y: 30 });
    scene.gl.clearColor(0, 0, 0, 1);
    scene.gl.clear(scene.gl.COLOR_BUFFER_BIT);
    scene.batch.drawSubset([a.vertexList]);
    expect(scene.batch.stats().drawCalls).toBe(1);
    expectQuadrantsAt(scene, 4, 4);
    expect(at(scene, 31, 31)).toEqual(BLACK);
  });
});

describe('Sprite layers made with new Group(n)', () => {
  /** Two equal layers, a red sprite in A over x 0–15 and a green one in B over x 8–23 (8 × 8 each, scaled 2). */
  function layers(scene: Scene): { layerA: Group; layerB: Group; a: Sprite; b: Sprite } {
    const layerA = new Group(0),
      layerB = new Group(0);
    const white = new Texture(scene.gl, solid(8, 8, WHITE));
    const a = new Sprite(white, { batch: scene.batch, x: 0, y: 0, scale: 2, group: layerA, color: [255, 0, 0] });
    const b = new Sprite(white, { batch: scene.batch, x: 8, y: 0, scale: 2, group: layerB, color: [0, 255, 0] });
    expect(a.vertexList.domain).toBe(b.vertexList.domain); // equal layers, one texture: one domain
    return { layerA, layerB, a, b };
  }
  const row = (scene: Scene): number[][] => [4, 12, 20].map((x) => at(scene, x, 4));

  it('raising one of two equal layers lifts its sprites; hiding the other hides only its own', () => {
    const scene = createScene();
    const texture = new Texture(scene.gl, solid(8, 8, WHITE));
    const layerA = new Group(0),
      layerB = new Group(0);
    // Both layers' sprites on one texture: one SpriteGroup value, so one domain while the layers are equal.
    const a = new Sprite(texture, { batch: scene.batch, x: 0, y: 0, scale: 2, group: layerA, color: [255, 0, 0] });
    const b = new Sprite(texture, { batch: scene.batch, x: 8, y: 0, scale: 2, group: layerB, color: [0, 255, 0] });
    expect(a.vertexList.domain).toBe(b.vertexList.domain);
    layerA.order = 1;
    render(scene);
    expect([4, 12, 20].map((x) => at(scene, x, 4))).toEqual([RED, RED, GREEN]);
    expect(scene.batch.stats().moved).toBe(1);
    layerB.visible = false;
    render(scene);
    expect([4, 12, 20].map((x) => at(scene, x, 4))).toEqual([RED, RED, BLACK]);
    layerA.visible = false;
    layerB.visible = true;
    render(scene);
    expect([4, 12, 20].map((x) => at(scene, x, 4))).toEqual([BLACK, GREEN, GREEN]);
  });

  it('a moved sprite keeps every change made before the draw that moved it, and takes later ones', () => {
    const scene = createScene();
    const { layerA, a, b } = layers(scene);
    // Pending at the draw that moves one of them (the batch moves whichever side has fewer lists).
    a.x = 4;
    b.x = 12;
    b.scaleX = 1.5;
    layerA.order = -1;
    render(scene);
    expect(scene.batch.stats().moved).toBe(1);
    expect([2, 6, 10, 14, 22, 26].map((x) => at(scene, x, 4))).toEqual([BLACK, RED, RED, GREEN, GREEN, BLACK]);
    a.x = 0;
    a.rotation = 0;
    b.x = 16;
    render(scene);
    expect(row(scene)).toEqual([RED, RED, GREEN]);
    a.delete();
    render(scene);
    expect(row(scene)).toEqual([BLACK, BLACK, GREEN]);
  });

  it('re-parented layers: a sprite follows its layer under a new parent', () => {
    const scene = createScene();
    const { layerA, layerB } = layers(scene);
    const top = new Group(5),
      hidden = new Group(0);
    hidden.visible = false;
    layerA.parent = top;
    render(scene);
    expect(row(scene)).toEqual([RED, RED, GREEN]);
    layerB.parent = hidden;
    render(scene);
    expect(row(scene)).toEqual([RED, RED, BLACK]);
  });
});

describe('Sprite writes at the next draw', () => {
  /** Sprite's translate as the domain's shadow holds it (what the GPU gets at commit): the same in all four vertices. */
  const shadowTranslate = (sprite: Sprite): number[] => {
    const all = [...sprite.vertexList.get('translate')];
    expect(all).toEqual([0, 1, 2, 3].flatMap(() => all.slice(0, 2)));
    return all.slice(0, 2);
  };

  it('getters show a change at once, the shadow at the next draw, which uploads just the changed attributes', () => {
    const scene = createScene();
    const texture = quadrantTexture(scene.gl);
    const sprites = Array.from({ length: 5 }, (_, i) => new Sprite(texture, { batch: scene.batch, x: i * 10, y: 2 }));
    render(scene);
    sprites.forEach((sprite, i) => {
      sprite.setPosition(i * 10 + 1, 30);
      sprite.x += 1; // a second change of the same attribute
      sprite.rotation = 0;
      sprite.scale = 1;
    });
    expect(sprites[2]!.x).toBe(22);
    expect(shadowTranslate(sprites[2]!)).toEqual([20, 2]);
    render(scene);
    expect(shadowTranslate(sprites[2]!)).toEqual([22, 30]);
    expect(scene.batch.stats().bytesUploaded).toBe(5 * 4 * (8 + 4 + 8)); // translate, rotation and scale of 4 vertices each
    for (let i = 0; i < 5; i++) expectQuadrantsAt(scene, i * 10 + 2, 30);
    render(scene);
    expect(scene.batch.stats().bytesUploaded).toBe(0);
  });

  it('drawSubset writes the changes of the sprites it draws', () => {
    const scene = createScene();
    const sprite = new Sprite(quadrantTexture(scene.gl), { batch: scene.batch, x: 4, y: 4 });
    sprite.setPosition(33, 21);
    scene.gl.clearColor(0, 0, 0, 1);
    scene.gl.clear(scene.gl.COLOR_BUFFER_BIT);
    scene.batch.drawSubset([sprite.vertexList]);
    expectQuadrantsAt(scene, 33, 21);
  });

  it('a changed sprite deleted before the draw uploads nothing', () => {
    const scene = createScene();
    const sprite = new Sprite(quadrantTexture(scene.gl), { batch: scene.batch, x: 2, y: 2 });
    render(scene);
    sprite.setPosition(20, 20);
    sprite.delete();
    render(scene);
    expect(scene.batch.stats().bytesUploaded).toBe(0);
    expect(at(scene, 3, 3)).toEqual(BLACK);
  });

  it('a sprite in the slot of a changed sprite deleted before the draw draws its own values', () => {
    for (const remove of [(s: Sprite) => s.delete(), (s: Sprite) => s.vertexList.delete()]) {
      const scene = createScene();
      const texture = quadrantTexture(scene.gl);
      const sprite = new Sprite(texture, { batch: scene.batch, x: 2, y: 2 });
      render(scene);
      sprite.setPosition(20, 20);
      sprite.opacity = 9;
      remove(sprite);
      const next = new Sprite(texture, { batch: scene.batch, x: 40, y: 40 });
      expect(next.vertexList.start).toBe(0);
      render(scene);
      expectQuadrantsAt(scene, 40, 40);
      expect(shadowTranslate(next)).toEqual([40, 40]);
      expect([...next.vertexList.get('color')]).toEqual(new Array<number>(16).fill(255));
    }
  });

  it('slots freed and marked again many times before a commit are queued once: every change still draws', () => {
    const scene = createScene();
    const texture = quadrantTexture(scene.gl);
    const a = new Sprite(texture, { batch: scene.batch, x: 2, y: 2 });
    const b = new Sprite(texture, { batch: scene.batch, x: 2, y: 40 });
    render(scene);
    const capacity = a.vertexList.domain.capacity;
    // Each of these takes the same free slot, marks it and leaves it: more marks than the domain has slots.
    for (let i = 0; i < capacity + 5; i++) {
      const passing = new Sprite(texture, { batch: scene.batch });
      passing.x = i;
      passing.delete();
    }
    a.x = 20;
    b.x = 30;
    render(scene);
    expectQuadrantsAt(scene, 20, 2);
    expectQuadrantsAt(scene, 30, 40);
    b.x = 40; // b is queued again after the commit
    render(scene);
    expectQuadrantsAt(scene, 40, 40);
    expect(scene.batch.stats().bytesUploaded).toBe(32);
  });

  it('a changed sprite moved into the same domain (equal group keys) as it grows keeps every change', () => {
    const scene = createScene();
    const texture = quadrantTexture(scene.gl);
    const [first, second] = [new Group(0), new Group(0)];
    const sprite = new Sprite(texture, { batch: scene.batch, x: 2, y: 2, group: first });
    const domain = sprite.vertexList.domain;
    const capacity = domain.capacity;
    while (domain.vertices.allocator.getAllocatedSize() < capacity)
      new Sprite(texture, { batch: scene.batch, x: -20, y: -20, group: first });
    render(scene);
    sprite.x = 20;
    sprite.group = second; // same key: the same domain, which is full, so it grows
    sprite.y = 30;
    expect(sprite.vertexList.domain).toBe(domain);
    expect(domain.capacity).toBeGreaterThan(capacity);
    render(scene);
    expectQuadrantsAt(scene, 20, 30);
    expect([sprite.x, sprite.y]).toEqual([20, 30]);
  });

  it('changes in a hidden group wait and draw when it is shown', () => {
    const scene = createScene();
    const layer = new Group(0);
    const sprite = new Sprite(quadrantTexture(scene.gl), { batch: scene.batch, x: 2, y: 2, group: layer });
    render(scene);
    layer.visible = false;
    sprite.setPosition(20, 30);
    render(scene);
    expect(at(scene, 21, 31)).toEqual(BLACK);
    expect(shadowTranslate(sprite)).toEqual([2, 2]);
    layer.visible = true;
    render(scene);
    expectQuadrantsAt(scene, 20, 30);
  });

  it('a changed sprite that moves before the draw draws its latest values from its new domain', () => {
    const scene = createScene();
    const texture = quadrantTexture(scene.gl);
    const sprite = new Sprite(texture, { batch: scene.batch, x: 2, y: 2 });
    const old = sprite.vertexList;
    render(scene);
    sprite.setPosition(20, 20);
    sprite.blend = 'none'; // another group: a new instance in another domain, holding (20, 20)
    sprite.y = 30;
    expect(sprite.vertexList.domain).not.toBe(old.domain);
    render(scene);
    expectQuadrantsAt(scene, 20, 30);
    expect(shadowTranslate(sprite)).toEqual([20, 30]);
    expect(scene.batch.stats().drawCalls).toBe(1);
  });

  it("a sprite moved to another batch is written by that batch's draw, not by the old one's", () => {
    const scene = createScene();
    const texture = quadrantTexture(scene.gl);
    const sprite = new Sprite(texture, { batch: scene.batch, x: 2, y: 2 });
    sprite.x = 5; // queued in the first batch's domain
    const other = new Batch(scene.gl);
    sprite.batch = other;
    sprite.x = 7; // queued in the other batch's domain
    render(scene); // draws the first batch only: the sprite's new vertices wait for their own batch's draw
    expect(sprite.vertexList.get('translate')[0]).not.toBe(7);
    scene.gl.clearColor(0, 0, 0, 1);
    scene.gl.clear(scene.gl.COLOR_BUFFER_BIT);
    other.draw();
    expect(shadowTranslate(sprite)).toEqual([7, 2]);
    expectQuadrantsAt(scene, 7, 2);
  });
});

describe('Sprite bad input', () => {
  const setters: [string, (s: Sprite, other: { texture: Texture; foreignBatch: Batch }) => void][] = [
    [
      'x',
      (s) => {
        s.x = NaN;
      },
    ],
    [
      'y',
      (s) => {
        s.y = Infinity;
      },
    ],
    ['x', (s) => s.setPosition('3' as unknown as number, 4)],
    ['y', (s) => s.setPosition(3, NaN)],
    [
      'rotation',
      (s) => {
        s.rotation = -Infinity;
      },
    ],
    [
      'scale',
      (s) => {
        s.scale = NaN;
      },
    ],
    [
      'scaleX',
      (s) => {
        s.scaleX = null as unknown as number;
      },
    ],
    [
      'scaleY',
      (s) => {
        s.scaleY = Infinity;
      },
    ],
    [
      'anchorX',
      (s) => {
        s.anchorX = NaN;
      },
    ],
    [
      'anchorY',
      (s) => {
        s.anchorY = undefined as unknown as number;
      },
    ],
    [
      'color',
      (s) => {
        s.color = [255, 0] as unknown as [number, number, number];
      },
    ],
    [
      'color',
      (s) => {
        s.color = [255, 0, 256];
      },
    ],
    [
      'color',
      (s) => {
        s.color = [255, 0, 1.5, 3];
      },
    ],
    [
      'opacity',
      (s) => {
        s.opacity = -1;
      },
    ],
    [
      'opacity',
      (s) => {
        s.opacity = 12.5;
      },
    ],
    [
      'visible',
      (s) => {
        s.visible = 1 as unknown as boolean;
      },
    ],
    [
      'blend',
      (s) => {
        s.blend = 'multiply' as 'alpha';
      },
    ],
    [
      'group',
      (s) => {
        s.group = {} as Group;
      },
    ],
    [
      'batch',
      (s) => {
        s.batch = {} as Batch;
      },
    ],
    [
      'batch',
      (s, { foreignBatch }) => {
        s.batch = foreignBatch;
      },
    ],
    [
      'image',
      (s) => {
        s.image = {} as Texture;
      },
    ],
    [
      'image',
      (s, { texture }) => {
        texture.delete();
        s.image = texture;
      },
    ],
    ['values', (s) => s.update(null as unknown as object)],
    // update checks every value before writing any: x is fine, scaleY is not.
    ['scaleY', (s) => s.update({ x: 50, scaleY: NaN })],
  ];

  it.each(setters.map(([argument, act], i) => [i, argument, act] as const))(
    'case %i: %s → SpriteError, sprite and pixels unchanged',
    (_i, argument, act) => {
      const scene = createScene();
      const texture = quadrantTexture(scene.gl);
      const sprite = new Sprite(texture, { batch: scene.batch, x: 10, y: 12, color: [255, 255, 255], opacity: 255 });
      const foreignBatch = new Batch(createContext(8, 8));
      render(scene);
      const before = allPixels(scene);
      const state = () => [
        sprite.x,
        sprite.y,
        sprite.rotation,
        sprite.scaleX,
        sprite.scaleY,
        sprite.anchorX,
        sprite.anchorY,
        sprite.color,
        sprite.opacity,
        sprite.visible,
        sprite.blend,
        sprite.group,
        sprite.batch,
        sprite.image,
        sprite.vertexList,
      ];
      const stateBefore = state();
      let error: unknown;
      try {
        act(sprite, { texture: quadrantTexture(scene.gl), foreignBatch });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(SpriteError);
      expect((error as SpriteError).argument).toBe(argument);
      expect(state()).toEqual(stateBefore);
      render(scene);
      expect(scene.batch.stats().bytesUploaded).toBe(0);
      expect(allPixels(scene)).toEqual(before);
    },
  );

  it('the constructor rejects bad options, naming the argument, and adds nothing', () => {
    const scene = createScene();
    const texture = quadrantTexture(scene.gl);
    const batch = scene.batch;
    const cases: [string, () => unknown][] = [
      ['options', () => new Sprite(texture, null as unknown as { batch: Batch })],
      ['batch', () => new Sprite(texture, {} as { batch: Batch })],
      ['image', () => new Sprite('picture' as unknown as Texture, { batch })],
      ['image', () => new Sprite(quadrantTexture(createContext(8, 8)), { batch })],
      ['x', () => new Sprite(texture, { batch, x: NaN })],
      ['scale', () => new Sprite(texture, { batch, scale: Infinity })],
      ['anchorY', () => new Sprite(texture, { batch, anchorY: '0' as unknown as number })],
      ['color', () => new Sprite(texture, { batch, color: [1, 2, 3, 4, 5] as unknown as [number, number, number] })],
      ['opacity', () => new Sprite(texture, { batch, opacity: 300 })],
      ['visible', () => new Sprite(texture, { batch, visible: 'yes' as unknown as boolean })],
      ['blend', () => new Sprite(texture, { batch, blend: 'screen' as 'alpha' })],
      ['group', () => new Sprite(texture, { batch, group: 3 as unknown as Group })],
    ];
    for (const [argument, make] of cases) {
      let error: unknown;
      try {
        make();
      } catch (caught) {
        error = caught;
      }
      expect(error, argument).toBeInstanceOf(SpriteError);
      expect((error as SpriteError).argument).toBe(argument);
      expect((error as Error).message).toContain(argument);
    }
    expect(batch.stats().domains.length).toBe(0);
  });
});

describe('Sprite and context loss', () => {
  it('after loss and restore, with no app code, the frame is the same, with changes made while lost', async () => {
    const scene = createScene();
    const texture = quadrantTexture(scene.gl);
    const atlas = new TextureAtlas(scene.gl, { pageWidth: 32, pageHeight: 32 });
    const green = atlas.add(solid(4, 4, GREEN));
    const sprite = new Sprite(texture, { batch: scene.batch, x: 10, y: 12, rotation: Math.PI / 2, anchorX: 0.5, anchorY: 0.5 });
    new Sprite(green, { batch: scene.batch, x: 40, y: 40, scale: 2, color: [255, 128, 255], opacity: 200 });
    render(scene);
    const before = allPixels(scene);
    expect(at(scene, 11, 9)).toEqual(RED);
    const canvas = canvasOf(scene.gl);
    const ext = scene.gl.getExtension('WEBGL_lose_context')!;
    const lost = new Promise((resolve) => canvas.addEventListener('webglcontextlost', resolve, { once: true }));
    ext.loseContext();
    await lost;
    // restoreContext only works once the lost event's dispatch has finished (a macrotask later).
    await new Promise((resolve) => setTimeout(resolve, 0));
    render(scene); // a no-op while lost
    sprite.x = 30; // kept (numbers, queue) and drawn after the restore
    const restored = new Promise((resolve) => canvas.addEventListener('webglcontextrestored', resolve, { once: true }));
    ext.restoreContext();
    await restored;
    scene.gl.viewport(0, 0, scene.width, scene.height);
    render(scene);
    expectNoGLError(scene.gl);
    expect(at(scene, 31, 9)).toEqual(RED);
    expect(at(scene, 11, 9)).toEqual(BLACK);
    sprite.x = 10;
    render(scene);
    expect(allPixels(scene)).toEqual(before);
  });

  it('100 losses and restores of a scene of sprites, animated sprites, atlas pages and shapes: each frame after equals the one before, byte for byte', async () => {
    const scene = createScene(96, 64);
    const texture = quadrantTexture(scene.gl);
    const atlas = new TextureAtlas(scene.gl, { pageWidth: 12, pageHeight: 12, padding: 1 });
    // Three regions of 6 × 6 (8 × 8 padded) on 12 × 12 pages: one a page.
    const regions = [GREEN, BLUE, YELLOW].map((colour) => atlas.add(solid(6, 6, colour)));
    expect(atlas.pages.length).toBe(3);
    const sprites = regions.map((region, i) => new Sprite(region, { batch: scene.batch, x: 4 + i * 10, y: 40, scale: 1.5 }));
    new Sprite(texture, { batch: scene.batch, x: 50, y: 8, rotation: Math.PI / 2, anchorX: 0.5, anchorY: 0.5 });
    new Rectangle(60, 30, 12, 8, { batch: scene.batch, color: [255, 0, 255] });
    new Circle(80, 16, 6, { batch: scene.batch, color: [0, 255, 255], segments: 12 });
    new Star(80, 48, 8, 4, 5, { batch: scene.batch, color: [255, 128, 0] });
    new Line(2, 2, 40, 30, { batch: scene.batch, thickness: 2, color: [255, 255, 255] });
    // Animated sprites over the three pages' frames: a tick a cycle changes what they show.
    const clock = new Clock();
    const blink = Animation.fromImages(regions, 1 / 60);
    for (let i = 0; i < 3; i++) new AnimatedSprite(blink, { batch: scene.batch, clock, x: 70 + i * 8, y: 56 }).frameIndex = i;
    const canvas = canvasOf(scene.gl);
    const ext = scene.gl.getExtension('WEBGL_lose_context')!;
    for (let cycle = 0; cycle < 100; cycle++) {
      sprites[cycle % 3]!.rotation = cycle * 0.1; // every cycle draws a frame of its own
      clock.tick(1 / 60);
      render(scene);
      const before = allPixels(scene);
      const lost = new Promise((resolve) => canvas.addEventListener('webglcontextlost', resolve, { once: true }));
      ext.loseContext();
      await lost;
      await new Promise((resolve) => setTimeout(resolve, 0)); // restoreContext works once the lost dispatch is over
      const restored = new Promise((resolve) => canvas.addEventListener('webglcontextrestored', resolve, { once: true }));
      ext.restoreContext();
      await restored;
      render(scene);
      const after = allPixels(scene);
      expect(after.length).toBe(before.length);
      // One comparison a cycle, with the cycle in the message: toEqual over 24 K bytes is slow to fail.
      const differ = after.findIndex((byte, i) => byte !== before[i]);
      expect(differ, `cycle ${cycle}: first differing byte`).toBe(-1);
      expectNoGLError(scene.gl);
    }
  });
});
