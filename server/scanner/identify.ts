/**
 * What a scan at the till can read, and whom it names: the referral link every loyalty card's QR carries
 * (`<public URL>/r/<code>`), a member number (`M-000042`, the default of older designs), a bare referral code, or a
 * coupon code (`C-…`, a coupon card).
 */
export type ScannedCode =
  | { kind: 'referral'; code: string }
  | { kind: 'member'; id: number }
  | { kind: 'coupon'; code: string };

export function readScannedCode(raw: string): ScannedCode | undefined {
  const text = raw.trim();
  if (text.length === 0 || text.length > 500) return undefined;
  const link = /\/r\/([A-Za-z0-9]{4,16})\/?(?:[?#].*)?$/.exec(text);
  if (link) return { kind: 'referral', code: link[1]!.toUpperCase() };
  const member = /^M-?0*(\d{1,12})$/i.exec(text);
  if (member) return { kind: 'member', id: Number(member[1]) };
  const coupon = /^C-[0-9A-Z]{6,38}$/i.exec(text);
  if (coupon) return { kind: 'coupon', code: text.toUpperCase() };
  if (/^[0-9A-Z]{4,16}$/i.test(text)) return { kind: 'referral', code: text.toUpperCase() };
  return undefined;
}
