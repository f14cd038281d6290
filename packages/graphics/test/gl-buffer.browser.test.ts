// GLBuffer in a real WebGL2 context (SwiftShader): growth keeps every byte for
// vertex and index buffers, commit uploads only dirty ranges, restore after a
// lost context, and bad input. Everything is asserted on GL state read back from
// the context: getBufferSubData, getError, readPixels.
import { describe, expect, it } from 'vitest';
import { debugContext, GLBuffer, GLBufferError, GLCallError, GrowthError } from '../src/index.ts';
import { canvasOf, createContext, expectNoGLError, glErrorName, link, pixel, readBuffer, seededRandom } from './gl-test-helpers.ts';

/** The whole GPU buffer. */
function readBack(gl: WebGL2RenderingContext, buffer: GLBuffer): Uint8Array {
  return readBuffer(gl, buffer.buffer, 0, buffer.byteCapacity);
}

/** Distinct, non-zero bytes that depend on position and a salt, so misplaced or missing copies show. */
function pattern(length: number, salt: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => ((i * 7 + salt * 13) % 255) + 1);
}

describe('GLBuffer growth', () => {
  it('keeps every byte of a vertex buffer across many doublings', () => {
    const gl = createContext();
    const buffer = new GLBuffer(gl, 'vertex', 16);
    const expected: number[] = [];
    let copied = 0;
    for (let round = 0; round < 12; round++) {
      // Fill the part not yet written, commit, then grow.
      const fresh = pattern(buffer.byteCapacity - expected.length, round);
      buffer.write(expected.length, fresh);
      expected.push(...fresh);
      buffer.commit();
      expect(readBack(gl, buffer)).toEqual(Uint8Array.from(expected));
      const before = buffer.buffer;
      const capacity = buffer.byteCapacity;
      const returned = buffer.grow(capacity + 1);
      copied += capacity;
      expect(returned).toBe(buffer.buffer);
      expect(returned).not.toBe(before);
      expect(gl.isBuffer(before)).toBe(false); // the old buffer is deleted
      expect(buffer.byteCapacity).toBe(capacity * 2);
      // Old bytes kept, new half zero, on the GPU and in the shadow.
      const gpu = readBack(gl, buffer);
      expect(gpu.subarray(0, capacity)).toEqual(Uint8Array.from(expected));
      expect(gpu.subarray(capacity).every((byte) => byte === 0)).toBe(true);
      expect(buffer.bytes).toEqual(gpu);
      expectNoGLError(gl);
    }
    expect(buffer.byteCapacity).toBe(16 * 2 ** 12);
    expect(buffer.growths).toBe(12);
    expect(buffer.bytesCopied).toBe(copied);
  });

  it('jumps to the next power of two for a large request, and copies only the used prefix', () => {
    const gl = createContext();
    const buffer = new GLBuffer(gl, 'vertex', 64);
    buffer.write(0, pattern(64, 1));
    buffer.commit();
    buffer.grow(1000, 40); // max(128, 1024)
    expect(buffer.byteCapacity).toBe(1024);
    expect(buffer.bytesCopied).toBe(40);
    const expected = new Uint8Array(1024);
    expected.set(pattern(40, 1));
    expect(readBack(gl, buffer)).toEqual(expected);
    expect(buffer.bytes).toEqual(expected);
    buffer.grow(0); // a small request still doubles
    expect(buffer.byteCapacity).toBe(2048);
    expectNoGLError(gl);
  });

  it('keeps dirty ranges inside the used prefix across growth and uploads them to the new buffer', () => {
    const gl = createContext();
    const buffer = new GLBuffer(gl, 'vertex', 256, gl.DYNAMIC_DRAW, 0);
    buffer.write(0, pattern(256, 2));
    buffer.commit();
    buffer.write(10, new Uint8Array([9, 9, 9])); // dirty, not committed
    buffer.write(200, new Uint8Array([8, 8])); // dirty, past usedBytes: dropped
    buffer.grow(512, 100);
    expect(buffer.commit()).toEqual({ bytesUploaded: 3, uploadCalls: 1 });
    const expected = new Uint8Array(512);
    expected.set(pattern(100, 2));
    expected.set([9, 9, 9], 10);
    expect(readBack(gl, buffer)).toEqual(expected);
    expect(buffer.bytes).toEqual(expected);
    expectNoGLError(gl);
  });

  it('keeps an index buffer an index buffer across doublings, and draws with it', () => {
    const gl = createContext(64, 64);
    const program = link(
      gl,
      `#version 300 es
      in vec2 a_position;
      void main() { gl_Position = vec4(a_position, 0.0, 1.0); }`,
      `#version 300 es
      precision highp float;
      out vec4 out_color;
      void main() { out_color = vec4(0.0, 1.0, 0.0, 1.0); }`,
    );
    // A VAO bound while the index buffer is made and grown must keep its own element binding.
    const vao = gl.createVertexArray();
    gl.bindVertexArray(vao);
    const vertices = new GLBuffer(gl, 'vertex', 32);
    // Left half of the viewport: x in [-1, 0].
    vertices.write(0, new Float32Array([-1, -1, 0, -1, 0, 1, -1, 1]));
    vertices.commit();
    const indices = new GLBuffer(gl, 'index', 12);
    expect(gl.getParameter(gl.VERTEX_ARRAY_BINDING)).toBe(null); // it bound VAO null
    const quad = new Uint16Array([0, 1, 2, 2, 3, 0]);
    indices.write(0, quad);
    indices.commit();
    const expected = new Uint8Array(indices.byteCapacity);
    expected.set(new Uint8Array(quad.buffer));
    for (let round = 0; round < 8; round++) {
      const capacity = indices.byteCapacity;
      indices.grow(capacity + 1);
      expectNoGLError(gl);
      const grown = new Uint8Array(indices.byteCapacity);
      grown.set(expected);
      expect(readBack(gl, indices)).toEqual(grown);
      // An index buffer for life: binding it to ARRAY_BUFFER is refused.
      gl.bindBuffer(gl.ARRAY_BUFFER, indices.buffer);
      expect(glErrorName(gl, gl.getError())).toBe('INVALID_OPERATION');
    }
    expect(indices.byteCapacity).toBe(12 * 2 ** 8);
    // Indices written after growth at the far end of the buffer draw the same quad.
    const far = indices.byteCapacity - quad.byteLength;
    indices.write(far, quad);
    indices.commit();
    expectNoGLError(gl);

    gl.bindVertexArray(vao);
    gl.bindBuffer(gl.ARRAY_BUFFER, vertices.buffer);
    const position = gl.getAttribLocation(program, 'a_position');
    gl.enableVertexAttribArray(position);
    gl.vertexAttribPointer(position, 2, gl.FLOAT, false, 0, 0);
    gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, indices.buffer); // re-pointed after growth
    gl.viewport(0, 0, 64, 64);
    gl.useProgram(program);
    for (const offset of [0, far]) {
      gl.clearColor(0, 0, 0, 1);
      gl.clear(gl.COLOR_BUFFER_BIT);
      gl.drawElements(gl.TRIANGLES, 6, gl.UNSIGNED_SHORT, offset);
      expectNoGLError(gl);
      expect(pixel(gl, 16, 32)).toEqual([0, 255, 0, 255]); // inside the quad
      expect(pixel(gl, 48, 32)).toEqual([0, 0, 0, 255]); // right half: outside
    }
    expectNoGLError(gl);
  });
});

/** The bindings grow() promises to leave as it found them (null), read from GL. */
function growthBindings(gl: WebGL2RenderingContext): unknown[] {
  return [gl.ARRAY_BUFFER_BINDING, gl.COPY_READ_BUFFER_BINDING, gl.COPY_WRITE_BUFFER_BINDING].map((name) => gl.getParameter(name));
}

describe('GLBuffer growth, how it asks the GL', () => {
  for (const kind of ['vertex', 'index'] as const) {
    it(`${kind} buffer: with a GL error left pending by an earlier call, the growth still copies every byte and clears the flag`, () => {
      const gl = createContext();
      const buffer = new GLBuffer(gl, kind, 256);
      buffer.write(0, pattern(256, 5));
      buffer.commit();
      buffer.write(40, new Uint8Array([7, 7, 7])); // pending: must stay dirty
      const shadow = buffer.bytes.slice();
      gl.bindBuffer(0x1234, null); // INVALID_ENUM, left pending
      gl.pixelStorei(gl.UNPACK_ALIGNMENT, 3); // INVALID_VALUE, left pending too
      const before = buffer.buffer;
      buffer.grow(257, 200);
      expectNoGLError(gl);
      expect(buffer.buffer).not.toBe(before);
      expect(gl.isBuffer(before)).toBe(false);
      const expected = new Uint8Array(512);
      expected.set(pattern(200, 5));
      expect(readBack(gl, buffer)).toEqual(expected); // the pending write is not on the GPU yet
      expected.set([7, 7, 7], 40);
      expect(buffer.bytes).toEqual(expected);
      expect([...buffer.dirty]).toEqual([[40, 43]]);
      buffer.commit();
      expect(readBack(gl, buffer)).toEqual(expected);
      expect(shadow.subarray(0, 200)).toEqual(expected.subarray(0, 200));
      expectNoGLError(gl);
    });

    it(`${kind} buffer: with a GL error left pending, a refusal still throws GrowthError with its own error, nothing changed`, () => {
      const gl = createContext();
      const buffer = new GLBuffer(gl, kind, 64);
      buffer.write(0, pattern(64, 9));
      buffer.commit();
      buffer.write(4, new Uint8Array([3]));
      const webgl = buffer.buffer,
        shadow = buffer.bytes.slice(),
        gpu = readBack(gl, buffer);
      gl.bindBuffer(0x1234, null); // INVALID_ENUM, left pending: read before the refusal's own flag
      let caught: unknown;
      try {
        buffer.grow(2 ** 31 + 1);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(GrowthError);
      expect(caught).toMatchObject({ reason: 'gl', glError: 'INVALID_OPERATION', requested: 2 ** 31 + 1, limit: 2 ** 32 });
      expectNoGLError(gl);
      expect(buffer.buffer).toBe(webgl);
      expect(buffer.byteCapacity).toBe(64);
      expect(buffer.bytes).toEqual(shadow);
      expect(readBack(gl, buffer)).toEqual(gpu);
      expect([...buffer.dirty]).toEqual([[4, 5]]);
      expect(buffer.growths).toBe(0);
    });

    it(`${kind} buffer: leaves ARRAY_BUFFER, COPY_READ_BUFFER and COPY_WRITE_BUFFER unbound, and the VAO as documented`, () => {
      const gl = createContext();
      const buffer = new GLBuffer(gl, kind, 64);
      buffer.write(0, pattern(64, 6));
      buffer.commit();
      const vao = gl.createVertexArray();
      gl.bindVertexArray(vao);
      buffer.grow(65);
      expect(growthBindings(gl)).toEqual([null, null, null]);
      // An index buffer binds VAO null (its ELEMENT_ARRAY_BUFFER belongs to the VAO); a vertex buffer leaves it.
      expect(gl.getParameter(gl.VERTEX_ARRAY_BINDING)).toBe(kind === 'index' ? null : vao);
      expect(() => buffer.grow(2 ** 31 + 1)).toThrow(GrowthError);
      expect(growthBindings(gl)).toEqual([null, null, null]);
      expect(readBack(gl, buffer).subarray(0, 64)).toEqual(pattern(64, 6));
      expectNoGLError(gl);
    });

    it(`${kind} buffer under debugContext: grows byte for byte, and a refusal is GrowthError('gl') caused by the GLCallError, nothing changed`, () => {
      const raw = createContext();
      const gl = debugContext(raw);
      const buffer = new GLBuffer(gl, kind, 64);
      buffer.write(0, pattern(64, 8));
      buffer.commit();
      buffer.grow(100);
      const expected = new Uint8Array(128);
      expected.set(pattern(64, 8));
      expect(readBack(raw, buffer)).toEqual(expected);
      buffer.write(8, new Uint8Array([1, 2]));
      const webgl = buffer.buffer,
        shadow = buffer.bytes.slice();
      let caught: unknown;
      try {
        buffer.grow(2 ** 31 + 1);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(GrowthError);
      expect(caught).toMatchObject({ reason: 'gl', glError: 'INVALID_OPERATION', limit: 2 ** 32 });
      expect((caught as GrowthError).cause).toBeInstanceOf(GLCallError);
      expect(buffer.buffer).toBe(webgl);
      expect(buffer.byteCapacity).toBe(128);
      expect(buffer.bytes).toEqual(shadow);
      expect([...buffer.dirty]).toEqual([[8, 10]]);
      expect(readBack(raw, buffer)).toEqual(expected);
      expectNoGLError(raw);
    });
  }
});

describe('GLBuffer commit', () => {
  it('joins ranges within mergeGap into one upload when the clean bytes fit the budget', () => {
    const gl = createContext();
    const buffer = new GLBuffer(gl, 'vertex', 1024, gl.DYNAMIC_DRAW, 16);
    buffer.write(0, new Uint8Array(40).fill(1));
    buffer.write(56, new Uint8Array(40).fill(2)); // 16 clean bytes between: budget 80 / 4 = 20
    buffer.write(200, new Uint8Array(40).fill(3)); // 104 bytes on: past mergeGap
    expect(buffer.commit()).toEqual({ bytesUploaded: 96 + 40, uploadCalls: 2 });
    expect(readBack(gl, buffer)).toEqual(buffer.bytes);
  });

  it('never uploads more than 1.25 × the bytes marked, and the GPU ends equal to the shadow (random marks)', () => {
    const gl = createContext();
    const random = seededRandom(7);
    const buffer = new GLBuffer(gl, 'vertex', 4096, gl.DYNAMIC_DRAW, 256);
    let joined = 0;
    for (let frame = 0; frame < 200; frame++) {
      const marked = new Uint8Array(4096);
      const writes = 1 + Math.floor(random() * 40);
      for (let w = 0; w < writes; w++) {
        const start = Math.floor(random() * 4000),
          length = 1 + Math.floor(random() * 64);
        buffer.write(start, new Uint8Array(length).fill(frame & 0xff));
        marked.fill(1, start, start + length);
      }
      const markedBytes = marked.reduce((sum, byte) => sum + byte, 0);
      const exactRanges = buffer.dirty.count;
      const { bytesUploaded, uploadCalls } = buffer.commit();
      expect(bytesUploaded).toBeGreaterThanOrEqual(markedBytes);
      expect(bytesUploaded).toBeLessThanOrEqual(1.25 * markedBytes);
      if (uploadCalls < exactRanges) joined++;
    }
    expect(readBack(gl, buffer)).toEqual(buffer.bytes);
    expect(joined).toBeGreaterThan(0);
    expectNoGLError(gl);
  });

  it('uploads only the dirty ranges, joining close ones while the clean bytes stay within a quarter', () => {
    const gl = createContext();
    const buffer = new GLBuffer(gl, 'vertex', 1024, gl.DYNAMIC_DRAW, 16);
    expect(buffer.commit()).toEqual({ bytesUploaded: 0, uploadCalls: 0 });
    buffer.write(0, new Uint8Array([1, 2, 3, 4]));
    buffer.write(10, new Uint8Array([5, 6, 7, 8])); // 6 clean bytes after [0, 4): over the budget (20 / 4 = 5)
    buffer.write(500, new Uint8Array([9, 9, 9, 9, 9, 9, 9, 9]));
    buffer.bytes.fill(0x77, 800, 810); // in the shadow, never marked dirty
    buffer.bytes.fill(0x66, 900, 904);
    buffer.markDirty(900, 904);
    expect(buffer.commit()).toEqual({ bytesUploaded: 4 + 4 + 8 + 4, uploadCalls: 4 });
    expect(buffer.lastCommit).toEqual({ bytesUploaded: 20, uploadCalls: 4 });

    const expected = new Uint8Array(1024);
    expected.set([1, 2, 3, 4], 0);
    expected.set([5, 6, 7, 8], 10);
    expected.fill(9, 500, 508);
    expected.fill(0x66, 900, 904);
    const gpu = readBack(gl, buffer);
    expect(gpu).toEqual(expected); // [800, 810) did NOT reach the GPU
    expect(buffer.bytes.subarray(800, 810).every((byte) => byte === 0x77)).toBe(true);

    // Nothing dirty: nothing uploaded, GPU unchanged.
    expect(buffer.commit()).toEqual({ bytesUploaded: 0, uploadCalls: 0 });
    expect(readBack(gl, buffer)).toEqual(expected);
    // Marking it dirty uploads it, and only it.
    buffer.markDirty(800, 810);
    expect(buffer.commit()).toEqual({ bytesUploaded: 10, uploadCalls: 1 });
    expected.fill(0x77, 800, 810);
    expect(readBack(gl, buffer)).toEqual(expected);
    expectNoGLError(gl);
  });

  it('uploads index buffer ranges while a VAO is bound, leaving that VAO alone', () => {
    const gl = createContext();
    const indices = new GLBuffer(gl, 'index', 64);
    const vao = gl.createVertexArray();
    gl.bindVertexArray(vao);
    indices.write(8, new Uint16Array([1, 2, 3]));
    expect(indices.commit()).toEqual({ bytesUploaded: 6, uploadCalls: 1 });
    expect(gl.getParameter(gl.VERTEX_ARRAY_BINDING)).toBe(vao);
    expect(gl.getParameter(gl.ELEMENT_ARRAY_BUFFER_BINDING)).toBe(null);
    const expected = new Uint8Array(64);
    expected.set(new Uint8Array(new Uint16Array([1, 2, 3]).buffer), 8);
    expect(readBack(gl, indices)).toEqual(expected);
    expectNoGLError(gl);
  });
});

/** The next `type` event, preventDefault-ed in the listener (the only place it counts). */
function nextEvent(target: EventTarget, type: string): Promise<Event> {
  return new Promise((resolve) => {
    const listener = (event: Event): void => {
      event.preventDefault();
      resolve(event);
    };
    target.addEventListener(type, listener, { once: true });
  });
}

describe('GLBuffer restore', () => {
  for (const kind of ['vertex', 'index'] as const) {
    it(`brings a ${kind} buffer back after a lost context, pending writes included`, async () => {
      const gl = createContext();
      const canvas = canvasOf(gl);
      const buffer = new GLBuffer(gl, kind, 256);
      buffer.write(0, pattern(256, 3));
      buffer.commit();
      buffer.grow(512);
      buffer.write(300, new Uint8Array([1, 2, 3])); // not committed before the loss
      const shadow = buffer.bytes.slice();
      const lose = gl.getExtension('WEBGL_lose_context');
      if (!lose) throw new Error('WEBGL_lose_context is not available');
      // restoreContext only works after the lost event was preventDefault-ed inside
      // its listener and its dispatch has finished (a macrotask later, not a microtask).
      const lost = nextEvent(canvas, 'webglcontextlost');
      lose.loseContext();
      expect(gl.isContextLost()).toBe(true);
      await lost;
      await new Promise((resolve) => setTimeout(resolve, 0));
      const restored = nextEvent(canvas, 'webglcontextrestored');
      lose.restoreContext();
      await restored;
      expect(gl.isContextLost()).toBe(false);
      expect(gl.isBuffer(buffer.buffer)).toBe(false); // died with the context

      const fresh = buffer.restore(gl);
      expect(fresh).toBe(buffer.buffer);
      expect(gl.isBuffer(fresh)).toBe(true);
      expect(buffer.dirty.isEmpty).toBe(true);
      expect(readBack(gl, buffer)).toEqual(shadow);
      expect(buffer.bytes).toEqual(shadow);
      if (kind === 'index') {
        gl.bindBuffer(gl.ARRAY_BUFFER, fresh); // still an index buffer
        expect(glErrorName(gl, gl.getError())).toBe('INVALID_OPERATION');
      }
      expectNoGLError(gl);
    });
  }
});

describe('GLBuffer bad input', () => {
  type Case = [name: string, argument: string, value: unknown, call: (buffer: GLBuffer) => unknown];
  const cases: Case[] = [
    ['write at a negative offset', 'byteOffset', -1, (b) => b.write(-1, new Uint8Array(4))],
    ['write at a fractional offset', 'byteOffset', 1.5, (b) => b.write(1.5, new Uint8Array(4))],
    ['write at NaN', 'byteOffset', NaN, (b) => b.write(NaN, new Uint8Array(4))],
    ['write past the capacity', 'byteOffset', 60, (b) => b.write(60, new Uint8Array(8))],
    ['write starting past the capacity', 'byteOffset', 65, (b) => b.write(65, new Uint8Array(0))],
    ['write more bytes than the capacity', 'byteOffset', 0, (b) => b.write(0, new Uint8Array(65))],
    ['write a non-view', 'data', [1, 2], (b) => b.write(0, [1, 2] as unknown as Uint8Array)],
    ['markDirty with a negative start', 'start', -4, (b) => b.markDirty(-4, 4)],
    ['markDirty with a fractional end', 'end', 4.5, (b) => b.markDirty(0, 4.5)],
    ['markDirty with end before start', 'end', 4, (b) => b.markDirty(8, 4)],
    ['markDirty past the capacity', 'end', 65, (b) => b.markDirty(0, 65)],
    ['markDirty with NaN', 'start', NaN, (b) => b.markDirty(NaN, 4)],
    ['grow to a negative size', 'minByteCapacity', -1, (b) => b.grow(-1)],
    ['grow to NaN', 'minByteCapacity', NaN, (b) => b.grow(NaN)],
    ['grow with usedBytes past the capacity', 'usedBytes', 65, (b) => b.grow(128, 65)],
    ['grow with fractional usedBytes', 'usedBytes', 0.5, (b) => b.grow(128, 0.5)],
  ];

  for (const kind of ['vertex', 'index'] as const) {
    it(`rejects every bad input to a ${kind} buffer and changes nothing`, () => {
      const gl = createContext();
      const buffer = new GLBuffer(gl, kind, 64, gl.DYNAMIC_DRAW, 0);
      buffer.write(0, pattern(64, 4));
      buffer.commit();
      buffer.write(20, new Uint8Array([1, 2])); // one pending range that must survive
      const glBuffer = buffer.buffer;
      const shadow = buffer.bytes.slice();
      const gpu = readBack(gl, buffer);
      for (const [name, argument, value, call] of cases) {
        let error: unknown;
        try {
          call(buffer);
        } catch (caught) {
          error = caught;
        }
        expect(error, name).toBeInstanceOf(GLBufferError);
        expect((error as GLBufferError).argument, name).toBe(argument);
        expect((error as GLBufferError).value, name).toEqual(value);
        expect((error as GLBufferError).message, name).toContain(argument);
        expect(buffer.byteCapacity, name).toBe(64);
        expect(buffer.buffer, name).toBe(glBuffer);
        expect(buffer.bytes, name).toEqual(shadow);
        expect(readBack(gl, buffer), name).toEqual(gpu);
        expect([...buffer.dirty], name).toEqual([[20, 22]]);
        expect(buffer.growths, name).toBe(0);
        expectNoGLError(gl);
      }
      expect(buffer.commit()).toEqual({ bytesUploaded: 2, uploadCalls: 1 });
      expect(readBack(gl, buffer)).toEqual(shadow);
    });
  }

  it('rejects a bad constructor argument', () => {
    const gl = createContext();
    expect(() => new GLBuffer(gl, 'vertex', -1)).toThrow(GLBufferError);
    expect(() => new GLBuffer(gl, 'vertex', 2.5)).toThrow(/byteCapacity/);
    expect(() => new GLBuffer(gl, 'uniform' as 'vertex', 16)).toThrow(/kind/);
    expectNoGLError(gl);
  });

  it('throws on every use after delete', () => {
    const gl = createContext();
    const buffer = new GLBuffer(gl, 'vertex', 16);
    const glBuffer = buffer.buffer;
    buffer.delete();
    expect(gl.isBuffer(glBuffer)).toBe(false);
    expect(buffer.isDeleted).toBe(true);
    const uses: [string, () => unknown][] = [
      ['bytes', () => buffer.bytes],
      ['buffer', () => buffer.buffer],
      ['write', () => buffer.write(0, new Uint8Array(1))],
      ['markDirty', () => buffer.markDirty(0, 1)],
      ['commit', () => buffer.commit()],
      ['grow', () => buffer.grow(32)],
      ['restore', () => buffer.restore(gl)],
      ['delete', () => buffer.delete()],
    ];
    for (const [name, use] of uses) {
      expect(use, name).toThrow(GLBufferError);
      expect(use, name).toThrow(`GLBuffer.${name}: the buffer was deleted`);
    }
    expect(buffer.byteCapacity).toBe(16);
    expectNoGLError(gl);
  });
});
