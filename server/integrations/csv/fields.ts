/**
 * What a customers or purchases file may hold, and the header names each field is recognised by (French and
 * English, compared without case, accents, spaces or punctuation) to suggest a mapping.
 */
import { headerKey } from './values.js';

export const CUSTOMER_FIELDS = [
  'email',
  'externalId',
  'firstName',
  'lastName',
  'phone',
  'birthday',
  'gender',
  'city',
  'postcode',
  'locale',
  'store',
  'consentMarketing',
] as const;
export const PURCHASE_FIELDS = ['customerEmail', 'customerExternalId', 'externalId', 'amount', 'purchasedAt', 'store', 'channel'] as const;
export type CustomerField = (typeof CUSTOMER_FIELDS)[number];
export type PurchaseField = (typeof PURCHASE_FIELDS)[number];
export type ImportKind = 'customers' | 'purchases';

export const REQUIRED: Record<ImportKind, readonly string[]> = {
  customers: ['email'],
  purchases: ['amount', 'purchasedAt'],
};

const SYNONYMS: Record<string, readonly string[]> = {
  email: ['email', 'e-mail', 'mail', 'courriel', 'adresse e-mail', 'adresse email', 'email address'],
  externalId: ['external id', 'id client', 'customer id', 'identifiant', 'identifiant client', 'client id', 'code client', 'numero client'],
  firstName: ['prénom', 'first name', 'firstname', 'given name'],
  lastName: ['nom', 'nom de famille', 'last name', 'lastname', 'surname', 'family name'],
  phone: ['téléphone', 'telephone', 'tel', 'phone', 'mobile', 'portable', 'phone number'],
  birthday: ['date de naissance', 'naissance', 'anniversaire', 'birthday', 'birth date', 'date of birth', 'birthdate'],
  gender: ['civilité', 'civilite', 'sexe', 'genre', 'gender', 'title'],
  city: ['ville', 'city', 'town', 'commune'],
  postcode: ['code postal', 'cp', 'postcode', 'postal code', 'zip', 'zip code'],
  locale: ['langue', 'language', 'locale', 'lang'],
  store: ['magasin', 'magasin préféré', 'boutique', 'store', 'preferred store', 'shop', 'point de vente'],
  consentMarketing: ['consentement', 'optin', 'opt-in', 'newsletter', 'consent', 'marketing', 'accepte marketing', 'consent marketing'],
  customerEmail: ['email', 'e-mail', 'mail', 'courriel', 'email client', 'customer email'],
  customerExternalId: ['id client', 'customer id', 'code client', 'identifiant client', 'client id', 'customer external id'],
  purchaseExternalId: ['external id', 'n° commande', 'numero commande', 'commande', 'order id', 'order', 'ticket', 'n° ticket', 'numero ticket', 'transaction id', 'reference', 'référence'],
  amount: ['montant', 'montant ttc', 'total', 'total ttc', 'amount', 'prix', 'price'],
  purchasedAt: ['date', "date d'achat", 'date achat', 'purchased at', 'purchase date', 'order date', 'date commande'],
  channel: ['canal', 'channel', 'source'],
};

/** For each field that a header names, the first such header. */
export function suggestMapping(kind: ImportKind, headers: readonly string[]): Record<string, string> {
  const keys = headers.map(headerKey);
  const fields: readonly string[] = kind === 'customers' ? CUSTOMER_FIELDS : PURCHASE_FIELDS;
  const out: Record<string, string> = {};
  const taken = new Set<number>();
  for (const field of fields) {
    const names = SYNONYMS[kind === 'purchases' && field === 'externalId' ? 'purchaseExternalId' : field] ?? [];
    const i = keys.findIndex((k, idx) => !taken.has(idx) && names.some((n) => headerKey(n) === k));
    if (i < 0) continue;
    out[field] = headers[i]!;
    taken.add(i);
  }
  return out;
}
