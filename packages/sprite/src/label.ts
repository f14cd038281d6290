/**
 * Label (pyglet.text.Label): a text drawn from a Font as one quad a glyph, in the sprites' vertex
 * format, program and SpriteGroup, so a label and sprites on one atlas page share a domain and a
 * draw call. A label holds one indexed list of 4 vertices and 6 indices a glyph for each page its
 * glyphs are on (one, for most fonts).
 *
 * Invariants: a list's quads are the layout's glyphs of its page, in text order; `position` holds
 * each corner relative to the anchor point (all 0 while hidden), `translate`, `rotation`, `scale`
 * and `color` the label's, in every vertex. A change writes only the label's own vertices, and
 * only the attributes it changes; a text of as many glyphs a page as before keeps every list where
 * it is. Lists grow before anything else changes and are put back if one cannot, so a refused or
 * failed change leaves the label as it was. A steady frame does nothing here: the label writes
 * when it is changed, not when it is drawn.
 *
 * Over 400 lines: one class of about 30 documented accessors, each setter checked; the layout
 * (text-layout.ts) and the shared argument checks (argument-checks.ts) already live apart.
 */
import { Batch, Group, type IndexedVertexList, type ListOwner, type TextureBlend } from '@webglet/graphics';
import { checkBatch, checkBoolean, checkColor, checkFinite, checkGroup, checkOneOf, checkOpacity, show } from './argument-checks.ts';
import { LabelError } from './errors.ts';
import type { Font, Glyph } from './font.ts';
import { spriteGroup } from './sprite-group.ts';
import { SPRITE_ATTRIBUTES } from './sprite-program.ts';
import { TextLayout, type LayoutOptions, type TextAlign, type TextAnchorX, type TextAnchorY } from './text-layout.ts';
import type { Texture } from './texture.ts';

export type { TextAlign, TextAnchorX, TextAnchorY } from './text-layout.ts';

/** [r, g, b] or [r, g, b, a], whole numbers 0–255; a 4th component sets opacity. */
export type LabelColor = readonly [number, number, number] | readonly [number, number, number, number];

/** What a label does with a character its font has no glyph for: throw, leave it out, or draw this one character instead. */
export type MissingGlyph = 'error' | 'skip' | (string & {});

export interface LabelOptions {
  /** The batch the label is drawn in (required). */
  batch: Batch;
  /** Default ''. '\n' starts a line; '\r' is ignored. */
  text?: string;
  /** The anchor point, pixels, y down. Default 0. */
  x?: number;
  y?: number;
  /** Radians, clockwise on screen, about the anchor point. Default 0. */
  rotation?: number;
  /** Default 1 (uniform). */
  scale?: number;
  /** Wrap width in pixels (pyglet's width): lines break between words to fit, and align in this box. Default null: no wrap. */
  width?: number | null;
  /** Each line in the box. Default 'left'. */
  align?: TextAlign;
  /** Which point of the box (x, y) is. Default 'left' and 'baseline' (of the first line), as pyglet. */
  anchorX?: TextAnchorX;
  anchorY?: TextAnchorY;
  /** Default [255, 255, 255]; a 4th component sets opacity. */
  color?: LabelColor;
  /** 0–255, default 255 (or the colour's 4th component). */
  opacity?: number;
  /** Default true. */
  visible?: boolean;
  /** Default 'alpha'. */
  blend?: TextureBlend;
  /** Parent group. Default null. */
  group?: Group | null;
  /** Default 'error'. */
  missingGlyph?: MissingGlyph;
}

/** One page's list and how many quads it holds. */
interface PageList {
  list: IndexedVertexList;
  quads: number;
  /** Quads written so far in the current pass. */
  next: number;
}

const ALIGNS: readonly TextAlign[] = ['left', 'center', 'right'];
const ANCHORS_X: readonly TextAnchorX[] = ['left', 'center', 'right'];
const ANCHORS_Y: readonly TextAnchorY[] = ['top', 'center', 'baseline', 'bottom'];
const BLENDS: readonly TextureBlend[] = ['alpha', 'additive', 'none'];
const NEWLINE = 10,
  RETURN = 13;

/**
 * A text in a batch, from a BitmapFont or CanvasFont.
 *
 * @example
 * ```ts
 * const font = new CanvasFont(window.gl, 'bold 20px sans-serif');
 * const score = new Label(font, { batch, text: 'Score 0', x: 8, y: 8, anchorY: 'top', color: [255, 220, 0] });
 * score.text = 'Score 10'; // rewrites only this label's glyphs
 * ```
 */
export class Label implements ListOwner {
  private fontValue: Font;
  private readonly batchValue: Batch;
  private readonly parentGroup: Group | null;
  private readonly blendValue: TextureBlend;
  private textValue: string;
  private codes: number[];
  private glyphs: (Glyph | null)[];
  private layout = new TextLayout();
  /** The layout being made by a change, swapped in when the change succeeds. */
  private spare = new TextLayout();
  private readonly pages = new Map<Texture, PageList>();
  private xValue: number;
  private yValue: number;
  private rotationValue: number;
  private scaleValue: number;
  private widthValue: number | null;
  private alignValue: TextAlign;
  private anchorXValue: TextAnchorX;
  private anchorYValue: TextAnchorY;
  private readonly rgb: [number, number, number];
  private opacityValue: number;
  private visibleValue: boolean;
  private missing: MissingGlyph;
  /** Why a list is gone while the label is not: deleted directly, or with the batch; null while they are there. */
  private lost: 'list' | 'batch' | null = null;
  private deleted = false;

  constructor(font: Font, options: LabelOptions) {
    const where = 'new Label';
    checkFont(where, font);
    if (typeof options !== 'object' || options === null) {
      throw new LabelError('options', options, `${where}: options must be { batch, text?, x?, y?, ... }, got ${show(options)}`);
    }
    const { batch, text = '', x = 0, y = 0, rotation = 0, scale = 1, width = null, align = 'left' } = options;
    const { anchorX = 'left', anchorY = 'baseline', color = WHITE, visible = true, blend = 'alpha', group = null } = options;
    const { missingGlyph = 'error' } = options;
    checkBatch(LabelError, where, batch);
    this.xValue = checkFinite(LabelError, where, 'x', x);
    this.yValue = checkFinite(LabelError, where, 'y', y);
    this.rotationValue = checkFinite(LabelError, where, 'rotation', rotation);
    this.scaleValue = checkFinite(LabelError, where, 'scale', scale);
    this.widthValue = checkWidth(where, width);
    this.alignValue = checkOneOf(LabelError, where, 'align', align, ALIGNS);
    this.anchorXValue = checkOneOf(LabelError, where, 'anchorX', anchorX, ANCHORS_X);
    this.anchorYValue = checkOneOf(LabelError, where, 'anchorY', anchorY, ANCHORS_Y);
    checkColor(LabelError, where, color);
    const opacity = options.opacity ?? (color as readonly number[])[3] ?? 255;
    this.opacityValue = checkOpacity(LabelError, where, opacity);
    this.visibleValue = checkBoolean(LabelError, where, 'visible', visible);
    this.blendValue = checkOneOf(LabelError, where, 'blend', blend, BLENDS);
    checkGroup(LabelError, where, group);
    this.missing = checkMissing(where, font, missingGlyph);
    checkText(where, text);
    const { codes, glyphs } = resolve(where, font, text, this.missing);
    this.rgb = [color[0], color[1], color[2]];
    this.fontValue = font;
    this.batchValue = batch;
    this.parentGroup = group;
    this.textValue = text;
    this.codes = codes;
    this.glyphs = glyphs;
    this.relayout(codes, glyphs, font, this.layoutOptions());
  }

  get isDeleted(): boolean {
    return this.deleted;
  }

  get batch(): Batch {
    this.checkLive('batch');
    return this.batchValue;
  }

  /** The parent group given (or null). */
  get group(): Group | null {
    this.checkLive('group');
    return this.parentGroup;
  }

  get blend(): TextureBlend {
    this.checkLive('blend');
    return this.blendValue;
  }

  /** The label's lists, one a page its glyphs are on (none for a text with nothing to draw); for reading. */
  get vertexLists(): IndexedVertexList[] {
    this.checkLive('vertexLists');
    return [...this.pages.values()].map((page) => page.list);
  }

  get font(): Font {
    this.checkLive('font');
    return this.fontValue;
  }

  /** Another font: the text laid out again in it (the missing-glyph policy checked against it too). */
  set font(value: Font) {
    this.checkWritable('font', false);
    checkFont('Label.font', value);
    const missing = checkMissing('Label.font', value, this.missing);
    const { codes, glyphs } = resolve('Label.font', value, this.textValue, missing);
    this.relayout(codes, glyphs, value, this.layoutOptions());
    this.fontValue = value;
    this.codes = codes;
    this.glyphs = glyphs;
  }

  get text(): string {
    this.checkLive('text');
    return this.textValue;
  }

  /** Rewrites this label's glyphs only; as many glyphs a page as before keeps its lists where they are. */
  set text(value: string) {
    this.checkWritable('text');
    checkText('Label.text', value);
    if (value === this.textValue) return;
    const { codes, glyphs } = resolve('Label.text', this.fontValue, value, this.missing);
    this.relayout(codes, glyphs, this.fontValue, this.layoutOptions());
    this.textValue = value;
    this.codes = codes;
    this.glyphs = glyphs;
  }

  get missingGlyph(): MissingGlyph {
    this.checkLive('missingGlyph');
    return this.missing;
  }

  /** The text is resolved again under the new policy ('error' throws, changing nothing, if the font lacks one of its characters). */
  set missingGlyph(value: MissingGlyph) {
    this.checkWritable('missingGlyph');
    const missing = checkMissing('Label.missingGlyph', this.fontValue, value);
    const { codes, glyphs } = resolve('Label.missingGlyph', this.fontValue, this.textValue, missing);
    this.relayout(codes, glyphs, this.fontValue, this.layoutOptions());
    this.missing = missing;
    this.codes = codes;
    this.glyphs = glyphs;
  }

  get x(): number {
    this.checkLive('x');
    return this.xValue;
  }

  set x(value: number) {
    this.checkWritable('x');
    this.xValue = checkFinite(LabelError, 'Label.x', 'x', value);
    this.writeTranslate();
  }

  get y(): number {
    this.checkLive('y');
    return this.yValue;
  }

  set y(value: number) {
    this.checkWritable('y');
    this.yValue = checkFinite(LabelError, 'Label.y', 'y', value);
    this.writeTranslate();
  }

  /** Sets x and y with one write of the translate attribute. */
  setPosition(x: number, y: number): void {
    this.checkWritable('setPosition');
    checkFinite(LabelError, 'Label.setPosition', 'x', x);
    checkFinite(LabelError, 'Label.setPosition', 'y', y);
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
    this.rotationValue = checkFinite(LabelError, 'Label.rotation', 'rotation', value);
    for (const { list } of this.pages.values()) {
      const writer = list.domain.writer('rotation');
      const array = writer.array,
        stride = writer.elementStride;
      for (let at = list.start * stride, end = at + list.count * stride; at < end; at += stride) array[at] = value;
      writer.mark(list.start, list.count);
    }
  }

  get scale(): number {
    this.checkLive('scale');
    return this.scaleValue;
  }

  set scale(value: number) {
    this.checkWritable('scale');
    this.scaleValue = checkFinite(LabelError, 'Label.scale', 'scale', value);
    this.writePairs('scale', value, value);
  }

  get width(): number | null {
    this.checkLive('width');
    return this.widthValue;
  }

  set width(value: number | null) {
    this.checkWritable('width');
    const width = checkWidth('Label.width', value);
    this.relayout(this.codes, this.glyphs, this.fontValue, { ...this.layoutOptions(), width });
    this.widthValue = width;
  }

  get align(): TextAlign {
    this.checkLive('align');
    return this.alignValue;
  }

  set align(value: TextAlign) {
    this.checkWritable('align');
    const align = checkOneOf(LabelError, 'Label.align', 'align', value, ALIGNS);
    this.relayout(this.codes, this.glyphs, this.fontValue, { ...this.layoutOptions(), align });
    this.alignValue = align;
  }

  get anchorX(): TextAnchorX {
    this.checkLive('anchorX');
    return this.anchorXValue;
  }

  set anchorX(value: TextAnchorX) {
    this.checkWritable('anchorX');
    const anchorX = checkOneOf(LabelError, 'Label.anchorX', 'anchorX', value, ANCHORS_X);
    this.relayout(this.codes, this.glyphs, this.fontValue, { ...this.layoutOptions(), anchorX });
    this.anchorXValue = anchorX;
  }

  get anchorY(): TextAnchorY {
    this.checkLive('anchorY');
    return this.anchorYValue;
  }

  set anchorY(value: TextAnchorY) {
    this.checkWritable('anchorY');
    const anchorY = checkOneOf(LabelError, 'Label.anchorY', 'anchorY', value, ANCHORS_Y);
    this.relayout(this.codes, this.glyphs, this.fontValue, { ...this.layoutOptions(), anchorY });
    this.anchorYValue = anchorY;
  }

  /** The widest line in pixels (pyglet's content_width), before scale. */
  get contentWidth(): number {
    this.checkLive('contentWidth');
    return this.layout.contentWidth;
  }

  /** Lines × the font's lineHeight (pyglet's content_height), before scale. */
  get contentHeight(): number {
    this.checkLive('contentHeight');
    return this.layout.contentHeight;
  }

  /**
   * Whether the window point (x, y) is inside the label's layout box (the wrap width, or the widest
   * line, by contentHeight), turned and scaled with it: for clicks on text. A hidden label or one
   * of scale 0 contains nothing. Through a Camera, pass `camera.toWorld`'s point.
   */
  containsPoint(x: number, y: number): boolean {
    this.checkLive('containsPoint');
    checkFinite(LabelError, 'Label.containsPoint', 'x', x);
    checkFinite(LabelError, 'Label.containsPoint', 'y', y);
    if (!this.visibleValue || this.scaleValue === 0) return false;
    // Into the layout's frame: the inverse of the shader's translate, rotation and scale, in turn.
    const dx = x - this.xValue,
      dy = y - this.yValue;
    const cos = Math.cos(this.rotationValue),
      sin = Math.sin(this.rotationValue);
    const px = (dx * cos + dy * sin) / this.scaleValue,
      py = (-dx * sin + dy * cos) / this.scaleValue;
    const { boxLeft, boxTop, boxWidth, contentHeight } = this.layout;
    return px >= boxLeft && px < boxLeft + boxWidth && py >= boxTop && py < boxTop + contentHeight;
  }

  /** [r, g, b] (a copy); opacity is separate. */
  get color(): [number, number, number] {
    this.checkLive('color');
    return [this.rgb[0], this.rgb[1], this.rgb[2]];
  }

  /** [r, g, b] or [r, g, b, a] (the 4th sets opacity); rewrites only `color`. */
  set color(value: LabelColor) {
    this.checkWritable('color');
    checkColor(LabelError, 'Label.color', value);
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
    this.opacityValue = checkOpacity(LabelError, 'Label.opacity', value);
    this.writeColor();
  }

  get visible(): boolean {
    this.checkLive('visible');
    return this.visibleValue;
  }

  /** false keeps the vertices and collapses every quad to the anchor point, which draws nothing. */
  set visible(value: boolean) {
    this.checkWritable('visible');
    checkBoolean(LabelError, 'Label.visible', 'visible', value);
    if (value === this.visibleValue) return;
    this.visibleValue = value;
    this.writeQuads();
  }

  /** Frees the label's vertices; any later use throws LabelError. */
  delete(): void {
    this.checkLive('delete');
    for (const { list } of this.pages.values()) {
      list.owner = null;
      // After a direct delete of one list the others are still there; after the batch's, none is.
      if (!list.isDeleted && !list.domain.isDeleted) list.delete();
    }
    this.pages.clear();
    this.deleted = true;
  }

  /** @internal The batch moved a list to another domain, its vertices copied there: nothing to follow, as the label looks its lists up each write. */
  listMoved(): void {}

  /** @internal A list was deleted directly, or with its batch. */
  listLost(): void {
    if (this.lost === 'list') return;
    let direct = false;
    for (const { list } of this.pages.values()) direct ||= list.isDeleted;
    this.lost = direct ? 'list' : 'batch';
  }

  private layoutOptions(): LayoutOptions {
    return { width: this.widthValue, align: this.alignValue, anchorX: this.anchorXValue, anchorY: this.anchorYValue };
  }

  /**
   * Lays `codes` out with `options` and fits the lists to it: first every list that must grow grows
   * (or is added), undone if one cannot, then lists shrink or go, then the quads are written. Only
   * after that does the new layout replace the old.
   */
  private relayout(codes: readonly number[], glyphs: readonly (Glyph | null)[], font: Font, options: LayoutOptions): void {
    const next = this.spare;
    next.run(font, codes, glyphs, options);
    const counts = new Map<Texture, number>();
    for (let q = 0; q < next.quadCount; q++) {
      const texture = next.regions[q]!.texture;
      counts.set(texture, (counts.get(texture) ?? 0) + 1);
    }
    const changed = new Set<PageList>();
    const undo: (() => void)[] = [];
    try {
      for (const [texture, quads] of counts) {
        const page = this.pages.get(texture);
        if (page === undefined) {
          const list = this.addList(texture, quads);
          const added: PageList = { list, quads, next: 0 };
          this.pages.set(texture, added);
          changed.add(added);
          undo.push(() => {
            this.pages.delete(texture);
            list.owner = null;
            list.delete();
          });
        } else if (page.quads < quads) {
          const old = page.quads;
          page.list.resize(quads * 4, quads * 6);
          page.quads = quads;
          changed.add(page);
          undo.push(() => {
            page.list.resize(old * 4, old * 6);
            page.quads = old;
          });
        }
      }
    } catch (error) {
      for (let i = undo.length - 1; i >= 0; i--) undo[i]!();
      throw error;
    }
    for (const [texture, page] of this.pages) {
      const quads = counts.get(texture) ?? 0;
      if (quads === 0) {
        page.list.owner = null;
        page.list.delete();
        this.pages.delete(texture);
      } else if (quads < page.quads) {
        page.list.resize(quads * 4, quads * 6);
        page.quads = quads;
        changed.add(page);
      }
    }
    for (const page of changed) page.list.indices = quadIndices(page.quads);
    this.spare = this.layout;
    this.layout = next;
    this.writeQuads();
    for (const page of changed) this.writeConstants(page.list);
  }

  private addList(texture: Texture, quads: number): IndexedVertexList {
    const group = spriteGroup(texture, this.blendValue, this.parentGroup);
    const list = this.batchValue.addIndexed(
      quads * 4,
      this.batchValue.gl.TRIANGLES,
      group,
      group.program,
      quadIndices(quads),
      SPRITE_ATTRIBUTES,
    );
    list.owner = this;
    return list;
  }

  /** Writes `position` and `tex_coords` of every quad of the layout, each into its page's list. */
  private writeQuads(): void {
    for (const page of this.pages.values()) page.next = 0;
    const layout = this.layout;
    const shown = this.visibleValue ? 1 : 0;
    for (let q = 0; q < layout.quadCount; q++) {
      const region = layout.regions[q]!;
      const page = this.pages.get(region.texture)!;
      const vertex = page.list.start + 4 * page.next++;
      const left = layout.left[q]! * shown,
        top = layout.top[q]! * shown;
      writeCorners(page.list, 'position', vertex, left, top, left + region.width * shown, top + region.height * shown);
      writeCorners(page.list, 'tex_coords', vertex, region.u0, region.v0, region.u1, region.v1);
    }
  }

  /** Writes translate, rotation, scale and color into every vertex of `list`: what is the same in all of them. */
  private writeConstants(list: IndexedVertexList): void {
    const domain = list.domain,
      start = list.start,
      count = list.count;
    for (const [name, a, b] of [
      ['translate', this.xValue, this.yValue],
      ['scale', this.scaleValue, this.scaleValue],
    ] as const) {
      const writer = domain.writer(name);
      const array = writer.array,
        stride = writer.elementStride;
      for (let at = start * stride, end = at + count * stride; at < end; at += stride) {
        array[at] = a;
        array[at + 1] = b;
      }
      writer.mark(start, count);
    }
    const rotation = domain.writer('rotation');
    for (let v = start; v < start + count; v++) rotation.array[v * rotation.elementStride] = this.rotationValue;
    rotation.mark(start, count);
    this.writeListColor(list);
  }

  private writeTranslate(): void {
    this.writePairs('translate', this.xValue, this.yValue);
  }

  /** Writes (a, b) into every vertex of attribute `name` (translate, scale). */
  private writePairs(name: string, a: number, b: number): void {
    for (const { list } of this.pages.values()) {
      const writer = list.domain.writer(name);
      const array = writer.array,
        stride = writer.elementStride;
      for (let at = list.start * stride, end = at + list.count * stride; at < end; at += stride) {
        array[at] = a;
        array[at + 1] = b;
      }
      writer.mark(list.start, list.count);
    }
  }

  private writeColor(): void {
    for (const { list } of this.pages.values()) this.writeListColor(list);
  }

  private writeListColor(list: IndexedVertexList): void {
    const writer = list.domain.writer('color');
    const array = writer.array,
      stride = writer.elementStride;
    for (let at = list.start * stride, end = at + list.count * stride; at < end; at += stride) {
      array[at] = this.rgb[0];
      array[at + 1] = this.rgb[1];
      array[at + 2] = this.rgb[2];
      array[at + 3] = this.opacityValue;
    }
    writer.mark(list.start, list.count);
  }

  private checkLive(name: string): void {
    if (this.deleted) throw new LabelError('this', 'deleted', `Label.${name}: the label was deleted`);
  }

  /** Throws the error that says why the label may not be changed, if it may not. */
  private checkWritable(name: string, needsFont = true): void {
    this.checkLive(name);
    if (this.lost === 'batch') throw new LabelError('batch', this.batchValue, `Label.${name}: the label's batch was deleted`);
    if (this.lost === 'list') {
      throw new LabelError(
        'vertexLists',
        this.vertexLists,
        `Label.${name}: a vertex list of the label was deleted directly; delete the label instead`,
      );
    }
    if (needsFont && this.fontValue.isDeleted)
      throw new LabelError('font', this.fontValue, `Label.${name}: the label's font was deleted; give it a live font first`);
  }
}

/** Writes a 2-component attribute at the four corners of the quad at `vertex`, vertex k at (k & 1, k >> 1) of the box. */
function writeCorners(list: IndexedVertexList, name: string, vertex: number, x0: number, y0: number, x1: number, y1: number): void {
  const writer = list.domain.writer(name);
  const array = writer.array,
    stride = writer.elementStride;
  let at = vertex * stride;
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
  writer.mark(vertex, 4);
}

/** Local indices of `quads` quads, two triangles each over the corners (0,0) (1,0) (0,1) (1,1); a view of one shared array. */
let indexCache = new Uint32Array(0);
function quadIndices(quads: number): Uint32Array {
  if (indexCache.length < quads * 6) {
    indexCache = new Uint32Array(Math.max(quads * 6, indexCache.length * 2));
    for (let q = 0; q < indexCache.length / 6; q++) indexCache.set([4 * q, 4 * q + 1, 4 * q + 2, 4 * q + 2, 4 * q + 1, 4 * q + 3], q * 6);
  }
  return indexCache.subarray(0, quads * 6);
}

/** The code points of `text` and their glyphs (null at '\n'), by the missing-glyph policy; throws, naming the character, under 'error'. */
function resolve(where: string, font: Font, text: string, missing: MissingGlyph): { codes: number[]; glyphs: (Glyph | null)[] } {
  const codes: number[] = [];
  const glyphs: (Glyph | null)[] = [];
  const replacement = missing === 'error' || missing === 'skip' ? -1 : missing.codePointAt(0)!;
  for (let i = 0; i < text.length;) {
    let code = text.codePointAt(i)!;
    const index = i;
    i += code > 0xffff ? 2 : 1;
    if (code === RETURN) continue;
    if (code === NEWLINE) {
      codes.push(code);
      glyphs.push(null);
      continue;
    }
    let glyph = font.glyph(code);
    if (glyph === null) {
      if (missing === 'skip') continue;
      if (replacement < 0) {
        throw new LabelError(
          'text',
          text,
          `${where}: the font has no glyph for ${JSON.stringify(String.fromCodePoint(code))} (U+${code.toString(16).toUpperCase().padStart(4, '0')}) at index ${index}; set missingGlyph to 'skip' or a replacement character to draw such text`,
        );
      }
      code = replacement;
      glyph = font.glyph(code)!;
    }
    codes.push(code);
    glyphs.push(glyph);
  }
  return { codes, glyphs };
}

const WHITE: LabelColor = [255, 255, 255];

function checkFont(where: string, font: unknown): asserts font is Font {
  const f = font as Partial<Font> | null;
  if (
    typeof f !== 'object' ||
    f === null ||
    typeof f.glyph !== 'function' ||
    typeof f.kerning !== 'function' ||
    typeof f.lineHeight !== 'number'
  ) {
    throw new LabelError('font', font, `${where}: font must be a BitmapFont or CanvasFont, got ${show(font)}`);
  }
  if (f.isDeleted === true) throw new LabelError('font', font, `${where}: the font was deleted`);
}

function checkText(where: string, value: unknown): asserts value is string {
  if (typeof value !== 'string') throw new LabelError('text', value, `${where}: text must be a string, got ${show(value)}`);
}

function checkWidth(where: string, value: unknown): number | null {
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new LabelError(
      'width',
      value,
      `${where}: width must be a finite number ≥ 0 (the wrap width) or null (no wrap), got ${show(value)}`,
    );
  }
  return value;
}

/** 'error', 'skip', or one character the font has a glyph for. */
function checkMissing(where: string, font: Font, value: unknown): MissingGlyph {
  if (value === 'error' || value === 'skip') return value;
  if (typeof value !== 'string' || value.length === 0 || [...value].length !== 1) {
    throw new LabelError(
      'missingGlyph',
      value,
      `${where}: missingGlyph must be 'error', 'skip' or one replacement character, got ${show(value)}`,
    );
  }
  if (value.codePointAt(0) === NEWLINE || font.glyph(value.codePointAt(0)!) === null) {
    throw new LabelError('missingGlyph', value, `${where}: the replacement character ${show(value)} has no glyph in the font`);
  }
  return value;
}
