// The loop every Window/Clock example shares: the deterministic run behind
// ?frames=N (exactly N ticks of a fixed dt, synchronously, then data-ready and
// data-frames on <body>) or, without it, the animation loop (Clock.start).
// It also makes the Window with the settings screenshots need, and reports GL
// errors and failures with console.error, which the e2e tests treat as failures.
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
  const view = frames === null
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
  if (frames === null) {
    clock.start((dt) => {
      onFrame(dt);
      reportGLErrors(view.gl, 'a frame');
    });
    return;
  }
  clock.runFrames(frames, FIXED_DT, onFrame);
  onDone?.();
  reportGLErrors(view.gl, `${frames} frames`);
  document.body.dataset.frames = String(frames);
  document.body.dataset.ready = 'true';
}

/** Runs an example's main, reporting what it throws with console.error. */
export function start(main: () => void): void {
  try {
    main();
  } catch (error) {
    console.error(error);
  }
}
