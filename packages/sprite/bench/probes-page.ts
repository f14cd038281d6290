// The sprite layout probes' page, driven by probes.bench.ts:
// probes.html?layout=L&count=N&case=static|moving draws N small sprites in raw
// WebGL2 (no webglet code) in one of four GPU layouts, to choose webglet's:
//   instanced  one shared quad, per-sprite attributes with a divisor (webglet today);
//   quads      4 vertices + 6 u32 indices per sprite, per-sprite values copied into all 4 (pyglet);
//   records    no attributes: the vertex shader texelFetch'es its sprite's record by gl_VertexID;
//   cpu-quads  final corners computed on the CPU, interleaved, the shader only projects (PixiJS).
// Options after a colon: `:u16` (16-bit indices, up to 16,384 sprites), `:arrays` (records
// drawn by drawArrays over 6 vertices a sprite; the default static index buffer measured faster
// at 16k and 100k, as SwiftShader shades a corner two triangles share once).
// window.probe.frames(n) times n frames as a player gets them: the JS of update and draw,
// and the whole frame up to a one-pixel readPixels (which waits for the GPU to finish it).

/** What a probe frame cost: `js` = update and draw calls, `whole` = up to the GPU finishing (ms per frame). */
export interface FrameTimes {
  js: number[];
  whole: number[];
}

export interface Probe {
  /** Runs `n` frames on requestAnimationFrame; after the last, checks the GL (failures go to window.benchError). */
  frames(n: number): Promise<FrameTimes>;
  /** Bytes uploaded and draw calls per frame, over every frame run so far (counted at each call the layout makes). */
  counts(): { bytesPerFrame: number; drawCallsPerFrame: number };
  /** The unmasked GL renderer, so the report says what rasterized. */
  renderer: string;
}

import { seededRandom } from './bunny-scene.ts';

declare global {
  interface Window {
    probe?: Probe;
    benchError?: string;
  }
}

const CANVAS = 256;
const SIZE = 4;
/** Texels per row of the records' textures. */
const ROW = 1024;
/** Texture units: the sprite image, then the records' textures. */
const UNIT = { image: 0, translate: 1, transform: 2, rect: 3, texRect: 4, color: 5 } as const;

/**
 * The game's side of the scene, in flat arrays, layout-neutral: each layout copies from here
 * into its own typed arrays, as a renderer copies from a game's objects. Every sprite has its
 * anchor at its centre (rect -2, -2, 4, 4) and the whole texture (tex_rect 0, 0, 1, 1).
 */
class Scene {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly vx: Float64Array;
  readonly vy: Float64Array;
  readonly rotation: Float32Array;
  readonly scaleX: Float32Array;
  readonly scaleY: Float32Array;
  /** RGBA bytes, one little-endian u32 a sprite. */
  readonly color: Uint32Array;

  constructor(readonly count: number) {
    const random = seededRandom(1);
    const half = SIZE / 2;
    this.x = new Float64Array(count);
    this.y = new Float64Array(count);
    this.vx = new Float64Array(count);
    this.vy = new Float64Array(count);
    this.rotation = new Float32Array(count);
    this.scaleX = new Float32Array(count);
    this.scaleY = new Float32Array(count);
    this.color = new Uint32Array(count);
    for (let i = 0; i < count; i++) {
      this.x[i] = half + random() * (CANVAS - SIZE);
      this.y[i] = half + random() * (CANVAS - SIZE);
      this.vx[i] = random() * 2 - 1;
      this.vy[i] = random() * 2 - 1;
      this.rotation[i] = random() * 2 * Math.PI;
      this.scaleX[i] = 0.9 + random() * 0.2;
      this.scaleY[i] = 0.9 + random() * 0.2;
      // Bright colours, opaque: a covered pixel can never read back black.
      const channel = (): number => 128 + Math.floor(random() * 128);
      this.color[i] = (channel() | (channel() << 8) | (channel() << 16) | (255 << 24)) >>> 0;
    }
  }

  /** Moves every sprite by its velocity, bouncing off the canvas edges. */
  step(): void {
    const low = SIZE / 2,
      high = CANVAS - SIZE / 2;
    const { x, y, vx, vy } = this;
    for (let i = 0; i < this.count; i++) {
      let nx = x[i]! + vx[i]!,
        ny = y[i]! + vy[i]!;
      if (nx < low || nx > high) {
        vx[i] = -vx[i]!;
        nx = x[i]! + vx[i]!;
      }
      if (ny < low || ny > high) {
        vy[i] = -vy[i]!;
        ny = y[i]! + vy[i]!;
      }
      x[i] = nx;
      y[i] = ny;
    }
  }
}

/** Counted by the layouts themselves at each upload and draw call. */
const tally = { bytes: 0, draws: 0, frames: 0 };

interface Layout {
  /** Copies every sprite's new position into the layout's arrays and uploads the changed bytes. */
  place(scene: Scene): void;
  draw(): void;
}

// ---- GL helpers (raw WebGL2) ----

function compile(gl: WebGL2RenderingContext, type: GLenum, source: string): WebGLShader {
  const shader = gl.createShader(type);
  if (shader === null) throw new Error('createShader failed');
  gl.shaderSource(shader, source);
  gl.compileShader(shader);
  if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS)) throw new Error(`shader: ${gl.getShaderInfoLog(shader) ?? ''}\n${source}`);
  return shader;
}

function link(gl: WebGL2RenderingContext, vertex: string, fragment: string): WebGLProgram {
  const program = gl.createProgram();
  gl.attachShader(program, compile(gl, gl.VERTEX_SHADER, vertex));
  gl.attachShader(program, compile(gl, gl.FRAGMENT_SHADER, fragment));
  gl.linkProgram(program);
  if (!gl.getProgramParameter(program, gl.LINK_STATUS)) throw new Error(`link: ${gl.getProgramInfoLog(program) ?? ''}`);
  gl.useProgram(program);
  // y down, origin top-left, in canvas pixels.
  gl.uniformMatrix4fv(gl.getUniformLocation(program, 'projection'), false, [
    2 / CANVAS,
    0,
    0,
    0,
    0,
    -2 / CANVAS,
    0,
    0,
    0,
    0,
    1,
    0,
    -1,
    1,
    0,
    1,
  ]);
  gl.uniform1i(gl.getUniformLocation(program, 'sprite_texture'), UNIT.image);
  return program;
}

/** A buffer of one attribute, not interleaved (bytes are normalized colours). Throws on a misspelt name rather than draw without it. */
function attribute(
  gl: WebGL2RenderingContext,
  program: WebGLProgram,
  name: string,
  data: Float32Array | Uint8Array,
  size: number,
  { divisor = 0, usage = gl.STATIC_DRAW as GLenum } = {},
): WebGLBuffer {
  const location = gl.getAttribLocation(program, name);
  if (location < 0) throw new Error(`no attribute ${name}`);
  const buffer = gl.createBuffer();
  gl.bindBuffer(gl.ARRAY_BUFFER, buffer);
  gl.bufferData(gl.ARRAY_BUFFER, data, usage);
  gl.enableVertexAttribArray(location);
  const bytes = data instanceof Uint8Array;
  gl.vertexAttribPointer(location, size, bytes ? gl.UNSIGNED_BYTE : gl.FLOAT, bytes, 0, 0);
  gl.vertexAttribDivisor(location, divisor);
  return buffer;
}

/** Two triangles a sprite over its corners (0,0) (1,0) (0,1) (1,1), bound to the current vertex array. */
function quadIndices(gl: WebGL2RenderingContext, count: number, u16: boolean): GLenum {
  if (u16 && count * 4 > 65536) throw new Error(`:u16 holds at most 16,384 sprites, not ${count}`);
  const indices = u16 ? new Uint16Array(count * 6) : new Uint32Array(count * 6);
  for (let i = 0; i < count; i++) {
    const v = i * 4,
      k = i * 6;
    indices[k] = v;
    indices[k + 1] = v + 1;
    indices[k + 2] = v + 2;
    indices[k + 3] = v + 2;
    indices[k + 4] = v + 1;
    indices[k + 5] = v + 3;
  }
  gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, gl.createBuffer());
  gl.bufferData(gl.ELEMENT_ARRAY_BUFFER, indices, gl.STATIC_DRAW);
  return u16 ? gl.UNSIGNED_SHORT : gl.UNSIGNED_INT;
}

/** `count` copies of `values` (the same record in every sprite). */
const repeated = (values: readonly number[], count: number): Float32Array => {
  const out = new Float32Array(values.length * count);
  for (let i = 0; i < out.length; i++) out[i] = values[i % values.length]!;
  return out;
};

const RECT = [-SIZE / 2, -SIZE / 2, SIZE, SIZE] as const;
const TEX_RECT = [0, 0, 1, 1] as const;
const CORNERS = [
  [0, 0],
  [1, 0],
  [0, 1],
  [1, 1],
] as const;

const FRAGMENT = `#version 300 es
precision highp float;
in vec2 uv;
in vec4 tint;
uniform sampler2D sprite_texture;
out vec4 final_color;
void main() { final_color = texture(sprite_texture, uv) * tint; }
`;

/** Scale, turn (clockwise on screen, y down), move, project: the same maths in every layout but cpu-quads. */
const PLACE_GLSL = `
uniform mat4 projection;
out vec2 uv;
out vec4 tint;
vec4 placed(vec2 local, vec2 scale, float rotation, vec2 translate) {
  local *= scale;
  float c = cos(rotation), s = sin(rotation);
  return projection * vec4(vec2(local.x * c - local.y * s, local.x * s + local.y * c) + translate, 0.0, 1.0);
}
`;

// ---- the layouts ----

function instanced(gl: WebGL2RenderingContext, scene: Scene): Layout {
  const program = link(
    gl,
    `#version 300 es
in vec2 corner;
in vec2 translate;
in float rotation;
in vec2 scale;
in vec4 rect;
in vec4 tex_rect;
in vec4 color;
${PLACE_GLSL}
void main() {
  gl_Position = placed(rect.xy + corner * rect.zw, scale, rotation, translate);
  uv = mix(tex_rect.xy, tex_rect.zw, corner);
  tint = color;
}
`,
    FRAGMENT,
  );
  const n = scene.count;
  const vao = gl.createVertexArray();
  gl.bindVertexArray(vao);
  attribute(gl, program, 'corner', new Float32Array(CORNERS.flat()), 2);
  const translate = new Float32Array(2 * n);
  const xform = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    translate[2 * i] = scene.x[i]!;
    translate[2 * i + 1] = scene.y[i]!;
    xform[2 * i] = scene.scaleX[i]!;
    xform[2 * i + 1] = scene.scaleY[i]!;
  }
  const translateBuffer = attribute(gl, program, 'translate', translate, 2, { divisor: 1, usage: gl.DYNAMIC_DRAW });
  attribute(gl, program, 'rotation', scene.rotation, 1, { divisor: 1 });
  attribute(gl, program, 'scale', xform, 2, { divisor: 1 });
  attribute(gl, program, 'rect', repeated(RECT, n), 4, { divisor: 1 });
  attribute(gl, program, 'tex_rect', repeated(TEX_RECT, n), 4, { divisor: 1 });
  attribute(gl, program, 'color', new Uint8Array(scene.color.buffer), 4, { divisor: 1 });
  return {
    place({ x, y }) {
      for (let i = 0; i < n; i++) {
        translate[2 * i] = x[i]!;
        translate[2 * i + 1] = y[i]!;
      }
      gl.bindBuffer(gl.ARRAY_BUFFER, translateBuffer);
      gl.bufferSubData(gl.ARRAY_BUFFER, 0, translate);
      tally.bytes += translate.byteLength;
    },
    draw() {
      gl.useProgram(program);
      gl.bindVertexArray(vao);
      gl.drawArraysInstanced(gl.TRIANGLE_STRIP, 0, 4, n);
      tally.draws++;
    },
  };
}

function quads(gl: WebGL2RenderingContext, scene: Scene, u16: boolean): Layout {
  const program = link(
    gl,
    `#version 300 es
in vec2 position;
in vec2 translate;
in float rotation;
in vec2 scale;
in vec2 tex_coords;
in vec4 color;
${PLACE_GLSL}
void main() {
  gl_Position = placed(position, scale, rotation, translate);
  uv = tex_coords;
  tint = color;
}
`,
    FRAGMENT,
  );
  const n = scene.count;
  const vao = gl.createVertexArray();
  gl.bindVertexArray(vao);
  const position = new Float32Array(8 * n),
    translate = new Float32Array(8 * n),
    rotation = new Float32Array(4 * n);
  const scale = new Float32Array(8 * n),
    texCoords = new Float32Array(8 * n),
    color = new Uint32Array(4 * n);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 4; c++) {
      const v = 4 * i + c,
        [cx, cy] = CORNERS[c]!;
      position[2 * v] = RECT[0] + cx * RECT[2];
      position[2 * v + 1] = RECT[1] + cy * RECT[3];
      translate[2 * v] = scene.x[i]!;
      translate[2 * v + 1] = scene.y[i]!;
      rotation[v] = scene.rotation[i]!;
      scale[2 * v] = scene.scaleX[i]!;
      scale[2 * v + 1] = scene.scaleY[i]!;
      texCoords[2 * v] = cx ? TEX_RECT[2] : TEX_RECT[0];
      texCoords[2 * v + 1] = cy ? TEX_RECT[3] : TEX_RECT[1];
      color[v] = scene.color[i]!;
    }
  }
  attribute(gl, program, 'position', position, 2);
  const translateBuffer = attribute(gl, program, 'translate', translate, 2, { usage: gl.DYNAMIC_DRAW });
  attribute(gl, program, 'rotation', rotation, 1);
  attribute(gl, program, 'scale', scale, 2);
  attribute(gl, program, 'tex_coords', texCoords, 2);
  attribute(gl, program, 'color', new Uint8Array(color.buffer), 4);
  const indexType = quadIndices(gl, n, u16);
  return {
    place({ x, y }) {
      for (let i = 0; i < n; i++) {
        const tx = x[i]!,
          ty = y[i]!,
          k = 8 * i;
        translate[k] = tx;
        translate[k + 1] = ty;
        translate[k + 2] = tx;
        translate[k + 3] = ty;
        translate[k + 4] = tx;
        translate[k + 5] = ty;
        translate[k + 6] = tx;
        translate[k + 7] = ty;
      }
      gl.bindBuffer(gl.ARRAY_BUFFER, translateBuffer);
      gl.bufferSubData(gl.ARRAY_BUFFER, 0, translate);
      tally.bytes += translate.byteLength;
    },
    draw() {
      gl.useProgram(program);
      gl.bindVertexArray(vao);
      gl.drawElements(gl.TRIANGLES, 6 * n, indexType, 0);
      tally.draws++;
    },
  };
}

/** A ROW-wide data texture on `unit`, rows as needed; NEAREST because float textures are not filterable (and texelFetch ignores it). */
function recordTexture(
  gl: WebGL2RenderingContext,
  unit: number,
  internal: GLenum,
  format: GLenum,
  type: GLenum,
  data: Float32Array | Uint8Array,
): void {
  gl.activeTexture(gl.TEXTURE0 + unit);
  gl.bindTexture(gl.TEXTURE_2D, gl.createTexture());
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
  const components = format === gl.RG ? 2 : 4;
  const rows = data.length / components / ROW;
  gl.texImage2D(gl.TEXTURE_2D, 0, internal, ROW, rows, 0, format, type, data);
}

function records(gl: WebGL2RenderingContext, scene: Scene, { arrays, u16 }: { arrays: boolean; u16: boolean }): Layout {
  // Elements: 4 virtual vertices a sprite behind a static index buffer (indexed draws let the GPU
  // reuse a shaded corner); arrays: 6 vertices a sprite, no index buffer, 6 fetches of the record.
  const vertexToCorner = arrays
    ? `const int CORNER[6] = int[6](0, 1, 2, 2, 1, 3);
  int sprite = gl_VertexID / 6;
  int k = CORNER[gl_VertexID - sprite * 6];`
    : `int sprite = gl_VertexID >> 2;
  int k = gl_VertexID & 3;`;
  const program = link(
    gl,
    `#version 300 es
uniform highp sampler2D translates;
uniform highp sampler2D transforms;
uniform highp sampler2D rects;
uniform highp sampler2D tex_rects;
uniform lowp sampler2D colors;
${PLACE_GLSL}
void main() {
  ${vertexToCorner}
  ivec2 at = ivec2(sprite % ${ROW}, sprite / ${ROW});
  vec2 corner = vec2(k & 1, k >> 1);
  vec3 transform = texelFetch(transforms, at, 0).xyz;
  vec4 rect = texelFetch(rects, at, 0);
  vec4 tex_rect = texelFetch(tex_rects, at, 0);
  gl_Position = placed(rect.xy + corner * rect.zw, transform.yz, transform.x, texelFetch(translates, at, 0).xy);
  uv = mix(tex_rect.xy, tex_rect.zw, corner);
  tint = texelFetch(colors, at, 0);
}
`,
    FRAGMENT,
  );
  for (const [name, unit] of [
    ['translates', UNIT.translate],
    ['transforms', UNIT.transform],
    ['rects', UNIT.rect],
    ['tex_rects', UNIT.texRect],
    ['colors', UNIT.color],
  ] as const)
    gl.uniform1i(gl.getUniformLocation(program, name), unit);
  const n = scene.count;
  const rows = Math.ceil(n / ROW),
    texels = rows * ROW;
  const translate = new Float32Array(2 * texels);
  const transform = new Float32Array(4 * texels);
  for (let i = 0; i < n; i++) {
    translate[2 * i] = scene.x[i]!;
    translate[2 * i + 1] = scene.y[i]!;
    transform[4 * i] = scene.rotation[i]!;
    transform[4 * i + 1] = scene.scaleX[i]!;
    transform[4 * i + 2] = scene.scaleY[i]!;
  }
  const color = new Uint32Array(texels);
  color.set(scene.color);
  recordTexture(gl, UNIT.translate, gl.RG32F, gl.RG, gl.FLOAT, translate);
  // RGBA32F, not RGB32F: Vulkan drivers need not sample 3-channel floats, and ANGLE would widen them anyway.
  recordTexture(gl, UNIT.transform, gl.RGBA32F, gl.RGBA, gl.FLOAT, transform);
  recordTexture(gl, UNIT.rect, gl.RGBA32F, gl.RGBA, gl.FLOAT, repeated(RECT, texels));
  recordTexture(gl, UNIT.texRect, gl.RGBA32F, gl.RGBA, gl.FLOAT, repeated(TEX_RECT, texels));
  recordTexture(gl, UNIT.color, gl.RGBA8, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(color.buffer));
  gl.activeTexture(gl.TEXTURE0 + UNIT.image);
  // A vertex array with no attribute enabled: only the index buffer (elements), or nothing (arrays).
  const vao = gl.createVertexArray();
  gl.bindVertexArray(vao);
  const indexType = arrays ? 0 : quadIndices(gl, n, u16);
  return {
    place({ x, y }) {
      for (let i = 0; i < n; i++) {
        translate[2 * i] = x[i]!;
        translate[2 * i + 1] = y[i]!;
      }
      // The rows whose sprites moved: here every sprite moves, so every row, in one call.
      gl.activeTexture(gl.TEXTURE0 + UNIT.translate);
      gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, ROW, rows, gl.RG, gl.FLOAT, translate);
      gl.activeTexture(gl.TEXTURE0 + UNIT.image);
      tally.bytes += translate.byteLength;
    },
    draw() {
      gl.useProgram(program);
      gl.bindVertexArray(vao);
      if (arrays) gl.drawArrays(gl.TRIANGLES, 0, 6 * n);
      else gl.drawElements(gl.TRIANGLES, 6 * n, indexType, 0);
      tally.draws++;
    },
  };
}

function cpuQuads(gl: WebGL2RenderingContext, scene: Scene, u16: boolean): Layout {
  const program = link(
    gl,
    `#version 300 es
in vec2 position;
in vec2 tex_coords;
in vec4 color;
uniform mat4 projection;
out vec2 uv;
out vec4 tint;
void main() {
  gl_Position = projection * vec4(position, 0.0, 1.0);
  uv = tex_coords;
  tint = color;
}
`,
    FRAGMENT,
  );
  const n = scene.count;
  // x, y, u, v (f32), rgba (4 bytes): 20 bytes a vertex.
  const STRIDE = 5;
  const data = new ArrayBuffer(4 * STRIDE * 4 * n);
  const f32 = new Float32Array(data),
    u32 = new Uint32Array(data);
  // Each sprite's 2×2 matrix (scale then turn), made once: only positions change here, as
  // PixiJS keeps a sprite's cos and sin until its rotation changes.
  const matrix = new Float32Array(4 * n);
  for (let i = 0; i < n; i++) {
    const c = Math.cos(scene.rotation[i]!),
      s = Math.sin(scene.rotation[i]!);
    matrix[4 * i] = c * scene.scaleX[i]!;
    matrix[4 * i + 1] = s * scene.scaleX[i]!;
    matrix[4 * i + 2] = -s * scene.scaleY[i]!;
    matrix[4 * i + 3] = c * scene.scaleY[i]!;
    for (let k = 0; k < 4; k++) {
      const at = (4 * i + k) * STRIDE,
        [cx, cy] = CORNERS[k]!;
      f32[at + 2] = cx ? TEX_RECT[2] : TEX_RECT[0];
      f32[at + 3] = cy ? TEX_RECT[3] : TEX_RECT[1];
      u32[at + 4] = scene.color[i]!;
    }
  }
  const corners = (x: Float64Array, y: Float64Array): void => {
    const x0 = RECT[0],
      x1 = RECT[0] + RECT[2],
      y0 = RECT[1],
      y1 = RECT[1] + RECT[3];
    for (let i = 0; i < n; i++) {
      const a = matrix[4 * i]!,
        b = matrix[4 * i + 1]!,
        c = matrix[4 * i + 2]!,
        d = matrix[4 * i + 3]!;
      const tx = x[i]!,
        ty = y[i]!,
        at = 4 * i * STRIDE;
      f32[at] = a * x0 + c * y0 + tx;
      f32[at + 1] = b * x0 + d * y0 + ty;
      f32[at + STRIDE] = a * x1 + c * y0 + tx;
      f32[at + STRIDE + 1] = b * x1 + d * y0 + ty;
      f32[at + 2 * STRIDE] = a * x0 + c * y1 + tx;
      f32[at + 2 * STRIDE + 1] = b * x0 + d * y1 + ty;
      f32[at + 3 * STRIDE] = a * x1 + c * y1 + tx;
      f32[at + 3 * STRIDE + 1] = b * x1 + d * y1 + ty;
    }
  };
  corners(scene.x, scene.y);
  const vao = gl.createVertexArray();
  gl.bindVertexArray(vao);
  const buffer = gl.createBuffer();
  gl.bindBuffer(gl.ARRAY_BUFFER, buffer);
  gl.bufferData(gl.ARRAY_BUFFER, data, gl.DYNAMIC_DRAW);
  for (const [name, size, offset] of [
    ['position', 2, 0],
    ['tex_coords', 2, 8],
    ['color', 4, 16],
  ] as const) {
    const location = gl.getAttribLocation(program, name);
    if (location < 0) throw new Error(`no attribute ${name}`);
    gl.enableVertexAttribArray(location);
    gl.vertexAttribPointer(location, size, name === 'color' ? gl.UNSIGNED_BYTE : gl.FLOAT, name === 'color', 4 * STRIDE, offset);
  }
  const indexType = quadIndices(gl, n, u16);
  return {
    place({ x, y }) {
      corners(x, y);
      // Interleaved: the positions of every sprite span the whole buffer, so all of it goes up.
      gl.bindBuffer(gl.ARRAY_BUFFER, buffer);
      gl.bufferSubData(gl.ARRAY_BUFFER, 0, f32);
      tally.bytes += f32.byteLength;
    },
    draw() {
      gl.useProgram(program);
      gl.bindVertexArray(vao);
      gl.drawElements(gl.TRIANGLES, 6 * n, indexType, 0);
      tally.draws++;
    },
  };
}

// ---- the page ----

const nextFrame = (): Promise<number> => new Promise((resolve) => requestAnimationFrame(resolve));

function start(): void {
  const params = new URLSearchParams(location.search);
  const [base = 'quads', ...options] = (params.get('layout') ?? 'quads').split(':');
  const count = Number(params.get('count') ?? 1000);
  const scenario = params.get('case') ?? 'static';
  if (!Number.isInteger(count) || count < 1) throw new Error(`bad count ${params.get('count')}`);
  if (scenario !== 'static' && scenario !== 'moving') throw new Error(`bad case ${scenario}`);
  const unknown = options.filter((o) => o !== 'u16' && o !== 'arrays');
  if (unknown.length > 0) throw new Error(`bad layout option ${unknown.join(':')}`);
  const u16 = options.includes('u16'),
    arrays = options.includes('arrays');

  const canvas = document.querySelector<HTMLCanvasElement>('#view')!;
  canvas.width = canvas.height = CANVAS;
  // antialias off, as webglet's Window defaults it (and a player's pixel-art game would).
  const gl = canvas.getContext('webgl2', { antialias: false });
  if (gl === null) throw new Error('no WebGL2');

  gl.activeTexture(gl.TEXTURE0 + UNIT.image);
  gl.bindTexture(gl.TEXTURE_2D, gl.createTexture());
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
  gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA8, SIZE, SIZE, 0, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(SIZE * SIZE * 4).fill(255));
  gl.enable(gl.BLEND);
  gl.blendFunc(gl.SRC_ALPHA, gl.ONE_MINUS_SRC_ALPHA);
  gl.clearColor(0, 0, 0, 1);
  gl.viewport(0, 0, CANVAS, CANVAS);

  const scene = new Scene(count);
  const layout =
    base === 'instanced'
      ? instanced(gl, scene)
      : base === 'quads'
        ? quads(gl, scene, u16)
        : base === 'records'
          ? records(gl, scene, { arrays, u16 })
          : base === 'cpu-quads'
            ? cpuQuads(gl, scene, u16)
            : undefined;
  if (layout === undefined) throw new Error(`bad layout ${base}`);
  if (arrays && base !== 'records') throw new Error(':arrays is for records only');
  if (u16 && base === 'instanced') throw new Error('instanced has no indices');
  const setupError = gl.getError();
  if (setupError !== gl.NO_ERROR) throw new Error(`GL error 0x${setupError.toString(16)} while building ${base}`);

  const moving = scenario === 'moving';
  const frame = (): void => {
    gl.clear(gl.COLOR_BUFFER_BIT);
    if (moving) {
      scene.step();
      layout.place(scene);
    }
    layout.draw();
  };

  const pixel = new Uint8Array(4);
  /** After a frame, before it is presented (the drawing buffer is still the frame's): any error, and is the last sprite drawn? */
  const check = (): void => {
    const error = gl.getError();
    if (error !== gl.NO_ERROR) throw new Error(`GL error 0x${error.toString(16)} in ${base} ${scenario}`);
    // The last sprite drawn lies on top; its centre pixel is inside it whatever its turn (half size ≥ 1.8 px > √2 / 2).
    const x = Math.floor(scene.x[count - 1]!),
      y = Math.floor(scene.y[count - 1]!);
    gl.readPixels(x, CANVAS - 1 - y, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel);
    if (pixel[0] === 0 && pixel[1] === 0 && pixel[2] === 0)
      throw new Error(`${base} ${scenario}: pixel (${x}, ${y}) under a sprite is black`);
  };

  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  window.probe = {
    renderer: String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER)),
    async frames(n) {
      const js: number[] = [],
        whole: number[] = [];
      try {
        for (let f = 0; f < n; f++) {
          await nextFrame();
          const t0 = performance.now();
          frame();
          const t1 = performance.now();
          // One pixel back: the GL cannot answer until the GPU has finished the frame.
          gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel);
          const t2 = performance.now();
          js.push(t1 - t0);
          whole.push(t2 - t0);
          tally.frames++;
        }
        check();
      } catch (error) {
        window.benchError = String((error as Error)?.stack ?? error);
      }
      return { js, whole };
    },
    counts: () => ({ bytesPerFrame: tally.bytes / Math.max(1, tally.frames), drawCallsPerFrame: tally.draws / Math.max(1, tally.frames) }),
  };
}

try {
  start();
} catch (error) {
  window.benchError = String((error as Error)?.stack ?? error);
}
