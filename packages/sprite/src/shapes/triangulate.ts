/**
 * Ear clipping for simple polygons (convex or concave, either winding; no
 * holes, no self-intersections). Pure and O(n³) at worst, fine for the tens of
 * points a shape has. Collinear vertices are clipped as zero-area ears, so a
 * polygon of n points always gives n − 2 triangles (a fixed vertex count).
 */

/** Twice the signed area of triangle (a, b, c). */
const cross = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number =>
  (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);

/**
 * Indices into `points`, three per triangle, (n − 2) × 3 in all; null when the
 * polygon is not simple (no ear can be found) or has zero area.
 */
export function triangulate(points: readonly (readonly [number, number])[]): number[] | null {
  let area = 0;
  for (let i = 0; i < points.length; i++) {
    const [x0, y0] = points[i]!,
      [x1, y1] = points[(i + 1) % points.length]!;
    area += x0 * y1 - x1 * y0;
  }
  if (area === 0) return null;
  const winding = Math.sign(area);
  const remaining = points.map((_, i) => i);
  const triangles: number[] = [];
  while (remaining.length > 3) {
    const ear = findEar(points, remaining, winding);
    if (ear < 0) return null;
    const n = remaining.length;
    triangles.push(remaining[(ear + n - 1) % n]!, remaining[ear]!, remaining[(ear + 1) % n]!);
    remaining.splice(ear, 1);
  }
  triangles.push(remaining[0]!, remaining[1]!, remaining[2]!);
  return triangles;
}

/** The position in `remaining` of a vertex whose triangle with its neighbours is an ear, or -1. */
function findEar(points: readonly (readonly [number, number])[], remaining: readonly number[], winding: number): number {
  const n = remaining.length;
  for (let i = 0; i < n; i++) {
    const [ax, ay] = points[remaining[(i + n - 1) % n]!]!;
    const [bx, by] = points[remaining[i]!]!;
    const [cx, cy] = points[remaining[(i + 1) % n]!]!;
    const turn = winding * cross(ax, ay, bx, by, cx, cy);
    if (turn < 0) continue; // reflex
    if (turn === 0) return i; // collinear: removing it does not change the outline
    let empty = true;
    for (let j = 0; j < n && empty; j++) {
      if (j === i || j === (i + n - 1) % n || j === (i + 1) % n) continue;
      const [px, py] = points[remaining[j]!]!;
      // Inside or on the edge (same side of all three edges, allowing zero).
      empty = !(
        winding * cross(ax, ay, bx, by, px, py) >= 0 &&
        winding * cross(bx, by, cx, cy, px, py) >= 0 &&
        winding * cross(cx, cy, ax, ay, px, py) >= 0
      );
    }
    if (empty) return i;
  }
  return -1;
}
