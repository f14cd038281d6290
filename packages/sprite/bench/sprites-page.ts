// The sprite benchmark's page, driven by sprites.bench.ts: ?engine=webglet|pixi&count=N
// &case=moving|spinning|static|churn(&policy=…) builds the scene in one engine and exposes
// window.bench. Every frame waits for requestAnimationFrame (so the compositor shows the last
// one, untimed), then times the engine's frame (JS) and the frame finished on the GPU (a
// 1-pixel readPixels): both engines finish every frame before the next, so neither side's
// figure hides GPU work in the other's.
import type { AllocationPolicy } from '@webglet/graphics';
import { seededRandom } from './bunny-scene.ts';
import { counter, installCounter, liveBufferBytes, startCounting, stopCounting } from './gl-counter.ts';
import { createPixi, createWebglet, type Case, type Engine } from './engines.ts';

interface Bench {
  /** Runs `n` frames; returns each frame's JS time and whole time (finished on the GPU), in ms. */
  frames(n: number): Promise<{ js: number[]; whole: number[] }>;
  /** Runs `n` frames with the GL counter on; returns per-frame means. */
  count(n: number): Promise<{ bytesUploaded: number; drawCalls: number; bufferBytes: number; own: ReturnType<Engine['ownFigures']> }>;
}

declare global {
  interface Window { bench?: Bench; benchError?: string }
}

installCounter();
const params = new URLSearchParams(location.search);
const engineName = params.get('engine') ?? 'webglet';
const count = Number(params.get('count') ?? 1000);
const scenario = (params.get('case') ?? 'moving') as Case;
const policy = (params.get('policy') ?? undefined) as AllocationPolicy | undefined;
const random = seededRandom(1);
const canvas = document.querySelector<HTMLCanvasElement>('#view')!;

/** Named, so the heap profile can attribute what it allocates (the app's update and the draw). */
function benchFrame(engine: Engine): void {
  engine.frame(scenario);
}

const nextFrame = (): Promise<number> => new Promise((resolve) => requestAnimationFrame(resolve));
/** In whole microseconds: the timer ticks in 5 µs here, and its doubles carry noise below that. */
const ms = (from: number, to: number): number => Math.round((to - from) * 1000) / 1000;

async function start(): Promise<void> {
  const engine = engineName === 'pixi' ? await createPixi(canvas, count, random) : createWebglet(canvas, count, random, policy);
  engine.finish();
  window.bench = {
    async frames(n) {
      const js: number[] = [], whole: number[] = [];
      for (let f = 0; f < n; f++) {
        await nextFrame();
        const t0 = performance.now();
        benchFrame(engine);
        const t1 = performance.now();
        engine.finish();
        const t2 = performance.now();
        js.push(ms(t0, t1));
        whole.push(ms(t0, t2));
      }
      return { js, whole };
    },
    async count(n) {
      startCounting();
      try {
        for (let f = 0; f < n; f++) {
          await nextFrame();
          benchFrame(engine);
          engine.finish();
        }
      } finally {
        stopCounting();
      }
      return { bytesUploaded: counter.bytesUploaded / n, drawCalls: counter.drawCalls / n, bufferBytes: liveBufferBytes(), own: engine.ownFigures() };
    },
  };
}

start().catch((error: unknown) => { window.benchError = String((error as Error)?.stack ?? error); });
