// Sprite fuzz (model-based): random steps over Sprites and AnimatedSprites in one Batch: made on
// atlas regions of two pages, a trimmed sheet frame with a pivot, a rotated one and a whole
// texture; deleted; every property set (valid, or bad and refused); images swapped within and
// across pages; groups changed, reordered and hidden, equal groups included; the clock ticked. After every step the
// batch draws and the GPU vertex bytes of the touched sprite, and every 20 steps of every sprite,
// are read back (getBufferSubData) and compared with the bytes the model says its properties give:
// corners (anchor, trim, visibility), translate, rotation, scale, texture rectangle, colour and
// opacity, and its six indices. gl.getError() stays NO_ERROR throughout.
//
// Labels of a block font join them (their page also holds a sprite image, so labels and sprites
// share a domain): made, deleted, their text, position, rotation, scale, colour, opacity,
// visibility, anchors, alignment and wrap width changed (or refused); each label's GPU bytes are
// checked against what it says it is: every vertex's translate, rotation, scale and colour, each
// quad the size and texture rectangle of its glyph in text order (or all 0 while hidden), and
// its indices.
//
// Some groups are Cameras (one nested under a plain group), moved, zoomed and turned at random:
// a camera changes the view, never a sprite's bytes, and must not move sprites between domains.
//
// Two seeds of 1,500 steps run in `npm test`; a failure names its seed and step, and runFuzz(seed,
// steps) replays it.
import { Group, type IndexedVertexList } from '@webglet/graphics';
import { expectNoGLError, readBuffer, seededRandom } from '../../graphics/test/gl-test-helpers.ts';
import { describe, expect, it } from 'vitest';
import { solid } from './sprite-scene.ts';
import { BLOCK_FONT_TEXT, blockPage } from './text-fonts.ts';
import {
  AnimatedSprite,
  Animation,
  Batch,
  BitmapFont,
  Camera,
  Label,
  LabelError,
  parseBMFont,
  Clock,
  Sprite,
  SpriteError,
  Texture,
  TextureAtlas,
  Window,
  type SpriteImage,
  type TextureRegion,
} from '../src/index.ts';

/** The bytes a sprite's four vertices must hold, attribute by attribute, from what the sprite says it is. */
function expectedBytes(sprite: Sprite): Record<string, Uint8Array> {
  const region: TextureRegion = sprite.image instanceof Texture ? sprite.image.fullRegion : sprite.image;
  const shown = sprite.visible ? 1 : 0;
  // A rotated region is stored turned 90° clockwise: upright it is height × width.
  const width = region.rotated ? region.height : region.width,
    height = region.rotated ? region.width : region.height;
  const left = (region.trimX - sprite.anchorX * region.sourceWidth) * shown;
  const top = (region.trimY - sprite.anchorY * region.sourceHeight) * shown;
  const right = left + width * shown,
    bottom = top + height * shown;
  const { u0, v0, u1, v1 } = region;
  const floats = (values: number[]): Uint8Array => new Uint8Array(new Float32Array(values).buffer);
  const four = (values: number[]): number[] => [...values, ...values, ...values, ...values];
  const [r, g, b] = sprite.color;
  return {
    position: floats([left, top, right, top, left, bottom, right, bottom]),
    translate: floats(four([sprite.x, sprite.y])),
    rotation: floats(four([sprite.rotation])),
    scale: floats(four([sprite.scaleX, sprite.scaleY])),
    tex_coords: floats(region.rotated ? [u1, v0, u1, v1, u0, v0, u0, v1] : [u0, v0, u1, v0, u0, v1, u1, v1]),
    color: new Uint8Array(four([r!, g!, b!, sprite.opacity])),
  };
}

/** What a sprite's domain holds on the GPU, read once per check and domain. */
type GpuCache = Map<unknown, Map<string, Uint8Array>>;

function gpuBytes(
  gl: WebGL2RenderingContext,
  list: IndexedVertexList,
  cache: GpuCache,
  vertices = 4,
): { attribute: (name: string) => Uint8Array; indices: Uint32Array } {
  const domain = list.domain;
  let attributes = cache.get(domain);
  if (!attributes) {
    attributes = new Map();
    for (const [name, attribute] of domain.vertices.attributes) {
      attributes.set(name, readBuffer(gl, attribute.buffer.buffer, 0, domain.vertices.capacity * attribute.byteStride));
    }
    cache.set(domain, attributes);
  }
  const start = list.start;
  const attribute = (name: string): Uint8Array => {
    const { byteStride, components, format } = domain.vertices.attributes.get(name)!;
    const size = components * format.bytesPerComponent;
    const all = attributes.get(name)!;
    const out = new Uint8Array(vertices * size);
    for (let v = 0; v < vertices; v++) out.set(all.subarray((start + v) * byteStride, (start + v) * byteStride + size), v * size);
    return out;
  };
  const indexCount = (vertices / 4) * 6;
  const indexBytes = readBuffer(gl, domain.indexBuffer.buffer, list.indexStart * 4, (list.indexStart + indexCount) * 4);
  return { attribute, indices: new Uint32Array(indexBytes.buffer, indexBytes.byteOffset, indexCount) };
}

function runFuzz(seed: number, steps: number): { ops: Record<string, number>; peak: number } {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 64;
  const window = new Window(canvas, { pixelRatio: 1 });
  const gl = window.gl;
  const batch = new Batch(gl);
  const clock = new Clock();
  const atlas = new TextureAtlas(gl, { pageWidth: 16, pageHeight: 16, padding: 1 });
  const regions: TextureRegion[] = [];
  for (let i = 0; i < 6; i++) regions.push(atlas.add(solid(4 + (i % 3), 3 + (i % 2), [40 * i, 255 - 30 * i, 128, 255])));
  const sheet = new Texture(gl, solid(12, 12, [200, 100, 50, 255]));
  const trimmed = sheet.region(2, 3, 5, 4, { trimX: 1, trimY: 2, sourceWidth: 8, sourceHeight: 8, pivotX: 0.5, pivotY: 1 });
  const turned = sheet.region(8, 0, 3, 5, { rotated: true, trimX: 1, sourceWidth: 7, sourceHeight: 4 });
  const blockTexture = new Texture(gl, blockPage(), { filter: 'nearest' });
  const font = new BitmapFont(parseBMFont(BLOCK_FONT_TEXT), [blockTexture]);
  const images: SpriteImage[] = [...regions, trimmed, turned, sheet, blockTexture.region(0, 0, 4, 6)];
  const onePage = regions.filter((region) => region.texture === regions[0]!.texture);
  const animations = [Animation.fromImages(onePage, 1 / 30), Animation.fromImages([regions[0]!, regions[5]!, trimmed], 1 / 20, false)];
  const parent = new Group(1);
  const cameras = [new Camera(window), new Camera(window, { order: 1, parent })];
  const groups: (Group | null)[] = [null, new Group(0), new Group(0), new Group(2), new Group(0, parent), ...cameras];
  const sprites: Sprite[] = [];
  const ops: Record<string, number> = {};
  let peak = 0;
  const log: string[] = [];
  const number = (): number => Math.round((random() * 120 - 30) * 8) / 8 + (random() < 0.3 ? random() : 0);
  const byte = (): number => Math.floor(random() * 256);

  const check = (sprite: Sprite, cache: GpuCache, where: string): void => {
    // A hidden group's domains are not drawn, so not committed: their bytes reach the GPU when shown.
    for (let group = sprite.group; group !== null; group = group.parent) if (!group.visible) return;
    const gpu = gpuBytes(gl, sprite.vertexList, cache);
    for (const [name, bytes] of Object.entries(expectedBytes(sprite))) {
      const got = gpu.attribute(name);
      if (got.some((value, i) => value !== bytes[i])) expect([...got], `${where}: ${name}`).toEqual([...bytes]);
    }
    const s = sprite.vertexList.start;
    expect([...gpu.indices], `${where}: indices`).toEqual([0, 1, 2, 2, 1, 3].map((k) => s + k));
  };

  const labels: Label[] = [];
  const text = (): string => Array.from({ length: Math.floor(random() * 12) }, () => pick([...'AB ig?\n'])).join('');
  const checkLabel = (label: Label, cache: GpuCache, where: string): void => {
    for (let group = label.group; group !== null; group = group.parent) if (!group.visible) return;
    const glyphs = [...label.text]
      .filter((c) => c !== '\n')
      .map((c) => font.glyph(c.codePointAt(0)!)!.region)
      .filter((r) => r !== null);
    const lists = label.vertexLists;
    expect(
      lists.reduce((sum, list) => sum + list.count, 0),
      `${where}: vertices`,
    ).toBe(glyphs.length * 4);
    const list = lists[0];
    if (list === undefined) return;
    const gpu = gpuBytes(gl, list, cache, list.count);
    const floats = (name: string): Float32Array => {
      const bytes = gpu.attribute(name);
      return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
    };
    const [position, texCoords, translate, rotation, scale] = ['position', 'tex_coords', 'translate', 'rotation', 'scale'].map(floats);
    const color = gpu.attribute('color');
    const [r, g, b] = label.color;
    const f = Math.fround;
    for (let v = 0; v < list.count; v++) {
      const ok =
        translate![v * 2] === f(label.x) &&
        translate![v * 2 + 1] === f(label.y) &&
        rotation![v] === f(label.rotation) &&
        scale![v * 2] === f(label.scale) &&
        scale![v * 2 + 1] === f(label.scale) &&
        [...color.subarray(v * 4, v * 4 + 4)].join() === [r, g, b, label.opacity].join();
      if (!ok) expect.fail(`${where}: vertex ${v} of a label: translate, rotation, scale or colour differ from the label's`);
    }
    glyphs.forEach((region, q) => {
      const p = position!.subarray(q * 8, q * 8 + 8);
      const size = label.visible ? [region!.width, region!.height] : [0, 0];
      const got = [p[2]! - p[0]!, p[5]! - p[1]!, p[0] === p[4] && p[1] === p[3] && p[2] === p[6] && p[5] === p[7]];
      if (got.join() !== [...size, true].join() || (!label.visible && p.some((value) => value !== 0))) {
        expect(got, `${where}: quad ${q} of ${JSON.stringify(label.text)}`).toEqual([...size, true]);
      }
      const { u0, v0, u1, v1 } = region!;
      expect([...texCoords!.subarray(q * 8, q * 8 + 8)], `${where}: quad ${q} tex_coords`).toEqual([u0, v0, u1, v0, u0, v1, u1, v1].map(f));
    });
    const s = list.start;
    const expected = glyphs.flatMap((_, q) => [0, 1, 2, 2, 1, 3].map((k) => s + 4 * q + k));
    expect([...gpu.indices], `${where}: label indices`).toEqual(expected);
  };
  const labelStep = (step: number, where: string): void => {
    const roll = random();
    let touched: Label | null = null;
    let op: string;
    if (labels.length === 0 || roll < 0.15) {
      op = 'label-add';
      const options = { batch, text: text(), x: number(), y: number(), group: pick(groups), anchorY: pick(['top', 'baseline'] as const) };
      touched = new Label(font, { ...options, missingGlyph: 'skip' });
      labels.push(touched);
    } else if (roll < 0.25) {
      op = 'label-delete';
      labels.splice(Math.floor(random() * labels.length), 1)[0]!.delete();
    } else if (roll < 0.32) {
      op = 'label-bad';
      touched = pick(labels);
      const label = touched;
      const bad = pick([
        () => (label.x = NaN),
        () => (label.width = -1),
        () => {
          label.missingGlyph = 'error';
          label.text = 'A\u263a';
        },
        () => (label.anchorY = 'middle' as never),
        () => (label.opacity = 256),
      ]);
      expect(bad, where).toThrow(LabelError);
    } else {
      touched = pick(labels);
      const label = touched;
      const change = pick([
        () => (label.text = text()),
        () => (label.text = text()),
        () => label.setPosition(number(), number()),
        () => (label.rotation = random() * 6),
        () => (label.scale = random() * 3 - 1),
        () => (label.color = [byte(), byte(), byte()]),
        () => (label.opacity = byte()),
        () => (label.visible = !label.visible),
        () => (label.anchorX = pick(['left', 'center', 'right'] as const)),
        () => (label.align = pick(['left', 'center', 'right'] as const)),
        () => (label.width = random() < 0.3 ? null : random() * 30),
        () => (label.missingGlyph = pick(['skip', '?'])),
      ]);
      op = `label-set ${change.toString().replace(/\s+/g, ' ').slice(6, 50)}`;
      change();
    }
    log.push(`${step} ${op} on label #${touched ? labels.indexOf(touched) : -1}`);
    ops[op.split(' ')[0]!] = (ops[op.split(' ')[0]!] ?? 0) + 1;
    gl.clear(gl.COLOR_BUFFER_BIT);
    batch.draw();
    expectNoGLError(gl);
    const cache: GpuCache = new Map();
    if (touched && !touched.isDeleted) checkLabel(touched, cache, `${where}; now ${op}`);
    if (step % 20 === 19) for (const label of labels) checkLabel(label, cache, where);
  };

  for (let step = 0; step < steps; step++) {
    const where = `seed ${seed}, step ${step} (ops: ${log.slice(-12).join('; ')})`;
    if (random() < 0.15) {
      labelStep(step, where);
      continue;
    }
    const live = sprites.length > 0;
    const roll = random();
    let touched: Sprite | null = null;
    let op: string;
    if (!live || roll < 0.16) {
      op = 'add';
      const options = { batch, x: number(), y: number(), rotation: random() * 6, scale: 0.5 + random() * 2, group: pick(groups) };
      touched =
        random() < 0.25
          ? new AnimatedSprite(pick(animations), { ...options, clock, speed: random() * 2 })
          : new Sprite(pick(images), options);
      sprites.push(touched);
    } else if (roll < 0.26) {
      op = 'delete';
      sprites.splice(Math.floor(random() * sprites.length), 1)[0]!.delete();
    } else if (roll < 0.31) {
      op = 'tick';
      clock.tick(random() * 0.1);
    } else if (roll < 0.36) {
      op = 'groupChange';
      const group = pick(groups.filter((g): g is Group => g !== null));
      const roll = random();
      if (group instanceof Camera && roll < 0.5) {
        op = 'cameraMove';
        [group.x, group.y, group.zoom, group.rotation] = [number(), number(), 0.25 + random() * 3, random() * 6];
      } else if (roll < 0.75) group.order = Math.floor(random() * 3);
      else group.visible = !group.visible;
    } else if (roll < 0.42) {
      op = 'bad';
      touched = pick(sprites);
      const bad = pick([
        () => (touched!.x = NaN),
        () => (touched!.rotation = Infinity),
        () => (touched!.scale = Number('x')),
        () => (touched!.opacity = 300),
        () => (touched!.color = [1, 2] as never),
        () => (touched!.anchorX = Number.NEGATIVE_INFINITY),
        () => touched!.setPosition(1, NaN),
        () => (touched!.image = 'no' as never),
      ]);
      expect(bad, where).toThrow(SpriteError);
    } else {
      touched = pick(sprites);
      const sprite = touched;
      const change = pick([
        () => (sprite.x = number()),
        () => (sprite.y = number()),
        () => sprite.setPosition(number(), number()),
        () => (sprite.rotation = random() * 12 - 6),
        () => (sprite.scale = random() * 3 - 1),
        () => (sprite.scaleX = random() * 3),
        () => (sprite.scaleY = -random() * 2),
        () => (sprite.anchorX = random()),
        () => (sprite.anchorY = random() * 2 - 0.5),
        () => (sprite.color = [byte(), byte(), byte()]),
        () => (sprite.color = [byte(), byte(), byte(), byte()]),
        () => (sprite.opacity = byte()),
        () => (sprite.visible = !sprite.visible),
        () => (sprite.image = pick(images)),
        () => (sprite.group = pick(groups)),
        () => sprite.update({ x: number(), rotation: random(), scaleY: random() * 2 }),
      ]);
      op = `set ${change.toString().replace(/\s+/g, ' ').slice(6, 60)}`;
      change();
    }
    log.push(`${step} ${op} on #${touched ? sprites.indexOf(touched) : -1}`);
    ops[op.split(' ')[0]!] = (ops[op.split(' ')[0]!] ?? 0) + 1;
    peak = Math.max(peak, sprites.length);
    gl.clear(gl.COLOR_BUFFER_BIT);
    batch.draw();
    expectNoGLError(gl);
    const cache: GpuCache = new Map();
    const here = `${where}; now ${op} on #${touched ? sprites.indexOf(touched) : -1}; groups ${groups.map((g) => (g ? `${g.order}${g.visible ? '' : 'h'}` : '-')).join(',')}; touched group ${touched && !touched.isDeleted ? groups.indexOf(touched.group) : -1} start ${touched && !touched.isDeleted ? touched.vertexList.start : -1}`;
    if (touched && !touched.isDeleted) check(touched, cache, here);
    if (step % 20 === 19) for (const sprite of sprites) check(sprite, cache, where);
  }
  for (const sprite of sprites) sprite.delete();
  for (const label of labels) label.delete();
  batch.draw();
  expect(batch.stats().drawCalls).toBe(0);
  expectNoGLError(gl);
  window.delete();
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return { ops, peak };
}

describe('Sprite fuzz (model-based: GPU bytes against what each sprite says it is)', () => {
  const steps = 1500;
  for (const seed of [1, 0xbeef]) {
    it(`seed ${seed}: ${steps} random steps match`, () => {
      const started = performance.now();
      const { ops, peak } = runFuzz(seed, steps);
      console.log(
        `sprite fuzz seed ${seed}: ${steps} steps in ${((performance.now() - started) / 1000).toFixed(1)} s, up to ${peak} sprites; ops ${JSON.stringify(ops)}`,
      );
    });
  }
});
