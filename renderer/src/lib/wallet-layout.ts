import type { DesignKind, ImageRole } from './contract';

/**
 * How Apple Wallet lays out each kind of card (reference: apple-wallet.md §3): the pass style it becomes, the images
 * that style shows and the shape of its strip. The preview and the images panel follow these facts.
 */
export type AppleStyle = 'storeCard' | 'coupon' | 'eventTicket' | 'generic';

export const APPLE_STYLE: Record<DesignKind, AppleStyle> = {
  loyalty: 'storeCard',
  coupon: 'coupon',
  eventTicket: 'eventTicket',
  giftCard: 'storeCard',
  generic: 'generic',
};

const ROLES: Record<AppleStyle, readonly ImageRole[]> = {
  storeCard: ['logo', 'icon', 'strip'],
  coupon: ['logo', 'icon', 'strip'],
  // An event ticket shows a strip, or a background with a thumbnail — never both.
  eventTicket: ['logo', 'icon', 'strip', 'background', 'thumbnail'],
  generic: ['logo', 'icon', 'thumbnail'],
};

export function imageRolesFor(kind: DesignKind): readonly ImageRole[] {
  return ROLES[APPLE_STYLE[kind]];
}

/** Strip size in points: 375×98 on event tickets, 375×144 on coupons and gift cards, 375×123 otherwise. */
export function stripPoints(kind: DesignKind): { width: number; height: number } {
  if (kind === 'eventTicket') return { width: 375, height: 98 };
  if (kind === 'coupon' || kind === 'giftCard') return { width: 375, height: 144 };
  return { width: 375, height: 123 };
}

/** On store cards and coupons the primary field sits on the strip, value above label; elsewhere label first. */
export function primaryOnStrip(kind: DesignKind): boolean {
  const style = APPLE_STYLE[kind];
  return style === 'storeCard' || style === 'coupon';
}

/** Store cards and coupons put secondary and auxiliary fields on one row; other styles give each its own. */
export function combinedFieldRow(kind: DesignKind): boolean {
  return primaryOnStrip(kind);
}
