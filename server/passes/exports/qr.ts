/** QR codes of pass download links and of the enrolment page, through the `qrcode` library. */
import { loadQrcode } from '../../lazy-modules.js';

// M (15 % recovery) survives a creased poster or a scratched screen and keeps a ~70-character URL at version 5–6.
const LEVEL = 'M';

export function qrPng(text: string, width = 600): Promise<Buffer> {
  return loadQrcode().toBuffer(text, { type: 'png', width, margin: 2, errorCorrectionLevel: LEVEL });
}

export function qrSvg(text: string): Promise<string> {
  return loadQrcode().toString(text, { type: 'svg', margin: 2, errorCorrectionLevel: LEVEL });
}

/** The dark modules as one SVG path in module units (the quiet zone is the caller's), for composing a poster. */
export function qrModulesPath(text: string): { size: number; path: string } {
  const { modules } = loadQrcode().create(text, { errorCorrectionLevel: LEVEL });
  let path = '';
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (modules.get(row, col)) path += `M${col} ${row}h1v1h-1z`;
    }
  }
  return { size: modules.size, path };
}
