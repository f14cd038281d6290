/**
 * The canvas of a context as an event target, for the classes that listen for context loss
 * (Batch, MatrixBlock): null for a context without one.
 */
export function canvasTarget(gl: WebGL2RenderingContext): EventTarget | null {
  const canvas = gl.canvas as unknown;
  return typeof (canvas as EventTarget | null)?.addEventListener === 'function' ? (canvas as EventTarget) : null;
}
