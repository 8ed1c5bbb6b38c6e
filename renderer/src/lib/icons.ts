/** Stroke icons on a 24×24 grid, as path data only (so they render in the SVG namespace without {@html}). */
const circle = (cx: number, cy: number, r: number): string =>
  `M${cx - r} ${cy}a${r} ${r} 0 1 0 ${2 * r} 0a${r} ${r} 0 1 0 ${-2 * r} 0`;
const rect = (x: number, y: number, w: number, h: number, r: number): string =>
  `M${x + r} ${y}h${w - 2 * r}a${r} ${r} 0 0 1 ${r} ${r}v${h - 2 * r}a${r} ${r} 0 0 1 ${-r} ${r}h${-(w - 2 * r)}a${r} ${r} 0 0 1 ${-r} ${-r}v${-(h - 2 * r)}a${r} ${r} 0 0 1 ${r} ${-r}z`;

export const icons = {
  dashboard: [rect(3, 3, 7, 9, 1.5), rect(14, 3, 7, 5, 1.5), rect(14, 12, 7, 9, 1.5), rect(3, 16, 7, 5, 1.5)],
  cards: [rect(2, 5, 20, 14, 2.5), 'M2 10h20', 'M6 15h4'],
  customers: [circle(9, 8, 4), 'M2 21v-1a6 6 0 0 1 6-6h2a6 6 0 0 1 6 6v1', 'M16 3.5a4 4 0 0 1 0 8', 'M22 21v-1a6 6 0 0 0-4-5.6'],
  stores: ['M4 10v10h16V10', 'M2.5 10l2-6h15l2 6z', 'M10 20v-5h4v5'],
  segments: ['M3 4h18l-7 8.5V19l-4 2v-8.5z'],
  campaigns: ['M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9', 'M10.3 21a1.94 1.94 0 0 0 3.4 0'],
  scanner: ['M3 7V5a2 2 0 0 1 2-2h2', 'M17 3h2a2 2 0 0 1 2 2v2', 'M21 17v2a2 2 0 0 1-2 2h-2', 'M7 21H5a2 2 0 0 1-2-2v-2', 'M7 8v8', 'M10.5 8v8', 'M14 8v8', 'M17 8v8'],
  settings: ['M4 21v-7', 'M4 10V3', 'M12 21v-9', 'M12 8V3', 'M20 21v-5', 'M20 12V3', 'M2 14h4', 'M10 8h4', 'M18 16h4'],
  logout: ['M9 21H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h4', 'M16 17l5-5-5-5', 'M21 12H9'],
  alert: [circle(12, 12, 9.5), 'M12 7.5v5', 'M12 16.2v.1'],
  check: ['M20 6L9 17l-5-5'],
  info: [circle(12, 12, 9.5), 'M12 16v-4.5', 'M12 7.8v.1'],
  search: [circle(11, 11, 7), 'M21 21l-4.3-4.3'],
  close: ['M18 6L6 18', 'M6 6l12 12'],
  sparkles: ['M12 3l1.9 5.6L19.5 10.5l-5.6 1.9L12 18l-1.9-5.6L4.5 10.5l5.6-1.9z', 'M19 3v4', 'M21 5h-4'],
  chart: ['M3 3v18h18', 'M7.5 16v-4', 'M12 16V8', 'M16.5 16v-6'],
  bolt: ['M13 2L4 14h7l-1 8 9-12h-7z'],
  server: [rect(3, 4, 18, 7, 2), rect(3, 13, 18, 7, 2), 'M7 7.5h.01', 'M7 16.5h.01'],
  chevronLeft: ['M15 18l-6-6 6-6'],
  chevronRight: ['M9 18l6-6-6-6'],
  pin: ['M12 21s-7-6.2-7-12a7 7 0 0 1 14 0c0 5.8-7 12-7 12z', circle(12, 9, 2.5)],
  lock: [rect(4, 11, 16, 10, 2), 'M8 11V7a4 4 0 0 1 8 0v4'],
  terminal: ['M4 17l6-5-6-5', 'M12 19h8'],
  shield: ['M12 22s8-4 8-10V5l-8-3-8 3v7c0 6 8 10 8 10z', 'M9 12l2 2 4-4'],
  clock: [circle(12, 12, 9.5), 'M12 7v5l3 2'],
  copy: [rect(8, 8, 13, 13, 2), 'M4 16a2 2 0 0 1-1-1.7V5a2 2 0 0 1 2-2h9.3A2 2 0 0 1 16 4'],
  globe: [circle(12, 12, 9.5), 'M2.5 12h19', 'M12 2.5a14.5 14.5 0 0 1 0 19', 'M12 2.5a14.5 14.5 0 0 0 0 19'],
  download: ['M12 3v12', 'M7 10l5 5 5-5', 'M4 17v2a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-2'],
  qr: [rect(3, 3, 7, 7, 1), rect(14, 3, 7, 7, 1), rect(3, 14, 7, 7, 1), 'M14 14h3v3', 'M21 14v.01', 'M14 21h3', 'M20 18v3h1'],
  printer: ['M6 9V3h12v6', rect(2, 9, 20, 9, 2), 'M6 14h12v7H6z'],
} satisfies Record<string, string[]>;

export type IconName = keyof typeof icons;
