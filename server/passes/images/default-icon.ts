/**
 * Apple refuses a pass without an icon, so a new design starts with one in the brand's colour: a card shape, drawn
 * without text (no font needed to rasterise it). Same colours, same bytes, same content-addressed image.
 */
import { readableOn } from '../design/colour.js';

export function defaultIconSvg(background: string): Buffer {
  const bg = /^#[0-9a-fA-F]{6}$/.test(background) ? background.toLowerCase() : '#1f4e79';
  const fg = readableOn(bg);
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="174" height="174" viewBox="0 0 174 174">` +
      `<rect width="174" height="174" rx="38" fill="${bg}"/>` +
      `<rect x="33" y="52" width="108" height="70" rx="11" fill="${fg}"/>` +
      `<rect x="33" y="66" width="108" height="13" fill="${bg}"/>` +
      `<rect x="45" y="96" width="34" height="9" rx="4" fill="${bg}"/>` +
      `</svg>`,
    'utf8',
  );
}
