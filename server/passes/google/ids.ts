/**
 * Google Wallet resource ids are `<issuerId>.<suffix>`, unique per issuer across all classes (and across all
 * objects), with suffixes of [A-Za-z0-9._-] (google-wallet.md §1.2). Ours carry a namespace drawn once per database,
 * so that two installs sharing an issuer account (a demo and the shop's own) never overwrite each other's classes.
 */

/** Issuer ids are int64 numbers given by Google. */
export const ISSUER_ID = /^[0-9]{1,19}$/;
export const NAMESPACE = /^[a-z0-9]{4,16}$/;
const SUFFIX = /^[A-Za-z0-9._-]{1,200}$/;

export type Vertical = 'loyalty' | 'offer' | 'giftCard' | 'eventTicket' | 'generic';

export const isIssuerId = (value: string): boolean => ISSUER_ID.test(value);

/** Anything outside Google's alphabet becomes `_`; the result is never empty. */
export function safeSuffix(raw: string): string {
  const cleaned = raw.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 200);
  return cleaned === '' ? '_' : cleaned;
}

function resourceId(issuerId: string, suffix: string): string {
  if (!ISSUER_ID.test(issuerId)) throw new Error(`not a Google issuer id: ${issuerId}`);
  if (!SUFFIX.test(suffix)) throw new Error(`not a safe Google id suffix: ${suffix}`);
  return `${issuerId}.${suffix}`;
}

/** The class of a design, or of one tier's look of it. Tier ids are [a-z0-9_-] already. */
export function classIdOf(issuerId: string, namespace: string, designId: number, tier?: string): string {
  return resourceId(issuerId, safeSuffix(`${namespace}_d${designId}${tier ? `_${tier}` : ''}`));
}

/** One object per customer card: its pass serial (base64url, already in Google's alphabet). */
export function objectIdOf(issuerId: string, namespace: string, serial: string): string {
  return resourceId(issuerId, safeSuffix(`${namespace}_${serial}`));
}

/** REST collection names per vertical: `loyaltyClass`, `offerObject`… */
export const classCollection = (v: Vertical): string => `${v}Class`;
export const objectCollection = (v: Vertical): string => `${v}Object`;

/** The save JWT's payload keys: `loyaltyObjects`, `giftCardObjects`… */
export const payloadObjectsKey = (v: Vertical): string => `${v}Objects`;
export const payloadClassesKey = (v: Vertical): string => `${v}Classes`;
