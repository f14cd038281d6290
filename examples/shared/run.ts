// What every Window/Clock example shares: @webglet/testing's test mode (?seed=,
// ?frames=, ?loseAt=; see that package), with the gallery's own settings. A
// deterministic run keeps its drawing buffer, because the gallery's e2e takes
// whole-page screenshots, which read the canvas as the page shows it; an opaque
// canvas keeps blended alpha from letting the page show through.
import { Clock, Window } from '@webglet/sprite';
import { gameWindowOptions, readGameParams, runGame, seededRandom, type GameParams } from '@webglet/testing';

export { reportGLErrors } from '@webglet/testing';

export interface Example {
  params: GameParams;
  seed: number;
  /** null: animate with requestAnimationFrame. */
  frames: number | null;
  random: () => number;
  window: Window;
  clock: Clock;
}

/** Reads the URL's test parameters and makes the Window on `canvas` for them. */
export function createExample(canvasSelector = '#view'): Example {
  const params = readGameParams();
  const canvas = document.querySelector<HTMLCanvasElement>(canvasSelector);
  if (!canvas) throw new Error(`no <canvas> matches ${canvasSelector}`);
  const options = params.frames === null ? { alpha: false } : { alpha: false, preserveDrawingBuffer: true };
  const view = new Window(canvas, gameWindowOptions(params, options));
  return { params, seed: params.seed, frames: params.frames, random: seededRandom(params.seed), window: view, clock: new Clock() };
}

/** Runs `onFrame(dt)` every tick, in test mode (see @webglet/testing's runGame); `onDone` after a deterministic run. */
export function run(example: Example, onFrame: (dt: number) => void, onDone?: () => void): void {
  runGame(example.window, onFrame, { params: example.params, clock: example.clock, ...(onDone ? { onDone } : {}) });
}

/** Runs an example's main, reporting what it throws with console.error. */
export function start(main: () => void): void {
  try {
    main();
  } catch (error) {
    console.error(error);
  }
}
