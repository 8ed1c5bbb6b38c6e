/**
 * Which wallet a phone opening a card link (or scanning its QR code) should get, from its User-Agent: Android →
 * Google Wallet, iPhone/iPad/iPod → the .pkpass, a desktop browser → a page with both buttons. Anything else
 * (Wallet itself, a download tool, no User-Agent) gets the .pkpass, as before there was a choice.
 */
export type WalletChoice = 'google' | 'apple' | 'choose';

export function walletFor(userAgent: string | undefined): WalletChoice {
  const ua = userAgent ?? '';
  if (/Android/i.test(ua)) return 'google';
  if (/iPhone|iPad|iPod|Apple ?Watch/i.test(ua)) return 'apple';
  if (/Mozilla\/5\.0/.test(ua) && /Windows NT|Macintosh|X11|CrOS|Linux/.test(ua) && !/Mobile/.test(ua)) return 'choose';
  return 'apple';
}
