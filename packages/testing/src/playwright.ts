// Playwright helpers for a game page in test mode (game-run.ts): open it at a
// seed and a frame count, drive it with keys and pointer moves at given frames,
// and compare its frame with a committed PNG. Frames advance only when a helper
// steps them, so real Playwright input lands between the same two frames on
// every run. A failure names what a person needs: Playwright writes the
// expected, actual and diff images, and the page's console errors are attached
// and appended to the message. Node side.
/**
 * Playwright helpers for a webglet game in test mode: `openGame`, scripted input, `expectFrame` and the page's errors.
 *
 * @packageDocumentation
 * @module @webglet/testing/playwright
 */
import { expect, test, type ConsoleMessage, type Page } from '@playwright/test';
import type { CaptureOptions, GameHook, PixelRect } from './game-hook.ts';

/** A key at a frame: pressed (down and up), or only down or up. Keys are Playwright's names ('ArrowLeft', 'a', 'Space'). */
export interface KeyInput {
  readonly frame: number;
  readonly key: string;
  readonly action?: 'press' | 'down' | 'up';
}

/** A pointer move, press or release at a frame, at (x, y) in the canvas's CSS pixels. A list of moves is a path. */
export interface PointerInput {
  readonly frame: number;
  readonly pointer: 'move' | 'down' | 'up';
  readonly x: number;
  readonly y: number;
}

/** One step of a script, applied after `frame` frames have run, so frame `frame + 1` is the first to see it. */
export type GameInput = KeyInput | PointerInput;

export interface OpenGameOptions {
  /** `?seed=`; default 1. */
  readonly seed?: number;
  /** Frames to run in all (`?frames=`); default 1. */
  readonly frames?: number;
  /** Input at given frames, each within 1..frames. */
  readonly input?: readonly GameInput[];
  /** More query parameters for the page. */
  readonly query?: Readonly<Record<string, string | number>>;
  /** How long to wait for the page to be ready, in ms; default 30 000. */
  readonly timeout?: number;
}

/** Collects console.error messages and uncaught exceptions of a page, from now on. */
export function collectErrors(page: Page): string[] {
  return listen(page, []).errors;
}

/** Adds the two listeners that fill `errors`; `detach` takes them away again. */
function listen(page: Page, errors: string[]): { errors: string[]; detach: () => void } {
  const onConsole = (message: ConsoleMessage): void => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
  };
  const onPageError = (error: Error): void => {
    errors.push(`page error: ${error.message}`);
  };
  page.on('console', onConsole);
  page.on('pageerror', onPageError);
  return {
    errors,
    detach: () => {
      page.off('console', onConsole);
      page.off('pageerror', onPageError);
    },
  };
}

/** The collector of the last game opened on each page: the next `openGame` there detaches it. */
const collectors = new WeakMap<Page, () => void>();

declare const __webglet: GameHook;

/** A game page opened by `openGame`: step it, send it input, capture its frame. */
export class Game {
  constructor(
    readonly page: Page,
    /** console.error messages and uncaught exceptions of the page since it was opened. */
    readonly errors: string[],
  ) {}

  /** Frames run so far. */
  frame(): Promise<number> {
    return this.page.evaluate(() => __webglet.frame);
  }

  /** Runs `n` more frames; returns the frame number. */
  step(n: number): Promise<number> {
    return this.page.evaluate((count) => __webglet.step(count), n);
  }

  /** Runs frames up to `frame` (no-op if it is already there). */
  async stepTo(frame: number): Promise<number> {
    const now = await this.frame();
    if (frame < now) throw new RangeError(`stepTo(${frame}): the game is already at frame ${now}`);
    return this.step(frame - now);
  }

  /** The last frame as PNG bytes. */
  async capture(options: CaptureOptions = {}): Promise<Buffer> {
    return Buffer.from(await this.page.evaluate((o) => __webglet.capture(o), options), 'base64');
  }

  /** Sends one input step now (its frame is not waited for; `play` does that). */
  async send(input: GameInput): Promise<void> {
    if ('key' in input) {
      await this.page.evaluate(() => __webglet.focus());
      const action = input.action ?? 'press';
      await this.page.keyboard[action](input.key);
      return;
    }
    const rect: PixelRect = await this.page.evaluate(() => __webglet.canvasRect());
    await this.page.mouse.move(rect.x + input.x, rect.y + input.y);
    if (input.pointer === 'down') await this.page.mouse.down();
    if (input.pointer === 'up') await this.page.mouse.up();
  }

  /** Steps to each input's frame and sends it, in frame order (stable for equal frames). */
  async play(input: readonly GameInput[]): Promise<void> {
    const ordered = [...input].sort((a, b) => a.frame - b.frame);
    for (const step of ordered) {
      await this.stepTo(step.frame);
      await this.send(step);
    }
  }

  loseContext(): Promise<void> {
    return this.page.evaluate(() => __webglet.loseContext());
  }

  restoreContext(): Promise<void> {
    return this.page.evaluate(() => __webglet.restoreContext());
  }
}

/**
 * Opens `url` in test mode at `seed`, waits for its assets and first frames,
 * plays `input` at its frames and runs the rest up to `frames`.
 *
 * @example
 * ```ts
 * const game = await openGame(page, '/', { seed: 1, frames: 60, input: [{ frame: 10, key: 'ArrowRight', action: 'down' }] });
 * await expectFrame(game).toMatchSnapshot('level-1.png');
 * ```
 */
export async function openGame(page: Page, url: string, options: OpenGameOptions = {}): Promise<Game> {
  const frames = options.frames ?? 1;
  const input = options.input ?? [];
  if (!(Number.isSafeInteger(frames) && frames >= 1)) throw new RangeError(`openGame: frames must be a whole number >= 1, got ${frames}`);
  for (const step of input) {
    if (!(Number.isSafeInteger(step.frame) && step.frame >= 1 && step.frame <= frames)) {
      throw new RangeError(`openGame: an input's frame must be a whole number in 1..${frames}, got ${JSON.stringify(step)}`);
    }
  }
  // The page runs up to the first input's frame on its own; a scheduled loss would be cut to that run.
  if (input.length > 0 && options.query?.['loseAt'] !== undefined) {
    throw new RangeError('openGame: ?loseAt cannot be combined with input; call game.loseContext() between steps instead');
  }
  const first = input.length > 0 ? Math.min(...input.map((step) => step.frame)) : frames;
  const query = new URLSearchParams(Object.entries(options.query ?? {}).map(([k, v]) => [k, String(v)]));
  query.set('seed', String(options.seed ?? 1));
  query.set('frames', String(first));
  // One game a page: the errors of the page opened now are this game's, not an earlier one's too.
  collectors.get(page)?.();
  const collector = listen(page, []);
  collectors.set(page, collector.detach);
  const game = new Game(page, collector.errors);
  await page.goto(`${url}${url.includes('?') ? '&' : '?'}${query}`);
  try {
    // <body data-ready> is set when the hook's `ready` resolves: waiting for it keeps to the timeout, which
    // awaiting the promise itself would not (a page whose assets never load would hang the test).
    await page.waitForFunction(() => document.body.dataset['ready'] === 'true', undefined, { timeout: options.timeout ?? 30_000 });
  } catch (error) {
    throw new Error(`openGame(${url}): the page did not become ready.${describeErrors(game.errors)}`, { cause: error });
  }
  await game.play(input);
  await game.stepTo(frames);
  return game;
}

export interface FrameExpectOptions extends CaptureOptions {
  /** Per-pixel colour distance allowed, 0–1 (Playwright's `threshold`); default 0: exact. */
  readonly threshold?: number;
  /** Pixels allowed to differ; default 0. */
  readonly maxDiffPixels?: number;
}

/** Compares the game's last frame with a committed PNG (Playwright's `toMatchSnapshot`). */
export function expectFrame(game: Game, options: FrameExpectOptions = {}) {
  const { threshold = 0, maxDiffPixels = 0, ...capture } = options;
  return {
    /** Boxed: a failure points at the caller's line, not at this helper's. */
    toMatchSnapshot(name: string): Promise<void> {
      return test.step(
        `expect frame to match ${name}`,
        async () => {
          const png = await game.capture(capture);
          try {
            expect(png).toMatchSnapshot(name, { threshold, maxDiffPixels });
          } catch (error) {
            if (game.errors.length > 0 && error instanceof Error) {
              await test.info().attach('page-errors.txt', { body: game.errors.join('\n'), contentType: 'text/plain' });
              error.message += describeErrors(game.errors);
            }
            throw error;
          }
        },
        { box: true },
      );
    },
  };
}

/** Fails, listing them, if the page logged errors or threw. */
export function expectNoErrors(game: Game): void {
  expect(game.errors, `console errors of ${game.page.url()}`).toEqual([]);
}

const describeErrors = (errors: readonly string[]): string =>
  errors.length === 0 ? ' The page logged no errors.' : `\nThe page's console errors:\n  ${errors.join('\n  ')}`;
