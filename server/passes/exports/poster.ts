/**
 * The in-store poster: brand name on the brand colour, a call to action in the brand's language and a large QR code
 * to the enrolment page. Composed as SVG and rasterised by sharp (librsvg) to A4 at 150 dpi, ready to print.
 * Every text from settings goes through `xml()`: a brand called `Thé & <Co>` must print as such, not break the SVG.
 */
import { loadSharp } from '../../lazy-modules.js';
import { contrastRatio, mix, readableOn } from '../design/colour.js';
import type { Locale } from '../design/schema.js';
import { qrModulesPath } from './qr.js';

export const POSTER_WIDTH = 1240;
export const POSTER_HEIGHT = 1754;
const DPI = 150;
const FONT = "'DejaVu Sans', 'Liberation Sans', Arial, Helvetica, sans-serif";

const TEXTS: Record<Locale, { cta: string; scan: string; steps: [string, string, string]; orVisit: string }> = {
  fr: {
    cta: 'Votre carte de fidélité dans votre téléphone',
    scan: 'Scannez ce code avec l’appareil photo de votre téléphone',
    steps: ['Scannez', 'Inscrivez-vous', 'Ajoutez la carte à votre Wallet'],
    orVisit: 'Ou rendez-vous sur',
  },
  en: {
    cta: 'Your loyalty card in your phone',
    scan: 'Scan this code with your phone’s camera',
    steps: ['Scan', 'Sign up', 'Add the card to your Wallet'],
    orVisit: 'Or go to',
  },
};

export interface PosterInput {
  brandName: string;
  /** #rrggbb */
  colour: string;
  locale: Locale;
  /** What the QR code opens: the public enrolment page. */
  joinUrl: string;
}

/** Text for SVG content and attributes; characters XML 1.0 forbids are dropped. */
export function xml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * Word wrap by an average glyph width (~0.55 em for these fonts; no font metrics needed), into lines of balanced
 * length: "Your loyalty card / in your phone" rather than "Your loyalty card in your / phone".
 */
function wrap(text: string, fontSize: number, width: number): string[] {
  const perLine = Math.max(8, Math.floor(width / (fontSize * 0.58)));
  const words = text.split(/\s+/).filter(Boolean);
  const target = Math.ceil(text.length / Math.ceil(text.length / perLine));
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const next = line ? `${line} ${word}` : word;
    if (line && next.length > perLine) {
      lines.push(line);
      line = word;
    } else if (line && next.length > target + 2) {
      lines.push(line);
      line = word;
    } else {
      line = next;
    }
  }
  if (line) lines.push(line);
  return lines;
}

const fitFontSize = (text: string, max: number, width: number): number =>
  Math.max(36, Math.min(max, Math.floor(width / (Math.max(text.length, 1) * 0.6))));

export function posterSvg(input: PosterInput): string {
  const W = POSTER_WIDTH;
  const colour = /^#[0-9a-fA-F]{6}$/.test(input.colour) ? input.colour.toLowerCase() : '#1f4e79';
  const onColour = readableOn(colour);
  // The QR frame and step numbers need the brand colour to stand out on white; a pale brand colour is darkened.
  const accent = contrastRatio(colour, '#ffffff') >= 3 ? colour : mix(colour, '#000000', 0.45);
  const t = TEXTS[input.locale];
  const brandSize = fitFontSize(input.brandName, 96, W - 160);
  const cta = wrap(t.cta, 68, W - 200);
  const qr = qrModulesPath(input.joinUrl);
  const ctaTop = 500;
  const qrBox = 560;
  const qrScale = qrBox / qr.size;
  const qrTop = ctaTop + (cta.length - 1) * 82 + 175;
  const qrLeft = (W - qrBox) / 2;
  const stepsTop = qrTop + qrBox + 140;
  const stepWidth = (W - 160) / 3;

  const text = (x: number, y: number, size: number, fill: string, body: string, weight = 400) =>
    `<text x="${x}" y="${y}" font-family="${FONT}" font-size="${size}" font-weight="${weight}" fill="${fill}" text-anchor="middle">${xml(body)}</text>`;

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${POSTER_HEIGHT}" viewBox="0 0 ${W} ${POSTER_HEIGHT}">`,
    `<rect width="${W}" height="${POSTER_HEIGHT}" fill="#ffffff"/>`,
    `<rect width="${W}" height="360" fill="${colour}"/>`,
    text(W / 2, 180 + brandSize / 3, brandSize, onColour, input.brandName, 700),
    ...cta.map((line, i) => text(W / 2, ctaTop + i * 82, 68, '#1b1f24', line, 700)),
    text(W / 2, qrTop - 84, 34, '#4a525c', t.scan),
    `<rect x="${qrLeft - 46}" y="${qrTop - 46}" width="${qrBox + 92}" height="${qrBox + 92}" rx="36" fill="#ffffff" stroke="${accent}" stroke-width="10"/>`,
    `<g transform="translate(${qrLeft} ${qrTop}) scale(${qrScale.toFixed(4)})" shape-rendering="crispEdges">`,
    `<path d="${qr.path}" fill="#000000"/></g>`,
    ...t.steps.flatMap((step, i) => {
      const cx = 80 + stepWidth * i + stepWidth / 2;
      return [
        `<circle cx="${cx}" cy="${stepsTop}" r="38" fill="${accent}"/>`,
        text(cx, stepsTop + 14, 40, readableOn(accent), String(i + 1), 700),
        ...wrap(step, 32, stepWidth - 30).map((line, j) => text(cx, stepsTop + 84 + j * 38, 32, '#1b1f24', line, 600)),
      ];
    }),
    `<rect y="${POSTER_HEIGHT - 130}" width="${W}" height="130" fill="${colour}"/>`,
    text(W / 2, POSTER_HEIGHT - 78, 28, onColour, t.orVisit),
    text(W / 2, POSTER_HEIGHT - 36, 30, onColour, input.joinUrl.replace(/^https?:\/\//, ''), 700),
    '</svg>',
  ].join('\n');
}

export async function posterPng(input: PosterInput): Promise<Buffer> {
  return loadSharp()(Buffer.from(posterSvg(input), 'utf8')).withDensity(DPI).png({ compressionLevel: 9 }).toBuffer();
}
