// What every benchmark page shares (sprites-page.ts, shapes-page.ts): window.bench, driven by
// bench-driver.ts. Every frame waits for requestAnimationFrame (so the compositor shows the last
// one, untimed), then times the engine's frame (JS) and the frame finished on the GPU (a 1-pixel
// readPixels): both engines finish every frame before the next, so neither side's figure hides
// GPU work in the other's. `count` runs frames with the GL counter (gl-counter.ts) on.
import { counter, installCounter, liveBufferBytes, startCounting, stopCounting } from './gl-counter.ts';

/** Draw calls and GPU buffer bytes as an engine itself reports them (webglet's batch.stats()). */
export type OwnFigures = { bytesUploaded: number; drawCalls: number; bufferBytes: number; fragmentation: number } | null;

/** One engine of a page, running one case of it. */
export interface BenchEngine<C> {
  readonly name: string;
  /** The app's update for `scenario` alone, with no draw. */
  update(scenario: C): void;
  /** The app's update for `scenario` and the engine's draw: the JS a frame costs. */
  frame(scenario: C): void;
  /** Waits for the GPU to finish the frame: a 1-pixel readPixels. */
  finish(): void;
  ownFigures(): OwnFigures;
}

export interface Bench {
  /** Runs `n` frames; returns each frame's JS time and whole time (finished on the GPU), in ms. */
  frames(n: number): Promise<{ js: number[]; whole: number[] }>;
  /**
   * Runs the app's update `n` times with no draw: warms up the update's code, which V8 compiles
   * for its loops, where whole frames would take minutes of rasterizing at large counts.
   */
  updates(n: number): void;
  /** Runs `n` frames with the GL counter on; returns per-frame means. */
  count(n: number): Promise<{ bytesUploaded: number; drawCalls: number; bufferBytes: number; own: OwnFigures }>;
}

declare global {
  interface Window {
    bench?: Bench;
    benchError?: string;
  }
}

/** Named, so the heap profile can attribute what it allocates (the app's update and the draw). */
function benchFrame<C>(engine: BenchEngine<C>, scenario: C): void {
  engine.frame(scenario);
}

const nextFrame = (): Promise<number> => new Promise((resolve) => requestAnimationFrame(resolve));
/** In whole microseconds: the timer ticks in 5 µs here, and its doubles carry noise below that. */
const ms = (from: number, to: number): number => Math.round((to - from) * 1000) / 1000;

/** Installs the GL counter, then builds the engine with `create` and exposes window.bench (or window.benchError). */
export function installBench<C>(create: () => BenchEngine<C> | Promise<BenchEngine<C>>, scenario: C): void {
  installCounter();
  const start = async (): Promise<void> => {
    const engine = await create();
    engine.finish();
    window.bench = {
      async frames(n) {
        const js: number[] = [],
          whole: number[] = [];
        for (let f = 0; f < n; f++) {
          await nextFrame();
          const t0 = performance.now();
          benchFrame(engine, scenario);
          const t1 = performance.now();
          engine.finish();
          const t2 = performance.now();
          js.push(ms(t0, t1));
          whole.push(ms(t0, t2));
        }
        return { js, whole };
      },
      updates(n) {
        for (let i = 0; i < n; i++) engine.update(scenario);
      },
      async count(n) {
        startCounting();
        try {
          for (let f = 0; f < n; f++) {
            await nextFrame();
            benchFrame(engine, scenario);
            engine.finish();
          }
        } finally {
          stopCounting();
        }
        return {
          bytesUploaded: counter.bytesUploaded / n,
          drawCalls: counter.drawCalls / n,
          bufferBytes: liveBufferBytes(),
          own: engine.ownFigures(),
        };
      },
    };
  };
  start().catch((error: unknown) => {
    window.benchError = String((error as Error)?.stack ?? error);
  });
}
