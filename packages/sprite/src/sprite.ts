/**
 * Sprite (pyglet.sprite.Sprite semantics, PixiJS-familiar names): an image
 * (a TextureRegion, or a whole Texture) drawn as ONE instance of a shared quad
 * in a Batch (`batch.addInstanced`, TRIANGLE_STRIP, see sprite-program.ts).
 *
 * Decisions:
 * - Coordinates: y-down pixels; (x, y) is the anchor point; anchorX/anchorY are
 *   fractions of the image (0, 0 = top-left, the default; 0.5 = centre);
 *   `rotation` in radians turns clockwise on screen about the anchor; negative
 *   scales mirror. `scale` sets both scaleX and scaleY; READING `scale` when
 *   they differ returns scaleX.
 * - Groups: the sprite's SpriteGroup (texture, blend, parent) is cached, so
 *   sprites on one texture / atlas page with the same blend and parent share
 *   one domain and one draw call. Draw order within one group is unspecified
 *   (freed slots are reused): layer with parent groups and their `order`, as
 *   in pyglet.
 * - Writes go in place into the domain's shadow (`InstanceHandle.set`) and mark only
 *   this instance's bytes: moving rewrites `translate` (8 bytes), rotation and
 *   colour/opacity 4 bytes, scale 8, anchor `rect` 16, an image on the same
 *   texture `tex_rect` + `rect` (32). Setters allocate nothing.
 * - `visible = false` keeps the slot and writes a zero-size `rect` (no
 *   fragments); `true` writes it back.
 * - An image on another texture, another blend, group or batch moves the
 *   sprite: a new instance is added with every current value, then the old one
 *   is deleted; the Sprite object stays the same but `handle` changes.
 * - Every argument is checked before anything is written, and a bad one throws
 *   SpriteError naming it and its value with the sprite unchanged. Any use
 *   after `delete()` throws SpriteError; so does a write after the sprite's
 *   batch was deleted (give it a new `batch` to go on).
 */
import { Batch, Group, type InstanceHandle, type TextureBlend } from '@webglet/graphics';
import { SpriteError } from './errors.ts';
import { spriteGroup } from './sprite-group.ts';
import { QUAD_MESH, SPRITE_FORMATS } from './sprite-program.ts';
import { Texture } from './texture.ts';
import { TextureRegion } from './texture-region.ts';

export { SpriteGroup, spriteGroup } from './sprite-group.ts';
export { QUAD_MESH, SPRITE_FORMATS, spriteFragmentSource, spriteProgram, spriteVertexSource } from './sprite-program.ts';

/** What a sprite shows: a region of a texture, or a whole texture. */
export type SpriteImage = TextureRegion | Texture;

/** [r, g, b] or [r, g, b, a], whole numbers 0–255; a 4th component sets opacity. */
export type SpriteColor = readonly [number, number, number] | readonly [number, number, number, number];

export interface SpriteOptions {
  /** The batch the sprite is drawn in (required); it must draw on the image's context. */
  batch: Batch;
  /** Position of the anchor point, pixels, y down. Default 0. */
  x?: number;
  y?: number;
  /** Radians, clockwise on screen. Default 0. */
  rotation?: number;
  /** Sets scaleX and scaleY; scaleX / scaleY given too override it. Default 1. */
  scale?: number;
  scaleX?: number;
  scaleY?: number;
  /** Fractions of the image's width / height. Default 0 (top-left). */
  anchorX?: number;
  anchorY?: number;
  /** Default [255, 255, 255]; a 4th component sets opacity. */
  color?: SpriteColor;
  /** 0–255, default 255 (or the colour's 4th component). */
  opacity?: number;
  /** Default true. */
  visible?: boolean;
  /** Default 'alpha'. */
  blend?: TextureBlend;
  /** Parent group (layering by its order). Default null. */
  group?: Group | null;
}

/** What `update` takes: each given value is set, and each attribute is written once. */
export interface SpriteUpdate {
  x?: number;
  y?: number;
  rotation?: number;
  /** Applied before scaleX / scaleY, which override it. */
  scale?: number;
  scaleX?: number;
  scaleY?: number;
}

const BLENDS: readonly TextureBlend[] = ['alpha', 'additive', 'none'];

export class Sprite {
  private batchValue: Batch;
  private parentGroup: Group | null;
  private blendValue: TextureBlend;
  private imageValue: SpriteImage;
  private region: TextureRegion;
  private instance: InstanceHandle;
  /**
   * x, y, rotation, scaleX, scaleY, anchorX, anchorY. In a typed array, not in fields:
   * V8 may keep a number field as a boxed heap number, and then every store of a
   * fractional value allocates one (measured: 24 bytes per setPosition).
   */
  private readonly numbers = new Float64Array(7);
  private readonly rgb: [number, number, number];
  private opacityValue: number;
  private visibleValue: boolean;
  private deleted = false;

  private get xValue(): number { return this.numbers[0]!; }
  private set xValue(value: number) { this.numbers[0] = value; }
  private get yValue(): number { return this.numbers[1]!; }
  private set yValue(value: number) { this.numbers[1] = value; }
  private get rotationValue(): number { return this.numbers[2]!; }
  private set rotationValue(value: number) { this.numbers[2] = value; }
  private get scaleXValue(): number { return this.numbers[3]!; }
  private set scaleXValue(value: number) { this.numbers[3] = value; }
  private get scaleYValue(): number { return this.numbers[4]!; }
  private set scaleYValue(value: number) { this.numbers[4] = value; }
  private get anchorXValue(): number { return this.numbers[5]!; }
  private set anchorXValue(value: number) { this.numbers[5] = value; }
  private get anchorYValue(): number { return this.numbers[6]!; }
  private set anchorYValue(value: number) { this.numbers[6] = value; }

  constructor(image: SpriteImage, options: SpriteOptions) {
    const where = 'new Sprite';
    if (typeof options !== 'object' || options === null) {
      throw new SpriteError('options', options, `${where}: options must be { batch, x?, y?, ... }, got ${show(options)}`);
    }
    const { batch, x = 0, y = 0, rotation = 0, scale = 1, anchorX = 0, anchorY = 0 } = options;
    const { color = WHITE, visible = true, blend = 'alpha', group = null } = options;
    checkBatch(where, batch);
    const region = checkImage(where, image, batch);
    this.xValue = checkFinite(where, 'x', x);
    this.yValue = checkFinite(where, 'y', y);
    this.rotationValue = checkFinite(where, 'rotation', rotation);
    checkFinite(where, 'scale', scale);
    this.scaleXValue = checkFinite(where, 'scaleX', options.scaleX ?? scale);
    this.scaleYValue = checkFinite(where, 'scaleY', options.scaleY ?? scale);
    this.anchorXValue = checkFinite(where, 'anchorX', anchorX);
    this.anchorYValue = checkFinite(where, 'anchorY', anchorY);
    checkColor(where, color);
    const opacity = options.opacity ?? (color as readonly number[])[3] ?? 255;
    this.opacityValue = checkOpacity(where, opacity);
    this.visibleValue = checkBoolean(where, 'visible', visible);
    this.blendValue = checkBlend(where, blend);
    this.parentGroup = checkGroup(where, group);
    this.rgb = [color[0], color[1], color[2]];
    this.batchValue = batch;
    this.imageValue = image;
    this.region = region;
    this.instance = this.addInstance(batch);
  }

  get isDeleted(): boolean {
    return this.deleted;
  }

  /** The sprite's instance (for `batch.drawSubset`); a new one after the sprite moved to another group or batch. */
  get handle(): InstanceHandle {
    this.checkLive('handle');
    return this.instance;
  }

  get batch(): Batch {
    this.checkLive('batch');
    return this.batchValue;
  }

  /** Moves the sprite into `batch` (same GL context); works after the old batch was deleted. */
  set batch(value: Batch) {
    this.checkLive('batch');
    checkBatch('Sprite.batch', value);
    if (value.gl !== this.batchValue.gl) {
      throw new SpriteError('batch', value, 'Sprite.batch: the batch must draw on the sprite\'s WebGL context, got a batch on another context');
    }
    if (value === this.batchValue) return;
    this.move(value, this.region, this.blendValue, this.parentGroup);
    this.batchValue = value;
  }

  /** The parent group given (or null), not the internal SpriteGroup. */
  get group(): Group | null {
    this.checkLive('group');
    return this.parentGroup;
  }

  set group(value: Group | null) {
    this.checkWritable('group');
    checkGroup('Sprite.group', value);
    if (value === this.parentGroup) return;
    this.move(this.batchValue, this.region, this.blendValue, value);
    this.parentGroup = value;
  }

  get blend(): TextureBlend {
    this.checkLive('blend');
    return this.blendValue;
  }

  set blend(value: TextureBlend) {
    this.checkWritable('blend');
    checkBlend('Sprite.blend', value);
    if (value === this.blendValue) return;
    this.move(this.batchValue, this.region, value, this.parentGroup);
    this.blendValue = value;
  }

  /** The image as given (a TextureRegion or a Texture). */
  get image(): SpriteImage {
    this.checkLive('image');
    return this.imageValue;
  }

  /** Same texture: rewrites tex_rect and rect only; another texture: moves the sprite to that texture's group. */
  set image(value: SpriteImage) {
    this.checkWritable('image');
    const region = checkImage('Sprite.image', value, this.batchValue);
    if (region.texture === this.region.texture) {
      this.region = region;
      this.writeTexRect();
      this.writeRect();
    } else {
      this.move(this.batchValue, region, this.blendValue, this.parentGroup);
      this.region = region;
    }
    this.imageValue = value;
  }

  get x(): number {
    this.checkLive('x');
    return this.xValue;
  }

  set x(value: number) {
    this.checkWritable('x');
    this.xValue = checkFinite('Sprite.x', 'x', value);
    this.writeTranslate();
  }

  get y(): number {
    this.checkLive('y');
    return this.yValue;
  }

  set y(value: number) {
    this.checkWritable('y');
    this.yValue = checkFinite('Sprite.y', 'y', value);
    this.writeTranslate();
  }

  /** Sets x and y with one write. */
  setPosition(x: number, y: number): void {
    this.checkWritable('setPosition');
    checkFinite('Sprite.setPosition', 'x', x);
    checkFinite('Sprite.setPosition', 'y', y);
    this.xValue = x;
    this.yValue = y;
    this.writeTranslate();
  }

  get rotation(): number {
    this.checkLive('rotation');
    return this.rotationValue;
  }

  set rotation(value: number) {
    this.checkWritable('rotation');
    this.rotationValue = checkFinite('Sprite.rotation', 'rotation', value);
    this.writeRotation();
  }

  /** Uniform scale: setting it sets scaleX and scaleY; when they differ, reading it gives scaleX. */
  get scale(): number {
    this.checkLive('scale');
    return this.scaleXValue;
  }

  set scale(value: number) {
    this.checkWritable('scale');
    checkFinite('Sprite.scale', 'scale', value);
    this.scaleXValue = this.scaleYValue = value;
    this.writeScale();
  }

  get scaleX(): number {
    this.checkLive('scaleX');
    return this.scaleXValue;
  }

  set scaleX(value: number) {
    this.checkWritable('scaleX');
    this.scaleXValue = checkFinite('Sprite.scaleX', 'scaleX', value);
    this.writeScale();
  }

  get scaleY(): number {
    this.checkLive('scaleY');
    return this.scaleYValue;
  }

  set scaleY(value: number) {
    this.checkWritable('scaleY');
    this.scaleYValue = checkFinite('Sprite.scaleY', 'scaleY', value);
    this.writeScale();
  }

  get anchorX(): number {
    this.checkLive('anchorX');
    return this.anchorXValue;
  }

  set anchorX(value: number) {
    this.checkWritable('anchorX');
    this.anchorXValue = checkFinite('Sprite.anchorX', 'anchorX', value);
    this.writeRect();
  }

  get anchorY(): number {
    this.checkLive('anchorY');
    return this.anchorYValue;
  }

  set anchorY(value: number) {
    this.checkWritable('anchorY');
    this.anchorYValue = checkFinite('Sprite.anchorY', 'anchorY', value);
    this.writeRect();
  }

  /** Drawn width in pixels: the image's width × |scaleX|. */
  get width(): number {
    this.checkLive('width');
    return this.region.width * Math.abs(this.scaleXValue);
  }

  /** Drawn height in pixels: the image's height × |scaleY|. */
  get height(): number {
    this.checkLive('height');
    return this.region.height * Math.abs(this.scaleYValue);
  }

  /** [r, g, b] (a copy); opacity is separate. */
  get color(): [number, number, number] {
    this.checkLive('color');
    return [this.rgb[0], this.rgb[1], this.rgb[2]];
  }

  /** [r, g, b] or [r, g, b, a] (the 4th sets opacity); rewrites only `color` (4 bytes). */
  set color(value: SpriteColor) {
    this.checkWritable('color');
    checkColor('Sprite.color', value);
    this.rgb[0] = value[0];
    this.rgb[1] = value[1];
    this.rgb[2] = value[2];
    if (value.length === 4) this.opacityValue = value[3];
    this.writeColor();
  }

  get opacity(): number {
    this.checkLive('opacity');
    return this.opacityValue;
  }

  set opacity(value: number) {
    this.checkWritable('opacity');
    this.opacityValue = checkOpacity('Sprite.opacity', value);
    this.writeColor();
  }

  get visible(): boolean {
    this.checkLive('visible');
    return this.visibleValue;
  }

  set visible(value: boolean) {
    this.checkWritable('visible');
    checkBoolean('Sprite.visible', 'visible', value);
    if (value === this.visibleValue) return;
    this.visibleValue = value;
    this.writeRect();
  }

  /** pyglet's update: sets every given value (checked first), writing translate, rotation and scale at most once each. */
  update(values: SpriteUpdate): void {
    const where = 'Sprite.update';
    this.checkWritable('update');
    if (typeof values !== 'object' || values === null) {
      throw new SpriteError('values', values, `${where}: values must be { x?, y?, rotation?, scale?, scaleX?, scaleY? }, got ${show(values)}`);
    }
    const { x, y, rotation, scale, scaleX, scaleY } = values;
    if (x !== undefined) checkFinite(where, 'x', x);
    if (y !== undefined) checkFinite(where, 'y', y);
    if (rotation !== undefined) checkFinite(where, 'rotation', rotation);
    if (scale !== undefined) checkFinite(where, 'scale', scale);
    if (scaleX !== undefined) checkFinite(where, 'scaleX', scaleX);
    if (scaleY !== undefined) checkFinite(where, 'scaleY', scaleY);
    if (x !== undefined || y !== undefined) {
      this.xValue = x ?? this.xValue;
      this.yValue = y ?? this.yValue;
      this.writeTranslate();
    }
    if (rotation !== undefined) {
      this.rotationValue = rotation;
      this.writeRotation();
    }
    if (scale !== undefined || scaleX !== undefined || scaleY !== undefined) {
      this.scaleXValue = scaleX ?? scale ?? this.scaleXValue;
      this.scaleYValue = scaleY ?? scale ?? this.scaleYValue;
      this.writeScale();
    }
  }

  /** Frees the instance; any later use throws SpriteError. */
  delete(): void {
    this.checkLive('delete');
    // A deleted batch took its domains (and our slot) with it.
    if (!this.instance.domain.isDeleted) this.instance.delete();
    this.deleted = true;
  }

  /** A new instance in `batch` holding every current value (allocates: only for creation and moves). */
  private addInstance(batch: Batch, region = this.region, blend = this.blendValue, parent = this.parentGroup): InstanceHandle {
    const visible = this.visibleValue;
    const group = spriteGroup(region.texture, blend, parent);
    return batch.addInstanced(batch.gl.TRIANGLE_STRIP, group, group.program, QUAD_MESH, SPRITE_FORMATS, {
      translate: [this.xValue, this.yValue],
      rotation: [this.rotationValue],
      scale: [this.scaleXValue, this.scaleYValue],
      rect: visible ? rectOf(region, this.anchorXValue, this.anchorYValue) : [0, 0, 0, 0],
      tex_rect: [region.u0, region.v0, region.u1, region.v1],
      color: [this.rgb[0], this.rgb[1], this.rgb[2], this.opacityValue],
    });
  }

  /** Adds the new instance first (so a failure leaves the sprite as it was), then frees the old one. */
  private move(batch: Batch, region: TextureRegion, blend: TextureBlend, parent: Group | null): void {
    const next = this.addInstance(batch, region, blend, parent);
    if (!this.instance.domain.isDeleted) this.instance.delete();
    this.instance = next;
  }

  private writeTranslate(): void {
    this.instance.set('translate', this.xValue, this.yValue);
  }

  private writeRotation(): void {
    this.instance.set('rotation', this.rotationValue);
  }

  private writeScale(): void {
    this.instance.set('scale', this.scaleXValue, this.scaleYValue);
  }

  /** The quad relative to the anchor, or zero size while hidden. */
  private writeRect(): void {
    const { width, height } = this.region;
    const shown = this.visibleValue ? 1 : 0;
    this.instance.set('rect', -this.anchorXValue * width * shown, -this.anchorYValue * height * shown, width * shown, height * shown);
  }

  private writeTexRect(): void {
    const region = this.region;
    this.instance.set('tex_rect', region.u0, region.v0, region.u1, region.v1);
  }

  private writeColor(): void {
    this.instance.set('color', this.rgb[0], this.rgb[1], this.rgb[2], this.opacityValue);
  }

  private checkLive(name: string): void {
    if (this.deleted) throw new SpriteError('this', 'deleted', `Sprite.${name}: the sprite was deleted`);
  }

  /** Live, and its batch too (writes go into the batch's domain). */
  private checkWritable(name: string): void {
    this.checkLive(name);
    if (this.instance.domain.isDeleted) {
      throw new SpriteError('batch', this.batchValue, `Sprite.${name}: the sprite's batch was deleted; give the sprite a live batch first`);
    }
  }
}

const WHITE: SpriteColor = [255, 255, 255];

const rectOf = (region: TextureRegion, anchorX: number, anchorY: number): number[] =>
  [-anchorX * region.width, -anchorY * region.height, region.width, region.height];

const show = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map((v) => show(v)).join(', ')}]`;
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
};

const isByte = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 255;

function checkFinite(where: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new SpriteError(name, value, `${where}: ${name} must be a finite number, got ${show(value)}`);
  }
  return value;
}

function checkOpacity(where: string, value: unknown): number {
  if (!isByte(value)) throw new SpriteError('opacity', value, `${where}: opacity must be a whole number in 0–255, got ${show(value)}`);
  return value;
}

function checkColor(where: string, value: unknown): void {
  if (!Array.isArray(value) || (value.length !== 3 && value.length !== 4) || !value.every(isByte)) {
    throw new SpriteError('color', value, `${where}: color must be [r, g, b] or [r, g, b, a] of whole numbers in 0–255, got ${show(value)}`);
  }
}

function checkBoolean(where: string, name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new SpriteError(name, value, `${where}: ${name} must be a boolean, got ${show(value)}`);
  return value;
}

function checkBlend(where: string, value: unknown): TextureBlend {
  if (!BLENDS.includes(value as TextureBlend)) {
    throw new SpriteError('blend', value, `${where}: blend must be one of ${BLENDS.join(', ')}, got ${show(value)}`);
  }
  return value as TextureBlend;
}

function checkGroup(where: string, value: unknown): Group | null {
  if (value !== null && !(value instanceof Group)) {
    throw new SpriteError('group', value, `${where}: group must be a Group or null, got ${show(value)}`);
  }
  return value;
}

function checkBatch(where: string, batch: unknown): asserts batch is Batch {
  if (!(batch instanceof Batch) || batch.isDeleted) {
    throw new SpriteError('batch', batch, `${where}: batch must be a live Batch, got ${batch instanceof Batch ? 'a deleted Batch' : show(batch)}`);
  }
}

/** The image as a region: a live texture (or a region of one) on the batch's context. */
function checkImage(where: string, image: unknown, batch: Batch): TextureRegion {
  let region: TextureRegion;
  if (image instanceof TextureRegion) {
    if (image.texture.isDeleted) throw new SpriteError('image', image, `${where}: image is a region of a deleted Texture`);
    region = image;
  } else if (image instanceof Texture) {
    if (image.isDeleted) throw new SpriteError('image', image, `${where}: image is a deleted Texture`);
    region = image.fullRegion;
  } else {
    throw new SpriteError('image', image, `${where}: image must be a TextureRegion or a Texture, got ${show(image)}`);
  }
  if (region.texture.gl !== batch.gl) {
    throw new SpriteError('image', image, `${where}: image must be a texture of the batch's WebGL context, got one of another context`);
  }
  return region;
}
