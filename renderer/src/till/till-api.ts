/** What the till components need from the server; the admin page and the staff phone page each give their own. */
import type { Static } from 'typebox';
import type { ScanResult, ScannedCustomer } from '../../../server/scanner/scanner-routes';
import type { Coupon } from '../../../server/loyalty/schemas';
import type { PurchaseOutcome, RedeemOutcome } from '../../../server/loyalty/customer-routes';

export type Scan = Static<typeof ScanResult>;
export type TillCustomer = ScannedCustomer;
export type TillCoupon = Coupon;

export interface TillError {
  status: number;
  code: string;
  params: Record<string, string | number>;
}

export interface TillApi {
  lookup(code: string): Promise<Scan>;
  stores(): Promise<{ items: Array<{ id: number; name: string }> }>;
  recordPurchase(customerId: number, body: { amountCents: number; storeId: number | null; requestId: string }): Promise<{ outcome: Static<typeof PurchaseOutcome>; customer: TillCustomer }>;
  redeemReward(customerId: number, rewardId: number, requestId: string): Promise<{ outcome: Static<typeof RedeemOutcome>; customer: TillCustomer }>;
  redeemCoupon(code: string): Promise<{ coupon: TillCoupon; customer: TillCustomer }>;
}

/** A fresh id per action: a retried request (a flaky network, a double tap) is recorded once. */
export function newRequestId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** "42,50" or "42.50" → 4250 cents, exactly; null when it is not an amount. */
export function parseEuros(text: string): number | null {
  const m = /^\s*(\d{1,6})(?:[.,](\d{1,2}))?\s*$/.exec(text);
  if (!m) return null;
  const cents = Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
  return cents > 0 ? cents : null;
}

/** The sentence for a failed till action, in the page's language. */
export function tillErrorText(e: TillError, t: (key: import('./texts').TillTextKey, p?: Record<string, string | number>) => string, date: (ms: number) => string): string {
  switch (e.code) {
    case 'COUPON_ALREADY_USED': {
      const at = Number(e.params.redeemedAt);
      const by = e.params.redeemedBy ? t('errAlreadyUsedBy', { by: String(e.params.redeemedBy) }) : '';
      return t('errAlreadyUsed', { date: Number.isFinite(at) ? date(at) : '?', by });
    }
    case 'COUPON_EXPIRED':
      return t('errExpired');
    case 'COUPON_VOID':
      return t('errVoid');
    case 'COUPON_NOT_FOUND':
      return t('couponUnknown');
    case 'POINTS_INSUFFICIENT':
      return t('errInsufficient', { balance: e.params.balance ?? '?', wanted: e.params.wanted ?? '?' });
    case 'COUPON_PENDING':
      return t('errCouponPending');
    case 'ALREADY_DONE':
      return t('errAlreadyDone');
    case 'SCAN_UNKNOWN':
      return t('unknownCard');
    case 'SCAN_UNREADABLE':
      return t('unreadable');
    case 'NETWORK_ERROR':
      return t('errNetwork');
    case 'STAFF_SESSION_REQUIRED':
    case 'UNAUTHENTICATED':
      return t('errSession');
    default:
      return t('errGeneric');
  }
}
