// The URL contract of a game page in test mode, and the seeded random that makes
// a run repeatable. `?seed=N` seeds the random (default 1); `?frames=N` runs N
// frames of a fixed step and stops (absent: the page animates as usual);
// `?loseAt=K`, `?lostFrames=M` and `?restore=never` schedule a context loss
// (context-loss.ts). A value that is not a whole number in range is ignored, so
// a hand-typed URL never throws.

export interface GameParams {
  readonly seed: number;
  /** Frames of a deterministic run; null: animate on requestAnimationFrame. */
  readonly frames: number | null;
  /** Lose the context after this frame (0: before the first); null: never. */
  readonly loseAt: number | null;
  /** Frames run while the context is lost before it is restored. Default 10. */
  readonly lostFrames: number;
  /** false with `?restore=never`. */
  readonly restore: boolean;
}

/** Reads the parameters above from a URL's search string (default: this page's). */
export function readGameParams(search: string = globalThis.location?.search ?? ''): GameParams {
  const params = new URLSearchParams(search);
  const int = (name: string, min: number): number | null => {
    const text = params.get(name);
    // An empty value (`?loseAt=`) is no value: Number('') would read it as 0.
    const value = text === null || text.trim() === '' ? Number.NaN : Number(text);
    return Number.isSafeInteger(value) && value >= min ? value : null;
  };
  return {
    seed: int('seed', 0) ?? 1,
    frames: int('frames', 1),
    loseAt: int('loseAt', 0),
    lostFrames: int('lostFrames', 0) ?? 10,
    restore: params.get('restore') !== 'never',
  };
}

/** mulberry32: a small, fast seeded PRNG in [0, 1), so a seed always gives the same numbers. */
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
