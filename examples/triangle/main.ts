// One coloured triangle with raw WebGL2 — the gallery's smallest example.
//
// URL parameters (every example takes them, so screenshots are deterministic):
//   ?seed=N    tints the background; the same seed always gives the same tint.
//   ?frames=N  frames rendered before the page says it is done (default 1).
// When the last frame is drawn, document.body.dataset.ready = 'true'.
// GL errors and failures go to console.error, which the e2e tests treat as a failure.
import { readGameParams, seededRandom } from '@webglet/testing';

const VERTEX_SHADER = `#version 300 es
in vec2 a_position;
in vec3 a_color;
out vec3 v_color;
void main() {
  v_color = a_color;
  gl_Position = vec4(a_position, 0.0, 1.0);
}`;

const FRAGMENT_SHADER = `#version 300 es
precision mediump float;
in vec3 v_color;
out vec4 out_color;
void main() {
  out_color = vec4(v_color, 1.0);
}`;

// Interleaved x, y, r, g, b per vertex.
const VERTICES = new Float32Array([
  -0.6,
  -0.6,
  0.9,
  0.2,
  0.2, //
  0.6,
  -0.6,
  0.2,
  0.8,
  0.3, //
  0.0,
  0.7,
  0.2,
  0.5,
  0.9,
]);
const STRIDE = 5 * Float32Array.BYTES_PER_ELEMENT;

function compileShader(gl: WebGL2RenderingContext, type: GLenum, source: string): WebGLShader {
  const shader = gl.createShader(type);
  if (!shader) throw new Error('createShader failed');
  gl.shaderSource(shader, source);
  gl.compileShader(shader);
  if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS)) {
    const log = gl.getShaderInfoLog(shader);
    gl.deleteShader(shader);
    const kind = type === gl.VERTEX_SHADER ? 'vertex' : 'fragment';
    throw new Error(`${kind} shader did not compile: ${log}`);
  }
  return shader;
}

function linkProgram(gl: WebGL2RenderingContext, vertex: string, fragment: string): WebGLProgram {
  const program = gl.createProgram();
  gl.attachShader(program, compileShader(gl, gl.VERTEX_SHADER, vertex));
  gl.attachShader(program, compileShader(gl, gl.FRAGMENT_SHADER, fragment));
  gl.linkProgram(program);
  if (!gl.getProgramParameter(program, gl.LINK_STATUS)) {
    throw new Error(`program did not link: ${gl.getProgramInfoLog(program)}`);
  }
  return program;
}

function reportGLError(gl: WebGL2RenderingContext, where: string): void {
  const error = gl.getError();
  if (error !== gl.NO_ERROR) console.error(`GL error 0x${error.toString(16)} after ${where}`);
}

/** Uploads the triangle and returns a VAO that describes it. */
function createTriangle(gl: WebGL2RenderingContext, program: WebGLProgram): WebGLVertexArrayObject {
  const vao = gl.createVertexArray();
  gl.bindVertexArray(vao);
  gl.bindBuffer(gl.ARRAY_BUFFER, gl.createBuffer());
  gl.bufferData(gl.ARRAY_BUFFER, VERTICES, gl.STATIC_DRAW);
  const position = gl.getAttribLocation(program, 'a_position');
  const color = gl.getAttribLocation(program, 'a_color');
  gl.enableVertexAttribArray(position);
  gl.vertexAttribPointer(position, 2, gl.FLOAT, false, STRIDE, 0);
  gl.enableVertexAttribArray(color);
  gl.vertexAttribPointer(color, 3, gl.FLOAT, false, STRIDE, 2 * Float32Array.BYTES_PER_ELEMENT);
  gl.bindVertexArray(null);
  return vao;
}

function main(): void {
  const params = readGameParams();
  const { seed } = params;
  const frames = params.frames ?? 1;
  const canvas = document.querySelector<HTMLCanvasElement>('#view');
  if (!canvas) throw new Error('no <canvas id="view">');
  // preserveDrawingBuffer keeps the last frame readable for screenshots.
  const gl = canvas.getContext('webgl2', { antialias: false, preserveDrawingBuffer: true });
  if (!gl) throw new Error('WebGL2 is not available in this browser');

  const program = linkProgram(gl, VERTEX_SHADER, FRAGMENT_SHADER);
  const triangle = createTriangle(gl, program);
  const random = seededRandom(seed);
  const background = [0.08 + 0.12 * random(), 0.08 + 0.12 * random(), 0.12 + 0.12 * random()] as const;
  reportGLError(gl, 'setup');

  let drawn = 0;
  const frame = (): void => {
    gl.viewport(0, 0, gl.drawingBufferWidth, gl.drawingBufferHeight);
    gl.clearColor(background[0], background[1], background[2], 1);
    gl.clear(gl.COLOR_BUFFER_BIT);
    gl.useProgram(program);
    gl.bindVertexArray(triangle);
    gl.drawArrays(gl.TRIANGLES, 0, 3);
    gl.bindVertexArray(null);
    reportGLError(gl, `frame ${drawn}`);
    drawn += 1;
    if (drawn < frames) {
      requestAnimationFrame(frame);
    } else {
      document.body.dataset.frames = String(drawn);
      document.body.dataset.ready = 'true';
    }
  };
  requestAnimationFrame(frame);
}

try {
  main();
} catch (error) {
  console.error(error);
}
