/**
 * The typed errors of @webglet/sprite. Each names the argument and the value
 * (GraphicsArgumentError), and the object it was called on is unchanged.
 */
import { GraphicsArgumentError } from '@webglet/graphics';

/** A bad texture source, option or region, or a use after delete. */
export class TextureError extends GraphicsArgumentError {}
/** A bad atlas option, an image that can never fit a page, or a region not of this atlas. */
export class TextureAtlasError extends GraphicsArgumentError {}
/** A bad sprite argument or property value, or a use after delete. */
export class SpriteError extends GraphicsArgumentError {}
/** A bad shape argument or property value, or a use after delete. */
export class ShapeError extends GraphicsArgumentError {}
/** A bad window argument (canvas, size, pixel ratio). */
export class WindowError extends GraphicsArgumentError {}
/** A bad clock argument (callback, interval, time step). */
export class ClockError extends GraphicsArgumentError {}
/** A bad animation argument (frames, image, duration, loop). */
export class AnimationError extends GraphicsArgumentError {}

/** Why an asset failed to load. */
export type AssetFailure = 'argument' | 'network' | 'http' | 'decode' | 'context-lost';

/** A bad Assets argument, or an asset that failed to load: `reason` says how, `status` the HTTP status. */
export class AssetError extends GraphicsArgumentError {
  constructor(
    argument: string,
    value: unknown,
    message: string,
    readonly reason: AssetFailure = 'argument',
    readonly status: number | null = null,
  ) {
    super(argument, value, message);
  }
}

/** A bad sprite sheet: its JSON, a frame outside the image, a grid that does not fit, an unknown frame name. */
export class SpriteSheetError extends GraphicsArgumentError {}

/** A bad input argument (window, option, listener, key code), or a use after delete. */
export class InputError extends GraphicsArgumentError {}

/** A bad camera argument (window, position, zoom, rotation, a point to convert). */
export class CameraError extends GraphicsArgumentError {}

/** A bad font: a malformed BMFont file (naming the line or field), a bad CSS font, a bad page, or a use after delete. */
export class FontError extends GraphicsArgumentError {}

/** A bad label argument or property value (a glyph the font lacks included), or a use after delete. */
export class LabelError extends GraphicsArgumentError {}
