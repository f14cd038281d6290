/**
 * The page side of webglet's screenshot testing: a seeded, fixed-step test mode
 * for a game page, and the hook (`globalThis.__webglet`) that Playwright tests
 * drive through `@webglet/testing/playwright`.
 *
 * @packageDocumentation
 * @module @webglet/testing
 */
export { ContextLoss } from './context-loss.ts';
export { TestModeError } from './errors.ts';
export { FrameCapture } from './frame-capture.ts';
export { HOOK_NAME, type CaptureOptions, type GameHook, type PixelRect } from './game-hook.ts';
export { readGameParams, seededRandom, type GameParams } from './game-params.ts';
export { FIXED_DT, gameWindowOptions, reportGLErrors, runGame, type RunGameOptions } from './game-run.ts';
export { encodePng } from './png.ts';
