// The stats overlay the examples share: a <table class="stats"> whose value
// cells carry data-stat="name". Values are plain integers or percentages with
// one decimal, so the e2e tests can read them back and check them.

/** Sets the text of the cell `[data-stat="name"]` (if the page has one). */
export function setStat(name: string, value: string | number): void {
  const cell = document.querySelector(`[data-stat="${name}"]`);
  if (cell) cell.textContent = String(value);
}

/** A fraction as a percentage with one decimal: 0.1234 → "12.3%". */
export const percent = (fraction: number): string => `${(fraction * 100).toFixed(1)}%`;

/**
 * What a player sees of the frame rate, next to what the frame costs in JavaScript: frames a
 * second from requestAnimationFrame intervals (each frame as shown, the GPU's work included) and
 * the milliseconds between `begin()` and `end()`, both averaged over the last second.
 */
export class FrameMeter {
  private last = 0;
  private started = 0;
  private windowStart = 0;
  private frames = 0;
  private jsTotal = 0;
  fps = 0;
  jsMs = 0;

  /** At the start of a frame: counts the interval since the last one. */
  begin(): void {
    const now = performance.now();
    if (this.last === 0) this.windowStart = now;
    this.last = now;
    this.started = now;
  }

  /** At the end of the frame's work (the draw calls made). */
  end(): void {
    const now = performance.now();
    this.jsTotal += now - this.started;
    this.frames++;
    if (now - this.windowStart < 1000) return;
    this.fps = (1000 * this.frames) / (now - this.windowStart);
    this.jsMs = this.jsTotal / this.frames;
    this.windowStart = now;
    this.frames = 0;
    this.jsTotal = 0;
  }
}
