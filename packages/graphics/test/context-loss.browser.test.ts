// Context loss (docs/guide.md, "Context loss") in a real WebGL2 context (SwiftShader): a batch scene
// (non-indexed and indexed domains that grew and have holes, a ShaderGroup whose program has a
// uniform set through setUniforms, a MatrixBlock projection) is drawn, the context is lost through
// WEBGL_lose_context, draw() while lost makes no GL call and throws nothing, the context is restored,
// and the next frame must be byte-identical to the one before the loss.
import { mat4 } from 'gl-matrix';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  Batch,
  createDefaultProgram,
  InstancedVertexDomain,
  MatrixBlock,
  ShaderGroup,
  ShaderProgram,
  type VertexList,
  type IndexedVertexList,
} from '../src/index.ts';
import { canvasOf, createContext, glErrorName, recordGLCalls, stopRecording } from './gl-test-helpers.ts';

const SIZE = 64;
const CELL = 8;

afterEach(() => {
  vi.restoreAllMocks();
});

const tintVertex = `#version 300 es
in vec3 position;
layout(std140) uniform WindowBlock { mat4 projection; mat4 view; } window;
void main() { gl_Position = window.projection * window.view * vec4(position, 1.0); }
`;
const tintFragment = `#version 300 es
precision mediump float;
uniform vec4 tint;
out vec4 colour;
void main() { colour = tint; }
`;

/** The corners of cell `cell` of an 8 × 8 grid, less a 1-pixel margin: x0, y0, x1, y1. */
function corners(cell: number): [number, number, number, number] {
  const x0 = (cell % 8) * CELL + 1,
    y0 = Math.floor(cell / 8) * CELL + 1;
  return [x0, y0, x0 + CELL - 2, y0 + CELL - 2];
}
function square(cell: number): number[] {
  const [x0, y0, x1, y1] = corners(cell);
  return [x0, y0, 0, x1, y0, 0, x1, y1, 0, x1, y1, 0, x0, y1, 0, x0, y0, 0];
}
function quad(cell: number): number[] {
  const [x0, y0, x1, y1] = corners(cell);
  return [x0, y0, 0, x1, y0, 0, x1, y1, 0, x0, y1, 0];
}
const colour = (cell: number): number[] => [(cell * 4) % 256, 255 - cell * 3, (cell * 37) % 256, 255];
const solid = (rgba: number[], vertices: number): number[] => Array.from({ length: vertices }, () => rgba).flat();

function frame(gl: WebGL2RenderingContext, batch: Batch): Uint8Array {
  gl.clearColor(0.1, 0.2, 0.3, 1);
  gl.clear(gl.COLOR_BUFFER_BIT);
  batch.draw();
  const out = new Uint8Array(SIZE * SIZE * 4);
  gl.readPixels(0, 0, SIZE, SIZE, gl.RGBA, gl.UNSIGNED_BYTE, out);
  return out;
}

interface Scene {
  gl: WebGL2RenderingContext;
  batch: Batch;
  matrices: MatrixBlock;
  tint: ShaderProgram;
}

/** Cells 0–23 non-indexed, 24–31 tinted (ShaderGroup + uniform), 32–63 indexed; every fifth list deleted. */
function createScene(multiDraw: boolean): Scene {
  const gl = createContext(SIZE, SIZE);
  const program = createDefaultProgram(gl);
  const tint = new ShaderProgram(gl, tintVertex, tintFragment);
  tint.setUniforms({ tint: [1, 0.5, 0.25, 1] });
  const matrices = new MatrixBlock(gl);
  matrices.setProjection(mat4.ortho(mat4.create(), 0, SIZE, 0, SIZE, -1, 1));
  const batch = new Batch(gl, { multiDraw });
  const group = new ShaderGroup(program, 0);
  const tinted = new ShaderGroup(tint, 1);
  const lists: (VertexList | IndexedVertexList)[] = [];
  for (let cell = 0; cell < 24; cell++) {
    lists.push(batch.add(6, gl.TRIANGLES, group, program, { position: ['f', square(cell)], colors: ['Bn', solid(colour(cell), 6)] }));
  }
  for (let cell = 24; cell < 32; cell++) lists.push(batch.add(6, gl.TRIANGLES, tinted, tint, { position: ['f', square(cell)] }));
  for (let cell = 32; cell < 64; cell++) {
    lists.push(
      batch.addIndexed(4, gl.TRIANGLES, group, program, [0, 1, 2, 2, 3, 0], {
        position: ['f', quad(cell)],
        colors: ['Bn', solid(colour(cell), 4)],
      }),
    );
  }
  lists.forEach((list, i) => {
    if (i % 5 === 2) list.delete();
  });
  expect(batch.stats().totalGrowths).toBeGreaterThanOrEqual(3); // vertex and index growth happened
  return { gl, batch, matrices, tint };
}

function nextEvent(target: EventTarget, type: string): Promise<Event> {
  return new Promise((resolve) => target.addEventListener(type, resolve, { once: true }));
}

async function loseContext(gl: WebGL2RenderingContext): Promise<WEBGL_lose_context> {
  const lose = gl.getExtension('WEBGL_lose_context');
  if (!lose) throw new Error('WEBGL_lose_context is not available');
  const lost = nextEvent(canvasOf(gl), 'webglcontextlost');
  lose.loseContext();
  await lost;
  // restoreContext only works once the lost event's dispatch has finished (a macrotask later).
  await new Promise((resolve) => setTimeout(resolve, 0));
  return lose;
}

describe('context loss', () => {
  for (const multiDraw of [false, true]) {
    it(`draws the same frame after the context is restored (multiDraw ${String(multiDraw)})`, async () => {
      const { gl, batch } = createScene(multiDraw);
      frame(gl, batch);
      const before = frame(gl, batch);
      expect(glErrorName(gl, gl.getError())).toBe('NO_ERROR');
      // The scene is not trivial: the tinted cell and an indexed cell are drawn, a hole is background.
      const at = (x: number, y: number) => [...before.subarray((y * SIZE + x) * 4, (y * SIZE + x) * 4 + 4)];
      expect(at(4 * CELL + 4, 3 * CELL + 4)).toEqual([255, 128, 64, 255]); // cell 28, tinted
      expect(at(1 * CELL + 4, 5 * CELL + 4)).toEqual(colour(41)); // cell 41, indexed
      expect(at(2 * CELL + 4, 0 * CELL + 4)).toEqual([26, 51, 77, 255]); // cell 2, deleted

      const lose = await loseContext(gl);
      expect(batch.isContextLost).toBe(true);
      const errors = vi.spyOn(console, 'error');
      const calls = recordGLCalls(gl);
      expect(() => {
        batch.draw();
        batch.draw();
      }).not.toThrow();
      stopRecording(gl);
      expect(calls).toEqual([]);

      const restored = nextEvent(canvasOf(gl), 'webglcontextrestored');
      lose.restoreContext();
      await restored;
      expect(gl.isContextLost()).toBe(false);
      expect(batch.isContextLost).toBe(false);
      const after = frame(gl, batch);
      expect(glErrorName(gl, gl.getError())).toBe('NO_ERROR');
      expect(after).toEqual(before);
      expect(errors).not.toHaveBeenCalled();
    });
  }

  it('stays quiet when the context never comes back', async () => {
    const { gl, batch } = createScene(false);
    frame(gl, batch);
    const errors = vi.spyOn(console, 'error');
    const warnings = vi.spyOn(console, 'warn');
    const lose = gl.getExtension('WEBGL_lose_context')!;
    const lost = nextEvent(canvasOf(gl), 'webglcontextlost');
    lose.loseContext();
    // Before the event arrives too: isContextLost() is checked directly.
    const calls = recordGLCalls(gl);
    expect(() => batch.draw()).not.toThrow();
    stopRecording(gl);
    expect(calls.filter((name) => name !== 'isContextLost')).toEqual([]);
    await lost;
    for (let i = 0; i < 5; i++) expect(() => batch.draw()).not.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(() => batch.draw()).not.toThrow();
    expect(batch.isContextLost).toBe(true);
    expect(errors).not.toHaveBeenCalled();
    expect(warnings).not.toHaveBeenCalled();
  });

  it('delete() removes the listeners: a deleted batch does not restore or preventDefault', async () => {
    const { gl, batch, matrices } = createScene(false);
    batch.delete();
    matrices.delete();
    expect(batch.isDeleted).toBe(true);
    const lose = gl.getExtension('WEBGL_lose_context')!;
    const lost = nextEvent(canvasOf(gl), 'webglcontextlost');
    lose.loseContext();
    const event = await lost;
    expect(event.defaultPrevented).toBe(false);
    expect(() => batch.draw()).not.toThrow();
  });

  it('restores an InstancedVertexDomain and its program by hand (outside a batch), after growth and with holes', async () => {
    const gl = createContext(SIZE, SIZE);
    const program = new ShaderProgram(
      gl,
      `#version 300 es
in vec2 position;
in vec2 offset;
in vec4 color;
out vec4 vColor;
void main() { vColor = color; gl_Position = vec4((position + offset) / 32.0 - 1.0, 0.0, 1.0); }`,
      `#version 300 es
precision mediump float;
in vec4 vColor;
out vec4 outColor;
void main() { outColor = vColor; }`,
    );
    const domain = new InstancedVertexDomain(gl, program, { position: 'f' }, { offset: 'f', color: 'Bn' }, 4);
    domain.setMesh(6, { position: [1, 1, 7, 1, 7, 7, 7, 7, 1, 7, 1, 1] });
    const handles = Array.from({ length: 40 }, (_, cell) =>
      domain.addInstance({ offset: [(cell % 8) * CELL, Math.floor(cell / 8) * CELL], color: colour(cell) }),
    );
    handles.forEach((handle, i) => {
      if (i % 7 === 3) handle.delete();
    });
    expect(domain.growths).toBeGreaterThan(0);
    const render = (): Uint8Array => {
      gl.clearColor(0, 0, 0, 1);
      gl.clear(gl.COLOR_BUFFER_BIT);
      program.use();
      domain.commit();
      domain.draw(gl.TRIANGLES);
      const out = new Uint8Array(SIZE * SIZE * 4);
      gl.readPixels(0, 0, SIZE, SIZE, gl.RGBA, gl.UNSIGNED_BYTE, out);
      return out;
    };
    const before = render();
    // No Batch or MatrixBlock here to preventDefault the loss: the app does, or the context never comes back.
    canvasOf(gl).addEventListener('webglcontextlost', (event) => event.preventDefault());
    const lose = await loseContext(gl);
    const restored = nextEvent(canvasOf(gl), 'webglcontextrestored');
    lose.restoreContext();
    await restored;
    program.restore();
    domain.restore();
    domain.restore(); // idempotent: the VAO is alive, nothing is recreated
    expect(render()).toEqual(before);
    expect(glErrorName(gl, gl.getError())).toBe('NO_ERROR');
  });
});
