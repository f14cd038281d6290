/**
 * Sprite (pyglet.sprite.Sprite, with PixiJS's names): an image (a TextureRegion, or a whole
 * Texture) drawn as four vertices and six indices of a Batch (see sprite-program.ts), so every
 * sprite on one texture or atlas page with the same blend and parent group shares one domain
 * and one draw call. Coordinates are y-down pixels; (x, y) is the anchor point, anchors are
 * fractions of the image, rotation is radians clockwise on screen, negative scales mirror.
 *
 * Invariants: x, y, rotation, scale and anchor live in the domain's numbers (sprite-writes.ts),
 * the rest in fields; position, rotation and scale setters store and mark, and the next draw
 * writes the vertices, while anchor, image, colour and visibility write them at once. A bad
 * argument throws SpriteError naming it, with the sprite unchanged; any use after delete(), or
 * after its list or batch was deleted, throws (`values` is then a RefusedValues). Another
 * texture, blend, group or batch moves the sprite to a new list.
 *
 * Over 400 lines: one class of about 40 documented accessors and methods, each setter checked; its vertex writes
 * (sprite-writes.ts) and argument checks (argument-checks.ts) already live apart.
 */
import { Batch, Group, type AttributeWriter, type IndexedVertexList, type ListOwner, type TextureBlend } from '@webglet/graphics';
import { checkBatch, checkBoolean, checkColor, checkFinite, checkGroup, checkOneOf, checkOpacity, show } from './argument-checks.ts';
import { SpriteError } from './errors.ts';
import { spriteGroup } from './sprite-group.ts';
import { QUAD_INDICES, SPRITE_ATTRIBUTES } from './sprite-program.ts';
import {
  ANCHOR_X,
  ANCHOR_Y,
  NUMBERS_PER_VERTEX,
  ROTATE,
  ROTATION,
  SCALE,
  SCALE_X,
  SCALE_Y,
  SpriteWrites,
  type SpriteValues,
  TRANSLATE,
  VERTICES,
  X,
  Y,
} from './sprite-writes.ts';
import { Texture, TextureRegion } from './texture.ts';
import { RefusedValues } from './vertex-marks.ts';

export { SpriteGroup, spriteGroup } from './sprite-group.ts';
export { QUAD_INDICES, SPRITE_ATTRIBUTES, spriteFragmentSource, spriteProgram, spriteVertexSource } from './sprite-program.ts';

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
  /** Fractions of the image's width / height (its untrimmed frame's). Default the region's pivot: 0 (top-left) but for sheet frames with a pivot. */
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
/** Numbers a sprite keeps in its domain: NUMBERS_PER_VERTEX for each of its vertices. */
const NUMBERS = NUMBERS_PER_VERTEX * VERTICES;
const ALL_NUMBERS = TRANSLATE | ROTATE | SCALE;

/**
 * An image (a texture or a region of one) drawn as four vertices in a batch.
 *
 * @example
 * ```ts
 * const bunny = new Sprite(texture, { batch, x: 100, y: 50, anchorX: 0.5, anchorY: 0.5 });
 * bunny.rotation = Math.PI / 4; // radians, clockwise on screen
 * bunny.opacity = 128;
 * bunny.delete();
 * ```
 */
export class Sprite implements ListOwner {
  private batchValue: Batch;
  private parentGroup: Group | null;
  private blendValue: TextureBlend;
  private imageValue: SpriteImage;
  private region: TextureRegion;
  private list!: IndexedVertexList;
  /** The list's domain's writers and numbers (changes when the sprite moves). */
  private writes!: SpriteWrites;
  /**
   * What the per-frame getters and setters read and write: `writes`, or a RefusedValues once the
   * sprite may not be used, whose every access throws. So those accessors need no test of their
   * own and stay small enough for V8 to inline into a game's loop.
   */
  private values: SpriteValues = REFUSED_UNTIL_ATTACHED;
  /** @internal The list's first vertex (for SpriteWrites' put… methods). */
  start = 0;
  /** @internal start × NUMBERS_PER_VERTEX: this sprite's x, y, … are values.numbers[at + X …]. */
  at = 0;
  /** Why the list is gone while the sprite is not: deleted directly, or with its batch; null while it is there. */
  private lost: 'list' | 'batch' | null = null;
  /** The numbers as they were when the batch was deleted, for a move to a live batch. */
  private kept: Float64Array | null = null;
  private readonly rgb: [number, number, number];
  private opacityValue: number;
  private visibleValue: boolean;
  private deleted = false;

  constructor(image: SpriteImage, options: SpriteOptions) {
    const where = 'new Sprite';
    if (typeof options !== 'object' || options === null) {
      throw new SpriteError('options', options, `${where}: options must be { batch, x?, y?, ... }, got ${show(options)}`);
    }
    const { batch, x = 0, y = 0, rotation = 0, scale = 1 } = options;
    const { color = WHITE, visible = true, blend = 'alpha', group = null } = options;
    checkBatch(SpriteError, where, batch);
    const region = checkImage(where, image, batch);
    const numbers = STAGED_NUMBERS;
    numbers[X] = checkFinite(SpriteError, where, 'x', x);
    numbers[Y] = checkFinite(SpriteError, where, 'y', y);
    numbers[ROTATION] = checkFinite(SpriteError, where, 'rotation', rotation);
    checkFinite(SpriteError, where, 'scale', scale);
    numbers[SCALE_X] = checkFinite(SpriteError, where, 'scaleX', options.scaleX ?? scale);
    numbers[SCALE_Y] = checkFinite(SpriteError, where, 'scaleY', options.scaleY ?? scale);
    // A sheet frame's pivot is the anchor unless one is given (PixiJS's defaultAnchor).
    const { anchorX = region.pivotX, anchorY = region.pivotY } = options;
    numbers[ANCHOR_X] = checkFinite(SpriteError, where, 'anchorX', anchorX);
    numbers[ANCHOR_Y] = checkFinite(SpriteError, where, 'anchorY', anchorY);
    checkColor(SpriteError, where, color);
    const opacity = options.opacity ?? (color as readonly number[])[3] ?? 255;
    this.opacityValue = checkOpacity(SpriteError, where, opacity);
    this.visibleValue = checkBoolean(SpriteError, where, 'visible', visible);
    this.blendValue = checkOneOf(SpriteError, where, 'blend', blend, BLENDS);
    this.parentGroup = checkGroup(SpriteError, where, group);
    this.rgb = [color[0], color[1], color[2]];
    this.batchValue = batch;
    this.imageValue = image;
    this.region = region;
    this.attach(addList(batch, region, blend, group), numbers, 0);
  }

  get isDeleted(): boolean {
    return this.deleted;
  }

  /** The sprite's list (for `batch.drawSubset`); a new one after the sprite moved to another texture, blend, group or batch. */
  get vertexList(): IndexedVertexList {
    this.checkLive('vertexList');
    return this.list;
  }

  get batch(): Batch {
    this.checkLive('batch');
    return this.batchValue;
  }

  /** Moves the sprite into `batch` (same GL context); works after the old batch was deleted. */
  set batch(value: Batch) {
    this.checkLive('batch');
    if (this.lost === 'list') throw this.listDeleted('batch');
    checkBatch(SpriteError, 'Sprite.batch', value);
    if (value.gl !== this.batchValue.gl) {
      throw new SpriteError(
        'batch',
        value,
        "Sprite.batch: the batch must draw on the sprite's WebGL context, got a batch on another context",
      );
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
    checkGroup(SpriteError, 'Sprite.group', value);
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
    checkOneOf(SpriteError, 'Sprite.blend', 'blend', value, BLENDS);
    if (value === this.blendValue) return;
    this.move(this.batchValue, this.region, value, this.parentGroup);
    this.blendValue = value;
  }

  /** The image as given (a TextureRegion or a Texture). */
  get image(): SpriteImage {
    this.checkLive('image');
    return this.imageValue;
  }

  /** Same texture: rewrites tex_coords and position only; another texture: moves the sprite to that texture's group. */
  set image(value: SpriteImage) {
    this.checkWritable('image');
    const region = checkImage('Sprite.image', value, this.batchValue);
    if (region.texture === this.region.texture) {
      // A frame of the same size and trim (an animation's, usually) keeps the corners: only the texture rectangle changes.
      const corners = !sameQuad(region, this.region);
      this.region = region;
      this.writeTexCoords();
      if (corners) this.writePosition();
    } else {
      this.move(this.batchValue, region, this.blendValue, this.parentGroup);
      this.region = region;
    }
    this.imageValue = value;
  }

  // The getters and setters below are what a game calls for every sprite every frame. A getter is
  // a few loads; a setter hands its argument to `values.given` and calls its put… method, which
  // checks and keeps it (sprite-writes.ts). Both are small enough that V8 inlines them into the
  // game's loop, where no number is boxed, and the put… call is passed none. A deleted sprite's
  // `values` throw, so the accessors test nothing else (docs/decisions.md, "Sprite setters").

  get x(): number {
    return this.values.numbers[this.at + X]!;
  }

  set x(value: number) {
    const values = this.values;
    values.given = value;
    values.putX(this);
  }

  get y(): number {
    return this.values.numbers[this.at + Y]!;
  }

  set y(value: number) {
    const values = this.values;
    values.given = value;
    values.putY(this);
  }

  /** Sets x and y with one write of the translate attribute. */
  setPosition(x: number, y: number): void {
    if (!Number.isFinite(x) || !Number.isFinite(y)) this.refusePosition(x, y);
    const values = this.values,
      at = this.at;
    values.numbers[at + X] = x;
    values.numbers[at + Y] = y;
    const pending = values.pending;
    pending[this.start] = pending[this.start]! | TRANSLATE;
    values.dirty = true;
  }

  get rotation(): number {
    return this.values.numbers[this.at + ROTATION]!;
  }

  set rotation(value: number) {
    const values = this.values;
    values.given = value;
    values.putRotation(this);
  }

  /** Uniform scale: setting it sets scaleX and scaleY; when they differ, reading it gives scaleX. */
  get scale(): number {
    return this.values.numbers[this.at + SCALE_X]!;
  }

  set scale(value: number) {
    const values = this.values;
    values.given = value;
    values.putScale(this);
  }

  get scaleX(): number {
    return this.values.numbers[this.at + SCALE_X]!;
  }

  set scaleX(value: number) {
    const values = this.values;
    values.given = value;
    values.putScaleX(this);
  }

  get scaleY(): number {
    return this.values.numbers[this.at + SCALE_Y]!;
  }

  set scaleY(value: number) {
    const values = this.values;
    values.given = value;
    values.putScaleY(this);
  }

  get anchorX(): number {
    return this.values.numbers[this.at + ANCHOR_X]!;
  }

  set anchorX(value: number) {
    this.checkWritable('anchorX');
    checkFinite(SpriteError, 'Sprite.anchorX', 'anchorX', value);
    this.writes.numbers[this.at + ANCHOR_X] = value;
    this.writePosition();
  }

  get anchorY(): number {
    return this.values.numbers[this.at + ANCHOR_Y]!;
  }

  set anchorY(value: number) {
    this.checkWritable('anchorY');
    checkFinite(SpriteError, 'Sprite.anchorY', 'anchorY', value);
    this.writes.numbers[this.at + ANCHOR_Y] = value;
    this.writePosition();
  }

  /**
   * Whether the point (x, y), in the batch's coordinates (the window's, under a plain projection),
   * is on the sprite's quad as drawn: its image's pixels (a trimmed frame's, not its transparent
   * border), anchored, scaled and turned. A hidden sprite contains nothing.
   */
  containsPoint(x: number, y: number): boolean {
    this.checkLive('containsPoint');
    checkFinite(SpriteError, 'Sprite.containsPoint', 'x', x);
    checkFinite(SpriteError, 'Sprite.containsPoint', 'y', y);
    if (!this.visibleValue) return false;
    const scaleX = this.scaleX,
      scaleY = this.scaleY;
    if (scaleX === 0 || scaleY === 0) return false;
    // Into the image's frame: the inverse of the shader's translate, rotation and scale, in turn.
    const dx = x - this.x,
      dy = y - this.y;
    const cos = Math.cos(this.rotation),
      sin = Math.sin(this.rotation);
    const px = (dx * cos + dy * sin) / scaleX,
      py = (-dx * sin + dy * cos) / scaleY;
    const { trimX, trimY, sourceWidth, sourceHeight, rotated } = this.region;
    const width = rotated ? this.region.height : this.region.width,
      height = rotated ? this.region.width : this.region.height;
    const left = trimX - this.anchorX * sourceWidth,
      top = trimY - this.anchorY * sourceHeight;
    return px >= left && px < left + width && py >= top && py < top + height;
  }

  /** Drawn width in pixels: the image's width (its untrimmed frame's) × |scaleX|. */
  get width(): number {
    return this.region.sourceWidth * Math.abs(this.scaleX);
  }

  /** Drawn height in pixels: the image's height (its untrimmed frame's) × |scaleY|. */
  get height(): number {
    return this.region.sourceHeight * Math.abs(this.scaleY);
  }

  /** [r, g, b] (a copy); opacity is separate. */
  get color(): [number, number, number] {
    this.checkLive('color');
    return [this.rgb[0], this.rgb[1], this.rgb[2]];
  }

  /** [r, g, b] or [r, g, b, a] (the 4th sets opacity); rewrites only `color`. */
  set color(value: SpriteColor) {
    this.checkWritable('color');
    checkColor(SpriteError, 'Sprite.color', value);
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
    this.opacityValue = checkOpacity(SpriteError, 'Sprite.opacity', value);
    this.writeColor();
  }

  get visible(): boolean {
    this.checkLive('visible');
    return this.visibleValue;
  }

  /** false keeps the sprite's vertices and collapses its quad to a point, which draws nothing. */
  set visible(value: boolean) {
    this.checkWritable('visible');
    checkBoolean(SpriteError, 'Sprite.visible', 'visible', value);
    if (value === this.visibleValue) return;
    this.visibleValue = value;
    this.writePosition();
  }

  /** pyglet's update: sets every given value (checked first), marking translate, rotation and scale at most once each. */
  update(values: SpriteUpdate): void {
    const where = 'Sprite.update';
    this.checkWritable('update');
    if (typeof values !== 'object' || values === null) {
      throw new SpriteError(
        'values',
        values,
        `${where}: values must be { x?, y?, rotation?, scale?, scaleX?, scaleY? }, got ${show(values)}`,
      );
    }
    const { x, y, rotation, scale, scaleX, scaleY } = values;
    if (x !== undefined) checkFinite(SpriteError, where, 'x', x);
    if (y !== undefined) checkFinite(SpriteError, where, 'y', y);
    if (rotation !== undefined) checkFinite(SpriteError, where, 'rotation', rotation);
    if (scale !== undefined) checkFinite(SpriteError, where, 'scale', scale);
    if (scaleX !== undefined) checkFinite(SpriteError, where, 'scaleX', scaleX);
    if (scaleY !== undefined) checkFinite(SpriteError, where, 'scaleY', scaleY);
    const { numbers } = this.writes;
    const at = this.at;
    if (x !== undefined || y !== undefined) {
      numbers[at + X] = x ?? numbers[at + X]!;
      numbers[at + Y] = y ?? numbers[at + Y]!;
      this.writes.mark(this.start, TRANSLATE);
    }
    if (rotation !== undefined) {
      numbers[at + ROTATION] = rotation;
      this.writes.mark(this.start, ROTATE);
    }
    if (scale !== undefined || scaleX !== undefined || scaleY !== undefined) {
      numbers[at + SCALE_X] = scaleX ?? scale ?? numbers[at + SCALE_X]!;
      numbers[at + SCALE_Y] = scaleY ?? scale ?? numbers[at + SCALE_Y]!;
      this.writes.mark(this.start, SCALE);
    }
  }

  /** Frees the sprite's vertices; any later use throws SpriteError. */
  delete(): void {
    this.checkLive('delete');
    this.freeList();
    this.deleted = true;
    this.values = REFUSED_DELETED;
  }

  /** Adds the new list first (so a failure leaves the sprite as it was), then frees the old one. */
  private move(batch: Batch, region: TextureRegion, blend: TextureBlend, parent: Group | null): void {
    const next = addList(batch, region, blend, parent);
    // attach may replace the numbers array (a growth of the same domain): copy them out first.
    STAGED_NUMBERS.set(this.kept ?? this.writes.numbers.subarray(this.at, this.at + NUMBERS));
    this.freeList();
    this.region = region;
    this.attach(next, STAGED_NUMBERS, 0);
  }

  /** Takes `list`: its numbers from source[from …], its vertices written (the numbers' at the next draw). */
  private attach(list: IndexedVertexList, source: Float64Array, from: number): void {
    this.list = list;
    this.values = this.writes = SpriteWrites.of(list.domain);
    this.start = list.start;
    this.at = this.start * NUMBERS_PER_VERTEX;
    this.lost = null;
    this.kept = null;
    this.writes.numbers.set(source.subarray(from, from + NUMBERS), this.at);
    list.owner = this;
    this.writePosition();
    this.writeTexCoords();
    this.writeColor();
    this.writes.mark(this.start, ALL_NUMBERS);
  }

  /** @internal The batch moved the list (its group stopped being equal to the others in its domain): the numbers follow it. */
  listMoved(): void {
    const writes = this.writes,
      from = this.at;
    writes.unmark(this.start);
    // The vertices were copied from the shadow, which may not hold the numbers set since the last draw yet.
    this.attach(this.list, writes.numbers, from);
  }

  /** @internal The list was deleted directly (its vertices may be another sprite's now), or with its batch. */
  listLost(): void {
    this.writes.unmark(this.start);
    if (this.list.isDeleted) {
      this.lost = 'list';
      this.values = new RefusedValues(null, () => this.listDeleted(null));
    } else {
      this.lost = 'batch';
      this.kept = this.writes.numbers.slice(this.at, this.at + NUMBERS);
      this.values = new RefusedValues(null, () => this.batchDeleted(null));
    }
  }

  /**
   * Writes `position`: the quad's corners relative to the anchor, or all at the anchor while hidden.
   * The anchor is a fraction of the untrimmed frame, and a trimmed region sits at its trim offset in it.
   */
  private writePosition(): void {
    const { trimX, trimY, sourceWidth, sourceHeight, rotated } = this.region;
    // A rotated region stores the image turned: upright, it is height × width.
    const width = rotated ? this.region.height : this.region.width,
      height = rotated ? this.region.width : this.region.height;
    const shown = this.visibleValue ? 1 : 0;
    const numbers = this.writes.numbers;
    const left = (trimX - numbers[this.at + ANCHOR_X]! * sourceWidth) * shown,
      top = (trimY - numbers[this.at + ANCHOR_Y]! * sourceHeight) * shown;
    const right = left + width * shown,
      bottom = top + height * shown;
    this.writeCorners(this.writes.position, left, top, right, bottom);
  }

  /** Writes `tex_coords`: the region's corners, turned back for a rotated region. */
  private writeTexCoords(): void {
    const { u0, v0, u1, v1, rotated } = this.region;
    if (!rotated) {
      this.writeCorners(this.writes.texCoords, u0, v0, u1, v1);
      return;
    }
    // Stored turned 90° clockwise: the image's top-left is the stored top-right, its top-right the
    // stored bottom-right, its bottom-left the stored top-left, its bottom-right the stored bottom-left.
    const writer = this.writes.texCoords,
      array = writer.array,
      stride = writer.elementStride;
    const at = this.start * stride;
    array[at] = u1;
    array[at + 1] = v0;
    array[at + stride] = u1;
    array[at + stride + 1] = v1;
    array[at + 2 * stride] = u0;
    array[at + 2 * stride + 1] = v0;
    array[at + 3 * stride] = u0;
    array[at + 3 * stride + 1] = v1;
    writer.mark(this.start, VERTICES);
  }

  /** Writes a 2-component attribute at the four corners, vertex k at (k & 1, k >> 1) of the box. */
  private writeCorners(writer: AttributeWriter, x0: number, y0: number, x1: number, y1: number): void {
    const array = writer.array,
      stride = writer.elementStride;
    let at = this.start * stride;
    array[at] = x0;
    array[at + 1] = y0;
    at += stride;
    array[at] = x1;
    array[at + 1] = y0;
    at += stride;
    array[at] = x0;
    array[at + 1] = y1;
    at += stride;
    array[at] = x1;
    array[at + 1] = y1;
    writer.mark(this.start, VERTICES);
  }

  private writeColor(): void {
    const writer = this.writes.color;
    const array = writer.array,
      stride = writer.elementStride;
    for (let at = this.start * stride, end = (this.start + VERTICES) * stride; at < end; at += stride) {
      array[at] = this.rgb[0];
      array[at + 1] = this.rgb[1];
      array[at + 2] = this.rgb[2];
      array[at + 3] = this.opacityValue;
    }
    writer.mark(this.start, VERTICES);
  }

  /** Runs only when a setter's argument is not a finite number: throws the error that names what is wrong. */
  /** @internal Throws the SpriteError for a bad `value` of `name` (for SpriteWrites' put… methods). */
  refuse(name: string, value: unknown): void {
    this.checkWritable(name);
    checkFinite(SpriteError, `Sprite.${name}`, name, value);
  }

  private refusePosition(x: unknown, y: unknown): void {
    this.checkWritable('setPosition');
    checkFinite(SpriteError, 'Sprite.setPosition', 'x', x);
    checkFinite(SpriteError, 'Sprite.setPosition', 'y', y);
  }

  private checkLive(name: string): void {
    if (this.deleted) throw new SpriteError('this', 'deleted', `Sprite.${name}: the sprite was deleted`);
  }

  /** Throws the error that says why the sprite may not be changed, if it may not. */
  private checkWritable(name: string): void {
    this.checkLive(name);
    if (this.lost === 'batch') throw this.batchDeleted(name);
    if (this.lost === 'list') throw this.listDeleted(name);
  }

  /** `name`: the property or method used, where known. */
  private batchDeleted(name: string | null): SpriteError {
    return new SpriteError(
      'batch',
      this.batchValue,
      `Sprite${name === null ? '' : `.${name}`}: the sprite's batch was deleted; give the sprite a live batch first`,
    );
  }

  /** `name`: the property or method used, where known. */
  private listDeleted(name: string | null): SpriteError {
    return new SpriteError(
      'vertexList',
      this.list,
      `Sprite${name === null ? '' : `.${name}`}: the sprite's vertex list was deleted directly (its vertices may hold another sprite now); delete the sprite instead`,
    );
  }

  /** Frees the list unless the batch (and its domains) or the list's own delete() already did. */
  private freeList(): void {
    const list = this.list;
    list.owner = null;
    if (this.lost === null) {
      this.writes.unmark(this.start);
      list.delete();
    }
  }
}

/** Whether two regions give a sprite the same corners: size, trim, source frame and rotation. */
function sameQuad(a: TextureRegion, b: TextureRegion): boolean {
  return (
    a.width === b.width &&
    a.height === b.height &&
    a.trimX === b.trimX &&
    a.trimY === b.trimY &&
    a.sourceWidth === b.sourceWidth &&
    a.sourceHeight === b.sourceHeight &&
    a.rotated === b.rotated
  );
}

/** A new sprite list in `batch`, in the group of the region's texture, `blend` and `parent`. */
function addList(batch: Batch, region: TextureRegion, blend: TextureBlend, parent: Group | null): IndexedVertexList {
  const group = spriteGroup(region.texture, blend, parent);
  return batch.addIndexed(VERTICES, batch.gl.TRIANGLES, group, group.program, QUAD_INDICES, SPRITE_ATTRIBUTES);
}

const REFUSED_DELETED = new RefusedValues(null, () => new SpriteError('this', 'deleted', 'Sprite: the sprite was deleted'));
/** A sprite's values while its constructor runs (never read: attach replaces it). */
const REFUSED_UNTIL_ATTACHED = new RefusedValues(null, () => new SpriteError('this', 'unattached', 'Sprite: not made yet'));

const WHITE: SpriteColor = [255, 255, 255];

/** A sprite's numbers on their way into its domain (filled and copied at once, so one serves every sprite). */
const STAGED_NUMBERS = new Float64Array(NUMBERS);

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
