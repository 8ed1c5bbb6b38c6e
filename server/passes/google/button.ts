/**
 * The "Add to Google Wallet" button. Google's official artwork is not available offline here, so this is a drawn
 * equivalent following Google's brand guidelines for the button: the black pill, the four-colour Google Wallet mark
 * on the left, "Add to Google Wallet" (fr: "Ajouter à Google Wallet") in white, 48 px high, never restyled.
 * Replace it with Google's SVG from the Wallet developer site when the shop ships it.
 */
import type { Locale } from '../design/schema.js';

const LABEL: Record<Locale, string> = { en: 'Add to Google Wallet', fr: 'Ajouter à Google Wallet' };
const WIDTH: Record<Locale, number> = { en: 232, fr: 262 };

export function googleWalletButtonSvg(locale: Locale): string {
  const width = WIDTH[locale];
  const label = LABEL[locale];
  const textX = 52;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="48" viewBox="0 0 ${width} 48" role="img" aria-label="${label}">
<title>${label}</title>
<rect x="0.5" y="0.5" width="${width - 1}" height="47" rx="23.5" fill="#1f1f1f" stroke="#747775"/>
<g transform="translate(16 13)">
<rect x="0" y="0" width="24" height="11" rx="3" fill="#4285f4"/>
<rect x="0" y="4" width="24" height="11" rx="3" fill="#34a853"/>
<rect x="0" y="8" width="24" height="11" rx="3" fill="#fbbc04"/>
<path d="M0 14.5c0-1.7 1.3-3 3-3h6.2c1 0 1.9.5 2.5 1.3l.3.4c.6.8 1.5 1.3 2.5 1.3H21c1.7 0 3 1.3 3 3V19c0 1.7-1.3 3-3 3H3c-1.7 0-3-1.3-3-3z" fill="#ea4335"/>
</g>
<text x="${textX}" y="30" fill="#ffffff" font-family="'Google Sans', Roboto, Arial, sans-serif" font-size="16" font-weight="500" textLength="${width - textX - 20}" lengthAdjust="spacingAndGlyphs">${label}</text>
</svg>`;
}
