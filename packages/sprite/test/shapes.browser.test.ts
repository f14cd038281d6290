// The shapes in a real WebGL2 context (SwiftShader): a 128 × 128 canvas with the y-down projection
// mat4.ortho(0, w, h, 0, -1, 1) in a MatrixBlock, shapes in a Batch, checked with readPixels at points
// chosen by geometry (away from edges), list counts, batch.stats(), the GPU's buffers (getBufferSubData)
// and gl.getError after every test.
import { mat4 } from 'gl-matrix';
import { Batch, Group, MatrixBlock } from '@webglet/graphics';
import { canvasOf, createContext, expectNoGLError, liveContexts, pixel, readBuffer } from '../../graphics/test/gl-test-helpers.ts';
import { afterEach, describe, expect, it } from 'vitest';
import {
  Arc,
  BorderedRectangle,
  Circle,
  Ellipse,
  Line,
  Polygon,
  Rectangle,
  Sector,
  ShapeError,
  Star,
  Triangle,
  type Shape,
} from '../src/index.ts';

const SIZE = 128;
const BLACK = [0, 0, 0, 255];
const RED = [255, 0, 0, 255];
const GREEN = [0, 255, 0, 255];
const BLUE = [0, 0, 255, 255];

// Every context of the test must end without a GL error (the helpers' own afterEach then gives them back).
afterEach(() => {
  for (const gl of liveContexts) expectNoGLError(gl);
});

interface Scene {
  gl: WebGL2RenderingContext;
  batch: Batch;
}

function createScene(): Scene {
  const gl = createContext(SIZE, SIZE);
  new MatrixBlock(gl).setProjection(mat4.ortho(mat4.create(), 0, SIZE, SIZE, 0, -1, 1));
  return { gl, batch: new Batch(gl) };
}

function render({ gl, batch }: Scene, background: readonly number[] = BLACK): void {
  gl.clearColor(background[0]! / 255, background[1]! / 255, background[2]! / 255, 1);
  gl.clear(gl.COLOR_BUFFER_BIT);
  batch.draw();
}

/** The pixel at screen (x, y), y down from the top (readPixels counts rows from the bottom). */
const at = (gl: WebGL2RenderingContext, x: number, y: number): number[] => pixel(gl, x, SIZE - 1 - y);

/** Vertices allocated in the batch's only domain (stats give usage as a fraction of capacity). */
function usedVertices(batch: Batch): number {
  const [domain] = batch.stats().domains;
  return Math.round(domain!.usage * domain!.capacity);
}

function frame(gl: WebGL2RenderingContext): Uint8Array {
  const out = new Uint8Array(SIZE * SIZE * 4);
  gl.readPixels(0, 0, SIZE, SIZE, gl.RGBA, gl.UNSIGNED_BYTE, out);
  return out;
}

type Make = (batch: Batch) => Shape;
interface Case {
  name: string;
  make: Make;
  vertices: number;
  inside: [number, number][];
  outside: [number, number][];
  colour?: number[];
}

const red = { color: [255, 0, 0] as const };
const CASES: Case[] = [
  {
    name: 'Rectangle',
    make: (batch) => new Rectangle(10, 20, 40, 30, { batch, ...red }),
    vertices: 6,
    inside: [
      [30, 35],
      [12, 22],
      [47, 47],
    ],
    outside: [
      [5, 35],
      [55, 35],
      [30, 15],
      [30, 55],
    ],
  },
  {
    name: 'Circle',
    make: (batch) => new Circle(64, 64, 30, { batch, ...red }),
    vertices: 24 * 3,
    inside: [
      [64, 64],
      [88, 64],
      [82, 82],
      [40, 64],
    ],
    outside: [
      [88, 88],
      [100, 64],
      [64, 28],
      [40, 40],
    ],
  },
  {
    name: 'Ellipse',
    make: (batch) => new Ellipse(64, 64, 40, 15, { batch, ...red }),
    vertices: 32 * 3,
    inside: [
      [99, 64],
      [28, 64],
      [64, 74],
    ],
    outside: [
      [64, 84],
      [99, 74],
      [64, 44],
    ],
  },
  {
    name: 'Arc',
    make: (batch) => new Arc(64, 64, 30, { batch, ...red, thickness: 8, angle: Math.PI }),
    vertices: 24 * 6,
    inside: [
      [64, 94],
      [94, 66],
      [34, 66],
    ],
    outside: [
      [64, 34],
      [64, 64],
      [64, 84],
      [64, 104],
    ],
  },
  {
    name: 'Sector',
    make: (batch) => new Sector(64, 64, 30, { batch, ...red, angle: Math.PI / 2 }),
    vertices: 24 * 3,
    inside: [
      [76, 76],
      [88, 68],
    ],
    outside: [
      [52, 76],
      [76, 52],
      [52, 52],
      [90, 90],
    ],
  },
  {
    name: 'Line',
    make: (batch) => new Line(10, 64, 110, 64, { batch, ...red, thickness: 10 }),
    vertices: 6,
    inside: [
      [60, 64],
      [60, 67],
      [12, 61],
      [107, 64],
    ],
    outside: [
      [60, 72],
      [60, 56],
      [5, 64],
      [115, 64],
    ],
  },
  {
    name: 'Triangle',
    make: (batch) => new Triangle(10, 10, 110, 10, 10, 110, { batch, ...red }),
    vertices: 3,
    inside: [
      [30, 30],
      [15, 100],
      [100, 15],
    ],
    outside: [
      [80, 80],
      [5, 50],
    ],
  },
  {
    name: 'Polygon (concave L)',
    make: (batch) =>
      new Polygon(
        [
          [10, 10],
          [60, 10],
          [60, 30],
          [30, 30],
          [30, 60],
          [10, 60],
        ],
        { batch, ...red },
      ),
    vertices: 12,
    inside: [
      [20, 50],
      [50, 20],
      [20, 20],
    ],
    outside: [
      [45, 45],
      [55, 55],
      [70, 20],
    ],
  },
  {
    name: 'Star',
    make: (batch) => new Star(64, 64, 40, 10, 5, { batch, ...red }),
    vertices: 30,
    inside: [
      [64, 64],
      [64, 39],
    ],
    outside: [
      [64, 94],
      [30, 40],
      [98, 40],
    ],
  },
];

describe('each shape draws its colour inside and leaves the background outside', () => {
  it.each(CASES)('$name', ({ make, vertices, inside, outside }) => {
    const scene = createScene();
    const shape = make(scene.batch);
    expect(shape.vertexList.count).toBe(vertices);
    render(scene);
    for (const [x, y] of inside) expect(at(scene.gl, x, y), `inside (${x}, ${y})`).toEqual(RED);
    for (const [x, y] of outside) expect(at(scene.gl, x, y), `outside (${x}, ${y})`).toEqual(BLACK);
  });

  it('BorderedRectangle: fill inside, border colour on the border, background outside', () => {
    const scene = createScene();
    const shape = new BorderedRectangle(10, 10, 60, 40, { batch: scene.batch, color: [0, 255, 0], border: 6, borderColor: [0, 0, 255] });
    expect(shape.vertexList.count).toBe(30);
    render(scene);
    const { gl } = scene;
    expect(at(gl, 40, 30)).toEqual(GREEN);
    for (const [x, y] of [
      [12, 30],
      [67, 30],
      [40, 12],
      [40, 47],
      [12, 12],
    ] as const)
      expect(at(gl, x, y), `border (${x}, ${y})`).toEqual(BLUE);
    for (const [x, y] of [
      [5, 30],
      [75, 30],
      [40, 5],
      [40, 55],
    ] as const)
      expect(at(gl, x, y)).toEqual(BLACK);
    shape.borderColor = [255, 0, 0];
    render(scene);
    expect(at(gl, 12, 30)).toEqual(RED);
    expect(at(gl, 40, 30)).toEqual(GREEN);
  });
});

describe('transform', () => {
  it('rotation turns a long thin rectangle by 90° clockwise about its anchor', () => {
    const scene = createScene();
    const bar = new Rectangle(64, 64, 50, 6, { batch: scene.batch, ...red, anchorX: 0, anchorY: 0.5 });
    render(scene);
    expect(at(scene.gl, 100, 64)).toEqual(RED);
    expect(at(scene.gl, 64, 100)).toEqual(BLACK);
    bar.rotation = Math.PI / 2; // clockwise on screen: pointing right becomes pointing down
    render(scene);
    expect(at(scene.gl, 100, 64)).toEqual(BLACK);
    expect(at(scene.gl, 64, 100)).toEqual(RED);
    expect(at(scene.gl, 64, 28)).toEqual(BLACK);
  });

  it('anchor fractions move a rectangle relative to its position, and a circle off its centre', () => {
    const scene = createScene();
    const square = new Rectangle(64, 64, 20, 20, { batch: scene.batch, ...red });
    render(scene);
    expect(at(scene.gl, 74, 74)).toEqual(RED);
    expect(at(scene.gl, 54, 54)).toEqual(BLACK);
    square.anchorX = 1;
    square.anchorY = 1;
    render(scene);
    expect(at(scene.gl, 74, 74)).toEqual(BLACK);
    expect(at(scene.gl, 54, 54)).toEqual(RED);
    square.delete();
    const circle = new Circle(30, 30, 20, { batch: scene.batch, ...red, anchorX: 0, anchorY: 0 });
    render(scene);
    expect(at(scene.gl, 50, 50)).toEqual(RED); // the centre is at (x + r, y + r)
    expect(at(scene.gl, 22, 22)).toEqual(BLACK);
    expect(circle.anchorX).toBe(0);
  });

  it('moving x and y moves the shape', () => {
    const scene = createScene();
    const circle = new Circle(30, 30, 10, { batch: scene.batch, ...red });
    circle.x = 90;
    circle.position = [90, 100];
    render(scene);
    expect(at(scene.gl, 30, 30)).toEqual(BLACK);
    expect(at(scene.gl, 90, 100)).toEqual(RED);
    expect(circle.position).toEqual([90, 100]);
  });
});

describe('moves and turns, written at the draw', () => {
  /** The GPU's copy of attribute `name` of `shape`'s vertices, as floats. */
  const gpuFloats = (gl: WebGL2RenderingContext, shape: Shape, name: string): number[] => {
    const list = shape.vertexList;
    const { buffer, byteStride } = list.domain.attributes.get(name)!;
    return [...new Float32Array(readBuffer(gl, buffer.buffer, list.start * byteStride, (list.start + list.count) * byteStride).buffer)];
  };

  it('moving a shape uploads its translate alone (8 bytes a vertex), turning it its rotation (4), and no position', () => {
    const scene = createScene();
    const star = new Star(40, 50, 20, 8, 5, { batch: scene.batch, ...red });
    render(scene);
    const count = star.vertexList.count;
    const positions = gpuFloats(scene.gl, star, 'position');
    star.x = 70.25;
    star.y = 60.5;
    render(scene);
    expect(scene.batch.stats().bytesUploaded).toBe(count * 8);
    expect(gpuFloats(scene.gl, star, 'translate')).toEqual(Array.from({ length: count }, () => [70.25, 60.5]).flat());
    expect(gpuFloats(scene.gl, star, 'position')).toEqual(positions);
    expect(at(scene.gl, 70, 44)).toEqual(RED); // the spike pointing up
    expect(at(scene.gl, 40, 50)).toEqual(BLACK);
    star.rotation = Math.PI; // about the centre: the spike points down, a notch points up
    render(scene);
    expect(scene.batch.stats().bytesUploaded).toBe(count * 4);
    expect(gpuFloats(scene.gl, star, 'rotation')).toEqual(Array.from({ length: count }, () => Math.fround(Math.PI)));
    expect(gpuFloats(scene.gl, star, 'position')).toEqual(positions);
    expect(at(scene.gl, 70, 77)).toEqual(RED);
    expect(at(scene.gl, 70, 44)).toEqual(BLACK);
  });

  it("a line's start moves alone, as pyglet's: it runs from the new start to the same end", () => {
    const scene = createScene();
    const line = new Line(10, 64, 110, 64, { batch: scene.batch, ...red, thickness: 6 });
    render(scene);
    line.y = 20;
    render(scene);
    expect(at(scene.gl, 60, 42)).toEqual(RED); // halfway from (10, 20) to (110, 64)
    expect(at(scene.gl, 105, 62)).toEqual(RED);
    expect(at(scene.gl, 60, 64)).toEqual(BLACK);
    expect(at(scene.gl, 60, 20)).toEqual(BLACK);
    line.x2 = 10;
    line.y2 = 100;
    render(scene);
    expect(at(scene.gl, 10, 60)).toEqual(RED);
    expect(at(scene.gl, 60, 42)).toEqual(BLACK);
  });

  it('a change made before a resize moves the list, or before a migrate, is drawn where the list went', () => {
    const scene = createScene();
    const first = new Circle(30, 30, 10, { batch: scene.batch, ...red, segments: 8 });
    const second = new Circle(90, 90, 10, { batch: scene.batch, color: [0, 255, 0], segments: 8 });
    render(scene);
    const start = first.vertexList.start;
    first.y = 90;
    first.segments = 40; // the second circle's vertices follow the first's: it cannot grow in place
    expect(first.vertexList.start).not.toBe(start);
    render(scene);
    expect(at(scene.gl, 30, 90)).toEqual(RED);
    expect(at(scene.gl, 30, 30)).toEqual(BLACK);
    expect(at(scene.gl, 90, 90)).toEqual(GREEN);
    const other = new Batch(scene.gl);
    second.x = 60;
    second.y = 30;
    second.migrate(other);
    render(scene);
    expect(at(scene.gl, 60, 30)).toEqual(BLACK);
    other.draw();
    expect(at(scene.gl, 60, 30)).toEqual(GREEN);
    expect(at(scene.gl, 90, 90)).toEqual(BLACK);
  });

  it('after its batch or its list was deleted, a shape reads as it was and refuses changes with ShapeError', () => {
    const scene = createScene();
    const other = new Batch(scene.gl);
    const circle = new Circle(30, 30, 10, { batch: other, ...red });
    const line = new Line(5, 5, 25, 15, { batch: other, ...red });
    circle.x = 40; // not drawn yet
    line.x2 = 35;
    other.delete();
    expect([circle.x, circle.y, circle.radius, circle.rotation]).toEqual([40, 30, 10, 0]);
    const changes = [
      () => {
        circle.x = 1;
      },
      () => {
        circle.rotation = 1;
      },
      () => {
        circle.radius = 3;
      },
      () => {
        circle.color = [1, 2, 3];
      },
      () => {
        circle.segments = 20;
      },
      () => {
        circle.visible = false;
      },
      () => circle.migrate(scene.batch),
      () => {
        line.x2 = 1;
      },
      () => {
        line.y2 = 1;
      },
    ];
    for (const change of changes) {
      expect(change).toThrow(ShapeError);
      try {
        change();
      } catch (error) {
        expect((error as ShapeError).argument).toBe('batch');
      }
    }
    expect([circle.x, circle.rotation, circle.radius, circle.segments, circle.visible]).toEqual([40, 0, 10, 14, true]);
    expect([line.x2, line.y2]).toEqual([35, 15]);
    circle.delete();
    expect(() => circle.x).toThrow(ShapeError);
    line.delete();
    expect(() => {
      line.x2 = 1;
    }).toThrow(expect.objectContaining({ argument: 'this' }));
    expect(() => line.y2).toThrow(ShapeError);
    const rectangle = new Rectangle(10, 10, 20, 20, { batch: scene.batch, ...red });
    rectangle.vertexList.delete();
    expect(() => {
      rectangle.y = 5;
    }).toThrow(expect.objectContaining({ argument: 'vertexList' }));
    expect(rectangle.y).toBe(10);
    rectangle.delete();
    render(scene);
    expect(at(scene.gl, 20, 20)).toEqual(BLACK);
  });

  it('after a lost context is restored, the shapes draw as before, with a move made while it was lost', async () => {
    const scene = createScene();
    const circle = new Circle(30, 30, 10, { batch: scene.batch, ...red });
    new Rectangle(60, 60, 20, 20, { batch: scene.batch, color: [0, 255, 0], rotation: 0.3 });
    render(scene);
    const before = frame(scene.gl);
    const canvas = canvasOf(scene.gl);
    const ext = scene.gl.getExtension('WEBGL_lose_context')!;
    const lost = new Promise((resolve) => canvas.addEventListener('webglcontextlost', resolve, { once: true }));
    ext.loseContext();
    await lost;
    // restoreContext only works once the lost event's dispatch has finished (a macrotask later).
    await new Promise((resolve) => setTimeout(resolve, 0));
    circle.x = 90; // kept in the numbers, written at the first draw after the restore
    render(scene); // a no-op while lost
    const restored = new Promise((resolve) => canvas.addEventListener('webglcontextrestored', resolve, { once: true }));
    ext.restoreContext();
    await restored;
    scene.gl.viewport(0, 0, SIZE, SIZE);
    render(scene);
    expect(at(scene.gl, 90, 30)).toEqual(RED);
    expect(at(scene.gl, 30, 30)).toEqual(BLACK);
    circle.x = 30;
    render(scene);
    expect(frame(scene.gl)).toEqual(before);
  });
});

describe('colour, opacity, visibility', () => {
  it('opacity blends with SRC_ALPHA, ONE_MINUS_SRC_ALPHA (±1)', () => {
    const scene = createScene();
    const shape = new Rectangle(0, 0, SIZE, SIZE, { batch: scene.batch, color: [255, 0, 0], opacity: 128 });
    render(scene, BLUE);
    const alpha = 128 / 255;
    const [r, g, b] = at(scene.gl, 64, 64);
    expect(Math.abs(r! - 255 * alpha)).toBeLessThanOrEqual(1);
    expect(g).toBe(0);
    expect(Math.abs(b! - 255 * (1 - alpha))).toBeLessThanOrEqual(1);
    shape.color = [0, 255, 0, 64]; // a 4th component sets opacity
    expect(shape.opacity).toBe(64);
    render(scene, BLUE);
    const [r2, g2, b2] = at(scene.gl, 64, 64);
    expect(r2).toBe(0);
    expect(Math.abs(g2! - 64)).toBeLessThanOrEqual(1);
    expect(Math.abs(b2! - 255 * (1 - 64 / 255))).toBeLessThanOrEqual(1);
  });

  it('visible = false hides the shape without freeing its list; true brings it back', () => {
    const scene = createScene();
    const circle = new Circle(64, 64, 20, { batch: scene.batch, ...red });
    const count = circle.vertexList.count;
    circle.visible = false;
    render(scene);
    expect(at(scene.gl, 64, 64)).toEqual(BLACK);
    expect(circle.vertexList.count).toBe(count);
    expect(circle.vertexList.isDeleted).toBe(false);
    circle.x = 40; // moved while hidden: shows at the new place
    circle.visible = true;
    render(scene);
    expect(at(scene.gl, 64, 64)).toEqual(BLACK);
    expect(at(scene.gl, 40, 64)).toEqual(RED);
  });

  it("a colour change uploads only that shape's colour bytes; a move only its translate bytes", () => {
    const scene = createScene();
    const other = new Circle(100, 100, 10, { batch: scene.batch, ...red });
    const shape = new Circle(30, 30, 10, { batch: scene.batch, ...red, segments: 20 });
    render(scene);
    shape.color = [0, 255, 0];
    render(scene);
    expect(scene.batch.stats().bytesUploaded).toBe(shape.vertexList.count * 4); // 'Bn' × 4
    expect(at(scene.gl, 30, 30)).toEqual(GREEN);
    expect(at(scene.gl, 100, 100)).toEqual(RED);
    shape.opacity = 255; // unchanged value still rewrites just colours
    render(scene);
    expect(scene.batch.stats().bytesUploaded).toBe(shape.vertexList.count * 4);
    shape.y = 40;
    render(scene);
    expect(scene.batch.stats().bytesUploaded).toBe(shape.vertexList.count * 8); // translate: 'f' × 2
    render(scene);
    expect(scene.batch.stats().bytesUploaded).toBe(0);
    expect(other.vertexList.count).toBe(14 * 3);
  });
});

describe('batching', () => {
  it('shapes of every kind in one batch share one domain and one draw call', () => {
    const scene = createScene();
    const { batch } = scene;
    const shapes: Shape[] = [];
    for (let i = 0; i < 3; i++) {
      shapes.push(
        new Rectangle(i * 40, 0, 10, 10, { batch }),
        new BorderedRectangle(i * 40, 12, 10, 10, { batch }),
        new Circle(i * 40 + 5, 30, 5, { batch }),
        new Ellipse(i * 40 + 5, 42, 5, 3, { batch }),
        new Arc(i * 40 + 5, 55, 5, { batch }),
        new Sector(i * 40 + 5, 67, 5, { batch }),
        new Line(i * 40, 80, i * 40 + 10, 80, { batch }),
        new Triangle(i * 40, 90, i * 40 + 10, 90, i * 40, 100, { batch }),
        new Polygon(
          [
            [i * 40, 105],
            [i * 40 + 10, 105],
            [i * 40 + 5, 112],
          ],
          { batch },
        ),
        new Star(i * 40 + 20, 120, 6, 2, 5, { batch }),
      );
    }
    render(scene);
    const stats = batch.stats();
    expect(stats.domains).toHaveLength(1);
    expect(stats.drawCalls).toBe(1);
    expect(usedVertices(batch)).toBe(shapes.reduce((sum, shape) => sum + shape.vertexList.count, 0));
    expect(at(scene.gl, 5, 5)).toEqual([255, 255, 255, 255]);
  });

  it('shapes under different parent groups get their own domains, ordered by the parents', () => {
    const scene = createScene();
    const back = new Group(0),
      front = new Group(1);
    new Rectangle(20, 20, 40, 40, { batch: scene.batch, group: front, color: [0, 255, 0] });
    new Rectangle(20, 20, 40, 40, { batch: scene.batch, group: back, ...red });
    render(scene);
    expect(scene.batch.stats().domains).toHaveLength(2);
    expect(at(scene.gl, 40, 40)).toEqual(GREEN);
  });

  it('changing segments resizes the list in place in its batch and still draws right', () => {
    const scene = createScene();
    const circle = new Circle(64, 64, 40, { batch: scene.batch, ...red, segments: 5 });
    expect(circle.vertexList.count).toBe(15);
    // At 36° a pentagon's edge is r·cos 36° ≈ 32.4 from the centre: a point at 36 is outside it, inside the circle.
    const probe: [number, number] = [Math.round(64 + 36 * Math.cos(Math.PI / 5)), Math.round(64 + 36 * Math.sin(Math.PI / 5))];
    render(scene);
    expect(at(scene.gl, ...probe)).toEqual(BLACK);
    circle.segments = 64;
    expect(circle.vertexList.count).toBe(192);
    render(scene);
    expect(at(scene.gl, ...probe)).toEqual(RED);
    circle.segments = 300; // grows the domain
    expect(circle.vertexList.count).toBe(900);
    circle.segments = 3;
    expect(circle.vertexList.count).toBe(9);
    circle.segments = 64;
    render(scene);
    expect(at(scene.gl, ...probe)).toEqual(RED);
    expect(at(scene.gl, 110, 64)).toEqual(BLACK);
    expect(circle.batch).toBe(scene.batch);
    expect(scene.batch.stats().domains).toHaveLength(1);
    expect(usedVertices(scene.batch)).toBe(192);
  });

  it('star spikes resize too', () => {
    const scene = createScene();
    const star = new Star(64, 64, 40, 10, 5, { batch: scene.batch, ...red });
    star.spikes = 4; // spikes at up, right, down, left
    expect(star.vertexList.count).toBe(24);
    render(scene);
    expect(at(scene.gl, 94, 64)).toEqual(RED);
    expect(at(scene.gl, 90, 90)).toEqual(BLACK);
  });

  it('delete removes the pixels and frees the list; any later use throws ShapeError', () => {
    const scene = createScene();
    const keep = new Rectangle(0, 0, 20, 20, { batch: scene.batch, ...red });
    const gone = new Circle(64, 64, 20, { batch: scene.batch, ...red });
    const list = gone.vertexList;
    render(scene);
    expect(at(scene.gl, 64, 64)).toEqual(RED);
    gone.delete();
    expect(list.isDeleted).toBe(true);
    expect(gone.isDeleted).toBe(true);
    render(scene);
    expect(at(scene.gl, 64, 64)).toEqual(BLACK);
    expect(at(scene.gl, 10, 10)).toEqual(RED);
    expect(usedVertices(scene.batch)).toBe(keep.vertexList.count);
    for (const use of [
      () => gone.x,
      () => {
        gone.x = 1;
      },
      () => {
        gone.color = [1, 2, 3];
      },
      () => gone.delete(),
      () => {
        gone.segments = 8;
      },
      () => gone.batch,
      () => gone.migrate(scene.batch),
    ]) {
      expect(use).toThrow(ShapeError);
    }
  });

  it('migrate moves a shape to another batch, keeping its vertices', () => {
    const scene = createScene();
    const other = new Batch(scene.gl);
    const circle = new Circle(64, 64, 20, { batch: scene.batch, ...red });
    circle.migrate(other);
    expect(circle.batch).toBe(other);
    render(scene);
    expect(at(scene.gl, 64, 64)).toEqual(BLACK);
    other.draw();
    expect(at(scene.gl, 64, 64)).toEqual(RED);
    const group = new Group(3);
    circle.migrate(scene.batch, group);
    expect(circle.group).toBe(group);
    circle.x = 30; // still writes into its (new) list
    render(scene);
    expect(at(scene.gl, 30, 64)).toEqual(RED);
    expect(at(scene.gl, 64, 64)).toEqual(BLACK);
  });
});

describe('layers made with new Group(n)', () => {
  it('raising one of two equal layers draws its shapes on top; hiding a layer hides only its shapes', () => {
    const scene = createScene();
    const layerA = new Group(0),
      layerB = new Group(0);
    const a = new Rectangle(0, 0, 40, 20, { batch: scene.batch, color: [255, 0, 0], group: layerA });
    const b = new Rectangle(20, 0, 40, 20, { batch: scene.batch, color: [0, 255, 0], group: layerB });
    expect(a.vertexList.domain).toBe(b.vertexList.domain);
    const row = (): number[][] => [10, 30, 50].map((x) => at(scene.gl, x, 10));
    layerA.order = 1;
    render(scene);
    expect(row()).toEqual([RED, RED, GREEN]);
    layerB.visible = false;
    render(scene);
    expect(row()).toEqual([RED, RED, BLACK]);
    a.x = 20; // a moved shape still takes changes
    layerB.visible = true;
    render(scene);
    expect(row()).toEqual([BLACK, RED, RED]);
  });
});

describe('bad input', () => {
  interface Shapes {
    batch: Batch;
    rect: Rectangle;
    bordered: BorderedRectangle;
    circle: Circle;
    arc: Arc;
    line: Line;
    star: Star;
  }
  const BAD: [label: string, argument: string, action: (s: Shapes) => unknown][] = [
    [
      'x NaN',
      'x',
      (s) => {
        s.rect.x = NaN;
      },
    ],
    [
      'y string',
      'y',
      (s) => {
        s.rect.y = '3' as unknown as number;
      },
    ],
    [
      'position',
      'position',
      (s) => {
        s.rect.position = [1, NaN];
      },
    ],
    [
      'rotation Infinity',
      'rotation',
      (s) => {
        s.rect.rotation = Infinity;
      },
    ],
    [
      'anchorX string',
      'anchorX',
      (s) => {
        s.rect.anchorX = 'a' as unknown as number;
      },
    ],
    [
      'anchorY NaN',
      'anchorY',
      (s) => {
        s.rect.anchorY = NaN;
      },
    ],
    [
      'width negative',
      'width',
      (s) => {
        s.rect.width = -1;
      },
    ],
    [
      'height NaN',
      'height',
      (s) => {
        s.rect.height = NaN;
      },
    ],
    [
      'colour component 256',
      'color',
      (s) => {
        s.rect.color = [256, 0, 0];
      },
    ],
    [
      'colour of 2',
      'color',
      (s) => {
        s.rect.color = [1, 2] as unknown as [number, number, number];
      },
    ],
    [
      'colour alpha -1',
      'color',
      (s) => {
        s.rect.color = [1, 2, 3, -1];
      },
    ],
    [
      'opacity 300',
      'opacity',
      (s) => {
        s.rect.opacity = 300;
      },
    ],
    [
      'opacity 0.5',
      'opacity',
      (s) => {
        s.rect.opacity = 0.5;
      },
    ],
    [
      'visible 1',
      'visible',
      (s) => {
        s.rect.visible = 1 as unknown as boolean;
      },
    ],
    [
      'border negative',
      'border',
      (s) => {
        s.bordered.border = -2;
      },
    ],
    [
      'borderColor',
      'borderColor',
      (s) => {
        s.bordered.borderColor = [0, 0, 999];
      },
    ],
    [
      'radius negative',
      'radius',
      (s) => {
        s.circle.radius = -3;
      },
    ],
    [
      'segments 2',
      'segments',
      (s) => {
        s.circle.segments = 2;
      },
    ],
    [
      'segments 7.5',
      'segments',
      (s) => {
        s.circle.segments = 7.5;
      },
    ],
    [
      'arc thickness',
      'thickness',
      (s) => {
        s.arc.thickness = -1;
      },
    ],
    [
      'arc angle',
      'angle',
      (s) => {
        s.arc.angle = NaN;
      },
    ],
    [
      'line x2',
      'x2',
      (s) => {
        s.line.x2 = NaN;
      },
    ],
    [
      'star spikes 1',
      'spikes',
      (s) => {
        s.star.spikes = 1;
      },
    ],
    [
      'star innerRadius',
      'innerRadius',
      (s) => {
        s.star.innerRadius = -1;
      },
    ],
    ['migrate to a non-batch', 'batch', (s) => s.circle.migrate({} as Batch)],
    ['migrate under a non-group', 'group', (s) => s.circle.migrate(s.batch, {} as Group)],
    ['new: batch not a Batch', 'batch', () => new Rectangle(0, 0, 5, 5, { batch: {} as Batch })],
    ['new: no options', 'options', () => new Rectangle(0, 0, 5, 5, undefined as never)],
    ['new: negative radius', 'radius', (s) => new Circle(0, 0, -1, { batch: s.batch })],
    ['new: NaN x', 'x', (s) => new Circle(NaN, 0, 5, { batch: s.batch })],
    ['new: segments 2', 'segments', (s) => new Circle(0, 0, 5, { batch: s.batch, segments: 2 })],
    ['new: colour 300', 'color', (s) => new Rectangle(0, 0, 5, 5, { batch: s.batch, color: [0, 0, 300] })],
    [
      'new: 2 polygon points',
      'points',
      (s) =>
        new Polygon(
          [
            [0, 0],
            [1, 1],
          ],
          { batch: s.batch },
        ),
    ],
    [
      'new: self-intersecting polygon',
      'points',
      (s) =>
        new Polygon(
          [
            [0, 0],
            [10, 10],
            [10, 0],
            [0, 10],
          ],
          { batch: s.batch },
        ),
    ],
    [
      'new: polygon point NaN',
      'points',
      (s) =>
        new Polygon(
          [
            [0, 0],
            [10, NaN],
            [10, 0],
          ],
          { batch: s.batch },
        ),
    ],
    [
      'new: polygon anchor NaN',
      'anchorX',
      (s) =>
        new Polygon(
          [
            [0, 0],
            [10, 10],
            [10, 0],
          ],
          { batch: s.batch, anchorX: NaN },
        ),
    ],
    ['new: triangle NaN', 'points', (s) => new Triangle(0, 0, 10, NaN, 10, 0, { batch: s.batch })],
    ['new: star spikes 2.5', 'spikes', (s) => new Star(0, 0, 5, 2, 2.5, { batch: s.batch })],
    ['new: line thickness -1', 'thickness', (s) => new Line(0, 0, 5, 5, { batch: s.batch, thickness: -1 })],
    ['new: group not a Group', 'group', (s) => new Circle(0, 0, 5, { batch: s.batch, group: {} as Group })],
  ];

  it.each(BAD)('%s → ShapeError naming %s, shapes unchanged', (_label, argument, action) => {
    const scene = createScene();
    const { batch } = scene;
    const s: Shapes = {
      batch,
      rect: new Rectangle(5, 5, 30, 20, { batch, ...red, opacity: 200 }),
      bordered: new BorderedRectangle(40, 5, 30, 20, { batch, border: 4 }),
      circle: new Circle(100, 20, 15, { batch, color: [0, 255, 0] }),
      arc: new Arc(30, 80, 20, { batch, thickness: 6 }),
      line: new Line(60, 60, 120, 70, { batch, thickness: 4 }),
      star: new Star(95, 95, 25, 8, 5, { batch, color: [0, 0, 255] }),
    };
    // Every readable property of every shape, to see that nothing changed (not only the pixels).
    const snapshot = (): string =>
      JSON.stringify(
        Object.entries(s)
          .filter(([key]) => key !== 'batch')
          .map(([key, shape]) => {
            const props = [
              'x',
              'y',
              'position',
              'rotation',
              'anchorX',
              'anchorY',
              'color',
              'opacity',
              'visible',
              'width',
              'height',
              'border',
              'borderColor',
              'radius',
              'segments',
              'thickness',
              'angle',
              'startAngle',
              'x2',
              'y2',
              'outerRadius',
              'innerRadius',
              'spikes',
            ];
            return [
              key,
              props.map((prop) => (shape as unknown as Record<string, unknown>)[prop]),
              (shape as Shape).vertexList.count,
              (shape as Shape).batch === batch,
            ];
          }),
      );
    render(scene);
    const before = frame(scene.gl);
    const properties = snapshot();
    const usage = batch.stats().domains.map((domain) => domain.usage);
    let thrown: unknown;
    try {
      action(s);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ShapeError);
    expect((thrown as ShapeError).argument).toBe(argument);
    expect((thrown as ShapeError).message).toContain(argument);
    render(scene);
    expect(batch.stats().bytesUploaded).toBe(0); // nothing was written
    expect(batch.stats().domains.map((domain) => domain.usage)).toEqual(usage); // nothing allocated
    expect(frame(scene.gl)).toEqual(before);
    expect(snapshot()).toBe(properties);
  });
});
