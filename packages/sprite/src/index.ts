/**
 * webglet for games: Window, Clock, Texture, TextureAtlas, Sprite and shapes, on
 * \@webglet/graphics. Batch, Group and the allocation policies are re-exported from there.
 *
 * @packageDocumentation
 * @module @webglet/sprite
 */
export {
  AssetError,
  ClockError,
  ShapeError,
  SpriteError,
  TextureAtlasError,
  TextureError,
  WindowError,
  type AssetFailure,
} from './errors.ts';
export { Assets, type AssetsOptions, type ProgressListener } from './assets.ts';
export { SpriteSheetError } from './errors.ts';
export { ImageGrid, SpriteSheet, type ImageGridOptions, type SheetTag } from './sprite-sheet.ts';
export { Clock, type ClockCallback, type ClockOptions } from './clock.ts';
export { Window, type ContextRestoredListener, type ResizeListener, type WindowOptions } from './window.ts';
export { CameraError, InputError } from './errors.ts';
export { Camera, type CameraOptions } from './camera.ts';
export { Input, type InputOptions, type KeyInfo, type KeyListener, type PointerInfo, type PointerListener } from './input.ts';
export * from './shapes/index.ts';
export { SkylinePacker, type PackedPosition } from './skyline-packer.ts';
export {
  Texture,
  TextureRegion,
  type PixelData,
  type TextureFilter,
  type TextureOptions,
  type TextureRegionFrame,
  type TextureSource,
  type TextureWrap,
} from './texture.ts';
export { TextureAtlas, type TextureAtlasOptions } from './texture-atlas.ts';
export {
  QUAD_INDICES,
  Sprite,
  SPRITE_ATTRIBUTES,
  SpriteGroup,
  spriteGroup,
  spriteProgram,
  type SpriteColor,
  type SpriteImage,
  type SpriteOptions,
  type SpriteUpdate,
} from './sprite.ts';
// What every sprite app needs from the layer below, so `npm i @webglet/sprite` and one import suffice.
export { Batch, bestFit, firstFit, goodFit, Group, type BatchOptions, type Policy } from '@webglet/graphics';
export { AnimationError } from './errors.ts';
export { Animation, type AnimationFrame } from './animation.ts';
export { AnimatedSprite, type AnimatedSpriteOptions, type AnimationCallback } from './animated-sprite.ts';
export { FontError, LabelError } from './errors.ts';
export { parseBMFont, type BMFontChar, type BMFontDescription, type BMFontFormat, type BMFontKerning } from './bmfont-parse.ts';
export type { Font, Glyph } from './font.ts';
export { BitmapFont, type BitmapFontLoadOptions } from './bitmap-font.ts';
export { CanvasFont, type CanvasFontOptions } from './canvas-font.ts';
export {
  Label,
  type LabelColor,
  type LabelOptions,
  type MissingGlyph,
  type TextAlign,
  type TextAnchorX,
  type TextAnchorY,
} from './label.ts';
