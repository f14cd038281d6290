// The contract between a game page and its tests: the hook a page in test mode
// puts on `globalThis.__webglet`, and the shapes that cross `page.evaluate`.
// Types only, so the Node side can import them without the page side's code.

/** A rectangle in canvas pixels (the drawing buffer), origin at the top-left. */
export interface PixelRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface CaptureOptions {
  /** Regions painted one solid colour before encoding, so what may differ there never fails a comparison. */
  readonly mask?: readonly PixelRect[];
  /** The mask's colour, [r, g, b, a] 0–255; default magenta, opaque. */
  readonly maskColor?: readonly [number, number, number, number];
}

/** What `globalThis.__webglet` gives a test. Every method works from `page.evaluate`. */
export interface GameHook {
  /** Resolves when the app's assets have loaded and its first frames are drawn. */
  readonly ready: Promise<void>;
  /** Frames run so far. */
  readonly frame: number;
  /** Whether frames run only when stepped (`?frames=N`), not on requestAnimationFrame. */
  readonly deterministic: boolean;
  /** Runs `n` more frames of the fixed step now; returns the frame number. Deterministic mode only. */
  step(n: number): number;
  /** The last frame as PNG bytes, base64, read with readPixels (no preserveDrawingBuffer needed). */
  capture(options?: CaptureOptions): Promise<string>;
  /** The canvas's place in the page, in CSS pixels, for pointer input. */
  canvasRect(): PixelRect;
  /** Gives the canvas the keyboard focus, where webglet's Input hears keys by default. */
  focus(): void;
  /** Loses the WebGL context; resolves a task after 'webglcontextlost'. */
  loseContext(): Promise<void>;
  /** Restores it; resolves a task after 'webglcontextrestored', when the app has restored its state. */
  restoreContext(): Promise<void>;
}

/** The global the hook lives on. */
export const HOOK_NAME = '__webglet';
