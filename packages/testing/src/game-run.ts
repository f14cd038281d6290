// Runs a game's frames in test mode and gives tests the hook on
// `globalThis.__webglet`. With `?frames=N` the clock ticks a fixed step exactly N
// times, synchronously, after the app's assets are ready, and then only when a
// test calls step(n): nothing runs on requestAnimationFrame, so every run draws
// the same pixels. Without it the game animates as usual and the hook still
// works. The frame is read back right after it is drawn (frame-capture.ts).
// GL errors and thrown errors go to console.error, where tests look for them.
// <body> gets data-frames and data-ready="true" when the first frames are done.
import { Clock, type Window } from '@webglet/sprite';
import { ContextLoss } from './context-loss.ts';
import { TestModeError } from './errors.ts';
import { FrameCapture, toBase64 } from './frame-capture.ts';
import { HOOK_NAME, type CaptureOptions, type GameHook, type PixelRect } from './game-hook.ts';
import { readGameParams, type GameParams } from './game-params.ts';

/** The fixed step of a deterministic run: 60 frames per second of clock time. */
export const FIXED_DT = 1 / 60;

export interface RunGameOptions {
  /** Default: read from this page's URL. */
  readonly params?: GameParams;
  /** The clock the app schedules on; default a new one. */
  readonly clock?: Clock;
  /** The fixed step of a deterministic run, in seconds. Default 1/60. */
  readonly dt?: number;
  /** Awaited before the first frame, e.g. the app's asset loads. */
  readonly ready?: Promise<unknown>;
  /** Called after a deterministic run's frames, and after every step(n). */
  readonly onDone?: () => void;
}

declare global {
  var __webglet: GameHook | undefined;
}

/** Every pending GL error, as console.error (a lost context is not one). */
export function reportGLErrors(gl: WebGL2RenderingContext, where: string): void {
  for (let error = gl.getError(); error !== gl.NO_ERROR; error = gl.getError()) {
    if (error === gl.CONTEXT_LOST_WEBGL) return;
    console.error(`GL error 0x${error.toString(16)} after ${where}`);
  }
}

/** Window options for a screenshot: one device pixel per CSS pixel in a deterministic run. */
export function gameWindowOptions<T extends object>(params: GameParams, options: T): T & { pixelRatio?: number } {
  return params.frames === null ? options : { ...options, pixelRatio: 1 };
}

/**
 * Runs `onFrame(dt)` on every clock tick (see the header) and installs the test
 * hook. Returns the hook, which is also `globalThis.__webglet`.
 *
 * @example
 * ```ts
 * const params = readGameParams();
 * const random = seededRandom(params.seed);
 * const window = new Window(canvas, gameWindowOptions(params, { alpha: false }));
 * runGame(window, (dt) => { update(dt, random); window.clear(); batch.draw(); }, { params, ready: assets });
 * ```
 */
export function runGame(window: Window, onFrame: (dt: number) => void, options: RunGameOptions = {}): GameHook {
  const params = options.params ?? readGameParams();
  const clock = options.clock ?? new Clock();
  const dt = options.dt ?? FIXED_DT;
  const { gl, canvas } = window;
  const capture = new FrameCapture(gl);
  const loss = new ContextLoss(gl, canvas);
  const deterministic = params.frames !== null;
  let frame = 0;
  let busy = true; // until the first frames are done, and during a scheduled loss
  let pendingCaptures: (() => void)[] = [];

  const tick = (step: number): void => {
    frame++;
    onFrame(step);
  };
  const run = (n: number): void => {
    if (n > 0) clock.runFrames(n, dt, tick);
  };
  const settle = (): void => {
    // A lost context has nothing to read: the last frame read stays the capture.
    if (!gl.isContextLost()) capture.read();
    options.onDone?.();
    reportGLErrors(gl, `frame ${frame}`);
    document.body.dataset.frames = String(frame);
  };

  const hook: GameHook = {
    ready: Promise.resolve(options.ready)
      .then(() => (deterministic ? runDeterministic() : runAnimated()))
      .then(() => {
        busy = false;
        document.body.dataset.ready = 'true';
      }),
    get frame() {
      return frame;
    },
    deterministic,
    step(n: number): number {
      if (!deterministic) throw new TestModeError('step: the page animates; open it with ?frames=N to step it');
      if (!(Number.isSafeInteger(n) && n >= 0)) throw new RangeError(`step: n must be a whole number >= 0, got ${n}`);
      if (busy) throw new TestModeError('step: the first frames are still running; await __webglet.ready first');
      run(n);
      settle();
      return frame;
    },
    async capture(captureOptions?: CaptureOptions): Promise<string> {
      // An animating page keeps drawing: read the next frame in its own task.
      if (!deterministic) await new Promise<void>((resolve) => pendingCaptures.push(resolve));
      return toBase64(await capture.png(captureOptions));
    },
    canvasRect(): PixelRect {
      const { x, y, width, height } = canvas.getBoundingClientRect();
      return { x, y, width, height };
    },
    focus: () => canvas.focus(),
    loseContext: () => loss.lose(),
    restoreContext: () => loss.restore(),
  };
  hook.ready.catch((error: unknown) => console.error(error));
  globalThis[HOOK_NAME as '__webglet'] = hook;
  return hook;

  async function runDeterministic(): Promise<void> {
    const frames = params.frames!;
    const { loseAt } = params;
    if (loseAt === null || loseAt >= frames) {
      if (loseAt !== null) console.error(`?loseAt=${loseAt} must be less than ?frames=${frames}`);
      run(frames);
    } else {
      // K frames, the loss, M frames while lost, the restore, the rest: the clock ticks on while the context is
      // lost, so frame N shows the same scene with or without a loss.
      const lostFrames = params.restore ? Math.min(params.lostFrames, frames - loseAt - 1) : frames - loseAt;
      run(loseAt);
      if (loseAt > 0) capture.read(); // the last frame before the loss, in case the context never comes back
      await loss.lose();
      run(lostFrames);
      if (params.restore) {
        await loss.restore();
        run(frames - loseAt - lostFrames);
      }
    }
    settle();
  }

  function runAnimated(): Promise<void> {
    const { loseAt, lostFrames, restore } = params;
    let lostSince: number | null = null;
    // The schedule's losses and restores; one refused (no extension, or a test lost it first) is reported, not thrown.
    const afterFrame = (): void => {
      try {
        if (frame === loseAt) {
          void loss.lose().then(() => (lostSince = frame));
        } else if (restore && lostSince !== null && frame >= lostSince + lostFrames) {
          lostSince = null;
          void loss.restore();
        }
      } catch (error) {
        console.error(error);
      }
    };
    return new Promise((resolve) => {
      afterFrame(); // ?loseAt=0: before the first frame
      clock.start((step) => {
        // The Clock reports what a frame throws and goes on; the hook's work after it must not be skipped.
        try {
          tick(step);
        } finally {
          reportGLErrors(gl, `frame ${frame}`);
          if (pendingCaptures.length > 0 && !gl.isContextLost()) {
            capture.read();
            const waiting = pendingCaptures;
            pendingCaptures = [];
            for (const resolveCapture of waiting) resolveCapture();
          }
          resolve();
          afterFrame();
        }
      });
    });
  }
}
