/**
 * MatrixBlock: the projection and view every program with a WindowBlock reads (pyglet's
 * WindowBlock), one UBO at binding point MATRIX_BLOCK_BINDING, kept in a CPU copy that restores it
 * after a lost context (the block listens on the canvas itself). Binding point 0 is reserved for
 * it: give a program's other blocks their own binding points, or they read this UBO.
 */
import { checkNotDeleted } from './checks.ts';
import type { ReadonlyMat4 } from 'gl-matrix';
import { canvasTarget } from './canvas-target.ts';
import { ShaderArgumentError } from './shader-errors.ts';

export const MATRIX_BLOCK_BINDING = 0;
export const MATRIX_BLOCK_NAME = 'WindowBlock';

/**
 * One UBO holding `mat4 projection; mat4 view;` (std140: offsets 0 and 64, 128
 * bytes), bound at MATRIX_BLOCK_BINDING for every program with a WindowBlock.
 *
 * Plain GL, not twgl's UniformBlockInfo: twgl derives a block's layout and
 * binding point from one program (binding point = that program's block index)
 * and re-binds per program per draw. This block belongs to no program; std140
 * fixes its layout, which ShaderProgram checks against each program.
 *
 * @example
 * ```ts
 * // A Window makes one; without a Window, make it yourself:
 * const matrices = new MatrixBlock(gl);
 * matrices.setProjection(mat4.ortho(mat4.create(), 0, 640, 480, 0, -1, 1));
 * matrices.setView(mat4.fromTranslation(mat4.create(), [-cameraX, -cameraY, 0])); // scroll
 * ```
 */
export class MatrixBlock {
  static readonly byteLength = 128;
  /** CPU copy of the block: projection in [0, 16), view in [16, 32). Starts as two identities. */
  private readonly shadow = new Float32Array(32);
  private readonly gl: WebGL2RenderingContext;
  private ubo: WebGLBuffer;
  private deleted = false;
  private readonly onLost = (event: Event): void => event.preventDefault();
  private readonly onRestored = (): void => this.restore();

  /**
   * Context loss is handled by the block itself: it listens on `gl.canvas`
   * (preventDefault on 'webglcontextlost', so the context can come back) and on
   * 'webglcontextrestored' recreates its UBO from the CPU copy and binds it
   * again. `delete()` removes the listeners.
   */
  constructor(gl: WebGL2RenderingContext) {
    this.gl = gl;
    for (let i = 0; i < 4; i++) this.shadow[i * 5] = this.shadow[16 + i * 5] = 1;
    this.ubo = this.createUbo();
    this.bind();
    const canvas = canvasTarget(gl);
    canvas?.addEventListener('webglcontextlost', this.onLost);
    canvas?.addEventListener('webglcontextrestored', this.onRestored);
  }

  /**
   * Recreates the UBO from the CPU copy and binds it at MATRIX_BLOCK_BINDING.
   * Called on 'webglcontextrestored' by the block's own listener; does nothing
   * while the context is lost or if the UBO is still alive.
   */
  restore(): void {
    this.checkLive('restore');
    if (this.gl.isContextLost() || this.gl.isBuffer(this.ubo)) return;
    this.ubo = this.createUbo();
    this.bind();
  }

  get buffer(): WebGLBuffer {
    this.checkLive('buffer');
    return this.ubo;
  }

  /** A copy of the current projection (column-major, like gl-matrix). */
  get projection(): Float32Array {
    return this.shadow.slice(0, 16);
  }

  get view(): Float32Array {
    return this.shadow.slice(16, 32);
  }

  /** Copies the view into `out` and returns it: the view without allocating (for code that runs every frame). */
  viewInto<T extends Float32Array | number[]>(out: T): T {
    this.checkLive('viewInto');
    for (let i = 0; i < 16; i++) out[i] = this.shadow[16 + i]!;
    return out;
  }

  setProjection(matrix: ReadonlyMat4): void {
    this.write('setProjection', 'matrix', matrix, 0);
  }

  setView(matrix: ReadonlyMat4): void {
    this.write('setView', 'matrix', matrix, 16);
  }

  /** (Re)binds the UBO at MATRIX_BLOCK_BINDING, in case something else was bound there. */
  bind(): void {
    this.checkLive('bind');
    // bindBufferBase also sets the generic UNIFORM_BUFFER binding; clear it so no state leaks.
    this.gl.bindBufferBase(this.gl.UNIFORM_BUFFER, MATRIX_BLOCK_BINDING, this.ubo);
    this.gl.bindBuffer(this.gl.UNIFORM_BUFFER, null);
  }

  delete(): void {
    this.checkLive('delete');
    this.gl.deleteBuffer(this.ubo);
    const canvas = canvasTarget(this.gl);
    canvas?.removeEventListener('webglcontextlost', this.onLost);
    canvas?.removeEventListener('webglcontextrestored', this.onRestored);
    this.deleted = true;
  }

  private createUbo(): WebGLBuffer {
    const gl = this.gl;
    const ubo = gl.createBuffer();
    gl.bindBuffer(gl.UNIFORM_BUFFER, ubo);
    gl.bufferData(gl.UNIFORM_BUFFER, this.shadow, gl.DYNAMIC_DRAW);
    gl.bindBuffer(gl.UNIFORM_BUFFER, null);
    return ubo;
  }

  private write(method: string, argument: string, matrix: ReadonlyMat4, start: number): void {
    this.checkLive(method);
    let valid = matrix !== null && typeof matrix === 'object' && matrix.length === 16;
    // A loop, not every(): a camera writes the view twice a frame, and the call allocates until V8 optimizes it.
    for (let i = 0; valid && i < 16; i++) valid = Number.isFinite(matrix[i]);
    if (!valid)
      throw new ShaderArgumentError(
        argument,
        matrix,
        `MatrixBlock.${method}: ${argument} must be 16 finite numbers (a gl-matrix mat4), got ${String(matrix)}`,
      );
    this.shadow.set(matrix, start);
    const gl = this.gl;
    gl.bindBuffer(gl.UNIFORM_BUFFER, this.ubo);
    gl.bufferSubData(gl.UNIFORM_BUFFER, start * 4, this.shadow, start, 16);
    gl.bindBuffer(gl.UNIFORM_BUFFER, null);
  }

  private checkLive(method: string): void {
    checkNotDeleted(ShaderArgumentError, this.deleted, 'MatrixBlock', method, 'block');
  }
}
