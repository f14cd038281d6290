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
