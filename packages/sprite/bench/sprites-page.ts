// The sprite benchmark's page, driven by sprites.bench.ts: ?engine=webglet|pixi&count=N
// &case=moving|spinning|static|churn(&policy=…) builds the scene in one engine and exposes
// window.bench (bench-page.ts: each frame timed as JS and as the whole frame, finished on the GPU).
import type { AllocationPolicy } from '@webglet/graphics';
import { seededRandom } from './bunny-scene.ts';
import { installBench } from './bench-page.ts';
import { createPixi, createWebglet, type Case } from './engines.ts';

const params = new URLSearchParams(location.search);
const engineName = params.get('engine') ?? 'webglet';
const count = Number(params.get('count') ?? 1000);
const scenario = (params.get('case') ?? 'moving') as Case;
const policy = (params.get('policy') ?? undefined) as AllocationPolicy | undefined;
const random = seededRandom(1);
const canvas = document.querySelector<HTMLCanvasElement>('#view')!;

installBench(() => (engineName === 'pixi' ? createPixi(canvas, count, random) : createWebglet(canvas, count, random, policy)), scenario);
