// Steady frames of @webglet/sprite, measured in real Chromium with the allocation probe of
// @webglet/graphics (Chrome's sampling heap profiler through CDP), from the 200th frame
// and once V8 has compiled the frame:
// - moving, turning and scaling every sprite with fractional numbers and drawing
//   allocates nothing — no boxed number at a setter's call (V8 inlines the setters)
//   and none on the way to the shadow (written at the draw, from the domain's numbers)
//   — and uploads exactly what changed; also when the loop is written as a PixiJS user
//   writes it, reading and writing x, y, rotation and scale through the accessors, in an
//   update function or beside batch.draw(), and after setters refused bad values;
// - a Window's clear() with a colour and the draw of still sprites allocate nothing;
// - moving, turning and resizing shapes of six kinds (setters that store and mark, as the
//   sprites'; translate, rotation and changed outlines written at the draw, element by element)
//   allocates nothing once optimized and uploads exactly what changed, also the PixiJS way over
//   one array of mixed shapes.
import { mat4 } from 'gl-matrix';
import { Batch, MatrixBlock } from '@webglet/graphics';
import {
  createContext,
  EARLY_FRAMES,
  expectNoGLError,
  expectSteadyFrame,
  GRAPHICS_SOURCES,
  readBuffer,
  recordGLCalls,
  steadyFrameAllocations,
  stopRecording,
  type ProbeScope,
} from '../../graphics/test/gl-test-helpers.ts';
import { describe, expect, it } from 'vitest';
import { Arc, Circle, Line, Polygon, Rectangle, ShapeError, Sprite, SpriteError, Star, Texture, Window, type Shape } from '../src/index.ts';

const SIZE = 64;
const COUNT = 200;
/** Allocations anywhere in the library or in this file's frame, under this file's frames. */
const SCOPE: ProbeScope = {
  within: /\/test\/sprite-steady-frame\.browser\.test\.ts/,
  sites: new RegExp(`${GRAPHICS_SOURCES.source}|/packages/sprite/src/|/test/sprite-steady-frame\\.browser\\.test\\.ts`),
};
/** Allocations in the library only (a frame whose own function boxes the arguments of setters V8 did not inline). */
const LIBRARY_SCOPE: ProbeScope = { within: SCOPE.within, sites: new RegExp(`${GRAPHICS_SOURCES.source}|/packages/sprite/src/`) };

function createSprites(): { gl: WebGL2RenderingContext; batch: Batch; sprites: Sprite[] } {
  const gl = createContext(SIZE, SIZE);
  new MatrixBlock(gl).setProjection(mat4.ortho(mat4.create(), 0, SIZE, SIZE, 0, -1, 1));
  const texture = new Texture(gl, { width: 2, height: 2, data: new Uint8Array(16).fill(255) });
  const batch = new Batch(gl);
  const sprites = Array.from({ length: COUNT }, (_, i) => new Sprite(texture, { batch, x: i % SIZE, y: (i * 7) % SIZE }));
  return { gl, batch, sprites };
}

describe('a steady frame of sprites', () => {
  it('none moving: the draw sets no state it already set (four WebGL calls) and draws the same pixels', () => {
    const { gl, batch } = createSprites();
    const frame = (): number[] => {
      gl.clearColor(0, 0, 0, 1);
      gl.clear(gl.COLOR_BUFFER_BIT);
      batch.draw();
      const pixels = new Uint8Array(SIZE * SIZE * 4);
      gl.readPixels(0, 0, SIZE, SIZE, gl.RGBA, gl.UNSIGNED_BYTE, pixels);
      return [...pixels];
    };
    const first = frame();
    expect(first.filter((value, i) => i % 4 === 0 && value === 255).length).toBeGreaterThan(COUNT); // white sprites drawn
    const calls = recordGLCalls(gl);
    batch.draw();
    stopRecording(gl);
    expect(calls).toEqual(['isContextLost', 'bindVertexArray', 'multiDrawElementsWEBGL', 'bindVertexArray']);
    expect(frame()).toEqual(first);
    expectNoGLError(gl);
  });

  it('setPosition, rotation and scale with fractional values on every sprite and batch.draw() allocate nothing, early and once optimized', async () => {
    const { gl, batch, sprites } = createSprites();
    // Fractional values every frame: a boxed number per call would show here.
    const update = (n: number): void => {
      const t = n * 0.013;
      for (let i = 0; i < sprites.length; i++) {
        const sprite = sprites[i]!;
        sprite.setPosition((i * 0.37 + t) % SIZE, (i * 0.61 + 2 * t) % SIZE);
        sprite.rotation = t + i * 0.01;
        sprite.scale = 1 + Math.sin(t + i) * 0.5;
      }
    };
    const frame = (n: number): void => {
      update(n);
      batch.draw();
    };
    expectSteadyFrame(await steadyFrameAllocations(frame, SCOPE, EARLY_FRAMES));
    expectSteadyFrame(await steadyFrameAllocations(frame, SCOPE, { warmUpFrames: 5_000 }));
    // And the frame still does its job: translate, rotation and scale of 4 vertices a sprite (4 × (8 + 4 + 8) bytes),
    // one draw call, the GPU holding the positions.
    frame(1_000_000);
    expect(batch.stats().bytesUploaded).toBe(COUNT * 4 * (8 + 4 + 8));
    expect(batch.stats().drawCalls).toBe(1);
    const translate = sprites[5]!.vertexList.domain.attributes.get('translate')!;
    const start = sprites[5]!.vertexList.start;
    const gpu = new Float32Array(readBuffer(gl, translate.buffer.buffer, start * 8, start * 8 + 32).buffer);
    const { x, y } = sprites[5]!;
    expect([...gpu]).toEqual([0, 1, 2, 3].flatMap(() => [Math.fround(x), Math.fround(y)]));
    expectNoGLError(gl);
  }, 120_000);

  // The update is its own function, as a PixiJS ticker callback or a pyglet update(dt) is.
  it('the PixiJS way (sprite.x += vx, bounds read back through the getters, rotation += and scale =) allocates nothing, once optimized', async () => {
    const { batch, sprites } = createSprites();
    const vx = sprites.map((_, i) => 0.37 + (i % 7) * 0.11),
      vy = sprites.map((_, i) => 0.21 - (i % 5) * 0.09);
    const update = (): void => {
      for (let i = 0; i < sprites.length; i++) {
        const sprite = sprites[i]!;
        sprite.x += vx[i]!;
        sprite.y += vy[i]!;
        if (sprite.x > SIZE) sprite.x -= SIZE;
        else if (sprite.x < 0) sprite.x += SIZE;
        if (sprite.y > SIZE) sprite.y -= SIZE;
        else if (sprite.y < 0) sprite.y += SIZE;
        sprite.rotation += 0.013;
        sprite.scale = 1 + sprite.y / (4 * SIZE);
      }
    };
    const frame = (): void => {
      update();
      batch.draw();
    };
    expectSteadyFrame(await steadyFrameAllocations(frame, SCOPE, { warmUpFrames: 5_000 }));
    frame();
    expect(batch.stats().bytesUploaded).toBe(COUNT * 4 * (8 + 4 + 8));
    expect(batch.stats().drawCalls).toBe(1);
  }, 120_000);

  // A setter is a store and a call passed no number (sprite-writes.ts), small enough that V8
  // inlines it even where the caller's inlining budget is spent: in the function that draws.
  it('the PixiJS way written in the function that draws allocates nothing, once optimized', async () => {
    const { batch, sprites } = createSprites();
    const frame = (): void => {
      for (let i = 0; i < sprites.length; i++) {
        const sprite = sprites[i]!;
        sprite.x += 0.37 + (i % 7) * 0.11;
        if (sprite.x > SIZE) sprite.x -= SIZE;
        sprite.rotation += 0.013;
        sprite.scale = 1 + sprite.x / (4 * SIZE);
      }
      batch.draw();
    };
    expectSteadyFrame(await steadyFrameAllocations(frame, SCOPE, { warmUpFrames: 5_000 }));
  }, 120_000);

  it('after setters refused a string and undefined, the PixiJS way still allocates nothing, once optimized', async () => {
    const { batch, sprites } = createSprites();
    const sprite = sprites[0]!;
    for (const bad of ['1', undefined, Number.NaN]) {
      expect(() => (sprite.x = bad as unknown as number)).toThrow(SpriteError);
      expect(() => (sprite.rotation = bad as unknown as number)).toThrow(SpriteError);
    }
    const update = (): void => {
      for (let i = 0; i < sprites.length; i++) {
        const each = sprites[i]!;
        each.x += 0.37;
        if (each.x > SIZE) each.x -= SIZE;
        each.rotation += 0.013;
      }
    };
    const frame = (): void => {
      update();
      batch.draw();
    };
    expectSteadyFrame(await steadyFrameAllocations(frame, SCOPE, { warmUpFrames: 5_000 }));
  }, 120_000);

  it("a Window's frame: clear() with a colour and batch.draw() of still sprites allocate nothing, early and once optimized", async () => {
    const canvas = document.createElement('canvas');
    canvas.style.cssText = `display: block; width: ${SIZE}px; height: ${SIZE}px`;
    document.body.appendChild(canvas);
    const window = new Window(canvas, { pixelRatio: 1 });
    try {
      const texture = new Texture(window.gl, { width: 2, height: 2, data: new Uint8Array(16).fill(255) });
      const batch = new Batch(window.gl);
      for (let i = 0; i < COUNT; i++) new Sprite(texture, { batch, x: i % SIZE, y: (i * 7) % SIZE });
      // Not black: channels that are not whole in 0–1 (a boxed number each, if compared as 0–1 floats).
      const BACKGROUND = [30, 60, 90];
      const frame = (): void => {
        window.clear(BACKGROUND);
        batch.draw();
      };
      expectSteadyFrame(await steadyFrameAllocations(frame, SCOPE, EARLY_FRAMES));
      expectSteadyFrame(await steadyFrameAllocations(frame, SCOPE, { warmUpFrames: 5_000 }));
      frame();
      const corner = new Uint8Array(4);
      window.gl.readPixels(SIZE - 1, 0, 1, 1, window.gl.RGBA, window.gl.UNSIGNED_BYTE, corner);
      expect([...corner]).toEqual([...BACKGROUND, 255]);
      expectNoGLError(window.gl);
    } finally {
      window.delete();
      canvas.remove();
    }
  }, 120_000);

  it('the probe sees a sprite frame that allocates (a new sprite each frame), so its scope matches this file', async () => {
    const { batch, sprites } = createSprites();
    const texture = sprites[0]!.image;
    const { windowTotals } = await steadyFrameAllocations(
      () => {
        sprites.push(new Sprite(texture, { batch, x: 1, y: 2 }));
        batch.draw();
      },
      SCOPE,
      { warmUpFrames: 0, windowFrames: 20, windows: 1 },
    );
    expect(windowTotals[0]).toBeGreaterThan(20 * 32);
  });
});

describe('a steady frame of shapes', () => {
  /** A batch on a new context, and `make`, which builds ten of a kind. */
  function createShapes(): { gl: WebGL2RenderingContext; batch: Batch; make: <T>(build: (i: number) => T) => T[] } {
    const gl = createContext(SIZE, SIZE);
    new MatrixBlock(gl).setProjection(mat4.ortho(mat4.create(), 0, SIZE, SIZE, 0, -1, 1));
    const batch = new Batch(gl);
    return { gl, batch, make: (build) => Array.from({ length: 10 }, (_, i) => build(i)) };
  }

  /** Ten each of rectangles, 12-segment circles, 5-point stars and lines, in one array. */
  function mixedShapes(batch: Batch, make: <T>(build: (i: number) => T) => T[]): Shape[] {
    return make((i) => [
      new Rectangle(i, i, 4, 3, { batch }),
      new Circle(i, 2 * i, 3, { batch, segments: 12 }),
      new Star(3 * i, i, 5, 2, 5, { batch }),
      new Line(i, 0, i + 5, 9, { batch, thickness: 2 }),
    ]).flat();
  }

  it('the PixiJS way (shape.x += vx, bounds read back through the getters, rotation +=) over one array of mixed shapes allocates nothing, once optimized', async () => {
    const { gl, batch, make } = createShapes();
    const shapes = mixedShapes(batch, make);
    const vx = shapes.map((_, i) => 0.37 + (i % 7) * 0.11),
      vy = shapes.map((_, i) => 0.21 - (i % 5) * 0.09);
    // The app's update (a ticker callback, for a PixiJS user), then the draw.
    const update = (): void => {
      for (let i = 0; i < shapes.length; i++) {
        const shape = shapes[i]!;
        shape.x += vx[i]!;
        shape.y += vy[i]!;
        if (shape.x > SIZE) shape.x -= SIZE;
        else if (shape.x < 0) shape.x += SIZE;
        if (shape.y > SIZE) shape.y -= SIZE;
        else if (shape.y < 0) shape.y += SIZE;
        shape.rotation += 0.013;
      }
    };
    const frame = (): void => {
      update();
      batch.draw();
    };
    expectSteadyFrame(await steadyFrameAllocations(frame, SCOPE, { warmUpFrames: 5_000 }));
    // Translate and rotation of every vertex (12 bytes), and a line's positions (8 more: its start moved).
    frame();
    const lines = shapes.filter((shape) => shape instanceof Line);
    const vertices = (list: Shape[]): number => list.reduce((sum, shape) => sum + shape.vertexList.count, 0);
    expect(batch.stats().bytesUploaded).toBe(vertices(shapes) * 12 + vertices(lines) * 8);
    expect(batch.stats().drawCalls).toBe(1);
    expectNoGLError(gl);
  }, 120_000);

  it('shapes moved the PixiJS way in the function that draws, after setters refused bad values, allocate nothing, once optimized', async () => {
    const { batch, make } = createShapes();
    const shapes = mixedShapes(batch, make);
    for (const bad of ['1', undefined, Number.NaN]) {
      expect(() => (shapes[0]!.x = bad as unknown as number)).toThrow(ShapeError);
      expect(() => (shapes[3]!.rotation = bad as unknown as number)).toThrow(ShapeError);
    }
    const frame = (): void => {
      for (let i = 0; i < shapes.length; i++) {
        const shape = shapes[i]!;
        shape.x += 0.37 + (i % 7) * 0.11;
        if (shape.x > SIZE) shape.x -= SIZE;
        shape.rotation += 0.013;
      }
      batch.draw();
    };
    expectSteadyFrame(await steadyFrameAllocations(frame, SCOPE, { warmUpFrames: 5_000 }));
  }, 120_000);

  it('lines whose start and end move the PixiJS way beside batch.draw(), after refused ends, allocate nothing, once optimized', async () => {
    const { gl, batch, make } = createShapes();
    const lines = make((i) => new Line(i, 0, i + 5, 9, { batch, thickness: 2 }));
    for (const bad of ['1', undefined, Number.NaN, Infinity]) {
      expect(() => (lines[0]!.x2 = bad as unknown as number)).toThrow(ShapeError);
      expect(() => (lines[1]!.y2 = bad as unknown as number)).toThrow(ShapeError);
    }
    expect([lines[0]!.x2, lines[1]!.y2]).toEqual([5, 9]); // refused ends changed nothing
    const frame = (): void => {
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i]!;
        line.x += 0.37 + i * 0.11;
        if (line.x > SIZE) line.x -= SIZE;
        // The end follows the start, as a game keeps a line's length (the shapes benchmark does this).
        line.x2 = line.x + 5.5;
        line.y2 = line.y + 9.25;
      }
      batch.draw();
    };
    expectSteadyFrame(await steadyFrameAllocations(frame, SCOPE, { warmUpFrames: 5_000 }));
    // Both ends moved by as much: translate (8 bytes a vertex) only, the positions are not rewritten.
    frame();
    const vertices = lines.reduce((sum, line) => sum + line.vertexList.count, 0);
    expect(batch.stats().bytesUploaded).toBe(vertices * 8);
    const line = lines[4]!;
    expect([line.x2, line.y2]).toEqual([line.x + 5.5, line.y + 9.25]);
    const { buffer, byteStride } = line.vertexList.domain.attributes.get('translate')!;
    const list = line.vertexList;
    const gpu = new Float32Array(readBuffer(gl, buffer.buffer, list.start * byteStride, (list.start + list.count) * byteStride).buffer);
    expect([...gpu]).toEqual([...list.get('translate')]);
    expectNoGLError(gl);
  }, 120_000);

  it('x, y, rotation and a size of every shape set with fractional values, and batch.draw(): nothing allocated in the library once optimized, and what changed uploaded', async () => {
    const { gl, batch, make } = createShapes();
    const rectangles = make((i) => new Rectangle(i, i, 4, 3, { batch }));
    const circles = make((i) => new Circle(i, 2 * i, 3, { batch, segments: 12 }));
    const lines = make((i) => new Line(i, 0, i + 5, 9, { batch, thickness: 2 }));
    const stars = make((i) => new Star(3 * i, i, 5, 2, 5, { batch }));
    const arcs = make((i) => new Arc(i, 3 * i, 4, { batch, angle: 2 }));
    const polygons = make(
      (i) =>
        new Polygon(
          [
            [i, 0],
            [i + 6, 1],
            [i + 4, 7],
            [i, 5],
          ],
          { batch },
        ),
    );
    // One loop per kind, as a game keeps them: each setter call site sees one class.
    const frame = (n: number): void => {
      const t = n * 0.013;
      for (let i = 0; i < 10; i++) {
        const rectangle = rectangles[i]!;
        rectangle.x = (i + t) % SIZE;
        rectangle.rotation = t;
        rectangle.width = 4 + (t % 1);
        const circle = circles[i]!;
        circle.y = (2 * i + t) % SIZE;
        circle.radius = 3 + (t % 1);
        const line = lines[i]!;
        line.x2 = i + 5 + (t % 1);
        line.rotation = -t;
        const star = stars[i]!;
        star.rotation = t * 2;
        star.innerRadius = 2 + (t % 1);
        const arc = arcs[i]!;
        arc.x = (i + t) % SIZE;
        arc.angle = 2 + (t % 1);
        const polygon = polygons[i]!;
        polygon.y = (i + t) % SIZE;
        polygon.anchorX = t % 1;
      }
      batch.draw();
    };
    // The library allocates nothing a frame: the setters store and mark, and the draw writes the vertices element by
    // element into the shadow, with no closure, array or boxed double on the way. Not an empty window: after each
    // garbage collection (the probe makes some) V8 makes again the handlers of the draw's calls on shapes of six
    // kinds, 64 bytes a kind once. A boxed number a frame (12 bytes) is ten times this bound.
    const library = await steadyFrameAllocations(frame, LIBRARY_SCOPE, { warmUpFrames: 5_000, windowFrames: 1_000 });
    expect(Object.values(library.sites).reduce((a, b) => a + b, 0) / library.frames, JSON.stringify(library)).toBeLessThan(1.2);
    // This frame's 13 setter call sites are more than V8 inlines into one function: the arguments of those it left
    // out of line are boxed here, in the caller (the PixiJS-way test, with five, allocates nothing at all).
    // The frame still does its job. Per vertex: translate 8 bytes, rotation 4, positions 8 (an outline changed).
    frame(1_000_000);
    const vertices = (shapes: Shape[]): number => shapes.reduce((sum, shape) => sum + shape.vertexList.count, 0);
    expect(batch.stats().bytesUploaded).toBe(
      vertices(rectangles) * 20 +
        vertices(circles) * 16 +
        vertices(lines) * 12 +
        vertices(stars) * 12 +
        vertices(arcs) * 16 +
        vertices(polygons) * 16,
    );
    expect(batch.stats().drawCalls).toBe(1);
    const star = stars[3]!.vertexList;
    for (const name of ['position', 'translate', 'rotation']) {
      const { buffer, byteStride } = star.domain.attributes.get(name)!;
      const gpu = new Float32Array(readBuffer(gl, buffer.buffer, star.start * byteStride, (star.start + star.count) * byteStride).buffer);
      expect([...gpu], name).toEqual([...star.get(name)]);
    }
    expect([...star.get('rotation')]).toEqual(Array.from({ length: star.count }, () => Math.fround(stars[3]!.rotation)));
    expectNoGLError(gl);
  }, 120_000);
});
