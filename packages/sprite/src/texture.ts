/**
 * Texture: an RGBA8 2D texture made from an image or raw pixels, that can be written into
 * (`write`, texSubImage2D) and re-created after a lost context; and TextureRegion, a rectangle of
 * one (in this module, as a region and its texture refer to each other).
 *
 * Invariants: texel row 0 is the image's top row (no Y flip), straight alpha; every upload, the
 * first one included, is a texSubImage2D into storage of the full size, kept for the replay after a
 * lost context (raw pixels copied, image objects re-read), so a replay never changes the size; an
 * upload sets the unpack state it needs and puts the caller's back. A texture restores itself: it
 * listens on its canvas, and after a loss `glTexture` is re-created at the restore event or at its
 * first use, whichever comes first. What was decided: docs/decisions.md, "Texture".
 *
 * Over 400 lines: Texture and TextureRegion refer to each other, so they share the module, and
 * both check every argument (a region its trimmed, rotated frame too).
 */
import { glState, type TextureLike } from '@webglet/graphics';
import { setEmptyTexture, setTextureParameters } from 'twgl.js';
import { TextureError } from './errors.ts';

export type TextureFilter = 'linear' | 'nearest';
export type TextureWrap = 'clamp' | 'repeat' | 'mirror';

export interface TextureOptions {
  /** Default 'linear'. */
  filter?: TextureFilter;
  /** Default 'clamp'. */
  wrap?: TextureWrap;
}

/** RGBA8 pixels, row 0 = TOP row of the image (like ImageData). */
export interface PixelData {
  width: number;
  height: number;
  data: Uint8Array | Uint8ClampedArray;
}

/** An image object WebGL reads (image, canvas, ImageBitmap, ImageData, video, ...) or raw pixels. */
export type TextureSource = TexImageSource | PixelData;

const FILTERS: readonly TextureFilter[] = ['linear', 'nearest'];
const WRAPS: readonly TextureWrap[] = ['clamp', 'repeat', 'mirror'];

/** A checked source: its size and either its bytes or the image object. */
export type SourceInfo =
  | { kind: 'pixels'; width: number; height: number; data: Uint8Array | Uint8ClampedArray }
  | { kind: 'image'; width: number; height: number; image: TexImageSource };

interface KeptUpload {
  readonly source: SourceInfo;
  readonly x: number;
  readonly y: number;
}

const isInstance = (value: object, className: string): boolean => {
  const constructor = (globalThis as unknown as Record<string, unknown>)[className];
  return typeof constructor === 'function' && value instanceof (constructor as new () => object);
};

const IMAGE_CLASSES = ['HTMLImageElement', 'HTMLCanvasElement', 'HTMLVideoElement', 'ImageBitmap', 'OffscreenCanvas', 'VideoFrame'];

const isPositiveInteger = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value > 0;

/** The size and content of `source`, or what is wrong with it. Shared with TextureAtlas. */
export function describeSource(source: unknown): SourceInfo | string {
  const expected = 'an image source (image, canvas, ImageBitmap, ImageData, video, VideoFrame) or PixelData';
  if (typeof source !== 'object' || source === null) return `expected ${expected}, got ${String(source)}`;
  if (!IMAGE_CLASSES.some((name) => isInstance(source, name))) {
    if (!('data' in source)) return `expected ${expected}, got ${Object.prototype.toString.call(source)}`;
    const { width, height, data } = source as Partial<PixelData>;
    if (!isPositiveInteger(width) || !isPositiveInteger(height)) {
      return `PixelData width and height must be positive integers, got ${String(width)} × ${String(height)}`;
    }
    if (!(data instanceof Uint8Array) && !(data instanceof Uint8ClampedArray)) {
      return `PixelData data must be a Uint8Array or Uint8ClampedArray, got ${Object.prototype.toString.call(data)}`;
    }
    if (data.length !== width * height * 4) {
      return `PixelData data must hold width × height × 4 = ${width * height * 4} bytes, got ${data.length}`;
    }
    return { kind: 'pixels', width, height, data };
  }
  let width: number;
  let height: number;
  if (isInstance(source, 'HTMLImageElement')) {
    const image = source as HTMLImageElement;
    if (!image.complete || image.naturalWidth === 0) return 'the image has not loaded (or is broken)';
    width = image.naturalWidth;
    height = image.naturalHeight;
  } else if (isInstance(source, 'HTMLVideoElement')) {
    const video = source as HTMLVideoElement;
    if (video.readyState < video.HAVE_CURRENT_DATA) return 'the video has no current frame';
    width = video.videoWidth;
    height = video.videoHeight;
  } else if (isInstance(source, 'VideoFrame')) {
    width = (source as VideoFrame).displayWidth;
    height = (source as VideoFrame).displayHeight;
  } else {
    ({ width, height } = source as HTMLCanvasElement | ImageBitmap | OffscreenCanvas);
  }
  if (!isPositiveInteger(width) || !isPositiveInteger(height)) {
    return `the image must be at least 1 × 1 (a closed ImageBitmap is 0 × 0), got ${String(width)} × ${String(height)}`;
  }
  return { kind: 'image', width, height, image: source as TexImageSource };
}

/** What a texture keeps of an upload: pixels are copied (the caller may reuse its array), images are not. */
function keep(info: SourceInfo): SourceInfo {
  return info.kind === 'pixels' ? { ...info, data: new Uint8Array(info.data) } : info;
}

const covers = (outer: KeptUpload, inner: KeptUpload): boolean =>
  outer.x <= inner.x &&
  outer.y <= inner.y &&
  outer.x + outer.source.width >= inner.x + inner.source.width &&
  outer.y + outer.source.height >= inner.y + inner.source.height;

/** Sets the unpack state an exact, unflipped upload needs, runs `upload`, then puts the caller's state back. */
function withUploadState(gl: WebGL2RenderingContext, texture: WebGLTexture, upload: () => void): void {
  const saved: [GLenum, unknown][] = [
    gl.UNPACK_ALIGNMENT,
    gl.UNPACK_ROW_LENGTH,
    gl.UNPACK_SKIP_PIXELS,
    gl.UNPACK_SKIP_ROWS,
    gl.UNPACK_FLIP_Y_WEBGL,
    gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL,
  ].map((name) => [name, gl.getParameter(name)]);
  const unpackBuffer = gl.getParameter(gl.PIXEL_UNPACK_BUFFER_BINDING) as WebGLBuffer | null;
  const binding = gl.getParameter(gl.TEXTURE_BINDING_2D) as WebGLTexture | null;
  gl.pixelStorei(gl.UNPACK_ALIGNMENT, 1);
  gl.pixelStorei(gl.UNPACK_ROW_LENGTH, 0);
  gl.pixelStorei(gl.UNPACK_SKIP_PIXELS, 0);
  gl.pixelStorei(gl.UNPACK_SKIP_ROWS, 0);
  gl.pixelStorei(gl.UNPACK_FLIP_Y_WEBGL, false);
  gl.pixelStorei(gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL, false);
  gl.bindBuffer(gl.PIXEL_UNPACK_BUFFER, null);
  gl.bindTexture(gl.TEXTURE_2D, texture);
  try {
    upload();
  } finally {
    gl.bindTexture(gl.TEXTURE_2D, binding);
    gl.bindBuffer(gl.PIXEL_UNPACK_BUFFER, unpackBuffer);
    for (const [name, value] of saved) if (value !== null) gl.pixelStorei(name, value as number | boolean);
  }
}

function uploadAt(gl: WebGL2RenderingContext, source: SourceInfo, x: number, y: number): void {
  if (source.kind === 'pixels') {
    gl.texSubImage2D(gl.TEXTURE_2D, 0, x, y, source.width, source.height, gl.RGBA, gl.UNSIGNED_BYTE, source.data);
  } else {
    gl.texSubImage2D(gl.TEXTURE_2D, 0, x, y, gl.RGBA, gl.UNSIGNED_BYTE, source.image);
  }
}

/** Stands for "no source" in the constructor, for Texture.empty; never exported. */
class EmptySource {
  constructor(
    readonly width: number,
    readonly height: number,
  ) {}
}

/**
 * An RGBA8 texture made from an image or raw pixels. It keeps what was uploaded,
 * so it comes back by itself after a lost context is restored.
 *
 * @example
 * ```ts
 * const image = await createImageBitmap(await (await fetch('bunny.png')).blob());
 * const texture = new Texture(window.gl, image, { filter: 'nearest' });
 * const sprite = new Sprite(texture, { batch, x: 10, y: 10 });
 * const canvas = Texture.empty(window.gl, 256, 256); // transparent black
 * canvas.write({ width: 1, height: 1, data: new Uint8Array([255, 0, 0, 255]) }, 5, 5);
 * ```
 */
export class Texture implements TextureLike {
  readonly gl: WebGL2RenderingContext;
  readonly width: number;
  readonly height: number;
  readonly filter: TextureFilter;
  readonly wrap: TextureWrap;
  private texture: WebGLTexture;
  private uploads: KeptUpload[] = [];
  private whole: TextureRegion | null = null;
  private deleted = false;
  /** The context was lost since `texture` was made: it is re-created when the context is back. */
  private stale = false;
  private readonly onLost = (event: Event): void => {
    event.preventDefault(); // so the browser gives the context back, as the batch and window ask too
    this.stale = true;
  };
  private readonly onRestored = (): void => {
    if (this.stale) this.recreate(); // unless a use since the restore made it already
  };

  /** A width × height texture of transparent black (e.g. an atlas page). */
  static empty(gl: WebGL2RenderingContext, width: number, height: number, options?: TextureOptions): Texture {
    for (const [argument, value] of [
      ['width', width],
      ['height', height],
    ] as const) {
      if (!isPositiveInteger(value)) {
        throw new TextureError(argument, value, `Texture.empty: ${argument} must be a positive integer, got ${String(value)}`);
      }
    }
    return new Texture(gl, new EmptySource(width, height) as unknown as TextureSource, options);
  }

  constructor(gl: WebGL2RenderingContext, source: TextureSource, options: TextureOptions = {}) {
    if (typeof WebGL2RenderingContext === 'undefined' || !(gl instanceof WebGL2RenderingContext)) {
      throw new TextureError('gl', gl, `Texture: gl must be a WebGL2RenderingContext, got ${String(gl)}`);
    }
    if (typeof options !== 'object' || options === null) {
      throw new TextureError('options', options, `Texture: options must be an object, got ${String(options)}`);
    }
    const { filter = 'linear', wrap = 'clamp' } = options;
    if (!FILTERS.includes(filter)) {
      throw new TextureError('filter', filter, `Texture: filter must be one of ${FILTERS.join(', ')}, got ${String(filter)}`);
    }
    if (!WRAPS.includes(wrap)) {
      throw new TextureError('wrap', wrap, `Texture: wrap must be one of ${WRAPS.join(', ')}, got ${String(wrap)}`);
    }
    const info = source instanceof EmptySource ? null : describeSource(source);
    if (typeof info === 'string') throw new TextureError('source', source, `Texture: ${info}`);
    const { width, height } = info ?? (source as unknown as EmptySource);
    const maxSize = gl.getParameter(gl.MAX_TEXTURE_SIZE) as number | null; // null while the context is lost
    if (maxSize !== null && (width > maxSize || height > maxSize)) {
      throw new TextureError('source', source, `Texture: ${width} × ${height} is larger than MAX_TEXTURE_SIZE ${maxSize}`);
    }
    this.gl = gl;
    this.width = width;
    this.height = height;
    this.filter = filter;
    this.wrap = wrap;
    if (info) this.uploads.push({ source: keep(info), x: 0, y: 0 });
    this.texture = this.createAndUpload();
    gl.canvas.addEventListener('webglcontextlost', this.onLost);
    gl.canvas.addEventListener('webglcontextrestored', this.onRestored);
  }

  /** The current WebGLTexture; a new one once a lost context is back (made here if the restore event has not run yet). */
  get glTexture(): WebGLTexture {
    this.checkLive('glTexture');
    // Another listener of the restore event may draw before ours has run.
    if (this.stale) this.recreate();
    return this.texture;
  }

  get isDeleted(): boolean {
    return this.deleted;
  }

  /** Writes `source` with its top-left corner at (x, y) (texSubImage2D); kept so restore() replays it. */
  write(source: TextureSource, x: number, y: number): void {
    this.checkLive('write');
    const info = describeSource(source);
    if (typeof info === 'string') throw new TextureError('source', source, `Texture.write: ${info}`);
    if (info.width > this.width || info.height > this.height) {
      throw new TextureError(
        'source',
        source,
        `Texture.write: a ${info.width} × ${info.height} source does not fit a ${this.width} × ${this.height} texture`,
      );
    }
    this.checkOffset('write', 'x', x, this.width - info.width);
    this.checkOffset('write', 'y', y, this.height - info.height);
    const upload: KeptUpload = { source: keep(info), x, y };
    withUploadState(this.gl, this.texture, () => uploadAt(this.gl, upload.source, x, y));
    this.uploads = this.uploads.filter((earlier) => !covers(upload, earlier));
    this.uploads.push(upload);
  }

  /** A region of this texture in pixels, (x, y) from the top-left. */
  region(x: number, y: number, width: number, height: number, frame?: TextureRegionFrame): TextureRegion {
    this.checkLive('region');
    return new TextureRegion(this, x, y, width, height, frame);
  }

  /** The whole texture as a region (the same object each time). */
  get fullRegion(): TextureRegion {
    this.checkLive('fullRegion');
    this.whole ??= new TextureRegion(this, 0, 0, this.width, this.height);
    return this.whole;
  }

  /**
   * A new WebGLTexture with every kept upload replayed (image objects re-read now), if the
   * current one died with a lost context. The texture does this by itself after a restore, so
   * calling it is never needed; it is a no-op while the context is lost and while the current
   * WebGLTexture is alive.
   */
  restore(): void {
    this.checkLive('restore');
    if (this.gl.isContextLost() || (!this.stale && this.gl.isTexture(this.texture))) return;
    this.recreate();
  }

  /** Deletes the WebGLTexture and stops listening to the canvas; every later use throws TextureError. */
  delete(): void {
    this.checkLive('delete');
    // A texture from before a context loss is no object of the new context: nothing to delete.
    if (this.gl.isTexture(this.texture)) this.gl.deleteTexture(this.texture);
    glState(this.gl).forgetTextures(); // GL unbound it from every unit
    this.gl.canvas.removeEventListener('webglcontextlost', this.onLost);
    this.gl.canvas.removeEventListener('webglcontextrestored', this.onRestored);
    this.uploads = [];
    this.deleted = true;
  }

  /** Re-creates the texture from the kept uploads once the context is back (not while it is lost). */
  private recreate(): void {
    if (this.deleted || this.gl.isContextLost()) return;
    this.stale = false;
    this.texture = this.createAndUpload();
  }

  private createAndUpload(): WebGLTexture {
    const gl = this.gl;
    const filter = this.filter === 'nearest' ? gl.NEAREST : gl.LINEAR;
    const wrap = { clamp: gl.CLAMP_TO_EDGE, repeat: gl.REPEAT, mirror: gl.MIRRORED_REPEAT }[this.wrap];
    const binding = gl.getParameter(gl.TEXTURE_BINDING_2D) as WebGLTexture | null;
    // twgl's two storage helpers, not createTexture, which brings every source kind it reads into an app's bundle.
    const texture = gl.createTexture();
    setTextureParameters(gl, texture, { min: filter, mag: filter, wrap });
    setEmptyTexture(gl, texture, { width: this.width, height: this.height });
    gl.bindTexture(gl.TEXTURE_2D, binding);
    withUploadState(gl, texture, () => {
      for (const { source, x, y } of this.uploads) {
        // An image object is read again now: skip it if it no longer has the size it was written with.
        const now = source.kind === 'image' ? describeSource(source.image) : source;
        if (typeof now !== 'string' && now.width === source.width && now.height === source.height) uploadAt(gl, source, x, y);
      }
    });
    return texture;
  }

  private checkOffset(method: string, argument: string, value: unknown, max: number): void {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
      throw new TextureError(argument, value, `Texture.${method}: ${argument} must be an integer in [0, ${max}], got ${String(value)}`);
    }
  }

  private checkLive(method: string): void {
    if (this.deleted) throw new TextureError('this', 'deleted', `Texture.${method}: the texture was deleted`);
  }
}

/**
 * Where a region's pixels sit in the image they were cut from (a sprite sheet's trimmed frame):
 * `trimX`, `trimY` from the frame's top-left, the frame `sourceWidth` × `sourceHeight`, and the
 * frame's pivot as fractions of it, which sprites take as their default anchor; `rotated`: the
 * pixels are stored turned 90° clockwise (TexturePacker's rotation), so the region's rectangle in
 * the texture is the upright image's height × width.
 */
export interface TextureRegionFrame {
  trimX?: number;
  trimY?: number;
  sourceWidth?: number;
  sourceHeight?: number;
  pivotX?: number;
  pivotY?: number;
  rotated?: boolean;
}

/**
 * TextureRegion (in this module, as a region and its texture refer to each other): a rectangle of a Texture in pixels (x, y from the top-left),
 * with its texture coordinates, and optionally the frame it was trimmed from (TextureRegionFrame).
 *
 * Textures are uploaded without a Y flip (texel row 0 is the image's top row),
 * so v grows downwards like y: (u0, v0) is the region's top-left corner and
 * (u1, v1) its bottom-right. A quad drawn with (u0, v0) at its top-left corner in
 * the y-down projection shows the image upright. No half-texel inset: sprites
 * on atlas pages rely on the atlas padding instead.
 */
function checkInteger(argument: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new TextureError(argument, value, `TextureRegion: ${argument} must be an integer in [${min}, ${max}], got ${String(value)}`);
  }
  return value;
}

export class TextureRegion {
  readonly texture: Texture;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** Texture coordinates of the top-left corner, in [0, 1]. */
  readonly u0: number;
  readonly v0: number;
  /** Texture coordinates of the bottom-right corner, in [0, 1]. */
  readonly u1: number;
  readonly v1: number;
  /** Where these pixels sit in the untrimmed frame (0, 0 unless trimmed). */
  readonly trimX: number;
  readonly trimY: number;
  /** The untrimmed frame's size, what a sprite of this region measures (width × height unless trimmed). */
  readonly sourceWidth: number;
  readonly sourceHeight: number;
  /** The frame's pivot as fractions of the source size: a sprite's anchor unless it is given one. */
  readonly pivotX: number;
  readonly pivotY: number;
  /** The pixels are stored turned 90° clockwise: `width` × `height` is the stored rectangle, the image is `height` wide. */
  readonly rotated: boolean;

  /**
   * A region of `texture`; it must lie inside the texture, and inside its `frame` when trimmed.
   * Usually made by `texture.region(...)` or a SpriteSheet.
   */
  constructor(texture: Texture, x: number, y: number, width: number, height: number, frame: TextureRegionFrame = {}) {
    const size = texture as Partial<Pick<Texture, 'width' | 'height'>> | null;
    if (typeof size !== 'object' || size === null || !Number.isInteger(size.width) || !Number.isInteger(size.height)) {
      throw new TextureError('texture', texture, `TextureRegion: texture must be a Texture, got ${String(texture)}`);
    }
    const { width: textureWidth, height: textureHeight } = texture;
    this.x = checkInteger('x', x, 0, textureWidth - 1);
    this.y = checkInteger('y', y, 0, textureHeight - 1);
    this.width = checkInteger('width', width, 1, textureWidth - x);
    this.height = checkInteger('height', height, 1, textureHeight - y);
    this.texture = texture;
    this.u0 = x / textureWidth;
    this.v0 = y / textureHeight;
    this.u1 = (x + width) / textureWidth;
    this.v1 = (y + height) / textureHeight;
    if (typeof frame !== 'object' || frame === null)
      throw new TextureError('frame', frame, `TextureRegion: frame must be an object, got ${String(frame)}`);
    const { trimX = 0, trimY = 0, pivotX = 0, pivotY = 0, rotated = false } = frame;
    if (typeof rotated !== 'boolean')
      throw new TextureError('rotated', rotated, `TextureRegion: rotated must be a boolean, got ${String(rotated)}`);
    // The upright image's size: a rotated region stores it turned, height × width.
    const uprightWidth = rotated ? height : width,
      uprightHeight = rotated ? width : height;
    this.trimX = checkInteger('trimX', trimX, 0, Number.MAX_SAFE_INTEGER);
    this.trimY = checkInteger('trimY', trimY, 0, Number.MAX_SAFE_INTEGER);
    this.sourceWidth = checkInteger(
      'sourceWidth',
      frame.sourceWidth ?? trimX + uprightWidth,
      trimX + uprightWidth,
      Number.MAX_SAFE_INTEGER,
    );
    this.sourceHeight = checkInteger(
      'sourceHeight',
      frame.sourceHeight ?? trimY + uprightHeight,
      trimY + uprightHeight,
      Number.MAX_SAFE_INTEGER,
    );
    this.rotated = rotated;
    for (const [argument, value] of [
      ['pivotX', pivotX],
      ['pivotY', pivotY],
    ] as const) {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new TextureError(argument, value, `TextureRegion: ${argument} must be a finite number, got ${String(value)}`);
      }
    }
    this.pivotX = pivotX;
    this.pivotY = pivotY;
  }
}
