/** Colour helpers so any brand colour can serve as the accent while text stays readable (WCAG contrast). */
export interface Rgb {
  r: number;
  g: number;
  b: number;
}

const HEX = /^#([0-9a-f]{6})$/i;

export function parseHex(hex: string): Rgb | null {
  const match = HEX.exec(hex.trim());
  if (!match?.[1]) return null;
  const n = Number.parseInt(match[1], 16);
  return { r: (n >> 16) & 255, g: (n >> 8) & 255, b: n & 255 };
}

export function toHex({ r, g, b }: Rgb): string {
  return `#${[r, g, b].map((c) => Math.round(Math.min(255, Math.max(0, c))).toString(16).padStart(2, '0')).join('')}`;
}

function channel(c: number): number {
  const s = c / 255;
  return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

export function luminance({ r, g, b }: Rgb): number {
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

export function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

export function mix(a: Rgb, b: Rgb, weightOfB: number): Rgb {
  return { r: a.r + (b.r - a.r) * weightOfB, g: a.g + (b.g - a.g) * weightOfB, b: a.b + (b.b - a.b) * weightOfB };
}

const WHITE: Rgb = { r: 255, g: 255, b: 255 };
const INK: Rgb = { r: 17, g: 24, b: 39 };

export interface AccentPalette {
  accent: string;
  onAccent: string;
  /** The accent darkened until it reads as text on white (≥ 4.5:1). */
  accentInk: string;
  accentSoft: string;
  accentBorder: string;
}

export const DEFAULT_ACCENT = '#1f5f57';

function darkenUntilReadableOnWhite(colour: Rgb): Rgb {
  let result = colour;
  for (let step = 0; step < 30 && contrast(result, WHITE) < 4.5; step++) result = mix(result, INK, 0.1);
  return result;
}

export function accentPalette(hex: string): AccentPalette {
  const brand = parseHex(hex) ?? parseHex(DEFAULT_ACCENT)!;
  // Mid-tones (a bright red, a grey) reach 4.5:1 with neither white nor ink: the UI uses a darker shade of them.
  const readable = Math.max(contrast(brand, WHITE), contrast(brand, INK)) >= 4.5;
  const base = readable ? brand : darkenUntilReadableOnWhite(brand);
  const onAccent = contrast(base, WHITE) >= contrast(base, INK) ? '#ffffff' : toHex(INK);
  const ink = darkenUntilReadableOnWhite(base);
  return {
    accent: toHex(base),
    onAccent,
    accentInk: toHex(ink),
    accentSoft: toHex(mix(brand, WHITE, 0.9)),
    accentBorder: toHex(mix(brand, WHITE, 0.7)),
  };
}
