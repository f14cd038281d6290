// The loop every Window/Clock example shares: the deterministic run behind
// ?frames=N (exactly N ticks of a fixed dt, synchronously, then data-ready and
// data-frames on <body>) or, without it, the animation loop (Clock.start).
// It also makes the Window with the settings screenshots need, and reports GL
// errors and failures with console.error, which the e2e tests treat as failures.
//
// ?loseAt=K loses the WebGL context (WEBGL_lose_context) after frame K and, unless
// ?restore=never, restores it ?lostFrames=M frames later (default 10; in a
// deterministic run at most N - K - 1, so a frame is drawn after the restore).
// The clock goes on ticking while the context is lost: the app's frames run as
// usual (its state advances, its drawing does nothing), so frame N is the same
// scene with or without the loss. <body> shows data-context (live, lost,
// restored) and data-losses.
import { Clock, Window } from '@webglet/sprite';
import { readParams, seededRandom } from './deterministic.ts';

/** The fixed step of a deterministic run: 60 frames per second of clock time. */
export const FIXED_DT = 1 / 60;

export interface Example {
  seed: number;
  /** null: animate with requestAnimationFrame. */
  frames: number | null;
  random: () => number;
  window: Window;
  clock: Clock;
}

/**
 * Reads ?seed and ?frames and makes the Window on `canvas`: pixelRatio 1 and a
 * preserved drawing buffer in a deterministic run (the screenshot reads the last
 * frame), devicePixelRatio otherwise; an opaque canvas so blended alpha never
 * lets the page show through.
 */
export function createExample(canvasSelector = '#view'): Example {
  const { seed, frames } = readParams(window.location.search, null);
  const canvas = document.querySelector<HTMLCanvasElement>(canvasSelector);
  if (!canvas) throw new Error(`no <canvas> matches ${canvasSelector}`);
  const view =
    frames === null
      ? new Window(canvas, { alpha: false })
      : new Window(canvas, { alpha: false, pixelRatio: 1, preserveDrawingBuffer: true });
  return { seed, frames, random: seededRandom(seed), window: view, clock: new Clock() };
}

/** console.error for every pending GL error (none while the context is lost: that is reported as such). */
export function reportGLErrors(gl: WebGL2RenderingContext, where: string): void {
  for (let error = gl.getError(); error !== gl.NO_ERROR; error = gl.getError()) {
    if (error === gl.CONTEXT_LOST_WEBGL) return;
    console.error(`GL error 0x${error.toString(16)} after ${where}`);
  }
}

/**
 * Runs `onFrame(dt)` after every clock tick: `frames` ticks of FIXED_DT now, or
 * one per animation frame. After a deterministic run it calls `onDone`, checks
 * gl.getError() and sets data-frames and data-ready on <body>.
 */
export function run(example: Example, onFrame: (dt: number) => void, onDone?: () => void): void {
  const { clock, frames, window: view } = example;
  const loss = readLoss(view, frames);
  if (frames === null) {
    let frame = 0;
    loss?.afterFrame(0); // ?loseAt=0: before the first frame
    clock.start((dt) => {
      onFrame(dt);
      reportGLErrors(view.gl, 'a frame');
      loss?.afterFrame(++frame);
    });
    return;
  }
  const finish = (): void => {
    onDone?.();
    reportGLErrors(view.gl, `${frames} frames`);
    document.body.dataset.frames = String(frames);
    document.body.dataset.ready = 'true';
  };
  if (!loss) {
    clock.runFrames(frames, FIXED_DT, onFrame);
    finish();
    return;
  }
  // K frames, the loss, M frames while lost, the restore, the rest: the events come in later tasks.
  const lostFrames = loss.restore ? Math.min(loss.lostFrames, frames - loss.at - 1) : frames - loss.at;
  clock.runFrames(loss.at, FIXED_DT, onFrame);
  loss
    .lose()
    .then(() => {
      clock.runFrames(lostFrames, FIXED_DT, onFrame);
      if (!loss.restore) return;
      return loss.restoreNow().then(() => clock.runFrames(frames - loss.at - lostFrames, FIXED_DT, onFrame));
    })
    .then(finish, (error: unknown) => console.error(error));
}

/** The next `type` event on `target`, one task later (so a listener never acts from inside the event). */
const nextEvent = (target: EventTarget, type: string): Promise<void> =>
  new Promise((resolve) => {
    target.addEventListener(type, () => setTimeout(resolve, 0), { once: true });
  });

interface ContextLoss {
  /** The frame after which the context is lost. */
  at: number;
  /** Frames run while the context is lost before it is restored. */
  lostFrames: number;
  /** false with ?restore=never. */
  restore: boolean;
  /** Loses the context; resolves a task after 'webglcontextlost'. */
  lose(): Promise<void>;
  /** Restores it; resolves a task after 'webglcontextrestored' (the Window, the batches and the app have restored theirs). */
  restoreNow(): Promise<void>;
  /** The animation loop's schedule: called before the first frame (0) and after every frame (1, 2, …). */
  afterFrame(frame: number): void;
}

/** The context loss asked for by ?loseAt, ?lostFrames and ?restore (see the header); null without ?loseAt. */
function readLoss(view: Window, frames: number | null): ContextLoss | null {
  const params = new URLSearchParams(window.location.search);
  const int = (name: string): number | null => {
    const value = Number(params.get(name) ?? Number.NaN);
    return Number.isInteger(value) && value >= 0 ? value : null;
  };
  const at = int('loseAt');
  if (at === null) return null;
  if (frames !== null && at >= frames) {
    console.error(`?loseAt=${at} must be less than ?frames=${frames}`);
    return null;
  }
  const extension = view.gl.getExtension('WEBGL_lose_context');
  if (!extension) {
    console.error('?loseAt: this browser cannot lose a context on purpose (no WEBGL_lose_context)');
    return null;
  }
  const { canvas } = view;
  const body = document.body.dataset;
  body.context = 'live';
  body.losses = '0';
  canvas.addEventListener('webglcontextlost', () => {
    body.context = 'lost';
    body.losses = String(Number(body.losses) + 1);
  });
  // Added after the Window's, the batches' and the app's listeners: they have restored theirs when it runs.
  canvas.addEventListener('webglcontextrestored', () => {
    body.context = 'restored';
  });
  const lose = (): Promise<void> => {
    const lost = nextEvent(canvas, 'webglcontextlost');
    extension.loseContext();
    return lost;
  };
  const restoreNow = (): Promise<void> => {
    const restored = nextEvent(canvas, 'webglcontextrestored');
    extension.restoreContext();
    return restored;
  };
  const restore = params.get('restore') !== 'never';
  const lostFrames = int('lostFrames') ?? 10;
  // The animation loop: lose after frame `at`; restore `lostFrames` frames after the 'webglcontextlost' event.
  let current = 0;
  let lostSince: number | null = null;
  const afterFrame = (frame: number): void => {
    current = frame;
    if (frame === at) {
      void lose().then(() => {
        lostSince = current;
      });
    } else if (restore && lostSince !== null && frame >= lostSince + lostFrames) {
      lostSince = null;
      void restoreNow();
    }
  };
  return { at, lostFrames, restore, lose, restoreNow, afterFrame };
}

/** Runs an example's main, reporting what it throws with console.error. */
export function start(main: () => void): void {
  try {
    main();
  } catch (error) {
    console.error(error);
  }
}
