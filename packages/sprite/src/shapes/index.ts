/** Shapes in the spirit of pyglet.shapes; see shape.ts for what they share. */
export { type AnchorBox, type Color, Shape, type ShapeOptions } from './shape.ts';
export { ShapeGroup } from './shape-program.ts';
export { BorderedRectangle, type BorderedRectangleOptions, Rectangle } from './rectangle.ts';
export { Arc, type ArcOptions, Circle, type CurveOptions, defaultSegments, Ellipse, Sector, type SectorOptions } from './ellipse.ts';
export { Line, type LineOptions } from './line.ts';
export { Polygon, Star, Triangle } from './polygon.ts';
export { triangulate } from './triangulate.ts';
