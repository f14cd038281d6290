/**
 * Sprite sheets: the frames of one image as TextureRegions. ImageGrid cuts a grid of equal cells
 * (pyglet's ImageGrid); SpriteSheet reads the JSON that TexturePacker (hash or array) and Aseprite
 * write, trimmed, rotated and pivoted frames included, and Aseprite's frame durations and tags, which
 * become Animations.
 *
 * Invariants: frames are regions of the sheet's texture, offset by where the sheet image sits in
 * it (so a sheet packed into an atlas page works); a frame keeps its untrimmed size, trim offset
 * and pivot (TextureRegionFrame), so every frame of an animation anchors at the same point. Bad
 * JSON or a frame outside the image throws SpriteSheetError naming the field, and nothing is made.
 */
import { Animation } from './animation.ts';
import { SpriteSheetError } from './errors.ts';
import { Texture, TextureRegion } from './texture.ts';

export interface ImageGridOptions {
  /** Cell size; default the image divided evenly among the cells (less the padding). */
  itemWidth?: number;
  itemHeight?: number;
  /** Pixels between rows and between columns; default 0. */
  rowPadding?: number;
  columnPadding?: number;
}

/** Where `image` (a texture or one of its regions) is in its texture, and its size. */
function placeOf(image: Texture | TextureRegion, where: string): { texture: Texture; x: number; y: number; width: number; height: number } {
  if (image instanceof Texture) return { texture: image, x: 0, y: 0, width: image.width, height: image.height };
  if (image instanceof TextureRegion) return image;
  throw new SpriteSheetError('image', image, `${where}: image must be a Texture or a TextureRegion, got ${String(image)}`);
}

function whole(where: string, argument: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new SpriteSheetError(argument, value, `${where}: ${argument} must be an integer ≥ ${min}, got ${String(value)}`);
  }
  return value;
}

/**
 * A grid of equal cells cut from an image, row by row from the top-left (y down, as everything in
 * webglet; pyglet counts rows from the bottom).
 *
 * @example
 * ```ts
 * const grid = new ImageGrid(await assets.image('walk.png'), 1, 8); // one row of 8 frames
 * const walk = Animation.fromImages(grid.regions, 0.1, true);
 * ```
 */
export class ImageGrid {
  readonly rows: number;
  readonly columns: number;
  /** Every cell, row by row from the top-left. */
  readonly regions: readonly TextureRegion[];

  constructor(image: Texture | TextureRegion, rows: number, columns: number, options: ImageGridOptions = {}) {
    const where = 'new ImageGrid';
    const place = placeOf(image, where);
    whole(where, 'rows', rows, 1);
    whole(where, 'columns', columns, 1);
    if (typeof options !== 'object' || options === null) {
      throw new SpriteSheetError('options', options, `${where}: options must be an object, got ${String(options)}`);
    }
    const rowPadding = whole(where, 'rowPadding', options.rowPadding ?? 0, 0);
    const columnPadding = whole(where, 'columnPadding', options.columnPadding ?? 0, 0);
    const itemWidth = whole(
      where,
      'itemWidth',
      options.itemWidth ?? Math.floor((place.width - (columns - 1) * columnPadding) / columns),
      1,
    );
    const itemHeight = whole(where, 'itemHeight', options.itemHeight ?? Math.floor((place.height - (rows - 1) * rowPadding) / rows), 1);
    if (columns * itemWidth + (columns - 1) * columnPadding > place.width) {
      throw new SpriteSheetError(
        'itemWidth',
        itemWidth,
        `${where}: ${columns} columns of ${itemWidth} px do not fit a ${place.width} px wide image`,
      );
    }
    if (rows * itemHeight + (rows - 1) * rowPadding > place.height) {
      throw new SpriteSheetError(
        'itemHeight',
        itemHeight,
        `${where}: ${rows} rows of ${itemHeight} px do not fit a ${place.height} px high image`,
      );
    }
    const regions: TextureRegion[] = [];
    for (let row = 0; row < rows; row++) {
      for (let column = 0; column < columns; column++) {
        const x = place.x + column * (itemWidth + columnPadding);
        const y = place.y + row * (itemHeight + rowPadding);
        regions.push(place.texture.region(x, y, itemWidth, itemHeight));
      }
    }
    this.rows = rows;
    this.columns = columns;
    this.regions = regions;
  }

  /** The cell at `row`, `column` (from the top-left). */
  at(row: number, column: number): TextureRegion {
    if (!Number.isInteger(row) || row < 0 || row >= this.rows) {
      throw new SpriteSheetError('row', row, `ImageGrid.at: row must be an integer in [0, ${this.rows - 1}], got ${String(row)}`);
    }
    if (!Number.isInteger(column) || column < 0 || column >= this.columns) {
      throw new SpriteSheetError(
        'column',
        column,
        `ImageGrid.at: column must be an integer in [0, ${this.columns - 1}], got ${String(column)}`,
      );
    }
    return this.regions[row * this.columns + column]!;
  }
}

/** An Aseprite tag: frames `from` to `to` (inclusive) played in `direction`. */
export interface SheetTag {
  readonly name: string;
  readonly from: number;
  readonly to: number;
  readonly direction: 'forward' | 'reverse' | 'pingpong';
}

/** The JSON of one frame, as TexturePacker and Aseprite write it. */
interface FrameJson {
  frame: { x: number; y: number; w: number; h: number };
  rotated?: boolean;
  trimmed?: boolean;
  spriteSourceSize?: { x: number; y: number; w: number; h: number };
  sourceSize?: { w: number; h: number };
  pivot?: { x: number; y: number };
  duration?: number;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/**
 * The frames of a TexturePacker or Aseprite sheet, by name and in order.
 *
 * @example
 * ```ts
 * const json = await (await fetch('hero.json')).json();
 * const sheet = SpriteSheet.fromJson(json, await assets.image('hero.png'));
 * new Sprite(sheet.frame('idle_0'), { batch, x: 100, y: 100 }); // anchored at the frame's pivot
 * ```
 */
export class SpriteSheet {
  /** Frame names in the JSON's order. */
  readonly names: readonly string[];
  /** Every frame, in the JSON's order. */
  readonly regions: readonly TextureRegion[];
  /** Each frame's duration in seconds (Aseprite's; 0.1 where the JSON gives none), in the same order. */
  readonly durations: readonly number[];
  /** Aseprite's frame tags (empty for TexturePacker). */
  readonly tags: readonly SheetTag[];
  private readonly byName: ReadonlyMap<string, TextureRegion>;

  private constructor(names: string[], regions: TextureRegion[], durations: number[], tags: SheetTag[]) {
    this.names = names;
    this.regions = regions;
    this.durations = durations;
    this.tags = tags;
    this.byName = new Map(names.map((name, i) => [name, regions[i]!]));
  }

  /**
   * Reads TexturePacker's JSON (hash or array) or Aseprite's (hash or array, with durations and
   * `meta.frameTags`) for `image`: the sheet's texture, or its region in an atlas page.
   */
  static fromJson(json: unknown, image: Texture | TextureRegion): SpriteSheet {
    const where = 'SpriteSheet.fromJson';
    const place = placeOf(image, where);
    if (!isObject(json) || !isObject(json.frames)) {
      throw new SpriteSheetError(
        'json',
        json,
        `${where}: json must have "frames" (an object or an array), as TexturePacker and Aseprite write`,
      );
    }
    const entries: [string, unknown][] = Array.isArray(json.frames)
      ? json.frames.map((frame, i) => [isObject(frame) && typeof frame.filename === 'string' ? frame.filename : String(i), frame])
      : Object.entries(json.frames);
    const names: string[] = [];
    const regions: TextureRegion[] = [];
    const durations: number[] = [];
    for (const [name, value] of entries) {
      const frame = readFrame(where, name, value);
      const { x, y, w, h } = frame.frame;
      // `w` × `h` is the upright frame; a rotated one is stored turned 90° clockwise, h × w.
      const rotated = frame.rotated === true;
      const storedWidth = rotated ? h : w,
        storedHeight = rotated ? w : h;
      if (x + storedWidth > place.width || y + storedHeight > place.height) {
        throw new SpriteSheetError(
          'json',
          json,
          `${where}: frame "${name}" (${x}, ${y}, ${storedWidth} × ${storedHeight} stored) lies outside the ${place.width} × ${place.height} image`,
        );
      }
      const trim = frame.trimmed === false ? undefined : frame.spriteSourceSize;
      const source = frame.trimmed === false ? undefined : frame.sourceSize;
      regions.push(
        place.texture.region(place.x + x, place.y + y, storedWidth, storedHeight, {
          trimX: trim?.x ?? 0,
          trimY: trim?.y ?? 0,
          sourceWidth: source?.w ?? w,
          sourceHeight: source?.h ?? h,
          pivotX: frame.pivot?.x ?? 0,
          pivotY: frame.pivot?.y ?? 0,
          rotated,
        }),
      );
      names.push(name);
      durations.push(frame.duration === undefined ? 0.1 : frame.duration / 1000);
    }
    if (regions.length === 0) throw new SpriteSheetError('json', json, `${where}: the sheet has no frames`);
    return new SpriteSheet(names, regions, durations, readTags(where, json, regions.length));
  }

  /** The frame called `name`. */
  frame(name: string): TextureRegion {
    const region = this.byName.get(name);
    if (region === undefined) throw new SpriteSheetError('name', name, `SpriteSheet.frame: no frame called ${JSON.stringify(name)}`);
    return region;
  }

  /**
   * An Animation of the frames of tag `name` (Aseprite's), with their durations, in the tag's
   * direction: forward, reverse, or pingpong (there and back, the end frames once each a cycle).
   * Without a name: every frame in order. `loop` defaults to true.
   */
  animation(name?: string, loop = true): Animation {
    const { from, to, direction } = name === undefined ? { from: 0, to: this.regions.length - 1, direction: 'forward' } : this.tag(name);
    const order: number[] = [];
    for (let i = from; i <= to; i++) order.push(i);
    if (direction === 'reverse') order.reverse();
    if (direction === 'pingpong') for (let i = to - 1; i > from; i--) order.push(i);
    return new Animation(
      order.map((i) => ({ image: this.regions[i]!, duration: this.durations[i]! })),
      loop,
    );
  }

  /** The tag called `name` (Aseprite's). */
  tag(name: string): SheetTag {
    const tag = this.tags.find((candidate) => candidate.name === name);
    if (tag === undefined) throw new SpriteSheetError('name', name, `SpriteSheet.tag: no tag called ${JSON.stringify(name)}`);
    return tag;
  }
}

/** One frame's JSON, checked: whole numbers where pixels are meant, no rotation. */
function readFrame(where: string, name: string, json: unknown): FrameJson {
  const fail = (field: string, got: unknown): never => {
    throw new SpriteSheetError(field, got, `${where}: frame ${JSON.stringify(name)}: ${field} is ${JSON.stringify(got)}`);
  };
  if (!isObject(json)) return fail('frame', json);
  // PixiJS's exporter writes the pivot as `anchor`.
  const value = json.pivot === undefined && json.anchor !== undefined ? { ...json, pivot: json.anchor } : json;
  const rect = (field: string, keys: readonly string[], min: number): void => {
    const object = value[field];
    if (!isObject(object)) fail(field, object);
    for (const key of keys) {
      const number = (object as Record<string, unknown>)[key];
      if (typeof number !== 'number' || !Number.isInteger(number) || number < min) fail(`${field}.${key}`, number);
    }
  };
  rect('frame', ['x', 'y'], 0);
  rect('frame', ['w', 'h'], 1);
  if (value.rotated !== undefined && typeof value.rotated !== 'boolean') fail('rotated', value.rotated);
  if (value.spriteSourceSize !== undefined) rect('spriteSourceSize', ['x', 'y'], 0);
  if (value.sourceSize !== undefined) rect('sourceSize', ['w', 'h'], 1);
  if (value.trimmed !== false) {
    // The trimmed pixels must lie inside the untrimmed frame.
    const frame = value.frame as FrameJson['frame'];
    const trim = value.spriteSourceSize as FrameJson['spriteSourceSize'];
    const source = value.sourceSize as FrameJson['sourceSize'];
    if (source && (trim?.x ?? 0) + frame.w > source.w) fail('sourceSize.w', source.w);
    if (source && (trim?.y ?? 0) + frame.h > source.h) fail('sourceSize.h', source.h);
  }
  if (value.pivot !== undefined) {
    const pivot = value.pivot;
    if (
      !isObject(pivot) ||
      typeof pivot.x !== 'number' ||
      typeof pivot.y !== 'number' ||
      !Number.isFinite(pivot.x) ||
      !Number.isFinite(pivot.y)
    ) {
      fail('pivot', pivot);
    }
  }
  if (value.duration !== undefined && !(typeof value.duration === 'number' && Number.isFinite(value.duration) && value.duration > 0)) {
    fail('duration', value.duration);
  }
  return value as unknown as FrameJson;
}

/** Aseprite's `meta.frameTags`, checked against the frame count. */
function readTags(where: string, json: Record<string, unknown>, frames: number): SheetTag[] {
  const meta = json.meta;
  if (!isObject(meta) || meta.frameTags === undefined) return [];
  if (!Array.isArray(meta.frameTags)) throw new SpriteSheetError('frameTags', meta.frameTags, `${where}: meta.frameTags must be an array`);
  return meta.frameTags.map((tag: unknown) => {
    const ok =
      isObject(tag) &&
      typeof tag.name === 'string' &&
      Number.isInteger(tag.from) &&
      Number.isInteger(tag.to) &&
      (tag.from as number) >= 0 &&
      (tag.from as number) <= (tag.to as number) &&
      (tag.to as number) < frames &&
      (tag.direction === undefined || tag.direction === 'forward' || tag.direction === 'reverse' || tag.direction === 'pingpong');
    if (!ok)
      throw new SpriteSheetError(
        'frameTags',
        tag,
        `${where}: a frame tag must be { name, from ≤ to < ${frames}, direction }, got ${JSON.stringify(tag)}`,
      );
    const { name, from, to, direction = 'forward' } = tag as unknown as SheetTag;
    return { name, from, to, direction };
  });
}
