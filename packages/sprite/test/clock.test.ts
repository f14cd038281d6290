// Clock (pure logic, node): ticks with explicit dt, intervals over uneven steps,
// once, scheduling during a tick, fps, runFrames, the rAF loop through injected
// frame functions, real time through an injected now(), errors, bad input.
import { describe, expect, it, vi } from 'vitest';
import { Clock, ClockError, type ClockCallback } from '../src/index.ts';

/** A fake requestAnimationFrame: frames run only when `step()` says so. */
function fakeFrames(): {
  requestFrame: (cb: (t: number) => void) => number;
  cancelFrame: (id: number) => void;
  step: () => void;
  pending: () => number;
} {
  let queue: { id: number; cb: (t: number) => void }[] = [];
  let next = 1;
  return {
    requestFrame: (cb) => {
      queue.push({ id: next, cb });
      return next++;
    },
    cancelFrame: (id) => {
      queue = queue.filter((f) => f.id !== id);
    },
    step: () => {
      const run = queue;
      queue = [];
      for (const f of run) f.cb(0);
    },
    pending: () => queue.length,
  };
}

describe('Clock: tick and schedule', () => {
  it('tick(dt) advances time, returns dt and calls every-tick callbacks with it, in scheduling order', () => {
    const clock = new Clock();
    const calls: string[] = [];
    clock.schedule((dt) => calls.push(`a${dt}`));
    clock.scheduleOnce((dt) => calls.push(`once${dt}`), 0);
    clock.schedule((dt) => calls.push(`b${dt}`));
    expect(clock.tick(0.5)).toBe(0.5);
    expect(clock.time).toBe(0.5);
    expect(calls).toEqual(['a0.5', 'once0.5', 'b0.5']);
    expect(clock.tick(0.25)).toBe(0.25);
    expect(clock.time).toBe(0.75);
    expect(calls).toEqual(['a0.5', 'once0.5', 'b0.5', 'a0.25', 'b0.25']);
  });

  it('a function scheduled twice runs twice per tick; unschedule removes every scheduling', () => {
    const clock = new Clock();
    const fn = vi.fn();
    clock.schedule(fn);
    clock.schedule(fn);
    clock.scheduleInterval(fn, 0.1);
    clock.tick(0.05);
    expect(fn).toHaveBeenCalledTimes(2);
    clock.unschedule(fn);
    clock.tick(1);
    expect(fn).toHaveBeenCalledTimes(2);
    clock.unschedule(() => {}); // not scheduled: ignored
  });

  it('the first real-time tick has dt 0; later ones use now() in ms, capped at maxDt', () => {
    let now = 1000;
    const clock = new Clock({ now: () => now, maxDt: 0.5 });
    expect(clock.tick()).toBe(0);
    now += 20;
    expect(clock.tick()).toBeCloseTo(0.02, 12);
    now += 10_000;
    expect(clock.tick()).toBe(0.5);
    expect(clock.time).toBeCloseTo(0.52, 12);
    now -= 5; // a clock going backwards gives 0, not a negative step
    expect(clock.tick()).toBe(0);
  });
});

describe('Clock: scheduleInterval', () => {
  it('runs once per interval over many uneven ticks, keeping its phase, dt = time since it last ran', () => {
    const clock = new Clock();
    const runs: { at: number; dt: number }[] = [];
    clock.scheduleInterval((dt) => runs.push({ at: clock.time, dt }), 0.1);
    // Uneven steps between 1 ms and 30 ms (a fixed pattern), about 10 s in all.
    const steps = [0.016, 0.001, 0.03, 0.017, 0.009, 0.024, 0.013, 0.02];
    let i = 0;
    while (clock.time < 10) clock.tick(steps[i++ % steps.length]!);
    const end = clock.time;
    // Every step is shorter than the interval, so no interval is skipped: exactly floor(end / 0.1) runs.
    expect(runs.length).toBe(Math.floor(end / 0.1 + 1e-9));
    for (let k = 0; k < runs.length; k++) {
      const due = (k + 1) * 0.1;
      // Each run happens on the first tick at or after its due time (no drift: phase kept).
      expect(runs[k]!.at).toBeGreaterThanOrEqual(due - 1e-9);
      expect(runs[k]!.at).toBeLessThan(due + 0.03 + 1e-9);
      const previous = k === 0 ? 0 : runs[k - 1]!.at;
      expect(runs[k]!.dt).toBeCloseTo(runs[k]!.at - previous, 9);
    }
  });

  it('runs at most once per tick: a long tick runs it once with the whole dt, then it is due one interval later', () => {
    const clock = new Clock();
    const dts: number[] = [];
    clock.scheduleInterval((dt) => dts.push(dt), 0.1);
    clock.tick(0.35);
    expect(dts).toEqual([0.35]);
    clock.tick(0.09); // 0.44 < 0.45
    expect(dts).toEqual([0.35]);
    clock.tick(0.01); // 0.45
    expect(dts.length).toBe(2);
    expect(dts[1]).toBeCloseTo(0.1, 12);
  });

  it('is timed from the clock time when it was scheduled', () => {
    const clock = new Clock();
    clock.tick(1);
    const fn = vi.fn();
    clock.scheduleInterval(fn, 0.5);
    clock.tick(0.4);
    expect(fn).not.toHaveBeenCalled();
    clock.tick(0.1);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(fn.mock.calls[0]![0]).toBeCloseTo(0.5, 12);
  });
});

describe('Clock: scheduleOnce', () => {
  it('runs once on the first tick at or after the delay, with dt since scheduling, then never again', () => {
    const clock = new Clock();
    const fn = vi.fn();
    clock.scheduleOnce(fn, 0.25);
    clock.tick(0.1);
    clock.tick(0.1);
    expect(fn).not.toHaveBeenCalled();
    clock.tick(0.1);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(fn.mock.calls[0]![0]).toBeCloseTo(0.3, 12);
    clock.runFrames(100, 0.1);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('delay 0 runs on the next tick', () => {
    const clock = new Clock();
    const fn = vi.fn();
    clock.scheduleOnce(fn, 0);
    expect(fn).not.toHaveBeenCalled();
    clock.tick(0);
    expect(fn).toHaveBeenCalledWith(0);
  });
});

describe('Clock: scheduling during a tick', () => {
  it('a callback scheduled during a tick first runs on the next tick', () => {
    const clock = new Clock();
    const late = vi.fn();
    const lateOnce = vi.fn();
    clock.scheduleOnce(() => {
      clock.schedule(late);
      clock.scheduleOnce(lateOnce, 0);
    }, 0);
    clock.tick(0.1);
    expect(late).not.toHaveBeenCalled();
    expect(lateOnce).not.toHaveBeenCalled();
    clock.tick(0.2);
    expect(late).toHaveBeenCalledWith(0.2);
    expect(lateOnce).toHaveBeenCalledTimes(1);
    expect(lateOnce.mock.calls[0]![0]).toBeCloseTo(0.2, 12); // dt since it was scheduled
  });

  it('a callback unscheduled during a tick does not run later in that tick, nor after', () => {
    const clock = new Clock();
    const calls: string[] = [];
    const b: ClockCallback = () => calls.push('b');
    const c: ClockCallback = () => calls.push('c');
    clock.schedule(() => {
      calls.push('a');
      clock.unschedule(b);
    });
    clock.scheduleInterval(b, 0.1);
    clock.schedule(c);
    clock.tick(0.1);
    expect(calls).toEqual(['a', 'c']);
    clock.tick(0.1);
    expect(calls).toEqual(['a', 'c', 'a', 'c']);
  });

  it('a callback can unschedule itself and one that ran earlier in the tick, keeping the others in order', () => {
    const clock = new Clock();
    const calls: string[] = [];
    const a: ClockCallback = () => calls.push('a');
    const self: ClockCallback = () => {
      calls.push('self');
      clock.unschedule(self);
      clock.unschedule(a);
    };
    clock.schedule(a);
    clock.schedule(self);
    clock.schedule(() => calls.push('z'));
    clock.tick(0.1);
    clock.tick(0.1);
    expect(calls).toEqual(['a', 'self', 'z', 'z']);
  });

  it("tick() from inside a callback is refused (reported as that callback's error)", () => {
    const errors: unknown[] = [];
    const clock = new Clock({ onError: (error) => errors.push(error) });
    clock.schedule(() => clock.tick(1));
    clock.tick(0.1);
    expect(errors.length).toBe(1);
    expect(errors[0]).toBeInstanceOf(ClockError);
    expect(clock.time).toBeCloseTo(0.1, 12);
  });
});

describe('Clock: a callback that throws', () => {
  it('is reported through onError; the other callbacks still run and it runs again next tick', () => {
    const errors: unknown[] = [];
    const clock = new Clock({ onError: (error) => errors.push(error) });
    const calls: string[] = [];
    const boom = new Error('boom');
    clock.schedule(() => {
      calls.push('bad');
      throw boom;
    });
    clock.schedule(() => calls.push('good'));
    clock.tick(0.1);
    clock.tick(0.1);
    expect(calls).toEqual(['bad', 'good', 'bad', 'good']);
    expect(errors).toEqual([boom, boom]);
  });

  it('goes to console.error by default', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const clock = new Clock();
      clock.schedule(() => {
        throw new Error('x');
      });
      clock.tick(0.1);
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('Clock: fps', () => {
  it('is 0 before any time passed and 60 after N ticks of 1/60', () => {
    const clock = new Clock();
    expect(clock.fps).toBe(0);
    clock.tick(0);
    expect(clock.fps).toBe(0);
    clock.runFrames(30, 1 / 60);
    expect(clock.fps).toBeCloseTo(60, 6);
    clock.runFrames(600, 1 / 60);
    expect(clock.fps).toBeCloseTo(60, 6);
  });

  it('measures a moving window of the last second: after switching to 1/30 it reads 30 within a second', () => {
    const clock = new Clock();
    clock.runFrames(120, 1 / 60);
    clock.runFrames(15, 1 / 30); // half a second at 30: the window mixes both rates
    expect(clock.fps).toBeGreaterThan(30.5);
    expect(clock.fps).toBeLessThan(59.5);
    clock.runFrames(31, 1 / 30);
    expect(clock.fps).toBeCloseTo(30, 6);
  });

  it('ticks with dt 0 do not count', () => {
    const clock = new Clock();
    clock.runFrames(60, 1 / 60);
    clock.runFrames(100, 0);
    expect(clock.fps).toBeCloseTo(60, 6);
  });
});

describe('Clock: runFrames', () => {
  it("runs n ticks of a fixed dt synchronously, onFrame after each tick's callbacks", () => {
    const clock = new Clock({
      now: () => {
        throw new Error('runFrames must not read real time');
      },
    });
    const calls: string[] = [];
    clock.schedule((dt) => calls.push(`tick ${dt}`));
    clock.runFrames(3, 0.5, (dt) => calls.push(`frame ${dt}`));
    expect(calls).toEqual(['tick 0.5', 'frame 0.5', 'tick 0.5', 'frame 0.5', 'tick 0.5', 'frame 0.5']);
    expect(clock.time).toBe(1.5);
  });

  it('defaults to dt 1/60 and n 0 does nothing', () => {
    const clock = new Clock();
    clock.runFrames(0);
    expect(clock.time).toBe(0);
    clock.runFrames(60);
    expect(clock.time).toBeCloseTo(1, 12);
  });
});

describe('Clock: start and stop', () => {
  it('ticks on each animation frame with real time, then calls onFrame; stop() ends the loop', () => {
    let now = 0;
    const frames = fakeFrames();
    const clock = new Clock({ now: () => now, requestFrame: frames.requestFrame, cancelFrame: frames.cancelFrame });
    const ticks: number[] = [];
    const onFrame: number[] = [];
    clock.schedule((dt) => ticks.push(dt));
    clock.start((dt) => onFrame.push(dt));
    expect(clock.isRunning).toBe(true);
    expect(frames.pending()).toBe(1);
    now += 16;
    frames.step();
    now += 20;
    frames.step();
    expect(ticks.map((t) => Math.round(t * 1000))).toEqual([16, 20]);
    expect(onFrame).toEqual(ticks);
    clock.stop();
    expect(clock.isRunning).toBe(false);
    expect(frames.pending()).toBe(0);
    frames.step();
    expect(ticks.length).toBe(2);
  });

  it('after stop() and start() the first step does not include the stopped time', () => {
    let now = 0;
    const frames = fakeFrames();
    const clock = new Clock({ now: () => now, requestFrame: frames.requestFrame, cancelFrame: frames.cancelFrame });
    clock.start();
    now += 16;
    frames.step();
    clock.stop();
    now += 5000;
    clock.start();
    now += 16;
    frames.step();
    expect(clock.time).toBeCloseTo(0.032, 12);
  });

  it('keeps looping when onFrame or a callback throws; stop() from onFrame ends it', () => {
    let now = 0;
    const frames = fakeFrames();
    const errors: unknown[] = [];
    const clock = new Clock({
      now: () => now,
      requestFrame: frames.requestFrame,
      cancelFrame: frames.cancelFrame,
      onError: (e) => errors.push(e),
    });
    clock.schedule(() => {
      throw new Error('callback');
    });
    let count = 0;
    clock.start(() => {
      count++;
      if (count === 3) clock.stop();
      throw new Error('frame');
    });
    for (let i = 0; i < 5; i++) {
      now += 16;
      frames.step();
    }
    expect(count).toBe(3);
    expect(errors.length).toBe(6);
    expect(frames.pending()).toBe(0);
  });

  it('start() twice, runFrames while running, and start() without requestAnimationFrame throw ClockError', () => {
    const frames = fakeFrames();
    const clock = new Clock({ requestFrame: frames.requestFrame, cancelFrame: frames.cancelFrame });
    clock.start();
    expect(() => clock.start()).toThrow(ClockError);
    expect(() => clock.runFrames(1)).toThrow(ClockError);
    expect(clock.time).toBe(0);
    clock.stop();
    clock.stop(); // a no-op
    // Node has no requestAnimationFrame.
    expect(() => new Clock().start()).toThrow(ClockError);
  });
});

describe('Clock: bad input', () => {
  const expectClockError = (fn: () => unknown, argument: string, value: unknown): void => {
    let caught: unknown;
    try {
      fn();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ClockError);
    expect((caught as ClockError).argument).toBe(argument);
    expect((caught as ClockError).value).toBe(value);
    expect((caught as ClockError).message).toContain(argument);
  };

  it('rejects bad callbacks, intervals, delays, dts, frame counts and options, leaving the clock unchanged', () => {
    const clock = new Clock();
    const fn = vi.fn();
    clock.schedule(fn);
    clock.tick(0.5);
    const bad = [null, undefined, 3, 'f', {}];
    for (const value of bad) {
      expectClockError(() => clock.schedule(value as never), 'fn', value);
      expectClockError(() => clock.scheduleInterval(value as never, 1), 'fn', value);
      expectClockError(() => clock.scheduleOnce(value as never, 1), 'fn', value);
      expectClockError(() => clock.unschedule(value as never), 'fn', value);
    }
    for (const value of [0, -1, NaN, Infinity, '1', null])
      expectClockError(() => clock.scheduleInterval(fn, value as never), 'seconds', value);
    for (const value of [-0.1, NaN, Infinity, '1', null]) expectClockError(() => clock.scheduleOnce(fn, value as never), 'delay', value);
    for (const value of [-1, NaN, Infinity, '0.1', null]) expectClockError(() => clock.tick(value as never), 'dt', value);
    for (const value of [-1, 1.5, NaN, '2']) expectClockError(() => clock.runFrames(value as never), 'n', value);
    for (const value of [-1, NaN, Infinity]) expectClockError(() => clock.runFrames(1, value), 'dt', value);
    expectClockError(() => clock.runFrames(1, 0.1, 5 as never), 'onFrame', 5);
    expectClockError(() => clock.start('go' as never), 'onFrame', 'go');
    expectClockError(() => new Clock(null as never), 'options', null);
    expectClockError(() => new Clock({ now: 5 as never }), 'now', 5);
    expectClockError(() => new Clock({ onError: 'x' as never }), 'onError', 'x');
    expectClockError(() => new Clock({ maxDt: 0 }), 'maxDt', 0);
    // Unchanged: the same time, the same single scheduling, nothing added by the failed calls.
    expect(clock.time).toBe(0.5);
    expect(clock.isRunning).toBe(false);
    fn.mockClear();
    clock.tick(0.25);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(clock.time).toBe(0.75);
  });
});
