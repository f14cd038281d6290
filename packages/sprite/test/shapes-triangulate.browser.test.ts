// Ear clipping (triangulate.ts): pure logic, kept with the shape tests. Checks the triangle count,
// that the triangles' areas add up to the polygon's, that every triangle keeps the winding, and nulls.
import { describe, expect, it } from 'vitest';
import { triangulate } from '../src/index.ts';

type P = [number, number];
const twiceArea = (a: P, b: P, c: P): number => (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
const polygonArea = (points: P[]): number =>
  points.reduce((sum, [x0, y0], i) => {
    const [x1, y1] = points[(i + 1) % points.length]!;
    return sum + x0 * y1 - x1 * y0;
  }, 0);

describe('triangulate', () => {
  const POLYGONS: [string, P[]][] = [
    [
      'square',
      [
        [0, 0],
        [10, 0],
        [10, 10],
        [0, 10],
      ],
    ],
    [
      'concave L',
      [
        [10, 10],
        [60, 10],
        [60, 30],
        [30, 30],
        [30, 60],
        [10, 60],
      ],
    ],
    [
      'concave L, other winding',
      [
        [10, 60],
        [30, 60],
        [30, 30],
        [60, 30],
        [60, 10],
        [10, 10],
      ],
    ],
    [
      'arrow',
      [
        [0, 0],
        [10, 5],
        [0, 10],
        [4, 5],
      ],
    ],
    [
      'collinear points',
      [
        [0, 0],
        [5, 0],
        [10, 0],
        [10, 10],
        [0, 10],
      ],
    ],
  ];
  it.each(POLYGONS)('%s: n − 2 triangles covering exactly its area, none flipped', (_name, points) => {
    const triangles = triangulate(points)!;
    expect(triangles).toHaveLength((points.length - 2) * 3);
    const sign = Math.sign(polygonArea(points));
    let sum = 0;
    for (let i = 0; i < triangles.length; i += 3) {
      const area = twiceArea(points[triangles[i]!]!, points[triangles[i + 1]!]!, points[triangles[i + 2]!]!);
      expect(area * sign).toBeGreaterThanOrEqual(0);
      sum += Math.abs(area);
    }
    expect(sum).toBeCloseTo(Math.abs(polygonArea(points)), 9);
  });

  it('gives null for a self-intersecting bow tie and for zero area', () => {
    expect(
      triangulate([
        [0, 0],
        [10, 10],
        [10, 0],
        [0, 10],
      ]),
    ).toBeNull();
    expect(
      triangulate([
        [0, 0],
        [5, 5],
        [10, 10],
      ]),
    ).toBeNull();
  });
});
