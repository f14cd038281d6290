// debugContext in a real WebGL2 context (SwiftShader): every call through the wrapper is followed by
// a getError check; a failing call throws (or logs) a GLCallError naming the call and the GL error.
import { mat4 } from 'gl-matrix';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Batch, createDefaultProgram, debugContext, GLCallError, MatrixBlock, ShaderGroup, VertexDomain } from '../src/index.ts';
import { createContext, liveContexts, pixel } from './gl-test-helpers.ts';

const SIZE = 16;

afterEach(() => {
  vi.restoreAllMocks();
  for (const gl of liveContexts) expect(gl.getError()).toBe(gl.NO_ERROR);
});

function caught(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

describe('debugContext', () => {
  it('passes constants and properties through, binds methods, and caches the wrapped functions', () => {
    const raw = createContext(SIZE, SIZE);
    const gl = debugContext(raw);
    expect(gl.FLOAT).toBe(raw.FLOAT);
    expect(gl.ARRAY_BUFFER).toBe(0x8892);
    expect(gl.canvas).toBe(raw.canvas);
    expect(gl.drawingBufferWidth).toBe(SIZE);
    expect(gl).toBeInstanceOf(WebGL2RenderingContext);
    expect(gl.bufferData).toBe(gl.bufferData);
    expect(gl.getParameter(gl.MAX_VERTEX_ATTRIBS)).toBeGreaterThanOrEqual(16);
  });

  it('runs a correct sequence without error', () => {
    const raw = createContext(SIZE, SIZE);
    const gl = debugContext(raw);
    const buffer = gl.createBuffer();
    gl.bindBuffer(gl.ARRAY_BUFFER, buffer);
    gl.bufferData(gl.ARRAY_BUFFER, 64, gl.DYNAMIC_DRAW);
    gl.bufferSubData(gl.ARRAY_BUFFER, 16, new Float32Array(4));
    gl.clearColor(0, 0, 0, 1);
    gl.clear(gl.COLOR_BUFFER_BIT);
    gl.deleteBuffer(buffer);
    expect(gl.getError()).toBe(gl.NO_ERROR);
  });

  it('throws a GLCallError naming bufferSubData and INVALID_VALUE for a write past the end', () => {
    const raw = createContext(SIZE, SIZE);
    const gl = debugContext(raw);
    gl.bindBuffer(gl.ARRAY_BUFFER, gl.createBuffer());
    gl.bufferData(gl.ARRAY_BUFFER, 16, gl.DYNAMIC_DRAW);
    const error = caught(() => gl.bufferSubData(gl.ARRAY_BUFFER, 8, new Float32Array(4)));
    expect(error).toBeInstanceOf(GLCallError);
    const failure = error as GLCallError;
    expect(failure.call).toBe('bufferSubData');
    expect(failure.error).toBe(raw.INVALID_VALUE);
    expect(failure.errorName).toBe('INVALID_VALUE');
    expect(failure.args).toBe(`${raw.ARRAY_BUFFER}, 8, Float32Array(4)`);
    expect(failure.message).toMatch(/bufferSubData\(34962, 8, Float32Array\(4\)\).*INVALID_VALUE/);
    // Not swallowed: the caller's own getError still sees the flag, once.
    expect(gl.getError()).toBe(raw.INVALID_VALUE);
    expect(gl.getError()).toBe(raw.NO_ERROR);
  });

  it('throws for bindBuffer with an invalid target (INVALID_ENUM)', () => {
    const gl = debugContext(createContext(SIZE, SIZE));
    expect(() => gl.bindBuffer(0x1234, gl.createBuffer())).toThrow(/bindBuffer\(4660, WebGLBuffer\).*INVALID_ENUM/);
    expect(gl.getError()).toBe(gl.INVALID_ENUM);
  });

  it('throws for binding an index buffer as a vertex buffer (INVALID_OPERATION)', () => {
    const gl = debugContext(createContext(SIZE, SIZE));
    const indices = gl.createBuffer();
    gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, indices);
    gl.bufferData(gl.ELEMENT_ARRAY_BUFFER, 16, gl.STATIC_DRAW);
    const vertices = gl.createBuffer();
    gl.bindBuffer(gl.ARRAY_BUFFER, vertices);
    gl.bufferData(gl.ARRAY_BUFFER, 16, gl.STATIC_DRAW);
    gl.bindBuffer(gl.COPY_READ_BUFFER, indices);
    const error = caught(() => gl.copyBufferSubData(gl.COPY_READ_BUFFER, gl.ARRAY_BUFFER, 0, 0, 16)) as GLCallError;
    expect(error).toBeInstanceOf(GLCallError);
    expect([error.call, error.errorName]).toEqual(['copyBufferSubData', 'INVALID_OPERATION']);
    expect(gl.getError()).toBe(gl.INVALID_OPERATION);
  });

  it("in 'log' mode logs once via console.error and goes on", () => {
    const raw = createContext(SIZE, SIZE);
    const gl = debugContext(raw, { onError: 'log' });
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    gl.bindBuffer(gl.ARRAY_BUFFER, gl.createBuffer());
    gl.bufferData(gl.ARRAY_BUFFER, 16, gl.DYNAMIC_DRAW);
    expect(() => gl.bufferSubData(gl.ARRAY_BUFFER, 8, new Float32Array(4))).not.toThrow();
    expect(logged).toHaveBeenCalledTimes(1);
    const failure = logged.mock.calls[0]?.[0] as GLCallError;
    expect(failure).toBeInstanceOf(GLCallError);
    expect([failure.call, failure.errorName]).toEqual(['bufferSubData', 'INVALID_VALUE']);
    gl.bufferSubData(gl.ARRAY_BUFFER, 0, new Float32Array(4)); // goes on: a good call after it works
    expect(logged).toHaveBeenCalledTimes(1);
    expect(gl.getError()).toBe(gl.INVALID_VALUE);
    expect(gl.getError()).toBe(gl.NO_ERROR);
  });

  it('does not report context loss as a call error', () => {
    const raw = createContext(SIZE, SIZE);
    const gl = debugContext(raw);
    raw.getExtension('WEBGL_lose_context')?.loseContext();
    expect(() => gl.clear(gl.COLOR_BUFFER_BIT)).not.toThrow();
    expect(() => gl.bindBuffer(0x1234, null)).not.toThrow();
  });

  it('draws a triangle through Batch and VertexDomain unchanged', () => {
    const raw = createContext(SIZE, SIZE);
    const gl = debugContext(raw);
    const program = createDefaultProgram(gl);
    new MatrixBlock(gl).setProjection(mat4.ortho(mat4.create(), 0, SIZE, 0, SIZE, -1, 1));
    const full = [0, 0, 0, 2 * SIZE, 0, 0, 0, 2 * SIZE, 0];
    const batch = new Batch(gl);
    batch.add(3, gl.TRIANGLES, new ShaderGroup(program), program, {
      position: ['f', full],
      colors: ['Bn', [255, 0, 0, 255, 255, 0, 0, 255, 255, 0, 0, 255]],
    });
    gl.clearColor(0, 0, 0, 1);
    gl.clear(gl.COLOR_BUFFER_BIT);
    batch.draw();
    expect(pixel(raw, SIZE / 2, SIZE / 2)).toEqual([255, 0, 0, 255]);

    const domain = new VertexDomain(gl, program, { position: 'f', colors: 'Bn' });
    const list = domain.alloc(3);
    list.setAttribute('position', full);
    list.setAttribute('colors', [0, 255, 0, 255, 0, 255, 0, 255, 0, 255, 0, 255]);
    program.use();
    domain.commit();
    domain.draw(gl.TRIANGLES);
    expect(pixel(raw, SIZE / 2, SIZE / 2)).toEqual([0, 255, 0, 255]);
    expect(gl.getError()).toBe(gl.NO_ERROR);
  });
});
