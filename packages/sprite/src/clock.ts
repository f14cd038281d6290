/**
 * Clock: pyglet.clock for requestAnimationFrame. Callbacks are scheduled every tick (`schedule`),
 * every so many seconds (`scheduleInterval`) or once after a delay (`scheduleOnce`); `tick(dt?)`
 * advances clock time and runs what is due. `start(onFrame)` ticks on each animation frame;
 * `runFrames(n, dt)` ticks n times synchronously with a fixed dt (screenshots, tests).
 *
 * Invariants: clock time moves only in tick(); the callbacks due in a tick run in the order they
 * were scheduled; intervals keep their phase; a throwing callback is reported and the rest run; a
 * steady tick allocates nothing. What was decided and why: docs/decisions.md, "Clock".
 */
import { ClockError } from './errors.ts';

export type ClockCallback = (dt: number) => void;

export interface ClockOptions {
  /** Milliseconds, like performance.now() (the default). */
  now?: () => number;
  /** Largest real-time step in seconds (tick() without dt); default 0.1. */
  maxDt?: number;
  /** Called with what a callback threw; default console.error. */
  onError?: (error: unknown) => void;
  /** Default globalThis.requestAnimationFrame (looked up on start()). */
  requestFrame?: (callback: (time: number) => void) => number;
  /** Default globalThis.cancelAnimationFrame. */
  cancelFrame?: (id: number) => void;
}

const EVERY_TICK = 0,
  INTERVAL = 1,
  ONCE = 2;

/** One scheduling of a callback. `live` turns false on unschedule (or after a once runs). */
interface Entry {
  fn: ClockCallback;
  kind: typeof EVERY_TICK | typeof INTERVAL | typeof ONCE;
  interval: number;
  /** Clock time it last ran (or was scheduled). */
  lastRun: number;
  /** Clock time it is next due (INTERVAL, ONCE). */
  due: number;
  live: boolean;
}

const FPS_WINDOW = 1024;

const isFunction = (value: unknown): value is (...args: never[]) => unknown => typeof value === 'function';
const describe = (value: unknown): string =>
  typeof value === 'function' ? 'a function' : typeof value === 'string' ? `"${value}"` : String(value);

/**
 * The frame loop and scheduled callbacks, after pyglet's clock: `start` ticks on
 * each animation frame, `runFrames` ticks at a fixed step (tests, screenshots).
 *
 * @example
 * ```ts
 * const clock = new Clock();
 * clock.scheduleInterval(() => spawnEnemy(), 2); // every 2 seconds of clock time
 * clock.scheduleOnce(() => showTitle(), 0.5);
 * clock.start((dt) => {
 *   player.x += speed * dt;
 *   window.clear();
 *   batch.draw();
 * });
 * ```
 */
export class Clock {
  private readonly entries: Entry[] = [];
  private clockTime = 0;
  private ticking = false;
  /** Entries were marked dead and wait to be compacted out. */
  private hasDead = false;
  private lastNow: number | null = null;
  private readonly now: () => number;
  private readonly maxDt: number;
  private readonly onError: (error: unknown) => void;
  private readonly requestFrameOption: ((callback: (time: number) => void) => number) | undefined;
  private readonly cancelFrameOption: ((id: number) => void) | undefined;
  // fps window: a ring of dts, oldest at fpsStart.
  private readonly fpsDts = new Float64Array(FPS_WINDOW);
  private fpsStart = 0;
  private fpsCount = 0;
  private fpsSum = 0;
  // The loop.
  private running = false;
  private frameId: number | null = null;
  private onFrame: ClockCallback | null = null;
  private requestFrame: ((callback: (time: number) => void) => number) | null = null;
  private cancelFrame: ((id: number) => void) | null = null;
  private readonly frame = (): void => this.runFrame();

  constructor(options: ClockOptions = {}) {
    if (options === null || typeof options !== 'object')
      throw new ClockError('options', options, `Clock: options must be an object, got ${describe(options)}`);
    const { now, maxDt = 0.1, onError, requestFrame, cancelFrame } = options;
    for (const [name, value] of [
      ['now', now],
      ['onError', onError],
      ['requestFrame', requestFrame],
      ['cancelFrame', cancelFrame],
    ] as const) {
      if (value !== undefined && !isFunction(value))
        throw new ClockError(name, value, `Clock: options.${name} must be a function, got ${describe(value)}`);
    }
    if (typeof maxDt !== 'number' || !(maxDt > 0))
      throw new ClockError('maxDt', maxDt, `Clock: options.maxDt must be a number > 0 (seconds), got ${describe(maxDt)}`);
    this.now = now ?? (() => performance.now());
    this.maxDt = maxDt;
    this.onError = onError ?? ((error) => console.error('Clock: a scheduled callback threw', error));
    this.requestFrameOption = requestFrame;
    this.cancelFrameOption = cancelFrame;
  }

  /** Seconds of clock time: the sum of every tick's dt. */
  get time(): number {
    return this.clockTime;
  }

  /** Ticks per second over the ticks of the last second of clock time; 0 before any time has passed. */
  get fps(): number {
    return this.fpsSum > 0 ? this.fpsCount / this.fpsSum : 0;
  }

  /** Whether start() is looping on animation frames. */
  get isRunning(): boolean {
    return this.running;
  }

  /** `fn(dt)` on every tick, dt being that tick's dt. */
  schedule(fn: ClockCallback): void {
    this.checkCallback('schedule', fn);
    this.add(fn, EVERY_TICK, 0, this.clockTime);
  }

  /** `fn(dt)` every `seconds` (> 0), dt being the time since it last ran (or was scheduled); at most once per tick. */
  scheduleInterval(fn: ClockCallback, seconds: number): void {
    this.checkCallback('scheduleInterval', fn);
    if (typeof seconds !== 'number' || !(seconds > 0) || seconds === Infinity) {
      throw new ClockError('seconds', seconds, `Clock.scheduleInterval: seconds must be a finite number > 0, got ${describe(seconds)}`);
    }
    this.add(fn, INTERVAL, seconds, this.clockTime + seconds);
  }

  /** `fn(dt)` once, on the first tick at least `delay` (≥ 0) seconds from now; dt is the time since it was scheduled. */
  scheduleOnce(fn: ClockCallback, delay: number): void {
    this.checkCallback('scheduleOnce', fn);
    if (typeof delay !== 'number' || !(delay >= 0) || delay === Infinity) {
      throw new ClockError('delay', delay, `Clock.scheduleOnce: delay must be a finite number ≥ 0, got ${describe(delay)}`);
    }
    this.add(fn, ONCE, 0, this.clockTime + delay);
  }

  /** Removes every scheduling of `fn` (as pyglet); a function that is not scheduled is ignored. */
  unschedule(fn: ClockCallback): void {
    this.checkCallback('unschedule', fn);
    for (const entry of this.entries) {
      if (entry.fn === fn && entry.live) {
        entry.live = false;
        this.hasDead = true;
      }
    }
    if (!this.ticking) this.compact();
  }

  /**
   * Advances clock time by `dt` seconds (finite, ≥ 0) or, without it, by the
   * real time since the last real-time tick (0 on the first, capped at maxDt),
   * runs what is due and returns the dt used.
   */
  tick(dt?: number): number {
    if (dt !== undefined && (typeof dt !== 'number' || !(dt >= 0) || dt === Infinity)) {
      throw new ClockError('dt', dt, `Clock.tick: dt must be a finite number ≥ 0 (seconds) or undefined, got ${describe(dt)}`);
    }
    if (this.ticking) throw new ClockError('tick', 'reentrant', 'Clock.tick: called from a scheduled callback of the same clock');
    let step: number;
    if (dt === undefined) {
      const now = this.now();
      step = this.lastNow === null ? 0 : Math.min(Math.max((now - this.lastNow) / 1000, 0), this.maxDt);
      this.lastNow = now;
    } else {
      step = dt;
    }
    this.clockTime += step;
    this.measure(step);
    this.runDue(step);
    return step;
  }

  /**
   * Ticks on every animation frame (real time) and then calls `onFrame(dt)`.
   * Throws ClockError if already running.
   */
  start(onFrame?: ClockCallback): void {
    if (onFrame !== undefined && !isFunction(onFrame))
      throw new ClockError('onFrame', onFrame, `Clock.start: onFrame must be a function or undefined, got ${describe(onFrame)}`);
    if (this.running) throw new ClockError('start', 'running', 'Clock.start: the clock is already running; stop() it first');
    const request = this.requestFrameOption ?? globalThis.requestAnimationFrame?.bind(globalThis);
    const cancel = this.cancelFrameOption ?? globalThis.cancelAnimationFrame?.bind(globalThis);
    if (!isFunction(request) || !isFunction(cancel)) {
      throw new ClockError(
        'requestFrame',
        request,
        'Clock.start: there is no requestAnimationFrame here; pass options.requestFrame and options.cancelFrame',
      );
    }
    this.requestFrame = request;
    this.cancelFrame = cancel;
    this.onFrame = onFrame ?? null;
    this.running = true;
    // Real time restarts here, so a stopped interval is not one giant step.
    this.lastNow = this.now();
    this.frameId = request(this.frame);
  }

  /** Stops the animation-frame loop (a no-op when not running). */
  stop(): void {
    if (this.frameId !== null) this.cancelFrame?.(this.frameId);
    this.frameId = null;
    this.running = false;
    this.onFrame = null;
  }

  /**
   * Deterministic mode: `n` ticks of a fixed `dt`, synchronously, each followed
   * by `onFrame(dt)`; no animation frames, no real time. Not while running.
   */
  runFrames(n: number, dt = 1 / 60, onFrame?: ClockCallback): void {
    if (!Number.isInteger(n) || n < 0) throw new ClockError('n', n, `Clock.runFrames: n must be an integer ≥ 0, got ${describe(n)}`);
    if (typeof dt !== 'number' || !(dt >= 0) || dt === Infinity)
      throw new ClockError('dt', dt, `Clock.runFrames: dt must be a finite number ≥ 0, got ${describe(dt)}`);
    if (onFrame !== undefined && !isFunction(onFrame))
      throw new ClockError('onFrame', onFrame, `Clock.runFrames: onFrame must be a function or undefined, got ${describe(onFrame)}`);
    if (this.running)
      throw new ClockError('runFrames', 'running', 'Clock.runFrames: the clock is running on animation frames; stop() it first');
    for (let i = 0; i < n; i++) {
      this.tick(dt);
      if (onFrame) this.call(onFrame, dt);
    }
  }

  private runFrame(): void {
    this.frameId = null;
    if (!this.running) return;
    try {
      const dt = this.tick();
      if (this.onFrame) this.call(this.onFrame, dt);
    } finally {
      // stop() from a callback or onFrame ends the loop here.
      if (this.running && this.requestFrame) this.frameId = this.requestFrame(this.frame);
    }
  }

  private runDue(dt: number): void {
    const entries = this.entries;
    const now = this.clockTime;
    // Entries added during the tick sit past `count` and wait for the next one.
    const count = entries.length;
    this.ticking = true;
    try {
      for (let i = 0; i < count; i++) {
        const entry = entries[i]!;
        if (!entry.live) continue;
        if (entry.kind === EVERY_TICK) {
          this.call(entry.fn, dt);
          continue;
        }
        if (entry.due > now) continue;
        const sinceLast = now - entry.lastRun;
        entry.lastRun = now;
        if (entry.kind === ONCE) {
          entry.live = false;
          this.hasDead = true;
        } else {
          entry.due += entry.interval;
          // More than one interval behind: run once, then start again from now.
          if (entry.due <= now) entry.due = now + entry.interval;
        }
        this.call(entry.fn, sinceLast);
      }
    } finally {
      this.ticking = false;
      this.compact();
    }
  }

  private call(fn: ClockCallback, dt: number): void {
    try {
      fn(dt);
    } catch (error) {
      this.onError(error);
    }
  }

  private add(fn: ClockCallback, kind: Entry['kind'], interval: number, due: number): void {
    this.entries.push({ fn, kind, interval, lastRun: this.clockTime, due, live: true });
  }

  /** Drops dead entries in place, keeping the order. */
  private compact(): void {
    if (!this.hasDead) return;
    const entries = this.entries;
    let kept = 0;
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i]!;
      if (entry.live) entries[kept++] = entry;
    }
    entries.length = kept;
    this.hasDead = false;
  }

  /** Pushes a dt into the fps window and drops the ticks older than the last second. */
  private measure(dt: number): void {
    if (dt <= 0) return;
    if (this.fpsCount === FPS_WINDOW) this.dropOldest();
    this.fpsDts[(this.fpsStart + this.fpsCount) % FPS_WINDOW] = dt;
    this.fpsCount++;
    this.fpsSum += dt;
    // Keep the fewest recent ticks that still cover a second.
    while (this.fpsCount > 1 && this.fpsSum - this.fpsDts[this.fpsStart]! >= 1) this.dropOldest();
  }

  private dropOldest(): void {
    this.fpsSum -= this.fpsDts[this.fpsStart]!;
    this.fpsStart = (this.fpsStart + 1) % FPS_WINDOW;
    this.fpsCount--;
  }

  private checkCallback(method: string, fn: unknown): asserts fn is ClockCallback {
    if (!isFunction(fn)) throw new ClockError('fn', fn, `Clock.${method}: fn must be a function, got ${describe(fn)}`);
  }
}
