// The shapes benchmark's page, driven by shapes.bench.ts: ?engine=webglet|pixi&count=N
// &case=moving|static builds the scene of shape-scene.ts in one engine and exposes window.bench
// (bench-page.ts: each frame timed as JS and as the whole frame, finished on the GPU).
import { installBench } from './bench-page.ts';
import { createPixiShapes, createWebgletShapes, type ShapeCase } from './shape-engines.ts';
import { seededRandom } from './shape-scene.ts';

const params = new URLSearchParams(location.search);
const engineName = params.get('engine') ?? 'webglet';
const count = Number(params.get('count') ?? 1000);
const scenario = (params.get('case') ?? 'moving') as ShapeCase;
const random = seededRandom(1);
const canvas = document.querySelector<HTMLCanvasElement>('#view')!;

installBench(
  () => (engineName === 'pixi' ? createPixiShapes(canvas, count, random) : createWebgletShapes(canvas, count, random)),
  scenario,
);
