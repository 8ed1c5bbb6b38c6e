/** `#rrggbb` colours: Apple's `rgb(r, g, b)` form, and WCAG 2 contrast so that a card stays readable. */

export type Rgb = readonly [number, number, number];

export function parseHex(hex: string): Rgb {
  const m = /^#([0-9a-fA-F]{2})([0-9a-fA-F]{2})([0-9a-fA-F]{2})$/.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  return [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)];
}

export function toHex([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

export function toAppleRgb(hex: string): string {
  const [r, g, b] = parseHex(hex);
  return `rgb(${r}, ${g}, ${b})`;
}

// WCAG 2.x relative luminance.
function luminance(hex: string): number {
  const [r, g, b] = parseHex(hex).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio, 1 (same colour) to 21 (black on white). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Mixes `b` into `a` by `t` (0 → a, 1 → b). */
export function mix(a: string, b: string, t: number): string {
  const x = parseHex(a);
  const y = parseHex(b);
  return toHex([0, 1, 2].map((i) => x[i]! + (y[i]! - x[i]!) * t) as unknown as Rgb);
}

/**
 * White or near-black text, whichever reads better on `background`; pure black on mid-greys where near-black falls
 * short (white or black always reaches 4.5:1).
 */
export function readableOn(background: string): string {
  const best = contrastRatio('#ffffff', background) >= contrastRatio('#111111', background) ? '#ffffff' : '#111111';
  return contrastRatio(best, background) >= 4.5 ? best : '#000000';
}

/**
 * A softer tone of the foreground for labels: as far towards the background as it can go while keeping `minRatio`
 * (labels are secondary text, but must stay legible).
 */
export function labelTone(background: string, foreground: string, minRatio = 3.5): string {
  for (let t = 0.45; t > 0; t -= 0.05) {
    const candidate = mix(foreground, background, t);
    if (contrastRatio(candidate, background) >= minRatio) return candidate;
  }
  return foreground;
}
