/**
 * What Apple Wallet allows per pass style (apple-wallet.md §3.3 and §3.5): the style each design kind becomes,
 * how many fields each zone shows, which images each style draws and at what point size.
 */
import type { DesignKind, ImageRole, Zone } from './schema.js';

export type AppleStyle = 'storeCard' | 'coupon' | 'eventTicket' | 'generic';

export const APPLE_STYLE: Record<DesignKind, AppleStyle> = {
  loyalty: 'storeCard',
  giftCard: 'storeCard',
  coupon: 'coupon',
  eventTicket: 'eventTicket',
  generic: 'generic',
};

/** Fields Wallet shows per zone (boarding passes differ; we make none). Back fields are unlimited. */
export const FIELD_LIMITS: Record<Exclude<Zone, 'back'>, number> = { header: 3, primary: 1, secondary: 4, auxiliary: 4 };

/** With a square barcode these styles fit only four secondary and auxiliary fields together. */
export const SQUARE_BARCODE_SHARED_LIMIT = 4;
export const SQUARE_BARCODE_STYLES: readonly AppleStyle[] = ['storeCard', 'coupon', 'generic'];

export const SUPPORTED_ROLES: Record<AppleStyle, readonly ImageRole[]> = {
  storeCard: ['icon', 'logo', 'strip'],
  coupon: ['icon', 'logo', 'strip'],
  // Either a strip, or a background with a thumbnail: Wallet ignores the strip when both are present.
  eventTicket: ['icon', 'logo', 'strip', 'thumbnail', 'background'],
  generic: ['icon', 'logo', 'thumbnail'],
};

export const supportsRole = (kind: DesignKind, role: ImageRole): boolean => SUPPORTED_ROLES[APPLE_STYLE[kind]].includes(role);

/**
 * `exact`: the image is cropped to fill the box; `within`: it is scaled to fit inside it (a logo keeps its shape).
 */
export interface PointBox {
  width: number;
  height: number;
  fit: 'exact' | 'within';
}

/** Strip height depends on the style: 98 pt on event tickets, 144 pt on coupons and gift cards, 123 pt otherwise. */
export function stripHeight(kind: DesignKind): 98 | 123 | 144 {
  if (kind === 'eventTicket') return 98;
  if (kind === 'coupon' || kind === 'giftCard') return 144;
  return 123;
}

export function pointBox(role: ImageRole, kind: DesignKind): PointBox {
  switch (role) {
    case 'icon':
      return { width: 29, height: 29, fit: 'exact' };
    case 'logo':
      return { width: 160, height: 50, fit: 'within' };
    case 'strip':
      return { width: 375, height: stripHeight(kind), fit: 'exact' };
    case 'thumbnail':
      return { width: 90, height: 90, fit: 'within' };
    case 'background':
      return { width: 180, height: 220, fit: 'exact' };
  }
}

/**
 * How far an image of `size` must be enlarged to fill the role's box at `scale` (1 = no enlargement needed).
 * `exact` boxes need both sides covered; `within` boxes need the image to reach the box on one side.
 */
export function upscaleNeeded(size: { width: number; height: number }, box: PointBox, scale: number): number {
  const sx = (box.width * scale) / size.width;
  const sy = (box.height * scale) / size.height;
  return box.fit === 'exact' ? Math.max(sx, sy) : Math.min(sx, sy);
}
