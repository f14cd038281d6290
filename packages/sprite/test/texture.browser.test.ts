// Texture in real Chromium: texels read back through a framebuffer (exact bytes,
// top row of the source at y = 0), sampling parameters, write(), regions,
// restore() after a real context loss, and bad input leaving the texture unchanged.
import { canvasOf, createContext, expectNoGLError, seededRandom } from '../../graphics/test/gl-test-helpers.ts';
import { describe, expect, it } from 'vitest';
import { Texture, TextureError, type PixelData, type TextureSource } from '../src/index.ts';

/** All texels of `texture` (or a rectangle of them), row 0 = texture row y = 0, via a framebuffer. */
function readTexels(gl: WebGL2RenderingContext, texture: WebGLTexture, width: number, height: number, x = 0, y = 0): number[] {
  const framebuffer = gl.createFramebuffer();
  gl.bindFramebuffer(gl.FRAMEBUFFER, framebuffer);
  gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, texture, 0);
  expect(gl.checkFramebufferStatus(gl.FRAMEBUFFER)).toBe(gl.FRAMEBUFFER_COMPLETE);
  const out = new Uint8Array(width * height * 4);
  gl.readPixels(x, y, width, height, gl.RGBA, gl.UNSIGNED_BYTE, out);
  gl.bindFramebuffer(gl.FRAMEBUFFER, null);
  gl.deleteFramebuffer(framebuffer);
  return [...out];
}

const texelsOf = (texture: Texture): number[] => readTexels(texture.gl, texture.glTexture, texture.width, texture.height);

/** Random RGBA pixels; alpha is random too (straight alpha must survive: no premultiply). */
function randomPixels(width: number, height: number, seed: number, opaque = false): PixelData {
  const random = seededRandom(seed);
  const data = new Uint8Array(width * height * 4).map((_, i) => (opaque && i % 4 === 3 ? 255 : Math.floor(random() * 256)));
  return { width, height, data };
}

/** `source` written over `base` at (x, y), as a CPU copy: the expected texels. */
function composite(base: { width: number; data: ArrayLike<number> }, source: PixelData, x: number, y: number): number[] {
  const out = Array.from(base.data);
  for (let row = 0; row < source.height; row++) {
    for (let column = 0; column < source.width; column++) {
      for (let c = 0; c < 4; c++) out[((y + row) * base.width + x + column) * 4 + c] = source.data[(row * source.width + column) * 4 + c]!;
    }
  }
  return out;
}

/** A 2D canvas: the top `split` rows one colour, the rest another (opaque, so canvas bytes are exact). */
function twoBandCanvas(width: number, height: number, split: number, top: string, bottom: string): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d')!;
  context.fillStyle = top;
  context.fillRect(0, 0, width, split);
  context.fillStyle = bottom;
  context.fillRect(0, split, width, height - split);
  return canvas;
}

function bands(width: number, height: number, split: number, top: number[], bottom: number[]): number[] {
  return Array.from({ length: width * height }, (_, i) => (Math.floor(i / width) < split ? top : bottom)).flat();
}

function nextEvent(target: EventTarget, type: string): Promise<Event> {
  return new Promise((resolve) => target.addEventListener(type, resolve, { once: true }));
}

/** Loses the context and gets it back (the lost event's default prevented, so it can come back). */
async function loseAndRestore(gl: WebGL2RenderingContext, whileLost: () => void = () => {}): Promise<void> {
  const canvas = canvasOf(gl);
  canvas.addEventListener('webglcontextlost', (event) => event.preventDefault(), { once: true });
  const lose = gl.getExtension('WEBGL_lose_context')!;
  const lost = nextEvent(canvas, 'webglcontextlost');
  lose.loseContext();
  await lost;
  await new Promise((resolve) => setTimeout(resolve, 0)); // restoreContext works once the lost dispatch is over
  whileLost();
  const restored = nextEvent(canvas, 'webglcontextrestored');
  lose.restoreContext();
  await restored;
}

describe('Texture sources', () => {
  it('uploads PixelData exactly, unflipped (row 0 of the data is texel row 0), straight alpha kept', () => {
    const gl = createContext();
    const pixels = randomPixels(5, 3, 1);
    pixels.data.set([200, 100, 50, 0], 0); // premultiplying would zero this texel's colour
    const texture = new Texture(gl, pixels);
    expect([texture.width, texture.height]).toEqual([5, 3]);
    expect(texelsOf(texture)).toEqual([...pixels.data]);
    expect(readTexels(gl, texture.glTexture, 5, 1, 0, 0)).toEqual([...pixels.data.subarray(0, 20)]); // y = 0: first row
    expectNoGLError(gl);
  });

  it('takes Uint8ClampedArray PixelData and ImageData, and copies the bytes (later changes do not leak in)', () => {
    const gl = createContext();
    const { data } = randomPixels(4, 6, 2);
    const clamped = { width: 4, height: 6, data: new Uint8ClampedArray(data) };
    const imageData = new ImageData(new Uint8ClampedArray(data), 4, 6);
    const fromClamped = new Texture(gl, clamped);
    const fromImageData = new Texture(gl, imageData);
    expect(texelsOf(fromClamped)).toEqual([...data]);
    expect(texelsOf(fromImageData)).toEqual([...data]);
    expectNoGLError(gl);
  });

  it('uploads a 2D canvas drawn with fillRect, its top row at texel row 0', () => {
    const gl = createContext();
    const canvas = twoBandCanvas(6, 4, 1, 'rgb(255, 0, 0)', 'rgb(0, 0, 255)');
    const texture = new Texture(gl, canvas);
    expect([texture.width, texture.height]).toEqual([6, 4]);
    expect(texelsOf(texture)).toEqual(bands(6, 4, 1, [255, 0, 0, 255], [0, 0, 255, 255]));
    expectNoGLError(gl);
  });

  it('uploads an ImageBitmap (createImageBitmap) exactly and unflipped', async () => {
    const gl = createContext();
    const pixels = randomPixels(7, 5, 3, true);
    const bitmap = await createImageBitmap(new ImageData(new Uint8ClampedArray(pixels.data), 7, 5));
    const texture = new Texture(gl, bitmap);
    expect([texture.width, texture.height]).toEqual([7, 5]);
    expect(texelsOf(texture)).toEqual([...pixels.data]);
    expectNoGLError(gl);
  });

  it('Texture.empty is transparent black at the given size', () => {
    const gl = createContext();
    const texture = Texture.empty(gl, 9, 4);
    expect([texture.width, texture.height]).toEqual([9, 4]);
    expect(texelsOf(texture)).toEqual(new Array(9 * 4 * 4).fill(0));
    expectNoGLError(gl);
  });

  it('uploads exactly whatever unpack state the caller left, and puts that state and the binding back', () => {
    const gl = createContext();
    const other = gl.createTexture();
    gl.bindTexture(gl.TEXTURE_2D, other);
    gl.pixelStorei(gl.UNPACK_FLIP_Y_WEBGL, true);
    gl.pixelStorei(gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL, true);
    gl.pixelStorei(gl.UNPACK_ALIGNMENT, 8);
    gl.pixelStorei(gl.UNPACK_SKIP_ROWS, 1);
    const pixels = randomPixels(3, 3, 4);
    const texture = new Texture(gl, pixels);
    const patch = randomPixels(2, 1, 5);
    texture.write(patch, 1, 2);
    expect(gl.getParameter(gl.TEXTURE_BINDING_2D)).toBe(other);
    expect(gl.getParameter(gl.UNPACK_FLIP_Y_WEBGL)).toBe(true);
    expect(gl.getParameter(gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL)).toBe(true);
    expect(gl.getParameter(gl.UNPACK_ALIGNMENT)).toBe(8);
    expect(gl.getParameter(gl.UNPACK_SKIP_ROWS)).toBe(1);
    gl.pixelStorei(gl.UNPACK_SKIP_ROWS, 0);
    expect(texelsOf(texture)).toEqual(composite(pixels, patch, 1, 2));
    expectNoGLError(gl);
  });
});

describe('Texture sampling parameters', () => {
  it('defaults to linear filtering and clamping, no mipmaps', () => {
    const gl = createContext();
    const texture = new Texture(gl, randomPixels(2, 2, 6));
    expect([texture.filter, texture.wrap]).toEqual(['linear', 'clamp']);
    gl.bindTexture(gl.TEXTURE_2D, texture.glTexture);
    expect(gl.getTexParameter(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER)).toBe(gl.LINEAR);
    expect(gl.getTexParameter(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER)).toBe(gl.LINEAR);
    expect(gl.getTexParameter(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S)).toBe(gl.CLAMP_TO_EDGE);
    expect(gl.getTexParameter(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T)).toBe(gl.CLAMP_TO_EDGE);
    expectNoGLError(gl);
  });

  for (const [filter, glFilter] of [
    ['nearest', 'NEAREST'],
    ['linear', 'LINEAR'],
  ] as const) {
    for (const [wrap, glWrap] of [
      ['clamp', 'CLAMP_TO_EDGE'],
      ['repeat', 'REPEAT'],
      ['mirror', 'MIRRORED_REPEAT'],
    ] as const) {
      it(`filter '${filter}', wrap '${wrap}' set ${glFilter} and ${glWrap}, for sources and empty textures`, () => {
        const gl = createContext();
        for (const texture of [new Texture(gl, randomPixels(4, 4, 7), { filter, wrap }), Texture.empty(gl, 4, 4, { filter, wrap })]) {
          expect([texture.filter, texture.wrap]).toEqual([filter, wrap]);
          gl.bindTexture(gl.TEXTURE_2D, texture.glTexture);
          expect(gl.getTexParameter(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER)).toBe(gl[glFilter]);
          expect(gl.getTexParameter(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER)).toBe(gl[glFilter]);
          expect(gl.getTexParameter(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S)).toBe(gl[glWrap]);
          expect(gl.getTexParameter(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T)).toBe(gl[glWrap]);
        }
        expectNoGLError(gl);
      });
    }
  }
});

describe('Texture.write and regions', () => {
  it('writes PixelData at an offset and leaves the rest', () => {
    const gl = createContext();
    const base = randomPixels(8, 8, 8);
    const texture = new Texture(gl, base);
    const patch = randomPixels(3, 2, 9);
    texture.write(patch, 4, 5);
    expect(texelsOf(texture)).toEqual(composite(base, patch, 4, 5));
    texture.write(patch, 5, 6); // flush with the right and bottom edges
    expect(texelsOf(texture)).toEqual(composite({ width: 8, data: composite(base, patch, 4, 5) }, patch, 5, 6));
    expectNoGLError(gl);
  });

  it('writes a canvas at an offset, its top row at the offset row', () => {
    const gl = createContext();
    const texture = Texture.empty(gl, 6, 6);
    texture.write(twoBandCanvas(2, 3, 1, 'rgb(0, 255, 0)', 'rgb(255, 255, 0)'), 3, 2);
    const expected = new Array(6 * 6).fill([0, 0, 0, 0]);
    for (let row = 0; row < 3; row++) {
      for (let column = 0; column < 2; column++) expected[(2 + row) * 6 + 3 + column] = row < 1 ? [0, 255, 0, 255] : [255, 255, 0, 255];
    }
    expect(texelsOf(texture)).toEqual(expected.flat());
    expectNoGLError(gl);
  });

  it('gives regions exact texture coordinates, v0 at the top', () => {
    const gl = createContext();
    const texture = Texture.empty(gl, 64, 32);
    const region = texture.region(8, 4, 16, 8);
    expect(region.texture).toBe(texture);
    expect([region.x, region.y, region.width, region.height]).toEqual([8, 4, 16, 8]);
    expect([region.u0, region.v0, region.u1, region.v1]).toEqual([0.125, 0.125, 0.375, 0.375]);
    const corner = texture.region(63, 31, 1, 1);
    expect([corner.u0, corner.v0, corner.u1, corner.v1]).toEqual([63 / 64, 31 / 32, 1, 1]);
    const whole = texture.fullRegion;
    expect(texture.fullRegion).toBe(whole);
    expect([whole.x, whole.y, whole.width, whole.height, whole.u0, whole.v0, whole.u1, whole.v1]).toEqual([0, 0, 64, 32, 0, 0, 1, 1]);
  });
});

describe('Texture.restore', () => {
  it('after a lost context: a new WebGLTexture with the same texels (writes included) and parameters', async () => {
    const gl = createContext();
    const base = randomPixels(8, 6, 10);
    const texture = new Texture(gl, base, { filter: 'nearest', wrap: 'repeat' });
    const patch = randomPixels(3, 3, 11);
    texture.write(patch, 5, 3);
    patch.data.fill(7); // the texture kept its own copy
    const canvas = twoBandCanvas(2, 2, 1, 'rgb(255, 0, 255)', 'rgb(0, 255, 255)');
    texture.write(canvas, 0, 0);
    const page = Texture.empty(gl, 4, 4);
    const before = texelsOf(texture);
    const emptyBefore = texelsOf(page);
    const old = texture.glTexture;
    texture.restore(); // alive: nothing happens
    expect(texture.glTexture).toBe(old);

    await loseAndRestore(gl, () => {
      expect(() => texture.restore()).not.toThrow(); // lost: a no-op
      expect(texture.glTexture).toBe(old);
    });
    expect(gl.isTexture(old)).toBe(false);
    texture.restore();
    page.restore();
    expect(texture.glTexture).not.toBe(old);
    expect(gl.isTexture(texture.glTexture)).toBe(true);
    expect(texelsOf(texture)).toEqual(before);
    expect(texelsOf(page)).toEqual(emptyBefore);
    gl.bindTexture(gl.TEXTURE_2D, texture.glTexture);
    expect(gl.getTexParameter(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER)).toBe(gl.NEAREST);
    expect(gl.getTexParameter(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T)).toBe(gl.REPEAT);
    const restored = texture.glTexture;
    texture.restore(); // alive again: nothing happens
    expect(texture.glTexture).toBe(restored);
    expectNoGLError(gl);
  });

  it('re-reads a canvas source at restore time (documented), and skips one whose size changed', async () => {
    const gl = createContext();
    const redrawn = twoBandCanvas(2, 2, 2, 'rgb(255, 0, 0)', 'rgb(255, 0, 0)');
    const resized = twoBandCanvas(2, 2, 2, 'rgb(0, 0, 255)', 'rgb(0, 0, 255)');
    const texture = Texture.empty(gl, 4, 2);
    texture.write(redrawn, 0, 0);
    texture.write(resized, 2, 0);
    const context = redrawn.getContext('2d')!;
    context.fillStyle = 'rgb(0, 255, 0)';
    context.fillRect(0, 0, 2, 2);
    resized.width = 3;
    await loseAndRestore(gl);
    texture.restore();
    const green = [0, 255, 0, 255];
    const clear = [0, 0, 0, 0];
    expect(texelsOf(texture)).toEqual([green, green, clear, clear, green, green, clear, clear].flat());
    expectNoGLError(gl);
  });

  it('a write that covers earlier uploads replaces them for the replay', async () => {
    const gl = createContext();
    const texture = new Texture(gl, randomPixels(4, 4, 12));
    const cover = randomPixels(4, 4, 13);
    texture.write(randomPixels(2, 2, 14), 1, 1);
    texture.write(cover, 0, 0);
    const before = texelsOf(texture);
    expect(before).toEqual([...cover.data]);
    await loseAndRestore(gl);
    texture.restore();
    expect(texelsOf(texture)).toEqual(before);
  });
});

describe('Texture restores itself', () => {
  it('after a lost context, with no call: the same texels, at the restore event', async () => {
    const gl = createContext();
    const texture = new Texture(gl, randomPixels(8, 6, 20), { filter: 'nearest' });
    texture.write(randomPixels(3, 2, 21), 4, 4);
    const page = Texture.empty(gl, 4, 4);
    const before = texelsOf(texture);
    const emptyBefore = texelsOf(page);
    const old = texture.glTexture;
    await loseAndRestore(gl);
    expect(gl.isTexture(old)).toBe(false);
    expect(gl.isTexture(texture.glTexture)).toBe(true);
    expect(texelsOf(texture)).toEqual(before);
    expect(texelsOf(page)).toEqual(emptyBefore);
    expectNoGLError(gl);
  });

  it('alone on its canvas, it asks for the context back (preventDefault), so it comes back', async () => {
    const gl = createContext();
    const texture = new Texture(gl, randomPixels(3, 3, 24));
    const before = texelsOf(texture);
    const canvas = canvasOf(gl);
    const lose = gl.getExtension('WEBGL_lose_context')!;
    const lost = nextEvent(canvas, 'webglcontextlost');
    lose.loseContext(); // no listener of the test's own cancels the event
    await lost;
    await new Promise((resolve) => setTimeout(resolve, 0));
    const restored = nextEvent(canvas, 'webglcontextrestored');
    lose.restoreContext();
    const outcome = await Promise.race([
      restored.then(() => 'restored'),
      new Promise((resolve) => setTimeout(() => resolve('never'), 2000)),
    ]);
    expect(outcome).toBe('restored');
    expect(texelsOf(texture)).toEqual(before);
  });

  it('used by a restore listener that runs before its own: glTexture is re-created then, and only once', async () => {
    const gl = createContext();
    let seen: number[] | null = null;
    let madeThen: WebGLTexture | null = null;
    let texture: Texture | null = null;
    // Added before the texture exists, so it runs before the texture's own listener.
    canvasOf(gl).addEventListener('webglcontextrestored', () => {
      seen = texelsOf(texture!);
      madeThen = texture!.glTexture;
    });
    texture = new Texture(gl, randomPixels(5, 5, 22));
    const before = texelsOf(texture);
    await loseAndRestore(gl);
    expect(seen).toEqual(before);
    expect(texture.glTexture).toBe(madeThen); // its own listener, later, made no second one
    texture.restore(); // alive: nothing happens
    expect(texture.glTexture).toBe(madeThen);
    expectNoGLError(gl);
  });
});

describe('Texture bad input', () => {
  it('rejects bad constructor arguments with TextureError naming the argument', async () => {
    const gl = createContext();
    const good = randomPixels(2, 2, 15);
    const notGL = {} as WebGL2RenderingContext;
    const cases: [() => unknown, string, unknown][] = [
      [() => new Texture(notGL, good), 'gl', notGL],
      [() => new Texture(gl, null as unknown as TextureSource), 'source', null],
      [() => new Texture(gl, 'image.png' as unknown as TextureSource), 'source', 'image.png'],
      [() => new Texture(gl, { width: 2, height: 2, data: new Uint8Array(15) }), 'source', undefined],
      [() => new Texture(gl, { width: 2, height: 2, data: new Float32Array(16) as unknown as Uint8Array }), 'source', undefined],
      [() => new Texture(gl, { width: Number.NaN, height: 2, data: new Uint8Array(16) }), 'source', undefined],
      [() => new Texture(gl, { width: -2, height: -2, data: new Uint8Array(16) }), 'source', undefined],
      [() => new Texture(gl, { width: 1.5, height: 2, data: new Uint8Array(12) }), 'source', undefined],
      [() => new Texture(gl, new Image()), 'source', undefined], // not loaded
      [() => new Texture(gl, good, { filter: 'cubic' as 'linear' }), 'filter', 'cubic'],
      [() => new Texture(gl, good, { wrap: 'border' as 'clamp' }), 'wrap', 'border'],
      [() => new Texture(gl, good, null as unknown as object), 'options', null],
      [() => Texture.empty(gl, 0, 4), 'width', 0],
      [() => Texture.empty(gl, 4, Number.NaN), 'height', Number.NaN],
      [() => Texture.empty(gl, 2.5, 4), 'width', 2.5],
      [() => Texture.empty(gl, -1, 4), 'width', -1],
      [() => Texture.empty(gl, gl.getParameter(gl.MAX_TEXTURE_SIZE) + 1, 1), 'source', undefined],
    ];
    for (const [make, argument, value] of cases) {
      let error: unknown;
      try {
        make();
      } catch (caught) {
        error = caught;
      }
      expect(error, argument).toBeInstanceOf(TextureError);
      expect((error as TextureError).argument).toBe(argument);
      if (value !== undefined) expect((error as TextureError).value).toBe(value);
      expect((error as Error).message.length).toBeGreaterThan(20);
    }
    const closed = await createImageBitmap(new ImageData(2, 2));
    closed.close();
    expect(() => new Texture(gl, closed)).toThrow(/closed ImageBitmap/);
    expectNoGLError(gl);
  });

  it('rejects bad writes and regions, and the texels stay the same', () => {
    const gl = createContext();
    const base = randomPixels(6, 4, 16);
    const texture = new Texture(gl, base);
    const patch = randomPixels(2, 2, 17);
    const writes: [() => void, string][] = [
      [() => texture.write(patch, 5, 0), 'x'],
      [() => texture.write(patch, 0, 3), 'y'],
      [() => texture.write(patch, -1, 0), 'x'],
      [() => texture.write(patch, 1.5, 0), 'x'],
      [() => texture.write(patch, 0, Number.NaN), 'y'],
      [() => texture.write(randomPixels(7, 1, 18), 0, 0), 'source'],
      [() => texture.write({ width: 2, height: 2, data: new Uint8Array(17) }, 0, 0), 'source'],
      [() => texture.write(undefined as unknown as PixelData, 0, 0), 'source'],
      [() => texture.region(0, 0, 7, 1), 'width'],
      [() => texture.region(5, 0, 2, 1), 'width'],
      [() => texture.region(0, 4, 1, 1), 'y'],
      [() => texture.region(-1, 0, 1, 1), 'x'],
      [() => texture.region(0, 0, 0, 1), 'width'],
      [() => texture.region(0, 0, 1, Number.NaN), 'height'],
      [() => texture.region(0.5, 0, 1, 1), 'x'],
    ];
    for (const [call, argument] of writes) {
      expect(call).toThrow(expect.objectContaining({ name: 'TextureError', argument }));
    }
    expect(texelsOf(texture)).toEqual([...base.data]);
    expectNoGLError(gl);
  });

  it('throws TextureError on any use after delete, and deletes the WebGLTexture', async () => {
    const gl = createContext();
    const texture = new Texture(gl, randomPixels(2, 2, 19));
    const glTexture = texture.glTexture;
    expect(texture.isDeleted).toBe(false);
    texture.delete();
    expect(texture.isDeleted).toBe(true);
    expect(gl.isTexture(glTexture)).toBe(false);
    for (const use of [
      () => texture.glTexture,
      () => texture.write(randomPixels(1, 1, 20), 0, 0),
      () => texture.region(0, 0, 1, 1),
      () => texture.fullRegion,
      () => texture.restore(),
      () => texture.delete(),
    ]) {
      expect(use).toThrow(expect.objectContaining({ name: 'TextureError', argument: 'this' }));
    }
    // Deleting a texture whose context was lost and restored names no foreign object.
    const stale = new Texture(gl, randomPixels(2, 2, 21));
    await loseAndRestore(gl);
    stale.delete();
    expectNoGLError(gl);
  });
});
