// The two engines of the shapes benchmark behind one interface (bench-page.ts): webglet's shapes
// in one Batch, and PixiJS 8 Graphics in one Container, one GraphicsContext per kind shared by
// every Graphics of that kind (PixiJS's advice for many copies of one drawing). Each runs a frame
// of a case as its users write it and finishes it on the GPU.
//
// A webglet Line keeps its end in canvas pixels (pyglet's Line: x, y is its start and x2, y2 its
// end), so moving x and y alone would stretch it; the webglet frame moves each line's end after
// its start, so both engines draw the same picture.
import { Batch } from '@webglet/graphics';
import { Container, Graphics, GraphicsContext } from 'pixi.js';
import { Circle, Line, Rectangle, Star, type Shape } from '../src/index.ts';
import type { BenchEngine } from './bench-page.ts';
import { BLACK, finishFrame, pixiRenderer, webgletWindow } from './engines.ts';
import { CIRCLE, COLORS, LINE, RECTANGLE, STAR, moveShapes, newMover, type Kind, type Mover } from './shape-scene.ts';

export type ShapeCase = 'moving' | 'static';
export type ShapeEngine = BenchEngine<ShapeCase>;

/** Puts each line's end back at its start + (LINE.dx, LINE.dy), after moveShapes moved the start. */
function moveEnds(lines: readonly Line[]): void {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    line.x2 = line.x + LINE.dx;
    line.y2 = line.y + LINE.dy;
  }
}

export function createWebgletShapes(canvas: HTMLCanvasElement, count: number, random: () => number): ShapeEngine {
  const window = webgletWindow(canvas);
  const gl = window.gl;
  const batch = new Batch(gl);
  const lines: Line[] = [];
  const make = (kind: Kind, x: number, y: number): Shape => {
    const color = COLORS[kind];
    switch (kind) {
      case 'rectangle':
        return new Rectangle(x, y, RECTANGLE.width, RECTANGLE.height, { batch, color });
      case 'circle':
        return new Circle(x, y, CIRCLE.radius, { batch, color, segments: CIRCLE.segments });
      case 'star':
        return new Star(x, y, STAR.outer, STAR.inner, STAR.spikes, { batch, color });
      case 'line': {
        const line = new Line(x, y, x + LINE.dx, y + LINE.dy, { batch, color, thickness: LINE.thickness });
        lines.push(line);
        return line;
      }
    }
  };
  const movers: Mover<Shape>[] = [];
  for (let i = 0; i < count; i++) movers.push(newMover(i, random, make));
  const engine: ShapeEngine = {
    name: 'webglet',
    update(scenario) {
      if (scenario === 'moving') {
        moveShapes(movers);
        moveEnds(lines);
      }
    },
    frame(scenario) {
      engine.update(scenario);
      window.clear(BLACK);
      batch.draw();
    },
    finish() {
      finishFrame(gl);
    },
    ownFigures() {
      const { bytesUploaded, drawCalls, bufferBytes, domains } = batch.stats();
      return { bytesUploaded, drawCalls, bufferBytes, fragmentation: domains[0]?.fragmentation ?? 0 };
    },
  };
  return engine;
}

/** 0xrrggbb of an [r, g, b] colour. */
const hex = ([r, g, b]: readonly [number, number, number]): number => (r << 16) | (g << 8) | b;

export async function createPixiShapes(canvas: HTMLCanvasElement, count: number, random: () => number): Promise<ShapeEngine> {
  const { renderer, gl } = await pixiRenderer(canvas);
  const contexts: Record<Kind, GraphicsContext> = {
    rectangle: new GraphicsContext().rect(0, 0, RECTANGLE.width, RECTANGLE.height).fill(hex(COLORS.rectangle)),
    circle: new GraphicsContext().regularPoly(0, 0, CIRCLE.radius, CIRCLE.segments).fill(hex(COLORS.circle)),
    star: new GraphicsContext().star(0, 0, STAR.spikes, STAR.outer, STAR.inner).fill(hex(COLORS.star)),
    line: new GraphicsContext()
      .moveTo(0, 0)
      .lineTo(LINE.dx, LINE.dy)
      .stroke({ width: LINE.thickness, color: hex(COLORS.line) }),
  };
  const stage = new Container();
  const make = (kind: Kind, x: number, y: number): Graphics => {
    const graphics = new Graphics(contexts[kind]);
    graphics.x = x;
    graphics.y = y;
    stage.addChild(graphics);
    return graphics;
  };
  const movers: Mover<Graphics>[] = [];
  for (let i = 0; i < count; i++) movers.push(newMover(i, random, make));
  const engine: ShapeEngine = {
    name: 'PixiJS',
    update(scenario) {
      if (scenario === 'moving') moveShapes(movers);
    },
    frame(scenario) {
      engine.update(scenario);
      renderer.render(stage);
    },
    finish() {
      finishFrame(gl);
    },
    ownFigures: () => null,
  };
  return engine;
}
