// What every example shares so its screenshots are deterministic: the ?seed= and
// ?frames= URL parameters, and a seeded PRNG.

export interface Params<Frames extends number | null> {
  seed: number;
  frames: Frames;
}

/**
 * Reads ?seed=N (an integer >= 0, default 1) and ?frames=N (an integer >= 1,
 * default `defaultFrames`; pass null to mean "animate") from a URL's search string.
 */
export function readParams<Frames extends number | null>(search: string, defaultFrames: Frames): Params<number | Frames> {
  const params = new URLSearchParams(search);
  const int = (name: string, min: number): number | null => {
    const value = Number(params.get(name) ?? Number.NaN);
    return Number.isInteger(value) && value >= min ? value : null;
  };
  return { seed: int('seed', 0) ?? 1, frames: int('frames', 1) ?? defaultFrames };
}

/** mulberry32: a tiny seeded PRNG, so a seed always gives the same numbers. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
