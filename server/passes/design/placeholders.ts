/**
 * `{{name}}` placeholders in design texts, bound to customer data when a pass is built. The catalogue is closed: an
 * unknown name is a design error rather than a blank on a customer's card.
 */
import type { Locale, Text } from './schema.js';

export const PLACEHOLDER_NAMES = [
  'firstName',
  'lastName',
  'fullName',
  'points',
  'tier',
  'memberId',
  'referralUrl',
  'referralCode',
  'memberSince',
  'email',
  'brandName',
  'storeName',
] as const;
export type PlaceholderName = (typeof PLACEHOLDER_NAMES)[number];

export const PLACEHOLDER_DESCRIPTIONS: Record<PlaceholderName, Text> = {
  firstName: { fr: 'Prénom du client', en: "Customer's first name" },
  lastName: { fr: 'Nom du client', en: "Customer's last name" },
  fullName: { fr: 'Prénom et nom', en: 'First and last name' },
  points: { fr: 'Solde de points', en: 'Points balance' },
  tier: { fr: 'Statut de fidélité (Membre, Argent, Or…)', en: 'Loyalty tier (Member, Silver, Gold…)' },
  memberId: { fr: 'Numéro de membre (encodé dans le code-barres)', en: 'Member number (encoded in the barcode)' },
  referralUrl: { fr: 'Lien de parrainage personnel', en: 'Personal referral link' },
  referralCode: { fr: 'Code de parrainage', en: 'Referral code' },
  memberSince: { fr: "Mois et année d'inscription", en: 'Month and year of enrolment' },
  email: { fr: 'Adresse e-mail', en: 'Email address' },
  brandName: { fr: 'Nom de la marque', en: 'Brand name' },
  storeName: { fr: 'Boutique préférée (sinon la marque)', en: 'Preferred store (else the brand)' },
};

const KNOWN = new Set<string>(PLACEHOLDER_NAMES);
const TOKEN = /\{\{\s*([^{}]*?)\s*\}\}/g;

export const isPlaceholderName = (name: string): name is PlaceholderName => KNOWN.has(name);

export interface ParsedTemplate {
  /** Every placeholder name used, in order of appearance, without duplicates. */
  names: string[];
  unknown: string[];
  /** A `{{` with no matching `}}`: the text would show braces on the card. */
  unclosed: boolean;
}

export function parseTemplate(template: string): ParsedTemplate {
  const names: string[] = [];
  for (const m of template.matchAll(TOKEN)) {
    const name = m[1] ?? '';
    if (!names.includes(name)) names.push(name);
  }
  const rest = template.replace(TOKEN, '');
  return { names, unknown: names.filter((n) => !KNOWN.has(n)), unclosed: rest.includes('{{') || rest.includes('}}') };
}

export type PlaceholderValues = Record<PlaceholderName, string>;

/** Unknown placeholders render as nothing: validation has already refused them, and braces never reach a card. */
export function renderText(template: string, data: Readonly<Partial<PlaceholderValues>>): string {
  if (!template.includes('{{')) return template;
  return template.replace(TOKEN, (_, name: string) => (isPlaceholderName(name) ? (data[name] ?? '') : ''));
}

/** The customer facts a card can show; formatting per language happens in placeholderValues. */
export interface CardCustomer {
  firstName: string;
  lastName: string;
  email: string | null;
  points: number;
  /** Tier id (member, silver, gold…); shown through its name. */
  tier: string;
  /** The loyalty programme's name of the tier, per language. */
  tierLabel?: Text;
  memberId: string;
  referralCode: string;
  referralUrl: string;
  /** The customer's own preferences page (what they receive, a pause, stop all): linked on the back of every card. */
  preferencesUrl?: string;
  /** Enrolment time, epoch ms. */
  memberSince: number;
  storeName: string | null;
}

export interface PlaceholderContext {
  brandName: string;
  locale: Locale;
  /** The tier's name when the customer carries none; the tier id is shown when neither has one. */
  tierLabel?: Text | undefined;
}

const LOCALE_TAGS: Record<Locale, string> = { fr: 'fr-FR', en: 'en-GB' };

// Intl formatters cost ~0.1 ms each to create; a fan-out formats these for every pass of a design.
const pointsFormats = new Map<Locale, Intl.NumberFormat>();
const monthFormats = new Map<Locale, Intl.DateTimeFormat>();

export function formatPoints(points: number, locale: Locale): string {
  let format = pointsFormats.get(locale);
  if (!format) pointsFormats.set(locale, (format = new Intl.NumberFormat(LOCALE_TAGS[locale], { maximumFractionDigits: 0 })));
  return format.format(points);
}

export function formatMemberSince(at: number, locale: Locale): string {
  let format = monthFormats.get(locale);
  if (!format) monthFormats.set(locale, (format = new Intl.DateTimeFormat(LOCALE_TAGS[locale], { month: 'long', year: 'numeric', timeZone: 'UTC' })));
  return format.format(at);
}

export function placeholderValues(customer: CardCustomer, ctx: PlaceholderContext): PlaceholderValues {
  const label = customer.tierLabel ?? ctx.tierLabel;
  const tierText = label ? label[ctx.locale] || label.fr || label.en : '';
  return {
    firstName: customer.firstName,
    lastName: customer.lastName,
    fullName: `${customer.firstName} ${customer.lastName}`.trim(),
    points: formatPoints(customer.points, ctx.locale),
    tier: tierText || customer.tier,
    memberId: customer.memberId,
    referralUrl: customer.referralUrl,
    referralCode: customer.referralCode,
    memberSince: formatMemberSince(customer.memberSince, ctx.locale),
    email: customer.email ?? '',
    brandName: ctx.brandName,
    storeName: customer.storeName || ctx.brandName,
  };
}

/** A believable customer for previews and the placeholder list; the referral link uses the brand's website. */
export function sampleCustomer(brand: { name: string; website?: string | undefined }): CardCustomer {
  const base = brand.website ? brand.website.replace(/\/+$/, '') : 'https://exemple.fr';
  return {
    firstName: 'Camille',
    lastName: 'Martin',
    email: 'camille.martin@exemple.fr',
    points: 1250,
    tier: 'silver',
    tierLabel: { fr: 'Argent', en: 'Silver' },
    memberId: 'M-004217',
    referralCode: 'CAMILLE42',
    referralUrl: `${base}/parrainage/CAMILLE42`,
    memberSince: Date.UTC(2024, 2, 14),
    storeName: `${brand.name} Centre`,
  };
}
