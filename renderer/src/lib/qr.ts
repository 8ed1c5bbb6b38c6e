import { create } from 'qrcode/lib/core/qrcode.js';

export interface QrMatrix {
  /** Modules per side, without the quiet zone. */
  size: number;
  /** One SVG path drawing every dark module as a 1×1 square, in module units. */
  path: string;
}

/** The QR symbol of `text` (error correction M, like Wallet's), ready to draw as one SVG path; null for no text. */
export function qrMatrix(text: string): QrMatrix | null {
  if (!text) return null;
  const { modules } = create(text, { errorCorrectionLevel: 'M' });
  const { size, data } = modules;
  let path = '';
  for (let row = 0; row < size; row++) {
    let col = 0;
    while (col < size) {
      if (!data[row * size + col]) {
        col++;
        continue;
      }
      // Runs of dark modules become one rectangle: far fewer path commands than one square each.
      const start = col;
      while (col < size && data[row * size + col]) col++;
      path += `M${start} ${row}h${col - start}v1h${start - col}z`;
    }
  }
  return { size, path };
}
