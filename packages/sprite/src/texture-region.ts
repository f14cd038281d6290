/**
 * TextureRegion: a rectangle of a Texture in pixels (x, y from the top-left),
 * with its texture coordinates.
 *
 * Textures are uploaded without a Y flip (texel row 0 is the image's top row),
 * so v grows downwards like y: (u0, v0) is the region's top-left corner and
 * (u1, v1) its bottom-right. A quad drawn with (u0, v0) at its top-left corner in
 * the y-down projection shows the image upright. No half-texel inset: sprites
 * on atlas pages rely on the atlas padding instead.
 */
import { TextureError } from './errors.ts';
import type { Texture } from './texture.ts';

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

  /** A region of `texture`; it must lie inside the texture. Usually made by `texture.region(...)`. */
  constructor(texture: Texture, x: number, y: number, width: number, height: number) {
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
  }
}
