// ShaderProgram, MatrixBlock and the default programs in a real WebGL2 context
// (SwiftShader): attributes read back from the linked program, compile and link
// errors with their logs and lines and nothing leaked, uniforms and the shared
// matrix block checked by drawing and reading pixels back.
import { mat4 } from 'gl-matrix';
import * as twgl from 'twgl.js';
import { describe, expect, it, vi } from 'vitest';
import {
  createDefaultProgram,
  createDefaultTexturedProgram,
  MATRIX_BLOCK_BINDING,
  MatrixBlock,
  ShaderArgumentError,
  ShaderError,
  ShaderProgram,
} from '../src/index.ts';
import { createContext as createSizedContext, expectNoGLError, pixel } from './gl-test-helpers.ts';

const SIZE = 64;
const createContext = (): WebGL2RenderingContext => createSizedContext(SIZE, SIZE);

function clear(gl: WebGL2RenderingContext): void {
  gl.clearColor(0, 0, 0, 1);
  gl.clear(gl.COLOR_BUFFER_BIT);
}

/** Draws triangles from plain arrays, one buffer per attribute, at the program's own locations. */
function draw(gl: WebGL2RenderingContext, program: ShaderProgram, arrays: Record<string, [size: number, data: number[]]>): void {
  const vao = gl.createVertexArray();
  gl.bindVertexArray(vao);
  const buffers: WebGLBuffer[] = [];
  let count = 0;
  for (const [name, [size, data]] of Object.entries(arrays)) {
    const location = program.attributes.get(name)!.location;
    const buffer = gl.createBuffer();
    buffers.push(buffer);
    gl.bindBuffer(gl.ARRAY_BUFFER, buffer);
    gl.bufferData(gl.ARRAY_BUFFER, new Float32Array(data), gl.STATIC_DRAW);
    gl.enableVertexAttribArray(location);
    gl.vertexAttribPointer(location, size, gl.FLOAT, false, 0, 0);
    count = data.length / size;
  }
  program.use();
  gl.drawArrays(gl.TRIANGLES, 0, count);
  gl.bindVertexArray(null);
  gl.deleteVertexArray(vao);
  for (const buffer of buffers) gl.deleteBuffer(buffer);
}

/** Two triangles covering [x0, x1] × [y0, y1]. */
function rect(x0: number, y0: number, x1: number, y1: number): number[] {
  return [x0, y0, x1, y0, x1, y1, x1, y1, x0, y1, x0, y0];
}

/** The same RGBA for each of the 6 vertices of `rect`. */
function solid(r: number, g: number, b: number, a = 1): number[] {
  return Array.from({ length: 6 }, () => [r, g, b, a]).flat();
}

/** Runs `make` expecting a ShaderError, and checks every program and shader created meanwhile is gone. */
function expectShaderError(gl: WebGL2RenderingContext, make: () => unknown): ShaderError {
  const programs: WebGLProgram[] = [];
  const shaders: WebGLShader[] = [];
  // Spies that call through: the only way to get hold of the objects twgl creates and deletes.
  const createProgram = vi.spyOn(gl, 'createProgram');
  const createShader = vi.spyOn(gl, 'createShader');
  let error: unknown;
  try {
    make();
  } catch (caught) {
    error = caught;
  }
  for (const result of createProgram.mock.results) programs.push(result.value as WebGLProgram);
  for (const result of createShader.mock.results) shaders.push(result.value as WebGLShader);
  createProgram.mockRestore();
  createShader.mockRestore();
  expect(error).toBeInstanceOf(ShaderError);
  expect(programs.length).toBeGreaterThan(0);
  for (const program of programs) expect(gl.isProgram(program)).toBe(false);
  for (const shader of shaders) expect(gl.isShader(shader)).toBe(false);
  expect(gl.getParameter(gl.CURRENT_PROGRAM)).toBe(null);
  expectNoGLError(gl);
  return error as ShaderError;
}

const passThroughFragment = `#version 300 es
precision mediump float;
out vec4 colour;
void main() { colour = vec4(1.0); }
`;

describe('ShaderProgram linking and attributes', () => {
  it('links and lists every active attribute with its GL type, components and location', () => {
    const gl = createContext();
    const program = new ShaderProgram(
      gl,
      `#version 300 es
      in vec3 position;
      in vec4 colors;
      layout(location = 7) in vec2 tex_coords;
      in mat4 model;
      in float weight;
      in ivec2 cell;
      in vec4 unused;
      void main() {
        gl_Position = model * vec4(position * weight, 1.0) + colors + vec4(tex_coords, vec2(cell));
      }`,
      passThroughFragment,
    );
    const raw = program.program;
    expect(gl.isProgram(raw)).toBe(true);
    expect(gl.getProgramParameter(raw, gl.LINK_STATUS)).toBe(true);
    const expected: Record<string, [GLenum, number]> = {
      position: [gl.FLOAT_VEC3, 3],
      colors: [gl.FLOAT_VEC4, 4],
      tex_coords: [gl.FLOAT_VEC2, 2],
      model: [gl.FLOAT_MAT4, 16],
      weight: [gl.FLOAT, 1],
      cell: [gl.INT_VEC2, 2],
    };
    // `unused` is optimized out: not active, not listed.
    expect([...program.attributes.keys()].sort()).toEqual(Object.keys(expected).sort());
    for (const [name, [type, components]] of Object.entries(expected)) {
      const attribute = program.attributes.get(name)!;
      expect(attribute, name).toEqual({ name, type, components, location: gl.getAttribLocation(raw, name) });
    }
    expect(program.attributes.get('tex_coords')!.location).toBe(7);
    const locations = [...program.attributes.values()].map((attribute) => attribute.location);
    expect(locations).toEqual([...locations].sort((a, b) => a - b)); // in location order
    expect(program.usesMatrixBlock).toBe(false);
    expect(Object.isFrozen(program.attributes.get('position'))).toBe(true);
    expectNoGLError(gl);
  });

  it('deletes the program and its shaders, and refuses use afterwards', () => {
    const gl = createContext();
    const program = createDefaultProgram(gl);
    const raw = program.program;
    const shaders = gl.getAttachedShaders(raw)!;
    expect(shaders).toHaveLength(2);
    program.delete();
    expect(gl.isProgram(raw)).toBe(false);
    for (const shader of shaders) expect(gl.isShader(shader)).toBe(false);
    for (const [name, use] of [
      ['use', () => program.use()],
      ['setUniforms', () => program.setUniforms({})],
      ['program', () => program.program],
      ['delete', () => program.delete()],
    ] as const) {
      expect(use, name).toThrow(ShaderArgumentError);
      expect(use, name).toThrow(`ShaderProgram.${name}: the program was deleted`);
    }
    expectNoGLError(gl);
  });
});

describe('ShaderProgram errors', () => {
  it('reports a vertex compile error with the log and the offending line, leaking nothing', () => {
    const gl = createContext();
    const vertex = [
      '#version 300 es', // 1
      'in vec2 position;', // 2
      'void main() {', // 3
      '  gl_Position = vec4(position, undeclared_depth, 1.0);', // 4
      '}',
    ].join('\n');
    const error = expectShaderError(gl, () => new ShaderProgram(gl, vertex, passThroughFragment));
    expect(error.stage).toBe('VERTEX_SHADER');
    expect(error.log).toMatch(/ERROR: 0:4:/);
    expect(error.log).toContain('undeclared_depth');
    expect(error.lines).toEqual([{ stage: 'VERTEX_SHADER', number: 4, text: 'gl_Position = vec4(position, undeclared_depth, 1.0);' }]);
    expect(error.message).toContain('VERTEX_SHADER failed to compile');
    expect(error.message).toContain(error.log.trim());
    expect(error.message).toContain('VERTEX_SHADER 4: gl_Position = vec4(position, undeclared_depth, 1.0);');
  });

  it('reports a fragment compile error on the right line when the source starts with a blank line', () => {
    const gl = createContext();
    // twgl drops the leading blank line before compiling, so GL's line 5 is our line 6.
    const fragment = `
#version 300 es
precision mediump float;
out vec4 colour;
void main() {
  colour = vec3(1.0, 0.0, 0.0);
}`;
    const vertex = `#version 300 es
      void main() { gl_Position = vec4(0.0); }`;
    const error = expectShaderError(gl, () => new ShaderProgram(gl, vertex, fragment));
    expect(error.stage).toBe('FRAGMENT_SHADER');
    expect(error.log).toMatch(/ERROR: 0:5:/);
    expect(error.lines).toEqual([{ stage: 'FRAGMENT_SHADER', number: 6, text: 'colour = vec3(1.0, 0.0, 0.0);' }]);
    expect(error.message).toContain('FRAGMENT_SHADER 6: colour = vec3(1.0, 0.0, 0.0);');
  });

  it('reports a link error (varying type mismatch) with the log and the declarations it names', () => {
    const gl = createContext();
    const vertex = `#version 300 es
out vec3 v_colour;
void main() { v_colour = vec3(1.0); gl_Position = vec4(0.0); }`;
    const fragment = `#version 300 es
precision mediump float;
in vec4 v_colour;
out vec4 colour;
void main() { colour = v_colour; }`;
    const error = expectShaderError(gl, () => new ShaderProgram(gl, vertex, fragment));
    expect(error.stage).toBe('PROGRAM');
    expect(error.log).toContain('v_colour');
    expect(error.message).toContain('program failed to link');
    expect(error.message).toContain(error.log.trim());
    expect(error.lines).toEqual([
      { stage: 'VERTEX_SHADER', number: 2, text: 'out vec3 v_colour;' },
      { stage: 'FRAGMENT_SHADER', number: 3, text: 'in vec4 v_colour;' },
    ]);
    expect(error.message).toContain('FRAGMENT_SHADER 3: in vec4 v_colour;');
  });

  it('rejects a WindowBlock whose layout differs from MatrixBlock, deleting the program', () => {
    const gl = createContext();
    const vertex = `#version 300 es
      layout(std140) uniform WindowBlock { mat4 view; mat4 projection; } window;
      in vec2 position;
      void main() { gl_Position = window.projection * window.view * vec4(position, 0.0, 1.0); }`;
    const error = expectShaderError(gl, () => new ShaderProgram(gl, vertex, passThroughFragment));
    expect(error.stage).toBe('PROGRAM');
    expect(error.message).toMatch(/WindowBlock must be layout\(std140\) \{ mat4 projection; mat4 view; \}/);
    expect(error.message).toContain('found WindowBlock.view at 0, WindowBlock.projection at 64');
  });

  it('rejects sources that are not GLSL text before touching GL', () => {
    const gl = createContext();
    const createProgram = vi.spyOn(gl, 'createProgram');
    const cases: [string, unknown, unknown][] = [
      ['vertexSource', 42, passThroughFragment],
      ['vertexSource', 'my-script-id', passThroughFragment], // twgl would look this up as a <script> id
      ['fragmentSource', passThroughFragment, undefined],
      ['fragmentSource', passThroughFragment, ''],
    ];
    for (const [argument, vertex, fragment] of cases) {
      let error: unknown;
      try {
        new ShaderProgram(gl, vertex as string, fragment as string);
      } catch (caught) {
        error = caught;
      }
      expect(error, argument).toBeInstanceOf(ShaderArgumentError);
      expect((error as ShaderArgumentError).argument).toBe(argument);
      expect((error as ShaderArgumentError).message).toContain(argument);
    }
    expect(createProgram).not.toHaveBeenCalled();
    expectNoGLError(gl);
  });
});

describe('ShaderProgram uniforms', () => {
  it('sets uniforms through twgl, and the pixels change', () => {
    const gl = createContext();
    const program = new ShaderProgram(
      gl,
      `#version 300 es
      in vec2 position;
      uniform vec2 offset;
      void main() { gl_Position = vec4(position + offset, 0.0, 1.0); }`,
      `#version 300 es
      precision mediump float;
      uniform vec4 tint;
      out vec4 colour;
      void main() { colour = tint; }`,
    );
    const quad = { position: [2, rect(-1, -1, 0, 0)] as [number, number[]] }; // bottom-left quarter
    clear(gl);
    program.setUniforms({ tint: [1, 0, 0, 1], offset: [0, 0] });
    expect(gl.getParameter(gl.CURRENT_PROGRAM)).toBe(program.program);
    draw(gl, program, quad);
    expect(pixel(gl, 16, 16)).toEqual([255, 0, 0, 255]);
    expect(pixel(gl, 48, 48)).toEqual([0, 0, 0, 255]);

    program.setUniforms({ tint: [0, 0, 1, 1], offset: [1, 1] }); // blue, moved to the top-right quarter
    clear(gl);
    draw(gl, program, quad);
    expect(pixel(gl, 16, 16)).toEqual([0, 0, 0, 255]);
    expect(pixel(gl, 48, 48)).toEqual([0, 0, 255, 255]);
    expect([...gl.getUniform(program.program, gl.getUniformLocation(program.program, 'tint')!)]).toEqual([0, 0, 1, 1]);

    // An unknown name is refused, and nothing is set.
    expect(() => program.setUniforms({ tint: [0, 1, 0, 1], tnit: [0, 1, 0, 1] })).toThrow(ShaderArgumentError);
    expect(() => program.setUniforms({ tnit: 1 })).toThrow(/no active uniform named "tnit"/);
    expect([...gl.getUniform(program.program, gl.getUniformLocation(program.program, 'tint')!)]).toEqual([0, 0, 1, 1]);
    expectNoGLError(gl);
  });
});

describe('MatrixBlock', () => {
  it('starts as two identities in a 128-byte UBO bound at binding point 0', () => {
    const gl = createContext();
    const block = new MatrixBlock(gl);
    expect(gl.getIndexedParameter(gl.UNIFORM_BUFFER_BINDING, MATRIX_BLOCK_BINDING)).toBe(block.buffer);
    expect(gl.getParameter(gl.UNIFORM_BUFFER_BINDING)).toBe(null); // the generic binding is left clean
    const gpu = new Float32Array(32);
    gl.bindBuffer(gl.COPY_READ_BUFFER, block.buffer);
    expect(gl.getBufferParameter(gl.COPY_READ_BUFFER, gl.BUFFER_SIZE)).toBe(MatrixBlock.byteLength);
    gl.getBufferSubData(gl.COPY_READ_BUFFER, 0, gpu);
    expect([...gpu]).toEqual([...mat4.create(), ...mat4.create()]);
    const projection = mat4.ortho(mat4.create(), 0, 640, 0, 480, -1, 1);
    block.setProjection(projection);
    gl.getBufferSubData(gl.COPY_READ_BUFFER, 0, gpu);
    expect([...gpu]).toEqual([...projection, ...mat4.create()]);
    expect(block.projection).toEqual(projection);
    gl.bindBuffer(gl.COPY_READ_BUFFER, null);
    expectNoGLError(gl);
  });

  it("moves the default program's geometry with an orthographic projection and a view", () => {
    const gl = createContext();
    const block = new MatrixBlock(gl);
    const program = createDefaultProgram(gl);
    expect(program.usesMatrixBlock).toBe(true);
    const index = gl.getUniformBlockIndex(program.program, 'WindowBlock');
    expect(gl.getActiveUniformBlockParameter(program.program, index, gl.UNIFORM_BLOCK_BINDING)).toBe(MATRIX_BLOCK_BINDING);
    expect(program.attributes.get('position')).toMatchObject({ type: gl.FLOAT_VEC3, components: 3 });
    expect(program.attributes.get('colors')).toMatchObject({ type: gl.FLOAT_VEC4, components: 4 });
    // A square in pixel coordinates: [8, 24]².
    const square = { position: [2, rect(8, 8, 24, 24)], colors: [4, solid(0, 1, 0)] } as Record<string, [number, number[]]>;

    clear(gl); // identity projection: pixel coordinates are far outside clip space, nothing shows
    draw(gl, program, square);
    expect(pixel(gl, 16, 16)).toEqual([0, 0, 0, 255]);

    block.setProjection(mat4.ortho(mat4.create(), 0, SIZE, 0, SIZE, -1, 1));
    clear(gl);
    draw(gl, program, square);
    expect(pixel(gl, 16, 16)).toEqual([0, 255, 0, 255]);
    expect(pixel(gl, 4, 4)).toEqual([0, 0, 0, 255]);
    expect(pixel(gl, 48, 48)).toEqual([0, 0, 0, 255]);

    block.setView(mat4.fromTranslation(mat4.create(), [32, 32, 0])); // now at [40, 56]²
    clear(gl);
    draw(gl, program, square);
    expect(pixel(gl, 16, 16)).toEqual([0, 0, 0, 255]);
    expect(pixel(gl, 48, 48)).toEqual([0, 255, 0, 255]);
    expect(pixel(gl, 36, 36)).toEqual([0, 0, 0, 255]);
    expectNoGLError(gl);
  });

  it('is shared by two programs: one update moves what both draw', () => {
    const gl = createContext();
    const block = new MatrixBlock(gl);
    const coloured = createDefaultProgram(gl);
    // A second program with other uniforms before the block, so its block index and layout differ from the first's.
    const tinted = new ShaderProgram(
      gl,
      `#version 300 es
      uniform Extra { vec4 unused_tint; } extra;
      layout(std140) uniform WindowBlock { mat4 projection; mat4 view; } window;
      in vec2 position;
      void main() { gl_Position = window.projection * window.view * vec4(position, 0.0, 1.0) + extra.unused_tint * 0.0; }`,
      `#version 300 es
      precision mediump float;
      uniform vec4 tint;
      out vec4 colour;
      void main() { colour = tint; }`,
    );
    expect(tinted.usesMatrixBlock).toBe(true);
    const extra = gl.createBuffer(); // Extra gets its own binding point, 1, so it cannot clash with block 0.
    gl.uniformBlockBinding(tinted.program, gl.getUniformBlockIndex(tinted.program, 'Extra'), 1);
    gl.bindBufferBase(gl.UNIFORM_BUFFER, 1, extra);
    gl.bufferData(gl.UNIFORM_BUFFER, 16, gl.STATIC_DRAW);
    tinted.setUniforms({ tint: [1, 0, 0, 1] });

    block.setProjection(mat4.ortho(mat4.create(), 0, SIZE, 0, SIZE, -1, 1));
    const drawBoth = (): void => {
      clear(gl);
      draw(gl, coloured, { position: [2, rect(4, 4, 12, 12)], colors: [4, solid(0, 1, 0)] }); // green at [4, 12]²
      draw(gl, tinted, { position: [2, rect(20, 20, 28, 28)] }); // red at [20, 28]²
    };
    drawBoth();
    expect(pixel(gl, 8, 8)).toEqual([0, 255, 0, 255]);
    expect(pixel(gl, 24, 24)).toEqual([255, 0, 0, 255]);

    // One update, seen by both: everything moves by (32, 32).
    block.setView(mat4.fromTranslation(mat4.create(), [32, 32, 0]));
    drawBoth();
    expect(pixel(gl, 8, 8)).toEqual([0, 0, 0, 255]);
    expect(pixel(gl, 24, 24)).toEqual([0, 0, 0, 255]);
    expect(pixel(gl, 40, 40)).toEqual([0, 255, 0, 255]);
    expect(pixel(gl, 56, 56)).toEqual([255, 0, 0, 255]);
    expectNoGLError(gl);
  });

  it('rejects a matrix that is not 16 finite numbers, keeping the old one', () => {
    const gl = createContext();
    const block = new MatrixBlock(gl);
    const ortho = mat4.ortho(mat4.create(), 0, 10, 0, 10, -1, 1);
    block.setProjection(ortho);
    const bad: unknown[] = [null, 'mat4', [1, 2, 3], new Float32Array(15), [...Array.from(ortho).slice(0, 15), NaN]];
    for (const value of bad) {
      expect(() => block.setProjection(value as mat4), String(value)).toThrow(ShaderArgumentError);
      expect(() => block.setView(value as mat4), String(value)).toThrow(/MatrixBlock.setView: matrix must be 16 finite numbers/);
    }
    expect(block.projection).toEqual(ortho);
    expect(block.view).toEqual(mat4.create());
    const gpu = new Float32Array(32);
    gl.bindBuffer(gl.COPY_READ_BUFFER, block.buffer);
    gl.getBufferSubData(gl.COPY_READ_BUFFER, 0, gpu);
    expect([...gpu]).toEqual([...ortho, ...mat4.create()]);
    block.delete();
    expect(() => block.setView(ortho)).toThrow('MatrixBlock.setView: the block was deleted');
    expectNoGLError(gl);
  });
});

describe('default textured program', () => {
  it('samples sprite_texture at tex_coords, tinted by colors', () => {
    const gl = createContext();
    new MatrixBlock(gl).setProjection(mat4.ortho(mat4.create(), 0, SIZE, 0, SIZE, -1, 1));
    const program = createDefaultTexturedProgram(gl);
    expect(program.attributes.get('tex_coords')).toMatchObject({ type: gl.FLOAT_VEC2, components: 2 });
    // 2×1 texture: left texel white, right texel yellow; NEAREST so each half is exact.
    const texture = twgl.createTexture(gl, { width: 2, height: 1, src: [255, 255, 255, 255, 255, 255, 0, 255], minMag: gl.NEAREST });
    gl.activeTexture(gl.TEXTURE0);
    gl.bindTexture(gl.TEXTURE_2D, texture);
    program.setUniforms({ sprite_texture: texture });
    clear(gl);
    draw(gl, program, {
      position: [2, rect(0, 0, SIZE, SIZE)],
      colors: [4, solid(0.5, 1, 1)], // halves red
      tex_coords: [2, rect(0, 0, 1, 1)],
    });
    expect(pixel(gl, 16, 32)).toEqual([128, 255, 255, 255]);
    expect(pixel(gl, 48, 32)).toEqual([128, 255, 0, 255]);
    expectNoGLError(gl);
  });
});
