#!/usr/bin/env node
// Draws the gallery's image assets, pixel by pixel, into examples/public/assets/: single images for
// the loader page (gem, heart, tree, rock, flower), a coin strip for ImageGrid, and a trimmed hero
// sheet with its Aseprite-style JSON (durations and tags) for the animation page; and a pixel font
// for the text page, one page PNG with its BMFont description in the text, XML and JSON forms. The files are
// committed; run `node scripts/make-assets.mjs` after changing a drawing here. The same code gives
// the same bytes on every machine, so the gallery's screenshots do not depend on an image editor.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodePng } from './png.mjs';

const out = fileURLToPath(new URL('../examples/public/assets/', import.meta.url));

/** A width × height RGBA image, transparent, with a pixel setter. */
function canvas(width, height) {
  const pixels = new Uint8Array(width * height * 4);
  const set = (x, y, rgb, alpha = 255) => {
    if (x < 0 || y < 0 || x >= width || y >= height) return;
    pixels.set([...rgb, alpha], (y * width + x) * 4);
  };
  const fill = (inside, rgb) => {
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (inside(x + 0.5, y + 0.5)) set(x, y, rgb);
  };
  return { width, height, pixels, set, fill };
}

const write = (name, image) => writeFileSync(join(out, name), encodePng(image.width, image.height, image.pixels));

/** The loader page's single images, 16 × 16. */
function singles() {
  const gem = canvas(16, 16);
  gem.fill((x, y) => Math.abs(x - 8) + Math.abs(y - 8) * 0.8 < 7, [40, 200, 230]);
  gem.fill((x, y) => Math.abs(x - 6) + Math.abs(y - 6) < 2.5, [200, 250, 255]);
  const heart = canvas(16, 16);
  heart.fill(
    (x, y) => Math.hypot(x - 5, y - 6) < 3.6 || Math.hypot(x - 11, y - 6) < 3.6 || (y > 6 && Math.abs(x - 8) < 14.5 - y),
    [230, 40, 70],
  );
  const tree = canvas(16, 16);
  tree.fill((x, y) => x > 6.5 && x < 9.5 && y > 10, [120, 80, 40]);
  tree.fill((x, y) => Math.hypot(x - 8, y - 6.5) < 5.5, [50, 170, 70]);
  const rock = canvas(16, 16);
  rock.fill((x, y) => ((x - 8) / 7) ** 2 + ((y - 10) / 5) ** 2 < 1, [130, 130, 140]);
  rock.fill((x, y) => ((x - 6) / 3) ** 2 + ((y - 8) / 1.5) ** 2 < 1, [180, 180, 190]);
  const flower = canvas(16, 16);
  flower.fill((x, y) => x > 7 && x < 9 && y > 8, [60, 160, 60]);
  for (let k = 0; k < 5; k++) {
    const angle = (k * 2 * Math.PI) / 5;
    flower.fill((x, y) => Math.hypot(x - 8 - 3 * Math.cos(angle), y - 6 - 3 * Math.sin(angle)) < 2.2, [250, 120, 200]);
  }
  flower.fill((x, y) => Math.hypot(x - 8, y - 6) < 1.8, [255, 220, 60]);
  for (const [name, image] of Object.entries({ gem, heart, tree, rock, flower })) write(`${name}.png`, image);
}

/** A strip of 6 coin frames of 12 × 12, turning: cut with ImageGrid(image, 1, 6). */
function coins() {
  const strip = canvas(72, 12);
  const halfWidths = [5.5, 4.5, 3, 1, 3, 4.5];
  for (const [i, half] of halfWidths.entries()) {
    const cx = i * 12 + 6;
    strip.fill((x, y) => Math.abs(x - cx) < 6 && ((x - cx) / half) ** 2 + ((y - 6) / 5.5) ** 2 < 1, [200, 140, 20]);
    strip.fill((x, y) => Math.abs(x - cx) < 6 && ((x - cx) / Math.max(half - 1, 0.5)) ** 2 + ((y - 6) / 4.5) ** 2 < 1, [255, 210, 50]);
  }
  write('coins.png', strip);
}

/** One 16 × 16 hero frame: `bob` moves head and body down, `step` spreads the legs (−2 … 2). */
function heroFrame(bob, step) {
  const frame = canvas(16, 16);
  frame.fill((x, y) => Math.hypot(x - 8, y - 4 - bob) < 3.2, [255, 204, 153]);
  frame.set(7, 4 + bob, [30, 30, 40]);
  frame.set(9, 4 + bob, [30, 30, 40]);
  frame.fill((x, y) => x > 5 && x < 11 && y > 7 + bob && y < 12, [60, 110, 220]);
  frame.fill((x, y) => y > 12 - 0.5 && y < 16 && Math.abs(x - (6.5 - step / 2)) < 1, [70, 50, 40]);
  frame.fill((x, y) => y > 12 - 0.5 && y < 16 && Math.abs(x - (9.5 + step / 2)) < 1, [70, 50, 40]);
  return frame;
}

/** The smallest box holding every opaque pixel of `image`. */
function bounds(image) {
  let left = image.width,
    top = image.height,
    right = -1,
    bottom = -1;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      if (image.pixels[(y * image.width + x) * 4 + 3] === 0) continue;
      left = Math.min(left, x);
      right = Math.max(right, x);
      top = Math.min(top, y);
      bottom = Math.max(bottom, y);
    }
  }
  return { x: left, y: top, w: right - left + 1, h: bottom - top + 1 };
}

/** The hero's frames, trimmed and packed in one row with 1 px between them, and Aseprite's JSON. */
function hero() {
  const frames = [
    { bob: 0, step: 0, duration: 400 },
    { bob: 1, step: 0, duration: 400 },
    { bob: 0, step: -2, duration: 120 },
    { bob: 1, step: 0, duration: 120 },
    { bob: 0, step: 2, duration: 120 },
    { bob: 1, step: 0, duration: 120 },
  ].map(({ bob, step, duration }) => {
    const image = heroFrame(bob, step);
    return { image, box: bounds(image), duration };
  });
  const width = frames.reduce((sum, { box }) => sum + box.w + 1, 0) - 1;
  const height = Math.max(...frames.map(({ box }) => box.h));
  const sheet = canvas(width, height);
  const json = {
    frames: {},
    meta: { app: 'webglet scripts/make-assets.mjs', image: 'hero.png', size: { w: width, h: height }, frameTags: [] },
  };
  let at = 0;
  for (const [i, { image, box, duration }] of frames.entries()) {
    for (let y = 0; y < box.h; y++) {
      for (let x = 0; x < box.w; x++) {
        const from = ((box.y + y) * 16 + box.x + x) * 4;
        sheet.pixels.set(image.pixels.subarray(from, from + 4), (y * width + at + x) * 4);
      }
    }
    json.frames[`hero ${i}.aseprite`] = {
      frame: { x: at, y: 0, w: box.w, h: box.h },
      rotated: false,
      trimmed: true,
      spriteSourceSize: box,
      sourceSize: { w: 16, h: 16 },
      duration,
    };
    at += box.w + 1;
  }
  json.meta.frameTags = [
    { name: 'idle', from: 0, to: 1, direction: 'forward' },
    { name: 'walk', from: 2, to: 5, direction: 'forward' },
  ];
  write('hero.png', sheet);
  writeFileSync(join(out, 'hero.json'), `${JSON.stringify(json, null, 2)}\n`);
}

/** A 3 × 5 pixel font, each row of a glyph three characters ('#' ink); lower case shares upper case's pixels. */
const PIXEL_GLYPHS = {
  A: '.#. #.# ### #.# #.#',
  B: '##. #.# ##. #.# ##.',
  C: '.## #.. #.. #.. .##',
  D: '##. #.# #.# #.# ##.',
  E: '### #.. ##. #.. ###',
  F: '### #.. ##. #.. #..',
  G: '.## #.. #.# #.# .##',
  H: '#.# #.# ### #.# #.#',
  I: '### .#. .#. .#. ###',
  J: '..# ..# ..# #.# .#.',
  K: '#.# #.# ##. #.# #.#',
  L: '#.. #.. #.. #.. ###',
  M: '#.# ### ### #.# #.#',
  N: '##. #.# #.# #.# #.#',
  O: '.#. #.# #.# #.# .#.',
  P: '##. #.# ##. #.. #..',
  Q: '.#. #.# #.# ##. .##',
  R: '##. #.# ##. #.# #.#',
  S: '.## #.. .#. ..# ##.',
  T: '### .#. .#. .#. .#.',
  U: '#.# #.# #.# #.# ###',
  V: '#.# #.# #.# #.# .#.',
  W: '#.# #.# ### ### #.#',
  X: '#.# #.# .#. #.# #.#',
  Y: '#.# #.# .#. .#. .#.',
  Z: '### ..# .#. #.. ###',
  0: '### #.# #.# #.# ###',
  1: '.#. ##. .#. .#. ###',
  2: '##. ..# .#. #.. ###',
  3: '##. ..# .#. ..# ##.',
  4: '#.# #.# ### ..# ..#',
  5: '### #.. ##. ..# ##.',
  6: '.## #.. ### #.# ###',
  7: '### ..# .#. .#. .#.',
  8: '### #.# ### #.# ###',
  9: '### #.# ### ..# ##.',
  '.': '... ... ... ... .#.',
  ',': '... ... ... .#. #..',
  '!': '.#. .#. .#. ... .#.',
  '?': '##. ..# .#. ... .#.',
  ':': '... .#. ... .#. ...',
  '-': '... ... ### ... ...',
  "'": '.#. .#. ... ... ...',
  '/': '..# ..# .#. #.. #..',
  '|': '.#. .#. .#. .#. .#.',
  '+': '... .#. ### .#. ...',
};

/**
 * The pixel font: each 3 × 5 glyph drawn at 2 × 2 pixels a dot (6 × 10) in a 16-column grid of
 * 8 × 12 cells on a 128 × 64 page; baseline at the glyph's bottom, line height 14, advance 8, and
 * a few kerning pairs. Written as pixel-font.png with pixel-font.fnt (text), .xml and .json.
 */
function pixelFont() {
  const page = canvas(128, 64);
  const chars = [{ id: 32, x: 0, y: 0, width: 0, height: 0, xoffset: 0, yoffset: 0, xadvance: 6, page: 0 }];
  for (const [i, [name, rows]] of Object.entries(PIXEL_GLYPHS).entries()) {
    const x = (i % 16) * 8,
      y = Math.floor(i / 16) * 12;
    rows.split(' ').forEach((row, dy) => {
      for (let dx = 0; dx < 3; dx++) {
        if (row[dx] !== '#') continue;
        for (const [px, py] of [
          [0, 0],
          [1, 0],
          [0, 1],
          [1, 1],
        ])
          page.set(x + dx * 2 + px, y + dy * 2 + py, [255, 255, 255]);
      }
    });
    const glyph = { x, y, width: 6, height: 10, xoffset: 0, yoffset: 0, xadvance: 8, page: 0 };
    chars.push({ id: name.codePointAt(0), ...glyph });
    if (/[A-Z]/.test(name)) chars.push({ id: name.toLowerCase().codePointAt(0), ...glyph });
  }
  const pair = (a, b, amount) => ({ first: a.codePointAt(0), second: b.codePointAt(0), amount });
  const kernings = [pair('L', 'T', -2), pair('T', 'A', -2), pair('A', 'T', -2), pair('A', 'V', -1), pair('V', 'A', -1)];
  const common = { lineHeight: 14, base: 10, scaleW: 128, scaleH: 64, pages: 1, packed: 0 };
  const info = { face: 'webglet pixel', size: 10 };
  write('pixel-font.png', page);
  const attributes = (object, quote) =>
    Object.entries(object)
      .map(([key, value]) => `${key}=${quote(value)}`)
      .join(' ');
  const plain = (value) => (typeof value === 'string' ? `"${value}"` : String(value));
  const text = [
    `info ${attributes(info, plain)}`,
    `common ${attributes(common, plain)}`,
    'page id=0 file="pixel-font.png"',
    `chars count=${chars.length}`,
    ...chars.map((char) => `char ${attributes(char, plain)}`),
    `kernings count=${kernings.length}`,
    ...kernings.map((kerning) => `kerning ${attributes(kerning, plain)}`),
  ];
  writeFileSync(join(out, 'pixel-font.fnt'), `${text.join('\n')}\n`);
  const quoted = (value) => `"${value}"`;
  const xml = [
    '<?xml version="1.0"?>',
    '<font>',
    `  <info ${attributes(info, quoted)}/>`,
    `  <common ${attributes(common, quoted)}/>`,
    '  <pages>',
    '    <page id="0" file="pixel-font.png" />',
    '  </pages>',
    `  <chars count="${chars.length}">`,
    ...chars.map((char) => `    <char ${attributes(char, quoted)} />`),
    '  </chars>',
    `  <kernings count="${kernings.length}">`,
    ...kernings.map((kerning) => `    <kerning ${attributes(kerning, quoted)} />`),
    '  </kernings>',
    '</font>',
  ];
  writeFileSync(join(out, 'pixel-font.xml'), `${xml.join('\n')}\n`);
  const json = { pages: ['pixel-font.png'], chars, info, common, kernings };
  writeFileSync(join(out, 'pixel-font.json'), `${JSON.stringify(json, null, 2)}\n`);
}

mkdirSync(out, { recursive: true });
singles();
coins();
hero();
pixelFont();
console.log(`wrote the gallery's assets to ${out}`);
