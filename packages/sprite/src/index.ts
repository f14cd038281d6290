export { ClockError, ShapeError, SpriteError, TextureAtlasError, TextureError, WindowError } from './errors.ts';
