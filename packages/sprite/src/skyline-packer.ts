/**
 * SkylinePacker: a pure 2D rectangle packer (no GL) for texture atlas pages.
 *
 * Skyline bottom-left with a waste map, after Jukka Jylänki, "A Thousand Ways to
 * Pack the Bin" (SKYLINE-BL-WM). Coordinates are y-down from the bin's top-left,
 * so the skyline is the lower edge of what has been packed and "bottom-left"
 * means the placement whose lower edge (y + h) is highest up, ties broken by the
 * narrower skyline segment.
 *
 * Free-rectangle list (the waste map, and how `free` works): rectangles that can
 * no longer be reached from the skyline (the gaps under a rectangle that spans
 * uneven skyline segments) and rectangles given back with `free` go into one list
 * of disjoint free rectangles. `pack` consults that list first (best area fit,
 * placed at the free rectangle's top-left, the rest split guillotine-style along
 * the shorter leftover axis), and only then the skyline. `free` merges the given
 * rectangle with free neighbours that share a whole edge, repeatedly, so a run of
 * freed neighbours becomes one rectangle again. The skyline itself never moves
 * back up: freed space is reused through the list.
 *
 * `free` only accepts a rectangle `pack` returned and that is still packed (the
 * packer keeps a set of live rectangles), so space can never be freed twice.
 */
import { TextureAtlasError } from './errors.ts';

export interface PackedPosition {
  x: number;
  y: number;
}

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One skyline segment: [x, x + width) is packed down to y. */
interface SkylineSegment {
  x: number;
  y: number;
  width: number;
}

interface SkylineFit {
  index: number;
  y: number;
  bottom: number;
  segmentWidth: number;
}

const rectKey = (x: number, y: number, width: number, height: number): string => `${x},${y},${width},${height}`;

function checkSize(method: string, argument: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new TextureAtlasError(argument, value, `SkylinePacker.${method}: ${argument} must be an integer ≥ ${min}, got ${String(value)}`);
  }
  return value;
}

export class SkylinePacker {
  readonly width: number;
  readonly height: number;
  private skyline: SkylineSegment[] = [];
  private freeRects: Rect[] = [];
  private readonly live = new Set<string>();
  private usedArea = 0;

  constructor(width: number, height: number) {
    this.width = checkSize('constructor', 'width', width, 1);
    this.height = checkSize('constructor', 'height', height, 1);
    this.reset();
  }

  /** Area (px²) of the rectangles packed and not freed. */
  get occupiedArea(): number {
    return this.usedArea;
  }

  /** Number of rectangles packed and not freed. */
  get count(): number {
    return this.live.size;
  }

  /** Places a width × height rectangle; its top-left corner, or null when it does not fit. */
  pack(width: number, height: number): PackedPosition | null {
    checkSize('pack', 'width', width, 1);
    checkSize('pack', 'height', height, 1);
    const position = this.packInFreeRects(width, height) ?? this.packOnSkyline(width, height);
    if (position) {
      this.live.add(rectKey(position.x, position.y, width, height));
      this.usedArea += width * height;
    }
    return position;
  }

  /** Gives back a rectangle `pack` returned, so its space is packed again later. */
  free(x: number, y: number, width: number, height: number): void {
    checkSize('free', 'x', x, 0);
    checkSize('free', 'y', y, 0);
    checkSize('free', 'width', width, 1);
    checkSize('free', 'height', height, 1);
    const key = rectKey(x, y, width, height);
    if (!this.live.has(key)) {
      throw new TextureAtlasError(
        'rect',
        { x, y, width, height },
        `SkylinePacker.free: (${key}) is not a packed rectangle (never packed, or already freed)`,
      );
    }
    this.live.delete(key);
    this.usedArea -= width * height;
    this.addFreeRect({ x, y, width, height });
  }

  /** Empties the bin. */
  reset(): void {
    this.skyline = [{ x: 0, y: 0, width: this.width }];
    this.freeRects = [];
    this.live.clear();
    this.usedArea = 0;
  }

  private packInFreeRects(width: number, height: number): PackedPosition | null {
    let best = -1;
    let bestArea = Infinity;
    for (let i = 0; i < this.freeRects.length; i++) {
      const rect = this.freeRects[i]!;
      const area = rect.width * rect.height;
      if (rect.width >= width && rect.height >= height && area < bestArea) {
        best = i;
        bestArea = area;
      }
    }
    if (best < 0) return null;
    const rect = this.freeRects[best]!;
    this.freeRects.splice(best, 1);
    const restWidth = rect.width - width;
    const restHeight = rect.height - height;
    // Shorter-leftover-axis split: the longer leftover keeps the full side.
    if (restWidth < restHeight) {
      this.pushFree({ x: rect.x + width, y: rect.y, width: restWidth, height });
      this.pushFree({ x: rect.x, y: rect.y + height, width: rect.width, height: restHeight });
    } else {
      this.pushFree({ x: rect.x + width, y: rect.y, width: restWidth, height: rect.height });
      this.pushFree({ x: rect.x, y: rect.y + height, width, height: restHeight });
    }
    return { x: rect.x, y: rect.y };
  }

  private packOnSkyline(width: number, height: number): PackedPosition | null {
    let best: SkylineFit | null = null;
    for (let i = 0; i < this.skyline.length; i++) {
      const y = this.fitAt(i, width, height);
      if (y === null) continue;
      const bottom = y + height;
      const segmentWidth = this.skyline[i]!.width;
      if (!best || bottom < best.bottom || (bottom === best.bottom && segmentWidth < best.segmentWidth)) {
        best = { index: i, y, bottom, segmentWidth };
      }
    }
    if (!best) return null;
    const x = this.skyline[best.index]!.x;
    this.addWaste(best.index, x, width, best.y);
    this.raiseSkyline(best.index, x, width, best.bottom);
    return { x, y: best.y };
  }

  /** The y at which a rectangle whose left edge is skyline segment `index`'s would rest, or null. */
  private fitAt(index: number, width: number, height: number): number | null {
    const x = this.skyline[index]!.x;
    if (x + width > this.width) return null;
    let y = 0;
    let covered = 0;
    for (let i = index; covered < width; i++) {
      const segment = this.skyline[i]!;
      y = Math.max(y, segment.y);
      if (y + height > this.height) return null;
      covered = segment.x + segment.width - x;
    }
    return y;
  }

  /** The gaps between skyline segments [x, x + width) and a rectangle resting at y: unreachable from the skyline. */
  private addWaste(index: number, x: number, width: number, y: number): void {
    const right = x + width;
    for (let i = index; i < this.skyline.length && this.skyline[i]!.x < right; i++) {
      const segment = this.skyline[i]!;
      const gapRight = Math.min(segment.x + segment.width, right);
      if (segment.y < y) this.addFreeRect({ x: segment.x, y: segment.y, width: gapRight - segment.x, height: y - segment.y });
    }
  }

  /** Replaces the skyline under [x, x + width) with one segment at `bottom`, then merges equal neighbours. */
  private raiseSkyline(index: number, x: number, width: number, bottom: number): void {
    const right = x + width;
    let end = index;
    while (end < this.skyline.length && this.skyline[end]!.x + this.skyline[end]!.width <= right) end++;
    const replaced: SkylineSegment[] = [{ x, y: bottom, width }];
    const partial = this.skyline[end];
    if (partial && partial.x < right) {
      // The last segment reaches past the rectangle: keep its right part.
      replaced.push({ x: right, y: partial.y, width: partial.x + partial.width - right });
      end++;
    }
    this.skyline.splice(index, end - index, ...replaced);
    for (let i = Math.max(1, index); i < this.skyline.length && i <= index + 2; i++) {
      const left = this.skyline[i - 1]!;
      const segment = this.skyline[i]!;
      if (left.y === segment.y) {
        left.width += segment.width;
        this.skyline.splice(i, 1);
        i--;
      }
    }
  }

  private pushFree(rect: Rect): void {
    if (rect.width > 0 && rect.height > 0) this.freeRects.push(rect);
  }

  /** Adds a free rectangle, merging it with free neighbours that share a whole edge until none does. */
  private addFreeRect(rect: Rect): void {
    let merged = { ...rect };
    for (let i = 0; i < this.freeRects.length; i++) {
      const other = this.freeRects[i]!;
      const joined = joinRects(merged, other);
      if (joined) {
        merged = joined;
        this.freeRects.splice(i, 1);
        i = -1; // the bigger rectangle may now share an edge with one already passed
      }
    }
    this.freeRects.push(merged);
  }
}

/** The union of two rectangles sharing a whole edge, or null when it is not a rectangle. */
function joinRects(a: Rect, b: Rect): Rect | null {
  if (a.x === b.x && a.width === b.width) {
    if (a.y + a.height === b.y) return { x: a.x, y: a.y, width: a.width, height: a.height + b.height };
    if (b.y + b.height === a.y) return { x: a.x, y: b.y, width: a.width, height: a.height + b.height };
  }
  if (a.y === b.y && a.height === b.height) {
    if (a.x + a.width === b.x) return { x: a.x, y: a.y, width: a.width + b.width, height: a.height };
    if (b.x + b.width === a.x) return { x: b.x, y: a.y, width: a.width + b.width, height: a.height };
  }
  return null;
}
