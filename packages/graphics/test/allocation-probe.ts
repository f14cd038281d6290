// The allocation probe of the steady-frame tests (graphics and sprites): Chrome's
// sampling heap profiler through CDP, every allocation sampled, collected objects
// included, each credited to the innermost stack frame in the sources that count.
import { cdp } from 'vitest/browser';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface SamplingNode {
  id: number;
  callFrame: CallFrame;
  children: SamplingNode[];
}
interface SamplingProfile {
  head: SamplingNode;
  samples: { size: number; nodeId: number }[];
}

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
    samplingInterval: 1,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  work();
  const { profile } = (await session.send('HeapProfiler.stopSampling')) as { profile: SamplingProfile };
  await session.send('HeapProfiler.disable');
  return allocationSites(profile, scope);
}

export interface ProbeWindows {
  /** Frames run before the first window (default 20,000: V8's optimizing tier has compiled the frame by then). */
  warmUpFrames?: number;
  /** Frames per window (default 500). */
  windowFrames?: number;
  /** The most windows probed (default 20). */
  windows?: number;
}

/** The first frames after start-up, before V8's optimizing tier: views made, the frame's functions still in the baseline or middle tier. */
export const EARLY_FRAMES: Readonly<ProbeWindows> = { warmUpFrames: 200, windowFrames: 50, windows: 10 };

/** What steadyFrameAllocations found: the quietest window's sites, and every window's total (a real per-frame allocation shows in all). */
export interface SteadyFrameProbe {
  sites: Record<string, number>;
  frames: number;
  windowTotals: number[];
}

/**
 * Runs `frame(n)` for `warmUpFrames`, then probes windows of `windowFrames` frames,
 * stopping at the first without any allocation, and returns the quietest window's
 * allocation sites and its length. JIT events (tier-up, on-stack replacement, a
 * compile delayed by a busy machine) allocate once and come and go between windows;
 * an allocation of the frame itself shows in every window, so it still fails.
 *
 * Probe both early (a few hundred frames: V8's baseline and middle tiers, where a
 * double that reaches a call or a field is boxed) and late (the optimizing tier,
 * which hides most of that): a game's frame spends its first seconds early.
 */
export async function steadyFrameAllocations(
  frame: (n: number) => void,
  scope: ProbeScope,
  options: Readonly<ProbeWindows> = {},
): Promise<SteadyFrameProbe> {
  const { warmUpFrames = 20_000, windowFrames = 500, windows = 20 } = options;
  let n = 0;
  for (; n < warmUpFrames; n++) frame(n);
  let quietest: Map<string, number> | null = null;
  const windowTotals: number[] = [];
  const total = (sites: Map<string, number>): number => [...sites.values()].reduce((a, b) => a + b, 0);
  for (let window = 0; window < windows && (quietest === null || total(quietest) > 0); window++) {
    const sites = await allocationsDuring(() => {
      for (const end = n + windowFrames; n < end; n++) frame(n);
    }, scope);
    windowTotals.push(total(sites));
    if (quietest === null || total(sites) < total(quietest)) quietest = sites;
  }
  return { sites: Object.fromEntries(quietest!), frames: windowFrames, windowTotals };
}

/**
 * A steady frame allocates nothing, not a few bytes either: V8 makes a function's
 * context on every call when any closure in its body captures a variable (24 bytes
 * a call, measured in getAllocatedRegions, for a closure only its rebuild used), and
 * boxes a number read from a double array when it is passed to a call not inlined.
 */
export function expectSteadyFrame({ sites, frames, windowTotals }: SteadyFrameProbe): void {
  const bytes = Object.values(sites).reduce((a, b) => a + b, 0);
  if (bytes > 0) {
    throw new Error(
      `a steady frame allocated ${bytes} bytes in ${frames} frames, in the quietest window: ${JSON.stringify(sites)}; bytes in each window: ${windowTotals.join(', ')}`,
    );
  }
}
