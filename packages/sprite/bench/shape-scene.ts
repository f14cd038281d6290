// The scene both engines draw in the shapes benchmark: a 256 × 256 canvas of small shapes of
// four kinds, a quarter each, in turn — rectangles, 12-segment circles, 5-point stars and lines —
// at seeded places with seeded velocities, moved the way a PixiJS user writes it:
// `shape.x += vx` through the engine's own getters and setters, bouncing at the edges. The
// motion, the kinds and their sizes are shared, so both engines run the same code on the same
// geometry.
import { seededRandom, type Movable } from './bunny-scene.ts';

export { seededRandom };

export const CANVAS = 256;
export const KINDS = ['rectangle', 'circle', 'star', 'line'] as const;
export type Kind = (typeof KINDS)[number];

/** Rectangle width × height; anchored at its top-left corner, as PixiJS draws rect(0, 0, w, h). */
export const RECTANGLE = { width: 8, height: 6 } as const;
/** Circle radius and segments (PixiJS: regularPoly of as many sides); anchored at its centre. */
export const CIRCLE = { radius: 4, segments: 12 } as const;
/** Star spikes and radii; anchored at its centre. */
export const STAR = { spikes: 5, outer: 5, inner: 2 } as const;
/** Line from its start (the anchor) to start + (dx, dy), thickness pixels wide. */
export const LINE = { dx: 7, dy: 4, thickness: 2 } as const;
/** Each kind's colour, as [r, g, b] 0–255. */
export const COLORS: Record<Kind, readonly [number, number, number]> = {
  rectangle: [255, 80, 80],
  circle: [80, 255, 120],
  star: [255, 220, 60],
  line: [100, 160, 255],
};

/** Shapes bounce between MARGIN and CANVAS − MARGIN, so none leaves the canvas. */
const MARGIN = 8,
  MIN = MARGIN,
  MAX = CANVAS - MARGIN;

/** A shape and its velocity. */
export interface Mover<S extends Movable> {
  shape: S;
  kind: Kind;
  vx: number;
  vy: number;
}

/** The i-th shape: its kind in turn, `make` builds the engine's shape at a random place; a random velocity. */
export function newMover<S extends Movable>(i: number, random: () => number, make: (kind: Kind, x: number, y: number) => S): Mover<S> {
  const kind = KINDS[i % KINDS.length]!;
  const shape = make(kind, MIN + random() * (MAX - MIN), MIN + random() * (MAX - MIN));
  return { shape, kind, vx: random() * 2 - 1, vy: random() * 2 - 1 };
}

/** One step of the motion, through the shapes' getters and setters. */
export function moveShapes<S extends Movable>(movers: readonly Mover<S>[]): void {
  for (let i = 0; i < movers.length; i++) {
    const mover = movers[i]!,
      shape = mover.shape;
    shape.x += mover.vx;
    shape.y += mover.vy;
    if (shape.x > MAX) {
      mover.vx = -mover.vx;
      shape.x = MAX;
    } else if (shape.x < MIN) {
      mover.vx = -mover.vx;
      shape.x = MIN;
    }
    if (shape.y > MAX) {
      mover.vy = -mover.vy;
      shape.y = MAX;
    } else if (shape.y < MIN) {
      mover.vy = -mover.vy;
      shape.y = MIN;
    }
  }
}
