/**
 * The sizes an uploaded image is made into. A slot is one box (Apple's point size, or Google's pixel size); the
 * strip has three slots because its height depends on the card's style. Slot names key image_variants.role.
 */
import { pointBox } from '../design/apple-layout.js';
import type { DesignKind, ImageRole } from '../design/schema.js';

export type Scale = 1 | 2 | 3;
export const APPLE_SCALES: readonly Scale[] = [1, 2, 3];

export interface Slot {
  /** Pixels at @1x. */
  width: number;
  height: number;
  /** cover: cropped to fill the box exactly; inside: scaled to fit it; contain: fitted then padded to the box. */
  fit: 'cover' | 'inside' | 'contain';
  scales: readonly Scale[];
  /** Never enlarged (the preview of the original). */
  noEnlarge?: boolean;
}

const STRIP_SLOTS = ['strip-98', 'strip-123', 'strip-144'] as const;

export const SLOTS = {
  icon: { width: 29, height: 29, fit: 'cover', scales: APPLE_SCALES },
  logo: { width: 160, height: 50, fit: 'inside', scales: APPLE_SCALES },
  'strip-98': { width: 375, height: 98, fit: 'cover', scales: APPLE_SCALES },
  'strip-123': { width: 375, height: 123, fit: 'cover', scales: APPLE_SCALES },
  'strip-144': { width: 375, height: 144, fit: 'cover', scales: APPLE_SCALES },
  thumbnail: { width: 90, height: 90, fit: 'inside', scales: APPLE_SCALES },
  background: { width: 180, height: 220, fit: 'cover', scales: APPLE_SCALES },
  // Google Wallet (google-wallet.md): a square logo of at least 660 px, masked to a circle, and a 1032×336 hero.
  'google-logo': { width: 660, height: 660, fit: 'contain', scales: [1] },
  'google-hero': { width: 1032, height: 336, fit: 'cover', scales: [1] },
  // What the admin UI shows of the upload itself.
  preview: { width: 1024, height: 1024, fit: 'inside', scales: [1], noEnlarge: true },
} as const satisfies Record<string, Slot>;

export type SlotName = keyof typeof SLOTS;
export const SLOT_NAMES = Object.keys(SLOTS) as SlotName[];

export const isSlotName = (name: string): name is SlotName => Object.hasOwn(SLOTS, name);

/** The Apple slot of `role` on a card of `kind`. */
export function appleSlot(role: ImageRole, kind: DesignKind): SlotName {
  if (role !== 'strip') return role;
  const slot = `strip-${pointBox('strip', kind).height}`;
  return STRIP_SLOTS.find((s) => s === slot) ?? 'strip-123';
}

/** Pixel size of a slot's box at `scale`. */
export function slotPixels(slot: SlotName, scale: Scale): { width: number; height: number } {
  const s = SLOTS[slot];
  return { width: s.width * scale, height: s.height * scale };
}
