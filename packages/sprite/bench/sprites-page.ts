// The sprite benchmark's page, driven by sprites.bench.ts: ?engine=webglet|pixi
// &count=N&case=moving|static|churn(&policy=first-fit|best-fit|good-fit) builds the bunnymark scene in one engine and
// exposes window.bench to run frames: timed (JS time of the engine's update and
// draw per frame) or counted (bytes uploaded, draw calls, through gl-counter).
import type { AllocationPolicy } from '@webglet/graphics';
import { Motion, seededRandom } from './bunny-scene.ts';
import { counter, installCounter, liveBufferBytes, startCounting, stopCounting } from './gl-counter.ts';
import { createPixi, createWebglet, type Engine } from './engines.ts';

type Case = 'moving' | 'spinning' | 'static' | 'churn';

interface Bench {
  /** Runs `n` frames on requestAnimationFrame; returns each frame's JS time in ms. */
  frames(n: number): Promise<number[]>;
  /** Runs `n` frames with the GL counter on; returns per-frame means. */
  count(n: number): Promise<{ bytesUploaded: number; drawCalls: number; bufferBytes: number; own: ReturnType<Engine['ownFigures']> }>;
  changedBytesPerFrame: number;
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
const motion = new Motion(count, random);
const churnPerFrame = Math.max(1, Math.round(count / 100));
const canvas = document.querySelector<HTMLCanvasElement>('#view')!;

function benchFrame(engine: Engine): void {
  if (scenario === 'moving') {
    motion.step();
    engine.place(motion);
  } else if (scenario === 'spinning') {
    motion.step();
    engine.transform(motion);
  } else if (scenario === 'churn') {
    for (let k = 0; k < churnPerFrame; k++) {
      const i = Math.floor(random() * count);
      motion.reset(i, random);
      engine.replace(i, motion);
    }
  }
  engine.draw();
}

const nextFrame = (): Promise<number> => new Promise((resolve) => requestAnimationFrame(resolve));

async function start(): Promise<void> {
  const engine = engineName === 'pixi' ? await createPixi(canvas, motion) : createWebglet(canvas, motion, policy);
  window.bench = {
    // Bytes the scene changes per frame in webglet's layout: a moved sprite's position (2 floats), with rotation and scale 5.
    changedBytesPerFrame: scenario === 'moving' ? count * 8 : scenario === 'spinning' ? count * 20 : 0,
    async frames(n) {
      const times: number[] = [];
      for (let f = 0; f < n; f++) {
        await nextFrame();
        const t0 = performance.now();
        benchFrame(engine);
        // In whole microseconds: the timer ticks in 5 µs here, and its doubles carry noise below that (0.10000000149 ms).
        times.push(Math.round((performance.now() - t0) * 1000) / 1000);
      }
      return times;
    },
    async count(n) {
      startCounting();
      try {
        for (let f = 0; f < n; f++) {
          await nextFrame();
          benchFrame(engine);
        }
      } finally {
        stopCounting();
      }
      return { bytesUploaded: counter.bytesUploaded / n, drawCalls: counter.drawCalls / n, bufferBytes: liveBufferBytes(), own: engine.ownFigures() };
    },
  };
}

start().catch((error: unknown) => { window.benchError = String((error as Error)?.stack ?? error); });
