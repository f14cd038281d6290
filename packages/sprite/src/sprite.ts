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
 * - Position, rotation and scale setters store the number (in the domain's
 *   numbers by slot, see sprite-writes.ts) and mark the slot; the domain writes the
 *   marked attributes into the shadow when it commits (at `batch.draw()`). So those
 *   setters are a test and a few stores, small enough for V8 to inline several into
 *   the caller's loop (an out-of-line call boxes a fractional argument), and
 *   `handle.get()` shows such a change after its domain's next commit (the next
 *   `batch.draw()` that draws it; the getters show it at once).
 *   Anchor, visibility, image and colour write the shadow at once. Either way only
 *   the changed bytes are uploaded: moving `translate` (8 bytes), rotation and
 *   colour/opacity 4, scale 8, anchor `rect` 16, an image on the same texture
 *   `tex_rect` + `rect` (32). Setters make no object.
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
import { ANCHOR_X, ANCHOR_Y, NUMBERS, ROTATE, ROTATION, SCALE, SCALE_X, SCALE_Y, SpriteWrites, TRANSLATE, X, Y } from './sprite-writes.ts';
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
  private instance!: InstanceHandle;
  /** The instance's domain's writers and numbers by slot (changes with the instance). */
  private writes!: SpriteWrites;
  /** The instance's slot. */
  private slot = 0;
  /**
   * slot × NUMBERS: this sprite's x, y, rotation, scaleX, scaleY, anchorX, anchorY are
   * writes.numbers[numbersAt + X …]. In a typed array, not in fields: V8 may keep a number
   * field as a boxed heap number, and then every store of a fractional value allocates
   * one (measured: 24 bytes per setPosition).
   */
  private numbersAt = 0;
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
    const numbers = new Float64Array(NUMBERS); // not shared: user code (getters in options) may run before attach
    numbers[X] = checkFinite(where, 'x', x);
    numbers[Y] = checkFinite(where, 'y', y);
    numbers[ROTATION] = checkFinite(where, 'rotation', rotation);
    checkFinite(where, 'scale', scale);
    numbers[SCALE_X] = checkFinite(where, 'scaleX', options.scaleX ?? scale);
    numbers[SCALE_Y] = checkFinite(where, 'scaleY', options.scaleY ?? scale);
    numbers[ANCHOR_X] = checkFinite(where, 'anchorX', anchorX);
    numbers[ANCHOR_Y] = checkFinite(where, 'anchorY', anchorY);
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
    this.attach(this.addInstance(batch, numbers, 0), numbers, 0);
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
    if (this.instance.isDeleted) throw this.handleDeleted('batch');
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
    return this.number('x', X);
  }

  set x(value: number) {
    if (!this.writable || !Number.isFinite(value)) this.refuse('x', 'x', value);
    this.writes.numbers[this.numbersAt + X] = value;
    this.writes.mark(this.slot, TRANSLATE);
  }

  get y(): number {
    return this.number('y', Y);
  }

  set y(value: number) {
    if (!this.writable || !Number.isFinite(value)) this.refuse('y', 'y', value);
    this.writes.numbers[this.numbersAt + Y] = value;
    this.writes.mark(this.slot, TRANSLATE);
  }

  /** Sets x and y with one write (8 bytes); the call to use every frame. */
  setPosition(x: number, y: number): void {
    if (!this.writable || !Number.isFinite(x) || !Number.isFinite(y)) this.refuse('setPosition', 'x', x, 'y', y);
    const writes = this.writes;
    const numbers = writes.numbers;
    numbers[this.numbersAt + X] = x;
    numbers[this.numbersAt + Y] = y;
    writes.mark(this.slot, TRANSLATE);
  }

  get rotation(): number {
    return this.number('rotation', ROTATION);
  }

  set rotation(value: number) {
    if (!this.writable || !Number.isFinite(value)) this.refuse('rotation', 'rotation', value);
    this.writes.numbers[this.numbersAt + ROTATION] = value;
    this.writes.mark(this.slot, ROTATE);
  }

  /** Uniform scale: setting it sets scaleX and scaleY; when they differ, reading it gives scaleX. */
  get scale(): number {
    return this.number('scale', SCALE_X);
  }

  set scale(value: number) {
    if (!this.writable || !Number.isFinite(value)) this.refuse('scale', 'scale', value);
    const writes = this.writes;
    writes.numbers[this.numbersAt + SCALE_X] = writes.numbers[this.numbersAt + SCALE_Y] = value;
    writes.mark(this.slot, SCALE);
  }

  get scaleX(): number {
    return this.number('scaleX', SCALE_X);
  }

  set scaleX(value: number) {
    if (!this.writable || !Number.isFinite(value)) this.refuse('scaleX', 'scaleX', value);
    this.writes.numbers[this.numbersAt + SCALE_X] = value;
    this.writes.mark(this.slot, SCALE);
  }

  get scaleY(): number {
    return this.number('scaleY', SCALE_Y);
  }

  set scaleY(value: number) {
    if (!this.writable || !Number.isFinite(value)) this.refuse('scaleY', 'scaleY', value);
    this.writes.numbers[this.numbersAt + SCALE_Y] = value;
    this.writes.mark(this.slot, SCALE);
  }

  get anchorX(): number {
    return this.number('anchorX', ANCHOR_X);
  }

  set anchorX(value: number) {
    if (!this.writable || !Number.isFinite(value)) this.refuse('anchorX', 'anchorX', value);
    this.writes.numbers[this.numbersAt + ANCHOR_X] = value;
    this.writeRect();
  }

  get anchorY(): number {
    return this.number('anchorY', ANCHOR_Y);
  }

  set anchorY(value: number) {
    if (!this.writable || !Number.isFinite(value)) this.refuse('anchorY', 'anchorY', value);
    this.writes.numbers[this.numbersAt + ANCHOR_Y] = value;
    this.writeRect();
  }

  /** Drawn width in pixels: the image's width × |scaleX|. */
  get width(): number {
    return this.region.width * Math.abs(this.number('width', SCALE_X));
  }

  /** Drawn height in pixels: the image's height × |scaleY|. */
  get height(): number {
    return this.region.height * Math.abs(this.number('height', SCALE_Y));
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
    const { numbers } = this.writes;
    const at = this.numbersAt;
    if (x !== undefined || y !== undefined) {
      numbers[at + X] = x ?? numbers[at + X]!;
      numbers[at + Y] = y ?? numbers[at + Y]!;
      this.writes.mark(this.slot, TRANSLATE);
    }
    if (rotation !== undefined) {
      numbers[at + ROTATION] = rotation;
      this.writes.mark(this.slot, ROTATE);
    }
    if (scale !== undefined || scaleX !== undefined || scaleY !== undefined) {
      numbers[at + SCALE_X] = scaleX ?? scale ?? numbers[at + SCALE_X]!;
      numbers[at + SCALE_Y] = scaleY ?? scale ?? numbers[at + SCALE_Y]!;
      this.writes.mark(this.slot, SCALE);
    }
  }

  /** Frees the instance; any later use throws SpriteError. */
  delete(): void {
    this.checkLive('delete');
    this.freeInstance();
    this.deleted = true;
  }

  /**
   * A new instance in `batch` holding every value, the numbers taken from
   * source[from + X …] (only for creation and moves).
   */
  private addInstance(batch: Batch, source: Float64Array, from: number, region = this.region, blend = this.blendValue, parent = this.parentGroup): InstanceHandle {
    const group = spriteGroup(region.texture, blend, parent);
    const values = INSTANCE_VALUES;
    values.translate[0] = source[from + X]!;
    values.translate[1] = source[from + Y]!;
    values.rotation[0] = source[from + ROTATION]!;
    values.scale[0] = source[from + SCALE_X]!;
    values.scale[1] = source[from + SCALE_Y]!;
    this.stageRect(region, source, from);
    for (let c = 0; c < 4; c++) values.rect[c] = STAGED[c]!;
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
    // The old domain's numbers array: attach may replace it if the new instance is in the same domain.
    const numbers = this.writes.numbers;
    const next = this.addInstance(batch, numbers, this.numbersAt, region, blend, parent);
    this.freeInstance();
    this.attach(next, numbers, this.numbersAt);
  }

  /** Takes `instance`, which holds every value already; its numbers are copied from source[from …]. */
  private attach(instance: InstanceHandle, source: Float64Array, from: number): void {
    const writes = SpriteWrites.of(instance.domain);
    const at = instance.slot * NUMBERS;
    writes.numbers.set(source.subarray(from, from + NUMBERS), at);
    instance.onMove = this.followMove;
    this.instance = instance;
    this.writes = writes;
    this.slot = instance.slot;
    this.numbersAt = at;
  }

  /** The batch moved the instance (its group stopped being equal to the others in its domain): the numbers follow it. */
  private readonly followMove = (): void => {
    const writes = this.writes, from = this.numbersAt;
    writes.unmark(this.slot);
    this.attach(this.instance, writes.numbers, from);
    // The instance's bytes were copied from the shadow, which may not hold the numbers set since the last draw yet.
    this.writes.mark(this.slot, TRANSLATE | ROTATE | SCALE);
  };

  /** Copies source[0, count) into this instance's attribute of `writer` and marks those bytes. */
  private write(writer: InstanceAttributeWriter, source: Float64Array, count: number): void {
    const slot = this.slot;
    const array = writer.array;
    const at = slot * writer.elementStride;
    for (let c = 0; c < count; c++) array[at + c] = source[c]!;
    writer.markInstance(slot);
  }

  private writeRect(): void {
    this.stageRect(this.region, this.writes.numbers, this.numbersAt);
    this.write(this.writes.rect, STAGED, 4);
  }

  /** Stages `rect` in STAGED: the quad relative to the anchor (from source[from + ANCHOR_X …]), or zero size while hidden. */
  private stageRect({ width, height }: TextureRegion, source: Float64Array, from: number): void {
    const shown = this.visibleValue ? 1 : 0;
    STAGED[0] = -source[from + ANCHOR_X]! * width * shown;
    STAGED[1] = -source[from + ANCHOR_Y]! * height * shown;
    STAGED[2] = width * shown;
    STAGED[3] = height * shown;
  }

  private writeTexRect(): void {
    const { u0, v0, u1, v1 } = this.region;
    STAGED[0] = u0;
    STAGED[1] = v0;
    STAGED[2] = u1;
    STAGED[3] = v1;
    this.write(this.writes.texRect, STAGED, 4);
  }

  private writeColor(): void {
    STAGED[0] = this.rgb[0];
    STAGED[1] = this.rgb[1];
    STAGED[2] = this.rgb[2];
    STAGED[3] = this.opacityValue;
    this.write(this.writes.color, STAGED, 4);
  }

  /** One of the numbers, for the getters: a sprite whose instance was deleted through its handle has none (the slot may be another's). */
  private number(name: string, index: number): number {
    this.checkLive(name);
    if (this.instance.isDeleted) throw this.handleDeleted(name);
    return this.writes.numbers[this.numbersAt + index]!;
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

  /** What `writable` tests (live, the batch too, and the handle), with the error that names what is wrong. */
  private checkWritable(name: string): void {
    this.checkLive(name);
    if (this.instance.domain.isDeleted) {
      throw new SpriteError('batch', this.batchValue, `Sprite.${name}: the sprite's batch was deleted; give the sprite a live batch first`);
    }
    if (this.instance.isDeleted) throw this.handleDeleted(name);
  }

  private handleDeleted(name: string): SpriteError {
    return new SpriteError('handle', this.instance, `Sprite.${name}: the sprite's instance was deleted through its handle (its slot may hold another sprite now); delete the sprite instead`);
  }

  /** Frees the slot unless the batch (and its domains) or the handle's own delete() already did. */
  private freeInstance(): void {
    if (this.instance.domain.isDeleted || this.instance.isDeleted) return;
    this.instance.delete();
    this.writes.unmark(this.slot);
  }
}

const WHITE: SpriteColor = [255, 255, 255];

/** rect, tex_rect or colour on its way to the shadow (filled and written at once, so one serves every sprite). */
const STAGED = new Float64Array(4);

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
