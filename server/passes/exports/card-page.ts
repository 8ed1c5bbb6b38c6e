/**
 * The page a computer gets when it opens a card link: the brand, and one button per wallet (each a link back to
 * /p/<id> that picks that wallet), with the QR code to scan from a phone. Static HTML: every text is escaped, no
 * script runs.
 */
import type { Locale } from '../design/schema.js';

const escape = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const TEXT = {
  fr: {
    title: 'Votre carte',
    lead: 'Ajoutez votre carte à votre téléphone.',
    scan: 'Sur ordinateur ? Scannez ce code avec votre téléphone : il ouvrira le bon portefeuille.',
    apple: 'Ajouter à Apple Wallet',
    noGoogle: 'Google Wallet n’est pas encore proposé pour cette carte.',
  },
  en: {
    title: 'Your card',
    lead: 'Add your card to your phone.',
    scan: 'On a computer? Scan this code with your phone: it opens the right wallet.',
    apple: 'Add to Apple Wallet',
    noGoogle: 'Google Wallet is not offered for this card yet.',
  },
} as const;

/**
 * Apple's official badge is not available offline here: this is a drawn equivalent (black rounded badge, a wallet
 * mark, the words Apple uses), to be replaced by Apple's artwork when the shop ships it.
 */
export function appleWalletBadgeSvg(locale: Locale): string {
  const label = TEXT[locale].apple;
  const width = locale === 'fr' ? 232 : 212;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="48" viewBox="0 0 ${width} 48" role="img" aria-label="${label}">
<rect x="0.5" y="0.5" width="${width - 1}" height="47" rx="8" fill="#000" stroke="#a6a6a6"/>
<g transform="translate(14 12)"><rect width="28" height="24" rx="4" fill="#fff"/><rect x="2" y="3" width="24" height="5" rx="1.5" fill="#ff9f0a"/><rect x="2" y="7" width="24" height="5" rx="1.5" fill="#30d158"/><rect x="2" y="11" width="24" height="5" rx="1.5" fill="#0a84ff"/><path d="M2 15h7c1.5 3 8.5 3 10 0h7v6a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2z" fill="#d1d1d6"/></g>
<text x="52" y="30" fill="#fff" font-family="-apple-system, 'Helvetica Neue', Arial, sans-serif" font-size="16" font-weight="600" textLength="${width - 68}" lengthAdjust="spacingAndGlyphs">${label}</text>
</svg>`;
}

export interface CardPageInput {
  locale: Locale;
  brandName: string;
  downloadId: string;
  /** Where the Google button artwork is served, or undefined when Google Wallet is not set up. */
  googleButtonUrl: string | undefined;
}

export function cardPageHtml(p: CardPageInput): string {
  const t = TEXT[p.locale];
  const base = `/p/${encodeURIComponent(p.downloadId)}`;
  const google = p.googleButtonUrl
    ? `<a class="wallet" href="${base}?wallet=google" data-wallet="google"><img src="${escape(p.googleButtonUrl)}" alt="${escape(p.locale === 'fr' ? 'Ajouter à Google Wallet' : 'Add to Google Wallet')}" height="48"></a>`
    : `<p class="note">${escape(t.noGoogle)}</p>`;
  return `<!doctype html>
<html lang="${p.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escape(p.brandName)} — ${escape(t.title)}</title>
<style>
body{margin:0;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;background:#f4f5f3;color:#1b1f1d}
main{max-width:420px;margin:48px auto;padding:32px;background:#fff;border-radius:16px;box-shadow:0 6px 24px rgb(0 0 0/.08);text-align:center}
h1{margin:0 0 4px;font-size:24px}p{margin:8px 0;color:#4a514d}.buttons{display:flex;flex-direction:column;align-items:center;gap:12px;margin:24px 0}
.wallet{display:inline-block;line-height:0}.qr{width:180px;height:180px;margin-top:8px}.note{font-size:14px}
</style>
</head>
<body>
<main>
<h1>${escape(p.brandName)}</h1>
<p>${escape(t.lead)}</p>
<div class="buttons">
<a class="wallet" href="${base}?wallet=apple" data-wallet="apple">${appleWalletBadgeSvg(p.locale)}</a>
${google}
</div>
<p class="note">${escape(t.scan)}</p>
<img class="qr" src="${base}/qr.png" alt="QR code" width="180" height="180">
</main>
</body>
</html>`;
}
