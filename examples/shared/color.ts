// Colours the examples animate: a hue wheel in the shapes' [r, g, b] 0–255 integers.

export type RGB = [number, number, number];

/** HSV (hue in turns, any real number; saturation and value 0–1) to integer [r, g, b]. */
export function hsv(hue: number, saturation: number, value: number): RGB {
  const h = (((hue % 1) + 1) % 1) * 6;
  const channel = (n: number): number => {
    const k = (n + h) % 6;
    return Math.round(255 * value * (1 - saturation * Math.max(0, Math.min(k, 4 - k, 1))));
  };
  return [channel(5), channel(3), channel(1)];
}
