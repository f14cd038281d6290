// Shapes: every @webglet/sprite shape in one Batch, animated by the Clock —
// rotation, colour, opacity, size, and the vertex count itself (Circle and
// Ellipse segments, Star spikes, Arc and Sector sweeps), which resizes the
// shape's vertex list in place in the batch. Ten shapes, one domain, one draw call.
//
// ?seed=N picks the hues and phases; ?frames=N runs N ticks of 1/60 s (see ../shared/run.ts).
import { Batch } from '@webglet/graphics';
import { Arc, BorderedRectangle, Circle, Ellipse, Line, Polygon, Rectangle, Sector, Star, Triangle, type Shape } from '@webglet/sprite';
import { hsv } from '../shared/color.ts';
import { createExample, run, start } from '../shared/run.ts';
import { setStat } from '../shared/stats.ts';

const COLUMNS = 5;
const CELL_WIDTH = 96,
  CELL_HEIGHT = 180;
const BACKGROUND = [20, 26, 38] as const;

/** The centre of grid cell `index` (row-major, 5 × 2). */
const cell = (index: number): [number, number] => [
  CELL_WIDTH * (index % COLUMNS) + CELL_WIDTH / 2,
  CELL_HEIGHT * Math.floor(index / COLUMNS) + CELL_HEIGHT / 2,
];

/** One shape and how it changes with clock time `t` (seconds). */
interface Animated {
  shape: Shape;
  animate(t: number): void;
}

function buildScene(batch: Batch, random: () => number): Animated[] {
  const hue = (): number => random();
  const phase = (): number => random() * Math.PI * 2;
  const scene: Animated[] = [];
  const add = <S extends Shape>(shape: S, animate: (shape: S, t: number) => void): void => {
    scene.push({ shape, animate: (t) => animate(shape, t) });
  };

  {
    const [x, y] = cell(0),
      h = hue(),
      p = phase();
    add(new Rectangle(x, y, 64, 40, { batch, anchorX: 0.5, anchorY: 0.5 }), (s, t) => {
      s.rotation = p + t * 1.2;
      s.color = hsv(h + t * 0.1, 0.7, 0.95);
    });
  }
  {
    const [x, y] = cell(1),
      h = hue(),
      p = phase();
    add(new BorderedRectangle(x, y, 60, 60, { batch, anchorX: 0.5, anchorY: 0.5, color: [245, 245, 245] }), (s, t) => {
      s.rotation = p - t * 0.8;
      s.border = 2 + 10 * (0.5 + 0.5 * Math.sin(p + t * 2));
      s.borderColor = hsv(h + t * 0.15, 0.8, 0.85);
    });
  }
  {
    const [x, y] = cell(2),
      h = hue(),
      p = random();
    add(new Circle(x, y, 36, { batch, segments: 3 }), (s, t) => {
      // 3 … 24 segments and back: the list is resized in place.
      const wave = (p * 42 + t * 6) % 42;
      s.segments = 3 + Math.floor(wave > 21 ? 42 - wave : wave);
      s.color = hsv(h + t * 0.05, 0.6, 0.95);
    });
  }
  {
    const [x, y] = cell(3),
      h = hue(),
      p = phase();
    add(new Ellipse(x, y, 40, 22, { batch, segments: 6 }), (s, t) => {
      s.rotation = p + t;
      s.segments = 6 + (Math.floor(t * 4) % 18);
      s.color = hsv(h - t * 0.1, 0.65, 0.9);
    });
  }
  {
    const [x, y] = cell(4),
      h = hue(),
      p = phase();
    add(new Arc(x, y, 32, { batch, thickness: 10, angle: Math.PI, segments: 24 }), (s, t) => {
      s.startAngle = p + t * 2;
      s.angle = Math.PI * (1.05 + 0.9 * Math.sin(p + t * 1.5));
      s.segments = Math.max(3, Math.round((s.angle / (2 * Math.PI)) * 32));
      s.color = hsv(h + t * 0.2, 0.75, 0.95);
    });
  }
  {
    const [x, y] = cell(5),
      h = hue(),
      p = phase();
    add(new Sector(x, y, 38, { batch, angle: Math.PI / 2, segments: 12 }), (s, t) => {
      s.rotation = p + t * 0.7;
      s.angle = Math.PI * (1 + 0.8 * Math.sin(p + t * 1.3));
      s.opacity = Math.round(150 + 105 * (0.5 + 0.5 * Math.cos(t * 2)));
      s.color = hsv(h, 0.7, 0.95);
    });
  }
  {
    const [x, y] = cell(6),
      h = hue(),
      p = phase();
    add(new Line(x - 36, y, x + 36, y, { batch, thickness: 4 }), (s, t) => {
      const angle = p + t * 1.5,
        dx = Math.cos(angle) * 38,
        dy = Math.sin(angle) * 38;
      s.position = [x - dx, y - dy];
      s.x2 = x + dx;
      s.y2 = y + dy;
      s.thickness = 2 + 8 * (0.5 + 0.5 * Math.sin(t * 3));
      s.color = hsv(h + t * 0.12, 0.6, 1);
    });
  }
  {
    const [x, y] = cell(7),
      h = hue(),
      p = phase();
    add(new Triangle(x - 34, y + 28, x + 34, y + 28, x, y - 36, { batch, anchorX: 0.5, anchorY: 0.5 }), (s, t) => {
      s.rotation = p - t * 1.4;
      s.opacity = Math.round(120 + 135 * (0.5 + 0.5 * Math.sin(t * 2.5)));
      s.color = hsv(h + t * 0.08, 0.7, 0.95);
    });
  }
  {
    const [x, y] = cell(8),
      h = hue(),
      p = phase();
    // Concave: an arrow head, ear-clipped into triangles.
    const arrow: [number, number][] = [
      [0, -36],
      [34, 30],
      [0, 12],
      [-34, 30],
    ];
    add(
      new Polygon(
        arrow.map(([px, py]) => [x + px, y + py] as [number, number]),
        { batch, anchorX: 0.5, anchorY: 0.5 },
      ),
      (s, t) => {
        s.rotation = p + t * 0.9;
        s.color = hsv(h - t * 0.15, 0.6, 0.95);
      },
    );
  }
  {
    const [x, y] = cell(9),
      h = hue(),
      p = phase();
    add(new Star(x, y, 38, 16, 5, { batch }), (s, t) => {
      s.rotation = p + t * 0.6;
      s.spikes = 3 + (Math.floor(t * 1.5) % 8);
      s.innerRadius = 10 + 12 * (0.5 + 0.5 * Math.sin(t * 2));
      s.color = hsv(h + t * 0.1, 0.65, 1);
    });
  }
  return scene;
}

start(() => {
  const example = createExample();
  const { window: view, clock } = example;
  const batch = new Batch(view.gl);
  const scene = buildScene(batch, example.random);

  let frame = 0;
  const showStats = (): void => {
    setStat('frame', frame);
    setStat('fps', Math.round(clock.fps));
    setStat('shapes', scene.length);
    setStat(
      'vertices',
      scene.reduce((sum, { shape }) => sum + shape.vertexList.count, 0),
    );
    setStat('drawCalls', batch.stats().drawCalls);
  };
  run(
    example,
    () => {
      for (const { animate } of scene) animate(clock.time);
      view.clear(BACKGROUND);
      batch.draw();
      frame += 1;
      if (example.frames === null && frame % 10 === 0) showStats();
    },
    showStats,
  );
});
