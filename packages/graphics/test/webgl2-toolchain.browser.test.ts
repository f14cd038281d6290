// Proves the browser toolchain before any graphics code depends on it: real
// Chromium, a real WebGL2 context (SwiftShader here), and the WebGL2 buffer
// rules that vertex-domain growth relies on. Everything is asserted on GL state
// read back from the context: getError, getBufferSubData, readPixels.
import { describe, expect, it } from 'vitest';
import { createContext, expectGLError, link, pixel, readBuffer } from './gl-test-helpers.ts';

/** A buffer whose WebGL type is fixed by the first target it is bound to. */
function createBuffer(gl: WebGL2RenderingContext, firstTarget: GLenum, data: ArrayBufferView): WebGLBuffer {
  const buffer = gl.createBuffer();
  gl.bindBuffer(firstTarget, buffer);
  gl.bufferData(firstTarget, data, gl.STATIC_DRAW);
  gl.bindBuffer(firstTarget, null);
  return buffer;
}

function copy(gl: WebGL2RenderingContext, from: WebGLBuffer, to: WebGLBuffer, readOffset: number, writeOffset: number, size: number): void {
  gl.bindBuffer(gl.COPY_READ_BUFFER, from);
  gl.bindBuffer(gl.COPY_WRITE_BUFFER, to);
  gl.copyBufferSubData(gl.COPY_READ_BUFFER, gl.COPY_WRITE_BUFFER, readOffset, writeOffset, size);
  gl.bindBuffer(gl.COPY_READ_BUFFER, null);
  gl.bindBuffer(gl.COPY_WRITE_BUFFER, null);
}

/** 0, 1, 2, … — every byte distinct from its neighbours, so misplaced copies show. */
function countingBytes(length: number, start = 0): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (start + i) & 0xff);
}

describe('WebGL2 toolchain', () => {
  it('creates a WebGL2 context without errors', () => {
    const gl = createContext();
    expect(gl).toBeInstanceOf(WebGL2RenderingContext);
    const debugInfo = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(debugInfo ? debugInfo.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    console.info(`WebGL2 renderer: ${renderer} (${gl.getParameter(gl.VERSION)})`);
    expect(renderer).not.toBe('');
    expectGLError(gl, gl.NO_ERROR);
  });

  it('copies buffers on the GPU with copyBufferSubData', () => {
    const gl = createContext();
    const source = createBuffer(gl, gl.ARRAY_BUFFER, countingBytes(64));
    const target = createBuffer(gl, gl.COPY_WRITE_BUFFER, new Uint8Array(64).fill(0xee));

    copy(gl, source, target, 0, 0, 64);
    expect(readBuffer(gl, target, 0, 64)).toEqual(countingBytes(64));

    // A sub-range to a different offset: source bytes [8, 24) land at [40, 56).
    const fresh = createBuffer(gl, gl.COPY_WRITE_BUFFER, new Uint8Array(64).fill(0xee));
    copy(gl, source, fresh, 8, 40, 16);
    const expected = new Uint8Array(64).fill(0xee);
    expected.set(countingBytes(16, 8), 40);
    expect(readBuffer(gl, fresh, 0, 64)).toEqual(expected);
    expectGLError(gl, gl.NO_ERROR);
  });

  it('copies index buffers only into index buffers', () => {
    const gl = createContext();
    gl.bindVertexArray(null); // the ELEMENT_ARRAY_BUFFER binding belongs to the bound VAO
    const indices = new Uint16Array([0, 1, 2, 2, 3, 0, 65535, 7]);
    const size = indices.byteLength;
    const indexSource = createBuffer(gl, gl.ELEMENT_ARRAY_BUFFER, indices);
    const indexTarget = createBuffer(gl, gl.ELEMENT_ARRAY_BUFFER, new Uint16Array(indices.length));
    const vertexTarget = createBuffer(gl, gl.ARRAY_BUFFER, new Uint8Array(size).fill(0xee));
    expectGLError(gl, gl.NO_ERROR);

    copy(gl, indexSource, indexTarget, 0, 0, size);
    expectGLError(gl, gl.NO_ERROR);
    expect(new Uint16Array(readBuffer(gl, indexTarget, 0, size).buffer)).toEqual(indices);

    copy(gl, indexSource, vertexTarget, 0, 0, size);
    expectGLError(gl, gl.INVALID_OPERATION);
    expect(readBuffer(gl, vertexTarget, 0, size)).toEqual(new Uint8Array(size).fill(0xee));

    // The other way fails too, and a buffer's type never changes.
    copy(gl, vertexTarget, indexTarget, 0, 0, size);
    expectGLError(gl, gl.INVALID_OPERATION);
    gl.bindBuffer(gl.ARRAY_BUFFER, indexSource);
    expectGLError(gl, gl.INVALID_OPERATION);
    expect(new Uint16Array(readBuffer(gl, indexTarget, 0, size).buffer)).toEqual(indices);
    expectGLError(gl, gl.NO_ERROR);
  });

  it('draws a triangle that readPixels sees', () => {
    const gl = createContext(64, 64);
    const program = link(
      gl,
      `#version 300 es
      in vec2 a_position;
      void main() { gl_Position = vec4(a_position, 0.0, 1.0); }`,
      `#version 300 es
      precision highp float;
      uniform vec4 u_color;
      out vec4 out_color;
      void main() { out_color = u_color; }`,
    );
    const vao = gl.createVertexArray();
    gl.bindVertexArray(vao);
    gl.bindBuffer(gl.ARRAY_BUFFER, createBuffer(gl, gl.ARRAY_BUFFER, new Float32Array([-0.8, -0.8, 0.8, -0.8, 0, 0.8])));
    const position = gl.getAttribLocation(program, 'a_position');
    expect(position).toBeGreaterThanOrEqual(0);
    gl.enableVertexAttribArray(position);
    gl.vertexAttribPointer(position, 2, gl.FLOAT, false, 0, 0);

    gl.viewport(0, 0, 64, 64);
    gl.clearColor(0, 0, 0, 1);
    gl.clear(gl.COLOR_BUFFER_BIT);
    gl.useProgram(program);
    gl.uniform4f(gl.getUniformLocation(program, 'u_color'), 1, 0.2, 0.6, 1);
    gl.drawArrays(gl.TRIANGLES, 0, 3);
    expectGLError(gl, gl.NO_ERROR);

    expect(pixel(gl, 32, 32)).toEqual([255, 51, 153, 255]);
    expect(pixel(gl, 1, 1)).toEqual([0, 0, 0, 255]); // outside the triangle
    expectGLError(gl, gl.NO_ERROR);
  });
});
