import type { Tier } from '../loyalty/schemas.js';
import type { DesignContent, Field, Text } from '../passes/design/schema.js';
import { DEMO_STORES } from './stores-data.js';

/**
 * The demo brand: Maison Fauvette, a fictitious French chain of tea rooms (thés, cafés & pâtisseries). A tea room fits a
 * points card well: frequent small baskets in store, gift boxes online and at Christmas.
 */
export const BRAND = {
  name: 'Maison Fauvette',
  primaryColor: '#23453a',
  defaultLocale: 'fr',
  // Under example.fr like the customers' e-mails: a demo must never point at a domain someone could own.
  website: 'https://maison-fauvette.example.fr',
} as const;

/** The catalogue's categories; customers' zero-party preferences refer to these ids. */
export const CATEGORIES: readonly { id: string; label: Text }[] = [
  { id: 'the', label: { fr: 'Thés', en: 'Teas' } },
  { id: 'patisserie', label: { fr: 'Pâtisseries', en: 'Pastries' } },
  { id: 'cafe', label: { fr: 'Cafés', en: 'Coffees' } },
  { id: 'viennoiserie', label: { fr: 'Viennoiseries', en: 'Viennoiseries' } },
  { id: 'chocolat', label: { fr: 'Chocolats', en: 'Chocolates' } },
  { id: 'coffret', label: { fr: 'Coffrets cadeaux', en: 'Gift boxes' } },
  { id: 'accessoire', label: { fr: 'Théières et accessoires', en: 'Teapots and accessories' } },
];

/** Contact channels a customer may prefer, with their share among customers. */
export const CHANNELS: readonly { id: string; weight: number }[] = [
  { id: 'wallet', weight: 45 },
  { id: 'email', weight: 40 },
  { id: 'sms', weight: 15 },
];

export const TIER_THRESHOLDS = { silver: 500, gold: 1500 } as const;

/** The programme's tiers (loyalty/): customers hold them by the one tier rule on lifetime points. */
export const DEMO_TIERS: Tier[] = [
  { id: 'member', name: { fr: 'Membre', en: 'Member' }, threshold: 0 },
  { id: 'silver', name: { fr: 'Argent', en: 'Silver' }, threshold: TIER_THRESHOLDS.silver },
  { id: 'gold', name: { fr: 'Or', en: 'Gold' }, threshold: TIER_THRESHOLDS.gold },
];

/** What a customer spends points on at the till, and the bonus both sides of a referral receive. */
export const REWARD_COST_POINTS = 150;
export const REFERRAL_BONUS_POINTS = 50;

/** Values of the registered brand settings (server/settings/registry.ts). */
export const SETTINGS: Readonly<Record<string, unknown>> = {
  'brand.name': BRAND.name,
  'brand.primaryColor': BRAND.primaryColor,
  'brand.defaultLocale': BRAND.defaultLocale,
  'brand.website': BRAND.website,
  'customers.categories': CATEGORIES,
};

export const LOYALTY_DESIGN_NAME = 'Carte de fidélité Maison Fauvette';

const t = (fr: string, en: string = fr): Text => ({ fr, en });
const field = (key: string, label: Text, value: Text, changeMessage?: Text): Field =>
  changeMessage ? { key, label, value, changeMessage } : { key, label, value };
const cities = [...new Set(DEMO_STORES.map((s) => s.city))].join(', ');

/** The loyalty card, in the platform-neutral model; placeholders are filled per customer when a pass is built. */
export const LOYALTY_DESIGN: DesignContent = {
  kind: 'loyalty',
  brandName: BRAND.name,
  description: t(LOYALTY_DESIGN_NAME, `${BRAND.name} loyalty card`),
  colours: { background: '#23453a', foreground: '#ffffff', label: '#e9c98b' },
  images: {},
  fields: {
    header: [field('points', t('Points'), t('{{points}}'), t('Vous avez maintenant %@ points', 'You now have %@ points'))],
    primary: [field('member', t('Membre', 'Member'), t('{{firstName}} {{lastName}}'))],
    secondary: [field('tier', t('Statut', 'Status'), t('{{tier}}'), t('Votre nouveau statut : %@', 'Your new status: %@'))],
    auxiliary: [field('memberSince', t('Membre depuis', 'Member since'), t('{{memberSince}}'))],
    back: [
      field(
        'referral',
        t(`Parrainez un ami : ${REFERRAL_BONUS_POINTS} points chacun`, `Refer a friend: ${REFERRAL_BONUS_POINTS} points each`),
        t('{{referralUrl}}'),
      ),
      field(
        'terms',
        t('Conditions du programme', 'Programme terms'),
        t(
          `1 point par euro dépensé en boutique et en ligne. ${REWARD_COST_POINTS} points = une boisson chaude et une ` +
            'pâtisserie offertes. Statut Argent dès 500 points cumulés, Or dès 1 500 points. Carte personnelle, sans ' +
            'valeur monétaire.',
          `1 point per euro spent in store and online. ${REWARD_COST_POINTS} points = a hot drink and a pastry on us. ` +
            'Silver status from 500 lifetime points, Gold from 1,500. Personal card, no cash value.',
        ),
      ),
      field('stores', t('Nos maisons de thé', 'Our tea rooms'), t(cities)),
    ],
  },
  // The referral link: staff scanners read the customer from it, a friend's phone camera opens the enrolment page.
  barcode: { format: 'qr', message: '{{referralUrl}}', altText: '{{memberId}}' },
  links: [{ label: t('Notre site', 'Our website'), url: BRAND.website }],
  // Each tier's look; names and thresholds are the programme's (DEMO_TIERS).
  tiers: [
    { id: 'member' },
    { id: 'silver', colours: { background: '#c8cdd2', foreground: '#1b2630', label: '#4a5561' } },
    { id: 'gold', colours: { background: '#d9b45a', foreground: '#2b2112', label: '#5a4317' } },
  ],
  expiry: { kind: 'none' },
  message: { label: t('Message') },
};
