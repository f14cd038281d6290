// The batch example of docs/guide.md ("A batch by hand"), run as written: it must draw its triangle.
import { mat4 } from 'gl-matrix';
import { expect, it } from 'vitest';
import { Batch, createDefaultProgram, MatrixBlock, ShaderGroup } from '../src/index.ts';
import { createContext, expectNoGLError, pixel } from './gl-test-helpers.ts';

it("the guide's batch example draws a red-green-blue triangle", () => {
  const gl = createContext(640, 480);
  const program = createDefaultProgram(gl);
  new MatrixBlock(gl).setProjection(mat4.ortho(mat4.create(), 0, 640, 480, 0, -1, 1));
  const batch = new Batch(gl);
  batch.add(3, gl.TRIANGLES, new ShaderGroup(program), program, {
    position: ['f', [10, 10, 0, 110, 10, 0, 60, 90, 0]],
    colors: ['Bn', [255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255]],
  });
  batch.draw();
  // Pixel rows count from the bottom; the projection puts y = 0 at the top.
  const inside = pixel(gl, 60, 480 - 40);
  expect(inside[3]).toBe(255);
  expect(inside[0]! + inside[1]! + inside[2]!).toBeGreaterThan(200);
  expect(pixel(gl, 300, 300)).toEqual([0, 0, 0, 0]);
  expectNoGLError(gl);
});
