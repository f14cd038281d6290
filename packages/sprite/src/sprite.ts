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
 * - A setter stores the value in the sprite and marks which attribute changed; the
 *   sprite's domain writes the changed attributes of its changed sprites into the
 *   shadow when it commits (at `batch.draw()`; see sprite-writes.ts for why), and
 *   uploads only those bytes: moving rewrites `translate` (8 bytes), rotation and
 *   colour/opacity 4 bytes, scale 8, anchor `rect` 16, an image on the same texture
 *   `tex_rect` + `rect` (32). So `handle.get()` shows a change after the next draw;
 *   the sprite's own getters show it at once. Setters make no object, and the
 *   numeric ones are a test and two stores, small enough for V8 to inline several
 *   into the caller's loop (an out-of-line call boxes a fractional argument).
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
import { Batch, Group, type InstanceAttributeWriter, type InstanceHandle, type TextureBlend } from '@webglet/graphics';
import { SpriteError } from './errors.ts';
import { spriteGroup } from './sprite-group.ts';
import { QUAD_MESH, SPRITE_FORMATS } from './sprite-program.ts';
import { SpriteWrites, type QueuedSprite } from './sprite-writes.ts';
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

/** Where each value lives in Sprite's `numbers`; STAGE..STAGE+3 hold a write's values on their way to the shadow. */
const X = 0, Y = 1, ROTATION = 2, SCALE_X = 3, SCALE_Y = 4, ANCHOR_X = 5, ANCHOR_Y = 6, STAGE = 7;

/** Bits of Sprite's `pending`: the attributes changed since its domain's last commit. */
const TRANSLATE = 1, ROTATE = 2, SCALE = 4, RECT = 8, TEX_RECT = 16, COLOR = 32;

export class Sprite implements QueuedSprite {
  private batchValue: Batch;
  private parentGroup: Group | null;
  private blendValue: TextureBlend;
  private imageValue: SpriteImage;
  private region: TextureRegion;
  private instance!: InstanceHandle;
  /** The instance's domain's writers and queue (changes with the instance). */
  private writes!: SpriteWrites;
  /** Attributes changed and not yet written (bits above); non-zero means queued in `writes`. */
  private pending = 0;
  /**
   * x, y, rotation, scaleX, scaleY, anchorX, anchorY, then 4 staging slots (indices
   * above). In a typed array, not in fields: V8 may keep a number field as a boxed heap
   * number, and then every store of a fractional value allocates one (measured: 24
   * bytes per setPosition).
   */
  private readonly numbers = new Float64Array(STAGE + 4);
  private readonly rgb: [number, number, number];
  private opacityValue: number;
  private visibleValue: boolean;
  private deleted = false;

  constructor(image: SpriteImage, options: SpriteOptions) {
    const where = 'new Sprite';
    if (typeof options !== 'object' || options === null) {
      throw new SpriteError('options', options, `${where}: options must be { batch, x?, y?, ... }, got ${show(options)}`);
    }
    const { batch, x = 0, y = 0, rotation = 0, scale = 1, anchorX = 0, anchorY = 0 } = options;
    const { color = WHITE, visible = true, blend = 'alpha', group = null } = options;
    checkBatch(where, batch);
    const region = checkImage(where, image, batch);
    this.numbers[X] = checkFinite(where, 'x', x);
    this.numbers[Y] = checkFinite(where, 'y', y);
    this.numbers[ROTATION] = checkFinite(where, 'rotation', rotation);
    checkFinite(where, 'scale', scale);
    this.numbers[SCALE_X] = checkFinite(where, 'scaleX', options.scaleX ?? scale);
    this.numbers[SCALE_Y] = checkFinite(where, 'scaleY', options.scaleY ?? scale);
    this.numbers[ANCHOR_X] = checkFinite(where, 'anchorX', anchorX);
    this.numbers[ANCHOR_Y] = checkFinite(where, 'anchorY', anchorY);
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
    this.attach(this.addInstance(batch));
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
      this.mark(TEX_RECT | RECT);
    } else {
      this.move(this.batchValue, region, this.blendValue, this.parentGroup);
      this.region = region;
    }
    this.imageValue = value;
  }

  get x(): number {
    this.checkLive('x');
    return this.numbers[X]!;
  }

  set x(value: number) {
    if (!this.writable || !Number.isFinite(value)) this.refuse('x', 'x', value);
    this.numbers[X] = value;
    this.mark(TRANSLATE);
  }

  get y(): number {
    this.checkLive('y');
    return this.numbers[Y]!;
  }

  set y(value: number) {
    if (!this.writable || !Number.isFinite(value)) this.refuse('y', 'y', value);
    this.numbers[Y] = value;
    this.mark(TRANSLATE);
  }

  /** Sets x and y with one write (8 bytes); the call to use every frame. */
  setPosition(x: number, y: number): void {
    if (!this.writable || !Number.isFinite(x) || !Number.isFinite(y)) this.refuse('setPosition', 'x', x, 'y', y);
    const numbers = this.numbers;
    numbers[X] = x;
    numbers[Y] = y;
    this.mark(TRANSLATE);
  }

  get rotation(): number {
    this.checkLive('rotation');
    return this.numbers[ROTATION]!;
  }

  set rotation(value: number) {
    if (!this.writable || !Number.isFinite(value)) this.refuse('rotation', 'rotation', value);
    this.numbers[ROTATION] = value;
    this.mark(ROTATE);
  }

  /** Uniform scale: setting it sets scaleX and scaleY; when they differ, reading it gives scaleX. */
  get scale(): number {
    this.checkLive('scale');
    return this.numbers[SCALE_X]!;
  }

  set scale(value: number) {
    if (!this.writable || !Number.isFinite(value)) this.refuse('scale', 'scale', value);
    this.numbers[SCALE_X] = this.numbers[SCALE_Y] = value;
    this.mark(SCALE);
  }

  get scaleX(): number {
    this.checkLive('scaleX');
    return this.numbers[SCALE_X]!;
  }

  set scaleX(value: number) {
    if (!this.writable || !Number.isFinite(value)) this.refuse('scaleX', 'scaleX', value);
    this.numbers[SCALE_X] = value;
    this.mark(SCALE);
  }

  get scaleY(): number {
    this.checkLive('scaleY');
    return this.numbers[SCALE_Y]!;
  }

  set scaleY(value: number) {
    if (!this.writable || !Number.isFinite(value)) this.refuse('scaleY', 'scaleY', value);
    this.numbers[SCALE_Y] = value;
    this.mark(SCALE);
  }

  get anchorX(): number {
    this.checkLive('anchorX');
    return this.numbers[ANCHOR_X]!;
  }

  set anchorX(value: number) {
    if (!this.writable || !Number.isFinite(value)) this.refuse('anchorX', 'anchorX', value);
    this.numbers[ANCHOR_X] = value;
    this.mark(RECT);
  }

  get anchorY(): number {
    this.checkLive('anchorY');
    return this.numbers[ANCHOR_Y]!;
  }

  set anchorY(value: number) {
    if (!this.writable || !Number.isFinite(value)) this.refuse('anchorY', 'anchorY', value);
    this.numbers[ANCHOR_Y] = value;
    this.mark(RECT);
  }

  /** Drawn width in pixels: the image's width × |scaleX|. */
  get width(): number {
    this.checkLive('width');
    return this.region.width * Math.abs(this.numbers[SCALE_X]!);
  }

  /** Drawn height in pixels: the image's height × |scaleY|. */
  get height(): number {
    this.checkLive('height');
    return this.region.height * Math.abs(this.numbers[SCALE_Y]!);
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
    this.mark(COLOR);
  }

  get opacity(): number {
    this.checkLive('opacity');
    return this.opacityValue;
  }

  set opacity(value: number) {
    this.checkWritable('opacity');
    this.opacityValue = checkOpacity('Sprite.opacity', value);
    this.mark(COLOR);
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
    this.mark(RECT);
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
      this.numbers[X] = x ?? this.numbers[X]!;
      this.numbers[Y] = y ?? this.numbers[Y]!;
      this.mark(TRANSLATE);
    }
    if (rotation !== undefined) {
      this.numbers[ROTATION] = rotation;
      this.mark(ROTATE);
    }
    if (scale !== undefined || scaleX !== undefined || scaleY !== undefined) {
      this.numbers[SCALE_X] = scaleX ?? scale ?? this.numbers[SCALE_X]!;
      this.numbers[SCALE_Y] = scaleY ?? scale ?? this.numbers[SCALE_Y]!;
      this.mark(SCALE);
    }
  }

  /** Frees the instance; any later use throws SpriteError. */
  delete(): void {
    this.checkLive('delete');
    this.freeInstance();
    this.deleted = true;
  }

  /** A new instance in `batch` holding every current value (only for creation and moves). */
  private addInstance(batch: Batch, region = this.region, blend = this.blendValue, parent = this.parentGroup): InstanceHandle {
    const group = spriteGroup(region.texture, blend, parent);
    const numbers = this.numbers;
    this.stageRect(region);
    const values = INSTANCE_VALUES;
    values.translate[0] = numbers[X]!;
    values.translate[1] = numbers[Y]!;
    values.rotation[0] = numbers[ROTATION]!;
    values.scale[0] = numbers[SCALE_X]!;
    values.scale[1] = numbers[SCALE_Y]!;
    for (let c = 0; c < 4; c++) values.rect[c] = numbers[STAGE + c]!;
    values.tex_rect[0] = region.u0;
    values.tex_rect[1] = region.v0;
    values.tex_rect[2] = region.u1;
    values.tex_rect[3] = region.v1;
    values.color[0] = this.rgb[0];
    values.color[1] = this.rgb[1];
    values.color[2] = this.rgb[2];
    values.color[3] = this.opacityValue;
    return batch.addInstanced(batch.gl.TRIANGLE_STRIP, group, group.program, QUAD_MESH, SPRITE_FORMATS, values);
  }

  /** Adds the new instance first (so a failure leaves the sprite as it was), then frees the old one. */
  private move(batch: Batch, region: TextureRegion, blend: TextureBlend, parent: Group | null): void {
    const next = this.addInstance(batch, region, blend, parent);
    this.freeInstance();
    this.attach(next);
  }

  /** The new instance holds every current value: nothing is pending for it. */
  private attach(instance: InstanceHandle): void {
    this.instance = instance;
    this.writes = SpriteWrites.of(instance.domain);
    this.pending = 0;
  }

  /** Records that `attributes` changed; the first change since the last commit queues the sprite. */
  private mark(attributes: number): void {
    if (this.pending === 0) this.writes.enqueue(this);
    this.pending |= attributes;
  }

  /**
   * For SpriteWrites, at its domain's commit: writes the changed attributes into the
   * shadow. Skipped when the sprite has moved to another domain since it was queued
   * (the move wrote everything), or its instance is gone (deleted with the sprite or
   * through the handle: the slot may be another sprite's now).
   */
  writePending(from: SpriteWrites): void {
    const pending = this.pending;
    if (pending === 0 || from !== this.writes || this.instance.isDeleted) return;
    this.pending = 0;
    const writes = this.writes;
    if (pending & TRANSLATE) this.write(writes.translate, X, 2);
    if (pending & ROTATE) this.write(writes.rotation, ROTATION, 1);
    if (pending & SCALE) this.write(writes.scale, SCALE_X, 2);
    if (pending & RECT) {
      this.stageRect(this.region);
      this.write(writes.rect, STAGE, 4);
    }
    if (pending & TEX_RECT) this.writeTexRect();
    if (pending & COLOR) this.writeColor();
  }

  /** Copies numbers[from, from + count) into this instance's attribute of `writer` and marks those bytes. */
  private write(writer: InstanceAttributeWriter, from: number, count: number): void {
    const slot = this.instance.slot;
    const array = writer.array;
    const at = slot * writer.elementStride;
    const numbers = this.numbers;
    for (let c = 0; c < count; c++) array[at + c] = numbers[from + c]!;
    writer.markInstance(slot);
  }

  /** Stages `rect` (numbers[STAGE, + 4)): the quad relative to the anchor, or zero size while hidden. */
  private stageRect({ width, height }: TextureRegion): void {
    const shown = this.visibleValue ? 1 : 0;
    const numbers = this.numbers;
    numbers[STAGE] = -numbers[ANCHOR_X]! * width * shown;
    numbers[STAGE + 1] = -numbers[ANCHOR_Y]! * height * shown;
    numbers[STAGE + 2] = width * shown;
    numbers[STAGE + 3] = height * shown;
  }

  private writeTexRect(): void {
    const { u0, v0, u1, v1 } = this.region;
    const numbers = this.numbers;
    numbers[STAGE] = u0;
    numbers[STAGE + 1] = v0;
    numbers[STAGE + 2] = u1;
    numbers[STAGE + 3] = v1;
    this.write(this.writes.texRect, STAGE, 4);
  }

  private writeColor(): void {
    const numbers = this.numbers;
    numbers[STAGE] = this.rgb[0];
    numbers[STAGE + 1] = this.rgb[1];
    numbers[STAGE + 2] = this.rgb[2];
    numbers[STAGE + 3] = this.opacityValue;
    this.write(this.writes.color, STAGE, 4);
  }

  /** The setters' inline test: live, and the batch too (writes go into its domain). */
  private get writable(): boolean {
    return !this.deleted && !this.instance.isDeleted && !this.instance.domain.isDeleted;
  }

  /** Runs only when a setter's inline test failed: the full checks throw the error that names what is wrong. */
  private refuse(method: string, name: string, value: number, name2 = name, value2 = value): void {
    this.checkWritable(method);
    checkFinite(`Sprite.${method}`, name, value);
    checkFinite(`Sprite.${method}`, name2, value2);
  }

  private checkLive(name: string): void {
    if (this.deleted) throw new SpriteError('this', 'deleted', `Sprite.${name}: the sprite was deleted`);
  }

  /** Live, and its batch too (writes go into the batch's domain). */
  /** What `writable` tests, with the error that names what is wrong. */
  private checkWritable(name: string): void {
    this.checkLive(name);
    if (this.instance.domain.isDeleted) {
      throw new SpriteError('batch', this.batchValue, `Sprite.${name}: the sprite's batch was deleted; give the sprite a live batch first`);
    }
    if (this.instance.isDeleted) {
      throw new SpriteError('handle', this.instance, `Sprite.${name}: the sprite's instance was deleted through its handle (its slot may hold another sprite now); delete the sprite instead`);
    }
  }

  /** Frees the slot unless the batch (and its domains) or the handle's own delete() already did. */
  private freeInstance(): void {
    if (!this.instance.domain.isDeleted && !this.instance.isDeleted) this.instance.delete();
  }
}

const WHITE: SpriteColor = [255, 255, 255];

/** What addInstance passes to the batch, filled in place: a new sprite makes no arrays (addInstanced copies them). */
const INSTANCE_VALUES = {
  translate: [0, 0], rotation: [0], scale: [0, 0], rect: [0, 0, 0, 0], tex_rect: [0, 0, 0, 0], color: [0, 0, 0, 0],
};

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
