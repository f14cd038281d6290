// Reads a drawn frame out of the default framebuffer with readPixels and keeps
// it, so a test can have it as PNG later. readPixels must run in the task that
// drew the frame: once the browser has composited it, the drawing buffer is
// cleared (unless the context preserves it, which costs every frame). So the
// runner calls read() right after a frame, and capture() only encodes.
// read() restores the read framebuffer, pack buffer and pack state it changes.
import { TestModeError } from './errors.ts';
import type { CaptureOptions, PixelRect } from './game-hook.ts';
import { encodePng } from './png.ts';

const MAGENTA = [255, 0, 255, 255] as const;
const PACK_STATE = ['PACK_ALIGNMENT', 'PACK_ROW_LENGTH', 'PACK_SKIP_PIXELS', 'PACK_SKIP_ROWS'] as const;
const isByte = (value: unknown): boolean => typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 255;

export class FrameCapture {
  private pixels = new Uint8Array(0);
  private width = 0;
  private height = 0;

  constructor(private readonly gl: WebGL2RenderingContext) {}

  /** Whether a frame has been read. */
  get hasFrame(): boolean {
    return this.width > 0;
  }

  /** Keeps the current drawing buffer, rows top to bottom. */
  read(): void {
    const gl = this.gl;
    const width = gl.drawingBufferWidth;
    const height = gl.drawingBufferHeight;
    if (this.pixels.length !== width * height * 4) this.pixels = new Uint8Array(width * height * 4);
    const readBinding = gl.getParameter(gl.READ_FRAMEBUFFER_BINDING) as WebGLFramebuffer | null;
    const packBuffer = gl.getParameter(gl.PIXEL_PACK_BUFFER_BINDING) as WebGLBuffer | null;
    // Tight rows from the corner, whatever the app left in the pack state.
    const pack = PACK_STATE.map((name) => [name, gl.getParameter(gl[name]) as number] as const);
    gl.bindFramebuffer(gl.READ_FRAMEBUFFER, null);
    gl.bindBuffer(gl.PIXEL_PACK_BUFFER, null);
    for (const [name] of pack) gl.pixelStorei(gl[name], name === 'PACK_ALIGNMENT' ? 4 : 0);
    gl.readPixels(0, 0, width, height, gl.RGBA, gl.UNSIGNED_BYTE, this.pixels);
    for (const [name, value] of pack) gl.pixelStorei(gl[name], value);
    gl.bindFramebuffer(gl.READ_FRAMEBUFFER, readBinding);
    gl.bindBuffer(gl.PIXEL_PACK_BUFFER, packBuffer);
    // GL's rows run bottom to top; an image's run top to bottom.
    const stride = width * 4;
    const row = new Uint8Array(stride);
    for (let top = 0, bottom = height - 1; top < bottom; top++, bottom--) {
      row.set(this.pixels.subarray(top * stride, (top + 1) * stride));
      this.pixels.copyWithin(top * stride, bottom * stride, (bottom + 1) * stride);
      this.pixels.set(row, bottom * stride);
    }
    this.width = width;
    this.height = height;
  }

  /** The kept frame as PNG bytes, with the masked regions painted over. */
  async png(options: CaptureOptions = {}): Promise<Uint8Array> {
    if (!this.hasFrame) throw new TestModeError('capture: no frame has been drawn yet; await __webglet.ready first');
    const color = options.maskColor ?? MAGENTA;
    if (!Array.isArray(color) || color.length !== 4 || !color.every(isByte)) {
      throw new RangeError(`capture: maskColor must be [r, g, b, a] of whole numbers 0–255, got ${JSON.stringify(color)}`);
    }
    const pixels = this.pixels.slice();
    for (const rect of options.mask ?? []) this.paint(pixels, rect, color);
    return encodePng(this.width, this.height, pixels);
  }

  private paint(pixels: Uint8Array, rect: PixelRect, color: readonly number[]): void {
    const { x, y, width, height } = rect;
    if (![x, y, width, height].every((v) => Number.isSafeInteger(v)) || width < 0 || height < 0) {
      throw new RangeError(`capture: a mask rectangle needs whole numbers and a size >= 0, got ${JSON.stringify(rect)}`);
    }
    const x0 = Math.max(0, x);
    const x1 = Math.min(this.width, x + width);
    for (let row = Math.max(0, y); row < Math.min(this.height, y + height); row++) {
      for (let column = x0; column < x1; column++) pixels.set(color, (row * this.width + column) * 4);
    }
  }
}

/** Base64 of bytes, in chunks so a large frame does not overflow the argument list. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
